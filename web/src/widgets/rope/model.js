// model.js — the numbers of <seqlab-rope>, without the DOM: a seeded query rotated to position
// m, its norm before and after, q_m·k_n against n − m from two starting positions, the angle
// table, and the long-term decay curve. Rotations, angles and dot products come from the core.
import { TextError } from '../../core/i18n.js';
import { gaussianMatrix } from '../../core/random.js';

/** Offsets n − m of the relative curve, and the distances of the decay curve. */
export const OFFSETS = Array.from({ length: 65 }, (_, i) => i - 32);
export const DECAY_REACH = 256;
/** Rows of the angle table drawn. */
export const ANGLE_ROWS = 64;

/** The core's RoPE options for the settings: base and scaling. */
export function ropeOptions(s) {
  return { base: s.base, scaling: s.scaling === 'none' ? undefined : { type: s.scaling, factor: s.factor } };
}

/** q_m·k_n for n − m in OFFSETS, from m = m0: rotations and dot products by the core. */
export function relativeScores(sl, q, k, d, opts, m0) {
  const rq = sl.rope(q, 1, d, { ...opts, positions: [m0] });
  const ks = new Float32Array(OFFSETS.length * d);
  OFFSETS.forEach((_, i) => ks.set(k, i * d));
  const rk = sl.rope(ks, OFFSETS.length, d, { ...opts, positions: OFFSETS.map((o) => m0 + o) });
  return sl.matmul(rq, rk, 1, d, OFFSETS.length, { transposeB: true });
}

/**
 * RoFormer's long-term decay: for each distance r, (1/(d/2)) Σ_j |S_j| with the partial sums
 * S_j = Σ_{l<j} e^{i·r·θ_l}, from the core's angles r·θ_l (rows of ropeAngles). The sums of
 * cosines and sines are done here in float64; the core has no function for them.
 */
export function decayCurve(angles, rows, half) {
  const decay = [];
  for (let r = 0; r < rows; r++) {
    let re = 0,
      im = 0,
      total = 0;
    for (let j = 0; j < half; j++) {
      re += Math.cos(angles[r * half + j]);
      im += Math.sin(angles[r * half + j]);
      total += Math.hypot(re, im);
    }
    decay.push(total / half);
  }
  return decay;
}

export function ropeModel(sl, s) {
  if (s.d % 2) throw new TextError('d must be even (RoPE rotates pairs of dimensions), got {d}.', { d: s.d });
  const d = s.d,
    half = d / 2;
  const opts = ropeOptions(s);
  const q = gaussianMatrix(s.seed * 2 + 1, 1, d),
    k = gaussianMatrix(s.seed * 2 + 2, 1, d);
  const rotated = sl.rope(q, 1, d, { ...opts, pairing: s.pairing, positions: [s.m] });
  const pairOpts = { ...opts, pairing: s.pairing };
  const relative = {
    offsets: OFFSETS,
    from40: relativeScores(sl, q, k, d, pairOpts, 40),
    from1000: relativeScores(sl, q, k, d, pairOpts, 1000),
  };
  const decay = decayCurve(sl.ropeAngles(DECAY_REACH + 1, d, opts), DECAY_REACH + 1, half);
  const angles = sl.ropeAngles(ANGLE_ROWS, d, opts);
  const norm = (v) => Math.sqrt(sl.rowDots(v, v, 1, d)[0]);
  return { q, rotated, angles, relative, decay, normBefore: norm(q), normAfter: norm(rotated) };
}

/** The two coordinates of pair i: adjacent (2i, 2i+1) or split halves (i, i + d/2). */
export function pairOf(pairing, d, i) {
  return pairing === 'interleaved' ? [2 * i, 2 * i + 1] : [i, i + d / 2];
}
