// layout.test.mjs — every widget alone in a host page, at a phone's 360 px, a course column's
// 600 px and a desktop's 1280 px: no part of it may lie outside the widget or be cut off by an
// ancestor that clips (overflow hidden, paint containment). A box that scrolls is allowed: a wide
// table or a long heatmap scrolls inside it, and that box itself must fit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { useBrowser } from './browser.mjs';

const ctx = useBrowser();

export const TAGS = [
  'seqlab-attention',
  'seqlab-sinusoidal',
  'seqlab-rope',
  'seqlab-alibi',
  'seqlab-posenc-compare',
  'seqlab-lstm',
  'seqlab-transformer-calc',
  'seqlab-orthogonal',
  'seqlab-dot-scaling',
  'seqlab-mha-sum',
  'seqlab-permutation',
];

/** A bare host page: the bundle and nothing else (served at the lab's origin). */
export const HOST = `<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="dist/seqlab.js"></script></head><body style="margin:8px"><div id="host"></div></body></html>`;

/** Opens the host page (answered by the test, at the lab's origin) at a width; records errors. */
export async function openHost(browser, url, width, { colorScheme = 'light' } = {}) {
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
  const errors = [];
  page.on(
    'console',
    (m) => (m.type() === 'error' || m.type() === 'warning') && errors.push(`console.${m.type()}: ${m.text()}`),
  );
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.route(`${url}alone.html`, (r) => r.fulfill({ contentType: 'text/html', body: HOST }));
  await page.goto(`${url}alone.html`);
  return { page, errors };
}

/** Puts one widget alone in the host page and waits for its numbers (all of them). */
export async function showAlone(page, tag, attrs = {}) {
  await page.evaluate(
    ([t, a]) =>
      new Promise((done) => {
        const el = document.createElement(t);
        for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
        const check = () => el.lastResult && !el.deferred && (done(), true);
        el.addEventListener('seqlab-update', (ev) => !ev.detail.partial && check());
        document.getElementById('host').replaceChildren(el);
      }),
    [tag, attrs],
  );
  // plots redraw at their width after a ResizeObserver callback: let two frames pass
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Every box of the widget that lies outside the widget or is clipped by an ancestor. */
function overflowing(tag) {
  const host = document.querySelector(tag);
  const hr = host.getBoundingClientRect();
  const bad = [];
  const name = (el) =>
    `${el.localName}${el.id ? `#${el.id}` : ''}${el.classList?.length ? `.${[...el.classList].join('.')}` : ''}`;
  const outside = (r, b) =>
    r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1;
  for (const el of host.shadowRoot.querySelectorAll('*')) {
    if (['style', 'title', 'defs', 'option'].includes(el.localName)) continue;
    if (el.parentElement?.closest('details:not([open])') && !el.matches('details > summary, details > summary *'))
      continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    let scrolled = false;
    for (let a = el.parentElement ?? el.getRootNode().host; a && a !== host; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (['auto', 'scroll'].includes(cs.overflowX) || ['auto', 'scroll'].includes(cs.overflowY)) {
        scrolled = true; // a scroll box may hold more than it shows; it is checked itself
        break;
      }
      const clips =
        ['hidden', 'clip'].includes(cs.overflowX) ||
        ['hidden', 'clip'].includes(cs.overflowY) ||
        /paint|content|strict/.test(cs.contain);
      if (clips && outside(r, a.getBoundingClientRect())) {
        bad.push(`${name(el)} clipped by ${name(a)}`);
        scrolled = true;
        break;
      }
    }
    if (!scrolled && outside(r, hr))
      bad.push(
        `${name(el)} [${Math.round(r.left)}, ${Math.round(r.right)}] outside the widget [${Math.round(hr.left)}, ${Math.round(hr.right)}]`,
      );
  }
  if (document.documentElement.scrollWidth > innerWidth)
    bad.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${innerWidth})`);
  // the outermost offender of each branch is enough to find it
  return [...new Set(bad)].slice(0, 40);
}

describe('narrow layouts: every widget fits its column', () => {
  for (const width of (process.env.LAYOUT_WIDTHS ?? '360,600,1280').split(',').map(Number))
    for (const lang of width === 360 ? ['en', 'fa'] : ['en'])
      it(`at ${width} px (${lang}): nothing lies outside a widget or is clipped`, async () => {
        const { page, errors } = await openHost(ctx.browser, ctx.server.url, width);
        const problems = [];
        for (const tag of TAGS) {
          await showAlone(page, tag, lang === 'fa' ? { lang: 'fa', digits: 'fa' } : {});
          for (const p of await page.evaluate(overflowing, tag)) problems.push(`${tag}: ${p}`);
        }
        assert.deepEqual(problems, []);
        assert.deepEqual(errors, []);
        await page.close();
      });

  it('a line plot follows its container: narrower in a narrow column, redrawn when the column grows', async () => {
    const { page, errors } = await openHost(ctx.browser, ctx.server.url, 360);
    await showAlone(page, 'seqlab-alibi');
    const widthOf = () =>
      page.evaluate(() =>
        Number(document.querySelector('seqlab-alibi').shadowRoot.querySelector('.lp-svg').getAttribute('width')),
      );
    const narrow = await widthOf();
    assert.ok(narrow < 340, `a ${narrow} px plot in a 360 px page`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForFunction(
      (n) =>
        Number(document.querySelector('seqlab-alibi').shadowRoot.querySelector('.lp-svg').getAttribute('width')) > n,
      narrow,
    );
    assert.deepEqual(errors, []);
    await page.close();
  });
});
