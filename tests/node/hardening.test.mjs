// hardening.test.mjs — one regression test for each wrong answer or confusing failure an
// adversarial pass over the JS API found: arrays that change between validation and copy,
// inherited options, errors of other types, memory that could not be reused after a NOMEM, and
// unclear messages. Also ties the JS limits and status codes to the C core's.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import vm from 'node:vm';

import createScalarCore from '../../build/seqlab_core_scalar.mjs';
import { heapRoom, statusCode } from '../../wasm/lib/heap.mjs';
import { LIMITS } from '../../wasm/seqlab.mjs';
import { assertSeqlabError, loadSeqlab, SeqlabError } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

const f32 = (n, s = 1) => Float32Array.from({ length: n }, (_, i) => Math.sin(3 * i + 1) * s);
/** A small attention call and its clean result, for comparisons. */
const small = () => ({ q: f32(8), k: f32(12, 0.7), v: f32(6, 2), n: 2, m: 3, dk: 4, dv: 2 });
const same = (a, b, what) => assert.deepEqual([...a], [...b], what);

describe('defect 1: an array is read once, by its internal slots, and the copy is what the core sees', () => {
  it('a Float32Array with an own length of 8 is seen as the 2 elements it has', () => {
    const q = new Float32Array(2);
    Object.defineProperty(q, 'length', { value: 8 });
    const e = assertSeqlabError(
      () => sl.attention({ ...small(), q }),
      SeqlabError,
      /attention: q must have n×dk = 8 elements, got 2$/,
    );
    assert.equal(e.code, 'SIZE');
  });

  it('a mask with a lying own length is refused, not read past its end', () => {
    const mask = new Uint8Array(2).fill(1);
    Object.defineProperty(mask, 'length', { get: () => 6 });
    assertSeqlabError(() => sl.attention({ ...small(), mask }), SeqlabError, /mask must have n×m = 6 elements, got 2/);
  });

  it('own buffer / byteLength / byteOffset are ignored: the elements come from the internal slots', () => {
    const args = small();
    const clean = sl.attention(args);
    const q = Float32Array.from(args.q);
    let touched = 0;
    for (const key of ['buffer', 'byteLength', 'byteOffset', 'constructor']) {
      Object.defineProperty(q, key, {
        get: () => {
          touched++;
          return key === 'buffer' ? new ArrayBuffer(1 << 20) : 1 << 20;
        },
      });
    }
    const r = sl.attention({ ...args, q });
    same(r.out, clean.out, 'same output');
    assert.equal(touched, 0, 'no own property was read');
    assert.equal(sl.memoryStats().heapInUse, 0);
  });

  it('a resizable buffer shrunk by the getter of a later option is seen shrunk, and refused', () => {
    const args = small();
    const rab = new ArrayBuffer(32, { maxByteLength: 64 });
    const tracking = new Float32Array(rab); // length follows the buffer
    const fixed = new Float32Array(rab, 0, 8); // goes out of bounds when the buffer shrinks
    tracking.set(args.q);
    for (const [q, got] of [
      [tracking, 1],
      [fixed, 0],
    ]) {
      rab.resize(32);
      const options = { ...args, q };
      delete options.v;
      Object.defineProperty(options, 'v', {
        enumerable: true,
        get: () => {
          rab.resize(4);
          return args.v;
        },
      });
      assertSeqlabError(
        () => sl.attention(options),
        SeqlabError,
        new RegExp(`q must have n×dk = 8 elements, got ${got}$`),
      );
    }
  });

  it('a getter that rewrites an array already read does not change the result', () => {
    const x = f32(16);
    const clean = sl.rope(x, 2, 8, { positions: [3, 5] });
    const positions = [3, 5];
    Object.defineProperty(positions, 1, {
      enumerable: true,
      get: () => {
        x.fill(100);
        return 5;
      },
    });
    const r = sl.rope(x, 2, 8, { positions }); // x is read before positions
    same(r, clean, 'rotated from the x as it was read');
    assert.equal(x[0], 100, 'the getter did run');
    // the same with a getter on an options object read after x
    const x2 = f32(16);
    const options = {};
    Object.defineProperty(options, 'scaling', {
      enumerable: true,
      get: () => {
        x2.fill(100);
        return { type: 'linear', factor: 1 };
      },
    });
    assert.equal(
      sl.rope(x2, 2, 8, options)[0],
      100 * Math.cos(0) - 100 * Math.sin(0),
      'options are read before x, by design',
    );
  });

  it('a validated mask cannot be changed to a value past 1 before the core reads it', () => {
    const args = small();
    const mask = [1, 1, 0, 1, 1, 1];
    const clean = sl.attention({ ...args, mask });
    const m8 = new Uint8Array(mask);
    const options = { ...args, mask: m8 };
    Object.defineProperty(options, 'zzz', { enumerable: false, value: 0 }); // non-enumerable: not an option
    Object.defineProperty(options, 'temperature', { enumerable: true, get: () => 1 });
    const r = sl.attention(options);
    same(r.weights, clean.weights);
  });

  it('an array left by a refused call does not disturb the next call', () => {
    const rab = new ArrayBuffer(32, { maxByteLength: 64 });
    const q = new Float32Array(rab);
    assertSeqlabError(() => sl.attention({ ...small(), q, causal: 1 }), SeqlabError, /causal must be true or false/);
    rab.resize(4);
    same(sl.softmax([1, 1], 1, 2, { temperature: 2 }), [0.5, 0.5]);
    same(sl.learnedLookup(f32(8), 2, 4, [1]), f32(8).subarray(4));
  });

  it('learnedLookup positions are read by index: an iterator yielding fewer items changes nothing', () => {
    const table = f32(32);
    const positions = [0, 7, 3];
    let iterated = false;
    positions[Symbol.iterator] = function* lying() {
      iterated = true;
      yield 0;
    };
    const r = sl.learnedLookup(table, 8, 4, positions);
    same(r, sl.learnedLookup(table, 8, 4, [0, 7, 3]));
    assert.equal(iterated, false);
    const typed = new Int32Array([0, 7, 3]);
    Object.defineProperty(typed, 'length', { value: 1 });
    same(sl.learnedLookup(table, 8, 4, typed), r, 'an Int32Array with a lying length');
  });

  it('a hole in a plain array is refused even when a prototype would fill it', () => {
    Object.prototype[1] = 5;
    try {
      assertSeqlabError(
        () => sl.softmax([1, , 3], 1, 3), // eslint-disable-line no-sparse-arrays
        SeqlabError,
        /softmax: x\[1\] is missing \(a hole in the array\)/,
      );
    } finally {
      delete Object.prototype[1];
    }
  });
});

