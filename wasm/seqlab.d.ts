// seqlab.d.ts — types of the public JS API (wasm/seqlab.mjs).
// Matrices are row-major; shapes are given as rows×cols. Every result is a fresh array owned by
// the caller. Bad arguments throw SeqlabError; the module stays usable after any error.

/** A matrix or vector of numbers: Float32Array (used as is), Float64Array or number[] (converted). */
export type Floats = Float32Array | Float64Array | readonly number[];

export type SeqlabErrorCode = 'ARG' | 'SIZE' | 'LIMIT' | 'NULL' | 'NOMEM' | 'VALUE';

/** Thrown for every bad argument and every failure of the core. */
export class SeqlabError extends Error {
  readonly name: 'SeqlabError';
  /** ARG: wrong type or value; SIZE: wrong length or size < 1; LIMIT: past a documented limit; NOMEM: out of memory; VALUE: a data value out of range. */
  readonly code: SeqlabErrorCode;
  /** The public function that threw, e.g. 'attention'. */
  readonly fn?: string;
  /** The offending argument, e.g. 'dk'. */
  readonly argument?: string;
}

/** Sizes past these are refused with SeqlabError code 'LIMIT'. */
export interface Limits {
  /** n, m, T, nPos: 8192 */ readonly maxSeq: number;
  /** dk, dv, dModel, nx, nh: 4096 */ readonly maxDim: number;
  /** heads: 64 */ readonly maxHeads: number;
  /** elements in any one array: 2^24 */ readonly maxElems: number;
  /** |position| given explicitly to RoPE: 8192·16 */ readonly maxPosition: number;
}
export const LIMITS: Limits;
export const VERSION: string;

export interface AttentionOptions {
  /** n×dk queries */ q: Floats;
  /** m×dk keys */ k: Floats;
  /** m×dv values */ v: Floats;
  n: number;
  /** number of keys; default n */ m?: number;
  dk: number;
  /** default dk */ dv?: number;
  /** mask key j > i + (m − n): the queries are the last n positions. Default false. */
  causal?: boolean;
  /** true (default): 1/sqrt(dk); false: none; a number: that factor. */
  scale?: boolean | number;
  /** n×m, 1 = may attend, 0 = masked. */
  mask?: Uint8Array | readonly (0 | 1 | boolean)[];
  /** n×m additive bias (e.g. ALiBi); -Infinity masks. */
  bias?: Floats;
  /** weights = softmax(scores / temperature); > 0, default 1. */
  temperature?: number;
  /** also return logits (QKᵀ), scaled (scale·QKᵀ + bias, before masking) and scale. */
  steps?: boolean;
  /** caller-owned Float32Arrays to write results into (no allocation; for animation loops) */
  into?: Partial<Record<'logits' | 'scaled' | 'scores' | 'weights' | 'out', Float32Array>>;
}
export interface AttentionResult {
  /** n×m: scaled logits + bias, masked entries -Infinity */ scores: Float32Array;
  /** n×m row softmax; a fully masked row is all zeros (not NaN) */ weights: Float32Array;
  /** n×dv = weights·V; zero for a fully masked row */ out: Float32Array;
  /** with steps: n×m QKᵀ */ logits?: Float32Array;
  /** with steps: n×m scale·QKᵀ + bias */ scaled?: Float32Array;
  /** with steps: the factor applied */ scale?: number;
}

export interface MultiHeadAttentionOptions {
  /** n×dModel */ x: Floats;
  n: number;
  dModel: number;
  heads: number;
  /** per-head query/key size; default dModel/heads */ dk?: number;
  /** per-head value size; default dk */ dv?: number;
  /** dModel×(heads·dk) */ wq: Floats;
  /** dModel×(heads·dk) */ wk: Floats;
  /** dModel×(heads·dv) */ wv: Floats;
  /** (heads·dv)×dModel */ wo: Floats;
  causal?: boolean;
  /** 'rope': RoPE on each head's q and k; 'alibi': ALiBi bias per head; 'sinusoidal': PE added to x. Default 'none'. */
  posenc?: 'none' | 'rope' | 'alibi' | 'sinusoidal';
  /** base of RoPE / sinusoidal, > 1; default 10000 */ ropeBase?: number;
  /** default 'interleaved' */ ropePairing?: 'interleaved' | 'half';
  /** custom ALiBi slopes (heads values), with posenc 'alibi' */ alibi?: Floats;
  temperature?: number;
}
export interface MultiHeadAttentionResult {
  /** heads×n×n */ weights: Float32Array;
  /** n×(heads·dv): the heads concatenated, before wo */ headOut: Float32Array;
  /** n×dModel */ out: Float32Array;
}

