// attention.js — <seqlab-attention>: scaled dot-product attention on a typed sentence, step by
// step (QKᵀ → scale → mask → softmax → ·V) for the selected head, with a thumbnail per head.
// Embeddings and projections are seeded (same text and seed → same picture); every number
// drawn comes from the WebAssembly core.
import { fmt, field, h } from '../core/dom.js';
import { gaussianMatrix, tokenEmbeddings, tokenize } from '../core/random.js';
import { SeqlabWidget, define } from '../core/widget.js';
import { Heatmap, symmetricDomain } from '../plot/heatmap.js';
import css from '../styles/attention.css';

export const MAX_TOKENS = 512;
const PAD = /^(\[pad\]|<pad>)$/i;

export const PRESETS = [
  { label: 'The cat sat on the mat', text: 'the cat sat on the mat' },
  { label: 'Long-range reference', text: "the animal didn't cross the street because it was too tired" },
  { label: 'Padded batch row', text: 'the cat sat [PAD] [PAD] [PAD]', padding: true },
  { label: 'Persian sentence', text: 'گربه روی حصیر نشست' },
  { label: '512 numbered tokens', text: Array.from({ length: 512 }, (_, i) => `t${i}`).join(' ') },
];

const DEFAULTS = { text: PRESETS[0].text, heads: 2, dModel: 16, dk: 4, seed: 1, scale: true, temperature: 1, causal: false, padding: true };

/** Copies columns [h·d, (h+1)·d) of an n×(heads·d) matrix. */
function headSlice(m, n, heads, d, head) {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) out.set(m.subarray(i * heads * d + head * d, i * heads * d + (head + 1) * d), i * d);
  return out;
}

export class SeqlabAttention extends SeqlabWidget {
  static css = css;

  constructor() {
    super();
    this.state = { ...DEFAULTS };
    this.head = 0;
    this.clicked = new Set(); // "i,j" cells masked by hand
    this.hover = null;
  }

