// properties.test.mjs — property-based tests of the JS API with fast-check (which shrinks a failing
// case to a minimal one and prints the seed that reproduces it).
//
//  1. Same numbers, however the input is presented: a valid call whose arrays come as typed arrays
//     of another realm, plain arrays (of this realm or another), Float64Arrays, proxies of plain
//     arrays, typed arrays with lying own properties or on resizable buffers, and whose options come
//     as prototype-less or foreign objects, through getters, over a prototype full of junk options or
//     with Object.prototype polluted, returns exactly what the plain call returns.
//  2. Nothing but a SeqlabError escapes: a valid call with 1–3 arguments or options replaced by
//     hostile values (wrong types, NaN and huge sizes, symbols, bigints, spies with toString, proxies
//     of typed arrays, detached and shrunk buffers, lying lengths, holes, throwing getters, wrong
//     typed-array kinds from another realm, unknown options) returns arrays or throws a SeqlabError
//     naming the function with a known code; the caller's toString/valueOf never run; the heap is
//     back to zero bytes in use.
//
// Adding a function (as makeTask and createModel are) is one entry in VALID:
// a generator of one small valid argument list, e.g.
//   makeTask: (g) => [{ kind: pick(g, ['copy', 'reverse']), length: int(g, 1, 6), seed: int(g, 0, 9) }],
// Both properties then cover it: the walker below finds its arrays and option objects by itself.
// When a result is not plain data (a model object with methods), give the entry as
// { args: draw, view: (result) => data to compare } instead of a bare draw function, e.g.
//   step: { args: (g) => [sl.createModel({ … }), { xs: floats(g, 6), … }], view: (r) => r.loss },
// (an argument that is an API object rather than options is passed through untouched when its
// prototype is not Object.prototype: the walker only rewrites plain option objects).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import vm from 'node:vm';

import fc from 'fast-check';

import { assertClose, fixture, loadSeqlab, SeqlabError } from './helpers.mjs';

const SEED = Number(process.env.SEQLAB_PROPERTY_SEED ?? 20261129);
// per function: RUNS equivalence runs, 2·RUNS hostile calls
const RUNS = Number(process.env.SEQLAB_PROPERTY_RUNS ?? 125);
const CODES = new Set(['ARG', 'SIZE', 'LIMIT', 'NULL', 'NOMEM', 'VALUE']);

let sl;
before(async () => {
  sl = await loadSeqlab();
  console.log(
    `# property seed: ${SEED} (SEQLAB_PROPERTY_SEED=… reproduces another run, SEQLAB_PROPERTY_RUNS=… runs longer)`,
  );
});

after(() => {
  // after all of it, the module still computes the right numbers and holds no memory
  const c = fixture('attention').attention[0];
  assertClose(sl.attention({ q: c.q, k: c.k, v: c.v, n: c.n, m: c.m, dk: c.dk, dv: c.dv }).weights, c.weights);
  assert.equal(sl.memoryStats().heapInUse, 0);
});

// ---- valid calls ------------------------------------------------------------------------------
// g(fc.integer, {…}) draws one value (fc.gen); everything small, so a run is quick.
const int = (g, min, max) => g(fc.integer, { min, max });
const bool = (g) => g(fc.boolean);
/** n floats that are exact in float32 (multiples of 1/64 in [-6, 6]). */
const floats = (g, n) =>
  Float32Array.from(g(fc.array, fc.integer({ min: -384, max: 384 }), { minLength: n, maxLength: n }), (v) => v / 64);
const ints = (g, n, min, max) => Int32Array.from(g(fc.array, fc.integer({ min, max }), { minLength: n, maxLength: n }));
const pick = (g, values) => g(fc.constantFrom, ...values);
/** An options object holding only the entries whose coin came up (undefined values dropped). */
function some(g, entries) {
  const o = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined && bool(g)) o[key] = value;
  return o;
}

