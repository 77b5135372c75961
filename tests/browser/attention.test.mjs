// attention.test.mjs — the attention widget in headless Chromium: loads clean, draws, answers
// hover and keyboard, masks, and works from file://.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

import { ROOT, openPage, useBrowser, waitForWidget } from './browser.mjs';

const ctx = useBrowser();

/** Reads the RGBA pixels of the i-th heatmap canvas in the widget's steps row. */
async function panelPixels(page, index) {
  return page.evaluate((idx) => {
    const el = document.querySelector('seqlab-attention');
    const c = el.shadowRoot.querySelectorAll('.steps canvas.hm-canvas')[idx];
    return { w: c.width, h: c.height, px: Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data) };
  }, index);
}
const WEIGHTS_PANEL = 3;

describe('attention widget', () => {
  it('loads with no console errors and requests nothing outside its own files', async () => {
    const { page, errors, requests } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-attention');
    assert.deepEqual(errors, []);
    for (const r of requests) assert.ok(r.startsWith(ctx.server.url), `foreign request: ${r}`);
    await page.close();
  });

  it('draws a non-blank heatmap whose colours follow the weights', async () => {
    const { page } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-attention');
    const { w, h, px } = await panelPixels(page, WEIGHTS_PANEL);
    assert.equal(w, 6);
    assert.equal(h, 6);
    const colours = new Set();
    for (let p = 0; p < w * h; p++) colours.add(px.slice(p * 4, p * 4 + 3).join(','));
    assert.ok(colours.size > 5, `only ${colours.size} distinct colours`);
    await page.close();
  });

  it('hovering a cell shows its token pair, score and weight', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-attention');
    const canvas = page.locator('seqlab-attention .steps canvas.hm-canvas').nth(WEIGHTS_PANEL);
    const box = await canvas.boundingBox();
    // cell (row 1 "cat", column 2 "sat") of the 6×6 grid
    await page.mouse.move(box.x + (2.5 / 6) * box.width, box.y + (1.5 / 6) * box.height);
    const text = await page.locator('seqlab-attention .readout').innerText();
    const weight = await page.evaluate(
      () => document.querySelector('seqlab-attention').lastResult.perHead[0].weights[1 * 6 + 2],
    );
    assert.match(text, /Query “cat” \(row 1\) → key “sat” \(column 2\)/);
    assert.ok(text.includes(`weight ${Number(weight.toPrecision(4))}`), `readout lacks the weight ${weight}: ${text}`);
    assert.match(text, /QKᵀ: q1·k2 = /);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('toggling causal turns the upper triangle of the weights to zero, in the numbers and in the picture', async () => {
    const { page } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-attention');
    const before = await page.evaluate(() =>
      Array.from(document.querySelector('seqlab-attention').lastResult.perHead[0].weights),
    );
    assert.ok(before.some((v, p) => p % 6 > Math.floor(p / 6) && v > 0));
    await page.locator('seqlab-attention').getByLabel('Causal (no looking ahead)').check();
    await page.waitForFunction(() => document.querySelector('seqlab-attention').lastResult.perHead[0].weights[1] === 0);
    const weights = await page.evaluate(() =>
      Array.from(document.querySelector('seqlab-attention').lastResult.perHead[0].weights),
    );
    const { px } = await panelPixels(page, WEIGHTS_PANEL);
    const zero = [68, 1, 84]; // viridis(0), the colour of weight 0
    for (let i = 0; i < 6; i++) {
      const rowSum = weights.slice(i * 6, i * 6 + 6).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(rowSum - 1) < 1e-6);
      for (let j = i + 1; j < 6; j++) {
        assert.equal(weights[i * 6 + j], 0, `weight (${i}, ${j})`);
        assert.deepEqual(px.slice((i * 6 + j) * 4, (i * 6 + j) * 4 + 3), zero, `pixel (${i}, ${j})`);
      }
    }
    await page.close();
  });

  it('clicking a cell of the mask panel masks it; keyboard Enter toggles it back', async () => {
    const { page } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-attention');
    const canvas = page.locator('seqlab-attention .steps canvas.hm-canvas').nth(2);
    const box = await canvas.boundingBox();
    await page.mouse.click(box.x + (4.5 / 6) * box.width, box.y + (0.5 / 6) * box.height); // row 0, column 4
    await page.waitForFunction(
      () => document.querySelector('seqlab-attention').lastResult.perHead[0].scores[4] === -Infinity,
    );
    const w = await page.evaluate(() => document.querySelector('seqlab-attention').lastResult.perHead[0].weights[4]);
    assert.equal(w, 0);
    // keyboard: focus the mask panel, move to (0, 4), press Enter
    await canvas.focus();
    await page.keyboard.press('Home');
    for (let k = 0; k < 4; k++) await page.keyboard.press('ArrowRight');
    assert.match(await page.locator('seqlab-attention .readout').innerText(), /masked: clicked by hand/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelector('seqlab-attention').lastResult.perHead[0].scores[4] !== -Infinity,
    );
    await page.close();
  });

  it('masks [PAD] keys, changes heads, and reports an empty sentence as an error', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-attention');
    const w = page.locator('seqlab-attention');
    await w.getByLabel('Preset').selectOption({ label: 'Padded batch row' });
    // the default sentence has 6 tokens too: wait for the padded one
    await page.waitForFunction(() => document.querySelector('seqlab-attention').lastResult.tokens.includes('[PAD]'));
    const cols = await page.evaluate(() => {
      const r = document.querySelector('seqlab-attention').lastResult.perHead[0].weights;
      return [3, 4, 5].map((j) => [0, 1, 2, 3, 4, 5].every((i) => r[i * 6 + j] === 0));
    });
    assert.deepEqual(cols, [true, true, true]);
    await w.getByLabel('Heads', { exact: true }).fill('5');
    await page.waitForFunction(() => document.querySelector('seqlab-attention').lastResult.heads === 5);
    assert.equal(await w.locator('.head-btn').count(), 5);
    await w.getByLabel('Sentence (tokens split on spaces)').fill('   ');
    await w.locator('.error').waitFor({ state: 'visible' });
    assert.match(await w.locator('.error').innerText(), /Type at least one token/);
    await w.getByLabel('Sentence (tokens split on spaces)').fill('a b c');
    await w.locator('.error').waitFor({ state: 'hidden' });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('works when web/index.html is opened from disk (file://)', async () => {
    const { page, errors } = await openPage(ctx.browser, pathToFileURL(`${ROOT}web/index.html`).href);
    await waitForWidget(page, 'seqlab-attention');
    const n = await page.evaluate(() => document.querySelector('seqlab-attention').lastResult.n);
    assert.equal(n, 6);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('at 512 tokens × 8 heads paints the selected head first, then fills in every other head with the right numbers', async () => {
    const text = Array.from({ length: 512 }, (_, i) => `t${i}`).join(' ');
    const { page, errors } = await openPage(
      ctx.browser,
      `${ctx.server.url}#attention.heads=8&attention.head=3&attention.text=${encodeURIComponent(text)}`,
    );
    await page.waitForFunction(
      () => {
        const r = document.querySelector('seqlab-attention')?.lastResult;
        return r?.n === 512 && r.pending === 0;
      },
      null,
      { timeout: 60000 },
    );
    const r = await page.evaluate(async () => {
      const w = document.querySelector('seqlab-attention');
      const slider = w.shadowRoot.querySelector('#p-temperature');
      const updates = [];
      w.addEventListener('seqlab-update', (ev) =>
        updates.push({
          partial: ev.detail.partial,
          pending: w.lastResult.pending,
          busy: w.shadowRoot.querySelectorAll('.head-btn[aria-busy]').length,
        }),
      );
      const done = () =>
        new Promise((ok) => {
          const f = (ev) => {
            if (!ev.detail.partial) {
              w.removeEventListener('seqlab-update', f);
              ok();
            }
          };
          w.addEventListener('seqlab-update', f);
        });
      // two changes in a row: the second supersedes the first while it is still filling in
      slider.value = '0.5';
      slider.dispatchEvent(new Event('input'));
      await new Promise((ok) => w.addEventListener('seqlab-update', ok, { once: true }));
      slider.value = '2.5';
      slider.dispatchEvent(new Event('input'));
      await done();
      // every head against a fresh call of the core on the same projections
      const fresh = (hd) =>
        w.sl.attention({
          q: w.plan.proj.q[hd],
          k: w.plan.proj.k[hd],
          v: w.plan.proj.v[hd],
          n: 512,
          dk: w.state.dk,
          temperature: 2.5,
        }).weights;
      let worst = 0;
      for (let hd = 0; hd < 8; hd++) {
        const a = w.lastResult.perHead[hd].weights,
          b = fresh(hd);
        for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
      }
      // export while heads are pending still gives every head's current numbers
      slider.value = '1';
      slider.dispatchEvent(new Event('input'));
      await new Promise((ok) => w.addEventListener('seqlab-update', ok, { once: true }));
      const pendingBeforeExport = w.lastResult.pending;
      const exported = w.exportData();
      const exportWorst = Math.max(
        ...[0, 5, 7].map((hd) => {
          const b = w.sl.attention({
            q: w.plan.proj.q[hd],
            k: w.plan.proj.k[hd],
            v: w.plan.proj.v[hd],
            n: 512,
            dk: w.state.dk,
            temperature: 1,
          }).weights;
          let m = 0;
          for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(exported.perHead[hd].weights[i] - b[i]));
          return m;
        }),
      );
      return {
        updates,
        worst,
        pendingBeforeExport,
        exportWorst,
        busyAfter: w.shadowRoot.querySelectorAll('.head-btn[aria-busy]').length,
        pendingAfter: w.lastResult.pending,
      };
    });
    assert.equal(r.updates[0].partial, true, 'the first repaint leaves heads for later');
    assert.ok(r.updates[0].pending > 0 && r.updates[0].busy === r.updates[0].pending, JSON.stringify(r.updates[0]));
    assert.equal(r.worst, 0, 'a filled-in head differs from the core');
    assert.ok(r.pendingBeforeExport > 0);
    assert.equal(r.exportWorst, 0, 'exported numbers differ from the core');
    assert.equal(r.pendingAfter, 0);
    assert.equal(r.busyAfter, 0);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
