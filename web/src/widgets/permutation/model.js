// model.js — the numbers of <seqlab-permutation>, without the DOM: self-attention SA of a
// sentence and of the sentence reordered by P, under each positional encoding, from the core;
// and the largest |SA(P·X) − P·SA(X)|, which is float32 round-off exactly when nothing encodes
// position (self-attention without positions is permutation equivariant).
import { TextError } from '../../core/i18n.js';
import { gaussianMatrix, tokenEmbeddings, tokenize } from '../../core/random.js';

export const ENCODINGS = ['none', 'sinusoidal', 'rope', 'alibi'];
export const MAX_TOKENS = 32;
export const D_MODEL = 16;
const DK = 4,
  HEADS = 2;
/** Below this the difference is round-off (the outputs are O(1) sums of float32 terms). */
export const ROUND_OFF = 1e-6;

/**
 * The reordering shown before the reader moves anything: the second and the last token swap
 * places ("the cat chased the dog" becomes "the dog chased the cat"); two tokens swap. Never the
 * identity, which would show every encoding as equivariant and teach nothing.
 */
export function defaultOrder(n) {
  const p = Array.from({ length: n }, (_, i) => i);
  const a = n > 2 ? 1 : 0;
  [p[a], p[n - 1]] = [p[n - 1], p[a]];
  return p;
}

/**
 * A reordering of n tokens written as "2,0,1": each of 0 … n−1 exactly once. Empty text gives
 * fallback(n). Anything else throws a TextError that says what is wrong (the count, a value that
 * is not a position, a repeated position), never silently the identity.
 */
export function checkOrder(text, n, fallback = defaultOrder) {
  const parts = String(text)
    .split(',')
    .map((v) => v.trim());
  if (parts.every((v) => v === '')) return fallback(n);
  const bad = parts.find((v) => !/^\d+$/.test(v) || Number(v) >= n);
  if (bad !== undefined)
    throw new TextError('Token order: "{value}" is not a position (a whole number from 0 to {max}).', {
      value: bad.length > 12 ? `${bad.slice(0, 12)}…` : bad,
      max: n - 1,
    });
  const p = parts.map(Number);
  const seen = new Set();
  for (const v of p) {
    if (seen.has(v)) throw new TextError('Token order: position {value} appears twice.', { value: v });
    seen.add(v);
  }
  if (p.length !== n)
    throw new TextError('Token order: {count} positions given, but the sentence has {n} tokens.', {
      count: p.length,
      n,
    });
  return p;
}

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
  const { tokens, dropped } = tokenize(s.text, MAX_TOKENS);
  if (tokens.length < 2) throw new TextError('Type at least two tokens.');
  const n = tokens.length;
  const order = checkOrder(s.order, n);
  const moved = order.map((i) => tokens[i]);
  const results = ENCODINGS.map((posenc) => {
    // before: SA(X) of the sentence as typed; perm: SA(P·X) of the reordered one
    const before = selfAttention(sl, tokens, posenc, s.seed);
    const perm = selfAttention(sl, moved, posenc, s.seed);
    const expected = sl.permuteRows(before, n, D_MODEL, order);
    return { posenc, before, perm, expected, maxDiff: sl.maxAbsDiff(perm, expected) };
  });
  return { tokens, dropped, order, moved, results };
}
