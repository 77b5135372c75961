// export.js — a widget's plots as PNG or SVG, and the numbers behind it as CSV or JSON.
// Works on any widget: plots are found in its shadow tree (heatmaps: their canvas plus the d3
// axes; line plots: their SVG), numbers come from widget.lastResult (or its exportData()).
import { svg } from './dom.js';

const NS = 'http://www.w3.org/2000/svg';

/** One SVG holding every plot of the widget, laid out in a row-wrapping grid. */
export function plotsToSvg(root, title) {
  const figures = [...root.querySelectorAll('figure.heatmap:not(.compact), figure.lineplot')].filter(
    (f) => f.offsetParent !== null || f.getClientRects().length,
  );
  // presentation attributes only (d3's axes carry their own): a <style> element would be an
  // inline style to a page whose Content-Security-Policy forbids them
  const out = svg('svg', { xmlns: NS, version: '1.1', 'font-family': 'sans-serif', 'font-size': 10, fill: '#1d232b' });
  const heading = svg('text', { x: 8, y: 18, 'font-size': 14, 'font-weight': 'bold' });
  heading.textContent = title;
  out.append(heading);
  let x = 8,
    y = 30,
    rowH = 0;
  const maxW = 1200;
  for (const fig of figures) {
    const g = svg('g');
    const cap = svg('text', { x: 0, y: 12, 'font-weight': 'bold' });
    cap.textContent = fig.querySelector('figcaption')?.textContent ?? '';
    g.append(cap);
    let w, h;
    if (fig.classList.contains('heatmap')) {
      const body = fig.querySelector('.hm-body');
      const canvas = body.querySelector('canvas');
      const axes = body.querySelector('svg');
      w = parseFloat(body.style.width) || canvas.width;
      h = parseFloat(body.style.height) || canvas.height;
      const img = svg('image', {
        x: parseFloat(canvas.style.left) || 0,
        y: 16 + (parseFloat(canvas.style.top) || 0),
        width: parseFloat(canvas.style.width) || canvas.width,
        height: parseFloat(canvas.style.height) || canvas.height,
        preserveAspectRatio: 'none',
        'image-rendering': 'pixelated',
      });
      img.setAttribute('href', canvas.toDataURL('image/png'));
      const ax = axes.cloneNode(true);
      ax.setAttribute('y', 16);
      g.append(img, ax);
    } else {
      const plot = fig.querySelector('svg');
      w = Number(plot.getAttribute('width'));
      h = Number(plot.getAttribute('height'));
      const copy = plot.cloneNode(true);
      copy.setAttribute('y', 16);
      g.append(copy);
    }
    h += 20;
    if (x + w > maxW && x > 8) {
      x = 8;
      y += rowH + 12;
      rowH = 0;
    }
    g.setAttribute('transform', `translate(${x},${y})`);
    out.append(g);
    x += w + 16;
    rowH = Math.max(rowH, h);
  }
  const width = Math.max(
    320,
    ...[...out.querySelectorAll(':scope > g')].map((g) => {
      const m = /translate\(([\d.]+)/.exec(g.getAttribute('transform'));
      return Number(m?.[1] ?? 0) + 420;
    }),
  );
  out.setAttribute('width', Math.min(maxW + 440, width));
  out.setAttribute('height', y + rowH + 10);
  out.setAttribute('viewBox', `0 0 ${out.getAttribute('width')} ${out.getAttribute('height')}`);
  return new XMLSerializer().serializeToString(out);
}

/** Renders the SVG text to a PNG blob (white background). */
export function svgToPng(svgText) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
    img.onload = () => {
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, c.width, c.height);
      ctx.drawImage(img, 0, 0);
      URL.revokeObjectURL(url);
      c.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode a PNG'))), 'image/png');
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('the page does not allow images from blob: URLs (Content-Security-Policy img-src)'));
    };
    img.src = url;
  });
}

/** Plain data from lastResult: typed arrays become arrays, functions and elements are dropped. */
export function toPlain(value, depth = 0) {
  if (depth > 6) return null;
  if (ArrayBuffer.isView(value)) return Array.from(value, (v) => (Number.isFinite(v) ? v : String(v)));
  if (Array.isArray(value)) return value.map((v) => toPlain(v, depth + 1));
  if (value instanceof Set) return [...value].map((v) => toPlain(v, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Node)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => typeof v !== 'function')
        .map(([k, v]) => [k, toPlain(v, depth + 1)]),
    );
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value === 'function' ? undefined : value;
}

const csvCell = (v) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV of every numeric array in the data: one block per array, "name,index,value" rows. */
export function toCsv(data) {
  const rows = ['array,index,value'];
  const walk = (v, path) => {
    if (ArrayBuffer.isView(v))
      v.forEach((x, i) => rows.push(`${csvCell(path)},${i},${Number.isFinite(x) ? x : String(x)}`));
    else if (Array.isArray(v) && v.every((x) => typeof x === 'number'))
      v.forEach((x, i) => rows.push(`${csvCell(path)},${i},${x}`));
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object' && !(v instanceof Node) && !(v instanceof Set))
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    else if (typeof v === 'number') rows.push(`${csvCell(path)},,${v}`);
  };
  walk(data, '');
  return `${rows.join('\n')}\n`;
}

export function download(blob, filename) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
