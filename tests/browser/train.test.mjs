// train.test.mjs — <seqlab-train> in Chromium: from http and from file://, the quick copy preset
// trains in Web Workers, the loss falls, the charts show what lastResult holds, the model view is
// drawn and changes with training, the main thread has no long task while it trains; pause,
// resume and reset; a saved model loads back with the same attention; a page whose CSP refuses
// blob: workers trains on the main thread instead, to the same curves; rnn-memory draws the
// gradient through time of its trained and untrained nets.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';

import { openPage, ROOT, useBrowser } from './browser.mjs';

const ctx = useBrowser({ dir: ROOT });
let browser, base;
before(async () => {
  await ctx.start();
  browser = ctx.browser;
  base = ctx.server.url;
});

const ready = (page) =>
  page.waitForFunction(() => document.querySelector('seqlab-train')?.lastResult, null, { timeout: 30000 });
const click = (page, act) =>
  page.evaluate((a) => document.querySelector('seqlab-train').shadowRoot.querySelector(`[data-act=${a}]`).click(), act);
const finished = (page) =>
  page.waitForFunction(() => document.querySelector('seqlab-train').lastResult?.state === 'finished', null, {
    timeout: 120000,
  });
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
// the model view is drawn in a task of its own after the charts: wait until it shows the last view
const drawn = (page) =>
  page.waitForFunction(() => {
    const w = document.querySelector('seqlab-train');
    return !w.deferred && w.drawnView === (w.loaded?.view ?? w.viewData);
  });
// the refused worker is reported by the browser itself as a CSP violation
// (and the test's own pixel readback draws a Canvas2D performance warning)
const unexpected = (errors) =>
  errors.filter((e) => !/violates the following Content Security Policy directive|willReadFrequently/.test(e));

/** Fingerprint of the model-view thumbnails: the sum of their pixels' red channel. */
const gridInk = (page) =>
  page.evaluate(() =>
    [...document.querySelector('seqlab-train').shadowRoot.querySelectorAll('[data-model-grid] canvas')].map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let s = 0;
      for (let i = 0; i < d.length; i += 4) s += d[i];
      return s;
    }),
  );

async function trainQuick(url) {
  const { page, errors } = await openPage(browser, url);
  await ready(page);
  await page.evaluate(() => {
    window.longTasks = [];
    // the widget's own main-thread work per task while it trains: every runner event and redraw
    window.handlerMs = [];
    const w = document.querySelector('seqlab-train');
    for (const name of ['onRunnerEvent', 'compute']) {
      const f = w[name].bind(w);
      w[name] = (...a) => {
        const t0 = performance.now();
        const r = f(...a);
        // while runs train (the first steps reported), not the start-up before it
        if (w.runner?.totals.steps > 0) window.handlerMs.push([performance.now() - t0, a[0]?.type ?? name]);
        return r;
      };
    }
    new PerformanceObserver((l) =>
      window.longTasks.push(...l.getEntries().map((e) => [e.duration, e.startTime - (window.clickAt ?? 0)])),
    ).observe({
      type: 'longtask',
    });
  });
  await page.evaluate(() => (window.clickAt = performance.now()));
  await click(page, 'start');
  await page.waitForFunction(
    () => document.querySelector('seqlab-train').shadowRoot.querySelectorAll('[data-model-grid] canvas').length > 0,
    null,
    { timeout: 30000 },
  );
  const inkBefore = await gridInk(page);
  await finished(page);
  await drawn(page);
  const r = await page.evaluate(() => {
    const w = document.querySelector('seqlab-train');
    const root = w.shadowRoot;
    const figs = root.querySelectorAll('figure.lineplot');
    return {
      result: JSON.parse(
        JSON.stringify({
          ...w.lastResult,
          view: { ...w.lastResult.view, weights: Array.from(w.lastResult.view.weights) },
        }),
      ),
      curveKeys: [...figs[0].querySelectorAll('.lp-key')].map((k) => k.textContent),
      curvePaths: [...figs[0].querySelectorAll('svg path')].filter((p) => (p.getAttribute('d') ?? '').length > 20)
        .length,
      lengthKeys: [...figs[1].querySelectorAll('.lp-key')].map((k) => k.textContent),
      sentence: root.querySelector('[data-sentence]').textContent,
      mode: root.querySelector('[data-mode]').dataset.mode,
      longTasks: window.longTasks,
      handlerMs: window.handlerMs,
    };
  });
  const inkAfter = await gridInk(page);
  return { page, errors, r, inkBefore, inkAfter };
}

