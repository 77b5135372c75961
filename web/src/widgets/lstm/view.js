// view.js — <seqlab-lstm>: an LSTM (and a GRU beside it) stepping through a sentence. Every gate
// per unit per step, the equations with live numbers, backpropagation through time with the
// vanishing-gradient view, and a gradient check that shows the course's mistaken forget-gate
// formula failing. The numbers come from model.js; this file builds controls, draws, and times
// the cells (a measurement of this browser, not a result of the model).
import katex from 'katex';

import { fmt, h, numberInput } from '../../core/dom.js';
import { SeqlabWidget, define, nextTask } from '../../core/widget.js';
import { Heatmap, symmetricDomain } from '../../plot/heatmap.js';
import { LinePlot } from '../../plot/lineplot.js';
import css from '../../styles/lstm.css';
import { MAX_T, PASS, PRESETS, gradientNorms, inputs, lstmModel } from './model.js';
import text from './text.js';

/** σ/tanh-named pieces of one gate in both notations. */
const GATES = [
  { key: 'i', course: '\\Gamma_u', torch: 'i', act: '\\sigma', name: 'update / input gate' },
  { key: 'f', course: '\\Gamma_f', torch: 'f', act: '\\sigma', name: 'forget gate' },
  { key: 'g', course: '\\tilde c', torch: 'g', act: '\\tanh', name: 'candidate' },
  { key: 'o', course: '\\Gamma_o', torch: 'o', act: '\\sigma', name: 'output gate' },
];

/** A number for KaTeX; a negative one in parentheses where it follows an operator. */
const texArg = (x) => fmt(x, 3).replace('−', '-');
const tex = (x) => {
  const s = texArg(x);
  return s.startsWith('-') ? `(${s})` : s;
};

export class SeqlabLstm extends SeqlabWidget {
  static css = css;
  static text = text;
  static params = {
    text: { type: 'string', default: PRESETS.review, maxLength: 4000 },
    nx: { type: 'int', default: 4, min: 2, max: 16 },
    nh: { type: 'int', default: 6, min: 1, max: 16 },
    seed: { type: 'int', default: 3, min: 0, max: 4294967295 },
    forgetBias: { type: 'number', default: 0, min: -4, max: 6 },
    step: { type: 'int', default: 1, min: 1, max: MAX_T },
    unit: { type: 'int', default: 1, min: 1, max: 16 },
    notation: { type: 'enum', values: ['course', 'pytorch'], default: 'course' },
    row: { type: 'int', default: 1, min: 1, max: 16 },
    col: { type: 'int', default: 1, min: 1, max: 16 },
  };