function recurrent(g, G, { sequence, cell, withC = G === 4 }) {
  const nx = int(g, 1, 2),
    nh = int(g, 1, 2),
    T = sequence ? int(g, 1, 3) : 1;
  const o = { nx, nh, wIh: floats(g, G * nh * nx), wHh: floats(g, G * nh * nh) };
  if (sequence) o.T = T;
  o[sequence ? 'xs' : 'x'] = floats(g, T * nx);
  Object.assign(o, some(g, { bIh: floats(g, G * nh), bHh: floats(g, G * nh), dtype: pick(g, ['float32', 'float64']) }));
  Object.assign(
    o,
    some(g, {
      [sequence ? 'h0' : 'hPrev']: floats(g, nh),
      [sequence ? 'c0' : 'cPrev']: withC ? floats(g, nh) : undefined,
    }),
  );
  return { o, nx, nh, T, cell };
}

/** name → fc.gen() draw function giving the argument list of one valid call. */
const VALID = {
  softmax: (g) => {
    const r = int(g, 1, 3),
      c = int(g, 1, 4);
    return [floats(g, r * c), r, c, some(g, { temperature: pick(g, [0.25, 1, 3]) })];
  },
  matmul: (g) => {
    const n = int(g, 1, 3),
      k = int(g, 1, 3),
      m = int(g, 1, 3);
    return [floats(g, n * k), floats(g, k * m), n, k, m, some(g, { transposeB: bool(g) })];
  },
  rowDots: (g) => {
    const n = int(g, 1, 3),
      d = int(g, 1, 4);
    return [floats(g, n * d), floats(g, n * d), n, d];
  },
  attention: (g) => {
    const n = int(g, 1, 3),
      m = int(g, 1, 3),
      dk = int(g, 1, 3),
      dv = int(g, 1, 3);
    return [
      {
        q: floats(g, n * dk),
        k: floats(g, m * dk),
        v: floats(g, m * dv),
        n,
        m,
        dk,
        dv,
        ...some(g, {
          causal: bool(g),
          scale: pick(g, [true, false, 0.5]),
          temperature: pick(g, [0.5, 2]),
          steps: bool(g),
          mask: Uint8Array.from(ints(g, n * m, 0, 1)),
          bias: floats(g, n * m),
        }),
      },
    ];
  },
  multiHeadAttention: (g) => {
    const n = int(g, 1, 3),
      heads = int(g, 1, 2),
      dk = 2 * int(g, 1, 2),
      dv = int(g, 1, 2),
      dModel = 2 * int(g, 1, 2);
    const posenc = pick(g, ['none', 'rope', 'alibi', 'sinusoidal']);
    return [
      {
        x: floats(g, n * dModel),
        n,
        dModel,
        heads,
        dk,
        dv,
        wq: floats(g, dModel * heads * dk),
        wk: floats(g, dModel * heads * dk),
        wv: floats(g, dModel * heads * dv),
        wo: floats(g, heads * dv * dModel),
        posenc,
        ...some(g, {
          causal: bool(g),
          temperature: pick(g, [0.5, 2]),
          alibi: posenc === 'alibi' ? floats(g, heads).map(Math.abs) : undefined,
          ropeBase: posenc === 'rope' || posenc === 'sinusoidal' ? pick(g, [100, 10000]) : undefined,
          ropePairing: posenc === 'rope' ? pick(g, ['interleaved', 'half']) : undefined,
        }),
      },
    ];
  },
  sinusoidal: (g) => [
    int(g, 1, 5),
    2 * int(g, 1, 4),
    some(g, { base: pick(g, [2, 100, 10000]), layout: pick(g, ['interleaved', 'concat']) }),
  ],
  sinusoidalShift: (g) => [int(g, -5, 5), 2 * int(g, 1, 4), some(g, { base: pick(g, [2, 10000]) })],
  rope: (g) => {
    const nPos = int(g, 1, 3),
      d = 2 * int(g, 1, 3);
    return [
      floats(g, nPos * d),
      nPos,
      d,
      some(g, {
        positions: ints(g, nPos, -100, 100),
        pairing: pick(g, ['interleaved', 'half']),
        scaling: { type: d >= 4 ? pick(g, ['none', 'linear', 'ntk']) : 'linear', factor: pick(g, [1, 2, 8]) },
        base: pick(g, [50, 10000]),
      }),
    ];
  },
  ropeAngles: (g) => {
    const nPos = int(g, 1, 3);
    return [
      nPos,
      2 * int(g, 2, 3),
      some(g, { positions: ints(g, nPos, -100, 100), scaling: { type: 'linear', factor: 2 } }),
    ];
  },
  alibiSlopes: (g) => [int(g, 1, 9)],
  alibiBias: (g) => {
    const h = int(g, 1, 3);
    return [h, int(g, 1, 3), some(g, { m: int(g, 1, 3), causal: bool(g), slopes: floats(g, h) })];
  },
  learnedTable: (g) => [int(g, 1, 4), int(g, 1, 4), some(g, { seed: int(g, 0, 5), std: pick(g, [0, 0.02, 1]) })],
  learnedLookup: (g) => {
    const len = int(g, 1, 4),
      d = int(g, 1, 3);
    return [floats(g, len * d), len, d, Array.from(ints(g, int(g, 1, 4), 0, len - 1))];
  },
  lstmStep: (g) => [recurrent(g, 4, { sequence: false }).o],
  lstmForward: (g) => {
    const c = recurrent(g, 4, { sequence: true });
    if (bool(g)) Object.assign(c.o, { ny: 2, wY: floats(g, 2 * c.nh), ...some(g, { bY: floats(g, 2) }) });
    return [c.o];
  },
  lstmBackward: (g) => {
    const c = recurrent(g, 4, { sequence: true });
    if (bool(g))
      Object.assign(
        c.o,
        { ny: 2, wY: floats(g, 2 * c.nh), targets: Array.from(ints(g, c.T, 0, 1)) },
        some(g, { dh: floats(g, c.T * c.nh) }),
      );
    else c.o.dh = floats(g, c.T * c.nh);
    return [Object.assign(c.o, some(g, { forgetRule: pick(g, ['correct', 'course-mistake']) }))];
  },
  gruStep: (g) => [recurrent(g, 3, { sequence: false, withC: false }).o],
  gruForward: (g) => [recurrent(g, 3, { sequence: true, withC: false }).o],
  gruBackward: (g) => {
    const c = recurrent(g, 3, { sequence: true, withC: false });
    c.o.dh = floats(g, c.T * c.nh);
    return [c.o];
  },
  rnnParamCount: (g) => [
    { cell: pick(g, ['lstm', 'gru']), nx: int(g, 1, 50), nh: int(g, 1, 50), ...some(g, { biases: int(g, 1, 2) }) },
  ],
  makeTask: (g) => {
    const name = pick(g, ['copy', 'reverse', 'parity', 'induction', 'text']);
    const minLen = int(g, 2, 4);
    const extra =
      name === 'parity' ? some(g, { finalOnly: true }) : name === 'text' ? some(g, { text: 'abc ab c' }) : {};
    return [name, { batch: int(g, 1, 3), minLen, maxLen: minLen + int(g, 0, 3), seed: int(g, 0, 9), ...extra }];
  },
  // a model holds core memory until dispose(): the view reads it and frees it, so both properties
  // also check that a refused or finished config leaves nothing behind
  createModel: {
    args: (g) => {
      const kind = pick(g, ['transformer', 'rnn', 'lstm', 'gru']);
      if (kind !== 'transformer')
        return [{ kind, vocab: int(g, 2, 6), dModel: int(g, 1, 6), hidden: int(g, 1, 6), seed: int(g, 0, 9) }];
      const heads = int(g, 1, 2);
      return [
        {
          kind,
          vocab: int(g, 2, 6),
          maxLen: int(g, 2, 6),
          layers: int(g, 1, 2),
          dModel: heads * 2 * int(g, 1, 2),
          heads,
          dFF: int(g, 1, 8),
          posenc: pick(g, ['none', 'learned', 'sinusoidal', 'rope', 'alibi']),
          seed: int(g, 0, 9),
          ...some(g, { tied: bool(g), activation: pick(g, ['gelu', 'relu']), ropeBase: int(g, 2, 20000) }),
        },
      ];
    },
    view: (m) => {
      const out = { params: m.getParams(), count: m.paramCount };
      m.dispose();
      return out;
    },
  },
  // model methods, on a fresh model made and disposed around each call (`call` stands in for
  // sl[name]): the batch — lossMask included, which was once read outside the argument reader, so
  // a foreign Uint8Array was refused and an own length believed — and step's options are read by
  // the same rules as every other argument
  evaluate: {
    call: (batch) => onModel((m) => m.evaluate(batch)),
    args: (g) => [trainBatch(g)],
    view: (r) => Float64Array.of(r.loss, r.tokenAccuracy, r.exactMatch),
  },
  step: {
    call: (batch, opt) => onModel((m) => m.step(batch, opt)),
    args: (g) => [
      trainBatch(g),
      { lr: pick(g, [1e-3, 1e-2]), ...some(g, { beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1, clip: 1 }) },
    ],
    view: (r) => Float64Array.of(r.loss, r.gradNorm),
  },
  // a saved file (header, config, parameters, optimiser state, CRC): any form of it, or hostile
  // bytes, loads the same model or is refused
  loadModel: {
    args: (g) => {
      const kind = pick(g, ['transformer', 'lstm']);
      const m = sl.createModel(
        kind === 'transformer'
          ? { kind, vocab: int(g, 2, 5), maxLen: 4, layers: 1, dModel: 4, heads: 2, dFF: 4, seed: int(g, 0, 9) }
          : { kind, vocab: int(g, 2, 5), dModel: 2, hidden: int(g, 1, 4), seed: int(g, 0, 9) },
      );
      const bytes = m.save();
      m.dispose();
      return [bytes];
    },
    view: (m) => {
      const out = { params: m.getParams(), config: JSON.stringify(m.config) };
      m.dispose();
      return out;
    },
  },
};

