// tasks.mjs — batches of the training tasks, generated in the C core from a seed (src/tasks.c;
// the exact formats are documented in src/seqlab.h, "task generators"): the same seed gives the
// same batch in Node, in a page and in a worker.
import CORPUS from '../corpus.mjs';
import { Args, LIMITS, checkElems } from './args.mjs';
import { callCore } from './heap.mjs';

const TASKS = { copy: 0, reverse: 1, parity: 2, induction: 3, text: 4, recall: 5 };
const COMMON = ['batch', 'minLen', 'maxLen', 'seed'];
const KNOWN = {
  copy: [...COMMON, 'symbols'],
  reverse: [...COMMON, 'symbols'],
  induction: [...COMMON, 'symbols'],
  parity: [...COMMON, 'finalOnly'],
  recall: COMMON,
  text: [...COMMON, 'text'],
};
// T per row from maxLen (as sl_task_shape): the longest maxLen keeps T within the sequence limit
const LONGEST = {
  copy: (LIMITS.maxSeq - 1) / 2,
  reverse: (LIMITS.maxSeq - 1) / 2,
  induction: LIMITS.maxSeq / 2,
  parity: LIMITS.maxSeq,
  recall: LIMITS.maxSeq,
  text: LIMITS.maxSeq,
};
const I32 = (length) => ({ type: Int32Array, length });
const U8 = (length) => ({ type: Uint8Array, length });

/** The distinct characters (code points) of text, sorted by code point, and text as their ids. */
export function charTable(text) {
  const chars = Array.from(new Set(text)).sort((a, b) => a.codePointAt(0) - b.codePointAt(0));
  const index = new Map(chars.map((c, i) => [c, i]));
  const points = Array.from(text);
  const ids = new Int32Array(points.length);
  for (let i = 0; i < points.length; i++) ids[i] = index.get(points[i]);
  return { chars, ids };
}

let corpusTable = null; // built on first use, then kept
let lastText = { text: null, table: null }; // a training loop asks for batches of the same text

export function tasksApi(core) {
  return {
    /** The built-in public-domain text of the 'text' task (see wasm/corpus.mjs). */
    corpus: CORPUS,

    /**
     * A batch of a task: {tokens, targets: Int32Array(batch·T), lossMask: Uint8Array(batch·T),
     * batch, T, vocab, meta} where meta names the special ids (or the character table) and holds
     * each row's length.
     */
    makeTask(name, options) {
      const fn = 'makeTask';
      // typeof first: Object.hasOwn would turn any other value into a key (and throw on a symbol)
      if (typeof name !== 'string' || !Object.hasOwn(TASKS, name)) {
        throw new Args(fn, {}, []).error(
          'name',
          `must be one of ${Object.keys(TASKS)
            .map((t) => `'${t}'`)
            .join(', ')}, got ${typeof name === 'string' ? JSON.stringify(name) : typeof name}`,
        );
      }
      const a = new Args(fn, options, KNOWN[name]);
      const task = TASKS[name];
      const maxLen = a.int('maxLen', { max: LONGEST[name] });
      const minLen = a.int('minLen', {
        min: name === 'induction' ? 2 : 1,
        max: maxLen,
        def: name === 'induction' ? 2 : 1,
      });
      const batch = a.int('batch', { max: LIMITS.maxSeq });
      const seed = a.int('seed', { min: 0, max: 2 ** 32 - 1, def: 0 });
      let symbols = 1;
      let text = null;
      const meta = { task: name };
      if (name === 'text') {
        if (a.has('text')) {
          const t = a.o.text;
          if (typeof t !== 'string') throw a.error('text', `must be a string, got ${typeof t}`);
          if (t.length === 0) throw a.error('text', 'must not be empty', 'SIZE');
          checkElems(fn, 'text', t.length);
          if (lastText.text !== t) lastText = { text: t, table: charTable(t) };
          text = lastText.table;
          meta.source = 'text';
        } else {
          corpusTable ??= charTable(CORPUS);
          text = corpusTable;
          meta.source = 'corpus';
        }
        symbols = text.chars.length;
        if (text.ids.length < maxLen + 1)
          throw a.error(
            'text',
            `has ${text.ids.length} characters, too few for maxLen = ${maxLen}: a row needs maxLen + 1`,
            'SIZE',
          );
        Object.assign(meta, { pad: 0, chars: text.chars.slice() });
      } else if (name === 'parity') {
        meta.finalOnly = a.bool('finalOnly', false);
        Object.assign(meta, { pad: 2, bits: [0, 1] });
      } else if (name === 'recall') {
        Object.assign(meta, { pad: 2, bits: [0, 1] });
      } else {
        symbols = a.int('symbols', { min: 1, max: LIMITS.maxDim - 3, def: 8 });
        Object.assign(meta, { pad: 0, bos: 1, sep: name === 'induction' ? null : 2, firstSymbol: 3, symbols });
      }
      const [shape] = callCore(core, fn, { outputs: [I32(2)] }, (_, [p]) =>
        core._sl_task_shape(p, p + 4, task, maxLen, symbols),
      );
      const [T, vocab] = shape;
      checkElems(fn, 'tokens (batch×T)', batch * T);
      const n = batch * T;
      const [tokens, targets, lossMask, lengths] = text
        ? callCore(
            core,
            fn,
            { inputs: [text.ids], outputs: [I32(n), I32(n), U8(n), I32(batch)] },
            ([pt], [o1, o2, o3, o4]) =>
              core._sl_task_text(o1, o2, o3, o4, pt, text.ids.length, vocab, batch, minLen, maxLen, seed),
          )
        : callCore(core, fn, { outputs: [I32(n), I32(n), U8(n), I32(batch)] }, (_, [o1, o2, o3, o4]) =>
            core._sl_task_batch(o1, o2, o3, o4, task, batch, minLen, maxLen, symbols, meta.finalOnly ? 1 : 0, seed),
          );
      meta.lengths = lengths;
      return { tokens, targets, lossMask, batch, T, vocab, meta };
    },
  };
}