  build(frame) {
    const t = (s) => this.t(s);
    this.playBtn = h('button', { type: 'button', onclick: () => this.togglePlay(), text: t('Play') });
    frame.append(
      h(
        'header',
        {},
        h('h2', { text: t('LSTM and GRU, step by step') }),
        h('p', {
          class: 'lede',
          text: t(
            'An LSTM reads the sentence one token at a time: its gates decide what the cell state c forgets (Γ_f), what it adds (Γ_u·c̃) and what it shows (Γ_o). Step through it, then see how far back the gradient reaches.',
          ),
        }),
      ),
      h(
        'div',
        { class: 'controls' },
        this.bind('text', h('textarea', { rows: 2, spellcheck: false }), 'Sequence (tokens split on spaces)'),
        this.bind('nx', numberInput(2, 16), 'Input size n_x'),
        this.bind('nh', numberInput(1, 16), 'Hidden size n_a'),
        this.bind('seed', numberInput(0, 4294967295), 'Weight seed'),
        this.bind('forgetBias', h('input', { type: 'range', min: -4, max: 6, step: 0.25 }), 'Forget-gate bias'),
        this.bind(
          'notation',
          h(
            'select',
            {},
            h('option', { value: 'course', text: t("the course's (Γ_u, Γ_f, c̃, Γ_o, a)") }),
            h('option', { value: 'pytorch', text: t("PyTorch's (i, f, g, o, h)") }),
          ),
          'Notation',
        ),
      ),
    );
    // step-through
    this.stepInput = h('input', { type: 'range', min: 1, max: MAX_T, step: 1 });
    frame.append(
      h(
        'div',
        { class: 'player', 'data-part': 'player' },
        h('button', {
          type: 'button',
          'aria-label': t('Step back'),
          onclick: () => this.setState({ step: Math.max(1, this.state.step - 1) }),
          text: '‹',
        }),
        this.playBtn,
        h('button', { type: 'button', 'aria-label': t('Step forward'), onclick: () => this.advance(), text: '›' }),
        this.bind('step', this.stepInput, 'Step'),
        this.bind('unit', numberInput(1, 16), 'Unit'),
      ),
    );
    this.tokenStrip = h('div', { class: 'tokens', 'aria-hidden': 'true' });
    this.eqTitle = h('h3');
    this.equations = h('div', { class: 'equations' });
    frame.append(this.tokenStrip, this.eqTitle, this.equations);

    // gates over time
    const hm = (title, colormap = 'sequential') =>
      new Heatmap({
        title,
        colormap,
        size: 200,
        xTitle: t('step'),
        yTitle: t('unit'),
        t,
        onHover: (c) => this.gateHover(title, c),
      });
    this.gatePlots = {
      i: hm('Γ_u = i'),
      f: hm('Γ_f = f'),
      g: hm('c̃ = g', 'diverging'),
      o: hm('Γ_o = o'),
      c: hm('c', 'diverging'),
      h: hm('a = h', 'diverging'),
    };
    this.gateReadout = h('div', {
      class: 'readout',
      'aria-live': 'polite',
      text: t('Hover a cell to see its value and the equation that made it.'),
    });
    frame.append(
      h('h3', { text: t('Gates over time (unit × step)') }),
      h(
        'div',
        { class: 'grid', 'data-part': 'gates' },
        Object.values(this.gatePlots).map((p) => p.root),
      ),
      this.gateReadout,
    );

    // BPTT
    this.gradPlot = new LinePlot({
      title: t('Backpropagation through time'),
      xLabel: t('distance from the loss (steps)'),
      yLabel: t('gradient norm'),
      logY: true,
      width: 460,
      height: 260,
      t,
    });
    frame.append(
      h('h3', { text: t('Backpropagation through time') }),
      h('p', {
        class: 'hint',
        text: t(
          'Loss: the sum of the hidden state at the last step. The norms of dL/dc and dL/da at each step, against the distance from the loss. Raise the forget-gate bias and the gradient reaches further back.',
        ),
      }),
      h('div', { 'data-part': 'gradients' }, this.gradPlot.root),
    );

    // gradient check
    this.checkTable = h('table', { class: 'check-table' });
    frame.append(
      h('h3', { text: t('Gradient check') }),
      h('p', {
        class: 'hint',
        text: t(
          'One weight of W_f (forget gate, recurrent part): the gradient from BPTT against central differences of the loss in double precision.',
        ),
      }),
      h(
        'div',
        { class: 'controls compact', 'data-part': 'check' },
        this.bind('row', numberInput(1, 16), 'Row (unit)'),
        this.bind('col', numberInput(1, 16), 'Column (unit of a⟨t−1⟩)'),
      ),
      this.checkTable,
    );

    // LSTM vs GRU
    this.compareText = h('div', { class: 'compare' });
    this.lstmH = new Heatmap({
      title: t('LSTM hidden state (unit × step)'),
      colormap: 'diverging',
      size: 220,
      xTitle: t('step'),
      yTitle: t('unit'),
      t,
    });
    this.gruH = new Heatmap({
      title: t('GRU hidden state (unit × step)'),
      colormap: 'diverging',
      size: 220,
      xTitle: t('step'),
      yTitle: t('unit'),
      t,
    });
    frame.append(
      h('h3', { text: t('LSTM vs GRU') }),
      this.compareText,
      h('div', { class: 'grid', 'data-part': 'compare' }, this.lstmH.root, this.gruH.root),
    );
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.stopPlay();
  }

  // ---- playing -------------------------------------------------------------------------------
  togglePlay() {
    if (this.timer) this.stopPlay();
    else {
      if (this.state.step >= (this.lastResult?.T ?? 1)) this.setState({ step: 1 });
      this.timer = setInterval(
        () => this.advance(true),
        matchMedia('(prefers-reduced-motion: reduce)').matches ? 1500 : 700,
      );
      this.playBtn.textContent = this.t('Pause');
    }
  }

  stopPlay() {
    clearInterval(this.timer);
    this.timer = null;
    if (this.playBtn) this.playBtn.textContent = this.t('Play');
  }

  advance(fromTimer = false) {
    const T = this.lastResult?.T ?? 1;
    if (this.state.step >= T) {
      if (fromTimer) this.stopPlay();
      return;
    }
    this.setState({ step: this.state.step + 1 });
  }

  // ---- computing -----------------------------------------------------------------------------
  compute() {
    const r = lstmModel(this.sl, this.state);
    this.lastResult = r;
    this.timeCells(r.compare.key);
    for (const cell of ['lstm', 'gru']) r.compare[cell].usPerStep = this.timing[cell];
    this.draw();
  }

