// transformer.mjs — tensor shapes and parameter counts of an encoder–decoder Transformer, with
// the conventions spelled out in the config (embedding bias, tied output layer, head size
// independent of d_model). Integer arithmetic in JS numbers, refused past 2^53.
import { Args } from './args.mjs';
import { SeqlabError } from './errors.mjs';

/** The course's example: 201,466,160 parameters. */
export const COURSE_PRESET = Object.freeze({
  vocab: 30000, seqLen: 2048, batch: 32, dModel: 1024, heads: 4, dHead: 192, dFF: 512,
  encoderBlocks: 12, decoderBlocks: 8, embeddingBias: true, tiedEmbeddings: false, outputBias: true,
});

const KEYS = ['vocab', 'seqLen', 'batch', 'dModel', 'heads', 'dHead', 'dFF', 'encoderBlocks', 'decoderBlocks', 'embeddingBias', 'tiedEmbeddings', 'outputBias'];
const BIG = 2 ** 40; // any single size; products are checked against 2^53 below

export function transformerShapes(config) {
  const fn = 'transformerShapes';
  const a = new Args(fn, config, KEYS);
  const vocab = a.int('vocab', { max: BIG });
  const seqLen = a.int('seqLen', { max: BIG });
  const batch = a.int('batch', { max: BIG });
  const dModel = a.int('dModel', { max: BIG });
  const heads = a.int('heads', { max: BIG });
  if (!a.has('dHead') && dModel % heads !== 0) {
    throw a.error('dHead', `is required when dModel (${dModel}) is not divisible by heads (${heads})`, 'SIZE');
  }
  const dHead = a.int('dHead', { max: BIG, def: dModel / heads });
  const dFF = a.int('dFF', { max: BIG });
  const encoderBlocks = a.int('encoderBlocks', { min: 0, max: BIG });
  const decoderBlocks = a.int('decoderBlocks', { min: 0, max: BIG });
  const embeddingBias = a.bool('embeddingBias', false);
  const tiedEmbeddings = a.bool('tiedEmbeddings', false);
  const outputBias = a.bool('outputBias', true);

  /** a·b·… checked to stay an exact integer */
  const safe = (what, v) => {
    if (!Number.isSafeInteger(v)) throw new SeqlabError(`${fn}: ${what} = ${v} is past 2^53, where counts stop being exact`, { code: 'LIMIT', fn, argument: what });
    return v;
  };
  const hd = safe('heads·dHead', heads * dHead);
  const part = (name, count, formula) => ({ name, count: safe(name, count), formula });

  const qkvPerHead = part('Q, K, V of one head', 3 * (dModel * dHead + dHead), `3 × (${dModel}·${dHead} + ${dHead})`);
  const wo = part('W_O', hd * dModel + dModel, `${hd}·${dModel} + ${dModel}`);
  const attention = part('multi-head attention', heads * qkvPerHead.count + wo.count, `${heads} × ${qkvPerHead.count} + ${wo.count}`);
  const ffn = part('feed-forward', dModel * dFF + dFF + dFF * dModel + dModel, `${dModel}·${dFF} + ${dFF} + ${dFF}·${dModel} + ${dModel}`);
  const norm = part('LayerNorm', 2 * dModel, `2·${dModel}`);
  const perEncoderBlock = safe('perEncoderBlock', attention.count + ffn.count + 2 * norm.count);
  const perDecoderBlock = safe('perDecoderBlock', 2 * attention.count + ffn.count + 3 * norm.count);
  const embedding = part('embedding (each of source and target)', vocab * dModel + (embeddingBias ? dModel : 0), `${vocab}·${dModel}${embeddingBias ? ` + ${dModel}` : ''}`);
  const output = part('output layer', (tiedEmbeddings ? 0 : dModel * vocab) + (outputBias ? vocab : 0),
    tiedEmbeddings ? (outputBias ? `${vocab} (weights tied to the target embedding; bias only)` : '0 (tied to the target embedding)') : `${dModel}·${vocab}${outputBias ? ` + ${vocab}` : ''}`);
  const total = safe('total', 2 * embedding.count + encoderBlocks * perEncoderBlock + decoderBlocks * perDecoderBlock + output.count);

  const B = batch, n = seqLen;
  const stage = (name, shape, where) => ({ name, shape, where });
  const stages = [
    stage('token ids', [B, n], 'both'),
    stage('embedding', [B, n, dModel], 'both'),
    stage('+ positional encoding', [B, n, dModel], 'both'),
    stage('Q, K, V per head', [B, heads, n, dHead], 'encoder'),
    stage('scores QKᵀ/√d_head', [B, heads, n, n], 'encoder'),
    stage('softmax weights', [B, heads, n, n], 'encoder'),
    stage('heads · V', [B, heads, n, dHead], 'encoder'),
    stage('concat', [B, n, hd], 'encoder'),
    stage('× W_O', [B, n, dModel], 'encoder'),
    stage('add & norm', [B, n, dModel], 'encoder'),
    stage('FFN hidden (ReLU)', [B, n, dFF], 'encoder'),
    stage('FFN out', [B, n, dModel], 'encoder'),
    stage('add & norm', [B, n, dModel], 'encoder'),
    stage('masked self-attention scores', [B, heads, n, n], 'decoder'),
    stage('masked self-attention out, add & norm', [B, n, dModel], 'decoder'),
    stage('cross-attention Q (decoder) / K, V (encoder)', [B, heads, n, dHead], 'decoder'),
    stage('cross-attention out, add & norm', [B, n, dModel], 'decoder'),
    stage('FFN hidden (ReLU)', [B, n, dFF], 'decoder'),
    stage('FFN out, add & norm', [B, n, dModel], 'decoder'),
    stage('final linear (logits)', [B, n, vocab], 'decoder'),
    stage('softmax over the vocabulary', [B, n, vocab], 'decoder'),
  ];
  const breakdown = [
    { ...embedding, name: 'source embedding', times: 1 },
    { ...embedding, name: 'target embedding', times: 1 },
    { name: 'encoder blocks', count: perEncoderBlock, times: encoderBlocks, formula: `${attention.count} + ${ffn.count} + 2 × ${norm.count}` },
    { name: 'decoder blocks', count: perDecoderBlock, times: decoderBlocks, formula: `2 × ${attention.count} + ${ffn.count} + 3 × ${norm.count}` },
    { ...output, times: 1 },
  ];
  return {
    config: { vocab, seqLen, batch, dModel, heads, dHead, dFF, encoderBlocks, decoderBlocks, embeddingBias, tiedEmbeddings, outputBias },
    stages, components: { qkvPerHead, wo, attention, ffn, norm }, perEncoderBlock, perDecoderBlock,
    embedding: embedding.count, output: output.count, total, breakdown,
  };
}

/**
 * The attention score tensor at sequence length n: elements B·heads·n², bytes in float32, and
 * the multiply–adds of QKᵀ and weights·V (2·B·heads·n²·dHead each).
 */
export function attentionCost(config, n) {
  const r = transformerShapes({ ...config, seqLen: n });
  const { batch, heads, dHead } = r.config;
  const elements = batch * heads * n * n;
  return { n, elements, bytes: 4 * elements, flops: 4 * batch * heads * n * n * dHead };
}
