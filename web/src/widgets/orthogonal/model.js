// model.js — the numbers of <seqlab-orthogonal>, without the DOM: unscaled self-attention on N
// mutually orthogonal inputs x_n = r·e_n, from the core, beside the closed form
// a_nn = e^{r²}/(N − 1 + e^{r²}) it should match, and how far the output y is from x.

/** Distances r of the a_nn curve. */
export const CURVE_R = Array.from({ length: 41 }, (_, i) => i * 0.1);
/** y ≈ x is called good when e^{r²} exceeds N this many times (off-diagonal weights < 1/20). */
export const MARGIN = 20;

/** a_nn of the closed form: the diagonal softmax weight of r²·I. */
export const closedForm = (N, r) => Math.exp(r * r) / (N - 1 + Math.exp(r * r));

/** x = r·I (N×N) and the core's unscaled attention of x on itself. */
export function orthogonalAttention(sl, N, r) {
  const x = new Float32Array(N * N);
  for (let i = 0; i < N; i++) x[i * N + i] = r;
  return { x, ...sl.attention({ q: x, k: x, v: x, n: N, dk: N, scale: false }) };
}

export function orthogonalModel(sl, { N, r }) {
  const res = orthogonalAttention(sl, N, r);
  return {
    N,
    r,
    weights: res.weights,
    out: res.out,
    ann: res.weights[0],
    closedForm: closedForm(N, r),
    maxYminusX: sl.maxAbsDiff(res.out, res.x),
    ratio: Math.exp(r * r) / N,
  };
}

/** a_nn against r (CURVE_R): the core's value and the closed form. */
export function annCurve(sl, N) {
  return {
    r: CURVE_R,
    core: CURVE_R.map((q) => orthogonalAttention(sl, N, q).weights[0]),
    closed: CURVE_R.map((q) => closedForm(N, q)),
  };
}

/** Whether e^{r²} ≫ N holds (by MARGIN), so that A ≈ I and y ≈ x. */
export const approximationHolds = (ratio) => ratio > MARGIN;
