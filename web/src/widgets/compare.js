// compare.js — <seqlab-posenc-compare>: one sentence, one head, the attention weights with no
// positional information, sinusoidal, RoPE and ALiBi side by side; and what a permutation of the
// tokens does to each (with none, it only permutes the picture).
import { fmt, h } from '../core/dom.js';
import { addTranslations } from '../core/i18n.js';
import { gaussianMatrix, tokenEmbeddings, tokenize } from '../core/random.js';
import { SeqlabWidget, define } from '../core/widget.js';
import { Heatmap } from '../plot/heatmap.js';
import css from '../styles/posenc.css';

addTranslations({
  'Positional encodings compared': 'مقایسهٔ کدگذاری‌های موقعیتی',
  'The same sentence and the same head under four ways of telling attention about order. Shuffle the tokens: without positional information the weights are only permuted along with them.':
    'یک جمله و یک سر، با چهار روش برای آگاه کردن توجه از ترتیب. توکن‌ها را بُر بزنید: بدون اطلاعات موقعیتی، وزن‌ها فقط همراه با آن‌ها جابه‌جا می‌شوند.',
  Sentence: 'جمله',
  'Projection seed': 'بذر تصادفی ماتریس‌های تصویر',
  'Token order (a permutation)': 'ترتیب توکن‌ها (یک جایگشت)',
  Shuffle: 'بُر زدن',
  'Original order': 'ترتیب اصلی',
  none: 'هیچ',
  sinusoidal: 'سینوسی',
  'after undoing the permutation, largest |difference| from the original:': 'پس از برگرداندن جایگشت، بیشترین |تفاوت| با حالت اصلی:',
  key: 'کلید',
  query: 'پرسش',
  'Type at least two tokens.': 'دست‌کم دو توکن بنویسید.',
  'float32 round-off only': 'فقط گرد کردن float32',
});

const KINDS = ['none', 'sinusoidal', 'rope', 'alibi'];

/** "2,0,1" → [2, 0, 1] if it is a permutation of 0..n-1, else the identity. */
function parsePerm(text, n) {
  const p = String(text).split(',').map((v) => Number(v.trim())).filter((v) => v !== '' && Number.isInteger(v));
  const ok = p.length === n && new Set(p).size === n && p.every((v) => v >= 0 && v < n);
  return ok ? p : Array.from({ length: n }, (_, i) => i);
}

export class SeqlabPosencCompare extends SeqlabWidget {
  static css = css;
  static params = {
    text: { type: 'string', default: 'dog bites man and man bites dog', maxLength: 2000 },
    seed: { type: 'int', default: 4, min: 0, max: 4294967295 },
    perm: { type: 'string', default: '', maxLength: 2000 },
  };

  build(frame) {
    const t = (s) => this.t(s);
    frame.append(
      h('header', {}, h('h2', { text: t('Positional encodings compared') }),
        h('p', { class: 'lede', text: t('The same sentence and the same head under four ways of telling attention about order. Shuffle the tokens: without positional information the weights are only permuted along with them.') })),
      h('div', { class: 'controls' },
        this.bind('text', h('textarea', { rows: 1, spellcheck: false }), 'Sentence'),
        this.bind('seed', h('input', { type: 'number', min: 0, step: 1 }), 'Projection seed'),
        this.bind('perm', h('input', { type: 'text', spellcheck: false }), 'Token order (a permutation)'),
        h('div', { class: 'field', 'data-part': 'shuffle' },
          h('button', { type: 'button', onclick: () => this.shuffle(), text: t('Shuffle') }),
          h('button', { type: 'button', onclick: () => this.setState({ perm: '' }), text: t('Original order') }))),
    );
    this.plots = KINDS.map((k) => new Heatmap({ title: k === 'none' || k === 'sinusoidal' ? t(k) : k === 'rope' ? 'RoPE' : `ALiBi (${t('slope')} 1/2)`, size: 200, xTitle: t('key'), yTitle: t('query'), t }));
    this.notes = KINDS.map(() => h('p', { class: 'result' }));
    frame.append(h('div', { class: 'grid' }, this.plots.map((p, i) => h('div', {}, p.root, this.notes[i]))));
  }

  shuffle() {
    const n = this.lastResult?.tokens.length ?? 0;
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [p[i], p[j]] = [p[j], p[i]];
    }
    this.setState({ perm: p.join(',') });
  }

  /** Weights of one head under each encoding for the tokens in this order. */
  weights(tokens, posenc) {
    const n = tokens.length, dModel = 16, dk = 8, s = this.state.seed;
    const x = tokenEmbeddings(tokens, dModel);
    const w = (k, cols) => gaussianMatrix(s * 5 + k, dModel, cols, 1 / Math.sqrt(dModel));
    // one head with ALiBi would get the single-head slope 1/256, too gentle to see: use 1/2,
    // the first head's slope of an 8-head model
    const alibi = posenc === 'alibi' ? [0.5] : undefined;
    return this.sl.multiHeadAttention({ x, n, dModel, heads: 1, dk, wq: w(1, dk), wk: w(2, dk), wv: w(3, dk), wo: gaussianMatrix(s * 5 + 4, dk, dModel, 0.3), posenc, alibi }).weights;
  }

  compute() {
    const { tokens } = tokenize(this.state.text, 64);
    if (tokens.length < 2) throw new Error(this.t('Type at least two tokens.'));
    const n = tokens.length;
    const perm = parsePerm(this.state.perm, n);
    const shuffled = perm.map((i) => tokens[i]);
    const results = KINDS.map((posenc) => {
      const base = this.weights(tokens, posenc);
      const moved = this.weights(shuffled, posenc);
      // undo the permutation: moved[a][b] belongs at base[perm[a]][perm[b]]
      let maxDiff = 0;
      for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) maxDiff = Math.max(maxDiff, Math.abs(moved[a * n + b] - base[perm[a] * n + perm[b]]));
      return { posenc, base, moved, maxDiff };
    });
    this.lastResult = { tokens, perm, shuffled, results };
    results.forEach((r, i) => {
      this.plots[i].set({ data: r.moved, rows: n, cols: n, domain: [0, 1], xLabels: shuffled, yLabels: shuffled });
      // reordered keys are summed in another order: differences of a few float32 ulps remain
      const verdict = r.maxDiff === 0 ? '0 (exactly)' : r.maxDiff < 1e-6 ? `${fmt(r.maxDiff, 2)} (${this.t('float32 round-off only')})` : fmt(r.maxDiff, 3);
      this.notes[i].textContent = `${this.t('after undoing the permutation, largest |difference| from the original:')} ${verdict}`;
    });
  }
}

define('seqlab-posenc-compare', SeqlabPosencCompare);