describe('defect 2: only own properties of options are read', () => {
  const polluted = [
    ['causal', true, () => sl.attention(small())],
    ['scale', 5, () => sl.attention(small())],
    ['temperature', 0.01, () => sl.attention(small())],
    ['mask', [0, 0, 0, 0, 0, 0], () => sl.attention(small())],
    ['bias', [9, 0, 0, 0, 0, 9], () => sl.attention(small())],
    ['dtype', 'float64', () => sl.gruForward({ xs: f32(8), T: 4, wIh: f32(18), wHh: f32(27), nx: 2, nh: 3 })],
    ['base', 3, () => sl.sinusoidal(4, 8)],
    ['layout', 'concat', () => sl.sinusoidal(4, 8)],
    ['seed', 7, () => sl.learnedTable(4, 4)],
    ['std', 3, () => sl.learnedTable(4, 4)],
    [
      'alibi',
      [9, 9],
      () =>
        sl.multiHeadAttention({
          x: f32(12),
          n: 3,
          dModel: 4,
          heads: 2,
          wq: f32(16),
          wk: f32(16),
          wv: f32(16),
          wo: f32(16),
          posenc: 'alibi',
        }),
    ],
    ['slopes', [9, 9], () => sl.alibiBias(2, 3)],
  ];
  for (const [key, value, call] of polluted) {
    it(`Object.prototype.${key} changes nothing`, () => {
      const clean = call();
      Object.prototype[key] = value;
      let dirty;
      try {
        dirty = call();
      } finally {
        delete Object.prototype[key];
      }
      assert.deepEqual(dirty, clean);
    });
  }

  it('an inherited into is not used: every call returns its own arrays', () => {
    Object.prototype.into = { weights: new Float32Array(6) };
    let a, b;
    try {
      a = sl.attention(small());
      b = sl.attention({ ...small(), q: f32(8, 2) });
    } finally {
      delete Object.prototype.into;
    }
    assert.notEqual(a.weights, b.weights);
    assert.notDeepEqual([...a.weights], [...b.weights]);
  });

  it('loadSeqlab ignores an inherited createCore', async () => {
    let called = false;
    Object.prototype.createCore = () => {
      called = true;
      return Promise.reject(new Error('swapped'));
    };
    let api;
    try {
      api = await loadSeqlab();
    } finally {
      delete Object.prototype.createCore;
    }
    assert.equal(api, sl, 'the same, real core');
    assert.equal(called, false);
  });

  it('an option given by a getter is read exactly once', () => {
    let reads = 0;
    const options = { ...small() };
    delete options.dk;
    Object.defineProperty(options, 'dk', {
      enumerable: true,
      get: () => {
        reads++;
        return 4;
      },
    });
    sl.attention(options);
    assert.equal(reads, 1);
  });
});

