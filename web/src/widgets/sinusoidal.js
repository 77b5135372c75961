// sinusoidal.js — <seqlab-sinusoidal>: the sinusoidal encoding as a heatmap, the dot product
// PE(t)·PE(t+k) against k (the same curve from every t), and the shift check T(k)·PE(t) = PE(t+k).
import { fmt, h, ltr } from '../core/dom.js';
import { addTranslations } from '../core/i18n.js';
import { SeqlabWidget, define } from '../core/widget.js';
import { Heatmap } from '../plot/heatmap.js';
import { LinePlot } from '../plot/lineplot.js';
import css from '../styles/posenc.css';

addTranslations({
  'Sinusoidal positional encoding': 'کدگذاری موقعیتی سینوسی',
  'd_model must be even (sin and cos come in pairs), got {d}.': 'd_model باید زوج باشد (sin و cos جفت‌جفت می‌آیند)، اما {d} است.',
  'Position t must be below the number of positions': 'موقعیت t باید کمتر از تعداد موقعیت‌ها باشد',
  'is outside the positions 0 to': 'بیرون از بازهٔ موقعیت‌های ۰ تا',
  'Each position t gets sines and cosines of t at geometrically spaced frequencies ω_i = base^(−2i/d). Moving by k positions rotates every (sin, cos) pair by k·ω_i, the same for every t.':
    'هر موقعیت t سینوس و کسینوس t را با بسامدهای هندسی ω_i = base^(−2i/d) می‌گیرد. جابه‌جایی به اندازهٔ k موقعیت، هر جفت (sin، cos) را به اندازهٔ k·ω_i می‌چرخاند، برای هر t یکسان.',
  Positions: 'موقعیت‌ها',
  'd_model': 'd_model',
  Base: 'پایه',
  Layout: 'چیدمان',
  'interleaved (sin, cos, sin, cos…)': 'درهم (sin، cos، sin، cos…)',
  'concat ([sin…, cos…])': 'پشت‌سرهم ([sin…، cos…])',
  'Position t': 'موقعیت t',
  'Second position t′': 'موقعیت دوم t′',
  'Shift k': 'جابه‌جایی k',
  'PE (position × dimension)': 'PE (موقعیت × بُعد)',
  position: 'موقعیت',
  dimension: 'بُعد',
  'PE(t)·PE(t+k) against k': 'PE(t)·PE(t+k) بر حسب k',
  'The shift as a rotation': 'جابه‌جایی به‌صورت چرخش',
  'T(k): block-diagonal rotation': 'T(k): چرخش قطری-بلوکی',
  'PE(t+k) and T(k)·PE(t), dimension by dimension': 'PE(t+k) و T(k)·PE(t)، بُعد به بُعد',
  'largest |T(k)·PE(t) − PE(t+k)|': 'بیشترین |T(k)·PE(t) − PE(t+k)|',
  'The shift check uses the interleaved layout, where each (sin, cos) pair is adjacent.': 'بررسی جابه‌جایی از چیدمان درهم استفاده می‌کند که در آن هر جفت (sin، cos) کنار هم است.',
});

