// widget.js — the base of every lab widget: a custom element with its own shadow root (the
// host page's CSS cannot reach in, ours cannot leak out), the shared WebAssembly core, one
// recompute per animation frame however many inputs change, and errors shown in the widget.
import { loadSeqlab } from '../../../wasm/seqlab.mjs';
import baseCss from '../styles/widget.css';
import heatmapCss from '../styles/heatmap.css';
import { h } from './dom.js';

const sheets = new Map();
function sheet(css) {
  if (!sheets.has(css)) {
    const s = new CSSStyleSheet();
    s.replaceSync(css);
    sheets.set(css, s);
  }
  return sheets.get(css);
}

export class SeqlabWidget extends HTMLElement {
  /** CSS text of the subclass, adopted after the shared sheets. */
  static css = '';

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.shadowRoot.adoptedStyleSheets = [sheet(baseCss), sheet(heatmapCss), sheet(this.constructor.css)];
    this.errorBox = h('div', { class: 'error', role: 'alert', hidden: true });
    this.frame = h('section', { class: 'widget' });
    this.sl = null;
    this.pending = 0;
    /** The numbers behind the current view (for export, tests and scripts). */
    this.lastResult = null;
  }

  connectedCallback() {
    if (!this.built) {
      this.built = true;
      this.build(this.frame);
      this.frame.append(this.errorBox);
      this.shadowRoot.append(this.frame);
    }
    loadSeqlab().then(
      (sl) => {
        this.sl = sl;
        this.invalidate();
      },
      (err) => this.showError(`The WebAssembly core could not start: ${err.message}`),
    );
  }

  disconnectedCallback() {
    if (this.pending) cancelAnimationFrame(this.pending);
    this.pending = 0;
  }

  /** Asks for one recompute and repaint on the next animation frame. */
  invalidate() {
    if (this.pending || !this.sl) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.refresh();
    });
  }

  /** Recomputes now; an error (e.g. a SeqlabError for a bad setting) is shown, not thrown. */
  refresh() {
    if (!this.sl) return;
    try {
      this.compute();
      this.showError(null);
      this.dispatchEvent(new CustomEvent('seqlab-update', { bubbles: true, composed: true }));
    } catch (err) {
      this.showError(err?.message ?? String(err));
    }
  }

  showError(message) {
    this.errorBox.hidden = !message;
    this.errorBox.textContent = message ?? '';
  }

  /** Subclasses: build(frame) creates the controls and plots once; compute() redraws. */
  build() {}
  compute() {}
}

/** Registers a custom element once (a page may load the bundle twice). */
export function define(name, cls) {
  if (!customElements.get(name)) customElements.define(name, cls);
}
