// model.js — the numbers of <seqlab-mha-sum>, without the DOM: multi-head attention from the
// core, Concat(H_1 … H_H)·W_O, beside the sum over heads of each head's own term
// softmax(Q_h K_hᵀ/√d_k)·V_h·W_h^O computed head by head (also by the core), and how far apart
// the two are (float32 round-off: they sum in different orders).
import { gaussianMatrix } from '../../core/random.js';

/** Seeded input and projections: x n×dModel, W_Q, W_K, W_V dModel×heads·dk, W_O heads·dk×dModel. */
export function mhaInputs({ n, dModel, heads, dk, seed }) {
  const s = 1 / Math.sqrt(dModel);
  return {
    x: gaussianMatrix(seed * 9 + 1, n, dModel),
    wq: gaussianMatrix(seed * 9 + 2, dModel, heads * dk, s),
    wk: gaussianMatrix(seed * 9 + 3, dModel, heads * dk, s),
    wv: gaussianMatrix(seed * 9 + 4, dModel, heads * dk, s),
    wo: gaussianMatrix(seed * 9 + 5, heads * dk, dModel, 1 / Math.sqrt(heads * dk)),
  };
}

/** One head's term softmax(Q_h K_hᵀ/√dk)·(X W_h^V)·W_h^O, n×dModel, with its own column blocks. */
export function headTerm(sl, { x, wq, wk, wv, wo }, { n, dModel, heads, dk }, hd) {
  const project = (w) => sl.matmul(x, sl.headColumns(w, dModel, heads, dk, hd), n, dModel, dk);
  const headOut = sl.attention({ q: project(wq), k: project(wk), v: project(wv), n, dk }).out;
  return sl.matmul(headOut, sl.headBlock(wo, heads, dk, dModel, hd), n, dk, dModel);
}

export function mhaSumModel(sl, s) {
  const { n, dModel, heads, dk } = s;
  const w = mhaInputs(s);
  const full = sl.multiHeadAttention({ ...w, n, dModel, heads, dk, dv: dk }).out;
  const terms = Array.from({ length: heads }, (_, hd) => headTerm(sl, w, s, hd));
  // the sum over heads is the identity on show, so it is done here, term by term
  const sum = new Float32Array(n * dModel);
  for (const term of terms) term.forEach((v, i) => (sum[i] += v));
  return { full, sum, terms, maxDiff: sl.maxAbsDiff(sum, full) };
}
