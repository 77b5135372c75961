// model.js — the numbers of <seqlab-sinusoidal>, without the DOM: the encoding table, the dot
// products PE(t)·PE(t+k) for |k| ≤ 64 from two positions, and the shift check
// T(k)·PE(t) = PE(t+k) in the interleaved layout. All of it from the core.
import { TextError } from '../../core/i18n.js';

/** How far the dot-product curve reaches on each side of t. */
export const REACH = 64;

/** PE(t)·PE(t+k) for the k with 0 ≤ t+k < nPos, |k| ≤ REACH: one rowDots call of the core. */
export function dotsAgainstShift(sl, pe, nPos, d, t) {
  const lo = Math.max(0, t - REACH),
    hi = Math.min(nPos - 1, t + REACH),
    rows = hi - lo + 1;
  const repeated = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) repeated.set(pe.subarray(t * d, (t + 1) * d), r * d);
  const dot = Array.from(sl.rowDots(repeated, pe.subarray(lo * d, (hi + 1) * d), rows, d));
  return { t, k: Array.from({ length: rows }, (_, r) => lo + r - t), dot };
}

/**
 * T(k)·PE(t) against PE(t+k) (interleaved layout, where each (sin, cos) pair is adjacent), or
 * null when t + k is outside the table.
 */
export function shiftCheck(sl, inter, tk, nPos, d, t, k) {
  if (t + k < 0 || t + k >= nPos) return null;
  const moved = sl.matmul(tk, inter.subarray(t * d, (t + 1) * d), d, d, 1);
  const target = inter.slice((t + k) * d, (t + k + 1) * d);
  return { t, k, moved, target, maxDiff: sl.maxAbsDiff(moved, target) };
}

export function sinusoidalModel(sl, s) {
  if (s.dModel % 2) throw new TextError('d_model must be even (sin and cos come in pairs), got {d}.', { d: s.dModel });
  const n = s.nPos,
    d = s.dModel;
  const pe = sl.sinusoidal(n, d, { base: s.base, layout: s.layout });
  const dots = [s.t, s.t2].filter((t) => t < n).map((t) => dotsAgainstShift(sl, pe, n, d, t));
  if (!dots.length) throw new TextError('Position t must be below the number of positions ({n}).', { n });
  const inter = s.layout === 'interleaved' ? pe : sl.sinusoidal(n, d, { base: s.base });
  const tk = sl.sinusoidalShift(s.k, d, { base: s.base });
  const check = shiftCheck(sl, inter, tk, n, d, Math.min(s.t, n - 1), s.k);
  return { pe, dots, tk, check, nPos: n, dModel: d };
}

/** Which function and frequency make PE[i, j]: {fn: 'sin' | 'cos', pair}. */
export function entryOf(layout, d, j) {
  const concat = layout === 'concat';
  const pair = concat ? j % (d / 2) : Math.floor(j / 2);
  return { fn: (concat ? j < d / 2 : j % 2 === 0) ? 'sin' : 'cos', pair };
}
