// view.js — <seqlab-dot-scaling>: why attention scores are scaled by 1/√d, from Monte Carlo
// samples. The numbers come from model.js; this file builds the controls and draws, and spreads
// the sampling over short tasks so that no change blocks the page for long.
import { fmt, h, ltr, numberInput, withFormulas } from '../../core/dom.js';
import { SeqlabWidget, define } from '../../core/widget.js';
import { LinePlot } from '../../plot/lineplot.js';
import css from '../../styles/course.css';
import { D_LIST, UNIFORM_ENTROPY, createJob, curvesFor, histogram, normalDensity, resultOf, work } from './model.js';
import text from './text.js';

/** Work done in the frame of a change, and in each later slice, ms. */
const FRAME_MS = 8,
  TASK_MS = 6;

export class SeqlabDotScaling extends SeqlabWidget {
  static css = css;
  static text = text;
  static params = {
    d: { type: 'int', default: 64, min: 1, max: 1024 },
    samples: { type: 'int', default: 4000, min: 100, max: 20000 },
    seed: { type: 'int', default: 1, min: 0, max: 4294967295 },
  };

  build(frame) {
    const t = (s) => this.t(s);
    frame.append(
      h(
        'header',
        {},
        // formulas isolated left to right: in Persian "1/√d" would read "d√/1"
        h('h2', {}, withFormulas(t('Why scale by 1/√d'))),
        h(
          'p',
          { class: 'lede' },
          withFormulas(
            t(
              'For Gaussian a, b in d dimensions, aᵀb has mean 0 and variance d; unscaled scores grow with √d and saturate the softmax, scaled ones do not.',
            ),
          ),
        ),
      ),
      h(
        'div',
        { class: 'controls' },
        this.bind('d', numberInput(1, 1024), 'dimension d'),
        this.bind('samples', numberInput(100, 20000, 100), 'samples'),
        this.bind('seed', numberInput(0, 4294967295), 'seed'),
      ),
    );
    this.facts = h('div', { class: 'facts', 'aria-live': 'polite' });
    this.hist = new LinePlot({
      title: t('histogram of aᵀb with the N(0, d) density'),
      xLabel: 'aᵀb',
      yLabel: t('density'),
      width: 420,
      height: 240,
      t,
    });
    this.second = new LinePlot({
      title: t('E[(aᵀb)²] against d (line: y = d)'),
      xLabel: 'd',
      yLabel: t('mean of (aᵀb)²'),
      width: 420,
      height: 240,
      t,
    });
    this.sat = new LinePlot({
      title: t('softmax over 16 keys: the largest weight, with and without 1/√d'),
      xLabel: 'd',
      yLabel: t('mean largest weight'),
      width: 420,
      height: 240,
      t,
    });
    this.ent = new LinePlot({
      title: t('softmax entropy (nats), with and without 1/√d'),
      xLabel: 'd',
      yLabel: t('entropy'),
      width: 420,
      height: 240,
      t,
    });
    this.plots = h('div', { class: 'grid' }, this.hist.root, this.second.root, this.sat.root, this.ent.root);
    frame.append(this.facts, this.plots);
  }

  /**
   * Starts (or continues) the sampling for the current settings. The histogram's samples come
   * first; the curves across d depend on the seed only and are kept while d or the sample count
   * change.
   */
  compute() {
    const { seed } = this.state;
    if (this.curves?.seed !== seed) this.curves = curvesFor(this.sl, seed);
    const job = createJob(this.sl, this.state, this.curves);
    this.job = job;
    work(job, FRAME_MS);
    this.draw();
    if (this.lastResult.pending === 0) return undefined;
    return this.defer(() => {
      work(job, TASK_MS);
      this.draw();
      return this.lastResult.pending > 0;
    });
  }

  draw() {
    const t = (x) => this.t(x);
    const r = resultOf(this.job);
    this.lastResult = r;
    const { d, samples, done: n, mean, meanSquare: sq, dots, rows, pending } = r;
    this.plots.toggleAttribute('aria-busy', pending > 0); // still sampling: the plots fill in
    const hist = histogram(dots, d);
    this.facts.replaceChildren(
      h(
        'p',
        {},
        ltr(`d = ${d}`),
        this.lang === 'fa' ? '، ' : ', ',
        ltr(n < samples ? `${n} / ${samples}` : String(samples)),
        ` ${t('samples drawn')}: ${t('mean of')} `,
        ltr(`aᵀb = ${fmt(mean, 3)}`),
        ` (${t('expected')} `,
        ltr('0'),
        `), ${t('mean of')} `,
        ltr(`(aᵀb)² = ${fmt(sq, 4)}`),
        ` (${t('expected')} `,
        ltr(`d = ${d}`),
        `); ${t('after dividing by √d')}: `,
        ltr(fmt(sq / d, 3)),
        ` (${t('expected')} `,
        ltr('1'),
        ')',
      ),
    );
    this.hist.set({
      series: [
        { name: t('Monte Carlo samples'), x: hist.centers, y: hist.density, points: true },
        { name: 'N(0, d)', x: hist.centers, y: hist.centers.map((x) => normalDensity(x, d)), dashed: true },
      ],
    });
    // the curves change only when another d is complete (kept on the plot: a rebuilt plot redraws)
    const key = `${this.job.curves.seed}|${rows.length}`;
    if (this.second.drawnKey === key) return;
    this.second.drawnKey = key;
    const ds = rows.map((row) => row.d);
    const xDomain = [0, D_LIST.at(-1)];
    this.second.set({
      xDomain,
      series: [
        { name: t('Monte Carlo'), x: ds, y: rows.map((row) => row.m2), points: true },
        { name: 'y = d', x: D_LIST, y: D_LIST, dashed: true },
      ],
    });
    this.sat.set({
      xDomain,
      series: [
        { name: t('unscaled'), x: ds, y: rows.map((row) => row.raw.top), points: true },
        { name: t('scaled by 1/√d'), x: ds, y: rows.map((row) => row.scaled.top), dashed: true, points: true },
      ],
      yDomain: [0, 1],
    });
    this.ent.set({
      xDomain,
      series: [
        { name: t('unscaled'), x: ds, y: rows.map((row) => row.raw.ent), points: true },
        { name: t('scaled by 1/√d'), x: ds, y: rows.map((row) => row.scaled.ent), dashed: true, points: true },
      ],
      refs: [{ y: UNIFORM_ENTROPY, label: t('ln 16: uniform') }],
      yDomain: [0, UNIFORM_ENTROPY * 1.05],
    });
  }
}

define('seqlab-dot-scaling', SeqlabDotScaling);
