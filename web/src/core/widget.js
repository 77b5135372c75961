// widget.js — the base of every lab widget: a custom element with its own shadow root (the
// host page's CSS cannot reach in, ours cannot leak out), settings declared once in
// `static params` (attributes, URL hash, bound controls, hide flags all follow from them), the
// shared WebAssembly core, one recompute per animation frame however many inputs change, and
// errors shown in the widget, never thrown at the host page.
//
// A subclass declares `static params` and `static css`, builds its DOM in build(frame) using
// this.bind(name, control, label) for every setting, and redraws in compute(), reading
// this.state and this.sl (the JS API). It sets this.lastResult to the numbers behind the view.
import { loadSeqlab } from '../../../wasm/seqlab.mjs';
import baseCss from '../styles/widget.css';
import heatmapCss from '../styles/heatmap.css';
import { h, ltr, setText, withFormulas } from './dom.js';
import './links.js';
import { download, plotsToSvg, svgToPng, toCsv, toPlain } from './export.js';
import { digits as toDigits, fillTemplate, lookupFor, pickLang } from './i18n.js';
import { fetchModelBytes } from './model-src.js';
import { updateScrollCues, watchScrollCues } from './scroll-cue.js';
import { withMath } from '../widgets/math.js';
import { defaults, formatParam, ownParam, parseParam, toAttr } from './params.js';

const escapeAttr = (s) =>
  String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const sheets = new Map();
function sheet(css) {
  if (!sheets.has(css)) {
    const s = new CSSStyleSheet();
    s.replaceSync(css);
    sheets.set(css, s);
  }
  return sheets.get(css);
}

const RESERVED = ['lang', 'hide', 'url-state', 'state-key', 'digits', 'lab-url', 'model-src'];

/**
 * Browsers first run new WebAssembly with a quick baseline compiler and switch hot functions to
 * the optimizing one after they have run for a while; the SIMD kernels are several times slower
 * until then. Running the hot paths in idle time right after load means the first interaction
 * already gets optimized code. Small slices keep every idle chunk well under a frame.
 */
let warmed = null;
function warmUp(sl) {
  if (warmed) return warmed;
  const n = 128,
    dk = 16;
  const q = Float32Array.from({ length: n * dk }, (_, i) => Math.sin(i));
  const idle = window.requestIdleCallback ?? ((f) => setTimeout(() => f({ timeRemaining: () => 8 }), 16));
  let calls = 0;
  warmed = new Promise((done) => {
    const slice = (deadline) => {
      while (calls < 120 && deadline.timeRemaining() > 2) {
        sl.attention({ q, k: q, v: q, n, dk, steps: calls % 2 === 0, causal: calls % 3 === 0 });
        sl.matmul(q, q, n, dk, n, { transposeB: true });
        calls++;
      }
      if (calls < 120) idle(slice);
      else done();
    };
    idle(slice);
  });
  return warmed;
}

export class SeqlabWidget extends HTMLElement {
  /** CSS text of the subclass, adopted after the shared sheets. */
  static css = '';
  /** name → {type, default, min, max, values, maxLength} (see params.js). */
  static params = {};
  /** The widget's text.js, { en: {...}, fa: {...} } (see i18n.js). */
  static text = null;

