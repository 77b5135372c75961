// widget-posenc-compare.test.mjs — the model of <seqlab-posenc-compare>: with no positional
// information a permutation only permutes the weights (equal to float32 round-off); with
// sinusoidal, RoPE or ALiBi it does not; the identity changes nothing at all.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { parsePermutation as parsePerm } from '../../web/src/core/params.js';
import { compareModel, defaultShuffle, KINDS } from '../../web/src/widgets/posenc-compare/model.js';
import { loadSeqlab } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

describe('posenc-compare model', () => {
  it('none is equivariant, the three encodings are not', () => {
    const r = compareModel(sl, { text: 'dog bites man and man bites dog', seed: 4, perm: '3,0,6,1,5,2,4' });
    // (a reversal would not do: it keeps every |i − j|, so ALiBi without a causal mask is blind to it)
    assert.deepEqual(
      r.results.map((x) => x.posenc),
      KINDS,
    );
    const d = Object.fromEntries(r.results.map((x) => [x.posenc, x.maxDiff]));
    // weights in [0, 1] summed in another order: a few float32 ulps
    assert.ok(d.none < 1e-6, `none: ${d.none}`);
    for (const k of ['sinusoidal', 'rope', 'alibi']) assert.ok(d[k] > 1e-3, `${k}: ${d[k]}`);
    assert.deepEqual(
      r.shuffled,
      r.perm.map((i) => r.tokens[i]),
    );
  });

  it('maxDiff is the largest |moved[a][b] − base[perm a][perm b]|, written out', () => {
    const r = compareModel(sl, { text: 'a b c d', seed: 1, perm: '2,0,3,1' });
    const n = 4;
    for (const x of r.results) {
      let worst = 0;
      for (let a = 0; a < n; a++)
        for (let b = 0; b < n; b++)
          worst = Math.max(worst, Math.abs(x.moved[a * n + b] - x.base[r.perm[a] * n + r.perm[b]]));
      assert.equal(x.maxDiff, worst);
    }
  });

  it('the identity order gives exactly zero for every encoding', () => {
    const r = compareModel(sl, { text: 'one two three', seed: 2, perm: '0,1,2' });
    assert.equal(r.identity, true);
    for (const x of r.results) assert.equal(x.maxDiff, 0);
  });

  it('the default is a shuffle every encoding but none can see (never the identity or the reversal)', () => {
    const r = compareModel(sl, { text: 'dog bites man and man bites dog', seed: 4, perm: '' });
    assert.equal(r.identity, false);
    const d = Object.fromEntries(r.results.map((x) => [x.posenc, x.maxDiff]));
    assert.ok(d.none < 1e-6, `none: ${d.none}`);
    for (const k of ['sinusoidal', 'rope', 'alibi']) assert.ok(d[k] > 1e-3, `${k} at the default: ${d[k]}`);
    for (let n = 3; n <= 64; n++) {
      const p = defaultShuffle(n);
      assert.deepEqual(
        [...p].sort((a, b) => a - b),
        Array.from({ length: n }, (_, i) => i),
      );
      assert.ok(p.some((v, i) => v !== i) && p.some((v, i) => v !== n - 1 - i), `n = ${n}: ${p}`);
    }
  });

  it('an invalid order is refused with what is wrong; long input reports what was cut', () => {
    for (const [perm, msg] of [
      ['1,0', 'Token order: 2 positions given, but the sentence has 7 tokens.'],
      ['x', 'Token order: "x" is not a position (a whole number from 0 to 6).'],
      ['0,0,1,2,3,4,5', 'Token order: position 0 appears twice.'],
    ])
      assert.throws(
        () => compareModel(sl, { text: 'dog bites man and man bites dog', seed: 4, perm }),
        (e) => e.name === 'TextError' && e.message === msg,
      );
    const r = compareModel(sl, { text: Array.from({ length: 70 }, (_, i) => `t${i}`).join(' '), seed: 1, perm: '' });
    assert.equal(r.tokens.length, 64);
    assert.equal(r.dropped, 6);
  });

  it('parsePerm keeps only permutations; fewer than two tokens is refused', () => {
    assert.deepEqual(parsePerm('2, 0,1', 3), [2, 0, 1]);
    assert.deepEqual(parsePerm('0,0,1', 3), [0, 1, 2]);
    assert.deepEqual(parsePerm('0,1', 3), [0, 1, 2]);
    assert.throws(
      () => compareModel(sl, { text: 'alone', seed: 1, perm: '' }),
      (e) => e.name === 'TextError',
    );
  });
});
