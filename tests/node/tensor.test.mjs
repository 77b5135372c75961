// tensor.test.mjs — the shared bookkeeping (wasm/lib/tensor.mjs) through the public API: each
// function against an independent construction (index formulas written out, the core's own
// results), round trips that must be exact, and bad arguments.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { assertSeqlabError, loadSeqlab, rng, SeqlabError } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

describe('headColumns and headBlock', () => {
  it('headColumns picks element (i, head·d + c) for (i, c)', () => {
    const rows = 5,
      heads = 3,
      d = 4;
    const m = rng(1).array(rows * heads * d);
    for (let head = 0; head < heads; head++) {
      const out = sl.headColumns(m, rows, heads, d, head);
      assert.ok(out instanceof Float32Array);
      assert.equal(out.length, rows * d);
      for (let i = 0; i < rows; i++)
        for (let c = 0; c < d; c++) assert.equal(out[i * d + c], m[i * heads * d + head * d + c]);
    }
  });

  it("the heads' columns of X·W_Q are X times the heads' columns of W_Q (the core's matmul)", () => {
    const n = 6,
      dModel = 8,
      heads = 2,
      d = 4;
    const g = rng(2);
    const x = g.array(n * dModel),
      wq = g.array(dModel * heads * d);
    const all = sl.matmul(x, wq, n, dModel, heads * d);
    for (let head = 0; head < heads; head++) {
      const perHead = sl.matmul(x, sl.headColumns(wq, dModel, heads, d, head), n, dModel, d);
      // the same dot products in the same order: equal to the bit
      assert.deepEqual(sl.headColumns(all, n, heads, d, head), perHead);
    }
  });

  it('headBlock is the head-th contiguous block, a copy the caller may change', () => {
    const heads = 4,
      rows = 3,
      cols = 5;
    const a = Float64Array.from({ length: heads * rows * cols }, (_, i) => i + 0.5);
    const b = sl.headBlock(a, heads, rows, cols, 2);
    assert.ok(b instanceof Float64Array, 'float64 stays float64');
    assert.deepEqual(
      Array.from(b),
      Array.from({ length: rows * cols }, (_, i) => 2 * rows * cols + i + 0.5),
    );
    b[0] = -1;
    assert.equal(a[2 * rows * cols], 2 * rows * cols + 0.5);
  });

  it("headBlock of the core's ALiBi bias is that head's single-head bias with its slope", () => {
    const heads = 6,
      n = 7;
    const all = sl.alibiBias(heads, n);
    const slopes = sl.alibiSlopes(heads);
    for (let head = 0; head < heads; head++) {
      const one = sl.alibiBias(1, n, { slopes: [slopes[head]] });
      assert.deepEqual(sl.headBlock(all, heads, n, n, head), one);
    }
  });

  it('refuses a head out of range, a wrong length and a non-array, naming the argument', () => {
    assertSeqlabError(
      () => sl.headColumns(new Float32Array(12), 2, 3, 2, 3),
      SeqlabError,
      /headColumns: head must be at most 2/,
    );
    assertSeqlabError(
      () => sl.headColumns(new Float32Array(11), 2, 3, 2, 0),
      SeqlabError,
      /headColumns: m must have rows×heads·d = 12 elements, got 11/,
    );
    assertSeqlabError(() => sl.headBlock('abc', 1, 1, 3, 0), SeqlabError, /headBlock: a must be a Float32Array/);
    assertSeqlabError(() => sl.headBlock([1, 'x'], 1, 1, 2, 0), SeqlabError, /headBlock: a\[1\] must be a number/);
    assertSeqlabError(() => sl.headColumns(new Float32Array(4), 2, 65, 2, 0), SeqlabError, /heads must be at most 64/);
  });
});

describe('maxAbsDiff', () => {
  it('is the largest |a − b|, zero for equal arrays, and symmetric', () => {
    assert.equal(sl.maxAbsDiff([1, 2, 3], [1, 2, 3]), 0);
    assert.equal(sl.maxAbsDiff(Float64Array.of(1, -2, 3), Float64Array.of(1.5, 2, 2)), 4);
    const g = rng(3);
    const a = g.array(100),
      b = g.array(100);
    let expected = 0;
    a.forEach((v, i) => (expected = Math.max(expected, Math.abs(v - b[i]))));
    assert.equal(sl.maxAbsDiff(a, b), expected);
    assert.equal(sl.maxAbsDiff(b, a), expected);
  });

  it('is NaN when a NaN is compared (a broken result must not look equal), Infinity for ±∞ against a number', () => {
    assert.ok(Number.isNaN(sl.maxAbsDiff([1, NaN, 100], [1, 2, 3])));
    assert.equal(sl.maxAbsDiff([Infinity], [0]), Infinity);
  });

  it('refuses arrays of different lengths', () => {
    assertSeqlabError(
      () => sl.maxAbsDiff([1, 2], [1]),
      SeqlabError,
      /maxAbsDiff: b must have a.length = 2 elements, got 1/,
    );
  });
});

