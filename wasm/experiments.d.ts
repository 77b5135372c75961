// experiments.d.ts — types of the experiments module (wasm/experiments.mjs): the tasks' batches, the
// training run, the measures and the four headless experiments. Every function takes the loaded API
// object (`sl`, from loadSeqlab()); nothing here loads the core.
import type { Batch, Model, Seqlab, TaskBatch } from './seqlab';

// ---- tasks (wasm/experiments/tasks.mjs) ----
export type Posenc = 'none' | 'learned' | 'sinusoidal' | 'rope' | 'alibi';
export type Cell = 'rnn' | 'lstm' | 'gru';
/** The tasks a run trains on: the core's (sl.makeTask) and recall (recallBatch). */
export type RunTask = 'copy' | 'reverse' | 'text' | 'induction' | 'recall' | 'parity';
/** The Transformer's positional encodings, in the order the experiments report them. */
export const POSENCS: readonly Posenc[];
export const CELLS: readonly Cell[];
/** A run's group is a recurrent cell or a Transformer's positional encoding. */
export function isCell(group: string): boolean;
/** What a run's group names: a cell ('rnn', 'lstm', 'gru', 'lstm-fb0': an LSTM with forget bias 0) or a
 * positional encoding with optional '+rand' (randomized positions) and '+attn' (attention-only). */
export function groupSpec(
  group: string,
):
  | { cell: Cell; forgetBias: number; posenc: null }
  | { cell: null; posenc: Posenc; randomized: boolean; attentionOnly: boolean }
  | null;
/** batch×T sorted random position ids, each row T distinct ids from [0, range) (Ruoss et al. 2023). */
export function randomPositions(batch: number, T: number, range: number, seed: number): Int32Array;
/** The seed purpose of randomized positions. */
export const POSITIONS: 3;
/** recall and parity: read out at the last of n bits, one net per distance n. */
export function isDistanceTask(task: string): task is 'recall' | 'parity';
/** 'loss' (text, induction; lower is better), 'accuracy' (recall, parity) or 'exact' (exact match). */
export function metricOf(s: { task: string }): 'loss' | 'accuracy' | 'exact';
/** A distinct task seed for (run seed, purpose, index): training and held-out batches never share one. */
export function taskSeed(seed: number, purpose: number, i?: number): number;
/** Purposes of taskSeed. */
export const TRAIN: 1;
export const HELD_OUT: 2;
/** The built-in corpus cut at the verse boundary nearest 85% (both parts hold the same characters). */
export function corpusSplit(sl: Seqlab): { train: string; heldout: string; cut: number; chars: string };
/** Windows of exactly T characters from one part of the corpus. */
export function textTask(
  sl: Seqlab,
  options: { batch: number; T: number; seed: number; split: 'train' | 'heldout' },
): TaskBatch;
/** next(i): the i-th batch of windows, drawn `chunk` (16) batches per core call; call in order 0, 1, 2, … */
export function textBatches(
  sl: Seqlab,
  options: { batch: number; T: number; seed: number; split: 'train' | 'heldout'; chunk?: number },
): (i: number) => Batch & { vocab: number };
/** Rows of exactly n bits, the only counted target the first bit, at position n − 1. */
export function recallBatch(sl: Seqlab, options: { batch: number; n: number; seed: number }): TaskBatch;
/** recall (recallBatch) or parity (finalOnly) rows of exactly n bits. */
export function distanceBatch(
  sl: Seqlab,
  task: 'recall' | 'parity',
  options: { batch: number; n: number; seed: number },
): TaskBatch;

/** The batches of a run: next(i) the training batch of step i; held(i, n?, batch?) held-out batch i at test length n. */
export interface RunBatches {
  next(i: number): Batch & { vocab: number };
  held(i: number, n?: number | null, batch?: number): Batch & { vocab?: number; meta?: TaskBatch['meta'] };
}
/** The batches of a run with settings s: seeds from the run's seed (training) and seed 0 (held out). */
export function taskBatches(sl: Seqlab, s: RunSettings, run: Pick<RunSpec, 'seed' | 'n'>): RunBatches;

