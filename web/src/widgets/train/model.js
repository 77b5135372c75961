// model.js — the training lab without a DOM: experiment presets (the headless experiments of
// bench/experiments scaled to about a minute in a page), the plan of runs (one per positional
// encoding or cell × seed), one run's training session (steps, held-out loss, the length
// evaluation, attention for the model view, the gradient norm through time of recurrent nets), and
// the summary of finished runs: the length chart's table, the gradient chart's table and sentences
// computed from their numbers. The same code runs in a Web Worker, on the
// page's main thread (the fallback) and in Node (tests/node/widget-train.test.mjs).
import { dropStep, inductionScores, settings as inductionSettings } from '../../../../bench/experiments/induction.mjs';
import { settings as copySettings } from '../../../../bench/experiments/copy-lengths.mjs';
import { settings as lmSettings, POSENCS } from '../../../../bench/experiments/lm-lengths.mjs';
import { settings as memorySettings } from '../../../../bench/experiments/rnn-memory.mjs';
import { corpusSplit, recallBatch, textBatches, textTask } from '../../../../bench/experiments/tasks.mjs';
import { HELD_OUT, taskSeed, TRAIN } from '../../../../bench/experiments/util.mjs';

export { dropStep, inductionScores, POSENCS };
export const PRESETS = ['lm-lengths', 'copy-lengths', 'rnn-memory', 'induction', 'custom'];
export const TASKS = ['copy', 'reverse', 'text', 'induction', 'recall', 'parity'];
export const CELLS = ['rnn', 'lstm', 'gru'];
/**
 * Tasks read out at the last of n bits (rnn-memory): recall (the first bit, over n − 1 distractor
 * bits) and parity (of all n bits). They train recurrent cells, one net per distance n.
 */
export const isDistanceTask = (task) => task === 'recall' || task === 'parity';
/** A run's group is a recurrent cell (rnn, lstm, gru) or a Transformer's positional encoding. */
export const isCell = (group) => CELLS.includes(group);

/** What a preset takes from its experiment's settings S as they are: sizes, learning rate, batch. */
const fromExperiment = (S) => ({
  layers: S.layers,
  dModel: S.dModel,
  heads: S.heads,
  dFF: S.dFF,
  lr: S.lr,
  batch: S.batch,
});

/**
 * The settings of a preset: the experiment's own (settings(false)): model sizes, optimiser, step
 * counts. The page trains 2 seeds (rnn-memory 3) instead of 3, and lm-lengths a context of 16 tested
 * to 8× instead of 32 to 16×; each default run takes about a minute on two cores (README).
 * `quick` gives a run of a few seconds (tests, BENCH_QUICK).
 */
