// dom.js — building DOM without markup strings: every piece of user text is set as text,
// never parsed as HTML.

/**
 * h('button', {class: 'x', onclick: f, 'aria-label': 'y'}, 'text', child) → element.
 * Attributes named on* become listeners; `text` sets textContent; null/false are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (k in el)
      el[k] = v; // properties: value, checked, selected, hidden, …
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat())
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';
export function svg(tag, attrs = {}) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** A number input for a setting's range (bind() gives it its label and value). */
export const numberInput = (min, max, step = 1) => h('input', { type: 'number', min, max, step });

let uid = 0;
export const uniqueId = (prefix) => `${prefix}-${++uid}`;

/** A labelled control row: label text + control, with the control's id wired to the label. */
export function field(labelText, control, hint) {
  control.id ||= uniqueId('f');
  return h(
    'div',
    { class: 'field' },
    h('label', { for: control.id, text: labelText }),
    control,
    hint ? h('span', { class: 'hint', text: hint }) : null,
  );
}

/**
 * A formula or number inside a sentence, isolated and left to right: a Persian sentence around
 * it keeps its own order, and the formula reads the same in both languages.
 */
export function ltr(text) {
  return h('bdi', { dir: 'ltr', text });
}

/** Formats a number for display: fixed significant digits, −∞ for masked entries. */
export function fmt(x, digits = 4) {
  if (x === -Infinity) return '−∞';
  if (x === Infinity) return '+∞';
  if (Number.isNaN(x)) return 'NaN';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-3) return x.toExponential(digits - 1).replace('-', '−');
  return Number(x.toPrecision(digits)).toString().replace('-', '−');
}
