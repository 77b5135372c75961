// view.js — <seqlab-permutation>: permutation equivariance of self-attention with and without
// positional encodings; the tokens reordered by dragging or with the arrow keys. The numbers
// come from model.js; this file builds the controls and draws.
import { fmt, h, ltr, numberInput } from '../../core/dom.js';
import { SeqlabWidget, define } from '../../core/widget.js';
import { Heatmap, symmetricDomain } from '../../plot/heatmap.js';
import css from '../../styles/course.css';
import { D_MODEL, ROUND_OFF, moveToken, permutationModel } from './model.js';
import text from './text.js';

export class SeqlabPermutation extends SeqlabWidget {
  static css = css;
  static text = text;
  static params = {
    text: { type: 'string', default: 'the cat chased the dog', maxLength: 2000 },
    order: { type: 'string', default: '', maxLength: 2000 },
    seed: { type: 'int', default: 3, min: 0, max: 4294967295 },
  };

  build(frame) {
    const t = (s) => this.t(s);
    frame.append(
      h(
        'header',
        {},
        h('h2', { text: t('Permutation equivariance') }),
        h('p', {
          class: 'lede',
          text: t(
            'Reorder the tokens: without positional encoding the output rows move with them and nothing else changes; with sinusoidal, RoPE or ALiBi the outputs change.',
          ),
        }),
      ),
      h(
        'div',
        { class: 'controls' },
        this.bind('text', h('textarea', { rows: 1, spellcheck: false }), 'sentence'),
        this.bind('seed', numberInput(0, 4294967295), 'seed'),
      ),
    );
    this.chips = h('div', {
      class: 'chips',
      role: 'listbox',
      'aria-label': t('token order: drag a token, or focus it and use ← →'),
    });
    this.facts = h('table', { class: 'params' });
    this.outs = [
      new Heatmap({ title: t('SA(P·X), no positional encoding'), colormap: 'diverging', size: 180, t }),
      new Heatmap({ title: 'P·SA(X)', colormap: 'diverging', size: 180, t }),
    ];
    frame.append(
      this.chips,
      this.facts,
      h(
        'div',
        { class: 'grid' },
        this.outs.map((o) => o.root),
      ),
    );
  }

  move(from, to) {
    this.focusAfter = to;
    this.setState({ order: moveToken(this.lastResult.order, from, to) });
  }

  compute() {
    const r = permutationModel(this.sl, this.state);
    this.lastResult = r;
    const { tokens, order, results } = r;
    const n = tokens.length;
    const moved = order.map((i) => tokens[i]);
    // chips: drag to reorder, or arrows on a focused chip
    this.chips.replaceChildren(
      ...moved.map((tok, i) => {
        const chip = h('button', {
          type: 'button',
          class: 'chip',
          draggable: 'true',
          role: 'option',
          text: tok,
          'aria-label': `${tok}, ${this.t('position')} ${i + 1} ${this.t('of')} ${n}`,
        });
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
      }),
    );
    if (this.focusAfter !== undefined) {
      this.chips.children[this.focusAfter]?.focus();
      this.focusAfter = undefined;
    }
    const t = (x) => this.t(x);
    this.facts.replaceChildren(
      h('caption', { text: t('largest |SA(P·X) − P·SA(X)| for each positional encoding') }),
      ...results.map((e) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row', text: t(e.posenc) }),
          h(
            'td',
            {},
            ltr(fmt(e.maxDiff, e.maxDiff < ROUND_OFF ? 2 : 3)),
            `: ${e.maxDiff < ROUND_OFF ? t('equivariant (float32 round-off only)') : t('order matters')}`,
          ),
        ),
      ),
    );
    const dom = symmetricDomain(results[0].perm);
    this.outs[0].set({ data: results[0].perm, rows: n, cols: D_MODEL, domain: dom, yLabels: moved });
    this.outs[1].set({ data: results[0].expected, rows: n, cols: D_MODEL, domain: dom, yLabels: moved });
  }
}

define('seqlab-permutation', SeqlabPermutation);
