// tasks.mjs — batches for the experiments, all from sl.makeTask (the core's seeded generators).

/** makeTask(name, opts): the batch object plus {vocab, meta}. */
export function taskBatch(sl, name, opts) {
  return sl.makeTask(name, opts);
}

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
