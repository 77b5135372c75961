// bundle.mjs — builds web/dist/seqlab.js: the lab's widgets, their styles and the WebAssembly
// core in one classic script, so web/index.html works from file:// and embeds need one file.
import { readFileSync, writeFileSync } from 'node:fs';

import { build } from 'esbuild';

import { katexDefine, katexMathml } from './katex-mathml.mjs';

await build({
  entryPoints: ['web/src/main.js'],
  bundle: true,
  format: 'iife',
  minify: process.env.SEQLAB_NO_MINIFY !== '1',
  sourcemap: false,
  target: ['es2020'],
  outfile: 'web/dist/seqlab.js',
  loader: { '.css': 'text' },
  // Emscripten's glue reads import.meta.url only to find side files; the binary is embedded.
  define: { 'import.meta.url': '"seqlab.js"', ...katexDefine },
  plugins: [katexMathml], // KaTeX for MathML output only (the lab's only use): tools/katex-mathml.mjs
  legalComments: 'none',
  // Non-ASCII text (the Persian translations, KaTeX's symbol tables) as UTF-8, not \uXXXX escapes:
  // 2 KB less gzipped. The byte-order mark written below makes browsers decode the file as UTF-8
  // whatever the including page's encoding; JavaScript reads U+FEFF as white space.
  charset: 'utf8',
  globalName: 'seqlab', // window.seqlab.loadSeqlab for pages that script the lab
  logLevel: 'warning',
});

// The training lab starts Web Workers from this same file without a second one (file:// pages
// cannot load a worker URL): the bundle is wrapped in a function whose source text,
// seqlabBundleSource.toString(), becomes a blob: worker (web/src/widgets/train/runner.js).
const out = 'web/dist/seqlab.js';
const code = readFileSync(out, 'utf8');
writeFileSync(
  out,
  `\uFEFFfunction seqlabBundleSource(){\n${code}\nreturn seqlab;}\nvar seqlab=seqlabBundleSource();\n`,
);
