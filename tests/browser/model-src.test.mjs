// model-src.test.mjs — a trained model named by the model-src attribute (an instructor's file next
// to the course page): <seqlab-attention> shows its heads, the same numbers as the model in Node;
// <seqlab-train> shows it in its model view; a language change keeps it without a second copy in
// the core; a missing file, a page opened from a file and a widget with no use for a model each
// get their own message, and a good model-src afterwards still works.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

import { loadSeqlab } from '../../wasm/seqlab.mjs';
import { tokensToIds } from '../../web/src/widgets/attention/trained.js';
import { openPage, ROOT, useBrowser } from './browser.mjs';

const ctx = useBrowser({ dir: ROOT });
let browser, base, expected;
before(async () => {
  // a character model (the corpus's characters are its ids), trained a few steps, saved
  const sl = await loadSeqlab();
  const chars = [...new Set(sl.corpus)].sort((a, b) => a.codePointAt(0) - b.codePointAt(0));
  const model = sl.createModel({
    kind: 'transformer',
    vocab: chars.length,
    maxLen: 32,
    layers: 2,
    dModel: 16,
    heads: 2,
    dFF: 32,
    posenc: 'rope',
    seed: 5,
  });
  for (let i = 0; i < 5; i++)
    model.step(sl.makeTask('text', { batch: 4, minLen: 16, maxLen: 16, seed: i }), { lr: 3e-3 });
  const { ids } = tokensToIds(['the', 'cat', 'sat'], chars.length, chars);
  expected = {
    ids,
    attention: Array.from(model.forward({ tokens: Int32Array.from(ids), batch: 1, T: ids.length }).attention),
  };
  await mkdir(`${ROOT}build/test-models`, { recursive: true });
  await writeFile(`${ROOT}build/test-models/char-rope.sqlb`, model.save());
  model.dispose();
  await ctx.start();
  browser = ctx.browser;
  base = ctx.server.url;
});

const trainedOf = (page) =>
  page.waitForFunction(() => document.querySelector('seqlab-attention').trainedResult, null, { timeout: 30000 });
const errorOf = (page, sel) =>
  page.evaluate((s) => {
    const box = document.querySelector(s).shadowRoot.querySelector('.error');
    return box && !box.hidden ? box.textContent : '';
  }, sel);

describe('model-src: a trained model named in the page', () => {
  it('the attention view and the training lab show it; a language change keeps one copy', async () => {
    const { page, errors } = await openPage(browser, `${base}tests/browser/pages/model-src.html`);
    await trainedOf(page);
    await page.waitForFunction(() => document.querySelector('seqlab-train').lastResult?.loaded, null, {
      timeout: 30000,
    });
    const r = await page.evaluate(() => {
      const a = document.querySelector('seqlab-attention');
      const tr = document.querySelector('seqlab-train').lastResult;
      return {
        ids: a.trainedResult.ids,
        how: a.trainedResult.how,
        weights: Array.from(a.trainedResult.weights),
        note: a.shadowRoot.querySelector('[data-trained-note]').textContent,
        trainLoaded: tr.loaded.name,
        trainView: tr.view.source,
      };
    });
    assert.equal(r.how, 'characters');
    assert.deepEqual(r.ids, expected.ids);
    // the same core and the same weights: the browser's numbers are Node's
    assert.equal(r.weights.length, expected.attention.length);
    const worst = Math.max(...r.weights.map((x, i) => Math.abs(x - expected.attention[i])));
    assert.ok(worst < 1e-6, `largest difference ${worst}`);
    assert.match(r.note, /char-rope\.sqlb/);
    assert.equal(r.trainLoaded, 'char-rope.sqlb');
    assert.equal(r.trainView, 'loaded');

    const heap = () => page.evaluate(async () => (await window.seqlab.loadSeqlab()).memoryStats().heapInUse);
    const before = await heap();
    await page.evaluate(() => document.querySelector('seqlab-attention').setAttribute('lang', 'fa'));
    await page.waitForFunction(
      () => document.querySelector('seqlab-attention').shadowRoot.querySelector('[data-trained-grid] canvas'),
      null,
      { timeout: 30000 },
    );
    const after = await page.evaluate(() => {
      const a = document.querySelector('seqlab-attention');
      return { weights: Array.from(a.trainedResult.weights), open: a.shadowRoot.querySelector('details.trained').open };
    });
    assert.deepEqual(after.weights, r.weights);
    assert.ok(after.open);
    assert.equal(await heap(), before, 'the rebuilt panel made its copy and the old one was freed');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a missing file says so, and a good model-src afterwards works', async () => {
    const { page } = await openPage(browser, `${base}tests/browser/pages/model-src.html`);
    await trainedOf(page);
    await page.evaluate(() =>
      document.querySelector('seqlab-attention').setAttribute('model-src', '../../../build/test-models/none.sqlb'),
    );
    await page.waitForFunction(() => {
      const box = document.querySelector('seqlab-attention').shadowRoot.querySelector('.error');
      return box && !box.hidden;
    });
    assert.match(await errorOf(page, 'seqlab-attention'), /none\.sqlb: the server answered 404/);
    await page.evaluate(() =>
      document.querySelector('seqlab-attention').setAttribute('model-src', '../../../build/test-models/char-rope.sqlb'),
    );
    await page.waitForFunction(
      () => document.querySelector('seqlab-attention').shadowRoot.querySelector('.error').hidden,
    );
    // a widget with no use for a model
    await page.evaluate(() => {
      const el = document.createElement('seqlab-alibi');
      el.setAttribute('model-src', 'x.sqlb');
      document.body.append(el);
    });
    await page.waitForFunction(() => {
      const box = document.querySelector('seqlab-alibi').shadowRoot.querySelector('.error');
      return box && !box.hidden;
    });
    assert.match(await errorOf(page, 'seqlab-alibi'), /<seqlab-alibi> shows no trained model/);
    await page.close();
  });

  it('from file:// the message says to serve the page or load the file by hand', async () => {
    const { page } = await openPage(browser, pathToFileURL(`${ROOT}tests/browser/pages/model-src.html`).href);
    await page.waitForFunction(
      () => {
        const box = document.querySelector('seqlab-attention')?.shadowRoot?.querySelector('.error');
        return box && !box.hidden;
      },
      null,
      { timeout: 30000 },
    );
    assert.match(await errorOf(page, 'seqlab-attention'), /opened from a file.*Serve the page over http/);
    await page.close();
  });
});
