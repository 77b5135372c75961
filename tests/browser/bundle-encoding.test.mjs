// bundle-encoding.test.mjs — web/dist/seqlab.js is UTF-8 with a byte-order mark (tools/bundle.mjs:
// non-ASCII text is not escaped): a page in another encoding that includes it, opened from
// file://, still gets every Persian string intact, and the core (embedded compressed, inflated by
// DecompressionStream) loads and computes there.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

import { launch, openPage, ROOT } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe('the bundle in a windows-1252 page from file://', () => {
  it('decodes as UTF-8 (its byte-order mark) and loads the core', async () => {
    const bundle = readFileSync(`${ROOT}web/dist/seqlab.js`, 'utf8');
    assert.equal(bundle.charCodeAt(0), 0xfeff, 'the bundle starts with a byte-order mark');
    // a Persian string from the translations, written in the file as UTF-8 (not \u escapes)
    const persian = bundle.match(/[\u0600-\u06ff][\u0600-\u06ff ]{6,}[\u0600-\u06ff]/)?.[0];
    assert.ok(persian, 'no Persian text in the bundle');

    mkdirSync(`${ROOT}build/pages`, { recursive: true });
    const page = `${ROOT}build/pages/windows-1252.html`;
    const src = pathToFileURL(`${ROOT}web/dist/seqlab.js`).href;
    writeFileSync(
      page,
      `<!doctype html><html><head><meta charset="windows-1252"><script src="${src}"></script></head><body></body></html>`,
    );
    const { page: p, errors } = await openPage(browser, pathToFileURL(page).href);
    try {
      const out = await p.evaluate(async (text) => {
        const sl = await window.seqlab.loadSeqlab();
        return {
          charset: document.characterSet,
          intact: window.seqlabBundleSource.toString().includes(text),
          simd: sl.simd,
          softmax: Array.from(sl.softmax([1, 1, 1, 1], 1, 4)),
        };
      }, persian);
      assert.equal(out.charset, 'windows-1252');
      assert.equal(out.intact, true, `"${persian}" did not survive the page's encoding`);
      assert.equal(out.simd, true);
      assert.deepEqual(out.softmax, [0.25, 0.25, 0.25, 0.25]);
      assert.deepEqual(errors, []);
    } finally {
      await p.close();
    }
  });
});
