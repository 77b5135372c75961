// widget-rope.test.mjs — the model of <seqlab-rope>: rotation keeps the norm; q_m·k_n against a
// rotation written out in float64 and independent of the start m; the decay curve against its
// definition with θ_l = base^(−2l/d) computed here, and its value d/4 + 1/2 at distance 0.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { gaussianMatrix } from '../../web/src/core/random.js';
import { decayCurve, OFFSETS, pairOf, ropeModel } from '../../web/src/widgets/rope/model.js';
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
});
