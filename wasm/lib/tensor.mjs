// tensor.mjs — bookkeeping on row-major arrays that the lab's views and models share: one head's
// columns or block, rows and columns reordered, a transpose, row sums, the largest difference of
// two arrays, and the causal rule as a mask. None of it is arithmetic worth a trip into the core
// (each is a copy or one pass), but each was written again in several widgets; here it is
// written once, checked like the rest of the API, and tested in tests/node/tensor.test.mjs.
//
// Arrays may be Float32Array, Float64Array or plain arrays of numbers. Results are fresh arrays
// of the input's type (Float32Array for a plain array), so float64 data stays float64.
import { checkElems, checkInt, LIMITS } from './args.mjs';
import { SeqlabError } from './errors.mjs';

function describe(v) {
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of length ${v.length}`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return v === null ? 'null' : `a ${typeof v}`;
}

/** a as a typed array of `length` elements (a plain array is copied into a Float32Array). */
function numbers(fn, name, a, length, shape) {
  const err = (text, code) => new SeqlabError(`${fn}: ${name} ${text}`, { code, fn, argument: name });
  if (!(a instanceof Float32Array || a instanceof Float64Array || Array.isArray(a))) {
    throw err(`must be a Float32Array, Float64Array or array of numbers, got ${describe(a)}`, 'ARG');
  }
  if (length !== undefined && a.length !== length)
    throw err(`must have ${shape} = ${length} elements, got ${a.length}`, 'SIZE');
  if (Array.isArray(a)) {
    const i = a.findIndex((x) => typeof x !== 'number');
    if (i >= 0)
      throw new SeqlabError(`${fn}: ${name}[${i}] must be a number, got ${describe(a[i])}`, {
        code: 'ARG',
        fn,
        argument: name,
      });
    return Float32Array.from(a);
  }
  return a;
}

const like = (a, length) => new a.constructor(length);

/** A permutation of 0..n−1 (each index once), as an Int32Array. */
function permutation(fn, name, p, n) {
  const err = (text, code = 'ARG') =>
    new SeqlabError(`${fn}: ${name}${text.startsWith('[') ? '' : ' '}${text}`, { code, fn, argument: name });
  if (!Array.isArray(p) && !ArrayBuffer.isView(p)) throw err(`must be an array of indices, got ${describe(p)}`);
  if (p.length !== n) throw err(`must list ${n} indices, got ${p.length}`, 'SIZE');
  const seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = p[i];
    if (!Number.isInteger(v) || v < 0 || v >= n) throw err(`[${i}] must be an index from 0 to ${n - 1}, got ${v}`);
    if (seen[v]) throw err(`is not a permutation: ${v} appears twice`, 'VALUE');
    seen[v] = 1;
  }
  return Int32Array.from(p);
}

/** rows×cols sizes checked against the limits; returns the element count. */
function shape(fn, rows, cols, rowsName = 'rows', colsName = 'cols') {
  checkInt(fn, rowsName, rows, 1, LIMITS.maxElems);
  checkInt(fn, colsName, cols, 1, LIMITS.maxElems);
  checkElems(fn, `${rowsName}×${colsName}`, rows * cols);
  return rows * cols;
}

/**
 * Columns [head·d, (head+1)·d) of a rows×(heads·d) matrix, as rows×d: one head's queries, keys
 * or values out of the projection of all heads at once, or one head's block of W_Q.
 */
export function headColumns(m, rows, heads, d, head) {
  const fn = 'headColumns';
  checkInt(fn, 'heads', heads, 1, LIMITS.maxHeads);
  checkInt(fn, 'd', d, 1, LIMITS.maxElems);
  shape(fn, rows, heads * d, 'rows', 'heads·d');
  checkInt(fn, 'head', head, 0, heads - 1);
  m = numbers(fn, 'm', m, rows * heads * d, 'rows×heads·d');
  const out = like(m, rows * d);
  const ld = heads * d;
  for (let i = 0; i < rows; i++) out.set(m.subarray(i * ld + head * d, i * ld + (head + 1) * d), i * d);
  return out;
}

/**
 * Block `head` of a heads×rows×cols array, as rows×cols: one head's attention weights or ALiBi
 * bias, or one head's rows [head·d, (head+1)·d) of W_O (heads×d×dModel).
 */
export function headBlock(a, heads, rows, cols, head) {
  const fn = 'headBlock';
  checkInt(fn, 'heads', heads, 1, LIMITS.maxHeads);
  const size = shape(fn, rows, cols);
  checkElems(fn, 'heads×rows×cols', heads * size);
  checkInt(fn, 'head', head, 0, heads - 1);
  a = numbers(fn, 'a', a, heads * size, 'heads×rows×cols');
  return a.slice(head * size, (head + 1) * size);
}

/** max |a[i] − b[i]| over two arrays of the same length; NaN when either holds a NaN. */
export function maxAbsDiff(a, b) {
  const fn = 'maxAbsDiff';
  a = numbers(fn, 'a', a);
  b = numbers(fn, 'b', b, a.length, 'a.length');
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return NaN;
    if (d > worst) worst = d;
  }
  return worst;
}

/**
 * The causal rule as an n×m mask (1: query i may see key j): j ≤ i + (m − n), the queries being
 * the last n of m positions — the rule the core applies for `attention({causal: true})`.
 */
export function causalMask(n, m = n) {
  const fn = 'causalMask';
  shape(fn, n, m, 'n', 'm');
  checkInt(fn, 'n', n, 1, LIMITS.maxSeq);
  checkInt(fn, 'm', m, 1, LIMITS.maxSeq);
  const mask = new Uint8Array(n * m);
  for (let i = 0; i < n; i++) mask.fill(1, i * m, Math.min(m, Math.max(0, i + (m - n) + 1)) + i * m);
  return mask;
}

/** The sum of each row of a rows×cols matrix, in float64 (a softmax row should give 1). */
export function rowSums(a, rows, cols) {
  const fn = 'rowSums';
  a = numbers(fn, 'a', a, shape(fn, rows, cols), 'rows×cols');
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += a[i * cols + j];
    out[i] = s;
  }
  return out;
}

/** The cols×rows transpose of a rows×cols matrix (time×unit traces drawn as unit×time). */
export function transpose(a, rows, cols) {
  const fn = 'transpose';
  a = numbers(fn, 'a', a, shape(fn, rows, cols), 'rows×cols');
  const out = like(a, rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}

/** Rows reordered: row i of the result is row perm[i] of a (P·A for the permutation P). */
export function permuteRows(a, rows, cols, perm) {
  const fn = 'permuteRows';
  a = numbers(fn, 'a', a, shape(fn, rows, cols), 'rows×cols');
  const p = permutation(fn, 'perm', perm, rows);
  const out = like(a, rows * cols);
  for (let i = 0; i < rows; i++) out.set(a.subarray(p[i] * cols, (p[i] + 1) * cols), i * cols);
  return out;
}

/** Columns reordered: column j of the result is column perm[j] of a (A·Pᵀ). */
export function permuteCols(a, rows, cols, perm) {
  const fn = 'permuteCols';
  a = numbers(fn, 'a', a, shape(fn, rows, cols), 'rows×cols');
  const p = permutation(fn, 'perm', perm, cols);
  const out = like(a, rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = a[i * cols + p[j]];
  return out;
}

export const tensorApi = {
  headColumns,
  headBlock,
  maxAbsDiff,
  causalMask,
  rowSums,
  transpose,
  permuteRows,
  permuteCols,
};
