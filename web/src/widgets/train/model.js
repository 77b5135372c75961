// model.js — the training lab without a DOM: experiment presets (the headless experiments of
// wasm/experiments.mjs scaled to about a minute in a page: sizes, tasks, optimiser and step counts
// are the experiments' own), and the summary of finished runs: the length chart's table, the
// gradient chart's table and sentences computed from their numbers. The plan of runs and one run's
// training session (TrainingRun) are the experiments module's; the same code runs in a Web Worker,
// on the page's main thread (the fallback) and in Node (tests/node/widget-train.test.mjs).
import {
  CELLS,
  corpusSplit,
  experiments,
  groupSpec,
  isCell,
  isDistanceTask,
  metricOf,
  planRuns,
  POSENCS,
  spread,
  TrainingRun,
} from '../../../../wasm/experiments.mjs';

export { CELLS, groupSpec, isCell, isDistanceTask, metricOf, POSENCS };
export const PRESETS = ['lm-lengths', 'copy-lengths', 'rnn-memory', 'induction', 'custom'];
export const TASKS = ['copy', 'reverse', 'text', 'induction', 'recall', 'parity'];

/** What a preset takes from its experiment's run settings t as they are: sizes, learning rate, batch. */
const sizes = (t) => ({
  layers: t.layers,
  dModel: t.dModel,
  heads: t.heads,
  dFF: t.dFF,
  lr: t.lr,
  batch: t.batch,
});

/** The full-size run settings of experiment `name` (its trainSettings of settings(false)). */
const experimentRun = (name) => {
  const e = experiments[name];
  return e.trainSettings(e.settings(false));
};

/**
 * The settings of a preset: the experiment's own run settings (trainSettings(settings(false))):
 * task, models, sizes, optimiser, step counts. Where a page cannot do all of an experiment in a
 * minute on two cores it does less, and the README says what: fewer seeds (lm-lengths and induction
 * 3, rnn-memory 2, copy-lengths 1 instead of 5), lm-lengths the scaled embedding only at a context
 * of 16 tested to 8× (the experiment: both embeddings, 32 to 16×), copy-lengths the copy task only,
 * rnn-memory distances 8 to 32 (the experiment: to 64). `quick` gives a run of a few seconds
 * (tests, BENCH_QUICK).
 */
export function presetSettings(name, { quick = false } = {}) {
  const q = (short, full) => (quick ? short : full);
  if (name === 'lm-lengths') {
    const t = experimentRun(name);
    return {
      preset: name,
      task: t.task,
      kind: t.kind,
      encodings: [...t.encodings],
      ...sizes(t),
      weightDecay: t.weightDecay,
      embedding: t.embedding,
      minLen: 16,
      maxLen: 16,
      testLengths: q([16, 32], [16, 32, 64, 128]),
      steps: q(60, t.steps),
      seeds: q(1, 3),
      evalBatch: q(4, 8),
    };
  }
  if (name === 'copy-lengths') {
    const t = experimentRun(name);
    return {
      preset: name,
      task: t.task,
      kind: t.kind,
      encodings: q(['rope', 'learned', 'rope+rand'], [...t.encodings]),
      ...sizes(t),
      weightDecay: t.weightDecay,
      embedding: t.embedding,
      positionRange: t.positionRange,
      minLen: t.minLen,
      maxLen: t.maxLen,
      testLengths: q([8, 16], t.testLengths),
      steps: q(150, t.steps),
      seeds: 1,
      evalBatch: q(16, t.evalBatch),
    };
  }
  if (name === 'rnn-memory') {
    // the three cells and, as in the headless experiment, a small Transformer (RoPE) beside them
    const t = experimentRun(name);
    return {
      preset: name,
      task: t.task,
      kind: t.kind,
      encodings: [...t.encodings],
      ...sizes(t),
      hidden: t.hidden,
      transformer: t.transformer,
      weightDecay: t.weightDecay,
      minLen: t.minLen,
      maxLen: t.maxLen,
      testLengths: q(
        [4, 8],
        t.testLengths.filter((n) => n <= 32),
      ),
      steps: q(100, t.steps),
      seeds: q(1, 2),
      evalBatch: q(64, t.evalBatch),
    };
  }
  if (name === 'induction') {
    const t = experimentRun(name);
    return {
      preset: name,
      task: t.task,
      kind: t.kind,
      encodings: [...t.encodings],
      ...sizes(t),
      weightDecay: t.weightDecay,
      minLen: t.minLen,
      maxLen: t.maxLen,
      symbols: t.symbols,
      testLengths: q([t.maxLen], [t.maxLen, 2 * t.maxLen]),
      steps: q(150, t.steps),
      seeds: q(1, 3),
      evalBatch: t.evalBatch,
    };
  }
  // custom starts from the copy preset at a smaller size
  return {
    ...presetSettings('copy-lengths', { quick }),
    preset: 'custom',
    encodings: ['rope', 'alibi', 'learned'],
    forgetBias: 1,
    steps: q(100, 300),
    seeds: 1,
  };
}

/**
 * What each token id stands for, for labelling tokens in the model view (id → text): the
 * characters of the text task, the bits (and padding) of recall and parity, and for copy, reverse
 * and induction the symbol ids as they are with the task's BOS, SEP and PAD named.
 */
