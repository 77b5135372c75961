// run.mjs — `./build.sh experiment NAME [--quick] [--seeds N] [--out DIR]`: one headless experiment
// through the public JS API only; prints a table (mean and spread over seeds, the seeds named) and
// writes results.csv (one row per seed), summary.csv and results.json into
// build/experiments/NAME-<timestamp>/ (or DIR).
// Experiments: lm-lengths, copy-lengths, rnn-memory, induction (one module each in this folder).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { loadSeqlab } from '../../wasm/seqlab.mjs';

export const EXPERIMENTS = ['lm-lengths', 'copy-lengths', 'rnn-memory', 'induction'];
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** mean, sample standard deviation, min, max of the finite values; null when there are none. */
export function spread(values) {
  const xs = values.filter((x) => x !== null && x !== undefined);
  if (!xs.length) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, std, min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

const fmt = (x, digits) => (Math.abs(x) >= 1000 ? x.toFixed(0) : x.toFixed(digits));
/** "mean ±std [min–max]" or "n/a" (a measurement that does not apply, e.g. past a learned table). */
export function cell(s, digits = 3) {
  if (!s) return 'n/a';
  if (s.n === 1) return fmt(s.mean, digits);
  return `${fmt(s.mean, digits)} ±${fmt(s.std, digits)} [${fmt(s.min, digits)}–${fmt(s.max, digits)}]`;
}

/** Groups records by the `keys` columns and summarises each metric over the seeds. */
export function summarise(records, keys, metrics) {
  const groups = new Map();
  for (const r of records) {
    const id = JSON.stringify(keys.map((k) => r[k]));
    if (!groups.has(id)) groups.set(id, []);
    groups.get(id).push(r);
  }
  return [...groups.values()].map((rs) => {
    const row = Object.fromEntries(keys.map((k) => [k, rs[0][k]]));
    for (const m of metrics) row[m] = spread(rs.map((r) => r[m]));
    return row;
  });
}

/** A fixed-width text table; columns: [{title, get(row) → string}]. */
export function textTable(rows, columns) {
  const cells = rows.map((r) => columns.map((c) => String(c.get(r))));
  const width = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i].length)));
  const line = (xs) => xs.map((x, i) => (i === 0 ? x.padEnd(width[i]) : x.padStart(width[i]))).join('  ');
  return [line(columns.map((c) => c.title)), line(width.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

const csvValue = (v) =>
  v === null || v === undefined
    ? 'n/a'
    : typeof v === 'string' && /[",\n]/.test(v)
      ? `"${v.replace(/"/g, '""')}"`
      : String(v);
export function csv(rows, columns) {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvValue(r[c])).join(','))].join('\n') + '\n';
}

/**
 * Runs experiment `name`; returns {dir, result} where result has: name, quick, seeds, settings,
 * keys, metrics, records (one per seed and setting), summary, notes, table (the printed text).
 */
export async function runExperiment(name, { quick = false, seeds = 3, out, log = console.log, sl } = {}) {
  if (!EXPERIMENTS.includes(name)) throw new Error(`unknown experiment '${name}' (one of: ${EXPERIMENTS.join(', ')})`);
  if (!(Number.isInteger(seeds) && seeds >= 1)) throw new Error(`--seeds must be a positive integer, got ${seeds}`);
  const mod = await import(pathToFileURL(join(ROOT, 'bench/experiments', `${name}.mjs`)).href);
  sl ??= await loadSeqlab();
  const seedList = Array.from({ length: seeds }, (_, i) => i + 1);
  const t0 = performance.now();
  const r = await mod.run({ sl, quick, seeds: seedList, log });
  const summary = summarise(r.records, r.keys, r.metrics);
  const table = textTable(summary, [
    ...r.keys.map((k) => ({ title: k, get: (row) => row[k] })),
    ...r.metrics.map((m) => ({ title: r.titles?.[m] ?? m, get: (row) => cell(row[m], r.digits ?? 3) })),
  ]);
  const seconds = (performance.now() - t0) / 1000;
  const result = {
    name,
    quick,
    seeds: seedList,
    settings: r.settings,
    keys: r.keys,
    metrics: r.metrics,
    records: r.records,
    summary,
    notes: r.notes ?? [],
    table,
    seconds,
    extra: r.extra ?? null,
  };
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = out ?? join(ROOT, 'build/experiments', `${name}${quick ? '-quick' : ''}-${stamp}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.csv'), csv(r.records, [...r.keys, 'seed', ...r.metrics]));
  const flatSummary = summary.map((row) => {
    const o = Object.fromEntries(r.keys.map((k) => [k, row[k]]));
    for (const m of r.metrics)
      for (const s of ['mean', 'std', 'min', 'max']) o[`${m}_${s}`] = row[m] ? row[m][s] : null;
    return o;
  });
  writeFileSync(join(dir, 'summary.csv'), csv(flatSummary, Object.keys(flatSummary[0] ?? {})));
  writeFileSync(join(dir, 'results.json'), JSON.stringify(result, null, 1));
  log(
    `\n${name}${quick ? ' (quick)' : ''}: seeds ${seedList.join(', ')}; mean ±std [min–max] over seeds; ${seconds.toFixed(1)} s`,
  );
  for (const [k, v] of Object.entries(r.settings)) log(`  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  log(table);
  for (const n of result.notes) log(`note: ${n}`);
  log(`written: ${dir}/{results.csv,summary.csv,results.json}`);
  return { dir, result };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const name = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  const opt = { quick: args.includes('--quick') };
  const si = args.indexOf('--seeds');
  if (si >= 0) opt.seeds = Number(args[si + 1]);
  const oi = args.indexOf('--out');
  if (oi >= 0) opt.out = args[oi + 1];
  if (!name) {
    console.error(
      `usage: ./build.sh experiment NAME [--quick] [--seeds N] [--out DIR]; NAME: ${EXPERIMENTS.join(', ')} or all`,
    );
    process.exit(2);
  }
  try {
    for (const n of name === 'all' ? EXPERIMENTS : [name]) await runExperiment(n, opt);
  } catch (e) {
    console.error(`experiment failed: ${e.stack ?? e}`);
    process.exit(1);
  }
}