/** A small model for the model-method entries: made, used by f, disposed (the heap back to 0). */
function onModel(f) {
  const m = sl.createModel({ vocab: 5, maxLen: 6, layers: 1, dModel: 4, heads: 2, dFF: 4, posenc: 'rope', seed: 3 });
  try {
    return f(m);
  } finally {
    m.dispose();
  }
}

/** A batch for onModel's model: ids in [0, 5), a lossMask that counts at least one position. */
function trainBatch(g) {
  const batch = int(g, 1, 2),
    T = int(g, 1, 4),
    n = batch * T;
  const lossMask = Uint8Array.from(ints(g, n, 0, 1));
  lossMask[int(g, 0, n - 1)] = 1;
  return { tokens: ints(g, n, 0, 4), targets: ints(g, n, 0, 4), lossMask, batch, T };
}

// ---- presentations: the same input in another form ----------------------------------------------
const realm = vm.runInNewContext('({ Float32Array, Float64Array, Int32Array, Uint8Array, Array, Object })');
const TYPED = ['Float32Array', 'Float64Array', 'Int32Array', 'Uint8Array'];
const kindOf = (v) => (ArrayBuffer.isView(v) ? TYPED.find((k) => v instanceof globalThis[k]) : undefined);

/** Ways to present an array with the same values (each valid wherever the original is). */
const ARRAY_FORMS = {
  same: (v) => v,
  plain: (v) => Array.from(v),
  foreignPlain: (v) => realm.Array.from(v),
  foreignTyped: (v) => (kindOf(v) ? new realm[kindOf(v)](v) : realm.Array.from(v)),
  float64: (v) => (kindOf(v) === 'Float32Array' ? Float64Array.from(v) : v),
  proxyOfPlain: (v) => new Proxy(Array.from(v), {}),
  lyingOwnProps: (v) => {
    if (!kindOf(v)) return v;
    const c = new globalThis[kindOf(v)](v);
    for (const key of ['length', 'byteLength', 'byteOffset'])
      Object.defineProperty(c, key, { value: 3 * c.length + 5 });
    Object.defineProperty(c, 'buffer', { value: new ArrayBuffer(2) });
    Object.defineProperty(c, 'constructor', { value: Int8Array });
    return c;
  },
  resizable: (v) => {
    if (!kindOf(v)) return v;
    const Type = globalThis[kindOf(v)];
    const c = new Type(
      new ArrayBuffer(v.length * Type.BYTES_PER_ELEMENT, { maxByteLength: 4 * v.length * Type.BYTES_PER_ELEMENT + 8 }),
    );
    c.set(v);
    return c;
  },
};
/** Junk for every option name, sitting on a prototype or Object.prototype: must never be read. */
const JUNK = {
  causal: 'yes',
  scale: 1e30,
  temperature: -1,
  mask: [9],
  bias: [9],
  into: { weights: new Float32Array(1) },
  dtype: 'int8',
  base: 0,
  layout: 'x',
  seed: -1,
  std: -1,
  positions: [1e9],
  pairing: 'x',
  scaling: 5,
  m: -1,
  slopes: [NaN],
  alibi: [NaN],
  steps: 'x',
  dk: 0,
  dv: 0,
  transposeB: 1,
  posenc: 'x',
  ropeBase: 0,
  ropePairing: 'x',
  wY: [1],
  bY: [1],
  ny: -1,
  targets: [99],
  dh: [1],
  forgetRule: 'x',
  biases: 7,
  h0: [1],
  c0: [1],
  hPrev: [1],
  cPrev: [1],
  bIh: [1],
  bHh: [1],
  createCore: 5,
  extra: 1,
};
const OPTION_FORMS = {
  same: (o) => o,
  nullPrototype: (o) => Object.assign(Object.create(null), o),
  foreign: (o) => Object.assign(new realm.Object(), o),
  getters: (o) => {
    const c = {};
    for (const [key, value] of Object.entries(o)) Object.defineProperty(c, key, { enumerable: true, get: () => value });
    return c;
  },
  junkPrototype: (o) => Object.assign(Object.create(JUNK), o),
};

