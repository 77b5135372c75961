// run.mjs — one training run: the plan of runs (one per positional encoding or cell × seed, and ×
// distance for recall and parity), a run's model config, and TrainingRun, the one object that
// trains a run step by step and measures it. The lab's Web Workers, its main-thread fallback, the
// headless experiments (wasm/experiments.mjs) and the benchmarks all train through it. It takes
// the loaded API object `sl`, so it runs in Node, in a page and in a Web Worker alike.
import { dropStep, inductionReport, inductionScores } from './metrics.mjs';
import { groupSpec, isCell, isDistanceTask, metricOf, taskBatches } from './tasks.mjs';

/** Seeds as given (an array of integers) or 1..n for a count n. */
export const seedList = (seeds) => (Array.isArray(seeds) ? [...seeds] : Array.from({ length: seeds }, (_, i) => i + 1));

/**
 * The runs of settings s: one per encoding (or recurrent cell) × seed 1..s.seeds. Every spec is
 * plain data, so it crosses to a worker as it is. For recall and parity: one run per cell × test
 * length × seed (each net is trained at the distance it is tested on, as in rnn-memory).
 */
export function planRuns(s) {
  const runs = [];
  const seeds = seedList(s.seeds);
  for (const enc of s.encodings) {
    const lengths = isDistanceTask(s.task) ? s.testLengths : [null];
    for (const n of lengths) {
      for (const seed of seeds) {
        runs.push({ id: runs.length, group: enc, seed, n, settings: s });
      }
    }
  }
  return runs;
}

/**
 * The fields every Transformer experiment's run settings share, from its settings S and its
 * optimiser's weight decay: kind, model sizes, learning rate, batch and step count.
 */
export const transformerRunSettings = (S, weightDecay) => ({
  kind: 'transformer',
  layers: S.layers,
  dModel: S.dModel,
  heads: S.heads,
  dFF: S.dFF,
  lr: S.lr,
  batch: S.batch,
  weightDecay,
  steps: S.steps,
});

/**
 * The model config of a run (vocab and training length from the task's first batch): a recurrent
 * net for a cell (an LSTM with its group's forget bias, or s.forgetBias where the settings give
 * one), else a Transformer with the group's positional encoding (sized by s.transformer where the
 * experiment gives the Transformer sizes of its own; attention-only for '+attn'; a learned table of
 * s.positionRange rows for '+rand', of the longest training row otherwise).
 */
export function modelConfig(s, run, first) {
  const g = groupSpec(run.group);
  if (!g) throw new Error(`unknown group '${run.group}'`);
  if (g.cell) {
    const c = { kind: g.cell, vocab: first.vocab, dModel: s.dModel, hidden: s.hidden, seed: run.seed };
    if (g.cell === 'lstm')
      c.forgetBias = run.group === 'lstm' && typeof s.forgetBias === 'number' ? s.forgetBias : g.forgetBias;
    return c;
  }
  const size = s.transformer ?? s;
  return {
    kind: 'transformer',
    vocab: first.vocab,
    maxLen: g.randomized ? s.positionRange : first.T,
    layers: size.layers,
    dModel: size.dModel,
    heads: size.heads,
    dFF: g.attentionOnly ? 0 : size.dFF,
    posenc: g.posenc,
    embedding: s.embedding ?? 'gpt2',
    seed: run.seed,
  };
}

/**
 * One run's training session. step(n) trains n more steps, stepFor(ms) as many as fit in ms; the
 * curves grow by one train loss per step and one held-out loss every `evalEvery` steps (0: none).
 * lengthEval() measures the metric at every test length (null where the model has no positions:
 * 'learned' past its table). `data` replaces the run's batches ({next(i), held(i, n)}, default
 * taskBatches); held(0) is the held-out batch of the curve, the attention scores and the gradient
 * through time.
 */
export class TrainingRun {
  constructor(sl, run, { model = null, data = null, evalEvery = null } = {}) {
    this.sl = sl;
    this.run = run;
    const s = (this.s = run.settings);
    this.data = data ?? taskBatches(sl, s, run);
    this.first = this.data.next(0);
    this.model = model ?? sl.createModel(modelConfig(s, run, this.first));
    this.opt = { lr: s.lr, weightDecay: s.weightDecay, clip: 1 };
    this.heldBatch = this.data.held(0);
    this.evalEvery = evalEvery ?? Math.max(10, Math.round(s.steps / 30));
    this.steps = 0;
    this.losses = [];
    this.gradNorms = [];
    this.held = []; // [{step, loss}]
    this.ms = 0;
    // recurrent nets: ‖∂loss/∂h_t‖ on the held-out batch for t = 0..n−1, before training (the
    // trained one is measured in result())
    this.untrainedGrad = isCell(run.group) ? this.gradThroughTime() : null;
  }

