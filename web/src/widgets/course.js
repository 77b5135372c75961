// course.js — the course's worked results as live demos: attention on orthogonal inputs, why
// scores are scaled by 1/√d, multi-head attention as a sum over heads, and permutation
// equivariance. Each states what it shows.
import { fmt, h, ltr } from '../core/dom.js';
import { addTranslations } from '../core/i18n.js';
import { gaussianMatrix, prng, tokenEmbeddings, tokenize } from '../core/random.js';
import { SeqlabWidget, define } from '../core/widget.js';
import { Heatmap, symmetricDomain } from '../plot/heatmap.js';
import { LinePlot } from '../plot/lineplot.js';
import css from '../styles/course.css';

addTranslations({
  'Attention on orthogonal inputs': 'توجه روی ورودی‌های متعامد',
  'Mutually orthogonal inputs of squared norm r², unscaled: a_nn = e^{r²}/(N − 1 + e^{r²}), so y_n ≈ x_n only when e^{r²} ≫ N.':
    'ورودی‌های دوبه‌دو متعامد با مربع نُرم r²، بدون مقیاس: a_nn = e^{r²}/(N − 1 + e^{r²})؛ پس y_n ≈ x_n فقط وقتی e^{r²} ≫ N.',
  'Why scale by 1/√d': 'چرا مقیاس 1/√d',
  'For Gaussian a, b in d dimensions, aᵀb has mean 0 and variance d; unscaled scores grow with √d and saturate the softmax, scaled ones do not.':
    'برای a و b گاوسی در d بُعد، aᵀb میانگین ۰ و واریانس d دارد؛ امتیازهای بدون مقیاس با √d رشد می‌کنند و softmax را اشباع می‌کنند، امتیازهای مقیاس‌شده نه.',
  'Multi-head attention as a sum over heads': 'توجه چندسر به‌صورت جمع روی سرها',
  'Concat(H_1 … H_H)·W_O equals Σ_h softmax(Q_h K_hᵀ/√d_k) X W_h^V W_h^O: each head contributes its own term.':
    'Concat(H_1 … H_H)·W_O برابر است با Σ_h softmax(Q_h K_hᵀ/√d_k) X W_h^V W_h^O: هر سر جملهٔ خودش را می‌افزاید.',
  'Permutation equivariance': 'هم‌وردایی نسبت به جایگشت',
  heads: 'تعداد سرها',
  'N vectors': 'تعداد بردارها N',
  'norm r = ‖x_n‖': 'نُرم r = ‖x_n‖',
  'dimension d': 'بُعد d',
  samples: 'تعداد نمونه‌ها',
  seed: 'بذر تصادفی',
  'tokens n': 'تعداد توکن‌ها n',
  'd_k = d_v': 'd_k = d_v',
  sentence: 'جمله',
  'Reorder the tokens: without positional encoding the output rows move with them and nothing else changes; with sinusoidal, RoPE or ALiBi the outputs change.':
    'توکن‌ها را جابه‌جا کنید: بدون کدگذاری موقعیتی، سطرهای خروجی همراه آن‌ها جابه‌جا می‌شوند و چیز دیگری تغییر نمی‌کند؛ با سینوسی، RoPE یا ALiBi خروجی‌ها تغییر می‌کنند.',
  // orthogonal inputs
  'attention matrix A (x_n = r·e_n, no scaling)': 'ماتریس توجه A (x_n = r·e_n، بدون مقیاس)',
  'a_nn against r: the core (points) and e^{r²}/(N−1+e^{r²})': 'نمودار a_nn بر حسب r: هسته (نقطه‌ها) و e^{r²}/(N−1+e^{r²})',
  'from the core': 'از هسته',
  ', so': '، پس',
  and: 'و',
  'does not hold: the off-diagonal weights': 'برقرار نیست: وزن‌های بیرون قطر',
  'are not negligible, and': 'ناچیز نیستند و',
  fails: 'برقرار نمی‌ماند',
  'closed form': 'فرم بسته',
  'relative to': 'در مقایسه با',
  core: 'هسته',
  // why scale by 1/√d
  'histogram of aᵀb with the N(0, d) density': 'بافت‌نگار aᵀb همراه با چگالی N(0, d)',
  density: 'چگالی',
  'E[(aᵀb)²] against d (line: y = d)': 'میانگین E[(aᵀb)²] بر حسب d (خط: y = d)',
  'mean of (aᵀb)²': 'میانگین (aᵀb)²',
  'softmax over 16 keys: the largest weight, with and without 1/√d': 'تابع softmax روی ۱۶ کلید: بزرگ‌ترین وزن، با و بدون 1/√d',
  'mean largest weight': 'میانگین بزرگ‌ترین وزن',
  'softmax entropy (nats), with and without 1/√d': 'آنتروپی softmax (نَت)، با و بدون 1/√d',
  entropy: 'آنتروپی',
  'samples drawn': 'نمونه',
  'mean of': 'میانگین',
  expected: 'مورد انتظار',
  'after dividing by √d': 'پس از تقسیم بر √d',
  'Monte Carlo samples': 'نمونه‌های مونت‌کارلو',
  'Monte Carlo': 'مونت‌کارلو',
  unscaled: 'بدون مقیاس',
  'scaled by 1/√d': 'با مقیاس 1/√d',
  'ln 16: uniform': 'ln 16: یکنواخت',
  // multi-head attention as a sum
  'Σ_h of the per-head terms': 'جمع Σ_h جمله‌های سرها',
  'per-head terms softmax(Q_h K_hᵀ/√d_k) X W_h^V W_h^O': 'جمله‌های هر سر softmax(Q_h K_hᵀ/√d_k) X W_h^V W_h^O',
  largest: 'بزرگ‌ترین',
  'float32 round-off only (the two sum in different orders).': 'فقط خطای گرد کردن float32 (دو طرف به ترتیب‌های متفاوت جمع می‌زنند).',
  // permutation
  'token order: drag a token, or focus it and use ← →': 'ترتیب توکن‌ها: یک توکن را بکشید، یا روی آن بروید و از ← → استفاده کنید',
  'SA(P·X), no positional encoding': 'خروجی SA(P·X)، بدون کدگذاری موقعیتی',
  'Type at least two tokens.': 'دست‌کم دو توکن بنویسید.',
  position: 'جایگاه',
  of: 'از',
  'largest |SA(P·X) − P·SA(X)| for each positional encoding': 'بزرگ‌ترین |SA(P·X) − P·SA(X)| برای هر کدگذاری موقعیتی',
  none: 'هیچ',
  sinusoidal: 'سینوسی',
  rope: 'RoPE',
  alibi: 'ALiBi',
  'equivariant (float32 round-off only)': 'هم‌وردا (فقط خطای گرد کردن float32)',
  'order matters': 'ترتیب مهم است',
});

