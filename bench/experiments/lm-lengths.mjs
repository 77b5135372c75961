// lm-lengths — length generalisation of a character language model per positional encoding.
// A 2-layer Transformer per posenc (none, learned, sinusoidal, rope, alibi) is trained at one short
// context on the built-in corpus (makeTask 'text') and evaluated, loss per token in nats, on
// held-out text at 1×, 2×, 4×, 8×, 16× that context. 'learned' has no positions past its table
// (maxLen = the training context): n/a there, not a number.
import { evaluateMean, HELD_OUT, taskSeed, TRAIN, train } from './util.mjs';
import { textBatches, textTask } from './tasks.mjs';

export const POSENCS = ['none', 'learned', 'sinusoidal', 'rope', 'alibi'];
export const MULTIPLES = [1, 2, 4, 8, 16];

export function settings(quick) {
  return quick
    ? {
        T: 16,
        batch: 8,
        steps: 30,
        evalTokens: 256,
        layers: 2,
        dModel: 16,
        heads: 2,
        dFF: 64,
        lr: 3e-3,
        multiples: [1, 2, 4],
      }
    : {
        T: 32,
        batch: 16,
        steps: 300,
        evalTokens: 4096,
        layers: 2,
        dModel: 32,
        heads: 4,
        dFF: 128,
        lr: 3e-3,
        multiples: MULTIPLES,
      };
}

export async function run({ sl, quick, seeds, log = () => {} }) {
  const S = settings(quick);
  const opt = { lr: S.lr, weightDecay: 0.1, clip: 1 };
  const records = [];
  let vocab;
  // the same held-out windows for every posenc and seed (the held-out part is never trained on)
  // evalTokens per length, in calls of at most 2048 tokens (the attention kept for one call is
  // layers·batch·heads·T² floats, which must stay within the core's per-array limit)
  const heldout = Object.fromEntries(
    S.multiples.map((m) => {
      const T = S.T * m,
        perCall = Math.max(1, Math.floor(2048 / T)),
        calls = Math.max(1, Math.round(S.evalTokens / (T * perCall)));
      return [
        m,
        Array.from({ length: calls }, (_, i) =>
          textTask(sl, { batch: perCall, T, seed: taskSeed(0, HELD_OUT, m * 1000 + i), split: 'heldout' }),
        ),
      ];
    }),
  );
  for (const posenc of POSENCS) {
    for (const seed of seeds) {
      const next = textBatches(sl, { batch: S.batch, T: S.T, seed: taskSeed(seed, TRAIN), split: 'train' });
      const first = next(0);
      vocab = first.vocab;
      const model = sl.createModel({
        kind: 'transformer',
        vocab,
        maxLen: S.T,
        layers: S.layers,
        dModel: S.dModel,
        heads: S.heads,
        dFF: S.dFF,
        posenc,
        seed,
      });
      try {
        const t = train(model, next, S.steps, opt);
        log(`  trained ${posenc}, seed ${seed}: ${(t.ms / 1000).toFixed(1)} s`);
        const rec = {
          posenc,
          seed,
          trainLoss: t.losses.slice(-10).reduce((a, b) => a + b, 0) / Math.min(10, S.steps),
          trainSeconds: t.ms / 1000,
        };
        for (const m of S.multiples) {
          const T = S.T * m;
          if (posenc === 'learned' && T > S.T) {
            rec[`loss@${m}x`] = null;
            continue;
          }
          rec[`loss@${m}x`] = evaluateMean(model, (i) => heldout[m][i], heldout[m].length).loss;
        }
        records.push(rec);
      } finally {
        model.dispose();
      }
    }
  }
  return {
    keys: ['posenc'],
    metrics: ['trainLoss', ...S.multiples.map((m) => `loss@${m}x`)],
    titles: Object.fromEntries(S.multiples.map((m) => [`loss@${m}x`, `loss @${m}× (T=${S.T * m})`])),
    settings: {
      ...S,
      vocab,
      optimiser: opt,
      model: `transformer, ${S.layers} layers, dModel ${S.dModel}, ${S.heads} heads, dFF ${S.dFF}, tied, gelu`,
      metric: 'held-out loss per token (nats)',
    },
    records,
    notes: [
      "'learned' has no positions past maxLen = the training context: n/a past 1×",
      quick ? 'quick mode: tiny model, few steps, up to 4×; numbers only show the pipeline works' : null,
    ].filter(Boolean),
  };
}
