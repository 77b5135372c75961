// page.test.mjs — what a class sees on the lab page and in a course page: the lab's sections in
// groups under headings with the contents always on screen, the page's own words in Persian, a
// widget that speaks its page's language, hints for touch screens, boxes that say they scroll,
// disabled buttons that look disabled, and formulas isolated left to right in Persian.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { openPage, useBrowser, waitForAllWidgets, waitForWidget } from './browser.mjs';

const ctx = useBrowser();

const TAGS = [
  'seqlab-attention',
  'seqlab-sinusoidal',
  'seqlab-rope',
  'seqlab-alibi',
  'seqlab-posenc-compare',
  'seqlab-lstm',
  'seqlab-transformer-calc',
  'seqlab-orthogonal',
  'seqlab-dot-scaling',
  'seqlab-mha-sum',
  'seqlab-permutation',
];

/** A bare host page: the bundle and nothing else (served at the lab's origin). */
const HOST = `<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="dist/seqlab.js"></script></head><body style="margin:8px"><div id="host"></div></body></html>`;

/** Opens the host page at a width; records errors. */
async function openHost(browser, url, width) {
  const { page, errors } = await openPage(browser, 'about:blank', { viewport: { width, height: 900 } });
  await page.route(`${url}alone.html`, (r) => r.fulfill({ contentType: 'text/html', body: HOST }));
  await page.goto(`${url}alone.html`);
  return { page, errors };
}