  static get observedAttributes() {
    return [...Object.keys(this.params).map(toAttr), ...RESERVED];
  }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.shadowRoot.adoptedStyleSheets = [sheet(baseCss), sheet(heatmapCss), sheet(this.constructor.css)];
    this.state = defaults(this.constructor.params);
    this.controls = new Map(); // param → {el, field}
    this.notices = new Map(); // param → message about a rejected attribute or URL value
    this.urlHidden = new Set();
    this.sl = null;
    /** The numbers behind the current view (for export, tests and scripts). */
    this.lastResult = null;
    this.onHashChange = () => this.readUrl();
    // a box that scrolls sideways fades its edge where there is more (scroll-cue.js)
    watchScrollCues(this.shadowRoot, this);
  }

  // ---- lifecycle ----------------------------------------------------------------------------
  connectedCallback() {
    watchPage(this);
    if (this.hasAttribute('url-state')) {
      this.readUrl();
      window.addEventListener('hashchange', this.onHashChange);
    }
    // built before, elsewhere: moved under an ancestor of another language, it speaks that one
    if (!this.frame || this.frame.lang !== this.lang) this.rebuild();
    loadSeqlab().then(
      (sl) => {
        this.sl = sl;
        if (this.hasAttribute('model-src') && !this.modelSrcLoaded) this.loadModelSrc(this.getAttribute('model-src'));
        this.invalidate();
        warmUp(sl);
      },
      (err) => this.showError(`${this.t('The WebAssembly core could not start')}: ${err.message}`),
    );
  }

  disconnectedCallback() {
    connected.delete(this);
    window.removeEventListener('hashchange', this.onHashChange);
    renderQueue.delete(this);
    this.deferred = null; // no work in the background for a widget that left the page
  }

  attributeChangedCallback(attr, _old, value) {
    if (attr === 'lang' || attr === 'digits') {
      if (this.frame) this.rebuild();
      return;
    }
    if (attr === 'hide') {
      this.applyHide();
      return;
    }
    if (attr === 'model-src') {
      if (this.sl) this.loadModelSrc(value); // else connectedCallback loads it once the core is there
      return;
    }
    if (RESERVED.includes(attr)) return;
    const name = Object.keys(this.constructor.params).find((p) => toAttr(p) === attr);
    const spec = this.constructor.params[name];
    if (value === null) {
      this.notices.delete(name);
      this.state[name] = defaults({ [name]: spec })[name];
    } else {
      this.accept(name, value, `${this.t('Attribute')} ${attr}`);
    }
    this.afterStateChange();
  }

  /** Builds (or, after a language change, rebuilds) the widget's DOM from the current state. */
  rebuild() {
    const lang = this.lang;
    this.controls.clear();
    this.frame = h('section', { class: 'widget', lang, dir: lang === 'fa' ? 'rtl' : 'ltr' });
    this.noticeBox = h('div', { class: 'notice', role: 'status', hidden: true });
    this.errorBox = h('div', { class: 'error', role: 'alert', hidden: true });
    this.build(this.frame);
    const lines = this.buildNoticeLines();
    if (lines) {
      const title = this.frame.querySelector('h2');
      if (title) title.after(lines);
      else this.frame.prepend(lines);
    }
    this.frame.append(this.noticeBox, this.errorBox, this.buildToolbar());
    this.shadowRoot.replaceChildren(this.frame);
    this.digitObserver?.disconnect();
    if (lang === 'fa') {
      // every text the widget writes, now or later: its formulas isolated left to right (a title
      // "1/√d" set as plain text would read "d√/1"), its numbers in Persian digits when asked for
      const persian = this.persianDigits;
      const convert = (node) => {
        if (node.nodeType === Node.TEXT_NODE) {
          const parts = isolatedParts(node);
          if (parts) {
            node.replaceWith(...parts);
            parts.forEach(convert);
          } else if (persian && /[0-9]/.test(node.data)) node.data = toDigits(node.data, 'fa', true);
        } else if (node.nodeType === Node.ELEMENT_NODE && node.tagName !== 'TEXTAREA' && node.tagName !== 'STYLE') {
          [...node.childNodes].forEach(convert);
        }
      };
      convert(this.frame);
      this.digitObserver = new MutationObserver((records) =>
        records.forEach((r) => (r.type === 'characterData' ? convert(r.target) : r.addedNodes.forEach(convert))),
      );
      this.digitObserver.observe(this.frame, { subtree: true, childList: true, characterData: true });
    }
    this.syncControls();
    this.applyHide();
    this.showNotices();
    this.invalidate();
  }

  /**
   * "What to notice": the widget's text keys notice.<name>.1, .2, .3 (or <ns>.notice.1 … in a text
   * whose keys are namespaced; what to look at, one thing to try), shown under the title;
   * hide="notice" or #<key>.notice_hide=1 hides them.
   */
  buildNoticeLines() {
    const own = this.constructor.text?.en ?? {};
    const name = this.localName.replace(/^seqlab-/, '');
    // a text whose keys carry a namespace of their own (calc.*) writes calc.notice.1 …
    const ns = Object.keys(own)
      .find((k) => /^[\w-]+\.notice\.1$/.test(k))
      ?.replace(/notice\.1$/, '');
    const key = (i) => (ns ? `${ns}notice.${i}` : `notice.${name}.${i}`);
    const keys = [1, 2, 3].map(key).filter((k) => k in own);
    if (!keys.length) return null;
    return h(
      'aside',
      { class: 'what-to-notice', 'data-part': 'notice', 'aria-label': this.t('What to notice') },
      h(
        'ul',
        {},
        // $…$ in a line is TeX, typeset like the ledes (widgets/math.js); other formulas isolated
        keys.map((k) => {
          const line = this.t(k);
          return h('li', {}, /\$[^$]+\$/.test(line) ? withMath(line) : withFormulas(line));
        }),
      ),
    );
  }

  /**
   * 'fa' or 'en': the widget's own lang attribute, else the URL's #lang= (with url-state), else
   * the closest ancestor's lang (a course page in <html lang="fa">), else English. "fa-IR" and the
   * like are Persian too.
   */
  get lang() {
    return pickLang(this.getAttribute('lang'), this.urlLang, inheritedLang(this));
  }

  /** True on a screen that cannot hover (a phone): hints say "Tap a cell", not "Hover a cell". */
  get touch() {
    return touchQuery()?.matches ?? false;
  }

  /** Persian digits in the widget's text (digits="fa" or #digits=fa), for Persian pages. */
  get persianDigits() {
    return this.lang === 'fa' && (this.getAttribute('digits') ?? this.urlDigits) === 'fa';
  }

  /** A translated template with {name} placeholders filled from vars. */
  tf(template, vars) {
    return fillTemplate(this.t(template), vars);
  }

  /** Interface text in the widget's language: its own text, else the shared text. */
  t(key) {
    return lookupFor(this.constructor.text, key, this.lang, this.touch);
  }

  /** Parts of a label joined by the separator of the widget's language (`sep` of core/text.js). */
  joinParts(...parts) {
    return parts.filter((p) => p !== null && p !== undefined && p !== '').join(this.t('sep'));
  }

  // ---- state --------------------------------------------------------------------------------
  /** Validates and stores one value; a rejected value leaves a visible notice and the old value. */
  accept(name, raw, source) {
    const spec = this.constructor.params[name];
    const r = parseParam(name, spec, raw, this.lang, this.state[name]); // a refused value keeps the current one
    if (r.ok) {
      this.state[name] = r.value;
      this.notices.delete(name);
    } else {
      this.notices.set(name, `${source}: ${r.message}`);
    }
    return r.ok;
  }

  /** Sets settings from script or from a control; values are checked like attributes. */
  setState(patch) {
    for (const [name, value] of Object.entries(patch)) {
      if (!ownParam(this.constructor.params, name)) throw new Error(`${this.localName}: unknown setting '${name}'`);
      this.accept(name, value, name);
    }
    this.afterStateChange();
  }

  afterStateChange() {
    this.syncControls();
    this.showNotices();
    this.writeUrl();
    // an open embed box follows the settings (it was written only when opened, then went stale)
    if (this.embedBox?.closest('details')?.open) this.embedBox.value = this.embedCode();
    this.invalidate();
  }

  // ---- URL hash: #attention.heads=3&attention.causal=1&rope.base_hide=1 ----------------------
  get stateKey() {
    return this.getAttribute('state-key') || this.localName.replace(/^seqlab-/, '');
  }

  readUrl() {
    const q = new URLSearchParams(location.hash.slice(1));
    const key = this.stateKey;
    this.urlHidden.clear();
    const lang = q.get('lang'),
      digits = q.get('digits');
    const langChanged = lang !== (this.urlLang ?? null) || digits !== (this.urlDigits ?? null);
    this.urlLang = lang;
    this.urlDigits = digits;
    if (langChanged && this.frame) {
      this.rebuild();
    }
    const unknown = [];
    for (const [k, v] of q) {
      if (!k.startsWith(`${key}.`)) continue;
      const name = k.slice(key.length + 1);
      if (name.endsWith('_hide')) {
        if (v !== '0') this.urlHidden.add(name.slice(0, -5));
      } else if (ownParam(this.constructor.params, name)) {
        this.accept(name, v, `${this.t('URL')} ${k}`);
      } else {
        unknown.push(k);
      }
    }
    // a misspelt key would otherwise be ignored without a word
    const known = Object.keys(this.constructor.params).map((p) => `${key}.${p}`);
    if (unknown.length) {
      console.warn(`seqlab: unknown URL key ${unknown.join(', ')}; the keys of this widget are ${known.join(', ')}`);
      this.notices.set(
        '#unknown',
        this.tf('The URL key {keys} means nothing here and is ignored; known keys: {known}.', {
          keys: unknown.join(', '),
          known: known.join(', '),
        }),
      );
    } else {
      this.notices.delete('#unknown');
    }
    if (this.frame) {
      this.applyHide();
      this.afterStateChange();
    }
  }

  writeUrl() {
    if (!this.hasAttribute('url-state')) return;
    const key = this.stateKey;
    const q = new URLSearchParams(location.hash.slice(1));
    const base = defaults(this.constructor.params);
    for (const [name, spec] of Object.entries(this.constructor.params)) {
      const v = formatParam(spec, this.state[name]);
      if (v === formatParam(spec, base[name])) q.delete(`${key}.${name}`);
      else q.set(`${key}.${name}`, v);
    }
    const hash = q.toString();
    if (hash !== location.hash.slice(1))
      history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
  }

  /** A permalink to this widget's current state (the page's URL with the hash). */
  permalink() {
    const q = new URLSearchParams();
    const base = defaults(this.constructor.params);
    for (const [name, spec] of Object.entries(this.constructor.params)) {
      const v = formatParam(spec, this.state[name]);
      if (v !== formatParam(spec, base[name])) q.set(`${this.stateKey}.${name}`, v);
    }
    return q.toString();
  }

  // ---- controls -----------------------------------------------------------------------------
  /**
   * Ties a control to a setting: its value follows the state, and editing it sets the state.
   * Returns a labelled field (hidden by `hide="name"` or `#key.name_hide=1`).
   */
  bind(name, el, label, hint) {
    const spec = this.constructor.params[name];
    el.id ||= `p-${name}`;
    el.dataset.param = name;
    const read = () => {
      if (el.type === 'checkbox') return el.checked;
      // a number field whose text is not a number (1e309, 1e) has value '': say NaN, not ""
      if (el.validity?.badInput) return NaN;
      if (spec.type === 'int' || spec.type === 'number') return el.value.trim() === '' ? el.value : Number(el.value);
      return el.value;
    };
    el.addEventListener(el.type === 'checkbox' || el.tagName === 'SELECT' ? 'change' : 'input', () =>
      this.setState({ [name]: read() }),
    );
    const out = el.type === 'range' ? h('output', { for: el.id }) : null;
    const field = h(
      'div',
      { class: `field${el.tagName === 'TEXTAREA' ? ' wide' : ''}`, 'data-param': name },
      // formulas in a label ("Scale by 1/√d_k") isolated left to right in Persian
      el.type === 'checkbox'
        ? h('label', { class: 'check', for: el.id }, el, withFormulas(this.t(label)))
        : [h('label', { for: el.id }, withFormulas(this.t(label))), el, out],
      hint ? h('span', { class: 'hint' }, withFormulas(this.t(hint))) : null,
    );
    this.controls.set(name, { el, field, out });
    return field;
  }

  syncControls() {
    for (const [name, { el, out }] of this.controls) {
      const v = this.state[name];
      if (el.type === 'checkbox') el.checked = Boolean(v);
      else if (this.shadowRoot.activeElement !== el || el.type === 'range' || el.tagName === 'SELECT') {
        const s = Array.isArray(v) ? v.join(', ') : String(v);
        if (el.value !== s) el.value = s;
      }
      if (out) out.textContent = String(v);
    }
  }

  applyHide() {
    const hidden = new Set([...(this.getAttribute('hide') ?? '').split(/[\s,]+/).filter(Boolean), ...this.urlHidden]);
    for (const [name, { field }] of this.controls) field.hidden = hidden.has(name) || hidden.has('controls');
    for (const el of this.frame?.querySelectorAll('[data-part]') ?? []) el.hidden = hidden.has(el.dataset.part);
  }

  showNotices() {
    if (!this.noticeBox) return;
    const list = [...this.notices.values()];
    this.noticeBox.hidden = list.length === 0;
    this.noticeBox.replaceChildren(...list.map((m) => setText(h('p'), m))); // formulas isolated in Persian
  }

  // ---- export, permalink, embed ---------------------------------------------------------------
  buildToolbar() {
    const t = (x) => this.t(x);
    const name = this.stateKey;
    const run = (f) => async () => {
      try {
        this.showError(null);
        await f();
      } catch (err) {
        this.showError(err);
      }
    };
    this.embedBox = h('textarea', {
      class: 'embed-code',
      readonly: true,
      rows: 6,
      spellcheck: false,
      'aria-label': t('Embed…'),
    });
    this.shareNote = h('span', { class: 'hint', 'aria-live': 'polite' });
    const embed = h(
      'details',
      { class: 'embed', ontoggle: (ev) => ev.target.open && (this.embedBox.value = this.embedCode()) },
      h('summary', { text: t('Embed…') }),
      h('p', {
        class: 'hint',
        text: t(
          'Embed this view in a page: one script and one tag (the file seqlab.js next to the page), or an iframe of the lab.',
        ),
      }),
      this.embedBox,
    );
    return h(
      'div',
      { class: 'toolbar', 'data-part': 'toolbar', role: 'toolbar', 'aria-label': t('Export and share') },
      h('button', {
        type: 'button',
        'data-export': 'png',
        title: t('Download the plots as PNG'),
        onclick: run(async () => download(await svgToPng(this.exportSvg()), `seqlab-${name}.png`)),
        text: 'PNG',
      }),
      h('button', {
        type: 'button',
        'data-export': 'svg',
        title: t('Download the plots as SVG'),
        onclick: run(() => download(new Blob([this.exportSvg()], { type: 'image/svg+xml' }), `seqlab-${name}.svg`)),
        text: 'SVG',
      }),
      h('button', {
        type: 'button',
        'data-export': 'csv',
        title: t('Download the numbers as CSV'),
        onclick: run(() => download(new Blob([toCsv(this.exportData())], { type: 'text/csv' }), `seqlab-${name}.csv`)),
        text: 'CSV',
      }),
      h('button', {
        type: 'button',
        'data-export': 'json',
        title: t('Download the numbers as JSON'),
        onclick: run(() =>
          download(
            new Blob([JSON.stringify(this.exportJson(), null, 1)], { type: 'application/json' }),
            `seqlab-${name}.json`,
          ),
        ),
        text: 'JSON',
      }),
      h('button', { type: 'button', 'data-export': 'link', onclick: run(() => this.copyLink()), text: t('Copy link') }),
      this.shareNote,
      embed,
    );
  }

  /** The numbers behind the view (override to choose); lastResult by default. */
  exportData() {
    this.finishDeferred();
    if (!this.lastResult) throw new Error('Nothing computed yet.');
    return this.lastResult;
  }

  exportJson() {
    return { widget: this.localName, settings: { ...this.state }, data: toPlain(this.exportData()) };
  }

  exportSvg() {
    return plotsToSvg(this.shadowRoot, this.shadowRoot.querySelector('h2')?.textContent ?? this.localName);
  }

  /** The lab page this widget's permalinks point to: lab-url, else this page. */
  labUrl() {
    return (
      this.getAttribute('lab-url') ??
      `${location.origin === 'null' ? location.href.split('#')[0] : location.origin + location.pathname}`
    );
  }

  /**
   * The lab page at this widget with its state: `view=<key>` scrolls the lab to it; with
   * alone=true, `only=<key>` shows that widget alone (the iframe of the Embed… snippet).
   */
  permalinkUrl(alone = false) {
    const state = this.permalink();
    const lang = this.lang === 'fa' ? `lang=fa${this.persianDigits ? '&digits=fa' : ''}` : '';
    const where = `${alone ? 'only' : 'view'}=${encodeURIComponent(this.stateKey)}`;
    const hash = [where, state, lang].filter(Boolean).join('&');
    return `${this.labUrl()}#${hash}`;
  }

  async copyLink() {
    const url = this.permalinkUrl();
    try {
      await navigator.clipboard.writeText(url);
      this.shareNote.textContent = this.t('Link copied.');
    } catch {
      this.shareNote.textContent = `${this.t('Copy this link:')} ${url}`;
    }
  }

  /** A tag with the non-default settings as attributes, and the same view as an iframe. */
  embedCode() {
    const base = defaults(this.constructor.params);
    const attrs = Object.entries(this.constructor.params)
      .filter(([k, spec]) => formatParam(spec, this.state[k]) !== formatParam(spec, base[k]))
      .map(([k, spec]) => ` ${toAttr(k)}="${escapeAttr(formatParam(spec, this.state[k]))}"`)
      .join('');
    const lang = this.lang === 'fa' ? ` lang="fa"${this.persianDigits ? ' digits="fa"' : ''}` : '';
    return (
      `<script src="seqlab.js"></script>\n<${this.localName}${lang}${attrs}></${this.localName}>\n\n` +
      `<iframe src="${escapeAttr(this.permalinkUrl(true))}" title="seqlab: ${escapeAttr(this.stateKey)}" width="100%" height="900" loading="lazy"></iframe>\n`
    );
  }

  // ---- computing ----------------------------------------------------------------------------
  /** Asks for one recompute and repaint on the next animation frame. */
  invalidate() {
    if (!this.sl || !this.frame) return;
    renderQueue.add(this);
    renderFrame ||= requestAnimationFrame(renderQueued);
  }

  /** Recomputes now; an error (e.g. a SeqlabError for a bad setting) is shown, not thrown. */
  refresh() {
    if (!this.sl || !this.frame) return;
    try {
      this.deferred = null; // a new computation abandons what the last one left for later
      const partial = this.compute() === PARTIAL;
      // a model-src that failed stays said until another model replaces it
      this.showError(this.modelSrcError ?? null);
      this.updated(partial);
    } catch (err) {
      this.showError(err);
    }
  }

  /**
   * Tells the page the view was repainted: 'seqlab-update', with detail.partial true while a
   * long view is still filling in secondary plots (another 'seqlab-update' follows when done).
   */
  updated(partial = false) {
    updateScrollCues(this.shadowRoot);
    this.dispatchEvent(new CustomEvent('seqlab-update', { bubbles: true, composed: true, detail: { partial } }));
  }

  /**
   * For compute(): runs step() in short tasks after this paint, until it returns false, then
   * sends the final 'seqlab-update'. A newer computation abandons it. Returns PARTIAL.
   */
  defer(step) {
    const job = { step };
    this.deferred = job;
    const run = () => {
      if (this.deferred !== job) return;
      let more;
      try {
        more = job.step();
      } catch (err) {
        this.deferred = null;
        this.showError(err);
        return;
      }
      if (more) nextTask(run);
      else {
        this.deferred = null;
        this.updated();
      }
    };
    nextTask(run);
    return PARTIAL;
  }

  /** Finishes deferred work now (export and scripts must not read a view half filled in). */
  finishDeferred() {
    const job = this.deferred;
    if (!job) return;
    while (job.step());
    this.deferred = null;
    this.updated();
  }

  /**
   * model-src: a model saved by the training lab, fetched from its URL and handed to the widget's
   * acceptModel(bytes, name) (widgets that show trained models: attention, train). The last
   * model-src set wins; an error is shown in the widget and leaves it as it was.
   */
  async loadModelSrc(url) {
    const token = (this.modelSrcToken = {});
    this.modelSrcLoaded = true;
    if (url === null) {
      // the attribute removed: the model shown stays, a failure to fetch one is no longer news
      this.modelSrcError = null;
      this.showError(null);
      return;
    }
    try {
      if (!this.acceptModel)
        throw new Error(this.tf('model-src: <{widget}> shows no trained model.', { widget: this.localName }));
      const bytes = await fetchModelBytes(url, (k, v) => this.tf(k, v));
      if (token !== this.modelSrcToken) return;
      this.acceptModel(bytes, url.split('/').pop() || url);
      this.modelSrcError = null;
      this.showError(null);
    } catch (err) {
      if (token !== this.modelSrcToken) return;
      this.modelSrcError = err;
      this.showError(err);
    }
  }

  /**
   * Shows an error (an Error or a message; null hides the box). A SeqlabError from the core is
   * technical and stays in English: in Persian it follows a sentence saying what it is.
   */
  showError(err) {
    if (!this.errorBox) return;
    this.errorBox.hidden = !err;
    if (!err) this.errorBox.textContent = '';
    else if (err.name === 'TextError') this.errorBox.textContent = this.tf(err.key, err.vars);
    else if (err.name === 'SeqlabError' && this.lang === 'fa')
      this.errorBox.replaceChildren(`${this.t('The core refused these settings')}: `, ltr(err.message));
    else this.errorBox.textContent = err.message ?? String(err);
  }

  /** Subclasses: build(frame) creates the controls and plots; compute() recomputes and redraws. */
  build() {}
  compute() {}
}

