// args.mjs — argument checking for every public function. Each checker names the
// function and the argument in its message, so a caller sees exactly what to fix.
//
// Rules every reader here follows (the README's error section states them for callers):
//  - Only own properties of an options object are read, each exactly once, when the options are
//    first looked at; an option inherited from a prototype (even Object.prototype) does not exist.
//  - Every array argument is read once, into a fresh copy made by the built-in constructors (a
//    typed array) or by one pass over its indices (a plain array); the copy is what is validated
//    and what the core sees, so nothing the caller's code does afterwards can change it.
//  - Typed arrays are recognised by their internal type, with the built-in getters, never by the
//    object's own `length`, `buffer` or `constructor`: a typed array from another realm (an
//    iframe, node:vm) is ordinary input, and a Proxy is not a typed array.
//  - Messages are built without calling any of the caller's code (no toString, no getters).
import { SeqlabError } from './errors.mjs';

/**
 * Limits of the C core (SL_MAX_* in src/seqlab.h). Exported before the core loads, so callers can
 * size their input up front; loadSeqlab compares it with the numbers the core itself reports
 * (sl_limits) and refuses a core built with others, so the two cannot drift apart.
 */
export const LIMITS = Object.freeze({
  maxSeq: 8192,
  maxDim: 4096,
  maxHeads: 64,
  maxElems: 2 ** 24,
  maxPosition: 8192 * 16,
});

// Built-ins captured once, before any caller's code runs: later changes to prototypes or globals
// cannot redirect them.
const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const getterOf = (obj, key) => Object.getOwnPropertyDescriptor(obj, key).get;
const taTagGetter = getterOf(TypedArrayProto, Symbol.toStringTag);
const taLengthGetter = getterOf(TypedArrayProto, 'length');
const taSetMethod = TypedArrayProto.set;
const abLengthGetter = getterOf(ArrayBuffer.prototype, 'byteLength');
const { apply } = Reflect;
const { isView } = ArrayBuffer;
const { isArray } = Array;
const { keys, hasOwn, create } = Object;
const { fround } = Math;
const { isInteger, isFinite: isFiniteNumber } = Number;
const stringify = JSON.stringify;

/** The element type name of a typed array of any realm ('Float32Array', …), else undefined. */
export const typedKind = (v) => (isView(v) ? apply(taTagGetter, v, []) : undefined);
/** Length of a typed array from its internal slot (0 when its buffer is detached or shrunk away). */
export const typedLength = (v) => apply(taLengthGetter, v, []);
/** target.set(source, offset) with the built-in method, whatever target's own properties say. */
export const typedSet = (target, source, offset = 0) => apply(taSetMethod, target, [source, offset]);

const article = (word) => (/^[aeio]/i.test(word) ? 'an' : 'a');

