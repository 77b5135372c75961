// view.js — <seqlab-attention>: scaled dot-product attention on a typed sentence, step by step
// (QKᵀ → scale → mask → softmax → ·V) for the selected head, with a thumbnail per head. The
// numbers come from model.js (and through it the core); this file builds controls and draws.
import { fmt, h, numberInput, setText } from '../../core/dom.js';
import { SeqlabWidget, define } from '../../core/widget.js';
import { Heatmap, symmetricDomain } from '../../plot/heatmap.js';
import css from '../../styles/attention.css';
import { MAX_CHARS, MAX_TOKENS, POSENCS, PRESETS, maskReason, plan, runHead, toggleCell } from './model.js';
import text from './text.js';
import { trainedPanel } from './trained.js';

export { MAX_TOKENS, PRESETS };

/** Up to this many attention cells over all heads (about 4 ms of core time here) are done in one frame. */
const SYNC_CELLS = 1 << 20;
/** Longest run of deferred head computations before yielding to input and paint, ms. */
const TASK_MS = 6;

/** The words for each reason model.maskReason() gives. */
/** The words for each positional encoding the view offers. */
const POSENC_NAMES = {
  none: 'none',
  sinusoidal: 'sinusoidal (added to the embeddings)',
  rope: 'RoPE (rotates q and k)',
  alibi: 'ALiBi (a bias on the scores)',
};

/** Above this many tokens the weights' colours span [0, largest weight], not [0, 1]. */
const WIDE = 32;

const REASONS = {
  causal: 'masked: causal, the key comes after the query',
  padding: 'masked: the key is padding',
  clicked: 'masked: clicked by hand',
};

export class SeqlabAttention extends SeqlabWidget {
  static css = css;
  static text = text;
  static params = {
    // longer text is accepted and cut to MAX_CHARS with a note (model.cutText)
    text: { type: 'string', default: PRESETS[0].text, maxLength: 1000000 },
    heads: { type: 'int', default: 2, min: 1, max: 8 },
    head: { type: 'int', default: 1, min: 1, max: 8 },
    dModel: { type: 'int', default: 16, min: 8, max: 64, values: [8, 16, 32, 64] },
    dk: { type: 'int', default: 4, min: 2, max: 32, values: [2, 4, 8, 16, 32] },
    seed: { type: 'int', default: 1, min: 0, max: 4294967295 },
    scale: { type: 'bool', default: true },
    temperature: { type: 'number', default: 1, min: 0.1, max: 10 },
    causal: { type: 'bool', default: false },
    padding: { type: 'bool', default: true },
    posenc: { type: 'enum', values: POSENCS, default: 'none' },
    shared: { type: 'bool', default: true },
    cells: { type: 'string', default: '', maxLength: 20000 },
  };

