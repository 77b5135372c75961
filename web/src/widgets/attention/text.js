// text.js — the words of <seqlab-attention>, in English and Persian (see core/i18n.js).
export default {
  en: {
    'Choose a preset…': 'Choose a preset…',
    'Scaled dot-product attention': 'Scaled dot-product attention',
    'Each token asks a question (its query) of every token (the keys); the softmax of the scaled scores says how much of each value it takes. Hover a cell to see the arithmetic; click a cell of the mask panel to mask it.':
      'Each token asks a question (its query) of every token (the keys); the softmax of the scaled scores says how much of each value it takes. Hover a cell to see the arithmetic; click a cell of the mask panel to mask it.',
    Preset: 'Preset',
    'Scale and mask': 'Scale and mask',
    'Clear clicked cells': 'Clear clicked cells',
    'Heads: choose one to see its steps': 'Heads: choose one to see its steps',
    'Attention weights per head': 'Attention weights per head',
    key: 'key',
    query: 'query',
    scale: 'scale',
    'mask (click to toggle)': 'mask (click to toggle)',
    weights: 'weights',
    'value dim': 'value dim',
    'Type at least one token.': 'Type at least one token.',
    token: 'token',
    tokens: 'tokens',
    'more dropped': 'more dropped',
    'at most': 'at most',
    head: 'head',
    'Show the steps of head': 'Show the steps of head',
    'Steps of head': 'Steps of head',
    'scaling off': 'scaling off',
    'grey cells are masked': 'grey cells are masked',
    'each row sums to 1': 'each row sums to 1',
    'Hover or focus a cell (arrow keys) to see how its number is made.':
      'Hover or focus a cell (arrow keys) to see how its number is made.',
    'Output of': 'Output of',
    row: 'row',
    'value dimension': 'value dimension',
    Query: 'Query',
    column: 'column',
    score: 'score',
    'not masked': 'not masked',
    'softmax over row': 'softmax over row',
    weight: 'weight',
    'the row sums to': 'the row sums to',
    'Sentence (tokens split on spaces)': 'Sentence (tokens split on spaces)',
    Heads: 'Heads',
    'd_model (embedding size)': 'd_model (embedding size)',
    'd_k = d_v (per head)': 'd_k = d_v (per head)',
    'Projection seed': 'Projection seed',
    'Softmax temperature T': 'Softmax temperature T',
    'Scale by 1/√d_k': 'Scale by 1/√d_k',
    'Causal (no looking ahead)': 'Causal (no looking ahead)',
    'Mask [PAD] keys': 'Mask [PAD] keys',
    'The cat sat on the mat': 'The cat sat on the mat',
    'Padded batch row': 'Padded batch row',
    'Persian sentence': 'Persian sentence',
    '512 numbered tokens': '512 numbered tokens',
    'masked: causal, the key comes after the query': 'masked: causal, the key comes after the query',
    'masked: the key is padding': 'masked: the key is padding',
    'masked: clicked by hand': 'masked: clicked by hand',
    'Positional encoding': 'Positional encoding',
    'sinusoidal (added to the embeddings)': 'sinusoidal (added to the embeddings)',
    'RoPE (rotates q and k)': 'RoPE (rotates q and k)',
    'ALiBi (a bias on the scores)': 'ALiBi (a bias on the scores)',
    none: 'none',
    'One colour scale for panels 1–3': 'One colour scale for panels 1–3',
    'The projections W_Q, W_K, W_V are random and untrained: these patterns are what random weights give, not what a trained model has learned.':
      'The projections W_Q, W_K, W_V are random and untrained: these patterns are what random weights give, not what a trained model has learned.',
    'No positional encoding: attention sees only which tokens there are, not where, so equal tokens get equal rows (choose an encoding to tell them apart).':
      'No positional encoding: attention sees only which tokens there are, not where, so equal tokens get equal rows (choose an encoding to tell them apart).',
    'colours span 0 to the 99th percentile of the weights; larger ones take the top colour':
      'colours span 0 to the 99th percentile of the weights; larger ones take the top colour',
    'A longer sentence with a pronoun': 'A longer sentence with a pronoun',
    'Repeated tokens': 'Repeated tokens',
    'The text was cut to its first {max} characters ({cut} left out).':
      'The text was cut to its first {max} characters ({cut} left out).',
    'notice.attention.1':
      "Each row of the weights panel is one query's softmax over the keys: its cells add up to 1. Hover a cell to see the arithmetic behind it.",
    'notice.attention.2':
      'Try: set the temperature T below 1 and watch the rows sharpen toward one key; above 1 they flatten toward uniform.',
    'notice.attention.3':
      'Tick Causal: every score above the diagonal becomes −∞ before the softmax, so its weight is exactly 0.',
    'No trained model loaded: the heads above come from random projections of random embeddings.':
      'No trained model loaded: the heads above come from random projections of random embeddings.',
    'Load a trained model (.sqlb)': 'Load a trained model (.sqlb)',
    'Trained model': 'Trained model',
    'Load a model saved by the training lab (or drop the file here) to see its own heads on your sentence.':
      'Load a model saved by the training lab (or drop the file here) to see its own heads on your sentence.',
    'This model is a recurrent net: it has no attention heads.':
      'This model is a recurrent net: it has no attention heads.',
    "None of these tokens is in the model's vocabulary.": "None of these tokens is in the model's vocabulary.",
    'Showing the trained model {name} ({layers} layers × {heads} heads, {posenc}) on the characters of your sentence; the heads above still come from random projections.':
      'Showing the trained model {name} ({layers} layers × {heads} heads, {posenc}) on the characters of your sentence; the heads above still come from random projections.',
    'Showing the trained model {name} ({layers} layers × {heads} heads, {posenc}) on your sentence, each distinct word read as the next of its token ids; the heads above still come from random projections.':
      'Showing the trained model {name} ({layers} layers × {heads} heads, {posenc}) on your sentence, each distinct word read as the next of its token ids; the heads above still come from random projections.',
    'trained head': 'trained head',
    // the same hints on a screen without hover (see lookupFor in core/i18n.js)
    '(touch) Each token asks a question (its query) of every token (the keys); the softmax of the scaled scores says how much of each value it takes. Hover a cell to see the arithmetic; click a cell of the mask panel to mask it.':
      'Each token asks a question (its query) of every token (the keys); the softmax of the scaled scores says how much of each value it takes. Tap a cell to see the arithmetic; tap a cell of the mask panel to mask it.',
    '(touch) Hover or focus a cell (arrow keys) to see how its number is made.':
      'Tap a cell to see how its number is made.',
    '(touch) notice.attention.1':
      "Each row of the weights panel is one query's softmax over the keys: its cells add up to 1. Tap a cell to see the arithmetic behind it.",
  },
  fa: {
    'No trained model loaded: the heads above come from random projections of random embeddings.':
      'هیچ مدل آموزش‌دیده‌ای بارگذاری نشده است: سرهای بالا از تصویرهای تصادفیِ جاسازی‌های تصادفی می‌آیند.',
    'Load a trained model (.sqlb)': 'بارگذاری مدل آموزش‌دیده (.sqlb)',
    'Trained model': 'مدل آموزش‌دیده',
    'Load a model saved by the training lab (or drop the file here) to see its own heads on your sentence.':
      'مدلی را که آزمایشگاه آموزش ذخیره کرده بارگذاری کنید (یا پرونده را این‌جا رها کنید) تا سرهای خود آن را روی جملهٔ خودتان ببینید.',
    'This model is a recurrent net: it has no attention heads.': 'این مدل یک شبکهٔ بازگشتی است: سر توجه ندارد.',
    "None of these tokens is in the model's vocabulary.": 'هیچ‌یک از این نشانه‌ها در واژگان مدل نیست.',
    'Showing the trained model {name} ({layers} layers × {heads} heads, {posenc}) on the characters of your sentence; the heads above still come from random projections.':
      'نمایش مدل آموزش‌دیدهٔ {name} ({layers} لایه × {heads} سر، {posenc}) روی نویسه‌های جملهٔ شما؛ سرهای بالا همچنان از تصویرهای تصادفی می‌آیند.',
    'Showing the trained model {name} ({layers} layers × {heads} heads, {posenc}) on your sentence, each distinct word read as the next of its token ids; the heads above still come from random projections.':
      'نمایش مدل آموزش‌دیدهٔ {name} ({layers} لایه × {heads} سر، {posenc}) روی جملهٔ شما، هر واژهٔ متمایز به‌عنوان شناسهٔ نشانهٔ بعدی خوانده می‌شود؛ سرهای بالا همچنان از تصویرهای تصادفی می‌آیند.',
    'trained head': 'سر آموزش‌دیده',
    'Choose a preset…': 'یک نمونه انتخاب کنید…',
    'Scaled dot-product attention': 'توجه ضرب نقطه‌ای مقیاس‌شده',
    'Each token asks a question (its query) of every token (the keys); the softmax of the scaled scores says how much of each value it takes. Hover a cell to see the arithmetic; click a cell of the mask panel to mask it.':
      'هر توکن پرسش خود (query) را از همهٔ توکن‌ها (کلیدها) می‌پرسد؛ softmax امتیازهای مقیاس‌شده می‌گوید از هر مقدار (value) چه سهمی بگیرد. برای دیدن محاسبه نشانگر را روی یک خانه ببرید؛ برای پوشاندن یک خانه، در صفحهٔ ماسک روی آن کلیک کنید.',
    Preset: 'نمونه',
    'Scale and mask': 'مقیاس و ماسک',
    'Clear clicked cells': 'پاک کردن خانه‌های کلیک‌شده',
    'Heads: choose one to see its steps': 'سرها: یکی را برای دیدن گام‌هایش انتخاب کنید',
    'Attention weights per head': 'وزن‌های توجه هر سر',
    key: 'کلید',
    query: 'پرسش',
    scale: 'مقیاس',
    'mask (click to toggle)': 'ماسک (برای تغییر کلیک کنید)',
    weights: 'وزن‌ها',
    'value dim': 'بُعد مقدار',
    'Type at least one token.': 'دست‌کم یک توکن بنویسید.',
    token: 'توکن',
    tokens: 'توکن',
    'more dropped': 'توکن دیگر کنار گذاشته شد',
    'at most': 'حداکثر',
    head: 'سر',
    'Show the steps of head': 'نمایش گام‌های سر',
    'Steps of head': 'گام‌های سر',
    'scaling off': 'بدون مقیاس',
    'grey cells are masked': 'خانه‌های خاکستری پوشانده شده‌اند',
    'each row sums to 1': 'جمع هر سطر ۱ است',
    'Hover or focus a cell (arrow keys) to see how its number is made.':
      'نشانگر را روی یک خانه ببرید یا با کلیدهای جهت به آن بروید تا ببینید عددش چگونه ساخته می‌شود.',
    'Output of': 'خروجی',
    row: 'سطر',
    'value dimension': 'بُعد مقدار',
    Query: 'پرسش',
    column: 'ستون',
    score: 'امتیاز',
    'not masked': 'پوشانده نیست',
    'softmax over row': 'softmax روی سطر',
    weight: 'وزن',
    'the row sums to': 'جمع سطر',
    'Sentence (tokens split on spaces)': 'جمله (توکن‌ها با فاصله جدا می‌شوند)',
    Heads: 'تعداد سرها',
    'd_model (embedding size)': 'd_model (اندازهٔ بردار جاسازی)',
    'd_k = d_v (per head)': 'd_k = d_v (برای هر سر)',
    'Projection seed': 'بذر تصادفی ماتریس‌های تصویر',
    'Softmax temperature T': 'دمای softmax (T)',
    'Scale by 1/√d_k': 'مقیاس با 1/√d_k',
    'Causal (no looking ahead)': 'علّی (بدون نگاه به آینده)',
    'Mask [PAD] keys': 'پوشاندن کلیدهای [PAD]',
    'The cat sat on the mat': 'The cat sat on the mat (انگلیسی)',
    'Padded batch row': 'ردیف دسته با پُرکننده',
    'Persian sentence': 'جملهٔ فارسی',
    '512 numbered tokens': '۵۱۲ توکن شماره‌دار',
    'masked: causal, the key comes after the query': 'پوشانده: علّی، کلید پس از پرسش می‌آید',
    'masked: the key is padding': 'پوشانده: کلید پُرکننده است',
    'masked: clicked by hand': 'پوشانده: با کلیک',
    'Positional encoding': 'کدگذاری موقعیتی',
    'sinusoidal (added to the embeddings)': 'سینوسی (افزوده به بردارهای توکن)',
    'RoPE (rotates q and k)': 'RoPE (چرخاندن q و k)',
    'ALiBi (a bias on the scores)': 'ALiBi (سوگیری روی امتیازها)',
    none: 'هیچ',
    'One colour scale for panels 1–3': 'یک مقیاس رنگ برای نمودارهای ۱ تا ۳',
    'The projections W_Q, W_K, W_V are random and untrained: these patterns are what random weights give, not what a trained model has learned.':
      'ماتریس‌های تصویر W_Q، W_K و W_V تصادفی‌اند و آموزش ندیده‌اند: این الگوها حاصل وزن‌های تصادفی‌اند، نه آنچه یک مدل آموزش‌دیده یاد گرفته است.',
    'No positional encoding: attention sees only which tokens there are, not where, so equal tokens get equal rows (choose an encoding to tell them apart).':
      'بدون کدگذاری موقعیتی: توجه فقط می‌بیند چه توکن‌هایی هست، نه کجا؛ پس توکن‌های یکسان سطرهای یکسان می‌گیرند (برای تمایز، یک کدگذاری برگزینید).',
    'colours span 0 to the 99th percentile of the weights; larger ones take the top colour':
      'رنگ‌ها از ۰ تا صدک ۹۹ام وزن‌ها را می‌پوشانند؛ وزن‌های بزرگ‌تر رنگ بالایی را می‌گیرند',
    'A longer sentence with a pronoun': 'جمله‌ای بلندتر با یک ضمیر',
    'Repeated tokens': 'توکن‌های تکراری',
    'The text was cut to its first {max} characters ({cut} left out).':
      'متن به {max} نویسهٔ نخستش کوتاه شد ({cut} نویسه کنار گذاشته شد).',
    'notice.attention.1':
      'هر سطر پنل وزن‌ها softmax یک پرسش روی کلیدهاست: خانه‌هایش روی هم ۱ می‌شوند. نشانگر را روی یک خانه ببرید تا حساب پشت آن را ببینید.',
    'notice.attention.2':
      'امتحان کنید: دمای T را کمتر از ۱ کنید و ببینید سطرها روی یک کلید تیز می‌شوند؛ بیشتر از ۱، به سوی یکنواخت پهن می‌شوند.',
    'notice.attention.3':
      'گزینهٔ علّی را بزنید: هر امتیاز بالای قطر پیش از softmax برابر −∞ می‌شود، پس وزنش دقیقاً ۰ است.',
    '(touch) Each token asks a question (its query) of every token (the keys); the softmax of the scaled scores says how much of each value it takes. Hover a cell to see the arithmetic; click a cell of the mask panel to mask it.':
      'هر توکن پرسش خود (query) را از همهٔ توکن‌ها (کلیدها) می‌پرسد؛ softmax امتیازهای مقیاس‌شده می‌گوید از هر مقدار (value) چه سهمی بگیرد. برای دیدن محاسبه روی یک خانه بزنید؛ برای پوشاندن یک خانه، در صفحهٔ ماسک روی آن بزنید.',
    '(touch) Hover or focus a cell (arrow keys) to see how its number is made.':
      'روی یک خانه بزنید تا ببینید عددش چگونه ساخته می‌شود.',
    '(touch) notice.attention.1':
      'هر سطر پنل وزن‌ها softmax یک پرسش روی کلیدهاست: خانه‌هایش روی هم ۱ می‌شوند. روی یک خانه بزنید تا حساب پشت آن را ببینید.',
  },
};
