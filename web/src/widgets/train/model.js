// model.js — the training lab without a DOM: experiment presets (the headless experiments of
// bench/experiments scaled to about a minute in a page), the plan of runs (one per positional
// encoding or cell × seed), one run's training session (steps, held-out loss, the length
// evaluation, attention for the model view), and the summary of finished runs: the length chart's
// table and a sentence computed from its numbers. The same code runs in a Web Worker, on the
// page's main thread (the fallback) and in Node (tests/node/widget-train.test.mjs).
import { dropStep, inductionScores, settings as inductionSettings } from '../../../../bench/experiments/induction.mjs';
import { settings as copySettings } from '../../../../bench/experiments/copy-lengths.mjs';
import { settings as lmSettings, POSENCS } from '../../../../bench/experiments/lm-lengths.mjs';
import { settings as memorySettings } from '../../../../bench/experiments/rnn-memory.mjs';
import { corpusSplit, textBatches, textTask } from '../../../../bench/experiments/tasks.mjs';
import { HELD_OUT, taskSeed, TRAIN } from '../../../../bench/experiments/util.mjs';

export { dropStep, inductionScores, POSENCS };
export const PRESETS = ['lm-lengths', 'copy-lengths', 'rnn-memory', 'induction', 'custom'];
export const TASKS = ['copy', 'reverse', 'text', 'induction', 'parity'];
export const CELLS = ['rnn', 'lstm', 'gru'];

/**
 * The settings of a preset: the experiment's own (settings(false)) with the steps, seeds and
 * longest test length cut so that every run together takes about a minute on two cores in a page.
 * `quick` gives a run of a few seconds (tests, BENCH_QUICK).
 */
export function presetSettings(name, { quick = false } = {}) {
  if (name === 'lm-lengths') {
    const S = lmSettings(false);
    return {
      preset: name,
      task: 'text',
      kind: 'transformer',
      encodings: [...POSENCS],
      layers: S.layers,
      dModel: S.dModel,
      heads: S.heads,
      dFF: S.dFF,
      lr: S.lr,
      weightDecay: 0.1,
      batch: S.batch,
      minLen: quick ? 16 : 16,
      maxLen: 16,
      testLengths: quick ? [16, 32] : [16, 32, 64, 128],
      steps: quick ? 60 : S.steps,
      seeds: quick ? 1 : 2,
      evalBatch: quick ? 4 : 8,
    };
  }
  if (name === 'copy-lengths') {
    const S = copySettings(false);
    return {
      preset: name,
      task: 'copy',
      kind: 'transformer',
      encodings: quick ? ['rope', 'learned'] : [...POSENCS],
      layers: S.layers,
      dModel: S.dModel,
      heads: S.heads,
      dFF: S.dFF,
      lr: S.lr,
      weightDecay: 0.01,
      batch: S.batch,
      minLen: 1,
      maxLen: S.L,
      testLengths: quick ? [8, 16] : S.lengths,
      steps: quick ? 150 : S.steps,
      seeds: quick ? 1 : 2,
      evalBatch: quick ? 16 : S.evalBatch,
    };
  }
  if (name === 'rnn-memory') {
    const S = memorySettings(false);
    return {
      preset: name,
      task: 'parity',
      kind: 'recurrent',
      encodings: [...CELLS],
      dModel: S.dModel,
      hidden: S.hidden,
      layers: 1,
      heads: 1,
      dFF: 1,
      lr: S.lr,
      weightDecay: 0,
      batch: S.batch,
      minLen: 0,
      maxLen: 0,
      testLengths: quick ? [4, 8] : S.lengths,
      steps: quick ? 100 : 300,
      seeds: quick ? 1 : 2,
      evalBatch: quick ? 64 : S.evalBatch,
    };
  }
  if (name === 'induction') {
    const S = inductionSettings(false);
    return {
      preset: name,
      task: 'induction',
      kind: 'transformer',
      encodings: [S.posenc],
      layers: S.layers,
      dModel: S.dModel,
      heads: S.heads,
      dFF: S.dFF,
      lr: S.lr,
      weightDecay: 0.01,
      batch: S.batch,
      minLen: S.minLen,
      maxLen: S.n,
      symbols: S.symbols,
      testLengths: quick ? [S.n] : [S.n, 2 * S.n],
      steps: quick ? 150 : S.steps,
      seeds: quick ? 1 : 2,
      evalBatch: S.evalBatch,
    };
  }
  // custom starts from the copy preset at a smaller size
  return {
    ...presetSettings('copy-lengths', { quick }),
    preset: 'custom',
    encodings: ['rope', 'alibi', 'learned'],
    steps: quick ? 100 : 300,
    seeds: 1,
  };
}

