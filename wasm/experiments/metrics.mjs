// metrics.mjs — what the experiments measure and how they summarise it: the final training loss,
// held-out means, the first-bit flip of the memory tasks, the step where a loss drops, every head's
// induction (prefix-matching) score, its uniform baseline, previous-token scores, a head's
// ablation, and the spread over seeds with its table cells.

/** Mean of the last k losses of a curve (the training loss a run ends with). */
export function finalLoss(losses, k = 10) {
  return losses.slice(-k).reduce((a, b) => a + b, 0) / Math.min(k, losses.length);
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

const argmaxAt = (logits, V, p) => {
  let best = 0;
  for (let v = 1; v < V; v++) if (logits[p * V + v] > logits[p * V + best]) best = v;
  return best;
};

/**
 * The fraction of the batch's rows of n bits whose predicted answer (at position n − 1) changes when
 * the first bit is flipped: 1 for a net that carries the first bit to the end, 0 for one that forgot it.
 */
export function firstBitFlip(model, batch, n) {
  const V = model.config.vocab;
  const base = model.forward({ tokens: batch.tokens, batch: batch.batch, T: batch.T }).logits;
  const flipped = Int32Array.from(batch.tokens);
  for (let b = 0; b < batch.batch; b++) flipped[b * batch.T] = 1 - flipped[b * batch.T];
  const other = model.forward({ tokens: flipped, batch: batch.batch, T: batch.T }).logits;
  let changed = 0;
  for (let b = 0; b < batch.batch; b++) {
    const p = b * batch.T + n - 1;
    if (argmaxAt(base, V, p) !== argmaxAt(other, V, p)) changed++;
  }
  return changed / batch.batch;
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
 * The queries an induction score is measured on: for each row b and query i (counted in mask, when
 * given: the repeat) whose token occurred exactly once before, at j with j + 1 < i: [b, i, j + 1],
 * the query and the key right after that occurrence.
 */
function inductionQueries(tokens, { batch, T, mask = null }) {
  const out = [];
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < T; i++) {
      if (mask && !mask[b * T + i]) continue;
      let j = -1,
        seen = 0;
      for (let p = 0; p < i; p++) if (tokens[b * T + p] === tokens[b * T + i]) (seen++, (j = p));
      if (seen === 1 && j + 1 < i) out.push([b, i, j + 1]);
    }
  }
  return out;
}

/**
 * Induction (prefix-matching) score of every head: the attention weight of key j + 1 from query i
 * (inductionQueries), averaged over those queries.
 * attention: layers×batch×heads×T×T. Returns layers×heads scores (null where no query counts).
 */
export function inductionScores(tokens, attention, { layers, batch, heads, T, mask = null }) {
  const sums = new Float64Array(layers * heads);
  const queries = inductionQueries(tokens, { batch, T, mask });
  for (const [b, i, k] of queries)
    for (let l = 0; l < layers; l++)
      for (let h = 0; h < heads; h++) sums[l * heads + h] += attention[(((l * batch + b) * heads + h) * T + i) * T + k];
  return Array.from(sums, (s) => (queries.length ? s / queries.length : null));
}

/**
 * What a head that attends uniformly to every key it may see (1/(i+1) at query i) scores on the
 * queries inductionScores counts: the baseline every induction score is read against.
 */
export function uniformInductionScore(tokens, { batch, T, mask = null }) {
  const queries = inductionQueries(tokens, { batch, T, mask });
  return queries.length ? queries.reduce((a, [, i]) => a + 1 / (i + 1), 0) / queries.length : null;
}

/**
 * Previous-token score of every head (layers×heads): the mean attention from query i to key i − 1
 * over the queries 1 .. of each row that are not padding (token `pad`). In a 2-layer induction
 * circuit a layer-0 head of this kind lets the layer-1 head match on the token before (Olsson et
 * al. 2022, K-composition).
 */
export function previousTokenScores(tokens, attention, { layers, batch, heads, T, pad = 0 }) {
  const sums = new Float64Array(layers * heads);
  let count = 0;
  for (let b = 0; b < batch; b++)
    for (let i = 1; i < T; i++) {
      if (tokens[b * T + i] === pad) continue;
      count++;
      for (let l = 0; l < layers; l++)
        for (let h = 0; h < heads; h++)
          sums[l * heads + h] += attention[(((l * batch + b) * heads + h) * T + i) * T + i - 1];
    }
  return Array.from(sums, (s) => (count ? s / count : null));
}

