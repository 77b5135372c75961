// math.js — formulas inside a widget's running text, typeset: a text with $…$ segments (TeX)
// becomes text nodes and KaTeX MathML, each formula isolated left to right so a Persian sentence
// around it keeps its order. The text stays one translatable key with the formulas inside it.
import katex from 'katex';

import { h } from '../core/dom.js';

/** 'x $a^2$ y' → ['x ', <bdi dir=ltr class=math><math>…</math></bdi>, ' y'] (for h(…) children). */
export function withMath(text) {
  return String(text)
    .split(/\$([^$]+)\$/)
    .map((part, i) => {
      if (i % 2 === 0) return part;
      const el = h('bdi', { dir: 'ltr', class: 'math' });
      katex.render(part, el, { output: 'mathml', throwOnError: false });
      return el;
    })
    .filter((part) => part !== '');
}
