// attention.js — <seqlab-attention>: scaled dot-product attention on a typed sentence, step by
// step (QKᵀ → scale → mask → softmax → ·V) for the selected head, with a thumbnail per head.
// Embeddings and projections are seeded (same text and seed → same picture); every number
// drawn comes from the WebAssembly core.
import { fmt, h } from '../core/dom.js';
import { gaussianMatrix, tokenEmbeddings, tokenize } from '../core/random.js';
import { addTranslations } from '../core/i18n.js';
import { SeqlabWidget, define } from '../core/widget.js';
import { Heatmap, symmetricDomain } from '../plot/heatmap.js';
import css from '../styles/attention.css';

addTranslations({
  'Scaled dot-product attention': 'توجه ضرب نقطه‌ای مقیاس‌شده',
  'Each token asks a question (its query) of every token (the keys); the softmax of the scaled scores says how much of each value it takes. Hover a cell to see the arithmetic; click a cell of the mask panel to mask it.':
    'هر توکن پرسش خود (query) را از همهٔ توکن‌ها (کلیدها) می‌پرسد؛ softmax امتیازهای مقیاس‌شده می‌گوید از هر مقدار (value) چه سهمی بگیرد. برای دیدن محاسبه نشانگر را روی یک خانه ببرید؛ برای پوشاندن یک خانه، در صفحهٔ ماسک روی آن کلیک کنید.',
  'Sentence (tokens split on spaces)': 'جمله (توکن‌ها با فاصله جدا می‌شوند)',
  'Choose a preset…': 'یک نمونه انتخاب کنید…',
  Preset: 'نمونه',
  Heads: 'تعداد سرها',
  'd_model (embedding size)': 'd_model (اندازهٔ بردار جاسازی)',
  'd_k = d_v (per head)': 'd_k = d_v (برای هر سر)',
  'Projection seed': 'بذر تصادفی ماتریس‌های تصویر',
  'Softmax temperature T': 'دمای softmax (T)',
  'Scale and mask': 'مقیاس و ماسک',
  'Scale by 1/√d_k': 'مقیاس با 1/√d_k',
  'Causal (no looking ahead)': 'علّی (بدون نگاه به آینده)',
  'Mask [PAD] keys': 'پوشاندن کلیدهای [PAD]',
  'Clear clicked cells': 'پاک کردن خانه‌های کلیک‌شده',
  'Heads: choose one to see its steps': 'سرها: یکی را برای دیدن گام‌هایش انتخاب کنید',
  'Attention weights per head': 'وزن‌های توجه هر سر',
  key: 'کلید',
  query: 'پرسش',
  scale: 'مقیاس',
  'mask (click to toggle)': 'ماسک (برای تغییر کلیک کنید)',
  weights: 'وزن‌ها',
  'value dim': 'بُعد مقدار',
  'The cat sat on the mat': 'The cat sat on the mat (انگلیسی)',
  'Long-range reference': 'ارجاع دوربرد',
  'Padded batch row': 'ردیف دسته با پُرکننده',
  'Persian sentence': 'جملهٔ فارسی',
  '512 numbered tokens': '۵۱۲ توکن شماره‌دار',
  'masked: causal, the key comes after the query': 'پوشانده: علّی، کلید پس از پرسش می‌آید',
  'masked: the key is padding': 'پوشانده: کلید پُرکننده است',
  'masked: clicked by hand': 'پوشانده: با کلیک',
  'Type at least one token.': 'دست‌کم یک توکن بنویسید.',
  token: 'توکن',
  tokens: 'توکن',
  'more dropped': 'توکن دیگر کنار گذاشته شد',
  'at most': 'حداکثر',
  head: 'سر',
  'Show the steps of head': 'نمایش گام‌های سر',
  'Steps of head': 'گام‌های سر',
  'scaling off': 'بدون مقیاس',
  'grey cells are masked': 'خانه‌های خاکستری پوشانده شده‌اند',
  'each row sums to 1': 'جمع هر سطر ۱ است',
  'Hover or focus a cell (arrow keys) to see how its number is made.': 'نشانگر را روی یک خانه ببرید یا با کلیدهای جهت به آن بروید تا ببینید عددش چگونه ساخته می‌شود.',
  Query: 'پرسش',
  row: 'سطر',
  column: 'ستون',
  'not masked': 'پوشانده نیست',
  'softmax over row': 'softmax روی سطر',
  weight: 'وزن',
  'the row sums to': 'جمع سطر',
  'Output of': 'خروجی',
  'value dimension': 'بُعد مقدار',
  'score': 'امتیاز',
});

