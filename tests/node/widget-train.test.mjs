// widget-train.test.mjs — the model of <seqlab-train>, driven on this thread: quick presets train a
// few hundred steps and the loss falls; the same seed gives the same curve; the curves and the
// length-chart table are well-formed; the summary sentence follows the numbers (checked against a
// table made up here, where the answer is known).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { modelConfig, planRuns, TrainingRun } from '../../wasm/experiments.mjs';
import {
  defaultRun,
  lengthAxes,
  lengthTable,
  memorySentence,
  memoryTable,
  noticeTryKey,
  parseSequence,
  positionsDropped,
  presetSettings,
  PRESETS,
  summarySentence,
  trainAll,
  vocabularyLabels,
  vocabularyOf,
} from '../../web/src/widgets/train/model.js';
import trainText from '../../web/src/widgets/train/text.js';
import { tokensToIds } from '../../web/src/widgets/attention/trained.js';
import { checkRuns, openRun, Runner, viewFromBytes } from '../../web/src/widgets/train/runner.js';
import { workerMain } from '../../web/src/widgets/train/worker.js';
import { loadSeqlab } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('train widget model', () => {
  it('the copy preset (quick) trains: the loss falls, curves and table are well-formed', () => {
    const s = presetSettings('copy-lengths', { quick: true });
    const r = trainAll(sl, s);
    assert.equal(r.runs.length, s.encodings.length * s.seeds);
    for (const c of r.curves) {
      assert.equal(c.losses.length, s.steps);
      assert.ok(c.losses.every(Number.isFinite));
      // the first 10 steps against the last 10: well below (log 11 ≈ 2.4 at the start)
      assert.ok(
        mean(c.losses.slice(-10)) < mean(c.losses.slice(0, 10)) - 0.5,
        `${c.run.group}: ${c.losses[0]} → ${c.losses.at(-1)}`,
      );
      assert.ok(c.held.length >= 10 && c.held.at(-1).step === s.steps);
      assert.ok(c.held.at(-1).loss < c.held[0].loss);
    }
    assert.equal(r.table.length, s.encodings.length * s.testLengths.length);
    for (const row of r.table) {
      if (row.group === 'learned' && row.length > s.maxLen) assert.equal(row.mean, null);
      else assert.ok(row.mean >= 0 && row.mean <= 1 && row.min <= row.mean && row.mean <= row.max);
    }
    assert.ok(r.sentence && r.sentence.vars.missing.includes('learned'));
  });

  it('every preset plans runs whose specs are plain data', () => {
    for (const p of PRESETS) {
      const s = presetSettings(p);
      const runs = planRuns(s);
      assert.ok(runs.length >= 1);
      assert.deepEqual(structuredClone(runs), runs);
    }
    const m = presetSettings('rnn-memory');
    // 3 cells, the LSTM again without its forget bias, and a Transformer
    assert.equal(planRuns(m).length, 5 * m.testLengths.length * m.seeds);
  });

  it('the same seed reproduces the same curve; another seed does not', () => {
    const s = { ...presetSettings('induction', { quick: true }), steps: 30 };
    const [run] = planRuns(s);
    const curve = (r) => {
      const tr = new TrainingRun(sl, r);
      tr.step(30);
      const out = tr.losses.slice();
      tr.dispose();
      return out;
    };
    const a = curve(run),
      b = curve(run),
      c = curve({ ...run, seed: 7 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('rnn-memory (quick): recurrent runs recall the first bit and give accuracy per distance', () => {
    const s = { ...presetSettings('rnn-memory', { quick: true }), steps: 60 };
    assert.equal(s.task, 'recall');
    const r = trainAll(sl, s);
    assert.deepEqual([...new Set(r.table.map((x) => x.group))], ['rnn', 'lstm', 'lstm-fb0', 'gru', 'rope']);
    // the Transformer has the experiment's own size, the cells theirs
    const tf = r.runs.find((x) => x.group === 'rope');
    assert.equal(modelConfig(s, tf, { vocab: 3, T: 8 }).dModel, 32);
    assert.equal(modelConfig(s, r.runs[0], { vocab: 3, T: 8 }).hidden, 32);
    assert.deepEqual([...new Set(r.table.map((x) => x.length))], s.testLengths);
    for (const row of r.table) assert.ok(row.mean >= 0 && row.mean <= 1);
    for (const c of r.curves) assert.equal(c.gradNorms.length, 60);
    // the gradient chart: one row per cell (the LSTM twice; not the Transformer, which has no
    // hidden state through time), distance and step back; d = 0 is the readout itself
    assert.equal(r.memory.length, 4 * s.testLengths.reduce((a, n) => a + n, 0));
    for (const row of r.memory.filter((x) => x.d === 0)) {
      assert.ok(Math.abs(row.untrained - 1) < 1e-12 && Math.abs(row.trained - 1) < 1e-12);
    }
    assert.equal(r.memorySentence.vars.n, Math.max(...s.testLengths));
  });

  it('recall batches: the target is the first bit, counted only at the last of n positions', () => {
    const s = presetSettings('rnn-memory', { quick: true });
    const run = planRuns(s).find((x) => x.n === 8);
    const tr = new TrainingRun(sl, run);
    for (const b of [tr.first, tr.heldBatch]) {
      assert.equal(b.T, 8);
      for (let row = 0; row < b.batch; row++) {
        for (let p = 0; p < b.T; p++) {
          assert.equal(b.lossMask[row * b.T + p], p === 7 ? 1 : 0);
          assert.ok(b.tokens[row * b.T + p] === 0 || b.tokens[row * b.T + p] === 1);
        }
        assert.equal(b.targets[row * b.T + 7], b.tokens[row * b.T]);
      }
    }
    tr.dispose();
  });

  it("the run's gradient through time is the model's own, before and after training", () => {
    const s = { ...presetSettings('rnn-memory', { quick: true }), steps: 20 };
    const run = planRuns(s).find((x) => x.group === 'lstm' && x.n === 8);
    const tr = new TrainingRun(sl, run);
    // an untouched model of the same config, measured directly
    const fresh = sl.createModel(modelConfig(s, run, tr.first));
    assert.deepEqual(tr.untrainedGrad, Array.from(fresh.gradNormThroughTime(tr.heldBatch).dhNorm));
    fresh.dispose();
    tr.step(20);
    const out = tr.result();
    assert.deepEqual(out.memory.untrained, tr.untrainedGrad);
    assert.deepEqual(out.memory.trained, Array.from(tr.model.gradNormThroughTime(tr.heldBatch).dhNorm));
    assert.notDeepEqual(out.memory.trained, out.memory.untrained);
    assert.equal(out.memory.trained.length, 8);
    tr.dispose();
  });

  it("an LSTM run takes the settings' forget-gate bias as its config's forgetBias; 'lstm-fb0' has none, other cells ignore it", () => {
    const s = { ...presetSettings('rnn-memory', { quick: true }), steps: 1, forgetBias: 2 };
    const runs = planRuns({ ...s, encodings: ['lstm', 'lstm-fb0', 'gru'] }).filter((x) => x.n === 4);
    const first = { vocab: 3, T: 4 };
    const lstm = runs.find((x) => x.group === 'lstm');
    assert.equal(modelConfig(s, lstm, first).forgetBias, 2);
    assert.equal(modelConfig({ ...s, forgetBias: undefined }, lstm, first).forgetBias, 1); // TRAINING.md's default
    assert.equal(
      modelConfig(
        s,
        runs.find((x) => x.group === 'lstm-fb0'),
        first,
      ).forgetBias,
      0,
    );
    assert.equal(
      'forgetBias' in
        modelConfig(
          s,
          runs.find((x) => x.group === 'gru'),
          first,
        ),
      false,
    );
    // the run's model is the core's LSTM with that bias: its f rows exactly 2 above forgetBias 0's
    const tr = new TrainingRun(sl, lstm);
    const plain = sl.createModel({ ...modelConfig(s, lstm, tr.first), forgetBias: 0 });
    const a = tr.model.getParams(),
      b = plain.getParams();
    const { offset } = plain.paramLayout.find((x) => x.name === 'cell.bIh');
    const H = plain.config.hidden;
    for (let i = 0; i < a.length; i++) {
      const inF = i >= offset + H && i < offset + 2 * H;
      assert.equal(a[i], inF ? Math.fround(b[i] + 2) : b[i], `param ${i}`);
    }
    plain.dispose();
    tr.dispose();
  });

  it('the gradient chart: ratios to the readout step, geometric mean over seeds, from the numbers', () => {
    // two seeds of one cell at n = 3 (curves indexed by t, readout at t = 2), one of another
    const results = [
      { run: { group: 'gru', n: 3 }, memory: { untrained: [1e-4, 1e-2, 1], trained: [0.5, 1, 2] } },
      { run: { group: 'gru', n: 3 }, memory: { untrained: [1e-6, 1e-2, 1], trained: [2, 2, 2] } },
      { run: { group: 'rnn', n: 3 }, memory: { untrained: [0, 0.1, 1], trained: [1e-3, 1e-2, 1] } },
      { run: { group: 'lstm', n: null }, memory: null },
    ];
    const rows = memoryTable(results);
    const at = (g, d) => rows.find((r) => r.group === g && r.d === d);
    assert.equal(rows.length, 6);
    assert.ok(Math.abs(at('gru', 2).untrained - 1e-5) < 1e-17); // √(1e-4 · 1e-6)
    assert.ok(Math.abs(at('gru', 2).trained - 0.5) < 1e-12); // √(0.25 · 1)
    assert.ok(Math.abs(at('gru', 1).trained - Math.sqrt(0.5)) < 1e-12);
    assert.equal(at('rnn', 2).untrained, null); // 0 has no logarithm: no number, not a made-up one
    const v = memorySentence(rows).vars;
    assert.equal(v.n, 3);
    assert.equal(v.best, 'gru');
    assert.ok(Math.abs(v.bestValue - 0.5) < 1e-12);
    assert.deepEqual(
      v.cells.map((c) => c.group),
      ['gru', 'rnn'],
    );
    assert.equal(memorySentence([]), null);
  });

  it('the model view gets layers × heads × T × T attention with rows summing to 1', () => {
    const s = { ...presetSettings('induction', { quick: true }), steps: 10 };
    const tr = new TrainingRun(sl, planRuns(s)[0]);
    tr.step(10);
    const toks = tr.sampleTokens();
    const a = tr.attention(toks);
    assert.equal(a.weights.length, a.layers * a.heads * a.T * a.T);
    for (let r = 0; r < a.layers * a.heads * a.T; r++) {
      let sum = 0;
      for (let j = 0; j < a.T; j++) sum += a.weights[r * a.T + j];
      assert.ok(Math.abs(sum - 1) < 1e-5);
    }
    assert.equal(a.scores.length, a.layers * a.heads);
    tr.dispose();
  });

  it('the sentence is computed from the numbers', () => {
    const s = { task: 'copy', maxLen: 8 };
    const results = [
      {
        run: { group: 'rope' },
        lengths: [
          { length: 8, value: 0.9 },
          { length: 16, value: 0.2 },
        ],
      },
      {
        run: { group: 'rope' },
        lengths: [
          { length: 8, value: 0.7 },
          { length: 16, value: 0.4 },
        ],
      },
      {
        run: { group: 'alibi' },
        lengths: [
          { length: 8, value: 0.6 },
          { length: 16, value: 0.5 },
        ],
      },
      {
        run: { group: 'learned' },
        lengths: [
          { length: 8, value: 1 },
          { length: 16, value: null },
        ],
      },
    ];
    const table = lengthTable(s, results);
    const rope16 = table.find((r) => r.group === 'rope' && r.length === 16);
    assert.ok(Math.abs(rope16.mean - 0.3) < 1e-12 && rope16.min === 0.2 && rope16.max === 0.4 && rope16.n === 2);
    const v = summarySentence(s, table).vars;
    assert.equal(v.best0, 'learned');
    assert.equal(v.best1, 'alibi');
    assert.equal(v.value1, 0.5);
    assert.equal(v.best1At0, 0.6);
    assert.equal(v.worst1, 'rope');
    assert.deepEqual(v.missing, ['learned']);
    // lower is better for a loss
    const lt = lengthTable({ task: 'text', maxLen: 8 }, results);
    assert.equal(summarySentence({ task: 'text', maxLen: 8 }, lt).vars.best1, 'rope');
    // ties: every group sharing the best value is named; all alike at the longest: no best or worst
    const tie = [
      {
        run: { group: 'rope' },
        lengths: [
          { length: 8, value: 1 },
          { length: 16, value: 0 },
        ],
      },
      {
        run: { group: 'alibi' },
        lengths: [
          { length: 8, value: 1 },
          { length: 16, value: 0 },
        ],
      },
      {
        run: { group: 'none' },
        lengths: [
          { length: 8, value: 0.5 },
          { length: 16, value: 0 },
        ],
      },
    ];
    const ts = summarySentence(s, lengthTable(s, tie));
    assert.equal(ts.key, 'summaryTie');
    assert.deepEqual(ts.vars.best0All, ['rope', 'alibi']);
    assert.deepEqual(ts.vars.best1All, ['rope', 'alibi', 'none']);
    tie[2].lengths[1].value = 0.25;
    const ts2 = summarySentence(s, lengthTable(s, tie));
    assert.equal(ts2.key, 'summary');
    assert.deepEqual(ts2.vars.best1All, ['none']);
    assert.equal(
      summarySentence({ task: 'recall' }, lengthTable({ task: 'recall' }, tie.slice(0, 2))).key,
      'summaryDistanceTie',
    );
    // one group alone past the training length ('learned' has no positions there): no ranking
    const alone = [
      {
        run: { group: 'rope' },
        lengths: [
          { length: 8, value: 1 },
          { length: 16, value: 0 },
        ],
      },
      {
        run: { group: 'learned' },
        lengths: [
          { length: 8, value: 1 },
          { length: 16, value: null },
        ],
      },
    ];
    const as = summarySentence(s, lengthTable(s, alone));
    assert.equal(as.key, 'summaryAlone');
    assert.deepEqual(as.vars.best1All, ['rope']);
    assert.deepEqual(as.vars.missing, ['learned']);
  });
  it("the attention view reads a sentence as a trained model's ids", () => {
    // a character model: the corpus's characters, sorted by code point, are its ids
    const chars = [...new Set(sl.corpus)].sort((a, b) => a.codePointAt(0) - b.codePointAt(0));
    const c = tokensToIds(['the', 'cat'], chars.length, chars);
    assert.equal(c.how, 'characters');
    assert.deepEqual(
      c.ids,
      [...'the cat'].map((x) => chars.indexOf(x)),
    );
    const first = sl.makeTask('text', { batch: 1, minLen: 8, maxLen: 8, seed: 3 });
    assert.equal(first.vocab, chars.length);
    // any other model: distinct words take ids in order of first appearance, modulo the vocabulary
    const w = tokensToIds(['a', 'b', 'a', 'c', 'd'], 3, chars);
    assert.equal(w.how, 'words');
    assert.deepEqual(w.ids, [0, 1, 0, 2, 0]);
  });
});

// A run that throws: it ends as failed, its model is freed, the other runs go on and the whole
// ends as finished (the runner's main-thread path and the worker's side, both driven here); the
// custom settings are checked before anything trains.
describe('train widget: runs that fail', () => {
  const custom = (over) => ({ ...presetSettings('custom', { quick: true }), steps: 5, ...over });
  // induction rows of 1 token cannot be made: the length test after training throws
  const inductionShortTest = () =>
    custom({ task: 'induction', encodings: ['rope', 'alibi'], minLen: 2, testLengths: [1, 8], symbols: 32 });
  // randomized positions need positionRange ≥ T (129 for copy rows of 64): its first batch throws
  const randTooShort = () => custom({ encodings: ['rope+rand', 'rope'], minLen: 60, maxLen: 64, testLengths: [64] });
  const heap = () => sl.memoryStats().heapInUse;

  /** Trains settings s with the main-thread runner; resolves with its events once finished. */
  function runMain(s, timeout = 60000) {
    return new Promise((resolve, reject) => {
      const events = [];
      // nothing else keeps Node alive while the slices wait on their MessageChannel
      const alive = setInterval(() => {}, 1000);
      const timer = setTimeout(() => {
        clearInterval(alive);
        reject(
          new Error(`not finished in ${timeout} ms: ${JSON.stringify(events.filter((e) => e.type !== 'progress'))}`),
        );
      }, timeout);
      const runner = new Runner({
        sl,
        forceMain: true,
        onEvent: (ev) => {
          if (ev.type !== 'view') events.push(ev);
          if (ev.type === 'finished') {
            clearTimeout(timer);
            clearInterval(alive);
            resolve({ runner, events });
          }
        },
      });
      runner.start(s);
    });
  }

  it('main thread: a run that throws after training ends as failed, the others too, and the runner finishes', async () => {
    const before = heap();
    const { runner, events } = await runMain(inductionShortTest());
    assert.equal(runner.state, 'finished');
    const failed = events.filter((e) => e.type === 'failed');
    assert.deepEqual(
      failed.map((e) => e.id),
      [0, 1],
    );
    for (const r of runner.runs) {
      assert.match(r.error, /minLen/);
      assert.equal(r.steps, 5, 'it trained before the length test threw');
      assert.equal(r.bytes, null);
    }
    assert.equal(runner.failed.length, 2);
    assert.equal(heap(), before, 'the failed runs left no model behind');
  });

  it('main thread: a run that fails at its start is skipped; the next run trains and keeps its model', async () => {
    const before = heap();
    const { runner } = await runMain(randTooShort());
    assert.equal(runner.state, 'finished');
    const [bad, good] = runner.runs;
    assert.match(bad.error, /positionRange/);
    assert.equal(good.error, null);
    assert.ok(good.done && good.bytes instanceof Uint8Array && good.bytes.length > 0);
    assert.equal(good.steps, 5);
    const m = sl.loadModel(good.bytes);
    assert.equal(m.config.posenc, 'rope');
    m.dispose();
    assert.equal(heap(), before);
  });

  it("the worker's side: a run that throws posts its error with its id, frees its model, and takes the next run", async () => {
    const before = heap();
    const posted = [];
    const scope = { postMessage: (m) => posted.push(m) };
    workerMain(scope);
    const until = async (ok) => {
      for (let i = 0; i < 6000 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
      assert.ok(ok(), JSON.stringify(posted.filter((m) => m.type !== 'progress' && m.type !== 'view')));
    };
    await until(() => posted.some((m) => m.type === 'ready'));
    const runs = planRuns(inductionShortTest());
    const send = (run) => scope.onmessage({ data: { type: 'run', run, tokens: null, reportEvery: 5, viewEvery: 50 } });
    await send(runs[0]);
    await until(() => posted.some((m) => m.type === 'error'));
    const err = posted.find((m) => m.type === 'error');
    assert.equal(err.id, 0);
    assert.match(err.message, /minLen/);
    assert.equal(heap(), before, "the worker's failed run left no model behind");
    // the same worker trains the next run to the end
    const ok = planRuns(custom({ encodings: ['rope'] }))[0];
    await send(ok);
    await until(() => posted.some((m) => m.type === 'done'));
    assert.ok(posted.find((m) => m.type === 'done').bytes.length > 0);
    // and one that cannot even start (its first batch throws) is reported with its id too
    await send(planRuns(randTooShort())[0]);
    await until(() => posted.filter((m) => m.type === 'error').length === 2);
    assert.equal(posted.filter((m) => m.type === 'error')[1].id, 0);
    assert.equal(heap(), before);
  });

  it('openRun frees the model when the TrainingRun constructor throws after making it', () => {
    // evalBatch 0: the held-out batch, made after the model, is refused
    const [run] = planRuns(custom({ encodings: ['rope'], evalBatch: 0 }));
    const before = heap();
    assert.throws(() => openRun(sl, run), /batch/);
    assert.equal(heap(), before);
  });

  it('checkRuns refuses settings a run would fail on before anything trains, and leaves nothing allocated', () => {
    const before = heap();
    const induction = custom({ task: 'induction', encodings: ['rope'], symbols: 32 });
    assert.match(checkRuns(sl, { ...induction, minLen: 1 }).message, /minLen must be at least 2/);
    assert.match(checkRuns(sl, { ...induction, minLen: 2, testLengths: [1, 8] }).message, /minLen/);
    assert.equal(checkRuns(sl, { ...induction, minLen: 2, testLengths: [2, 8] }), null);
    assert.equal(checkRuns(sl, randTooShort()).group, 'rope+rand');
    for (const p of PRESETS) assert.equal(checkRuns(sl, presetSettings(p, { quick: true })), null, p);
    assert.equal(heap(), before);
  });
});

// What a class needs of the lab: the run it looks at, a sequence box that says what it did, and
// charts that name their metric and baseline.
describe('train widget: the run picker, the sequence box and the charts', () => {
  it('the sequence box keeps the ids and characters a model has, and names the others and why', () => {
    const copy = presetSettings('copy-lengths', { quick: true });
    const vocab = vocabularyOf(sl, copy);
    assert.equal(vocab, 11);
    const p = parseSequence('1 99 100 5', { task: 'copy', vocab });
    assert.deepEqual(p.ids, [1, 5]);
    assert.deepEqual(p.dropped, [
      { token: '99', why: 'vocabulary' },
      { token: '100', why: 'vocabulary' },
    ]);
    assert.equal(p.fallback, false);
    // no valid token at all: a held-out row, and the view says so
    const none = parseSequence('HELLO WORLD', { task: 'copy', vocab });
    assert.equal(none.ids, null);
    assert.equal(none.fallback, true);
    assert.equal(none.dropped.length, 2);
    // an empty box is no fall-back: it asks for the held-out row
    assert.deepEqual(parseSequence('  ', { task: 'copy', vocab }), {
      ids: null,
      dropped: [],
      fallback: false,
      empty: true,
    });
    // the text task reads characters of its corpus
    const lm = presetSettings('lm-lengths', { quick: true });
    const chars = vocabularyLabels(sl, lm);
    const t = parseSequence('he\u{1F600}', { task: 'text', vocab: chars.length, chars });
    assert.deepEqual(t.ids, [chars.indexOf('h'), chars.indexOf('e')]);
    assert.deepEqual(t.dropped, [{ token: '\u{1F600}', why: 'vocabulary' }]);
    // past the model's positions: what the view did not use
    assert.deepEqual(positionsDropped([3, 4, 5, 6], [3, 4], ['a', 'b', 'c', 'd', 'e', 'f', 'g']), [
      { token: 'f', why: 'positions' },
      { token: 'g', why: 'positions' },
    ]);
    assert.deepEqual(positionsDropped([3, 4], [3, 4]), []);
  });

  it('tokens are named: BOS, SEP and PAD of copy, BOS and PAD of induction, the characters of text', () => {
    const copy = vocabularyLabels(sl, presetSettings('copy-lengths', { quick: true }));
    assert.deepEqual(copy.slice(0, 4), ['PAD', 'BOS', 'SEP', '3']);
    assert.equal(copy.length, 11);
    const ind = vocabularyLabels(sl, presetSettings('induction', { quick: true }));
    assert.deepEqual(ind.slice(0, 4), ['PAD', 'BOS', '2', '3']);
    assert.deepEqual(vocabularyLabels(sl, presetSettings('rnn-memory', { quick: true }), 3), ['0', '1', 'pad']);
  });

  it('the run shown by default is the best finished run of the group the sentence names best', () => {
    const s = { ...presetSettings('copy-lengths', { quick: true }), seeds: 2 };
    const run = (id, group, seed) => ({ id, group, seed, n: null });
    const rec = (id, group, seed, at16, done = true) => ({
      run: run(id, group, seed),
      done,
      lengths: done
        ? [
            { length: 8, value: 1 },
            { length: 16, value: at16 },
          ]
        : null,
    });
    // nothing finished: the first run
    assert.equal(defaultRun(s, [rec(0, 'rope', 1, 0, false), rec(1, 'rope', 2, 0, false)]), 0);
    assert.equal(defaultRun(s, []), null);
    const runs = [
      rec(0, 'rope', 1, 0.2),
      rec(1, 'rope', 2, 0.1),
      rec(2, 'rope+rand', 1, 0.5),
      rec(3, 'rope+rand', 2, 0.7),
    ];
    const table = lengthTable(
      s,
      runs.map((r) => ({ run: r.run, lengths: r.lengths })),
    );
    assert.equal(summarySentence(s, table).vars.best1, 'rope+rand');
    assert.equal(defaultRun(s, runs), 3);
    // every group tied at the longest length (all 0): the best at the training length is shown
    const tied = [
      {
        run: run(0, 'none', 1),
        done: true,
        lengths: [
          { length: 8, value: 0.4 },
          { length: 16, value: 0 },
        ],
      },
      {
        run: run(1, 'rope', 1),
        done: true,
        lengths: [
          { length: 8, value: 0.9 },
          { length: 16, value: 0 },
        ],
      },
      {
        run: run(2, 'alibi', 1),
        done: true,
        lengths: [
          { length: 8, value: 0.7 },
          { length: 16, value: 0 },
        ],
      },
    ];
    assert.equal(defaultRun(s, tied), 1);
    // a run still training is not picked; loss: the lowest is best
    const lm = presetSettings('lm-lengths', { quick: true });
    const lmRuns = [
      {
        run: run(0, 'alibi', 1),
        done: true,
        lengths: [
          { length: 16, value: 2 },
          { length: 32, value: 2.5 },
        ],
      },
      {
        run: run(1, 'alibi', 2),
        done: true,
        lengths: [
          { length: 16, value: 2 },
          { length: 32, value: 2.2 },
        ],
      },
      {
        run: run(2, 'rope', 1),
        done: true,
        lengths: [
          { length: 16, value: 1.9 },
          { length: 32, value: 3 },
        ],
      },
      { run: run(3, 'alibi', 3), done: false, lengths: null },
    ];
    assert.equal(defaultRun(lm, lmRuns), 1);
  });

  it('axis titles name the metric, distances are the distance trained at, recall has its chance line', () => {
    assert.deepEqual(lengthAxes(presetSettings('lm-lengths')), {
      x: 'test length',
      y: 'loss per token, nats',
      chance: null,
    });
    assert.deepEqual(lengthAxes(presetSettings('copy-lengths')), { x: 'test length', y: 'exact match', chance: null });
    assert.deepEqual(lengthAxes(presetSettings('rnn-memory')), {
      x: 'distance trained at',
      y: 'accuracy',
      chance: 0.5,
    });
  });

  it('each preset has its own "try" line of the notice, in English and Persian', () => {
    const keys = PRESETS.map(noticeTryKey);
    assert.equal(new Set(keys).size, PRESETS.length);
    for (const k of keys) {
      assert.ok(trainText.en[k], k);
      assert.ok(trainText.fa[k], k);
    }
    assert.match(trainText.en[noticeTryKey('induction')], /induction head/);
    assert.doesNotMatch(trainText.en[noticeTryKey('induction')], /lm-lengths/);
    assert.match(trainText.en[noticeTryKey('rnn-memory')], /LSTM/);
  });

  it("a finished run's view comes from its saved model, with its heads' scores beside a uniform head's", () => {
    const s = { ...presetSettings('induction', { quick: true }), steps: 20 };
    const run = planRuns(s)[0];
    const tr = new TrainingRun(sl, run);
    tr.step(20);
    const live = tr.attention(tr.sampleTokens());
    const bytes = tr.model.save();
    const report = tr.result().induction;
    tr.dispose();
    const before = sl.memoryStats().heapInUse;
    const v = viewFromBytes(sl, run, bytes, null);
    // the same model, the same held-out row: the same attention and scores
    assert.deepEqual(Array.from(v.weights), Array.from(live.weights));
    assert.deepEqual(v.scores, live.scores);
    assert.ok(Math.abs(v.uniform - report.uniform) < 1e-12, `${v.uniform} vs ${report.uniform}`);
    // on the reader's tokens, and the loaded model freed again
    const mine = viewFromBytes(sl, run, bytes, [1, 5, 6, 7, 5, 6, 7]);
    assert.deepEqual(mine.tokens, [1, 5, 6, 7, 5, 6, 7]);
    assert.equal(sl.memoryStats().heapInUse, before);
    // a recurrent run has no attention
    const rs = presetSettings('rnn-memory', { quick: true });
    assert.equal(viewFromBytes(sl, planRuns(rs)[0], bytes, null), null);
  });
});
