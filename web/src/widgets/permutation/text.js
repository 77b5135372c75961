// text.js — the words of <seqlab-permutation>, in English and Persian (see core/i18n.js).
export default {
  en: {
    'Permutation equivariance': 'Permutation equivariance',
    'Reorder the tokens: without positional encoding the output rows move with them and nothing else changes; with sinusoidal, RoPE or ALiBi the outputs change.':
      'Reorder the tokens: without positional encoding the output rows move with them and nothing else changes; with sinusoidal, RoPE or ALiBi the outputs change.',
    'token order: drag a token, or focus it and use ← →': 'token order: drag a token, or focus it and use ← →',
    'SA(P·X), no positional encoding': 'SA(P·X), no positional encoding',
    position: 'position',
    of: 'of',
    'largest |SA(P·X) − P·SA(X)| for each positional encoding':
      'largest |SA(P·X) − P·SA(X)| for each positional encoding',
    'equivariant (float32 round-off only)': 'equivariant (float32 round-off only)',
    'order matters': 'order matters',
    sentence: 'sentence',
    seed: 'seed',
    'Type at least two tokens.': 'Type at least two tokens.',
    none: 'none',
    sinusoidal: 'sinusoidal',
    rope: 'rope',
    alibi: 'alibi',
  },
  fa: {
    'Permutation equivariance': 'هم‌وردایی نسبت به جایگشت',
    'Reorder the tokens: without positional encoding the output rows move with them and nothing else changes; with sinusoidal, RoPE or ALiBi the outputs change.':
      'توکن‌ها را جابه‌جا کنید: بدون کدگذاری موقعیتی، سطرهای خروجی همراه آن‌ها جابه‌جا می‌شوند و چیز دیگری تغییر نمی‌کند؛ با سینوسی، RoPE یا ALiBi خروجی‌ها تغییر می‌کنند.',
    'token order: drag a token, or focus it and use ← →':
      'ترتیب توکن‌ها: یک توکن را بکشید، یا روی آن بروید و از ← → استفاده کنید',
    'SA(P·X), no positional encoding': 'خروجی SA(P·X)، بدون کدگذاری موقعیتی',
    position: 'موقعیت',
    of: 'از',
    'largest |SA(P·X) − P·SA(X)| for each positional encoding': 'بزرگ‌ترین |SA(P·X) − P·SA(X)| برای هر کدگذاری موقعیتی',
    'equivariant (float32 round-off only)': 'هم‌وردا (فقط خطای گرد کردن float32)',
    'order matters': 'ترتیب مهم است',
    sentence: 'جمله',
    seed: 'بذر تصادفی',
    'Type at least two tokens.': 'دست‌کم دو توکن بنویسید.',
    none: 'هیچ',
    sinusoidal: 'سینوسی',
    rope: 'RoPE',
    alibi: 'ALiBi',
  },
};
