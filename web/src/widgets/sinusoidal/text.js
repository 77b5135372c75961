// text.js — the words of <seqlab-sinusoidal>, in English and Persian (see core/i18n.js).
export default {
  en: {
    'Sinusoidal positional encoding': 'Sinusoidal positional encoding',
    'Each position t gets sines and cosines of t at geometrically spaced frequencies ω_i = base^(−2i/d). Moving by k positions rotates every (sin, cos) pair by k·ω_i, the same for every t.':
      'Each position t gets sines and cosines of t at geometrically spaced frequencies ω_i = base^(−2i/d). Moving by k positions rotates every (sin, cos) pair by k·ω_i, the same for every t.',
    'interleaved (sin, cos, sin, cos…)': 'interleaved (sin, cos, sin, cos…)',
    'concat ([sin…, cos…])': 'concat ([sin…, cos…])',
    'PE (position × dimension)': 'PE (position × dimension)',
    dimension: 'dimension',
    position: 'position',
    'PE(t)·PE(t+k) against k': 'PE(t)·PE(t+k) against k',
    'T(k): block-diagonal rotation': 'T(k): block-diagonal rotation',
    'PE(t+k) and T(k)·PE(t), dimension by dimension': 'PE(t+k) and T(k)·PE(t), dimension by dimension',
    'The shift as a rotation': 'The shift as a rotation',
    'The shift check uses the interleaved layout, where each (sin, cos) pair is adjacent.':
      'The shift check uses the interleaved layout, where each (sin, cos) pair is adjacent.',
    'largest |T(k)·PE(t) − PE(t+k)|': 'largest |T(k)·PE(t) − PE(t+k)|',
    'is outside the positions 0 to': 'is outside the positions 0 to',
    Positions: 'Positions',
    d_model: 'd_model',
    Base: 'Base',
    Layout: 'Layout',
    'Position t': 'Position t',
    'Second position t′': 'Second position t′',
    'Shift k': 'Shift k',
    'd_model must be even (sin and cos come in pairs), got {d}.':
      'd_model must be even (sin and cos come in pairs), got {d}.',
    'Position t must be below the number of positions ({n}).':
      'Position t must be below the number of positions ({n}).',
    'Hover or focus a cell to see its formula.': 'Hover or focus a cell to see its formula.',
    'notice.sinusoidal.1':
      'In the PE heatmap the first dimensions (high frequencies) change from one position to the next; the last ones (low frequencies) barely move over the positions shown.',
    'notice.sinusoidal.2': 'PE(t)·PE(t+k) is largest at k = 0 and depends on k only, not on t.',
    'notice.sinusoidal.3':
      'Try: change t and k: the shift check stays at float32 round-off, because moving by k is the same rotation T(k) from every position.',
    // the same hints on a screen without hover (see lookupFor in core/i18n.js)
    '(touch) Hover or focus a cell to see its formula.': 'Tap a cell to see its formula.',
  },
  fa: {
    'Position t must be below the number of positions ({n}).': 'موقعیت t باید کمتر از تعداد موقعیت‌ها باشد ({n}).',
    'Sinusoidal positional encoding': 'کدگذاری موقعیتی سینوسی',
    'Each position t gets sines and cosines of t at geometrically spaced frequencies ω_i = base^(−2i/d). Moving by k positions rotates every (sin, cos) pair by k·ω_i, the same for every t.':
      'هر موقعیت t سینوس و کسینوس t را با بسامدهای هندسی ω_i = base^(−2i/d) می‌گیرد. جابه‌جایی به اندازهٔ k موقعیت، هر جفت (sin، cos) را به اندازهٔ k·ω_i می‌چرخاند، برای هر t یکسان.',
    'interleaved (sin, cos, sin, cos…)': 'درهم (sin، cos، sin، cos…)',
    'concat ([sin…, cos…])': 'پشت‌سرهم ([sin…، cos…])',
    'PE (position × dimension)': 'PE (موقعیت × بُعد)',
    dimension: 'بُعد',
    position: 'موقعیت',
    'PE(t)·PE(t+k) against k': 'PE(t)·PE(t+k) بر حسب k',
    'T(k): block-diagonal rotation': 'T(k): چرخش قطری-بلوکی',
    'PE(t+k) and T(k)·PE(t), dimension by dimension': 'PE(t+k) و T(k)·PE(t)، بُعد به بُعد',
    'The shift as a rotation': 'جابه‌جایی به‌صورت چرخش',
    'The shift check uses the interleaved layout, where each (sin, cos) pair is adjacent.':
      'بررسی جابه‌جایی از چیدمان درهم استفاده می‌کند که در آن هر جفت (sin، cos) کنار هم است.',
    'largest |T(k)·PE(t) − PE(t+k)|': 'بیشترین |T(k)·PE(t) − PE(t+k)|',
    'is outside the positions 0 to': 'بیرون از بازهٔ موقعیت‌های ۰ تا',
    Positions: 'موقعیت‌ها',
    d_model: 'd_model',
    Base: 'پایه',
    Layout: 'چیدمان',
    'Position t': 'موقعیت t',
    'Second position t′': 'موقعیت دوم t′',
    'Shift k': 'جابه‌جایی k',
    'd_model must be even (sin and cos come in pairs), got {d}.':
      'd_model باید زوج باشد (sin و cos جفت‌جفت می‌آیند)، اما {d} است.',
    'Hover or focus a cell to see its formula.': 'نشانگر را روی یک خانه ببرید یا روی آن بروید تا فرمولش را ببینید.',
    'notice.sinusoidal.1':
      'در نقشهٔ حرارتی PE بُعدهای نخست (بسامدهای بالا) از هر موقعیت به بعدی تغییر می‌کنند؛ بُعدهای آخر (بسامدهای پایین) در این بازه تقریباً ثابت‌اند.',
    'notice.sinusoidal.2': 'PE(t)·PE(t+k) در k = 0 بیشترین است و فقط به k بستگی دارد، نه به t.',
    'notice.sinusoidal.3':
      'امتحان کنید: t و k را تغییر دهید: آزمون جابه‌جایی در حد گردکردن float32 می‌ماند، چون جابه‌جایی به اندازهٔ k از هر موقعیتی همان چرخش T(k) است.',
    '(touch) Hover or focus a cell to see its formula.': 'روی یک خانه بزنید تا فرمولش را ببینید.',
  },
};
