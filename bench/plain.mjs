// plain.mjs — the same attention arithmetic as the C core, in plain JavaScript (Float32Array,
// the same loop order), as the baseline that the WebAssembly core must beat.
export function attentionPlain(q, k, v, n, m, dk, dv, scale) {
  const scores = new Float32Array(n * m);
  const out = new Float32Array(n * dv);
  for (let i = 0; i < n; i++) {
    let mx = -Infinity;
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < dk; p++) s += q[i * dk + p] * k[j * dk + p];
      s *= scale;
      scores[i * m + j] = s;
      if (s > mx) mx = s;
    }
    let sum = 0;
    for (let j = 0; j < m; j++) {
      const e = Math.exp(scores[i * m + j] - mx);
      scores[i * m + j] = e;
      sum += e;
    }
    for (let j = 0; j < m; j++) {
      const w = scores[i * m + j] / sum;
      scores[i * m + j] = w;
      for (let c = 0; c < dv; c++) out[i * dv + c] += w * v[j * dv + c];
    }
  }
  return { weights: scores, out };
}

/** One LSTM step (PyTorch layout, gates i, f, g, o) in plain JavaScript. */
export function lstmStepPlain(x, h, c, wIh, wHh, b, nx, nh) {
  const pre = new Float32Array(4 * nh);
  for (let r = 0; r < 4 * nh; r++) {
    let s = b[r] + b[r];
    for (let k = 0; k < nx; k++) s += wIh[r * nx + k] * x[k];
    for (let k = 0; k < nh; k++) s += wHh[r * nh + k] * h[k];
    pre[r] = s;
  }
  const sig = (v) => 1 / (1 + Math.exp(-v));
  const h2 = new Float32Array(nh),
    c2 = new Float32Array(nh);
  for (let u = 0; u < nh; u++) {
    c2[u] = sig(pre[nh + u]) * c[u] + sig(pre[u]) * Math.tanh(pre[2 * nh + u]);
    h2[u] = sig(pre[3 * nh + u]) * Math.tanh(c2[u]);
  }
  return { h: h2, c: c2 };
}