  /** ‖∂loss/∂h_t‖, t = 0..T−1, mean over the held-out rows (model.gradNormThroughTime). */
  gradThroughTime() {
    return Array.from(this.model.gradNormThroughTime(this.heldBatch).dhNorm);
  }

  get done() {
    return this.steps >= this.s.steps;
  }

  /** Trains up to n steps (fewer at the end); returns the number done. */
  step(n = 1) {
    const t0 = performance.now();
    let k = 0;
    while (k < n && !this.done) {
      const r = this.model.step(this.steps === 0 ? this.first : this.data.next(this.steps), this.opt);
      this.losses.push(r.loss);
      this.gradNorms.push(r.gradNorm);
      this.steps++;
      k++;
      if (this.evalEvery > 0 && (this.steps % this.evalEvery === 0 || this.done))
        this.held.push({ step: this.steps, loss: this.model.evaluate(this.heldBatch).loss });
    }
    this.ms += performance.now() - t0;
    return k;
  }

  /** Trains one step at a time until `ms` milliseconds have passed or the run is done; returns the steps done. */
  stepFor(ms) {
    const t0 = performance.now();
    let k = 0;
    while (!this.done && performance.now() - t0 < ms) k += this.step(1);
    return k;
  }

  /** The metric at each test length: {length, value} (value null where it does not apply). */
  lengthEval() {
    const s = this.s;
    const metric = metricOf(s);
    const lengths = isDistanceTask(s.task) ? [this.run.n] : s.testLengths;
    const c = this.model.config;
    return lengths.map((n) => {
      const b = this.data.held(1, n);
      if (c.posenc === 'learned' && b.T > c.maxLen) return { length: n, value: null };
      const e = this.model.evaluate(b);
      const value = metric === 'loss' ? e.loss : metric === 'accuracy' ? e.tokenAccuracy : e.exactMatch;
      return { length: n, value };
    });
  }

  /**
   * Attention of the current model on the tokens given (null for a recurrent net):
   * {layers, heads, T, weights: layers×heads×T×T}, and for the induction task every head's score
   * on the held-out batch.
   */
  attention(tokens) {
    if (isCell(this.run.group)) return null;
    const c = this.model.config;
    const T = Math.min(tokens.length, c.posenc === 'learned' ? c.maxLen : 256);
    const r = this.model.forward({ tokens: Int32Array.from(tokens.slice(0, T)), batch: 1, T });
    const out = {
      layers: c.layers,
      heads: c.heads,
      T,
      weights: r.attention,
      scores: null,
      tokens: Array.from(tokens.slice(0, T)),
    };
    if (this.s.task === 'induction') out.scores = this.inductionScores(this.heldBatch);
    return out;
  }

  /** Every head's induction score (layers×heads) on batch b, over the positions its lossMask counts. */
  inductionScores(b) {
    const c = this.model.config;
    const a = this.model.forward({ tokens: b.tokens, batch: b.batch, T: b.T }).attention;
    return inductionScores(b.tokens, a, { layers: c.layers, batch: b.batch, heads: c.heads, T: b.T, mask: b.lossMask });
  }

  /** A sequence of the task to show in the model view: the first held-out row, padding cut. */
  sampleTokens() {
    const b = this.heldBatch;
    const n = b.meta?.lengths?.[0];
    const T =
      this.s.task === 'text' ? b.T : this.s.task === 'induction' ? 2 * n : isDistanceTask(this.s.task) ? n : 2 * n + 1;
    return Array.from(b.tokens.subarray(0, Math.min(b.T, T || b.T)));
  }

  /**
   * Everything a finished run reports (the worker's 'done' message and the main-thread fallback's):
   * curves, the metric at every test length, the induction loss drop and, for recurrent nets, the
   * gradient norm through time before and after training.
   */
  result() {
    return {
      lengths: this.lengthEval(),
      losses: this.losses,
      held: this.held,
      gradNorms: this.gradNorms,
      dropStep: this.s.task === 'induction' ? dropStep(this.losses) : null,
      // the induction head found on the held-out batch, its score beside a uniform head's, and the
      // loss on the repeat with it zeroed (metrics.mjs inductionReport)
      induction:
        this.s.task === 'induction' && !isCell(this.run.group) ? inductionReport(this.model, this.heldBatch) : null,
      memory: this.untrainedGrad ? { untrained: this.untrainedGrad, trained: this.gradThroughTime() } : null,
      ms: this.ms,
    };
  }

  /** The state sent with every progress message (numbers only). */
  progress() {
    return {
      id: this.run.id,
      steps: this.steps,
      total: this.s.steps,
      losses: this.losses.slice(),
      held: this.held.slice(),
      ms: this.ms,
    };
  }

  dispose() {
    this.model.dispose();
  }
}
