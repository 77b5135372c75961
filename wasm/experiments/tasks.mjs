// tasks.mjs — the batches the experiments train and test on, all from sl.makeTask (the core's seeded
// generators): the seeds of training and held-out batches, the corpus split of the text task, text
// windows drawn in chunks, delayed recall of the first bit, and one batch maker for a run's settings.
// Every function takes the loaded API object `sl`; nothing here imports the core.

/** The Transformer's positional encodings (TRAINING.md), in the order the experiments report them. */
export const POSENCS = ['none', 'learned', 'sinusoidal', 'rope', 'alibi'];
/** The recurrent cells. */
export const CELLS = ['rnn', 'lstm', 'gru'];
/** A run's group is a recurrent cell (rnn, lstm, gru) or a Transformer's positional encoding. */
export const isCell = (group) => CELLS.includes(group);
/**
 * Tasks read out at the last of n bits (rnn-memory): recall (the first bit, over n − 1 distractor
 * bits) and parity (of all n bits). They train one net per distance n.
 */
export const isDistanceTask = (task) => task === 'recall' || task === 'parity';
/** 'exact' (exact match, higher is better), 'accuracy' (recall, parity) or 'loss' (per token, lower is better). */
export const metricOf = (s) =>
  s.task === 'text' || s.task === 'induction' ? 'loss' : isDistanceTask(s.task) ? 'accuracy' : 'exact';

/** A distinct task seed for (run seed, purpose, index), so training and held-out batches never share one. */
export const taskSeed = (seed, purpose, i = 0) => (seed * 1000003 + purpose * 7919 + i) >>> 0;
export const TRAIN = 1;
export const HELD_OUT = 2;

/**
 * The built-in corpus cut at the verse boundary nearest 85%: training windows come from the first
 * part, held-out windows from the rest, which the model never sees. makeTask('text', {text}) numbers
 * the characters of the text it is given, so both parts must hold the same characters for the ids
 * to agree (at 90% the held-out part has no 'q'; at 85% both have all 35): checked here.
 */
let split = null;
export function corpusSplit(sl) {
  if (split) return split;
  const c = sl.corpus;
  const cut = c.lastIndexOf('\n', Math.floor(c.length * 0.85)) + 1;
  const train = c.slice(0, cut),
    heldout = c.slice(cut);
  const chars = (t) => [...new Set(t)].sort().join('');
  if (chars(train) !== chars(heldout))
    throw new Error('the training and held-out parts of the corpus hold different characters');
  split = { train, heldout, cut, chars: chars(c) };
  return split;
}

/** Character-level language modelling windows of exactly T tokens from one part of the corpus. */
export function textTask(sl, { batch, T, seed, split: part }) {
  return sl.makeTask('text', { batch, minLen: T, maxLen: T, seed, text: corpusSplit(sl)[part] });
}

/**
 * next(i) → the i-th training batch of `batch` windows of T tokens. makeTask('text', {text})
 * re-reads the whole text each call (~80 ms for the training part here), so `chunk` batches are
 * drawn in one call and cut into rows; the windows are independent uniform draws either way.
 * Calls must go in order 0, 1, 2, …
 */
export function textBatches(sl, { batch, T, seed, split: part, chunk = 16 }) {
  let pool = null,
    first = -1;
  return (i) => {
    if (!pool || i >= first + chunk) {
      first = i - (i % chunk);
      pool = textTask(sl, { batch: batch * chunk, T, seed: (seed + first) >>> 0, split: part });
    }
    const r0 = (i - first) * batch * T,
      r1 = r0 + batch * T;
    return {
      tokens: pool.tokens.subarray(r0, r1),
      targets: pool.targets.subarray(r0, r1),
      lossMask: pool.lossMask.subarray(r0, r1),
      batch,
      T,
      vocab: pool.vocab,
    };
  };
}

/**
 * Delayed recall of the first bit: the bits of makeTask('parity') rows of exactly n bits (the
 * core's seeded generator), the only counted target the first bit, at the last position — what
 * the net must carry over n − 1 distractor bits, with nothing to compute on the way.
 */
export function recallBatch(sl, { batch, n, seed }) {
  const p = sl.makeTask('parity', { batch, minLen: n, maxLen: n, seed, finalOnly: true });
  const T = p.T,
    targets = new Int32Array(batch * T),
    lossMask = new Uint8Array(batch * T);
  for (let b = 0; b < batch; b++) {
    targets[b * T + n - 1] = p.tokens[b * T];
    lossMask[b * T + n - 1] = 1;
  }
  return { tokens: p.tokens, targets, lossMask, batch, T, vocab: p.vocab, meta: p.meta };
}

/** Rows of exactly n bits of a distance task: recall (recallBatch) or parity (finalOnly). */
export function distanceBatch(sl, task, { batch, n, seed }) {
  return task === 'recall'
    ? recallBatch(sl, { batch, n, seed })
    : sl.makeTask('parity', { batch, minLen: n, maxLen: n, seed, finalOnly: true });
}

const symbolsOf = (s) => (s.task === 'induction' ? { symbols: s.symbols ?? 32 } : {});

/**
 * The batches of a run with settings s (a run's `settings`, see TrainingRun): next(i) the training
 * batch of step i (the run's seed, purpose TRAIN), held(i, n, batch) the held-out batch i at test
 * length n (default: the training lengths; seed 0, purpose HELD_OUT: the same for every run).
 */
export function taskBatches(sl, s, run) {
  if (s.task === 'text') {
    const next = textBatches(sl, { batch: s.batch, T: s.maxLen, seed: taskSeed(run.seed, TRAIN), split: 'train' });
    const held = (i, T = s.maxLen, batch = s.evalBatch) =>
      textTask(sl, { batch, T, seed: taskSeed(0, HELD_OUT, T * 1000 + i), split: 'heldout' });
    return { next, held };
  }
  if (isDistanceTask(s.task)) {
    return {
      next: (i) => distanceBatch(sl, s.task, { batch: s.batch, n: run.n, seed: taskSeed(run.seed, TRAIN, i) }),
      held: (i, n = run.n, batch = s.evalBatch) =>
        distanceBatch(sl, s.task, { batch, n, seed: taskSeed(0, HELD_OUT, n * 1000 + i) }),
    };
  }
  const opts = { minLen: s.minLen, maxLen: s.maxLen, ...symbolsOf(s) };
  return {
    next: (i) => sl.makeTask(s.task, { batch: s.batch, ...opts, seed: taskSeed(run.seed, TRAIN, i) }),
    // a test length n: rows of exactly n (induction: minLen .. n, as in training)
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
