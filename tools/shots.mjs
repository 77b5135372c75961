// shots.mjs — screenshots of every widget alone in a host page, at a phone's 360 px, a course
// column's 600 px and a desktop's 1280 px, light and dark, English and Persian (with Persian
// digits), written to build/shots/ with an index.html contact sheet. For reviewing how a view
// looks to a class; nothing here is checked (tests/browser/layout.test.mjs checks the fit).
// The training lab is shot after its quick copy-lengths and rnn-memory presets have trained.
//   node tools/shots.mjs [--only alibi,rope] [--widths 360,600]   (./build.sh shots)
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { launch, serveWeb } from '../tests/browser/browser.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}build/shots/`;
const TAGS = [
  'attention',
  'sinusoidal',
  'rope',
  'alibi',
  'posenc-compare',
  'lstm',
  'transformer-calc',
  'orthogonal',
  'dot-scaling',
  'mha-sum',
  'permutation',
  'train-copy',
  'train-memory',
  'train-induction',
];
// shots of a widget in a given state: the training lab after its quick preset has trained
const VARIANTS = {
  'train-copy': { tag: 'train', attrs: { preset: 'copy-lengths', quick: '' }, train: true },
  'train-memory': { tag: 'train', attrs: { preset: 'rnn-memory', quick: '' }, train: true },
  'train-induction': { tag: 'train', attrs: { preset: 'induction', quick: '' }, train: true },
};
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : null;
};
const tags = arg('--only')?.split(',') ?? TAGS;
const widths = (arg('--widths') ?? '360,600,1280').split(',').map(Number);
const themes = ['light', 'dark'];
const langs = ['en', 'fa'];

const host = (theme) => `<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{margin:8px;background:${theme === 'dark' ? '#0f1216' : '#ffffff'}}</style>
<script src="dist/seqlab.js"></script></head><body><div id="host"></div></body></html>`;

const browser = await launch();
const web = await serveWeb();
await mkdir(OUT, { recursive: true });
const shots = [];
const problems = [];
try {
  for (const width of widths)
    for (const theme of themes)
      for (const lang of langs) {
        const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: theme });
        page.on('pageerror', (e) => problems.push(`${width} ${theme} ${lang}: ${e.message}`));
        page.on('console', (m) => m.type() === 'error' && problems.push(`${width} ${theme} ${lang}: ${m.text()}`));
        await page.route(`${web.url}shot.html`, (r) => r.fulfill({ contentType: 'text/html', body: host(theme) }));
        await page.goto(`${web.url}shot.html`);
        for (const name of tags) {
          const v = VARIANTS[name] ?? { tag: name, attrs: {} };
          const attrs = { ...v.attrs, theme, ...(lang === 'fa' ? { lang: 'fa', digits: 'fa' } : {}) };
          await page.evaluate(
            ([t, a]) =>
              new Promise((done, fail) => {
                const el = document.createElement(`seqlab-${t}`);
                for (const [k, v] of Object.entries(a)) el.setAttribute(k, v);
                const timer = setTimeout(() => fail(new Error(`${t}: no final repaint in 30 s`)), 30000);
                el.addEventListener('seqlab-update', (ev) => {
                  if (!ev.detail.partial && el.lastResult && !el.deferred) {
                    clearTimeout(timer);
                    done();
                  }
                });
                document.getElementById('host').replaceChildren(el);
              }),
            [v.tag, attrs],
          );
          if (v.train) {
            await page.evaluate(() =>
              document.querySelector('seqlab-train').shadowRoot.querySelector('[data-act=start]').click(),
            );
            await page.waitForFunction(
              () => document.querySelector('seqlab-train').lastResult?.state === 'finished',
              null,
              {
                timeout: 120000,
              },
            );
            await page.waitForTimeout(400); // the model view is drawn in a task of its own
          }
          // plots redraw at their width after a ResizeObserver callback: two frames
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          const file = `${name}-${width}-${theme}-${lang}.png`;
          await page.locator(`seqlab-${v.tag}`).screenshot({ path: `${OUT}${file}` });
          shots.push({ name, width, theme, lang, file });
          process.stdout.write('.');
        }
        await page.close();
      }
} finally {
  await browser.close();
  await web.close();
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const sections = tags.map((name) => {
  const cells = shots
    .filter((s) => s.name === name)
    .map(
      (s) =>
        `<figure><figcaption>${s.width} px · ${s.theme} · ${s.lang}</figcaption><a href="${s.file}"><img src="${s.file}" loading="lazy" width="${Math.min(s.width, 420)}"></a></figure>`,
    )
    .join('\n');
  return `<section><h2 id="${esc(name)}">&lt;seqlab-${esc(name)}&gt;</h2><div class="row">${cells}</div></section>`;
});
await writeFile(
  `${OUT}index.html`,
  `<!doctype html><html><head><meta charset="utf-8"><title>seqlab screenshots</title>
<style>body{font:14px system-ui,sans-serif;margin:16px}.row{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
figure{margin:0;border:1px solid #ccc;padding:4px}figcaption{font-size:12px;color:#555}img{display:block;height:auto}</style></head>
<body><h1>seqlab: every widget alone in a host page</h1>
<p>${shots.length} screenshots: widths ${widths.join(', ')} px, light and dark, English and Persian (Persian digits).
${tags.map((t) => `<a href="#${esc(t)}">${esc(t)}</a>`).join(' · ')}</p>
${sections.join('\n')}
</body></html>
`,
);
console.log(`\n${shots.length} screenshots in build/shots/ (index.html)`);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exitCode = 1;
}
