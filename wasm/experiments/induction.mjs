// induction — a small 2-layer Transformer on repeated random sequences (makeTask 'induction':
// a random sequence followed by its repetition, loss on the repetition). Reported: the step where
// the loss drops, the final loss on the repetition, and each head's induction score: the mean
// attention from a position i of the repeat to the position right after the previous occurrence
// of token i (the head that completes "A B … A → B"). The length n of each row varies (minLen..n):
// with one fixed n the target key is always n − 1 positions back, and a purely positional head
// (possible with rope) would score as an induction head without looking at the tokens. The
// alphabet (symbols) is larger than n, so most tokens of a row occur once before their repeat.
import { dropStep } from './metrics.mjs';
import { planRuns } from './run.mjs';
import { taskBatches } from './tasks.mjs';

export const name = 'induction';

export function settings(quick) {
  return quick
    ? {
        minLen: 4,
        n: 8,
        symbols: 16,
        batch: 8,
        steps: 40,
        layers: 2,
        dModel: 16,
        heads: 2,
        dFF: 32,
        lr: 3e-3,
        posenc: 'rope',
        evalBatch: 8,
      }
    : {
        minLen: 8,
        n: 16,
        symbols: 32,
        batch: 16,
        steps: 6000,
        layers: 2,
        dModel: 32,
        heads: 4,
        dFF: 64,
        lr: 2e-3,
        posenc: 'rope',
        evalBatch: 32,
      };
}

export const optimiser = (S) => ({ lr: S.lr, weightDecay: 0.01, clip: 1 });

/** A run's settings (TrainingRun): rows of minLen..n symbols and their repeat, tested at n. */
export function trainSettings(S) {
  return {
    task: 'induction',
    kind: 'transformer',
    encodings: [S.posenc],
    layers: S.layers,
    dModel: S.dModel,
    heads: S.heads,
    dFF: S.dFF,
    lr: S.lr,
    batch: S.batch,
    weightDecay: optimiser(S).weightDecay,
    minLen: S.minLen,
    maxLen: S.n,
    symbols: S.symbols,
    testLengths: [S.n],
    steps: S.steps,
    evalBatch: S.evalBatch,
  };
}

/** The runs: one per seed. */
export function plan(S, seeds) {
  return planRuns({ ...trainSettings(S), seeds }).map((run) => ({ ...run, label: '' }));
}

/** A run's batches: the lab's; held(0) the held-out rows, the same for every seed. */
export function batches(sl, S, run) {
  return taskBatches(sl, run.settings, run);
}

/** The records of a trained run: the loss drop step, held-out loss and accuracy, every head's induction score. */
export function measure({ tr, S, run, extra }) {
  const seed = run.seed;
  (extra.curves ??= {})[seed] = Array.from(tr.losses, (x) => +x.toFixed(4));
  const test = tr.heldBatch;
  const ev = tr.model.evaluate(test);
  const scores = tr.inductionScores(test);
  const records = [
    { measure: 'loss drop step', seed, value: dropStep(tr.losses) },
    { measure: 'held-out loss on the repeat', seed, value: ev.loss },
    { measure: 'held-out token accuracy', seed, value: ev.tokenAccuracy },
  ];
  for (let l = 0; l < S.layers; l++)
    for (let h = 0; h < S.heads; h++)
      records.push({ measure: `induction score layer ${l} head ${h}`, seed, value: scores[l * S.heads + h] });
  records.push({ measure: 'best induction score (any head)', seed, value: Math.max(...scores) });
  return records;
}

/** Columns, settings, notes and the loss curves of the report. */
export function report({ S, first, extra, quick }) {
  return {
    keys: ['measure'],
    metrics: ['value'],
    settings: {
      ...S,
      vocab: first?.vocab,
      T: first?.T,
      optimiser: optimiser(S),
      model: `transformer, ${S.layers} layers, dModel ${S.dModel}, ${S.heads} heads, dFF ${S.dFF}, ${S.posenc}, tied, gelu`,
      chance:
        'a uniform causal head gives key j+1 weight 1/(i+1); over the repeat that is about ' +
        (1 / (1.5 * S.n)).toFixed(3),
    },
    extra: { lossCurves: extra.curves ?? {} },
    notes: [
      'loss drop step: first step where the 10-step running mean is below halfway from the plateau to the end; n/a = no drop of 0.1 nats',
      'heads are numbered per seed: which head becomes the induction head differs between seeds, so per-head means mix heads; see the best-head row',
      quick ? 'quick mode: tiny model, few steps; numbers only show the pipeline works' : null,
    ].filter(Boolean),
  };
}