function checkTrained({ r, inkBefore, inkAfter }) {
  const res = r.result;
  assert.equal(res.runs.length, 2);
  for (const run of res.runs) {
    assert.equal(run.steps, 150);
    assert.ok(
      mean(run.losses.slice(-10)) < mean(run.losses.slice(0, 10)) - 0.5,
      `${run.group}: loss ${run.losses[0]} → ${run.losses.at(-1)}`,
    );
    assert.ok(run.lengths.length === 2);
  }
  // the charts show lastResult: one legend key per encoding (its colour), a drawn line per curve
  assert.deepEqual(r.curveKeys, [...new Set(res.runs.map((x) => x.group))]);
  assert.ok(r.curvePaths >= res.curves.length);
  for (const row of res.table) assert.ok(r.lengthKeys.includes(row.group));
  assert.equal(r.sentence, res.sentence);
  assert.match(r.sentence, /rope/);
  // model view: every layer × head drawn, not blank, and different after training
  assert.equal(inkAfter.length, res.view.layers * res.view.heads);
  assert.ok(inkAfter.every((s) => s > 0));
  assert.notDeepEqual(inkAfter, inkBefore);
}

describe('training lab in the page', () => {
  for (const [how, url] of [
    ['http', () => `${base}tests/browser/pages/train.html`],
    ['file://', () => pathToFileURL(`${ROOT}tests/browser/pages/train.html`).href],
  ]) {
    it(`from ${how}: the quick preset trains in workers, charts match lastResult, no long tasks`, async (t) => {
      const out = await trainQuick(url());
      checkTrained(out);
      assert.equal(out.r.mode, 'workers');
      assert.equal(out.r.result.mode, 'workers');
      // the widget's work in any one task stays far below a frame's worth. Both checks below time
      // wall clock: on a machine with more runnable processes than cores the page's thread is
      // preempted, and a call's or a task's wall time then says little about the page
      const loaded = loadavg()[0] > cpus().length;
      // [ms, what]: a runner event's type, or compute
      const slow = out.r.handlerMs.map(([ms, what], i) => [i, what, Math.round(ms)]).filter((x) => x[2] >= 50);
      const sorted = out.r.handlerMs.map(([ms]) => ms).sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      assert.ok(median < 16, `median handler ${median} ms`);
      // quiet: every call under 50 ms; loaded (the full suite runs two browsers at once on two
      // cores): the median above still holds the page to its budget, single calls are reported
      if (!loaded)
        assert.deepEqual(slow, [], `handler calls of 50 ms or more [index, what, ms]: ${JSON.stringify(slow)}`);
      // whole main-thread tasks (the browser's own work included) under 50 ms on a quiet machine
      if (!loaded)
        assert.ok(
          out.r.longTasks.every(([d]) => d < 50),
          `long tasks [ms, at ms]: ${JSON.stringify(out.r.longTasks)}`,
        );
      else
        t.diagnostic(
          `load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores: long tasks not checked: ${JSON.stringify(out.r.longTasks)}; handler calls over 50 ms: ${JSON.stringify(slow)}`,
        );
      assert.deepEqual(unexpected(out.errors), []);

      // a saved model loads back with the same attention on the same tokens
      const same = await out.page.evaluate(() => {
        const w = document.querySelector('seqlab-train');
        const run = w.runner.runs.find((x) => x.run.id === w.viewId);
        const before = Array.from(w.lastResult.view.weights);
        const loaded = w.loadBytes(run.bytes.slice(), 'saved.sqlb');
        const after = Array.from(loaded.view.weights);
        return {
          n: before.length,
          equal: before.length === after.length && before.every((x, i) => x === after[i]),
          source: w.lastResult?.view?.source,
        };
      });
      assert.ok(same.n > 0 && same.equal);
      await out.page.close();
    });
  }

  it('pause stops the steps, resume continues, reset clears', async () => {
    const { page, errors } = await openPage(browser, `${base}tests/browser/pages/train.html`);
    await ready(page);
    await page.evaluate(() => document.querySelector('seqlab-train').setAttribute('preset', 'induction'));
    await click(page, 'start');
    await page.waitForFunction(() => document.querySelector('seqlab-train').runner.totals.steps >= 40, null, {
      timeout: 30000,
    });
    await click(page, 'pause');
    await page.waitForTimeout(300); // a chunk in flight may still report
    const s1 = await page.evaluate(() => document.querySelector('seqlab-train').runner.totals.steps);
    await page.waitForTimeout(700);
    const s2 = await page.evaluate(() => document.querySelector('seqlab-train').runner.totals.steps);
    assert.equal(s2, s1);
    assert.equal(await page.evaluate(() => document.querySelector('seqlab-train').lastResult.state), 'paused');
    await click(page, 'pause'); // now labelled Resume
    await page.waitForFunction((s) => document.querySelector('seqlab-train').runner.totals.steps > s, s1, {
      timeout: 30000,
    });
    await click(page, 'reset');
    await page.waitForFunction(() => document.querySelector('seqlab-train').lastResult.state === 'idle');
    const r = await page.evaluate(() => document.querySelector('seqlab-train').lastResult);
    assert.equal(r.state, 'idle');
    assert.equal(r.runs.length, 0);
    assert.deepEqual(unexpected(errors), []);
    await page.close();
  });

  it('a CSP without worker-src blob: takes the main-thread path and trains to the same curves', async () => {
    const out = await trainQuick(`${base}tests/browser/pages/train-csp.html`);
    checkTrained(out);
    assert.equal(out.r.mode, 'main');
    assert.deepEqual(unexpected(out.errors), []);
    const viaWorkers = await trainQuick(`${base}tests/browser/pages/train.html`);
    for (let i = 0; i < 2; i++) assert.deepEqual(out.r.result.runs[i].losses, viaWorkers.r.result.runs[i].losses);
    await out.page.close();
    await viaWorkers.page.close();
  });
  it('rnn-memory: accuracy per distance and the gradient through time, untrained against trained', async () => {
    const { page, errors } = await openPage(browser, `${base}tests/browser/pages/train.html`);
    await ready(page);
    const hiddenBefore = await page.evaluate(
      () => document.querySelector('seqlab-train').shadowRoot.querySelector('[data-memory]').hidden,
    );
    await page.evaluate(() => document.querySelector('seqlab-train').setAttribute('preset', 'rnn-memory'));
    await click(page, 'start');
    await finished(page);
    await drawn(page);
    const r = await page.evaluate(() => {
      const w = document.querySelector('seqlab-train');
      const box = w.shadowRoot.querySelector('[data-memory]');
      const fig = box.querySelector('figure.lineplot');
      return {
        hidden: box.hidden,
        memory: w.lastResult.memory,
        runs: w.lastResult.runs.map((x) => ({ group: x.group, n: x.n, lengths: x.lengths })),
        keys: [...fig.querySelectorAll('.lp-key')].map((k) => k.textContent),
        paths: [...fig.querySelectorAll('svg path')].filter((p) => (p.getAttribute('d') ?? '').length > 20).length,
        sentence: box.querySelector('[data-memory-sentence]').textContent,
        caption: fig.querySelector('figcaption').textContent,
      };
    });
    assert.equal(hiddenBefore, true, 'a Transformer preset has no gradient-through-time chart');
    assert.equal(r.hidden, false);
    // quick preset: 3 cells and a Transformer × distances 4 and 8, one seed; the gradient chart
    // shows the cells (a Transformer has no hidden state through time) at the longest distance
    assert.equal(r.runs.length, 8);
    assert.equal(r.memory.n, 8);
    assert.match(r.caption, /distance 8/);
    assert.deepEqual(r.keys, [
      'rnn · trained',
      'rnn · untrained',
      'lstm · trained',
      'lstm · untrained',
      'gru · trained',
      'gru · untrained',
    ]);
    assert.ok(r.paths >= 6);
    for (const row of r.memory.rows.filter((x) => x.d === 0)) assert.equal(row.trained, 1);
    // before training the gradient shrinks on its way back through every cell
    for (const g of ['rnn', 'lstm', 'gru']) {
      const far = r.memory.rows.find((x) => x.group === g && x.n === 8 && x.d === 7);
      assert.ok(far.untrained > 0 && far.untrained < 0.5, `${g}: ${far.untrained}`);
    }
    assert.equal(r.sentence, r.memory.sentence);
    assert.match(r.sentence, /first of 8 steps \(7 steps back\).*rnn .* → .*lstm .* → .*gru .* → /);
    // in Persian each cell's "untrained → trained" stays one left-to-right island, no stray colon
    await page.evaluate(() => document.querySelector('seqlab-train').setAttribute('lang', 'fa'));
    await page.waitForFunction(
      () =>
        document.querySelector('seqlab-train').shadowRoot.querySelectorAll('[data-memory-sentence] bdi').length >= 3,
    );
    const fa = await page.evaluate(() =>
      [...document.querySelector('seqlab-train').shadowRoot.querySelectorAll('[data-memory-sentence] bdi')].map(
        (b) => b.textContent,
      ),
    );
    for (const g of ['rnn', 'lstm', 'gru'])
      assert.ok(
        fa.some((x) => new RegExp(`^${g} \\S+ → \\S+$`).test(x)),
        `${g} in ${JSON.stringify(fa)}`,
      );
    assert.deepEqual(unexpected(errors), []);
    await page.close();
  });

  it('<seqlab-attention> shows a trained character model on the sentence and says so', async () => {
    const { page, errors } = await openPage(browser, `${base}tests/browser/pages/train-attention.html`);
    await ready(page);
    await page.waitForFunction(() => document.querySelector('seqlab-attention')?.lastResult, null, { timeout: 30000 });
    await click(page, 'start');
    await finished(page);
    const r = await page.evaluate(() => {
      const a = document.querySelector('seqlab-attention');
      const before = JSON.stringify(Array.from(a.lastResult.perHead[0].weights ?? []));
      const note0 = a.shadowRoot.querySelector('[data-trained-note]').textContent;
      const w = document.querySelector('seqlab-train');
      const run = w.runner.runs.find((x) => x.run.group === 'rope');
      a.trained.load(run.bytes.slice(), 'rope.sqlb');
      const tr = a.trainedResult;
      const T = tr.T;
      let worst = 0;
      for (let row = 0; row < tr.weights.length / T; row++) {
        let sum = 0;
        for (let j = 0; j < T; j++) sum += tr.weights[row * T + j];
        worst = Math.max(worst, Math.abs(sum - 1));
      }
      return {
        note0,
        note: a.shadowRoot.querySelector('[data-trained-note]').textContent,
        how: tr.how,
        T,
        chars: 'the cat sat on the mat'.length,
        grids: a.shadowRoot.querySelectorAll('[data-trained-grid] figure.heatmap').length,
        layers: tr.config.layers,
        heads: tr.config.heads,
        worst,
        same: before === JSON.stringify(Array.from(a.lastResult.perHead[0].weights ?? [])),
      };
    });
    assert.match(r.note0, /random projections/);
    assert.match(r.note, /trained model rope\.sqlb .*characters of your sentence/);
    assert.equal(r.how, 'characters');
    assert.equal(r.T, r.chars);
    assert.equal(r.grids, r.layers * r.heads);
    assert.ok(r.worst < 1e-5);
    assert.ok(r.same, 'the random-projection heads are unchanged');
    assert.deepEqual(unexpected(errors), []);
    await page.close();
  });
});
