// widget-transformer-calc.test.mjs — the calculator's model (settings → what the page shows),
// run in Node against the same core as the page: presets, the head size in use, messages for
// settings that cannot work, and a text for every word the view can show in both languages.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { TRANSFORMER_PRESETS } from '../../wasm/seqlab.mjs';
import { defaults, formatParam, ownParam, parseParam } from '../../web/src/core/params.js';
import {
  calcModel,
  COST_LENGTHS,
  dHeadUsed,
  matchPreset,
  PARAMS,
  PRESET_NAMES,
  presetSettings,
  toConfig,
  unusedSettings,
  validate,
} from '../../web/src/widgets/transformer-calc/model.js';
import text from '../../web/src/widgets/transformer-calc/text.js';
import { loadSeqlab } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});
const DEFAULTS = defaults(PARAMS);

describe('transformer calculator model', () => {
  it('opens on the course example: 201,466,160, the preset named, every stage and cost', () => {
    const r = calcModel(sl, DEFAULTS);
    assert.equal(r.valid, true);
    assert.equal(r.total, 201466160);
    assert.equal(r.preset, 'course');
    assert.equal(r.dHeadUsed, 192);
    assert.deepEqual(
      r.costs.map((c) => c.n),
      COST_LENGTHS,
    );
    assert.equal(r.costs[0].elements, 32 * 4 * 128 * 128);
    assert.equal(r.flops.forward, sl.transformerShapes(toConfig(DEFAULTS)).flops.forward);
  });

  it('each preset of the menu gives its published total and is recognised again', () => {
    const published = {
      course: 201466160,
      'bert-base': 109482240,
      'gpt2-small': 124439808,
      'gpt2-medium': 354823168,
      'transformer-base': 63084544,
    };
    assert.deepEqual(PRESET_NAMES, Object.keys(published));
    for (const name of PRESET_NAMES) {
      const settings = { ...DEFAULTS, ...presetSettings(name) };
      for (const k of Object.keys(presetSettings(name))) assert.ok(k in PARAMS, `${name}: ${k} is a setting`);
      const r = calcModel(sl, settings);
      assert.equal(r.valid, true, name);
      assert.equal(r.total, published[name], name);
      assert.equal(
        r.total,
        sl.transformerShapes(TRANSFORMER_PRESETS[name]).total,
        `${name}: the same config as the API's preset`,
      );
      assert.equal(r.preset, name);
    }
    // one change makes it custom; the unused maxLen does not
    assert.equal(matchPreset({ ...DEFAULTS, ...presetSettings('gpt2-small'), vocab: 50000 }), 'custom');
    assert.equal(matchPreset({ ...DEFAULTS, maxLen: 77 }), 'course');
  });

  it('d_head = d_model / heads: the head size in use, not the stale field', () => {
    const s = { ...DEFAULTS, autoHead: true, dModel: 1024, heads: 16 }; // the field still holds 192
    assert.equal(dHeadUsed(s), 64);
    const r = calcModel(sl, s);
    assert.equal(r.config.dHead, 64);
    assert.equal(r.components.qkvPerHead.count, 3 * (1024 * 64 + 64));
    assert.ok(unusedSettings(s).includes('dHead'));
    assert.equal(dHeadUsed({ ...s, autoHead: false }), 192);
  });

  it('d_model 1000 with 16 heads: a message for the d_head field, no total', () => {
    const s = { ...DEFAULTS, autoHead: true, dModel: 1000, heads: 16 };
    const r = calcModel(sl, s);
    assert.equal(r.valid, false);
    assert.equal(r.total, undefined);
    assert.equal(r.dHeadUsed, null);
    assert.deepEqual(r.error, { field: 'dHead', key: 'calc.error.divisible', vars: { dModel: 1000, heads: 16 } });
    assert.deepEqual(validate(s), r.error);
  });

  it('a sequence longer than the learned table: a message for the sequence field', () => {
    const s = { ...DEFAULTS, ...presetSettings('gpt2-small'), seqLen: 2048 };
    const r = calcModel(sl, s);
    assert.deepEqual(r.error, { field: 'seqLen', key: 'calc.error.maxLen', vars: { seqLen: 2048, maxLen: 1024 } });
    assert.equal(calcModel(sl, { ...s, positions: 'none' }).valid, true); // sinusoidal: any length
  });

  it("a count past 2^53: the core's SeqlabError, tied to no field", () => {
    const r = calcModel(sl, { ...DEFAULTS, heads: 1024, dHead: 100000, dModel: 100000, encoderBlocks: 1000 });
    assert.equal(r.valid, false);
    assert.equal(r.error.field, null);
    assert.equal(r.error.cause.name, 'SeqlabError');
    assert.match(r.error.cause.message, /^transformerShapes: .* is past 2\^53/);
  });

  it('maps the architecture onto the API: unused block counts and switches are left out and disabled', () => {
    const enc = { ...DEFAULTS, arch: 'encoder', sharedEmbeddings: true };
    assert.equal(toConfig(enc).decoderBlocks, undefined);
    assert.equal(toConfig(enc).sharedEmbeddings, undefined);
    assert.deepEqual(unusedSettings(enc).sort(), ['decoderBlocks', 'maxLen', 'sharedEmbeddings']);
    const r = calcModel(sl, enc);
    // one table + 12 encoder blocks + output layer
    assert.equal(r.total, 30721024 + 12 * 4203264 + 30750000);
    assert.ok(r.stages.every((s) => s.where !== 'decoder'));
    const dec = { ...DEFAULTS, arch: 'decoder', outputLayer: false, tiedEmbeddings: true };
    assert.deepEqual(unusedSettings(dec).sort(), [
      'encoderBlocks',
      'maxLen',
      'outputBias',
      'sharedEmbeddings',
      'tiedEmbeddings',
    ]);
    assert.equal(toConfig(dec).tiedEmbeddings, false);
    assert.equal(calcModel(sl, dec).total, 30721024 + 8 * (3149056 + 1050112 + 2 * 2048));
  });

  it('has English and Persian text for every word the view can show', () => {
    assert.deepEqual(Object.keys(text.fa).sort(), Object.keys(text.en).sort());
    for (const [k, v] of Object.entries(text.fa)) assert.ok(typeof v === 'string' && v.length > 0, k);
    for (const k of Object.keys(text.en)) assert.ok(k.startsWith('calc.'), `${k} is namespaced`);
    // every part, note, stage and error any architecture produces has a key
    const needed = new Set(['calc.error.divisible', 'calc.error.maxLen', 'calc.error.refused']);
    const configs = [
      ...PRESET_NAMES.map((n) => ({ ...DEFAULTS, ...presetSettings(n) })),
      { ...DEFAULTS, sharedEmbeddings: true, pooler: true, positions: 'learned', outputLayer: false },
      { ...DEFAULTS, arch: 'decoder', tiedEmbeddings: true },
      { ...DEFAULTS, arch: 'encoder', tiedEmbeddings: true, outputBias: false },
    ];
    for (const s of configs) {
      const r = calcModel(sl, s);
      for (const b of r.breakdown) {
        needed.add(`calc.part.${b.key}`);
        if (b.note) needed.add(`calc.note.${b.note}`);
      }
      for (const key of Object.keys(r.components)) needed.add(`calc.part.${key}`);
      for (const st of r.stages) needed.add(`calc.stage.${st.name}`);
    }
    for (const name of PRESET_NAMES) needed.add(`calc.preset.${name}`);
    for (const name of Object.keys(PARAMS)) needed.add(`calc.${name}`);
    for (const v of [
      ...PARAMS.arch.values.map((a) => `calc.arch.${a}`),
      ...PARAMS.positions.values.map((p) => `calc.positions.${p}`),
    ])
      needed.add(v);
    const missing = [...needed].filter((k) => !(k in text.en) || !(k in text.fa));
    assert.deepEqual(missing, []);
    // Persian entries are Persian, apart from names that are notation (d_model, W_O, LayerNorm, pooler)
    const notation = /^(calc\.(dModel|dHead|autoHead|part\.(wo|norm|pooler)|stage\.(× W_O)))$/;
    const english = Object.keys(text.fa).filter((k) => !notation.test(k) && !/[\u0600-\u06ff]/.test(text.fa[k]));
    assert.deepEqual(english, []);
  });
});