const num = (min, max, step = 1) => h('input', { type: 'number', min, max, step });

// ---- orthogonal inputs -----------------------------------------------------------------------
export class SeqlabOrthogonal extends SeqlabWidget {
  static css = css;
  static params = { N: { type: 'int', default: 4, min: 2, max: 32 }, r: { type: 'number', default: 1.5, min: 0, max: 5 } };

  build(frame) {
    const t = (s) => this.t(s);
    frame.append(
      h('header', {}, h('h2', { text: t('Attention on orthogonal inputs') }), h('p', { class: 'lede', text: t('Mutually orthogonal inputs of squared norm r², unscaled: a_nn = e^{r²}/(N − 1 + e^{r²}), so y_n ≈ x_n only when e^{r²} ≫ N.') })),
      h('div', { class: 'controls' }, this.bind('N', num(2, 32), 'N vectors'), this.bind('r', h('input', { type: 'range', min: 0, max: 5, step: 0.05 }), 'norm r = ‖x_n‖')));
    this.weights = new Heatmap({ title: t('attention matrix A (x_n = r·e_n, no scaling)'), size: 200, xTitle: 'm', yTitle: 'n', t });
    this.facts = h('div', { class: 'facts', 'aria-live': 'polite' });
    this.curve = new LinePlot({ title: t('a_nn against r: the core (points) and e^{r²}/(N−1+e^{r²})'), xLabel: 'r', yLabel: 'a_nn', width: 420, height: 240, t });
    frame.append(h('div', { class: 'grid' }, this.weights.root, h('div', {}, this.facts, this.curve.root)));
  }

  run(N, r) {
    const x = new Float32Array(N * N);
    for (let i = 0; i < N; i++) x[i * N + i] = r;
    return { x, ...this.sl.attention({ q: x, k: x, v: x, n: N, dk: N, scale: false }) };
  }