export const MAX_TOKENS = 512;
/** Up to this many attention cells over all heads (about 4 ms of core time here) are done in one frame. */
const SYNC_CELLS = 1 << 20;
/** Longest run of deferred head computations before yielding to input and paint, ms. */
const TASK_MS = 6;
const PAD = /^(\[pad\]|<pad>)$/i;

export const PRESETS = [
  { label: 'The cat sat on the mat', text: 'the cat sat on the mat' },
  { label: 'Long-range reference', text: "the animal didn't cross the street because it was too tired" },
  { label: 'Padded batch row', text: 'the cat sat [PAD] [PAD] [PAD]', padding: true },
  { label: 'Persian sentence', text: 'گربه روی حصیر نشست' },
  { label: '512 numbered tokens', text: Array.from({ length: 512 }, (_, i) => `t${i}`).join(' ') },
];

/** Copies columns [h·d, (h+1)·d) of an n×(heads·d) matrix. */
function headSlice(m, n, heads, d, head) {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) out.set(m.subarray(i * heads * d + head * d, i * heads * d + (head + 1) * d), i * d);
  return out;
}

/** "0:4,2:3" → Set of "i,j" within n×n (the hand-masked cells, as kept in the URL). */
function parseCells(text, n) {
  const set = new Set();
  for (const part of text.split(',')) {
    const m = /^\s*(\d+):(\d+)\s*$/.exec(part);
    if (m && Number(m[1]) < n && Number(m[2]) < n) set.add(`${Number(m[1])},${Number(m[2])}`);
  }
  return set;
}

export class SeqlabAttention extends SeqlabWidget {
  static css = css;
  static params = {
    text: { type: 'string', default: PRESETS[0].text, maxLength: 20000 },
    heads: { type: 'int', default: 2, min: 1, max: 8 },
    head: { type: 'int', default: 1, min: 1, max: 8 },
    dModel: { type: 'int', default: 16, min: 8, max: 64, values: [8, 16, 32, 64] },
    dk: { type: 'int', default: 4, min: 2, max: 32, values: [2, 4, 8, 16, 32] },
    seed: { type: 'int', default: 1, min: 0, max: 4294967295 },
    scale: { type: 'bool', default: true },
    temperature: { type: 'number', default: 1, min: 0.1, max: 10 },
    causal: { type: 'bool', default: false },
    padding: { type: 'bool', default: true },
    cells: { type: 'string', default: '', maxLength: 20000 },
  };