describe('defect 3: only SeqlabError escapes, and no caller code runs while a message is built', () => {
  it('a Proxy around a typed array is refused with a SeqlabError', () => {
    const e = assertSeqlabError(
      () => sl.attention({ ...small(), q: new Proxy(f32(8), {}) }),
      SeqlabError,
      /attention: q must be a Float32Array, Float64Array or array of numbers, got an object$/,
    );
    assert.equal(e.code, 'ARG');
    assertSeqlabError(() => sl.softmax(new Proxy(new Float32Array(3), {}), 1, 3), SeqlabError, /softmax: x must be/);
  });

  it('a Proxy around a plain array is read once per index and checked like the array', () => {
    const gets = new Map();
    const p = new Proxy([1, 2, 3], {
      get: (t, k, r) => {
        gets.set(k, (gets.get(k) ?? 0) + 1);
        return Reflect.get(t, k, r);
      },
    });
    same(sl.softmax(p, 1, 3), sl.softmax([1, 2, 3], 1, 3));
    for (const k of ['length', '0', '1', '2']) assert.equal(gets.get(k), 1, `${k} read once`);
  });

  it('learnedLookup([Symbol()]) is a SeqlabError', () => {
    assertSeqlabError(
      () => sl.learnedLookup(f32(8), 2, 4, [Symbol('p')]),
      SeqlabError,
      /positions\[0\] must be an integer, got a symbol/,
    );
  });

  it('learnedLookup([{toString}]) does not call toString', () => {
    let called = false;
    const bad = {
      toString() {
        called = true;
        return '0';
      },
      valueOf() {
        called = true;
        return 0;
      },
    };
    assertSeqlabError(
      () => sl.learnedLookup(f32(8), 2, 4, [bad]),
      SeqlabError,
      /positions\[0\] must be an integer, got an object$/,
    );
    assert.equal(called, false);
  });

  it('loadSeqlab(null) and a createCore that is not a function reject with a SeqlabError', async () => {
    await assert.rejects(
      loadSeqlab(null),
      (e) => e instanceof SeqlabError && /loadSeqlab: expected an options object, got null/.test(e.message),
    );
    await assert.rejects(
      loadSeqlab({ createCore: 3 }),
      (e) => e instanceof SeqlabError && /createCore must be a function/.test(e.message),
    );
    await assert.rejects(
      loadSeqlab({ createcore: () => 0 }),
      (e) => e instanceof SeqlabError && /unknown option 'createcore'/.test(e.message),
    );
  });

  it('a re-entrant getter that grows WebAssembly memory does not break the call', () => {
    const args = small();
    const clean = sl.attention(args);
    const before = sl.memoryStats().memoryBytes;
    const options = { ...args };
    delete options.v;
    Object.defineProperty(options, 'v', {
      enumerable: true,
      get: () => {
        sl.softmax(new Float32Array(1 << 22), 1024, 4096);
        return args.v;
      }, // 16 MB in and out
    });
    // and an own buffer getter on q that would do the same if it were read
    const q = Float32Array.from(args.q);
    Object.defineProperty(q, 'buffer', {
      get: () => {
        sl.softmax(new Float32Array(1 << 22), 1024, 4096);
        return q.buffer;
      },
    });
    const r = sl.attention({ ...options, q });
    same(r.out, clean.out);
    assert.ok(sl.memoryStats().memoryBytes >= before);
    assert.equal(sl.memoryStats().heapInUse, 0);
  });

  it('a getter that throws gives a SeqlabError with the thrown value as its cause', () => {
    const boom = new Error('boom');
    const options = { ...small() };
    Object.defineProperty(options, 'temperature', {
      enumerable: true,
      get: () => {
        throw boom;
      },
    });
    const e = assertSeqlabError(() => sl.attention(options), SeqlabError, /attention: temperature could not be read/);
    assert.equal(e.cause, boom);
    const arr = [1, 2, 3];
    Object.defineProperty(arr, 1, {
      get: () => {
        throw boom;
      },
    });
    assert.equal(
      assertSeqlabError(() => sl.softmax(arr, 1, 3), SeqlabError, /softmax: x could not be read/).cause,
      boom,
    );
  });

  it('typed arrays, arrays and options from another realm are ordinary input', () => {
    const args = small();
    const clean = sl.attention({ ...args, mask: new Uint8Array([1, 1, 0, 1, 1, 1]) });
    const realm = vm.createContext({ q: [...args.q], k: [...args.k], v: [...args.v] });
    const foreign = vm.runInContext(
      '({ q: new Float32Array(q), k: new Float64Array(k), v: Array.from(v), n: 2, m: 3, dk: 4, dv: 2, mask: new Uint8Array([1, 1, 0, 1, 1, 1]) })',
      realm,
    );
    assert.ok(!(foreign.q instanceof Float32Array), 'really from another realm');
    same(sl.attention(foreign).weights, clean.weights);
    const positions = vm.runInContext('new Int32Array([0, 7, 3])', realm);
    same(sl.learnedLookup(f32(32), 8, 4, positions), sl.learnedLookup(f32(32), 8, 4, [0, 7, 3]));
    const into = { weights: vm.runInContext('new Float32Array(6)', realm) };
    const r = sl.attention({ ...args, into });
    assert.equal(r.weights, into.weights);
    const other = vm.runInContext('new Int8Array(8)', realm);
    assertSeqlabError(() => sl.attention({ ...args, q: other }), SeqlabError, /got an Int8Array of length 8$/);
  });

  it('an into array with its own set / length is written by the built-in methods', () => {
    const weights = new Float32Array(6);
    let called = false;
    weights.set = () => {
      called = true;
    };
    Object.defineProperty(weights, 'length', { value: 99 });
    const r = sl.attention({ ...small(), into: { weights } });
    assert.equal(r.weights, weights);
    assert.equal(called, false);
    same(weights, sl.attention(small()).weights);
  });
});

describe('defect 4: memory is reusable after a NOMEM, and multi-head attention fits', () => {
  const MB = 2 ** 20;
  let core, api;
  before(async () => {
    api = await loadSeqlab({ createCore: () => createScalarCore().then((m) => (core = m)) });
  });
  const mha = (n, dModel, dk) => {
    const x = new Float32Array(n * dModel).fill(0.01);
    const w = new Float32Array(dModel * dk).fill(0.02);
    return () => api.multiHeadAttention({ x, n, dModel, heads: 1, dk, wq: w, wk: w, wv: w, wo: w });
  };
  /** Takes memory until only about `left` bytes can still be allocated; returns the pointer. */
  const leaveRoom = (left) => {
    const p = core._malloc(heapRoom(core) - left);
    assert.ok(p, 'the test could take the memory');
    return p;
  };

  it('a NOMEM in the JS layer or in the core leaves the heap able to grow in place', () => {
    // arguments alone do not fit: refused before any malloc
    let hog = leaveRoom(8 * MB);
    try {
      assert.equal(
        assertSeqlabError(mha(1024, 1024, 64), SeqlabError, /multiHeadAttention: could not allocate/).code,
        'NOMEM',
      );
    } finally {
      core._free(hog);
    }
    // arguments fit (32 MB), the core's scratch (12 MB) does not: refused by the core before malloc
    hog = leaveRoom(40 * MB);
    try {
      const e = assertSeqlabError(
        mha(1024, 1024, 1024),
        SeqlabError,
        /multiHeadAttention: multi-head attention scratch needs \d+ bytes, more than the \d+ bytes of memory left/,
      );
      assert.equal(e.code, 'NOMEM');
    } finally {
      core._free(hog);
    }
    assert.equal(api.memoryStats().heapInUse, 0);
    // A heap whose growth once failed cannot grow in place any more: a block as large as all that is
    // left (most of it the free top of the heap) would then fail.
    const room = heapRoom(core);
    assert.ok(room > 256 * MB);
    const big = core._malloc(room - 4 * MB);
    assert.ok(big, `a ${(room / MB).toFixed(0)} MB block still fits after the NOMEMs`);
    core._free(big);
    mha(64, 64, 64)(); // and the module computes
  });

  it("multi-head attention needs only the heads' q, k, v beside its arguments", () => {
    // n = dModel = 1024, dk = 64, one head: 13 MB of arguments and results; the scratch is 0.75 MB
    // (it was x, Q, K, V, per-head copies and two n×n blocks: 14 MB)
    const hog = leaveRoom(13 * MB + 4 * MB);
    try {
      const r = mha(1024, 1024, 64)();
      assert.equal(r.out.length, 1024 * 1024);
      assert.ok(
        r.weights.every((w) => Math.abs(w - 1 / 1024) < 1e-6),
        'equal inputs give uniform weights',
      );
    } finally {
      core._free(hog);
    }
  });
});

