// transformer.test.mjs — the Transformer shape and parameter calculator.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { COURSE_PRESET, TRANSFORMER_PRESETS } from '../../wasm/seqlab.mjs';
import { CONFIG_KEYS } from '../../wasm/lib/transformer.mjs';
import { assertSeqlabError, fixture, loadSeqlab, rng, SeqlabError } from './helpers.mjs';

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
    assert.equal(
      r.breakdown.reduce((s, b) => s + b.count * b.times, 0),
      r.total,
    );
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
    const r = sl.transformerShapes({
      vocab: 1000,
      seqLen: 128,
      batch: 4,
      dModel: 512,
      heads: 8,
      dFF: 2048,
      encoderBlocks: 6,
      decoderBlocks: 6,
      embeddingBias: false,
      tiedEmbeddings: true,
      outputBias: true,
    });
    assert.equal(r.config.dHead, 64);
    assert.equal(r.components.attention.count, 1050624);
    assert.equal(r.perEncoderBlock, 3152384);
    assert.equal(r.perDecoderBlock, 4204032);
    assert.equal(r.output, 1000);
    assert.equal(r.total, 45163496);
  });

  it('a decoder-only model with a head size independent of d_model', () => {
    // d_model 100, 3 heads of 40 (concat 120 ≠ 100), d_ff 300, vocab 50, 0 encoder + 2 decoder blocks, no output bias,
    // no arch: 0 encoder blocks make it a decoder (GPT-style: masked self-attention, no cross-attention):
    //   per head: 3 × (100·40 + 40) = 12,120; × 3 = 36,360; W_O: 120·100 + 100 = 12,100 → attention 48,460
    //   FFN: 100·300 + 300 + 300·100 + 100 = 60,400; LayerNorm 200
    //   decoder block: 48,460 + 60,400 + 2·200 = 109,260
    //   one embedding 50·100 = 5,000; output 100·50 = 5,000
    //   total: 5,000 + 2·109,260 + 5,000 = 228,520
    const cfg = {
      vocab: 50,
      seqLen: 10,
      batch: 1,
      dModel: 100,
      heads: 3,
      dHead: 40,
      dFF: 300,
      encoderBlocks: 0,
      decoderBlocks: 2,
      outputBias: false,
    };
    const r = sl.transformerShapes(cfg);
    assert.equal(r.perDecoderBlock, 109260);
    assert.equal(r.total, 228520);
    assert.equal(r.total, sl.transformerShapes({ ...cfg, arch: 'decoder' }).total);
    // with an encoder-decoder asked for by name, each decoder block has cross-attention too
    const ed = sl.transformerShapes({ ...cfg, arch: 'encoder-decoder' });
    assert.equal(ed.perDecoderBlock, 2 * 48460 + 60400 + 3 * 200);
  });

  it('attention cost grows with n²', () => {
    const a = sl.attentionCost(COURSE_PRESET, 1024),
      b = sl.attentionCost(COURSE_PRESET, 2048);
    assert.equal(a.elements, 32 * 4 * 1024 * 1024);
    assert.equal(b.bytes / a.bytes, 4);
    assert.equal(b.flops, 4 * 32 * 4 * 2048 * 2048 * 192);
  });

  const bad = [
    ['negative size', { ...COURSE_PRESET, dModel: -4 }, /transformerShapes: dModel must be at least 1, got -4/],
    ['non-integer', { ...COURSE_PRESET, heads: 2.5 }, /heads must be an integer, got 2\.5/],
    [
      'dHead needed',
      { ...COURSE_PRESET, dHead: undefined, dModel: 1000, heads: 3 },
      /dHead is required when dModel \(1000\) is not divisible by heads \(3\)/,
    ],
    ['overflowing dHead·heads', { ...COURSE_PRESET, heads: 2 ** 30, dHead: 2 ** 30 }, /heads·dHead = .* is past 2\^53/],
    ['unknown key', { ...COURSE_PRESET, layers: 6 }, /unknown option 'layers'/],
    ['boolean as string', { ...COURSE_PRESET, tiedEmbeddings: 'yes' }, /tiedEmbeddings must be true or false/],
  ];
  for (const [name, config, pattern] of bad)
    it(`refuses ${name}`, () => assertSeqlabError(() => sl.transformerShapes(config), SeqlabError, pattern));
});

// ---- architectures, presets and PyTorch fixtures ----------------------------------------------
const fx = fixture('transformer');
const PUBLISHED = { course: 201466160, 'bert-base': 109482240, 'gpt2-small': 124439808, 'gpt2-medium': 354823168 };

