// induction — a small 2-layer Transformer on repeated random sequences (makeTask 'induction':
// a random sequence followed by its repetition, loss on the repetition). Reported: the step where
// the loss drops, the final loss on the repetition, and each head's induction score: the mean
// attention from a position i of the repeat to the position right after the previous occurrence
// of token i (the head that completes "A B … A → B"). The length n of each row varies (minLen..n):
// with one fixed n the target key is always n − 1 positions back, and a purely positional head
// (possible with rope) would score as an induction head without looking at the tokens. The
// alphabet (symbols) is larger than n, so most tokens of a row occur once before their repeat.
import { HELD_OUT, taskSeed, TRAIN, train } from './util.mjs';
import { taskBatch } from './tasks.mjs';

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

/**
 * The step where the loss drops: the first step where a 10-step running mean falls below halfway
 * between the plateau (the highest running mean after the first 5% of training) and the final
 * running mean. null when the loss never falls by 0.1 nats from that plateau (no drop).
 */
export function dropStep(losses) {
  const w = Math.max(1, Math.min(10, Math.floor(losses.length / 4)));
  const run = [];
  let acc = 0;
  for (let i = 0; i < losses.length; i++) {
    acc += losses[i] - (i >= w ? losses[i - w] : 0);
    run.push(acc / Math.min(i + 1, w));
  }
  const start = Math.floor(losses.length * 0.05) + w - 1;
  let peak = -Infinity,
    at = start;
  for (let i = start; i < run.length; i++) if (run[i] > peak) ((peak = run[i]), (at = i));
  const last = run[run.length - 1];
  if (!(peak - last > 0.1)) return null;
  for (let i = at; i < run.length; i++) if (run[i] < (peak + last) / 2) return i + 1;
  return null;
}

/**
 * Induction score of every head: for each row b and query i (counted in mask, when given: the
 * repeat) whose token occurred exactly once before (at j, with j + 1 < i), the attention weight of
 * key j + 1; averaged over those queries.
 * attention: layers×batch×heads×T×T. Returns layers×heads scores.
 */
export function inductionScores(tokens, attention, { layers, batch, heads, T, mask = null }) {
  const sums = new Float64Array(layers * heads);
  let count = 0;
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < T; i++) {
      if (mask && !mask[b * T + i]) continue;
      let j = -1,
        seen = 0;
      for (let p = 0; p < i; p++) if (tokens[b * T + p] === tokens[b * T + i]) (seen++, (j = p));
      if (seen !== 1 || j + 1 >= i) continue;
      count++;
      for (let l = 0; l < layers; l++)
        for (let h = 0; h < heads; h++)
          sums[l * heads + h] += attention[(((l * batch + b) * heads + h) * T + i) * T + j + 1];
    }
  }
  return Array.from(sums, (s) => (count ? s / count : null));
}

export async function run({ sl, quick, seeds, log = () => {} }) {
  const S = settings(quick);
  const opt = { lr: S.lr, weightDecay: 0.01, clip: 1 };
  const records = [];
  const curves = {};
  let vocab, T;
  for (const seed of seeds) {
    const make = (s) =>
      taskBatch(sl, 'induction', {
        batch: S.batch,
        minLen: S.minLen,
        maxLen: S.n,
        symbols: S.symbols,
        seed: taskSeed(seed, TRAIN, s),
      });
    const first = make(0);
    vocab = first.vocab;
    T = first.T;
    const model = sl.createModel({
      kind: 'transformer',
      vocab,
      maxLen: T,
      layers: S.layers,
      dModel: S.dModel,
      heads: S.heads,
      dFF: S.dFF,
      posenc: S.posenc,
      seed,
    });
    try {
      const t = train(model, (s) => (s === 0 ? first : make(s)), S.steps, opt);
      log(`  trained seed ${seed}: ${(t.ms / 1000).toFixed(1)} s`);
      curves[seed] = Array.from(t.losses, (x) => +x.toFixed(4));
      const test = taskBatch(sl, 'induction', {
        batch: S.evalBatch,
        minLen: S.minLen,
        maxLen: S.n,
        symbols: S.symbols,
        seed: taskSeed(0, HELD_OUT),
      });
      const ev = model.evaluate(test);
      const { attention } = model.forward({ tokens: test.tokens, batch: test.batch, T: test.T });
      const scores = inductionScores(test.tokens, attention, {
        layers: S.layers,
        batch: test.batch,
        heads: S.heads,
        T: test.T,
        mask: test.lossMask,
      });
      const drop = dropStep(t.losses);
      records.push({ measure: 'loss drop step', seed, value: drop });
      records.push({ measure: 'held-out loss on the repeat', seed, value: ev.loss });
      records.push({ measure: 'held-out token accuracy', seed, value: ev.tokenAccuracy });
      for (let l = 0; l < S.layers; l++)
        for (let h = 0; h < S.heads; h++)
          records.push({ measure: `induction score layer ${l} head ${h}`, seed, value: scores[l * S.heads + h] });
      records.push({ measure: 'best induction score (any head)', seed, value: Math.max(...scores) });
    } finally {
      model.dispose();
    }
  }
  return {
    keys: ['measure'],
    metrics: ['value'],
    settings: {
      ...S,
      vocab,
      T,
      optimiser: opt,
      model: `transformer, ${S.layers} layers, dModel ${S.dModel}, ${S.heads} heads, dFF ${S.dFF}, ${S.posenc}, tied, gelu`,
      chance:
        'a uniform causal head gives key j+1 weight 1/(i+1); over the repeat that is about ' +
        (1 / (1.5 * S.n)).toFixed(3),
    },
    records,
    extra: { lossCurves: curves },
    notes: [
      'loss drop step: first step where the 10-step running mean is below halfway from the plateau to the end; n/a = no drop of 0.1 nats',
      'heads are numbered per seed: which head becomes the induction head differs between seeds, so per-head means mix heads; see the best-head row',
      quick ? 'quick mode: tiny model, few steps; numbers only show the pipeline works' : null,
    ].filter(Boolean),
  };
}
