// lm-lengths — length generalisation of a character language model per positional encoding, the
// setup of Press et al. 2022 (ALiBi, "train short, test long") at the size of a page: a 2-layer
// Transformer per posenc (none, learned, sinusoidal, rope, alibi) and per token embedding ('scaled',
// the fairseq language models that paper trained: wte N(0, 1/d) times sqrt(d), Vaswani et al. 2017
// §3.4; and 'gpt2', wte N(0, 0.02) added as it is) is trained at one short context on the built-in
// corpus (makeTask 'text') and evaluated, loss per token in nats, on held-out text at 1×, 2×, 4×,
// 8×, 16× that context. 'learned' has no positions past its table (maxLen = the training context):
// n/a there, not a number. With 'gpt2' a sinusoidal table of amplitude 1 swamps token embeddings of
// amplitude 0.02, which is why both embeddings are reported.
import { evaluateMean, finalLoss } from './metrics.mjs';
import { planRuns, transformerRunSettings } from './run.mjs';
import { corpusSplit, HELD_OUT, POSENCS, taskBatches, taskSeed, textTask } from './tasks.mjs';

export const name = 'lm-lengths';
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
        embeddings: ['scaled', 'gpt2'],
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
        embeddings: ['scaled', 'gpt2'],
      };
}

export const optimiser = (S) => ({ lr: S.lr, weightDecay: 0.1, clip: 1 });

/**
 * A run's settings (TrainingRun): the text task at context S.T, tested at every multiple of it, with
 * token embedding `embedding` (the first of S.embeddings, 'scaled', unless given).
 */
export function trainSettings(S, embedding = S.embeddings[0]) {
  return {
    ...transformerRunSettings(S, optimiser(S).weightDecay),
    task: 'text',
    embedding,
    encodings: [...POSENCS],
    minLen: S.T,
    maxLen: S.T,
    testLengths: S.multiples.map((m) => S.T * m),
  };
}

/** The runs: one per embedding × posenc × seed. */
export function plan(S, seeds) {
  return S.embeddings
    .flatMap((e) => planRuns({ ...trainSettings(S, e), seeds }))
    .map((run, id) => ({ ...run, id, label: `${run.settings.embedding} ${run.group}` }));
}

/**
 * The held-out windows, the same for every posenc and seed (the held-out part is never trained on):
 * evalTokens per multiple m, in calls of at most 2048 tokens (the attention kept for one call is
 * layers·batch·heads·T² floats, which must stay within the core's per-array limit). {m: [batch]}.
 */
export function heldOut(sl, S) {
  const held = Object.fromEntries(
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
  held.unigram = unigramLoss(sl);
  return held;
}

/**
 * The loss per character, in nats, of the held-out text under the training text's character
 * frequencies (add-one smoothed): what a model that ignores all context scores.
 */
export function unigramLoss(sl) {
  const { train, heldout } = corpusSplit(sl);
  const counts = new Map();
  for (const c of train) counts.set(c, (counts.get(c) ?? 0) + 1);
  const V = counts.size,
    total = train.length + V;
  let sum = 0;
  for (const c of heldout) sum -= Math.log(((counts.get(c) ?? 0) + 1) / total);
  return sum / heldout.length;
}

/** A run's batches: training windows as the lab's; held(i, m) the i-th held-out batch at multiple m. */
export function batches(sl, S, run, held) {
  return { next: taskBatches(sl, run.settings, run).next, held: (i, m = 1) => held[m][i] };
}

/** The record of a trained run: final training loss, training time, held-out loss at every multiple. */
export function measure({ tr, S, run, shared, extra }) {
  extra.unigram = shared.unigram;
  const rec = {
    embedding: run.settings.embedding,
    posenc: run.group,
    seed: run.seed,
    trainLoss: finalLoss(tr.losses),
    trainSeconds: tr.ms / 1000,
  };
  for (const m of S.multiples) {
    const T = S.T * m;
    if (run.group === 'learned' && T > S.T) {
      rec[`loss@${m}x`] = null;
      continue;
    }
    rec[`loss@${m}x`] = evaluateMean(tr.model, (i) => shared[m][i], shared[m].length).loss;
  }
  return [rec];
}

/** Columns, settings and notes of the report. */
export function report({ S, first, extra, quick }) {
  return {
    keys: ['embedding', 'posenc'],
    metrics: ['trainLoss', ...S.multiples.map((m) => `loss@${m}x`)],
    titles: Object.fromEntries(S.multiples.map((m) => [`loss@${m}x`, `loss @${m}× (T=${S.T * m})`])),
    settings: {
      ...S,
      vocab: first?.vocab,
      optimiser: optimiser(S),
      model: `transformer, ${S.layers} layers, dModel ${S.dModel}, ${S.heads} heads, dFF ${S.dFF}, tied, gelu`,
      metric: 'held-out loss per token (nats)',
      unigram: extra.unigram,
    },
    notes: [
      "'learned' has no positions past maxLen = the training context: n/a past 1×",
      `unigram: the held-out text under the training text's character frequencies scores ${extra.unigram?.toFixed(3)} nats per character (no context at all)`,
      quick ? 'quick mode: tiny model, few steps, up to 4×; numbers only show the pipeline works' : null,
    ].filter(Boolean),
  };
}