  /**
   * The time per step of each cell, measured here. The timing runs the cells for a few
   * milliseconds, so it is done in tasks of its own after the view is painted, and only again
   * when the sizes change (not on every step of the animation).
   */
  timeCells(key) {
    if (this.timing?.key === key) return;
    const timing = { key, lstm: null, gru: null };
    this.timing = timing;
    const { lstm: lstmArgs, gru: gruArgs } = inputs(this.state);
    const T = lstmArgs.T;
    const time = (f) => {
      f();
      let n = 0;
      const t0 = performance.now();
      do {
        f();
        n++;
      } while (performance.now() - t0 < 5);
      return ((performance.now() - t0) / n / T) * 1000; // µs per step
    };
    nextTask(() => {
      if (this.timing !== timing) return;
      timing.lstm = time(() => this.sl.lstmForward(lstmArgs));
      nextTask(() => {
        if (this.timing !== timing) return;
        timing.gru = time(() => this.sl.gruForward(gruArgs));
        if (this.lastResult?.compare?.key !== key) return;
        this.lastResult.compare.lstm.usPerStep = timing.lstm;
        this.lastResult.compare.gru.usPerStep = timing.gru;
        this.drawCompare();
      });
    });
  }

  drawCompare() {
    const t = (s) => this.t(s);
    const m = this.lastResult.compare;
    const us = (v) => (v === null ? t('measuring…') : fmt(v, 3));
    this.compareText.replaceChildren(
      h(
        'table',
        { class: 'check-table' },
        h(
          'tr',
          {},
          h('th', { text: '' }),
          h('th', { text: `${t('parameters')} (${t('with one bias per gate')})` }),
          h('th', { text: `${t('parameters')} (${t("with PyTorch's two")})` }),
          h('th', { text: `${t('time per step, measured here')} (µs)` }),
        ),
        h(
          'tr',
          {},
          h('th', { text: 'LSTM' }),
          h('td', { text: String(m.lstm.params1) }),
          h('td', { text: String(m.lstm.params2) }),
          h('td', { text: us(m.lstm.usPerStep) }),
        ),
        h(
          'tr',
          {},
          h('th', { text: 'GRU' }),
          h('td', { text: String(m.gru.params1) }),
          h('td', { text: String(m.gru.params2) }),
          h('td', { text: us(m.gru.usPerStep) }),
        ),
      ),
    );
  }

  draw() {
    const r = this.lastResult;
    const t = (s) => this.t(s);
    const { T, nh, forward: f } = r;
    this.stepInput.max = String(T);
    // token strip with the current step marked
    this.tokenStrip.replaceChildren(
      ...r.tokens.map((tok, i) => h('span', { class: i === r.step - 1 ? 'tok now' : 'tok', text: tok })),
    );
    this.drawEquations();
    // unit × step heatmaps: T×nh transposed into nh×T
    const byUnit = (a) => this.sl.transpose(a, T, nh);
    const steps = r.tokens;
    const units = Array.from({ length: nh }, (_, u) => String(u + 1));
    for (const key of ['i', 'f', 'o'])
      this.gatePlots[key].set({
        data: byUnit(f[key]),
        rows: nh,
        cols: T,
        domain: [0, 1],
        xLabels: steps,
        yLabels: units,
      });
    for (const key of ['g', 'c', 'h']) {
      const d = byUnit(f[key]);
      this.gatePlots[key].set({
        data: d,
        rows: nh,
        cols: T,
        domain: key === 'c' ? symmetricDomain(d) : [-1, 1],
        xLabels: steps,
        yLabels: units,
      });
    }
    for (const p of Object.values(this.gatePlots)) p.showMarker({ i: r.unit - 1, j: r.step - 1 });
    // gradient norms against distance from the loss
    const g = gradientNorms(this.sl, r.backward, T, nh);
    this.gradPlot.set({
      series: [
        { name: '‖dL/dc⟨t⟩‖', x: g.distance, y: g.dc, points: true },
        { name: '‖dL/da⟨t⟩‖', x: g.distance, y: g.dh, points: true, dashed: true },
      ],
    });
    // gradient check table
    const c = r.check;
    const ok = (rel) => (rel < PASS ? `✓ ${t('passes')}` : `✗ ${t('fails')}`);
    this.checkTable.replaceChildren(
      h('caption', { text: `∂L/∂W_f[${c.row + 1}, ${c.col + 1}]` }),
      h(
        'tr',
        {},
        h('th', { text: t('central differences') }),
        h('td', { text: fmt(c.numeric, 8) }),
        h('td', { text: '' }),
      ),
      h(
        'tr',
        { class: c.relRight < PASS ? 'pass' : 'fail' },
        h('th', { text: t('BPTT with c_prev (correct)') }),
        h('td', { text: fmt(c.right, 8) }),
        h('td', { text: `${t('relative error')} ${fmt(c.relRight, 2)} ${ok(c.relRight)}` }),
      ),
      h(
        'tr',
        { class: c.relWrong < PASS ? 'pass' : 'fail' },
        h('th', { text: t("BPTT with c̃ in place of c_prev (the course's slip)") }),
        h('td', { text: fmt(c.wrong, 8) }),
        h('td', { text: `${t('relative error')} ${fmt(c.relWrong, 2)} ${ok(c.relWrong)}` }),
      ),
    );
    this.drawCompare(); // LSTM vs GRU
    const lh = byUnit(f.h),
      gh = byUnit(r.gru.h);
    this.lstmH.set({ data: lh, rows: nh, cols: T, domain: [-1, 1], xLabels: steps, yLabels: units });
    this.gruH.set({ data: gh, rows: nh, cols: T, domain: [-1, 1], xLabels: steps, yLabels: units });
  }

