// tasks.test.mjs — sl.makeTask: the exact format of every task, determinism from the seed, lengths
// and padding, every target against its definition, the built-in corpus, and bad input.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { assertSeqlabError, loadSeqlab, rng, SeqlabError } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

const row = (a, b, T) => Array.from(a.subarray(b * T, (b + 1) * T));
const TASKS = ['copy', 'reverse', 'parity', 'induction', 'text', 'recall'];

describe('formats, exactly', () => {
  // seed 5, batch 2, lengths 2..4: the same arrays natively (tests/c/test_tasks.c) and here
  it('copy: [BOS] x1..xn [SEP] x1..xn, tokens and next-token targets, loss on the second half', () => {
    const r = sl.makeTask('copy', { batch: 2, minLen: 2, maxLen: 4, seed: 5 });
    assert.deepEqual([r.T, r.vocab, r.batch], [9, 11, 2]);
    assert.deepEqual(Array.from(r.meta.lengths), [3, 2]);
    assert.deepEqual(Array.from(r.tokens), [1, 9, 4, 3, 2, 9, 4, 3, 0, 1, 6, 10, 2, 6, 10, 0, 0, 0]);
    assert.deepEqual(Array.from(r.targets), [9, 4, 3, 2, 9, 4, 3, 0, 0, 6, 10, 2, 6, 10, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(r.lossMask), [0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    assert.deepEqual(r.meta, {
      task: 'copy',
      pad: 0,
      bos: 1,
      sep: 2,
      firstSymbol: 3,
      symbols: 8,
      lengths: r.meta.lengths,
    });
  });
  it('reverse: the second half is x_n..x_1', () => {
    const r = sl.makeTask('reverse', { batch: 2, minLen: 2, maxLen: 4, seed: 5 });
    assert.deepEqual(Array.from(r.tokens), [1, 9, 4, 3, 2, 3, 4, 9, 0, 1, 6, 10, 2, 10, 6, 0, 0, 0]);
    assert.deepEqual(Array.from(r.targets), [9, 4, 3, 2, 3, 4, 9, 0, 0, 6, 10, 2, 10, 6, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(r.lossMask), [0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
  });
  it('induction: [BOS] x1..xn x1..xn, loss on x2..xn of the repetition', () => {
    const r = sl.makeTask('induction', { batch: 2, minLen: 2, maxLen: 4, seed: 5 });
    assert.deepEqual([r.T, r.vocab], [8, 11]);
    assert.deepEqual(Array.from(r.tokens), [1, 9, 4, 3, 9, 4, 3, 0, 1, 6, 10, 6, 10, 0, 0, 0]);
    assert.deepEqual(Array.from(r.targets), [9, 4, 3, 9, 4, 3, 0, 0, 6, 10, 6, 10, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(r.lossMask), [0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    assert.equal(r.meta.sep, null);
  });
  it('parity: bits, the running parity as target, padding id 2', () => {
    const r = sl.makeTask('parity', { batch: 2, minLen: 2, maxLen: 4, seed: 5 });
    assert.deepEqual([r.T, r.vocab], [4, 3]);
    assert.deepEqual(Array.from(r.tokens), [1, 0, 0, 2, 0, 1, 2, 2]);
    assert.deepEqual(Array.from(r.targets), [1, 1, 1, 2, 0, 1, 2, 2]);
    assert.deepEqual(Array.from(r.lossMask), [1, 1, 1, 0, 1, 1, 0, 0]);
    const f = sl.makeTask('parity', { batch: 2, minLen: 2, maxLen: 4, seed: 5, finalOnly: true });
    assert.deepEqual(Array.from(f.tokens), Array.from(r.tokens));
    assert.deepEqual(Array.from(f.lossMask), [0, 0, 1, 0, 0, 1, 0, 0]);
  });
  it('text: windows of the corpus, character ids, next-character targets', () => {
    const r = sl.makeTask('text', { batch: 2, minLen: 2, maxLen: 4, seed: 5 });
    assert.deepEqual([r.T, r.vocab], [4, 35]);
    assert.deepEqual(Array.from(r.tokens), [16, 13, 26, 0, 26, 12, 0, 0]);
    assert.deepEqual(Array.from(r.targets), [13, 26, 27, 0, 12, 5, 0, 0]);
    assert.deepEqual(Array.from(r.lossMask), [1, 1, 1, 0, 1, 1, 0, 0]);
    assert.equal(r.meta.source, 'corpus');
  });
});

describe('every target follows its definition', () => {
  const opts = { batch: 64, minLen: 1, maxLen: 12, seed: 2024 };
  it('copy and reverse: second half = first half (reversed), padding masked', () => {
    for (const name of ['copy', 'reverse']) {
      const r = sl.makeTask(name, { ...opts, symbols: 5 });
      assert.equal(r.T, 2 * 12 + 1);
      for (let b = 0; b < r.batch; b++) {
        const n = r.meta.lengths[b],
          tok = row(r.tokens, b, r.T),
          tgt = row(r.targets, b, r.T),
          m = row(r.lossMask, b, r.T);
        const x = tok.slice(1, n + 1);
        assert.ok(
          x.every((v) => v >= 3 && v < 8),
          'symbols in range',
        );
        const half = name === 'copy' ? x : [...x].reverse();
        // tokens are entries 0..T−1 of the whole row (so x_n of the second half is an input too,
        // with the padding id as its uncounted target, except when n = maxLen)
        assert.deepEqual(tok, [1, ...x, 2, ...half, ...Array(r.T).fill(0)].slice(0, r.T));
        for (let p = 0; p < r.T - 1; p++) assert.equal(tgt[p], tok[p + 1], 'targets are the next tokens');
        assert.deepEqual(tgt.slice(n + 1, 2 * n + 1), half);
        assert.deepEqual(
          m,
          tok.map((_, p) => (p >= n + 1 && p <= 2 * n ? 1 : 0)),
        );
      }
    }
  });
  it('induction: the repetition equals the first half; x1 of the repetition not counted', () => {
    const r = sl.makeTask('induction', { ...opts, minLen: 2 });
    for (let b = 0; b < r.batch; b++) {
      const n = r.meta.lengths[b],
        tok = row(r.tokens, b, r.T),
        tgt = row(r.targets, b, r.T),
        m = row(r.lossMask, b, r.T);
      assert.deepEqual(tgt.slice(n, 2 * n), tok.slice(1, n + 1));
      assert.equal(
        m.reduce((s, v) => s + v, 0),
        n - 1,
      );
      for (let p = 0; p < r.T; p++)
        if (m[p])
          assert.equal(
            tgt[p],
            tok[p - n + 1],
            'a counted target repeats the token after the earlier copy of the input',
          );
      assert.deepEqual(tok, [1, ...tok.slice(1, n + 1), ...tok.slice(1, n + 1), ...Array(r.T).fill(0)].slice(0, r.T));
      assert.ok(tgt.slice(2 * n).every((v) => v === 0));
    }
  });
  it('parity: the running xor at every counted position; only the last with finalOnly', () => {
    for (const finalOnly of [false, true]) {
      const r = sl.makeTask('parity', { ...opts, finalOnly });
      for (let b = 0; b < r.batch; b++) {
        const n = r.meta.lengths[b],
          tok = row(r.tokens, b, r.T),
          tgt = row(r.targets, b, r.T),
          m = row(r.lossMask, b, r.T);
        let x = 0;
        for (let p = 0; p < n; p++) {
          assert.ok(tok[p] === 0 || tok[p] === 1);
          x ^= tok[p];
          assert.equal(tgt[p], x);
          assert.equal(m[p], !finalOnly || p === n - 1 ? 1 : 0);
        }
        for (let p = n; p < r.T; p++) assert.deepEqual([tok[p], tgt[p], m[p]], [2, 2, 0]);
      }
    }
  });
  it("recall: parity's bits with the same seed, one counted target — the first bit, at the last", () => {
    const r = sl.makeTask('recall', opts);
    const p = sl.makeTask('parity', opts);
    assert.deepEqual(r.tokens, p.tokens);
    assert.deepEqual(r.meta.lengths, p.meta.lengths);
    assert.equal(r.vocab, 3);
    for (let b = 0; b < r.batch; b++) {
      const n = r.meta.lengths[b],
        tok = row(r.tokens, b, r.T),
        tgt = row(r.targets, b, r.T),
        m = row(r.lossMask, b, r.T);
      for (let q = 0; q < r.T; q++) {
        assert.equal(m[q], q === n - 1 ? 1 : 0, `row ${b} position ${q}`);
        assert.equal(tgt[q], q === n - 1 ? tok[0] : 2);
      }
    }
  });
  it('text: every row is a window of the corpus; given text uses its own table', () => {
    const r = sl.makeTask('text', { ...opts, maxLen: 40 });
    for (let b = 0; b < r.batch; b++) {
      const n = r.meta.lengths[b],
        tok = row(r.tokens, b, r.T),
        tgt = row(r.targets, b, r.T);
      const s =
        tok
          .slice(0, n)
          .map((i) => r.meta.chars[i])
          .join('') + r.meta.chars[tgt[n - 1]];
      assert.ok(sl.corpus.includes(s), JSON.stringify(s));
      for (let p = 0; p < n - 1; p++) assert.equal(tgt[p], tok[p + 1]);
      assert.deepEqual(
        row(r.lossMask, b, r.T),
        tok.map((_, p) => (p < n ? 1 : 0)),
      );
    }
    const t = sl.makeTask('text', { batch: 3, maxLen: 5, minLen: 5, text: 'ab€ab€ab€', seed: 1 });
    assert.deepEqual(t.meta.chars, ['a', 'b', '€']);
    assert.equal(t.vocab, 3);
    assert.equal(t.meta.source, 'text');
    for (let b = 0; b < 3; b++)
      assert.ok(
        'ab€ab€ab€'.includes(
          row(t.tokens, b, 5)
            .map((i) => t.meta.chars[i])
            .join(''),
        ),
      );
  });
  it('lengths cover [minLen, maxLen] and nothing else', () => {
    for (const name of TASKS) {
      const r = sl.makeTask(name, { batch: 400, minLen: 3, maxLen: 6, seed: 9 });
      const seen = new Set(r.meta.lengths);
      assert.deepEqual([...seen].sort(), [3, 4, 5, 6], name);
    }
  });
});

describe('seeds', () => {
  it('the same seed gives the same batch, another seed another batch', () => {
    for (const name of TASKS) {
      const o = { batch: 8, minLen: 4, maxLen: 10 };
      const a = sl.makeTask(name, { ...o, seed: 77 }),
        b = sl.makeTask(name, { ...o, seed: 77 }),
        c = sl.makeTask(name, { ...o, seed: 78 });
      assert.deepEqual(
        [a.tokens, a.targets, a.lossMask, a.meta.lengths],
        [b.tokens, b.targets, b.lossMask, b.meta.lengths],
        name,
      );
      assert.notDeepEqual(a.tokens, c.tokens, name);
    }
  });
  it('seeds up to 2^32 − 1 are accepted and distinct', () => {
    const a = sl.makeTask('copy', { batch: 4, maxLen: 8, seed: 2 ** 32 - 1 }),
      b = sl.makeTask('copy', { batch: 4, maxLen: 8, seed: 2 ** 31 - 1 });
    assert.notDeepEqual(a.tokens, b.tokens);
  });
});

describe('the built-in corpus', () => {
  it('is at least 100,000 characters of 35 distinct ones', () => {
    assert.ok(sl.corpus.length >= 100000 && sl.corpus.length <= 200000, String(sl.corpus.length));
    const r = sl.makeTask('text', { batch: 1, maxLen: 8 });
    assert.deepEqual(r.meta.chars.join(''), "\n !',.:;?abcdefghijklmnopqrstuvwxyz");
    assert.ok(sl.corpus.startsWith('in the beginning god created the heaven and the earth.\n'));
  });
});

describe('bad input', () => {
  const cases = [
    [
      'unknown task',
      () => sl.makeTask('sort', { batch: 1, maxLen: 4 }),
      /makeTask: name must be one of 'copy', 'reverse', 'parity', 'induction', 'text', 'recall', got "sort"/,
      'ARG',
    ],
    [
      'minLen > maxLen',
      () => sl.makeTask('copy', { batch: 1, minLen: 5, maxLen: 4 }),
      /minLen must be at most 4/,
      'LIMIT',
    ],
    [
      'induction minLen 1',
      () => sl.makeTask('induction', { batch: 1, minLen: 1, maxLen: 4 }),
      /minLen must be at least 2/,
      'SIZE',
    ],
    [
      'maxLen past the limit',
      () => sl.makeTask('copy', { batch: 1, maxLen: 4096 }),
      /maxLen must be at most 4095/,
      'LIMIT',
    ],
    [
      'batch·T past the limit',
      () => sl.makeTask('parity', { batch: 8192, maxLen: 8192 }),
      /tokens \(batch×T\) would hold 67108864 elements/,
      'LIMIT',
    ],
    ['batch 0', () => sl.makeTask('copy', { batch: 0, maxLen: 4 }), /batch must be at least 1/, 'SIZE'],
    ['empty text', () => sl.makeTask('text', { batch: 1, maxLen: 4, text: '' }), /text must not be empty/, 'SIZE'],
    [
      'short text',
      () => sl.makeTask('text', { batch: 1, maxLen: 4, text: 'abcd' }),
      /text has 4 characters, too few for maxLen = 4/,
      'SIZE',
    ],
    [
      'text not a string',
      () => sl.makeTask('text', { batch: 1, maxLen: 4, text: [1, 2] }),
      /text must be a string/,
      'ARG',
    ],
    [
      'non-integer seed',
      () => sl.makeTask('copy', { batch: 1, maxLen: 4, seed: 1.5 }),
      /seed must be an integer, got 1.5/,
      'ARG',
    ],
    ['negative seed', () => sl.makeTask('copy', { batch: 1, maxLen: 4, seed: -1 }), /seed must be at least 0/, 'SIZE'],
    [
      'seed past 2^32',
      () => sl.makeTask('copy', { batch: 1, maxLen: 4, seed: 2 ** 32 }),
      /seed must be at most 4294967295/,
      'LIMIT',
    ],
    [
      'finalOnly on copy',
      () => sl.makeTask('copy', { batch: 1, maxLen: 4, finalOnly: true }),
      /unknown option 'finalOnly'/,
      'ARG',
    ],
    ['symbols 0', () => sl.makeTask('copy', { batch: 1, maxLen: 4, symbols: 0 }), /symbols must be at least 1/, 'SIZE'],
    ['no options', () => sl.makeTask('copy'), /expected an options object/, 'ARG'],
    ['missing maxLen', () => sl.makeTask('copy', { batch: 1 }), /maxLen is required/, 'ARG'],
  ];
  for (const [what, fn, pattern, code] of cases) {
    it(what, () => {
      const e = assertSeqlabError(fn, SeqlabError, pattern);
      assert.equal(e.code, code);
    });
  }
  it('leaves the module usable and leaks nothing', () => {
    const before = sl.memoryStats().heapInUse;
    for (const [, fn] of cases) assert.throws(fn);
    for (const name of TASKS) sl.makeTask(name, { batch: 3, maxLen: 5, seed: 3 });
    assert.equal(sl.memoryStats().heapInUse, before);
  });
});

describe('hostile options', () => {
  it('3,000 randomized calls either return a valid batch or throw a SeqlabError, and leak nothing', () => {
    const g = rng(31);
    const pick = (xs) => xs[Math.floor(g.uniform() * xs.length)];
    const values = [
      0,
      1,
      2,
      3,
      7,
      -1,
      1.5,
      NaN,
      Infinity,
      2 ** 31,
      2 ** 32,
      4095,
      4096,
      8192,
      8193,
      '4',
      null,
      undefined,
      true,
      [],
      {},
      '',
    ];
    const keys = ['batch', 'minLen', 'maxLen', 'seed', 'symbols', 'finalOnly', 'text', 'bogus'];
    const before = sl.memoryStats().heapInUse;
    let returned = 0;
    for (let i = 0; i < 3000; i++) {
      const name = pick([...TASKS, 'nope', 3, undefined]);
      const o = { batch: 1 + Math.floor(g.uniform() * 4), maxLen: 1 + Math.floor(g.uniform() * 6) };
      for (let k = 0; k < 2; k++) o[pick(keys)] = pick(values.concat(['abcabcabcabc', 'x']));
      try {
        const r = sl.makeTask(name, o);
        returned++;
        assert.equal(r.tokens.length, r.batch * r.T);
        for (let j = 0; j < r.tokens.length; j++)
          assert.ok(r.tokens[j] >= 0 && r.tokens[j] < r.vocab && r.targets[j] >= 0 && r.targets[j] < r.vocab);
      } catch (e) {
        if (!(e instanceof SeqlabError))
          throw new Error(`makeTask(${String(name)}, ${JSON.stringify(o)}) threw ${e}`, { cause: e });
      }
    }
    assert.ok(returned > 50, `${returned} calls returned`); // most mutations are refused; enough are not
    assert.equal(sl.memoryStats().heapInUse, before);
  });
});