// ---- the training run (wasm/experiments/run.mjs) ----
/** What a run trains: the task, the model's sizes, the optimiser and the step count. */
export interface RunSettings {
  task: RunTask;
  kind?: 'transformer' | 'recurrent';
  /** one run per encoding or cell (× seed, × test length for recall and parity) */
  encodings: readonly string[];
  layers: number;
  dModel: number;
  heads: number;
  dFF: number;
  lr: number;
  batch: number;
  weightDecay: number;
  /** training lengths (text: the context; recall, parity: unused, the run's n) */
  minLen: number;
  maxLen: number;
  testLengths: readonly number[];
  steps: number;
  /** number of seeds (1..seeds) planRuns makes */
  seeds?: number;
  evalBatch?: number;
  /** induction: alphabet size (default 32) */
  symbols?: number;
  /** recurrent cells */
  hidden?: number;
  /** the Transformer's own sizes beside recurrent cells */
  transformer?: { layers: number; dModel: number; heads: number; dFF: number };
  /** the 'lstm' group's forgetBias (default 1, TRAINING.md's); 'lstm-fb0' is always 0 */
  forgetBias?: number;
  /** the Transformer's embedding (default 'gpt2') */
  embedding?: 'gpt2' | 'scaled';
  /** '+rand' groups: position ids are drawn from [0, positionRange); a learned table has that many rows */
  positionRange?: number;
  /** the lab's preset name */
  preset?: string;
}
/** One run of a plan: plain data (crosses to a Web Worker as it is). */
export interface RunSpec {
  id: number;
  /** a positional encoding (a Transformer) or a cell */
  group: string;
  seed: number;
  /** recall and parity: the distance; else null */
  n: number | null;
  settings: RunSettings;
  /** the headless experiments: how the command line names the run */
  label?: string;
}
/** The runs of s: one per encoding or cell × seed 1..s.seeds (× test length for recall and parity). */
/** The run-settings fields every Transformer experiment shares (kind, sizes, lr, batch, steps, weight decay). */
export function transformerRunSettings(
  S: { layers: number; dModel: number; heads: number; dFF: number; lr: number; batch: number; steps: number },
  weightDecay: number,
): Pick<RunSettings, 'kind' | 'layers' | 'dModel' | 'heads' | 'dFF' | 'lr' | 'batch' | 'weightDecay' | 'steps'>;
/** Seeds as given (a list) or 1..n for a count n. */
export function seedList(seeds: number | readonly number[]): number[];
export function planRuns(s: RunSettings & { seeds: number }): RunSpec[];
/** The model config of a run; vocab and maxLen from its first batch. */
export function modelConfig(
  s: RunSettings,
  run: Pick<RunSpec, 'group' | 'seed'>,
  first: { vocab: number; T: number },
): Parameters<Seqlab['createModel']>[0];

