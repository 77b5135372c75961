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
  globalName: 'seqlab', // window.seqlab.loadSeqlab for pages that script the lab
  logLevel: 'warning',
});

// The training lab starts Web Workers from this same file without a second one (file:// pages
// cannot load a worker URL): the bundle is wrapped in a function whose source text,
// seqlabBundleSource.toString(), becomes a blob: worker (web/src/widgets/train/runner.js).
const out = 'web/dist/seqlab.js';
const code = readFileSync(out, 'utf8');
writeFileSync(out, `function seqlabBundleSource(){\n${code}\nreturn seqlab;}\nvar seqlab=seqlabBundleSource();\n`);
