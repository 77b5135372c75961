// text.js — the words of <seqlab-rope>, in English and Persian (see core/i18n.js).
export default {
  en: {
    Animate: 'Animate',
    'RoPE: rotary position embedding': 'RoPE: rotary position embedding',
    'RoPE rotates each pair of a query (and key) by m·θ_i at position m: low pairs spin fast, high pairs slowly. Lengths never change, and a query–key score depends only on how far apart they are.':
      'RoPE rotates each pair of a query (and key) by m·θ_i at position m: low pairs spin fast, high pairs slowly. Lengths never change, and a query–key score depends only on how far apart they are.',
    'Each pair of q at position m (grey: m = 0)': 'Each pair of q at position m (grey: m = 0)',
    'cos(m·θ_i): each pair’s angle wrapped to one turn (position × pair)':
      'cos(m·θ_i): each pair’s angle wrapped to one turn (position × pair)',
    pair: 'pair',
    position: 'position',
    'q_m·k_n against n − m, from two starting positions': 'q_m·k_n against n − m, from two starting positions',
    'Long-term decay: (1/(d/2)) Σ_j |S_j| against the distance':
      'Long-term decay: (1/(d/2)) Σ_j |S_j| against the distance',
    distance: 'distance',
    Pause: 'Pause',
    'norm of q': 'norm of q',
    'pairs; pair 0 turned by': 'pairs; pair 0 turned by',
    'Dimension d': 'Dimension d',
    Base: 'Base',
    Pairing: 'Pairing',
    Scaling: 'Scaling',
    'Scaling factor s': 'Scaling factor s',
    'Position m': 'Position m',
    'd must be even (RoPE rotates pairs of dimensions), got {d}.':
      'd must be even (RoPE rotates pairs of dimensions), got {d}.',
    'interleaved (2i, 2i+1)': 'interleaved (2i, 2i+1)',
    'half (i, i + d/2)': 'half (i, i + d/2)',
    none: 'none',
    'linear interpolation (m/s)': 'linear interpolation (m/s)',
    'NTK-aware (base·s^(d/(d−2)))': 'NTK-aware (base·s^(d/(d−2)))',
    'colour: cos(m·θ_i), red +1 (no turn), blue −1 (half a turn)':
      'colour: cos(m·θ_i), red +1 (no turn), blue −1 (half a turn)',
    'RoFormer’s bound: a score between tokens r apart is at most a constant times this mean, so it shows how far apart tokens can still contribute strongly. It falls with distance when d is large (the paper uses 128); at small d the few pairs make it wiggle instead.':
      'RoFormer’s bound: a score between tokens r apart is at most a constant times this mean, so it shows how far apart tokens can still contribute strongly. It falls with distance when d is large (the paper uses 128); at small d the few pairs make it wiggle instead.',
    linear: 'linear',
    NTK: 'NTK',
    'no scaling': 'no scaling',
    'notice.rope.1':
      'Each pair of q turns by m·θ_i at position m: pair 0 fastest, the last pair slowest; no length ever changes.',
    'notice.rope.2':
      'The score q_m·k_n depends only on n − m: the curves from two starting positions lie on top of each other.',
    'notice.rope.3':
      'Try: set Scaling to linear: every angle m·θ_i is divided by the factor s, so s times more positions fit in the same turn.',
  },
  fa: {
    Animate: 'پویانمایی',
    'RoPE: rotary position embedding': 'RoPE: جاسازی موقعیتی چرخشی',
    'RoPE rotates each pair of a query (and key) by m·θ_i at position m: low pairs spin fast, high pairs slowly. Lengths never change, and a query–key score depends only on how far apart they are.':
      'RoPE هر جفت از بردار پرسش (و کلید) را در موقعیت m به اندازهٔ m·θ_i می‌چرخاند: جفت‌های پایین تند و جفت‌های بالا آهسته می‌چرخند. طول‌ها هرگز تغییر نمی‌کنند و امتیاز پرسش–کلید فقط به فاصلهٔ آن‌ها بستگی دارد.',
    'Each pair of q at position m (grey: m = 0)': 'هر جفت q در موقعیت m (خاکستری: m = 0)',
    'cos(m·θ_i): each pair’s angle wrapped to one turn (position × pair)':
      'cos(m·θ_i): زاویهٔ هر جفت، پیچیده در یک دور (موقعیت × جفت)',
    pair: 'جفت',
    position: 'موقعیت',
    'q_m·k_n against n − m, from two starting positions': 'q_m·k_n بر حسب n − m، از دو موقعیت آغاز',
    'Long-term decay: (1/(d/2)) Σ_j |S_j| against the distance': 'میرایی بلندمدت: (1/(d/2)) Σ_j |S_j| بر حسب فاصله',
    distance: 'فاصله',
    Pause: 'توقف',
    'norm of q': 'نُرم q',
    'pairs; pair 0 turned by': 'جفت؛ جفت ۰ چرخیده به اندازهٔ',
    'Dimension d': 'بُعد d',
    Base: 'پایه',
    Pairing: 'جفت‌سازی',
    Scaling: 'مقیاس‌بندی',
    'Scaling factor s': 'ضریب مقیاس s',
    'Position m': 'موقعیت m',
    'd must be even (RoPE rotates pairs of dimensions), got {d}.':
      'd باید زوج باشد (RoPE بُعدها را جفت‌جفت می‌چرخاند)، اما {d} است.',
    'interleaved (2i, 2i+1)': 'درهم (2i، 2i+1)',
    'half (i, i + d/2)': 'نیمه (i، i + d/2)',
    none: 'هیچ',
    'linear interpolation (m/s)': 'درون‌یابی خطی (m/s)',
    'NTK-aware (base·s^(d/(d−2)))': 'NTK (base·s^(d/(d−2)))',
    'colour: cos(m·θ_i), red +1 (no turn), blue −1 (half a turn)':
      'رنگ: cos(m·θ_i)؛ قرمز ‎+1 (بدون چرخش)، آبی −1 (نیم دور)',
    'RoFormer’s bound: a score between tokens r apart is at most a constant times this mean, so it shows how far apart tokens can still contribute strongly. It falls with distance when d is large (the paper uses 128); at small d the few pairs make it wiggle instead.':
      'کران RoFormer: امتیاز دو توکن به فاصلهٔ r حداکثر ضریبی ثابت از این میانگین است، پس نشان می‌دهد توکن‌های دور تا چه حد هنوز می‌توانند اثر زیادی داشته باشند. وقتی d بزرگ است (مقاله ۱۲۸ به کار می‌برد) با فاصله کم می‌شود؛ در d کوچک، جفت‌های اندک آن را نوسانی می‌کنند.',
    linear: 'خطی',
    NTK: 'NTK',
    'no scaling': 'بدون مقیاس‌دهی',
    'notice.rope.1':
      'هر جفت از q در موقعیت m به اندازهٔ m·θ_i می‌چرخد: جفت ۰ از همه تندتر، جفت آخر از همه کندتر؛ هیچ طولی تغییر نمی‌کند.',
    'notice.rope.2': 'امتیاز q_m·k_n فقط به n − m بستگی دارد: منحنی‌های دو موقعیت آغاز روی هم می‌افتند.',
    'notice.rope.3':
      'امتحان کنید: مقیاس‌گذاری را خطی کنید: هر زاویهٔ m·θ_i بر ضریب s تقسیم می‌شود، پس s برابر موقعیت بیشتر در همان چرخش جا می‌گیرد.',
  },
};
