// run.mjs — `./build.sh experiment NAME [--quick] [--seeds N | --seeds A,B,… | --pilot]
// [--out DIR] [--replicate]`: one headless experiment of wasm/experiments.mjs (through the public JS
// API only), by default on the reported seeds 1–5 (--pilot: the pilot seeds 101–105, see the
// README's protocols); prints a table (mean and spread over seeds, the seeds named) and writes
// results.csv (one row per seed), summary.csv and results.json into
// build/experiments/NAME-<timestamp>/ (or DIR). The experiments themselves are the module's; this
// file is the command line, the files and the timing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { experiments, EXPERIMENTS, runExperiment, TrainingRun } from '../../wasm/experiments.mjs';
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

const PYTHON = '/usr/bin/python3';
const REPLICATE = join(ROOT, 'tests/fixtures/replicate.py');
const plainBatch = (b) => ({
  tokens: Array.from(b.tokens),
  targets: Array.from(b.targets),
  lossMask: b.lossMask ? Array.from(b.lossMask) : undefined,
  positions: b.positions ? Array.from(b.positions) : undefined,
  batch: b.batch,
  T: b.T,
});

/**
 * `--replicate`: for each model of experiment `name` (one run per embedding, task and group, seed 1,
 * at the experiment's full settings; for recall the one at n = 16), trains `steps` steps in seqlab
 * from its initial parameters, writes the parameters, the batches and seqlab's losses to a dump,
 * and has tests/fixtures/replicate.py train the same model (an independent PyTorch implementation
 * of TRAINING.md) from the same parameters on the same batches, printing the losses side by side
 * and the largest relative difference over the first 200 steps, with the held-out loss before and
 * after from both. Needs Debian's python3-torch: without it, says so and returns false.
 */
export function replicateExperiment(sl, name, { steps = 200, out, log = console.log } = {}) {
  const torch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (torch.status !== 0) {
    log(`replicate: skipped, ${PYTHON} cannot import torch (apt-get install python3-torch)`);
    return false;
  }
  const exp = experiments[name];
  const S = exp.settings(false);
  const shared = exp.heldOut?.(sl, S) ?? null;
  // one run per model: per embedding, task and group; for the distance tasks the one at n = 16 (the
  // distance the rnn-memory lesson is read at) where the plan has it
  const all = exp.plan(S, [1]);
  const keyOf = (run) => `${run.settings.embedding ?? ''} ${run.settings.task} ${run.group}`;
  const seen = new Set();
  const runs = all
    .filter((run) => run.n === null || run.n === 16 || !all.some((r) => r.n === 16 && keyOf(r) === keyOf(run)))
    .filter((run) => !seen.has(keyOf(run)) && seen.add(keyOf(run)));
  const dir = out ?? join(ROOT, 'build/experiments', `${name}-replicate`);
  mkdirSync(dir, { recursive: true });
  let ok = true;
  for (const run of runs) {
    const tr = new TrainingRun(sl, run, { data: exp.batches(sl, S, run, shared), evalEvery: 0 });
    try {
      const m = tr.model;
      const p0 = m.getParams();
      const params = Object.fromEntries(
        m.paramLayout.map((t) => [t.name, Array.from(p0.subarray(t.offset, t.offset + t.size))]),
      );
      const held = tr.heldBatch;
      const dump = {
        config: m.config,
        params,
        opt: { beta1: 0.9, beta2: 0.999, eps: 1e-8, ...tr.opt },
        steps: [],
        evals: [],
      };
      dump.evals.push({ ...plainBatch(held), afterStep: 0, loss: m.evaluate(held).loss });
      const n = Math.min(steps, run.settings.steps);
      for (let i = 0; i < n; i++) {
        const b = i === 0 ? tr.first : tr.data.next(i);
        const r = m.step(b, tr.opt);
        dump.steps.push({ ...plainBatch(b), loss: r.loss, gradNorm: r.gradNorm });
      }
      dump.evals.push({ ...plainBatch(held), afterStep: n, loss: m.evaluate(held).loss });
      const file = join(dir, `${(run.label || run.group).replace(/[^A-Za-z0-9+.-]+/g, '_')}.json`);
      writeFileSync(file, JSON.stringify(dump));
      log(
        `\n${name}: ${run.label || run.group} (seed 1, ${n} steps) — seqlab against PyTorch (tests/fixtures/replicate.py)`,
      );
      const r = spawnSync(PYTHON, [REPLICATE, file, '--floor', '--every', '20'], { encoding: 'utf8' });
      log((r.stdout + r.stderr).trimEnd());
      if (r.status !== 0) ok = false;
    } finally {
      tr.dispose();
    }
  }
  return ok;
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
  if (args.includes('--replicate') && name) {
    const sl = await loadSeqlab();
    let ok = true;
    for (const n of name === 'all' ? EXPERIMENTS : [name]) ok = replicateExperiment(sl, n, { out: opt.out }) && ok;
    process.exit(ok ? 0 : 1);
  }
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
