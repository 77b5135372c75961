// widget-orthogonal.test.mjs — the model of <seqlab-orthogonal>: the core's a_nn against the
// closed form e^{r²}/(N − 1 + e^{r²}), the whole matrix against its two values, and
// max |y − x| against its closed form r·(1 − a_nn).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { annCurve, approximationHolds, closedForm, orthogonalModel } from '../../web/src/widgets/orthogonal/model.js';
import { loadSeqlab } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

describe('orthogonal model', () => {
  for (const [N, r] of [
    [4, 1.5],
    [5, 3],
    [32, 0.5],
    [2, 0],
  ]) {
    it(`N = ${N}, r = ${r}: A has e^{r²}/(N−1+e^{r²}) on the diagonal, 1/(N−1+e^{r²}) elsewhere`, () => {
      const m = orthogonalModel(sl, { N, r });
      const off = 1 / (N - 1 + Math.exp(r * r));
      // float32 softmax of scores ≤ 9: weights within a few ulps of their value (≤ 1)
      for (let i = 0; i < N; i++)
        for (let j = 0; j < N; j++) assert.ok(Math.abs(m.weights[i * N + j] - (i === j ? m.closedForm : off)) < 1e-6);
      assert.equal(m.closedForm, closedForm(N, r));
      assert.ok(Math.abs(m.ann - m.closedForm) < 1e-6);
      // y_n − x_n = r(a_nn − 1) on the diagonal and r·off elsewhere, and 1 − a_nn = (N − 1)·off ≥ off
      assert.ok(
        Math.abs(m.maxYminusX - r * (1 - m.closedForm)) < 1e-6 * (1 + r),
        `${m.maxYminusX} vs ${r * (1 - m.closedForm)}`,
      );
      assert.equal(m.ratio, Math.exp(r * r) / N);
    });
  }

  it('the curve: core and closed form agree at every r; y ≈ x is claimed only past e^{r²} = 20N', () => {
    const c = annCurve(sl, 6);
    assert.equal(c.r.length, 41);
    c.r.forEach((_, i) => assert.ok(Math.abs(c.core[i] - c.closed[i]) < 1e-6));
    assert.equal(approximationHolds(orthogonalModel(sl, { N: 5, r: 3 }).ratio), true);
    assert.equal(approximationHolds(orthogonalModel(sl, { N: 5, r: 0.5 }).ratio), false);
  });
});