/** Where text is left as it is: already isolated, not HTML (SVG, MathML), or not shown as nodes. */
const KEEP_TEXT = 'bdi, [dir="ltr"], textarea, style, script, option, title, svg, math, .katex';
/**
 * A text node of Persian with formulas not yet isolated: the nodes to put in its place, with
 * each formula in a <bdi dir="ltr"> (withFormulas); null when there is nothing to change.
 */
function isolatedParts(node) {
  if (!/[\u0600-\u06ff]/.test(node.data) || !node.parentElement || node.parentElement.closest(KEEP_TEXT)) return null;
  const parts = withFormulas(node.data);
  if (!parts.some((p) => p instanceof Node)) return null;
  return parts.map((p) => (p instanceof Node ? p : document.createTextNode(p)));
}

/** The lang of the closest ancestor that has one, across shadow roots (null: none). */
function inheritedLang(el) {
  for (let node = el.parentNode; node; node = node.parentNode ?? node.host) {
    const v = node.nodeType === Node.ELEMENT_NODE ? node.getAttribute('lang') : null;
    if (v) return v;
  }
  return null;
}

let touchMql;
const touchQuery = () => (touchMql ??= globalThis.matchMedia?.('(hover: none)') ?? null);

/**
 * The widgets on the page, rebuilt when what their text depends on changes outside them: an
 * ancestor's lang (a page switching its <html lang>), or the screen gaining or losing hover.
 */
