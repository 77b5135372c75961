// lineplot.js — line and bar charts on SVG with d3 scales and axes: several series, optional
// log y axis, a hover/keyboard readout of the nearest point, and a table view of the numbers.
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleBand, scaleLinear, scaleLog } from 'd3-scale';
import { select } from 'd3-selection';

import { fmt, h, setSvgText, setText, svg, withFormulas as withFormulasOf } from '../core/dom.js';

/** For d3's selection.each: the SVG text's formulas isolated (setSvgText). */
const svgTextOf = (text) =>
  function () {
    setSvgText(this, text ?? '');
  };

const MARGIN = { left: 56, top: 10, right: 12, bottom: 40 };
/** Room above the plot for a y-axis title, so it never overlaps the top tick label. */
const TITLE_TOP = 24;
/** Narrowest a plot is drawn (a 360 px phone leaves about 300 px inside a widget). */
const MIN_WIDTH = 220;
/** Okabe–Ito: a qualitative palette that stays distinct under every common colour-vision deficiency. */
// Okabe–Ito's colour-blind-safe palette, with its black replaced by a grey that shows on the dark
// theme as on the light one (an eighth series drawn black vanished on a dark page)
export const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#999999'];

export class LinePlot {
  /**
   * @param {object} o
   * @param {string} o.title
   * @param {string} [o.xLabel] @param {string} [o.yLabel]
   * @param {boolean} [o.logY] log scale on y (non-positive values are left out of the line)
   * @param {'line'|'bar'} [o.kind]
   * @param {number} [o.width] @param {number} [o.height]
   * @param {(p: {series: number, index: number} | null) => void} [o.onHover]
   * @param {(text: string) => string} [o.t] translates the plot's own words (table, description)
   */
  constructor({
    title,
    xLabel = '',
    yLabel = '',
    logY = false,
    kind = 'line',
    width = 420,
    height = 240,
    onHover,
    t = (x) => x,
  } = {}) {
    this.o = { title, xLabel, yLabel, logY, kind, width, height, onHover, t };
    /** The width asked for is the most the plot takes; a narrower container gets a narrower plot. */
    this.maxWidth = width;
    this.svg = svg('svg', { class: 'lp-svg', width, height, role: 'img', tabindex: '0' });
    this.readout = h('div', { class: 'lp-readout', 'aria-live': 'polite' });
    this.legend = h('div', { class: 'lp-legend' });
    this.tableSlot = h('div', { class: 'hm-table-wrap' });
    this.details = h(
      'details',
      { class: 'hm-details' },
      h('summary', { text: t('Table of the numbers') }),
      this.tableSlot,
    );
    this.details.addEventListener('toggle', () => this.details.open && this.renderTable());
    this.caption = setText(h('figcaption'), title);
    this.root = h('figure', { class: 'lineplot' }, this.caption, this.svg, this.legend, this.readout, this.details);
    // CSSOM (allowed under a strict CSP): as wide as asked, narrower when the container is
    this.root.style.maxWidth = `${width}px`;
    this.cursor = null;
    this.bindEvents();
    this.observeSize();
  }

  /** Redraws at the container's width when it changes (a course column, a phone, a rotated phone). */
  observeSize() {
    if (typeof ResizeObserver === 'undefined') return;
    this.resizer = new ResizeObserver((entries) => {
      const w = Math.floor(entries[entries.length - 1].contentRect.width);
      if (w <= 0) return; // hidden
      const width = Math.max(MIN_WIDTH, Math.min(this.maxWidth, w));
      if (Math.abs(width - this.o.width) < 1) return;
      this.o.width = width;
      this.svg.setAttribute('width', width);
      if (this.lastSet) this.set(this.lastSet);
    });
    this.resizer.observe(this.root);
  }

