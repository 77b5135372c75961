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

describe('plot primitives', () => {
  it('a step axis (whole-number x) has no half-step ticks, even over a short range', async () => {
    const { page, errors } = await openHost(ctx.browser, ctx.server.url, 600);
    await showAlone(page, 'seqlab-alibi', { n: '3', 'train-len': '2' });
    const ticks = await page.evaluate(() =>
      [...document.querySelector('seqlab-alibi').shadowRoot.querySelectorAll('.lp-svg')].map((s) =>
        [...s.querySelectorAll('.lp-axis:first-of-type .tick text')].map((t) => t.textContent),
      ),
    );
    const all = ticks.flat();
    assert.ok(all.length >= 2, JSON.stringify(ticks));
    for (const t of all) assert.match(t, /^−?\d+$/, `tick ${t} on a step axis`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('no y-axis title overlaps a tick label, on linear and log plots', async () => {
    const { page, errors } = await openHost(ctx.browser, ctx.server.url, 600);
    const overlaps = [];
    for (const tag of TAGS) {
      await showAlone(page, tag);
      overlaps.push(
        ...(await page.evaluate((t) => {
          const out = [];
          const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          for (const s of document.querySelector(t).shadowRoot.querySelectorAll('.lp-svg')) {
            const labels = [...s.querySelectorAll(':scope > text.lp-label')].map((e) => e.getBoundingClientRect());
            const ticks = [...s.querySelectorAll('.tick text')].map((e) => [e.textContent, e.getBoundingClientRect()]);
            for (const l of labels)
              for (const [text, r] of ticks) if (hit(l, r)) out.push(`${t}: an axis title overlaps the tick ${text}`);
          }
          return out;
        }, tag)),
      );
    }
    assert.deepEqual(overlaps, []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('hovering a plot moves nothing around it, and an empty readout shows no box', async () => {
    const { page, errors } = await openHost(ctx.browser, ctx.server.url, 1280);
    const problems = [];
    for (const tag of TAGS) {
      await showAlone(page, tag);
      // every figure's place relative to the widget (independent of the page's scrolling)
      const boxes = () =>
        page.evaluate((t) => {
          const el = document.querySelector(t);
          const o = el.getBoundingClientRect();
          return [...el.shadowRoot.querySelectorAll('figure')].map((f) => {
            const r = f.getBoundingClientRect();
            return [Math.round(r.left - o.left), Math.round(r.top - o.top), f.querySelector('figcaption')?.textContent];
          });
        }, tag);
      const empty = await page.evaluate((t) => {
        const root = document.querySelector(t).shadowRoot;
        return [...root.querySelectorAll('.readout, .lp-readout')]
          .filter((e) => e.textContent.trim() === '' && e.checkVisibility({ visibilityProperty: true }))
          .filter((e) => getComputedStyle(e).backgroundColor !== 'rgba(0, 0, 0, 0)')
          .map((e) => e.className);
      }, tag);
      for (const c of empty) problems.push(`${tag}: an empty .${c} box is shown`);
      const before = await boxes();
      const targets = page.locator(`${tag} .lp-svg, ${tag} canvas.hm-canvas`);
      const count = await targets.count();
      for (let i = 0; i < count; i++) {
        const tgt = targets.nth(i);
        if (!(await tgt.isVisible())) continue;
        await tgt.scrollIntoViewIfNeeded();
        const box = await tgt.boundingBox();
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const during = await boxes();
        await page.mouse.move(0, 0);
        before.forEach(([x, y, name], k) => {
          const [x2, y2] = during[k] ?? [NaN, NaN];
          if (!(Math.abs(x - x2) <= 1 && Math.abs(y - y2) <= 1))
            problems.push(`${tag}: hovering plot ${i} moved “${name}” from (${x}, ${y}) to (${x2}, ${y2})`);
        });
      }
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
