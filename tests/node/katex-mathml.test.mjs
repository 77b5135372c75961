// katex-mathml.test.mjs — the lab's KaTeX (tools/katex-mathml.mjs: compiled from the package's
// source, without the SVG outlines only HTML output reads) gives the MathML of the package's own
// dist build, character for character: every $…$ formula in the widgets' texts (both languages)
// and a set that reaches every construct whose HTML form draws SVG (radicals, stretchy arrows and
// accents, braces, tall delimiters, \phase, \cancel). HTML output throws, naming the reason.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { before, describe, it } from 'node:test';

import { build } from 'esbuild';
import distKatex from 'katex';

import { katexDefine, katexMathml } from '../../tools/katex-mathml.mjs';

const CONSTRUCTS = [
  String.raw`\sqrt{d_k}`,
  String.raw`\sqrt[3]{\frac{QK^\top}{\sqrt{d_k}}}`,
  String.raw`\operatorname{softmax}\left(\frac{QK^{\top}}{\sqrt{d_k}}\right)V`,
  String.raw`\Bigg[ \bigg( \Big\{ \big| x \big| \Big\} \bigg) \Bigg] \left\lVert \frac{\partial L}{\partial h_t} \right\rVert_2`,
  String.raw`\left( \begin{matrix} a \\ b \\ c \\ d \\ e \end{matrix} \right) \left\{ \begin{array}{ll} 1 & x > 0 \\ 0 & \text{otherwise} \end{array} \right.`,
  String.raw`\begin{bmatrix} \cos m\theta & -\sin m\theta \\ \sin m\theta & \cos m\theta \end{bmatrix} \begin{pmatrix} x_{2i} \\ x_{2i+1} \end{pmatrix}`,
  String.raw`\overbrace{a + b}^{n} \underbrace{c + d}_{m} \overrightarrow{AB} \overleftarrow{x} \widehat{xyz} \widetilde{abc} \overline{h} \underline{c}`,
  String.raw`x \xrightarrow{\text{LayerNorm}} y \xleftarrow[below]{above} z \xLeftrightarrow{t} w \xmapsto{f} v`,
  String.raw`\cancel{x} \bcancel{y} \xcancel{z} \sout{w} \boxed{E = mc^2} \fbox{box} \colorbox{yellow}{c} \phase{-78^\circ}`,
  String.raw`\overgroup{AB} \undergroup{CD} \overlinesegment{EF} \utilde{G} \overleftrightarrow{H} \underrightarrow{I}`,
  String.raw`c_t = \Gamma_f \odot c_{t-1} + \Gamma_u \odot \tilde{c}_t = 0.73\cdot(-0.12) + 0.41\cdot0.88 = 0.27`,
  String.raw`h_t = o \odot \tanh(c_t) = 0.6\cdot\tanh(-0.25) = -0.147`,
  String.raw`\text{KV}_{\text{token}} \cdot n \cdot B = 2\,048 \cdot 1\,024 \cdot 8`,
  String.raw`(4 + 4 + 8) \cdot P = 16 \cdot 124\,439\,808`,
  String.raw`\sum_{i=0}^{d/2-1} \prod_{j} \int_0^1 \lim_{n\to\infty} \mathbb{R}^{n \times d} \mathcal{L} \mathrm{PE}_{(pos, 2i)} = \sin\!\left(pos / 10000^{2i/d}\right)`,
  String.raw`\char"41 \TextOrMath{a}{b} \mathit{abc} \mathbf{W}_Q \boldsymbol{\theta} \mathsf{x} \mathtt{y} \mathfrak{g} \mathscr{S}`,
  String.raw`\frac{1}{\sqrt{2\pi}}e^{-x^2/2} \binom{n}{k} \tfrac12 \dfrac{a}{b} \cfrac{1}{1+\cfrac{1}{x}}`,
  String.raw`\undefinedcommand{x}`, // throwOnError false: rendered as an error span in both
];

/** every $…$ segment of every string in the widgets' text tables (web/src/widgets/<name>/text.js) */
async function widgetFormulas() {
  const formulas = new Set();
  const walk = (x) => {
    if (typeof x === 'string') for (const [, f] of x.matchAll(/\$([^$]+)\$/g)) formulas.add(f);
    else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) (walk(k), walk(v));
  };
  const dir = new URL('../../web/src/widgets/', import.meta.url);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    if (!readdirSync(new URL(`${entry.name}/`, dir)).includes('text.js')) continue;
    walk((await import(new URL(`${entry.name}/text.js`, dir).href)).default);
  }
  return [...formulas];
}

let labKatex, formulas;
before(async () => {
  const result = await build({
    stdin: { contents: "export { default } from 'katex';", resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    format: 'esm',
    write: false,
    define: katexDefine,
    plugins: [katexMathml],
    logLevel: 'error',
  });
  const code = Buffer.from(result.outputFiles[0].contents).toString('base64');
  labKatex = (await import(`data:text/javascript;base64,${code}`)).default;
  formulas = [...(await widgetFormulas()), ...CONSTRUCTS];
});

describe("the lab's KaTeX build (MathML only)", () => {
  it('finds the formulas of the widget texts', () => {
    // a guard against the extraction silently finding nothing (6 distinct formulas when written)
    const found = formulas.length - CONSTRUCTS.length;
    assert.ok(found >= 6, `only ${found} widget formulas`);
  });

  it('gives the MathML of the dist build for every formula, inline and display', () => {
    assert.equal(labKatex.version, distKatex.version);
    for (const f of formulas) {
      for (const displayMode of [false, true]) {
        const options = { output: 'mathml', throwOnError: false, displayMode };
        assert.equal(labKatex.renderToString(f, options), distKatex.renderToString(f, options), f);
      }
    }
  });

  it('refuses HTML output where it would need an SVG outline, saying why', () => {
    assert.throws(
      () => labKatex.renderToString(String.raw`\sqrt{x}`, { output: 'html' }),
      /KaTeX is bundled for MathML output only/,
    );
  });
});
