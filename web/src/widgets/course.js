// course.js — the Transformer shape and parameter calculator, <seqlab-transformer-calc>. The
// course's other demos have their own folders (orthogonal/, dot-scaling/, mha-sum/,
// permutation/); the calculator is moving to transformer-calc/ in the same shape.
import { h } from '../core/dom.js';
import { SeqlabWidget, define } from '../core/widget.js';
import { LinePlot } from '../plot/lineplot.js';
import css from '../styles/course.css';
import { COURSE_PRESET } from '../../../wasm/seqlab.mjs';

// The calculator's words in English and Persian (see core/i18n.js).
const text = {
  en: {
    'Transformer shapes and parameters': 'Transformer shapes and parameters',
    'The tensor shape after every stage and the parameters of every part, with the conventions as switches. The course example gives 201,466,160.': 'The tensor shape after every stage and the parameters of every part, with the conventions as switches. The course example gives 201,466,160.',
    'Course example': 'Course example',
    'Common conventions': 'Common conventions',
    'attention score tensor B·heads·n² against n': 'attention score tensor B·heads·n² against n',
    'bytes / FLOPs': 'bytes / FLOPs',
    Total: 'Total',
    parameters: 'parameters',
    encoder: 'encoder',
    decoder: 'decoder',
    'bytes (float32)': 'bytes (float32)',
    'multiply–adds of QKᵀ and ·V': 'multiply–adds of QKᵀ and ·V',
    vocabulary: 'vocabulary',
    'sequence length n': 'sequence length n',
    'batch B': 'batch B',
    d_model: 'd_model',
    heads: 'heads',
    d_head: 'd_head',
    'feed-forward hidden d_ff': 'feed-forward hidden d_ff',
    'encoder blocks': 'encoder blocks',
    'decoder blocks': 'decoder blocks',
    'd_head = d_model / heads': 'd_head = d_model / heads',
    'embeddings with a bias': 'embeddings with a bias',
    'output layer tied to the target embedding': 'output layer tied to the target embedding',
    'output layer with a bias': 'output layer with a bias',
    component: 'component',
    formula: 'formula',
    count: 'count',
    subtotal: 'subtotal',
    'source embedding': 'source embedding',
    'target embedding': 'target embedding',
    'Q, K, V of one head': 'Q, K, V of one head',
    'multi-head attention': 'multi-head attention',
    'feed-forward': 'feed-forward',
    'embedding (each of source and target)': 'embedding (each of source and target)',
    'output layer': 'output layer',
    'weights tied to the target embedding; bias only': 'weights tied to the target embedding; bias only',
    'tied to the target embedding': 'tied to the target embedding',
    'token ids': 'token ids',
    embedding: 'embedding',
    '+ positional encoding': '+ positional encoding',
    'Q, K, V per head': 'Q, K, V per head',
    'scores QKᵀ/√d_head': 'scores QKᵀ/√d_head',
    'softmax weights': 'softmax weights',
    'heads · V': 'heads · V',
    concat: 'concat',
    'add & norm': 'add & norm',
    'FFN hidden (ReLU)': 'FFN hidden (ReLU)',
    'FFN out': 'FFN out',
    'masked self-attention scores': 'masked self-attention scores',
    'masked self-attention out, add & norm': 'masked self-attention out, add & norm',
    'cross-attention Q (decoder) / K, V (encoder)': 'cross-attention Q (decoder) / K, V (encoder)',
    'cross-attention out, add & norm': 'cross-attention out, add & norm',
    'FFN out, add & norm': 'FFN out, add & norm',
    'final linear (logits)': 'final linear (logits)',
    'softmax over the vocabulary': 'softmax over the vocabulary',
  },
  fa: {
    'Transformer shapes and parameters': 'شکل تانسورها و پارامترهای ترنسفورمر',
    'The tensor shape after every stage and the parameters of every part, with the conventions as switches. The course example gives 201,466,160.': 'شکل تانسور پس از هر مرحله و پارامترهای هر بخش، با قراردادها به‌صورت کلید. مثال درس ۲۰۱٬۴۶۶٬۱۶۰ می‌دهد.',
    'Course example': 'مثال درس',
    'Common conventions': 'قراردادهای رایج',
    'attention score tensor B·heads·n² against n': 'تانسور امتیازهای توجه B·heads·n² بر حسب n',
    'bytes / FLOPs': 'بایت / FLOPs',
    Total: 'جمع کل',
    parameters: 'پارامترها',
    encoder: 'رمزگذار',
    decoder: 'رمزگشا',
    'bytes (float32)': 'بایت (float32)',
    'multiply–adds of QKᵀ and ·V': 'ضرب‌وجمع‌های QKᵀ و ·V',
    vocabulary: 'اندازهٔ واژگان',
    'sequence length n': 'طول دنباله n',
    'batch B': 'اندازهٔ دسته B',
    d_model: 'd_model',
    heads: 'تعداد سرها',
    d_head: 'd_head',
    'feed-forward hidden d_ff': 'لایهٔ پنهان پیش‌خور d_ff',
    'encoder blocks': 'بلوک‌های رمزگذار',
    'decoder blocks': 'بلوک‌های رمزگشا',
    'd_head = d_model / heads': 'd_head = d_model / heads',
    'embeddings with a bias': 'جاسازی‌ها با بایاس',
    'output layer tied to the target embedding': 'لایهٔ خروجی گره‌خورده با جاسازی مقصد',
    'output layer with a bias': 'لایهٔ خروجی با بایاس',
    component: 'بخش',
    formula: 'فرمول',
    count: 'تعداد',
    subtotal: 'جمع جزء',
    'source embedding': 'جاسازی مبدأ',
    'target embedding': 'جاسازی مقصد',
    'Q, K, V of one head': 'Q، K، V یک سر',
    'multi-head attention': 'توجه چندسر',
    'feed-forward': 'پیش‌خور',
    'embedding (each of source and target)': 'جاسازی (هر یک از مبدأ و مقصد)',
    'output layer': 'لایهٔ خروجی',
    'weights tied to the target embedding; bias only': 'وزن‌ها گره‌خورده با جاسازی مقصد؛ فقط بایاس',
    'tied to the target embedding': 'گره‌خورده با جاسازی مقصد',
    'token ids': 'شناسه‌های توکن',
    embedding: 'جاسازی',
    '+ positional encoding': '+ کدگذاری موقعیتی',
    'Q, K, V per head': 'Q، K، V برای هر سر',
    'scores QKᵀ/√d_head': 'امتیازهای QKᵀ/√d_head',
    'softmax weights': 'وزن‌های softmax',
    'heads · V': 'سرها · V',
    concat: 'الحاق',
    'add & norm': 'جمع و نرمال‌سازی',
    'FFN hidden (ReLU)': 'لایهٔ پنهان FFN (ReLU)',
    'FFN out': 'خروجی FFN',
    'masked self-attention scores': 'امتیازهای خودتوجهی ماسک‌دار',
    'masked self-attention out, add & norm': 'خروجی خودتوجهی ماسک‌دار، جمع و نرمال‌سازی',
    'cross-attention Q (decoder) / K, V (encoder)': 'توجه متقابل: Q (رمزگشا) / K، V (رمزگذار)',
    'cross-attention out, add & norm': 'خروجی توجه متقابل، جمع و نرمال‌سازی',
    'FFN out, add & norm': 'خروجی FFN، جمع و نرمال‌سازی',
    'final linear (logits)': 'لایهٔ خطی پایانی (logits)',
    'softmax over the vocabulary': 'softmax روی واژگان',
  },
};