  build(frame) {
    const t = (s) => this.t(s);
    const select = (values) => h('select', {}, values.map((v) => h('option', { value: String(v), text: String(v) })));
    const preset = h('select', {
      onchange: (ev) => {
        const p = PRESETS[Number(ev.target.value)];
        if (p) this.setState({ text: p.text, padding: p.padding ?? this.state.padding, cells: '' });
      },
    }, h('option', { value: '', text: t('Choose a preset…') }), PRESETS.map((p, i) => h('option', { value: String(i), text: t(p.label) })));
    this.tokNote = h('span', { class: 'hint', 'aria-live': 'polite' });
    const textField = this.bind('text', h('textarea', { rows: 2, spellcheck: false }), 'Sentence (tokens split on spaces)');
    textField.append(this.tokNote);
    frame.append(
      h('header', {}, h('h2', { text: t('Scaled dot-product attention') }),
        h('p', { class: 'lede', text: t('Each token asks a question (its query) of every token (the keys); the softmax of the scaled scores says how much of each value it takes. Hover a cell to see the arithmetic; click a cell of the mask panel to mask it.') })),
      h('div', { class: 'controls' },
        textField,
        h('div', { class: 'field', 'data-part': 'preset' }, h('label', { for: 'att-preset', text: t('Preset') }), Object.assign(preset, { id: 'att-preset' })),
        this.bind('heads', h('input', { type: 'range', min: 1, max: 8, step: 1 }), 'Heads'),
        this.bind('dModel', select([8, 16, 32, 64]), 'd_model (embedding size)'),
        this.bind('dk', select([2, 4, 8, 16, 32]), 'd_k = d_v (per head)'),
        this.bind('seed', h('input', { type: 'number', min: 0, max: 4294967295, step: 1 }), 'Projection seed'),
        this.bind('temperature', h('input', { type: 'range', min: 0.1, max: 5, step: 0.05 }), 'Softmax temperature T'),
        h('fieldset', { class: 'checks' }, h('legend', { text: t('Scale and mask') }),
          this.bind('scale', h('input', { type: 'checkbox' }), 'Scale by 1/√d_k'),
          this.bind('causal', h('input', { type: 'checkbox' }), 'Causal (no looking ahead)'),
          this.bind('padding', h('input', { type: 'checkbox' }), 'Mask [PAD] keys'),
          h('button', { type: 'button', 'data-part': 'clear', onclick: () => this.setState({ cells: '' }), text: t('Clear clicked cells') }))),
    );

    this.headsBar = h('div', { class: 'heads', role: 'group', 'aria-label': t('Heads: choose one to see its steps') });
    this.thumbs = null;
    frame.append(h('h3', { text: t('Attention weights per head') }), this.headsBar);

    const hover = (cell) => this.setHover(cell);
    const common = { size: 220, onHover: hover, xTitle: t('key'), yTitle: t('query'), t };
    this.panels = {
      logits: new Heatmap({ ...common, title: `1. QKᵀ`, colormap: 'diverging' }),
      scaled: new Heatmap({ ...common, title: `2. × ${t('scale')}`, colormap: 'diverging' }),
      scores: new Heatmap({ ...common, title: `3. ${t('mask (click to toggle)')}`, colormap: 'diverging', onSelect: (c) => this.toggleCell(c) }),
      weights: new Heatmap({ ...common, title: `4. softmax → ${t('weights')}`, colormap: 'sequential' }),
      out: new Heatmap({ ...common, title: `5. ${t('weights')} · V`, colormap: 'diverging', onHover: (c) => this.setHover(c, 'out'), xTitle: t('value dim') }),
    };
    this.stepsTitle = h('h3');
    const arrow = () => h('span', { class: 'arrow', 'aria-hidden': 'true', text: this.lang === 'fa' ? '←' : '→' });
    const p = this.panels;
    frame.append(this.stepsTitle, h('div', { class: 'steps', 'data-part': 'steps' }, p.logits.root, arrow(), p.scaled.root, arrow(), p.scores.root, arrow(), p.weights.root, arrow(), p.out.root));
    this.readout = h('div', { class: 'readout', 'aria-live': 'polite' });
    frame.append(this.readout);
  }

  toggleCell({ i, j }) {
    const cells = parseCells(this.state.cells, this.lastResult?.n ?? 0);
    const key = `${i},${j}`;
    if (cells.has(key)) cells.delete(key);
    else cells.add(key);
    this.setState({ cells: [...cells].map((c) => c.replace(',', ':')).join(',') });
  }

  /** Why a cell is masked, or null when the query may attend to the key. */
  maskReason(i, j) {
    const r = this.lastResult;
    if (this.state.causal && j > i) return this.t('masked: causal, the key comes after the query');
    if (this.state.padding && PAD.test(r.tokens[j])) return this.t('masked: the key is padding');
    if (r.cells.has(`${i},${j}`)) return this.t('masked: clicked by hand');
    return null;
  }

  /**
   * Embeddings projected to per-head Q, K, V: they depend on the tokens, sizes and seed only, so
   * they are kept while a slider that changes neither (temperature, masks, scale) is dragged.
   */
  projections(tokens, dModel, heads, dk, seed) {
    const key = `${dModel}|${heads}|${dk}|${seed}`;
    if (this.proj?.tokens === tokens && this.proj.key === key) return this.proj;
    const n = tokens.length;
    const x = tokenEmbeddings(tokens, dModel);
    const std = 1 / Math.sqrt(dModel);
    // three independent seeds per projection seed, so Q, K and V differ
    const [Q, K, V] = [1, 2, 3].map((i) => this.sl.matmul(x, gaussianMatrix(seed * 3 + i, dModel, heads * dk, std), n, dModel, heads * dk));
    const slices = (m) => Array.from({ length: heads }, (_, hd) => headSlice(m, n, heads, dk, hd));
    this.proj = { tokens, key, q: slices(Q), k: slices(K), v: slices(V), V };
    return this.proj;
  }

