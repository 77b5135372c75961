// tasks.mjs — the batches the experiments train and test on, all from sl.makeTask (the core's seeded
// generators): the seeds of training and held-out batches, the corpus split of the text task, text
// windows drawn in chunks, delayed recall of the first bit, and one batch maker for a run's settings.
// Every function takes the loaded API object `sl`; nothing here imports the core.

/** The Transformer's positional encodings (TRAINING.md), in the order the experiments report them. */
export const POSENCS = ['none', 'learned', 'sinusoidal', 'rope', 'alibi'];
/** The recurrent cells. */
export const CELLS = ['rnn', 'lstm', 'gru'];
/**
 * What a run's group names (plain strings, so a run crosses to a worker as it is):
 *   a recurrent cell — 'rnn', 'lstm' (forget-gate bias 1, TRAINING.md's default), 'gru', and
 *     'lstm-fb0', an LSTM with PyTorch's own initialisation (forget bias 0);
 *   a Transformer's positional encoding (POSENCS), optionally followed by '+rand', randomized
 *     positions in training (Ruoss et al. 2023: each row's position ids a sorted random subset of
 *     [0, positionRange)), and/or '+attn', attention-only layers (dFF 0, Olsson et al. 2022).
 * Returns {cell, forgetBias, posenc, randomized, attentionOnly}, or null for a name it does not know.
 */
export function groupSpec(group) {
  if (typeof group !== 'string') return null;
  if (CELLS.includes(group)) return { cell: group, forgetBias: group === 'lstm' ? 1 : 0, posenc: null };
  if (group === 'lstm-fb0') return { cell: 'lstm', forgetBias: 0, posenc: null };
  const [posenc, ...flags] = group.split('+');
  if (!POSENCS.includes(posenc) || flags.some((f) => f !== 'rand' && f !== 'attn')) return null;
  if (new Set(flags).size !== flags.length || (flags.includes('rand') && (posenc === 'none' || posenc === 'alibi')))
    return null; // randomized positions are for the encodings that read absolute ids
  return { cell: null, posenc, randomized: flags.includes('rand'), attentionOnly: flags.includes('attn') };
}
/** A run's group is a recurrent cell (or 'lstm-fb0') rather than a Transformer. */
export const isCell = (group) => Boolean(groupSpec(group)?.cell);

/**
 * Position ids of randomized positional encodings (Ruoss et al. 2023) for a batch of `batch` rows of
 * T: each row a sorted subset of T distinct ids drawn uniformly from [0, range) (partial
 * Fisher–Yates with a seeded generator, so a seed gives the same ids everywhere).
 */
export function randomPositions(batch, T, range, seed) {
  if (!(Number.isInteger(range) && range >= T)) throw new Error(`positionRange (${range}) must be at least T (${T})`);
  let state = seed >>> 0;
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Int32Array(batch * T),
    pool = new Int32Array(range);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < range; i++) pool[i] = i;
    for (let i = 0; i < T; i++) {
      const j = i + Math.floor(next() * (range - i));
      const t = pool[i];
      ((pool[i] = pool[j]), (pool[j] = t));
    }
    out.set(pool.subarray(0, T).sort(), b * T);
  }
  return out;
}
/** The purpose of randomized positions' seeds (beside TRAIN and HELD_OUT). */
export const POSITIONS = 3;
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
 * Delayed recall of the first bit (makeTask 'recall': the bits of makeTask('parity') with the same
 * seed, the only counted target the first bit, at the last position) — what the net must carry over
 * n − 1 distractor bits, with nothing to compute on the way.
 */
export function recallBatch(sl, { batch, n, seed }) {
  return sl.makeTask('recall', { batch, minLen: n, maxLen: n, seed });
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
  const randomized = groupSpec(run.group)?.randomized;
  return {
    next: (i) => {
      const b = sl.makeTask(s.task, { batch: s.batch, ...opts, seed: taskSeed(run.seed, TRAIN, i) });
      if (randomized) b.positions = randomPositions(b.batch, b.T, s.positionRange, taskSeed(run.seed, POSITIONS, i));
      return b;
    },
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
