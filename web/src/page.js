// page.js — the lab page's own controls (language, digits, theme). Runs only on a page that
// asks for it (<body data-seqlab-page>), so embedding the bundle elsewhere changes nothing.
// The page's own words are in its markup: English as the text, Persian in data-fa (and an
// aria-label's Persian in data-fa-label); a block written twice has data-lang="en"/"fa".
import { withFormulas } from './core/dom.js';
import { digits as toDigits } from './core/i18n.js';
import { updateScrollCues, watchScrollCues } from './core/scroll-cue.js';

const widgets = () => [...document.querySelectorAll('body *')].filter((el) => el.localName.startsWith('seqlab-'));

function setHashParam(key, value) {
  const q = new URLSearchParams(location.hash.slice(1));
  if (value) q.set(key, value);
  else q.delete(key);
  const hash = q.toString();
  history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
}

function apply() {
  const q = new URLSearchParams(location.hash.slice(1));
  const lang = q.get('lang') === 'fa' ? 'fa' : 'en';
  const digits = q.get('digits') === 'fa';
  const theme = ['light', 'dark'].includes(q.get('theme')) ? q.get('theme') : '';
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'fa' ? 'rtl' : 'ltr';
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  for (const el of widgets()) {
    if (theme) el.setAttribute('theme', theme);
    else el.removeAttribute('theme');
  }
  for (const el of document.querySelectorAll('[data-lang]')) el.hidden = el.dataset.lang !== lang;
  translate(lang, digits);
  const langSel = document.getElementById('page-lang');
  if (langSel) langSel.value = lang;
  const digitBox = document.getElementById('page-digits');
  if (digitBox) {
    digitBox.checked = digits;
    digitBox.disabled = lang !== 'fa';
  }
  const themeSel = document.getElementById('page-theme');
  if (themeSel) themeSel.value = theme || 'auto';
}

/** The page's words in lang: data-fa for Persian, the English kept in data-en the first time. */
function translate(lang, persianDigits) {
  for (const el of document.querySelectorAll('[data-fa]')) {
    el.dataset.en ??= el.textContent;
    const text = lang === 'fa' ? el.dataset.fa : el.dataset.en;
    const digits = (s) => toDigits(s, lang, persianDigits);
    // a formula in a link ("چرا 1/√d") isolated left to right before its digits become Persian
    // ones (which withFormulas would take for Persian text); <title> and <option> hold text only
    if (['title', 'option'].includes(el.localName)) el.textContent = digits(text);
    else
      el.replaceChildren(
        ...withFormulas(text).map((p) => {
          if (typeof p === 'string') return digits(p);
          p.textContent = digits(p.textContent);
          return p;
        }),
      );
  }
  for (const el of document.querySelectorAll('[data-fa-label]')) {
    el.dataset.enLabel ??= el.getAttribute('aria-label') ?? '';
    el.setAttribute('aria-label', lang === 'fa' ? el.dataset.faLabel : el.dataset.enLabel);
  }
  updateScrollCues(document.body); // the links' widths changed
}

/**
 * The contents stay at the top of the screen (position: sticky in lab.css): a section scrolled to
 * starts below them (--toc-h, their height, is each section's scroll-margin-top), and their row
 * of links, scrolling sideways on a phone, fades out on the side that has more.
 */
function stickyContents() {
  const nav = document.querySelector('nav.toc');
  if (!nav) return;
  const root = document.documentElement;
  const measure = () => root.style.setProperty('--toc-h', `${Math.ceil(nav.getBoundingClientRect().height)}px`);
  new ResizeObserver(measure).observe(nav);
  measure();
  watchScrollCues(document.body, nav);
}

/** The section of the widget named by a state key or a section id. */
function sectionOf(name) {
  const byId = document.getElementById(name);
  if (byId) return byId;
  const w = widgets().find((el) => (el.getAttribute('state-key') || el.localName.replace(/^seqlab-/, '')) === name);
  return w?.closest('section') ?? w ?? null;
}

/**
 * #view=<key>: the lab scrolls to that widget (a copied link lands on its widget).
 * #only=<key>: the lab shows that widget alone (the iframe of a widget's Embed… snippet).
 */
function focusWidget() {
  const q = new URLSearchParams(location.hash.slice(1));
  const only = q.get('only');
  const raw = location.hash.slice(1);
  const view = q.get('view') ?? (raw && !raw.includes('=') ? decodeURIComponent(raw) : null); // a bare #anchor
  const target = only ? sectionOf(only) : null;
  document.body.classList.toggle('only', Boolean(target));
  for (const el of document.querySelectorAll('body > header, body > nav, main > h2, main > section, .skip')) {
    el.hidden = Boolean(target) && el !== target && !el.contains(target);
    el.style.display = el.hidden ? 'none' : ''; // the page's CSS may give it a display of its own
  }
  if (only && !target) console.warn(`seqlab: #only=${only} names no widget of this page`);
  const at = view ? sectionOf(view) : null;
  if (view && !at) console.warn(`seqlab: #view=${view} names no widget of this page`);
  if (at && !focusWidget.done) {
    focusWidget.done = true; // once, at load: later changes of the hash must not move the page
    // the widgets above grow as they draw: follow the target until they are done or the reader
    // scrolls by themselves
    let follow = true;
    const stop = () => (follow = false);
    for (const ev of ['wheel', 'touchstart', 'keydown', 'pointerdown'])
      window.addEventListener(ev, stop, { once: true });
    const land = () => follow && at.scrollIntoView({ block: 'start' });
    land();
    document.addEventListener('seqlab-update', land);
    setTimeout(() => {
      follow = false;
      document.removeEventListener('seqlab-update', land);
    }, 4000);
  }
}

/** A hash key with a prefix no widget of the page has is reported (a misspelt widget name). */
function warnUnknownKeys() {
  const keys = new Set(widgets().map((el) => el.getAttribute('state-key') || el.localName.replace(/^seqlab-/, '')));
  const global = ['lang', 'digits', 'theme', 'view', 'only'];
  for (const k of new URLSearchParams(location.hash.slice(1)).keys()) {
    const head = k.split('.')[0];
    if (k.includes('.') ? !keys.has(head) : !global.includes(k) && !keys.has(k))
      console.warn(`seqlab: the URL key ${k} names no widget of this page; widgets: ${[...keys].join(', ')}`);
  }
}

export function initPage() {
  if (!document.body?.hasAttribute('data-seqlab-page')) return;
  stickyContents();
  focusWidget();
  warnUnknownKeys();
  window.addEventListener('hashchange', focusWidget);
  document.getElementById('page-lang')?.addEventListener('change', (ev) => {
    setHashParam('lang', ev.target.value === 'fa' ? 'fa' : '');
    if (ev.target.value !== 'fa') setHashParam('digits', '');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
  document.getElementById('page-digits')?.addEventListener('change', (ev) => {
    setHashParam('digits', ev.target.checked ? 'fa' : '');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
  document.getElementById('page-theme')?.addEventListener('change', (ev) => {
    setHashParam('theme', ev.target.value === 'auto' ? '' : ev.target.value);
    apply();
  });
  window.addEventListener('hashchange', apply);
  apply();
}
