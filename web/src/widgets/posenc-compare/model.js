// model.js — the numbers of <seqlab-posenc-compare>, without the DOM: one head's attention
// weights for a sentence under no positional information, sinusoidal, RoPE and ALiBi, for the
// tokens in their order and in a permuted order, and how far the permuted weights are from the
// original ones permuted (zero, up to float32 round-off, exactly when nothing encodes order).
import { gaussianMatrix, prng, tokenEmbeddings, tokenize } from '../../core/random.js';
import { TextError } from '../../core/i18n.js';
import { checkOrder } from '../permutation/model.js';

export const KINDS = ['none', 'sinusoidal', 'rope', 'alibi'];
export const MAX_TOKENS = 64;
const D_MODEL = 16,
  DK = 8;

/**
 * The shuffle shown before the reader picks one: a fixed pseudo-random order that is neither the
 * identity (nothing would move) nor the reversal (it keeps every |i − j|, so ALiBi without a
 * causal mask could not see it). For the default sentence: 3,0,6,1,5,2,4-like, always the same.
 */
export function defaultShuffle(n) {
  const g = prng(0x5eed + n);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(g.uniform() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  const same = (q) => q.every((v, i) => v === p[i]);
  const identity = Array.from({ length: n }, (_, i) => i);
  if (n > 2 && (same(identity) || same([...identity].reverse()))) p.push(p.shift()); // rotate
  if (n === 2) return [1, 0];
  return p;
}

/** One head's weights (n×n) under an encoding, for the tokens in this order. */
export function headWeights(sl, tokens, posenc, seed) {
  const n = tokens.length;
  const x = tokenEmbeddings(tokens, D_MODEL);
  const w = (k, cols) => gaussianMatrix(seed * 5 + k, D_MODEL, cols, 1 / Math.sqrt(D_MODEL));
  // one head with ALiBi would get the single-head slope 1/256, too gentle to see: use 1/2,
  // the first head's slope of an 8-head model
  const alibi = posenc === 'alibi' ? [0.5] : undefined;
  const wo = gaussianMatrix(seed * 5 + 4, DK, D_MODEL, 0.3);
  return sl.multiHeadAttention({
    x,
    n,
    dModel: D_MODEL,
    heads: 1,
    dk: DK,
    wq: w(1, DK),
    wk: w(2, DK),
    wv: w(3, DK),
    wo,
    posenc,
    alibi,
  }).weights;
}

export function compareModel(sl, s) {
  const { tokens, dropped } = tokenize(s.text, MAX_TOKENS);
  if (tokens.length < 2) throw new TextError('Type at least two tokens.');
  const n = tokens.length;
  const perm = checkOrder(s.perm, n, defaultShuffle);
  const identity = perm.every((v, i) => v === i);
  const shuffled = perm.map((i) => tokens[i]);
  const results = KINDS.map((posenc) => {
    const base = headWeights(sl, tokens, posenc, s.seed);
    const moved = headWeights(sl, shuffled, posenc, s.seed);
    // moved[a][b] belongs at base[perm[a]][perm[b]]: compare with P·base·Pᵀ
    const expected = sl.permuteCols(sl.permuteRows(base, n, n, perm), n, n, perm);
    return { posenc, base, moved, maxDiff: sl.maxAbsDiff(moved, expected) };
  });
  return { tokens, dropped, perm, identity, shuffled, results };
}
