// transformer.mjs — tensor shapes, parameter counts and costs of a Transformer: the course's
// encoder–decoder, an encoder-only (BERT-style) or a decoder-only (GPT-style) model, with the
// conventions spelled out in the config. The counts come from the core
// (sl_transformer_count, exact int64, every sum and product refused past 2^53); this layer
// validates the config, names the parts and writes each formula out.
import { Args, checkInt } from './args.mjs';
import { callCore } from './heap.mjs';

/** The course's example: 201,466,160 parameters. */
export const COURSE_PRESET = Object.freeze({
  vocab: 30000,
  seqLen: 2048,
  batch: 32,
  dModel: 1024,
  heads: 4,
  dHead: 192,
  dFF: 512,
  encoderBlocks: 12,
  decoderBlocks: 8,
  embeddingBias: true,
  tiedEmbeddings: false,
  outputBias: true,
});

/**
 * Published models, each with the total it is held to (tests/node/transformer.test.mjs, and
 * tests/fixtures/gen_transformer.py builds each from PyTorch modules). seqLen is the model's
 * context; batch 1.
 */
export const TRANSFORMER_PRESETS = Object.freeze({
  // the course: 2 × 30,721,024 + 12 × 4,203,264 + 8 × 7,354,368 + 30,750,000
  course: COURSE_PRESET,
  // BERT-base (uncased) with its pooler, no masked-LM head: 109,482,240 = token 30522·768 +
  // learned positions 512·768 + token types 2·768 + embedding LayerNorm + 12 post-LN blocks + pooler
  'bert-base': Object.freeze({
    arch: 'encoder',
    vocab: 30522,
    seqLen: 512,
    batch: 1,
    dModel: 768,
    heads: 12,
    dFF: 3072,
    encoderBlocks: 12,
    positions: 'learned',
    maxLen: 512,
    typeVocab: 2,
    embeddingNorm: true,
    pooler: true,
    outputLayer: false,
  }),
  // GPT-2 small: 124,439,808 = token 50257·768 + learned positions 1024·768 + 12 pre-LN blocks +
  // final LayerNorm; the head is tied to the token embedding, without a bias
  'gpt2-small': Object.freeze({
    arch: 'decoder',
    vocab: 50257,
    seqLen: 1024,
    batch: 1,
    dModel: 768,
    heads: 12,
    dFF: 3072,
    decoderBlocks: 12,
    positions: 'learned',
    maxLen: 1024,
    finalNorm: true,
    tiedEmbeddings: true,
    outputBias: false,
  }),
  // GPT-2 medium: 354,823,168, the same layout at d_model 1024, 16 heads, 24 blocks
  'gpt2-medium': Object.freeze({
    arch: 'decoder',
    vocab: 50257,
    seqLen: 1024,
    batch: 1,
    dModel: 1024,
    heads: 16,
    dFF: 4096,
    decoderBlocks: 24,
    positions: 'learned',
    maxLen: 1024,
    finalNorm: true,
    tiedEmbeddings: true,
    outputBias: false,
  }),
  // The original Transformer base (Vaswani et al. 2017): PyTorch's nn.Transformer(512, 8, 6, 6,
  // 2048) — with its LayerNorm after each stack — plus one 37,000 × 512 embedding shared by the
  // source, the target and the output layer (§3.4), no output bias, sinusoidal positions:
  // 63,084,544 (the paper rounds its count to 65M).
  'transformer-base': Object.freeze({
    arch: 'encoder-decoder',
    vocab: 37000,
    seqLen: 512,
    batch: 1,
    dModel: 512,
    heads: 8,
    dFF: 2048,
    encoderBlocks: 6,
    decoderBlocks: 6,
    sharedEmbeddings: true,
    tiedEmbeddings: true,
    outputBias: false,
    finalNorm: true,
  }),
});

/** Every config key the calculator reads (an unknown key is refused). */
export const CONFIG_KEYS = Object.freeze([
  'vocab',
  'seqLen',
  'batch',
  'dModel',
  'heads',
  'dHead',
  'dFF',
  'encoderBlocks',
  'decoderBlocks',
  'embeddingBias',
  'tiedEmbeddings',
  'outputBias',
  'arch',
  'positions',
  'maxLen',
  'typeVocab',
  'embeddingNorm',
  'finalNorm',
  'pooler',
  'qkvBias',
  'outBias',
  'ffnBias',
  'sharedEmbeddings',
  'outputLayer',
]);
const ARCHS = ['encoder-decoder', 'encoder', 'decoder'];
const BIG = 2 ** 40; // SL_MAX_COUNT_SIZE: any single size; the core checks every result against 2^53

