// model.js — the numbers of <seqlab-lstm>, without the DOM: an LSTM and a GRU with seeded
// weights run over the sentence's token embeddings, backpropagation through time from the loss
// L = Σ_u a_u⟨T⟩, the gradient check of one forget-gate weight (BPTT with the right and with the
// course's mistaken rule against central differences, all in float64), and the parameter counts.
// The cells, gradients and counts come from the core; the view times the cells itself.
import { TextError } from '../../core/i18n.js';
import { gaussianMatrix, tokenEmbeddings, tokenize } from '../../core/random.js';

export const MAX_T = 64;
export const PRESETS = {
  review: 'the film was not good at all but the actors were great',
  long: Array.from({ length: 48 }, (_, i) => ['the', 'story', 'goes', 'on', 'and', 'on'][i % 6]).join(' '),
};
/** Step of the central differences: the float64 truncation error is O(eps²), round-off O(1e-16/eps). */
export const EPS = 1e-5;
/** A relative error below this passes the gradient check. */
export const PASS = 1e-6;

/** Seeded weights: wIh G·nh×nx, wHh G·nh×nh, biases; the forget block of bIh gets forgetBias (LSTM). */
export function cellWeights(G, nx, nh, seed, forgetBias) {
  const s = 1 / Math.sqrt(nh);
  const bIh = gaussianMatrix(seed * 7 + 3, 1, G * nh, 0.1);
  if (G === 4) for (let u = 0; u < nh; u++) bIh[nh + u] += forgetBias;
  return {
    wIh: gaussianMatrix(seed * 7 + 1, G * nh, nx, s),
    wHh: gaussianMatrix(seed * 7 + 2, G * nh, nh, s),
    bIh,
    bHh: gaussianMatrix(seed * 7 + 4, 1, G * nh, 0.1),
  };
}

/** |a − b| / (|a| + |b|), the gradient check's measure (1e-12 keeps 0/0 away). */
export const relativeError = (a, b) => Math.abs(a - b) / Math.max(1e-12, Math.abs(a) + Math.abs(b));

/**
 * dL/dW_f[row, col] (recurrent part) three ways, in float64: BPTT with c⟨t−1⟩ (correct), BPTT
 * with c̃ in its place (the course's slip) and central differences of the loss L = Σ h·dh.
 */
export function gradientCheck(sl, args, dh, row, col) {
  const { nh } = args;
  const index = (nh + row) * nh + col; // forget block: rows nh..2nh of wHh
  const d64 = { ...args, dtype: 'float64' };
  for (const k of ['xs', 'wIh', 'wHh', 'bIh', 'bHh']) d64[k] = Float64Array.from(args[k]);
  const dh64 = Float64Array.from(dh);
  const right = sl.lstmBackward({ ...d64, dh: dh64 }).dwHh[index];
  const wrong = sl.lstmBackward({ ...d64, dh: dh64, forgetRule: 'course-mistake' }).dwHh[index];
  const loss = (wHh) => sl.lstmForward({ ...d64, wHh }).h.reduce((acc, v, i) => acc + v * dh64[i], 0);
  const plus = Float64Array.from(d64.wHh),
    minus = Float64Array.from(d64.wHh);
  plus[index] += EPS;
  minus[index] -= EPS;
  const numeric = (loss(plus) - loss(minus)) / (2 * EPS);
  return {
    row,
    col,
    numeric,
    right,
    wrong,
    relRight: relativeError(right, numeric),
    relWrong: relativeError(wrong, numeric),
  };
}

/** Parameters of each cell from the core, with one bias per gate and with PyTorch's two. */
export function paramCounts(sl, nx, nh) {
  const cell = (name) => ({
    params1: sl.rnnParamCount({ cell: name, nx, nh, biases: 1 }),
    params2: sl.rnnParamCount({ cell: name, nx, nh }),
  });
  return { lstm: cell('lstm'), gru: cell('gru') };
}

/** The inputs of both cells for the settings: tokens, embeddings, weights. */
export function inputs(s) {
  const { tokens } = tokenize(s.text, MAX_T);
  if (!tokens.length) throw new TextError('Type at least one token.');
  const T = tokens.length,
    nx = s.nx,
    nh = s.nh;
  const xs = tokenEmbeddings(tokens, nx);
  return {
    tokens,
    lstm: { xs, T, nx, nh, ...cellWeights(4, nx, nh, s.seed, s.forgetBias) },
    gru: { xs, T, nx, nh, ...cellWeights(3, nx, nh, s.seed, 0) },
  };
}

/** The result the view shows; compare.*.usPerStep is null here (the view measures it). */
export function lstmModel(sl, s) {
  const { tokens, lstm: args, gru: gruArgs } = inputs(s);
  const { T, nx, nh } = args;
  const forward = sl.lstmForward(args);
  const dh = new Float32Array(T * nh);
  dh.fill(1, (T - 1) * nh); // L = Σ_u a_u at the last step
  const backward = sl.lstmBackward({ ...args, dh });
  const gru = sl.gruForward(gruArgs);
  const check = gradientCheck(sl, args, dh, Math.min(s.row, nh) - 1, Math.min(s.col, nh) - 1);
  const counts = paramCounts(sl, nx, nh);
  const compare = {
    key: `${nx}|${nh}|${T}`,
    lstm: { ...counts.lstm, usPerStep: null },
    gru: { ...counts.gru, usPerStep: null },
  };
  return {
    tokens,
    T,
    nx,
    nh,
    forward,
    backward,
    gru: { h: gru.h },
    step: Math.min(s.step, T),
    unit: Math.min(s.unit, nh),
    check,
    compare,
  };
}

/** ‖dL/dc⟨t⟩‖ and ‖dL/da⟨t⟩‖ against the distance T − 1 − t from the loss (norms by the core's rowDots). */
export function gradientNorms(sl, backward, T, nh) {
  const norms = (a) => Array.from(sl.rowDots(a, a, T, nh), Math.sqrt).reverse();
  return {
    distance: Array.from({ length: T }, (_, k) => k),
    dc: norms(backward.dcPerStep),
    dh: norms(backward.dhPerStep),
  };
}
