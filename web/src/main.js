// main.js — the lab bundle's entry: registers every widget as a custom element.
import './widgets/attention/view.js';
import './widgets/lstm/view.js';
import './widgets/sinusoidal/view.js';
import './widgets/rope/view.js';
import './widgets/alibi/view.js';
import './widgets/posenc-compare/view.js';
import './widgets/transformer-calc/view.js';
import './widgets/orthogonal/view.js';
import './widgets/dot-scaling/view.js';
import './widgets/mha-sum/view.js';
import './widgets/permutation/view.js';
import { initPage } from './page.js';

export { loadSeqlab, SeqlabError } from '../../wasm/seqlab.mjs';

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', initPage);
else initPage();