/** {draw, view} of a VALID entry (a bare draw function compares the whole result). */
const entries = () =>
  Object.entries(VALID).map(([name, e]) => [
    name,
    typeof e === 'function'
      ? { draw: e, view: (r) => r, call: (...args) => sl[name](...args) }
      : { draw: e.args, view: e.view, call: e.call ?? ((...args) => sl[name](...args)) },
  ]);

/** Applies forms (chosen by index) to every array and options object of an argument list. */
function present(args, arrayForms, optionForms) {
  let a = 0,
    o = 0;
  const next = (list, i) => list[i % list.length];
  const walk = (v) => {
    if (ArrayBuffer.isView(v) || Array.isArray(v)) return ARRAY_FORMS[next(arrayForms, a++)](v);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const copy = {};
      for (const [key, value] of Object.entries(v)) copy[key] = walk(value);
      return OPTION_FORMS[next(optionForms, o++)](copy);
    }
    return v;
  };
  return args.map(walk);
}

/** A result as plain data (typed arrays become {type, values}), for deepEqual. */
function comparable(r) {
  if (ArrayBuffer.isView(r)) return { type: r.constructor.name, values: Array.from(r) };
  if (r && typeof r === 'object') return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, comparable(v)]));
  return r;
}

/** Runs f with Object.prototype carrying some JUNK keys, restoring it afterwards. */
function withPollution(keys, f) {
  for (const key of keys) Object.prototype[key] = JUNK[key];
  try {
    return f();
  } finally {
    for (const key of keys) delete Object.prototype[key];
  }
}