/**
 * model.evaluate(batch) with head `head` of layer `layer` zeroed: its value rows (q, k, v of
 * h.layer.attn.qkv: the v block's rows head·D .. (head+1)·D, weights and biases) set to 0, so the
 * head's output — softmax weights times values — is exactly 0 for every query. The parameters are
 * put back before returning.
 */
export function evaluateWithoutHead(model, batch, layer, head) {
  const c = model.config;
  const D = c.dModel / c.heads;
  const saved = model.getParams();
  const p = saved.slice();
  const w = model.paramLayout.find((t) => t.name === `h.${layer}.attn.qkv.w`);
  const bias = model.paramLayout.find((t) => t.name === `h.${layer}.attn.qkv.b`);
  for (let r = 2 * c.dModel + head * D; r < 2 * c.dModel + (head + 1) * D; r++) {
    p.fill(0, w.offset + r * c.dModel, w.offset + (r + 1) * c.dModel);
    p[bias.offset + r] = 0;
  }
  model.setParams(p);
  try {
    return model.evaluate(batch);
  } finally {
    model.setParams(saved);
  }
}

/**
 * Everything the lab and the report show of a trained induction model on the held-out batch b:
 * every head's induction and previous-token score (layers×heads), the induction head (the best
 * score) and its ablation, the uniform baseline.
 */
export function inductionReport(model, b) {
  const c = model.config;
  const dims = { layers: c.layers, batch: b.batch, heads: c.heads, T: b.T };
  const a = model.forward({ tokens: b.tokens, batch: b.batch, T: b.T }).attention;
  const scores = inductionScores(b.tokens, a, { ...dims, mask: b.lossMask });
  const previous = previousTokenScores(b.tokens, a, { ...dims, pad: b.meta?.pad ?? 0 });
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
  const layer = Math.floor(best / c.heads),
    head = best % c.heads;
  const intact = model.evaluate(b).loss;
  const ablated = evaluateWithoutHead(model, b, layer, head).loss;
  const others = [];
  for (let h = 0; h < c.heads; h++) if (h !== head) others.push(evaluateWithoutHead(model, b, layer, h).loss);
  return {
    scores,
    previous,
    head: { layer, head, score: scores[best] },
    previousBest: Math.max(...previous.slice(0, c.heads)),
    uniform: uniformInductionScore(b.tokens, { batch: b.batch, T: b.T, mask: b.lossMask }),
    loss: intact,
    lossWithoutHead: ablated,
    lossWithoutOtherHeads: others.length ? others.reduce((x, y) => x + y, 0) / others.length : null,
  };
}
/** Mean, standard deviation (sample), min and max of the finite values; null if none. */
export function spread(values) {
  const xs = values.filter((x) => x !== null && x !== undefined && Number.isFinite(x));
  if (!xs.length) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, std, min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/** Groups records by the `keys` columns and summarises each metric over the seeds (spread). */
export function summarise(records, keys, metrics) {
  const groups = new Map();
  for (const r of records) {
    const id = JSON.stringify(keys.map((k) => r[k]));
    if (!groups.has(id)) groups.set(id, []);
    groups.get(id).push(r);
  }
  return [...groups.values()].map((rs) => {
    const row = Object.fromEntries(keys.map((k) => [k, rs[0][k]]));
    for (const m of metrics) row[m] = spread(rs.map((r) => r[m]));
    return row;
  });
}

// large values without decimals; values too small for `digits` decimals (a gradient ratio of
// 1e-9) in exponent form rather than as a row of zeros
const fmt = (x, digits) =>
  Math.abs(x) >= 1000
    ? x.toFixed(0)
    : x !== 0 && Math.abs(x) < 0.5 * 10 ** -digits
      ? x.toExponential(1)
      : x.toFixed(digits);
/** "mean ±std [min–max]" or "n/a" (a measurement that does not apply, e.g. past a learned table). */
export function cell(s, digits = 3) {
  if (!s) return 'n/a';
  if (s.n === 1) return fmt(s.mean, digits);
  return `${fmt(s.mean, digits)} ±${fmt(s.std, digits)} [${fmt(s.min, digits)}–${fmt(s.max, digits)}]`;
}

/** A fixed-width text table; columns: [{title, get(row) → string}]. */
export function textTable(rows, columns) {
  const cells = rows.map((r) => columns.map((c) => String(c.get(r))));
  const width = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i].length)));
  const line = (xs) => xs.map((x, i) => (i === 0 ? x.padEnd(width[i]) : x.padStart(width[i]))).join('  ');
  return [line(columns.map((c) => c.title)), line(width.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