describe('the calculator API: the architecture from the block counts, and attentionCost names n', () => {
  // GPT-2 small without its learned positions and final LayerNorm: the bare decoder stack
  const gpt2Stack = {
    vocab: 50257,
    seqLen: 1024,
    batch: 1,
    dModel: 768,
    heads: 12,
    dFF: 3072,
    tiedEmbeddings: true,
    outputBias: false,
  };

  it('no arch with encoderBlocks 0 is a decoder: 123,651,840 for GPT-2 small stack, no source embedding or cross-attention', () => {
    // regression: counted as an encoder–decoder, with a source embedding and cross-attention for an
    // encoder that does not exist
    const r = sl.transformerShapes({ ...gpt2Stack, encoderBlocks: 0, decoderBlocks: 12 });
    assert.equal(r.total, 123651840);
    assert.deepEqual(r, sl.transformerShapes({ ...gpt2Stack, arch: 'decoder', decoderBlocks: 12 }));
    // the same number from the preset's own breakdown: its total less the learned positions and ln_f
    const preset = sl.transformerShapes(TRANSFORMER_PRESETS['gpt2-small']);
    const line = (key) => preset.breakdown.find((b) => b.key === key);
    assert.equal(preset.total, 124439808);
    assert.equal(line('positions').count, 1024 * 768);
    assert.equal(line('finalNorm').count, 2 * 768);
    assert.equal(preset.total - line('positions').count - line('finalNorm').count, 123651840);
    const stack = sl.transformerShapes({ ...gpt2Stack, encoderBlocks: 0, decoderBlocks: 12 });
    for (const key of ['embedding', 'decoderBlocks', 'output'])
      assert.deepEqual(
        {
          count: stack.breakdown.find((b) => b.key === key).count,
          times: stack.breakdown.find((b) => b.key === key).times,
        },
        { count: line(key).count, times: line(key).times },
        key,
      );
    // decoderBlocks 0 is an encoder; both given (or both 0) stay the course's encoder–decoder
    assert.deepEqual(
      sl.transformerShapes({ ...gpt2Stack, encoderBlocks: 12, decoderBlocks: 0 }),
      sl.transformerShapes({ ...gpt2Stack, arch: 'encoder', encoderBlocks: 12 }),
    );
    assert.deepEqual(
      sl.transformerShapes({ ...gpt2Stack, encoderBlocks: 0, decoderBlocks: 0 }),
      sl.transformerShapes({ ...gpt2Stack, arch: 'encoder-decoder', encoderBlocks: 0, decoderBlocks: 0 }),
    );
    assert.equal(sl.transformerShapes(TRANSFORMER_PRESETS.course).total, 201466160);
    // an arch given is kept, and its own checks still apply
    assert.throws(
      () => sl.transformerShapes({ ...gpt2Stack, arch: 'encoder', encoderBlocks: 0, decoderBlocks: 12 }),
      (e) => e.name === 'SeqlabError' && /decoderBlocks must be 0 for arch 'encoder', got 12/.test(e.message),
    );
  });

  it('attentionCost names n, not seqLen, when n is bad; the config is read once, guarded', () => {
    for (const [n, pattern] of [
      [1.5, /^attentionCost: n must be an integer, got 1\.5$/],
      [0, /^attentionCost: n must be at least 1, got 0$/],
      [undefined, /^attentionCost: n is required$/],
      ['512', /^attentionCost: n must be an integer, got the string "512"$/],
    ]) {
      assert.throws(
        () => sl.attentionCost(TRANSFORMER_PRESETS['gpt2-small'], n),
        (e) => e.name === 'SeqlabError' && e.argument === 'n' && pattern.test(e.message),
        String(pattern),
      );
    }
    assert.equal(sl.attentionCost(TRANSFORMER_PRESETS['gpt2-small'], 4096).elements, 12 * 4096 * 4096);
    // a config's getter is read once and a throwing one is a SeqlabError (it was run by a spread, unguarded)
    let reads = 0;
    const config = { ...TRANSFORMER_PRESETS.course };
    Object.defineProperty(config, 'heads', { enumerable: true, get: () => (reads++, 4) });
    assert.equal(sl.attentionCost(config, 128).elements, 32 * 4 * 128 * 128);
    assert.equal(reads, 1);
    const boom = new Error('boom');
    Object.defineProperty(config, 'batch', {
      enumerable: true,
      get: () => {
        throw boom;
      },
    });
    assert.throws(
      () => sl.attentionCost(config, 128),
      (e) => e.name === 'SeqlabError' && e.cause === boom && /attentionCost: batch could not be read/.test(e.message),
    );
  });
});

