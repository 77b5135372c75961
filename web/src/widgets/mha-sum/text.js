// text.js — the words of <seqlab-mha-sum>, in English and Persian (see core/i18n.js).
export default {
  en: {
    'Multi-head attention as a sum over heads': 'Multi-head attention as a sum over heads',
    '$\\mathrm{Concat}(H_1 \\dots H_H)\\,W^O$ equals $\\sum_h \\mathrm{softmax}(Q_h K_h^\\top/\\sqrt{d_k})\\,X W_h^V W_h^O$: each head contributes its own term.':
      '$\\mathrm{Concat}(H_1 \\dots H_H)\\,W^O$ equals $\\sum_h \\mathrm{softmax}(Q_h K_h^\\top/\\sqrt{d_k})\\,X W_h^V W_h^O$: each head contributes its own term.',
    'Σ_h of the per-head terms': 'Σ_h of the per-head terms',
    'per-head terms softmax(Q_h K_hᵀ/√d_k) X W_h^V W_h^O': 'per-head terms softmax(Q_h K_hᵀ/√d_k) X W_h^V W_h^O',
    head: 'head',
    largest: 'largest',
    'float32 round-off only (the two sum in different orders).':
      'float32 round-off only (the two sum in different orders).',
    'tokens n': 'tokens n',
    d_model: 'd_model',
    heads: 'heads',
    'd_k = d_v': 'd_k = d_v',
    seed: 'seed',
    'notice.mha-sum.1':
      'Concat(H_1 … H_H)·W_O and the sum of the per-head terms are the same matrix: they differ only by float32 round-off.',
    'notice.mha-sum.2':
      'Try: change the number of heads: the small panels split the output into that many terms, and the two large panels still agree.',
  },
  fa: {
    'Multi-head attention as a sum over heads': 'توجه چندسر به‌صورت جمع روی سرها',
    '$\\mathrm{Concat}(H_1 \\dots H_H)\\,W^O$ equals $\\sum_h \\mathrm{softmax}(Q_h K_h^\\top/\\sqrt{d_k})\\,X W_h^V W_h^O$: each head contributes its own term.':
      '$\\mathrm{Concat}(H_1 \\dots H_H)\\,W^O$ برابر است با $\\sum_h \\mathrm{softmax}(Q_h K_h^\\top/\\sqrt{d_k})\\,X W_h^V W_h^O$: هر سر جملهٔ خودش را می‌افزاید.',
    'Σ_h of the per-head terms': 'جمع Σ_h جمله‌های سرها',
    'per-head terms softmax(Q_h K_hᵀ/√d_k) X W_h^V W_h^O': 'جمله‌های هر سر softmax(Q_h K_hᵀ/√d_k) X W_h^V W_h^O',
    head: 'سر',
    largest: 'بزرگ‌ترین',
    'float32 round-off only (the two sum in different orders).':
      'فقط خطای گرد کردن float32 (دو طرف به ترتیب‌های متفاوت جمع می‌زنند).',
    'tokens n': 'تعداد توکن‌ها n',
    d_model: 'd_model',
    heads: 'تعداد سرها',
    'd_k = d_v': 'd_k = d_v',
    seed: 'بذر تصادفی',
    'notice.mha-sum.1': 'Concat(H_1 … H_H)·W_O و جمع جمله‌های سرها یک ماتریس‌اند: فقط در حد گردکردن float32 فرق دارند.',
    'notice.mha-sum.2':
      'امتحان کنید: تعداد سرها را تغییر دهید: پنل‌های کوچک خروجی را به همان تعداد جمله بخش می‌کنند و دو پنل بزرگ باز هم یکی‌اند.',
  },
};