// sl_transformer_counts, field by field (all int64)
const COUNT_FIELDS = [
  'stacks',
  'embeddingTables',
  'embedding',
  'positions',
  'tokenTypes',
  'norm',
  'embeddingNorm',
  'finalNorm',
  'qkvPerHead',
  'wo',
  'attention',
  'ffn',
  'encoderBlock',
  'decoderBlock',
  'crossAttention',
  'decoderNorms',
  'pooler',
  'output',
  'total',
  'matmulWeights',
  'attentionLayers',
  'flopsForward',
  'flopsTrain',
  'kvBytesPerToken',
  'kvCrossBytesPerToken',
  'kvBytesBatch',
  'trainMemoryBytes',
  'scoreElements',
  'scoreBytes',
  'scoreFlops',
];

/**
 * The architecture a config describes. `arch` when given; without it, the block counts say which
 * stacks exist: encoderBlocks 0 (and decoderBlocks not) is a decoder (GPT-style), decoderBlocks 0
 * (and encoderBlocks not) an encoder (BERT-style), anything else the course's encoder–decoder. So
 * {encoderBlocks: 0, decoderBlocks: 12} is not counted with a source embedding and cross-attention
 * for an encoder that does not exist. Reads plain values only (an Args snapshot or a preset).
 */
export function archOf(config) {
  if (config.arch !== undefined && config.arch !== null) return config.arch;
  const e = config.encoderBlocks,
    d = config.decoderBlocks;
  if (e === 0 && d !== 0) return 'decoder';
  if (d === 0 && e !== 0) return 'encoder';
  return 'encoder-decoder';
}

/**
 * Reads and checks a config; returns it complete (every default filled in). cost: attentionCost's
 * {n}, which stands in for seqLen (and is named n in messages); learned positions do not limit it.
 */
function readConfig(fn, config, cost = null) {
  const a = new Args(fn, config, CONFIG_KEYS);
  const arch = a.choice('arch', ARCHS, archOf(a.o));
  const vocab = a.int('vocab', { max: BIG });
  const seqLen = cost ? checkInt(fn, 'n', cost.n, 1, BIG) : a.int('seqLen', { max: BIG });
  const batch = a.int('batch', { max: BIG });
  const dModel = a.int('dModel', { max: BIG });
  const heads = a.int('heads', { max: BIG });
  if (!a.has('dHead') && dModel % heads !== 0) {
    throw a.error('dHead', `is required when dModel (${dModel}) is not divisible by heads (${heads})`, 'SIZE');
  }
  const dHead = a.int('dHead', { max: BIG, def: dModel / heads });
  const dFF = a.int('dFF', { max: BIG });
  // a block count the arch does not use must be 0 (a GPT has no encoder): absent means 0
  const blocks = (name, used) => {
    const v = a.int(name, { min: 0, max: BIG, def: used ? undefined : 0 });
    if (!used && v !== 0) throw a.error(name, `must be 0 for arch '${arch}', got ${v}`, 'SIZE');
    return v;
  };
  const encoderBlocks = blocks('encoderBlocks', arch !== 'decoder');
  const decoderBlocks = blocks('decoderBlocks', arch !== 'encoder');
  // attentionCost: the score tensor does not depend on the positions, so they are not read
  const positions = cost ? 'none' : a.choice('positions', ['none', 'learned'], 'none');
  if (!cost && positions === 'none' && a.has('maxLen'))
    throw a.error('maxLen', "is the length of a learned table: give positions: 'learned' with it");
  const maxLen = positions === 'learned' ? a.int('maxLen', { max: BIG }) : 0;
  if (seqLen > maxLen && positions === 'learned') {
    throw a.error(
      'seqLen',
      `(${seqLen}) must be at most maxLen (${maxLen}): a learned position table has no row past it`,
      'SIZE',
    );
  }
  const typeVocab = a.int('typeVocab', { min: 0, max: BIG, def: 0 });
  const sharedEmbeddings = a.bool('sharedEmbeddings', false);
  if (sharedEmbeddings && arch !== 'encoder-decoder')
    throw a.error('sharedEmbeddings', `needs arch 'encoder-decoder' (arch '${arch}' has one embedding table)`);
  return {
    arch,
    vocab,
    seqLen,
    batch,
    dModel,
    heads,
    dHead,
    dFF,
    encoderBlocks,
    decoderBlocks,
    embeddingBias: a.bool('embeddingBias', false),
    tiedEmbeddings: a.bool('tiedEmbeddings', false),
    outputBias: a.bool('outputBias', true),
    positions,
    maxLen,
    typeVocab,
    embeddingNorm: a.bool('embeddingNorm', false),
    finalNorm: a.bool('finalNorm', false),
    pooler: a.bool('pooler', false),
    qkvBias: a.bool('qkvBias', true),
    outBias: a.bool('outBias', true),
    ffnBias: a.bool('ffnBias', true),
    sharedEmbeddings,
    outputLayer: a.bool('outputLayer', true),
  };
}