/** Every count of a result against what tests/fixtures/gen_transformer.py read from PyTorch modules. */
function matchesModules(r, m) {
  const what = JSON.stringify(m.config);
  assert.equal(r.total, m.total, `total of ${what}`);
  assert.equal(r.embedding, m.embedding, `one token table of ${what}`);
  if (m.encoderBlock !== null) assert.equal(r.perEncoderBlock, m.encoderBlock, `encoder block of ${what}`);
  if (m.decoderBlock !== null) assert.equal(r.perDecoderBlock, m.decoderBlock, `decoder block of ${what}`);
  const line = (key) => r.breakdown.filter((b) => b.key === key).reduce((s, b) => s + b.count * b.times, 0);
  assert.equal(line('positions'), m.positions, `learned positions of ${what}`);
  assert.equal(line('tokenTypes'), m.tokenTypes, `token types of ${what}`);
  assert.equal(line('pooler'), m.pooler, `pooler of ${what}`);
  assert.equal(line('output'), m.output, `output layer of ${what}`);
  assert.equal(r.flops.matmulWeights, m.matmulWeights, `weights in matrix products of ${what}`);
  assert.equal(
    r.breakdown.reduce((s, b) => s + b.count * b.times, 0),
    r.total,
    `breakdown of ${what} sums to the total`,
  );
}