const arrayForm = fc.constantFrom(...Object.keys(ARRAY_FORMS));
const optionForm = fc.constantFrom(...Object.keys(OPTION_FORMS));
const pollution = fc.subarray(Object.keys(JUNK), { maxLength: 4 });

describe(`property: the same input in any form gives the same numbers (seed ${SEED}, ${RUNS} runs per function)`, () => {
  for (const [name, { draw, view, call }] of entries()) {
    it(name, () => {
      fc.assert(
        fc.property(
          fc.gen().map(draw),
          fc.array(arrayForm, { minLength: 1, maxLength: 6 }),
          fc.array(optionForm, { minLength: 1, maxLength: 3 }),
          pollution,
          (args, arrays, options, polluted) => {
            const expected = comparable(view(call(...args)));
            const actual = comparable(view(withPollution(polluted, () => call(...present(args, arrays, options)))));
            assert.deepEqual(actual, expected);
            assert.equal(sl.memoryStats().heapInUse, 0);
          },
        ),
        { seed: SEED, numRuns: RUNS, includeErrorInReport: true },
      );
    });
  }
});

// ---- hostile values ------------------------------------------------------------------------------
let spied = 0; // how often a spy's toString / valueOf / getter ran
const spy = () => ({
  toString: () => {
    spied++;
    return 'SPY';
  },
  valueOf: () => {
    spied++;
    return 1;
  },
});
const detached = (Type, n) => {
  const a = new Type(n);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
};
const shrunk = (Type, n) => {
  const buffer = new ArrayBuffer(n * Type.BYTES_PER_ELEMENT, { maxByteLength: n * Type.BYTES_PER_ELEMENT });
  const tracking = new Type(buffer);
  buffer.resize(Type.BYTES_PER_ELEMENT);
  return tracking;
};
/** label → maker(original value): a value that is wrong (or at least suspicious) almost anywhere. */
const HOSTILE = {
  undefined: () => undefined,
  null: () => null,
  NaN: () => NaN,
  infinity: () => Infinity,
  minusOne: () => -1,
  zero: () => 0,
  half: () => 1.5,
  huge: () => 2 ** 53,
  past2to31: () => 2 ** 31,
  float32Overflow: () => 1e39,
  float32Underflow: () => 1e-50,
  string: () => '3',
  emptyString: () => '',
  true: () => true,
  symbol: () => Symbol('s'),
  bigint: () => 3n,
  function: () => () => 1,
  date: () => new Date(0),
  emptyObject: () => ({}),
  spy,
  arrayOfSpies: () => [spy(), spy()],
  arrayOfSymbols: () => [Symbol('a')],
  nanArray: () => [NaN, NaN],
  holey: () => [1, , 3], // eslint-disable-line no-sparse-arrays
  int8: () => new Int8Array(4),
  bigint64: () => new BigInt64Array(2),
  dataView: () => new DataView(new ArrayBuffer(8)),
  foreignInt8: () => new (vm.runInNewContext('Int8Array'))(4),
  proxyOfTyped: (v) => new Proxy(ArrayBuffer.isView(v) && !(v instanceof DataView) ? v : new Float32Array(4), {}),
  throwingProxy: () =>
    new Proxy([], {
      get: () => {
        throw new Error('trap');
      },
      ownKeys: () => {
        throw new Error('trap');
      },
    }),
  getterThrows: () => {
    const a = [1, 2];
    Object.defineProperty(a, 0, {
      get: () => {
        throw new Error('getter');
      },
    });
    return a;
  },
  detached: (v) => detached(kindOf(v) ? globalThis[kindOf(v)] : Float32Array, 8),
  shrunk: (v) => shrunk(kindOf(v) ? globalThis[kindOf(v)] : Float32Array, 8),
  longerByOne: (v) => (kindOf(v) ? new globalThis[kindOf(v)](v.length + 1) : [...(Array.isArray(v) ? v : []), 0]),
  lyingLength: (v) => {
    const c = kindOf(v) ? new globalThis[kindOf(v)](1) : new Float32Array(1);
    Object.defineProperty(c, 'length', { value: kindOf(v) ? v.length : 8 });
    return c;
  },
  intoJunk: () => ({ weights: new Float32Array(2), out: spy() }),
  badScaling: () => ({ type: 'ntk', factor: NaN }),
  unknownEnum: () => 'bogus',
  sizeLimit: () => 8193,
  dimLimit: () => 4097,
  headLimit: () => 65,
};
const HOSTILE_LABELS = Object.keys(HOSTILE);

