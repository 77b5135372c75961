// rope.js — <seqlab-rope>: rotary position embedding. Each frequency pair of a query drawn as a
// vector on a circle rotating with the position; the norm kept; q_m·k_n depending only on n − m;
// the long-term decay curve; base and scaling (linear interpolation, NTK).
import { fmt, h, svg } from '../core/dom.js';
import { addTranslations } from '../core/i18n.js';
import { gaussianMatrix } from '../core/random.js';
import { SeqlabWidget, define } from '../core/widget.js';
import { Heatmap } from '../plot/heatmap.js';
import { LinePlot } from '../plot/lineplot.js';
import css from '../styles/posenc.css';

addTranslations({
  'RoPE: rotary position embedding': 'RoPE: جاسازی موقعیتی چرخشی',
  'd must be even (RoPE rotates pairs of dimensions), got {d}.': 'd باید زوج باشد (RoPE بُعدها را جفت‌جفت می‌چرخاند)، اما {d} است.',
  'pairs; pair 0 turned by': 'جفت؛ جفت ۰ چرخیده به اندازهٔ',
  'RoPE rotates each pair of a query (and key) by m·θ_i at position m: low pairs spin fast, high pairs slowly. Lengths never change, and a query–key score depends only on how far apart they are.':
    'RoPE هر جفت از بردار پرسش (و کلید) را در موقعیت m به اندازهٔ m·θ_i می‌چرخاند: جفت‌های پایین تند و جفت‌های بالا آهسته می‌چرخند. طول‌ها هرگز تغییر نمی‌کنند و امتیاز پرسش–کلید فقط به فاصلهٔ آن‌ها بستگی دارد.',
  'Dimension d': 'بُعد d',
  Base: 'پایه',
  Pairing: 'جفت‌سازی',
  'interleaved (2i, 2i+1)': 'درهم (2i، 2i+1)',
  'half (i, i + d/2)': 'نیمه (i، i + d/2)',
  Scaling: 'مقیاس‌بندی',
  none: 'هیچ',
  'linear interpolation (m/s)': 'درون‌یابی خطی (m/s)',
  'NTK-aware (base·s^(d/(d−2)))': 'NTK (base·s^(d/(d−2)))',
  'Scaling factor s': 'ضریب مقیاس s',
  'Position m': 'موقعیت m',
  'Animate': 'پویانمایی',
  Pause: 'توقف',
  'Each pair of q at position m (grey: m = 0)': 'هر جفت q در موقعیت m (خاکستری: m = 0)',
  'norm of q': 'نُرم q',
  'Angles m·θ_i (position × pair)': 'زاویه‌های m·θ_i (موقعیت × جفت)',
  pair: 'جفت',
  position: 'موقعیت',
  'q_m·k_n against n − m, from two starting positions': 'q_m·k_n بر حسب n − m، از دو موقعیت آغاز',
  'Long-term decay: (1/(d/2)) Σ_j |S_j| against the distance': 'میرایی بلندمدت: (1/(d/2)) Σ_j |S_j| بر حسب فاصله',
  distance: 'فاصله',
});

export class SeqlabRope extends SeqlabWidget {
  static css = css;
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
    const num = (min, max, step = 1) => h('input', { type: 'number', min, max, step });
    const sel = (pairs) => h('select', {}, pairs.map(([v, label]) => h('option', { value: v, text: t(label) })));
    this.playBtn = h('button', { type: 'button', onclick: () => this.togglePlay(), text: t('Animate') });
    frame.append(
      h('header', {}, h('h2', { text: t('RoPE: rotary position embedding') }),
        h('p', { class: 'lede', text: t('RoPE rotates each pair of a query (and key) by m·θ_i at position m: low pairs spin fast, high pairs slowly. Lengths never change, and a query–key score depends only on how far apart they are.') })),
      h('div', { class: 'controls' },
        this.bind('d', num(2, 128, 2), 'Dimension d'),
        this.bind('base', num(2, 10000000), 'Base'),
        this.bind('pairing', sel([['interleaved', 'interleaved (2i, 2i+1)'], ['half', 'half (i, i + d/2)']]), 'Pairing'),
        this.bind('scaling', sel([['none', 'none'], ['linear', 'linear interpolation (m/s)'], ['ntk', 'NTK-aware (base·s^(d/(d−2)))']]), 'Scaling'),
        this.bind('factor', num(1, 64, 0.5), 'Scaling factor s'),
        this.bind('m', h('input', { type: 'range', min: 0, max: 200, step: 1 }), 'Position m'),
        h('div', { class: 'field', 'data-part': 'animate' }, this.playBtn)),
    );
    this.circles = h('div', { class: 'circles', role: 'img' });
    this.normNote = h('p', { class: 'result', 'aria-live': 'polite' });
    frame.append(h('h3', { text: t('Each pair of q at position m (grey: m = 0)') }), this.circles, this.normNote);
    this.angles = new Heatmap({ title: t('Angles m·θ_i (position × pair)'), size: 240, xTitle: t('pair'), yTitle: t('position'), t });
    this.relative = new LinePlot({ title: t('q_m·k_n against n − m, from two starting positions'), xLabel: 'n − m', yLabel: 'q·k', width: 420, height: 240, t });
    this.decay = new LinePlot({ title: t('Long-term decay: (1/(d/2)) Σ_j |S_j| against the distance'), xLabel: t('distance'), yLabel: 'mean |S_j|', width: 420, height: 240, t });
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

