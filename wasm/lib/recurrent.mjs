// recurrent.mjs — LSTM and GRU steps, sequences and backpropagation through time.
// PyTorch layouts: wIh (G·nh)×nx, wHh (G·nh)×nh, biases G·nh, with G = 4 row blocks i, f, g, o
// (LSTM) or 3 blocks r, z, n (GRU). dtype 'float64' runs the same arithmetic in double
// precision (for gradient checks by finite differences) and returns Float64Arrays.
import { Args, LIMITS, checkElems } from './args.mjs';
import { callCore, f32, f64 } from './heap.mjs';

const FORGET_RULES = { correct: 0, 'course-mistake': 1 };

// The parameter and gradient structs of src/seqlab.h (sl_lstm_params, sl_lstm_grads, sl_gru_params,
// sl_gru_grads): in wasm32 every field, pointer or int, is 4 bytes, in declaration order. Each call
// passes an Int32Array of that many fields as one more input and fills it in once the pointers are known.
const LSTM_PARAMS = 9,
  LSTM_GRADS = 12,
  GRU_PARAMS = 6,
  GRU_GRADS = 7;
const struct = (fields) => new Int32Array(fields);
function writeStruct(core, ptr, fields) {
  new Int32Array(core.HEAPU8.buffer, ptr, fields.length).set(fields);
  return ptr;
}

/** Splits T×(G·nh) rows into G arrays of T×nh (one per gate). */
function splitGates(all, T, nh, G, Type) {
  const out = Array.from({ length: G }, () => new Type(T * nh));
  for (let t = 0; t < T; t++)
    for (let g = 0; g < G; g++) out[g].set(all.subarray((t * G + g) * nh, (t * G + g + 1) * nh), t * nh);
  return out;
}

/** Reads the arguments every LSTM/GRU call shares. G: 4 (LSTM) or 3 (GRU). */
function readCell(a, G, { sequence, withState = true }) {
  const dtype = a.choice('dtype', ['float32', 'float64'], 'float32');
  const read =
    dtype === 'float64'
      ? (n, len, shape, o) => a.doubles(n, len, shape, o)
      : (n, len, shape, o) => a.floats(n, len, shape, o);
  const nx = a.int('nx', { max: LIMITS.maxDim });
  const nh = a.int('nh', { max: LIMITS.maxDim });
  const T = sequence ? a.int('T', { max: LIMITS.maxSeq }) : 1;
  checkElems(a.fn, `wIh (${G}nh×nx)`, G * nh * nx);
  checkElems(a.fn, `wHh (${G}nh×nh)`, G * nh * nh);
  checkElems(a.fn, 'xs (T×nx)', T * nx);
  checkElems(a.fn, `gates (T×${G}nh)`, T * G * nh);
  const c = {
    dtype,
    nx,
    nh,
    T,
    xs: read(sequence ? 'xs' : 'x', T * nx, sequence ? 'T×nx' : 'nx'),
    h0: read(sequence ? 'h0' : 'hPrev', nh, 'nh', { optional: true }),
    c0: withState ? read(sequence ? 'c0' : 'cPrev', nh, 'nh', { optional: true }) : null,
    wIh: read('wIh', G * nh * nx, `(${G}·nh)×nx`),
    wHh: read('wHh', G * nh * nh, `(${G}·nh)×nh`),
    bIh: read('bIh', G * nh, `${G}·nh`, { optional: true }),
    bHh: read('bHh', G * nh, `${G}·nh`, { optional: true }),
    out: (n) => (dtype === 'float64' ? f64(n) : f32(n)),
    Type: dtype === 'float64' ? Float64Array : Float32Array,
  };
  c.suffix = dtype === 'float64' ? '_f64' : '';
  return c;
}

function readOutputLayer(a, c) {
  if (!a.has('wY')) {
    if (a.has('bY') || a.has('ny'))
      throw a.error('wY', 'is required when bY or ny is given (the output layer ŷ = softmax(wY·h + bY))');
    return { wY: null, bY: null, ny: 0 };
  }
  const ny = a.int('ny', { max: LIMITS.maxDim });
  checkElems(a.fn, 'wY (ny×nh)', ny * c.nh);
  checkElems(a.fn, 'y (T×ny)', c.T * ny);
  const read = c.dtype === 'float64' ? (n, l, s, o) => a.doubles(n, l, s, o) : (n, l, s, o) => a.floats(n, l, s, o);
  return { wY: read('wY', ny * c.nh, 'ny×nh'), bY: read('bY', ny, 'ny', { optional: true }), ny };
}

