// util.mjs — what the experiments share: a training loop over the public API and batch seeds.

/** A distinct task seed for (run seed, purpose, index), so training and held-out batches never share one. */
export const taskSeed = (seed, purpose, i = 0) => (seed * 1000003 + purpose * 7919 + i) >>> 0;
export const TRAIN = 1;
export const HELD_OUT = 2;

/**
 * Trains `model` for `steps` steps on next(step) batches with `opt`; returns {losses, gradNorms,
 * ms}: the loss and pre-clipping gradient norm of every step, and the wall time.
 */
export function train(model, next, steps, opt) {
  const losses = new Float64Array(steps),
    gradNorms = new Float64Array(steps);
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const r = model.step(next(s), opt);
    losses[s] = r.loss;
    gradNorms[s] = r.gradNorm;
  }
  return { losses, gradNorms, ms: performance.now() - t0 };
}

/** Mean of model.evaluate over `count` batches from make(i), weighted by nothing (equal batches). */
export function evaluateMean(model, make, count) {
  let loss = 0,
    tokenAccuracy = 0,
    exactMatch = 0;
  for (let i = 0; i < count; i++) {
    const e = model.evaluate(make(i));
    ((loss += e.loss), (tokenAccuracy += e.tokenAccuracy), (exactMatch += e.exactMatch));
  }
  return { loss: loss / count, tokenAccuracy: tokenAccuracy / count, exactMatch: exactMatch / count };
}

export const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
