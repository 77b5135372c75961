// view.js — <seqlab-rope>: rotary position embedding. Each frequency pair of a query drawn as a
// vector on a circle rotating with the position; the norm kept; q_m·k_n depending only on n − m;
// the long-term decay curve; base and scaling (linear interpolation, NTK). The numbers come from
// model.js; this file builds the controls and draws.
import { fmt, h, numberInput, svg } from '../../core/dom.js';
import { SeqlabWidget, define } from '../../core/widget.js';
import { Heatmap } from '../../plot/heatmap.js';
import { LinePlot } from '../../plot/lineplot.js';
import css from '../../styles/posenc.css';
import { ANGLE_ROWS, pairOf, ropeModel } from './model.js';
import text from './text.js';

export class SeqlabRope extends SeqlabWidget {
  static css = css;
  static text = text;
  static params = {
    d: { type: 'int', default: 16, min: 2, max: 128 },
    base: { type: 'number', default: 10000, min: 2, max: 10000000 },
    pairing: { type: 'enum', values: ['interleaved', 'half'], default: 'interleaved' },
    scaling: { type: 'enum', values: ['none', 'linear', 'ntk'], default: 'none' },
    factor: { type: 'number', default: 4, min: 1, max: 64 },
    m: { type: 'int', default: 3, min: 0, max: 4096 },
    seed: { type: 'int', default: 2, min: 0, max: 4294967295 },
  };

  build(frame) {
    const t = (s) => this.t(s);
    const sel = (pairs) =>
      h(
        'select',
        {},
        pairs.map(([v, label]) => h('option', { value: v, text: t(label) })),
      );
    this.playBtn = h('button', { type: 'button', onclick: () => this.togglePlay(), text: t('Animate') });
    frame.append(
      h(
        'header',
        {},
        h('h2', { text: t('RoPE: rotary position embedding') }),
        h('p', {
          class: 'lede',
          text: t(
            'RoPE rotates each pair of a query (and key) by m·θ_i at position m: low pairs spin fast, high pairs slowly. Lengths never change, and a query–key score depends only on how far apart they are.',
          ),
        }),
      ),
      h(
        'div',
        { class: 'controls' },
        this.bind('d', numberInput(2, 128, 2), 'Dimension d'),
        this.bind('base', numberInput(2, 10000000), 'Base'),
        this.bind(
          'pairing',
          sel([
            ['interleaved', 'interleaved (2i, 2i+1)'],
            ['half', 'half (i, i + d/2)'],
          ]),
          'Pairing',
        ),
        this.bind(
          'scaling',
          sel([
            ['none', 'none'],
            ['linear', 'linear interpolation (m/s)'],
            ['ntk', 'NTK-aware (base·s^(d/(d−2)))'],
          ]),
          'Scaling',
        ),
        this.bind('factor', numberInput(1, 64, 0.5), 'Scaling factor s'),
        this.bind('m', h('input', { type: 'range', min: 0, max: 200, step: 1 }), 'Position m'),
        h('div', { class: 'field', 'data-part': 'animate' }, this.playBtn),
      ),
    );
    this.circles = h('div', { class: 'circles', role: 'img' });
    this.normNote = h('p', { class: 'result', 'aria-live': 'polite' });
    frame.append(h('h3', { text: t('Each pair of q at position m (grey: m = 0)') }), this.circles, this.normNote);
    this.angles = new Heatmap({
      title: t('Angles m·θ_i (position × pair)'),
      size: 240,
      xTitle: t('pair'),
      yTitle: t('position'),
      t,
    });
    this.relative = new LinePlot({
      title: t('q_m·k_n against n − m, from two starting positions'),
      xLabel: 'n − m',
      yLabel: 'q·k',
      width: 420,
      height: 240,
      t,
    });
    this.decay = new LinePlot({
      title: t('Long-term decay: (1/(d/2)) Σ_j |S_j| against the distance'),
      xLabel: t('distance'),
      yLabel: 'mean |S_j|',
      width: 420,
      height: 240,
      t,
    });
    frame.append(h('div', { class: 'grid' }, this.angles.root, this.relative.root, this.decay.root));
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.timer);
    this.timer = null;
  }

  togglePlay() {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      this.playBtn.textContent = this.t('Animate');
      return;
    }
    // with reduced motion, step slowly instead of spinning
    const slow = matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.timer = setInterval(() => this.setState({ m: (this.state.m + 1) % 201 }), slow ? 1000 : 120);
    this.playBtn.textContent = this.t('Pause');
  }

  compute() {
    const s = this.state;
    const r = ropeModel(this.sl, s);
    this.lastResult = r;
    const half = s.d / 2;
    const { offsets, from40, from1000 } = r.relative;
    this.drawCircles(r.q, r.rotated, s.d, s.pairing);
    this.normNote.textContent = `${this.t('norm of q')}: |q| = ${fmt(r.normBefore, 6)}, |R_m q| = ${fmt(r.normAfter, 6)} (m = ${s.m})`;
    this.angles.set({
      data: r.angles,
      rows: ANGLE_ROWS,
      cols: half,
      domain: [0, Math.max(...r.angles)],
      xLabels: Array.from({ length: half }, (_, i) => String(i)),
      yLabels: Array.from({ length: ANGLE_ROWS }, (_, i) => String(i)),
    });
    this.relative.set({
      series: [
        { name: 'm = 40', x: offsets, y: Array.from(from40) },
        { name: 'm = 1000', x: offsets, y: Array.from(from1000), dashed: true },
      ],
    });
    this.decay.set({ series: [{ name: '(1/(d/2)) Σ|S_j|', x: r.decay.map((_, i) => i), y: r.decay }] });
  }

  drawCircles(q, rq, d, pairing) {
    const half = d / 2,
      size = 64,
      r = 26;
    let scale = 0;
    for (let i = 0; i < half; i++) {
      const [a, b] = pairOf(pairing, d, i);
      scale = Math.max(scale, Math.hypot(q[a], q[b]));
    }
    const items = [];
    for (let i = 0; i < Math.min(half, 32); i++) {
      const [a, b] = pairOf(pairing, d, i);
      const s = svg('svg', { width: size, height: size + 14, viewBox: `0 0 ${size} ${size + 14}` });
      const c = size / 2,
        k = r / (scale || 1);
      s.append(svg('circle', { cx: c, cy: c, r, class: 'ring' }));
      s.append(svg('line', { x1: c, y1: c, x2: c + q[a] * k, y2: c - q[b] * k, class: 'ghost' }));
      s.append(svg('line', { x1: c, y1: c, x2: c + rq[a] * k, y2: c - rq[b] * k, class: 'vec' }));
      const label = svg('text', { x: c, y: size + 11, 'text-anchor': 'middle' });
      label.textContent = `${this.t('pair')} ${i}`;
      s.append(label);
      items.push(s);
    }
    this.circles.replaceChildren(...items);
    this.circles.setAttribute(
      'aria-label',
      `${half} ${this.t('pairs; pair 0 turned by')} ${fmt(this.lastResult.angles[this.state.m < ANGLE_ROWS ? this.state.m * half : 0] ?? 0)} rad`,
    );
  }
}

define('seqlab-rope', SeqlabRope);