  /** The cell's equations at the current step for the chosen unit, with the core's numbers. */
  drawEquations() {
    const r = this.lastResult;
    const { nh, forward: f } = r;
    const s = r.step - 1,
      u = r.unit - 1,
      p = s * nh + u;
    const course = this.state.notation === 'course';
    const tt = (x) => `\\langle ${x}\\rangle`;
    const a = course ? 'a' : 'h';
    const cPrev = s > 0 ? f.c[p - nh] : 0;
    const lines = GATES.map((g, k) => {
      const name = course ? g.course : g.torch;
      const pre = f.pre[s * 4 * nh + k * nh + u];
      const arg = course
        ? `W_{${g.key === 'i' ? 'u' : g.key === 'g' ? 'c' : g.key}}[${a}^{${tt('t-1')}}; x^{${tt('t')}}] + b`
        : `W_{i${g.key}}x_t + b_{i${g.key}} + W_{h${g.key}}h_{t-1} + b_{h${g.key}}`;
      return `${name}${course ? `^{${tt('t')}}` : ''} = ${g.act}\\big(${arg}\\big) = ${g.act}(${texArg(pre)}) = ${tex(f[g.key][p])}`;
    });
    const names = course
      ? {
          i: '\\Gamma_u',
          f: '\\Gamma_f',
          g: '\\tilde c',
          o: '\\Gamma_o',
          c: 'c',
          cp: `c^{${tt('t-1')}}`,
          ct: `c^{${tt('t')}}`,
          at: `a^{${tt('t')}}`,
        }
      : { i: 'i', f: 'f', g: 'g', o: 'o', c: 'c', cp: 'c_{t-1}', ct: 'c_t', at: 'h_t' };
    lines.push(
      `${names.ct} = ${names.f} \\odot ${names.cp} + ${names.i} \\odot ${names.g} = ${tex(f.f[p])}\\cdot${tex(cPrev)} + ${tex(f.i[p])}\\cdot${tex(f.g[p])} = ${tex(f.c[p])}`,
    );
    lines.push(
      `${names.at} = ${names.o} \\odot \\tanh(${names.ct}) = ${tex(f.o[p])}\\cdot\\tanh(${texArg(f.c[p])}) = ${tex(f.h[p])}`,
    );
    this.eqTitle.textContent = `${this.t('The equations at this step, for one unit')}: ${this.t('step')} ${r.step} (“${r.tokens[s]}”), ${this.t('unit')} ${r.unit}`;
    this.equations.replaceChildren(
      ...lines.map((line) => {
        const el = h('div', { class: 'eq' });
        // MathML output: typeset by the browser, no font files to fetch, no inline styles
        katex.render(line, el, { output: 'mathml', throwOnError: false, displayMode: true });
        return el;
      }),
    );
  }

  gateHover(title, cell) {
    const r = this.lastResult;
    if (!cell || !r) {
      this.gateReadout.textContent = this.t('Hover a cell to see its value and the equation that made it.');
      return;
    }
    const key = { 'Γ_u = i': 'i', 'Γ_f = f': 'f', 'c̃ = g': 'g', 'Γ_o = o': 'o', c: 'c', 'a = h': 'h' }[title];
    const p = cell.j * r.nh + cell.i;
    const how = {
      i: 'σ(W_u[a⟨t−1⟩; x⟨t⟩] + b_u)',
      f: 'σ(W_f[a⟨t−1⟩; x⟨t⟩] + b_f)',
      g: 'tanh(W_c[a⟨t−1⟩; x⟨t⟩] + b_c)',
      o: 'σ(W_o[a⟨t−1⟩; x⟨t⟩] + b_o)',
      c: 'Γ_f·c⟨t−1⟩ + Γ_u·c̃',
      h: 'Γ_o·tanh(c⟨t⟩)',
    }[key];
    this.gateReadout.textContent = `${title}, ${this.t('unit')} ${cell.i + 1}, ${this.t('step')} ${cell.j + 1} (“${r.tokens[cell.j]}”): ${fmt(r.forward[key][p])} = ${how}`;
  }
}

define('seqlab-lstm', SeqlabLstm);