describe('defect 5: messages', () => {
  it("option scalars that leave float32's range say so", () => {
    const cases = [
      [
        () => sl.softmax([1, 2], 1, 2, { temperature: 1e39 }),
        /softmax: temperature is out of float32 range .* got 1e\+39$/,
      ],
      [() => sl.softmax([1, 2], 1, 2, { temperature: 1e-50 }), /temperature is out of float32 range .* got 1e-50$/],
      [() => sl.attention({ ...small(), scale: 1e39 }), /attention: scale is out of float32 range/],
      [() => sl.attention({ ...small(), scale: -1e-50 }), /attention: scale is out of float32 range/],
      [() => sl.sinusoidal(4, 8, { base: 1e39 }), /sinusoidal: base is out of float32 range/],
      [
        () => sl.rope(f32(16), 2, 8, { scaling: { type: 'linear', factor: 1e39 } }),
        /rope: scaling: factor is out of float32 range/,
      ],
      [() => sl.learnedTable(4, 4, { std: 1e39 }), /learnedTable: std is out of float32 range/],
      [() => sl.learnedTable(4, 4, { std: 1e-50 }), /learnedTable: std is out of float32 range/],
      [
        () =>
          sl.multiHeadAttention({
            x: f32(12),
            n: 3,
            dModel: 4,
            heads: 2,
            wq: f32(16),
            wk: f32(16),
            wv: f32(16),
            wo: f32(16),
            posenc: 'rope',
            ropeBase: 1e39,
          }),
        /ropeBase is out of float32 range/,
      ],
    ];
    for (const [call, pattern] of cases) assertSeqlabError(call, SeqlabError, pattern);
    // a base just above 1 that is 1 as a float32
    assertSeqlabError(
      () => sl.ropeAngles(4, 8, { base: 1 + 1e-9 }),
      SeqlabError,
      /base must be greater than 1, got 1\.000000001 \(1 as a float32\)/,
    );
    // the smallest float32 denormal is still accepted
    assert.equal(sl.softmax([1, 2], 1, 2, { temperature: 1e-45 })[1], 1);
  });

  it('a NaN slope is reported with its index', () => {
    assertSeqlabError(
      () => sl.alibiBias(2, 3, { slopes: [0.5, NaN] }),
      SeqlabError,
      /alibiBias: slopes\[1\] must be a finite float32 number, got NaN/,
    );
    assertSeqlabError(
      () =>
        sl.multiHeadAttention({
          x: f32(12),
          n: 3,
          dModel: 4,
          heads: 2,
          wq: f32(16),
          wk: f32(16),
          wv: f32(16),
          wo: f32(16),
          posenc: 'alibi',
          alibi: [Infinity, 0.5],
        }),
      SeqlabError,
      /multiHeadAttention: alibi\[0\] must be a finite float32 number, got Infinity/,
    );
  });

  it('ropeAngles(8192, 4096) works: its largest array is the 2^24 angles', () => {
    const a = sl.ropeAngles(8192, 4096);
    assert.equal(a.length, 2 ** 24);
    // angles[p, i] = p·base^(-2i/d), rounded once to float32
    for (const [p, i] of [
      [8191, 0],
      [8191, 1],
      [1, 2047],
      [4096, 1024],
    ]) {
      assert.equal(a[p * 2048 + i], Math.fround(p * 10000 ** ((-2 * i) / 4096)), `angle[${p}, ${i}]`);
    }
  });

  it('values are described with the right article and without undefined lengths', () => {
    const q = small().q;
    const cases = [
      [undefined, /got undefined$/, 'causal'],
      [{}, /got an object$/, 'causal'],
      [new DataView(new ArrayBuffer(4)), /got a DataView$/, 'causal'],
      [new Uint8Array(2), /got a Uint8Array of length 2$/, 'causal'],
      [[1], /got an array$/, 'causal'],
      [2n, /got the bigint 2n$/, 'causal'],
    ];
    for (const [value, pattern, key] of cases) {
      if (value === undefined) assertSeqlabError(() => sl.softmax(q, undefined, 8), SeqlabError, /rows is required/);
      else assertSeqlabError(() => sl.attention({ ...small(), [key]: value }), SeqlabError, pattern);
    }
    assertSeqlabError(() => sl.softmax([undefined], 1, 1), SeqlabError, /x\[0\] must be a number, got undefined$/);
    assertSeqlabError(() => sl.softmax(new DataView(new ArrayBuffer(8)), 1, 2), SeqlabError, /got a DataView$/);
  });

  it('an into with a toString is described without calling it', () => {
    let called = false;
    const into = {
      weights: {
        toString() {
          called = true;
          return 'HELLO';
        },
      },
    };
    const e = assertSeqlabError(
      () => sl.attention({ ...small(), into }),
      SeqlabError,
      /into\.weights must be a Float32Array, got an object$/,
    );
    assert.equal(called, false);
    assert.ok(!e.message.includes('HELLO'));
    assertSeqlabError(
      () => sl.attention({ ...small(), into: 'weights' }),
      SeqlabError,
      /into must be an object of Float32Arrays, got the string "weights"$/,
    );
  });
});

