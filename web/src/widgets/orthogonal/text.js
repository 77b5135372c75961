// text.js — the words of <seqlab-orthogonal>, in English and Persian (see core/i18n.js).
export default {
  en: {
    'Attention on orthogonal inputs': 'Attention on orthogonal inputs',
    'Mutually orthogonal inputs of squared norm $r^2$, unscaled: $a_{nn} = e^{r^2}/(N - 1 + e^{r^2})$, so $y_n \\approx x_n$ only when $e^{r^2} \\gg N$.':
      'Mutually orthogonal inputs of squared norm $r^2$, unscaled: $a_{nn} = e^{r^2}/(N - 1 + e^{r^2})$, so $y_n \\approx x_n$ only when $e^{r^2} \\gg N$.',
    'attention matrix A (x_n = r·e_n, no scaling)': 'attention matrix A (x_n = r·e_n, no scaling)',
    'a_nn against r: the core (points) and exp(r²)/(N−1+exp(r²))':
      'a_nn against r: the core (points) and exp(r²)/(N−1+exp(r²))',
    'from the core': 'from the core',
    'closed form': 'closed form',
    'relative to': 'relative to',
    ', so': ', so',
    and: 'and',
    'does not hold: the off-diagonal weights': 'does not hold: the off-diagonal weights',
    'are not negligible, and': 'are not negligible, and',
    // 'fails' alone is the gradient check's word in the LSTM view; here it is an approximation
    'fails (an approximation)': 'fails',
    core: 'core',
    'N vectors': 'N vectors',
    'norm r = ‖x_n‖': 'norm r = ‖x_n‖',
    'notice.orthogonal.1':
      'The diagonal of $A$ is $a_{nn} = e^{r^2}/(N - 1 + e^{r^2})$: the points from the core sit on the closed-form curve.',
    'notice.orthogonal.2':
      'Try: raise $r$ until $e^{r^2} \\gg N$: the diagonal goes to 1 and $y_n \\approx x_n$; with more vectors $N$ it takes a larger $r$.',
  },
  fa: {
    'Attention on orthogonal inputs': 'توجه روی ورودی‌های متعامد',
    'Mutually orthogonal inputs of squared norm $r^2$, unscaled: $a_{nn} = e^{r^2}/(N - 1 + e^{r^2})$, so $y_n \\approx x_n$ only when $e^{r^2} \\gg N$.':
      'ورودی‌های دوبه‌دو متعامد با مربع نُرم $r^2$، بدون مقیاس: $a_{nn} = e^{r^2}/(N - 1 + e^{r^2})$؛ پس $y_n \\approx x_n$ فقط وقتی $e^{r^2} \\gg N$.',
    'attention matrix A (x_n = r·e_n, no scaling)': 'ماتریس توجه A (x_n = r·e_n، بدون مقیاس)',
    'a_nn against r: the core (points) and exp(r²)/(N−1+exp(r²))':
      'نمودار a_nn بر حسب r: هسته (نقطه‌ها) و exp(r²)/(N−1+exp(r²))',
    'from the core': 'از هسته',
    'closed form': 'فرم بسته',
    'relative to': 'در مقایسه با',
    ', so': '، پس',
    and: 'و',
    'does not hold: the off-diagonal weights': 'برقرار نیست: وزن‌های بیرون قطر',
    'are not negligible, and': 'ناچیز نیستند و',
    'fails (an approximation)': 'برقرار نمی‌ماند',
    core: 'هسته',
    'N vectors': 'تعداد بردارها N',
    'norm r = ‖x_n‖': 'نُرم r = ‖x_n‖',
    'notice.orthogonal.1':
      'قطر $A$ برابر $a_{nn} = e^{r^2}/(N - 1 + e^{r^2})$ است: نقطه‌های هسته روی منحنی فرم بسته می‌نشینند.',
    'notice.orthogonal.2':
      'امتحان کنید: $r$ را آن‌قدر بالا ببرید که $e^{r^2} \\gg N$ شود: قطر به ۱ می‌رسد و $y_n \\approx x_n$؛ با بردارهای بیشتر ($N$) به $r$ بزرگ‌تری نیاز است.',
  },
};
