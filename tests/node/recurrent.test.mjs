// recurrent.test.mjs — LSTM and GRU through the public JS API: PyTorch fixtures (nn.LSTMCell,
// nn.GRUCell, autograd), central finite differences in float64, parameter counts, bad input.
// Tolerances: forward values 1e-5 relative + 1e-6 absolute (float32); gradients 1e-4 relative,
// compared normwise (1e-4 of the largest entry) since BPTT sums many float32 products whose
// entries may cancel; finite differences in float64 agree to 1e-6 (h = 1e-5: truncation error
// ~h² ≈ 1e-10, round-off ~1e-16/h ≈ 1e-11).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { assertClose, assertSeqlabError, fixture, loadSeqlab, rng, SeqlabError } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});
const golden = fixture('recurrent');
const grad = { rtol: 1e-4, normwise: true };

/** Gates T×4nh (i, f, g, o per step) of the fixture, as four T×nh arrays. */
function gatesOf(all, T, nh, G) {
  return Array.from({ length: G }, (_, g) =>
    Array.from({ length: T * nh }, (_, p) => all[Math.floor(p / nh) * G * nh + g * nh + (p % nh)]),
  );
}
const lstmArgs = (c) => ({
  xs: c.xs,
  T: c.T,
  h0: c.h0,
  c0: c.c0,
  wIh: c.wIh,
  wHh: c.wHh,
  bIh: c.bIh,
  bHh: c.bHh,
  nx: c.nx,
  nh: c.nh,
});
const gruArgs = (c) => ({
  xs: c.xs,
  T: c.T,
  h0: c.h0,
  wIh: c.wIh,
  wHh: c.wHh,
  bIh: c.bIh,
  bHh: c.bHh,
  nx: c.nx,
  nh: c.nh,
});

describe('LSTM matches PyTorch', () => {
  for (const c of golden.lstm) {
    it(`forward ${c.name}`, () => {
      const r = sl.lstmForward({ ...lstmArgs(c), wY: c.wY, bY: c.bY, ny: c.ny });
      assertClose(r.h, c.forward.h, { what: 'h' });
      assertClose(r.c, c.forward.c, { what: 'c' });
      const [i, f, g, o] = gatesOf(c.forward.gates, c.T, c.nh, 4);
      assertClose(r.i, i, { what: 'i' });
      assertClose(r.f, f, { what: 'f' });
      assertClose(r.g, g, { what: 'g' });
      assertClose(r.o, o, { what: 'o' });
      assertClose(r.y, c.forward.y, { what: 'y' });
    });
    it(`one step ${c.name}`, () => {
      const r = sl.lstmStep({
        x: c.xs.slice(0, c.nx),
        hPrev: c.h0,
        cPrev: c.c0,
        wIh: c.wIh,
        wHh: c.wHh,
        bIh: c.bIh,
        bHh: c.bHh,
        nx: c.nx,
        nh: c.nh,
      });
      assertClose(r.h, c.forward.h.slice(0, c.nh), { what: 'h' });
      assertClose(r.c, c.forward.c.slice(0, c.nh), { what: 'c' });
    });
    it(`BPTT of Σ dh·h ${c.name}`, () => {
      const r = sl.lstmBackward({ ...lstmArgs(c), dh: c.dh });
      for (const k of ['dwIh', 'dwHh', 'dbIh', 'dbHh', 'dxs', 'dh0', 'dc0', 'dhPerStep', 'dcPerStep'])
        assertClose(r[k], c.gradDh[k], { ...grad, what: k });
    });
    it(`BPTT of the cross-entropy ${c.name}`, () => {
      const r = sl.lstmBackward({ ...lstmArgs(c), wY: c.wY, bY: c.bY, ny: c.ny, targets: c.targets });
      for (const k of ['dwIh', 'dwHh', 'dbIh', 'dbHh', 'dxs', 'dh0', 'dc0', 'dwY', 'dbY', 'dhPerStep', 'dcPerStep'])
        assertClose(r[k], c.gradCe[k], { ...grad, what: k });
      assertClose([r.loss], [c.gradCe.loss], { what: 'loss' });
    });
  }
});

