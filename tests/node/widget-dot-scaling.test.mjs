// widget-dot-scaling.test.mjs — the model of <seqlab-dot-scaling>: each sample is aᵀb of the two
// seeded Gaussian streams (written out here); the samples do not depend on the block size; the
// mean square is d within 5 standard errors (Var((aᵀb)²) = 2d² + 6d for Gaussian a, b); the
// softmax statistics against their closed forms at the two extremes; the histogram's mass.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { prng } from '../../web/src/core/random.js';
import {
  D_LIST,
  DotSampler,
  dotScalingModel,
  histogram,
  KEYS,
  moments,
  softmaxStats,
  TRIALS,
} from '../../web/src/widgets/dot-scaling/model.js';
import { loadSeqlab } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

/** 5 standard errors of the mean of n samples of (aᵀb)² in d dimensions. */
const fiveSigma = (d, n) => 5 * Math.sqrt((2 * d * d + 6 * d) / n);

describe('dot-scaling model', () => {
  it('a sample is aᵀb of the next d numbers of each seeded stream, whatever the block size', () => {
    const d = 7,
      rows = 50;
    const whole = new DotSampler(sl, d, rows, 11, 12);
    whole.step(1e9);
    const bits = new DotSampler(sl, d, rows, 11, 12);
    while (!bits.finished) bits.step(3 * d); // three rows at a time
    assert.deepEqual(bits.out, whole.out);
    const ga = prng(11),
      gb = prng(12);
    for (let r = 0; r < rows; r++) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += Math.fround(ga.normal()) * Math.fround(gb.normal());
      assert.ok(Math.abs(whole.out[r] - dot) < 1e-5 * (1 + Math.abs(dot)), `row ${r}`);
    }
  });

  it('E[aᵀb] ≈ 0 and E[(aᵀb)²] ≈ d, here and for every d of the curve', () => {
    const r = dotScalingModel(sl, { d: 100, samples: 8000, seed: 1 });
    assert.equal(r.pending, 0);
    assert.equal(r.done, 8000);
    assert.ok(Math.abs(r.meanSquare - 100) < fiveSigma(100, 8000), `E[(aᵀb)²] ≈ ${r.meanSquare}`);
    assert.ok(Math.abs(r.mean) < 5 * Math.sqrt(100 / 8000), `mean ${r.mean}`);
    assert.deepEqual(
      r.rows.map((x) => x.d),
      D_LIST,
    );
    for (const row of r.rows) assert.ok(Math.abs(row.m2 - row.d) < fiveSigma(row.d, 500), `d = ${row.d}: ${row.m2}`);
  });

  it('unscaled scores saturate the softmax at large d, scaled ones do not', () => {
    const { rows } = dotScalingModel(sl, { d: 4, samples: 100, seed: 3 });
    const last = rows.at(-1);
    assert.ok(
      last.raw.top > 0.8 && last.scaled.top < 0.5,
      `largest weights at d = 1024: ${last.raw.top}, ${last.scaled.top}`,
    );
    assert.ok(last.raw.ent < 0.5 && last.scaled.ent > 1.5, `entropies ${last.raw.ent}, ${last.scaled.ent}`);
  });

  it('softmaxStats: equal scores give 1/KEYS and ln KEYS; one dominant score gives 1 and 0', () => {
    const flat = softmaxStats(sl, new Float32Array(TRIALS * KEYS), TRIALS, KEYS, 1);
    assert.ok(Math.abs(flat.top - 1 / KEYS) < 1e-7 && Math.abs(flat.ent - Math.log(KEYS)) < 1e-5, JSON.stringify(flat));
    const peaked = new Float32Array(2 * KEYS);
    peaked[3] = 200;
    peaked[KEYS + 9] = 200;
    const p = softmaxStats(sl, peaked, 2, KEYS, 1);
    assert.equal(p.top, 1);
    assert.equal(p.ent, 0);
  });

  it('moments and histogram: closed forms on small data; the histogram holds the mass inside ±4√d', () => {
    assert.deepEqual(moments([1, 2, 3]), { mean: 2, meanSquare: 14 / 3 });
    const xs = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 9);
    const d = 4,
      hist = histogram(xs, d);
    const w = hist.centers[1] - hist.centers[0];
    const inside = xs.filter((v) => v >= -8 && v < 8).length;
    const mass = hist.density.reduce((a, b) => a + b, 0) * w;
    assert.ok(Math.abs(mass - inside / xs.length) < 1e-12, `${mass} vs ${inside / xs.length}`);
  });
});