/** 'exact' (exact match, higher is better), 'accuracy' (parity) or 'loss' (per token, lower is better). */
export const metricOf = (s) =>
  s.task === 'text' ? 'loss' : s.task === 'parity' ? 'accuracy' : s.task === 'induction' ? 'loss' : 'exact';

/**
 * The runs of an experiment: one per encoding (or recurrent cell) × seed; for parity one per cell
 * × test length × seed (each net is trained at the distance it is tested on, as in rnn-memory).
 * Every spec is plain data, so it crosses to a worker as it is.
 */
export function planRuns(s) {
  const runs = [];
  const seeds = Array.from({ length: s.seeds }, (_, i) => i + 1);
  for (const enc of s.encodings) {
    const lengths = s.task === 'parity' ? s.testLengths : [null];
    for (const n of lengths) {
      for (const seed of seeds) {
        runs.push({ id: runs.length, group: enc, seed, n, settings: s });
      }
    }
  }
  return runs;
}

const symbolsOf = (s) => (s.task === 'induction' ? { symbols: s.symbols ?? 32 } : {});

/** The task's batch of step i (purpose TRAIN) or of held-out index i (purpose HELD_OUT). */
function batchMaker(sl, s, run) {
  if (s.task === 'text') {
    const next = textBatches(sl, { batch: s.batch, T: s.maxLen, seed: taskSeed(run.seed, TRAIN), split: 'train' });
    const held = (i, T = s.maxLen, batch = s.evalBatch) =>
      textTask(sl, { batch, T, seed: taskSeed(0, HELD_OUT, T * 1000 + i), split: 'heldout' });
    return { next, held };
  }
  if (s.task === 'parity') {
    const make = (seed, batch) => sl.makeTask('parity', { batch, minLen: run.n, maxLen: run.n, seed, finalOnly: true });
    return {
      next: (i) => make(taskSeed(run.seed, TRAIN, i), s.batch),
      held: (i, n = run.n, batch = s.evalBatch) =>
        sl.makeTask('parity', {
          batch,
          minLen: n,
          maxLen: n,
          seed: taskSeed(0, HELD_OUT, n * 1000 + i),
          finalOnly: true,
        }),
    };
  }
  const opts = { minLen: s.minLen, maxLen: s.maxLen, ...symbolsOf(s) };
  return {
    next: (i) => sl.makeTask(s.task, { batch: s.batch, ...opts, seed: taskSeed(run.seed, TRAIN, i) }),
    // a test length n: rows of exactly n (induction: minLen 2 .. n, as in training)
    held: (i, n = null, batch = s.evalBatch) =>
      sl.makeTask(s.task, {
        batch,
        ...symbolsOf(s),
        minLen: n === null ? s.minLen : s.task === 'induction' ? s.minLen : n,
        maxLen: n === null ? s.maxLen : n,
        seed: taskSeed(0, HELD_OUT, (n ?? 0) * 1000 + i),
      }),
  };
}

/** The model config of a run (vocab and training length from the task's first batch). */
export function modelConfig(s, run, first) {
  if (s.kind === 'recurrent')
    return { kind: run.group, vocab: first.vocab, dModel: s.dModel, hidden: s.hidden, seed: run.seed };
  return {
    kind: 'transformer',
    vocab: first.vocab,
    maxLen: first.T,
    layers: s.layers,
    dModel: s.dModel,
    heads: s.heads,
    dFF: s.dFF,
    posenc: run.group,
    seed: run.seed,
  };
}

