// i18n.js — interface text in English (the keys) and Persian. A widget calls t(text, lang);
// text with no Persian entry stays English, so a missing entry degrades gracefully.
const FA = {};

/** Adds Persian entries (widgets register their own next to their code). */
export function addTranslations(entries) {
  Object.assign(FA, entries);
}

export function t(text, lang = 'en') {
  return lang === 'fa' ? FA[text] ?? text : text;
}

/** t() of a template, then {name} replaced by vars.name: word order stays the translator's. */
export function tf(template, vars, lang = 'en') {
  return t(template, lang).replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

const FA_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
/** Persian digits for a formatted number when asked for. */
export function digits(s, lang, persianDigits) {
  return lang === 'fa' && persianDigits ? String(s).replace(/[0-9]/g, (d) => FA_DIGITS[d]).replace('.', '٫') : String(s);
}
