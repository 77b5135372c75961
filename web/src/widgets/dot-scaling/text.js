// text.js — the words of <seqlab-dot-scaling>, in English and Persian (see core/i18n.js).
export default {
  en: {
    'Why scale by 1/√d': 'Why scale by 1/√d',
    'For Gaussian a, b in d dimensions, aᵀb has mean 0 and variance d; unscaled scores grow with √d and saturate the softmax, scaled ones do not.':
      'For Gaussian a, b in d dimensions, aᵀb has mean 0 and variance d; unscaled scores grow with √d and saturate the softmax, scaled ones do not.',
    'histogram of aᵀb with the N(0, d) density': 'histogram of aᵀb with the N(0, d) density',
    density: 'density',
    'E[(aᵀb)²] against d (line: y = d)': 'E[(aᵀb)²] against d (line: y = d)',
    'mean of (aᵀb)²': 'mean of (aᵀb)²',
    'softmax over 16 keys: the largest weight, with and without 1/√d':
      'softmax over 16 keys: the largest weight, with and without 1/√d',
    'mean largest weight': 'mean largest weight',
    'softmax entropy (nats), with and without 1/√d': 'softmax entropy (nats), with and without 1/√d',
    entropy: 'entropy',
    'samples drawn': 'samples drawn',
    'mean of': 'mean of',
    expected: 'expected',
    'after dividing by √d': 'after dividing by √d',
    'Monte Carlo samples': 'Monte Carlo samples',
    'Monte Carlo': 'Monte Carlo',
    unscaled: 'unscaled',
    'scaled by 1/√d': 'scaled by 1/√d',
    'ln 16: uniform': 'ln 16: uniform',
    'dimension d': 'dimension d',
    samples: 'samples',
    seed: 'seed',
    'notice.dot-scaling.1':
      'aᵀb has variance d: the histogram widens as √d grows, and the mean of (aᵀb)² follows the line y = d.',
    'notice.dot-scaling.2':
      'Unscaled, the largest softmax weight climbs toward 1 and the entropy falls toward 0 as d grows; scaled by 1/√d both stay level.',
    'notice.dot-scaling.3': "Try: raise d to 1024 and watch the histogram's x-axis stretch with it.",
  },
  fa: {
    'Why scale by 1/√d': 'چرا مقیاس 1/√d',
    'For Gaussian a, b in d dimensions, aᵀb has mean 0 and variance d; unscaled scores grow with √d and saturate the softmax, scaled ones do not.':
      'برای a و b گاوسی در d بُعد، aᵀb میانگین ۰ و واریانس d دارد؛ امتیازهای بدون مقیاس با √d رشد می‌کنند و softmax را اشباع می‌کنند، امتیازهای مقیاس‌شده نه.',
    'histogram of aᵀb with the N(0, d) density': 'بافت‌نگار aᵀb همراه با چگالی N(0, d)',
    density: 'چگالی',
    'E[(aᵀb)²] against d (line: y = d)': 'میانگین E[(aᵀb)²] بر حسب d (خط: y = d)',
    'mean of (aᵀb)²': 'میانگین (aᵀb)²',
    'softmax over 16 keys: the largest weight, with and without 1/√d':
      'تابع softmax روی ۱۶ کلید: بزرگ‌ترین وزن، با و بدون 1/√d',
    'mean largest weight': 'میانگین بزرگ‌ترین وزن',
    'softmax entropy (nats), with and without 1/√d': 'آنتروپی softmax (نَت)، با و بدون 1/√d',
    entropy: 'آنتروپی',
    'samples drawn': 'نمونه',
    'mean of': 'میانگین',
    expected: 'مورد انتظار',
    'after dividing by √d': 'پس از تقسیم بر √d',
    'Monte Carlo samples': 'نمونه‌های مونت‌کارلو',
    'Monte Carlo': 'مونت‌کارلو',
    unscaled: 'بدون مقیاس',
    'scaled by 1/√d': 'با مقیاس 1/√d',
    'ln 16: uniform': 'ln 16: یکنواخت',
    'dimension d': 'بُعد d',
    samples: 'تعداد نمونه‌ها',
    seed: 'بذر تصادفی',
    'notice.dot-scaling.1':
      'واریانس aᵀb برابر d است: هیستوگرام با بزرگ شدن √d پهن‌تر می‌شود و میانگین (aᵀb)² روی خط y = d می‌ماند.',
    'notice.dot-scaling.2':
      'بدون مقیاس، با بزرگ شدن d بزرگ‌ترین وزن softmax به سوی ۱ می‌رود و آنتروپی به سوی ۰؛ با مقیاس 1/√d هر دو ثابت می‌مانند.',
    'notice.dot-scaling.3': 'امتحان کنید: d را به 1024 برسانید و ببینید محور افقی هیستوگرام همراهش کشیده می‌شود.',
  },
};
