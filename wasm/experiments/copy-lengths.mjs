// copy-lengths — copy and reverse, trained on lengths ≤ L, exact match at lengths up to 4·L, per
// positional encoding: the "duplicate string" and "reverse string" tasks of Delétang et al. 2023 and
// Ruoss et al. 2023 at the size of a page. The model sees `[BOS] x1..xn [SEP]` and must produce
// x1..xn (copy) or xn..x1 (reverse); exact match = every output token of a row right. Beside the five
// encodings (none is NoPE, Kazemnejad et al. 2023), learned, sinusoidal and RoPE also train with
// randomized positions ('+rand', Ruoss et al. 2023): each training row's position ids are a sorted
// random subset of [0, positionRange), so positions past the training length are seen in training;
// tests use 0..T−1. 'learned' without them has no positions past its table (sized for the training
// rows): n/a there.
import { finalLoss } from './metrics.mjs';
import { planRuns, transformerRunSettings } from './run.mjs';
import { HELD_OUT, taskBatches, taskSeed } from './tasks.mjs';

/** The models compared: the five encodings, then three of them with randomized positions. */
export const GROUPS = [
  'none',
  'learned',
  'sinusoidal',
  'rope',
  'alibi',
  'learned+rand',
  'sinusoidal+rand',
  'rope+rand',
];

export const name = 'copy-lengths';

export function settings(quick) {
  return quick
    ? {
        L: 4,
        lengths: [4, 8],
        batch: 8,
        steps: 30,
        evalBatch: 16,
        layers: 2,
        dModel: 16,
        heads: 2,
        dFF: 32,
        lr: 3e-3,
        tasks: ['copy', 'reverse'],
        embedding: 'gpt2',
        positionRange: 32,
      }
    : {
        L: 8,
        lengths: [8, 12, 16, 24, 32],
        batch: 16,
        steps: 3000,
        evalBatch: 64,
        layers: 2,
        dModel: 32,
        heads: 4,
        dFF: 64,
        lr: 3e-3,
        tasks: ['copy', 'reverse'],
        // the pilot (seeds 101–105, README "copy-lengths"): with 'scaled' every encoding but
        // sinusoidal learned less in distribution than with 'gpt2'
        embedding: 'gpt2',
        // position ids of '+rand' from [0, 128): twice the longest test row (T = 65 at n = 32); 64
        // did no better in the pilot
        positionRange: 128,
      };
}

export const optimiser = (S) => ({ lr: S.lr, weightDecay: 0.01, clip: 1 });

/** A run's settings (TrainingRun): `task` on lengths 1..L, tested at S.lengths. */
export function trainSettings(S, task = S.tasks[0]) {
  return {
    ...transformerRunSettings(S, optimiser(S).weightDecay),
    task,
    encodings: [...GROUPS],
    embedding: S.embedding,
    positionRange: S.positionRange,
    minLen: 1,
    maxLen: S.L,
    testLengths: S.lengths,
    evalBatch: S.evalBatch,
  };
}

/** The runs: one per task × posenc × seed. */
export function plan(S, seeds) {
  return S.tasks
    .flatMap((task) => planRuns({ ...trainSettings(S, task), seeds }))
    .map((run, id) => ({ ...run, id, label: `${run.settings.task} ${run.group}` }));
}

/**
 * A run's batches: training rows as the lab's; held(0) fresh rows of lengths 1..L (in distribution:
 * whether the task was learned at all), test(n) rows of exactly n, the same for every run.
 */
export function batches(sl, S, run) {
  const data = taskBatches(sl, run.settings, run);
  return {
    next: data.next,
    held: (i) => data.held(i),
    test: (n) =>
      sl.makeTask(run.settings.task, {
        batch: S.evalBatch,
        minLen: n,
        maxLen: n,
        seed: taskSeed(0, HELD_OUT, n),
      }),
  };
}

/** The record of a trained run: final training loss, exact match in distribution and at every length. */
export function measure({ tr, S, run }) {
  const rec = { task: run.settings.task, posenc: run.group, seed: run.seed, trainLoss: finalLoss(tr.losses) };
  rec.exactTrain = tr.model.evaluate(tr.heldBatch).exactMatch;
  const c = tr.model.config;
  for (const n of S.lengths) {
    const test = tr.data.test(n);
    rec[`exact@${n}`] = c.posenc === 'learned' && test.T > c.maxLen ? null : tr.model.evaluate(test).exactMatch;
  }
  return [rec];
}

/** Columns, settings and notes of the report. */
export function report({ S, first, quick }) {
  const trainT = first?.T;
  return {
    keys: ['task', 'posenc'],
    metrics: ['trainLoss', 'exactTrain', ...S.lengths.map((n) => `exact@${n}`)],
    titles: {
      exactTrain: `exact n=1..${S.L}`,
      ...Object.fromEntries(S.lengths.map((n) => [`exact@${n}`, `exact n=${n}`])),
    },
    settings: {
      ...S,
      vocab: first?.vocab,
      trainT,
      optimiser: optimiser(S),
      model: `transformer, ${S.layers} layers, dModel ${S.dModel}, ${S.heads} heads, dFF ${S.dFF}, tied, gelu, ${S.embedding} embedding`,
      metric: 'exact match (fraction of rows entirely right) on fresh rows of exactly length n',
    },
    notes: [
      `trained on lengths 1..${S.L}; 'learned' has maxLen ${trainT} (the longest training row): n/a past it; 'learned+rand' has ${S.positionRange}`,
      `'+rand': training rows at sorted random position ids from [0, ${S.positionRange}) (Ruoss et al. 2023); every test row at 0..T−1`,
      quick ? 'quick mode: tiny model, few steps; numbers only show the pipeline works' : null,
    ].filter(Boolean),
  };
}
