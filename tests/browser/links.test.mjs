// links.test.mjs — links and embeds land on their widget: a copied link scrolls the lab to it, the
// Embed… iframe shows it alone, every section id is its widget's state key, old links still work,
// and a misspelt key in the URL is reported instead of ignored without a word.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { openPage, useBrowser, waitForAllWidgets, waitForWidget } from './browser.mjs';

const ctx = useBrowser();

/**
 * The top of a section relative to the viewport, below the contents that stay at the top of the
 * screen (0: just under them), and whether it is on screen.
 */
const placeOf = (page, id) =>
  page.evaluate((sel) => {
    const r = document.getElementById(sel).getBoundingClientRect();
    const nav = document.querySelector('nav.toc');
    const under = nav?.checkVisibility() ? nav.getBoundingClientRect().bottom : 0;
    return { top: r.top - under, visible: r.top < innerHeight && r.bottom > 0 };
  }, id);

describe('links and embeds land on their widget', () => {
  it('every section id is its widget’s state key, and the table of contents points at them', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    const r = await page.evaluate(() => ({
      sections: [...document.querySelectorAll('main > section')].map((s) => {
        const w = s.querySelector('*');
        return [s.id, w.getAttribute('state-key') || w.localName.replace(/^seqlab-/, '')];
      }),
      toc: [...document.querySelectorAll('nav.toc a')].map((a) => a.getAttribute('href').slice(1)),
    }));
    assert.ok(r.sections.length >= 11);
    for (const [id, key] of r.sections) assert.equal(id, key);
    assert.deepEqual(r.toc.sort(), r.sections.map(([id]) => id).sort());
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('“Copy link” gives a link that opens the lab scrolled to its widget, with its state', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-alibi');
    await page.evaluate(() => document.querySelector('seqlab-alibi').setState({ heads: 6 }));
    const link = await page.evaluate(() => document.querySelector('seqlab-alibi').permalinkUrl());
    assert.match(link, /#view=alibi&alibi\.heads=6$/);
    const again = await openPage(ctx.browser, link, { viewport: { width: 1280, height: 800 } });
    await waitForAllWidgets(again.page);
    // the widgets above it have drawn (and grown): the page still shows ALiBi at the top
    const place = await placeOf(again.page, 'alibi');
    assert.ok(Math.abs(place.top) < 40, `the ALiBi section starts ${place.top} px below the contents, not at the top`);
    assert.equal(await again.page.evaluate(() => document.querySelector('seqlab-alibi').lastResult.slopes.length), 6);
    assert.deepEqual(errors, []);
    assert.deepEqual(again.errors, []);
    await page.close();
    await again.page.close();
  });

  it('the Embed… iframe shows its widget alone, with its state', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-alibi');
    await page.evaluate(() => document.querySelector('seqlab-alibi').setState({ heads: 6 }));
    const src = await page.evaluate(() =>
      document
        .querySelector('seqlab-alibi')
        .embedCode()
        .match(/<iframe src="([^"]*)"/)[1]
        .replace(/&amp;/g, '&'),
    );
    assert.match(src, /#only=alibi&alibi\.heads=6$/);
    // the iframe itself, in a host page
    await page.setContent(`<iframe src="${src}" width="800" height="900"></iframe>`);
    const frame = page.frames()[1];
    await frame.waitForFunction(() => document.querySelector('seqlab-alibi')?.lastResult?.slopes.length === 6);
    const shown = await frame.evaluate(() =>
      [...document.querySelectorAll('header, nav, main > section')]
        .filter((el) => el.checkVisibility())
        .map((el) => el.id || el.localName),
    );
    assert.deepEqual(shown, ['alibi']);
    const top = await frame.evaluate(() => document.getElementById('alibi').getBoundingClientRect().top);
    assert.ok(top < 60, `the widget starts ${top} px down the iframe`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('old links keep working: #transformer and #transformer.<key> land on the calculator', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#transformer`, {
      viewport: { width: 1280, height: 800 },
    });
    await waitForAllWidgets(page);
    assert.match(page.url(), /#transformer-calc$/);
    const place = await placeOf(page, 'transformer-calc');
    assert.ok(Math.abs(place.top) < 40, `the calculator starts ${place.top} px below the contents`);
    const old = await openPage(ctx.browser, `${ctx.server.url}#transformer.dModel=768&compare.seed=9`);
    await old.page.waitForFunction(
      () =>
        document.querySelector('seqlab-transformer-calc')?.lastResult?.config.dModel === 768 &&
        document.querySelector('seqlab-posenc-compare')?.state.seed === 9,
    );
    assert.match(old.page.url(), /transformer-calc\.dModel=768/);
    assert.deepEqual(errors, []);
    assert.deepEqual(old.errors, []);
    await page.close();
    await old.page.close();
  });

  it('a misspelt key in the URL is reported in the console and in the widget, naming the known keys', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#alibi.haeds=4&alibii.heads=2`);
    await waitForWidget(page, 'seqlab-alibi');
    const notice = await page.locator('seqlab-alibi .notice').innerText();
    assert.match(notice, /alibi\.haeds/);
    assert.match(notice, /alibi\.heads/);
    assert.ok(
      errors.some((e) => /console\.warning: .*alibi\.haeds.*alibi\.heads/.test(e)),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) => /console\.warning: .*alibii\.heads names no widget/.test(e)),
      errors.join('\n'),
    );
    assert.equal(await page.evaluate(() => document.querySelector('seqlab-alibi').state.heads), 8);
    await page.close();
  });

  it('keys of Object.prototype in the URL are unknown keys, not settings', async () => {
    // regression: `name in params` found __proto__ and constructor on the prototype and took them
    // as settings ("using [object Object]")
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#alibi.__proto__=1&alibi.constructor=2`);
    await waitForWidget(page, 'seqlab-alibi');
    const notice = await page.locator('seqlab-alibi .notice').innerText();
    assert.match(notice, /alibi\.__proto__/);
    assert.match(notice, /alibi\.constructor/);
    assert.ok(!errors.some((e) => /object Object/.test(e)), errors.join('\n'));
    assert.equal(await page.evaluate(() => document.querySelector('seqlab-alibi').state.heads), 8);
    await page.close();
  });
});

