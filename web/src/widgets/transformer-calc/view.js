// view.js — <seqlab-transformer-calc>: the controls, the total, the compute and memory figures
// with their formulas, the parameter table, the shape diagram and the attention-cost plot. The
// numbers come from model.js (calcModel), which asks the core; this file only draws them.
import katex from 'katex';

import { fmt, h } from '../../core/dom.js';
import { SeqlabWidget, define } from '../../core/widget.js';
import { LinePlot } from '../../plot/lineplot.js';
import css from './style.css';
import text from './text.js';
import { calcModel, dHeadUsed, PARAMS, PRESET_NAMES, presetSettings, unusedSettings } from './model.js';

const f = (n) => n.toLocaleString('en-US');
/** A whole number inside TeX: thousands separators without TeX's space after a comma. */
const tn = (n) => f(n).replace(/,/g, '{,}');
const num = (min, max, step = 1) => h('input', { type: 'number', min, max, step });

/** 73728 → "72.0 KiB (73,728 B)": binary prefixes are symbols, the same in both languages. */
function bytes(b) {
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  if (b < 1024) return `${f(b)} B`;
  let v = b,
    u = -1;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]} (${f(b)} B)`;
}

/** 284812800 → "284,812,800 (≈ 2.85e+8)" */
const big = (n) => (n >= 1e5 ? `${f(n)} (≈ ${fmt(n, 3)})` : f(n));

export class SeqlabTransformerCalc extends SeqlabWidget {
  static css = css;
  static params = PARAMS;

  static text = text;

  build(frame) {
    const t = (s) => this.t(s);
    const box = () => h('input', { type: 'checkbox' });
    const choice = (values, prefix) =>
      h(
        'select',
        {},
        values.map((v) => h('option', { value: v, text: t(`${prefix}.${v}`) })),
      );
    this.presetSelect = h(
      'select',
      {
        id: 'calc-preset',
        onchange: (ev) => ev.target.value !== 'custom' && this.setState(presetSettings(ev.target.value)),
      },
      ['custom', ...PRESET_NAMES].map((name) => h('option', { value: name, text: t(`calc.preset.${name}`) })),
    );
    frame.append(
      h('header', {}, h('h2', { text: t('calc.title') }), h('p', { class: 'lede', text: t('calc.lede') })),
      h(
        'div',
        { class: 'controls' },
        h(
          'div',
          { class: 'field presets', 'data-part': 'presets' },
          h('label', { for: 'calc-preset', text: t('calc.preset') }),
          this.presetSelect,
          h(
            'div',
            { class: 'buttons' },
            h('button', {
              type: 'button',
              onclick: () => this.setState(presetSettings('course')),
              text: t('calc.courseButton'),
            }),
            h('button', {
              type: 'button',
              onclick: () =>
                this.setState({ embeddingBias: false, tiedEmbeddings: true, outputBias: true, autoHead: true }),
              text: t('calc.commonButton'),
            }),
          ),
        ),
        this.bind('arch', choice(PARAMS.arch.values, 'calc.arch'), 'calc.arch'),
        this.bind('vocab', num(1, 10000000), 'calc.vocab'),
        this.bind('seqLen', num(1, 1000000), 'calc.seqLen'),
        this.bind('batch', num(1, 100000), 'calc.batch'),
        this.bind('dModel', num(1, 100000), 'calc.dModel'),
        this.bind('heads', num(1, 1024), 'calc.heads'),
        this.bind('dHead', num(1, 100000), 'calc.dHead'),
        this.bind('dFF', num(1, 1000000), 'calc.dFF'),
        this.bind('encoderBlocks', num(0, 1000), 'calc.encoderBlocks'),
        this.bind('decoderBlocks', num(0, 1000), 'calc.decoderBlocks'),
        this.bind('positions', choice(PARAMS.positions.values, 'calc.positions'), 'calc.positions'),
        this.bind('maxLen', num(1, 1000000), 'calc.maxLen'),
        this.bind('typeVocab', num(0, 1000000), 'calc.typeVocab'),
        h(
          'fieldset',
          { class: 'checks' },
          h('legend', { text: t('calc.conventions') }),
          [
            'autoHead',
            'embeddingBias',
            'sharedEmbeddings',
            'embeddingNorm',
            'finalNorm',
            'pooler',
            'qkvBias',
            'outBias',
            'ffnBias',
            'outputLayer',
            'tiedEmbeddings',
            'outputBias',
          ].map((name) => this.bind(name, box(), `calc.${name}`)),
        ),
      ),
    );
    this.totalBox = h('p', { class: 'total', 'aria-live': 'polite' });
    this.costs = h('div', { class: 'costs' });
    this.table = h('table', { class: 'params' });
    this.diagram = h('div', { class: 'diagram' });
    // linear axes, bytes and FLOPs each on its own: the quadratic curves upward as it is (a log
    // y-axis over linear n made n² look like a logarithm); the note says what doubling n does
    const plot = (title, yLabel) => {
      const p = new LinePlot({ title, xLabel: 'n', yLabel, width: 460, height: 250, t });
      p.svg.setAttribute('viewBox', '0 0 460 250'); // shrinks with a narrow page (hover maps through the scale)
      return p;
    };
    this.cost = plot(t('calc.plotTitle'), t('calc.plotBytes'));
    this.costFlops = plot(t('calc.plotFlopsTitle'), t('calc.plotFlops'));
    this.growth = h('p', { class: 'hint' });
    this.results = h(
      'div',
      { class: 'results' },
      h(
        'section',
        { class: 'costs-box', 'aria-labelledby': 'calc-costs' },
        h('h3', { id: 'calc-costs', text: t('calc.costs') }),
        this.costs,
      ),
      h(
        'div',
        { class: 'grid' },
        h('div', { class: 'scroll', 'data-part': 'table' }, this.table),
        h('div', { class: 'scroll', 'data-part': 'diagram' }, this.diagram),
      ),
      h('div', { class: 'grid', 'data-part': 'cost-plots' }, this.cost.root, this.costFlops.root),
      this.growth,
    );
    this.drawn = false;
    frame.append(this.totalBox, this.results);
  }

  /** Beyond the base: d_head shows the value in use, settings without effect are disabled, the preset menu follows. */
  syncControls() {
    super.syncControls();
    const off = new Set(unusedSettings(this.state));
    for (const [name, { el, field }] of this.controls) {
      el.disabled = off.has(name);
      field.classList.toggle('off', off.has(name));
    }
    // a disabled field shows the value in use, not a stale one: d_head from d_model / heads, 0 unused blocks
    const head = this.controls.get('dHead')?.el;
    if (head && this.state.autoHead) head.value = dHeadUsed(this.state) === null ? '' : String(dHeadUsed(this.state));
    const blocks = { encoder: 'decoderBlocks', decoder: 'encoderBlocks' }[this.state.arch];
    if (blocks && this.controls.get(blocks)) this.controls.get(blocks).el.value = '0';
    if (this.presetSelect) this.presetSelect.value = this.lastResult?.preset ?? 'custom';
  }

  /** One message beside the field that causes it (null clears it). */
  showFieldError(problem) {
    for (const [, { el, field }] of this.controls) {
      field.querySelector('.field-error')?.remove();
      field.classList.remove('has-error');
      el.removeAttribute('aria-invalid');
      el.removeAttribute('aria-describedby');
    }
    const slot = problem?.field && this.controls.get(problem.field);
    if (!slot) return;
    const id = `calc-error-${problem.field}`;
    slot.field.classList.add('has-error');
    slot.field.append(h('p', { class: 'field-error', id, role: 'alert', text: this.tf(problem.key, problem.vars) }));
    slot.el.setAttribute('aria-invalid', 'true');
    slot.el.setAttribute('aria-describedby', id);
  }

  compute() {
    const t = (x) => this.t(x);
    const r = calcModel(this.sl, this.state);
    this.lastResult = r;
    this.syncControls();
    this.showFieldError(r.valid ? null : r.error);
    this.totalBox.classList.toggle('invalid', !r.valid);
    this.results.classList.toggle('stale', !r.valid);
    this.results.setAttribute('aria-hidden', String(!r.valid));
    // greyed numbers of the last valid settings stay for context; with none yet, nothing is shown
    this.results.hidden = !r.valid && !this.drawn;
    if (!r.valid) {
      this.totalBox.textContent = t('calc.totalInvalid');
      if (r.error.cause) throw r.error.cause; // past 2^53: the core's own message, in the error box
      return;
    }
    this.totalBox.textContent = `${t('calc.total')}: ${f(r.total)}`;
    this.drawn = true;
    this.drawCosts(r);
    this.drawTable(r);
    this.drawDiagram(r);
    const ns = r.costs.map((q) => q.n);
    this.cost.set({ series: [{ name: '', x: ns, y: r.costs.map((q) => q.bytes), points: true }] });
    this.costFlops.set({ series: [{ name: '', x: ns, y: r.costs.map((q) => q.flops), points: true, dashed: true }] });
    const [a, b] = r.costs;
    this.growth.textContent =
      a && b && b.n === 2 * a.n
        ? this.tf('calc.growth', { bytes: fmt(b.bytes / a.bytes, 3), flops: fmt(b.flops / a.flops, 3) })
        : '';
  }

  drawCosts(r) {
    const { flops, kvCache, memory, config: c } = r;
    const hd = c.heads * c.dHead;
    const kvLayers = c.arch === 'encoder' ? 0 : c.decoderBlocks;
    const tokens = '\\text{FLOPs}';
    // [key, value shown, the formula in symbols, the same with this model's numbers, a note]
    const rows = [
      [
        'flopsForward',
        big(flops.forward),
        `${tokens}_{\\text{fwd}} = 2W + 4\\,L\\,n\\,h\\,d_{\\text{head}}`,
        `= 2 \\cdot ${tn(flops.matmulWeights)} + 4 \\cdot ${tn(flops.attentionLayers)} \\cdot ${tn(c.seqLen)} \\cdot ${tn(hd)}`,
        this.tf('calc.flopsNote', { w: f(flops.matmulWeights), l: f(flops.attentionLayers) }),
      ],
      [
        'flopsTrain',
        big(flops.train),
        `${tokens}_{\\text{train}} \\approx 3 \\cdot ${tokens}_{\\text{fwd}}`,
        `= 3 \\cdot ${tn(flops.forward)}`,
        null,
      ],
      [
        'kvCache',
        bytes(kvCache.bytesPerToken),
        `2 \\cdot L_{\\text{dec}} \\cdot h\\,d_{\\text{head}} \\cdot 4`,
        `= 2 \\cdot ${tn(kvLayers)} \\cdot ${tn(hd)} \\cdot 4`,
        [
          this.t('calc.kvNote'),
          kvCache.crossBytesPerSourceToken
            ? this.tf('calc.kvCross', { bytes: bytes(kvCache.crossBytesPerSourceToken) })
            : '',
        ].join(' '),
      ],
      [
        'kvBatch',
        bytes(kvCache.bytesForBatch),
        `\\text{KV}_{\\text{token}} \\cdot n \\cdot B`,
        `= ${tn(kvCache.bytesPerToken)} \\cdot ${tn(c.seqLen)} \\cdot ${tn(c.batch)}`,
        null,
      ],
      ['memory', bytes(memory.bytes), `(4 + 4 + 8) \\cdot P`, `= 16 \\cdot ${tn(r.total)}`, this.t('calc.memoryNote')],
    ];
    this.costs.replaceChildren(
      ...rows.map(([key, value, symbols, numbers, note]) => {
        const formula = h('div', { class: 'formula', dir: 'ltr' });
        for (const line of [symbols, numbers]) {
          const el = h('div', { class: 'line' });
          // MathML output: typeset by the browser, no font files to fetch, no inline styles
          katex.render(line, el, { output: 'mathml', throwOnError: false });
          formula.append(el);
        }
        return h(
          'div',
          { class: 'cost', 'data-cost': key },
          h(
            'div',
            { class: 'cost-head' },
            h('span', { class: 'cost-name', text: this.t(`calc.${key}`) }),
            h('span', { class: 'cost-value', dir: 'ltr', text: value }),
          ),
          formula,
          note ? h('p', { class: 'hint', text: note }) : null,
        );
      }),
    );
  }

  drawTable(r) {
    const t = (x) => this.t(x);
    const c = r.components;
    const parts = Object.entries(c).map(([key, p]) =>
      h(
        'tr',
        { class: 'sub' },
        h('th', { scope: 'row', text: t(`calc.part.${key}`) }),
        h('td', { class: 'num', dir: 'ltr', text: p.formula }),
        h('td', { class: 'num', text: f(p.count) }),
        h('td', { text: '' }),
      ),
    );
    const rows = r.breakdown.map((b) =>
      h(
        'tr',
        { class: b.count * b.times === 0 ? 'zero' : null, 'data-key': b.key },
        h('th', { scope: 'row', text: t(`calc.part.${b.key}`) }),
        h(
          'td',
          { class: 'num', dir: 'ltr', text: b.formula },
          b.note ? h('span', { class: 'note', text: t(`calc.note.${b.note}`) }) : null,
        ),
        h('td', { class: 'num', text: `${f(b.count)}${b.times !== 1 ? ` × ${b.times}` : ''}` }),
        h('td', { class: 'num', text: f(b.count * b.times) }),
      ),
    );
    this.table.replaceChildren(
      h('caption', { text: t('calc.parameters') }),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['component', 'formula', 'count', 'subtotal'].map((x) => h('th', { scope: 'col', text: t(`calc.${x}`) })),
        ),
      ),
      h('tbody', {}, parts, rows),
      h(
        'tfoot',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'row', text: t('calc.total') }),
          h('td', { text: '' }),
          h('td', { text: '' }),
          h('td', { class: 'num', text: f(r.total) }),
        ),
      ),
    );
  }

  drawDiagram(r) {
    const t = (x) => this.t(x);
    const column = (where, title) =>
      h(
        'div',
        { class: 'stack' },
        h('h4', { text: title }),
        r.stages
          .filter((s) => s.where === where || s.where === 'both')
          .map((s) =>
            h(
              'div',
              { class: 'stage' },
              h('span', { class: 'name', text: t(`calc.stage.${s.name}`) }),
              // bdi, not span: dir alone does not isolate a shape from the Persian text around it
              h('bdi', { class: 'shape', dir: 'ltr', text: `[${s.shape.map(f).join(' × ')}]` }),
            ),
          ),
      );
    const { arch, encoderBlocks, decoderBlocks } = r.config;
    this.diagram.replaceChildren(
      arch !== 'decoder' ? column('encoder', `${t('calc.encoder')} × ${encoderBlocks}`) : null,
      arch !== 'encoder' ? column('decoder', `${t('calc.decoder')} × ${decoderBlocks}`) : null,
    );
  }
}

define('seqlab-transformer-calc', SeqlabTransformerCalc);