export function vocabularyLabels(sl, s, vocab) {
  if (s.task === 'text') return corpusSplit(sl).chars.split('');
  if (isDistanceTask(s.task)) return ['0', '1', 'pad'].slice(0, vocab ?? 3);
  const meta = sl.makeTask(s.task, {
    batch: 1,
    minLen: 2,
    maxLen: 2,
    seed: 0,
    ...(s.task === 'induction' ? { symbols: s.symbols } : {}),
  });
  const n = vocab ?? meta.vocab;
  const named = { [meta.meta.pad]: 'PAD', [meta.meta.bos]: 'BOS', [meta.meta.sep]: 'SEP' };
  return Array.from({ length: n }, (_, i) => named[i] ?? String(i));
}

/** The vocabulary size of task s (its batches' vocab). */
export function vocabularyOf(sl, s) {
  if (s.task === 'text') return corpusSplit(sl).chars.length;
  if (isDistanceTask(s.task)) return 3;
  return sl.makeTask(s.task, {
    batch: 1,
    minLen: 2,
    maxLen: 2,
    seed: 0,
    ...(s.task === 'induction' ? { symbols: s.symbols } : {}),
  }).vocab;
}

/**
 * The sequence box read as token ids for the model view. The text task reads characters; every
 * other task reads whole numbers. Returns {ids, dropped: [{token, why}], fallback}: ids null (and
 * fallback true) when nothing valid is left, so the view falls back to a held-out row; why is
 * 'vocabulary' (a character or id the model has no token for, or not a number) — positions past
 * the model's are for the view to report (positionsDropped).
 */
export function parseSequence(raw, { task, vocab, chars = null }) {
  const text = String(raw ?? '').trim();
  if (!text) return { ids: null, dropped: [], fallback: false, empty: true };
  const ids = [],
    dropped = [];
  if (task === 'text') {
    for (const c of text) {
      const i = chars.indexOf(c);
      if (i >= 0) ids.push(i);
      else dropped.push({ token: c, why: 'vocabulary' });
    }
  } else {
    for (const x of text.split(/[\s,]+/).filter(Boolean)) {
      if (/^\d+$/.test(x) && Number(x) < vocab) ids.push(Number(x));
      else dropped.push({ token: x, why: 'vocabulary' });
    }
  }
  return { ids: ids.length ? ids : null, dropped, fallback: ids.length === 0, empty: false };
}

/** The tokens the box asked for that the model view did not use (past the model's positions). */
export function positionsDropped(asked, used, labels) {
  if (!asked || !used || used.length >= asked.length) return [];
  return asked.slice(used.length).map((i) => ({ token: labels?.[i] ?? String(i), why: 'positions' }));
}

/**
 * The run the model view shows by default: of the group the sentence under the length chart
 * names best at the longest length (summarySentence's best1), its finished run with the best
 * value there (for recall and parity: at the longest distance); while no run has finished, or
 * the sentence names none, the first finished run, else the first run. runs: the runner's records
 * ({run, done, lengths}). Returns a run id (null: no runs).
 */
export function defaultRun(s, runs) {
  if (!runs.length) return null;
  const done = runs.filter((r) => r.done && r.lengths);
  if (!done.length) return runs[0].run.id;
  const sentence = summarySentence(
    s,
    lengthTable(
      s,
      done.map((r) => ({ run: r.run, lengths: r.lengths })),
    ),
  );
  if (!sentence) return done[0].run.id;
  // where every group ties at the longest length (exact match 0 for all, say), the best at the
  // training length is the run worth looking at
  const tie = sentence.vars.best1All.length > 1;
  const group = tie ? sentence.vars.best0 : sentence.vars.best1;
  const length = tie ? sentence.vars.trainLen : sentence.vars.longest;
  const better = metricOf(s) === 'loss' ? (a, b) => a < b : (a, b) => a > b;
  const valueAt = (r) => r.lengths.find((x) => x.length === length)?.value ?? null;
  const candidates = done.filter((r) => r.run.group === group && valueAt(r) !== null);
  if (!candidates.length) return done[0].run.id;
  return candidates.reduce((a, b) => (better(valueAt(b), valueAt(a)) ? b : a)).run.id;
}

/**
 * The third "what to notice" line: what to try with the chosen preset (custom: the general
 * advice). A text key.
 */
export const noticeTryKey = (preset) => `notice.train.3.${PRESETS.includes(preset) ? preset : 'custom'}`;

/**
 * The axis titles of the length chart: y names the metric, x says what the lengths are (recall
 * and parity: the distance each net was trained and tested at). Text keys.
 */
export function lengthAxes(s) {
  const metric = metricOf(s);
  return {
    x: isDistanceTask(s.task) ? 'distance trained at' : 'test length',
    y: metric === 'loss' ? 'loss per token, nats' : metric === 'accuracy' ? 'accuracy' : 'exact match',
    // the baseline to draw: chance for the final bit of recall and parity
    chance: metric === 'accuracy' && isDistanceTask(s.task) ? 0.5 : null,
  };
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