describe('GRU matches PyTorch', () => {
  for (const c of golden.gru) {
    it(`forward and step ${c.name}`, () => {
      const r = sl.gruForward(gruArgs(c));
      assertClose(r.h, c.forward.h, { what: 'h' });
      const [gr, gz, gn] = gatesOf(c.forward.gates, c.T, c.nh, 3);
      assertClose(r.r, gr, { what: 'r' });
      assertClose(r.z, gz, { what: 'z' });
      assertClose(r.n, gn, { what: 'n' });
      const s = sl.gruStep({
        x: c.xs.slice(0, c.nx),
        hPrev: c.h0,
        wIh: c.wIh,
        wHh: c.wHh,
        bIh: c.bIh,
        bHh: c.bHh,
        nx: c.nx,
        nh: c.nh,
      });
      assertClose(s.h, c.forward.h.slice(0, c.nh), { what: 'step h' });
    });
    it(`BPTT ${c.name}`, () => {
      const r = sl.gruBackward({ ...gruArgs(c), dh: c.dh });
      for (const k of ['dwIh', 'dwHh', 'dbIh', 'dbHh', 'dxs', 'dh0', 'dhPerStep'])
        assertClose(r[k], c.gradDh[k], { ...grad, what: k });
    });
  }

  it('parameter counts equal PyTorch’s', () => {
    for (const p of golden.paramCounts)
      assert.equal(
        sl.rnnParamCount({ cell: p.cell, nx: p.nx, nh: p.nh, biases: p.biases }),
        p.count,
        JSON.stringify(p),
      );
  });
});

describe('gradient checks by central differences in float64', () => {
  const g = rng(11);
  const nx = 3,
    nh = 2,
    T = 5,
    ny = 3;
  const d = (n, s = 0.7) => Float64Array.from({ length: n }, () => g.normal() * s);
  const base = {
    xs: d(T * nx),
    T,
    h0: d(nh, 0.3),
    c0: d(nh, 0.3),
    wIh: d(4 * nh * nx),
    wHh: d(4 * nh * nh),
    bIh: d(4 * nh, 0.2),
    bHh: d(4 * nh, 0.2),
    nx,
    nh,
    dtype: 'float64',
  };
  const wY = d(ny * nh),
    bY = d(ny, 0.1),
    dh = d(T * nh),
    targets = [0, 2, 1, 1, 0];
  const lossDh = (args) => sl.lstmForward(args).h.reduce((s, h, i) => s + h * dh[i], 0);
  const lossCe = (args) => {
    const y = sl.lstmForward({ ...args, wY, bY, ny }).y;
    return targets.reduce((s, k, t) => s - Math.log(y[t * ny + k]), 0);
  };
  /** Central differences of loss with respect to every entry of args[key]. */
  const numeric = (loss, args, key, eps = 1e-5) =>
    Float64Array.from(args[key], (_, i) => {
      const plus = Float64Array.from(args[key]);
      plus[i] += eps;
      const minus = Float64Array.from(args[key]);
      minus[i] -= eps;
      return (loss({ ...args, [key]: plus }) - loss({ ...args, [key]: minus })) / (2 * eps);
    });
  const map = { wIh: 'dwIh', wHh: 'dwHh', bIh: 'dbIh', bHh: 'dbHh', xs: 'dxs', h0: 'dh0', c0: 'dc0' };

  it('LSTM, loss Σ dh·h: every gradient', () => {
    const r = sl.lstmBackward({ ...base, dh });
    assert.ok(r.dwIh instanceof Float64Array);
    for (const [key, out] of Object.entries(map))
      assertClose(r[out], numeric(lossDh, base, key), { rtol: 1e-6, atol: 1e-9, what: out });
  });

  it('LSTM, cross-entropy loss: every gradient, and the loss itself', () => {
    const r = sl.lstmBackward({ ...base, wY, bY, ny, targets });
    for (const [key, out] of Object.entries(map))
      assertClose(r[out], numeric(lossCe, base, key), { rtol: 1e-6, atol: 1e-9, what: out });
    assertClose([r.loss], [lossCe(base)], { rtol: 1e-12, what: 'loss' });
  });

  it('the course’s mistaken forget-gate formula (c̃ in place of c_prev) fails the check', () => {
    const wrong = sl.lstmBackward({ ...base, dh, forgetRule: 'course-mistake' });
    const right = sl.lstmBackward({ ...base, dh });
    const fd = numeric(lossDh, base, 'wHh');
    // forget-gate rows nh..2nh of wHh are wrong; the other gates' rows are unaffected at the last
    // step only, so compare the forget rows
    let worst = 0;
    for (let r = nh; r < 2 * nh; r++)
      for (let c = 0; c < nh; c++) worst = Math.max(worst, Math.abs(wrong.dwHh[r * nh + c] - fd[r * nh + c]));
    assert.ok(worst > 1e-3, `the mistaken formula should visibly fail, max error ${worst}`);
    assertClose(right.dwHh, fd, { rtol: 1e-6, atol: 1e-9, what: 'correct dwHh' });
  });

  it('GRU: every gradient', () => {
    const gb = {
      xs: base.xs,
      T,
      h0: base.h0,
      wIh: d(3 * nh * nx),
      wHh: d(3 * nh * nh),
      bIh: d(3 * nh, 0.2),
      bHh: d(3 * nh, 0.2),
      nx,
      nh,
      dtype: 'float64',
    };
    const loss = (args) => sl.gruForward(args).h.reduce((s, h, i) => s + h * dh[i], 0);
    const r = sl.gruBackward({ ...gb, dh });
    for (const [key, out] of Object.entries({
      wIh: 'dwIh',
      wHh: 'dwHh',
      bIh: 'dbIh',
      bHh: 'dbHh',
      xs: 'dxs',
      h0: 'dh0',
    })) {
      assertClose(r[out], numeric(loss, gb, key), { rtol: 1e-6, atol: 1e-9, what: out });
    }
  });
});