/** A short description of a value for a message; never runs the caller's code. */
export function describe(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `the bigint ${value}n`;
    case 'string':
      return `the string ${stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
  }
  const kind = typedKind(value);
  if (kind) return `${article(kind)} ${kind} of length ${typedLength(value)}`;
  if (isView(value)) return 'a DataView';
  if (isArray(value)) return 'an array'; // its length is not read here: it may be a Proxy
  return 'an object';
}

/** Ensures a finite option scalar that the core takes as a float32 survives the conversion. */
function checkFloat32(err, v) {
  const v32 = fround(v);
  if (!isFiniteNumber(v32) || (v32 === 0 && v !== 0)) {
    throw err(`is out of float32 range (magnitudes from 1.4e-45 to 3.4e38, or 0), got ${v}`);
  }
  return v32;
}

/**
 * Reads one options object for function `fn`, refusing unknown keys (a misspelt option
 * such as `casual` must not be silently ignored). Own enumerable properties only, each read once,
 * here; later reads use the snapshot `o` (a prototype-less object).
 */
export class Args {
  constructor(fn, options, known) {
    this.fn = fn;
    if (
      options === undefined ||
      options === null ||
      typeof options !== 'object' ||
      isArray(options) ||
      isView(options)
    ) {
      throw this.error(undefined, `expected an options object, got ${describe(options)}`);
    }
    settlePending(); // the getters below are caller code
    const own = create(null);
    const names = readGuarded(
      () => keys(options),
      (cause) => this.error(undefined, 'could not be read: listing the options threw (see cause)', 'ARG', cause),
    );
    for (const key of names) {
      if (!known.includes(key)) {
        throw this.error(
          undefined,
          `unknown option '${key.length > 40 ? key.slice(0, 40) + '…' : key}' (known options: ${known.join(', ')})`,
        );
      }
      own[key] = readGuarded(
        () => options[key],
        (cause) => this.error(key, 'could not be read: reading it threw (see cause)', 'ARG', cause),
      );
    }
    this.o = own;
  }

  error(argument, text, code = 'ARG', cause = undefined) {
    return new SeqlabError(`${this.fn}: ${argument ? argument + ' ' : ''}${text}`, {
      code,
      fn: this.fn,
      argument,
      cause,
    });
  }

  has(name) {
    return this.o[name] !== undefined && this.o[name] !== null;
  }

  /** An integer in [min, max]; `def` when absent (required when def is undefined). */
  int(name, { min = 1, max = LIMITS.maxElems, def } = {}) {
    return checkInt(this.fn, name, this.has(name) ? this.o[name] : def, min, max);
  }

  /** A finite number; `def` when absent. */
  number(name, { def, min = -Infinity, max = Infinity, above } = {}) {
    const v = this.has(name) ? this.o[name] : def;
    if (v === undefined) throw this.error(name, 'is required');
    if (typeof v !== 'number' || !isFiniteNumber(v))
      throw this.error(name, `must be a finite number, got ${describe(v)}`);
    if (above !== undefined && !(v > above)) throw this.error(name, `must be greater than ${above}, got ${v}`);
    if (v < min || v > max) throw this.error(name, `must be between ${min} and ${max}, got ${v}`);
    return v;
  }

  /**
   * A finite number the core takes as a float32 (temperature, base, factor, std, …): refused when
   * it leaves float32's range, and the bounds are checked on the float32 value the core will see.
   */
  float(name, { def, min = -Infinity, max = Infinity, above } = {}) {
    const v = this.number(name, { def });
    const v32 = checkFloat32((text) => this.error(name, text), v);
    const shown = v32 === v ? `${v}` : `${v} (${v32} as a float32)`;
    if (above !== undefined && !(v32 > above)) throw this.error(name, `must be greater than ${above}, got ${shown}`);
    if (v32 < min || v32 > max) throw this.error(name, `must be between ${min} and ${max}, got ${shown}`);
    return v;
  }

  bool(name, def = false) {
    const v = this.has(name) ? this.o[name] : def;
    if (typeof v !== 'boolean') throw this.error(name, `must be true or false, got ${describe(v)}`);
    return v;
  }

  choice(name, options, def) {
    const v = this.has(name) ? this.o[name] : def;
    if (!options.includes(v))
      throw this.error(name, `must be one of ${options.map((o) => `'${o}'`).join(', ')}, got ${describe(v)}`);
    return v;
  }

  /** A nested options object (e.g. rope's `scaling`), read by the same rules. */
  nested(name, known) {
    const v = this.o[name];
    if (typeof v !== 'object' || v === null || isArray(v) || isView(v)) {
      throw this.error(name, `must be an options object (${known.join(', ')}), got ${describe(v)}`);
    }
    return new Args(`${this.fn}: ${name}`, v, known);
  }

  floats(name, length, shape, { optional = false } = {}) {
    if (!this.has(name)) {
      if (optional) return null;
      throw this.error(name, `is required (${shape} numbers)`);
    }
    return toFloat32(this.fn, name, this.o[name], length, shape);
  }

  /**
   * Like floats, for an array that goes straight to the core: a typed array is not copied here but
   * returned as a CoreInput, which callCore copies once, directly into WebAssembly memory (the hot
   * path: one copy instead of two). Plain arrays are copied as by floats.
   */
  floatsForCore(name, length, shape, { optional = false } = {}) {
    if (!this.has(name)) {
      if (optional) return null;
      throw this.error(name, `is required (${shape} numbers)`);
    }
    return toFloat32ForCore(this.fn, name, this.o[name], length, shape);
  }

  /** For float64 entry points: a Float64Array copy. */
  doubles(name, length, shape, { optional = false } = {}) {
    if (!this.has(name)) {
      if (optional) return null;
      throw this.error(name, `is required (${shape} numbers)`);
    }
    return toTyped(this.fn, name, this.o[name], length, shape, Float64Array);
  }

  /** Like floats, for parameters that must be finite (ALiBi slopes): names the first bad index. */
  finiteFloats(name, length, shape, { optional = false } = {}) {
    const out = this.floats(name, length, shape, { optional });
    if (out) {
      for (let i = 0; i < length; i++) {
        if (!isFiniteNumber(out[i]))
          throw this.error(`${name}[${i}]`, `must be a finite float32 number, got ${out[i]}`);
      }
    }
    return out;
  }

  /**
   * Optional caller-owned output arrays: {key: Float32Array of the given length}, written in
   * place and returned (for animation loops: no allocation per call). Best read before the data
   * arrays (reading it may run caller code, which settles pending inputs); callCore checks each
   * length again, from the internal slot, just before writing.
   */
  into(lengths) {
    const out = create(null);
    if (!this.has('into')) return out;
    settlePending(); // its keys and values may be getters
    const v = this.o.into;
    if (typeof v !== 'object' || isArray(v) || isView(v))
      throw this.error('into', `must be an object of Float32Arrays, got ${describe(v)}`);
    for (const key of keys(v)) {
      if (!hasOwn(lengths, key)) {
        throw this.error(
          'into',
          `has an unknown key '${key.length > 40 ? key.slice(0, 40) + '…' : key}' (known: ${keys(lengths).join(', ')})`,
        );
      }
      const a = v[key];
      if (typedKind(a) !== 'Float32Array')
        throw this.error(`into.${key}`, `must be a Float32Array, got ${describe(a)}`);
      const n = typedLength(a);
      if (n !== lengths[key]) throw this.error(`into.${key}`, `must have ${lengths[key]} elements, got ${n}`, 'SIZE');
      out[key] = a;
    }
    return out;
  }

  /**
   * A 0/1 mask (a Uint8Array of any realm, copied by its internal slots, or an array of 0/1 or
   * booleans read index by index); null when absent. meaning: what 1 stands for, for messages.
   */
  mask(name, length, shape, { meaning = 'may attend' } = {}) {
    if (!this.has(name)) return null;
    return toMask(this.fn, name, this.o[name], length, shape, meaning);
  }

  int32s(name, length, shape, { min = -(2 ** 31), max = 2 ** 31 - 1, optional = true } = {}) {
    if (!this.has(name)) {
      if (optional) return null;
      throw this.error(name, `is required (${shape} integers)`);
    }
    return toInt32(this.fn, name, this.o[name], length, shape, min, max);
  }
}

export function checkInt(fn, name, v, min = 1, max = LIMITS.maxElems) {
  const err = (text, code = 'ARG') => new SeqlabError(`${fn}: ${name} ${text}`, { code, fn, argument: name });
  if (v === undefined || v === null) throw err('is required');
  if (typeof v !== 'number' || !isInteger(v)) throw err(`must be an integer, got ${describe(v)}`);
  if (v < min) throw err(`must be at least ${min}, got ${v}`, 'SIZE');
  if (v > max) throw err(`must be at most ${max} (limit), got ${v}`, 'LIMIT');
  return v;
}

/** Refuses a product of sizes past the element limit before any memory is touched. */
export function checkElems(fn, what, count) {
  if (count > LIMITS.maxElems) {
    throw new SeqlabError(`${fn}: ${what} would hold ${count} elements, more than the limit of ${LIMITS.maxElems}`, {
      code: 'LIMIT',
      fn,
      argument: what,
    });
  }
}

function argError(fn, name) {
  return (text, code = 'SIZE', cause = undefined) =>
    new SeqlabError(`${fn}: ${name}${text.startsWith('[') ? '' : ' '}${text}`, { code, fn, argument: name, cause });
}

/**
 * Runs read() (a property read that may reach a getter or a Proxy of the caller's); anything it
 * throws other than a SeqlabError becomes one, made by wrap(cause), with the original as `cause`
 * (its message is not read: that could run the caller's code again).
 */
function readGuarded(read, wrap) {
  try {
    return read();
  } catch (e) {
    if (e instanceof SeqlabError) throw e;
    throw wrap(e);
  }
}

/**
 * A fresh copy of a typed array of one of `kinds` (any realm), made by the built-in constructor
 * `Type` from the array's internal slots; null when v is not such a typed array. The length is
 * checked before copying (a detached or shrunk buffer reads as length 0).
 */
function copyTyped(err, v, kinds, Type, length, shape) {
  const kind = typedKind(v);
  if (!kind || !kinds.includes(kind)) return null;
  const n = typedLength(v);
  checkLength(err, n, length, shape);
  let copy;
  try {
    copy = new Type(v); // reads the internal slots only: no getter, no iterator, no own property
  } catch {
    throw err('could not be read (its buffer is detached or was resized)', 'ARG');
  }
  if (typedLength(copy) !== n) throw err(`changed length while being read (${n} elements, then ${typedLength(copy)})`);
  return copy;
}

/**
 * One pass over a plain array: its length read once, each index read once, holes refused (a hole
 * would otherwise show a value inherited from a prototype). check(x, i) validates and converts.
 */
function copyArray(err, v, Type, length, shape, check) {
  settlePending(); // its elements may be getters, it may be a Proxy
  return readGuarded(
    () => {
      const n = v.length;
      checkLength(err, n, length, shape);
      const out = new Type(n);
      for (let i = 0; i < n; i++) {
        const x = v[i];
        if (!hasOwn(v, i)) throw err(`[${i}] is missing (a hole in the array)`, 'ARG');
        out[i] = check(x, i);
      }
      return out;
    },
    (cause) => err('could not be read: reading its elements threw (see cause)', 'ARG', cause),
  );
}

/** length: the exact count required, or {max} for a length chosen by the caller (1 … max). */
function checkLength(err, n, length, shape) {
  if (typeof length === 'number') {
    if (n !== length) throw err(`must have ${shape} = ${length} elements, got ${describe(n)}`);
  } else if (!(isInteger(n) && n >= 1)) {
    throw err(`must have at least 1 element, got ${describe(n)}`);
  } else if (n > length.max) {
    throw err(`must have at most ${length.max} elements (limit), got ${n}`, 'LIMIT');
  }
}

function toTyped(fn, name, v, length, shape, Type) {
  const err = argError(fn, name);
  const copy = copyTyped(err, v, ['Float32Array', 'Float64Array'], Type, length, shape);
  if (copy) return copy;
  if (isArray(v)) {
    return copyArray(err, v, Type, length, shape, (x, i) => {
      if (typeof x !== 'number') throw err(`[${i}] must be a number, got ${describe(x)}`, 'ARG');
      return x;
    });
  }
  throw err(`must be a Float32Array, Float64Array or array of numbers, got ${describe(v)}`, 'ARG');
}

export function toFloat32(fn, name, v, length, shape) {
  return toTyped(fn, name, v, length, shape, Float32Array);
}

/**
 * A caller's Float32Array or Float64Array (any realm) whose length has been checked, to be copied
 * once by callCore straight into WebAssembly memory with the built-in TypedArray.prototype.set
 * (the hot path: one copy of each large array, not two). It is read at that moment unless caller
 * code could run before: every reader below that may run caller code (an options object's
 * getters, a plain array's elements, a Proxy) first settles the pending inputs, i.e. copies them
 * by the constructor into `copy`. Either way each array is read once, by its internal slots, and
 * the core gets exactly that read.
 */
export class CoreInput {
  constructor(fn, name, source, length) {
    this.fn = fn;
    this.name = name;
    this.source = source;
    this.length = length;
    this.copy = null;
  }

  /** The elements, read now (length checked again from the internal slot); callCore calls this. */
  take() {
    if (this.copy) return this.copy;
    const n = typedLength(this.source);
    if (n !== this.length) {
      throw new SeqlabError(
        `${this.fn}: ${this.name} changed length while the other arguments were read (${this.length} elements, then ${n})`,
        { code: 'SIZE', fn: this.fn, argument: this.name },
      );
    }
    return this.source;
  }
}

let pending = [];
/** Copies every CoreInput not yet handed to the core, before caller code may run. */
function settlePending() {
  if (pending.length === 0) return;
  const list = pending;
  pending = [];
  for (const input of list) {
    // An input whose length no longer matches was left by a call refused before it reached the
    // core (no caller code runs between taking an input and this point, so it is not this call's).
    if (!input.copy && typedLength(input.source) === input.length) input.copy = new Float32Array(input.source);
  }
}
/** callCore: these inputs are being copied now; nothing needs to settle them any more. */
export function releasePending() {
  pending = [];
}

/** toFloat32 for arrays that only go to the core: a typed array becomes a CoreInput (no copy here). */
export function toFloat32ForCore(fn, name, v, length, shape) {
  const kind = typedKind(v);
  if (kind === 'Float32Array' || kind === 'Float64Array') {
    checkLength(argError(fn, name), typedLength(v), length, shape);
    const input = new CoreInput(fn, name, v, length);
    pending.push(input);
    return input;
  }
  return toTyped(fn, name, v, length, shape, Float32Array);
}

function toMask(fn, name, v, length, shape, meaning) {
  const err = argError(fn, name);
  const copy = copyTyped(err, v, ['Uint8Array'], Uint8Array, length, shape);
  if (copy) {
    for (let i = 0; i < length; i++)
      if (copy[i] > 1) throw err(`[${i}] must be 0 or 1 (1 = ${meaning}), got ${copy[i]}`, 'ARG');
    return copy;
  }
  if (isArray(v)) {
    return copyArray(err, v, Uint8Array, length, shape, (x, i) => {
      if (x !== 0 && x !== 1 && x !== true && x !== false)
        throw err(`[${i}] must be 0 or 1 (1 = ${meaning}), got ${describe(x)}`, 'ARG');
      return x ? 1 : 0;
    });
  }
  throw err(`must be a Uint8Array or array of 0/1, got ${describe(v)}`, 'ARG');
}

/** True for an ArrayBuffer of any realm (its internal slot, not its prototype, decides). */
function isArrayBuffer(v) {
  try {
    apply(abLengthGetter, v, []);
    return true;
  } catch {
    return false;
  }
}

/**
 * A Uint8Array copy of v: a Uint8Array or an ArrayBuffer of any realm, read through its internal
 * slots only, or an array of integers 0..255 (each index read once); a proxy of a typed array,
 * a detached buffer or anything else is refused.
 */
export function toBytes(fn, name, v) {
  const err = argError(fn, name);
  // at most 2^28 bytes: a model file's parameters and AdamW moments within SL_MAX_ELEMS floats
  const length = { max: 2 ** 28 };
  if (isArray(v)) {
    return copyArray(err, v, Uint8Array, length, undefined, (x, i) => {
      if (!isInteger(x) || x < 0 || x > 255)
        throw err(`[${i}] must be an integer from 0 to 255, got ${describe(x)}`, 'ARG');
      return x;
    });
  }
  let view = v;
  if (!isView(v) && isArrayBuffer(v)) {
    try {
      view = new Uint8Array(v);
    } catch {
      throw err('could not be read (its buffer is detached)', 'ARG');
    }
  }
  const copy = copyTyped(err, view, ['Uint8Array'], Uint8Array, length);
  if (copy) return copy;
  throw err(`must be a Uint8Array, an ArrayBuffer or an array of bytes, got ${describe(v)}`, 'ARG');
}

/**
 * An Int32Array copy of v (an Int32Array of any realm or an array of integers) with every value
 * in [min, max]. length: the exact count, or {max} (any length from 1 to max).
 * outOfRange(x, i) may supply the error for a value outside [min, max].
 */
export function toInt32(fn, name, v, length, shape, min, max, outOfRange) {
  const err = argError(fn, name);
  const range = (x, i) => {
    if (x < min || x > max)
      throw outOfRange ? outOfRange(x, i) : err(`[${i}] must be between ${min} and ${max}, got ${x}`, 'VALUE');
    return x;
  };
  let out = copyTyped(err, v, ['Int32Array'], Int32Array, length, shape);
  if (out) {
    for (let i = 0; i < out.length; i++) range(out[i], i);
  } else if (isArray(v)) {
    out = copyArray(err, v, Int32Array, length, shape, (x, i) => {
      if (typeof x !== 'number' || !isInteger(x)) throw err(`[${i}] must be an integer, got ${describe(x)}`, 'ARG');
      return range(x, i);
    });
  } else {
    throw err(`must be an Int32Array or array of integers, got ${describe(v)}`, 'ARG');
  }
  return out;
}