  options() {
    const s = this.state;
    return { base: s.base, scaling: s.scaling === 'none' ? undefined : { type: s.scaling, factor: s.factor } };
  }

  compute() {
    const s = this.state;
    if (s.d % 2) throw new Error(this.tf('d must be even (RoPE rotates pairs of dimensions), got {d}.', { d: s.d }));
    const d = s.d, half = d / 2;
    const opts = this.options();
    const q = gaussianMatrix(s.seed * 2 + 1, 1, d), k = gaussianMatrix(s.seed * 2 + 2, 1, d);
    const rotated = this.sl.rope(q, 1, d, { ...opts, pairing: s.pairing, positions: [s.m] });
    // q_m·k_n for n − m in −32..32 from m = 0 and m = 40: two identical curves
    const offsets = Array.from({ length: 65 }, (_, i) => i - 32);
    const curve = (m0) => {
      const rq = this.sl.rope(q, 1, d, { ...opts, pairing: s.pairing, positions: [m0] });
      const ks = new Float32Array(offsets.length * d);
      offsets.forEach((_, i) => ks.set(k, i * d));
      const rk = this.sl.rope(ks, offsets.length, d, { ...opts, pairing: s.pairing, positions: offsets.map((o) => m0 + o) });
      return this.sl.matmul(rq, rk, 1, d, offsets.length, { transposeB: true });
    };
    const from0 = curve(40), from1 = curve(1000);
    // long-term decay: S_j = Σ_{l<j} e^{i·r·θ_l} from the core's angles r·θ_l; the partial sums
    // of cos and sin are display arithmetic on those angles
    const R = 256;
    const ang = this.sl.ropeAngles(R + 1, d, opts);
    const decay = [];
    for (let r = 0; r <= R; r++) {
      let re = 0, im = 0, total = 0;
      for (let j = 0; j < half; j++) {
        re += Math.cos(ang[r * half + j]);
        im += Math.sin(ang[r * half + j]);
        total += Math.hypot(re, im);
      }
      decay.push(total / half);
    }
    const angles = this.sl.ropeAngles(64, d, opts);
    const norm = (v) => Math.hypot(...v);
    this.lastResult = { q, rotated, angles, relative: { offsets, from40: from0, from1000: from1 }, decay, normBefore: norm(q), normAfter: norm(rotated) };
    this.drawCircles(q, rotated, d, s.pairing);
    this.normNote.textContent = `${this.t('norm of q')}: |q| = ${fmt(this.lastResult.normBefore, 6)}, |R_m q| = ${fmt(this.lastResult.normAfter, 6)} (m = ${s.m})`;
    this.angles.set({ data: angles, rows: 64, cols: half, domain: [0, Math.max(...angles)], xLabels: Array.from({ length: half }, (_, i) => String(i)), yLabels: Array.from({ length: 64 }, (_, i) => String(i)) });
    this.relative.set({ series: [{ name: 'm = 40', x: offsets, y: Array.from(from0) }, { name: 'm = 1000', x: offsets, y: Array.from(from1), dashed: true }] });
    this.decay.set({ series: [{ name: '(1/(d/2)) Σ|S_j|', x: decay.map((_, r) => r), y: decay }] });
  }

  drawCircles(q, rq, d, pairing) {
    const half = d / 2, size = 64, r = 26;
    const pairOf = (i) => (pairing === 'interleaved' ? [2 * i, 2 * i + 1] : [i, i + half]);
    let scale = 0;
    for (let i = 0; i < half; i++) {
      const [a, b] = pairOf(i);
      scale = Math.max(scale, Math.hypot(q[a], q[b]));
    }
    const items = [];
    for (let i = 0; i < Math.min(half, 32); i++) {
      const [a, b] = pairOf(i);
      const s = svg('svg', { width: size, height: size + 14, viewBox: `0 0 ${size} ${size + 14}` });
      const c = size / 2, k = r / (scale || 1);
      s.append(svg('circle', { cx: c, cy: c, r, class: 'ring' }));
      s.append(svg('line', { x1: c, y1: c, x2: c + q[a] * k, y2: c - q[b] * k, class: 'ghost' }));
      s.append(svg('line', { x1: c, y1: c, x2: c + rq[a] * k, y2: c - rq[b] * k, class: 'vec' }));
      const label = svg('text', { x: c, y: size + 11, 'text-anchor': 'middle' });
      label.textContent = `${this.t('pair')} ${i}`;
      s.append(label);
      items.push(s);
    }
    this.circles.replaceChildren(...items);
    this.circles.setAttribute('aria-label', `${half} ${this.t('pairs; pair 0 turned by')} ${fmt(this.lastResult.angles[this.state.m < 64 ? this.state.m * half : 0] ?? 0)} rad`);
  }
}

define('seqlab-rope', SeqlabRope);