describe('recurrent bad input', () => {
  const c = golden.lstm[0];
  const args = lstmArgs(c);
  const cases = [
    [
      'wIh of the wrong size',
      () => sl.lstmForward({ ...args, wIh: c.wIh.slice(1) }),
      /lstmForward: wIh must have \(4·nh\)×nx = 48 elements, got 47/,
    ],
    [
      'GRU weights given to an LSTM',
      () => sl.lstmForward({ ...args, wHh: golden.gru[0].wHh }),
      /wHh must have \(4·nh\)×nh = 64 elements, got 48/,
    ],
    ['T = 0', () => sl.lstmForward({ ...args, T: 0 }), /T must be at least 1, got 0/],
    [
      'NaN input',
      () => sl.lstmForward({ ...args, xs: c.xs.map((v, i) => (i === 4 ? NaN : v)) }),
      /lstmForward: xs\[4\] is NaN: recurrent cells need finite inputs/,
    ],
    [
      'infinite weight',
      () =>
        sl.gruForward({ ...gruArgs(golden.gru[0]), wHh: golden.gru[0].wHh.map((v, i) => (i === 2 ? Infinity : v)) }),
      /gruForward: w_hh\[2\] is infinite/,
    ],
    [
      'target out of range',
      () => sl.lstmBackward({ ...args, wY: c.wY, bY: c.bY, ny: c.ny, targets: [0, 1, 3, 0, 0] }),
      /targets\[2\] must be between 0 and 2, got 3/,
    ],
    [
      'targets without an output layer',
      () => sl.lstmBackward({ ...args, targets: [0, 1, 2, 0, 0] }),
      /targets need an output layer/,
    ],
    ['no upstream gradient', () => sl.lstmBackward(args), /dh or targets is required/],
    [
      'unknown forget rule',
      () => sl.lstmBackward({ ...args, dh: c.dh, forgetRule: 'cprev' }),
      /forgetRule must be one of 'correct', 'course-mistake'/,
    ],
    ['bad cell', () => sl.rnnParamCount({ cell: 'rnn', nx: 1, nh: 1 }), /cell must be one of 'lstm', 'gru'/],
    ['biases 3', () => sl.rnnParamCount({ cell: 'gru', nx: 1, nh: 1, biases: 3 }), /biases must be at most 2/],
    ['nh past the limit', () => sl.gruStep({ x: [1], nx: 1, nh: 5000, wIh: [], wHh: [] }), /nh must be at most 4096/],
  ];
  for (const [name, call, pattern] of cases) {
    it(name, () => {
      assertSeqlabError(call, SeqlabError, pattern);
      assertClose(sl.lstmForward(args).h, c.forward.h); // still usable
    });
  }
});
