// katex-mathml.mjs — the esbuild plugin that bundles KaTeX for MathML output, the only output the
// lab asks for (every katex.render in web/src passes output: 'mathml'; the browser typesets MathML
// with its own fonts, so the lab ships no KaTeX CSS or fonts either).
//  - KaTeX is compiled from the TypeScript source its package ships (katex.ts, src/), not taken as
//    the prebuilt dist/katex.mjs: as ES modules esbuild can drop what nothing reaches.
//  - src/svgGeometry.ts, the SVG outlines of stretchy arrows, braces, radicals and tall delimiters,
//    is read only when KaTeX builds HTML output. Its place is taken by a module whose functions and
//    table throw, saying why, should anything ever ask for HTML output.
// tests/node/katex-mathml.test.mjs checks that this build's MathML is the dist build's, formula
// for formula (every formula in the widgets' texts and a set that touches every construct).
import { readFileSync } from 'node:fs';

const root = new URL('../node_modules/katex/', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));

const HTML_ONLY = 'KaTeX is bundled for MathML output only (tools/katex-mathml.mjs): render with { output: "mathml" }';
const svgGeometryStub = `
const htmlOnly = () => { throw new Error(${JSON.stringify(HTML_ONLY)}); };
export const phasePath = htmlOnly;
export const sqrtPath = htmlOnly;
export const innerPath = htmlOnly;
export const tallDelim = htmlOnly;
export const path = new Proxy({}, { get: htmlOnly });
`;

/** esbuild plugin: `import katex from 'katex'` gets the MathML-only build described above. */
export const katexMathml = {
  name: 'katex-mathml',
  setup(build) {
    build.onResolve({ filter: /^katex$/ }, () => ({ path: new URL('katex.ts', root).pathname }));
    build.onLoad({ filter: /[\\/]node_modules[\\/]katex[\\/]src[\\/]svgGeometry\.ts$/ }, () => ({
      contents: svgGeometryStub,
      loader: 'js',
    }));
  },
};

/** esbuild options the source build needs: katex.ts reads its version from a build-time constant. */
export const katexDefine = { __VERSION__: JSON.stringify(version) };
