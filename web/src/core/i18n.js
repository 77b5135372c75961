// i18n.js — interface text in English and Persian, namespaced by widget. Each widget folder has a
// text.js, `export default { en: {...}, fa: {...} }`, keyed by the English wording; its view
// declares `static text = text` and calls this.t(key). A key is looked up in the widget's own
// text first, then in the shared text (core/text.js: toolbar, plots, setting messages), so two
// widgets can never overwrite each other's Persian. tests/node/text.test.mjs checks that every
// key has both languages and that a key two texts share means the same in both.
import shared from './text.js';

/** key in lang from a widget's own text (null: none), else from the shared text, else English. */
export function lookup(own, key, lang = 'en') {
  return own?.[lang]?.[key] ?? shared[lang]?.[key] ?? own?.en?.[key] ?? shared.en[key] ?? key;
}

/** The key of what `key` says on a touch screen, where there is no hovering. */
export const touchKey = (key) => `(touch) ${key}`;

/**
 * Like lookup, but on a screen without hover (touch: true) a key with a touch wording gives that
 * wording instead ("Tap a cell to see…" for "Hover a cell to see…").
 */
export function lookupFor(own, key, lang = 'en', touch = false) {
  if (touch) {
    const k = touchKey(key);
    if (k in (own?.en ?? {}) || k in shared.en) return lookup(own, k, lang);
  }
  return lookup(own, key, lang);
}

/**
 * The language a lang attribute's value names: 'fa' for Persian ("fa", "fa-IR", "FA"), 'en' for
 * anything else; null for no value (null, undefined or "" : no language said).
 */
export function langOf(value) {
  const v = String(value ?? '')
    .trim()
    .toLowerCase();
  if (!v) return null;
  return v === 'fa' || v.startsWith('fa-') ? 'fa' : 'en';
}

/**
 * A widget's language: its own lang attribute, else the URL's #lang= (a widget with url-state),
 * else the closest ancestor's lang (the course page's <html lang="fa">), else English.
 */
export function pickLang(own, url, inherited) {
  return langOf(own) ?? langOf(url) ?? langOf(inherited) ?? 'en';
}

/** The shared text alone (for core code that belongs to no widget). */
export const t = (key, lang = 'en') => lookup(null, key, lang);

/** A looked-up template with {name} replaced by vars.name: word order stays the translator's. */
export function fillTemplate(template, vars) {
  return template.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

/** tf(template, vars, lang) for the shared text. */
export function tf(template, vars, lang = 'en') {
  return fillTemplate(t(template, lang), vars);
}

const FA_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
/** Persian digits for a formatted number when asked for. */
export function digits(s, lang, persianDigits) {
  // Persian separators with Persian digits: ٫ for the decimal point, ٬ between thousands
  return lang === 'fa' && persianDigits
    ? String(s)
        .replace(/(?<=[0-9]),(?=[0-9]{3}(?![0-9]))/g, '٬')
        .replace(/(?<=[0-9])\.(?=[0-9])/g, '٫')
        .replace(/[0-9]/g, (d) => FA_DIGITS[d])
    : String(s);
}

/**
 * An error whose message is a text key (with {name} placeholders filled from vars): models throw
 * it without knowing the reader's language, and the widget shows it translated.
 */
export class TextError extends Error {
  constructor(key, vars = {}) {
    super(fillTemplate(key, vars));
    this.name = 'TextError';
    this.key = key;
    this.vars = vars;
  }
}
