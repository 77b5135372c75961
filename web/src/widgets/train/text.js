// text.js — the words of <seqlab-train>, in English and Persian (see core/i18n.js).
export default {
  en: {
    'Training lab': 'Training lab',
    lede: 'Train small Transformers and recurrent nets right here, in Web Workers: watch the loss fall and the attention heads form, then see which positional encodings still work on sequences longer than the training ones.',
    Experiment: 'Experiment',
    'preset:lm-lengths': 'lm-lengths: character LM, loss past the training context',
    'preset:copy-lengths': 'copy-lengths: copy, exact match past the training length',
    'preset:rnn-memory': 'rnn-memory: RNN vs LSTM vs GRU (and a Transformer), recalling a bit n steps back',
    'preset:induction': 'induction: a 2-layer model learns to repeat',
    'preset:custom': 'custom',
    'Quick run (a few seconds)': 'Quick run (a few seconds)',
    Task: 'Task',
    'task:copy': 'copy',
    'task:reverse': 'reverse',
    'task:text': 'text (characters)',
    'task:induction': 'induction (repeat)',
    'task:recall': 'recall the first of n bits (recurrent cells)',
    'task:parity': 'parity of n bits (recurrent cells)',
    'Models to compare: positional encodings (a Transformer each) and recurrent cells':
      'Models to compare: positional encodings (a Transformer each) and recurrent cells',
    Layers: 'Layers',
    'd_model (hidden size)': 'd_model (hidden size)',
    Heads: 'Heads',
    'Shortest training length': 'Shortest training length',
    'Longest training length': 'Longest training length',
    'Test lengths': 'Test lengths',
    Steps: 'Steps',
    'Learning rate': 'Learning rate',
    Seeds: 'Seeds',
    'LSTM forget-gate bias (added at initialisation)': 'LSTM forget-gate bias (added at initialisation)',
    'Train in Web Workers': 'Train in Web Workers',
    Train: 'Train',
    Pause: 'Pause',
    Resume: 'Resume',
    Stop: 'Stop',
    Reset: 'Reset',
    'Save model': 'Save model',
    'Load model…': 'Load model…',
    'Loss per step (solid: training batch, dashed: held-out)':
      'Loss per step (solid: training batch, dashed: held-out)',
    step: 'step',
    loss: 'loss',
    'Length chart': 'Length chart',
    'test length': 'test length',
    metric: 'metric',
    'metric:loss': 'held-out loss per token (nats, lower is better)',
    'metric:exact': 'exact match (higher is better)',
    'metric:accuracy': 'accuracy of the final answer (chance 50%)',
    'accuracy against distance per cell': 'accuracy against distance per cell',
    'training length': 'training length',
    seed: 'seed',
    'held-out': 'held-out',
    'loss drop': 'loss drop',
    'no run yet': 'no run yet',
    'The length chart fills in as runs finish.': 'The length chart fills in as runs finish.',
    'Which head does the copying?': 'Which head does the copying?',
    'induction:explain':
      'For each finished run: the head with the highest induction score (its attention from a token of the repeat to the token after that token’s previous occurrence; a head spreading its attention evenly scores what is shown as “uniform”), and the loss on the repeat with that head’s output set to zero, against zeroing another head of the same layer. If the loss jumps only for that head, the head is what does the copying.',
    inductionLine:
      '{run}: induction head {head}, score {score} (uniform {uniform}); loss on the repeat {loss} nats, {without} with that head zeroed, {other} with another head of its layer zeroed.',
    'The heads are measured as runs finish.': 'The heads are measured as runs finish.',
    'lstm (forget bias {b})': 'lstm (forget bias {b})',
    'randomized positions': 'randomized positions',
    'attention-only': 'attention-only',
    'Does the gradient reach back?': 'Does the gradient reach back?',
    'memory:explain':
      'The loss is read at the last of n steps. Each line is ‖∂L/∂h_t‖ at t steps back, divided by its value at the readout step, on held-out rows, before training (dashed) and after (solid), the geometric mean over seeds. A line that stays near 1 carries the error signal all the way back; one that falls by orders of magnitude cannot learn from far-away inputs.',
    'Gradient through time (solid: trained, dashed: untrained)':
      'Gradient through time (solid: trained, dashed: untrained)',
    'Gradient through time at distance {n} (solid: trained, dashed: untrained)':
      'Gradient through time at distance {n} (solid: trained, dashed: untrained)',
    'steps back from the readout': 'steps back from the readout',
    'share of the gradient': '‖∂L/∂h_t‖ / ‖∂L/∂h_(n−1)‖',
    trained: 'trained',
    untrained: 'untrained',
    'The gradient chart fills in as runs finish.': 'The gradient chart fills in as runs finish.',
    '{cell} {untrained} → {trained}': '{cell} {untrained} → {trained}',
    'list-separator': ', ',
    memorySummary:
      'Share of the readout gradient that reaches the first of {n} steps ({back} steps back), untrained → trained: {cells}. After training {best} keeps the most ({bestValue}).',
    summary:
      'At the training length ({trainLen}) best: {best0} ({value0}). At length {longest} best: {best1} ({value1}, against {best1At0} at the training length); worst: {worst1} ({worstValue1}). Metric: {metric}.',
    summaryTie:
      'At the training length ({trainLen}) best: {best0} ({value0}). At length {longest} all score the same ({value1}). Metric: {metric}.',
    summaryAlone:
      'At the training length ({trainLen}) best: {best0} ({value0}). At length {longest} only {best1} has a number ({value1}, against {best1At0} at the training length). Metric: {metric}.',
    summaryDistanceAlone:
      'Each net is trained and tested at one distance. At distance {trainLen} most accurate: {best0} ({value0}). At distance {longest} only {best1} was trained ({value1}, against {best1At0} at distance {trainLen}). Chance is 50%.',
    summaryDistance:
      'Each net is trained and tested at one distance. At distance {trainLen} most accurate: {best0} ({value0}). At distance {longest} most accurate: {best1} ({value1}, against {best1At0} at distance {trainLen}); least: {worst1} ({worstValue1}). Chance is 50%.',
    summaryDistanceTie:
      'Each net is trained and tested at one distance. At distance {trainLen} most accurate: {best0} ({value0}). At distance {longest} all score the same ({value1}). Chance is 50%.',
    summaryOne: 'At length {trainLen} best: {best0} ({value0}); worst: {worst1} ({worstValue1}). Metric: {metric}.',
    '{list}: no number past the training length (no positions there).':
      '{list}: no number past the training length (no positions there).',
    'Press Train: every run trains, then its test lengths are measured.':
      'Press Train: every run trains, then its test lengths are measured.',
    '{state}: {steps} of {total} steps in {runs} runs · {rate} steps/s ({perRun} per run) · {left}':
      '{state}: {steps} of {total} steps in {runs} runs · {rate} steps/s ({perRun} per run) · {left}',
    'state:running': 'Training',
    'state:paused': 'Paused',
    'state:stopped': 'Stopped',
    'state:finished': 'Finished',
    'state:idle': 'Ready',
    'done in {s} s': 'done in {s} s',
    'about {s} s left': 'about {s} s left',
    'Training in {n} Web Workers, off the main thread.': 'Training in {n} Web Workers, off the main thread.',
    'fallback:asked': 'Training on the main thread, in slices of a few milliseconds (Web Workers are switched off).',
    'fallback:no-source':
      'The lab’s script cannot start a Web Worker here (its own source text is not at hand); training on the main thread, in slices of a few milliseconds.',
    'fallback:no-worker':
      'This browser has no Web Workers; training on the main thread, in slices of a few milliseconds.',
    'fallback:refused':
      'This page refuses Web Workers (its Content-Security-Policy has no worker-src blob:); training on the main thread, in slices of a few milliseconds.',
    'fallback:worker-error':
      'A Web Worker failed to start; training on the main thread, in slices of a few milliseconds.',
    'fallback:timeout':
      'The Web Workers did not start in time; training on the main thread, in slices of a few milliseconds.',
    'workers:refused': 'not available: this page’s Content-Security-Policy refuses them',
    'workers:no-worker': 'not available in this browser',
    'workers:no-source': 'not available: the lab’s script cannot start one here',
    'workers:worker-error': 'not in use: a worker failed to start, these runs train on the main thread',
    'workers:timeout': 'not in use: the workers did not start in time, these runs train on the main thread',
    'invalid:encodings':
      '{list}: not a model the lab knows (a positional encoding: none, learned, sinusoidal, rope, alibi, with +rand or +attn; or a cell: rnn, lstm, lstm-fb0, gru).',
    'invalid:tests': 'Test lengths are whole numbers from 1 to 128, separated by commas: {list} is not.',
    'invalid:min-max': 'The shortest training length ({min}) is longer than the longest ({max}).',
    'invalid:induction-min':
      'The induction task needs a shortest length of at least 2 (a sequence to repeat), not {n}.',
    'invalid:induction-tests':
      'Induction test lengths must be at least the shortest training length ({min}): {list} is shorter.',
    'invalid:core': 'These settings cannot train ({run}): {message}',
    runFailed: 'A run failed and was left out: {list}',
    runsFailed: '{n} runs failed and were left out: {list}',
    '{n} of {runs} runs failed': '{n} of {runs} runs failed',
    '{run}: {steps} of {total} steps, {state}': '{run}: {steps} of {total} steps, {state}',
    'run:queued': 'waiting',
    'run:training': 'training',
    'run:stopped': 'stopped',
    'run:done': 'done',
    'run:failed': 'failed: {message}',
    'Trained attention: every layer × head': 'Trained attention: every layer × head',
    'Sequence (token ids, or text for the text task; empty: a held-out row)':
      'Sequence (token ids, or text for the text task; empty: a held-out row)',
    'Selected head': 'Selected head',
    key: 'key',
    query: 'query',
    induction: 'induction',
    'Recurrent nets have no attention to show.': 'Recurrent nets have no attention to show.',
    'The heads appear when training starts.': 'The heads appear when training starts.',
    'Showing the loaded model ({name}).': 'Showing the loaded model ({name}).',
    'Showing the model being trained, after {steps} steps.': 'Showing the model being trained, after {steps} steps.',
    'Induction score per head (attention to the token after the previous occurrence)':
      'Induction score per head (attention to the token after the previous occurrence)',
    'query {i} → key {j}: weight {w}': 'query {i} → key {j}: weight {w}',
    'loss per token, nats': 'loss per token, nats',
    'exact match': 'exact match',
    accuracy: 'accuracy',
    'distance trained at': 'distance trained at',
    'chance 50%': 'chance 50%',
    'Run shown': 'Run shown (model view, heads and Save)',
    'Save {run}': 'Save {run}',
    'Left out {list}: not characters of the model’s vocabulary.':
      'Left out {list}: not characters of the model’s vocabulary.',
    'Left out {list}: not token ids of this model (whole numbers 0 to {max}).':
      'Left out {list}: not token ids of this model (whole numbers 0 to {max}).',
    'Left out {list}: past the model’s {n} positions.': 'Left out {list}: past the model’s {n} positions.',
    'No token of the box is in the vocabulary: showing a held-out row instead.':
      'No token of the box is in the vocabulary: showing a held-out row instead.',
    'Showing {run}, trained ({steps} steps).': 'Showing {run}, trained ({steps} steps).',
    'Showing {run} while it trains, after {steps} steps.': 'Showing {run} while it trains, after {steps} steps.',
    "query '{q}' ({i}) → key '{k}' ({j}): {w}": "query '{q}' ({i}) → key '{k}' ({j}): {w}",
    'a uniform causal head: {u}': 'a uniform causal head: {u}',
    'notice.train.3.lm-lengths':
      'Try: train lm-lengths and compare ALiBi with RoPE past the training length, then look at the heads in the model view.',
    'notice.train.3.copy-lengths':
      'Try: compare RoPE with RoPE (randomized positions) at the training length 8 and at 12: every model that copies at 8 fails at 12. Then pick the learned run: it has no number past its table.',
    'notice.train.3.rnn-memory':
      'Try: compare the LSTM with forget bias 1 and with 0 at distance 16, where the tanh RNN is at chance, then read the gradient chart: whose line stays up?',
    'notice.train.3.induction':
      'Try: pick a run and type a sequence twice (3 7 9 3 7 9): an induction head looks from each repeated token to the one after its first occurrence.',
    'notice.train.3.custom':
      'Try: change one setting at a time (the encodings, the training length, the steps) and compare the length chart with the preset’s.',
    'notice.train.1':
      'Each run is one positional encoding (or recurrent cell) and one seed: solid lines are its training loss, dashed its held-out loss.',
    'notice.train.2':
      'The length chart tests the trained models on sequences longer than they saw; the training length is marked. A line that keeps its value past the mark belongs to an encoding that extrapolates.',
    'notice.train.3':
      'Try: train lm-lengths and compare ALiBi with RoPE past the training length, then look at the heads in the model view.',
  },
  fa: {
    'Training lab': 'آزمایشگاه آموزش',
    lede: 'ترنسفورمرها و شبکه‌های بازگشتی کوچک را همین‌جا در Web Worker آموزش دهید: افت خطا و شکل‌گیری سرهای توجه را ببینید، سپس ببینید کدام رمزگذاری موقعیتی روی دنباله‌های بلندتر از دنباله‌های آموزش هنوز کار می‌کند.',
    Experiment: 'آزمایش',
    'preset:lm-lengths': 'lm-lengths: مدل زبانی نویسه‌ای، خطا فراتر از طول آموزش',
    'preset:copy-lengths': 'copy-lengths: رونویسی، تطابق کامل فراتر از طول آموزش',
    'preset:rnn-memory': 'rnn-memory: RNN در برابر LSTM و GRU (و یک ترنسفورمر) در به‌یادآوردن بیتی از n گام پیش',
    'preset:induction': 'induction: مدل دولایه تکرار را یاد می‌گیرد',
    'preset:custom': 'دلخواه',
    'Quick run (a few seconds)': 'اجرای سریع (چند ثانیه)',
    Task: 'وظیفه',
    'task:copy': 'رونویسی',
    'task:reverse': 'وارونه',
    'task:text': 'متن (نویسه‌ها)',
    'task:induction': 'القا (تکرار)',
    'task:recall': 'به‌یادآوردن نخستین بیت از n بیت (سلول‌های بازگشتی)',
    'task:parity': 'توازن n بیت (سلول‌های بازگشتی)',
    'Models to compare: positional encodings (a Transformer each) and recurrent cells':
      'مدل‌های موردمقایسه: رمزگذاری‌های موقعیتی (هر یک یک ترنسفورمر) و سلول‌های بازگشتی',
    Layers: 'لایه‌ها',
    'd_model (hidden size)': 'd_model (اندازهٔ پنهان)',
    Heads: 'تعداد سرها',
    'Shortest training length': 'کوتاه‌ترین طول آموزش',
    'Longest training length': 'بلندترین طول آموزش',
    'Test lengths': 'طول‌های آزمون',
    Steps: 'گام‌ها',
    'Learning rate': 'نرخ یادگیری',
    Seeds: 'بذرها',
    'LSTM forget-gate bias (added at initialisation)': 'بایاس دروازهٔ فراموشی LSTM (افزوده در مقداردهی اولیه)',
    'Train in Web Workers': 'آموزش در Web Worker',
    Train: 'آموزش',
    Pause: 'توقف',
    Resume: 'ادامه',
    Stop: 'پایان',
    Reset: 'بازنشانی',
    'Save model': 'ذخیرهٔ مدل',
    'Load model…': 'بارگذاری مدل…',
    'Loss per step (solid: training batch, dashed: held-out)':
      'خطا در هر گام (توپر: دستهٔ آموزش، خط‌چین: دادهٔ کنارگذاشته)',
    step: 'گام',
    loss: 'خطا',
    'Length chart': 'نمودار طول',
    'test length': 'طول آزمون',
    metric: 'معیار',
    'metric:loss': 'خطای هر نشانه روی دادهٔ کنارگذاشته (nat، کمتر بهتر)',
    'metric:exact': 'تطابق کامل (بیشتر بهتر)',
    'metric:accuracy': 'دقت پاسخ پایانی (شانس ۵۰٪)',
    'accuracy against distance per cell': 'دقت بر حسب فاصله برای هر سلول',
    'training length': 'طول آموزش',
    seed: 'بذر تصادفی',
    'held-out': 'کنارگذاشته',
    'loss drop': 'افت خطا',
    'no run yet': 'هنوز اجرایی نیست',
    'The length chart fills in as runs finish.': 'نمودار طول با پایان هر اجرا پر می‌شود.',
    'Which head does the copying?': 'کدام سر کپی می‌کند؟',
    'induction:explain':
      'برای هر اجرای پایان‌یافته: سری که بیشترین امتیاز القا را دارد (توجهش از نشانه‌ای در تکرار به نشانهٔ پس از رخداد پیشینِ همان نشانه؛ سری که توجهش را یکسان پخش کند امتیازی می‌گیرد که با «یکنواخت» نشان داده شده) و زیان روی تکرار وقتی خروجی آن سر صفر شود، در برابر صفر کردن سر دیگری از همان لایه. اگر زیان تنها با آن سر بالا بپرد، همان سر است که کپی می‌کند.',
    inductionLine:
      '{run}: سر القا {head}، امتیاز {score} (یکنواخت {uniform})؛ زیان روی تکرار {loss} نَت، با صفر شدن آن سر {without}، با صفر شدن سر دیگری از لایه‌اش {other}.',
    'The heads are measured as runs finish.': 'سرها با پایان هر اجرا سنجیده می‌شوند.',
    'lstm (forget bias {b})': 'lstm (سوگیری دروازهٔ فراموشی {b})',
    'randomized positions': 'موقعیت‌های تصادفی',
    'attention-only': 'فقط توجه',
    'Does the gradient reach back?': 'آیا گرادیان به گام‌های دور می‌رسد؟',
    'memory:explain':
      'خطا در آخرین گام از n گام خوانده می‌شود. هر خط ‖∂L/∂h_t‖ را در t گام پیش‌تر، تقسیم بر مقدارش در گام خواندن، روی سطرهای کنارگذاشته نشان می‌دهد: پیش از آموزش (خط‌چین) و پس از آن (توپر)، میانگین هندسی روی بذرها. خطی که نزدیک ۱ می‌ماند سیگنال خطا را تا آغاز می‌برد؛ خطی که چند مرتبهٔ بزرگی افت می‌کند نمی‌تواند از ورودی‌های دور یاد بگیرد.',
    'Gradient through time (solid: trained, dashed: untrained)':
      'گرادیان در طول زمان (توپر: آموزش‌دیده، خط‌چین: آموزش‌ندیده)',
    'Gradient through time at distance {n} (solid: trained, dashed: untrained)':
      'گرادیان در طول زمان در فاصلهٔ {n} (توپر: آموزش‌دیده، خط‌چین: آموزش‌ندیده)',
    'steps back from the readout': 'گام‌های پیش از گام خواندن',
    'share of the gradient': '‖∂L/∂h_t‖ / ‖∂L/∂h_(n−1)‖',
    trained: 'آموزش‌دیده',
    untrained: 'آموزش‌ندیده',
    'The gradient chart fills in as runs finish.': 'نمودار گرادیان با پایان هر اجرا پر می‌شود.',
    '{cell} {untrained} → {trained}': '{cell} {untrained} → {trained}',
    'list-separator': '، ',
    memorySummary:
      'سهم گرادیانِ گام خواندن که به نخستین گام از {n} گام ({back} گام پیش‌تر) می‌رسد، آموزش‌ندیده ← آموزش‌دیده: {cells}. پس از آموزش {best} بیشترین سهم را نگه می‌دارد ({bestValue}).',
    summary:
      'در طول آموزش ({trainLen}) بهترین: {best0} ({value0}). در طول {longest} بهترین: {best1} ({value1}، در برابر {best1At0} در طول آموزش)؛ بدترین: {worst1} ({worstValue1}). معیار: {metric}.',
    summaryTie:
      'در طول آموزش ({trainLen}) بهترین: {best0} ({value0}). در طول {longest} همه یکسان‌اند ({value1}). معیار: {metric}.',
    summaryAlone:
      'در طول آموزش ({trainLen}) بهترین: {best0} ({value0}). در طول {longest} تنها {best1} عدد دارد ({value1}، در برابر {best1At0} در طول آموزش). معیار: {metric}.',
    summaryDistanceAlone:
      'هر شبکه در یک فاصله آموزش و آزمون می‌بیند. در فاصلهٔ {trainLen} دقیق‌ترین: {best0} ({value0}). در فاصلهٔ {longest} تنها {best1} آموزش دیده است ({value1}، در برابر {best1At0} در فاصلهٔ {trainLen}). شانس ۵۰٪ است.',
    summaryDistance:
      'هر شبکه در یک فاصله آموزش و آزمون می‌بیند. در فاصلهٔ {trainLen} دقیق‌ترین: {best0} ({value0}). در فاصلهٔ {longest} دقیق‌ترین: {best1} ({value1}، در برابر {best1At0} در فاصلهٔ {trainLen})؛ کم‌دقت‌ترین: {worst1} ({worstValue1}). شانس ۵۰٪ است.',
    summaryDistanceTie:
      'هر شبکه در یک فاصله آموزش و آزمون می‌بیند. در فاصلهٔ {trainLen} دقیق‌ترین: {best0} ({value0}). در فاصلهٔ {longest} همه یکسان‌اند ({value1}). شانس ۵۰٪ است.',
    summaryOne: 'در طول {trainLen} بهترین: {best0} ({value0})؛ بدترین: {worst1} ({worstValue1}). معیار: {metric}.',
    '{list}: no number past the training length (no positions there).':
      '{list}: فراتر از طول آموزش عددی ندارد (موقعیتی آن‌جا نیست).',
    'Press Train: every run trains, then its test lengths are measured.':
      'دکمهٔ آموزش را بزنید: هر اجرا آموزش می‌بیند و سپس طول‌های آزمون آن سنجیده می‌شود.',
    '{state}: {steps} of {total} steps in {runs} runs · {rate} steps/s ({perRun} per run) · {left}':
      '{state}: {steps} از {total} گام در {runs} اجرا، {rate} گام بر ثانیه ({perRun} برای هر اجرا)، {left}',
    'state:running': 'در حال آموزش',
    'state:paused': 'متوقف',
    'state:stopped': 'پایان‌یافته',
    'state:finished': 'تمام شد',
    'state:idle': 'آماده',
    'done in {s} s': 'در {s} ثانیه تمام شد',
    'about {s} s left': 'حدود {s} ثانیه مانده',
    'Training in {n} Web Workers, off the main thread.': 'آموزش در {n} Web Worker، بیرون از رشتهٔ اصلی.',
    'fallback:asked': 'آموزش روی رشتهٔ اصلی، در برش‌های چندمیلی‌ثانیه‌ای (Web Worker خاموش است).',
    'fallback:no-source':
      'اسکریپت آزمایشگاه این‌جا نمی‌تواند Web Worker راه بیندازد (متن منبع خودش در دسترس نیست)؛ آموزش روی رشتهٔ اصلی، در برش‌های چندمیلی‌ثانیه‌ای.',
    'fallback:no-worker': 'این مرورگر Web Worker ندارد؛ آموزش روی رشتهٔ اصلی، در برش‌های چندمیلی‌ثانیه‌ای.',
    'fallback:refused':
      'این صفحه Web Worker را نمی‌پذیرد (Content-Security-Policy آن worker-src blob: ندارد)؛ آموزش روی رشتهٔ اصلی، در برش‌های چندمیلی‌ثانیه‌ای.',
    'fallback:worker-error': 'یک Web Worker راه نیفتاد؛ آموزش روی رشتهٔ اصلی، در برش‌های چندمیلی‌ثانیه‌ای.',
    'fallback:timeout': 'Web Workerها به‌موقع راه نیفتادند؛ آموزش روی رشتهٔ اصلی، در برش‌های چندمیلی‌ثانیه‌ای.',
    'workers:refused': 'در دسترس نیست: Content-Security-Policy این صفحه آن را نمی‌پذیرد',
    'workers:no-worker': 'در این مرورگر در دسترس نیست',
    'workers:no-source': 'در دسترس نیست: اسکریپت آزمایشگاه این‌جا نمی‌تواند آن را راه بیندازد',
    'workers:worker-error': 'به کار نمی‌رود: یک worker راه نیفتاد، این اجراها روی رشتهٔ اصلی آموزش می‌بینند',
    'workers:timeout': 'به کار نمی‌رود: workerها به‌موقع راه نیفتادند، این اجراها روی رشتهٔ اصلی آموزش می‌بینند',
    'invalid:encodings':
      '{list}: مدلی نیست که آزمایشگاه بشناسد (یک کدگذاری موقعیتی: none، learned، sinusoidal، rope، alibi، با ‎+rand یا ‎+attn؛ یا یک یاخته: rnn، lstm، lstm-fb0، gru).',
    'invalid:tests': 'طول‌های آزمون عددهای درست از ۱ تا ۱۲۸ هستند که با ویرگول جدا می‌شوند: {list} چنین نیست.',
    'invalid:min-max': 'کوتاه‌ترین طول آموزش ({min}) از بلندترین ({max}) بلندتر است.',
    'invalid:induction-min': 'وظیفهٔ القا کوتاه‌ترین طولی دست‌کم ۲ می‌خواهد (دنباله‌ای برای تکرار)، نه {n}.',
    'invalid:induction-tests':
      'طول‌های آزمون القا باید دست‌کم کوتاه‌ترین طول آموزش ({min}) باشند: {list} کوتاه‌تر است.',
    'invalid:core': 'با این تنظیمات آموزش ممکن نیست ({run}): {message}',
    runFailed: 'یک اجرا شکست خورد و کنار گذاشته شد: {list}',
    runsFailed: '{n} اجرا شکست خوردند و کنار گذاشته شدند: {list}',
    '{n} of {runs} runs failed': '{n} از {runs} اجرا شکست خوردند',
    '{run}: {steps} of {total} steps, {state}': '{run}: {steps} از {total} گام، {state}',
    'run:queued': 'در انتظار',
    'run:training': 'در حال آموزش',
    'run:stopped': 'متوقف‌شده',
    'run:done': 'تمام شد',
    'run:failed': 'شکست خورد: {message}',
    'Trained attention: every layer × head': 'توجه آموزش‌دیده: هر لایه × سر',
    'Sequence (token ids, or text for the text task; empty: a held-out row)':
      'دنباله (شناسهٔ نشانه‌ها، یا متن برای وظیفهٔ متن؛ خالی: یک سطر کنارگذاشته)',
    'Selected head': 'سر انتخاب‌شده',
    key: 'کلید',
    query: 'پرسش',
    induction: 'القا',
    'Recurrent nets have no attention to show.': 'شبکه‌های بازگشتی توجهی برای نمایش ندارند.',
    'The heads appear when training starts.': 'سرها با آغاز آموزش نمایان می‌شوند.',
    'Showing the loaded model ({name}).': 'نمایش مدل بارگذاری‌شده ({name}).',
    'Showing the model being trained, after {steps} steps.': 'نمایش مدل در حال آموزش، پس از {steps} گام.',
    'Induction score per head (attention to the token after the previous occurrence)':
      'امتیاز القای هر سر (توجه به نشانهٔ پس از رخداد پیشین)',
    'query {i} → key {j}: weight {w}': 'پرسش {i} ← کلید {j}: وزن {w}',
    'loss per token, nats': 'خطای هر نشانه، nat',
    'exact match': 'تطابق کامل',
    accuracy: 'دقت',
    'distance trained at': 'فاصلهٔ آموزش',
    'chance 50%': 'شانس ۵۰٪',
    'Run shown': 'اجرای نمایش‌داده‌شده (نمای مدل، سرها و ذخیره)',
    'Save {run}': 'ذخیرهٔ {run}',
    'Left out {list}: not characters of the model’s vocabulary.': '{list} کنار گذاشته شد: در واژگان نویسه‌ای مدل نیست.',
    'Left out {list}: not token ids of this model (whole numbers 0 to {max}).':
      '{list} کنار گذاشته شد: شناسهٔ نشانه‌ای از این مدل نیست (عددهای صحیح ۰ تا {max}).',
    'Left out {list}: past the model’s {n} positions.': '{list} کنار گذاشته شد: فراتر از {n} موقعیت مدل.',
    'No token of the box is in the vocabulary: showing a held-out row instead.':
      'هیچ نشانه‌ای از این کادر در واژگان نیست: به جای آن یک سطر کنارگذاشته نمایش داده می‌شود.',
    'Showing {run}, trained ({steps} steps).': 'نمایش {run}، آموزش‌دیده ({steps} گام).',
    'Showing {run} while it trains, after {steps} steps.': 'نمایش {run} در حال آموزش، پس از {steps} گام.',
    "query '{q}' ({i}) → key '{k}' ({j}): {w}": "پرسش '{q}' ({i}) ← کلید '{k}' ({j}): {w}",
    'a uniform causal head: {u}': 'یک سر علّی یکنواخت: {u}',
    'notice.train.3.lm-lengths':
      'امتحان کنید: lm-lengths را آموزش دهید و ALiBi را پس از طول آموزش با RoPE مقایسه کنید، سپس سرها را در نمای مدل ببینید.',
    'notice.train.3.copy-lengths':
      'امتحان کنید: RoPE را با RoPE (موقعیت‌های تصادفی) در طول آموزش ۸ و در طول ۱۲ مقایسه کنید: هر مدلی که در ۸ کپی می‌کند در ۱۲ شکست می‌خورد. سپس اجرای learned را برگزینید: پس از جدولش عددی ندارد.',
    'notice.train.3.rnn-memory':
      'امتحان کنید: LSTM با سوگیری فراموشی ۱ و ۰ را در فاصلهٔ ۱۶ مقایسه کنید، جایی که RNN با tanh در حد شانس است، سپس نمودار گرادیان را بخوانید: خط کدام بالا می‌ماند؟',
    'notice.train.3.induction':
      'امتحان کنید: اجرایی را برگزینید و دنباله‌ای را دو بار بنویسید (3 7 9 3 7 9): سر القا از هر نشانهٔ تکراری به نشانهٔ پس از نخستین رخدادش نگاه می‌کند.',
    'notice.train.3.custom':
      'امتحان کنید: هر بار یک تنظیم را تغییر دهید (رمزگذاری‌ها، طول آموزش، گام‌ها) و نمودار طول را با نمودار پیش‌تنظیم مقایسه کنید.',
    'notice.train.1':
      'هر اجرا یک کدگذاری موقعیتی (یا یک یاختهٔ بازگشتی) و یک بذر است: خط پیوسته زیان آموزش آن و خط‌چین زیان داده‌های کنارگذاشته است.',
    'notice.train.2':
      'نمودار طول، مدل‌های آموزش‌دیده را روی دنباله‌هایی بلندتر از آنچه دیده‌اند می‌آزماید؛ طول آموزش علامت خورده است. خطی که پس از این علامت مقدارش را نگه می‌دارد از آنِ کدگذاری‌ای است که برون‌یابی می‌کند.',
    'notice.train.3':
      'امتحان کنید: lm-lengths را آموزش دهید و ALiBi را پس از طول آموزش با RoPE مقایسه کنید، سپس سرها را در نمای مدل ببینید.',
  },
};