  compute() {
    const { N, r } = this.state;
    const res = this.run(N, r);
    const closed = Math.exp(r * r) / (N - 1 + Math.exp(r * r));
    let yx = 0;
    for (let i = 0; i < N * N; i++) yx = Math.max(yx, Math.abs(res.out[i] - res.x[i]));
    const rs = Array.from({ length: 41 }, (_, i) => i * 0.1);
    const computed = rs.map((q) => this.run(N, q).weights[0]);
    this.lastResult = { N, r, weights: res.weights, out: res.out, ann: res.weights[0], closedForm: closed, maxYminusX: yx, ratio: Math.exp(r * r) / N };
    this.weights.set({ data: res.weights, rows: N, cols: N, domain: [0, 1] });
    const ok = Math.exp(r * r) > 20 * N;
    const t = (x) => this.t(x);
    this.facts.replaceChildren(
      h('p', {}, ltr('a_nn'), ` ${t('from the core')}: `, ltr(fmt(res.weights[0], 6)), `; ${t('closed form')} `, ltr(`e^{r²}/(N−1+e^{r²}) = ${fmt(closed, 6)}`)),
      h('p', {}, ltr(`max |y − x| = ${fmt(yx, 3)}`), ` (${t('relative to')} `, ltr(`‖x‖ = ${fmt(r, 3)}`), ')'),
      h('p', { class: ok ? 'good' : 'warn' }, ltr(`e^{r²}/N = ${fmt(Math.exp(r * r) / N, 3)}`), ': ',
        ok ? [ltr('e^{r²} ≫ N'), `${t(', so')} `, ltr('A ≈ I'), ` ${t('and')} `, ltr('y ≈ x'), '.']
          : [ltr('e^{r²} ≫ N'), ` ${t('does not hold: the off-diagonal weights')} `, ltr('1/(N−1+e^{r²})'), ` ${t('are not negligible, and')} `, ltr('y ≈ x'), ` ${t('fails')}.`]));
    this.curve.set({ series: [{ name: t('core'), x: rs, y: computed, points: true }, { name: t('closed form'), x: rs, y: rs.map((q) => Math.exp(q * q) / (N - 1 + Math.exp(q * q))), dashed: true }], yDomain: [0, 1] });
  }
}

// ---- why scale by 1/√d -------------------------------------------------------------------------
export class SeqlabDotScaling extends SeqlabWidget {
  static css = css;
  static params = {
    d: { type: 'int', default: 64, min: 1, max: 1024 },
    samples: { type: 'int', default: 4000, min: 100, max: 20000 },
    seed: { type: 'int', default: 1, min: 0, max: 4294967295 },
  };

  build(frame) {
    const t = (s) => this.t(s);
    frame.append(
      h('header', {}, h('h2', { text: t('Why scale by 1/√d') }), h('p', { class: 'lede', text: t('For Gaussian a, b in d dimensions, aᵀb has mean 0 and variance d; unscaled scores grow with √d and saturate the softmax, scaled ones do not.') })),
      h('div', { class: 'controls' }, this.bind('d', num(1, 1024), 'dimension d'), this.bind('samples', num(100, 20000, 100), 'samples'), this.bind('seed', num(0, 4294967295), 'seed')));
    this.facts = h('div', { class: 'facts', 'aria-live': 'polite' });
    this.hist = new LinePlot({ title: t('histogram of aᵀb with the N(0, d) density'), xLabel: 'aᵀb', yLabel: t('density'), width: 420, height: 240, t });
    this.second = new LinePlot({ title: t('E[(aᵀb)²] against d (line: y = d)'), xLabel: 'd', yLabel: t('mean of (aᵀb)²'), width: 420, height: 240, t });
    this.sat = new LinePlot({ title: t('softmax over 16 keys: the largest weight, with and without 1/√d'), xLabel: 'd', yLabel: t('mean largest weight'), width: 420, height: 240, t });
    this.ent = new LinePlot({ title: t('softmax entropy (nats), with and without 1/√d'), xLabel: 'd', yLabel: t('entropy'), width: 420, height: 240, t });
    this.plots = h('div', { class: 'grid' }, this.hist.root, this.second.root, this.sat.root, this.ent.root);
    frame.append(this.facts, this.plots);
  }

