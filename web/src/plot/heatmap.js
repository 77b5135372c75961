// heatmap.js — a matrix drawn on a canvas from one reused pixel buffer (one pixel per cell,
// scaled up by CSS), with d3 axes labelled by tokens, a colour legend, hover and keyboard
// focus on cells, and a table view of the numbers for screen readers.
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleBand, scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';

import { fmt, h, svg, uniqueId } from '../core/dom.js';
import { lut, lut32, MASKED_32 } from './colors.js';

const FULL = { left: 64, top: 6, right: 8, bottom: 58 };
const COMPACT = { left: 2, top: 2, right: 2, bottom: 2 };
const TABLE_MAX = 64;

const short = (s) => {
  const t = String(s ?? '');
  return t.length > 9 ? `${t.slice(0, 8)}…` : t;
};

export class Heatmap {
  /**
   * @param {object} o
   * @param {string} o.title caption
   * @param {'sequential'|'diverging'} [o.colormap]
   * @param {number} [o.size] largest side of the cell area in CSS pixels
   * @param {(cell: {i: number, j: number} | null) => void} [o.onHover]
   * @param {(cell: {i: number, j: number}) => void} [o.onSelect] click, Enter or Space on a cell
   * @param {string} [o.xTitle] @param {string} [o.yTitle]
   */
  constructor({
    title,
    colormap = 'sequential',
    size = 300,
    onHover,
    onSelect,
    xTitle = '',
    yTitle = '',
    compact = false,
    t = (s) => s,
  }) {
    this.opts = { title, colormap, size, onHover, onSelect, xTitle, yTitle, compact, t };
    this.m = compact ? COMPACT : FULL; // compact: a thumbnail, no axes, legend or table
    this.cursor = null;
    this.canvas = h('canvas', { class: 'hm-canvas', tabindex: '0', role: 'img' });
    this.axes = svg('svg', { class: 'hm-axes', 'aria-hidden': 'true' });
    this.marker = svg('rect', { class: 'hm-marker', visibility: 'hidden' });
    this.body = h('div', { class: 'hm-body' }, this.axes, this.canvas);
    this.legend = h('div', { class: 'hm-legend', 'aria-hidden': 'true' });
    this.tableSlot = h('div', { class: 'hm-table-wrap' });
    this.details = h(
      'details',
      { class: 'hm-details' },
      h('summary', { text: t('Table of the numbers') }),
      this.tableSlot,
    );
    this.details.addEventListener('toggle', () => this.details.open && this.renderTable());
    this.caption = h('figcaption', { text: title });
    this.root = compact
      ? h('figure', { class: 'heatmap compact' }, this.body, this.caption)
      : h('figure', { class: 'heatmap' }, this.caption, this.body, this.legend, this.details);
    this.bindEvents();
  }

  bindEvents() {
    const cellAt = (ev) => {
      const r = this.canvas.getBoundingClientRect();
      const j = Math.floor(((ev.clientX - r.left) / r.width) * this.cols);
      const i = Math.floor(((ev.clientY - r.top) / r.height) * this.rows);
      return i >= 0 && j >= 0 && i < this.rows && j < this.cols ? { i, j } : null;
    };
    this.canvas.addEventListener('pointermove', (ev) => this.focusCell(cellAt(ev)));
    this.canvas.addEventListener('pointerleave', () => this.focusCell(null));
    this.canvas.addEventListener('click', (ev) => {
      const c = cellAt(ev);
      if (c && this.opts.onSelect) this.opts.onSelect(c);
    });
    this.canvas.addEventListener('keydown', (ev) => {
      if (!this.rows) return;
      const c = this.cursor ?? { i: 0, j: 0 };
      const moves = {
        ArrowUp: [-1, 0],
        ArrowDown: [1, 0],
        ArrowLeft: [0, -1],
        ArrowRight: [0, 1],
        Home: [0, -c.j],
        End: [0, this.cols - 1 - c.j],
      };
      if (moves[ev.key]) {
        ev.preventDefault();
        const [di, dj] = moves[ev.key];
        this.focusCell({
          i: Math.min(this.rows - 1, Math.max(0, c.i + di)),
          j: Math.min(this.cols - 1, Math.max(0, c.j + dj)),
        });
      } else if ((ev.key === 'Enter' || ev.key === ' ') && this.cursor && this.opts.onSelect) {
        ev.preventDefault();
        this.opts.onSelect(this.cursor);
      }
    });
    this.canvas.addEventListener('focus', () => this.cursor || this.focusCell({ i: 0, j: 0 }));
    this.canvas.addEventListener('blur', () => this.focusCell(null));
  }

  /** Moves the highlighted cell (null hides it) and tells the owner. */
  focusCell(cell, notify = true) {
    this.cursor = cell;
    this.showMarker(cell);
    if (notify && this.opts.onHover) this.opts.onHover(cell);
  }

