// posenc.test.mjs — sinusoidal encodings, T(k), RoPE and ALiBi through the public JS API:
// PyTorch-computed formulas, identities, and bad input. Tolerance 1e-5 relative + 1e-6 absolute:
// the core forms angles in double and rounds once to float, so the error is float32 rounding of
// sin/cos (and of the rotated products).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { assertClose, assertSeqlabError, fixture, loadSeqlab, rng, SeqlabError } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});
const golden = fixture('posenc');

describe('positional encodings match the formulas', () => {
  for (const c of golden.sinusoidal) {
    it(`sinusoidal ${c.layout} nPos=${c.nPos} d=${c.dModel} base=${c.base}`, () => {
      assertClose(sl.sinusoidal(c.nPos, c.dModel, { base: c.base, layout: c.layout }), c.pe);
    });
  }
  for (const c of golden.shift) {
    it(`T(k) k=${c.k} d=${c.dModel} base=${c.base}`, () =>
      assertClose(sl.sinusoidalShift(c.k, c.dModel, { base: c.base }), c.t));
  }
  for (const c of golden.rope.cases) {
    const label = `rope ${c.pairing}${c.positions ? ' custom positions' : ''}${c.scaling ? ` ${c.scaling.type}×${c.scaling.factor}` : ''}`;
    it(label, () => {
      const opts = {
        base: c.base,
        pairing: c.pairing,
        positions: c.positions ?? undefined,
        scaling: c.scaling ?? undefined,
      };
      assertClose(sl.rope(golden.rope.x, golden.rope.nPos, golden.rope.d, opts), c.out);
      const { pairing: _pairing, ...angleOpts } = opts;
      assertClose(sl.ropeAngles(golden.rope.nPos, golden.rope.d, angleOpts), c.angles);
    });
  }
  it('ALiBi slopes for 1, 2, 3, 5, 6, 8, 12, 16, 32 heads (the paper’s rule for non-powers of two)', () => {
    for (const [heads, slopes] of Object.entries(golden.alibiSlopes))
      assertClose(sl.alibiSlopes(Number(heads)), slopes, { rtol: 1e-7, atol: 0, what: `${heads} heads` });
    assert.deepEqual([...sl.alibiSlopes(8)], [1 / 2, 1 / 4, 1 / 8, 1 / 16, 1 / 32, 1 / 64, 1 / 128, 1 / 256]);
  });
  for (const c of golden.alibiBias) {
    it(`ALiBi bias ${c.causal ? 'causal' : 'symmetric'} heads=${c.heads} n=${c.n} m=${c.m}${c.slopes ? ' custom slopes' : ''}`, () => {
      assertClose(sl.alibiBias(c.heads, c.n, { m: c.m, causal: c.causal, slopes: c.slopes }), c.bias);
    });
  }
  for (const c of golden.multiHead) {
    it(`multiHeadAttention posenc '${c.posenc}'${c.causal ? ' causal' : ''}`, () => {
      const r = sl.multiHeadAttention({
        x: c.x,
        n: c.n,
        dModel: c.dModel,
        heads: c.heads,
        dk: c.dk,
        wq: c.wq,
        wk: c.wk,
        wv: c.wv,
        wo: c.wo,
        posenc: c.posenc,
        causal: c.causal,
      });
      assertClose(r.weights, c.weights, { what: 'weights' });
      assertClose(r.out, c.out, { what: 'out', normwise: true });
    });
  }
});