const CELL = ['x', 'hPrev', 'cPrev', 'wIh', 'wHh', 'bIh', 'bHh', 'nx', 'nh', 'dtype'];
const SEQ = ['xs', 'T', 'h0', 'c0', 'wIh', 'wHh', 'bIh', 'bHh', 'nx', 'nh', 'dtype'];

export function recurrentApi(core) {
  const lstmForward = (fn, options, sequence) => {
    const a = new Args(fn, options, sequence ? [...SEQ, 'wY', 'bY', 'ny'] : CELL);
    const c = readCell(a, 4, { sequence });
    const { wY, bY, ny } = sequence ? readOutputLayer(a, c) : { wY: null, bY: null, ny: 0 };
    const { T, nh } = c;
    const [h, cs, gates, pre, y] = callCore(
      core,
      fn,
      {
        inputs: [c.xs, c.h0, c.c0, c.wIh, c.wHh, c.bIh, c.bHh, wY, bY, struct(LSTM_PARAMS)],
        outputs: [c.out(T * nh), c.out(T * nh), c.out(T * 4 * nh), c.out(T * 4 * nh), wY ? c.out(T * ny) : null],
      },
      ([px, ph, pc, pwi, pwh, pbi, pbh, pwy, pby, pp], [oh, oc, og, op, oy]) =>
        core[`_sl_lstm_forward${c.suffix}`](
          oh,
          oc,
          og,
          op,
          oy,
          writeStruct(core, pp, [pwi, pwh, pbi, pbh, pwy, pby, c.nx, nh, ny]),
          px,
          T,
          ph,
          pc,
        ),
    );
    const [i, f, g, o] = splitGates(gates, T, nh, 4, c.Type);
    const r = { h, c: cs, i, f, g, o, pre };
    if (wY) r.y = y;
    return r;
  };

  const gruForward = (fn, options, sequence) => {
    const a = new Args(fn, options, sequence ? SEQ.filter((k) => k !== 'c0') : CELL.filter((k) => k !== 'cPrev'));
    const c = readCell(a, 3, { sequence, withState: false });
    const { T, nh } = c;
    const [h, gates, pre, hn] = callCore(
      core,
      fn,
      {
        inputs: [c.xs, c.h0, c.wIh, c.wHh, c.bIh, c.bHh, struct(GRU_PARAMS)],
        outputs: [c.out(T * nh), c.out(T * 3 * nh), c.out(T * 3 * nh), c.out(T * nh)],
      },
      ([px, ph, pwi, pwh, pbi, pbh, pp], [oh, og, op, ohn]) =>
        core[`_sl_gru_forward${c.suffix}`](
          oh,
          og,
          op,
          ohn,
          writeStruct(core, pp, [pwi, pwh, pbi, pbh, c.nx, nh]),
          px,
          T,
          ph,
        ),
    );
    const [r, z, n] = splitGates(gates, T, nh, 3, c.Type);
    return { h, r, z, n, hn, pre };
  };

  return {
    /** One LSTM step: {h, c, i, f, g, o, pre} (pre: the 4nh pre-activations, i f g o). */
    lstmStep: (options) => lstmForward('lstmStep', options, false),
    /** T steps: {h, c, i, f, g, o} each T×nh, pre T×4nh, and y T×ny with an output layer. */
    lstmForward: (options) => lstmForward('lstmForward', options, true),

    lstmBackward(options) {
      const fn = 'lstmBackward';
      const a = new Args(fn, options, [...SEQ, 'wY', 'bY', 'ny', 'dh', 'targets', 'forgetRule']);
      const c = readCell(a, 4, { sequence: true });
      const { wY, bY, ny } = readOutputLayer(a, c);
      const { T, nh, nx } = c;
      const dh =
        c.dtype === 'float64'
          ? a.doubles('dh', T * nh, 'T×nh', { optional: true })
          : a.floats('dh', T * nh, 'T×nh', { optional: true });
      if (a.has('targets') && !wY)
        throw a.error('targets', 'need an output layer: give wY and ny (ŷ = softmax(wY·h + bY))');
      const targets = wY ? a.int32s('targets', T, 'T', { min: 0, max: ny - 1 }) : null;
      if (!dh && !targets)
        throw a.error(
          'dh',
          'or targets is required: the upstream gradient dL/dh (T×nh) or class indices for a cross-entropy loss',
        );
      const rule = FORGET_RULES[a.choice('forgetRule', Object.keys(FORGET_RULES), 'correct')];
      const o = c.out;
      const [dwIh, dwHh, dbIh, dbHh, dxs, dh0, dc0, dwY, dbY, loss, dcPerStep, dhPerStep] = callCore(
        core,
        fn,
        {
          inputs: [
            c.xs,
            c.h0,
            c.c0,
            c.wIh,
            c.wHh,
            c.bIh,
            c.bHh,
            wY,
            bY,
            dh,
            targets,
            struct(LSTM_PARAMS),
            struct(LSTM_GRADS),
          ],
          outputs: [
            o(4 * nh * nx),
            o(4 * nh * nh),
            o(4 * nh),
            o(4 * nh),
            o(T * nx),
            o(nh),
            o(nh),
            wY ? o(ny * nh) : null,
            wY ? o(ny) : null,
            o(1),
            o(T * nh),
            o(T * nh),
          ],
        },
        ([px, ph, pc, pwi, pwh, pbi, pbh, pwy, pby, pdh, pt, pp, pg], out) =>
          core[`_sl_lstm_backward${c.suffix}`](
            writeStruct(core, pg, out),
            writeStruct(core, pp, [pwi, pwh, pbi, pbh, pwy, pby, nx, nh, ny]),
            px,
            T,
            ph,
            pc,
            pdh,
            pt,
            rule,
          ),
      );
      const r = { dwIh, dwHh, dbIh, dbHh, dxs, dh0, dc0, loss: targets ? loss[0] : 0, dcPerStep, dhPerStep };
      if (wY) Object.assign(r, { dwY, dbY });
      return r;
    },

    /** One GRU step: {h, r, z, n, hn, pre} (hn = W_hn·h + b_hn, the term r gates). */
    gruStep: (options) => gruForward('gruStep', options, false),
    gruForward: (options) => gruForward('gruForward', options, true),

    gruBackward(options) {
      const fn = 'gruBackward';
      const a = new Args(fn, options, [...SEQ.filter((k) => k !== 'c0'), 'dh']);
      const c = readCell(a, 3, { sequence: true, withState: false });
      const { T, nh, nx } = c;
      const dh = c.dtype === 'float64' ? a.doubles('dh', T * nh, 'T×nh') : a.floats('dh', T * nh, 'T×nh');
      const o = c.out;
      const [dwIh, dwHh, dbIh, dbHh, dxs, dh0, dhPerStep] = callCore(
        core,
        fn,
        {
          inputs: [c.xs, c.h0, c.wIh, c.wHh, c.bIh, c.bHh, dh, struct(GRU_PARAMS), struct(GRU_GRADS)],
          outputs: [o(3 * nh * nx), o(3 * nh * nh), o(3 * nh), o(3 * nh), o(T * nx), o(nh), o(T * nh)],
        },
        ([px, ph, pwi, pwh, pbi, pbh, pdh, pp, pg], out) =>
          core[`_sl_gru_backward${c.suffix}`](
            writeStruct(core, pg, out),
            writeStruct(core, pp, [pwi, pwh, pbi, pbh, nx, nh]),
            px,
            T,
            ph,
            pdh,
          ),
      );
      return { dwIh, dwHh, dbIh, dbHh, dxs, dh0, dhPerStep };
    },

    /** Parameters of one layer; biases: 1 (one per gate) or 2 (PyTorch's b_ih and b_hh, default). */
    rnnParamCount(options) {
      const fn = 'rnnParamCount';
      const a = new Args(fn, options, ['cell', 'nx', 'nh', 'biases']);
      const cell = a.choice('cell', ['lstm', 'gru']);
      const nx = a.int('nx', { max: LIMITS.maxDim });
      const nh = a.int('nh', { max: LIMITS.maxDim });
      const biases = a.int('biases', { min: 1, max: 2, def: 2 });
      const [n] = callCore(core, fn, { outputs: [f64(1)] }, (_, [pn]) =>
        core._sl_rnn_param_count(pn, cell === 'lstm' ? 0 : 1, nx, nh, biases),
      );
      return n[0];
    },
  };
}
