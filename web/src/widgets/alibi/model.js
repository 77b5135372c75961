// model.js — the numbers of <seqlab-alibi>, without the DOM: the slope of every head, the bias
// matrix of the head shown, one head's attention without and with that bias, and the last
// query's bias against the distance to the key. Slopes, biases and attention come from the core.
import { gaussianMatrix, tokenEmbeddings } from '../../core/random.js';

const WORDS = ['the', 'model', 'reads', 'a', 'long', 'text', 'and', 'keeps', 'going', 'past', 'what', 'it', 'saw'];
const D_MODEL = 16,
  DK = 8;

/** n filler tokens (the bias does not depend on them; the attention pictures do). */
export const tokensFor = (n) => Array.from({ length: n }, (_, i) => WORDS[i % WORDS.length]);

/**
 * The largest power of two ≤ heads: the paper gives the first that many heads the slopes of a
 * power-of-two model and the rest every other slope of the model with twice as many.
 */
export function powerOfTwoBelow(heads) {
  let c = 1;
  while (c * 2 <= heads) c *= 2;
  return c;
}

/**
 * How the slopes of `heads` heads are made, for the note under the bar chart: c = the largest
 * power of two ≤ heads, its exponent, and whether heads is that power itself.
 */
export function slopeRule(heads) {
  const c = powerOfTwoBelow(heads);
  return { c, exponent: Math.log2(c), powerOfTwo: c === heads };
}

export function alibiModel(sl, s) {
  const H = s.heads,
    n = s.n,
    head = Math.min(s.head, H) - 1;
  const slopes = sl.alibiSlopes(H);
  const bias = sl.headBlock(sl.alibiBias(H, n, { causal: s.causal }), H, n, n, head);
  const x = tokenEmbeddings(tokensFor(n), D_MODEL);
  const q = sl.matmul(x, gaussianMatrix(s.seed * 2 + 1, D_MODEL, DK, 0.25), n, D_MODEL, DK);
  const k = sl.matmul(x, gaussianMatrix(s.seed * 2 + 2, D_MODEL, DK, 0.25), n, D_MODEL, DK);
  const plain = sl.attention({ q, k, v: k, n, dk: DK, causal: s.causal });
  const withBias = sl.attention({ q, k, v: k, n, dk: DK, causal: s.causal, bias });
  return { slopes, bias, plain: plain.weights, withBias: withBias.weights, head, n };
}

/** The last query's bias against the distance to the key: bias[d] for key n − 1 − d. */
export function lastQueryBias(bias, n) {
  return Array.from({ length: n }, (_, d) => bias[(n - 1) * n + (n - 1 - d)]);
}