  /** Highlights a cell without telling the owner (for linked panels). */
  showMarker(cell) {
    if (!cell || !this.rows || cell.i >= this.rows || cell.j >= this.cols) {
      this.marker.setAttribute('visibility', 'hidden');
      return;
    }
    const c = this.cell;
    this.marker.setAttribute('x', this.m.left + cell.j * c);
    this.marker.setAttribute('y', this.m.top + cell.i * c);
    this.marker.setAttribute('width', Math.max(c, 2));
    this.marker.setAttribute('height', Math.max(c, 2));
    this.marker.setAttribute('visibility', 'visible');
  }

  /**
   * Draws data (rows×cols, row-major). domain: [lo, hi] mapped to the ends of the colour map.
   * -Infinity cells are drawn grey ("masked").
   */
  set({ data, rows, cols, xLabels, yLabels, domain, describe }) {
    Object.assign(this, { data, rows, cols, xLabels, yLabels, domain });
    const size = this.opts.size;
    this.cell = size / Math.max(rows, cols);
    const w = this.cell * cols;
    const hgt = this.cell * rows;
    // A matrix with more cells than the plot has device pixels is sampled at the display
    // resolution (the screen could not show more); otherwise one canvas pixel per cell.
    const devicePixels = size * Math.max(1, Math.min(2, globalThis.devicePixelRatio || 1));
    const sample = Math.max(rows, cols) > devicePixels ? Math.max(rows, cols) / devicePixels : 1;
    const pw = Math.max(1, Math.round(cols / sample));
    const ph = Math.max(1, Math.round(rows / sample));
    if (this.canvas.width !== pw || this.canvas.height !== ph || !this.image) {
      this.canvas.width = pw;
      this.canvas.height = ph;
      this.image = this.canvas.getContext('2d').createImageData(pw, ph);
      this.pixels = new Uint32Array(this.image.data.buffer);
    }
    const px = this.pixels;
    const table = lut32(this.opts.colormap);
    const [lo, hi] = domain;
    const k = hi > lo ? 255 / (hi - lo) : 0;
    let masked = false;
    // source column of each pixel column, computed once per draw rather than once per pixel
    if (!this.colIndex || this.colIndex.length !== pw || this.colIndexFor !== `${cols}|${sample}`) {
      this.colIndex = Int32Array.from({ length: pw }, (_, x) =>
        sample === 1 ? x : Math.min(cols - 1, Math.floor(x * sample)),
      );
      this.colIndexFor = `${cols}|${sample}`;
    }
    const colIndex = this.colIndex;
    for (let y = 0; y < ph; y++) {
      const base = (sample === 1 ? y : Math.min(rows - 1, Math.floor(y * sample))) * cols;
      const out = y * pw;
      for (let x = 0; x < pw; x++) {
        const v = data[base + colIndex[x]];
        const t = (v - lo) * k;
        if (t >= 0) px[out + x] = table[t >= 255 ? 255 : (t + 0.5) | 0];
        else if (v === -Infinity || v !== v) {
          px[out + x] = MASKED_32;
          masked = true;
        } else px[out + x] = table[0]; // below the domain, or a flat domain (k = 0, t NaN)
      }
    }
    this.canvas.getContext('2d').putImageData(this.image, 0, 0);
    Object.assign(this.canvas.style, {
      left: `${this.m.left}px`,
      top: `${this.m.top}px`,
      width: `${w}px`,
      height: `${hgt}px`,
    });
    this.body.style.width = `${this.m.left + w + this.m.right}px`;
    this.body.style.height = `${this.m.top + hgt + this.m.bottom}px`;
    const tr = this.opts.t;
    this.canvas.setAttribute(
      'aria-label',
      `${this.opts.title}: ${rows} × ${cols} ${tr('heatmap')}${describe ? `. ${describe}` : ''}. ${tr('Arrow keys move between cells; the table below lists the numbers.')}`,
    );
    if (this.opts.compact) {
      this.axes.setAttribute('width', this.m.left + w + this.m.right);
      this.axes.setAttribute('height', this.m.top + hgt + this.m.bottom);
      if (this.marker.parentNode !== this.axes) this.axes.replaceChildren(this.marker);
    } else {
      // axes and legend only change with the labels, the size or the colour domain
      const axesKey = `${rows}|${cols}|${w}|${labelsKey(xLabels)}|${labelsKey(yLabels)}`;
      if (axesKey !== this.axesKey) this.drawAxes(w, hgt);
      this.axesKey = axesKey;
      const legendKey = `${domain[0]}|${domain[1]}|${masked}`;
      if (legendKey !== this.legendKey) this.drawLegend(masked);
      this.legendKey = legendKey;
    }
    if (this.details.open) this.renderTable();
    if (this.cursor) this.showMarker(this.cursor);
  }