/**
 * One run's training session. step(n) trains n more steps; the curves grow by one train loss per
 * step and one held-out loss every `evalEvery` steps. lengthEval() measures the metric at every
 * test length (null where the model has no positions: 'learned' past its table).
 */
export class TrainingRun {
  constructor(sl, run, { model = null } = {}) {
    this.sl = sl;
    this.run = run;
    const s = (this.s = run.settings);
    this.data = batchMaker(sl, s, run);
    this.first = this.data.next(0);
    this.model = model ?? sl.createModel(modelConfig(s, run, this.first));
    this.opt = { lr: s.lr, weightDecay: s.weightDecay, clip: 1 };
    this.heldBatch = this.data.held(0);
    this.evalEvery = Math.max(10, Math.round(s.steps / 30));
    this.steps = 0;
    this.losses = [];
    this.gradNorms = [];
    this.held = []; // [{step, loss}]
    this.ms = 0;
  }

  get done() {
    return this.steps >= this.s.steps;
  }

  /** Trains up to n steps (fewer at the end); returns the number done. */
  step(n = 1) {
    const t0 = performance.now();
    let k = 0;
    while (k < n && !this.done) {
      const r = this.model.step(this.steps === 0 ? this.first : this.data.next(this.steps), this.opt);
      this.losses.push(r.loss);
      this.gradNorms.push(r.gradNorm);
      this.steps++;
      k++;
      if (this.steps % this.evalEvery === 0 || this.done)
        this.held.push({ step: this.steps, loss: this.model.evaluate(this.heldBatch).loss });
    }
    this.ms += performance.now() - t0;
    return k;
  }

  /** The metric at each test length: {length, value} (value null where it does not apply). */
  lengthEval() {
    const s = this.s;
    const metric = metricOf(s);
    const lengths = s.task === 'parity' ? [this.run.n] : s.testLengths;
    const trainT = this.first.T;
    return lengths.map((n) => {
      const b = this.data.held(1, n);
      if (this.run.group === 'learned' && b.T > trainT) return { length: n, value: null };
      const e = this.model.evaluate(b);
      const value = metric === 'loss' ? e.loss : metric === 'accuracy' ? e.tokenAccuracy : e.exactMatch;
      return { length: n, value };
    });
  }

  /**
   * Attention of the current model on the tokens given (null for a recurrent net):
   * {layers, heads, T, weights: layers×heads×T×T}, and for the induction task every head's score
   * on a held-out batch.
   */
  attention(tokens) {
    if (this.s.kind === 'recurrent') return null;
    const c = this.model.config;
    const T = Math.min(tokens.length, c.posenc === 'learned' ? c.maxLen : 256);
    const r = this.model.forward({ tokens: Int32Array.from(tokens.slice(0, T)), batch: 1, T });
    const out = {
      layers: c.layers,
      heads: c.heads,
      T,
      weights: r.attention,
      scores: null,
      tokens: Array.from(tokens.slice(0, T)),
    };
    if (this.s.task === 'induction') {
      const b = this.heldBatch;
      const a = this.model.forward({ tokens: b.tokens, batch: b.batch, T: b.T }).attention;
      out.scores = inductionScores(b.tokens, a, {
        layers: c.layers,
        batch: b.batch,
        heads: c.heads,
        T: b.T,
        mask: b.lossMask,
      });
    }
    return out;
  }

  /** A sequence of the task to show in the model view: the first held-out row, padding cut. */
  sampleTokens() {
    const b = this.heldBatch;
    const n = b.meta?.lengths?.[0];
    const T =
      this.s.task === 'text' ? b.T : this.s.task === 'induction' ? 2 * n : this.s.task === 'parity' ? n : 2 * n + 1;
    return Array.from(b.tokens.subarray(0, Math.min(b.T, T || b.T)));
  }

  /** The state sent with every progress message (numbers only). */
  progress() {
    return {
      id: this.run.id,
      steps: this.steps,
      total: this.s.steps,
      losses: this.losses.slice(),
      held: this.held.slice(),
      ms: this.ms,
    };
  }

  dispose() {
    this.model.dispose();
  }
}