/** Calls sl_transformer_count; returns the counts as JS numbers (exact: the core keeps them below 2^53). */
function countInCore(core, fn, c) {
  const b = (v) => BigInt(v === true ? 1 : v === false ? 0 : v);
  const struct = BigInt64Array.from(
    [
      ARCHS.indexOf(c.arch),
      c.vocab,
      c.dModel,
      c.heads,
      c.dHead,
      c.dFF,
      c.encoderBlocks,
      c.decoderBlocks,
      c.seqLen,
      c.batch,
      c.maxLen,
      c.typeVocab,
      c.embeddingBias,
      c.sharedEmbeddings,
      c.outputLayer,
      c.tiedEmbeddings,
      c.outputBias,
      c.embeddingNorm,
      c.finalNorm,
      c.pooler,
      c.qkvBias,
      c.outBias,
      c.ffnBias,
    ].map(b),
  );
  const [out] = callCore(
    core,
    fn,
    { inputs: [struct], outputs: [{ type: BigInt64Array, length: COUNT_FIELDS.length }] },
    ([pConfig], [pOut]) => core._sl_transformer_count(pOut, pConfig),
  );
  return Object.fromEntries(COUNT_FIELDS.map((k, i) => [k, Number(out[i])]));
}

function shapes(k, c) {
  const encDec = c.arch === 'encoder-decoder';
  const hd = c.heads * c.dHead; // <= the core's checked heads·dHead
  const part = (name, count, formula) => ({ name, count, formula });
  const bias = (on, v) => (on ? ` + ${v}` : '');
  const components = {
    qkvPerHead: part('Q, K, V of one head', k.qkvPerHead, `3 × (${c.dModel}·${c.dHead}${bias(c.qkvBias, c.dHead)})`),
    wo: part('W_O', k.wo, `${hd}·${c.dModel}${bias(c.outBias, c.dModel)}`),
    attention: part('multi-head attention', k.attention, `${c.heads} × ${k.qkvPerHead} + ${k.wo}`),
    ffn: part(
      'feed-forward',
      k.ffn,
      `${c.dModel}·${c.dFF}${bias(c.ffnBias, c.dFF)} + ${c.dFF}·${c.dModel}${bias(c.ffnBias, c.dModel)}`,
    ),
    norm: part('LayerNorm', k.norm, `2·${c.dModel}`),
  };

  // one line per part of the model, every option included (count 0 when it is off); count × times sums to total
  const line = (key, name, count, times, formula, note) => ({
    key,
    name,
    count,
    times,
    formula,
    ...(note ? { note } : {}),
  });
  const emb = `${c.vocab}·${c.dModel}${bias(c.embeddingBias, c.dModel)}`;
  const stacks = k.stacks;
  const breakdown = encDec
    ? c.sharedEmbeddings
      ? [line('sharedEmbedding', 'source and target embedding (shared)', k.embedding, 1, emb)]
      : [
          line('sourceEmbedding', 'source embedding', k.embedding, 1, emb),
          line('targetEmbedding', 'target embedding', k.embedding, 1, emb),
        ]
    : [line('embedding', 'token embedding', k.embedding, 1, emb)];
  breakdown.push(
    line(
      'positions',
      'learned positions',
      k.positions,
      stacks,
      c.positions === 'learned' ? `${c.maxLen}·${c.dModel}` : '0',
      c.positions === 'learned' ? undefined : 'sinusoidal or none: no parameters',
    ),
    line('tokenTypes', 'token-type embedding', k.tokenTypes, stacks, `${c.typeVocab}·${c.dModel}`),
    line('embeddingNorm', 'embedding LayerNorm', k.embeddingNorm, stacks, c.embeddingNorm ? `2·${c.dModel}` : '0'),
    line(
      'encoderBlocks',
      'encoder blocks',
      k.encoderBlock,
      c.encoderBlocks,
      `${k.attention} + ${k.ffn} + 2 × ${k.norm}`,
    ),
    line(
      'decoderBlocks',
      'decoder blocks',
      k.decoderBlock,
      c.decoderBlocks,
      encDec ? `2 × ${k.attention} + ${k.ffn} + 3 × ${k.norm}` : `${k.attention} + ${k.ffn} + 2 × ${k.norm}`,
    ),
    line('finalNorm', 'final LayerNorm', k.finalNorm, stacks, c.finalNorm ? `2·${c.dModel}` : '0'),
    line('pooler', 'pooler', k.pooler, 1, c.pooler ? `${c.dModel}·${c.dModel} + ${c.dModel}` : '0'),
    !c.outputLayer
      ? line('output', 'output layer', 0, 1, '0', 'no output layer')
      : c.tiedEmbeddings
        ? line(
            'output',
            'output layer',
            k.output,
            1,
            c.outputBias ? `${c.vocab}` : '0',
            c.outputBias ? 'weights tied to the embedding; bias only' : 'tied to the embedding',
          )
        : line('output', 'output layer', k.output, 1, `${c.dModel}·${c.vocab}${bias(c.outputBias, c.vocab)}`),
  );

  const B = c.batch,
    n = c.seqLen;
  const stage = (name, shape, where) => ({ name, shape, where });
  const encoderStages = [
    stage('Q, K, V per head', [B, c.heads, n, c.dHead], 'encoder'),
    stage('scores QKᵀ/√d_head', [B, c.heads, n, n], 'encoder'),
    stage('softmax weights', [B, c.heads, n, n], 'encoder'),
    stage('heads · V', [B, c.heads, n, c.dHead], 'encoder'),
    stage('concat', [B, n, hd], 'encoder'),
    stage('× W_O', [B, n, c.dModel], 'encoder'),
    stage('add & norm', [B, n, c.dModel], 'encoder'),
    stage('FFN hidden (ReLU)', [B, n, c.dFF], 'encoder'),
    stage('FFN out', [B, n, c.dModel], 'encoder'),
    stage('add & norm', [B, n, c.dModel], 'encoder'),
  ];
  const decoderStages = [
    stage('masked self-attention scores', [B, c.heads, n, n], 'decoder'),
    stage('masked self-attention out, add & norm', [B, n, c.dModel], 'decoder'),
    ...(encDec
      ? [
          stage('cross-attention Q (decoder) / K, V (encoder)', [B, c.heads, n, c.dHead], 'decoder'),
          stage('cross-attention out, add & norm', [B, n, c.dModel], 'decoder'),
        ]
      : []),
    stage('FFN hidden (ReLU)', [B, n, c.dFF], 'decoder'),
    stage('FFN out, add & norm', [B, n, c.dModel], 'decoder'),
  ];
  const last = c.arch === 'encoder' ? 'encoder' : 'decoder';
  const stages = [
    stage('token ids', [B, n], 'both'),
    stage('embedding', [B, n, c.dModel], 'both'),
    stage('+ positional encoding', [B, n, c.dModel], 'both'),
    ...(c.arch !== 'decoder' ? encoderStages : []),
    ...(c.arch !== 'encoder' ? decoderStages : []),
    ...(c.pooler ? [stage('pooler (first token)', [B, c.dModel], last)] : []),
    ...(c.outputLayer
      ? [
          stage('final linear (logits)', [B, n, c.vocab], last),
          stage('softmax over the vocabulary', [B, n, c.vocab], last),
        ]
      : []),
  ];

  const attnTerm = `4·${k.attentionLayers}·${n}·${hd}`;
  const flops = {
    forward: k.flopsForward,
    train: k.flopsTrain,
    matmulWeights: k.matmulWeights,
    attentionLayers: k.attentionLayers,
    forwardFormula: `2 × ${k.matmulWeights} + ${attnTerm}`,
    trainFormula: `3 × ${k.flopsForward}`,
  };
  const kvLayers = c.arch === 'encoder' ? 0 : c.decoderBlocks;
  const kvCache = {
    bytesPerToken: k.kvBytesPerToken,
    crossBytesPerSourceToken: k.kvCrossBytesPerToken,
    formula: `2·${kvLayers}·${hd}·4`,
    bytesForBatch: k.kvBytesBatch,
    batchFormula: `${k.kvBytesPerToken}·${n}·${B}`,
  };
  const memory = { bytes: k.trainMemoryBytes, formula: `(4 + 4 + 8) × ${k.total}` };
  return {
    config: c,
    stages,
    components,
    perEncoderBlock: k.encoderBlock,
    perDecoderBlock: k.decoderBlock,
    embedding: k.embedding,
    output: k.output,
    total: k.total,
    breakdown,
    flops,
    kvCache,
    memory,
    counts: k,
  };
}

export function transformerApi(core) {
  /** Shapes, per-part counts, FLOPs, key/value cache and training memory of one config. */
  const transformerShapes = (config) => {
    const fn = 'transformerShapes';
    const c = readConfig(fn, config);
    return shapes(countInCore(core, fn, c), c);
  };

  /**
   * The attention score tensor at sequence length n: elements B·heads·n², bytes in float32, and
   * the FLOPs of QKᵀ and weights·V (2·B·heads·n²·dHead multiply–adds each). Learned positions
   * do not limit n here: the score tensor does not depend on them.
   */
  const attentionCost = (config, n) => {
    const fn = 'attentionCost';
    // the config read once through Args (a spread would run the caller's getters unguarded)
    const c = readConfig(fn, config, { n });
    const k = countInCore(core, fn, c);
    return { n, elements: k.scoreElements, bytes: k.scoreBytes, flops: k.scoreFlops };
  };

  return { transformerShapes, attentionCost, transformerPresets: TRANSFORMER_PRESETS };
}
