// model.js — the numbers of <seqlab-attention>, without the DOM: the tokens of the typed
// sentence, seeded Q, K, V per head, the mask (padding keys, clicked cells) and each head's steps
// QKᵀ → scale → mask → softmax → ·V from the core. The view asks for the selected head first and
// the others later (see view.js); attentionModel() computes everything at once.
import { gaussianMatrix, tokenEmbeddings, tokenize } from '../../core/random.js';

export const MAX_TOKENS = 512;
/** Padding tokens, masked as keys when `padding` is on. */
export const PAD = /^(\[pad\]|<pad>)$/i;

export const PRESETS = [
  { label: 'The cat sat on the mat', text: 'the cat sat on the mat' },
  { label: 'Long-range reference', text: "the animal didn't cross the street because it was too tired" },
  { label: 'Padded batch row', text: 'the cat sat [PAD] [PAD] [PAD]', padding: true },
  { label: 'Persian sentence', text: 'گربه روی حصیر نشست' },
  { label: '512 numbered tokens', text: Array.from({ length: 512 }, (_, i) => `t${i}`).join(' ') },
];

/** "0:4,2:3" → Set of "i,j" within n×n (the hand-masked cells, as kept in the URL). */
export function parseCells(text, n) {
  const set = new Set();
  for (const part of text.split(',')) {
    const m = /^\s*(\d+):(\d+)\s*$/.exec(part);
    if (m && Number(m[1]) < n && Number(m[2]) < n) set.add(`${Number(m[1])},${Number(m[2])}`);
  }
  return set;
}

/** The cells setting with cell (i, j) added or removed. */
export function toggleCell(text, n, i, j) {
  const cells = parseCells(text, n);
  const key = `${i},${j}`;
  if (cells.has(key)) cells.delete(key);
  else cells.add(key);
  return [...cells].map((c) => c.replace(',', ':')).join(',');
}

/**
 * Embeddings projected to per-head Q, K, V (n×dk each) and V of all heads (n×heads·dk). They
 * depend on the tokens, sizes and seed only: `previous` is returned as it is when those match,
 * so dragging the temperature does not project again.
 */
export function projections(sl, tokens, { dModel, heads, dk, seed }, previous) {
  const key = `${dModel}|${heads}|${dk}|${seed}`;
  if (previous?.tokens === tokens && previous.key === key) return previous;
  const n = tokens.length;
  const x = tokenEmbeddings(tokens, dModel);
  const std = 1 / Math.sqrt(dModel);
  // three independent seeds per projection seed, so Q, K and V differ
  const [Q, K, V] = [1, 2, 3].map((i) =>
    sl.matmul(x, gaussianMatrix(seed * 3 + i, dModel, heads * dk, std), n, dModel, heads * dk),
  );
  const slices = (m) => Array.from({ length: heads }, (_, hd) => sl.headColumns(m, n, heads, dk, hd));
  return { tokens, key, q: slices(Q), k: slices(K), v: slices(V), V };
}

/**
 * Everything but the per-head attention: tokens, projections, the mask besides the causal rule
 * (undefined when nothing else is masked) and the causal mask itself, for telling why a cell is
 * masked. `previous` is the last plan, reused where the settings allow.
 */
export function plan(sl, s, previous) {
  const split = tokenize(s.text, MAX_TOKENS);
  // the same token array object while the text is unchanged, so projections and axes are kept
  const same = previous && previous.tokens.join('\u0001') === split.tokens.join('\u0001');
  const tokens = same ? previous.tokens : split.tokens;
  const n = tokens.length;
  if (n === 0) return { tokens, n, dropped: split.dropped };
  const { heads, dModel, dk } = s;
  const cells = parseCells(s.cells, n);
  const proj = projections(sl, tokens, s, previous?.proj);
  const padKeys = s.padding ? tokens.map((t, j) => (PAD.test(t) ? j : -1)).filter((j) => j >= 0) : [];
  let mask;
  if (padKeys.length || cells.size) {
    mask = new Uint8Array(n * n).fill(1);
    for (const j of padKeys) for (let i = 0; i < n; i++) mask[i * n + j] = 0;
    for (const c of cells) {
      const [i, j] = c.split(',').map(Number);
      mask[i * n + j] = 0;
    }
  }
  const causal = s.causal ? (same && previous.causal?.length === n * n ? previous.causal : sl.causalMask(n)) : null;
  return {
    tokens,
    n,
    dropped: split.dropped,
    heads,
    dModel,
    dk,
    cells,
    proj,
    padKeys: new Set(padKeys),
    mask,
    causal,
    head: Math.min(s.head, heads) - 1,
  };
}

/** Why cell (i, j) is masked — 'causal', 'padding' or 'clicked' — or null when it is not. */
export function maskReason(p, i, j) {
  if (p.causal && p.causal[i * p.n + j] === 0) return 'causal';
  if (p.padKeys.has(j)) return 'padding';
  if (p.cells.has(`${i},${j}`)) return 'clicked';
  return null;
}

/**
 * One head's attention from the core; with steps, also QKᵀ and the scaled scores. `into` are
 * caller-owned arrays written in place (see the API's `into`).
 */
export function runHead(sl, p, s, hd, { steps = false, into } = {}) {
  const { n, dk } = p;
  return sl.attention({
    q: p.proj.q[hd],
    k: p.proj.k[hd],
    v: p.proj.v[hd],
    n,
    dk,
    causal: s.causal,
    scale: s.scale,
    temperature: s.temperature,
    mask: p.mask,
    steps,
    into,
  });
}

/** The result the view shows, every head computed now (the selected one with its steps). */
export function attentionModel(sl, s) {
  const p = plan(sl, s);
  if (p.n === 0) throw new Error('Type at least one token.');
  const perHead = Array.from({ length: p.heads }, (_, hd) => runHead(sl, p, s, hd, { steps: hd === p.head }));
  return {
    tokens: p.tokens,
    n: p.n,
    heads: p.heads,
    dk: p.dk,
    cells: p.cells,
    perHead,
    v: p.proj.V,
    head: p.head,
    pending: 0,
  };
}