  bindEvents() {
    this.svg.addEventListener('pointermove', (ev) => {
      if (!this.series) return;
      const r = this.svg.getBoundingClientRect();
      const px = ((ev.clientX - r.left) / r.width) * this.o.width;
      const py = ((ev.clientY - r.top) / r.height) * this.o.height;
      this.focusPoint(this.nearest(px, py));
    });
    this.svg.addEventListener('pointerleave', () => this.focusPoint(null));
    this.svg.addEventListener('keydown', (ev) => {
      if (!this.series?.length) return;
      const c = this.cursor ?? { series: 0, index: 0 };
      const len = this.series[c.series].x.length;
      if (len === 0) return;
      const step = { ArrowLeft: -1, ArrowRight: 1, Home: -len, End: len }[ev.key];
      if (step !== undefined) {
        ev.preventDefault();
        this.focusPoint({ series: c.series, index: Math.max(0, Math.min(len - 1, c.index + step)) });
      } else if (ev.key === 'ArrowUp' || ev.key === 'ArrowDown') {
        ev.preventDefault();
        const s = (c.series + (ev.key === 'ArrowDown' ? 1 : this.series.length - 1)) % this.series.length;
        this.focusPoint({ series: s, index: Math.min(c.index, this.series[s].x.length - 1) });
      }
    });
    this.svg.addEventListener('focus', () => this.cursor || this.focusPoint({ series: 0, index: 0 }));
  }

  nearest(px, py) {
    let best = null;
    let bd = Infinity;
    this.series.forEach((s, si) =>
      s.x.forEach((x, i) => {
        const y = s.y[i];
        if (!this.valid(y)) return;
        const d = (this.xs(x) - px) ** 2 + (this.ys(y) - py) ** 2 / 4;
        if (d < bd) {
          bd = d;
          best = { series: si, index: i };
        }
      }),
    );
    return best;
  }

  valid(y) {
    return Number.isFinite(y) && (!this.o.logY || y > 0);
  }

  focusPoint(p) {
    this.cursor = p;
    this.marker?.setAttribute('visibility', p ? 'visible' : 'hidden');
    if (p) {
      const s = this.series[p.series];
      const x = s.x[p.index];
      const y = s.y[p.index];
      if (this.valid(y)) {
        this.marker.setAttribute('cx', this.xs(x));
        this.marker.setAttribute('cy', this.ys(y));
      }
      const band = s.lo && s.hi && this.valid(s.lo[p.index]) ? ` (${fmt(s.lo[p.index])}–${fmt(s.hi[p.index])})` : '';
      this.readout.textContent = `${s.name ? `${s.name}: ` : ''}${this.o.xLabel || 'x'} = ${s.xLabels?.[p.index] ?? fmt(x)}, ${this.o.yLabel || 'y'} = ${fmt(y)}${band}`;
    } else {
      this.readout.textContent = '';
    }
    this.o.onHover?.(p);
  }

