// widget-attention.test.mjs — the model of <seqlab-attention> (web/src/widgets/attention/model.js):
// per-head projections against X·W written out, the attention of every head against softmax
// computed here in float64, and the mask (causal, padding, clicked) against its definition.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import {
  attentionModel,
  maskReason,
  parseCells,
  plan,
  PRESETS,
  toggleCell,
} from '../../web/src/widgets/attention/model.js';
import { gaussianMatrix, tokenEmbeddings } from '../../web/src/core/random.js';
import { loadSeqlab } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

const settings = (over = {}) => ({
  text: 'the cat sat on the mat',
  heads: 2,
  head: 1,
  dModel: 16,
  dk: 4,
  seed: 1,
  scale: true,
  temperature: 1,
  causal: false,
  padding: true,
  cells: '',
  ...over,
});

/** softmax(q·kᵀ·scale/T) row by row in float64, masked entries excluded. */
function reference(q, k, n, dk, { scale, temperature, allowed }) {
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const s = [];
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let c = 0; c < dk; c++) dot += q[i * dk + c] * k[j * dk + c];
      s.push(allowed(i, j) ? (dot * scale) / temperature : -Infinity);
    }
    const mx = Math.max(...s);
    const e = s.map((v) => (v === -Infinity ? 0 : Math.exp(v - mx)));
    const z = e.reduce((a, b) => a + b, 0);
    e.forEach((v, j) => (w[i * n + j] = v / z));
  }
  return w;
}

describe('attention model', () => {
  it("each head's Q is X·W_Q restricted to the head's columns", () => {
    const s = settings({ heads: 3, dk: 2 });
    const p = plan(sl, s);
    const x = tokenEmbeddings(p.tokens, s.dModel);
    const wq = gaussianMatrix(s.seed * 3 + 1, s.dModel, s.heads * s.dk, 1 / Math.sqrt(s.dModel));
    for (let hd = 0; hd < s.heads; hd++) {
      for (let i = 0; i < p.n; i++)
        for (let c = 0; c < s.dk; c++) {
          let v = 0;
          for (let m = 0; m < s.dModel; m++) v += x[i * s.dModel + m] * wq[m * s.heads * s.dk + hd * s.dk + c];
          // a float32 dot product of 16 terms of size ~1: a few ulps of the sum of |terms|
          assert.ok(Math.abs(p.proj.q[hd][i * s.dk + c] - v) < 1e-5, `head ${hd} q[${i},${c}]`);
        }
    }
  });

  for (const over of [
    {},
    { causal: true, temperature: 2.5 },
    { scale: false },
    { text: PRESETS[2].text },
    { cells: '0:1,3:2' },
  ]) {
    it(`every head's weights match softmax in float64 to 1e-6 (${JSON.stringify(over)})`, () => {
      const s = settings(over);
      const r = attentionModel(sl, s);
      const p = plan(sl, s);
      assert.equal(r.perHead.length, s.heads);
      for (let hd = 0; hd < s.heads; hd++) {
        const allowed = (i, j) => maskReason(p, i, j) === null;
        const ref = reference(p.proj.q[hd], p.proj.k[hd], r.n, s.dk, {
          scale: s.scale ? 1 / Math.sqrt(s.dk) : 1,
          temperature: s.temperature,
          allowed,
        });
        // weights are in [0, 1]: float32 softmax is within a few ulps of 1 absolute
        for (let i = 0; i < ref.length; i++)
          assert.ok(
            Math.abs(r.perHead[hd].weights[i] - ref[i]) < 1e-6,
            `head ${hd} cell ${i}: ${r.perHead[hd].weights[i]} vs ${ref[i]}`,
          );
      }
      assert.ok(r.perHead[r.head].logits, 'the selected head carries its steps');
    });
  }

  it('maskReason: causal iff the key comes after the query, padding for [PAD] keys, clicked cells', () => {
    const p = plan(sl, settings({ text: 'a b [PAD] c', causal: true, cells: '3:0' }));
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) {
        const expected = j > i ? 'causal' : j === 2 ? 'padding' : i === 3 && j === 0 ? 'clicked' : null;
        assert.equal(maskReason(p, i, j), expected, `cell ${i},${j}`);
      }
  });

  it('cells: parsed within bounds, toggled on and off', () => {
    assert.deepEqual([...parseCells('0:1, 5:0,x,2:2', 3)], ['0,1', '2,2']);
    assert.equal(toggleCell('0:1', 3, 2, 2), '0:1,2:2');
    assert.equal(toggleCell('0:1,2:2', 3, 0, 1), '2:2');
  });

  it('refuses an empty sentence', () => {
    assert.throws(() => attentionModel(sl, settings({ text: '   ' })), /Type at least one token/);
  });
});
