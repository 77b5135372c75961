// lstm.test.mjs — the LSTM / GRU widget: renders, steps, answers its controls, shows the
// vanishing-gradient effect of the forget bias, passes the gradient check for the right formula
// and fails it for the course's slip, keeps its state in the URL, and logs no errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { openPage, useBrowser, waitForWidget } from './browser.mjs';

const ctx = useBrowser();

const result = (page) =>
  page.evaluate(() => {
    const r = document.querySelector('seqlab-lstm').lastResult;
    return {
      step: r.step,
      T: r.T,
      nh: r.nh,
      check: r.check,
      dc: Array.from(r.backward.dcPerStep),
      h: Array.from(r.forward.h),
    };
  });

describe('LSTM widget', () => {
  it('renders gates, equations and plots with no console errors', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#lstm.step=3`);
    await waitForWidget(page, 'seqlab-lstm');
    const info = await page.evaluate(() => {
      const sr = document.querySelector('seqlab-lstm').shadowRoot;
      const canvases = [...sr.querySelectorAll('canvas.hm-canvas')].map((c) => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const colours = new Set();
        for (let p = 0; p < d.length; p += 4) colours.add(`${d[p]},${d[p + 1]},${d[p + 2]}`);
        return colours.size;
      });
      return {
        canvases,
        maths: sr.querySelectorAll('.equations math').length,
        path: sr.querySelectorAll('.lineplot path').length,
        title: sr.querySelector('.equations').previousElementSibling.textContent,
      };
    });
    assert.ok(info.canvases.length >= 8 && info.canvases.every((n) => n > 3), `heatmaps: ${info.canvases}`);
    assert.equal(info.maths, 6, 'four gates, c and a typeset');
    assert.ok(info.path >= 2);
    assert.match(info.title, /step 3 \(“was”\), unit 1/);
    // LSTM vs GRU: the core's parameter counts at once, the measured time per step shortly after
    const compare = page.locator('seqlab-lstm .compare table');
    await page.waitForFunction(() => document.querySelector('seqlab-lstm').lastResult.compare.gru.usPerStep !== null);
    const cells = await compare
      .locator('tr')
      .evaluateAll((rows) => rows.slice(1).map((r) => [...r.children].map((c) => c.textContent)));
    // nx = 4, nh = 6: LSTM 4·6·(4 + 6 + 1) = 264 (+24 with two biases); GRU 3·6·11 = 198 (+18)
    assert.deepEqual(
      cells.map((r) => r.slice(0, 3)),
      [
        ['LSTM', '264', '288'],
        ['GRU', '198', '216'],
      ],
    );
    for (const r of cells) assert.ok(Number(r[3]) > 0, `time per step: ${r[3]}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('steps forward and back, and the equations follow the core’s numbers', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-lstm');
    const w = page.locator('seqlab-lstm');
    await w.getByRole('button', { name: 'Step forward' }).click();
    await w.getByRole('button', { name: 'Step forward' }).click();
    await page.waitForFunction(() => document.querySelector('seqlab-lstm').lastResult.step === 3);
    const r = await page.evaluate(() => {
      const el = document.querySelector('seqlab-lstm');
      const f = el.lastResult.forward;
      return { h: f.h[2 * el.lastResult.nh], text: el.shadowRoot.querySelector('.equations').textContent };
    });
    const shown = Number(r.h.toPrecision(3));
    assert.ok(
      r.text.includes(String(shown).replace('-', '−')) || r.text.includes(`(${String(shown).replace('-', '−')})`),
      `equations lack a = ${shown}`,
    );
    await w.getByRole('button', { name: 'Step back' }).click();
    await page.waitForFunction(() => document.querySelector('seqlab-lstm').lastResult.step === 2);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a larger forget-gate bias lets the gradient reach further back', async () => {
    const { page } = await openPage(ctx.browser, `${ctx.server.url}#lstm.forgetBias=-2`);
    await waitForWidget(page, 'seqlab-lstm');
    const low = await result(page);
    // the state changes at once, the numbers at the next render: wait for a new lastResult (a
    // fixed pause raced the render on a loaded machine)
    await page.evaluate(() => {
      const w = document.querySelector('seqlab-lstm');
      window.before = w.lastResult;
      w.setState({ forgetBias: 4 });
    });
    await page.waitForFunction(() => {
      const w = document.querySelector('seqlab-lstm');
      return w.lastResult && w.lastResult !== window.before && w.state.forgetBias === 4 && !w.deferred;
    });
    const high = await result(page);
    const firstNorm = (r) => Math.hypot(...r.dc.slice(0, r.nh)); // ‖dL/dc⟨1⟩‖, the farthest from the loss
    assert.ok(
      firstNorm(high) > 100 * firstNorm(low),
      `‖dc_1‖: bias 4 → ${firstNorm(high)}, bias −2 → ${firstNorm(low)}`,
    );
    await page.close();
  });

  it('the gradient check passes for c_prev and fails for the course’s c̃', async () => {
    const { page } = await openPage(ctx.browser, `${ctx.server.url}#lstm.row=2&lstm.col=3`);
    await waitForWidget(page, 'seqlab-lstm');
    const { check } = await result(page);
    assert.equal(check.row, 1);
    assert.equal(check.col, 2);
    assert.ok(check.relRight < 1e-6, `correct formula: ${check.relRight}`);
    assert.ok(check.relWrong > 1e-3, `mistaken formula: ${check.relWrong}`);
    const rows = await page.locator('seqlab-lstm .check-table').first().innerText();
    assert.match(rows, /✓ passes/);
    assert.match(rows, /✗ fails/);
    await page.close();
  });

  it('keeps its state in the URL, switches notation, and plays', async () => {
    const { page, errors } = await openPage(
      ctx.browser,
      `${ctx.server.url}#lstm.nh=3&lstm.notation=pytorch&lstm.text=a%20b%20c%20d`,
    );
    await waitForWidget(page, 'seqlab-lstm');
    const r = await result(page);
    assert.equal(r.nh, 3);
    assert.equal(r.T, 4);
    // the TeX source travels with the MathML as its annotation
    const tex = await page.evaluate(() =>
      [...document.querySelector('seqlab-lstm').shadowRoot.querySelectorAll('.equations annotation')]
        .map((a) => a.textContent)
        .join('\n'),
    );
    assert.match(tex, /h_t = o \\odot \\tanh\(c_t\)/);
    assert.doesNotMatch(tex, /Gamma/);
    await page.locator('seqlab-lstm').getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => document.querySelector('seqlab-lstm').lastResult.step === 4, null, {
      timeout: 8000,
    });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
