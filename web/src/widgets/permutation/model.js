// model.js — the numbers of <seqlab-permutation>, without the DOM: self-attention SA of a
// sentence and of the sentence reordered by P, under each positional encoding, from the core;
// and the largest |SA(P·X) − P·SA(X)|, which is float32 round-off exactly when nothing encodes
// position (self-attention without positions is permutation equivariant).
import { TextError } from '../../core/i18n.js';
import { parsePermutation } from '../../core/params.js';
import { gaussianMatrix, tokenEmbeddings, tokenize } from '../../core/random.js';

export const ENCODINGS = ['none', 'sinusoidal', 'rope', 'alibi'];
export const MAX_TOKENS = 32;
export const D_MODEL = 16;
const DK = 4,
  HEADS = 2;
/** Below this the difference is round-off (the outputs are O(1) sums of float32 terms). */
export const ROUND_OFF = 1e-6;

/** The order with the token at place `from` moved to place `to`, as the setting's text. */
export function moveToken(order, from, to) {
  const p = [...order];
  const [item] = p.splice(from, 1);
  p.splice(to, 0, item);
  return p.join(',');
}

/** Multi-head self-attention output (n×D_MODEL) of the tokens under one encoding. */
export function selfAttention(sl, tokens, posenc, seed) {
  const n = tokens.length;
  const x = tokenEmbeddings(tokens, D_MODEL);
  const w = (k, r, c) => gaussianMatrix(seed * 11 + k, r, c, 1 / Math.sqrt(r));
  const hd = HEADS * DK;
  return sl.multiHeadAttention({
    x,
    n,
    dModel: D_MODEL,
    heads: HEADS,
    dk: DK,
    wq: w(1, D_MODEL, hd),
    wk: w(2, D_MODEL, hd),
    wv: w(3, D_MODEL, hd),
    wo: w(4, hd, D_MODEL),
    posenc,
  }).out;
}

export function permutationModel(sl, s) {
  const { tokens } = tokenize(s.text, MAX_TOKENS);
  if (tokens.length < 2) throw new TextError('Type at least two tokens.');
  const n = tokens.length;
  const order = parsePermutation(s.order, n);
  const moved = order.map((i) => tokens[i]);
  const results = ENCODINGS.map((posenc) => {
    const perm = selfAttention(sl, moved, posenc, s.seed);
    const expected = sl.permuteRows(selfAttention(sl, tokens, posenc, s.seed), n, D_MODEL, order);
    return { posenc, perm, expected, maxDiff: sl.maxAbsDiff(perm, expected) };
  });
  return { tokens, order, results };
}