export interface SinusoidalOptions { /** > 1, default 10000 */ base?: number; /** default 'interleaved' */ layout?: 'interleaved' | 'concat' }
export interface RopeScaling { type: 'none' | 'linear' | 'ntk'; /** >= 1 */ factor: number }
export interface RopeOptions {
  /** > 1, default 10000 */ base?: number;
  /** nPos integer positions; default 0..nPos-1 */ positions?: Int32Array | readonly number[];
  /** 'interleaved' (2i, 2i+1; default) or 'half' (i, i+d/2, as rotate_half) */ pairing?: 'interleaved' | 'half';
  /** linear: m/factor; ntk: base·factor^(d/(d−2)) */ scaling?: RopeScaling;
}
export interface AlibiBiasOptions {
  /** number of keys; default n */ m?: number;
  /** default true: −slope·(i−j) for keys at or before the query, -Infinity after; false: −slope·|i−j| */ causal?: boolean;
  /** heads custom slopes */ slopes?: Floats;
}

/** PyTorch layout: wIh (G·nh)×nx, wHh (G·nh)×nh, biases G·nh; G = 4 blocks i, f, g, o (LSTM) or 3 blocks r, z, n (GRU). */
export interface CellWeights {
  wIh: Floats; wHh: Floats; bIh?: Floats; bHh?: Floats;
  nx: number; nh: number;
  /** 'float64' runs in double precision (for gradient checks) and returns Float64Arrays */
  dtype?: 'float32' | 'float64';
}
export interface LstmSequence extends CellWeights {
  /** T×nx */ xs: Floats; T: number;
  /** nh, default zeros */ h0?: Floats; c0?: Floats;
  /** output layer ŷ_t = softmax(wY·h_t + bY): wY ny×nh */ wY?: Floats; bY?: Floats; ny?: number;
}
export interface LstmResult {
  /** each T×nh (nh for a step): hidden state a, cell c, and the gates i = Γ_u, f = Γ_f, g = c̃, o = Γ_o */
  h: Float32Array; c: Float32Array; i: Float32Array; f: Float32Array; g: Float32Array; o: Float32Array;
  /** T×4nh pre-activations (i, f, g, o blocks per step) */ pre: Float32Array;
  /** T×ny softmax outputs, with an output layer */ y?: Float32Array;
}
export interface LstmBackwardOptions extends LstmSequence {
  /** T×nh upstream dL/dh_t (loss Σ dh_t·h_t) */ dh?: Floats;
  /** T class indices in [0, ny): cross-entropy of ŷ_t (needs wY) */ targets?: Int32Array | readonly number[];
  /** 'course-mistake' uses c̃ in place of c_prev in dΓ_f, which a gradient check shows failing */ forgetRule?: 'correct' | 'course-mistake';
}
export interface LstmGradients {
  dwIh: Float32Array; dwHh: Float32Array; dbIh: Float32Array; dbHh: Float32Array;
  /** T×nx */ dxs: Float32Array; dh0: Float32Array; dc0: Float32Array;
  dwY?: Float32Array; dbY?: Float32Array;
  /** the cross-entropy sum (0 without targets) */ loss: number;
  /** T×nh: the total dL/dc_t and dL/dh_t at every step (for the vanishing-gradient view) */
  dcPerStep: Float32Array; dhPerStep: Float32Array;
}
export interface GruResult {
  /** each T×nh: h, gates r, z, n, and hn = W_hn·h + b_hn (the term r multiplies) */
  h: Float32Array; r: Float32Array; z: Float32Array; n: Float32Array; hn: Float32Array;
  /** T×3nh */ pre: Float32Array;
}

