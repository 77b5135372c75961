// widget-sinusoidal.test.mjs — the model of <seqlab-sinusoidal>: the table against sin/cos of
// t·ω_i, the dot-product curve against its closed form Σ_i cos(k·ω_i) (the same from every t),
// and the shift check T(k)·PE(t) = PE(t+k).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { entryOf, sinusoidalModel } from '../../web/src/widgets/sinusoidal/model.js';
import { loadSeqlab } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

const settings = (over = {}) => ({
  nPos: 64,
  dModel: 32,
  base: 10000,
  layout: 'interleaved',
  t: 10,
  t2: 40,
  k: 5,
  ...over,
});
const omega = (base, d, i) => base ** ((-2 * i) / d);

describe('sinusoidal model', () => {
  for (const layout of ['interleaved', 'concat']) {
    it(`PE[t, j] is sin or cos of t·ω_i as entryOf says (${layout})`, () => {
      const s = settings({ layout, base: 500 });
      const r = sinusoidalModel(sl, s);
      for (let t = 0; t < s.nPos; t++)
        for (let j = 0; j < s.dModel; j++) {
          const { fn, pair } = entryOf(layout, s.dModel, j);
          const x = t * omega(s.base, s.dModel, pair);
          // float32 sin/cos of arguments up to 63: a few ulps of the argument
          assert.ok(Math.abs(r.pe[t * s.dModel + j] - Math[fn](x)) < 2e-5, `PE[${t}, ${j}]`);
        }
    });
  }

  it('PE(t)·PE(t+k) = Σ_i cos(k·ω_i), the same from t and from t′', () => {
    const s = settings();
    const r = sinusoidalModel(sl, s);
    assert.deepEqual(
      r.dots.map((x) => x.t),
      [10, 40],
    );
    for (const { k, dot } of r.dots) {
      k.forEach((kk, idx) => {
        let expected = 0;
        for (let i = 0; i < s.dModel / 2; i++) expected += Math.cos(kk * omega(s.base, s.dModel, i));
        // 32 float32 products of entries ≤ 1: well under 1e-4
        assert.ok(Math.abs(dot[idx] - expected) < 1e-4, `k = ${kk}: ${dot[idx]} vs ${expected}`);
      });
    }
    // |k| ≤ 64 within the table: t = 10 reaches −10 … 53
    assert.equal(r.dots[0].k[0], -10);
    assert.equal(r.dots[0].k.at(-1), 53);
  });

  it('the shift check holds to float32 round-off, and is absent when t + k leaves the table', () => {
    const r = sinusoidalModel(sl, settings({ layout: 'concat' }));
    assert.ok(r.check.maxDiff < 1e-5, `max |T(k)·PE(t) − PE(t+k)| = ${r.check.maxDiff}`);
    assert.equal(r.check.maxDiff, Math.max(...r.check.moved.map((v, i) => Math.abs(v - r.check.target[i]))));
    assert.equal(sinusoidalModel(sl, settings({ t: 2, k: -5 })).check, null);
  });

  it('refuses an odd d_model and positions past the table, with text keys the view translates', () => {
    assert.throws(
      () => sinusoidalModel(sl, settings({ dModel: 31 })),
      (e) => e.name === 'TextError' && e.key.startsWith('d_model must be even') && /got 31/.test(e.message),
    );
    assert.throws(
      () => sinusoidalModel(sl, settings({ nPos: 8, t: 9, t2: 12 })),
      /below the number of positions \(8\)/,
    );
  });
});
