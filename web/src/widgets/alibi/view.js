// view.js — <seqlab-alibi>: ALiBi's slope per head (any head count, with the paper's rule for
// non-powers of two), the bias matrix of one head, attention without and with the bias, and how
// the bias carries on past the training length. The numbers come from model.js.
import { fmt, h, ltr, numberInput } from '../../core/dom.js';
import { SeqlabWidget, define } from '../../core/widget.js';
import { Heatmap, symmetricDomain } from '../../plot/heatmap.js';
import { LinePlot } from '../../plot/lineplot.js';
import css from '../../styles/posenc.css';
import { alibiModel, lastQueryBias, slopeRule, tokensFor } from './model.js';
import text from './text.js';

export class SeqlabAlibi extends SeqlabWidget {
  static css = css;
  static text = text;
  static params = {
    heads: { type: 'int', default: 8, min: 1, max: 64 },
    head: { type: 'int', default: 1, min: 1, max: 64 },
    n: { type: 'int', default: 16, min: 2, max: 128 },
    trainLen: { type: 'int', default: 10, min: 1, max: 128 },
    causal: { type: 'bool', default: true },
    seed: { type: 'int', default: 5, min: 0, max: 4294967295 },
  };

  build(frame) {
    const t = (s) => this.t(s);
    frame.append(
      h(
        'header',
        {},
        h('h2', { text: t('ALiBi: attention with linear biases') }),
        h('p', {
          class: 'lede',
          text: t(
            'No position embedding at all: each head adds −slope·(i − j) to the score of a key j positions back, with geometric slopes, so nearer keys weigh more and the rule holds at any length.',
          ),
        }),
      ),
      h(
        'div',
        { class: 'controls' },
        this.bind('heads', numberInput(1, 64), 'Heads'),
        this.bind('head', numberInput(1, 64), 'Head shown'),
        this.bind('n', h('input', { type: 'range', min: 2, max: 128, step: 1 }), 'Sequence length n'),
        this.bind('trainLen', numberInput(1, 128), 'Training length'),
        this.bind('causal', h('input', { type: 'checkbox' }), 'Causal (decoder)'),
      ),
    );
    this.slopes = new LinePlot({
      title: t('Slope per head'),
      kind: 'bar',
      xLabel: t('head'),
      yLabel: t('slope'),
      width: 460,
      height: 220,
      t,
    });
    this.slopeNote = h('p', { class: 'hint' });
    const hm = (title, colormap) =>
      new Heatmap({ title, colormap, size: 220, xTitle: t('key'), yTitle: t('query'), t });
    this.bias = hm(t('Bias of the head shown'), 'diverging');
    this.plain = hm(t('Attention without the bias'), 'sequential');
    this.withBias = hm(t('Attention with the bias'), 'sequential');
    this.extrap = new LinePlot({
      title: t('The bias of the last query against the distance to the key'),
      xLabel: t('distance'),
      yLabel: t('bias'),
      width: 420,
      height: 220,
      t,
    });
    frame.append(
      h('div', { class: 'grid' }, h('div', {}, this.slopes.root, this.slopeNote), this.extrap.root),
      h('div', { class: 'grid' }, this.bias.root, this.plain.root, this.withBias.root),
    );
  }

  compute() {
    const s = this.state;
    const r = alibiModel(this.sl, s);
    this.lastResult = r;
    const { slopes, head, n } = r;
    const H = s.heads;
    const { c, exponent, powerOfTwo } = slopeRule(H);
    const hb = r.bias;
    const tokens = tokensFor(n);
    const labels = Array.from({ length: H }, (_, i) => String(i + 1));
    const t = (x) => this.t(x);
    this.slopes.set({
      series: [
        {
          name: powerOfTwo
            ? ''
            : `2^(−8(h+1)/${c})  |  ${t('every other slope of the')} ${2 * c}${t('-head sequence')}`,
          x: labels.map((_, i) => i),
          xLabels: labels,
          y: Array.from(slopes),
        },
      ],
    });
    const list = (xs) => Array.from(xs, (v) => fmt(v, 4)).join(', ');
    this.slopeNote.replaceChildren(
      ...(powerOfTwo
        ? [
            ltr(`${H} = 2^${exponent}`),
            `: ${t('slopes')} `,
            ltr(`2^(−8/${H})·r^h`),
            ` ${t('with')} `,
            ltr(`r = 2^(−8/${H}): ${list(slopes.slice(0, 4))}${H > 4 ? ', …' : ''}`),
          ]
        : [
            ltr(String(H)),
            ` ${t('is not a power of two: heads')} `,
            ltr(`1–${c}`),
            ` ${t('take the')} ${c}${t('-head slopes; heads')} `,
            ltr(`${c + 1}–${H}`),
            ` ${t('take slopes 1, 3, 5, … of the')} ${2 * c}${t('-head sequence:')} `,
            ltr(list(slopes.slice(c))),
            '.',
          ]),
    );
    const tl = tokens;
    this.bias.set({
      data: hb,
      rows: n,
      cols: n,
      domain: symmetricDomain(hb),
      xLabels: tl,
      yLabels: tl,
      describe: `${this.t('slope')} ${fmt(slopes[head])}`,
    });
    this.plain.set({ data: r.plain, rows: n, cols: n, domain: [0, 1], xLabels: tl, yLabels: tl });
    this.withBias.set({ data: r.withBias, rows: n, cols: n, domain: [0, 1], xLabels: tl, yLabels: tl });
    // the last query's bias against distance, split at the training length
    const val = lastQueryBias(hb, n);
    const dist = val.map((_, d) => d);
    const L = Math.min(s.trainLen, n);
    this.extrap.set({
      series: [
        { name: this.t('within the training length'), x: dist.slice(0, L), y: val.slice(0, L), points: true },
        {
          name: this.t('beyond it: the same line, extrapolated'),
          x: dist.slice(L - 1),
          y: val.slice(L - 1),
          dashed: true,
        },
      ],
    });
  }
}

define('seqlab-alibi', SeqlabAlibi);
