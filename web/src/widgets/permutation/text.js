// text.js — the words of <seqlab-permutation>, in English and Persian (see core/i18n.js).
export default {
  en: {
    'Permutation equivariance': 'Permutation equivariance',
    'Reorder the tokens: without positional encoding the output rows move with them and nothing else changes; with sinusoidal, RoPE or ALiBi the outputs change.':
      'Reorder the tokens: without positional encoding the output rows move with them and nothing else changes; with sinusoidal, RoPE or ALiBi the outputs change.',
    'token order: drag a token, or focus it and use ← →': 'token order: drag a token, or focus it and use ← →',
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
    'positional encoding shown below': 'positional encoding shown below',
    'Drag a token to another place, or focus it (Tab) and move it with ← →.':
      'Drag a token to another place, or focus it (Tab) and move it with ← →.',
    'Only the first {max} tokens are used; {dropped} more were left out.':
      'Only the first {max} tokens are used; {dropped} more were left out.',
    'before: SA(X), {enc}': 'before: SA(X), {enc}',
    'after: SA(P·X), {enc}': 'after: SA(P·X), {enc}',
    'before, rows moved: P·SA(X), {enc}': 'before, rows moved: P·SA(X), {enc}',
    'Token order: "{value}" is not a position (a whole number from 0 to {max}).':
      'Token order: "{value}" is not a position (a whole number from 0 to {max}).',
    'Token order: position {value} appears twice.': 'Token order: position {value} appears twice.',
    'Token order: {count} positions given, but the sentence has {n} tokens.':
      'Token order: {count} positions given, but the sentence has {n} tokens.',
    'notice.permutation.1':
      'Compare SA(P·X) with P·SA(X): without positional encoding they are the same matrix, whatever the order.',
    'notice.permutation.2':
      'Try: move a token to a new place and read the table: none stays at round-off, while sinusoidal, RoPE and ALiBi report that order matters.',
  },
  fa: {
    'Permutation equivariance': 'هم‌وردایی نسبت به جایگشت',
    'Reorder the tokens: without positional encoding the output rows move with them and nothing else changes; with sinusoidal, RoPE or ALiBi the outputs change.':
      'توکن‌ها را جابه‌جا کنید: بدون کدگذاری موقعیتی، سطرهای خروجی همراه آن‌ها جابه‌جا می‌شوند و چیز دیگری تغییر نمی‌کند؛ با سینوسی، RoPE یا ALiBi خروجی‌ها تغییر می‌کنند.',
    'token order: drag a token, or focus it and use ← →':
      'ترتیب توکن‌ها: یک توکن را بکشید، یا روی آن بروید و از ← → استفاده کنید',
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
    'positional encoding shown below': 'کدگذاری موقعیتی نمودارهای زیر',
    'Drag a token to another place, or focus it (Tab) and move it with ← →.':
      'یک توکن را به جای دیگری بکشید، یا با Tab روی آن بروید و با ← → جابه‌جایش کنید.',
    'Only the first {max} tokens are used; {dropped} more were left out.':
      'فقط {max} توکن نخست به کار رفته‌اند؛ {dropped} توکن دیگر کنار گذاشته شدند.',
    'before: SA(X), {enc}': 'پیش از جابه‌جایی: SA(X)، {enc}',
    'after: SA(P·X), {enc}': 'پس از جابه‌جایی: SA(P·X)، {enc}',
    'before, rows moved: P·SA(X), {enc}': 'پیش از جابه‌جایی با سطرهای جابه‌جاشده: P·SA(X)، {enc}',
    'Token order: "{value}" is not a position (a whole number from 0 to {max}).':
      'ترتیب توکن‌ها: «{value}» یک موقعیت نیست (عددی صحیح از 0 تا {max}).',
    'Token order: position {value} appears twice.': 'ترتیب توکن‌ها: موقعیت {value} دو بار آمده است.',
    'Token order: {count} positions given, but the sentence has {n} tokens.':
      'ترتیب توکن‌ها: {count} موقعیت داده شده، اما جمله {n} توکن دارد.',
    'notice.permutation.1': 'SA(P·X) را با P·SA(X) مقایسه کنید: بدون کدگذاری موقعیتی، در هر ترتیبی یک ماتریس‌اند.',
    'notice.permutation.2':
      'امتحان کنید: یک توکن را جابه‌جا کنید و جدول را بخوانید: «هیچ» در حد گردکردن می‌ماند، اما سینوسی، RoPE و ALiBi می‌گویند ترتیب مهم است.',
  },
};
