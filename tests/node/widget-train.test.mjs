// widget-train.test.mjs — the model of <seqlab-train>, driven on this thread: quick presets train a
// few hundred steps and the loss falls; the same seed gives the same curve; the curves and the
// length-chart table are well-formed; the summary sentence follows the numbers (checked against a
// table made up here, where the answer is known).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import {
  lengthTable,
  planRuns,
  presetSettings,
  PRESETS,
  summarySentence,
  trainAll,
  TrainingRun,
} from '../../web/src/widgets/train/model.js';
import { tokensToIds } from '../../web/src/widgets/attention/trained.js';
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
    assert.equal(planRuns(m).length, 3 * m.testLengths.length * m.seeds);
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

  it('rnn-memory (quick): recurrent runs train and give accuracy per distance', () => {
    const s = { ...presetSettings('rnn-memory', { quick: true }), steps: 60 };
    const r = trainAll(sl, s);
    assert.deepEqual([...new Set(r.table.map((x) => x.group))], ['rnn', 'lstm', 'gru']);
    for (const row of r.table) assert.ok(row.mean >= 0 && row.mean <= 1);
    for (const c of r.curves) assert.equal(c.gradNorms.length, 60);
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