  build(frame) {
    const t = (s) => this.t(s);
    const select = (values) =>
      h(
        'select',
        {},
        values.map((v) => h('option', { value: String(v), text: String(v) })),
      );
    const preset = h(
      'select',
      {
        onchange: (ev) => {
          const p = PRESETS[Number(ev.target.value)];
          if (p) this.setState({ text: p.text, padding: p.padding ?? this.state.padding, cells: '' });
        },
      },
      h('option', { value: '', text: t('Choose a preset…') }),
      PRESETS.map((p, i) => h('option', { value: String(i), text: t(p.label) })),
    );
    this.tokNote = h('span', { class: 'hint', 'aria-live': 'polite' });
    const textField = this.bind(
      'text',
      h('textarea', { rows: 2, spellcheck: false }),
      'Sentence (tokens split on spaces)',
    );
    textField.append(this.tokNote);
    frame.append(
      h(
        'header',
        {},
        h('h2', { text: t('Scaled dot-product attention') }),
        h('p', {
          class: 'lede',
          text: t(
            'Each token asks a question (its query) of every token (the keys); the softmax of the scaled scores says how much of each value it takes. Hover a cell to see the arithmetic; click a cell of the mask panel to mask it.',
          ),
        }),
      ),
      h(
        'div',
        { class: 'controls' },
        textField,
        h(
          'div',
          { class: 'field', 'data-part': 'preset' },
          h('label', { for: 'att-preset', text: t('Preset') }),
          Object.assign(preset, { id: 'att-preset' }),
        ),
        this.bind('heads', h('input', { type: 'range', min: 1, max: 8, step: 1 }), 'Heads'),
        this.bind('dModel', select([8, 16, 32, 64]), 'd_model (embedding size)'),
        this.bind('dk', select([2, 4, 8, 16, 32]), 'd_k = d_v (per head)'),
        this.bind('seed', numberInput(0, 4294967295), 'Projection seed'),
        this.bind('temperature', h('input', { type: 'range', min: 0.1, max: 5, step: 0.05 }), 'Softmax temperature T'),
        this.bind(
          'posenc',
          h(
            'select',
            {},
            POSENCS.map((v) => h('option', { value: v, text: t(POSENC_NAMES[v]) })),
          ),
          'Positional encoding',
        ),
        h(
          'fieldset',
          { class: 'checks' },
          h('legend', { text: t('Scale and mask') }),
          this.bind('scale', h('input', { type: 'checkbox' }), 'Scale by 1/√d_k'),
          this.bind('causal', h('input', { type: 'checkbox' }), 'Causal (no looking ahead)'),
          this.bind('padding', h('input', { type: 'checkbox' }), 'Mask [PAD] keys'),
          this.bind('shared', h('input', { type: 'checkbox' }), 'One colour scale for panels 1–3'),
          h('button', {
            type: 'button',
            'data-part': 'clear',
            onclick: () => this.setState({ cells: '' }),
            text: t('Clear clicked cells'),
          }),
        ),
      ),
    );

    // what the reader sees is random, untrained weights: said plainly, above the plots
    this.caveat = h('p', { class: 'hint', 'data-part': 'caveat' });
    frame.append(this.caveat);
    this.headsBar = h('div', { class: 'heads', role: 'group', 'aria-label': t('Heads: choose one to see its steps') });
    this.thumbs = null;
    frame.append(h('h3', { text: t('Attention weights per head') }), this.headsBar);

    const hover = (cell) => this.setHover(cell);
    const common = { size: 220, onHover: hover, xTitle: t('key'), yTitle: t('query'), t };
    this.panels = {
      logits: new Heatmap({ ...common, title: `1. QKᵀ`, colormap: 'diverging' }),
      scaled: new Heatmap({ ...common, title: `2. × ${t('scale')}`, colormap: 'diverging' }),
      scores: new Heatmap({
        ...common,
        title: `3. ${t('mask (click to toggle)')}`,
        colormap: 'diverging',
        onSelect: (c) => this.toggleCell(c),
      }),
      weights: new Heatmap({ ...common, title: `4. softmax → ${t('weights')}`, colormap: 'sequential' }),
      out: new Heatmap({
        ...common,
        title: `5. ${t('weights')} · V`,
        colormap: 'diverging',
        onHover: (c) => this.setHover(c, 'out'),
        xTitle: t('value dim'),
        minCellWidth: 14, // at 512 tokens × 4 dimensions: 56 px wide, not a 2 px strip
      }),
    };
    this.stepsTitle = h('h3');
    const arrow = () => h('span', { class: 'arrow', 'aria-hidden': 'true', text: this.lang === 'fa' ? '←' : '→' });
    const p = this.panels;
    frame.append(
      this.stepsTitle,
      h(
        'div',
        { class: 'steps', 'data-part': 'steps' },
        p.logits.root,
        arrow(),
        p.scaled.root,
        arrow(),
        p.scores.root,
        arrow(),
        p.weights.root,
        arrow(),
        p.out.root,
      ),
    );
    this.readout = h('div', { class: 'readout', 'aria-live': 'polite' });
    frame.append(this.readout);
    // a model trained in the training lab, on the same sentence (trained.js); a rebuild frees the
    // old panel's copy in the core, the new panel makes its own from the same file
    this.trained?.dispose();
    this.trained = trainedPanel(this);
    frame.append(this.trained.root);
  }