  /**
   * Starts (or continues) the sampling for the current settings. The histogram's samples come
   * first; the curves across d depend on the seed only and are kept while d or the sample count
   * change. All of it is done in short slices, so no change blocks the page for long.
   */
  compute() {
    const { d, samples, seed } = this.state;
    if (this.curves?.seed !== seed) {
      this.curves = {
        seed,
        // per d: 500 samples for E[(aᵀb)²], and TRIALS rows of KEYS scores for the softmax
        m2: D_LIST.map((dd) => new DotSampler(this.sl, dd, 500, (seed + dd) * 2 + 1, (seed + dd) * 2 + 2)),
        scores: D_LIST.map((dd) => new DotSampler(this.sl, dd, TRIALS * KEYS, (seed + 7 * dd) * 2 + 1, (seed + 7 * dd) * 2 + 2)),
        rows: [],
      };
    }
    const job = { main: new DotSampler(this.sl, d, samples, seed * 2 + 1, seed * 2 + 2), curves: this.curves };
    this.job = job;
    this.work(job, FRAME_MS);
    this.draw();
    if (this.lastResult.pending === 0) return undefined;
    return this.defer(() => {
      this.work(job, TASK_MS);
      this.draw();
      return this.lastResult.pending > 0;
    });
  }

  /** Samples for up to ms milliseconds (at least one block). */
  work(job, ms) {
    const t0 = performance.now();
    const c = job.curves;
    do {
      const next = !job.main.finished ? job.main : c.m2.find((x) => !x.finished) ?? c.scores.find((x) => !x.finished);
      if (!next) break;
      next.step(BLOCK);
    } while (performance.now() - t0 < ms);
    // softmax statistics for every d whose samples are complete
    for (let i = c.rows.length; i < D_LIST.length && c.m2[i].finished && c.scores[i].finished; i++) {
      const dd = D_LIST[i];
      const m2 = c.m2[i].out.reduce((acc, v) => acc + v * v, 0) / c.m2[i].rows;
      // softmax(s/√d) is the core's softmax at temperature √d
      const stats = (temperature) => {
        const p = this.sl.softmax(c.scores[i].out, TRIALS, KEYS, { temperature });
        let top = 0, ent = 0;
        for (let r = 0; r < TRIALS; r++) {
          let mx = 0;
          for (let k = 0; k < KEYS; k++) {
            const v = p[r * KEYS + k];
            mx = Math.max(mx, v);
            if (v > 0) ent -= v * Math.log(v);
          }
          top += mx;
        }
        return { top: top / TRIALS, ent: ent / TRIALS };
      };
      c.rows.push({ d: dd, m2, raw: stats(1), scaled: stats(Math.sqrt(dd)) });
    }
  }

  draw() {
    const t = (x) => this.t(x);
    const { main, curves } = this.job;
    const { d, rows: samples } = main;
    const dots = main.out.subarray(0, main.done);
    const n = dots.length;
    let mean = 0, sq = 0;
    for (const v of dots) (mean += v), (sq += v * v);
    mean /= n;
    sq /= n;
    const rows = curves.rows;
    const pending = (samples - n) + D_LIST.length - rows.length;
    this.lastResult = { d, samples, done: n, mean, meanSquare: sq, dots, rows, pending };
    this.plots.toggleAttribute('aria-busy', pending > 0); // still sampling: the plots fill in
    // histogram, 40 bins over ±4√d
    const lim = 4 * Math.sqrt(d), bins = 40, w = (2 * lim) / bins;
    const counts = new Array(bins).fill(0);
    for (const v of dots) if (v >= -lim && v < lim) counts[Math.floor((v + lim) / w)]++;
    const centers = counts.map((_, i) => -lim + (i + 0.5) * w);
    const density = (x) => Math.exp((-x * x) / (2 * d)) / Math.sqrt(2 * Math.PI * d);
    this.facts.replaceChildren(h('p', {}, ltr(`d = ${d}`), this.lang === 'fa' ? '، ' : ', ', ltr(n < samples ? `${n} / ${samples}` : String(samples)), ` ${t('samples drawn')}: ${t('mean of')} `, ltr(`aᵀb = ${fmt(mean, 3)}`), ` (${t('expected')} `, ltr('0'), `), ${t('mean of')} `, ltr(`(aᵀb)² = ${fmt(sq, 4)}`),
      ` (${t('expected')} `, ltr(`d = ${d}`), `); ${t('after dividing by √d')}: `, ltr(fmt(sq / d, 3)), ` (${t('expected')} `, ltr('1'), ')'));
    this.hist.set({ series: [{ name: t('Monte Carlo samples'), x: centers, y: counts.map((c) => c / (n * w)), points: true }, { name: 'N(0, d)', x: centers, y: centers.map(density), dashed: true }] });
    // the curves change only when another d is complete (kept on the plot: a rebuilt plot redraws)
    const key = `${curves.seed}|${rows.length}`;
    if (this.second.drawnKey === key) return;
    this.second.drawnKey = key;
    const ds = rows.map((r) => r.d);
    const xDomain = [0, D_LIST.at(-1)];
    this.second.set({ xDomain, series: [{ name: t('Monte Carlo'), x: ds, y: rows.map((r) => r.m2), points: true }, { name: 'y = d', x: D_LIST, y: D_LIST, dashed: true }] });
    this.sat.set({ xDomain, series: [{ name: t('unscaled'), x: ds, y: rows.map((r) => r.raw.top), points: true }, { name: t('scaled by 1/√d'), x: ds, y: rows.map((r) => r.scaled.top), dashed: true, points: true }], yDomain: [0, 1] });
    this.ent.set({ xDomain, series: [{ name: t('unscaled'), x: ds, y: rows.map((r) => r.raw.ent), points: true }, { name: t('scaled by 1/√d'), x: ds, y: rows.map((r) => r.scaled.ent), dashed: true, points: true }], refs: [{ y: Math.log(KEYS), label: t('ln 16: uniform') }], yDomain: [0, Math.log(KEYS) * 1.05] });
  }
}

