// robustness.test.mjs — no leaks, and numerics at the edges.
//  - 10,000 calls of each public function leave the WebAssembly memory size and the allocator's
//    bytes in use unchanged.
// Hostile input at the JS API (wrong types and lengths, NaN and huge sizes, proxies, foreign and
// lying arrays, polluted prototypes…) is covered by the property-based tests in
// properties.test.mjs, and each defect found so far by a regression test in hardening.test.mjs.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { VALID_CALLS } from './calls.mjs';
import { loadSeqlab } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
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
