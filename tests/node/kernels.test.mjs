// kernels.test.mjs — the hand-written WebAssembly SIMD kernels against the scalar reference build
// of the same core, on sizes that are not multiples of the vector width (tails), n = 1, and
// special values. Tolerance: 1e-5 relative + 1e-6 absolute — the two differ only in summation
// order (4 lanes vs 4 keys) and in exp (a polynomial with ~1e-7 relative error vs libm's expf).
// Raw products (logits, matmul) are held to the forward-error bound 2·k·u·Σ|a||b| instead, since
// a sum that cancels to near zero keeps the absolute error of its terms; results downstream of
// products are compared normwise (1e-5 of the largest entry).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import createScalarCore from '../../build/seqlab_core_scalar.mjs';
import { assertClose, assertProductClose, loadSeqlab, rng } from './helpers.mjs';

let simd, scalar;
before(async () => {
  simd = await loadSeqlab();
  scalar = await loadSeqlab({ createCore: createScalarCore });
});

/** float64 reference of one attention row block, independent of both builds. */
function attentionRef(q, k, v, n, m, dk, dv, scale) {
  const w = new Float64Array(n * m),
    out = new Float64Array(n * dv);
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < dk; p++) s += q[i * dk + p] * k[j * dk + p];
      w[i * m + j] = s * scale;
      mx = Math.max(mx, w[i * m + j]);
    }
    let z = 0;
    for (let j = 0; j < m; j++) z += w[i * m + j] = Math.exp(w[i * m + j] - mx);
    for (let j = 0; j < m; j++) {
      w[i * m + j] /= z;
      for (let c = 0; c < dv; c++) out[i * dv + c] += w[i * m + j] * v[j * dv + c];
    }
  }
  return { weights: w, out };
}

describe('SIMD and scalar kernels agree', () => {
  it('the builds are what they claim', () => {
    assert.equal(simd.simd, true);
    assert.equal(scalar.simd, false);
  });

  const g = rng(99);
  const shapes = [
    [1, 1, 1, 1],
    [1, 7, 3, 5],
    [3, 5, 7, 2],
    [5, 9, 13, 6],
    [17, 33, 65, 3],
    [4, 4, 4, 4],
    [2, 130, 63, 9],
  ];
  for (const [n, m, dk, dv] of shapes) {
    it(`attention n=${n} m=${m} dk=${dk} dv=${dv}, with and without causal / mask / bias`, () => {
      const q = g.array(n * dk),
        k = g.array(m * dk),
        v = g.array(m * dv);
      const mask = Uint8Array.from({ length: n * m }, () => (g.uniform() < 0.8 ? 1 : 0));
      const bias = g.array(n * m);
      for (const extra of [{}, { causal: true }, { mask, bias, temperature: 0.37 }]) {
        const a = simd.attention({ q, k, v, n, m, dk, dv, ...extra, steps: true });
        const b = scalar.attention({ q, k, v, n, m, dk, dv, ...extra, steps: true });
        assertProductClose(a.logits, b.logits, q, k, n, dk, m, { transposeB: true, what: 'logits' });
        for (const key of ['scaled', 'scores', 'weights', 'out'])
          assertClose(a[key], b[key], { what: key, normwise: key !== 'weights' });
      }
      const ref = attentionRef(q, k, v, n, m, dk, dv, 1 / Math.sqrt(dk));
      assertClose(simd.attention({ q, k, v, n, m, dk, dv }).weights, ref.weights, { what: 'weights vs float64' });
      assertClose(simd.attention({ q, k, v, n, m, dk, dv }).out, ref.out, { what: 'out vs float64', normwise: true });
    });
  }

  it('softmax tails and special rows (NaN, ±Inf, all masked, very wide range)', () => {
    for (const cols of [1, 2, 3, 4, 5, 7, 8, 9, 31, 1000]) {
      const rows = 6;
      const x = g.array(rows * cols, () => g.normal() * 30);
      x[0] = NaN;
      if (cols > 1) x[cols + 1] = Infinity;
      for (let j = 0; j < cols; j++) x[2 * cols + j] = -Infinity;
      x[3 * cols] = 1e30;
      x[4 * cols] = -88.5; // where exp underflows
      const a = simd.softmax(x, rows, cols);
      const b = scalar.softmax(x, rows, cols);
      assertClose(a, b, { what: `softmax cols=${cols}` });
    }
  });

  it('matmul tails, both layouts', () => {
    for (const [n, k, m] of [
      [1, 1, 1],
      [3, 5, 7],
      [6, 17, 9],
      [2, 64, 65],
    ]) {
      const a = g.array(n * k),
        b = g.array(k * m);
      assertProductClose(simd.matmul(a, b, n, k, m), scalar.matmul(a, b, n, k, m), a, b, n, k, m, { what: 'nn' });
      const bt = g.array(m * k);
      assertProductClose(
        simd.matmul(a, bt, n, k, m, { transposeB: true }),
        scalar.matmul(a, bt, n, k, m, { transposeB: true }),
        a,
        bt,
        n,
        k,
        m,
        { transposeB: true, what: 'nt' },
      );
    }
  });

  it('multi-head attention with every positional encoding', () => {
    const n = 7,
      dModel = 10,
      heads = 3,
      dk = 6,
      dv = 5;
    const x = g.array(n * dModel),
      wq = g.array(dModel * heads * dk),
      wk = g.array(dModel * heads * dk);
    const wv = g.array(dModel * heads * dv),
      wo = g.array(heads * dv * dModel);
    for (const posenc of ['none', 'rope', 'alibi', 'sinusoidal']) {
      const args = { x, n, dModel, heads, dk, dv, wq, wk, wv, wo, posenc, causal: posenc === 'alibi' };
      const a = simd.multiHeadAttention(args),
        b = scalar.multiHeadAttention(args);
      for (const key of ['weights', 'headOut', 'out'])
        assertClose(a[key], b[key], { what: `${posenc} ${key}`, normwise: key !== 'weights' });
    }
  });
});