describe('limits and status codes come from the core', () => {
  const header = readFileSync(new URL('../../src/seqlab.h', import.meta.url), 'utf8');
  const define = (name) => {
    const m = header.match(new RegExp(`#define ${name} (.+?)\\s*(/\\*|$)`, 'm'));
    assert.ok(m, `${name} in seqlab.h`);
    return m[1];
  };

  it('sl.limits, the exported LIMITS and SL_MAX_* in seqlab.h agree', () => {
    const seq = Number(define('SL_MAX_SEQ'));
    const fromHeader = {
      maxSeq: seq,
      maxDim: Number(define('SL_MAX_DIM')),
      maxHeads: Number(define('SL_MAX_HEADS')),
      maxElems: 2 ** Number(define('SL_MAX_ELEMS').match(/1L << (\d+)/)[1]),
      maxPosition: seq * Number(define('SL_MAX_POSITION').match(/SL_MAX_SEQ \* (\d+)/)[1]),
    };
    assert.deepEqual({ ...sl.limits }, fromHeader);
    assert.deepEqual({ ...LIMITS }, fromHeader);
    assert.equal(Number(define('SL_LIMIT_COUNT')), Object.keys(LIMITS).length);
  });

  it('a core with other limits is refused at load', async () => {
    const factory = () =>
      createScalarCore().then((core) => {
        const real = core._sl_limits;
        core._sl_limits = (p, n) => {
          const s = real(p, n);
          new Float64Array(core.HEAPU8.buffer, p, n)[0] = 4096;
          return s;
        };
        return core;
      });
    await assert.rejects(
      loadSeqlab({ createCore: factory }),
      (e) => e instanceof SeqlabError && /maxSeq = 4096, the JS layer expects 8192/.test(e.message),
    );
  });

  it('error codes are the status names of sl_status_name, for every status in seqlab.h', async () => {
    let core;
    await loadSeqlab({ createCore: () => createScalarCore().then((m) => (core = m)) });
    const statuses = [...header.matchAll(/SL_(OK|ERR_[A-Z]+) = (\d+)/g)];
    assert.ok(statuses.length >= 7);
    for (const [, name, value] of statuses) assert.equal(statusCode(core, Number(value)), name.replace(/^ERR_/, ''));
    // and the core's own failures carry them
    assert.equal(
      assertSeqlabError(() => sl.learnedLookup(f32(8), 2, 4, [2]), SeqlabError, /beyond the learned table/).code,
      'VALUE',
    );
  });
});

describe('makeTask, found by the property suite once it covered the task generators', () => {
  it('a task name that is not a string (an array of symbols) is a SeqlabError, not a TypeError', () => {
    const e = assertSeqlabError(
      () => sl.makeTask([Symbol('a')], { batch: 1, maxLen: 2 }),
      SeqlabError,
      /name must be one of/,
    );
    assert.equal(e.code, 'ARG');
  });

  it('an inherited Object.prototype.into does not redirect the batch into it', () => {
    const clean = sl.makeTask('copy', { batch: 2, maxLen: 3, seed: 4 });
    Object.prototype.into = { junk: true };
    try {
      const polluted = sl.makeTask('copy', { batch: 2, maxLen: 3, seed: 4 });
      assert.deepEqual(polluted.tokens, clean.tokens);
      assert.deepEqual(polluted.targets, clean.targets);
    } finally {
      delete Object.prototype.into;
    }
  });
});

// ---- the training lab a class can rely on ----------------------------------------------------
const MODEL = { vocab: 5, maxLen: 6, layers: 1, dModel: 8, heads: 2, dFF: 8, seed: 2 };
/** A batch for MODEL: 2 rows of 4, every id and target in [0, 5), the mask leaving some out. */
const trainBatch = () => ({
  tokens: Int32Array.from({ length: 8 }, (_, i) => (3 * i + 1) % 5),
  targets: Int32Array.from({ length: 8 }, (_, i) => (2 * i + 3) % 5),
  lossMask: Uint8Array.from([0, 1, 1, 1, 0, 0, 1, 1]),
  batch: 2,
  T: 4,
});
/** CRC-32 (IEEE, as zlib and the save format). */
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
// the version-2 header: "SQLB", version, 13 config ints, 2 config floats, u64 parameter count, u64 steps
const ROPE_BASE_AT = 12 + 4 * 13,
  STEPS_AT = ROPE_BASE_AT + 8 + 8,
  PARAMS_AT = STEPS_AT + 8;
/** A copy of a saved file with edit(view) applied and the checksum made valid again. */
function patched(bytes, edit) {
  const c = bytes.slice();
  const view = new DataView(c.buffer);
  edit(view);
  view.setUint32(c.length - 4, crc32(c.subarray(0, c.length - 4)), true);
  return c;
}
const refusedWith = (f, code, argument, ...patterns) => {
  const e = assertSeqlabError(f, SeqlabError, ...patterns);
  assert.equal(e.code, code, e.message);
  if (argument !== null) assert.equal(e.argument, argument, e.message);
  return e;
};

