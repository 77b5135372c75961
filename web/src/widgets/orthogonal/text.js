// text.js — the words of <seqlab-orthogonal>, in English and Persian (see core/i18n.js).
export default {
  en: {
    'Attention on orthogonal inputs': 'Attention on orthogonal inputs',
    'Mutually orthogonal inputs of squared norm r², unscaled: a_nn = e^{r²}/(N − 1 + e^{r²}), so y_n ≈ x_n only when e^{r²} ≫ N.':
      'Mutually orthogonal inputs of squared norm r², unscaled: a_nn = e^{r²}/(N − 1 + e^{r²}), so y_n ≈ x_n only when e^{r²} ≫ N.',
    'attention matrix A (x_n = r·e_n, no scaling)': 'attention matrix A (x_n = r·e_n, no scaling)',
    'a_nn against r: the core (points) and e^{r²}/(N−1+e^{r²})':
      'a_nn against r: the core (points) and e^{r²}/(N−1+e^{r²})',
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
  },
  fa: {
    'Attention on orthogonal inputs': 'توجه روی ورودی‌های متعامد',
    'Mutually orthogonal inputs of squared norm r², unscaled: a_nn = e^{r²}/(N − 1 + e^{r²}), so y_n ≈ x_n only when e^{r²} ≫ N.':
      'ورودی‌های دوبه‌دو متعامد با مربع نُرم r²، بدون مقیاس: a_nn = e^{r²}/(N − 1 + e^{r²})؛ پس y_n ≈ x_n فقط وقتی e^{r²} ≫ N.',
    'attention matrix A (x_n = r·e_n, no scaling)': 'ماتریس توجه A (x_n = r·e_n، بدون مقیاس)',
    'a_nn against r: the core (points) and e^{r²}/(N−1+e^{r²})':
      'نمودار a_nn بر حسب r: هسته (نقطه‌ها) و e^{r²}/(N−1+e^{r²})',
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
  },
};