export interface TransformerConfig {
  vocab: number; seqLen: number; batch: number; dModel: number; heads: number;
  /** default dModel / heads (required when that is not an integer) */ dHead?: number;
  dFF: number;
  /** required unless arch is 'decoder' (then 0) */ encoderBlocks?: number;
  /** required unless arch is 'encoder' (then 0) */ decoderBlocks?: number;
  /** 'encoder-decoder' (default; the course), 'encoder' (BERT-style) or 'decoder' (GPT-style: blocks without cross-attention) */
  arch?: 'encoder-decoder' | 'encoder' | 'decoder';
  /** 'none' (default: sinusoidal or none, no parameters) or 'learned' (maxLen rows per stack; seqLen <= maxLen) */
  positions?: 'none' | 'learned';
  maxLen?: number;
  /** rows of a token-type table per stack; default 0 */ typeVocab?: number;
  /** LayerNorm after the embeddings of each stack (BERT); default false */ embeddingNorm?: boolean;
  /** LayerNorm after the last block of each stack (GPT-2, nn.Transformer); default false */ finalNorm?: boolean;
  /** d_model → d_model dense layer on the first token (BERT); default false */ pooler?: boolean;
  /** biases of Q/K/V, of W_O, of both FFN layers; default true */ qkvBias?: boolean; outBias?: boolean; ffnBias?: boolean;
  /** a d_model bias on each token embedding (the course's convention); default false */ embeddingBias?: boolean;
  /** encoder-decoder only: source and target share one table; default false */ sharedEmbeddings?: boolean;
  /** a d_model → vocab layer at the end; default true (false: e.g. BERT as an encoder) */ outputLayer?: boolean;
  /** output layer shares the (target) embedding's weights; default false */ tiedEmbeddings?: boolean;
  /** default true */ outputBias?: boolean;
}
export interface TransformerShapes {
  config: Required<TransformerConfig>;
  /** the tensor shape after every stage, e.g. {name: 'concat', shape: [B, n, heads·dHead], where: 'encoder'} */
  stages: { name: string; shape: number[]; where: 'encoder' | 'decoder' | 'both' }[];
  components: Record<'qkvPerHead' | 'wo' | 'attention' | 'ffn' | 'norm', { name: string; count: number; formula: string }>;
  perEncoderBlock: number; perDecoderBlock: number;
  /** one token table */ embedding: number; output: number; total: number;
  /** one line per part, every option included (count 0 when off); count × times sums to total */
  breakdown: { key: string; name: string; count: number; times: number; formula: string; note?: string }[];
  /** per token: 2 × weights in matrix products + 4·attentionLayers·seqLen·heads·dHead; training 3 × forward */
  flops: { forward: number; train: number; matmulWeights: number; attentionLayers: number; forwardFormula: string; trainFormula: string };
  /** float32 K and V of every decoder self-attention layer */
  kvCache: { bytesPerToken: number; crossBytesPerSourceToken: number; bytesForBatch: number; formula: string; batchFormula: string };
  /** float32 parameters + gradients + Adam's two moments: 16 bytes per parameter */
  memory: { bytes: number; formula: string };
  /** every field the core filled (sl_transformer_counts) */
  counts: Record<string, number>;
}
/** The course's example config (201,466,160 parameters). */
export const COURSE_PRESET: Readonly<TransformerConfig>;
/** course, bert-base (109,482,240), gpt2-small (124,439,808), gpt2-medium (354,823,168), transformer-base (63,084,544) */
export const TRANSFORMER_PRESETS: Readonly<Record<'course' | 'bert-base' | 'gpt2-small' | 'gpt2-medium' | 'transformer-base', Readonly<TransformerConfig>>>;

