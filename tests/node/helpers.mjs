// helpers.mjs — shared by the Node tests: fixtures, tolerant comparison, a seeded RNG.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { prng } from '../../web/src/core/random.js';

export { loadSeqlab, SeqlabError } from '../../wasm/seqlab.mjs';

/** Reads tests/fixtures/NAME.json; "Infinity"/"-Infinity" strings become numbers. */
export function fixture(name) {
  const text = readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8');
  return JSON.parse(text, (_, v) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v));
}

/**
 * Asserts |actual - expected| <= atol + rtol·|expected| elementwise (equal infinities pass).
 * Defaults: rtol 1e-5 (float32 forward values), atol 1e-6 (values near zero, where a relative
 * bound means nothing: float32 round-off of O(1) terms is ~1e-7).
 */
export function assertClose(actual, expected, { rtol = 1e-5, atol = 1e-6, what = 'value', normwise = false } = {}) {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length} != ${expected.length}`);
  if (normwise) {
    // |diff| <= rtol·max|expected|: for results of sums whose entries may cancel to near zero
    let scale = 0;
    for (const e of expected) if (Number.isFinite(e)) scale = Math.max(scale, Math.abs(e));
    atol = Math.max(atol, rtol * scale);
    rtol = 0;
  }
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (a === e || (Number.isNaN(a) && Number.isNaN(e))) continue;
    const err = Math.abs(a - e);
    if (!(err <= atol + rtol * Math.abs(e))) {
      assert.fail(
        `${what}[${i}] = ${a}, expected ${e} (|diff| ${err.toExponential(2)} > ${atol} + ${rtol}·|expected|)`,
      );
    }
    worst = Math.max(worst, err);
  }
  return worst;
}

/** The lab's seeded PRNG (mulberry32) with a Gaussian, plus a Float32Array maker. */
export function rng(seed) {
  const g = prng(seed);
  return { ...g, array: (n, f = g.normal) => Float32Array.from({ length: n }, f) };
}

/** Asserts that fn throws a SeqlabError whose message matches every pattern given. */
export function assertSeqlabError(fn, SeqlabError, ...patterns) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught, 'expected a SeqlabError, nothing was thrown');
  assert.ok(caught instanceof SeqlabError, `expected a SeqlabError, got ${caught?.name}: ${caught?.message}`);
  for (const p of patterns) assert.match(caught.message, p);
  return caught;
}

/** Unit roundoff of float32. */
export const U32 = 2 ** -24;

/**
 * Asserts a·b products (c = a·b or a·bᵀ) agree within the classical forward-error bound of two
 * float32 summations in any order: |Δc_ij| <= 2·k·u·Σ_p |a_ip|·|b_pj|.
 */
export function assertProductClose(actual, expected, a, b, n, k, m, { transposeB = false, what = 'product' } = {}) {
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let abs = 0;
      for (let p = 0; p < k; p++) abs += Math.abs(a[i * k + p] * (transposeB ? b[j * k + p] : b[p * m + j]));
      const bound = 2 * k * U32 * abs + 1e-30;
      const d = Math.abs(actual[i * m + j] - expected[i * m + j]);
      if (!(d <= bound))
        assert.fail(
          `${what}[${i},${j}] = ${actual[i * m + j]}, expected ${expected[i * m + j]} (|diff| ${d.toExponential(2)} > bound ${bound.toExponential(2)})`,
        );
    }
}

/** A fixture's batch (plain arrays) as the model API takes it: typed arrays, positions when given. */
export const batchOf = (b) => ({
  tokens: Int32Array.from(b.tokens),
  targets: Int32Array.from(b.targets),
  lossMask: Uint8Array.from(b.lossMask),
  ...(b.positions ? { positions: Int32Array.from(b.positions) } : {}),
  batch: b.batch,
  T: b.T,
});
