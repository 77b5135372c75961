// args.mjs — argument checking for every public function. Each checker names the
// function and the argument in its message, so a caller sees exactly what to fix.
import { SeqlabError } from './errors.mjs';

/** Limits shared with src/seqlab.h (SL_MAX_*). */
export const LIMITS = Object.freeze({ maxSeq: 8192, maxDim: 4096, maxHeads: 64, maxElems: 2 ** 24 });

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${value.length}`;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `a ${typeof value}`;
}

/**
 * Reads one options object for function `fn`, refusing unknown keys (a misspelt option
 * such as `casual` must not be silently ignored).
 */
export class Args {
  constructor(fn, options, known) {
    this.fn = fn;
    if (options === undefined || options === null || typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
      throw this.error(undefined, `expected an options object, got ${describe(options)}`);
    }
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) throw this.error(undefined, `unknown option '${key}' (known options: ${known.join(', ')})`);
    }
    this.o = options;
  }

  error(argument, text, code = 'ARG') {
    return new SeqlabError(`${this.fn}: ${argument ? argument + ' ' : ''}${text}`, { code, fn: this.fn, argument });
  }

  has(name) { return this.o[name] !== undefined && this.o[name] !== null; }

  /** An integer in [min, max]; `def` when absent (required when def is undefined). */
  int(name, { min = 1, max = LIMITS.maxElems, def } = {}) {
    return checkInt(this.fn, name, this.has(name) ? this.o[name] : def, min, max);
  }

  /** A finite number; `def` when absent. */
  number(name, { def, min = -Infinity, max = Infinity, above } = {}) {
    const v = this.has(name) ? this.o[name] : def;
    if (v === undefined) throw this.error(name, 'is required');
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.error(name, `must be a finite number, got ${describe(v)}`);
    if (above !== undefined && !(v > above)) throw this.error(name, `must be greater than ${above}, got ${v}`);
    if (v < min || v > max) throw this.error(name, `must be between ${min} and ${max}, got ${v}`);
    return v;
  }

  bool(name, def = false) {
    const v = this.has(name) ? this.o[name] : def;
    if (typeof v !== 'boolean') throw this.error(name, `must be true or false, got ${describe(v)}`);
    return v;
  }

  choice(name, options, def) {
    const v = this.has(name) ? this.o[name] : def;
    if (!options.includes(v)) throw this.error(name, `must be one of ${options.map((o) => `'${o}'`).join(', ')}, got ${describe(v)}`);
    return v;
  }

  floats(name, length, shape, { optional = false } = {}) {
    if (!this.has(name)) {
      if (optional) return null;
      throw this.error(name, `is required (${shape} numbers)`);
    }
    return toFloat32(this.fn, name, this.o[name], length, shape);
  }

  /** For float64 entry points: a Float64Array copy. */
  doubles(name, length, shape, { optional = false } = {}) {
    if (!this.has(name)) {
      if (optional) return null;
      throw this.error(name, `is required (${shape} numbers)`);
    }
    return toTyped(this.fn, name, this.o[name], length, shape, Float64Array);
  }

  /**
   * Optional caller-owned output arrays: {key: Float32Array of the given length}, written in
   * place and returned (for animation loops: no allocation per call).
   */
  into(lengths) {
    if (!this.has('into')) return {};
    const v = this.o.into;
    if (typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) throw this.error('into', `must be an object of Float32Arrays, got ${describe(v)}`);
    for (const key of Object.keys(v)) {
      if (!(key in lengths)) throw this.error('into', `has an unknown key '${key}' (known: ${Object.keys(lengths).join(', ')})`);
      const a = v[key];
      if (!(a instanceof Float32Array)) throw this.error(`into.${key}`, `must be a Float32Array, got ${describe(a)}`);
      if (a.length !== lengths[key]) throw this.error(`into.${key}`, `must have ${lengths[key]} elements, got ${a.length}`, 'SIZE');
    }
    return v;
  }

  mask(name, length, shape) {
    if (!this.has(name)) return null;
    return toMask(this.fn, name, this.o[name], length, shape);
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
  if (typeof v !== 'number' || !Number.isInteger(v)) throw err(`must be an integer, got ${describe(v)}`);
  if (v < min) throw err(`must be at least ${min}, got ${v}`, 'SIZE');
  if (v > max) throw err(`must be at most ${max} (limit), got ${v}`, 'LIMIT');
  return v;
}

/** Refuses a product of sizes past the element limit before any memory is touched. */
export function checkElems(fn, what, count) {
  if (count > LIMITS.maxElems) {
    throw new SeqlabError(`${fn}: ${what} would hold ${count} elements, more than the limit of ${LIMITS.maxElems}`, { code: 'LIMIT', fn, argument: what });
  }
}

function toTyped(fn, name, v, length, shape, Type) {
  const err = (text, code = 'SIZE') => new SeqlabError(`${fn}: ${name}${text.startsWith('[') ? '' : ' '}${text}`, { code, fn, argument: name });
  if (v instanceof Float32Array || v instanceof Float64Array) {
    if (v.length !== length) throw err(`must have ${shape} = ${length} elements, got ${v.length}`);
    return v instanceof Type ? v : Type.from(v);
  }
  if (Array.isArray(v)) {
    if (v.length !== length) throw err(`must have ${shape} = ${length} elements, got ${v.length}`);
    const out = new Type(length);
    for (let i = 0; i < length; i++) {
      const x = v[i];
      if (typeof x !== 'number') throw err(`[${i}] must be a number, got ${describe(x)}`, 'ARG');
      out[i] = x;
    }
    return out;
  }
  throw err(`must be a Float32Array, Float64Array or array of numbers, got ${describe(v)}`, 'ARG');
}

export function toFloat32(fn, name, v, length, shape) { return toTyped(fn, name, v, length, shape, Float32Array); }

function toMask(fn, name, v, length, shape) {
  const err = (text, code = 'SIZE') => new SeqlabError(`${fn}: ${name}${text.startsWith('[') ? '' : ' '}${text}`, { code, fn, argument: name });
  if (!(v instanceof Uint8Array) && !Array.isArray(v)) throw err(`must be a Uint8Array or array of 0/1, got ${describe(v)}`, 'ARG');
  if (v.length !== length) throw err(`must have ${shape} = ${length} elements, got ${v.length}`);
  if (v instanceof Uint8Array) {
    // used as is (it is copied into WebAssembly memory): only the values need checking
    for (let i = 0; i < length; i++) if (v[i] > 1) throw err(`[${i}] must be 0 or 1 (1 = may attend), got ${v[i]}`, 'ARG');
    return v;
  }
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const x = v[i];
    if (x !== 0 && x !== 1 && x !== true && x !== false) throw err(`[${i}] must be 0 or 1 (1 = may attend), got ${describe(x)}`, 'ARG');
    out[i] = x ? 1 : 0;
  }
  return out;
}

function toInt32(fn, name, v, length, shape, min, max) {
  const err = (text, code = 'SIZE') => new SeqlabError(`${fn}: ${name}${text.startsWith('[') ? '' : ' '}${text}`, { code, fn, argument: name });
  if (!(v instanceof Int32Array) && !Array.isArray(v)) throw err(`must be an Int32Array or array of integers, got ${describe(v)}`, 'ARG');
  if (v.length !== length) throw err(`must have ${shape} = ${length} elements, got ${v.length}`);
  const out = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isInteger(x)) throw err(`[${i}] must be an integer, got ${describe(x)}`, 'ARG');
    if (x < min || x > max) throw err(`[${i}] must be between ${min} and ${max}, got ${x}`, 'VALUE');
    out[i] = x;
  }
  return out;
}
