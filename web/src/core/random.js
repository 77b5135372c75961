// random.js — deterministic pseudo-random numbers for the lab's inputs: the same text and seed
// always give the same embeddings and projections (in every browser and in Node).

/** FNV-1a hash of a string, for seeding a token's embedding from its text. */
export function hashString(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: tiny, fast, good enough for visual inputs. */
export function prng(seed) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** rows×cols Gaussian matrix N(0, std²) from a seed. */
export function gaussianMatrix(seed, rows, cols, std = 1) {
  const g = prng(seed);
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = g.normal() * std;
  return out;
}

/** One embedding row per token, N(0, 1) seeded by the token's text (case-sensitive). */
export function tokenEmbeddings(tokens, dModel) {
  const x = new Float32Array(tokens.length * dModel);
  tokens.forEach((t, i) => x.set(gaussianMatrix(hashString(t), 1, dModel), i * dModel));
  return x;
}

/** Splits text into tokens on white space, keeping at most max. */
export function tokenize(text, max) {
  const all = String(text).trim().split(/\s+/u).filter(Boolean);
  return { tokens: all.slice(0, max), dropped: Math.max(0, all.length - max) };
}