describe('causalMask', () => {
  it("masks exactly the keys the core's causal attention gives zero weight", () => {
    for (const [n, m] of [
      [5, 5],
      [3, 7],
      [4, 4],
      [1, 6],
    ]) {
      const mask = sl.causalMask(n, m);
      assert.equal(mask.length, n * m);
      const dk = 3,
        g = rng(n * 10 + m);
      const q = g.array(n * dk),
        k = g.array(m * dk),
        v = g.array(m * dk);
      const { weights } = sl.attention({ q, k, v, n, m, dk, causal: true });
      for (let i = 0; i < n * m; i++) assert.equal(mask[i] === 1, weights[i] > 0, `n=${n} m=${m} cell ${i}`);
      // and the mask given as a mask reproduces the causal result
      const viaMask = sl.attention({ q, k, v, n, m, dk, mask });
      assert.deepEqual(viaMask.weights, weights);
    }
  });

  it('is lower triangular for n = m: 1 iff j ≤ i', () => {
    const n = 6,
      mask = sl.causalMask(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.equal(mask[i * n + j], j <= i ? 1 : 0);
  });

  it('refuses sizes past the sequence limit', () => {
    assertSeqlabError(() => sl.causalMask(8193, 1), SeqlabError, /causalMask: n must be at most 8192/);
    assertSeqlabError(() => sl.causalMask(0), SeqlabError, /causalMask: n must be at least 1/);
  });
});

describe('rowSums, transpose, permuteRows, permuteCols', () => {
  it("rowSums of the core's softmax are 1 to float32 round-off, and match a written-out sum", () => {
    const rows = 8,
      cols = 33;
    const p = sl.softmax(rng(4).array(rows * cols), rows, cols);
    const s = sl.rowSums(p, rows, cols);
    assert.ok(s instanceof Float64Array);
    // cols float32 values each within 2⁻²⁴ relative of their exact softmax value
    for (const v of s) assert.ok(Math.abs(v - 1) < cols * 2 ** -24 + 1e-7, `row sum ${v}`);
    assert.deepEqual(Array.from(sl.rowSums([1, 2, 3, 4, 5, 6], 2, 3)), [6, 15]);
  });

  it('transpose moves (i, j) to (j, i), and twice is the identity', () => {
    const rows = 4,
      cols = 7;
    const a = rng(5).array(rows * cols);
    const t = sl.transpose(a, rows, cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) assert.equal(t[j * rows + i], a[i * cols + j]);
    assert.deepEqual(sl.transpose(t, cols, rows), a);
  });

  it("permuteRows is P·A and permuteCols is A·Pᵀ: the core's matmul with the permutation matrix", () => {
    const n = 5,
      cols = 3,
      perm = [2, 0, 4, 1, 3];
    const a = rng(6).array(n * cols);
    const P = new Float32Array(n * n);
    perm.forEach((src, dst) => (P[dst * n + src] = 1));
    assert.deepEqual(sl.permuteRows(a, n, cols, perm), sl.matmul(P, a, n, n, cols));
    const b = rng(7).array(cols * n);
    assert.deepEqual(sl.permuteCols(b, cols, n, perm), sl.matmul(b, P, cols, n, n, { transposeB: true }));
  });

  it('the inverse permutation undoes permuteRows', () => {
    const perm = [3, 1, 0, 2],
      inv = [];
    perm.forEach((src, dst) => (inv[src] = dst));
    const a = rng(8).array(4 * 2);
    assert.deepEqual(sl.permuteRows(sl.permuteRows(a, 4, 2, perm), 4, 2, inv), a);
  });

  it('refuses a list that is not a permutation', () => {
    assertSeqlabError(
      () => sl.permuteRows([1, 2, 3, 4], 2, 2, [0, 0]),
      SeqlabError,
      /permuteRows: perm is not a permutation: 0 appears twice/,
    );
    assertSeqlabError(
      () => sl.permuteCols([1, 2, 3, 4], 2, 2, [0, 2]),
      SeqlabError,
      /permuteCols: perm\[1\] must be an index from 0 to 1, got 2/,
    );
    assertSeqlabError(() => sl.permuteRows([1, 2, 3, 4], 2, 2, [0]), SeqlabError, /perm must list 2 indices, got 1/);
    assertSeqlabError(
      () => sl.transpose([1, 2, 3], 2, 2),
      SeqlabError,
      /transpose: a must have rows×cols = 4 elements, got 3/,
    );
    assertSeqlabError(() => sl.rowSums([1], 1.5, 1), SeqlabError, /rowSums: rows must be an integer/);
  });
});