export function presetSettings(name, { quick = false } = {}) {
  const q = (short, full) => (quick ? short : full);
  if (name === 'lm-lengths') {
    const S = lmSettings(false);
    return {
      preset: name,
      task: 'text',
      kind: 'transformer',
      encodings: [...POSENCS],
      ...fromExperiment(S),
      weightDecay: 0.1,
      minLen: 16,
      maxLen: 16,
      testLengths: q([16, 32], [16, 32, 64, 128]),
      steps: q(60, S.steps),
      seeds: q(1, 2),
      evalBatch: q(4, 8),
    };
  }
  if (name === 'copy-lengths') {
    const S = copySettings(false);
    return {
      preset: name,
      task: 'copy',
      kind: 'transformer',
      encodings: q(['rope', 'learned'], [...POSENCS]),
      ...fromExperiment(S),
      weightDecay: 0.01,
      minLen: 1,
      maxLen: S.L,
      testLengths: q([8, 16], S.lengths),
      steps: q(150, S.steps),
      seeds: q(1, 2),
      evalBatch: q(16, S.evalBatch),
    };
  }
  if (name === 'rnn-memory') {
    // the three cells and, as in the headless experiment, a small Transformer (RoPE) beside them
    const S = memorySettings(false);
    const { posenc, ...transformer } = S.tf;
    return {
      preset: name,
      task: 'recall',
      kind: 'recurrent',
      encodings: [...CELLS, posenc],
      ...fromExperiment({ ...S, layers: 1, heads: 1, dFF: 1 }),
      hidden: S.hidden,
      transformer,
      weightDecay: 0,
      minLen: 0,
      maxLen: 0,
      testLengths: q([4, 8], S.recallLengths),
      steps: q(100, S.steps),
      seeds: q(1, 3),
      evalBatch: q(64, S.evalBatch),
    };
  }
  if (name === 'induction') {
    const S = inductionSettings(false);
    return {
      preset: name,
      task: 'induction',
      kind: 'transformer',
      encodings: [S.posenc],
      ...fromExperiment(S),
      weightDecay: 0.01,
      minLen: S.minLen,
      maxLen: S.n,
      symbols: S.symbols,
      testLengths: q([S.n], [S.n, 2 * S.n]),
      steps: q(150, S.steps),
      seeds: q(1, 2),
      evalBatch: S.evalBatch,
    };
  }
  // custom starts from the copy preset at a smaller size
  return {
    ...presetSettings('copy-lengths', { quick }),
    preset: 'custom',
    encodings: ['rope', 'alibi', 'learned'],
    steps: q(100, 300),
    seeds: 1,
  };
}

/** 'exact' (exact match, higher is better), 'accuracy' (recall, parity) or 'loss' (per token, lower is better). */
export const metricOf = (s) =>
  s.task === 'text' || s.task === 'induction' ? 'loss' : isDistanceTask(s.task) ? 'accuracy' : 'exact';

/**
 * The runs of an experiment: one per encoding (or recurrent cell) × seed.
 * Every spec is plain data, so it crosses to a worker as it is.
 * For recall and parity: one run per cell × test length × seed (each net is trained at the
 * distance it is tested on, as in rnn-memory).
 */