export interface RunAttention {
  layers: number;
  heads: number;
  T: number;
  /** layers×heads×T×T (batch 1) */
  weights: Float32Array;
  /** induction: every head's score on the held-out batch; else null */
  scores: (number | null)[] | null;
  tokens: number[];
}
export interface RunResult {
  /** the metric at every test length (null where it does not apply: 'learned' past its table) */
  lengths: { length: number; value: number | null }[];
  losses: number[];
  held: { step: number; loss: number }[];
  gradNorms: number[];
  /** induction: the step where the loss drops */
  dropStep: number | null;
  /** recurrent nets: ‖∂loss/∂h_t‖ on the held-out batch before and after training */
  memory: { untrained: number[]; trained: number[] } | null;
  ms: number;
}
/** One run's training session: the page's workers, its main-thread fallback, the headless experiments. */
export class TrainingRun {
  /** data replaces the run's batches (default taskBatches); evalEvery 0: no held-out curve (default max(10, steps/30)). */
  constructor(
    sl: Seqlab,
    run: RunSpec,
    options?: { model?: Model | null; data?: RunBatches | null; evalEvery?: number | null },
  );
  readonly sl: Seqlab;
  readonly run: RunSpec;
  readonly s: RunSettings;
  readonly data: RunBatches;
  readonly model: Model;
  /** the batch of step 0 */
  readonly first: Batch & { vocab: number; T: number };
  /** data.held(0): the held-out curve's batch, the attention scores' and the gradient through time's */
  readonly heldBatch: Batch;
  readonly evalEvery: number;
  readonly opt: { lr: number; weightDecay: number; clip: number };
  readonly steps: number;
  readonly losses: number[];
  readonly gradNorms: number[];
  readonly held: { step: number; loss: number }[];
  /** milliseconds spent in step() */
  readonly ms: number;
  /** recurrent nets: ‖∂loss/∂h_t‖ before training; else null */
  readonly untrainedGrad: number[] | null;
  readonly done: boolean;
  /** trains up to n steps (fewer at the end); returns the number done */
  step(n?: number): number;
  /** trains one step at a time until ms milliseconds have passed or the run is done; returns the steps done */
  stepFor(ms: number): number;
  /** ‖∂loss/∂h_t‖, t = 0..T−1, on the held-out batch (recurrent nets) */
  gradThroughTime(): number[];
  /** the metric at every test length */
  lengthEval(): RunResult['lengths'];
  /** attention on the tokens given (null for a recurrent net) */
  attention(tokens: readonly number[]): RunAttention | null;
  /** every head's induction score (layers×heads) on batch b over the positions its lossMask counts */
  inductionScores(b: Batch): (number | null)[];
  /** the first held-out row, padding cut */
  sampleTokens(): number[];
  result(): RunResult;
  progress(): {
    id: number;
    steps: number;
    total: number;
    losses: number[];
    held: { step: number; loss: number }[];
    ms: number;
  };
  dispose(): void;
}

// ---- measures and summaries (wasm/experiments/metrics.mjs) ----
/** Mean of the last k (10) losses. */
export function finalLoss(losses: ArrayLike<number> & { slice(start: number): ArrayLike<number> }, k?: number): number;
/** Mean of model.evaluate over count batches make(0..count−1). */
export function evaluateMean(
  model: Model,
  make: (i: number) => Batch,
  count: number,
): { loss: number; tokenAccuracy: number; exactMatch: number };
/** The fraction of rows whose answer at position n − 1 changes when the first bit is flipped. */
export function firstBitFlip(model: Model, batch: Batch, n: number): number;
/** The step where the loss drops (halfway from the plateau to the end, 10-step running mean); null without a drop of 0.1. */
export function dropStep(losses: ArrayLike<number>): number | null;
/** Induction (prefix-matching) score of every head, layers×heads; null where no query counts. attention: layers×batch×heads×T×T. */
export function inductionScores(
  tokens: ArrayLike<number>,
  attention: ArrayLike<number>,
  options: { layers: number; batch: number; heads: number; T: number; mask?: ArrayLike<number> | null },
): (number | null)[];
export interface Spread {
  mean: number;
  std: number;
  min: number;
  max: number;
  n: number;
}
/** Mean, sample standard deviation, min and max of the finite values; null when there are none. */
/** What a head attending to every visible key equally scores on inductionScores' queries. */
export function uniformInductionScore(
  tokens: ArrayLike<number>,
  dims: { batch: number; T: number; mask?: ArrayLike<number> | null },
): number | null;
/** Every head's mean attention from query i to key i − 1 (layers×heads), padding left out. */
export function previousTokenScores(
  tokens: ArrayLike<number>,
  attention: Float32Array,
  dims: { layers: number; batch: number; heads: number; T: number; pad?: number },
): (number | null)[];
/** model.evaluate(batch) with one head's output zeroed (its value rows set to 0); parameters restored. */
export function evaluateWithoutHead(
  model: Model,
  batch: Batch,
  layer: number,
  head: number,
): { loss: number; tokenAccuracy: number; exactMatch: number };
export interface InductionReport {
  scores: (number | null)[];
  previous: (number | null)[];
  head: { layer: number; head: number; score: number | null };
  previousBest: number | null;
  uniform: number | null;
  loss: number;
  lossWithoutHead: number;
  lossWithoutOtherHeads: number | null;
}
/** The induction head of a trained model on batch b (highest induction score), its baseline and ablation. */
export function inductionReport(model: Model, b: TaskBatch): InductionReport;
export function spread(values: readonly (number | null | undefined)[]): Spread | null;
/** Groups records by the key columns; each metric's spread over the group. */
export function summarise(
  records: readonly Record<string, unknown>[],
  keys: readonly string[],
  metrics: readonly string[],
): Record<string, unknown>[];
/** "mean ±std [min–max]", the mean alone for one value, or "n/a". */
export function cell(s: Spread | null, digits?: number): string;
/** A fixed-width text table. */
export function textTable<R>(rows: readonly R[], columns: readonly { title: string; get(row: R): unknown }[]): string;