  compute() {
    const s = this.state;
    const split = tokenize(s.text, MAX_TOKENS);
    const { dropped } = split;
    // the same token array object while the text is unchanged, so axes are not redrawn
    const tokens = this.lastResult && this.lastResult.tokens.join('\u0001') === split.tokens.join('\u0001') ? this.lastResult.tokens : split.tokens;
    if (tokens.length === 0) throw new Error(this.t('Type at least one token.'));
    this.tokNote.textContent = `${tokens.length} ${this.t(tokens.length === 1 ? 'token' : 'tokens')}${dropped ? `; ${dropped} ${this.t('more dropped')} (${this.t('at most')} ${MAX_TOKENS})` : ''}.`;
    const n = tokens.length, heads = s.heads, dModel = s.dModel, dk = s.dk;
    const cells = parseCells(s.cells, n);
    const { q: qh, k: kh, v: vh, V } = this.projections(tokens, dModel, heads, dk, s.seed);
    const padKeys = s.padding ? tokens.map((t, j) => (PAD.test(t) ? j : -1)).filter((j) => j >= 0) : [];
    let mask; // only when something is masked besides the causal rule
    if (padKeys.length || cells.size) {
      mask = new Uint8Array(n * n).fill(1);
      for (const j of padKeys) for (let i = 0; i < n; i++) mask[i * n + j] = 0;
      for (const c of cells) {
        const [i, j] = c.split(',').map(Number);
        mask[i * n + j] = 0;
      }
    }
    const head = Math.min(s.head, heads) - 1;
    // Output arrays are kept and rewritten on every change: allocating megabytes per frame
    // costs more than the arithmetic at 512 tokens.
    const key = `${n}|${dk}`;
    if (this.buffers?.key !== key) this.buffers = { key, heads: [] };
    const buf = (hd) => (this.buffers.heads[hd] ??= {
      logits: new Float32Array(n * n), scaled: new Float32Array(n * n), scores: new Float32Array(n * n),
      weights: new Float32Array(n * n), out: new Float32Array(n * dk),
    });
    const run = (hd) => {
      const b = buf(hd);
      const steps = hd === head; // the step panels show one head
      return this.sl.attention({
        q: qh[hd], k: kh[hd], v: vh[hd],
        n, dk, causal: s.causal, scale: s.scale, temperature: s.temperature, mask, steps,
        into: steps ? b : { scores: b.scores, weights: b.weights, out: b.out },
      });
    };
    // The selected head first: its steps are what the reader is looking at. When all heads
    // together are more than a frame's work, the other thumbnails follow in short tasks after
    // this frame is painted, so a slider drag repaints at display rate.
    const perHead = Array.from({ length: heads }, (_, hd) => ({ weights: buf(hd).weights, stale: true }));
    perHead[head] = run(head);
    const rest = [];
    for (let hd = 0; hd < heads; hd++) {
      if (hd === head) continue;
      if (n * n * heads <= SYNC_CELLS) perHead[hd] = run(hd);
      else rest.push(hd);
    }
    this.lastResult = { tokens, n, heads, dk, cells, perHead, v: V, head, pending: rest.length };
    this.draw();
    if (rest.length === 0) return undefined;
    const r = this.lastResult;
    return this.defer(() => {
      const t0 = performance.now();
      do {
        const hd = rest.shift();
        r.perHead[hd] = run(hd);
        r.pending = rest.length;
        this.drawThumb(hd);
      } while (rest.length && performance.now() - t0 < TASK_MS);
      return rest.length > 0;
    });
  }

