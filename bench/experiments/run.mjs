// run.mjs — `./build.sh experiment NAME [--quick] [--seeds N | --seeds A,B,… | --pilot]
// [--out DIR] [--replicate]`: one headless experiment of wasm/experiments.mjs (through the public JS
// API only), by default on the reported seeds 1–5 (--pilot: the pilot seeds 101–105, see the
// README's protocols); prints a table (mean and spread over seeds, the seeds named) and writes
// results.csv (one row per seed), summary.csv and results.json into
// build/experiments/NAME-<timestamp>/ (or DIR). The experiments themselves are the module's; this
// file is the command line, the files and the timing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { EXPERIMENTS, runExperiment } from '../../wasm/experiments.mjs';
import { loadSeqlab } from '../../wasm/seqlab.mjs';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

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
 * Runs experiment `name` (runExperiment of wasm/experiments.mjs), times it, prints its table and
 * writes its files; returns {dir, result}, result as runExperiment's plus `seconds`.
 */
export async function writeExperiment(name, { quick = false, seeds = 5, out, log = console.log, sl } = {}) {
  if (!EXPERIMENTS.includes(name)) throw new Error(`unknown experiment '${name}' (one of: ${EXPERIMENTS.join(', ')})`);
  sl ??= await loadSeqlab();
  const t0 = performance.now();
  const { extra, ...r } = runExperiment(sl, name, { quick, seeds, log });
  const seconds = (performance.now() - t0) / 1000;
  const result = { ...r, seconds, extra };
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = out ?? join(ROOT, 'build/experiments', `${name}${quick ? '-quick' : ''}-${stamp}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.csv'), csv(r.records, [...r.keys, 'seed', ...r.metrics]));
  const flatSummary = r.summary.map((row) => {
    const o = Object.fromEntries(r.keys.map((k) => [k, row[k]]));
    for (const m of r.metrics)
      for (const s of ['mean', 'std', 'min', 'max']) o[`${m}_${s}`] = row[m] ? row[m][s] : null;
    return o;
  });
  writeFileSync(join(dir, 'summary.csv'), csv(flatSummary, Object.keys(flatSummary[0] ?? {})));
  writeFileSync(join(dir, 'results.json'), JSON.stringify(result, null, 1));
  log(
    `\n${name}${quick ? ' (quick)' : ''}: seeds ${r.seeds.join(', ')}; mean ±std [min–max] over seeds; ${seconds.toFixed(1)} s`,
  );
  for (const [k, v] of Object.entries(r.settings)) log(`  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
  log(r.table);
  for (const n of r.notes) log(`note: ${n}`);
  log(`written: ${dir}/{results.csv,summary.csv,results.json}`);
  return { dir, result };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const valueOf = (flag) => (args.indexOf(flag) >= 0 ? args[args.indexOf(flag) + 1] : undefined);
  const values = new Set(['--seeds', '--out'].map((f) => args.indexOf(f) + 1).filter((i) => i > 0));
  const name = args.find((a, i) => !a.startsWith('--') && !values.has(i));
  const opt = { quick: args.includes('--quick') };
  const seeds = valueOf('--seeds');
  if (seeds !== undefined) opt.seeds = seeds.includes(',') ? seeds.split(',').map(Number) : Number(seeds);
  if (args.includes('--pilot')) opt.seeds = [101, 102, 103, 104, 105];
  if (valueOf('--out') !== undefined) opt.out = valueOf('--out');
  if (!name) {
    console.error(
      `usage: ./build.sh experiment NAME [--quick] [--seeds N | --seeds A,B,… | --pilot] [--out DIR]; NAME: ${EXPERIMENTS.join(', ')} or all`,
    );
    process.exit(2);
  }
  try {
    for (const n of name === 'all' ? EXPERIMENTS : [name]) await writeExperiment(n, opt);
  } catch (e) {
    console.error(`experiment failed: ${e.stack ?? e}`);
    process.exit(1);
  }
}
