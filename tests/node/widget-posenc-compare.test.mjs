// widget-posenc-compare.test.mjs — the model of <seqlab-posenc-compare>: with no positional
// information a permutation only permutes the weights (equal to float32 round-off); with
// sinusoidal, RoPE or ALiBi it does not; the identity changes nothing at all.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { parsePermutation as parsePerm } from '../../web/src/core/params.js';
import { compareModel, KINDS } from '../../web/src/widgets/posenc-compare/model.js';
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
    const r = compareModel(sl, { text: 'one two three', seed: 2, perm: '' });
    for (const x of r.results) assert.equal(x.maxDiff, 0);
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
