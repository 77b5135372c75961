// copy-lengths — copy and reverse, trained on lengths ≤ L, exact match at longer lengths, per
// positional encoding. The model sees `[BOS] x1..xn [SEP]` and must produce x1..xn (copy) or
// xn..x1 (reverse); exact match = every output token of a row right. 'learned' has no positions
// past its table (sized for the training lengths): n/a there.
import { evaluateMean, HELD_OUT, taskSeed, TRAIN, train } from './util.mjs';
import { taskBatch } from './tasks.mjs';

const POSENCS = ['none', 'learned', 'sinusoidal', 'rope', 'alibi'];

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
      };
}

export async function run({ sl, quick, seeds, log = () => {} }) {
  const S = settings(quick);
  const opt = { lr: S.lr, weightDecay: 0.01, clip: 1 };
  const records = [];
  let vocab, trainT;
  for (const task of S.tasks) {
    for (const posenc of POSENCS) {
      for (const seed of seeds) {
        const make = (s) =>
          taskBatch(sl, task, { batch: S.batch, minLen: 1, maxLen: S.L, seed: taskSeed(seed, TRAIN, s) });
        const first = make(0);
        vocab = first.vocab;
        trainT = first.T;
        const model = sl.createModel({
          kind: 'transformer',
          vocab,
          maxLen: trainT,
          layers: S.layers,
          dModel: S.dModel,
          heads: S.heads,
          dFF: S.dFF,
          posenc,
          seed,
        });
        try {
          const t = train(model, (s) => (s === 0 ? first : make(s)), S.steps, opt);
          log(`  trained ${task} ${posenc}, seed ${seed}: ${(t.ms / 1000).toFixed(1)} s`);
          const rec = {
            task,
            posenc,
            seed,
            trainLoss: t.losses.slice(-10).reduce((a, b) => a + b, 0) / Math.min(10, S.steps),
          };
          // in distribution first (fresh rows of lengths 1..L): whether the task was learned at all
          rec.exactTrain = model.evaluate(
            taskBatch(sl, task, { batch: S.evalBatch, minLen: 1, maxLen: S.L, seed: taskSeed(0, HELD_OUT, 0) }),
          ).exactMatch;
          for (const n of S.lengths) {
            const test = taskBatch(sl, task, {
              batch: S.evalBatch,
              minLen: n,
              maxLen: n,
              seed: taskSeed(0, HELD_OUT, n),
            });
            rec[`exact@${n}`] =
              posenc === 'learned' && test.T > trainT ? null : evaluateMean(model, () => test, 1).exactMatch;
          }
          records.push(rec);
        } finally {
          model.dispose();
        }
      }
    }
  }
  return {
    keys: ['task', 'posenc'],
    metrics: ['trainLoss', 'exactTrain', ...S.lengths.map((n) => `exact@${n}`)],
    titles: {
      exactTrain: `exact n=1..${S.L}`,
      ...Object.fromEntries(S.lengths.map((n) => [`exact@${n}`, `exact n=${n}`])),
    },
    settings: {
      ...S,
      vocab,
      trainT,
      optimiser: opt,
      model: `transformer, ${S.layers} layers, dModel ${S.dModel}, ${S.heads} heads, dFF ${S.dFF}, tied, gelu`,
      metric: 'exact match (fraction of rows entirely right) on fresh rows of exactly length n',
    },
    records,
    notes: [
      `trained on lengths 1..${S.L}; 'learned' has maxLen ${trainT} (the longest training row): n/a past it`,
      quick ? 'quick mode: tiny model, few steps; numbers only show the pipeline works' : null,
    ].filter(Boolean),
  };
}
