// view.js — <seqlab-posenc-compare>: one sentence, one head, the attention weights with no
// positional information, sinusoidal, RoPE and ALiBi side by side; and what a permutation of the
// tokens does to each (with none, it only permutes the picture). The numbers come from model.js.
import { fmt, h, numberInput } from '../../core/dom.js';
import { SeqlabWidget, define } from '../../core/widget.js';
import { Heatmap } from '../../plot/heatmap.js';
import css from '../../styles/posenc.css';
import { compareModel, KINDS, MAX_TOKENS } from './model.js';
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
          h('button', {
            type: 'button',
            onclick: () => this.setState({ perm: this.lastResult.tokens.map((_, i) => i).join(',') }),
            text: t('Original order'),
          }),
        ),
      ),
    );
    // a new sentence starts again from the default shuffle (an old order may not fit it)
    this.controls.get('perm').el.placeholder = t('empty: a fixed shuffle');
    this.controls.get('text').el.addEventListener('input', () => this.setState({ perm: '' }));
    this.orderLine = h('p', { class: 'result' });
    this.dropNote = h('p', { class: 'result', hidden: true });
    const name = (k) =>
      k === 'none' || k === 'sinusoidal' ? t(k) : k === 'rope' ? 'RoPE' : `ALiBi (${t('slope')} 1/2)`;
    const heatmap = (title) => new Heatmap({ title, size: 150, xTitle: t('key'), yTitle: t('query'), t });
    // before (the sentence as typed) and after (shuffled) side by side for each encoding
    this.pairs = KINDS.map((k) => [
      heatmap(`${name(k)}: ${t('before')}`),
      heatmap(`${name(k)}: ${t('after the shuffle')}`),
    ]);
    this.notes = KINDS.map(() => h('p', { class: 'result' }));
    frame.append(
      this.orderLine,
      this.dropNote,
      h(
        'div',
        { class: 'grid' },
        this.pairs.map((pair, i) =>
          h('div', { class: 'pair' }, h('div', { class: 'grid' }, pair[0].root, pair[1].root), this.notes[i]),
        ),
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
    const { tokens, shuffled, results, dropped, identity } = r;
    const n = shuffled.length;
    this.orderLine.replaceChildren(
      identity
        ? this.t('This order is the original one: nothing moved, so every encoding gives the same weights.')
        : `${this.t('Shuffled sentence:')} `,
      identity ? '' : h('bdi', { text: shuffled.join(' ') }),
    );
    this.dropNote.hidden = dropped === 0;
    this.dropNote.textContent = dropped
      ? this.tf('Only the first {max} tokens are used; {dropped} more were left out.', { max: MAX_TOKENS, dropped })
      : '';
    results.forEach((r, i) => {
      const [before, after] = this.pairs[i];
      before.set({ data: r.base, rows: n, cols: n, domain: [0, 1], xLabels: tokens, yLabels: tokens });
      after.set({ data: r.moved, rows: n, cols: n, domain: [0, 1], xLabels: shuffled, yLabels: shuffled });
      // reordered keys are summed in another order: differences of a few float32 ulps remain
      const verdict =
        r.maxDiff === 0
          ? this.t('0 (exactly)')
          : r.maxDiff < 1e-6
            ? `${fmt(r.maxDiff, 2)} (${this.t('float32 round-off only')})`
            : `${fmt(r.maxDiff, 3)} (${this.t('the weights changed, not only their order')})`;
      this.notes[i].textContent =
        `${this.t('after undoing the permutation, largest |difference| from the original:')} ${verdict}`;
    });
  }
}

define('seqlab-posenc-compare', SeqlabPosencCompare);