/** Keys per softmax row and rows per d in the saturation curves; the d values of the curves. */
const KEYS = 16, TRIALS = 200;
const D_LIST = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
/** Gaussian numbers drawn per block (of a and of b): about a millisecond of work. */
const BLOCK = 1 << 14;
/** Work done in the frame of a change, and in each later slice, ms. */
const FRAME_MS = 8, TASK_MS = 6;

/**
 * aᵀb for `rows` pairs of Gaussian vectors in d dimensions, a block of rows at a time. a and b
 * come from two seeded streams read in order, so the numbers do not depend on the block sizes.
 */
class DotSampler {
  constructor(sl, d, rows, seedA, seedB) {
    Object.assign(this, { sl, d, rows, done: 0, out: new Float32Array(rows), ga: prng(seedA), gb: prng(seedB) });
  }

  get finished() {
    return this.done >= this.rows;
  }

  step(normals) {
    const r = Math.min(this.rows - this.done, Math.max(1, Math.floor(normals / this.d)));
    const a = new Float32Array(r * this.d), b = new Float32Array(r * this.d);
    for (let i = 0; i < a.length; i++) a[i] = this.ga.normal();
    for (let i = 0; i < b.length; i++) b[i] = this.gb.normal();
    this.out.set(this.sl.rowDots(a, b, r, this.d), this.done);
    this.done += r;
  }
}

// ---- multi-head attention as a sum ----------------------------------------------------------------
export class SeqlabMhaSum extends SeqlabWidget {
  static css = css;
  static params = {
    n: { type: 'int', default: 6, min: 1, max: 64 },
    dModel: { type: 'int', default: 8, min: 1, max: 64 },
    heads: { type: 'int', default: 3, min: 1, max: 8 },
    dk: { type: 'int', default: 4, min: 1, max: 32 },
    seed: { type: 'int', default: 2, min: 0, max: 4294967295 },
  };

  build(frame) {
    const t = (s) => this.t(s);
    frame.append(
      h('header', {}, h('h2', { text: t('Multi-head attention as a sum over heads') }), h('p', { class: 'lede', text: t('Concat(H_1 … H_H)·W_O equals Σ_h softmax(Q_h K_hᵀ/√d_k) X W_h^V W_h^O: each head contributes its own term.') })),
      h('div', { class: 'controls' }, this.bind('n', num(1, 64), 'tokens n'), this.bind('dModel', num(1, 64), 'd_model'), this.bind('heads', num(1, 8), 'heads'), this.bind('dk', num(1, 32), 'd_k = d_v'), this.bind('seed', num(0, 4294967295), 'seed')));
    this.facts = h('div', { class: 'facts', 'aria-live': 'polite' });
    this.concat = new Heatmap({ title: 'Concat(H_1…H_H)·W_O', colormap: 'diverging', size: 180, t });
    this.sum = new Heatmap({ title: t('Σ_h of the per-head terms'), colormap: 'diverging', size: 180, t });
    this.headRow = h('div', { class: 'grid' });
    frame.append(this.facts, h('div', { class: 'grid' }, this.concat.root, this.sum.root), h('h3', { text: t('per-head terms softmax(Q_h K_hᵀ/√d_k) X W_h^V W_h^O') }), this.headRow);
  }

