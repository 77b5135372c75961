// robustness.test.mjs — hostile input at the JS API, and no leaks.
//  - 10,000 randomized calls (fixed seed, printed) with wrong types, wrong lengths, negative / NaN /
//    huge sizes, typed arrays of the wrong kind, detached buffers and missing fields: each call
//    returns arrays or throws a SeqlabError that names the function; nothing else escapes; then
//    the module still computes the right numbers.
//  - 10,000 calls of each public function leave the WebAssembly memory size and the allocator's
//    bytes in use unchanged.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { VALID_CALLS } from './calls.mjs';
import { assertClose, fixture, loadSeqlab, rng, SeqlabError } from './helpers.mjs';

const SEED = Number(process.env.SEQLAB_HOSTILE_SEED ?? 20261124);
const CALLS = 10000;
let sl;
before(async () => {
  sl = await loadSeqlab();
});

function detachedFloat32(n) {
  const a = new Float32Array(n);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a; // length 0 now
}

/** Values that are wrong for almost any argument. */
function hostileValue(g) {
  const pool = [
    () => undefined, () => null, () => NaN, () => Infinity, () => -Infinity, () => -1, () => 0, () => 1.5,
    () => 2 ** 31, () => 2 ** 53, () => -(2 ** 31), () => 1e300, () => '3', () => '', () => true, () => ({}), () => [],
    () => [1, 'a', 3], () => [NaN, NaN], () => new Int8Array(4), () => new Uint16Array(8), () => new BigInt64Array(2),
    () => new Float32Array(Math.floor(g.uniform() * 40)), () => new Float64Array(Math.floor(g.uniform() * 40)),
    () => detachedFloat32(8), () => Symbol('s'), () => () => 1, () => new Date(0), () => 'interleaved', () => 'none',
    () => ({ type: 'ntk', factor: NaN }), () => ({ type: 'bogus' }), () => new Int32Array([1, 2, 99999999]),
    () => Math.floor(g.uniform() * 10000) - 100, () => 8193, () => 4097, () => 65,
  ];
  return pool[Math.floor(g.uniform() * pool.length)]();
}

/** A valid call with 1–3 of its arguments (or option fields) replaced, removed or added. */
function mutate(args, g) {
  const out = args.map((a) => (a && typeof a === 'object' && !ArrayBuffer.isView(a) ? { ...a } : a));
  const edits = 1 + Math.floor(g.uniform() * 3);
  for (let e = 0; e < edits; e++) {
    const idx = Math.floor(g.uniform() * out.length);
    const target = out[idx];
    if (target && typeof target === 'object' && !ArrayBuffer.isView(target) && g.uniform() < 0.8) {
      const keys = Object.keys(target);
      const r = g.uniform();
      if (r < 0.15) target[`extra${e}`] = 1;
      else if (r < 0.3 && keys.length) delete target[keys[Math.floor(g.uniform() * keys.length)]];
      else if (keys.length) target[keys[Math.floor(g.uniform() * keys.length)]] = hostileValue(g);
    } else {
      out[idx] = hostileValue(g);
    }
  }
  if (g.uniform() < 0.05) out.pop();
  return out;
}

describe('hostile input at the JS API', () => {
  it(`${CALLS} randomized calls either return arrays or throw a SeqlabError (seed ${SEED})`, () => {
    console.log(`# hostility suite seed: ${SEED} (set SEQLAB_HOSTILE_SEED to reproduce another run)`);
    const g = rng(SEED);
    const names = Object.keys(VALID_CALLS);
    const counts = { returned: 0, refused: 0 };
    for (let c = 0; c < CALLS; c++) {
      const name = names[c % names.length];
      const args = mutate(VALID_CALLS[name](), g);
      try {
        const r = sl[name](...args);
        const arrays = ArrayBuffer.isView(r) ? [r] : Object.values(r).filter((v) => ArrayBuffer.isView(v));
        assert.ok(arrays.length > 0, `call ${c} ${name} returned no arrays`);
        for (const a of arrays) assert.ok((a instanceof Float32Array || a instanceof Float64Array) && a.length > 0, `call ${c} ${name}: bad result`);
        counts.returned++;
      } catch (err) {
        if (!(err instanceof SeqlabError)) {
          assert.fail(`call ${c} (seed ${SEED}) ${name}(${args.map((a) => typeof a).join(', ')}) threw ${err?.name}: ${err?.message}`);
        }
        assert.ok(err.message.startsWith(`${name}`), `message does not name the function: ${err.message}`);
        assert.ok(err.message.length > name.length + 10, `message too vague: ${err.message}`);
        counts.refused++;
      }
    }
    console.log(`# hostility suite: ${counts.returned} calls returned, ${counts.refused} refused with SeqlabError`);
    assert.ok(counts.refused > CALLS / 2, 'most mutated calls should be refused');
    // the module still computes the right numbers
    const c = fixture('attention').attention[0];
    const r = sl.attention({ q: c.q, k: c.k, v: c.v, n: c.n, m: c.m, dk: c.dk, dv: c.dv });
    assertClose(r.weights, c.weights);
    assert.equal(sl.memoryStats().heapInUse, 0);
  });
});

describe('no leaks: 10,000 calls of each function leave memory flat', () => {
  for (const [name, make] of Object.entries(VALID_CALLS)) {
    it(name, () => {
      const args = make();
      for (let i = 0; i < 50; i++) sl[name](...args);
      const before = sl.memoryStats();
      for (let i = 0; i < 10000; i++) sl[name](...args);
      // failing calls must not leak either
      for (let i = 0; i < 200; i++) {
        try {
          sl[name](...args.map((a) => (typeof a === 'number' ? -1 : a)));
        } catch {
          /* refused, as expected for most */
        }
      }
      assert.deepEqual(sl.memoryStats(), before);
    });
  }
});

describe('numerics at the edges', () => {
  it('softmax of ±1e30 logits stays finite', () => {
    const r = sl.softmax([1e30, -1e30, 1e30, 3], 1, 4);
    assert.deepEqual([...r], [0.5, 0, 0.5, 0]);
  });
  it('NaN in data propagates to the affected row only', () => {
    const r = sl.attention({ q: [NaN, 0, 1, 0], k: [1, 0, 0, 1], v: [1, 2, 3, 4], n: 2, dk: 2 });
    assert.ok(Number.isNaN(r.weights[0]) && Number.isNaN(r.out[0]));
    assert.ok(r.weights.subarray(2).every(Number.isFinite));
  });
  it('a denormal temperature selects the maximum instead of giving NaN', () => {
    const r = sl.softmax([1, 2, 2, -3], 1, 4, { temperature: 1e-40 });
    assert.deepEqual([...r], [0, 0.5, 0.5, 0]);
  });
});
