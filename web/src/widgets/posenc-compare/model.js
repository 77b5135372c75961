// model.js — the numbers of <seqlab-posenc-compare>, without the DOM: one head's attention
// weights for a sentence under no positional information, sinusoidal, RoPE and ALiBi, for the
// tokens in their order and in a permuted order, and how far the permuted weights are from the
// original ones permuted (zero, up to float32 round-off, exactly when nothing encodes order).
import { gaussianMatrix, tokenEmbeddings, tokenize } from '../../core/random.js';
import { TextError } from '../../core/i18n.js';
import { parsePermutation } from '../../core/params.js';

export const KINDS = ['none', 'sinusoidal', 'rope', 'alibi'];
export const MAX_TOKENS = 64;
const D_MODEL = 16,
  DK = 8;

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
  const { tokens } = tokenize(s.text, MAX_TOKENS);
  if (tokens.length < 2) throw new TextError('Type at least two tokens.');
  const n = tokens.length;
  const perm = parsePermutation(s.perm, n);
  const shuffled = perm.map((i) => tokens[i]);
  const results = KINDS.map((posenc) => {
    const base = headWeights(sl, tokens, posenc, s.seed);
    const moved = headWeights(sl, shuffled, posenc, s.seed);
    // moved[a][b] belongs at base[perm[a]][perm[b]]: compare with P·base·Pᵀ
    const expected = sl.permuteCols(sl.permuteRows(base, n, n, perm), n, n, perm);
    return { posenc, base, moved, maxDiff: sl.maxAbsDiff(moved, expected) };
  });
  return { tokens, perm, shuffled, results };
}
