// i18n.test.mjs — the pure parts of a widget's language and cues (web/src/core/i18n.js and
// scroll-cue.js): which language a widget speaks, the touch-screen wording of a hint, the
// separator between the parts of a label, and which edge of a scroller has more.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { langOf, lookupFor, pickLang, t, touchKey } from '../../web/src/core/i18n.js';
import { cueSides } from '../../web/src/core/scroll-cue.js';
import shared from '../../web/src/core/text.js';
import attention from '../../web/src/widgets/attention/text.js';

describe('a widget’s language', () => {
  it('a lang value names Persian in any of its forms, anything else is English, nothing is nothing', () => {
    for (const v of ['fa', 'FA', 'fa-IR', 'fa-Arab-IR', ' fa ']) assert.equal(langOf(v), 'fa', v);
    for (const v of ['en', 'en-GB', 'de', 'far', 'ar']) assert.equal(langOf(v), 'en', v);
    for (const v of [null, undefined, '', '  ']) assert.equal(langOf(v), null, String(v));
  });

  it('its own lang, else the URL’s, else the closest ancestor’s, else English', () => {
    assert.equal(pickLang(null, null, 'fa-IR'), 'fa'); // a course page in <html lang="fa-IR">
    assert.equal(pickLang('en', null, 'fa'), 'en'); // its own lang wins
    assert.equal(pickLang(null, 'fa', 'en'), 'fa'); // #lang=fa on the lab page
    assert.equal(pickLang(null, 'en', 'fa'), 'en');
    assert.equal(pickLang('', null, 'fa'), 'fa'); // lang="" says nothing
    assert.equal(pickLang(null, null, null), 'en');
  });
});

describe('words', () => {
  it('on a touch screen a hint with a touch wording says tap; without one, the usual text', () => {
    const key = 'Hover or focus a cell (arrow keys) to see how its number is made.';
    assert.ok(touchKey(key) in attention.en);
    assert.match(lookupFor(attention, key, 'en', true), /^Tap a cell/);
    assert.match(lookupFor(attention, key, 'en', false), /^Hover/);
    assert.match(lookupFor(attention, key, 'fa', true), /بزنید/);
    assert.equal(lookupFor(attention, 'Heads', 'en', true), lookupFor(attention, 'Heads', 'en', false));
  });

  it('every touch wording has a hover wording it replaces', () => {
    for (const text of [shared, attention])
      for (const k of Object.keys(text.en).filter((x) => x.startsWith(touchKey(''))))
        assert.ok(k.slice(touchKey('').length) in text.en, k);
  });

  it('the separator between label parts cannot be read as a digit next to Persian digits', () => {
    assert.equal(t('sep', 'en'), ' · ');
    const fa = t('sep', 'fa');
    assert.doesNotMatch(fa, /[·.٠۰•]/, 'a dot next to ۴ reads as ۴۰');
    assert.match(fa, /\S/);
  });
});

describe('scroll cues', () => {
  it('a box scrolled to its start has more on its end side, and the other way round', () => {
    const box = { scrollWidth: 500, clientWidth: 300 };
    assert.equal(cueSides({ ...box, scrollLeft: 0 }), 'right');
    assert.equal(cueSides({ ...box, scrollLeft: 100 }), 'left right');
    assert.equal(cueSides({ ...box, scrollLeft: 200 }), 'left');
    // right to left: it starts at its right end, scrollLeft runs down to −200
    assert.equal(cueSides({ ...box, scrollLeft: 0, rtl: true }), 'left');
    assert.equal(cueSides({ ...box, scrollLeft: -100, rtl: true }), 'left right');
    assert.equal(cueSides({ ...box, scrollLeft: -200, rtl: true }), 'right');
  });

  it('a box that fits (or is off by a rounding pixel) shows no cue', () => {
    assert.equal(cueSides({ scrollWidth: 300, clientWidth: 300, scrollLeft: 0 }), '');
    assert.equal(cueSides({ scrollWidth: 301, clientWidth: 300, scrollLeft: 0 }), '');
    assert.equal(cueSides({ scrollWidth: 0, clientWidth: 0, scrollLeft: 0 }), '');
    assert.equal(cueSides({ scrollWidth: 400, clientWidth: 300, scrollLeft: 99.5 }), 'left');
  });
});
