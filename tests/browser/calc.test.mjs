// calc.test.mjs — the Transformer calculator in headless Chromium: the preset menu and its
// published totals, the architecture choice, the new options, the costs with their formulas,
// the d_head field showing the value in use, messages beside the field (English and Persian)
// with the total cleared until the settings are valid, and no page-wide overflow at 360 px.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { useBrowser } from './browser.mjs';

const ctx = useBrowser();

/** A page holding only the calculator (served from the lab's own folder, so the bundle loads). */
async function calcPage(hash = '', { width = 1280, lang } = {}) {
  const page = await ctx.browser.newPage({ viewport: { width, height: 900 } });
  const errors = [];
  page.on(
    'console',
    (m) => (m.type() === 'error' || m.type() === 'warning') && errors.push(`console.${m.type()}: ${m.text()}`),
  );
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  const url = `${ctx.server.url}calc-only.html`;
  await page.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><script src="dist/seqlab.js"></script></head>
      <body style="margin:0"><seqlab-transformer-calc url-state${lang ? ` lang="${lang}"` : ''}></seqlab-transformer-calc></body></html>`,
    }),
  );
  await page.goto(`${url}${hash ? `#${hash}` : ''}`);
  await page.waitForFunction(() => document.querySelector('seqlab-transformer-calc')?.lastResult, null, {
    timeout: 20000,
  });
  const w = page.locator('seqlab-transformer-calc');
  const result = () =>
    page.evaluate(() => {
      const r = document.querySelector('seqlab-transformer-calc').lastResult;
      return JSON.parse(JSON.stringify(r, (k, v) => (k === 'cause' ? String(v) : v)));
    });
  const until = (fn, arg) => page.waitForFunction(fn, arg, { timeout: 10000 });
  return { page, errors, w, result, until };
}

describe('transformer calculator', () => {
  it('the preset menu gives each published total in the page', async () => {
    const { page, errors, w, until } = await calcPage();
    const menu = w.getByLabel('preset', { exact: true });
    assert.equal(await menu.inputValue(), 'course');
    for (const [name, total] of [
      ['bert-base', '109,482,240'],
      ['gpt2-small', '124,439,808'],
      ['gpt2-medium', '354,823,168'],
      ['transformer-base', '63,084,544'],
      ['course', '201,466,160'],
    ]) {
      await menu.selectOption(name);
      await until((n) => document.querySelector('seqlab-transformer-calc').lastResult.preset === n, name);
      assert.equal(await w.locator('.total').innerText(), `Total: ${total}`, name);
    }
    // a change of any setting leaves the preset: the menu says so
    await w.getByLabel('vocabulary', { exact: true }).fill('1000');
    await until(() => document.querySelector('seqlab-transformer-calc').lastResult.preset === 'custom');
    assert.equal(await menu.inputValue(), 'custom');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the architecture choice: a GPT block has no cross-attention, unused fields are disabled, the URL keeps it', async () => {
    const { page, errors, w, result, until } = await calcPage();
    await w.getByLabel('architecture', { exact: true }).selectOption('decoder');
    await until(() => document.querySelector('seqlab-transformer-calc').lastResult.config?.arch === 'decoder');
    const r = await result();
    assert.equal(r.perDecoderBlock, 3149056 + 1050112 + 2 * 2048);
    assert.equal(r.total, 30721024 + 8 * r.perDecoderBlock + 30750000);
    assert.equal(await w.getByLabel('encoder blocks', { exact: true }).isDisabled(), true);
    assert.equal(await w.getByLabel('encoder blocks', { exact: true }).inputValue(), '0'); // the count in use
    assert.equal(await w.getByLabel('source and target share one embedding', { exact: true }).isDisabled(), true);
    assert.equal(await w.locator('.stack').count(), 1);
    assert.equal(await w.locator('.stage', { hasText: 'cross-attention' }).count(), 0);
    assert.match(page.url(), /transformer-calc\.arch=decoder/);
    // the permalink reproduces it
    const again = await calcPage(new URL(page.url()).hash.slice(1));
    assert.equal((await again.result()).total, r.total);
    await again.page.close();
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('each new option is a line of the table and changes the total by its own count', async () => {
    const { page, errors, w, result, until } = await calcPage();
    const base = (await result()).total;
    const steps = [
      ['pooler on the first token', 1024 * 1024 + 1024, 'pooler'],
      ['LayerNorm after the last block', 2 * 2 * 1024, 'finalNorm'],
      ['LayerNorm after the embeddings', 2 * 2 * 1024, 'embeddingNorm'],
      ['biases of Q, K, V', -(12 + 2 * 8) * 4 * 3 * 192, null],
      ['bias of W_O', -(12 + 2 * 8) * 1024, null],
      ['biases of the feed-forward layers', -(12 + 8) * (512 + 1024), null],
      ['source and target share one embedding', -30721024, 'sharedEmbedding'],
    ];
    let expected = base;
    for (const [label, delta, key] of steps) {
      await w.getByLabel(label, { exact: true }).click();
      expected += delta;
      await until((t) => document.querySelector('seqlab-transformer-calc').lastResult.total === t, expected);
      if (key) assert.equal(await w.locator(`tr[data-key="${key}"]`).count(), 1, key);
    }
    // the biases leave the formulas of the parts they belonged to
    assert.deepEqual(await w.locator('tr.sub td:nth-child(2)').allInnerTexts(), [
      '3 × (1024·192)',
      '768·1024',
      '4 × 589824 + 786432',
      '1024·512 + 512·1024',
      '2·1024',
    ]);
    await w.getByLabel('token types', { exact: true }).fill('2');
    await until(
      (t) => document.querySelector('seqlab-transformer-calc').lastResult.total === t,
      expected + 2 * 2 * 1024,
    );
    await w.getByLabel('positions', { exact: true }).selectOption('learned');
    await w.getByLabel('rows of the learned table', { exact: true }).fill('4096');
    await until(
      (t) => document.querySelector('seqlab-transformer-calc').lastResult.total === t,
      expected + 2 * 2 * 1024 + 2 * 4096 * 1024,
    );
    assert.match(await w.locator('tr[data-key="positions"]').innerText(), /4096·1024/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('FLOPs, key/value cache and training memory are shown with their formulas', async () => {
    const { page, errors, w, result } = await calcPage();
    await w.getByLabel('preset', { exact: true }).selectOption('gpt2-small');
    await page.waitForFunction(
      () => document.querySelector('seqlab-transformer-calc').lastResult.preset === 'gpt2-small',
    );
    const r = await result();
    const box = (key) => w.locator(`.cost[data-cost="${key}"]`);
    assert.match(await box('flopsForward').locator('.cost-value').innerText(), /^284,812,800 /);
    assert.equal(r.flops.forward, 284812800);
    assert.match(await box('flopsTrain').locator('.cost-value').innerText(), /^854,438,400 /);
    assert.match(await box('kvCache').locator('.cost-value').innerText(), /72\.0 KiB \(73,728 B\)/);
    assert.match(await box('memory').locator('.cost-value').innerText(), /\(1,991,036,928 B\)/);
    // each formula is typeset (MathML) with the model's own numbers
    for (const key of ['flopsForward', 'flopsTrain', 'kvCache', 'kvBatch', 'memory'])
      assert.equal(await box(key).locator('math').count(), 2, key);
    const forward = await box('flopsForward').locator('annotation').allTextContents();
    assert.match(forward[1], /2 \\cdot 123\{,\}532\{,\}032 \+ 4 \\cdot 12 \\cdot 1\{,\}024 \\cdot 768/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('d_head = d_model / heads: the field shows the head size in use', async () => {
    const { page, errors, w, result, until } = await calcPage();
    const dHead = w.locator('#p-dHead');
    assert.equal(await dHead.inputValue(), '192');
    await w.getByLabel('heads', { exact: true }).fill('16');
    await w.getByLabel('d_head = d_model / heads', { exact: true }).check();
    await until(() => document.querySelector('seqlab-transformer-calc').lastResult.config?.dHead === 64);
    assert.equal(await dHead.inputValue(), '64');
    assert.equal(await dHead.isDisabled(), true);
    assert.equal((await result()).components.qkvPerHead.count, 3 * (1024 * 64 + 64));
    assert.deepEqual(errors, []);
    await page.close();
  });

  for (const lang of ['en', 'fa']) {
    it(`an invalid combination (${lang}): the message beside the field, the total cleared until it is valid`, async () => {
      const { page, errors, w, until } = await calcPage('transformer-calc.autoHead=1&transformer-calc.heads=16', {
        lang,
      });
      assert.equal(await w.locator('.total').innerText(), `${lang === 'fa' ? 'جمع کل' : 'Total'}: 230,847,792`); // d_head 64 in use
      await page.locator('seqlab-transformer-calc').evaluate((el) => el.setState({ dModel: 1000 }));
      await until(() => document.querySelector('seqlab-transformer-calc').lastResult.valid === false);
      const field = w.locator('.field[data-param="dHead"]');
      const message = field.locator('.field-error');
      await message.waitFor({ state: 'visible' });
      const text = await message.innerText();
      if (lang === 'fa') assert.match(text, /بخش‌پذیر نیست/);
      else
        assert.equal(
          text,
          'd_model (1000) is not divisible by 16 heads: untick “d_head = d_model / heads” and enter d_head.',
        );
      // beside the field: directly under its input, not at the bottom of the widget
      const input = await w.locator('#p-dHead').boundingBox(),
        msg = await message.boundingBox();
      assert.ok(
        msg.y - (input.y + input.height) < 20 && Math.abs(msg.x - input.x) < 200,
        `message at ${JSON.stringify(msg)}, field at ${JSON.stringify(input)}`,
      );
      assert.equal(await w.locator('#p-dHead').getAttribute('aria-invalid'), 'true');
      assert.equal(await w.locator('#p-dHead').inputValue(), '');
      // the total is no longer a number, and the numbers below are greyed out
      const total = w.locator('.total');
      assert.equal(await total.getAttribute('class'), 'total invalid');
      assert.doesNotMatch(await total.innerText(), /[0-9۰-۹]/);
      assert.equal(await w.locator('.results').getAttribute('class'), 'results stale');
      assert.equal(await w.locator('.error').isVisible(), false);
      // fixing it brings the total back
      await page.locator('seqlab-transformer-calc').evaluate((el) => el.setState({ heads: 8 }));
      await until(() => document.querySelector('seqlab-transformer-calc').lastResult.valid === true);
      assert.equal(await field.locator('.field-error').count(), 0);
      assert.equal(await w.locator('.total').getAttribute('class'), 'total');
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  it('a sequence past the learned table is explained beside the sequence length', async () => {
    const { page, errors, w, until } = await calcPage();
    await w.getByLabel('preset', { exact: true }).selectOption('gpt2-small');
    await w.getByLabel('sequence length n', { exact: true }).fill('2048');
    await until(() => document.querySelector('seqlab-transformer-calc').lastResult.error?.field === 'seqLen');
    assert.match(
      await w.locator('.field[data-param="seqLen"] .field-error').innerText(),
      /longer than the learned position table \(1024 rows\)/,
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  for (const [width, lang] of [
    [360, 'en'],
    [360, 'fa'],
  ]) {
    it(`at ${width} px (${lang}) nothing reaches past the page; wide parts scroll in their own box`, async () => {
      const { page, errors } = await calcPage('', { width, lang });
      const out = await page.evaluate(() => {
        const el = document.querySelector('seqlab-transformer-calc');
        const right = el.getBoundingClientRect().right;
        const over = [...el.shadowRoot.querySelectorAll('*')].filter(
          (e) => e.getBoundingClientRect().right > right + 1 && !e.closest('.scroll, .formula'),
        );
        return { page: document.documentElement.scrollWidth, over: over.map((e) => `${e.tagName}.${e.className}`) };
      });
      assert.equal(out.page, width);
      assert.deepEqual(out.over, []);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
