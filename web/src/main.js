// main.js — the lab bundle's entry: registers every widget as a custom element.
import './widgets/attention.js';

export { loadSeqlab, SeqlabError } from '../../wasm/seqlab.mjs';