export function planRuns(s) {
  const runs = [];
  const seeds = Array.from({ length: s.seeds }, (_, i) => i + 1);
  for (const enc of s.encodings) {
    const lengths = isDistanceTask(s.task) ? s.testLengths : [null];
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
  if (isDistanceTask(s.task)) {
    // recall: the bits of makeTask('parity'), target the first bit at the last position
    const make = (seed, batch, n) =>
      s.task === 'recall'
        ? recallBatch(sl, { batch, n, seed })
        : sl.makeTask('parity', { batch, minLen: n, maxLen: n, seed, finalOnly: true });
    return {
      next: (i) => make(taskSeed(run.seed, TRAIN, i), s.batch, run.n),
      held: (i, n = run.n, batch = s.evalBatch) => make(taskSeed(0, HELD_OUT, n * 1000 + i), batch, n),
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

/**
 * The model config of a run (vocab and training length from the task's first batch): a recurrent
 * net for a cell, else a Transformer with the group as its positional encoding (sized by
 * s.transformer where the experiment gives the Transformer sizes of its own).
 */
export function modelConfig(s, run, first) {
  if (isCell(run.group))
    return { kind: run.group, vocab: first.vocab, dModel: s.dModel, hidden: s.hidden, seed: run.seed };
  const size = s.transformer ?? s;
  return {
    kind: 'transformer',
    vocab: first.vocab,
    maxLen: first.T,
    layers: size.layers,
    dModel: size.dModel,
    heads: size.heads,
    dFF: size.dFF,
    posenc: run.group,
    seed: run.seed,
  };
}

/**
 * Adds b to the forget gate's input bias of an LSTM (rows hidden..2·hidden of cell.bIh, gate order
 * i, f, g, o) after the core's initialisation: the common remedy for an LSTM that forgets (Gers et
 * al. 2000; Jozefowicz et al. 2015 use b = 1). The core's seeded init is kept underneath.
 */
export function shiftForgetBias(model, b) {
  const entry = model.paramLayout.find((p) => p.name === 'cell.bIh');
  const hidden = model.config.hidden;
  const p = model.getParams();
  for (let i = hidden; i < 2 * hidden; i++) p[entry.offset + i] += b;
  model.setParams(p);
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
    if (!model) {
      this.model = sl.createModel(modelConfig(s, run, this.first));
      if (run.group === 'lstm' && s.forgetBias) shiftForgetBias(this.model, s.forgetBias);
    } else this.model = model;
    this.opt = { lr: s.lr, weightDecay: s.weightDecay, clip: 1 };
    this.heldBatch = this.data.held(0);
    this.evalEvery = Math.max(10, Math.round(s.steps / 30));
    this.steps = 0;
    this.losses = [];
    this.gradNorms = [];
    this.held = []; // [{step, loss}]
    this.ms = 0;
    // recurrent nets: ‖∂loss/∂h_t‖ on the held-out batch for t = 0..n−1, before training (the
    // trained one is measured in result())
    this.untrainedGrad = isCell(run.group) ? this.gradThroughTime() : null;
  }

  /** ‖∂loss/∂h_t‖, t = 0..T−1, mean over the held-out rows (model.gradNormThroughTime). */
  gradThroughTime() {
    return Array.from(this.model.gradNormThroughTime(this.heldBatch).dhNorm);
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
    const lengths = isDistanceTask(s.task) ? [this.run.n] : s.testLengths;
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
    if (isCell(this.run.group)) return null;
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
      this.s.task === 'text' ? b.T : this.s.task === 'induction' ? 2 * n : isDistanceTask(this.s.task) ? n : 2 * n + 1;
    return Array.from(b.tokens.subarray(0, Math.min(b.T, T || b.T)));
  }

  /**
   * Everything a finished run reports (the worker's 'done' message and the main-thread fallback's):
   * curves, the metric at every test length, the induction loss drop and, for recurrent nets, the
   * gradient norm through time before and after training.
   */
  result() {
    return {
      lengths: this.lengthEval(),
      losses: this.losses,
      held: this.held,
      gradNorms: this.gradNorms,
      dropStep: this.s.task === 'induction' ? dropStep(this.losses) : null,
      memory: this.untrainedGrad ? { untrained: this.untrainedGrad, trained: this.gradThroughTime() } : null,
      ms: this.ms,
    };
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
  if (isDistanceTask(s.task)) return ['0', '1', 'pad'].slice(0, vocab);
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
 * how much each one's metric changes from the one to the other; groups that tie are all named, and
 * a longest length where all groups tie, or where one group alone has a number, gets its own
 * sentence (no best or worst to name).
 */
export function summarySentence(s, table) {
  if (!table.length) return null;
  const metric = metricOf(s);
  const better = metric === 'loss' ? (a, b) => a < b : (a, b) => a > b;
  const lengths = [...new Set(table.map((r) => r.length))].sort((a, b) => a - b);
  const trainLen = isDistanceTask(s.task) ? lengths[0] : (lengths.find((n) => n >= s.maxLen) ?? lengths[0]);
  const longest = lengths[lengths.length - 1];
  const at = (n) => table.filter((r) => r.length === n && r.mean !== null);
  const best = (rows) => rows.reduce((a, b) => (a === null || better(b.mean, a.mean) ? b : a), null);
  const b0 = best(at(trainLen)),
    b1 = best(at(longest));
  if (!b0 || !b1) return null;
  const of = (group, n) => at(n).find((r) => r.group === group)?.mean ?? null;
  const worst = at(longest).reduce((a, b) => (a === null || better(a.mean, b.mean) ? b : a), null);
  const missing = [...new Set(table.filter((r) => r.length === longest && r.mean === null).map((r) => r.group))];
  // every group that shares the best value (exact match and accuracy often tie at 0 or 100%)
  const tied = (n, v) =>
    at(n)
      .filter((r) => r.mean === v)
      .map((r) => r.group);
  // all alike at the longest length: no best and no worst to name there
  const allTie1 = at(longest).length > 1 && worst.mean === b1.mean;
  // one group alone has a number there (the others have no positions): nothing to rank it against
  const alone1 = at(longest).length === 1;
  const distance = isDistanceTask(s.task);
  let key = distance ? 'summaryDistance' : trainLen === longest ? 'summaryOne' : 'summary';
  if (key !== 'summaryOne' && (alone1 || allTie1))
    key = `${distance ? 'summaryDistance' : 'summary'}${alone1 ? 'Alone' : 'Tie'}`;
  return {
    key,
    vars: {
      metric,
      trainLen,
      longest,
      best0: b0.group,
      best0All: tied(trainLen, b0.mean),
      best1All: tied(longest, b1.mean),
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

/** Geometric mean of the positive finite values (a ratio's natural mean on a log axis); null if none. */
function geomean(xs) {
  const ok = xs.filter((x) => Number.isFinite(x) && x > 0);
  return ok.length ? Math.exp(ok.reduce((a, x) => a + Math.log(x), 0) / ok.length) : null;
}

/**
 * The gradient-through-time chart of recurrent runs: for each cell and distance n, the share of the
 * readout's gradient that reaches each earlier step, ‖∂loss/∂h_(n−1−d)‖ / ‖∂loss/∂h_(n−1)‖ against
 * the distance d back from the readout (d = 0 is 1 by definition), untrained and trained, the
 * geometric mean over seeds. results: [{run, memory: {untrained, trained}}] (memory null: skipped).
 * Rows {group, n, d, untrained, trained} (null where no seed has a positive finite ratio).
 */
export function memoryTable(results) {
  const withMemory = results.filter((r) => r.memory && r.run.n);
  const rows = [];
  for (const group of [...new Set(withMemory.map((r) => r.run.group))]) {
    const ns = [...new Set(withMemory.filter((r) => r.run.group === group).map((r) => r.run.n))].sort((a, b) => a - b);
    for (const n of ns) {
      const runs = withMemory.filter((r) => r.run.group === group && r.run.n === n);
      const ratio = (curve, d) => curve[n - 1 - d] / curve[n - 1];
      for (let d = 0; d < n; d++) {
        rows.push({
          group,
          n,
          d,
          untrained: geomean(runs.map((r) => ratio(r.memory.untrained, d))),
          trained: geomean(runs.map((r) => ratio(r.memory.trained, d))),
        });
      }
    }
  }
  return rows;
}

/**
 * The sentence under the gradient chart, from its numbers: at the longest distance n, the share of
 * the readout's gradient that reaches the first step for each cell, untrained → trained, and the
 * cell that keeps the most after training. null while no row is there.
 */
export function memorySentence(rows) {
  if (!rows.length) return null;
  const n = Math.max(...rows.map((r) => r.n));
  const first = rows.filter((r) => r.n === n && r.d === n - 1);
  const known = first.filter((r) => r.trained !== null);
  if (!known.length) return null;
  const best = known.reduce((a, b) => (b.trained > a.trained ? b : a));
  return {
    key: 'memorySummary',
    vars: {
      n,
      back: n - 1,
      cells: first.map((r) => ({ group: r.group, untrained: r.untrained, trained: r.trained })),
      best: best.group,
      bestValue: best.trained,
    },
  };
}

/**
 * Trains every run of the plan on this thread, one after another (Node tests; the page uses the
 * runner). Returns {runs, curves, results, table, sentence, memory, memorySentence}.
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
      const out = tr.result();
      curves.push({ run, ...tr.progress(), gradNorms: out.gradNorms.slice(), dropStep: out.dropStep });
      results.push({ run, lengths: out.lengths, memory: out.memory });
    } finally {
      tr.dispose();
    }
  }
  const table = lengthTable(s, results);
  const memory = memoryTable(results);
  return {
    runs,
    curves,
    results,
    table,
    sentence: summarySentence(s, table),
    memory,
    memorySentence: memorySentence(memory),
  };
}
