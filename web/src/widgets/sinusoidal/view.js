// view.js — <seqlab-sinusoidal>: the sinusoidal encoding as a heatmap, the dot product
// PE(t)·PE(t+k) against k (the same curve from every t), and the shift check T(k)·PE(t) = PE(t+k).
// The numbers come from model.js; this file builds the controls and draws.
import { fmt, h, ltr, numberInput } from '../../core/dom.js';
import { SeqlabWidget, define } from '../../core/widget.js';
import { Heatmap } from '../../plot/heatmap.js';
import { LinePlot } from '../../plot/lineplot.js';
import css from '../../styles/posenc.css';
import { entryOf, sinusoidalModel } from './model.js';
import text from './text.js';

export class SeqlabSinusoidal extends SeqlabWidget {
  static css = css;
  static text = text;
  static params = {
    nPos: { type: 'int', default: 64, min: 2, max: 1024 },
    dModel: { type: 'int', default: 32, min: 2, max: 256 },
    base: { type: 'number', default: 10000, min: 2, max: 1000000 },
    layout: { type: 'enum', values: ['interleaved', 'concat'], default: 'interleaved' },
    t: { type: 'int', default: 10, min: 0, max: 1023 },
    t2: { type: 'int', default: 40, min: 0, max: 1023 },
    k: { type: 'int', default: 5, min: -64, max: 64 },
  };

  build(frame) {
    const t = (s) => this.t(s);
    frame.append(
      h(
        'header',
        {},
        h('h2', { text: t('Sinusoidal positional encoding') }),
        h('p', {
          class: 'lede',
          text: t(
            'Each position t gets sines and cosines of t at geometrically spaced frequencies ω_i = base^(−2i/d). Moving by k positions rotates every (sin, cos) pair by k·ω_i, the same for every t.',
          ),
        }),
      ),
      h(
        'div',
        { class: 'controls' },
        this.bind('nPos', numberInput(2, 1024), 'Positions'),
        this.bind('dModel', numberInput(2, 256, 2), 'd_model'),
        this.bind('base', numberInput(2, 1000000), 'Base'),
        this.bind(
          'layout',
          h(
            'select',
            {},
            h('option', { value: 'interleaved', text: t('interleaved (sin, cos, sin, cos…)') }),
            h('option', { value: 'concat', text: t('concat ([sin…, cos…])') }),
          ),
          'Layout',
        ),
        this.bind('t', numberInput(0, 1023), 'Position t'),
        this.bind('t2', numberInput(0, 1023), 'Second position t′'),
        this.bind('k', h('input', { type: 'range', min: -64, max: 64, step: 1 }), 'Shift k'),
      ),
    );
    this.pe = new Heatmap({
      title: t('PE (position × dimension)'),
      colormap: 'diverging',
      size: 300,
      xTitle: t('dimension'),
      yTitle: t('position'),
      t,
      onHover: (c) => this.peHover(c),
    });
    this.peReadout = h('div', { class: 'readout', 'aria-live': 'polite' });
    this.dots = new LinePlot({
      title: t('PE(t)·PE(t+k) against k'),
      xLabel: 'k',
      yLabel: 'PE(t)·PE(t+k)',
      width: 440,
      height: 260,
      t,
    });
    frame.append(h('div', { class: 'grid' }, h('div', {}, this.pe.root, this.peReadout), this.dots.root));
    this.tk = new Heatmap({
      title: t('T(k): block-diagonal rotation'),
      colormap: 'diverging',
      size: 220,
      xTitle: t('dimension'),
      yTitle: t('dimension'),
      t,
    });
    this.shift = new LinePlot({
      title: t('PE(t+k) and T(k)·PE(t), dimension by dimension'),
      xLabel: t('dimension'),
      yLabel: 'value',
      width: 440,
      height: 240,
      t,
    });
    this.shiftNote = h('p', { class: 'result' });
    frame.append(
      h('h3', { text: t('The shift as a rotation') }),
      h('p', {
        class: 'hint',
        text: t('The shift check uses the interleaved layout, where each (sin, cos) pair is adjacent.'),
      }),
      h('div', { class: 'grid', 'data-part': 'shift' }, this.tk.root, h('div', {}, this.shift.root, this.shiftNote)),
    );
  }

  compute() {
    const s = this.state;
    const r = sinusoidalModel(this.sl, s);
    this.lastResult = r;
    const n = r.nPos,
      d = r.dModel;
    const dims = Array.from({ length: d }, (_, i) => String(i));
    this.pe.set({
      data: r.pe,
      rows: n,
      cols: d,
      domain: [-1, 1],
      xLabels: dims,
      yLabels: Array.from({ length: n }, (_, i) => String(i)),
    });
    this.dots.set({
      series: r.dots.map(({ t, k, dot }) => ({ t, name: `t = ${t}`, x: k, y: dot, dashed: t === s.t2 })),
    });
    this.tk.set({ data: r.tk, rows: d, cols: d, domain: [-1, 1], xLabels: dims, yLabels: dims });
    const c = r.check;
    if (c) {
      const idx = Array.from({ length: d }, (_, i) => i);
      this.shift.set({
        series: [
          { name: `PE(${c.t + c.k})`, x: idx, y: Array.from(c.target), points: true },
          { name: `T(${c.k})·PE(${c.t})`, x: idx, y: Array.from(c.moved), dashed: true },
        ],
      });
      this.shiftNote.textContent = `${this.t('largest |T(k)·PE(t) − PE(t+k)|')} = ${fmt(c.maxDiff, 3)} (t = ${c.t}, k = ${c.k})`;
    } else {
      const t = Math.min(s.t, n - 1);
      this.shiftNote.replaceChildren(
        ltr(`t + k = ${t + s.k}`),
        ` ${this.t('is outside the positions 0 to')} `,
        ltr(String(n - 1)),
        '.',
      );
    }
  }

  peHover(c) {
    const r = this.lastResult;
    if (!c || !r) {
      this.peReadout.textContent = '';
      return;
    }
    const d = r.dModel;
    const { fn, pair: i } = entryOf(this.state.layout, d, c.j);
    this.peReadout.textContent = `PE[${c.i}, ${c.j}] = ${fn}(${c.i}·ω_${i}), ω_${i} = ${this.state.base}^(−${2 * i}/${d}) → ${fmt(r.pe[c.i * d + c.j])}`;
  }
}

define('seqlab-sinusoidal', SeqlabSinusoidal);
