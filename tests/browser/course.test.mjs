// course.test.mjs — the course's results as live demos, in headless Chromium: each renders,
// states its result with the core's numbers, answers a control, and logs no errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { openPage, useBrowser, waitForWidget } from './browser.mjs';

const ctx = useBrowser();

const last = (page, tag) =>
  page.evaluate((t) => {
    const r = document.querySelector(t).lastResult;
    return JSON.parse(JSON.stringify(r, (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v)));
  }, tag);

describe('course demos', () => {
  it('the calculator shows 201,466,160 for the course example and follows its controls', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-transformer-calc');
    const w = page.locator('seqlab-transformer-calc');
    assert.match(await w.locator('.total').innerText(), /201,466,160/);
    assert.equal((await last(page, 'seqlab-transformer-calc')).perEncoderBlock, 4203264);
    await w.getByLabel('decoder blocks').fill('0');
    await page.waitForFunction(
      () => document.querySelector('seqlab-transformer-calc').lastResult.total === 201466160 - 8 * 7354368,
    );
    await w.getByRole('button', { name: 'Course example' }).click();
    await page.waitForFunction(() => document.querySelector('seqlab-transformer-calc').lastResult.total === 201466160);
    assert.ok((await w.locator('.stage').count()) > 20, 'the diagram lists every stage');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('orthogonal inputs: the computed a_nn matches the closed form, and y ≈ x only when e^{r²} ≫ N', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#orthogonal.r=3&orthogonal.N=5`);
    await waitForWidget(page, 'seqlab-orthogonal');
    const r = await last(page, 'seqlab-orthogonal');
    assert.ok(Math.abs(r.ann - r.closedForm) < 1e-5, `${r.ann} vs ${r.closedForm}`);
    assert.ok(r.maxYminusX < 0.01 * 3);
    assert.match(await page.locator('seqlab-orthogonal .facts').innerText(), /A ≈ I and y ≈ x/);
    await page.evaluate(() => document.querySelector('seqlab-orthogonal').setState({ r: 0.5 }));
    await page.waitForFunction(() => document.querySelector('seqlab-orthogonal').lastResult.r === 0.5);
    assert.match(await page.locator('seqlab-orthogonal .facts').innerText(), /y ≈ x fails/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('1/√d: the Monte Carlo gives E[(aᵀb)²] ≈ d, and scaling keeps the softmax from saturating', async () => {
    const { page, errors } = await openPage(
      ctx.browser,
      `${ctx.server.url}#dot-scaling.d=100&dot-scaling.samples=8000`,
    );
    await waitForWidget(page, 'seqlab-dot-scaling');
    // the sampling runs in slices after the first paint; wait for all of it
    await page.waitForFunction(() => document.querySelector('seqlab-dot-scaling').lastResult.pending === 0, null, {
      timeout: 30000,
    });
    const r = await page.evaluate(() => {
      const x = document.querySelector('seqlab-dot-scaling').lastResult;
      return { meanSquare: x.meanSquare, mean: x.mean, last: x.rows.at(-1) };
    });
    // 8,000 samples: the standard error of the mean square is √(Var((aᵀb)²)/n) ≈ √(2d² + …)/89 ≈ 1.6; 5σ
    assert.ok(Math.abs(r.meanSquare - 100) < 8, `E[(aᵀb)²] ≈ ${r.meanSquare}`);
    assert.ok(Math.abs(r.mean) < 0.6, `mean ${r.mean}`);
    assert.ok(
      r.last.raw.top > 0.8 && r.last.scaled.top < 0.5,
      `largest weights at d = 1024: ${r.last.raw.top}, ${r.last.scaled.top}`,
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('multi-head attention equals the sum of per-head terms to float32 round-off', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#mha-sum.heads=4`);
    await waitForWidget(page, 'seqlab-mha-sum');
    const r = await page.evaluate(() => document.querySelector('seqlab-mha-sum').lastResult.maxDiff);
    assert.ok(r < 1e-5, `max difference ${r}`);
    assert.equal(await page.locator('seqlab-mha-sum .grid').nth(1).locator('figure').count(), 4);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('permutation: equivariant without positional encoding, not with them; keyboard reordering', async () => {
    const { page, errors } = await openPage(
      ctx.browser,
      `${ctx.server.url}#permutation.order=${encodeURIComponent('4,1,2,3,0')}`,
    );
    await waitForWidget(page, 'seqlab-permutation');
    const diffs = await page.evaluate(() =>
      Object.fromEntries(
        document.querySelector('seqlab-permutation').lastResult.results.map((r) => [r.posenc, r.maxDiff]),
      ),
    );
    assert.ok(diffs.none < 1e-6, `none: ${diffs.none}`);
    for (const k of ['sinusoidal', 'rope', 'alibi']) assert.ok(diffs[k] > 1e-3, `${k}: ${diffs[k]}`);
    const chip = page.locator('seqlab-permutation .chip').first();
    await chip.focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(
      () => document.querySelector('seqlab-permutation').lastResult.order.join(',') === '1,4,2,3,0',
    );
    assert.deepEqual(errors, []);
    await page.close();
  });
});