/** Characters of the text task (id → character), for labelling tokens in the model view. */
export function vocabularyLabels(sl, s, vocab) {
  if (s.task === 'text') return corpusSplit(sl).chars.split('');
  if (s.task === 'parity') return ['0', '1', 'pad'].slice(0, vocab);
  return Array.from({ length: vocab }, (_, i) => String(i));
}

/** Mean, standard deviation (sample), min and max of the non-null values; null if none. */
export function spread(values) {
  const xs = values.filter((x) => x !== null && x !== undefined && Number.isFinite(x));
  if (!xs.length) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, std, min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/**
 * The length chart from finished runs: rows {group, length, mean, std, min, max, n} (mean null
 * where no run of the group has a number at that length), one line per group.
 * results: [{run, lengths: [{length, value}]}].
 */
export function lengthTable(s, results) {
  const groups = [...new Set(results.map((r) => r.run.group))];
  const lengths = [...new Set(results.flatMap((r) => r.lengths.map((x) => x.length)))].sort((a, b) => a - b);
  const rows = [];
  for (const group of groups) {
    for (const length of lengths) {
      const vals = results
        .filter((r) => r.run.group === group)
        .flatMap((r) => r.lengths.filter((x) => x.length === length).map((x) => x.value));
      if (!vals.length) continue;
      const sp = spread(vals);
      rows.push({
        group,
        length,
        mean: sp?.mean ?? null,
        std: sp?.std ?? null,
        min: sp?.min ?? null,
        max: sp?.max ?? null,
        n: sp?.n ?? 0,
      });
    }
  }
  return rows;
}

/**
 * The sentence under the length chart, as a template key and its values, computed from the table:
 * which group is best at the training length and which is best at the longest test length, and by
 * how much each one's metric changes from the one to the other.
 */
export function summarySentence(s, table) {
  if (!table.length) return null;
  const metric = metricOf(s);
  const better = metric === 'loss' ? (a, b) => a < b : (a, b) => a > b;
  const lengths = [...new Set(table.map((r) => r.length))].sort((a, b) => a - b);
  const trainLen = s.task === 'parity' ? lengths[0] : (lengths.find((n) => n >= s.maxLen) ?? lengths[0]);
  const longest = lengths[lengths.length - 1];
  const at = (n) => table.filter((r) => r.length === n && r.mean !== null);
  const best = (rows) => rows.reduce((a, b) => (a === null || better(b.mean, a.mean) ? b : a), null);
  const b0 = best(at(trainLen)),
    b1 = best(at(longest));
  if (!b0 || !b1) return null;
  const of = (group, n) => at(n).find((r) => r.group === group)?.mean ?? null;
  const worst = at(longest).reduce((a, b) => (a === null || better(a.mean, b.mean) ? b : a), null);
  const missing = [...new Set(table.filter((r) => r.length === longest && r.mean === null).map((r) => r.group))];
  return {
    key: s.task === 'parity' ? 'summaryParity' : trainLen === longest ? 'summaryOne' : 'summary',
    vars: {
      metric,
      trainLen,
      longest,
      best0: b0.group,
      value0: b0.mean,
      best1: b1.group,
      value1: b1.mean,
      best1At0: of(b1.group, trainLen),
      worst1: worst?.group ?? null,
      worstValue1: worst?.mean ?? null,
      missing,
    },
  };
}

/**
 * Trains every run of the plan on this thread, one after another (Node tests; the page uses the
 * runner). Returns {runs, curves, results, table, sentence}.
 */
export function trainAll(sl, s, { onProgress = () => {} } = {}) {
  const runs = planRuns(s);
  const curves = [],
    results = [];
  for (const run of runs) {
    const tr = new TrainingRun(sl, run);
    try {
      while (!tr.done) {
        tr.step(Math.max(1, Math.round(s.steps / 10)));
        onProgress(tr.progress());
      }
      curves.push({
        run,
        ...tr.progress(),
        gradNorms: tr.gradNorms.slice(),
        dropStep: s.task === 'induction' ? dropStep(tr.losses) : null,
      });
      results.push({ run, lengths: tr.lengthEval() });
    } finally {
      tr.dispose();
    }
  }
  const table = lengthTable(s, results);
  return { runs, curves, results, table, sentence: summarySentence(s, table) };
}