  compute() {
    const { n, dModel, heads, dk, seed } = this.state;
    const x = gaussianMatrix(seed * 9 + 1, n, dModel);
    const s = 1 / Math.sqrt(dModel);
    const wq = gaussianMatrix(seed * 9 + 2, dModel, heads * dk, s), wk = gaussianMatrix(seed * 9 + 3, dModel, heads * dk, s);
    const wv = gaussianMatrix(seed * 9 + 4, dModel, heads * dk, s), wo = gaussianMatrix(seed * 9 + 5, heads * dk, dModel, 1 / Math.sqrt(heads * dk));
    const full = this.sl.multiHeadAttention({ x, n, dModel, heads, dk, dv: dk, wq, wk, wv, wo }).out;
    const cols = (m, c0, width, rows, ld) => {
      const out = new Float32Array(rows * width);
      for (let i = 0; i < rows; i++) out.set(m.subarray(i * ld + c0, i * ld + c0 + width), i * width);
      return out;
    };
    const sum = new Float32Array(n * dModel);
    const terms = [];
    for (let hd = 0; hd < heads; hd++) {
      const q = this.sl.matmul(x, cols(wq, hd * dk, dk, dModel, heads * dk), n, dModel, dk);
      const k = this.sl.matmul(x, cols(wk, hd * dk, dk, dModel, heads * dk), n, dModel, dk);
      const v = this.sl.matmul(x, cols(wv, hd * dk, dk, dModel, heads * dk), n, dModel, dk);
      const headOut = this.sl.attention({ q, k, v, n, dk }).out;
      const term = this.sl.matmul(headOut, wo.subarray(hd * dk * dModel, (hd + 1) * dk * dModel), n, dk, dModel);
      terms.push(term);
      term.forEach((val, i) => (sum[i] += val));
    }
    let maxDiff = 0;
    for (let i = 0; i < sum.length; i++) maxDiff = Math.max(maxDiff, Math.abs(sum[i] - full[i]));
    this.lastResult = { full, sum, terms, maxDiff };
    const dom = symmetricDomain(full);
    this.concat.set({ data: full, rows: n, cols: dModel, domain: dom });
    this.sum.set({ data: sum, rows: n, cols: dModel, domain: dom });
    if (!this.headPlots || this.headPlots.length !== heads) {
      this.headPlots = terms.map((_, hd) => new Heatmap({ title: `${this.t('head')} ${hd + 1}`, colormap: 'diverging', size: 120, t: (s) => this.t(s) }));
      this.headRow.replaceChildren(...this.headPlots.map((p) => p.root));
    }
    terms.forEach((term, hd) => this.headPlots[hd].set({ data: term, rows: n, cols: dModel, domain: dom }));
    this.facts.replaceChildren(h('p', {}, `${this.t('largest')} `, ltr(`|Concat·W_O − Σ_h terms| = ${fmt(maxDiff, 2)}`), `: ${this.t('float32 round-off only (the two sum in different orders).')}`));
  }
}

// ---- permutation equivariance -----------------------------------------------------------------
const ENCODINGS = ['none', 'sinusoidal', 'rope', 'alibi'];

export class SeqlabPermutation extends SeqlabWidget {
  static css = css;
  static params = {
    text: { type: 'string', default: 'the cat chased the dog', maxLength: 2000 },
    order: { type: 'string', default: '', maxLength: 2000 },
    seed: { type: 'int', default: 3, min: 0, max: 4294967295 },
  };

  build(frame) {
    const t = (s) => this.t(s);
    frame.append(
      h('header', {}, h('h2', { text: t('Permutation equivariance') }), h('p', { class: 'lede', text: t('Reorder the tokens: without positional encoding the output rows move with them and nothing else changes; with sinusoidal, RoPE or ALiBi the outputs change.') })),
      h('div', { class: 'controls' }, this.bind('text', h('textarea', { rows: 1, spellcheck: false }), 'sentence'), this.bind('seed', num(0, 4294967295), 'seed')));
    this.chips = h('div', { class: 'chips', role: 'listbox', 'aria-label': t('token order: drag a token, or focus it and use ← →') });
    this.facts = h('table', { class: 'params' });
    this.outs = [new Heatmap({ title: t('SA(P·X), no positional encoding'), colormap: 'diverging', size: 180, t }), new Heatmap({ title: 'P·SA(X)', colormap: 'diverging', size: 180, t })];
    frame.append(this.chips, this.facts, h('div', { class: 'grid' }, this.outs.map((o) => o.root)));
  }

