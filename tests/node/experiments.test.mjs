// experiments.test.mjs — every headless experiment runs in its quick variant with one seed
// (`./build.sh experiment NAME --quick --seeds 1`, programmatically) and writes well-formed output:
// results.csv / summary.csv with a header and rows of equal width, every number finite, 'n/a' only
// where a measurement does not apply, results.json consistent with them, and the printed table.
// No thresholds on the outcomes: what a model learns in a quick run says nothing.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { writeExperiment } from '../../bench/experiments/run.mjs';
import { cell, dropStep, EXPERIMENTS, inductionScores, runExperiment, spread } from '../../wasm/experiments.mjs';
import { loadSeqlab } from './helpers.mjs';

let sl;
const root = mkdtempSync(join(tmpdir(), 'seqlab-experiments-'));
const results = {};
before(async () => {
  sl = await loadSeqlab();
});
after(() => rmSync(root, { recursive: true, force: true }));

function parseCsv(text) {
  const lines = text.trimEnd().split('\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

describe('experiments, quick variant, one seed', () => {
  for (const name of EXPERIMENTS) {
    it(name, { timeout: 120_000 }, async () => {
      const out = join(root, name);
      const printed = [];
      const { dir, result } = await writeExperiment(name, {
        quick: true,
        seeds: 1,
        out,
        log: (s) => printed.push(s),
        sl,
      });
      assert.equal(dir, out);
      results[name] = result;
      for (const f of ['results.csv', 'summary.csv', 'results.json'])
        assert.ok(existsSync(join(dir, f)), `${f} written`);

      const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
      assert.equal(json.name, name);
      assert.deepEqual(json.seeds, [1]);
      assert.ok(json.records.length > 0, 'records');
      assert.ok(json.metrics.length > 0 && json.keys.length > 0, 'keys and metrics');
      let applicable = 0;
      for (const r of json.records) {
        assert.equal(r.seed, 1);
        for (const m of json.metrics) {
          assert.ok(m in r, `record has ${m}`);
          if (r[m] === null) continue; // n/a: does not apply (e.g. past a learned table)
          assert.ok(Number.isFinite(r[m]), `${name}: ${m} = ${r[m]} is finite`);
          applicable++;
        }
      }
      assert.ok(applicable > 0, 'some measurement applies');

      const raw = parseCsv(readFileSync(join(dir, 'results.csv'), 'utf8'));
      assert.deepEqual(raw.header, [...json.keys, 'seed', ...json.metrics]);
      assert.equal(raw.rows.length, json.records.length);
      raw.rows.forEach((row, i) => {
        assert.equal(row.length, raw.header.length, `results.csv row ${i + 1} width`);
        json.metrics.forEach((m, k) => {
          const v = row[json.keys.length + 1 + k];
          const want = json.records[i][m];
          if (want === null) assert.equal(v, 'n/a');
          else assert.equal(Number(v), want);
        });
      });
      const sum = parseCsv(readFileSync(join(dir, 'summary.csv'), 'utf8'));
      assert.equal(sum.rows.length, json.summary.length);
      for (const row of sum.rows) {
        assert.equal(row.length, sum.header.length);
        for (const v of row.slice(json.keys.length))
          assert.ok(v === 'n/a' || Number.isFinite(Number(v)), `summary value ${v}`);
      }

      // the printed table: the header, one line per summary row, the seeds named
      const text = printed.join('\n');
      assert.match(text, /seeds 1;/);
      assert.ok(text.includes(result.table));
      assert.equal(result.table.split('\n').length, 2 + json.summary.length);
      for (const row of json.summary)
        assert.ok(result.table.includes(String(row[json.keys[0]])), `table row ${row[json.keys[0]]}`);
    });
  }

  it('lm-lengths reports learned positions past the training context as n/a, not a number', () => {
    const result = results['lm-lengths'];
    assert.ok(result, 'lm-lengths ran above');
    const learned = result.records.find((r) => r.posenc === 'learned');
    const rope = result.records.find((r) => r.posenc === 'rope');
    assert.ok(Number.isFinite(learned['loss@1x']));
    assert.equal(learned['loss@2x'], null);
    assert.ok(Number.isFinite(rope['loss@2x']));
  });

  it('bad arguments are refused with a clear message', async () => {
    await assert.rejects(writeExperiment('nope', { sl }), /unknown experiment 'nope'/);
    await assert.rejects(writeExperiment('induction', { seeds: 0, sl }), /seeds must be a positive integer/);
    assert.throws(() => runExperiment(sl, 'toString'), /unknown experiment 'toString'/);
    assert.throws(() => runExperiment(sl, 'induction', { seeds: 1.5 }), /seeds must be a positive integer/);
    assert.throws(() => runExperiment(sl, 'induction', { seeds: [1, -2] }), /a list of seeds/);
  });
});

describe('the measures the experiments report', () => {
  it('inductionScores: 1 for a head that attends to the token after the previous occurrence, 0 for one that does not', () => {
    // one row: [BOS] 5 6 7 5 6 7; queries 4, 5, 6 (repeat) see their token once before, at 1, 2, 3
    const tokens = Int32Array.from([1, 5, 6, 7, 5, 6, 7]),
      T = 7,
      heads = 2;
    const att = new Float32Array(heads * T * T);
    for (let i = 0; i < T; i++) {
      // head 0: key i − 2 = previous occurrence + 1 in the repeat
      att[(0 * T + i) * T + Math.min(i, i >= 4 ? i - 2 : i)] = 1;
      att[(1 * T + i) * T + i] = 1; // head 1: itself
    }
    assert.deepEqual(inductionScores(tokens, att, { layers: 1, batch: 1, heads, T }), [1, 0]);
    // a mask that counts nothing leaves no query: no score rather than a made-up one
    assert.deepEqual(inductionScores(tokens, att, { layers: 1, batch: 1, heads, T, mask: new Uint8Array(T) }), [
      null,
      null,
    ]);
  });

  it('dropStep: the step of a sharp drop; null without one', () => {
    const losses = Array.from({ length: 200 }, (_, s) => (s < 120 ? 3 : 0.5));
    const at = dropStep(losses);
    assert.ok(at > 120 && at <= 130, `drop found at ${at}`);
    assert.equal(dropStep(Array.from({ length: 200 }, () => 2)), null);
  });

  it('spread and cell: mean, sample std, range of the finite values; n/a for nothing', () => {
    const s = spread([1, 2, 3, null]);
    assert.deepEqual(s, { mean: 2, std: 1, min: 1, max: 3, n: 3 });
    assert.deepEqual(spread([1, 2, 3, NaN, Infinity, undefined]), s);
    assert.equal(cell(s), '2.000 ±1.000 [1.000–3.000]');
    assert.equal(cell(spread([null])), 'n/a');
  });
});

describe('the layout of the experiments', () => {
  const ROOT = fileURLToPath(new URL('../..', import.meta.url));
  const files = (dir) =>
    readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && /\.(m?js)$/.test(e.name))
      .map((e) => join(e.parentPath ?? e.path, e.name));
  // static imports and re-exports (`from '…'`), side-effect imports and dynamic import('…')
  const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"`])([^'"`]+)\1/g;

  it('nothing under web/src or wasm/ imports from bench/', () => {
    const scanned = [...files('web/src'), ...files('wasm')];
    assert.ok(scanned.some((f) => f.endsWith('experiments.mjs')) && scanned.some((f) => f.endsWith('model.js')));
    const offending = [];
    for (const f of scanned)
      for (const m of readFileSync(f, 'utf8').matchAll(IMPORT))
        if (m[2].includes('bench/')) offending.push(`${relative(ROOT, f)}: ${m[2]}`);
    assert.deepEqual(offending, []);
  });

  it('experiments.d.ts declares every export of the module', async () => {
    const dts = readFileSync(join(ROOT, 'wasm/experiments.d.ts'), 'utf8');
    const declared = new Set([...dts.matchAll(/^export (?:const|function|class) (\w+)/gm)].map((m) => m[1]));
    const exported = Object.keys(await import('../../wasm/experiments.mjs'));
    assert.deepEqual(
      exported.filter((k) => !declared.has(k)),
      [],
    );
    assert.deepEqual(
      [...declared].filter((k) => !exported.includes(k)),
      [],
    );
  });

  it('the import scan sees the forms of import it is meant to refuse', () => {
    const paths = (src) => [...src.matchAll(IMPORT)].map((m) => m[2]);
    assert.deepEqual(
      paths(
        `import { a } from '../bench/x.mjs';\nexport * from "./bench/y.mjs";\nimport '../../bench/z.mjs';\nawait import(\`../bench/w.mjs\`);`,
      ),
      ['../bench/x.mjs', './bench/y.mjs', '../../bench/z.mjs', '../bench/w.mjs'],
    );
  });
});
