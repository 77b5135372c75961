// text.js — the words of <seqlab-posenc-compare>, in English and Persian (see core/i18n.js).
export default {
  en: {
    'Positional encodings compared': 'Positional encodings compared',
    'The same sentence and the same head under four ways of telling attention about order. Shuffle the tokens: without positional information the weights are only permuted along with them.':
      'The same sentence and the same head under four ways of telling attention about order. Shuffle the tokens: without positional information the weights are only permuted along with them.',
    Shuffle: 'Shuffle',
    'Original order': 'Original order',
    slope: 'slope',
    key: 'key',
    query: 'query',
    'float32 round-off only': 'float32 round-off only',
    'after undoing the permutation, largest |difference| from the original:':
      'after undoing the permutation, largest |difference| from the original:',
    Sentence: 'Sentence',
    'Projection seed': 'Projection seed',
    'Token order (a permutation)': 'Token order (a permutation)',
    'Type at least two tokens.': 'Type at least two tokens.',
    none: 'none',
    sinusoidal: 'sinusoidal',
  },
  fa: {
    'Positional encodings compared': 'مقایسهٔ کدگذاری‌های موقعیتی',
    'The same sentence and the same head under four ways of telling attention about order. Shuffle the tokens: without positional information the weights are only permuted along with them.':
      'یک جمله و یک سر، با چهار روش برای آگاه کردن توجه از ترتیب. توکن‌ها را بُر بزنید: بدون اطلاعات موقعیتی، وزن‌ها فقط همراه با آن‌ها جابه‌جا می‌شوند.',
    Shuffle: 'بُر زدن',
    'Original order': 'ترتیب اصلی',
    slope: 'شیب',
    key: 'کلید',
    query: 'پرسش',
    'float32 round-off only': 'فقط گرد کردن float32',
    'after undoing the permutation, largest |difference| from the original:':
      'پس از برگرداندن جایگشت، بیشترین |تفاوت| با حالت اصلی:',
    Sentence: 'جمله',
    'Projection seed': 'بذر تصادفی ماتریس‌های تصویر',
    'Token order (a permutation)': 'ترتیب توکن‌ها (یک جایگشت)',
    'Type at least two tokens.': 'دست‌کم دو توکن بنویسید.',
    none: 'هیچ',
    sinusoidal: 'سینوسی',
  },
};