  build(frame) {
    const s = this.state;
    const on = (key, parse) => (ev) => {
      this.state[key] = parse(ev.target);
      this.invalidate();
    };
    this.textInput = h('textarea', { rows: 2, spellcheck: false, value: s.text, oninput: on('text', (t) => t.value), 'aria-describedby': 'tok-note' });
    this.tokNote = h('span', { class: 'hint', id: 'tok-note' });
    this.preset = h('select', {
      onchange: (ev) => {
        const p = PRESETS[Number(ev.target.value)];
        if (!p) return;
        Object.assign(this.state, { text: p.text, padding: p.padding ?? this.state.padding });
        this.textInput.value = p.text;
        this.paddingBox.checked = this.state.padding;
        this.clicked.clear();
        this.invalidate();
      },
    }, h('option', { value: '', text: 'Choose a preset…' }), PRESETS.map((p, i) => h('option', { value: String(i), text: p.label })));
    this.headsInput = h('input', { type: 'range', min: 1, max: 8, step: 1, value: s.heads, oninput: on('heads', (t) => Number(t.value)) });
    this.headsOut = h('output', { text: String(s.heads) });
    const select = (key, values) => h('select', { onchange: on(key, (t) => Number(t.value)) },
      values.map((v) => h('option', { value: String(v), text: String(v), selected: v === s[key] })));
    this.seedInput = h('input', { type: 'number', min: 0, max: 4294967295, step: 1, value: s.seed, oninput: on('seed', (t) => t.value) });
    this.scaleBox = h('input', { type: 'checkbox', checked: s.scale, onchange: on('scale', (t) => t.checked) });
    this.tempInput = h('input', { type: 'range', min: -2.3, max: 2.3, step: 0.01, value: 0, oninput: on('temperature', (t) => Number(Math.exp(Number(t.value)).toPrecision(3))) });
    this.tempOut = h('output', { text: '1' });
    this.causalBox = h('input', { type: 'checkbox', checked: s.causal, onchange: on('causal', (t) => t.checked) });
    this.paddingBox = h('input', { type: 'checkbox', checked: s.padding, onchange: on('padding', (t) => t.checked) });
    this.clearBtn = h('button', { type: 'button', onclick: () => { this.clicked.clear(); this.invalidate(); }, text: 'Clear clicked cells' });

    const check = (box, text) => h('label', { class: 'check' }, box, text);
    frame.append(
      h('header', {}, h('h2', { text: 'Scaled dot-product attention' }),
        h('p', { class: 'lede', text: 'Each token asks a question (its query) of every token (the keys); the softmax of the scaled scores says how much of each value it takes. Hover a cell to see the arithmetic; click a cell of the mask panel to mask it.' })),
      h('div', { class: 'controls' },
        h('div', { class: 'field wide' }, h('label', { for: 'att-text', text: 'Sentence (tokens split on spaces)' }), Object.assign(this.textInput, { id: 'att-text' }), this.tokNote),
        field('Preset', this.preset),
        h('div', { class: 'field' }, h('label', { for: 'att-heads', text: 'Heads' }), Object.assign(this.headsInput, { id: 'att-heads' }), this.headsOut),
        field('d_model (embedding size)', select('dModel', [8, 16, 32, 64])),
        field('d_k = d_v (per head)', select('dk', [2, 4, 8, 16, 32])),
        field('Projection seed', this.seedInput),
        h('div', { class: 'field' }, h('label', { for: 'att-temp', text: 'Softmax temperature T' }), Object.assign(this.tempInput, { id: 'att-temp' }), this.tempOut),
        h('fieldset', { class: 'checks' }, h('legend', { text: 'Scale and mask' }),
          check(this.scaleBox, 'Scale by 1/√d_k'), check(this.causalBox, 'Causal (no looking ahead)'),
          check(this.paddingBox, 'Mask [PAD] keys'), this.clearBtn)),
    );

    this.headsBar = h('div', { class: 'heads', role: 'group', 'aria-label': 'Heads: choose one to see its steps' });
    frame.append(h('h3', { text: 'Attention weights per head' }), this.headsBar);

    const hover = (cell) => this.setHover(cell);
    this.panels = {
      logits: new Heatmap({ title: '1. QKᵀ', colormap: 'diverging', size: 220, onHover: hover, xTitle: 'key', yTitle: 'query' }),
      scaled: new Heatmap({ title: '2. × scale', colormap: 'diverging', size: 220, onHover: hover, xTitle: 'key', yTitle: 'query' }),
      scores: new Heatmap({ title: '3. mask (click to toggle)', colormap: 'diverging', size: 220, onHover: hover, xTitle: 'key', yTitle: 'query', onSelect: (c) => this.toggleCell(c) }),
      weights: new Heatmap({ title: '4. softmax → weights', colormap: 'sequential', size: 220, onHover: hover, xTitle: 'key', yTitle: 'query' }),
      out: new Heatmap({ title: '5. weights · V', colormap: 'diverging', size: 220, onHover: (c) => this.setHover(c, 'out'), xTitle: 'value dim', yTitle: 'query' }),
    };
    this.stepsTitle = h('h3');
    const arrow = () => h('span', { class: 'arrow', 'aria-hidden': 'true', text: '→' });
    const p = this.panels;
    frame.append(this.stepsTitle, h('div', { class: 'steps' }, p.logits.root, arrow(), p.scaled.root, arrow(), p.scores.root, arrow(), p.weights.root, arrow(), p.out.root));
    this.readout = h('div', { class: 'readout', 'aria-live': 'polite' });
    frame.append(this.readout);
  }

  toggleCell({ i, j }) {
    const key = `${i},${j}`;
    if (this.clicked.has(key)) this.clicked.delete(key);
    else this.clicked.add(key);
    this.invalidate();
  }

