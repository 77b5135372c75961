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
import './widgets/train/view.js';
import { workerMain } from './widgets/train/worker.js';
import { initPage } from './page.js';

export { loadSeqlab, SeqlabError } from '../../wasm/seqlab.mjs';

// In a training worker (widgets/train/runner.js) this same bundle trains instead of drawing a page.
if (globalThis.seqlabWorker) workerMain();
else if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', initPage);
else initPage();
