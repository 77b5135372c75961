// rnn-memory — tanh RNN vs LSTM vs GRU (and a small Transformer) on delayed recall, read out at the
// end of n bits, so n is the distance the net must carry information over: the first bit, recalled
// at the last position over n − 1 distractor bits (makeTask 'recall'), the "latching" problem of
// Bengio, Simard & Frasconi 1994 that motivated the LSTM (Hochreiter & Schmidhuber 1997). The LSTM
// runs twice: with the forget-gate bias of 1 (Gers et al. 2000; Jozefowicz et al. 2015; TRAINING.md's
// default, group 'lstm') and with PyTorch's own 0 ('lstm-fb0'). Reported per model and n:
//   accuracy   held-out accuracy of the final answer (chance 0.5);
//   firstFlip  the fraction of held-out rows whose predicted answer changes when the first bit is
//              flipped (a net that recalls: 1; a net that forgot the first bit: 0);
//   dh0/dhEnd untrained, trained   the gradient norm through time (model.gradNormThroughTime): the
//              mean over held-out rows of ‖∂loss/∂h_0‖ over that of ‖∂loss/∂h_{n−1}‖ — how much of
//              the loss's gradient reaches the first step, before and after training (recurrent
//              kinds; n/a for the Transformer). The whole curve against the distance from the end
//              is in results.json (extra.gradNormThroughTime).
// Budget rule (the same for every model): one step count and one lr for all models and n, fixed
// with the pilot seeds before the reported run (README, "rnn-memory"). Parity, the other task read
// out at the end, stays in the lab's custom mode.
import { finalLoss, firstBitFlip } from './metrics.mjs';
import { planRuns } from './run.mjs';
import { distanceBatch, HELD_OUT, isCell, taskBatches, taskSeed } from './tasks.mjs';

export const name = 'rnn-memory';
/** The tasks, in the order they run. */
export const TASKS = ['recall'];
/** The models compared: the groups of the runs (tasks.mjs groupSpec). */
export const MODELS = ['rnn', 'lstm', 'lstm-fb0', 'gru'];

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
        lr: 3e-3,
        evalBatch: 64,
      }
    : {
        lengths: [4, 8],
        recallLengths: [8, 16, 32, 64],
        batch: 32,
        steps: 600,
        hidden: 32,
        dModel: 8,
        tf: { layers: 2, dModel: 32, heads: 4, dFF: 64, posenc: 'rope' },
        // the pilot (seeds 101–105): at 1e-2 the LSTM stayed at chance at n = 16 with either forget
        // bias; at 3e-3 it recalled there in every seed (README, "rnn-memory")
        lr: 3e-3,
        evalBatch: 256,
      };
}

export const optimiser = (S) => ({ lr: S.lr, weightDecay: 0, clip: 1 });

/**
 * A run's settings (TrainingRun): the three cells and a small Transformer (S.tf, its posenc as its
 * group) on `task` at every distance of the task. layers, heads and dFF are unused (cells).
 */
export function trainSettings(S, task = TASKS[0]) {
  const { posenc, ...transformer } = S.tf;
  return {
    task,
    kind: 'recurrent',
    encodings: [...MODELS, posenc],
    layers: 1,
    dModel: S.dModel,
    heads: 1,
    dFF: 1,
    lr: S.lr,
    batch: S.batch,
    hidden: S.hidden,
    transformer,
    weightDecay: optimiser(S).weightDecay,
    minLen: 0,
    maxLen: 0,
    testLengths: task === 'recall' ? S.recallLengths : S.lengths,
    steps: S.steps,
    evalBatch: S.evalBatch,
  };
}

/** The model reported for a run's group: the cell ('lstm-fb0' as itself), or 'transformer'. */
const modelOf = (group) => (isCell(group) ? group : 'transformer');

/** The runs: one per task × model × n × seed. */
export function plan(S, seeds) {
  return TASKS.flatMap((task) => planRuns({ ...trainSettings(S, task), seeds })).map((run, id) => ({
    ...run,
    id,
    label: `${run.settings.task} ${modelOf(run.group)} n=${run.n}`,
  }));
}

/** A run's batches: training rows as the lab's; held(0) the test rows at the run's n, the same for every run. */
export function batches(sl, S, run) {
  const test = distanceBatch(sl, run.settings.task, {
    batch: S.evalBatch,
    n: run.n,
    seed: taskSeed(0, HELD_OUT, run.n),
  });
  return { next: taskBatches(sl, run.settings, run).next, held: () => test };
}

/**
 * The record of a trained run: held-out accuracy, first-bit flip, final training loss and the
 * share of the gradient through time reaching the first step, untrained and trained (the whole
 * curves go to extra.curves[task][model][n][seed]).
 */
export function measure({ tr, run, extra }) {
  const { n, seed } = run,
    task = run.settings.task,
    kind = modelOf(run.group);
  const test = tr.heldBatch;
  const recurrent = isCell(run.group);
  const before = tr.untrainedGrad;
  const after = recurrent ? tr.gradThroughTime() : null;
  const ev = tr.model.evaluate(test);
  const firstFlip = firstBitFlip(tr.model, test, n);
  // ‖∂loss/∂h_0‖ / ‖∂loss/∂h_{n−1}‖ (the loss is at n − 1 only, so the last one is never 0)
  const ratio = (d) => (d ? d[0] / d[n - 1] : null);
  if (recurrent) {
    // stored against the distance from the end, d = n − 1 − t
    const byDistance = (d) => Array.from(d, (_, i) => +d[n - 1 - i].toPrecision(4));
    const curves = (extra.curves ??= {});
    ((curves[task] ??= {})[kind] ??= {})[n] ??= {};
    curves[task][kind][n][seed] = { untrained: byDistance(before), trained: byDistance(after) };
  }
  return [
    {
      task,
      model: kind,
      n,
      seed,
      accuracy: ev.tokenAccuracy,
      firstFlip,
      trainLoss: finalLoss(tr.losses),
      dhRatioInit: ratio(before),
      dhRatioTrained: ratio(after),
    },
  ];
}

/** Columns, settings, notes and the gradient curves of the report. */
export function report({ S, extra, quick }) {
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
      optimiser: optimiser(S),
      task: "recall: the first bit at the last position of n bits (makeTask 'recall')",
      models:
        "rnn: tanh RNN; lstm: forget-gate bias 1; lstm-fb0: forget-gate bias 0 (PyTorch's); gru; transformer: the Transformer of S.tf",
      budget: 'one step count and lr for every model, task and n, fixed before the run (no per-model tuning)',
    },
    extra: {
      gradNormThroughTime: extra.curves ?? {},
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