describe('training: NaN models never report real-looking numbers (defect 3)', () => {
  it('setParams refuses NaN and ±Infinity, naming the index and the tensor, and sets nothing', () => {
    const m = sl.createModel(MODEL);
    const p = m.getParams();
    const qkv = m.paramLayout.find((t) => t.name === 'h.0.attn.qkv.w');
    for (const [bad, shown] of [
      [NaN, 'NaN'],
      [Infinity, 'Infinity'],
      [-Infinity, '-Infinity'],
      [1e39, 'Infinity'], // a float64 past float32's range becomes Infinity when copied in
    ]) {
      const q = Float64Array.from(p);
      q[qkv.offset + 5] = bad;
      refusedWith(
        () => m.setParams(q),
        'VALUE',
        `params[${qkv.offset + 5}]`,
        new RegExp(
          `^setParams: params\\[${qkv.offset + 5}\\] \\(h\\.0\\.attn\\.qkv\\.w\\[5\\]\\) is ${shown}: parameters must be finite`,
        ),
      );
    }
    assert.deepEqual(m.getParams(), p);
    m.dispose();
  });

  it('a step whose update would overflow (lr 1e20, weightDecay 1e20) is refused with the model bit for bit as before', () => {
    // regression: the float32 decay factor 1 − lr·wd overflowed to −Infinity; the step returned a
    // finite loss, left most parameters non-finite, and the model saved with a valid checksum
    const m = sl.createModel(MODEL);
    m.step(trainBatch(), { lr: 1e-2, weightDecay: 0.1 });
    const saved = m.save();
    refusedWith(
      () => m.step(trainBatch(), { lr: 1e20, weightDecay: 1e20 }),
      'VALUE',
      'weightDecay',
      /^step: weightDecay \(100000000000000000000\) times lr \(100000000000000000000\) makes the decay factor 1 − lr·weightDecay = -1\.0000000\d*e\+40 leave float32's range: no update made/,
    );
    refusedWith(
      () => m.step(trainBatch(), { lr: 3e38 }),
      'VALUE',
      'lr',
      /^step: lr \(3e\+38\) makes the step size lr\/\(1 − beta1\^t\) at step t = 2 leave float32's range: no update made/,
    );
    assert.deepEqual(m.save(), saved, 'params, AdamW moments and the step count unchanged');
    assert.equal(m.steps, 1);
    assert.ok(m.getParams().every(Number.isFinite));
    assert.ok(Number.isFinite(m.step(trainBatch(), { lr: 1e-2 }).loss), 'the model still trains');
    assert.equal(m.steps, 2);
    m.dispose();
  });

  it('loadModel refuses a checksum-valid file whose parameters or moments are not finite', () => {
    const m = sl.createModel(MODEL);
    m.step(trainBatch(), { lr: 1e-2 });
    const P = m.paramCount,
      bytes = m.save();
    const wte = m.paramLayout.find((t) => t.name === 'wte');
    m.dispose();
    const base = sl.memoryStats().heapInUse;
    const at = (array, i) => PARAMS_AT + 4 * (array * P + i);
    const cases = [
      [at(0, wte.offset + 3), NaN, /holds a parameter that is not finite: params\[3\] \(wte\[3\]\) is NaN/],
      [
        at(1, P - 1),
        Infinity,
        new RegExp(`first moment that is not finite: m\\[${P - 1}\\] \\(lnf\\.b\\[7\\]\\) is Infinity`),
      ],
      [at(2, 0), -Infinity, /second moment that is not finite: v\[0\] \(wte\[0\]\) is -Infinity/],
      [at(2, 1), -0.25, /negative AdamW second moment \(a mean of squares\): v\[1\] \(wte\[1\]\) is -0\.25/],
    ];
    for (const [offset, value, pattern] of cases) {
      const file = patched(bytes, (v) => v.setFloat32(offset, value, true));
      refusedWith(() => sl.loadModel(file), 'VALUE', null, /^loadModel: model file holds/, pattern);
    }
    assert.equal(sl.memoryStats().heapInUse, base, 'nothing left allocated');
  });

  it('evaluate refuses NaN logits instead of scoring id 0 as their argmax', () => {
    // regression: all-NaN logits gave argmax 0, so a model of NaN scored exactMatch 1 on targets of 0
    const m = sl.createModel({ ...MODEL, tied: false });
    const q = m.getParams();
    // finite parameters whose logits overflow: ±1e30 in lnf.w and head.w give ±Infinity products
    for (const name of ['lnf.w', 'head.w']) {
      const t = m.paramLayout.find((e) => e.name === name);
      for (let i = 0; i < t.size; i++) q[t.offset + i] = i % 2 ? 1e30 : -1e30;
    }
    m.setParams(q);
    const b = { ...trainBatch(), targets: new Int32Array(8) };
    assert.ok(m.forward(b).logits.some(Number.isNaN), 'forward gives the NaN logits as they are');
    refusedWith(
      () => m.evaluate(b),
      'VALUE',
      null,
      /^evaluate: the logits at row \d, position \d include NaN/,
      /no argmax/,
    );
    m.dispose();
  });
});

