// lessons.test.mjs — each view shows its lesson at its defaults and says what is wrong with bad
// input, in headless Chromium: the permutation views start from a real reordering and show
// before and after, invalid orders are named, long input is cut with a note.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { openPage, useBrowser, waitForWidget } from './browser.mjs';

const ctx = useBrowser();

/** Text of the visible elements matching sel inside a widget's shadow root. */
const texts = (page, tag, sel) =>
  page.evaluate(
    ([t, s]) =>
      [...document.querySelector(t).shadowRoot.querySelectorAll(s)]
        .filter((e) => !e.hidden && e.offsetParent !== null)
        .map((e) => e.textContent),
    [tag, sel],
  );

describe('lessons at the defaults', () => {
  it('permutation: starts reordered, only "none" is equivariant, before/after shown, the instruction visible', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-permutation');
    const rows = await texts(page, 'seqlab-permutation', 'table.params tr');
    assert.equal(rows.length, 4);
    assert.match(rows[0], /equivariant/);
    for (const r of rows.slice(1)) assert.match(r, /order matters/, r);
    const captions = await texts(page, 'seqlab-permutation', 'figure.heatmap figcaption');
    assert.deepEqual(
      captions.map((c) => c.split(':')[0]),
      ['before', 'after', 'before, rows moved'],
    );
    const hints = await texts(page, 'seqlab-permutation', 'p.hint');
    assert.ok(
      hints.some((x) => /Drag a token/.test(x)),
      `no visible instruction: ${hints}`,
    );
    const chips = await texts(page, 'seqlab-permutation', '.chip');
    assert.deepEqual(chips, ['the', 'dog', 'chased', 'the', 'cat']);
    // arrow key on a chip moves it
    await page.locator('seqlab-permutation .chip').nth(1).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(
      () => document.querySelector('seqlab-permutation').lastResult.moved.join(' ') === 'the chased dog the cat',
    );
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('posenc-compare: starts shuffled with a before/after pair per encoding; none alone unchanged', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-posenc-compare');
    const notes = await texts(page, 'seqlab-posenc-compare', '.pair p.result');
    assert.equal(notes.length, 4);
    assert.match(notes[0], /round-off|exactly/);
    for (const n of notes.slice(1)) assert.match(n, /the weights changed/, n);
    const figs = await texts(page, 'seqlab-posenc-compare', 'figure.heatmap figcaption');
    assert.equal(figs.length, 8);
    assert.ok(figs.filter((f) => /before/.test(f)).length === 4 && figs.filter((f) => /after/.test(f)).length === 4);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('bad input is named', () => {
  for (const [perm, want] of [
    ['1,0', /2 positions given, but the sentence has 7 tokens/],
    ['x', /"x" is not a position/],
    ['0,0,1,2,3,4,5', /position 0 appears twice/],
  ])
    it(`posenc-compare order ${perm}: the error says what is wrong, no "0 (exactly)" verdicts`, async () => {
      const { page, errors } = await openPage(
        ctx.browser,
        `${ctx.server.url}#posenc-compare.perm=${encodeURIComponent(perm)}`,
      );
      await page.waitForFunction(
        () => !document.querySelector('seqlab-posenc-compare').shadowRoot.querySelector('.error').hidden,
        null,
        { timeout: 20000 },
      );
      const err = await texts(page, 'seqlab-posenc-compare', '.error');
      assert.match(err.join(' '), want);
      const notes = await texts(page, 'seqlab-posenc-compare', '.pair p.result');
      assert.ok(!notes.some((n) => /exactly/.test(n)), `verdicts shown for an invalid order: ${notes}`);
      assert.deepEqual(errors, []);
      await page.close();
    });

  it('permutation and compare: long input is cut with a note that says how much', async () => {
    const words = Array.from({ length: 70 }, (_, i) => `w${i}`).join(' ');
    const { page, errors } = await openPage(
      ctx.browser,
      `${ctx.server.url}#permutation.text=${encodeURIComponent(words)}&posenc-compare.text=${encodeURIComponent(words)}`,
    );
    await waitForWidget(page, 'seqlab-permutation');
    await waitForWidget(page, 'seqlab-posenc-compare');
    const a = await texts(page, 'seqlab-permutation', 'p.result');
    assert.ok(
      a.some((x) => x === 'Only the first 32 tokens are used; 38 more were left out.'),
      a.join('|'),
    );
    const b = await texts(page, 'seqlab-posenc-compare', 'p.result');
    assert.ok(
      b.some((x) => x === 'Only the first 64 tokens are used; 6 more were left out.'),
      b.join('|'),
    );
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('ALiBi', () => {
  /** Rows of the extrapolation plot's table (opened), as arrays of cell texts. */
  const extrapTable = (page) =>
    page.evaluate(async () => {
      const w = document.querySelector('seqlab-alibi');
      const figs = [...w.shadowRoot.querySelectorAll('figure.lineplot')];
      const d = figs[figs.length - 1].querySelector('details');
      d.open = true;
      await new Promise((ok) => setTimeout(ok, 50));
      return [...d.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    });

  for (const trainLen of [null, 5, 12]) {
    it(`extrapolation table at training length ${trainLen ?? 'default'}: one row per distance, no error`, async () => {
      const { page, errors } = await openPage(
        ctx.browser,
        `${ctx.server.url}${trainLen ? `#alibi.trainLen=${trainLen}` : ''}`,
      );
      await waitForWidget(page, 'seqlab-alibi');
      const rows = await extrapTable(page);
      const r = await page.evaluate(() => document.querySelector('seqlab-alibi').lastResult);
      assert.equal(rows.length, r.n, 'one row per distance 0 … n − 1');
      rows.forEach((row, d) => assert.equal(row[0], String(d)));
      // distance 0 has bias 0 (in the first series); the bias falls by the slope per step
      assert.equal(rows[0][1], '0');
      assert.equal(
        await page.evaluate(() => document.querySelector('seqlab-alibi').shadowRoot.querySelector('.error').hidden),
        true,
      );
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  it('12 heads: the two slope groups of the rule are drawn in two colours, each named', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#alibi.heads=12`);
    await waitForWidget(page, 'seqlab-alibi');
    const r = await page.evaluate(() => {
      const svg = document.querySelector('seqlab-alibi').shadowRoot.querySelector('figure.lineplot svg');
      const fills = [...svg.querySelectorAll('rect')].map((x) => x.getAttribute('fill'));
      const keys = [...svg.closest('figure').querySelectorAll('.lp-key')].map((k) => k.textContent);
      return { fills, keys };
    });
    assert.equal(r.fills.length, 12);
    assert.equal(new Set(r.fills.slice(0, 8)).size, 1);
    assert.equal(new Set(r.fills.slice(8)).size, 1);
    assert.notEqual(r.fills[0], r.fills[8]);
    assert.equal(r.keys.length, 2);
    assert.match(r.keys[0], /heads 1–8/);
    assert.match(r.keys[1], /heads 9–12/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('attention steps', () => {
  /** Colour (r,g,b) of the first cell of each step panel's canvas. */
  const domains = (page) =>
    page.evaluate(() => {
      const w = document.querySelector('seqlab-attention');
      return Object.fromEntries(Object.entries(w.panels).map(([k, p]) => [k, p.domain]));
    });

  it('one colour scale across the score panels by default, so the scaling shows; a toggle gives each its own', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-attention');
    let d = await domains(page);
    assert.deepEqual(d.logits, d.scaled);
    assert.deepEqual(d.scaled, d.scores);
    const spread = await page.evaluate(() => {
      const cur = document.querySelector('seqlab-attention').lastResult.perHead[0];
      return [Math.max(...cur.logits.map(Math.abs)), Math.max(...cur.scaled.map(Math.abs))];
    });
    assert.ok(Math.abs(d.logits[1] - spread[0]) < 1e-6 && spread[1] < spread[0], `${d.logits} ${spread}`);
    await page.evaluate(() => (window.before = document.querySelector('seqlab-attention').lastResult));
    await page.locator('seqlab-attention #p-shared').uncheck();
    // the state changes at once, the drawing at the next render: wait for it (not a fixed pause)
    await page.waitForFunction(() => {
      const w = document.querySelector('seqlab-attention');
      return w.state.shared === false && w.lastResult !== window.before && !w.deferred;
    });
    d = await domains(page);
    assert.notDeepEqual(d.logits, d.scaled);
    assert.ok(await page.evaluate(() => location.hash.includes('attention.shared=0')), 'the toggle is kept in the URL');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('positional encoding from the URL: repeated tokens get different rows; the view says the weights are random', async () => {
    const rows = async (posenc) => {
      const { page, errors } = await openPage(
        ctx.browser,
        `${ctx.server.url}#attention.text=${encodeURIComponent('the cat the cat')}&attention.posenc=${posenc}`,
      );
      await waitForWidget(page, 'seqlab-attention');
      const r = await page.evaluate(() => {
        const w = document.querySelector('seqlab-attention');
        const x = w.lastResult.perHead[0].weights;
        return {
          same: [0, 1, 2, 3].every((j) => x[j] === x[8 + j]),
          select: w.shadowRoot.querySelector('#p-posenc').value,
          caveat: w.shadowRoot.querySelector('[data-part=caveat]').textContent,
        };
      });
      assert.deepEqual(errors, []);
      await page.close();
      return r;
    };
    const none = await rows('none');
    assert.equal(none.same, true);
    assert.match(none.caveat, /random and untrained/);
    assert.match(none.caveat, /equal tokens get equal rows/);
    for (const p of ['sinusoidal', 'rope', 'alibi']) {
      const r = await rows(p);
      assert.equal(r.select, p);
      assert.equal(r.same, false, p);
      assert.match(r.caveat, /random and untrained/);
    }
  });

  it('512 tokens: the weights panel spans its own range, not [0, 1] (which is one dark colour)', async () => {
    const text = Array.from({ length: 512 }, (_, i) => `t${i}`).join(' ');
    const { page, errors } = await openPage(
      ctx.browser,
      `${ctx.server.url}#attention.text=${encodeURIComponent(text)}`,
    );
    await page.waitForFunction(() => document.querySelector('seqlab-attention')?.lastResult?.n === 512, null, {
      timeout: 30000,
    });
    const r = await page.evaluate(() => {
      const w = document.querySelector('seqlab-attention');
      const c = w.panels.weights.canvas;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const s = new Set();
      for (let p = 0; p < d.length; p += 4) s.add(`${d[p]},${d[p + 1]},${d[p + 2]}`);
      return { domain: w.panels.weights.domain, colours: s.size };
    });
    assert.ok(r.domain[1] < 1, `domain ${r.domain}`);
    assert.ok(r.colours > 50, `only ${r.colours} colours`);
    // the ·V panel (512 × 4): every value dimension a column of its own, wide enough to see
    const out = await page.evaluate(() => {
      const p = document.querySelector('seqlab-attention').panels.out;
      return { css: p.canvas.getBoundingClientRect().width, px: p.canvas.width };
    });
    assert.ok(out.css >= 48, `·V panel ${out.css} px wide`);
    assert.equal(out.px, 4, 'one canvas column per value dimension');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('calculator', () => {
  it('the n² plots have linear axes (a quadrupling is four times the height) and the note names the factor 4', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-transformer-calc');
    const r = await page.evaluate(() => {
      const w = document.querySelector('seqlab-transformer-calc');
      const heights = [w.cost, w.costFlops].map((p) => {
        const s = p.series[0];
        const base = p.ys(0);
        const last = s.y.length - 1;
        return (base - p.ys(s.y[last])) / (base - p.ys(s.y[last - 1]));
      });
      return { heights, growth: w.growth.textContent };
    });
    for (const x of r.heights) assert.ok(Math.abs(x - 4) < 1e-6, `height ratio of the last two points ${x}`);
    assert.match(r.growth, /Doubling n multiplies the bytes by 4 and the FLOPs by 4/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('RoPE', () => {
  it('defaults to d = 128; wrapped angles (cos) on a diverging scale; a scaling is drawn against no scaling', async () => {
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#rope.scaling=ntk`);
    await waitForWidget(page, 'seqlab-rope');
    const r = await page.evaluate(() => {
      const w = document.querySelector('seqlab-rope');
      const c = w.angles.canvas;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const s = new Set();
      for (let p = 0; p < d.length; p += 4) s.add(`${d[p]},${d[p + 1]},${d[p + 2]}`);
      return {
        d: w.state.d,
        domain: w.angles.domain,
        colours: s.size,
        decayKeys: [...w.decay.root.querySelectorAll('.lp-key')].map((k) => k.textContent),
        relKeys: [...w.relative.root.querySelectorAll('.lp-key')].map((k) => k.textContent),
        notes: [...w.shadowRoot.querySelectorAll('p.hint')].map((p) => p.textContent).join(' '),
      };
    });
    assert.equal(r.d, 128);
    assert.deepEqual(r.domain, [-1, 1]);
    assert.ok(r.colours > 100, `${r.colours} colours`);
    assert.equal(r.decayKeys.length, 2);
    assert.match(r.decayKeys[1], /no scaling/);
    assert.ok(r.relKeys.some((k) => /no scaling/.test(k)));
    assert.match(r.notes, /RoFormer’s bound/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('sinusoidal', () => {
  it('hovering the heatmap does not move the plot beside it', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-sinusoidal');
    const w = page.locator('seqlab-sinusoidal');
    // the plot's place in the widget (page scrolling aside)
    const plotBox = () =>
      page.evaluate(() => {
        const root = document.querySelector('seqlab-sinusoidal');
        const a = root.getBoundingClientRect();
        const b = root.shadowRoot.querySelector('figure.lineplot').getBoundingClientRect();
        return [b.left - a.left, b.top - a.top, b.width, b.height];
      });
    const canvas = w.locator('canvas.hm-canvas').first();
    await canvas.scrollIntoViewIfNeeded();
    const before = await plotBox();
    const c = await canvas.boundingBox();
    await page.mouse.move(c.x + c.width * 0.9, c.y + c.height * 0.9);
    await page.waitForFunction(() =>
      /PE\[/.test(document.querySelector('seqlab-sinusoidal').shadowRoot.querySelector('.readout').textContent),
    );
    const after = await plotBox();
    assert.deepEqual(after, before);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('LSTM', () => {
  it('token chips go to their step; gate biases carry their subscripts; the c̃ row says what it is', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-lstm');
    const w = page.locator('seqlab-lstm');
    await w.locator('button.tok').nth(2).click();
    await page.waitForFunction(() => document.querySelector('seqlab-lstm').lastResult.step === 3);
    assert.equal(await w.locator('button.tok').nth(2).getAttribute('aria-pressed'), 'true');
    const tex = await page.evaluate(() =>
      [...document.querySelector('seqlab-lstm').shadowRoot.querySelectorAll('.equations annotation')]
        .map((a) => a.textContent)
        .join('\n'),
    );
    for (const g of ['u', 'f', 'c', 'o']) assert.ok(tex.includes(`+ b_{${g}}`), `no b_${g} in ${tex}`);
    assert.ok(!/\+ b\\big/.test(tex), 'a bare + b is left');
    const rows = await texts(page, 'seqlab-lstm', 'tr th');
    assert.ok(rows.some((x) => /forget-gate gradient as the course writes it, with c̃ where c_prev belongs/.test(x)));
    assert.ok(!rows.some((x) => /slip/.test(x)));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('the time per step is the median of 15 samples per cell; long input is cut with a note', async () => {
    const words = Array.from({ length: 70 }, (_, i) => `w${i}`).join(' ');
    const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#lstm.text=${encodeURIComponent(words)}`);
    await waitForWidget(page, 'seqlab-lstm');
    await page.waitForFunction(
      () => document.querySelector('seqlab-lstm').lastResult.compare.gru.usPerStep !== null,
      null,
      {
        timeout: 20000,
      },
    );
    const r = await page.evaluate(() => {
      const w = document.querySelector('seqlab-lstm');
      return { samples: w.timing.samples, lstm: w.lastResult.compare.lstm.usPerStep, T: w.lastResult.T };
    });
    assert.equal(r.samples.lstm.length, 15);
    assert.equal(r.samples.gru.length, 15);
    assert.equal(r.lstm, [...r.samples.lstm].sort((a, b) => a - b)[7]);
    assert.equal(r.T, 64);
    const notes = await texts(page, 'seqlab-lstm', 'p.result');
    assert.ok(notes.includes('Only the first 64 tokens are used; 6 more were left out.'), notes.join('|'));
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('bad input in the page', () => {
  it('a refused value names the value kept in use, and a number field holding no number says NaN, not ""', async () => {
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-attention');
    const notice = () =>
      page.evaluate(() => document.querySelector('seqlab-attention').shadowRoot.querySelector('.notice').textContent);
    const seed = page.locator('seqlab-attention #p-seed');
    await seed.fill('7');
    await page.waitForFunction(() => document.querySelector('seqlab-attention').state.seed === 7);
    await seed.fill('-5');
    await page.waitForFunction(() =>
      /-5/.test(document.querySelector('seqlab-attention').shadowRoot.querySelector('.notice').textContent),
    );
    assert.match(await notice(), /seed = -5 is not a whole number from 0 to 4294967295; using 7\./);
    assert.equal(await page.evaluate(() => document.querySelector('seqlab-attention').state.seed), 7);
    await seed.fill('1e309');
    await page.waitForFunction(() =>
      /NaN/.test(document.querySelector('seqlab-attention').shadowRoot.querySelector('.notice').textContent),
    );
    assert.doesNotMatch(await notice(), /seed = ""/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('attention: text over 20,000 characters is cut with a note, not refused', async () => {
    const text = 'word '.repeat(5000);
    const { page, errors } = await openPage(ctx.browser, ctx.server.url);
    await waitForWidget(page, 'seqlab-attention');
    await page.evaluate((x) => document.querySelector('seqlab-attention').setState({ text: x }), text);
    await page.waitForFunction(() => document.querySelector('seqlab-attention').lastResult.n === 512, null, {
      timeout: 30000,
    });
    const note = await page.evaluate(
      () => document.querySelector('seqlab-attention').shadowRoot.querySelector('[data-param=text] .hint').textContent,
    );
    assert.match(note, /The text was cut to its first 20000 characters \(5000 left out\)\./);
    const notice = await page.evaluate(
      () => document.querySelector('seqlab-attention').shadowRoot.querySelector('.notice').hidden,
    );
    assert.equal(notice, true, 'no refusal notice');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('emoji labels are cut between characters; a right-to-left override in a token is isolated in the readout', async () => {
    const emoji = '👍🏽'.repeat(12);
    const rlo = 'ab\u202Ecd';
    const { page, errors } = await openPage(
      ctx.browser,
      `${ctx.server.url}#attention.text=${encodeURIComponent(`${emoji} ${rlo} x`)}`,
    );
    await waitForWidget(page, 'seqlab-attention');
    const ticks = await page.evaluate(() =>
      [...document.querySelector('seqlab-attention').panels.logits.root.querySelectorAll('.tick text')].map(
        (t) => t.textContent,
      ),
    );
    const first = ticks.find((t) => t.includes('👍'));
    assert.equal(first, `${'👍🏽'.repeat(8)}…`);
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    for (const t of ticks) assert.doesNotMatch(t, lone, `a label cut inside a character: ${JSON.stringify(t)}`);
    // focus the first panel and move to the query "ab‮cd" (row 1)
    await page.locator('seqlab-attention canvas.hm-canvas').nth(2).focus();
    await page.keyboard.press('ArrowDown');
    const bdis = await page.evaluate(() =>
      [...document.querySelector('seqlab-attention').shadowRoot.querySelectorAll('.readout strong bdi')].map(
        (b) => b.textContent,
      ),
    );
    assert.ok(bdis.includes(rlo), `the token is not in its own bdi: ${JSON.stringify(bdis)}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe('formulas in running text', () => {
  for (const [tag, raw] of [
    ['seqlab-orthogonal', /e\^\{|a_nn|\$/],
    ['seqlab-mha-sum', /W_h\^V|\$/],
  ])
    it(`${tag}: the lede's formulas are typeset (MathML, isolated left to right), no raw TeX left, in both languages`, async () => {
      for (const lang of ['en', 'fa']) {
        const { page, errors } = await openPage(ctx.browser, `${ctx.server.url}#lang=${lang}`);
        await waitForWidget(page, tag);
        const r = await page.evaluate((t) => {
          const lede = document.querySelector(t).shadowRoot.querySelector('.lede');
          const maths = [...lede.querySelectorAll('bdi.math')];
          const plain = [...lede.childNodes]
            .filter((n) => n.nodeType === 3)
            .map((n) => n.data)
            .join('');
          return { maths: maths.length, inMath: maths.every((b) => b.dir === 'ltr' && b.querySelector('math')), plain };
        }, tag);
        assert.ok(r.maths >= 2, `${lang}: ${r.maths} formulas`);
        assert.ok(r.inMath);
        assert.doesNotMatch(r.plain, raw, `${lang}: raw TeX in ${r.plain}`);
        assert.deepEqual(errors, []);
        await page.close();
      }
    });
});