  draw() {
    const r = this.lastResult;
    const { tokens, n, dk, head } = r;
    const t = (x) => this.t(x);
    const cur = r.perHead[head];
    // thumbnails, one per head, each a button that selects the head
    if (!this.thumbs || this.thumbs.length !== r.heads) {
      this.thumbs = r.perHead.map((_, hd) => new Heatmap({ title: `${t('head')} ${hd + 1}`, size: 96, compact: true }));
      this.headsBar.replaceChildren(...this.thumbs.map((th, hd) => {
        th.canvas.tabIndex = -1;
        return h('button', { type: 'button', class: 'head-btn', 'aria-label': `${t('Show the steps of head')} ${hd + 1}`, onclick: () => this.setState({ head: hd + 1 }) }, th.root);
      }));
    }
    this.thumbs.forEach((_, hd) => this.drawThumb(hd));
    this.stepsTitle.textContent = `${t('Steps of head')} ${head + 1} (${t('scale')} ${fmt(cur.scale)}${this.state.scale ? ` = 1/√${dk}` : `, ${t('scaling off')}`}, T = ${this.state.temperature})`;
    const P = this.panels;
    const scaledDom = symmetricDomain(cur.scaled);
    const sq = { rows: n, cols: n, xLabels: tokens, yLabels: tokens };
    P.logits.set({ ...sq, data: cur.logits, domain: symmetricDomain(cur.logits) });
    P.scaled.set({ ...sq, data: cur.scaled, domain: scaledDom });
    P.scores.set({ ...sq, data: cur.scores, domain: scaledDom, describe: t('grey cells are masked') });
    P.weights.set({ ...sq, data: cur.weights, domain: [0, 1], describe: t('each row sums to 1') });
    P.out.set({ data: cur.out, rows: n, cols: dk, domain: symmetricDomain(cur.out), xLabels: Array.from({ length: dk }, (_, c) => `v${c}`), yLabels: tokens });
    this.setHover(this.hover?.cell ?? null, this.hover?.panel);
  }

  drawThumb(hd) {
    const r = this.lastResult;
    const stale = Boolean(r.perHead[hd].stale);
    const th = this.thumbs[hd];
    // a stale thumbnail already showing these (previous) numbers is left as it is, dimmed
    if (!(stale && th.data === r.perHead[hd].weights && th.rows === r.n)) {
      th.set({ data: r.perHead[hd].weights, rows: r.n, cols: r.n, domain: [0, 1], xLabels: r.tokens, yLabels: r.tokens });
    }
    const btn = this.headsBar.children[hd];
    btn.setAttribute('aria-pressed', String(hd === r.head));
    btn.classList.toggle('stale', stale);
    btn.toggleAttribute('aria-busy', stale);
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
      this.readout.textContent = this.t('Hover or focus a cell (arrow keys) to see how its number is made.');
      return;
    }
    const { tokens, n } = r;
    const head = r.head;
    const cur = r.perHead[head];
    const { i, j } = cell;
    if (i >= n) return;
    if (panel === 'out') {
      const terms = [];
      for (let t = 0; t < n && terms.length < 6; t++) if (cur.weights[i * n + t] !== 0) terms.push(`${fmt(cur.weights[i * n + t], 3)}·${fmt(r.v[t * r.heads * r.dk + head * r.dk + j], 3)}`);
      this.readout.replaceChildren(
        h('strong', { text: `${this.t('Output of')} “${tokens[i]}” (${this.t('row')} ${i}), ${this.t('value dimension')} ${j}: ` }),
        `y = Σⱼ wᵢⱼ vⱼ = ${terms.join(' + ')}${terms.length === 6 ? ' + …' : ''} = ${fmt(cur.out[i * r.dk + j])}`,
      );
      return;
    }
    const p = i * n + j;
    const t = (x) => this.t(x);
    const reason = this.maskReason(i, j);
    const rowSum = cur.weights.subarray(i * n, (i + 1) * n).reduce((a, b) => a + b, 0);
    this.readout.replaceChildren(
      h('strong', { text: `${t('Query')} “${tokens[i]}” (${t('row')} ${i}) → ${t('key')} “${tokens[j]}” (${t('column')} ${j}), ${t('head')} ${head + 1}` }),
      h('ol', { class: 'calc' },
        h('li', { text: `QKᵀ: q${i}·k${j} = ${fmt(cur.logits[p])}` }),
        h('li', { text: `× ${t('scale')} ${fmt(cur.scale)} = ${fmt(cur.scaled[p])}` }),
        h('li', { text: reason ? `${reason} → ${t('score')} −∞` : `${t('not masked')} → ${t('score')} ${fmt(cur.scores[p])}` }),
        h('li', { text: `${t('softmax over row')} ${i} (T = ${this.state.temperature}): ${t('weight')} ${fmt(cur.weights[p])}; ${t('the row sums to')} ${fmt(rowSum)}` })),
    );
  }
}

define('seqlab-attention', SeqlabAttention);
