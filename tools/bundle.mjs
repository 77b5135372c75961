// bundle.mjs — builds web/dist/seqlab.js: the lab's widgets, their styles and the WebAssembly
// core in one classic script, so web/index.html works from file:// and embeds need one file.
import { build } from 'esbuild';

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
  define: { 'import.meta.url': '"seqlab.js"' },
  legalComments: 'none',
  globalName: 'seqlab', // window.seqlab.loadSeqlab for pages that script the lab
  logLevel: 'warning',
});
