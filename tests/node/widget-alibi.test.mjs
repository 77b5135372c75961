// widget-alibi.test.mjs — the model of <seqlab-alibi>: slopes against the paper's formula (powers
// of two and the interleaving rule otherwise), the bias against −slope·(i − j), the attention
// with the bias against the attention without it reweighted by e^{bias}, and the distance curve.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { alibiModel, lastQueryBias, powerOfTwoBelow, slopeRule } from '../../web/src/widgets/alibi/model.js';
import { loadSeqlab } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

const settings = (over = {}) => ({ heads: 8, head: 3, n: 12, trainLen: 10, causal: true, seed: 5, ...over });
const pow2Slopes = (H) => Array.from({ length: H }, (_, h) => 2 ** ((-8 * (h + 1)) / H));

describe('alibi model', () => {
  it('slopes: 2^(−8(h+1)/H) for a power of two; otherwise the 2c-head slopes 1, 3, 5, … after the first c', () => {
    const r8 = alibiModel(sl, settings());
    pow2Slopes(8).forEach((v, h) => assert.ok(Math.abs(r8.slopes[h] - v) < 1e-7 * (1 + v)));
    const H = 6,
      c = powerOfTwoBelow(H);
    assert.equal(c, 4);
    const r6 = alibiModel(sl, settings({ heads: H, head: 1 }));
    const expected = [
      ...pow2Slopes(c),
      ...pow2Slopes(2 * c)
        .filter((_, i) => i % 2 === 0)
        .slice(0, H - c),
    ];
    expected.forEach((v, h) => assert.ok(Math.abs(r6.slopes[h] - v) < 1e-7, `head ${h + 1}: ${r6.slopes[h]} vs ${v}`));
    assert.deepEqual([1, 2, 3, 5, 64].map(powerOfTwoBelow), [1, 2, 2, 4, 64]);
    assert.deepEqual(slopeRule(8), { c: 8, exponent: 3, powerOfTwo: true });
    assert.deepEqual(slopeRule(12), { c: 8, exponent: 3, powerOfTwo: false });
  });

  for (const causal of [true, false]) {
    it(`the bias of the head shown is −slope·|i − j|${causal ? ', −∞ after the query' : ''}`, () => {
      const s = settings({ causal });
      const r = alibiModel(sl, s);
      const slope = r.slopes[s.head - 1];
      assert.equal(r.head, s.head - 1);
      for (let i = 0; i < s.n; i++)
        for (let j = 0; j < s.n; j++) {
          const b = r.bias[i * s.n + j];
          if (causal && j > i) assert.equal(b, -Infinity);
          else assert.ok(Math.abs(b + slope * Math.abs(i - j)) < 1e-6, `bias[${i}, ${j}] = ${b}`);
        }
      assert.deepEqual(
        lastQueryBias(r.bias, s.n),
        Array.from({ length: s.n }, (_, d) => r.bias[(s.n - 1) * s.n + s.n - 1 - d]),
      );
    });
  }

  it('softmax(s + b) is softmax(s) reweighted by e^b and renormalised', () => {
    const s = settings({ causal: false });
    const r = alibiModel(sl, s);
    const n = s.n;
    for (let i = 0; i < n; i++) {
      const row = Array.from({ length: n }, (_, j) => r.plain[i * n + j] * Math.exp(r.bias[i * n + j]));
      const z = row.reduce((a, b) => a + b, 0);
      row.forEach((v, j) => assert.ok(Math.abs(r.withBias[i * n + j] - v / z) < 1e-6, `row ${i}, key ${j}`));
    }
  });

  it('a head past the count shows the last head', () => {
    assert.equal(alibiModel(sl, settings({ heads: 3, head: 9 })).head, 2);
  });
});
