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
    h('label', { for: control.id }, withFormulas(labelText)),
    control,
    hint ? h('span', { class: 'hint' }, withFormulas(hint)) : null,
  );
}

/**
 * A formula or number inside a sentence, isolated and left to right: a Persian sentence around
 * it keeps its own order, and the formula reads the same in both languages.
 */
export function ltr(text) {
  return h('bdi', { dir: 'ltr', text });
}

const ARABIC = '\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff';
const HAS_ARABIC = new RegExp(`[${ARABIC}]`);
const NOT_ARABIC_RUNS = new RegExp(`[^${ARABIC}]+`, 'g');

const count = (s, c) => s.split(c).length - 1;
/**
 * A run of Latin text without the spaces, sentence punctuation and unpaired brackets at its ends:
 * in "زاویه‌های m·θ_i (موقعیت × جفت)" the "(" opens a Persian phrase and must stay outside the
 * isolated formula, or it would be drawn on the wrong side.
 */
function trimFormula(run) {
  let s = run.trim();
  for (let again = true; again && s;) {
    again = false;
    const first = s[0];
    const last = s[s.length - 1];
    if (/[,.:;!?]/.test(last) || ('([{'.includes(last) && count(s, last) > count(s, ')]}'['([{'.indexOf(last)]))) {
      s = s.slice(0, -1).trimEnd();
      again = true;
    } else if (/[,:;!?]/.test(first)) {
      // "…دیده: rnn 0.1" — the colon ends the Persian phrase before the formula
      s = s.slice(1).trimStart();
      again = true;
    } else if (
      ')]}'.includes(first) ||
      ('([{'.includes(first) && count(s, first) > count(s, ')]}'['([{'.indexOf(first)]))
    ) {
      s = s.slice(1).trimStart();
      again = true;
    } else if (')]}'.includes(last) && count(s, last) > count(s, '([{'[')]}'.indexOf(last)])) {
      s = s.slice(0, -1).trimEnd();
      again = true;
    }
  }
  return s;
}

/**
 * Text with its formulas isolated left to right: in a Persian sentence every run of Latin letters,
 * digits and symbols ("1/√d_k", "W_h^V", "(d = 16)") becomes a <bdi dir="ltr">, so the bidi
 * algorithm cannot reorder it ("1/√d_k" shown as "d_k√/1"). Text without Persian letters is
 * returned whole (a right-to-left box shows it by its first strong letter, see widget.css).
 * Returns children for h() or replaceChildren().
 */
export function withFormulas(text) {
  const s = String(text ?? '');
  if (!HAS_ARABIC.test(s)) return [s];
  const out = [];
  let at = 0;
  for (const m of s.matchAll(NOT_ARABIC_RUNS)) {
    const run = m[0];
    const core = trimFormula(run);
    if (!/[\p{L}\p{N}√∑Σ∞]/u.test(core)) continue; // spaces and punctuation stay in the sentence
    const start = m.index + run.indexOf(core);
    if (start > at) out.push(s.slice(at, start));
    out.push(ltr(core));
    at = start + core.length;
  }
  if (at < s.length) out.push(s.slice(at));
  return out;
}

/** Sets an element's text with its formulas isolated (titles, legends, table cells, notices). */
export function setText(el, text) {
  el.replaceChildren(...withFormulas(text));
  return el;
}

/**
 * An SVG <text> with its formulas isolated (axis titles): SVG has no <bdi>, so each formula is a
 * <tspan> with direction ltr and unicode-bidi isolate (plot/lineplot.js calls it for its axes).
 */
export function setSvgText(el, text) {
  el.replaceChildren(
    ...withFormulas(text).map((p) => {
      if (!(p instanceof Node)) return p;
      const span = svg('tspan', { direction: 'ltr', 'unicode-bidi': 'isolate' });
      span.textContent = p.textContent;
      return span;
    }),
  );
  return el;
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