describe('transformerShapes: architectures against PyTorch modules', () => {
  it('the presets give their published totals, as PyTorch modules do', () => {
    assert.deepEqual(Object.keys(sl.transformerPresets), [
      'course',
      'bert-base',
      'gpt2-small',
      'gpt2-medium',
      'transformer-base',
    ]);
    assert.equal(sl.transformerPresets, TRANSFORMER_PRESETS);
    assert.equal(sl.transformerPresets.course, COURSE_PRESET);
    for (const [name, config] of Object.entries(sl.transformerPresets)) {
      const r = sl.transformerShapes(config);
      if (PUBLISHED[name]) assert.equal(r.total, PUBLISHED[name], name);
      assert.deepEqual(fx.presets[name].config, config, `${name}: the fixture was made from this preset`);
      matchesModules(r, fx.presets[name]);
    }
    // Transformer base: the stacks hold exactly what nn.Transformer(512, 8, 6, 6, 2048) holds
    const base = sl.transformerShapes(sl.transformerPresets['transformer-base']);
    assert.equal(base.total, 63084544);
    assert.equal(base.total - base.embedding, fx.presets['transformer-base'].nnTransformer);
  });

  for (const arch of ['encoder', 'decoder', 'encoder-decoder']) {
    it(`odd ${arch} configs match PyTorch (head sizes that do not multiply to d_model, biases off, every option)`, () => {
      const list = fx.odd.filter((m) => m.config.arch === arch);
      assert.ok(list.length >= 5, `${list.length} ${arch} configs in the fixture`);
      for (const m of list) matchesModules(sl.transformerShapes(m.config), m);
    });
  }

  it("the issue's BERT and GPT-2: one embedding table, no cross-attention in a GPT block", () => {
    // typed in as the issue did: BERT-base as an encoder (tied, so only the output bias remains)
    const bert = {
      vocab: 30522,
      seqLen: 512,
      batch: 1,
      dModel: 768,
      heads: 12,
      dFF: 3072,
      encoderBlocks: 12,
      decoderBlocks: 0,
      tiedEmbeddings: true,
    };
    // no arch and 0 decoder blocks: an encoder; an encoder-decoder only when asked for by name
    assert.equal(sl.transformerShapes(bert).total, sl.transformerShapes({ ...bert, arch: 'encoder' }).total);
    assert.equal(sl.transformerShapes({ ...bert, arch: 'encoder-decoder' }).total, 131966778);
    // one table 30522·768 + 12 × 7,087,872 + output bias 30522
    assert.equal(sl.transformerShapes({ ...bert, arch: 'encoder' }).total, 30522 * 768 + 12 * 7087872 + 30522);
    const gpt2 = {
      arch: 'decoder',
      vocab: 50257,
      seqLen: 1024,
      batch: 1,
      dModel: 768,
      heads: 12,
      dFF: 3072,
      decoderBlocks: 12,
      tiedEmbeddings: true,
      outputBias: false,
    };
    const r = sl.transformerShapes(gpt2);
    assert.equal(r.perDecoderBlock, 7087872); // attention 2,362,368 + FFN 4,722,432 + 2 LayerNorms
    assert.deepEqual([r.counts.crossAttention, r.counts.decoderNorms], [0, 2 * 1536]);
    const course = sl.transformerShapes(COURSE_PRESET).counts;
    assert.deepEqual(
      [course.crossAttention, course.decoderNorms, course.embeddingNorm, course.finalNorm],
      [course.attention, 3 * 2048, 0, 0],
    );
    assert.equal(r.total, 50257 * 768 + 12 * 7087872); // no positions or final norm asked for
    assert.equal(r.stages.filter((s) => /cross/.test(s.name)).length, 0);
    assert.deepEqual(
      r.breakdown.filter((b) => /mbedding$/.test(b.key)).map((b) => b.key),
      ['embedding'],
    );
  });

  it('every option is its own line of the breakdown, also when it is off', () => {
    const r = sl.transformerShapes(COURSE_PRESET);
    assert.deepEqual(
      r.breakdown.map((b) => b.key),
      [
        'sourceEmbedding',
        'targetEmbedding',
        'positions',
        'tokenTypes',
        'embeddingNorm',
        'encoderBlocks',
        'decoderBlocks',
        'finalNorm',
        'pooler',
        'output',
      ],
    );
    const bert = sl.transformerShapes(sl.transformerPresets['bert-base']);
    const get = (key) => bert.breakdown.find((b) => b.key === key);
    assert.deepEqual(
      [
        get('positions').count,
        get('tokenTypes').count,
        get('embeddingNorm').count,
        get('pooler').count,
        get('output').count,
      ],
      [512 * 768, 2 * 768, 2 * 768, 768 * 768 + 768, 0],
    );
    assert.equal(get('positions').formula, '512·768');
    // encoder-decoder: positions, types and norms once per stack
    const ed = sl.transformerShapes({ ...COURSE_PRESET, positions: 'learned', maxLen: 4096, finalNorm: true });
    assert.equal(ed.breakdown.find((b) => b.key === 'positions').times, 2);
    assert.equal(ed.total, 201466160 + 2 * 4096 * 1024 + 2 * 2 * 1024);
  });

  it('FLOPs, key/value cache and training memory follow their formulas from the module counts', () => {
    for (const m of [...Object.values(fx.presets), ...fx.odd]) {
      const r = sl.transformerShapes(m.config);
      const c = r.config;
      const layers = c.encoderBlocks + c.decoderBlocks * (c.arch === 'encoder-decoder' ? 2 : 1);
      assert.equal(r.flops.forward, 2 * m.matmulWeights + 4 * layers * c.seqLen * c.heads * c.dHead);
      assert.equal(r.flops.train, 3 * r.flops.forward);
      const kvLayers = c.arch === 'encoder' ? 0 : c.decoderBlocks;
      assert.equal(r.kvCache.bytesPerToken, 2 * kvLayers * c.heads * c.dHead * 4);
      assert.equal(r.kvCache.bytesForBatch, r.kvCache.bytesPerToken * c.seqLen * c.batch);
      assert.equal(r.memory.bytes, 16 * m.total);
    }
    // GPT-2 small: 2 × 123,532,032 + 4·12·1024·768 = 284,812,800 FLOPs per token; 73,728 bytes of K and V per token
    const g = sl.transformerShapes(sl.transformerPresets['gpt2-small']);
    assert.equal(g.flops.forward, 284812800);
    assert.equal(g.flops.forwardFormula, '2 × 123532032 + 4·12·1024·768');
    assert.equal(g.kvCache.bytesPerToken, 73728);
    assert.equal(g.memory.bytes, 16 * 124439808);
  });

  it('attentionCost refuses totals past 2^53 instead of returning rounded numbers', () => {
    // 2^20 · 2^10 · (2^12)² = 2^54 elements
    assertSeqlabError(
      () => sl.attentionCost({ ...COURSE_PRESET, batch: 2 ** 20, heads: 2 ** 10, dHead: 1 }, 2 ** 12),
      SeqlabError,
      /attentionCost: batch·heads·seqLen² = .* is past 2\^53/,
    );
    // 2^51 elements: 4 bytes each is exactly 2^53, still exact; the FLOPs with dHead 2 are past it
    const ok = sl.attentionCost({ ...COURSE_PRESET, batch: 2 ** 19, heads: 2 ** 8, dHead: 1 }, 2 ** 12);
    assert.equal(ok.elements, 2 ** 51);
    assert.equal(ok.bytes, 2 ** 53);
    assertSeqlabError(
      () => sl.attentionCost({ ...COURSE_PRESET, batch: 2 ** 19, heads: 2 ** 8, dHead: 2 }, 2 ** 12),
      SeqlabError,
      /4·batch·heads·seqLen²·dHead = .* is past 2\^53/,
    );
    // learned positions do not limit the length of the score tensor
    assert.equal(sl.attentionCost(sl.transformerPresets['gpt2-small'], 4096).elements, 12 * 4096 * 4096);
    assert.equal(sl.memoryStats().heapInUse, 0);
  });

  const badArch = [
    [
      'an unknown arch',
      { ...COURSE_PRESET, arch: 'decoder-only' },
      /arch must be one of 'encoder-decoder', 'encoder', 'decoder'/,
    ],
    [
      'decoder blocks in an encoder',
      { ...COURSE_PRESET, arch: 'encoder' },
      /decoderBlocks must be 0 for arch 'encoder', got 8/,
    ],
    [
      'encoder blocks in a decoder',
      { ...COURSE_PRESET, arch: 'decoder' },
      /encoderBlocks must be 0 for arch 'decoder', got 12/,
    ],
    ['maxLen without learned positions', { ...COURSE_PRESET, maxLen: 512 }, /maxLen is the length of a learned table/],
    ['learned positions without maxLen', { ...COURSE_PRESET, positions: 'learned' }, /maxLen is required/],
    [
      'a sequence past the learned table',
      { ...COURSE_PRESET, positions: 'learned', maxLen: 512 },
      /seqLen \(2048\) must be at most maxLen \(512\)/,
    ],
    ['an unknown positions', { ...COURSE_PRESET, positions: 'rope' }, /positions must be one of 'none', 'learned'/],
    ['negative token types', { ...COURSE_PRESET, typeVocab: -1 }, /typeVocab must be at least 0/],
    [
      'shared tables in a decoder',
      { ...TRANSFORMER_PRESETS['gpt2-small'], sharedEmbeddings: true },
      /sharedEmbeddings needs arch 'encoder-decoder'/,
    ],
    ['a boolean as a number', { ...COURSE_PRESET, pooler: 1 }, /pooler must be true or false/],
    ['a total past 2^53', { ...COURSE_PRESET, vocab: 2 ** 40, dModel: 2 ** 14 }, /vocab·dModel = .* is past 2\^53/],
  ];
  for (const [name, config, pattern] of badArch)
    it(`refuses ${name}`, () => assertSeqlabError(() => sl.transformerShapes(config), SeqlabError, pattern));

  it('leaves the module usable and the heap flat after any number of calls, failing or not', () => {
    const before = sl.memoryStats();
    for (let i = 0; i < 2000; i++) {
      sl.transformerShapes(sl.transformerPresets['gpt2-medium']);
      sl.attentionCost(COURSE_PRESET, 1 + (i % 4096));
      try {
        sl.transformerShapes({ ...COURSE_PRESET, vocab: 2 ** 40, dModel: 2 ** 14 });
      } catch {
        /* refused by the core */
      }
    }
    assert.deepEqual(sl.memoryStats(), before);
    assert.equal(sl.transformerShapes(COURSE_PRESET).total, 201466160);
  });

  it('5,000 hostile configs: each returns exact integer counts or throws a SeqlabError naming the function', () => {
    const g = rng(20261129);
    const pick = (list) => list[Math.floor(g.uniform() * list.length)];
    const hostile = [
      -1,
      0,
      1,
      2.5,
      NaN,
      Infinity,
      2 ** 40,
      2 ** 40 + 1,
      2 ** 53,
      2 ** 31,
      7,
      4096,
      '12',
      true,
      null,
      undefined,
      {},
      [3],
      'learned',
      'decoder',
      'encoder',
    ];
    const keys = [...CONFIG_KEYS, 'unknownKey'];
    const before = sl.memoryStats();
    let returned = 0;
    for (let i = 0; i < 5000; i++) {
      const config = { ...pick(Object.values(TRANSFORMER_PRESETS)) };
      for (let j = 0, n = Math.floor(g.uniform() * 3); j < n; j++) config[pick(keys)] = pick(hostile);
      const fn = g.uniform() < 0.8 ? 'transformerShapes' : 'attentionCost';
      try {
        const r =
          fn === 'transformerShapes'
            ? sl.transformerShapes(config)
            : sl.attentionCost(config, pick([1, 512, 2 ** 20, -3, 1.5]));
        const counts =
          fn === 'transformerShapes'
            ? [r.total, ...Object.values(r.counts), ...r.breakdown.map((b) => b.count * b.times)]
            : [r.elements, r.bytes, r.flops];
        for (const v of counts)
          assert.ok(Number.isSafeInteger(v) && v >= 0, `call ${i}: ${v} in ${JSON.stringify(config)}`);
        if (fn === 'transformerShapes')
          assert.equal(
            r.breakdown.reduce((s, b) => s + b.count * b.times, 0),
            r.total,
          );
        returned++;
      } catch (err) {
        if (!(err instanceof SeqlabError))
          assert.fail(`call ${i} ${fn}(${JSON.stringify(config)}) threw ${err?.name}: ${err?.message}`);
        assert.ok(err.message.startsWith(`${fn}: `), err.message);
      }
    }
    assert.ok(returned > 500 && returned < 4500, `${returned} of 5000 returned`);
    assert.deepEqual(sl.memoryStats(), before);
  });
});
