// rnn-memory — tanh RNN vs LSTM vs GRU (and a small Transformer) on two tasks read out at the end
// of n bits, so n is the distance the net must carry information over:
//   recall  the first bit, recalled at the last position over n − 1 distractor bits (tasks.mjs
//           recallBatch: the bits of makeTask('parity'), target = b1): pure memory;
//   parity  the parity of all n bits (makeTask 'parity', finalOnly): memory and computation.
// Reported per task, model and n:
//   accuracy   held-out accuracy of the final answer (chance 0.5);
//   firstFlip  the fraction of held-out rows whose predicted answer changes when the first bit is
//              flipped (a net that solved either task: 1; a net that forgot the first bit: 0);
//   dh0/dhEnd untrained, trained   the gradient norm through time (model.gradNormThroughTime): the
//              mean over held-out rows of ‖∂loss/∂h_0‖ over that of ‖∂loss/∂h_{n−1}‖ — how much of
//              the loss's gradient reaches the first step, before and after training (recurrent
//              kinds; n/a for the Transformer). The whole curve against the distance from the end
//              is in results.json (extra.gradNormThroughTime).
// Budget rule (the same for every model): one step count and one lr for all models, tasks and n,
// fixed before the run; 600 steps keeps the default run to about 4 minutes on a quiet machine (an
// estimate from the first version's timing; README), far more under heavy sharing.
import { HELD_OUT, taskSeed, TRAIN, train } from './util.mjs';
import { recallBatch, taskBatch } from './tasks.mjs';

const MODELS = ['rnn', 'lstm', 'gru', 'transformer'];

// settings: lengths = the parity lengths (the field's meaning since the first version),
// recallLengths = those of recall.
export function settings(quick) {
  return quick
    ? {
        lengths: [4],
        recallLengths: [4, 8],
        batch: 16,
        steps: 30,
        hidden: 16,
        dModel: 8,
        tf: { layers: 1, dModel: 16, heads: 2, dFF: 32, posenc: 'rope' },
        lr: 1e-2,
        evalBatch: 64,
      }
    : {
        lengths: [4, 8],
        recallLengths: [8, 16, 32],
        batch: 32,
        steps: 600,
        hidden: 32,
        dModel: 8,
        tf: { layers: 2, dModel: 32, heads: 4, dFF: 64, posenc: 'rope' },
        lr: 1e-2,
        evalBatch: 256,
      };
}

const argmaxAt = (logits, V, p) => {
  let best = 0;
  for (let v = 1; v < V; v++) if (logits[p * V + v] > logits[p * V + best]) best = v;
  return best;
};

function makeBatch(sl, task, { batch, n, seed }) {
  return task === 'recall'
    ? recallBatch(sl, { batch, n, seed })
    : taskBatch(sl, 'parity', { batch, minLen: n, maxLen: n, seed, finalOnly: true });
}

export async function run({ sl, quick, seeds, log = () => {} }) {
  const S = settings(quick);
  const opt = { lr: S.lr, weightDecay: 0, clip: 1 };
  const records = [];
  const curves = {};
  for (const [task, lengths] of [
    ['recall', S.recallLengths],
    ['parity', S.lengths],
  ]) {
    for (const kind of MODELS) {
      for (const n of lengths) {
        for (const seed of seeds) {
          const make = (s, batch = S.batch, purpose = TRAIN) =>
            makeBatch(sl, task, { batch, n, seed: taskSeed(seed, purpose, s) });
          const first = make(0);
          const V = first.vocab;
          const config =
            kind === 'transformer'
              ? { kind, vocab: V, maxLen: first.T, ...S.tf, seed }
              : { kind, vocab: V, dModel: S.dModel, hidden: S.hidden, seed };
          const model = sl.createModel(config);
          try {
            const test = makeBatch(sl, task, { batch: S.evalBatch, n, seed: taskSeed(0, HELD_OUT, n) });
            const recurrent = kind !== 'transformer';
            const before = recurrent ? model.gradNormThroughTime(test).dhNorm : null;
            const t = train(model, (s) => (s === 0 ? first : make(s)), S.steps, opt);
            log(`  trained ${task} ${kind} n=${n}, seed ${seed}: ${(t.ms / 1000).toFixed(1)} s`);
            const after = recurrent ? model.gradNormThroughTime(test).dhNorm : null;
            const ev = model.evaluate(test);
            const base = model.forward({ tokens: test.tokens, batch: test.batch, T: test.T }).logits;
            const flipped = Int32Array.from(test.tokens);
            for (let b = 0; b < test.batch; b++) flipped[b * test.T] = 1 - flipped[b * test.T];
            const other = model.forward({ tokens: flipped, batch: test.batch, T: test.T }).logits;
            let changed = 0;
            for (let b = 0; b < test.batch; b++) {
              const p = b * test.T + n - 1;
              if (argmaxAt(base, V, p) !== argmaxAt(other, V, p)) changed++;
            }
            // ‖∂loss/∂h_0‖ / ‖∂loss/∂h_{n−1}‖ (the loss is at n − 1 only, so the last one is never 0)
            const ratio = (d) => (d ? d[0] / d[n - 1] : null);
            if (recurrent) {
              // stored against the distance from the end, d = n − 1 − t
              const byDistance = (d) => Array.from(d, (_, i) => +d[n - 1 - i].toPrecision(4));
              ((curves[task] ??= {})[kind] ??= {})[n] ??= {};
              curves[task][kind][n][seed] = { untrained: byDistance(before), trained: byDistance(after) };
            }
            records.push({
              task,
              model: kind,
              n,
              seed,
              accuracy: ev.tokenAccuracy,
              firstFlip: changed / test.batch,
              trainLoss: t.losses.slice(-10).reduce((a, b) => a + b, 0) / Math.min(10, S.steps),
              dhRatioInit: ratio(before),
              dhRatioTrained: ratio(after),
            });
          } finally {
            model.dispose();
          }
        }
      }
    }
  }
  return {
    keys: ['task', 'model', 'n'],
    metrics: ['accuracy', 'firstFlip', 'trainLoss', 'dhRatioInit', 'dhRatioTrained'],
    titles: {
      accuracy: 'final accuracy',
      firstFlip: 'first-bit flip changes answer',
      dhRatioInit: 'dh0/dhEnd untrained',
      dhRatioTrained: 'dh0/dhEnd trained',
    },
    digits: 3,
    settings: {
      ...S,
      optimiser: opt,
      task: "recall: the first bit at the last position of n bits; parity: the parity of n bits at the last position (makeTask 'parity', finalOnly)",
      budget: 'one step count and lr for every model, task and n, fixed before the run (no per-model tuning)',
    },
    records,
    extra: {
      gradNormThroughTime: curves,
      gradNormNote:
        'per task, model, n, seed: mean over held-out rows of ‖∂loss/∂h_t‖ against the distance from the end d = n − 1 − t (index d), before and after training',
    },
    notes: [
      'chance accuracy is 0.5; firstFlip 1 = the answer depends on the bit n − 1 steps back',
      'dh0/dhEnd: ‖∂loss/∂h_0‖ / ‖∂loss/∂h_{n−1}‖ on the held-out batch (model.gradNormThroughTime); n/a for the Transformer, which carries no hidden state through time',
      quick ? 'quick mode: tiny models, few steps; numbers only show the pipeline works' : null,
    ].filter(Boolean),
  };
}