describe('identities', () => {
  const g = rng(3);
  it('RoPE keeps each pair’s norm and the total norm, for both pairings', () => {
    const n = 9,
      d = 12;
    const x = g.array(n * d);
    for (const pairing of ['interleaved', 'half']) {
      const y = sl.rope(x, n, d, { pairing, positions: [0, 1, 5, 17, 200, 4000, -3, 9, 64] });
      for (let p = 0; p < n; p++)
        for (let i = 0; i < d / 2; i++) {
          const [a, b] = pairing === 'interleaved' ? [2 * i, 2 * i + 1] : [i, i + d / 2];
          const before = Math.hypot(x[p * d + a], x[p * d + b]),
            after = Math.hypot(y[p * d + a], y[p * d + b]);
          assert.ok(Math.abs(before - after) <= 1e-6 * (1 + before), `pair ${i} at row ${p}`);
        }
    }
  });
  it('⟨R_m q, R_n k⟩ depends on n − m only', () => {
    const d = 16,
      q = g.array(d),
      k = g.array(d);
    for (const offset of [0, 1, 7, -5, 300]) {
      const dots = [0, 3, 50, 1000].map((m) => {
        const rq = sl.rope(q, 1, d, { positions: [m] });
        const rk = sl.rope(k, 1, d, { positions: [m + offset] });
        return rq.reduce((s, v, i) => s + v * rk[i], 0);
      });
      for (const v of dots) assert.ok(Math.abs(v - dots[0]) < 1e-4, `offset ${offset}: ${dots}`);
      // and equals ⟨q, R_{n−m} k⟩
      const direct = q.reduce((s, v, i) => s + v * sl.rope(k, 1, d, { positions: [offset] })[i], 0);
      assert.ok(Math.abs(direct - dots[0]) < 1e-4);
    }
  });
  it('PE(t+k) = T(k)·PE(t) for many t and k, and PE(t)·PE(t+k) = Σ cos(k ω_i)', () => {
    const d = 16,
      n = 200;
    const pe = sl.sinusoidal(n, d);
    for (const k of [-7, -1, 0, 1, 4, 33]) {
      const tk = sl.sinusoidalShift(k, d);
      for (const t of [10, 50, 120]) {
        const moved = sl.matmul(tk, pe.subarray(t * d, (t + 1) * d), d, d, 1);
        assertClose(moved, pe.subarray((t + k) * d, (t + k + 1) * d), { atol: 1e-5, what: `t=${t} k=${k}` });
        const dot = pe.subarray(t * d, (t + 1) * d).reduce((s, v, i) => s + v * pe[(t + k) * d + i], 0);
        const closed = Array.from({ length: d / 2 }, (_, i) => Math.cos(k * 10000 ** ((-2 * i) / d))).reduce(
          (s, v) => s + v,
          0,
        );
        assert.ok(Math.abs(dot - closed) < 1e-4, `dot at t=${t} k=${k}: ${dot} vs ${closed}`);
      }
    }
  });
  it('attention with alibiBias for one head equals multiHeadAttention posenc alibi', () => {
    const n = 6,
      dm = 4;
    const x = g.array(n * dm),
      eye = Float32Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const mha = sl.multiHeadAttention({
      x,
      n,
      dModel: dm,
      heads: 1,
      wq: eye,
      wk: eye,
      wv: eye,
      wo: eye,
      posenc: 'alibi',
      causal: true,
    });
    const bias = sl.alibiBias(1, n, { causal: true });
    const one = sl.attention({ q: x, k: x, v: x, n, dk: dm, bias, causal: true });
    assertClose(mha.weights, one.weights);
    assertClose(mha.out, one.out);
  });
});

describe('learned positional table', () => {
  it('is deterministic, N(0, std²), and looked up row by row', () => {
    const a = sl.learnedTable(512, 64, { seed: 9, std: 0.5 });
    assert.deepEqual(a, sl.learnedTable(512, 64, { seed: 9, std: 0.5 }));
    assert.notDeepEqual(a, sl.learnedTable(512, 64, { seed: 10, std: 0.5 }));
    const n = a.length;
    const mean = a.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
    // 32,768 samples: the mean's standard error is 0.5/√n ≈ 0.0028 and the sd's ≈ 0.5/√(2n) ≈ 0.002; 5σ bounds
    assert.ok(Math.abs(mean) < 0.014, `mean ${mean}`);
    assert.ok(Math.abs(sd - 0.5) < 0.01, `sd ${sd}`);
    const rows = sl.learnedLookup(a, 512, 64, [3, 0, 511]);
    assert.deepEqual(rows.subarray(0, 64), a.subarray(3 * 64, 4 * 64));
    assert.deepEqual(rows.subarray(128), a.subarray(511 * 64));
  });
  it('refuses a position beyond its length, saying why', () => {
    const a = sl.learnedTable(8, 4);
    assertSeqlabError(
      () => sl.learnedLookup(a, 8, 4, [2, 8]),
      SeqlabError,
      /learnedLookup: positions\[1\] = 8 is beyond the learned table \(length 8\): a learned table has no entry for a position it was not trained on/,
    );
    assertSeqlabError(() => sl.learnedLookup(a, 8, 4, [-1]), SeqlabError, /positions\[0\] = -1 is beyond/);
    assertSeqlabError(
      () => sl.learnedTable(8, 4, { std: -1 }),
      SeqlabError,
      /std must be between 0 and Infinity, got -1/,
    );
  });
});

