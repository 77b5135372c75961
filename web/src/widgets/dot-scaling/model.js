// model.js — the numbers of <seqlab-dot-scaling>, without the DOM: Monte Carlo samples of aᵀb for
// Gaussian a, b in d dimensions (the dot products by the core's rowDots), their mean and mean
// square (expected 0 and d), a histogram against the N(0, d) density, and for d = 1 … 1024 the
// mean square and the softmax over 16 keys (the core's softmax) with and without 1/√d: its
// largest weight and its entropy. The sampling is done in slices (work()), so the view can
// spread it over several tasks; dotScalingModel() runs it to the end at once.
import { prng } from '../../core/random.js';

/** Keys per softmax row and rows per d in the saturation curves; the d values of the curves. */
export const KEYS = 16,
  TRIALS = 200;
export const D_LIST = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
/** The entropy of a uniform softmax over KEYS keys, the ceiling of the entropy curve (nats). */
export const UNIFORM_ENTROPY = Math.log(KEYS);
/** Gaussian numbers drawn per block (of a and of b): about a millisecond of work. */
export const BLOCK = 1 << 14;
/** Samples of (aᵀb)² per d in the mean-square curve. */
const M2_SAMPLES = 500;
/** Bins of the histogram, over ±HIST_SIGMAS·√d. */
export const BINS = 40,
  HIST_SIGMAS = 4;

/**
 * aᵀb for `rows` pairs of Gaussian vectors in d dimensions, a block of rows at a time. a and b
 * come from two seeded streams read in order, so the numbers do not depend on the block sizes.
 */
export class DotSampler {
  constructor(sl, d, rows, seedA, seedB) {
    Object.assign(this, { sl, d, rows, done: 0, out: new Float32Array(rows), ga: prng(seedA), gb: prng(seedB) });
  }

  get finished() {
    return this.done >= this.rows;
  }

  step(normals) {
    const r = Math.min(this.rows - this.done, Math.max(1, Math.floor(normals / this.d)));
    const a = new Float32Array(r * this.d),
      b = new Float32Array(r * this.d);
    for (let i = 0; i < a.length; i++) a[i] = this.ga.normal();
    for (let i = 0; i < b.length; i++) b[i] = this.gb.normal();
    this.out.set(this.sl.rowDots(a, b, r, this.d), this.done);
    this.done += r;
  }
}

/** Mean and mean square of the samples. */
export function moments(xs) {
  let mean = 0,
    sq = 0;
  for (const v of xs) ((mean += v), (sq += v * v));
  return { mean: mean / xs.length, meanSquare: sq / xs.length };
}

/**
 * The softmax of each of `rows` rows of `keys` scores at a temperature (the core's softmax;
 * softmax(s/√d) is temperature √d): the mean over rows of the largest weight and of the entropy
 * in nats. The core has no reduction for these; they are done here.
 */
export function softmaxStats(sl, scores, rows, keys, temperature) {
  const p = sl.softmax(scores, rows, keys, { temperature });
  let top = 0,
    ent = 0;
  for (let r = 0; r < rows; r++) {
    let mx = 0;
    for (let k = 0; k < keys; k++) {
      const v = p[r * keys + k];
      mx = Math.max(mx, v);
      if (v > 0) ent -= v * Math.log(v);
    }
    top += mx;
  }
  return { top: top / rows, ent: ent / rows };
}

/** Densities of BINS bins over ±HIST_SIGMAS·√d (samples outside are left out), and their centres. */
export function histogram(xs, d) {
  const lim = HIST_SIGMAS * Math.sqrt(d),
    w = (2 * lim) / BINS;
  const counts = new Array(BINS).fill(0);
  for (const v of xs) if (v >= -lim && v < lim) counts[Math.floor((v + lim) / w)]++;
  return { centers: counts.map((_, i) => -lim + (i + 0.5) * w), density: counts.map((c) => c / (xs.length * w)) };
}

/** The N(0, d) density at x. */
export const normalDensity = (x, d) => Math.exp((-x * x) / (2 * d)) / Math.sqrt(2 * Math.PI * d);

/** The curves across d: they depend on the seed only, so a view keeps them while d changes. */
export function curvesFor(sl, seed) {
  return {
    seed,
    m2: D_LIST.map((dd) => new DotSampler(sl, dd, M2_SAMPLES, (seed + dd) * 2 + 1, (seed + dd) * 2 + 2)),
    scores: D_LIST.map((dd) => new DotSampler(sl, dd, TRIALS * KEYS, (seed + 7 * dd) * 2 + 1, (seed + 7 * dd) * 2 + 2)),
    rows: [],
  };
}

/** A sampling job for the settings; `curves` from curvesFor(), shared between jobs of one seed. */
export function createJob(sl, { d, samples, seed }, curves) {
  return { sl, main: new DotSampler(sl, d, samples, seed * 2 + 1, seed * 2 + 2), curves };
}

/** Samples for up to ms milliseconds (at least one block); then the statistics of every finished d. */
export function work(job, ms) {
  const t0 = performance.now();
  const c = job.curves;
  do {
    const next = !job.main.finished ? job.main : (c.m2.find((x) => !x.finished) ?? c.scores.find((x) => !x.finished));
    if (!next) break;
    next.step(BLOCK);
  } while (performance.now() - t0 < ms);
  for (let i = c.rows.length; i < D_LIST.length && c.m2[i].finished && c.scores[i].finished; i++) {
    const dd = D_LIST[i];
    const { meanSquare } = moments(c.m2[i].out);
    const stats = (temperature) => softmaxStats(job.sl, c.scores[i].out, TRIALS, KEYS, temperature);
    c.rows.push({ d: dd, m2: meanSquare, raw: stats(1), scaled: stats(Math.sqrt(dd)) });
  }
}

/** What the view shows of a job so far (its lastResult). */
export function resultOf(job) {
  const { main, curves } = job;
  const dots = main.out.subarray(0, main.done);
  const { mean, meanSquare } = moments(dots);
  const pending = main.rows - dots.length + D_LIST.length - curves.rows.length;
  return { d: main.d, samples: main.rows, done: dots.length, mean, meanSquare, dots, rows: curves.rows, pending };
}

/** Everything at once (for scripts and tests). */
export function dotScalingModel(sl, s) {
  const job = createJob(sl, s, curvesFor(sl, s.seed));
  while (resultOf(job).pending > 0) work(job, Infinity);
  return resultOf(job);
}
