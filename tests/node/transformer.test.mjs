// transformer.test.mjs — the Transformer shape and parameter calculator.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { COURSE_PRESET } from '../../wasm/seqlab.mjs';
import { assertSeqlabError, loadSeqlab, SeqlabError } from './helpers.mjs';

let sl;
before(async () => {
  sl = await loadSeqlab();
});

describe('transformerShapes', () => {
  it('reproduces the course example exactly', () => {
    const r = sl.transformerShapes(COURSE_PRESET);
    assert.equal(r.components.qkvPerHead.count, 3 * (1024 * 192 + 192));
    assert.equal(r.components.wo.count, 787456);
    assert.equal(r.components.ffn.count, 1050112);
    assert.equal(r.perEncoderBlock, 4203264);
    assert.equal(r.perDecoderBlock, 7354368);
    assert.equal(r.embedding, 30721024);
    assert.equal(r.output, 30750000);
    assert.equal(r.total, 201466160);
    // the breakdown sums visibly to the total
    assert.equal(r.breakdown.reduce((s, b) => s + b.count * b.times, 0), r.total);
    const scores = r.stages.find((s) => s.name === 'scores QKᵀ/√d_head');
    assert.deepEqual(scores.shape, [32, 4, 2048, 2048]);
    assert.deepEqual(r.stages.find((s) => s.name === 'concat').shape, [32, 2048, 768]);
    assert.deepEqual(r.stages.at(-1).shape, [32, 2048, 30000]);
  });

  it('common conventions: tied embeddings, no embedding bias, d_head = d_model / heads', () => {
    // d_model 512, 8 heads → d_head 64 (heads·d_head = 512), d_ff 2048, vocab 1000, 6 + 6 blocks:
    //   per head Q,K,V: 3 × (512·64 + 64) = 98,496; × 8 heads = 787,968
    //   W_O: 512·512 + 512 = 262,656 → attention 1,050,624
    //   FFN: 512·2048 + 2048 + 2048·512 + 512 = 2,099,712; LayerNorm 1,024
    //   encoder block: 1,050,624 + 2,099,712 + 2·1,024 = 3,152,384
    //   decoder block: 2·1,050,624 + 2,099,712 + 3·1,024 = 4,204,032
    //   embeddings: 1000·512 = 512,000 each (no bias); output tied → bias only = 1,000
    //   total: 2·512,000 + 6·3,152,384 + 6·4,204,032 + 1,000 = 45,163,496
    const r = sl.transformerShapes({ vocab: 1000, seqLen: 128, batch: 4, dModel: 512, heads: 8, dFF: 2048, encoderBlocks: 6, decoderBlocks: 6, embeddingBias: false, tiedEmbeddings: true, outputBias: true });
    assert.equal(r.config.dHead, 64);
    assert.equal(r.components.attention.count, 1050624);
    assert.equal(r.perEncoderBlock, 3152384);
    assert.equal(r.perDecoderBlock, 4204032);
    assert.equal(r.output, 1000);
    assert.equal(r.total, 45163496);
  });

  it('a decoder-only model with a head size independent of d_model', () => {
    // d_model 100, 3 heads of 40 (concat 120 ≠ 100), d_ff 300, vocab 50, 0 encoder + 2 decoder blocks, no output bias:
    //   per head: 3 × (100·40 + 40) = 12,120; × 3 = 36,360; W_O: 120·100 + 100 = 12,100 → attention 48,460
    //   FFN: 100·300 + 300 + 300·100 + 100 = 60,400; LayerNorm 200
    //   decoder block: 2·48,460 + 60,400 + 3·200 = 157,920
    //   embeddings 50·100 = 5,000 each; output 100·50 = 5,000
    //   total: 2·5,000 + 2·157,920 + 5,000 = 330,840
    const r = sl.transformerShapes({ vocab: 50, seqLen: 10, batch: 1, dModel: 100, heads: 3, dHead: 40, dFF: 300, encoderBlocks: 0, decoderBlocks: 2, outputBias: false });
    assert.equal(r.perDecoderBlock, 157920);
    assert.equal(r.total, 330840);
    assert.deepEqual(r.stages.find((s) => s.name === 'concat').shape, [1, 10, 120]);
  });

  it('attention cost grows with n²', () => {
    const a = sl.attentionCost(COURSE_PRESET, 1024), b = sl.attentionCost(COURSE_PRESET, 2048);
    assert.equal(a.elements, 32 * 4 * 1024 * 1024);
    assert.equal(b.bytes / a.bytes, 4);
    assert.equal(b.flops, 4 * 32 * 4 * 2048 * 2048 * 192);
  });

  const bad = [
    ['negative size', { ...COURSE_PRESET, dModel: -4 }, /transformerShapes: dModel must be at least 1, got -4/],
    ['non-integer', { ...COURSE_PRESET, heads: 2.5 }, /heads must be an integer, got 2\.5/],
    ['dHead needed', { ...COURSE_PRESET, dHead: undefined, dModel: 1000, heads: 3 }, /dHead is required when dModel \(1000\) is not divisible by heads \(3\)/],
    ['overflowing dHead·heads', { ...COURSE_PRESET, heads: 2 ** 30, dHead: 2 ** 30 }, /heads·dHead = .* is past 2\^53/],
    ['unknown key', { ...COURSE_PRESET, layers: 6 }, /unknown option 'layers'/],
    ['boolean as string', { ...COURSE_PRESET, tiedEmbeddings: 'yes' }, /tiedEmbeddings must be true or false/],
  ];
  for (const [name, config, pattern] of bad) it(`refuses ${name}`, () => assertSeqlabError(() => sl.transformerShapes(config), SeqlabError, pattern));
});