  /** Why a cell is masked, or null when the query may attend to the key. */
  maskReason(i, j) {
    const r = this.lastResult;
    if (this.state.causal && j > i) return 'masked: causal, the key comes after the query';
    if (this.state.padding && PAD.test(r.tokens[j])) return 'masked: the key is padding';
    if (this.clicked.has(`${i},${j}`)) return 'masked: clicked by hand';
    return null;
  }

  compute() {
    const s = this.state;
    const seed = Number(s.seed);
    if (String(s.seed).trim() === "" || !Number.isInteger(seed) || seed < 0 || seed > 4294967295) throw new Error(`Projection seed must be a whole number from 0 to 4294967295, got “${s.seed}”.`);
    const { tokens, dropped } = tokenize(s.text, MAX_TOKENS);
    if (tokens.length === 0) throw new Error('Type at least one token.');
    this.tokNote.textContent = `${tokens.length} token${tokens.length === 1 ? '' : 's'}${dropped ? `; ${dropped} more dropped (at most ${MAX_TOKENS})` : ''}.`;
    this.headsOut.textContent = String(s.heads);
    this.tempOut.textContent = String(s.temperature);
    const n = tokens.length, heads = s.heads, dModel = s.dModel, dk = s.dk;
    for (const key of [...this.clicked]) {
      const [i, j] = key.split(',').map(Number);
      if (i >= n || j >= n) this.clicked.delete(key);
    }

    const x = tokenEmbeddings(tokens, dModel);
    const std = 1 / Math.sqrt(dModel);
    const wq = gaussianMatrix(seed * 3 + 1, dModel, heads * dk, std);
    const wk = gaussianMatrix(seed * 3 + 2, dModel, heads * dk, std);
    const wv = gaussianMatrix(seed * 3 + 3, dModel, heads * dk, std);
    const sl = this.sl;
    const Q = sl.matmul(x, wq, n, dModel, heads * dk);
    const K = sl.matmul(x, wk, n, dModel, heads * dk);
    const V = sl.matmul(x, wv, n, dModel, heads * dk);
    const mask = new Uint8Array(n * n).fill(1);
    for (let j = 0; j < n; j++) if (s.padding && PAD.test(tokens[j])) for (let i = 0; i < n; i++) mask[i * n + j] = 0;
    for (const key of this.clicked) {
      const [i, j] = key.split(',').map(Number);
      mask[i * n + j] = 0;
    }
    const perHead = [];
    for (let hd = 0; hd < heads; hd++) {
      perHead.push(sl.attention({
        q: headSlice(Q, n, heads, dk, hd), k: headSlice(K, n, heads, dk, hd), v: headSlice(V, n, heads, dk, hd),
        n, dk, causal: s.causal, scale: s.scale, temperature: s.temperature, mask, steps: true,
      }));
    }
    if (this.head >= heads) this.head = 0;
    this.lastResult = { tokens, n, heads, dk, perHead, v: V };
    this.draw();
  }

