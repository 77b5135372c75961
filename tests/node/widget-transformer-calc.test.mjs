// widget-transformer-calc.test.mjs — the calculator's model (settings → what the page shows),
// run in Node against the same core as the page: presets, the head size in use, messages for
// settings that cannot work, and a text for every word the view can show in both languages.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { TRANSFORMER_PRESETS } from '../../wasm/seqlab.mjs';
import { defaults } from '../../web/src/core/params.js';
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
