// plot.test.mjs — the colour-domain helper the heatmaps use: symmetric about zero, set by the
// largest finite magnitude, blind to NaN and to the ±Infinity of masked cells.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { symmetricDomain } from '../../web/src/plot/heatmap.js';

describe('symmetricDomain', () => {
  it('is ±max|x| over finite values', () => {
    assert.deepEqual(symmetricDomain(new Float32Array([1, -3, 2])), [-3, 3]);
    assert.deepEqual(symmetricDomain(new Float32Array([0.5, 4, -1])), [-4, 4]);
    assert.deepEqual(symmetricDomain([-2, -7, -1]), [-7, 7]);
  });

  it('ignores NaN and ±Infinity (masked scores)', () => {
    assert.deepEqual(symmetricDomain(new Float32Array([1, NaN, -Infinity, -2])), [-2, 2]);
    assert.deepEqual(symmetricDomain(new Float32Array([Infinity, 5, -Infinity])), [-5, 5]);
    assert.deepEqual(symmetricDomain([NaN, 3, NaN]), [-3, 3]);
  });

  it('falls back to [-1, 1] when nothing finite and non-zero is there', () => {
    assert.deepEqual(symmetricDomain(new Float32Array(4)), [-1, 1]);
    assert.deepEqual(symmetricDomain([-Infinity, NaN]), [-1, 1]);
    assert.deepEqual(symmetricDomain([]), [-1, 1]);
  });

  it('agrees with a plain scan on random data with masked cells', () => {
    let s = 7;
    const data = new Float32Array(10007);
    for (let i = 0; i < data.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      data[i] = i % 97 === 0 ? -Infinity : (s / 2 ** 32 - 0.5) * 40;
    }
    const a = Math.max(...Array.from(data).filter(Number.isFinite).map(Math.abs));
    assert.deepEqual(symmetricDomain(data), [-a, a]);
  });
});