  draw() {
    const r = this.lastResult;
    const { tokens, n, dk } = r;
    const cur = r.perHead[this.head];
    // thumbnails, one per head, each a button that selects the head
    if (!this.thumbs || this.thumbs.length !== r.heads) {
      this.thumbs = r.perHead.map((_, hd) => new Heatmap({ title: `head ${hd + 1}`, size: 96, compact: true, onSelect: () => this.selectHead(hd) }));
      this.headsBar.replaceChildren(...this.thumbs.map((t, hd) => {
        const btn = h('button', { type: 'button', class: 'head-btn', 'aria-label': `Show the steps of head ${hd + 1}`, onclick: () => this.selectHead(hd) }, t.root);
        t.canvas.tabIndex = -1;
        return btn;
      }));
    }
    this.thumbs.forEach((t, hd) => {
      t.set({ data: r.perHead[hd].weights, rows: n, cols: n, domain: [0, 1], xLabels: tokens, yLabels: tokens });
      this.headsBar.children[hd].setAttribute('aria-pressed', String(hd === this.head));
    });
    this.stepsTitle.textContent = `Steps of head ${this.head + 1} (scale ${fmt(cur.scale)}${this.state.scale ? ` = 1/√${dk}` : ', scaling off'}, T = ${this.state.temperature})`;
    const P = this.panels;
    const dom = symmetricDomain(cur.logits);
    const scaledDom = symmetricDomain(cur.scaled);
    P.logits.set({ data: cur.logits, rows: n, cols: n, domain: dom, xLabels: tokens, yLabels: tokens });
    P.scaled.set({ data: cur.scaled, rows: n, cols: n, domain: scaledDom, xLabels: tokens, yLabels: tokens });
    P.scores.set({ data: cur.scores, rows: n, cols: n, domain: scaledDom, xLabels: tokens, yLabels: tokens, describe: 'grey cells are masked' });
    P.weights.set({ data: cur.weights, rows: n, cols: n, domain: [0, 1], xLabels: tokens, yLabels: tokens, describe: 'each row sums to 1' });
    P.out.set({ data: cur.out, rows: n, cols: dk, domain: symmetricDomain(cur.out), xLabels: Array.from({ length: dk }, (_, c) => `v${c}`), yLabels: tokens });
    this.setHover(this.hover?.cell ?? null, this.hover?.panel);
  }

  selectHead(hd) {
    this.head = hd;
    this.draw();
  }

  /** Shows the arithmetic behind one cell and highlights it in every linked panel. */
  setHover(cell, panel = 'matrix') {
    this.hover = cell ? { cell, panel } : null;
    const r = this.lastResult;
    if (!r) return;
    const P = this.panels;
    for (const key of ['logits', 'scaled', 'scores', 'weights']) P[key].showMarker(panel === 'matrix' ? cell : null);
    P.out.showMarker(panel === 'out' ? cell : null);
    if (!cell) {
      this.readout.textContent = 'Hover or focus a cell (arrow keys) to see how its number is made.';
      return;
    }
    const { tokens, n } = r;
    const cur = r.perHead[this.head];
    const { i, j } = cell;
    if (i >= n) return;
    if (panel === 'out') {
      const terms = [];
      for (let t = 0; t < n && terms.length < 6; t++) if (cur.weights[i * n + t] !== 0) terms.push(`${fmt(cur.weights[i * n + t], 3)}·${fmt(r.v[t * r.heads * r.dk + this.head * r.dk + j], 3)}`);
      this.readout.replaceChildren(
        h('strong', { text: `Output of “${tokens[i]}” (row ${i}), value dimension ${j}: ` }),
        `y = Σⱼ wᵢⱼ vⱼ = ${terms.join(' + ')}${terms.length === 6 ? ' + …' : ''} = ${fmt(cur.out[i * r.dk + j])}`,
      );
      return;
    }
    const p = i * n + j;
    const reason = this.maskReason(i, j);
    const rowSum = cur.weights.subarray(i * n, (i + 1) * n).reduce((a, b) => a + b, 0);
    this.readout.replaceChildren(
      h('strong', { text: `Query “${tokens[i]}” (row ${i}) → key “${tokens[j]}” (column ${j}), head ${this.head + 1}` }),
      h('ol', { class: 'calc' },
        h('li', { text: `QKᵀ: q${i}·k${j} = ${fmt(cur.logits[p])}` }),
        h('li', { text: `× scale ${fmt(cur.scale)} = ${fmt(cur.scaled[p])}` }),
        h('li', { text: reason ? `${reason} → score −∞` : `not masked → score ${fmt(cur.scores[p])}` }),
        h('li', { text: `softmax over row ${i} (T = ${this.state.temperature}): weight ${fmt(cur.weights[p])}; the row sums to ${fmt(rowSum)}` })),
    );
  }
}

define('seqlab-attention', SeqlabAttention);
