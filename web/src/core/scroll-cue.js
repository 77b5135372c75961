// scroll-cue.js — a box that scrolls sideways says so. On a phone a scrollbar shows only while it
// moves, so a table whose last column is out of view looks complete ("Total" with no number). A
// scroller whose content goes on past an edge gets data-scroll-more="left", "right" or
// "left right", and the shared CSS (styles/widget.css, and lab.css for the page) fades that edge
// out. One mechanism for every widget: SeqlabWidget calls watchScrollCues on its shadow root and
// updateScrollCues after every repaint; the lab page does the same for its own navigation.

/** What scrolls sideways in a widget or the page (a new kind of scroller: add it, or use .x-scroll). */
export const SCROLLERS = [
  'table', // widget.css: a wide table scrolls inside itself
  '.hm-scroll', // a heatmap wider than its column
  '.hm-table-wrap', // a heatmap's table of numbers
  '.steps', // attention: the five step panels
  '.equations', // lstm: the equations with their values
  '.scroll', // transformer-calc: wide tables and the diagram
  '.formula', // transformer-calc: a cost's formula
  '.x-scroll', // anything else
].join(', ');

/**
 * The sides on which a scroller has more to show: 'left', 'right', 'left right' or ''. A
 * right-to-left box starts at its right end, and its scrollLeft runs from 0 down to −(overflow).
 */
export function cueSides({ scrollLeft, scrollWidth, clientWidth, rtl = false }) {
  const max = scrollWidth - clientWidth;
  if (!(max > 1)) return '';
  const left = rtl ? max + scrollLeft : scrollLeft; // how far it can still scroll to the left
  const right = max - left;
  return [left > 1 ? 'left' : '', right > 1 ? 'right' : ''].filter(Boolean).join(' ');
}

const sidesOf = (el) =>
  cueSides({
    scrollLeft: el.scrollLeft,
    scrollWidth: el.scrollWidth,
    clientWidth: el.clientWidth,
    rtl: getComputedStyle(el).direction === 'rtl',
  });

function mark(el, sides) {
  if ((el.dataset.scrollMore ?? '') === sides) return;
  if (sides) el.dataset.scrollMore = sides;
  else delete el.dataset.scrollMore;
}

const pending = new Set();
let frame = 0;
function flush() {
  frame = 0;
  const els = [...pending].flatMap((root) => [...root.querySelectorAll(SCROLLERS)]);
  pending.clear();
  const sides = els.map(sidesOf); // every read, then every write: one layout
  els.forEach((el, i) => mark(el, sides[i]));
}

/** Re-marks every scroller under root (a shadow root or the document) in the next frame. */
export function updateScrollCues(root) {
  pending.add(root);
  frame ||= requestAnimationFrame(flush);
}

/**
 * Keeps root's scrollers marked: as they scroll, when a closed table opens, and when root's
 * box (resizeTarget) changes width. Content that changes calls updateScrollCues itself.
 */
export function watchScrollCues(root, resizeTarget) {
  root.addEventListener(
    'scroll',
    (ev) => {
      const el = ev.target;
      if (el instanceof Element && el.matches(SCROLLERS)) mark(el, sidesOf(el));
    },
    { capture: true, passive: true },
  );
  root.addEventListener('toggle', () => updateScrollCues(root), { capture: true });
  if (resizeTarget && globalThis.ResizeObserver) new ResizeObserver(() => updateScrollCues(root)).observe(resizeTarget);
  updateScrollCues(root);
}
