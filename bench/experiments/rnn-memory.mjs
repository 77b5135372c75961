// rnn-memory — tanh RNN vs LSTM vs GRU (and a small Transformer) on parity read out at the end of
// n bits (makeTask 'parity', final target only): the answer depends on the first bit, n − 1 steps
// back, so n is the distance the net must carry information over. Reported per model and n:
//   accuracy   held-out accuracy of the final parity (chance 0.5);
//   firstFlip  the fraction of held-out rows whose predicted parity changes when the first bit is
//              flipped (a net that solved the task: 1; a net that forgot the first bit: 0) — the
//              reach of the trained net through time, measured with forward passes only.
// The gradient norm through time ‖∂loss/∂h_t‖ is computed in the core (sl_recnet_loss_grad's
// dh_norm) but the model API does not expose it, so it is not reported here.
import { HELD_OUT, taskSeed, TRAIN, train } from './util.mjs';
import { taskBatch } from './tasks.mjs';

const MODELS = ['rnn', 'lstm', 'gru', 'transformer'];

export function settings(quick) {
  return quick
    ? { lengths: [4, 8], batch: 16, steps: 30, hidden: 16, dModel: 8, tf: { layers: 1, dModel: 16, heads: 2, dFF: 32, posenc: 'rope' }, lr: 1e-2, evalBatch: 64 }
    : { lengths: [4, 8, 16, 32], batch: 32, steps: 500, hidden: 32, dModel: 8, tf: { layers: 2, dModel: 32, heads: 4, dFF: 64, posenc: 'rope' }, lr: 1e-2, evalBatch: 256 };
}

const argmaxAt = (logits, V, p) => {
  let best = 0;
  for (let v = 1; v < V; v++) if (logits[p * V + v] > logits[p * V + best]) best = v;
  return best;
};

export async function run({ sl, quick, seeds, log = () => {} }) {
  const S = settings(quick);
  const opt = { lr: S.lr, weightDecay: 0, clip: 1 };
  const records = [];
  for (const kind of MODELS) {
    for (const n of S.lengths) {
      for (const seed of seeds) {
        const make = (s, batch = S.batch, purpose = TRAIN) => taskBatch(sl, 'parity', { batch, minLen: n, maxLen: n, seed: taskSeed(seed, purpose, s), finalOnly: true });
        const first = make(0);
        const V = first.vocab;
        const config = kind === 'transformer'
          ? { kind, vocab: V, maxLen: first.T, ...S.tf, seed }
          : { kind, vocab: V, dModel: S.dModel, hidden: S.hidden, seed };
        const model = sl.createModel(config);
        try {
          const t = train(model, (s) => (s === 0 ? first : make(s)), S.steps, opt);
          log(`  trained ${kind} n=${n}, seed ${seed}: ${(t.ms / 1000).toFixed(1)} s`);
          const test = taskBatch(sl, 'parity', { batch: S.evalBatch, minLen: n, maxLen: n, seed: taskSeed(0, HELD_OUT, n), finalOnly: true });
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
          records.push({ model: kind, n, seed, accuracy: ev.tokenAccuracy, firstFlip: changed / test.batch, trainLoss: t.losses.slice(-10).reduce((a, b) => a + b, 0) / Math.min(10, S.steps) });
        } finally {
          model.dispose();
        }
      }
    }
  }
  return {
    keys: ['model', 'n'],
    metrics: ['accuracy', 'firstFlip', 'trainLoss'],
    titles: { accuracy: 'final parity accuracy', firstFlip: 'first-bit flip changes answer' },
    settings: { ...S, optimiser: opt, task: 'parity of n bits, target only at the last position (finalOnly)' },
    records,
    notes: ['chance accuracy is 0.5; firstFlip 1 = the answer depends on the bit n − 1 steps back',
      'gradient norm through time: computed in the core (sl_recnet_loss_grad dh_norm) but not exposed by the model API, so not reported',
      quick ? 'quick mode: tiny models, few steps; numbers only show the pipeline works' : null].filter(Boolean),
  };
}
