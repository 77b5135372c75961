// view.js — <seqlab-mha-sum>: multi-head attention equal to a sum of per-head terms. The numbers
// come from model.js; this file builds the controls and draws.
import { fmt, h, ltr, numberInput } from '../../core/dom.js';
import { SeqlabWidget, define } from '../../core/widget.js';
import { Heatmap, symmetricDomain } from '../../plot/heatmap.js';
import css from '../../styles/course.css';
import { mhaSumModel } from './model.js';
import text from './text.js';

export class SeqlabMhaSum extends SeqlabWidget {
  static css = css;
  static text = text;
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
      h(
        'header',
        {},
        h('h2', { text: t('Multi-head attention as a sum over heads') }),
        h('p', {
          class: 'lede',
          text: t(
            'Concat(H_1 … H_H)·W_O equals Σ_h softmax(Q_h K_hᵀ/√d_k) X W_h^V W_h^O: each head contributes its own term.',
          ),
        }),
      ),
      h(
        'div',
        { class: 'controls' },
        this.bind('n', numberInput(1, 64), 'tokens n'),
        this.bind('dModel', numberInput(1, 64), 'd_model'),
        this.bind('heads', numberInput(1, 8), 'heads'),
        this.bind('dk', numberInput(1, 32), 'd_k = d_v'),
        this.bind('seed', numberInput(0, 4294967295), 'seed'),
      ),
    );
    this.facts = h('div', { class: 'facts', 'aria-live': 'polite' });
    this.concat = new Heatmap({ title: 'Concat(H_1…H_H)·W_O', colormap: 'diverging', size: 180, t });
    this.sum = new Heatmap({ title: t('Σ_h of the per-head terms'), colormap: 'diverging', size: 180, t });
    this.headRow = h('div', { class: 'grid' });
    frame.append(
      this.facts,
      h('div', { class: 'grid' }, this.concat.root, this.sum.root),
      h('h3', { text: t('per-head terms softmax(Q_h K_hᵀ/√d_k) X W_h^V W_h^O') }),
      this.headRow,
    );
  }

  compute() {
    const { n, dModel, heads } = this.state;
    const r = mhaSumModel(this.sl, this.state);
    this.lastResult = r;
    const dom = symmetricDomain(r.full);
    this.concat.set({ data: r.full, rows: n, cols: dModel, domain: dom });
    this.sum.set({ data: r.sum, rows: n, cols: dModel, domain: dom });
    if (!this.headPlots || this.headPlots.length !== heads) {
      this.headPlots = r.terms.map(
        (_, hd) =>
          new Heatmap({ title: `${this.t('head')} ${hd + 1}`, colormap: 'diverging', size: 120, t: (s) => this.t(s) }),
      );
      this.headRow.replaceChildren(...this.headPlots.map((p) => p.root));
    }
    r.terms.forEach((term, hd) => this.headPlots[hd].set({ data: term, rows: n, cols: dModel, domain: dom }));
    this.facts.replaceChildren(
      h(
        'p',
        {},
        `${this.t('largest')} `,
        ltr(`|Concat·W_O − Σ_h terms| = ${fmt(r.maxDiff, 2)}`),
        `: ${this.t('float32 round-off only (the two sum in different orders).')}`,
      ),
    );
  }
}

define('seqlab-mha-sum', SeqlabMhaSum);