const connected = new Set();
let pageWatched = false;
function watchPage(w) {
  connected.add(w);
  if (pageWatched) return;
  pageWatched = true;
  const relang = () => {
    for (const el of connected) if (el.frame && el.frame.lang !== el.lang) el.rebuild();
  };
  new MutationObserver(relang).observe(document.documentElement, {
    subtree: true,
    attributes: true,
    attributeFilter: ['lang'],
  });
  touchQuery()?.addEventListener?.('change', () => {
    for (const el of connected) if (el.frame) el.rebuild();
  });
}

/**
 * Widgets waiting to recompute, in the order they asked. One animation frame renders them until
 * ~10 ms are spent (always at least one) and leaves the rest to the next frames: a page with a
 * dozen widgets does not freeze while they all draw for the first time.
 */
const renderQueue = new Set();
let renderFrame = 0;
function renderQueued() {
  renderFrame = 0;
  const t0 = performance.now();
  for (const w of renderQueue) {
    renderQueue.delete(w);
    w.refresh();
    if (performance.now() - t0 > 10) break;
  }
  if (renderQueue.size) renderFrame = requestAnimationFrame(renderQueued);
}

/** compute() returns this when it painted the main plots and left secondary ones for later. */
export const PARTIAL = Symbol('partial');

const taskQueue = [];
let taskChannel = null;
/**
 * Runs fn in a new task, so input and painting can happen before it (a MessageChannel message:
 * unlike setTimeout it is not clamped to 4 ms when chained).
 */
export function nextTask(fn) {
  if (!taskChannel) {
    taskChannel = new MessageChannel();
    taskChannel.port1.onmessage = () => taskQueue.shift()?.();
  }
  taskQueue.push(fn);
  taskChannel.port2.postMessage(0);
}

/** Registers a custom element once (a page may load the bundle twice). */
export function define(name, cls) {
  if (!customElements.get(name)) customElements.define(name, cls);
}