describe('positional-encoding bad input', () => {
  const x = new Float32Array(16);
  const cases = [
    ['odd d', () => sl.rope(new Float32Array(14), 2, 7), /rope: d must be even \(dimensions come in pairs\), got 7/],
    ['odd dModel', () => sl.sinusoidal(4, 5), /sinusoidal: dModel must be even/],
    ['zero heads', () => sl.alibiSlopes(0), /alibiSlopes: heads must be at least 1, got 0/],
    ['negative heads', () => sl.alibiBias(-2, 4), /alibiBias: heads must be at least 1, got -2/],
    ['NaN base', () => sl.sinusoidal(4, 8, { base: NaN }), /base must be a finite number, got NaN/],
    ['base 1', () => sl.ropeAngles(4, 8, { base: 1 }), /base must be greater than 1, got 1/],
    [
      'unknown pairing',
      () => sl.rope(x, 2, 8, { pairing: 'adjacent' }),
      /pairing must be one of 'interleaved', 'half', got the string "adjacent"/,
    ],
    [
      'unknown layout',
      () => sl.sinusoidal(4, 8, { layout: 'stacked' }),
      /layout must be one of 'interleaved', 'concat'/,
    ],
    [
      'positions of the wrong length',
      () => sl.rope(x, 2, 8, { positions: [1, 2, 3] }),
      /positions must have nPos = 2 elements, got 3/,
    ],
    [
      'non-integer positions',
      () => sl.rope(x, 2, 8, { positions: [1, 2.5] }),
      /positions\[1\] must be an integer, got 2\.5/,
    ],
    [
      'NTK with d = 2',
      () => sl.rope(new Float32Array(2), 1, 2, { scaling: { type: 'ntk', factor: 2 } }),
      /d must be at least 4 for NTK scaling/,
    ],
    [
      'factor below 1',
      () => sl.rope(x, 2, 8, { scaling: { type: 'linear', factor: 0.5 } }),
      /factor must be between 1 and Infinity, got 0\.5/,
    ],
    [
      'unknown scaling',
      () => sl.rope(x, 2, 8, { scaling: { type: 'yarn', factor: 2 } }),
      /type must be one of 'none', 'linear', 'ntk'/,
    ],
    [
      'slopes of the wrong length',
      () => sl.alibiBias(3, 4, { slopes: [0.5, 0.25] }),
      /slopes must have heads = 3 elements, got 2/,
    ],
    ['k out of range', () => sl.sinusoidalShift(9000, 8), /k must be at most 8192 \(limit\), got 9000/],
    [
      'alibi slopes without posenc alibi',
      () =>
        sl.multiHeadAttention({
          x,
          n: 2,
          dModel: 8,
          heads: 1,
          wq: new Float32Array(64),
          wk: new Float32Array(64),
          wv: new Float32Array(64),
          wo: new Float32Array(64),
          alibi: [0.5],
        }),
      /alibi \(custom slopes\) needs posenc: 'alibi'/,
    ],
  ];
  for (const [name, call, pattern] of cases) {
    it(name, () => {
      assertSeqlabError(call, SeqlabError, pattern);
      assert.deepEqual([...sl.alibiSlopes(2)], [1 / 16, 1 / 256]);
    });
  }
});
