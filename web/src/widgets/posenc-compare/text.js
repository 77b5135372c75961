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
    'empty: a fixed shuffle': 'empty: a fixed shuffle',
    before: 'before',
    'after the shuffle': 'after the shuffle',
    'This order is the original one: nothing moved, so every encoding gives the same weights.':
      'This order is the original one: nothing moved, so every encoding gives the same weights.',
    'Shuffled sentence:': 'Shuffled sentence:',
    'Only the first {max} tokens are used; {dropped} more were left out.':
      'Only the first {max} tokens are used; {dropped} more were left out.',
    '0 (exactly)': '0 (exactly)',
    'the weights changed, not only their order': 'the weights changed, not only their order',
    'Token order: "{value}" is not a position (a whole number from 0 to {max}).':
      'Token order: "{value}" is not a position (a whole number from 0 to {max}).',
    'Token order: position {value} appears twice.': 'Token order: position {value} appears twice.',
    'Token order: {count} positions given, but the sentence has {n} tokens.':
      'Token order: {count} positions given, but the sentence has {n} tokens.',
    'notice.posenc-compare.1':
      'The four panels share the sentence, the head and its weights: only the way order reaches attention differs (none, sinusoidal, RoPE, ALiBi).',
    'notice.posenc-compare.2':
      'Try: Shuffle, then read the differences: with no positional encoding it is float32 round-off (the weights only move with the tokens); the other three change.',
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
    'empty: a fixed shuffle': 'خالی: یک بُر ثابت',
    before: 'پیش از بُر زدن',
    'after the shuffle': 'پس از بُر زدن',
    'This order is the original one: nothing moved, so every encoding gives the same weights.':
      'این ترتیب همان ترتیب اصلی است: چیزی جابه‌جا نشده، پس همهٔ کدگذاری‌ها همان وزن‌ها را می‌دهند.',
    'Shuffled sentence:': 'جملهٔ بُرخورده:',
    'Only the first {max} tokens are used; {dropped} more were left out.':
      'فقط {max} توکن نخست به کار رفته‌اند؛ {dropped} توکن دیگر کنار گذاشته شدند.',
    '0 (exactly)': '0 (دقیقاً)',
    'the weights changed, not only their order': 'وزن‌ها تغییر کردند، نه فقط ترتیبشان',
    'Token order: "{value}" is not a position (a whole number from 0 to {max}).':
      'ترتیب توکن‌ها: «{value}» یک موقعیت نیست (عددی صحیح از 0 تا {max}).',
    'Token order: position {value} appears twice.': 'ترتیب توکن‌ها: موقعیت {value} دو بار آمده است.',
    'Token order: {count} positions given, but the sentence has {n} tokens.':
      'ترتیب توکن‌ها: {count} موقعیت داده شده، اما جمله {n} توکن دارد.',
    'notice.posenc-compare.1':
      'چهار پنل جمله، سر و وزن‌هایش را مشترک دارند: فقط راهِ رسیدن ترتیب به توجه فرق می‌کند (هیچ، سینوسی، RoPE، ALiBi).',
    'notice.posenc-compare.2':
      'امتحان کنید: بُر بزنید و تفاوت‌ها را بخوانید: بدون کدگذاری موقعیتی در حد گردکردن float32 است (وزن‌ها فقط همراه توکن‌ها جابه‌جا می‌شوند)؛ سه روش دیگر تغییر می‌کنند.',
  },
};
