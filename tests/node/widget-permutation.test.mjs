// widget-permutation.test.mjs — the model of <seqlab-permutation>: SA(P·X) = P·SA(X) to float32
// round-off without positional encoding and not with sinusoidal, RoPE or ALiBi; the expected
// rows written out; the reordering of the chips.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { parsePermutation as parseOrder } from '../../web/src/core/params.js';
import {
  D_MODEL,
  ENCODINGS,
  moveToken,
  permutationModel,
  ROUND_OFF,
  selfAttention,
} from '../../web/src/widgets/permutation/model.js';
import { loadSeqlab } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

describe('permutation model', () => {
  it('equivariant without positional encoding, not with the three encodings', () => {
    const r = permutationModel(sl, { text: 'the cat chased the dog', order: '4,1,2,3,0', seed: 3 });
    assert.deepEqual(
      r.results.map((x) => x.posenc),
      ENCODINGS,
    );
    const d = Object.fromEntries(r.results.map((x) => [x.posenc, x.maxDiff]));
    assert.ok(d.none < ROUND_OFF, `none: ${d.none}`);
    for (const k of ['sinusoidal', 'rope', 'alibi']) assert.ok(d[k] > 1e-3, `${k}: ${d[k]}`);
  });

  it('expected is P·SA(X): row i is the output of token order[i] in the original order', () => {
    const s = { text: 'a b c d', order: '2,0,3,1', seed: 1 };
    const r = permutationModel(sl, s);
    const base = selfAttention(sl, r.tokens, 'rope', s.seed);
    const rope = r.results.find((x) => x.posenc === 'rope');
    r.order.forEach((src, dst) => {
      for (let c = 0; c < D_MODEL; c++) assert.equal(rope.expected[dst * D_MODEL + c], base[src * D_MODEL + c]);
    });
  });

  it('the identity order changes nothing at all', () => {
    const r = permutationModel(sl, { text: 'one two three', order: '', seed: 5 });
    for (const x of r.results) assert.equal(x.maxDiff, 0);
  });

  it('orders: parsed only when a permutation; a moved token lands where it was dropped', () => {
    assert.deepEqual(parseOrder('1,0,2', 3), [1, 0, 2]);
    assert.deepEqual(parseOrder('1,1,2', 3), [0, 1, 2]);
    assert.equal(moveToken([0, 1, 2, 3, 4], 0, 3), '1,2,3,0,4');
    assert.equal(moveToken([4, 1, 2, 3, 0], 0, 1), '1,4,2,3,0');
    assert.throws(
      () => permutationModel(sl, { text: 'x', order: '', seed: 1 }),
      (e) => e.name === 'TextError',
    );
  });
});
