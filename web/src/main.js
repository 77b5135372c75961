// main.js — the lab bundle's entry: registers every widget as a custom element.
import './widgets/attention.js';
import './widgets/lstm.js';
import './widgets/sinusoidal.js';
import './widgets/rope.js';
import './widgets/alibi.js';
import './widgets/compare.js';
import './widgets/course.js';
import './widgets/transformer-calc/view.js';
import { initPage } from './page.js';

export { loadSeqlab, SeqlabError } from '../../wasm/seqlab.mjs';

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', initPage);
else initPage();
