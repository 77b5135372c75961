// widget-lstm.test.mjs — the model of <seqlab-lstm>: the gradient check passes with the right
// BPTT and fails with the course's slip; the parameter counts against 4(nh·nx + nh² + b·nh) and
// 3(…); the first LSTM step against the cell's equations in float64; the gradient norms.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import {
  cellWeights,
  gradientNorms,
  inputs,
  lstmModel,
  PASS,
  relativeError,
} from '../../web/src/widgets/lstm/model.js';
import { loadSeqlab } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

const settings = (over = {}) => ({
  text: 'the film was not good at all but the actors were great',
  nx: 4,
  nh: 6,
  seed: 3,
  forgetBias: 0,
  step: 1,
  unit: 1,
  notation: 'course',
  row: 2,
  col: 3,
  ...over,
});
const sigmoid = (x) => 1 / (1 + Math.exp(-x));

describe('lstm model', () => {
  for (const forgetBias of [0, 3]) {
    it(`gradient check: BPTT with c⟨t−1⟩ agrees with central differences, the slip does not (forget bias ${forgetBias})`, () => {
      const c = lstmModel(sl, settings({ forgetBias })).check;
      assert.deepEqual([c.row, c.col], [1, 2]);
      // float64 throughout: central differences with eps = 1e-5 are good to ~1e-10 relative
      assert.ok(c.relRight < PASS, `relative error ${c.relRight}`);
      assert.ok(c.relWrong > 1e-3, `the slip should fail: ${c.relWrong}`);
      assert.equal(c.relRight, relativeError(c.right, c.numeric));
    });
  }

  it('parameter counts: 4 and 3 blocks of nh·nx + nh² + (1 or 2)·nh', () => {
    for (const [nx, nh] of [
      [4, 6],
      [16, 1],
      [2, 16],
    ]) {
      const { compare } = lstmModel(sl, settings({ nx, nh, row: 1, col: 1 }));
      assert.equal(compare.lstm.params1, 4 * (nh * nx + nh * nh + nh));
      assert.equal(compare.lstm.params2, 4 * (nh * nx + nh * nh + 2 * nh));
      assert.equal(compare.gru.params1, 3 * (nh * nx + nh * nh + nh));
      assert.equal(compare.gru.params2, 3 * (nh * nx + nh * nh + 2 * nh));
      assert.equal(compare.lstm.usPerStep, null, 'the model does not time; the view does');
    }
  });

  it('the first step follows the equations (PyTorch gate order i, f, g, o) to float32 round-off', () => {
    const s = settings({ forgetBias: 1.5 });
    const { lstm: a } = inputs(s);
    const r = lstmModel(sl, s);
    const { nx, nh } = a;
    const gate = (k, u) => {
      const row = k * nh + u;
      let v = a.bIh[row] + a.bHh[row]; // h⟨0⟩ = 0: no recurrent term at the first step
      for (let j = 0; j < nx; j++) v += a.wIh[row * nx + j] * a.xs[j];
      return v;
    };
    for (let u = 0; u < nh; u++) {
      const i = sigmoid(gate(0, u)),
        f = sigmoid(gate(1, u)),
        g = Math.tanh(gate(2, u)),
        o = sigmoid(gate(3, u));
      const c = i * g; // c⟨0⟩ = 0
      for (const [name, v] of [
        ['i', i],
        ['f', f],
        ['g', g],
        ['o', o],
        ['c', c],
        ['h', o * Math.tanh(c)],
      ]) {
        assert.ok(Math.abs(r.forward[name][u] - v) < 1e-6, `${name}[${u}] = ${r.forward[name][u]}, expected ${v}`);
      }
    }
    // the forget bias is added to the forget block of bIh only
    const plain = cellWeights(4, nx, nh, s.seed, 0);
    for (let k = 0; k < 4 * nh; k++)
      assert.ok(Math.abs(a.bIh[k] - plain.bIh[k] - (k >= nh && k < 2 * nh ? 1.5 : 0)) < 1e-6);
  });

  it('gradient norms: distance 0 is the last step, where dL/da⟨T⟩ = 1 in every unit, so √nh', () => {
    const s = settings();
    const r = lstmModel(sl, s);
    const g = gradientNorms(sl, r.backward, r.T, r.nh);
    assert.equal(g.distance.length, r.T);
    assert.ok(Math.abs(g.dh[0] - Math.sqrt(r.nh)) < 1e-6, `‖dL/da⟨T⟩‖ = ${g.dh[0]}`);
    const last = r.backward.dcPerStep.subarray(0, r.nh); // step 1, the farthest from the loss
    assert.ok(Math.abs(g.dc.at(-1) - Math.hypot(...last)) < 1e-6 * (1 + g.dc.at(-1)));
  });

  it('clamps the step and unit to the sentence and the hidden size; refuses an empty sentence', () => {
    const r = lstmModel(sl, settings({ text: 'a b c', step: 9, unit: 9, nh: 4, row: 1, col: 1 }));
    assert.deepEqual([r.T, r.step, r.unit], [3, 3, 4]);
    assert.throws(
      () => lstmModel(sl, settings({ text: ' ' })),
      (e) => e.name === 'TextError',
    );
  });
});