describe('training: lossMask is read once, by the argument reader (defect 5)', () => {
  it('a getter is read once, and the value it gave first is the one used', () => {
    const m = sl.createModel(MODEL);
    const b = trainBatch();
    const clean = m.evaluate(b);
    let reads = 0;
    const batch = { ...b };
    Object.defineProperty(batch, 'lossMask', {
      enumerable: true,
      get: () => (++reads === 1 ? b.lossMask : new Uint8Array(8).fill(1)),
    });
    assert.deepEqual(m.evaluate(batch), clean);
    assert.equal(reads, 1);
    m.dispose();
  });

  it('a throwing getter, a BigInt, a throwing toJSON or a throwing Proxy give a SeqlabError (the cause kept)', () => {
    const m = sl.createModel(MODEL);
    const b = trainBatch();
    const boom = new RangeError('boom');
    const getter = { ...b };
    Object.defineProperty(getter, 'lossMask', {
      enumerable: true,
      get: () => {
        throw boom;
      },
    });
    assert.equal(
      refusedWith(() => m.step(getter, { lr: 1e-3 }), 'ARG', 'lossMask', /lossMask could not be read/).cause,
      boom,
    );
    refusedWith(
      () => m.evaluate({ ...b, lossMask: [1n, 1, 1, 1, 1, 1, 1, 1] }),
      'ARG',
      'lossMask',
      /lossMask\[0\] must be 0 or 1 \(1 = counted in the loss\), got the bigint 1n/,
    );
    let called = 0;
    const json = {
      toJSON: () => {
        called++;
        throw new TypeError('toJSON');
      },
    };
    refusedWith(
      () => m.evaluate({ ...b, lossMask: [1, json, 1, 1, 1, 1, 1, 1] }),
      'ARG',
      'lossMask',
      /lossMask\[1\] must be 0 or 1 \(1 = counted in the loss\), got an object$/,
    );
    assert.equal(called, 0, 'toJSON never ran');
    const evil = new EvalError('trap');
    const proxy = new Proxy([1, 1, 1, 1, 1, 1, 1, 1], {
      get: (t, k) => {
        if (k === '3') throw evil;
        return Reflect.get(t, k);
      },
    });
    assert.equal(
      refusedWith(() => m.lossAndGrad({ ...b, lossMask: proxy }), 'ARG', 'lossMask', /could not be read/).cause,
      evil,
    );
    m.dispose();
    assert.equal(sl.memoryStats().heapInUse, 0);
  });

  it('a Uint8Array of another realm is ordinary input; an own length is ignored; a Proxy of one is refused', () => {
    const m = sl.createModel(MODEL);
    const b = trainBatch();
    const clean = m.evaluate(b);
    const foreign = vm.runInNewContext('Uint8Array').from(b.lossMask);
    assert.ok(!(foreign instanceof Uint8Array), 'really from another realm');
    assert.deepEqual(m.evaluate({ ...b, lossMask: foreign }), clean);
    // own length: the internal slot decides, in both directions
    const lying = Uint8Array.from(b.lossMask);
    Object.defineProperty(lying, 'length', { value: 3 });
    assert.deepEqual(m.evaluate({ ...b, lossMask: lying }), clean);
    const short = Uint8Array.from(b.lossMask.subarray(0, 3));
    Object.defineProperty(short, 'length', { value: 8 });
    refusedWith(
      () => m.evaluate({ ...b, lossMask: short }),
      'SIZE',
      'lossMask',
      /lossMask must have batch×T = 8 elements, got 3/,
    );
    refusedWith(
      () => m.evaluate({ ...b, lossMask: new Proxy(Uint8Array.from(b.lossMask), {}) }),
      'ARG',
      'lossMask',
      /lossMask must be a Uint8Array or array of 0\/1, got an object/,
    );
    // a Proxy of a plain array is read like the array
    assert.deepEqual(m.evaluate({ ...b, lossMask: new Proxy(Array.from(b.lossMask), {}) }), clean);
    m.dispose();
  });
});