const f = (n) => n.toLocaleString('en-US');
const num = (min, max, step = 1) => h('input', { type: 'number', min, max, step });

// ---- the calculator ------------------------------------------------------------------------------
export class SeqlabTransformerCalc extends SeqlabWidget {
  static css = css;
  static params = {
    vocab: { type: 'int', default: COURSE_PRESET.vocab, min: 1, max: 10000000 },
    seqLen: { type: 'int', default: COURSE_PRESET.seqLen, min: 1, max: 1000000 },
    batch: { type: 'int', default: COURSE_PRESET.batch, min: 1, max: 100000 },
    dModel: { type: 'int', default: COURSE_PRESET.dModel, min: 1, max: 100000 },
    heads: { type: 'int', default: COURSE_PRESET.heads, min: 1, max: 1024 },
    dHead: { type: 'int', default: COURSE_PRESET.dHead, min: 1, max: 100000 },
    autoHead: { type: 'bool', default: false },
    dFF: { type: 'int', default: COURSE_PRESET.dFF, min: 1, max: 1000000 },
    encoderBlocks: { type: 'int', default: COURSE_PRESET.encoderBlocks, min: 0, max: 1000 },
    decoderBlocks: { type: 'int', default: COURSE_PRESET.decoderBlocks, min: 0, max: 1000 },
    embeddingBias: { type: 'bool', default: true },
    tiedEmbeddings: { type: 'bool', default: false },
    outputBias: { type: 'bool', default: true },
  };