  drawAxes(w, hgt) {
    const ax = select(this.axes);
    ax.selectAll('*').remove();
    this.axes.setAttribute('width', this.m.left + w + this.m.right);
    this.axes.setAttribute('height', this.m.top + hgt + this.m.bottom);
    // at most one label per 11 px so labels never overlap
    const step = Math.max(1, Math.ceil(11 / this.cell));
    const range = (n) => Array.from({ length: n }, (_, i) => i);
    const ticks = (n) => range(n).filter((i) => i % step === 0);
    const x = scaleBand().domain(range(this.cols)).range([0, w]);
    const y = scaleBand().domain(range(this.rows)).range([0, hgt]);
    const xl = this.xLabels ?? [];
    const yl = this.yLabels ?? [];
    ax.append('g')
      .attr('transform', `translate(${this.m.left},${this.m.top + hgt})`)
      .call(
        axisBottom(x)
          .tickValues(ticks(this.cols))
          .tickFormat((i) => short(xl[i] ?? i))
          .tickSizeOuter(0),
      )
      .selectAll('text')
      .attr('transform', 'rotate(-55)')
      .attr('text-anchor', 'end')
      .attr('dx', '-0.5em')
      .attr('dy', '0.2em');
    ax.append('g')
      .attr('transform', `translate(${this.m.left},${this.m.top})`)
      .call(
        axisLeft(y)
          .tickValues(ticks(this.rows))
          .tickFormat((i) => short(yl[i] ?? i))
          .tickSizeOuter(0),
      );
    if (this.opts.xTitle)
      ax.append('text')
        .attr('class', 'hm-title')
        .attr('x', this.m.left + w)
        .attr('y', this.m.top + hgt + this.m.bottom - 2)
        .attr('text-anchor', 'end')
        .text(this.opts.xTitle);
    if (this.opts.yTitle)
      ax.append('text')
        .attr('class', 'hm-title')
        .attr('x', 2)
        .attr('y', this.m.top + 8)
        .text(this.opts.yTitle);
    this.axes.append(this.marker);
  }

  drawLegend(masked) {
    const W = 160;
    const table = lut(this.opts.colormap);
    const strip = h('canvas', { class: 'hm-strip', width: 256, height: 1 });
    const ctx = strip.getContext('2d');
    const img = ctx.createImageData(256, 1);
    img.data.set(table);
    ctx.putImageData(img, 0, 0);
    const axis = svg('svg', { width: W + 24, height: 22 });
    select(axis)
      .append('g')
      .attr('transform', 'translate(12,2)')
      .call(
        axisBottom(scaleLinear().domain(this.domain).range([0, W]))
          .ticks(4)
          .tickFormat((v) => fmt(v, 3))
          .tickSizeOuter(0),
      );
    const parts = [h('div', { class: 'hm-scale' }, strip, axis)];
    if (masked) parts.push(h('span', { class: 'hm-masked' }, h('i', { class: 'swatch' }), this.opts.t('masked (−∞)')));
    this.legend.replaceChildren(...parts);
  }

  renderTable() {
    if (!this.data) return;
    const r = Math.min(this.rows, TABLE_MAX);
    const c = Math.min(this.cols, TABLE_MAX);
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col', text: '' }),
      Array.from({ length: c }, (_, j) => h('th', { scope: 'col', text: String(this.xLabels?.[j] ?? j) })),
    );
    const body = Array.from({ length: r }, (_, i) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row', text: String(this.yLabels?.[i] ?? i) }),
        Array.from({ length: c }, (_, j) => h('td', { text: fmt(this.data[i * this.cols + j]) })),
      ),
    );
    const note =
      r < this.rows || c < this.cols
        ? h('p', { class: 'hint', text: `${this.opts.t('Showing the first')} ${r}×${c} / ${this.rows}×${this.cols}.` })
        : null;
    this.tableSlot.replaceChildren(
      ...(note ? [note] : []),
      h(
        'table',
        { id: uniqueId('t') },
        h('caption', { text: this.opts.title }),
        h('thead', {}, head),
        h('tbody', {}, body),
      ),
    );
  }
}

const labelIds = new WeakMap();
let nextLabelId = 0;
/** Cheap identity of a label array: the same array object, or equal short arrays. */
function labelsKey(labels) {
  if (!labels) return '';
  if (labels.length <= 64) return labels.join('\u0001');
  if (!labelIds.has(labels)) labelIds.set(labels, ++nextLabelId);
  return `#${labelIds.get(labels)}`;
}

/** Symmetric domain [-a, a] over the finite values (a > 0). */
export function symmetricDomain(data) {
  let lo = 0,
    hi = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]; // NaN fails both comparisons
    if (v > hi) hi = v;
    else if (v < lo) lo = v;
  }
  // ±Infinity (masked scores) would swamp the scale: take the largest finite magnitude instead
  if (hi === Infinity || lo === -Infinity) {
    let a = 0;
    for (let i = 0; i < data.length; i++) {
      const v = Math.abs(data[i]);
      if (v > a && v !== Infinity) a = v;
    }
    return [-(a || 1), a || 1];
  }
  const a = Math.max(hi, -lo);
  return [-(a || 1), a || 1];
}