  /** A model from the model-src attribute: shown in the trained-model panel like a loaded file. */
  acceptModel(bytes, name) {
    this.trained.load(bytes, name);
    this.invalidate();
  }

  toggleCell({ i, j }) {
    this.setState({ cells: toggleCell(this.state.cells, this.lastResult?.n ?? 0, i, j) });
  }

  compute() {
    const s = this.state;
    const p = plan(this.sl, s, this.plan);
    if (p.n === 0) throw new Error(this.t('Type at least one token.'));
    this.plan = p;
    const { tokens, n, heads, dk, head, dropped, cut } = p;
    this.caveat.textContent = `${this.t(
      'The projections W_Q, W_K, W_V are random and untrained: these patterns are what random weights give, not what a trained model has learned.',
    )} ${
      s.posenc === 'none'
        ? this.t(
            'No positional encoding: attention sees only which tokens there are, not where, so equal tokens get equal rows (choose an encoding to tell them apart).',
          )
        : ''
    }`.trim();
    this.tokNote.textContent = `${n} ${n === 1 ? this.t('token') : this.t('tokens')}${dropped ? `; ${dropped} ${this.t('more dropped')} (${this.t('at most')} ${MAX_TOKENS})` : ''}.${cut ? ` ${this.tf('The text was cut to its first {max} characters ({cut} left out).', { max: MAX_CHARS, cut })}` : ''}`;
    // Output arrays are kept and rewritten on every change: allocating megabytes per frame
    // costs more than the arithmetic at 512 tokens.
    const key = `${n}|${dk}`;
    if (this.buffers?.key !== key) this.buffers = { key, heads: [] };
    const buf = (hd) =>
      (this.buffers.heads[hd] ??= {
        logits: new Float32Array(n * n),
        scaled: new Float32Array(n * n),
        scores: new Float32Array(n * n),
        weights: new Float32Array(n * n),
        out: new Float32Array(n * dk),
      });
    const run = (hd) => {
      const b = buf(hd);
      const steps = hd === head; // the step panels show one head
      return runHead(this.sl, p, s, hd, {
        steps,
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
    this.lastResult = { tokens, n, heads, dk, cells: p.cells, perHead, v: p.proj.V, head, pending: rest.length };
    this.trained?.update(tokens);
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
      this.headsBar.replaceChildren(
        ...this.thumbs.map((th, hd) => {
          th.canvas.tabIndex = -1;
          return h(
            'button',
            {
              type: 'button',
              class: 'head-btn',
              'aria-label': `${t('Show the steps of head')} ${hd + 1}`,
              onclick: () => this.setState({ head: hd + 1 }),
            },
            th.root,
          );
        }),
      );
    }
    this.thumbs.forEach((_, hd) => this.drawThumb(hd));
    // "1/√4" isolated left to right: in Persian it would otherwise read "۴√/۱"
    const scale = `${t('scale')} ${fmt(cur.scale)}${this.state.scale ? ` = 1/√${dk}` : ''}`;
    setText(
      this.stepsTitle,
      `${t('Steps of head')} ${head + 1} (${this.joinParts(scale, this.state.scale ? '' : t('scaling off'), `T = ${this.state.temperature}`)})`,
    );
    const P = this.panels;
    // one colour scale across QKᵀ, × scale and the scores (default): the scaling shows as paler
    // colours; each panel on its own scale would make QKᵀ and × scale look identical
    const scaledDom = symmetricDomain(cur.scaled);
    const shared = this.state.shared ? symmetricDomain([...symmetricDomain(cur.logits), ...scaledDom]) : null;
    const sq = { rows: n, cols: n, xLabels: tokens, yLabels: tokens };
    P.logits.set({ ...sq, data: cur.logits, domain: shared ?? symmetricDomain(cur.logits) });
    P.scaled.set({ ...sq, data: cur.scaled, domain: shared ?? scaledDom });
    P.scores.set({ ...sq, data: cur.scores, domain: shared ?? scaledDom, describe: t('grey cells are masked') });
    P.weights.set({
      ...sq,
      data: cur.weights,
      domain: this.weightDomain(cur.weights),
      describe:
        n > WIDE
          ? t('colours span 0 to the 99th percentile of the weights; larger ones take the top colour')
          : t('each row sums to 1'),
    });
    P.out.set({
      data: cur.out,
      rows: n,
      cols: dk,
      domain: symmetricDomain(cur.out),
      xLabels: Array.from({ length: dk }, (_, c) => `v${c}`),
      yLabels: tokens,
    });
    this.setHover(this.hover?.cell ?? null, this.hover?.panel);
  }

  /**
   * [0, 1] for short sequences. Above WIDE tokens most weights are near 1/n and a few peaks set
   * the maximum, so [0, 1] or [0, max] is one dark colour: the colours span [0, the 99th
   * percentile] (from an even sample of at most 4096 weights), larger ones take the top colour.
   */
  weightDomain(w) {
    if (this.lastResult.n <= WIDE) return [0, 1];
    const stride = Math.max(1, Math.floor(w.length / 4096));
    const sample = new Float32Array(Math.ceil(w.length / stride));
    for (let i = 0, k = 0; i < w.length; i += stride) sample[k++] = w[i];
    sample.sort();
    const hi = sample[Math.floor(0.99 * (sample.length - 1))];
    return [0, hi > 0 ? hi : 1];
  }

  drawThumb(hd) {
    const r = this.lastResult;
    const stale = Boolean(r.perHead[hd].stale);
    const th = this.thumbs[hd];
    // a stale thumbnail already showing these (previous) numbers is left as it is, dimmed
    if (!(stale && th.data === r.perHead[hd].weights && th.rows === r.n)) {
      th.set({
        data: r.perHead[hd].weights,
        rows: r.n,
        cols: r.n,
        domain: this.weightDomain(r.perHead[hd].weights),
        xLabels: r.tokens,
        yLabels: r.tokens,
      });
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
      const vh = this.plan.proj.v[head];
      const terms = [];
      for (let t = 0; t < n && terms.length < 6; t++)
        if (cur.weights[i * n + t] !== 0) terms.push(`${fmt(cur.weights[i * n + t], 3)}·${fmt(vh[t * r.dk + j], 3)}`);
      this.readout.replaceChildren(
        h(
          'strong',
          {},
          `${this.t('Output of')} “`,
          h('bdi', { text: tokens[i] }),
          `” (${this.t('row')} ${i}), ${this.t('value dimension')} ${j}: `,
        ),
        `y = Σⱼ wᵢⱼ vⱼ = ${terms.join(' + ')}${terms.length === 6 ? ' + …' : ''} = ${fmt(cur.out[i * r.dk + j])}`,
      );
      return;
    }
    const p = i * n + j;
    const t = (x) => this.t(x);
    const why = maskReason(this.plan, i, j);
    const reason = why && t(REASONS[why]);
    const [rowSum] = this.sl.rowSums(cur.weights.subarray(i * n, (i + 1) * n), 1, n);
    this.readout.replaceChildren(
      // each token isolated: a right-to-left override inside one cannot reorder the sentence
      h(
        'strong',
        {},
        `${t('Query')} “`,
        h('bdi', { text: tokens[i] }),
        `” (${t('row')} ${i}) → ${t('key')} “`,
        h('bdi', { text: tokens[j] }),
        `” (${t('column')} ${j}), ${t('head')} ${head + 1}`,
      ),
      h(
        'ol',
        { class: 'calc' },
        h('li', { text: `QKᵀ: q${i}·k${j} = ${fmt(cur.logits[p])}` }),
        h('li', { text: `× ${t('scale')} ${fmt(cur.scale)} = ${fmt(cur.scaled[p])}` }),
        h('li', {
          text: reason ? `${reason} → ${t('score')} −∞` : `${t('not masked')} → ${t('score')} ${fmt(cur.scores[p])}`,
        }),
        h('li', {
          text: `${t('softmax over row')} ${i} (T = ${this.state.temperature}): ${t('weight')} ${fmt(cur.weights[p])}; ${t('the row sums to')} ${fmt(rowSum)}`,
        }),
      ),
    );
  }
}

define('seqlab-attention', SeqlabAttention);
