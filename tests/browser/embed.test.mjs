// embed.test.mjs — what an instructor embedding a widget relies on: hostile host CSS, a strict
// Content-Security-Policy, file:// without a server, URL state, keyboard-only use, Persian
// right-to-left, and export of the plots and numbers.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

import { serve } from '../../tools/serve.mjs';
import { launch, openPage, ROOT, serveWeb, waitForWidget } from './browser.mjs';

let browser, web, root;
before(async () => {
  browser = await launch();
  web = await serveWeb();
  const server = await serve(ROOT, 0);
  root = { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
});
after(async () => {
  await browser?.close();
  await web?.close();
  await root?.close();
});

/**
 * Settings, error message and numbers of each widget (in the page). Numbers measured live
 * (timings) differ between two loads and are left out; everything else must not differ.
 */
function snapshot(list) {
  return Object.fromEntries(
    list.map((tag) => {
      const el = document.querySelector(tag);
      el.finishDeferred();
      const json = JSON.stringify(el.lastResult ?? null, (k, v) =>
        /time|ms$|^us/i.test(k) ? undefined : ArrayBuffer.isView(v) ? Array.from(v) : v,
      );
      return [tag, { state: el.state, error: el.shadowRoot.querySelector('.error')?.textContent ?? '', json }];
    }),
  );
}

/** Path and values of the first difference between two JSON values. */
function firstDifference(a, b, path = '') {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null)
    return a === b ? null : `${path || '.'}: ${JSON.stringify(b)} → ${JSON.stringify(a)}`;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const d = firstDifference(a[k], b[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

describe('embedding', () => {
  it('two widgets in a page with hostile CSS both render, and no style crosses either way', async () => {
    const { page, errors } = await openPage(browser, `${root.url}tests/browser/pages/hostile.html`);
    await waitForWidget(page, '#w1');
    await waitForWidget(page, '#w2');
    const r = await page.evaluate(() => {
      const inner = (id) => {
        const sr = document.getElementById(id).shadowRoot;
        const canvas = sr.querySelector('.steps canvas.hm-canvas');
        const tb = sr.querySelector('.toolbar');
        return {
          canvasWidth: canvas.getBoundingClientRect().width,
          display: getComputedStyle(canvas).display,
          toolbarBorder: getComputedStyle(tb).borderTopWidth,
          buttonVisible: sr.querySelector('button').getBoundingClientRect().width > 0,
          dir: sr.querySelector('.widget').dir,
        };
      };
      const hostTb = getComputedStyle(document.getElementById('host-toolbar'));
      return {
        w1: inner('w1'),
        w2: inner('w2'),
        hostToolbarDisplay: hostTb.display,
        hostToolbarBg: hostTb.backgroundColor,
        hostP: getComputedStyle(document.getElementById('host-text')).fontSize,
      };
    });
    for (const w of [r.w1, r.w2]) {
      assert.ok(w.canvasWidth > 50, 'the heatmap is drawn');
      assert.equal(w.display, 'block');
      assert.notEqual(w.toolbarBorder, '20px', 'host CSS reached into the widget');
      assert.ok(w.buttonVisible);
    }
    assert.equal(r.w2.dir, 'rtl');
    assert.equal(r.hostToolbarDisplay, 'block', 'widget CSS leaked into the host page');
    assert.equal(r.hostToolbarBg, 'rgb(255, 255, 0)');
    assert.equal(r.hostP, '13px');
    assert.equal(await page.evaluate(() => document.getElementById('w2').lastResult.heads), 3);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a page with a strict Content-Security-Policy (no eval, no inline code) loads the bundle with no violation', async () => {
    const { page, errors } = await openPage(browser, `${root.url}tests/browser/pages/csp.html`);
    await waitForWidget(page, 'seqlab-attention');
    // exporting a PNG goes through an image too
    const download = page.waitForEvent('download');
    await page.locator('seqlab-attention [data-export="png"]').click();
    await download;
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('one script and one tag in a plain HTML file on disk work offline, in Persian with Persian digits', async () => {
    const { page, errors, requests } = await openPage(
      browser,
      pathToFileURL(`${ROOT}tests/browser/pages/offline.html`).href,
    );
    await waitForWidget(page, 'seqlab-attention');
    const r = await page.evaluate(() => {
      const sr = document.querySelector('seqlab-attention').shadowRoot;
      return {
        dir: sr.querySelector('.widget').dir,
        title: sr.querySelector('h2').textContent,
        note: sr.querySelector('.steps').textContent,
        labels: [...sr.querySelectorAll('.hm-axes text')].map((t) => t.textContent),
      };
    });
    assert.equal(r.dir, 'rtl');
    assert.equal(r.title, 'توجه ضرب نقطه‌ای مقیاس‌شده');
    assert.ok(r.labels.includes('گربه'), 'Persian tokens label the axes');
    assert.match(r.note, /[۰-۹]/, 'Persian digits');
    assert.doesNotMatch(r.labels.join(' '), /[0-9]/);
    for (const u of requests) assert.ok(u.startsWith('file://'), `request outside the disk: ${u}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('the embedding guide', () => {
  it('web/embed.html renders its embedded widgets with its own page CSS, trimmed and in Persian, cleanly', async () => {
    const { page, errors, requests } = await openPage(browser, `${web.url}embed.html`);
    await page.waitForFunction(
      () => [...document.querySelectorAll('seqlab-attention, seqlab-alibi')].every((e) => e.lastResult),
      null,
      { timeout: 20000 },
    );
    const r = await page.evaluate(() => ({
      hidden: document.querySelector('seqlab-attention').shadowRoot.querySelector('[data-param=temperature]').hidden,
      causal: document.querySelector('seqlab-attention').state.causal,
      dir: document.querySelector('seqlab-alibi').shadowRoot.querySelector('.widget').dir,
      slopes: Array.from(document.querySelector('seqlab-alibi').lastResult.slopes),
    }));
    assert.equal(r.hidden, true);
    assert.equal(r.causal, true);
    assert.equal(r.dir, 'rtl');
    assert.deepEqual(r.slopes, [1 / 4, 1 / 16, 1 / 64, 1 / 256, 1 / 2, 1 / 8]);
    for (const u of requests) assert.ok(u.startsWith(web.url), `foreign request ${u}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('multi-word settings map to attributes (d-model, d-ff, train-len) and update the widget when changed by script', async () => {
    const { page, errors } = await openPage(browser, `${root.url}tests/browser/pages/hostile.html`);
    await waitForWidget(page, '#w1');
    await page.evaluate(() => {
      const calc = document.createElement('seqlab-transformer-calc');
      calc.id = 'calc';
      calc.setAttribute('d-ff', '2048');
      document.body.append(calc);
      document.getElementById('w1').setAttribute('d-model', '32');
    });
    await page.waitForFunction(() => document.getElementById('calc')?.lastResult?.config.dFF === 2048);
    await page.waitForFunction(() => document.getElementById('w1').state.dModel === 32);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('state, keyboard, export', () => {
  it('the URL hash round-trips the whole state', async () => {
    const { page } = await openPage(browser, web.url);
    await waitForWidget(page, 'seqlab-attention');
    const w = page.locator('seqlab-attention');
    await w.getByLabel('Heads', { exact: true }).fill('4');
    await w.getByLabel('Causal (no looking ahead)').check();
    await w.getByLabel('Sentence (tokens split on spaces)').fill('a b c d e');
    await page.waitForFunction(() => document.querySelector('seqlab-attention').lastResult.n === 5);
    const canvas = w.locator('.steps canvas.hm-canvas').nth(2);
    await canvas.scrollIntoViewIfNeeded(); // mouse coordinates are the viewport's
    const box = await canvas.boundingBox();
    await page.mouse.click(box.x + box.width * 0.1, box.y + box.height * 0.9); // mask cell (4, 0)
    // the state changes at the click, the numbers at the next frame: wait for the numbers
    await page.waitForFunction(() => document.querySelector('seqlab-attention').lastResult.cells.has('4,0'));
    const url = page.url();
    const weights = await page.evaluate(() =>
      Array.from(document.querySelector('seqlab-attention').lastResult.perHead[3].weights),
    );
    assert.match(url, /attention\.heads=4/);
    const again = await openPage(browser, url);
    await again.page.waitForFunction(() => document.querySelector('seqlab-attention')?.lastResult?.heads === 4);
    const r = await again.page.evaluate(() => {
      const el = document.querySelector('seqlab-attention');
      return {
        state: el.state,
        weights: Array.from(el.lastResult.perHead[3].weights),
        causal: el.shadowRoot.querySelector('#p-causal').checked,
      };
    });
    assert.equal(r.state.text, 'a b c d e');
    assert.equal(r.state.cells, '4:0');
    assert.equal(r.causal, true);
    assert.deepEqual(r.weights, weights);
    await page.close();
    await again.page.close();
  });

  it('every widget: a permalink with every setting changed reproduces the same settings and numbers', async () => {
    const { page, errors } = await openPage(browser, web.url);
    const tags = await page.evaluate(() => [
      ...new Set([...document.querySelectorAll('*')].map((e) => e.localName).filter((n) => n.startsWith('seqlab-'))),
    ]);
    for (const tag of tags) await waitForWidget(page, tag);
    // a valid value other than the default for every setting (strings left alone: their own tests cover them)
    await page.evaluate((list) => {
      for (const tag of list) {
        const el = document.querySelector(tag);
        const patch = {};
        for (const [name, spec] of Object.entries(el.constructor.params)) {
          const d = spec.default;
          if (spec.type === 'bool') patch[name] = !d;
          else if (spec.type === 'enum') patch[name] = spec.values.find((v) => v !== d);
          else if (spec.values) patch[name] = spec.values.find((v) => v !== d);
          else if (spec.type === 'int')
            patch[name] = d + 2 <= spec.max ? d + 2 : d - 2; // keeps even sizes even
          else if (spec.type === 'number') patch[name] = Math.min(spec.max, d + (spec.max - d) / 3);
        }
        // the numbers follow at a later frame: note when this widget has redrawn them
        el.redrawn = false;
        el.addEventListener('seqlab-update', (ev) => (el.redrawn ||= !ev.detail.partial));
        el.setState(patch);
      }
    }, tags);
    await page.waitForFunction(
      (list) => list.every((t) => document.querySelector(t).redrawn && !document.querySelector(t).deferred),
      tags,
      { timeout: 30000 },
    );
    const before = await page.evaluate(snapshot, tags);
    for (const tag of tags) assert.equal(before[tag].error, '', `${tag}: the changed settings are valid`);
    // the reloaded page: wait for each widget's final repaint with the settings of the link (not a
    // fixed time, which a loaded machine outlasts)
    const again = await openPage(browser, 'about:blank');
    await again.page.addInitScript(() => {
      window.seqlabDone = new Set();
      document.addEventListener('seqlab-update', (ev) => ev.detail.partial || window.seqlabDone.add(ev.target));
    });
    await again.page.goto(page.url());
    const expected = Object.fromEntries(tags.map((t) => [t, JSON.stringify(before[t].state)]));
    await again.page.waitForFunction(
      (want) =>
        Object.entries(want).every(([t, state]) => {
          const el = document.querySelector(t);
          return el && window.seqlabDone.has(el) && !el.deferred && JSON.stringify(el.state) === state;
        }),
      expected,
      { timeout: 30000 },
    );
    const after = await again.page.evaluate(snapshot, tags);
    for (const tag of tags) {
      assert.deepEqual(after[tag].state, before[tag].state, `${tag}: settings`);
      assert.equal(after[tag].error, before[tag].error, `${tag}: error message`);
      assert.ok(
        after[tag].json === before[tag].json,
        `${tag}: the numbers differ after reload, first at ${firstDifference(JSON.parse(after[tag].json), JSON.parse(before[tag].json))}`,
      );
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(again.errors, []);
    await page.close();
    await again.page.close();
  });

  it('is operable by keyboard alone, with visible focus', async () => {
    const { page, errors } = await openPage(browser, web.url);
    await waitForWidget(page, 'seqlab-attention');
    await page.locator('seqlab-attention #p-text').focus();
    const seen = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const a = document.querySelector('seqlab-attention').shadowRoot.activeElement;
        if (!a) return null;
        const cs = getComputedStyle(a);
        return {
          id: a.id || a.dataset.export || a.className || a.tagName,
          outline: cs.outlineStyle,
          width: cs.outlineWidth,
        };
      });
      if (!f) break;
      seen.push(f);
    }
    const ids = seen.map((f) => f.id);
    for (const id of ['p-heads', 'p-temperature', 'p-causal', 'head-btn', 'hm-canvas', 'png'])
      assert.ok(ids.includes(id), `${id} is not reachable by Tab: ${ids.join(' ')}`);
    for (const f of seen) assert.notEqual(f.outline, 'none', `no visible focus on ${f.id}`);
    // operate: heads with the arrow keys, causal with Space
    await page.locator('seqlab-attention #p-heads').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('seqlab-attention').lastResult.heads === 3);
    await page.locator('seqlab-attention #p-causal').focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('seqlab-attention').lastResult.perHead[0].weights[1] === 0);
    // a heatmap cell by arrows: the readout follows
    await page.locator('seqlab-attention .steps canvas.hm-canvas').nth(3).focus();
    await page.keyboard.press('ArrowDown');
    assert.match(await page.locator('seqlab-attention .readout').innerText(), /\(row 1\) → key “the” \(column 0\)/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('exports a valid PNG, SVG, CSV and JSON of the view', async () => {
    const { page, errors } = await openPage(browser, web.url);
    await waitForWidget(page, 'seqlab-attention');
    const get = async (kind) => {
      const dl = page.waitForEvent('download');
      await page.locator(`seqlab-attention [data-export="${kind}"]`).click();
      const d = await dl;
      return { name: d.suggestedFilename(), body: await readFile(await d.path()) };
    };
    const png = await get('png');
    assert.equal(png.name, 'seqlab-attention.png');
    assert.deepEqual([...png.body.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
    assert.ok(png.body.length > 5000);
    const svgText = (await get('svg')).body.toString();
    assert.match(svgText, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok((svgText.match(/<image /g) ?? []).length >= 5, 'one image per heatmap');
    const parsed = await page.evaluate(
      (t) => new DOMParser().parseFromString(t, 'image/svg+xml').querySelector('parsererror') === null,
      svgText,
    );
    assert.ok(parsed, 'the SVG parses');
    const csv = (await get('csv')).body.toString().split('\n');
    assert.equal(csv[0], 'array,index,value');
    assert.ok(csv.some((l) => l.startsWith('perHead[0].weights,35,')));
    const json = JSON.parse((await get('json')).body.toString());
    assert.equal(json.widget, 'seqlab-attention');
    assert.equal(json.settings.heads, 2);
    const w = await page.evaluate(() =>
      Array.from(document.querySelector('seqlab-attention').lastResult.perHead[1].weights),
    );
    assert.deepEqual(json.data.perHead[1].weights, w);
    // the embed snippet carries the settings
    await page.locator('seqlab-attention').getByLabel('Heads', { exact: true }).fill('5');
    await page.locator('seqlab-attention .embed summary').click();
    // the snippet is written when the box opens after the new state has rendered: wait for it
    // rather than read it at once (empty on a loaded machine)
    await page.waitForFunction(() =>
      /heads="5"/.test(document.querySelector('seqlab-attention').shadowRoot.querySelector('.embed-code')?.value ?? ''),
    );
    const code = await page.locator('seqlab-attention .embed-code').inputValue();
    assert.match(code, /<seqlab-attention heads="5"><\/seqlab-attention>/);
    // the iframe shows this widget alone (#only=), with its state
    assert.match(code, /<iframe src="[^"]*#only=attention&amp;attention\.heads=5"/);
    // a change while the box is open shows in it
    await page.locator('seqlab-attention').getByLabel('Heads', { exact: true }).fill('3');
    await page.waitForFunction(() =>
      /heads="3"/.test(document.querySelector('seqlab-attention').shadowRoot.querySelector('.embed-code').value),
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a bad URL value falls back with a visible message naming it', async () => {
    const { page, errors } = await openPage(browser, `${web.url}#attention.heads=99&attention.scale=maybe`);
    await waitForWidget(page, 'seqlab-attention');
    const notice = await page.locator('seqlab-attention .notice').innerText();
    assert.match(notice, /URL attention\.heads: heads = "99" is not a whole number from 1 to 8; using 2\./);
    assert.match(notice, /URL attention\.scale: scale = "maybe" is not true or false/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('in Persian, the messages about bad settings and sizes are Persian too', async () => {
    const { page, errors } = await openPage(browser, `${web.url}#lang=fa&attention.heads=99&sinusoidal.dModel=33`);
    await waitForWidget(page, 'seqlab-attention');
    const notice = await page.locator('seqlab-attention .notice').innerText();
    assert.equal(notice, 'نشانی (URL) attention.heads: heads = "99" عددی صحیح از 1 تا 8 نیست؛ 2 به کار می‌رود.');
    const error = page.locator('seqlab-sinusoidal .error');
    await error.waitFor({ state: 'visible' });
    assert.equal(await error.innerText(), 'd_model باید زوج باشد (sin و cos جفت‌جفت می‌آیند)، اما 33 است.');
    // the core's own (technical, English) message follows a Persian sentence
    await page.evaluate(() =>
      document
        .querySelector('seqlab-transformer-calc')
        .setState({ heads: 1024, dHead: 100000, dModel: 100000, encoderBlocks: 1000 }),
    );
    const calcError = page.locator('seqlab-transformer-calc .error');
    await calcError.waitFor({ state: 'visible' });
    assert.match(await calcError.innerText(), /^هسته این تنظیمات را نپذیرفت: transformerShapes: .* is past 2\^53/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('in Persian, no interface text of any widget is left in English (tokens and formulas aside)', async () => {
    // the tied output layer shows a note in its formula
    const { page, errors } = await openPage(browser, `${web.url}#lang=fa&transformer-calc.tiedEmbeddings=1`);
    const tags = await page.evaluate(() => [
      ...new Set([...document.querySelectorAll('*')].map((e) => e.localName).filter((n) => n.startsWith('seqlab-'))),
    ]);
    assert.ok(tags.length >= 11, `only ${tags.length} widgets on the page`);
    for (const tag of tags) await waitForWidget(page, tag);
    const english = await page.evaluate((list) => {
      // words that only interface text would contain, not a formula, a number or a setting name
      const words =
        /\b(the|and|against|with|without|per|of|order|matters|samples|largest|parameters|component|formula|subtotal|encoder|decoder|embedding|table|numbers|core|closed|form|entropy|density|mean|bytes|head|heads|series|position|positions|layer|attention|weights|expected|uniform|unscaled|scaled|step|gate|cell|state|hidden|input|output|query|key|value|bias|slope|slopes|distance|dimension|pair|pairs|angle|time|gradient|loss|check|sequence|token|tokens|play|pause|reset|length|training|frequency|unit|units|sentence|preset|masked|turned)\b/i;
      const persian = /[\u0600-\u06ff]/;
      const found = [];
      for (const tag of list) {
        const root = document.querySelector(tag).shadowRoot;
        const leaves = [
          ...root.querySelectorAll(
            'h2, h3, h4, figcaption, summary, caption, th, td, p, li, label, legend, button, option, span, .readout, .lp-legend',
          ),
        ].filter((e) => !e.closest('.chip, .tok, .tokens') && (e.children.length === 0 || e.matches('p, li, td')));
        const texts = leaves.map((e) => e.textContent.trim());
        texts.push(
          ...[...root.querySelectorAll('[aria-label], [title]')]
            .filter((e) => !e.closest('.chip'))
            .map((e) => e.getAttribute('aria-label') ?? e.getAttribute('title')),
        );
        for (const text of new Set(texts))
          if (text && !persian.test(text) && words.test(text)) found.push(`${tag}: ${text}`);
      }
      return found;
    }, tags);
    assert.deepEqual(english, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