// ---- the experiments (wasm/experiments/NAME.mjs) ----
export type ExperimentName = 'lm-lengths' | 'copy-lengths' | 'rnn-memory' | 'induction';
/** One experiment: its settings, the runs it makes, their batches, what it measures and its report. */
export interface Experiment<S = Record<string, unknown>> {
  readonly name: ExperimentName;
  /** the full settings, or the quick ones (a few seconds) */
  settings(quick: boolean): S;
  optimiser(S: S): { lr: number; weightDecay: number; clip: number };
  /** the settings of a run (TrainingRun) of the experiment; the lab's presets start from these */
  trainSettings(S: S, task?: RunTask): RunSettings;
  /** every run, seeds 1..seeds */
  plan(S: S, seeds: number): RunSpec[];
  /** batches shared by every run (lm-lengths: the held-out windows) */
  heldOut?(sl: Seqlab, S: S): unknown;
  /** a run's batches (held-out ones the experiment's own) */
  batches(sl: Seqlab, S: S, run: RunSpec, shared?: unknown): RunBatches & Record<string, unknown>;
  /** the records of a trained run; extra collects curves for the report */
  measure(args: {
    tr: TrainingRun;
    S: S;
    run: RunSpec;
    shared: unknown;
    extra: Record<string, unknown>;
  }): Record<string, unknown>[];
  report(args: { S: S; first: { vocab: number; T: number } | null; extra: Record<string, unknown>; quick: boolean }): {
    keys: string[];
    metrics: string[];
    titles?: Record<string, string>;
    digits?: number;
    settings: Record<string, unknown>;
    notes: string[];
    extra?: Record<string, unknown>;
  };
}
export const experiments: Readonly<Record<ExperimentName, Experiment>>;
export const EXPERIMENTS: ExperimentName[];
export interface ExperimentResult {
  name: ExperimentName;
  quick: boolean;
  seeds: number[];
  settings: Record<string, unknown>;
  keys: string[];
  metrics: string[];
  /** one per seed and setting; null: does not apply */
  records: Record<string, string | number | null>[];
  /** per key, each metric's spread over the seeds */
  summary: Record<string, unknown>[];
  notes: string[];
  /** the printed table */
  table: string;
  /** rnn-memory: gradient norms through time; induction: loss curves; else null */
  extra: Record<string, unknown> | null;
}
/** Trains and measures every run of experiment `name` (seeds 1..seeds, default 3) and summarises them. */
export function runExperiment(
  sl: Seqlab,
  name: ExperimentName,
  options?: { quick?: boolean; seeds?: number; log?: (line: string) => void },
): ExperimentResult;
