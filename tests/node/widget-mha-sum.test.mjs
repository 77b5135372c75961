// widget-mha-sum.test.mjs — the model of <seqlab-mha-sum>: Concat(H_1 … H_H)·W_O from the core's
// multi-head attention equals the sum of the per-head terms computed head by head; and one term
// against attention written out in float64.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { headTerm, mhaInputs, mhaSumModel } from '../../web/src/widgets/mha-sum/model.js';
import { loadSeqlab } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

const settings = (over = {}) => ({ n: 6, dModel: 8, heads: 3, dk: 4, seed: 2, ...over });

describe('mha-sum model', () => {
  for (const over of [{}, { heads: 1 }, { heads: 8, dk: 2, n: 17 }, { dModel: 5, dk: 7 }]) {
    it(`Concat·W_O equals Σ_h of the head terms to float32 round-off (${JSON.stringify(over)})`, () => {
      const s = settings(over);
      const r = mhaSumModel(sl, s);
      assert.equal(r.terms.length, s.heads);
      // outputs are O(1) sums of heads·dk float32 products, taken in two orders
      assert.ok(r.maxDiff < 1e-5, `max difference ${r.maxDiff}`);
      let worst = 0;
      r.sum.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - r.full[i]))));
      assert.equal(r.maxDiff, worst);
      const total = r.terms.reduce((acc, t) => acc.map((v, i) => v + t[i]), new Array(s.n * s.dModel).fill(0));
      total.forEach((v, i) => assert.ok(Math.abs(v - r.sum[i]) < 1e-6));
    });
  }

  it('one head term is softmax(Q_h K_hᵀ/√dk)·V_h·W_h^O, written out in float64', () => {
    const s = settings({ heads: 2, dk: 3 });
    const { n, dModel, heads, dk } = s;
    const w = mhaInputs(s);
    const hd = 1;
    const proj = (m) =>
      Array.from({ length: n * dk }, (_, idx) => {
        const i = Math.floor(idx / dk),
          c = idx % dk;
        let v = 0;
        for (let k = 0; k < dModel; k++) v += w.x[i * dModel + k] * m[k * heads * dk + hd * dk + c];
        return v;
      });
    const q = proj(w.wq),
      k = proj(w.wk),
      v = proj(w.wv);
    const term = headTerm(sl, w, s, hd);
    for (let i = 0; i < n; i++) {
      const sc = Array.from({ length: n }, (_, j) => {
        let d = 0;
        for (let c = 0; c < dk; c++) d += q[i * dk + c] * k[j * dk + c];
        return d / Math.sqrt(dk);
      });
      const mx = Math.max(...sc),
        e = sc.map((x) => Math.exp(x - mx)),
        z = e.reduce((a, b) => a + b, 0);
      const head = Array.from({ length: dk }, (_, c) => e.reduce((acc, wt, j) => acc + (wt / z) * v[j * dk + c], 0));
      for (let o = 0; o < dModel; o++) {
        let ref = 0;
        for (let c = 0; c < dk; c++) ref += head[c] * w.wo[(hd * dk + c) * dModel + o];
        assert.ok(Math.abs(term[i * dModel + o] - ref) < 1e-5, `term[${i}, ${o}] = ${term[i * dModel + o]} vs ${ref}`);
      }
    }
  });
});