  build(frame) {
    const t = (s) => this.t(s);
    const box = () => h('input', { type: 'checkbox' });
    frame.append(
      h('header', {}, h('h2', { text: t('Transformer shapes and parameters') }),
        h('p', { class: 'lede', text: t('The tensor shape after every stage and the parameters of every part, with the conventions as switches. The course example gives 201,466,160.') })),
      h('div', { class: 'controls' },
        this.bind('vocab', num(1, 10000000), 'vocabulary'), this.bind('seqLen', num(1, 1000000), 'sequence length n'),
        this.bind('batch', num(1, 100000), 'batch B'), this.bind('dModel', num(1, 100000), 'd_model'),
        this.bind('heads', num(1, 1024), 'heads'), this.bind('dHead', num(1, 100000), 'd_head'),
        this.bind('dFF', num(1, 1000000), 'feed-forward hidden d_ff'),
        this.bind('encoderBlocks', num(0, 1000), 'encoder blocks'), this.bind('decoderBlocks', num(0, 1000), 'decoder blocks'),
        h('fieldset', { class: 'checks' }, h('legend', { text: 'conventions' }),
          this.bind('autoHead', box(), 'd_head = d_model / heads'), this.bind('embeddingBias', box(), 'embeddings with a bias'),
          this.bind('tiedEmbeddings', box(), 'output layer tied to the target embedding'), this.bind('outputBias', box(), 'output layer with a bias')),
        h('div', { class: 'field', 'data-part': 'presets' },
          h('button', { type: 'button', onclick: () => this.setState({ ...COURSE_PRESET, autoHead: false }), text: t('Course example') }),
          h('button', { type: 'button', onclick: () => this.setState({ embeddingBias: false, tiedEmbeddings: true, outputBias: true, autoHead: true }), text: t('Common conventions') }))),
    );
    this.totalBox = h('p', { class: 'total', 'aria-live': 'polite' });
    this.table = h('table', { class: 'params' });
    this.diagram = h('div', { class: 'diagram' });
    this.cost = new LinePlot({ title: t('attention score tensor B·heads·n² against n'), xLabel: 'n', yLabel: t('bytes / FLOPs'), logY: true, width: 460, height: 250, t });
    frame.append(this.totalBox, h('div', { class: 'grid' }, h('div', {}, this.table), this.diagram), this.cost.root);
  }

  config() {
    const s = this.state;
    const c = { ...s };
    delete c.autoHead;
    if (s.autoHead) delete c.dHead;
    return c;
  }

  compute() {
    const t = (x) => this.t(x);
    const r = this.sl.transformerShapes(this.config());
    const ns = [128, 256, 512, 1024, 2048, 4096, 8192, 16384];
    const costs = ns.map((n) => this.sl.attentionCost(this.config(), n));
    this.lastResult = { ...r, costs };
    this.totalBox.textContent = `${this.t('Total')}: ${f(r.total)}`;
    // the formulas are arithmetic, except the words of the tied output layer's note
    const formula = (x) => x.replace(/weights tied to the target embedding; bias only|tied to the target embedding/, (m) => t(m));
    const rows = r.breakdown.map((b) => h('tr', {}, h('th', { scope: 'row', text: t(b.name) }), h('td', { text: formula(b.formula) }), h('td', { text: `${f(b.count)}${b.times !== 1 ? ` × ${b.times}` : ''}` }), h('td', { text: f(b.count * b.times) })));
    const c = r.components;
    const parts = [c.qkvPerHead, c.wo, c.attention, c.ffn, c.norm].map((p) => h('tr', { class: 'sub' }, h('th', { scope: 'row', text: t(p.name) }), h('td', { text: p.formula }), h('td', { text: f(p.count) }), h('td', { text: '' })));
    this.table.replaceChildren(h('caption', { text: t('parameters') }),
      h('thead', {}, h('tr', {}, ['component', 'formula', 'count', 'subtotal'].map((x) => h('th', { scope: 'col', text: t(x) })))),
      h('tbody', {}, parts, rows), h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', text: this.t('Total') }), h('td', { text: '' }), h('td', { text: '' }), h('td', { text: f(r.total) }))));
    const column = (where, title) => h('div', { class: 'stack' }, h('h4', { text: title }),
      r.stages.filter((s) => s.where === where || s.where === 'both').map((s) => h('div', { class: 'stage' }, h('span', { class: 'name', text: t(s.name) }), h('span', { class: 'shape', text: `[${s.shape.map(f).join(' × ')}]` }))));
    this.diagram.replaceChildren(column('encoder', `${t('encoder')} × ${r.config.encoderBlocks}`), column('decoder', `${t('decoder')} × ${r.config.decoderBlocks}`));
    this.cost.set({ series: [{ name: t('bytes (float32)'), x: ns, y: costs.map((q) => q.bytes), points: true }, { name: t('multiply–adds of QKᵀ and ·V'), x: ns, y: costs.map((q) => q.flops), points: true, dashed: true }] });
  }
}

SeqlabTransformerCalc.text = text;

define('seqlab-transformer-calc', SeqlabTransformerCalc);
