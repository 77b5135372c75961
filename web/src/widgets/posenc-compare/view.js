// view.js — <seqlab-posenc-compare>: one sentence, one head, the attention weights with no
// positional information, sinusoidal, RoPE and ALiBi side by side; and what a permutation of the
// tokens does to each (with none, it only permutes the picture). The numbers come from model.js.
import { fmt, h, numberInput } from '../../core/dom.js';
import { SeqlabWidget, define } from '../../core/widget.js';
import { Heatmap } from '../../plot/heatmap.js';
import css from '../../styles/posenc.css';
import { compareModel, KINDS } from './model.js';
import text from './text.js';

export class SeqlabPosencCompare extends SeqlabWidget {
  static css = css;
  static text = text;
  static params = {
    text: { type: 'string', default: 'dog bites man and man bites dog', maxLength: 2000 },
    seed: { type: 'int', default: 4, min: 0, max: 4294967295 },
    perm: { type: 'string', default: '', maxLength: 2000 },
  };

  build(frame) {
    const t = (s) => this.t(s);
    frame.append(
      h(
        'header',
        {},
        h('h2', { text: t('Positional encodings compared') }),
        h('p', {
          class: 'lede',
          text: t(
            'The same sentence and the same head under four ways of telling attention about order. Shuffle the tokens: without positional information the weights are only permuted along with them.',
          ),
        }),
      ),
      h(
        'div',
        { class: 'controls' },
        this.bind('text', h('textarea', { rows: 1, spellcheck: false }), 'Sentence'),
        this.bind('seed', numberInput(0), 'Projection seed'),
        this.bind('perm', h('input', { type: 'text', spellcheck: false }), 'Token order (a permutation)'),
        h(
          'div',
          { class: 'field', 'data-part': 'shuffle' },
          h('button', { type: 'button', onclick: () => this.shuffle(), text: t('Shuffle') }),
          h('button', { type: 'button', onclick: () => this.setState({ perm: '' }), text: t('Original order') }),
        ),
      ),
    );
    this.plots = KINDS.map(
      (k) =>
        new Heatmap({
          title: k === 'none' || k === 'sinusoidal' ? t(k) : k === 'rope' ? 'RoPE' : `ALiBi (${t('slope')} 1/2)`,
          size: 200,
          xTitle: t('key'),
          yTitle: t('query'),
          t,
        }),
    );
    this.notes = KINDS.map(() => h('p', { class: 'result' }));
    frame.append(
      h(
        'div',
        { class: 'grid' },
        this.plots.map((p, i) => h('div', {}, p.root, this.notes[i])),
      ),
    );
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

  compute() {
    const r = compareModel(this.sl, this.state);
    this.lastResult = r;
    const { shuffled, results } = r;
    const n = shuffled.length;
    results.forEach((r, i) => {
      this.plots[i].set({ data: r.moved, rows: n, cols: n, domain: [0, 1], xLabels: shuffled, yLabels: shuffled });
      // reordered keys are summed in another order: differences of a few float32 ulps remain
      const verdict =
        r.maxDiff === 0
          ? '0 (exactly)'
          : r.maxDiff < 1e-6
            ? `${fmt(r.maxDiff, 2)} (${this.t('float32 round-off only')})`
            : fmt(r.maxDiff, 3);
      this.notes[i].textContent =
        `${this.t('after undoing the permutation, largest |difference| from the original:')} ${verdict}`;
    });
  }
}

define('seqlab-posenc-compare', SeqlabPosencCompare);
