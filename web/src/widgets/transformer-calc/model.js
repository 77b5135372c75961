// model.js — the Transformer calculator without its page: settings in, the numbers the view
// shows out (the widget's lastResult). No DOM, so tests/node/widget-transformer-calc.test.mjs
// runs it in Node against the same core. Every count comes from sl.transformerShapes (the core);
// this file maps the widget's settings onto the API's config, names the presets, and turns a
// setting that cannot work into a message keyed for text.js, tied to the field that causes it.
import { archOf } from '../../../../wasm/lib/transformer.mjs';
import { TRANSFORMER_PRESETS } from '../../../../wasm/seqlab.mjs';

const course = TRANSFORMER_PRESETS.course;

/** The widget's settings (attributes, URL hash keys: see params.js); the first 13 are the original ones. */
export const PARAMS = {
  vocab: { type: 'int', default: course.vocab, min: 1, max: 10000000 },
  seqLen: { type: 'int', default: course.seqLen, min: 1, max: 1000000 },
  batch: { type: 'int', default: course.batch, min: 1, max: 100000 },
  dModel: { type: 'int', default: course.dModel, min: 1, max: 100000 },
  heads: { type: 'int', default: course.heads, min: 1, max: 1024 },
  dHead: { type: 'int', default: course.dHead, min: 1, max: 100000 },
  autoHead: { type: 'bool', default: false },
  dFF: { type: 'int', default: course.dFF, min: 1, max: 1000000 },
  encoderBlocks: { type: 'int', default: course.encoderBlocks, min: 0, max: 1000 },
  decoderBlocks: { type: 'int', default: course.decoderBlocks, min: 0, max: 1000 },
  embeddingBias: { type: 'bool', default: true },
  tiedEmbeddings: { type: 'bool', default: false },
  outputBias: { type: 'bool', default: true },
  arch: { type: 'enum', values: ['encoder-decoder', 'encoder', 'decoder'], default: 'encoder-decoder' },
  positions: { type: 'enum', values: ['none', 'learned'], default: 'none' },
  maxLen: { type: 'int', default: 2048, min: 1, max: 1000000 },
  typeVocab: { type: 'int', default: 0, min: 0, max: 1000000 },
  embeddingNorm: { type: 'bool', default: false },
  finalNorm: { type: 'bool', default: false },
  pooler: { type: 'bool', default: false },
  qkvBias: { type: 'bool', default: true },
  outBias: { type: 'bool', default: true },
  ffnBias: { type: 'bool', default: true },
  sharedEmbeddings: { type: 'bool', default: false },
  outputLayer: { type: 'bool', default: true },
};

export const PRESET_NAMES = Object.keys(TRANSFORMER_PRESETS);

/** The API's defaults for what a preset leaves out (arch: as the API infers it, archOf). */
const API_DEFAULTS = {
  positions: 'none',
  typeVocab: 0,
  embeddingBias: false,
  tiedEmbeddings: false,
  outputBias: true,
  embeddingNorm: false,
  finalNorm: false,
  pooler: false,
  qkvBias: true,
  outBias: true,
  ffnBias: true,
  sharedEmbeddings: false,
  outputLayer: true,
  encoderBlocks: 0,
  decoderBlocks: 0,
};

/** The settings that reproduce a preset (a patch for setState). */
export function presetSettings(name) {
  const p = TRANSFORMER_PRESETS[name];
  if (!p) throw new Error(`unknown preset '${name}'`);
  const s = { ...API_DEFAULTS, ...p, arch: archOf(p), autoHead: p.dHead === undefined };
  if (s.autoHead) s.dHead = p.dModel / p.heads; // what unticking the box then starts from
  return s;
}

/** The preset the settings reproduce, or 'custom'. Unused settings (maxLen without learned positions…)
 * do not matter. */
export function matchPreset(settings) {
  const config = JSON.stringify(toConfig(settings));
  return (
    PRESET_NAMES.find((name) => JSON.stringify(toConfig({ ...settings, ...presetSettings(name) })) === config) ??
    'custom'
  );
}