/** Every place a value can be replaced: [path of keys] into the argument list (options one level down,
 * nested once more). */
const isOptions = (v) => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype; // not a hostile value put there
function slots(args) {
  const out = [];
  args.forEach((v, i) => {
    out.push([i]);
    if (isOptions(v)) {
      for (const [key, w] of Object.entries(v)) {
        out.push([i, key]);
        if (isOptions(w)) for (const k2 of Object.keys(w)) out.push([i, key, k2]);
      }
      out.push([i, 'unknownOption']);
      out.push([i, 'into']);
    }
  });
  return out;
}

function mutate(args, edits) {
  const out = structuredClone(args);
  for (const { slot, label, drop } of edits) {
    const all = slots(out);
    const path = all[slot % all.length];
    let parent = out;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const last = path[path.length - 1];
    if (drop && typeof last === 'string') delete parent[last];
    else {
      let value;
      try {
        value = HOSTILE[label](parent[last]); // a maker may look at an earlier hostile value, which may throw
      } catch {
        value = HOSTILE.emptyObject();
      }
      parent[last] = value;
    }
  }
  return out;
}

const edit = fc.record(
  { slot: fc.nat(), label: fc.constantFrom(...HOSTILE_LABELS), drop: fc.boolean() },
  { requiredKeys: ['slot', 'label'] },
);

