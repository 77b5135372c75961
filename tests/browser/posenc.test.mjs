// posenc.test.mjs — the positional-encoding widgets in headless Chromium: each renders, answers
// its controls with the core's numbers, keeps its state in the URL, and logs no errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { openPage, useBrowser, waitForWidget } from './browser.mjs';

const ctx = useBrowser();

/** Distinct colours of every heatmap canvas in a widget (non-blank means more than one). */
const canvasColours = (page, tag) =>
  page.evaluate(
    (t) =>
      [...document.querySelector(t).shadowRoot.querySelectorAll('canvas.hm-canvas')].map((c) => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const s = new Set();
        for (let p = 0; p < d.length; p += 4) s.add(`${d[p]},${d[p + 1]},${d[p + 2]}`);
        return s.size;
      }),
    tag,
  );

describe('positional-encoding widgets', () => {
  it('sinusoidal: heatmap, shift check to float precision, dot products independent of t, URL state', async () => {
    const { page, errors } = await openPage(
      ctx.browser,
      `${ctx.server.url}#sinusoidal.base=500&sinusoidal.k=-3&sinusoidal.t=20`,
    );
    await waitForWidget(page, 'seqlab-sinusoidal');
    assert.equal(await page.locator('seqlab-sinusoidal #p-base').inputValue(), '500');
    const colours = await canvasColours(page, 'seqlab-sinusoidal');
    assert.ok(
      colours.every((n) => n > 3),
      `blank heatmap: ${colours}`,
    );
    const r = await page.evaluate(() => {
      const x = document.querySelector('seqlab-sinusoidal').lastResult;
      const n = x.nPos;
      const at = (series, k) => series.dot[series.k.indexOf(k)];
      // the dot products come from the core; check two of them against the table itself
      const direct = (a, b) =>
        x.pe.subarray(a * x.dModel, (a + 1) * x.dModel).reduce((acc, v, i) => acc + v * x.pe[b * x.dModel + i], 0);
      return {
        maxDiff: x.check.maxDiff,
        k: x.check.k,
        g1: [at(x.dots[0], 3), at(x.dots[1], 3)],
        direct: [direct(20, 23), direct(40, 43)],
        ts: x.dots.map((s) => s.t),
        n,
        pe00: x.pe[1],
      };
    });
    assert.deepEqual(r.ts, [20, 40]);
    for (let i = 0; i < 2; i++)
      assert.ok(Math.abs(r.g1[i] - r.direct[i]) < 1e-5, `PE(t)·PE(t+3): core ${r.g1[i]}, direct ${r.direct[i]}`);
    assert.equal(r.k, -3);
    assert.ok(r.maxDiff < 1e-5, `shift check ${r.maxDiff}`);
    assert.ok(Math.abs(r.g1[0] - r.g1[1]) < 1e-4, 'PE(t)·PE(t+3) is the same from t = 20 and t = 40');
    assert.equal(r.pe00, 1, 'cos(0)');
    await page.locator('seqlab-sinusoidal #p-layout').selectOption('concat');
    await page.waitForFunction(() => document.querySelector('seqlab-sinusoidal').lastResult.pe[16] === 1); // cos(0) at d/2
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('RoPE: norms kept, relative scores equal from two starting points, scaling changes the angles', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#rope.m=17`);
    await waitForWidget(page, 'seqlab-rope');
    const r = await page.evaluate(() => {
      const x = document.querySelector('seqlab-rope').lastResult;
      let worst = 0;
      x.relative.from40.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - x.relative.from1000[i]))));
      return {
        before: x.normBefore,
        after: x.normAfter,
        worst,
        angle: x.angles[1 * 8],
        circles: document.querySelector('seqlab-rope').shadowRoot.querySelectorAll('.circles svg').length,
      };
    });
    assert.ok(Math.abs(r.before - r.after) < 1e-5, `norm ${r.before} → ${r.after}`);
    assert.ok(r.worst < 1e-4, `q_m·k_n differs between starting points by ${r.worst}`);
    assert.equal(r.circles, 8);
    assert.ok(Math.abs(r.angle - 1) < 1e-6, 'position 1, pair 0: angle θ_0 = 1');
    await page.evaluate(() => document.querySelector('seqlab-rope').setState({ scaling: 'linear', factor: 4 }));
    await page.waitForFunction(
      () => Math.abs(document.querySelector('seqlab-rope').lastResult.angles[8] - 0.25) < 1e-6,
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('ALiBi: the paper’s slopes for 8 and 6 heads, bias and weights drawn, extrapolation series', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#alibi.heads=8`);
    await waitForWidget(page, 'seqlab-alibi');
    assert.deepEqual(await page.evaluate(() => Array.from(document.querySelector('seqlab-alibi').lastResult.slopes)), [
      1 / 2,
      1 / 4,
      1 / 8,
      1 / 16,
      1 / 32,
      1 / 64,
      1 / 128,
      1 / 256,
    ]);
    await page.locator('seqlab-alibi #p-heads').fill('6');
    await page.waitForFunction(() => document.querySelector('seqlab-alibi').lastResult.slopes.length === 6);
    assert.deepEqual(await page.evaluate(() => Array.from(document.querySelector('seqlab-alibi').lastResult.slopes)), [
      1 / 4,
      1 / 16,
      1 / 64,
      1 / 256,
      1 / 2,
      1 / 8,
    ]);
    assert.match(
      await page.locator('seqlab-alibi .hint').first().innerText(),
      /6 is not a power of two: heads 1–4 take the 4-head slopes; heads 5–6 take slopes 1, 3, 5, … of the 8-head sequence/,
    );
    const colours = await canvasColours(page, 'seqlab-alibi');
    assert.ok(
      colours.every((n) => n > 2),
      `blank heatmap: ${colours}`,
    );
    const changed = await page.evaluate(() => {
      const x = document.querySelector('seqlab-alibi').lastResult;
      return x.plain.some((v, i) => Math.abs(v - x.withBias[i]) > 1e-3);
    });
    assert.ok(changed, 'the bias changes the weights');
    assert.equal(await page.locator('seqlab-alibi .rects, seqlab-alibi svg.lp-svg rect').count(), 6);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('compare: a permutation only permutes the weights without positional information', async () => {
    const { page, errors } = await openPage(
      ctx.browser,
      `${ctx.server.url}#posenc-compare.perm=${encodeURIComponent('1,0,3,2,5,4,6')}`,
    );
    await waitForWidget(page, 'seqlab-posenc-compare');
    const diffs = await page.evaluate(() =>
      Object.fromEntries(
        document.querySelector('seqlab-posenc-compare').lastResult.results.map((r) => [r.posenc, r.maxDiff]),
      ),
    );
    // reordered keys are summed in another order: float32 round-off (a few ulps) at most
    assert.ok(diffs.none < 1e-6, `none: ${diffs.none}`);
    for (const k of ['sinusoidal', 'rope', 'alibi']) assert.ok(diffs[k] > 1e-3, `${k}: ${diffs[k]}`);
    assert.match(
      await page.locator('seqlab-posenc-compare .result').first().innerText(),
      /float32 round-off only|0 \(exactly\)/,
    );
    await page.locator('seqlab-posenc-compare').getByRole('button', { name: 'Shuffle' }).click();
    await page.waitForFunction(() => {
      const w = document.querySelector('seqlab-posenc-compare');
      return w.state.perm !== '1,0,3,2,5,4,6' && w.lastResult.perm.join(',') === w.state.perm;
    });
    assert.ok(
      (await page.evaluate(() => document.querySelector('seqlab-posenc-compare').lastResult.results[0].maxDiff)) < 1e-6,
    );
    assert.deepEqual(errors, []);
    await page.close();
  });
});