describe('what to notice', () => {
  it('every widget shows two or three lines under its title, in English and Persian', async () => {
    for (const lang of ['en', 'fa']) {
      const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#lang=${lang}`);
      await waitForAllWidgets(page);
      const r = await page.evaluate(() =>
        [...document.querySelectorAll('main seqlab-attention, main [url-state]')].map((el) => {
          const box = el.shadowRoot.querySelector('.what-to-notice');
          return {
            tag: el.localName,
            afterTitle: box?.previousElementSibling?.localName,
            lines: [...(box?.querySelectorAll('li') ?? [])].map((li) => li.textContent),
          };
        }),
      );
      assert.ok(r.length >= 11);
      for (const w of r) {
        assert.ok(w.lines.length >= 2 && w.lines.length <= 3, `${w.tag}: ${w.lines.length} lines`);
        assert.equal(w.afterTitle, 'h2', `${w.tag}: the lines are not under the title`);
        assert.ok(
          w.lines.some((l) => /^(Try|امتحان کنید)/.test(l)),
          `${w.tag}: nothing to try`,
        );
        if (lang === 'fa') for (const l of w.lines) assert.match(l, /[\u0600-\u06ff]/, `${w.tag}: ${l}`);
      }
      assert.deepEqual(errors, []);
      await page.close();
    }
  });

  it('the host page hides them with hide="notice" or #<key>.notice_hide=1', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#rope.notice_hide=1`);
    await waitForAllWidgets(page);
    const visible = (tag) =>
      page.evaluate(
        (t) => document.querySelector(t).shadowRoot.querySelector('.what-to-notice').checkVisibility(),
        tag,
      );
    assert.equal(await visible('seqlab-rope'), false);
    assert.equal(await visible('seqlab-alibi'), true);
    await page.evaluate(() => document.querySelector('seqlab-alibi').setAttribute('hide', 'notice'));
    assert.equal(await visible('seqlab-alibi'), false);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('Persian: formulas keep their order', () => {
  it('a formula in a Persian title, legend or table cell is isolated left to right', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#lang=fa&digits=fa`);
    await waitForAllWidgets(page);
    const r = await page.evaluate(() => {
      const root = document.querySelector('seqlab-mha-sum').shadowRoot;
      const isolated = (sel, text) =>
        [...root.querySelectorAll(sel)]
          .filter((e) => e.textContent.includes(text))
          .flatMap((e) => [...e.querySelectorAll('bdi[dir=ltr]')].map((b) => b.textContent));
      const rope = [...document.querySelector('seqlab-rope').shadowRoot.querySelectorAll('figcaption')]
        .filter((e) => e.textContent.includes('θ_i'))
        .flatMap((e) => [...e.querySelectorAll('bdi[dir=ltr]')].map((b) => b.textContent));
      const calcRoot = document.querySelector('seqlab-transformer-calc').shadowRoot;
      const calc = calcRoot.textContent;
      const shapes = [...calcRoot.querySelectorAll('.stage .shape')];
      return {
        notice: isolated('.what-to-notice li', 'Concat('),
        caption: isolated('figcaption', 'Σ_h'),
        rope,
        latinSeparators: /[۰-۹],[۰-۹]{3}/.test(calc),
        persianSeparators: /[۰-۹]٬[۰-۹]{3}/.test(calc),
        shapesIsolated: shapes.length > 0 && shapes.every((e) => e.localName === 'bdi' && e.dir === 'ltr'),
      };
    });
    // (digits inside a formula are Persian digits too: H_۱)
    assert.ok(r.notice.includes('Concat(H_۱ … H_H)·W_O'), JSON.stringify(r.notice));
    assert.ok(r.caption.includes('Σ_h'), JSON.stringify(r.caption));
    // the bracket that opens a Persian phrase stays outside the formula: "cos(m·θ_i)", not "cos(m·θ_i): ("
    assert.ok(r.rope.includes('cos(m·θ_i)'), JSON.stringify(r.rope));
    assert.equal(r.latinSeparators, false, 'Latin thousands separators among Persian digits');
    assert.equal(r.persianSeparators, true);
    assert.equal(r.shapesIsolated, true, "the calculator's tensor shapes are isolated left to right");
    assert.deepEqual(errors, []);
    await page.close();
  });
});
