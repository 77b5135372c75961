// widget-rope.test.mjs — the model of <seqlab-rope>: rotation keeps the norm; q_m·k_n against a
// rotation written out in float64 and independent of the start m; the decay curve against its
// definition with θ_l = base^(−2l/d) computed here, and its value d/4 + 1/2 at distance 0.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { gaussianMatrix } from '../../web/src/core/random.js';
import { decayCurve, OFFSETS, pairOf, pairsShown, ropeModel } from '../../web/src/widgets/rope/model.js';
import { loadSeqlab } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

const settings = (over = {}) => ({
  d: 16,
  base: 10000,
  pairing: 'interleaved',
  scaling: 'none',
  factor: 4,
  m: 3,
  seed: 2,
  ...over,
});

/** q·k after rotating q to m0 and k to m0 + o, pair by pair in float64. */
function scoreRef(q, k, d, base, pairing, o) {
  let s = 0;
  for (let i = 0; i < d / 2; i++) {
    const [a, b] = pairOf(pairing, d, i);
    const th = base ** ((-2 * i) / d);
    // rotating both by their angles leaves the difference o·θ between them
    s += (q[a] * k[a] + q[b] * k[b]) * Math.cos(o * th) + (q[b] * k[a] - q[a] * k[b]) * Math.sin(o * th);
  }
  return s;
}

describe('rope model', () => {
  for (const pairing of ['interleaved', 'half']) {
    it(`the rotation keeps the norm and q_m·k_n depends only on n − m (${pairing})`, () => {
      const s = settings({ pairing, m: 150 });
      const r = ropeModel(sl, s);
      assert.ok(Math.abs(r.normAfter - r.normBefore) < 1e-5 * r.normBefore, `${r.normBefore} → ${r.normAfter}`);
      const k = gaussianMatrix(s.seed * 2 + 2, 1, s.d); // the model's key: the seed's second row
      OFFSETS.forEach((o, i) => {
        const ref = scoreRef(r.q, k, s.d, s.base, pairing, o);
        // float32 angles up to 1032 rad lose ~1e-4 rad; scores are O(|q||k|) ≈ 16
        assert.ok(
          Math.abs(r.relative.from40[i] - ref) < 5e-3,
          `from 40, offset ${o}: ${r.relative.from40[i]} vs ${ref}`,
        );
        assert.ok(Math.abs(r.relative.from1000[i] - ref) < 5e-3, `from 1000, offset ${o}`);
      });
    });
  }

  it('decay: 1/(d/2) Σ_j |S_j| against its definition, and (d/2 + 1)/2 at distance 0', () => {
    for (const d of [8, 16, 64]) {
      const r = ropeModel(sl, settings({ d }));
      const half = d / 2;
      assert.equal(r.decay[0], (half + 1) / 2);
      for (const dist of [1, 7, 100, 256]) {
        let re = 0,
          im = 0,
          total = 0;
        for (let l = 0; l < half; l++) {
          const a = dist * 10000 ** ((-2 * l) / d);
          re += Math.cos(a);
          im += Math.sin(a);
          total += Math.hypot(re, im);
        }
        assert.ok(
          Math.abs(r.decay[dist] - total / half) < 1e-3,
          `d = ${d}, distance ${dist}: ${r.decay[dist]} vs ${total / half}`,
        );
      }
    }
    // one pair: |S_1| = 1 at every distance
    assert.deepEqual(decayCurve(Float32Array.of(0.3, 2, 5), 3, 1), [1, 1, 1]);
  });

  it('linear scaling by s divides every angle by s', () => {
    const plain = ropeModel(sl, settings());
    const linear = ropeModel(sl, settings({ scaling: 'linear', factor: 4 }));
    plain.angles.forEach((a, i) => assert.ok(Math.abs(linear.angles[i] - a / 4) < 1e-5 * (1 + a)));
  });

  it('refuses an odd d', () => {
    assert.throws(
      () => ropeModel(sl, settings({ d: 7 })),
      (e) => e.name === 'TextError' && /got 7/.test(e.message),
    );
  });

  it('the angle heatmap shows cos of the angles, in [−1, 1], not unbounded radians', () => {
    const r = ropeModel(sl, settings({ d: 128 }));
    r.angles.forEach((a, i) => assert.ok(Math.abs(r.cosAngles[i] - Math.cos(a)) < 1e-6));
    assert.ok(Math.max(...r.angles) > 60, 'the radians themselves run far past one turn');
  });

  it('at d = 128 the decay is visible: the mean over each later window of distances is lower', () => {
    const r = ropeModel(sl, settings({ d: 128 }));
    const mean = (a, b) => r.decay.slice(a, b).reduce((x, y) => x + y, 0) / (b - a);
    const windows = [mean(1, 32), mean(32, 96), mean(96, 160), mean(160, 257)];
    for (let i = 1; i < windows.length; i++) assert.ok(windows[i] < windows[i - 1], `windows ${windows}`);
    // at d = 16 it is not monotone: the reason the default is no longer 16
    const r16 = ropeModel(sl, settings({ d: 16 }));
    const m16 = (a, b) => r16.decay.slice(a, b).reduce((x, y) => x + y, 0) / (b - a);
    assert.ok(m16(160, 257) > m16(96, 160), 'd = 16 wiggles back up');
  });

  it('with a scaling the unscaled curves come along for comparison, equal to the model without scaling', () => {
    const plain = ropeModel(sl, settings({ d: 64 }));
    assert.equal(plain.unscaled, null);
    for (const scaling of ['linear', 'ntk']) {
      const r = ropeModel(sl, settings({ d: 64, scaling, factor: 4 }));
      assert.deepEqual(r.unscaled.decay, plain.decay);
      assert.deepEqual(Array.from(r.unscaled.from40), Array.from(plain.relative.from40));
      assert.notDeepEqual(r.decay, plain.decay);
    }
  });

  it('circles: every pair up to 8, else 8 from the first to the last', () => {
    assert.deepEqual(pairsShown(4), [0, 1, 2, 3]);
    assert.deepEqual(pairsShown(64), [0, 9, 18, 27, 36, 45, 54, 63]);
  });
});