describe('training: fields and counts reported as the core holds them, messages in the API names (defect 6)', () => {
  it('a checksum-valid file with ropeBase NaN, ±Infinity, 0 or −5 is refused for a model that does not use it', () => {
    for (const config of [
      { ...MODEL, posenc: 'learned' },
      { ...MODEL, posenc: 'alibi' },
      { kind: 'lstm', vocab: 5, dModel: 2, hidden: 3 },
    ]) {
      const m = sl.createModel(config);
      const bytes = m.save();
      m.dispose();
      for (const bad of [NaN, Infinity, -Infinity, 0, -5]) {
        const file = patched(bytes, (v) => v.setFloat32(ROPE_BASE_AT, bad, true));
        refusedWith(
          () => sl.loadModel(file),
          'ARG',
          null,
          /^loadModel: model file has an invalid config: rope_base must be/,
        );
      }
    }
    assert.equal(sl.memoryStats().heapInUse, 0);
  });

  it('ropeBase is refused past float32 for every posenc, and reported as the float32 the core keeps', () => {
    for (const posenc of ['none', 'learned', 'sinusoidal', 'rope', 'alibi'])
      refusedWith(
        () => sl.createModel({ ...MODEL, posenc, ropeBase: 1e39 }),
        'ARG',
        'ropeBase',
        /ropeBase is out of float32 range/,
      );
    const m = sl.createModel({ ...MODEL, posenc: 'rope', ropeBase: 10000.1 });
    assert.equal(m.config.ropeBase, Math.fround(10000.1));
    const l = sl.loadModel(m.save());
    assert.deepEqual(l.config, m.config);
    (m.dispose(), l.dispose());
  });

  it('steps is the true count past 2^31 (it read back as 2147483647), exact up to 2^53', () => {
    const m = sl.createModel(MODEL);
    const bytes = m.save();
    m.dispose();
    const withSteps = (n) => patched(bytes, (v) => v.setBigUint64(STEPS_AT, BigInt(n), true));
    const l = sl.loadModel(withSteps(2 ** 31 + 5));
    assert.equal(l.steps, 2 ** 31 + 5);
    l.step(trainBatch(), { lr: 1e-3 });
    assert.equal(l.steps, 2 ** 31 + 6);
    const again = sl.loadModel(l.save());
    assert.equal(again.steps, 2 ** 31 + 6);
    (l.dispose(), again.dispose());
    const top = sl.loadModel(withSteps(2 ** 53 - 1));
    assert.equal(top.steps, 2 ** 53 - 1);
    top.step(trainBatch(), { lr: 1e-3 });
    assert.equal(top.steps, 2 ** 53);
    refusedWith(() => top.step(trainBatch(), { lr: 1e-3 }), 'LIMIT', null, /2\^53/, /no update made/);
    assert.equal(top.steps, 2 ** 53);
    top.dispose();
    refusedWith(() => sl.loadModel(withSteps(2n ** 53n + 1n)), 'VALUE', null, /impossible step count 9007199254740993/);
    assert.equal(sl.memoryStats().heapInUse, 0);
  });

  it("step's options are checked in JS with their API names and the caller's value, on the float32 the core sees", () => {
    // regression: the core's messages surfaced ("lr must be a finite number, got inf", "weight_decay",
    // beta1 0.999999999 as "got 1") with no argument
    const m = sl.createModel(MODEL);
    const b = trainBatch();
    const cases = [
      [{ lr: 1e39 }, 'lr', /^step: lr is out of float32 range .*got 1e\+39$/],
      [{ lr: 1e-3, weightDecay: 1e39 }, 'weightDecay', /^step: weightDecay is out of float32 range .*got 1e\+39$/],
      [{ lr: 1e-3, clip: 1e39 }, 'clip', /^step: clip is out of float32 range/],
      [{ lr: 1e-3, eps: 1e-50 }, 'eps', /^step: eps is out of float32 range .*got 1e-50$/],
      [
        { lr: 1e-3, beta1: 0.999999999 },
        'beta1',
        /^step: beta1 must be less than 1 as a float32.*0\.999999999 rounds to 1$/,
      ],
      [{ lr: 1e-3, beta2: 0.99999999 }, 'beta2', /^step: beta2 must be less than 1 as a float32.*rounds to 1$/],
      [{ lr: 1e-3, beta1: 1 }, 'beta1', /^step: beta1 must be less than 1, got 1$/],
      [{ lr: -1 }, 'lr', /^step: lr must be between 0 and Infinity, got -1$/],
    ];
    for (const [opt, argument, pattern] of cases) {
      const e = refusedWith(() => m.step(b, opt), 'ARG', argument, pattern);
      assert.doesNotMatch(e.message, /weight_decay|got inf\b/);
    }
    assert.equal(m.steps, 0);
    assert.ok(m.step(b, { lr: 1e-3, beta1: 0.99999 }).loss > 0, 'a beta1 below 1 as a float32 works');
    m.dispose();
  });

  it('configs past the element limits are refused in JS, naming the API field (dModel, maxLen, hidden)', () => {
    const cases = [
      [
        { vocab: 65536, dModel: 4096, heads: 4 },
        'dModel',
        /^createModel: dModel \(4096\) makes the embedding \(vocab×dModel = 65536×4096\) hold 268435456 elements/,
      ],
      [
        { vocab: 4, dModel: 4096, heads: 4, maxLen: 8192 },
        'maxLen',
        /^createModel: maxLen \(8192\) makes wpe \(maxLen×dModel = 8192×4096\) hold/,
      ],
      [
        { vocab: 4, dModel: 4096, heads: 4, posenc: 'rope' },
        'dModel',
        /^createModel: dModel \(4096\) makes attn\.qkv\.w \(3·dModel×dModel\) hold 50331648/,
      ],
      [
        { kind: 'lstm', vocab: 4, dModel: 4, hidden: 4096 },
        'hidden',
        /^createModel: hidden \(4096\) makes the cell's wHh \(4·hidden×hidden\) hold/,
      ],
      [{ kind: 'rnn', vocab: 65536, dModel: 4, hidden: 512 }, 'hidden', /out\.w \(vocab×hidden = 65536×512\)/],
      [
        { vocab: 8, dModel: 1024, heads: 4, layers: 16, posenc: 'rope' },
        undefined,
        /^createModel: the model would have \d+ parameters, more than the limit of 16777216$/,
      ],
    ];
    for (const [config, argument, pattern] of cases) {
      const e = refusedWith(() => sl.createModel(config), 'LIMIT', null, pattern);
      assert.equal(e.argument, argument);
      assert.doesNotMatch(e.message, /d_model|max_len|d_ff/);
    }
    assert.equal(sl.memoryStats().heapInUse, 0);
  });

  it('the JS parameter count that guards the limits agrees with the core for every kind and option', async () => {
    const { countParams } = await import('../../wasm/lib/model.mjs');
    const configs = [
      MODEL,
      { ...MODEL, posenc: 'learned', tied: false },
      { ...MODEL, dFF: 0, posenc: 'rope', layers: 3 },
      { ...MODEL, posenc: 'sinusoidal', embedding: 'scaled' },
      { kind: 'rnn', vocab: 7, dModel: 3, hidden: 5 },
      { kind: 'lstm', vocab: 7, dModel: 3, hidden: 5 },
      { kind: 'gru', vocab: 7, dModel: 3, hidden: 5 },
    ];
    for (const config of configs) {
      const m = sl.createModel(config);
      assert.equal(countParams(config), m.paramCount, JSON.stringify(config));
      m.dispose();
    }
  });
});
