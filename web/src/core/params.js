// params.js — a widget's settings declared once: type, default and range. From the declaration
// come attribute parsing, URL-hash state, validation with a specific message, and bound controls.
//
//   static params = {
//     heads: { type: 'int', default: 2, min: 1, max: 8 },
//     temperature: { type: 'number', default: 1, min: 0.1, max: 10 },
//     causal: { type: 'bool', default: false },
//     layout: { type: 'enum', values: ['interleaved', 'concat'], default: 'interleaved' },
//     text: { type: 'string', default: 'the cat sat', maxLength: 4000 },
//   };

import { tf } from './i18n.js';

/** dModel → d-model, dFF → d-ff, N → n (attribute names are lower-case). */
export const toAttr = (name) => name.replace(/([a-z0-9])([A-Z]+)/g, '$1-$2').toLowerCase();

const show = (v) => (typeof v === 'string' ? JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…` : v) : String(v));

/**
 * The spec of a declared setting, or undefined: own keys only. `name in params` would also take
 * what every object inherits (`__proto__`, `constructor`, `toString`) for settings, so a URL key
 * such as `train.__proto__` reached parseParam with Object.prototype as its spec.
 */
export const ownParam = (params, name) => (Object.hasOwn(params, name) ? params[name] : undefined);

// Numbers as a person writes them, in decimal: Number() alone also reads 0x10, 0b11, 0o7 and
// 'Infinity', so a URL's `train.steps=0x10` became 16. Whole numbers: digits only (formatParam
// writes them so); other numbers: digits with an optional fraction and exponent (String(1e-7)).
const DECIMAL_INT = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** What a valid value looks like, for messages (in lang). */
export function describeParam(spec, lang = 'en') {
  switch (spec.type) {
    case 'int':
      return spec.values
        ? tf('one of {list}', { list: spec.values.join(', ') }, lang)
        : tf('a whole number from {min} to {max}', spec, lang);
    case 'number':
      return tf('a number from {min} to {max}', spec, lang);
    case 'bool':
      return tf('true or false (1 or 0)', {}, lang);
    case 'enum':
      return tf('one of {list}', { list: spec.values.join(', ') }, lang);
    case 'string':
      return tf('text of at most {n} characters', { n: spec.maxLength }, lang);
    default:
      return tf('a valid value', {}, lang);
  }
}

/**
 * Parses a raw string (attribute or URL) or a value set from script for one param (spec: its
 * declaration, found with ownParam). Numbers in a string are read in decimal only.
 * Returns {ok: true, value} or {ok: false, message} (the message in lang). kept: the value that
 * stays in use when raw is refused (the current one; the default before any was set).
 */
export function parseParam(name, spec, raw, lang = 'en', kept = spec.default) {
  const bad = () => ({
    ok: false,
    message: tf(
      '{value} is not {what}; using {default}.',
      { value: `${name} = ${show(raw)}`, what: describeParam(spec, lang), default: show(kept) },
      lang,
    ),
  });
  switch (spec.type) {
    case 'int':
    case 'number': {
      const text = typeof raw === 'string' ? raw.trim() : null;
      const decimal = text !== null && (spec.type === 'int' ? DECIMAL_INT : DECIMAL).test(text);
      const v = typeof raw === 'number' ? raw : decimal ? Number(text) : NaN;
      if (!Number.isFinite(v) || (spec.type === 'int' && !Number.isInteger(v)) || v < spec.min || v > spec.max)
        return bad();
      if (spec.values && !spec.values.includes(v)) return bad();
      return { ok: true, value: v };
    }
    case 'bool': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      const s = String(raw).trim().toLowerCase();
      if (['', '1', 'true', 'yes', 'on'].includes(s)) return { ok: true, value: true };
      if (['0', 'false', 'no', 'off'].includes(s)) return { ok: true, value: false };
      return bad();
    }
    case 'enum':
      return spec.values.includes(raw) ? { ok: true, value: raw } : bad();
    case 'string': {
      if (typeof raw !== 'string' || raw.length > spec.maxLength) return bad();
      return { ok: true, value: raw };
    }
    default:
      return bad();
  }
}

/** The value as it is written into an attribute or the URL hash. */
export function formatParam(spec, value) {
  if (spec.type === 'bool') return value ? '1' : '0';
  return String(value);
}

/**
 * A permutation of 0..n−1 written as "2,0,1" (a setting that reorders tokens); anything else —
 * wrong length, repeats, out of range, not a number — gives the identity.
 */
export function parsePermutation(text, n) {
  const p = String(text)
    .split(',')
    .filter((v) => v.trim() !== '')
    .map(Number);
  const ok = p.length === n && new Set(p).size === n && p.every((v) => Number.isInteger(v) && v >= 0 && v < n);
  return ok ? p : Array.from({ length: n }, (_, i) => i);
}

export function defaults(params) {
  return Object.fromEntries(
    Object.entries(params).map(([k, s]) => [k, Array.isArray(s.default) ? [...s.default] : s.default]),
  );
}