export interface Seqlab {
  readonly version: string;
  readonly limits: Limits;
  /** Row softmax of rows×cols; stable; -Inf entries get 0; an all -Inf row gives zeros. */
  softmax(x: Floats, rows: number, cols: number, options?: { temperature?: number }): Float32Array;
  /** n×m = a (n×k) · b (k×m), or a · bᵀ with b m×k when transposeB. */
  matmul(a: Floats, b: Floats, n: number, k: number, m: number, options?: { transposeB?: boolean }): Float32Array;
  /** out[i] = a_i·b_i for the n rows of a and b (n×d). */
  rowDots(a: Floats, b: Floats, n: number, d: number): Float32Array;
  attention(options: AttentionOptions): AttentionResult;
  /** Shapes, exact parameter counts per part (from the core), FLOPs, key/value cache, training memory; refused past 2^53. */
  transformerShapes(config: TransformerConfig): TransformerShapes;
  /** The attention score tensor at length n: B·heads·n² elements, float32 bytes, FLOPs of QKᵀ and ·V; refused past 2^53. */
  attentionCost(config: TransformerConfig, n: number): { n: number; elements: number; bytes: number; flops: number };
  /** name → config of the published models (TRANSFORMER_PRESETS) */
  readonly transformerPresets: typeof TRANSFORMER_PRESETS;
  multiHeadAttention(options: MultiHeadAttentionOptions): MultiHeadAttentionResult;
  /** nPos×dModel sinusoidal encodings; dModel even. */
  sinusoidal(nPos: number, dModel: number, options?: SinusoidalOptions): Float32Array;
  /** dModel×dModel block-diagonal T(k) with PE(t+k) = T(k)·PE(t) (interleaved layout). */
  sinusoidalShift(k: number, dModel: number, options?: { base?: number }): Float32Array;
  /** nPos×d: each row rotated by RoPE at its position. */
  rope(x: Floats, nPos: number, d: number, options?: RopeOptions): Float32Array;
  /** nPos×(d/2): the angle m·θ_i of every pair. */
  ropeAngles(nPos: number, d: number, options?: Omit<RopeOptions, 'pairing'>): Float32Array;
  /** nPos×dModel learned positional table, N(0, std²) from a seed (defaults: seed 1, std 0.02). */
  learnedTable(nPos: number, dModel: number, options?: { seed?: number; std?: number }): Float32Array;
  /** Rows of a learned table at positions; a position outside [0, tableLen) throws (code VALUE): no clamping. */
  learnedLookup(table: Floats, tableLen: number, dModel: number, positions: Int32Array | readonly number[]): Float32Array;
  /** The ALiBi paper's slopes for any head count >= 1. */
  alibiSlopes(heads: number): Float32Array;
  /** heads×n×m ALiBi bias. */
  alibiBias(heads: number, n: number, options?: AlibiBiasOptions): Float32Array;
  lstmStep(options: CellWeights & { x: Floats; hPrev?: Floats; cPrev?: Floats }): LstmResult;
  lstmForward(options: LstmSequence): LstmResult;
  /** Backpropagation through time from dh and/or targets. */
  lstmBackward(options: LstmBackwardOptions): LstmGradients;
  gruStep(options: CellWeights & { x: Floats; hPrev?: Floats }): GruResult;
  gruForward(options: CellWeights & { xs: Floats; T: number; h0?: Floats }): GruResult;
  gruBackward(options: CellWeights & { xs: Floats; T: number; h0?: Floats; dh: Floats }): {
    dwIh: Float32Array; dwHh: Float32Array; dbIh: Float32Array; dbHh: Float32Array; dxs: Float32Array; dh0: Float32Array; dhPerStep: Float32Array;
  };
  /** 4(nh·nx + nh·nh + biases·nh) for an LSTM, 3(…) for a GRU; biases 1 or 2 (PyTorch, default). */
  rnnParamCount(options: { cell: 'lstm' | 'gru'; nx: number; nh: number; biases?: 1 | 2 }): number;
  /** WebAssembly memory size and the allocator's bytes in use; both stay flat across calls (no leaks). */
  memoryStats(): { memoryBytes: number; heapInUse: number };
}

/** Resolves once the WebAssembly core is ready; later calls return the same object. Options are
 * read from own properties only; anything but an options object (or undefined) rejects with a
 * SeqlabError. `createCore`: another Emscripten factory (e.g. the scalar-kernel build), giving a
 * separate instance. */
export function loadSeqlab(options?: { createCore?: () => Promise<unknown> }): Promise<Seqlab>;

