// text.test.mjs — the lab's words (web/src/widgets/*/text.js and the shared web/src/core/text.js):
// every key in both English and Persian with the same {placeholders}; no key that two texts
// define differently (the bug of the old single dictionary, where the widget loaded last won);
// and every key a view or model asks for literally — t('…'), tf('…'), new TextError('…') and the
// label and hint of this.bind(…) — defined in its own text or the shared one.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('../../web/src/', import.meta.url));
const WIDGETS = `${WEB}widgets/`;

const folders = readdirSync(WIDGETS, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const texts = { core: (await import(`${WEB}core/text.js`)).default };
for (const f of folders)
  if (existsSync(`${WIDGETS}${f}/text.js`)) texts[f] = (await import(`${WIDGETS}${f}/text.js`)).default;

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** String literal arguments that name text: t('…'), tf('…'), TextError('…'), bind(name, el, 'label', 'hint'). */
export function keysUsed(src) {
  const keys = new Set();
  const lit = String.raw`'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"`;
  const unquote = (g) => (g[0] ?? g[1]).replace(/\\(.)/g, '$1');
  for (const m of src.matchAll(new RegExp(String.raw`\b(?:t|tf|TextError)\(\s*(?:${lit})`, 'g')))
    keys.add(unquote(m.slice(1)));
  // bind(…): split the arguments at top-level commas (controls are nested calls)
  for (let i = src.indexOf('.bind('); i >= 0; i = src.indexOf('.bind(', i + 1)) {
    const args = [];
    let depth = 0,
      start = i + 6,
      quote = null;
    for (let j = i + 5; j < src.length; j++) {
      const c = src[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = null;
      } else if (c === "'" || c === '"' || c === '`') quote = c;
      else if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c) && --depth === 0) {
        args.push(src.slice(start, j));
        break;
      } else if (c === ',' && depth === 1) {
        args.push(src.slice(start, j));
        start = j + 1;
      }
    }
    for (const a of args.slice(2)) {
      const m = new RegExp(String.raw`^\s*(?:${lit})\s*$`).exec(a);
      if (m) keys.add(unquote(m.slice(1)));
    }
  }
  return keys;
}

describe('text', () => {
  it('every widget folder has a model, a view and a text, and exactly one custom element', () => {
    assert.ok(folders.length >= 10, `widget folders: ${folders.join(', ')}`);
    for (const f of folders) {
      for (const part of ['model.js', 'view.js', 'text.js'])
        assert.ok(existsSync(`${WIDGETS}${f}/${part}`), `${f}/${part} is missing`);
      const defines = readFileSync(`${WIDGETS}${f}/view.js`, 'utf8').match(/\bdefine\('seqlab-[\w-]+'/g) ?? [];
      assert.equal(defines.length, 1, `${f}/view.js defines ${defines.length} custom elements`);
      assert.match(
        readFileSync(`${WIDGETS}${f}/view.js`, 'utf8'),
        /static text = text;/,
        `${f}/view.js does not declare its text`,
      );
    }
  });

  for (const [ns, text] of Object.entries(texts)) {
    it(`${ns}: every key has English and Persian, with the same placeholders`, () => {
      assert.deepEqual(Object.keys(text).sort(), ['en', 'fa']);
      const en = Object.keys(text.en).sort(),
        fa = Object.keys(text.fa).sort();
      assert.deepEqual(
        en.filter((k) => !(k in text.fa)),
        [],
        `${ns}: keys with no Persian`,
      );
      assert.deepEqual(
        fa.filter((k) => !(k in text.en)),
        [],
        `${ns}: Persian keys with no English`,
      );
      for (const k of en) {
        for (const lang of ['en', 'fa'])
          assert.ok(
            typeof text[lang][k] === 'string' && text[lang][k].trim() !== '',
            `${ns}.${lang}[${JSON.stringify(k)}] is empty`,
          );
        assert.deepEqual(
          placeholders(text.fa[k]),
          placeholders(text.en[k]),
          `${ns}: placeholders of ${JSON.stringify(k)} differ between en and fa`,
        );
      }
    });
  }

  it('no key is defined by two texts with different words', () => {
    const seen = new Map(); // key → {ns, en, fa}
    const clashes = [];
    for (const [ns, text] of Object.entries(texts)) {
      for (const k of Object.keys(text.en)) {
        const prev = seen.get(k);
        if (!prev) seen.set(k, { ns, en: text.en[k], fa: text.fa[k] });
        else if (prev.en !== text.en[k] || prev.fa !== text.fa[k]) {
          clashes.push(
            `${JSON.stringify(k)}: ${prev.ns} says ${JSON.stringify(prev)} but ${ns} says ${JSON.stringify({ en: text.en[k], fa: text.fa[k] })}`,
          );
        }
      }
    }
    assert.deepEqual(clashes, []);
  });

  for (const f of folders) {
    it(`${f}: every key its view and model ask for is in its text or the shared text`, () => {
      const used = new Set();
      for (const part of ['view.js', 'model.js'])
        for (const k of keysUsed(readFileSync(`${WIDGETS}${f}/${part}`, 'utf8'))) used.add(k);
      assert.ok(used.size > 3, `${f}: only ${used.size} keys found; is the scan broken?`);
      const missing = [...used].filter((k) => !(k in texts[f].en) && !(k in texts.core.en));
      assert.deepEqual(missing, [], `${f}: keys used but not defined`);
    });
  }

  it('the shared text covers what the core and the plots ask for', () => {
    const files = ['core/widget.js', 'core/params.js', 'plot/heatmap.js', 'plot/lineplot.js'];
    const used = files.flatMap((p) => [...keysUsed(readFileSync(`${WEB}${p}`, 'utf8'))]);
    assert.ok(used.length > 10);
    assert.deepEqual(
      used.filter((k) => !(k in texts.core.en)),
      [],
    );
  });

  it('keys chosen at run time (presets, encodings, mask reasons) are defined too', async () => {
    const { PRESETS } = await import(`${WIDGETS}attention/model.js`);
    for (const p of PRESETS) assert.ok(p.label in texts.attention.fa, `attention preset ${p.label}`);
    const { ENCODINGS } = await import(`${WIDGETS}permutation/model.js`);
    for (const e of ENCODINGS) assert.ok(e in texts.permutation.fa, `permutation encoding ${e}`);
    const view = readFileSync(`${WIDGETS}attention/view.js`, 'utf8');
    const reasons = /const REASONS = \{([^}]*)\}/.exec(view)[1];
    for (const m of reasons.matchAll(/'([^']+)'/g))
      assert.ok(m[1] in texts.attention.fa, `attention mask reason ${m[1]}`);
  });

  it('the scan finds literal keys and bind labels, and a missing one is reported', () => {
    const src =
      "this.bind('n', num(1, f(2, 3)), 'tokens n', 'a hint'); t('x'); this.tf('y {a}', {a: 1}); new TextError(\"z\");";
    assert.deepEqual([...keysUsed(src)].sort(), ['a hint', 'tokens n', 'x', 'y {a}', 'z']);
  });
});
