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
  return lang === 'fa' && persianDigits
    ? String(s)
        .replace(/[0-9]/g, (d) => FA_DIGITS[d])
        .replace('.', '٫')
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