// ---- task generators (wasm/lib/tasks.mjs; formats in src/seqlab.h, "task generators") ----
export type TaskName = 'copy' | 'reverse' | 'parity' | 'induction' | 'text' | 'recall';
export interface TaskOptions {
  /** rows, 1 .. 8192 */ batch: number;
  /** every row's length n is uniform in [minLen, maxLen]; minLen defaults to 1 (induction: 2) */ minLen?: number;
  maxLen: number;
  /** integer in [0, 2^32): the same seed gives the same batch everywhere (default 0) */ seed?: number;
  /** copy, reverse, induction: alphabet size (default 8) */ symbols?: number;
  /** parity: count only the final parity (default false) */ finalOnly?: boolean;
  /** text: the text to sample windows of (default: the built-in corpus) */ text?: string;
}
export interface TaskBatch {
  /** batch×T ids */ tokens: Int32Array;
  /** batch×T ids: the next entry of each row */ targets: Int32Array;
  /** batch×T, 1 = counted in the loss */ lossMask: Uint8Array;
  batch: number;
  /** copy, reverse: 2·maxLen + 1; induction: 2·maxLen; parity, recall, text: maxLen */ T: number;
  vocab: number;
  meta: {
    task: TaskName;
    /** each row's n */ lengths: Int32Array;
    /** the padding id (positions past a row's end; always masked) */ pad: number;
    bos?: number; sep?: number | null; firstSymbol?: number; symbols?: number;
    bits?: [0, 1]; finalOnly?: boolean;
    /** text: id → character */ chars?: string[]; source?: 'corpus' | 'text';
  };
}
export interface Seqlab {
  /** A batch of a training task generated in the core from the seed. */
  makeTask(name: TaskName, options: TaskOptions): TaskBatch;
  /** The built-in text of the 'text' task (109,913 characters of the King James Genesis, public domain). */
  readonly corpus: string;
}

// ---- training (wasm/lib/model.mjs; the contract is TRAINING.md) ----
export interface TransformerModelConfig {
  kind?: 'transformer';
  /** required, 1..65536 */
  vocab: number;
  /** default 64; the learned table's length (T <= maxLen for 'learned' only) */
  maxLen?: number;
  /** default 2, at most 16 */
  layers?: number;
  /** default 64; divisible by heads */
  dModel?: number;
  /** default 4 */
  heads?: number;
  /** default 4·dModel; 0 = attention-only layers (no ln2, no MLP) */
  dFF?: number;
  /** default 'learned' */
  posenc?: 'none' | 'learned' | 'sinusoidal' | 'rope' | 'alibi';
  /** default 10000 (used by rope only; > 1 for every encoding); reported as the float32 the core stores */
  ropeBase?: number;
  /** default true: logits = LNf(x)·wteᵀ */
  tied?: boolean;
  /** default 'gelu' (tanh approximation) */
  activation?: 'gelu' | 'relu';
  /** default 'gpt2' (wte N(0, 0.02) added as it is); 'scaled': wte N(0, 1/dModel) times sqrt(dModel) */
  embedding?: 'gpt2' | 'scaled';
  /** default 0; 0..2^32−1 */
  seed?: number;
}
export interface RecurrentModelConfig {
  kind: 'rnn' | 'lstm' | 'gru';
  vocab: number;
  /** embedding size, default 32 */
  dModel?: number;
  /** default 64 */
  hidden?: number;
  /** lstm only: added to the forget-gate rows of cell.bIh at initialisation; default 1, in [-100, 100] */
  forgetBias?: number;
  seed?: number;
}
export type ModelConfig = TransformerModelConfig | RecurrentModelConfig;
export interface Batch {
  /** batch·T token ids in [0, vocab) */
  tokens: Int32Array | readonly number[];
  /** batch·T ids in [0, vocab) where lossMask is 1 (others are not read) */
  targets: Int32Array | readonly number[];
  /** batch·T, 1 = counted in the loss; default all 1 */
  lossMask?: Uint8Array | readonly (0 | 1 | boolean)[];
  /** Transformer only: batch·T position ids the encoding sees (default 0..T−1 in every row), each in
   * [0, 8192) and below maxLen for 'learned'; the causal mask stays by index */
  positions?: Int32Array | readonly number[];
  batch: number;
  T: number;
  /** as sl.makeTask returns them: vocab must not exceed the model's; meta is ignored */
  vocab?: number;
  meta?: unknown;
}
export interface OptimizerOptions {
  lr: number;
  /** default 0.9 */ beta1?: number;
  /** default 0.999 */ beta2?: number;
  /** default 1e-8, > 0 */ eps?: number;
  /** default 0; decoupled, 2-D tensors only */ weightDecay?: number;
  /** global gradient norm limit; default 0 = no clipping */ clip?: number;
}
export interface ParamTensor { readonly name: string; readonly shape: readonly number[]; readonly offset: number; readonly size: number }
export interface Model {
  /** the full config, defaults filled in (frozen) */
  readonly config: Readonly<Required<TransformerModelConfig>> | Readonly<Required<RecurrentModelConfig>>;
  readonly paramCount: number;
  readonly paramLayout: readonly ParamTensor[];
  /** AdamW steps taken (kept by save/load) */
  readonly steps: number;
  readonly disposed: boolean;
  getParams(): Float32Array;
  /** paramCount floats; a wrong length throws (code SIZE) */
  setParams(params: Floats): void;
  /** mean cross-entropy over counted positions and its gradient in paramLayout; no update */
  lossAndGrad(batch: Batch): { loss: number; grads: Float32Array };
  /** recurrent kinds only (a Transformer throws, code ARG): dhNorm[t] = mean over the batch rows of
   *  ‖∂loss/∂h_t‖₂, T floats, the gradient norm through time; loss as lossAndGrad; no update */
  gradNormThroughTime(batch: Batch): { loss: number; dhNorm: Float32Array };
  /** one AdamW step; gradNorm is the norm before clipping */
  step(batch: Batch, opt: OptimizerOptions): { loss: number; gradNorm: number };
  /** logits batch×T×vocab; attention layers×batch×heads×T×T (null for recurrent kinds) */
  forward(batch: Pick<Batch, 'tokens' | 'batch' | 'T'> & Partial<Pick<Batch, 'positions'>> & Partial<Batch>): { logits: Float32Array; attention: Float32Array | null };
  evaluate(batch: Batch): { loss: number; tokenAccuracy: number; exactMatch: number };
  /** versioned bytes: header, config, params, optimizer state, CRC-32 */
  save(): Uint8Array;
  /** frees the core memory; any later call throws */
  dispose(): void;
}
export interface Seqlab {
  createModel(config: ModelConfig): Model;
  /** a bad file (short, foreign, other version, truncated, corrupted) throws; nothing is left allocated */
  loadModel(bytes: Uint8Array | ArrayBuffer | readonly number[]): Model;
}

