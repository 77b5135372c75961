// view.js — <seqlab-orthogonal>: attention on mutually orthogonal inputs, where y ≈ x holds only
// when e^{r²} ≫ N. The numbers come from model.js; this file builds the controls and draws.
import { fmt, h, ltr, numberInput } from '../../core/dom.js';
import { SeqlabWidget, define } from '../../core/widget.js';
import { Heatmap } from '../../plot/heatmap.js';
import { LinePlot } from '../../plot/lineplot.js';
import css from '../../styles/course.css';
import { annCurve, approximationHolds, orthogonalModel } from './model.js';
import text from './text.js';
import { withMath } from '../math.js';

/** A formula typeset (KaTeX MathML), with plain text after it (a number), isolated left to right. */
const tex = (formula, after = '') => h('bdi', { dir: 'ltr' }, withMath(`$${formula}$`), after);

export class SeqlabOrthogonal extends SeqlabWidget {
  static css = css;
  static text = text;
  static params = {
    N: { type: 'int', default: 4, min: 2, max: 32 },
    r: { type: 'number', default: 1.5, min: 0, max: 5 },
  };

  build(frame) {
    const t = (s) => this.t(s);
    frame.append(
      h(
        'header',
        {},
        h('h2', { text: t('Attention on orthogonal inputs') }),
        h(
          'p',
          { class: 'lede' },
          withMath(
            t(
              'Mutually orthogonal inputs of squared norm $r^2$, unscaled: $a_{nn} = e^{r^2}/(N - 1 + e^{r^2})$, so $y_n \\approx x_n$ only when $e^{r^2} \\gg N$.',
            ),
          ),
        ),
      ),
      h(
        'div',
        { class: 'controls' },
        this.bind('N', numberInput(2, 32), 'N vectors'),
        this.bind('r', h('input', { type: 'range', min: 0, max: 5, step: 0.05 }), 'norm r = ‖x_n‖'),
      ),
    );
    this.weights = new Heatmap({
      title: t('attention matrix A (x_n = r·e_n, no scaling)'),
      size: 200,
      xTitle: 'm',
      yTitle: 'n',
      t,
    });
    this.facts = h('div', { class: 'facts', 'aria-live': 'polite' });
    this.curve = new LinePlot({
      title: t('a_nn against r: the core (points) and exp(r²)/(N−1+exp(r²))'),
      xLabel: 'r',
      yLabel: 'a_nn',
      width: 420,
      height: 240,
      t,
    });
    frame.append(h('div', { class: 'grid' }, this.weights.root, h('div', {}, this.facts, this.curve.root)));
  }

  compute() {
    const r = orthogonalModel(this.sl, this.state);
    this.lastResult = r;
    const { N } = r;
    const curve = annCurve(this.sl, N);
    this.weights.set({ data: r.weights, rows: N, cols: N, domain: [0, 1] });
    const ok = approximationHolds(r.ratio);
    const t = (x) => this.t(x);
    this.facts.replaceChildren(
      h(
        'p',
        {},
        ltr('a_nn'),
        ` ${t('from the core')}: `,
        ltr(fmt(r.ann, 6)),
        `; ${t('closed form')} `,
        tex('e^{r^2}/(N-1+e^{r^2})', ` = ${fmt(r.closedForm, 6)}`),
      ),
      h(
        'p',
        {},
        ltr(`max |y − x| = ${fmt(r.maxYminusX, 3)}`),
        ` (${t('relative to')} `,
        ltr(`‖x‖ = ${fmt(r.r, 3)}`),
        ')',
      ),
      h(
        'p',
        { class: ok ? 'good' : 'warn' },
        tex('e^{r^2}/N', ` = ${fmt(r.ratio, 3)}`),
        ': ',
        ok
          ? [tex('e^{r^2} \\gg N'), `${t(', so')} `, ltr('A ≈ I'), ` ${t('and')} `, ltr('y ≈ x'), '.']
          : [
              tex('e^{r^2} \\gg N'),
              ` ${t('does not hold: the off-diagonal weights')} `,
              tex('1/(N-1+e^{r^2})'),
              ` ${t('are not negligible, and')} `,
              ltr('y ≈ x'),
              ` ${t('fails (an approximation)')}.`,
            ],
      ),
    );
    this.curve.set({
      series: [
        { name: t('core'), x: curve.r, y: curve.core, points: true },
        { name: t('closed form'), x: curve.r, y: curve.closed, dashed: true },
      ],
      yDomain: [0, 1],
    });
  }
}

define('seqlab-orthogonal', SeqlabOrthogonal);
