// robustness.test.mjs — untrusted text is only ever text, and a long session stays flat.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { memoryOf, openPage, useBrowser, waitForAllWidgets, waitForWidget } from './browser.mjs';

const ctx = useBrowser();

const PAYLOAD =
  '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> "><svg/onload=window.__pwned=3>';

/** No element born from the payload anywhere in the page or the widget's shadow tree. */
async function assertInert(page) {
  const found = await page.evaluate(() => {
    const w = document.querySelector('seqlab-attention');
    const roots = [document, w.shadowRoot];
    return {
      pwned: window.__pwned ?? null,
      imgs: roots.reduce((s, r) => s + r.querySelectorAll('img').length, 0),
      scripts: w.shadowRoot.querySelectorAll('script').length,
      onload: w.shadowRoot.querySelectorAll('svg[onload]').length,
      labels: [...w.shadowRoot.querySelectorAll('.hm-axes text')].map((t) => t.textContent),
    };
  });
  assert.equal(found.pwned, null);
  assert.equal(found.imgs, 0);
  assert.equal(found.scripts, 0);
  assert.equal(found.onload, 0);
  assert.ok(
    found.labels.some((l) => l.startsWith('<img')),
    'the markup should show as literal token text',
  );
}

describe('untrusted text is rendered as text, never executed', () => {
  it('typed into the sentence box', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-attention');
    await page.locator('seqlab-attention').getByLabel('Sentence (tokens split on spaces)').fill(PAYLOAD);
    await page.waitForFunction(() => document.querySelector('seqlab-attention').lastResult.tokens[0] === '<img');
    await page
      .locator('seqlab-attention .steps canvas.hm-canvas')
      .nth(3)
      .hover({ position: { x: 3, y: 3 } });
    await assertInert(page);
    assert.match(await page.locator('seqlab-attention .readout').innerText(), /Query “<img” \(row 0\)/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('through the URL hash', async () => {
    const { page, errors } = await openPage(
      ctx.browser,
      `${ctx.server.url}#attention.text=${encodeURIComponent(PAYLOAD)}`,
    );
    await page.waitForFunction(() => document.querySelector('seqlab-attention')?.lastResult?.tokens[0] === '<img');
    await assertInert(page);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('through an attribute, and malformed attributes fall back with a visible message', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-attention');
    await page.evaluate((p) => {
      const w = document.querySelector('seqlab-attention');
      w.setAttribute('text', p);
      w.setAttribute('heads', '<b>9</b>');
      w.setAttribute('temperature', 'NaN');
    }, PAYLOAD);
    await page.waitForFunction(() => document.querySelector('seqlab-attention').lastResult.tokens[0] === '<img');
    await assertInert(page);
    const notice = await page.locator('seqlab-attention .notice').innerText();
    assert.match(notice, /Attribute heads: heads = "<b>9<\/b>" is not a whole number from 1 to 8; using 2\./);
    assert.match(notice, /Attribute temperature: temperature = "NaN" is not a number from 0\.1 to 10/);
    assert.equal(await page.evaluate(() => document.querySelector('seqlab-attention').lastResult.heads), 2);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('a long session stays flat', () => {
  it('2,000 scripted setting changes leave the JS heap and the WebAssembly memory flat, with no errors', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForAllWidgets(page); // the other widgets' first drawing is not this test's heap
    const measure = () => memoryOf(page);
    const changes = (count) =>
      page.evaluate(async (k) => {
        const w = document.querySelector('seqlab-attention');
        for (let i = 0; i < k; i++) {
          w.setState({ temperature: 0.5 + (i % 20) / 10, heads: 1 + (i % 4), causal: i % 2 === 0 });
          w.refresh(); // compute and paint now rather than once per frame
        }
      }, count);
    await changes(200); // warm-up: JIT, caches, pixel buffers
    const before = await measure();
    await changes(2000);
    const afterRun = await measure();
    assert.deepEqual(afterRun.wasm, before.wasm);
    const growth = afterRun.heap - before.heap;
    // a leak of even one small array per change would add > 2,000 × 64 bytes
    assert.ok(growth < 512 * 1024, `JS heap grew by ${growth} bytes over 2,000 changes`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('every view stays flat over a long session', () => {
  // [widget, setting, values to cycle]: 2,000 changes each, as a slider or a field would make them
  const plan = [
    ['seqlab-sinusoidal', 'k', [-5, -1, 0, 3, 7]],
    ['seqlab-rope', 'm', [0, 5, 50, 199]],
    ['seqlab-alibi', 'n', [8, 12, 16, 24]],
    ['seqlab-transformer-calc', 'batch', [1, 8, 32, 64]],
    ['seqlab-orthogonal', 'r', [0.5, 1, 2, 3]],
    ['seqlab-mha-sum', 'seed', [1, 2, 3]],
    ['seqlab-permutation', 'seed', [1, 2, 3]],
    ['seqlab-posenc-compare', 'seed', [1, 2, 3]],
    ['seqlab-lstm', 'forgetBias', [-1, 0, 2]],
    ['seqlab-dot-scaling', 'seed', [1, 2]],
  ].map((row) => [...row, 2000]);
  it('scripted changes on each view leave the JS heap and the WebAssembly memory flat, with no errors', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForAllWidgets(page);
    const measure = () => memoryOf(page);
    const run = (fraction) =>
      page.evaluate(
        ([p, f]) => {
          for (const [tag, key, values, count] of p) {
            const w = document.querySelector(tag);
            for (let i = 0; i < Math.max(2, Math.round(count * f)); i++) {
              w.setState({ [key]: values[i % values.length] });
              w.refresh();
            }
          }
        },
        [plan, fraction],
      );
    // measured when no view has work left for later (the 1/√d demo samples in tasks after a
    // change): a sampler half way through holds arrays that are not a leak
    await run(0.1); // warm-up
    await waitForAllWidgets(page);
    const before = await measure();
    await run(1);
    await waitForAllWidgets(page);
    const afterRun = await measure();
    assert.deepEqual(afterRun.wasm, before.wasm);
    const growth = afterRun.heap - before.heap;
    assert.ok(growth < 1024 * 1024, `JS heap grew by ${growth} bytes`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