/** Puts one widget alone in the host page and waits for all its numbers and two frames. */
async function showAlone(page, tag, attrs = {}) {
  await page.evaluate(
    ([t, a]) =>
      new Promise((done) => {
        const el = document.createElement(t);
        for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
        const check = () => el.lastResult && !el.deferred && (done(), true);
        el.addEventListener('seqlab-update', (ev) => !ev.detail.partial && check());
        document.getElementById('host').replaceChildren(el);
      }),
    [tag, attrs],
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

describe('the lab page', () => {
  it('groups its sections under headings, "Why 1/√d" right after attention, the contents always on screen', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url, { viewport: { width: 360, height: 700 } });
    const order = await page.evaluate(() =>
      [...document.querySelectorAll('main > h2, main > section')].map((e) =>
        e.localName === 'h2' ? `# ${e.id}` : e.id,
      ),
    );
    assert.deepEqual(order.slice(0, 4), ['# group-attention', 'attention', 'dot-scaling', '# group-posenc']);
    assert.deepEqual(
      order.filter((x) => x.startsWith('#')),
      ['# group-attention', '# group-posenc', '# group-recurrent', '# group-results', '# group-training'],
    );
    // scrolled far down, the contents are still at the top of the screen, one row at 360 px
    await waitForWidget(page, 'seqlab-lstm');
    await page.evaluate(() => document.getElementById('lstm').scrollIntoView());
    const nav = await page.evaluate(() => {
      const r = document.querySelector('nav.toc').getBoundingClientRect();
      const lstm = document.getElementById('lstm').getBoundingClientRect();
      return { top: r.top, height: r.height, scrollY, lstmTop: lstm.top, page: document.documentElement.scrollWidth };
    });
    assert.ok(nav.scrollY > 1000, `scrolled to ${nav.scrollY}`);
    assert.equal(Math.round(nav.top), 0);
    assert.ok(nav.height < 60, `the contents take ${nav.height} px of a phone's screen`);
    assert.ok(nav.lstmTop >= nav.height - 1, 'the section scrolled to starts below the contents');
    assert.equal(nav.page, 360, 'the page scrolls sideways');
    // the row of links scrolls sideways and its edge says so
    const cue = await page.evaluate(() => document.querySelector('nav.toc').dataset.scrollMore);
    assert.equal(cue, 'right');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('in Persian, its navigation, headings and Theme control are Persian, formulas left to right', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#lang=fa&digits=fa`);
    await page.waitForFunction(() => document.documentElement.lang === 'fa');
    const r = await page.evaluate(() => {
      const nav = document.querySelector('nav.toc');
      const latin = (el) => /[A-Za-z]/.test(el.textContent.replace(/RoPE|ALiBi|LSTM|GRU|√d/g, ''));
      return {
        english: [...nav.querySelectorAll('a, .toc-head'), ...document.querySelectorAll('main > h2')]
          .filter(latin)
          .map((e) => e.textContent),
        theme: document.getElementById('page-theme').closest('label').textContent,
        options: [...document.querySelectorAll('#page-theme option')].map((o) => o.textContent),
        why: nav.querySelector('a[href="#dot-scaling"] bdi')?.textContent,
        navLabel: nav.getAttribute('aria-label'),
        title: document.title,
      };
    });
    assert.deepEqual(r.english, []);
    assert.doesNotMatch(r.theme, /Theme/);
    assert.deepEqual(r.options, ['خودکار', 'روشن', 'تیره']);
    assert.equal(r.why, '۱/√d', 'the formula of "Why 1/√d" is not isolated (or its digits not Persian)');
    assert.equal(r.navLabel, 'بخش‌ها');
    assert.match(r.title, /حساب/);
    // and back to English
    await page.selectOption('#page-lang', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const theme = await page.evaluate(() => document.getElementById('page-theme').closest('label').textContent);
    assert.match(theme, /Theme/);
    assert.equal(await page.locator('nav.toc a[href="#dot-scaling"]').innerText(), 'Why 1/√d');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('a widget speaks its page’s language', () => {
  it('from the closest ancestor with a lang ("fa", "fa-IR"), unless it has its own, and follows a change', async () => {
    const { page, errors } = await openHost(ctx.browser, ctx.server.url, 800);
    const langs = await page.evaluate(async () => {
      document.documentElement.lang = 'fa';
      document.getElementById('host').innerHTML = `
        <seqlab-dot-scaling id="a"></seqlab-dot-scaling>
        <div lang="en"><seqlab-dot-scaling id="b"></seqlab-dot-scaling></div>
        <div lang="en-GB"><div lang="fa-IR"><seqlab-dot-scaling id="c"></seqlab-dot-scaling></div></div>
        <seqlab-dot-scaling id="d" lang="en"></seqlab-dot-scaling>`;
      const of = (id) => document.getElementById(id).shadowRoot.querySelector('.widget');
      return ['a', 'b', 'c', 'd'].map((id) => [of(id).lang, of(id).dir]);
    });
    assert.deepEqual(langs, [
      ['fa', 'rtl'],
      ['en', 'ltr'],
      ['fa', 'rtl'],
      ['en', 'ltr'],
    ]);
    const title = () => page.evaluate(() => document.getElementById('a').shadowRoot.querySelector('h2').textContent);
    assert.match(await title(), /چرا/);
    // the page switches to English: the widget follows, the one with its own lang stays
    await page.evaluate(() => (document.documentElement.lang = 'en'));
    await page.waitForFunction(() => document.getElementById('a').shadowRoot.querySelector('.widget').lang === 'en');
    assert.match(await title(), /Why scale/);
    await page.evaluate(() => document.getElementById('b').parentElement.setAttribute('lang', 'fa'));
    await page.waitForFunction(() => document.getElementById('b').shadowRoot.querySelector('.widget').lang === 'fa');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a course page in <html dir="rtl" lang="fa"> gets Persian widgets without any attribute', async () => {
    const { page, errors } = await openHost(ctx.browser, ctx.server.url, 800);
    await page.route(`${ctx.server.url}course.html`, (r) =>
      r.fulfill({ contentType: 'text/html', body: HOST.replace('<html>', '<html dir="rtl" lang="fa">') }),
    );
    await page.goto(`${ctx.server.url}course.html`);
    await showAlone(page, 'seqlab-attention');
    const r = await page.evaluate(() => {
      const root = document.querySelector('seqlab-attention').shadowRoot;
      return { dir: root.querySelector('.widget').dir, h2: root.querySelector('h2').textContent };
    });
    assert.equal(r.dir, 'rtl');
    assert.match(r.h2, /توجه/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('phones', () => {
  it('on a screen without hover the hints say tap, not hover', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 360, height: 800 }, hasTouch: true });
    await page.route(`${ctx.server.url}alone.html`, (r) => r.fulfill({ contentType: 'text/html', body: HOST }));
    await page.goto(`${ctx.server.url}alone.html`);
    assert.ok(await page.evaluate(() => matchMedia('(hover: none)').matches));
    for (const [tag, lang] of [
      ['seqlab-attention', 'en'],
      ['seqlab-lstm', 'en'],
      ['seqlab-sinusoidal', 'en'],
      ['seqlab-attention', 'fa'],
    ]) {
      await showAlone(page, tag, lang === 'fa' ? { lang: 'fa' } : {});
      const text = await page.evaluate((t) => document.querySelector(t).shadowRoot.textContent, tag);
      if (lang === 'en') {
        assert.doesNotMatch(text, /hover/i, `${tag} says hover on a touch screen`);
        assert.match(text, /Tap a cell/, tag);
      } else {
        assert.doesNotMatch(text, /نشانگر/, `${tag} (fa) says hover on a touch screen`);
        assert.match(text, /روی یک خانه بزنید/);
      }
    }
    await page.close();
    // with a mouse, hover it is
    const { page: desk } = await openHost(ctx.browser, ctx.server.url, 1280);
    await showAlone(desk, 'seqlab-attention');
    assert.match(await desk.evaluate(() => document.querySelector('seqlab-attention').shadowRoot.textContent), /Hover/);
    await desk.close();
  });

  it('a box that scrolls sideways fades the edge it has more past, at 360 px, in both directions', async () => {
    const { page, errors } = await openHost(ctx.browser, ctx.server.url, 360);
    for (const lang of ['en', 'fa']) {
      await showAlone(page, 'seqlab-attention', lang === 'fa' ? { lang: 'fa' } : {});
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const steps = () =>
        page.evaluate(() => {
          const el = document.querySelector('seqlab-attention').shadowRoot.querySelector('.hm-scroll');
          return {
            more: el.dataset.scrollMore ?? '',
            mask: getComputedStyle(el).maskImage,
            max: el.scrollWidth - el.clientWidth,
          };
        });
      // the five step panels: each heatmap wider than the column? then it scrolls and says so
      const first = await steps();
      if (first.max > 1) {
        assert.equal(first.more, lang === 'fa' ? 'left' : 'right', `${lang}: ${JSON.stringify(first)}`);
        assert.match(first.mask, /gradient/);
      }
      // the calculator's table of counts: the "Total" row's numbers are out of view
      await showAlone(page, 'seqlab-transformer-calc', lang === 'fa' ? { lang: 'fa' } : {});
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const tables = await page.evaluate(() =>
        [...document.querySelector('seqlab-transformer-calc').shadowRoot.querySelectorAll('.scroll, table')]
          .filter((el) => el.scrollWidth - el.clientWidth > 1 && el.checkVisibility())
          .map((el) => el.dataset.scrollMore ?? ''),
      );
      assert.ok(tables.length > 0, `${lang}: no scrolling table at 360 px`);
      for (const m of tables) assert.equal(m, lang === 'fa' ? 'left' : 'right', lang);
      // scrolled to the end, only the other side has more
      const after = await page.evaluate(async (fa) => {
        const el = [
          ...document.querySelector('seqlab-transformer-calc').shadowRoot.querySelectorAll('.scroll, table'),
        ].find((e) => e.scrollWidth - e.clientWidth > 1 && e.checkVisibility());
        el.scrollLeft = fa ? -el.scrollWidth : el.scrollWidth;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return el.dataset.scrollMore;
      }, lang === 'fa');
      assert.equal(after, lang === 'fa' ? 'right' : 'left', lang);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the attention widget’s controls fit a 360 px column, its file input included', async () => {
    const { page, errors } = await openHost(ctx.browser, ctx.server.url, 360);
    await showAlone(page, 'seqlab-attention');
    const out = await page.evaluate(() => {
      const host = document.querySelector('seqlab-attention');
      const hr = host.getBoundingClientRect();
      host.shadowRoot.querySelector('details.trained').open = true;
      return [...host.shadowRoot.querySelectorAll('input, select, textarea, button')]
        .map((el) => [el.type, el.getBoundingClientRect()])
        .filter(([, r]) => r.width && (r.right > hr.right + 0.5 || r.left < hr.left - 0.5))
        .map(([type, r]) => `${type} ${Math.round(r.left)}–${Math.round(r.right)} in ${hr.left}–${hr.right}`);
    });
    assert.deepEqual(out, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('controls and formulas', () => {
  it('a disabled button looks disabled', async () => {
    const { page, errors } = await openHost(ctx.browser, ctx.server.url, 800);
    await showAlone(page, 'seqlab-alibi');
    const styles = await page.evaluate(() => {
      const b = document.querySelector('seqlab-alibi').shadowRoot.querySelector('.toolbar button');
      const on = getComputedStyle(b);
      const enabled = { opacity: on.opacity, cursor: on.cursor };
      b.disabled = true;
      const off = getComputedStyle(b);
      return { enabled, disabled: { opacity: off.opacity, cursor: off.cursor } };
    });
    assert.equal(styles.enabled.cursor, 'pointer');
    assert.equal(styles.disabled.cursor, 'not-allowed');
    assert.ok(Number(styles.disabled.opacity) <= 0.6, `a disabled button at opacity ${styles.disabled.opacity}`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('in Persian, no formula in any widget’s text is left to the bidi algorithm (1/√d_k, the steps heading)', async () => {
    const { page, errors } = await openHost(ctx.browser, ctx.server.url, 1280);
    const problems = [];
    for (const tag of TAGS) {
      await showAlone(page, tag, { lang: 'fa', digits: 'fa' });
      problems.push(
        ...(await page.evaluate((t) => {
          const out = [];
          const root = document.querySelector(t).shadowRoot;
          const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let n; (n = walk.nextNode());) {
            const p = n.parentElement;
            if (p.closest('bdi, [dir="ltr"], tspan[direction="ltr"], textarea, style, option, math')) continue;
            // Persian letters (not Persian digits, which a widget writes for its own digits)
            if (!/[\u0600-\u06ef\u06fa-\u06ff]/.test(n.data)) continue;
            // a run of Latin letters and digits with a formula sign in it, left in Persian text
            const runs = (n.data.match(/[^\u0600-\u06ef\u06fa-\u06ff\u200c]+/g) ?? []).filter(
              (r) => /[√/^_²ᵀ=·]/.test(r) && /[A-Za-z0-9]/.test(r),
            );
            if (runs.length) out.push(`${t} <${p.localName}>: ${runs.join(' | ')} in “${n.data.slice(0, 60)}”`);
          }
          return out;
        }, tag)),
      );
    }
    assert.deepEqual(problems, []);
    const attention = await page.evaluate(async () => {
      const el = document.createElement('seqlab-attention');
      el.setAttribute('lang', 'fa');
      document.getElementById('host').replaceChildren(el);
      await new Promise((ok) => el.addEventListener('seqlab-update', ok, { once: true }));
      const root = el.shadowRoot;
      return {
        scale: [...root.querySelectorAll('label.check bdi')].map((b) => b.textContent),
        steps: [...root.querySelectorAll('h3 bdi')].map((b) => b.textContent),
      };
    });
    assert.ok(attention.scale.includes('1/√d_k'), JSON.stringify(attention.scale));
    assert.ok(
      attention.steps.some((s) => s.includes('1/√4')),
      JSON.stringify(attention.steps),
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the orthogonal-inputs widget shows no raw TeX (e^{r²}) anywhere: notices, facts, plots', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#orthogonal.r=0.5`);
    await waitForAllWidgets(page);
    for (const lang of ['en', 'fa']) {
      await page.evaluate((l) => document.querySelector('seqlab-orthogonal').setAttribute('lang', l), lang);
      await page.waitForFunction(
        (l) => document.querySelector('seqlab-orthogonal').shadowRoot.querySelector('.widget').lang === l,
        lang,
      );
      await waitForWidget(page, 'seqlab-orthogonal');
      const raw = await page.evaluate(() => {
        const root = document.querySelector('seqlab-orthogonal').shadowRoot;
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        const out = [];
        for (let n; (n = walk.nextNode());)
          if (!n.parentElement.closest('math, textarea, annotation') && /\^\{|\$|\\\w/.test(n.data)) out.push(n.data);
        return { out, maths: root.querySelectorAll('.what-to-notice math, .facts math').length };
      });
      assert.deepEqual(raw.out, [], lang);
      assert.ok(raw.maths >= 3, `${lang}: ${raw.maths} typeset formulas in the notices and facts`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
});