  order(n) {
    const p = String(this.state.order).split(',').filter((v) => v.trim() !== '').map(Number);
    return p.length === n && new Set(p).size === n && p.every((v) => Number.isInteger(v) && v >= 0 && v < n) ? p : Array.from({ length: n }, (_, i) => i);
  }

  move(from, to) {
    const p = this.order(this.lastResult.tokens.length);
    const [item] = p.splice(from, 1);
    p.splice(to, 0, item);
    this.focusAfter = to;
    this.setState({ order: p.join(',') });
  }

  output(tokens, posenc) {
    const n = tokens.length, dModel = 16, dk = 4, heads = 2, s = this.state.seed;
    const x = tokenEmbeddings(tokens, dModel);
    const w = (k, r, c) => gaussianMatrix(s * 11 + k, r, c, 1 / Math.sqrt(r));
    return this.sl.multiHeadAttention({ x, n, dModel, heads, dk, wq: w(1, dModel, heads * dk), wk: w(2, dModel, heads * dk), wv: w(3, dModel, heads * dk), wo: w(4, heads * dk, dModel), posenc }).out;
  }

  compute() {
    const { tokens } = tokenize(this.state.text, 32);
    if (tokens.length < 2) throw new Error(this.t('Type at least two tokens.'));
    const n = tokens.length, d = 16;
    const p = this.order(n);
    const moved = p.map((i) => tokens[i]);
    const results = ENCODINGS.map((posenc) => {
      const base = this.output(tokens, posenc), perm = this.output(moved, posenc);
      const expected = new Float32Array(n * d);
      p.forEach((src, dst) => expected.set(base.subarray(src * d, (src + 1) * d), dst * d));
      let maxDiff = 0;
      for (let i = 0; i < n * d; i++) maxDiff = Math.max(maxDiff, Math.abs(perm[i] - expected[i]));
      return { posenc, perm, expected, maxDiff };
    });
    this.lastResult = { tokens, order: p, results };
    // chips: drag to reorder, or arrows on a focused chip
    this.chips.replaceChildren(...moved.map((tok, i) => {
      const chip = h('button', { type: 'button', class: 'chip', draggable: 'true', role: 'option', text: tok, 'aria-label': `${tok}, ${this.t('position')} ${i + 1} ${this.t('of')} ${n}` });
      chip.addEventListener('dragstart', (ev) => ev.dataTransfer.setData('text/plain', String(i)));
      chip.addEventListener('dragover', (ev) => ev.preventDefault());
      chip.addEventListener('drop', (ev) => {
        ev.preventDefault();
        this.move(Number(ev.dataTransfer.getData('text/plain')), i);
      });
      chip.addEventListener('keydown', (ev) => {
        if (ev.key === 'ArrowLeft' && i > 0) this.move(i, i - 1);
        if (ev.key === 'ArrowRight' && i < n - 1) this.move(i, i + 1);
      });
      return chip;
    }));
    if (this.focusAfter !== undefined) {
      this.chips.children[this.focusAfter]?.focus();
      this.focusAfter = undefined;
    }
    const t = (x) => this.t(x);
    this.facts.replaceChildren(h('caption', { text: t('largest |SA(P·X) − P·SA(X)| for each positional encoding') }),
      ...results.map((r) => h('tr', {}, h('th', { scope: 'row', text: t(r.posenc) }), h('td', {}, ltr(fmt(r.maxDiff, r.maxDiff < 1e-6 ? 2 : 3)), `: ${t(r.maxDiff < 1e-6 ? 'equivariant (float32 round-off only)' : 'order matters')}`))));
    const dom = symmetricDomain(results[0].perm);
    this.outs[0].set({ data: results[0].perm, rows: n, cols: d, domain: dom, yLabels: moved });
    this.outs[1].set({ data: results[0].expected, rows: n, cols: d, domain: dom, yLabels: moved });
  }
}

define('seqlab-orthogonal', SeqlabOrthogonal);
define('seqlab-dot-scaling', SeqlabDotScaling);
define('seqlab-mha-sum', SeqlabMhaSum);
define('seqlab-permutation', SeqlabPermutation);
