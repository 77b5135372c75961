// experiments.mjs — seqlab's training experiments, one module for the lab's page (and its Web
// Workers), Node programs and the command line (`./build.sh experiment NAME`, bench/experiments/run.mjs):
// the tasks' batches (experiments/tasks.mjs), the one training-run object (experiments/run.mjs),
// the measures and their summary over seeds (experiments/metrics.mjs) and the four experiments,
// one module each (experiments/NAME.mjs). Everything takes the loaded API object `sl`
// (loadSeqlab()); nothing here loads the core itself.
//
//   import { loadSeqlab } from './wasm/seqlab.mjs';
//   import { runExperiment } from './wasm/experiments.mjs';
//   const r = runExperiment(await loadSeqlab(), 'induction', { quick: true, seeds: 2 });
//   console.log(r.table);
import * as copyLengths from './experiments/copy-lengths.mjs';
import * as induction from './experiments/induction.mjs';
import * as lmLengths from './experiments/lm-lengths.mjs';
import { cell, summarise, textTable } from './experiments/metrics.mjs';
import * as rnnMemory from './experiments/rnn-memory.mjs';
import { seedList, TrainingRun } from './experiments/run.mjs';

export * from './experiments/metrics.mjs';
export * from './experiments/run.mjs';
export * from './experiments/tasks.mjs';

/** The experiments by name: each module's settings, plan, batches, measure and report. */
export const experiments = {
  'lm-lengths': lmLengths,
  'copy-lengths': copyLengths,
  'rnn-memory': rnnMemory,
  induction,
};
export const EXPERIMENTS = Object.keys(experiments);

/**
 * Runs experiment `name` headlessly: every run of its plan (seeds 1..seeds) trained through
 * TrainingRun and measured, then summarised over the seeds (spread) into a text table. Returns
 * {name, quick, seeds, settings, keys, metrics, records (one per seed and setting), summary, notes,
 * table, extra}. log(line) gets one line per trained run.
 */
export function runExperiment(sl, name, { quick = false, seeds = 3, log = () => {} } = {}) {
  if (!Object.hasOwn(experiments, name))
    throw new Error(`unknown experiment '${name}' (one of: ${EXPERIMENTS.join(', ')})`);
  const list = Array.isArray(seeds) ? seeds : [seeds];
  if (
    !list.length ||
    !list.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32) ||
    (!Array.isArray(seeds) && seeds < 1)
  )
    throw new Error(`seeds must be a positive integer or a list of seeds (integers in [0, 2^32)), got ${seeds}`);
  const exp = experiments[name];
  const S = exp.settings(quick);
  const shared = exp.heldOut?.(sl, S) ?? null;
  const records = [],
    extra = {};
  let first = null;
  for (const run of exp.plan(S, seeds)) {
    const tr = new TrainingRun(sl, run, { data: exp.batches(sl, S, run, shared), evalEvery: 0 });
    try {
      first = tr.first;
      tr.step(run.settings.steps);
      log(`  trained ${run.label ? `${run.label}, ` : ''}seed ${run.seed}: ${(tr.ms / 1000).toFixed(1)} s`);
      records.push(...exp.measure({ tr, S, run, shared, extra }));
    } finally {
      tr.dispose();
    }
  }
  const r = exp.report({ S, first, extra, quick });
  const summary = summarise(records, r.keys, r.metrics);
  const table = textTable(summary, [
    ...r.keys.map((k) => ({ title: k, get: (row) => row[k] })),
    ...r.metrics.map((m) => ({ title: r.titles?.[m] ?? m, get: (row) => cell(row[m], r.digits ?? 3) })),
  ]);
  return {
    name,
    quick,
    seeds: seedList(seeds),
    settings: r.settings,
    keys: r.keys,
    metrics: r.metrics,
    records,
    summary,
    notes: r.notes ?? [],
    table,
    extra: r.extra ?? null,
  };
}