/**
 * Bookkeeping shared by the lab's views (wasm/lib/tensor.mjs), merged into Seqlab. Matrices are
 * row-major; results are fresh arrays of the input's type (Float32Array for a plain array).
 */
export interface Seqlab {
  /** rows×d: columns [head·d, (head+1)·d) of a rows×(heads·d) matrix; head counts from 0. */
  headColumns<T extends Floats>(m: T, rows: number, heads: number, d: number, head: number): T extends Float64Array ? Float64Array : Float32Array;
  /** rows×cols: block `head` (from 0) of a heads×rows×cols array. */
  headBlock<T extends Floats>(a: T, heads: number, rows: number, cols: number, head: number): T extends Float64Array ? Float64Array : Float32Array;
  /** max |a[i] − b[i]|; NaN when either holds a NaN; the lengths must agree. */
  maxAbsDiff(a: Floats, b: Floats): number;
  /** n×m mask, 1 where query i may see key j (j ≤ i + (m − n)): the core's causal rule. */
  causalMask(n: number, m?: number): Uint8Array;
  /** The sum of each row of a rows×cols matrix, in float64. */
  rowSums(a: Floats, rows: number, cols: number): Float64Array;
  /** The cols×rows transpose of a rows×cols matrix. */
  transpose<T extends Floats>(a: T, rows: number, cols: number): T extends Float64Array ? Float64Array : Float32Array;
  /** Row i of the result is row perm[i] of a (perm: a permutation of 0..rows−1). */
  permuteRows<T extends Floats>(a: T, rows: number, cols: number, perm: readonly number[] | Int32Array): T extends Float64Array ? Float64Array : Float32Array;
  /** Column j of the result is column perm[j] of a (perm: a permutation of 0..cols−1). */
  permuteCols<T extends Floats>(a: T, rows: number, cols: number, perm: readonly number[] | Int32Array): T extends Float64Array ? Float64Array : Float32Array;
}
