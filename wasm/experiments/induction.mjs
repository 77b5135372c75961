// induction — induction heads in 2-layer Transformers on repeated random sequences (makeTask
// 'induction': a random sequence followed by its repetition, loss on the repetition), the setting in
// which Olsson et al. 2022 (and Elhage et al. 2021) described them: an attention-only model (group
// '<posenc>+attn', dFF 0) beside the same model with MLPs. The length n of each row varies
// (minLen..n): with one fixed n the target key is always n − 1 positions back, and a purely
// positional head would score as an induction head without looking at the tokens. The alphabet
// (symbols) is larger than n, so most tokens of a row occur once before their repeat.
// Reported per model:
//   the step where the loss drops, the held-out loss on the repeat and its token accuracy;
//   the induction head: the head with the highest induction score — Olsson et al.'s prefix-matching
//     score, the mean attention from a query in the repeat to the key right after the previous
//     occurrence of its token ("A B … A → B") — with that score beside a uniform causal head's;
//   the best previous-token score in layer 0 (attention from i to i − 1), the other half of the
//     2-layer circuit;
//   the ablation: the held-out loss on the repeat with the induction head's output zeroed, and the
//     mean over the other heads of its layer zeroed one at a time (is it that head, or any head?).
// The encoding (ALiBi), the learning rate and the step count were chosen with the pilot seeds
// 101–105 (README, "induction").
import { dropStep, inductionReport } from './metrics.mjs';
import { planRuns, transformerRunSettings } from './run.mjs';
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
        lr: 1e-2,
        posenc: 'alibi',
        evalBatch: 8,
      }
    : {
        minLen: 8,
        n: 16,
        symbols: 32,
        batch: 16,
        steps: 1500,
        layers: 2,
        dModel: 32,
        heads: 4,
        dFF: 64,
        lr: 1e-2,
        posenc: 'alibi',
        evalBatch: 32,
      };
}

export const optimiser = (S) => ({ lr: S.lr, weightDecay: 0.01, clip: 1 });

/** The models compared: attention-only layers, then the same layers with MLPs (dFF = S.dFF). */
export const groupsOf = (S) => [`${S.posenc}+attn`, S.posenc];

/** A run's settings (TrainingRun): rows of minLen..n symbols and their repeat, tested at n. */
export function trainSettings(S) {
  return {
    ...transformerRunSettings(S, optimiser(S).weightDecay),
    task: 'induction',
    encodings: groupsOf(S),
    minLen: S.minLen,
    maxLen: S.n,
    symbols: S.symbols,
    testLengths: [S.n],
    evalBatch: S.evalBatch,
  };
}

/** The model name of a group in the report. */
const modelOf = (group) => (group.endsWith('+attn') ? 'attention-only' : 'with MLP');

/** The runs: one per model × seed. */
export function plan(S, seeds) {
  return planRuns({ ...trainSettings(S), seeds }).map((run) => ({ ...run, label: modelOf(run.group) }));
}

/** A run's batches: the lab's; held(0) the held-out rows, the same for every seed. */
export function batches(sl, S, run) {
  return taskBatches(sl, run.settings, run);
}

/** The records of a trained run. */
export function measure({ tr, run, extra }) {
  const seed = run.seed,
    model = modelOf(run.group);
  ((extra.curves ??= {})[model] ??= {})[seed] = Array.from(tr.losses, (x) => +x.toFixed(4));
  const test = tr.heldBatch;
  const ev = tr.model.evaluate(test);
  const r = inductionReport(tr.model, test);
  (extra.heads ??= {})[`${model} seed ${seed}`] = { induction: r.scores, previousToken: r.previous };
  const rec = (measure, value) => ({ model, measure, seed, value });
  return [
    rec('loss drop step', dropStep(tr.losses)),
    rec('held-out loss on the repeat', ev.loss),
    rec('held-out token accuracy', ev.tokenAccuracy),
    rec('induction head: its score', r.head.score),
    rec('induction head: its layer', r.head.layer),
    rec('uniform head: its score', r.uniform),
    rec('best previous-token score in layer 0', r.previousBest),
    rec('loss with the induction head zeroed', r.lossWithoutHead),
    rec('loss with another head of its layer zeroed (mean)', r.lossWithoutOtherHeads),
  ];
}

/** Columns, settings, notes and the loss curves of the report. */
export function report({ S, first, extra, quick }) {
  return {
    keys: ['model', 'measure'],
    metrics: ['value'],
    settings: {
      ...S,
      vocab: first?.vocab,
      T: first?.T,
      optimiser: optimiser(S),
      model: `transformer, ${S.layers} layers, dModel ${S.dModel}, ${S.heads} heads, ${S.posenc}, tied; attention-only (dFF 0) and with MLPs (dFF ${S.dFF}, gelu)`,
    },
    extra: { lossCurves: extra.curves ?? {}, heads: extra.heads ?? {} },
    notes: [
      'loss drop step: first step where the 10-step running mean is below halfway from the plateau to the end; n/a = no drop of 0.1 nats',
      'induction score = prefix-matching score (Olsson et al. 2022); the uniform head row is what a head attending to every visible key equally scores on the same queries',
      'the induction head is found per seed (the head with the highest score); zeroing sets its value rows to 0, so its output is 0 for every query',
      quick ? 'quick mode: tiny model, few steps; numbers only show the pipeline works' : null,
    ].filter(Boolean),
  };
}