describe(`property: hostile arguments give a result or a SeqlabError, nothing else (seed ${SEED})`, () => {
  for (const [name, { draw, view, call }] of entries()) {
    it(name, () => {
      let refused = 0;
      fc.assert(
        fc.property(
          fc.gen().map(draw),
          fc.array(edit, { minLength: 1, maxLength: 3 }),
          pollution,
          (valid, edits, polluted) => {
            const args = mutate(valid, edits);
            spied = 0;
            let r;
            try {
              r = withPollution(polluted, () => call(...args));
            } catch (e) {
              if (!(e instanceof SeqlabError)) throw new Error(`${name} threw ${e?.name}: ${e?.message}`, { cause: e });
              assert.ok(e.message.startsWith(name), `message names the function: ${e.message}`);
              assert.ok(CODES.has(e.code), `known code: ${e.code}`);
              assert.ok(!/SPY|\[object|a undefined|of length undefined/.test(e.message), `clean message: ${e.message}`);
              refused++;
            }
            if (r !== undefined) {
              const v = view(r);
              const arrays =
                typeof v === 'number'
                  ? []
                  : ArrayBuffer.isView(v)
                    ? [v]
                    : Object.values(v).filter((x) => ArrayBuffer.isView(x));
              assert.ok(typeof v === 'number' || arrays.length > 0, `${name} returned no arrays`);
            }
            assert.equal(spied, 0, 'no toString / valueOf of the caller ran');
            assert.equal(sl.memoryStats().heapInUse, 0);
          },
        ),
        { seed: SEED, numRuns: RUNS * 2, includeErrorInReport: true },
      );
      assert.ok(refused > 0, 'some hostile calls were refused');
    });
  }
});