export class SeqlabSinusoidal extends SeqlabWidget {
  static css = css;
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
    const num = (min, max, step = 1) => h('input', { type: 'number', min, max, step });
    frame.append(
      h('header', {}, h('h2', { text: t('Sinusoidal positional encoding') }),
        h('p', { class: 'lede', text: t('Each position t gets sines and cosines of t at geometrically spaced frequencies ω_i = base^(−2i/d). Moving by k positions rotates every (sin, cos) pair by k·ω_i, the same for every t.') })),
      h('div', { class: 'controls' },
        this.bind('nPos', num(2, 1024), 'Positions'),
        this.bind('dModel', num(2, 256, 2), 'd_model'),
        this.bind('base', num(2, 1000000), 'Base'),
        this.bind('layout', h('select', {}, h('option', { value: 'interleaved', text: t('interleaved (sin, cos, sin, cos…)') }), h('option', { value: 'concat', text: t('concat ([sin…, cos…])') })), 'Layout'),
        this.bind('t', num(0, 1023), 'Position t'),
        this.bind('t2', num(0, 1023), 'Second position t′'),
        this.bind('k', h('input', { type: 'range', min: -64, max: 64, step: 1 }), 'Shift k')),
    );
    this.pe = new Heatmap({ title: t('PE (position × dimension)'), colormap: 'diverging', size: 300, xTitle: t('dimension'), yTitle: t('position'), t, onHover: (c) => this.peHover(c) });
    this.peReadout = h('div', { class: 'readout', 'aria-live': 'polite' });
    this.dots = new LinePlot({ title: t('PE(t)·PE(t+k) against k'), xLabel: 'k', yLabel: 'PE(t)·PE(t+k)', width: 440, height: 260, t });
    frame.append(h('div', { class: 'grid' }, h('div', {}, this.pe.root, this.peReadout), this.dots.root));
    this.tk = new Heatmap({ title: t('T(k): block-diagonal rotation'), colormap: 'diverging', size: 220, xTitle: t('dimension'), yTitle: t('dimension'), t });
    this.shift = new LinePlot({ title: t('PE(t+k) and T(k)·PE(t), dimension by dimension'), xLabel: t('dimension'), yLabel: 'value', width: 440, height: 240, t });
    this.shiftNote = h('p', { class: 'result' });
    frame.append(h('h3', { text: t('The shift as a rotation') }), h('p', { class: 'hint', text: t('The shift check uses the interleaved layout, where each (sin, cos) pair is adjacent.') }),
      h('div', { class: 'grid', 'data-part': 'shift' }, this.tk.root, h('div', {}, this.shift.root, this.shiftNote)));
  }

  compute() {
    const s = this.state;
    if (s.dModel % 2) throw new Error(this.tf('d_model must be even (sin and cos come in pairs), got {d}.', { d: s.dModel }));
    const n = s.nPos, d = s.dModel;
    const pe = this.sl.sinusoidal(n, d, { base: s.base, layout: s.layout });
    // PE(t)·PE(t+k) for |k| ≤ 64 from the core: PE(t) repeated against the rows t−64 … t+64
    const series = [s.t, s.t2].filter((t) => t < n).map((t) => {
      const lo = Math.max(0, t - 64), hi = Math.min(n - 1, t + 64), rows = hi - lo + 1;
      const row = pe.subarray(t * d, (t + 1) * d);
      const repeated = new Float32Array(rows * d);
      for (let r = 0; r < rows; r++) repeated.set(row, r * d);
      const dots = this.sl.rowDots(repeated, pe.subarray(lo * d, (hi + 1) * d), rows, d);
      return { t, name: `t = ${t}`, x: Array.from({ length: rows }, (_, r) => lo + r - t), y: Array.from(dots), dashed: t === s.t2 };
    });
    if (!series.length) throw new Error(`${this.t('Position t must be below the number of positions')} (${n}).`);
    // shift check, interleaved layout
    const inter = s.layout === 'interleaved' ? pe : this.sl.sinusoidal(n, d, { base: s.base });
    const t = Math.min(s.t, n - 1);
    const k = s.k;
    const tk = this.sl.sinusoidalShift(k, d, { base: s.base });
    let check = null;
    if (t + k >= 0 && t + k < n) {
      const moved = this.sl.matmul(tk, inter.subarray(t * d, (t + 1) * d), d, d, 1);
      const target = inter.subarray((t + k) * d, (t + k + 1) * d);
      let worst = 0;
      for (let i = 0; i < d; i++) worst = Math.max(worst, Math.abs(moved[i] - target[i]));
      check = { t, k, moved, target: Float32Array.from(target), maxDiff: worst };
    }
    this.lastResult = { pe, dots: series.map(({ t: at, x, y }) => ({ t: at, k: x, dot: y })), tk, check, nPos: n, dModel: d };
    const dims = Array.from({ length: d }, (_, i) => String(i));
    this.pe.set({ data: pe, rows: n, cols: d, domain: [-1, 1], xLabels: dims, yLabels: Array.from({ length: n }, (_, i) => String(i)) });
    this.dots.set({ series });
    this.tk.set({ data: tk, rows: d, cols: d, domain: [-1, 1], xLabels: dims, yLabels: dims });
    if (check) {
      const idx = Array.from({ length: d }, (_, i) => i);
      this.shift.set({ series: [{ name: `PE(${t + k})`, x: idx, y: Array.from(check.target), points: true }, { name: `T(${k})·PE(${t})`, x: idx, y: Array.from(check.moved), dashed: true }] });
      this.shiftNote.textContent = `${this.t('largest |T(k)·PE(t) − PE(t+k)|')} = ${fmt(check.maxDiff, 3)} (t = ${t}, k = ${k})`;
    } else {
      this.shiftNote.replaceChildren(ltr(`t + k = ${t + k}`), ` ${this.t('is outside the positions 0 to')} `, ltr(String(n - 1)), '.');
    }
  }

  peHover(c) {
    const r = this.lastResult;
    if (!c || !r) {
      this.peReadout.textContent = '';
      return;
    }
    const d = r.dModel, concat = this.state.layout === 'concat';
    const i = concat ? c.j % (d / 2) : Math.floor(c.j / 2);
    const fn = (concat ? c.j < d / 2 : c.j % 2 === 0) ? 'sin' : 'cos';
    this.peReadout.textContent = `PE[${c.i}, ${c.j}] = ${fn}(${c.i}·ω_${i}), ω_${i} = ${this.state.base}^(−${2 * i}/${d}) → ${fmt(r.pe[c.i * d + c.j])}`;
  }
}

define('seqlab-sinusoidal', SeqlabSinusoidal);