  /**
   * series: [{name, x: number[], y: number[], xLabels?, color?, dashed?, lo?, hi?}] (lo and hi:
   * a translucent band from lo to hi around the line, whiskers where it has one x); for bars x are the
   * category indices (several series: disjoint groups of categories, each in its colour).
   * yDomain optional [lo, hi]; refs: horizontal reference lines [{y, label}].
   */
  set({ series, yDomain, xDomain, refs = [] }) {
    this.lastSet = { series, yDomain, xDomain, refs };
    this.series = series;
    const { width, height, logY, kind } = this.o;
    const M = { ...MARGIN, top: this.o.yLabel ? TITLE_TOP : MARGIN.top };
    const W = width - M.left - M.right;
    const H = height - M.top - M.bottom;
    const ys = series.flatMap((s) => [...s.y, ...(s.lo ?? []), ...(s.hi ?? [])].filter((v) => this.valid(v)));
    for (const r of refs) ys.push(r.y);
    let [lo, hi] = yDomain ?? [Math.min(...ys), Math.max(...ys)];
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = logY ? [1e-3, 1] : [0, 1];
    if (kind === 'bar' && !logY) lo = Math.min(0, lo);
    if (lo === hi) [lo, hi] = logY ? [lo / 2, hi * 2] : [lo - 1, hi + 1];
    const yScale = (logY ? scaleLog() : scaleLinear()).domain([lo, hi]).range([M.top + H, M.top]);
    if (!yDomain) yScale.nice();
    let xAxis;
    if (kind === 'bar') {
      // several bar series (groups in their own colours) share one row of categories
      const cats = new Map();
      for (const s of series) Array.from(s.x).forEach((x, i) => cats.has(x) || cats.set(x, s.xLabels?.[i] ?? x));
      const band = scaleBand()
        .domain([...cats.keys()])
        .range([M.left, M.left + W])
        .padding(0.2);
      this.xs = (x) => band(x) + band.bandwidth() / 2;
      this.band = band;
      xAxis = axisBottom(band).tickFormat((x) => cats.get(x));
    } else {
      const xs = series.flatMap((s) => s.x);
      const xScale = scaleLinear()
        .domain(xDomain ?? [Math.min(...xs), Math.max(...xs)])
        .range([M.left, M.left + W]);
      this.xs = xScale;
      xAxis = axisBottom(xScale).ticks(Math.max(2, Math.min(6, Math.floor(W / 50))));
      // a step axis (every x a whole number) gets whole-number ticks only, never 0.5 or 1.5
      if (xs.every(Number.isInteger)) {
        const ticks = xScale.ticks(Math.max(2, Math.min(6, Math.floor(W / 50)))).filter(Number.isInteger);
        xAxis = axisBottom(xScale)
          .tickValues(ticks)
          .tickFormat((v) => fmt(v, 6));
      }
    }
    this.ys = yScale;
    const root = select(this.svg);
    root.selectAll('*').remove();
    root
      .append('g')
      .attr('class', 'lp-axis')
      .attr('transform', `translate(0,${M.top + H})`)
      .call(xAxis);
    root
      .append('g')
      .attr('class', 'lp-axis')
      .attr('transform', `translate(${M.left},0)`)
      .call(
        axisLeft(yScale)
          .ticks(5, logY ? '~e' : undefined)
          .tickFormat(logY ? undefined : (v) => fmt(v, 3)),
      );
    root
      .append('text')
      .attr('class', 'lp-label')
      .attr('x', M.left + W)
      .attr('y', height - 4)
      .attr('text-anchor', 'end')
      .each(svgTextOf(this.o.xLabel));
    root
      .append('text')
      .attr('class', 'lp-label')
      .attr('x', 4)
      .attr('y', M.top - 12)
      .each(svgTextOf(this.o.yLabel));
    for (const r of refs) {
      root
        .append('line')
        .attr('class', 'lp-ref')
        .attr('x1', M.left)
        .attr('x2', M.left + W)
        .attr('y1', yScale(r.y))
        .attr('y2', yScale(r.y));
      if (r.label)
        root
          .append('text')
          .attr('class', 'lp-label')
          .attr('x', M.left + W)
          .attr('y', yScale(r.y) - 3)
          .attr('text-anchor', 'end')
          .each(svgTextOf(r.label));
    }
    series.forEach((s, si) => {
      const color = s.color ?? SERIES_COLORS[si % SERIES_COLORS.length];
      if (kind === 'bar') {
        s.x.forEach((x, i) => {
          const y = s.y[i];
          if (!this.valid(y)) return;
          const y0 = logY ? M.top + H : yScale(0);
          root
            .append('rect')
            .attr('x', this.band(x))
            .attr('width', this.band.bandwidth())
            .attr('y', Math.min(y0, yScale(y)))
            .attr('height', Math.abs(y0 - yScale(y)))
            .attr('fill', color);
        });
        return;
      }
      // s.lo / s.hi: a band (the spread over seeds, say) in the series' colour, under its line
      if (s.lo && s.hi) {
        const at = s.x.map((x, i) => [x, s.lo[i], s.hi[i]]).filter(([, a, b]) => this.valid(a) && this.valid(b));
        if (at.length > 1) {
          const top = at.map(([x, , b]) => `${this.xs(x).toFixed(2)},${yScale(b).toFixed(2)}`);
          const bottom = at.map(([x, a]) => `${this.xs(x).toFixed(2)},${yScale(a).toFixed(2)}`).reverse();
          root
            .append('path')
            .attr('class', 'lp-band')
            .attr('d', `M${top.join('L')}L${bottom.join('L')}Z`)
            .attr('fill', color)
            .attr('fill-opacity', 0.18)
            .attr('stroke', 'none');
        } else
          at.forEach(([x, a, b]) =>
            root
              .append('line')
              .attr('class', 'lp-band')
              .attr('x1', this.xs(x))
              .attr('x2', this.xs(x))
              .attr('y1', yScale(a))
              .attr('y2', yScale(b))
              .attr('stroke', color)
              .attr('stroke-opacity', 0.5)
              .attr('stroke-width', 6),
          );
      }
      let d = '';
      let pen = false;
      s.x.forEach((x, i) => {
        const y = s.y[i];
        if (!this.valid(y)) {
          pen = false;
          return;
        }
        d += `${pen ? 'L' : 'M'}${this.xs(x).toFixed(2)},${yScale(y).toFixed(2)}`;
        pen = true;
      });
      root
        .append('path')
        .attr('d', d)
        .attr('fill', 'none')
        .attr('stroke', color)
        .attr('stroke-width', 2)
        .attr('stroke-dasharray', s.dashed ? '5 4' : null);
      // a line of one point draws nothing: it gets a marker of its own
      const single = s.y.filter((y) => this.valid(y)).length === 1;
      if (s.points || single)
        s.x.forEach(
          (x, i) =>
            this.valid(s.y[i]) &&
            root.append('circle').attr('cx', this.xs(x)).attr('cy', yScale(s.y[i])).attr('r', 3).attr('fill', color),
        );
    });
    this.marker = svg('circle', { class: 'lp-marker', r: 5, visibility: 'hidden' });
    this.svg.append(this.marker);
    const t = this.o.t;
    this.svg.setAttribute(
      'aria-label',
      `${this.o.title}. ${series.length} ${t('series')}. ${t('Arrow keys step through the points; the table below lists them.')}`,
    );
    this.legend.replaceChildren(
      ...series
        .map((s, si) => {
          // s.legend: the key's text when it differs from the name (false: no key; the name still
          // labels the series in the readout and the table)
          const key = s.legend === undefined ? s.name : s.legend;
          if (!key) return null;
          const swatch = h('i', { class: 'swatch' });
          // CSSOM: allowed under a strict CSP
          swatch.style.background = s.color ?? SERIES_COLORS[si % SERIES_COLORS.length];
          return h('span', { class: 'lp-key' }, swatch, ...withFormulasOf(key));
        })
        .filter(Boolean),
    );
    if (this.details.open) this.renderTable();
    if (this.cursor && this.series[this.cursor.series]?.x.length > this.cursor.index) this.focusPoint(this.cursor);
  }

  renderTable() {
    if (!this.series) return;
    // series may have different x (an extrapolation plot's series start and end at different
    // places): one row per x of any series, each cell the series' y at that x, empty where it has none
    const label = new Map();
    for (const s of this.series) s.x.forEach((x, i) => label.has(x) || label.set(x, s.xLabels?.[i] ?? fmt(x)));
    const xs = [...label.keys()].sort((a, b) => a - b);
    const at = this.series.map((s) => new Map(Array.from(s.x, (x, i) => [x, s.y[i]])));
    const rows = xs.slice(0, 400).map((x) =>
      h(
        'tr',
        {},
        setText(h('th', { scope: 'row' }), String(label.get(x))),
        at.map((m) => setText(h('td'), m.has(x) ? fmt(m.get(x)) : '')),
      ),
    );
    this.tableSlot.replaceChildren(
      h(
        'table',
        {},
        setText(h('caption'), this.o.title),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            setText(h('th', { scope: 'col' }), this.o.xLabel || 'x'),
            this.series.map((s) => setText(h('th', { scope: 'col' }), s.name || this.o.yLabel || 'y')),
          ),
        ),
        h('tbody', {}, rows),
      ),
    );
  }
}