/** The head size in use: d_model / heads when ticked (null when that is not whole), else the field. */
export function dHeadUsed(s) {
  if (!s.autoHead) return s.dHead;
  return s.dModel % s.heads === 0 ? s.dModel / s.heads : null;
}

/** The API config of the settings: only the keys the architecture uses. */
export function toConfig(s) {
  const c = {
    arch: s.arch,
    vocab: s.vocab,
    seqLen: s.seqLen,
    batch: s.batch,
    dModel: s.dModel,
    heads: s.heads,
    dFF: s.dFF,
    embeddingBias: s.embeddingBias,
    typeVocab: s.typeVocab,
    embeddingNorm: s.embeddingNorm,
    finalNorm: s.finalNorm,
    pooler: s.pooler,
    qkvBias: s.qkvBias,
    outBias: s.outBias,
    ffnBias: s.ffnBias,
    outputLayer: s.outputLayer,
    tiedEmbeddings: s.outputLayer && s.tiedEmbeddings,
    outputBias: s.outputLayer && s.outputBias,
  };
  if (!s.autoHead) c.dHead = s.dHead;
  if (s.arch !== 'decoder') c.encoderBlocks = s.encoderBlocks;
  if (s.arch !== 'encoder') c.decoderBlocks = s.decoderBlocks;
  if (s.positions === 'learned') Object.assign(c, { positions: 'learned', maxLen: s.maxLen });
  if (s.arch === 'encoder-decoder') c.sharedEmbeddings = s.sharedEmbeddings;
  return c;
}

/** Which settings the architecture and the other switches leave without effect (the view disables them). */
export function unusedSettings(s) {
  const off = [];
  if (s.autoHead) off.push('dHead');
  if (s.arch === 'decoder') off.push('encoderBlocks');
  if (s.arch === 'encoder') off.push('decoderBlocks');
  if (s.arch !== 'encoder-decoder') off.push('sharedEmbeddings');
  if (s.positions !== 'learned') off.push('maxLen');
  if (!s.outputLayer) off.push('tiedEmbeddings', 'outputBias');
  return off;
}

/**
 * A combination of settings that cannot work, as {field, key, vars}: the field it is shown
 * next to, the text.js key of the message, and the numbers in it. null when all is well.
 */
export function validate(s) {
  if (s.autoHead && s.dModel % s.heads !== 0)
    return { field: 'dHead', key: 'calc.error.divisible', vars: { dModel: s.dModel, heads: s.heads } };
  if (s.positions === 'learned' && s.seqLen > s.maxLen)
    return { field: 'seqLen', key: 'calc.error.maxLen', vars: { seqLen: s.seqLen, maxLen: s.maxLen } };
  return null;
}

/** Sequence lengths of the attention-cost plot. */
export const COST_LENGTHS = [128, 256, 512, 1024, 2048, 4096, 8192, 16384];

/**
 * settings → what the view shows. Valid: {valid: true, preset, dHeadUsed, ...sl.transformerShapes(config),
 * costs}. Invalid: {valid: false, preset, dHeadUsed, error: {field, key, vars}} — or, when the core
 * refuses (a count past 2^53), error.cause is its SeqlabError and field is null.
 */
export function calcModel(sl, settings) {
  const base = { preset: matchPreset(settings), dHeadUsed: dHeadUsed(settings) };
  const problem = validate(settings);
  if (problem) return { ...base, valid: false, config: toConfig(settings), error: problem };
  const config = toConfig(settings);
  try {
    const r = sl.transformerShapes(config);
    // a length whose score tensor passes 2^53 elements, bytes or FLOPs is left out of the plot
    const costs = COST_LENGTHS.flatMap((n) => {
      try {
        return [sl.attentionCost(config, n)];
      } catch (err) {
        if (err?.name !== 'SeqlabError') throw err;
        return [];
      }
    });
    return { ...base, valid: true, ...r, costs };
  } catch (err) {
    if (err?.name !== 'SeqlabError') throw err;
    return { ...base, valid: false, config, error: { field: null, key: 'calc.error.refused', vars: {}, cause: err } };
  }
}