describe('params.js: URL hash values', () => {
  it('whole numbers are read in decimal only (0x10 was taken as 16); numbers in decimal notation', () => {
    const steps = { type: 'int', default: 100, min: 1, max: 100000 };
    for (const raw of ['0x10', '0b11', '0o7', '1e1', '10.0', 'Infinity', '', ' ', '16px'])
      assert.equal(parseParam('steps', steps, raw).ok, false, raw);
    for (const [raw, v] of [
      ['16', 16],
      [' 16 ', 16],
      ['+16', 16],
    ])
      assert.deepEqual(parseParam('steps', steps, raw), { ok: true, value: v }, raw);
    assert.match(
      parseParam('steps', steps, '0x10').message,
      /^steps = "0x10" is not a whole number from 1 to 100000; using 100\.$/,
    );
    assert.deepEqual(parseParam('steps', steps, 16), { ok: true, value: 16 }, 'a number from script');
    const lr = { type: 'number', default: 0.01, min: 0, max: 10 };
    for (const raw of ['0x1', 'Infinity', '1e', '.', '1.2.3']) assert.equal(parseParam('lr', lr, raw).ok, false, raw);
    for (const [raw, v] of [
      ['0.5', 0.5],
      ['.5', 0.5],
      ['5.', 5],
      ['1e-7', 1e-7],
      ['2E0', 2],
    ])
      assert.deepEqual(parseParam('lr', lr, raw), { ok: true, value: v }, raw);
    // every value formatParam writes reads back
    for (const v of [1e-7, 0.001, 3, 9.5]) assert.equal(parseParam('lr', lr, formatParam(lr, v)).value, v);
  });

  it('a setting is an own key of the declaration: __proto__ and constructor are not settings', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty'])
      assert.equal(ownParam(PARAMS, name), undefined, name);
    assert.equal(ownParam(PARAMS, 'dModel'), PARAMS.dModel);
  });
});
