/* recurrent_impl.h — LSTM and GRU forward and backward, written once for a scalar type.
 * Included by recurrent.c with REAL = float (names as declared in seqlab.h) and REAL = double
 * (names with _f64: the same arithmetic in double precision, for gradient checks by central
 * differences). Not a public header. */
#ifndef REAL
#error "include from recurrent.c with REAL and SFX defined"
#endif

/* y = W x (+ y when accumulate), W: rows×cols row-major. The float build uses the shared kernel
 * (SIMD in WebAssembly); the double build sums in double. Either way, huge but finite inputs
 * saturate the gates instead of turning +Inf − Inf into NaN (found by fuzzing). */
static void SFX(matvec)(REAL *y, const REAL *w, const REAL *x, int rows, int cols, int accumulate) {
#ifdef RECURRENT_MATVEC
    RECURRENT_MATVEC(y, w, x, rows, cols, accumulate);
#else
    for (int r = 0; r < rows; r++) {
        const REAL *wr = w + (size_t)r * cols;
        double s = accumulate ? (double)y[r] : 0.0;
        for (int c = 0; c < cols; c++) s += (double)wr[c] * (double)x[c];
        y[r] = (REAL)s;
    }
#endif
}

/* y += Wᵀ g, W: rows×cols, g: rows, y: cols. */
static void SFX(matvec_t_acc)(REAL *y, const REAL *w, const REAL *g, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
        const REAL *wr = w + (size_t)r * cols;
        REAL gr = g[r];
        if (gr == 0) continue;
        for (int c = 0; c < cols; c++) y[c] += gr * wr[c];
    }
}

/* W += g ⊗ x, W: rows×cols. */
static void SFX(outer_acc)(REAL *w, const REAL *g, const REAL *x, int rows, int cols) {
    for (int r = 0; r < rows; r++) {
        REAL *wr = w + (size_t)r * cols;
        REAL gr = g[r];
        if (gr == 0) continue;
        for (int c = 0; c < cols; c++) wr[c] += gr * x[c];
    }
}

static REAL SFX(sigmoid)(REAL x) {
    /* two branches so exp never overflows */
    if (x >= 0) return (REAL)1 / ((REAL)1 + (REAL)exp(-(double)x));
    REAL e = (REAL)exp((double)x);
    return e / ((REAL)1 + e);
}

static REAL SFX(tanh_)(REAL x) { return (REAL)tanh((double)x); }

/* Recurrent cells refuse NaN and ±Inf in their inputs: through the recurrence one bad value
 * would silently spoil every later step and every gradient. */
static int SFX(check_values)(const char *name, const REAL *p, long long n) {
    if (!p) return SL_OK;
    for (long long i = 0; i < n; i++)
        if (!isfinite(p[i])) return sl_fail(SL_ERR_VALUE, "%s[%lld] is %s: recurrent cells need finite inputs", name, i,
                                            isnan(p[i]) ? "NaN" : "infinite");
    return SL_OK;
}

/* One LSTM step on checked arguments. pre, gates: 4nh (i, f, g, o). */
static void SFX(lstm_cell)(REAL *h, REAL *c, REAL *gates, REAL *pre, const REAL *x, const REAL *h_prev,
                           const REAL *c_prev, const REAL *w_ih, const REAL *w_hh, const REAL *b_ih,
                           const REAL *b_hh, int nx, int nh) {
    const int g4 = 4 * nh;
    SFX(matvec)(pre, w_ih, x, g4, nx, 0);
    SFX(matvec)(pre, w_hh, h_prev, g4, nh, 1);
    for (int r = 0; r < g4; r++) pre[r] = (REAL)((double)pre[r] + (b_ih ? b_ih[r] : 0) + (b_hh ? b_hh[r] : 0));
    for (int u = 0; u < nh; u++) {
        REAL i = SFX(sigmoid)(pre[u]), f = SFX(sigmoid)(pre[nh + u]);
        REAL g = SFX(tanh_)(pre[2 * nh + u]), o = SFX(sigmoid)(pre[3 * nh + u]);
        gates[u] = i, gates[nh + u] = f, gates[2 * nh + u] = g, gates[3 * nh + u] = o;
        c[u] = f * c_prev[u] + i * g;
        h[u] = o * SFX(tanh_)(c[u]);
    }
}

/* Softmax of z (n values) into y; returns log-sum-exp for the cross-entropy. */
static double SFX(softmax_lse)(REAL *y, const REAL *z, int n) {
    double mx = -INFINITY, sum = 0;
    for (int k = 0; k < n; k++) if (z[k] > mx) mx = z[k];
    for (int k = 0; k < n; k++) sum += exp((double)z[k] - mx);
    for (int k = 0; k < n; k++) y[k] = (REAL)(exp((double)z[k] - mx) / sum);
    return mx + log(sum);
}

/* Forward over T steps on checked arguments; every output may be NULL except hs, cs, gates,
 * pre (scratch supplied by the caller when the user did not ask for them). logits: T×ny or NULL. */
static void SFX(lstm_run)(REAL *hs, REAL *cs, REAL *gates, REAL *pre, REAL *ys, REAL *logits, double *lse,
                          const REAL *xs, int T, const REAL *h0, const REAL *c0, const REAL *w_ih,
                          const REAL *w_hh, const REAL *b_ih, const REAL *b_hh, int nx, int nh,
                          const REAL *w_y, const REAL *b_y, int ny, REAL *zero) {
    for (int t = 0; t < T; t++) {
        const REAL *hp = t ? hs + (size_t)(t - 1) * nh : (h0 ? h0 : zero);
        const REAL *cp = t ? cs + (size_t)(t - 1) * nh : (c0 ? c0 : zero);
        SFX(lstm_cell)(hs + (size_t)t * nh, cs + (size_t)t * nh, gates + (size_t)t * 4 * nh, pre + (size_t)t * 4 * nh,
                       xs + (size_t)t * nx, hp, cp, w_ih, w_hh, b_ih, b_hh, nx, nh);
        if (w_y && ys) {
            REAL *z = logits + (size_t)t * ny;
            SFX(matvec)(z, w_y, hs + (size_t)t * nh, ny, nh, 0);
            if (b_y)
                for (int k = 0; k < ny; k++) z[k] += b_y[k];
            double l = SFX(softmax_lse)(ys + (size_t)t * ny, z, ny);
            if (lse) lse[t] = l;
        }
    }
}

/* Pointers, sizes and values every cell call shares; G = 4 (LSTM) or 3 (GRU) gate blocks. */
static int SFX(check_cell)(const REAL *xs, int T, const REAL *w_ih, const REAL *w_hh, int nx, int nh, int G) {
    char what[64];
    SL_TRY(sl_check_ptr("xs", xs));
    SL_TRY(sl_check_ptr("w_ih", w_ih));
    SL_TRY(sl_check_ptr("w_hh", w_hh));
    SL_TRY(sl_check_size("T", T, SL_MAX_SEQ));
    SL_TRY(sl_check_size("nx", nx, SL_MAX_DIM));
    SL_TRY(sl_check_size("nh", nh, SL_MAX_DIM));
    snprintf(what, sizeof what, "w_ih (%dnh×nx)", G);
    SL_TRY(sl_check_elems(what, (long long)G * nh * nx));
    snprintf(what, sizeof what, "w_hh (%dnh×nh)", G);
    SL_TRY(sl_check_elems(what, (long long)G * nh * nh));
    SL_TRY(sl_check_elems("xs (T×nx)", (long long)T * nx));
    snprintf(what, sizeof what, "gates (T×%dnh)", G);
    SL_TRY(sl_check_elems(what, (long long)G * T * nh));
    SL_TRY(SFX(check_values)("xs", xs, (long long)T * nx));
    SL_TRY(SFX(check_values)("w_ih", w_ih, (long long)G * nh * nx));
    return SFX(check_values)("w_hh", w_hh, (long long)G * nh * nh);
}

static int SFX(check_lstm)(const REAL *xs, int T, const REAL *w_ih, const REAL *w_hh, int nx, int nh,
                           const REAL *w_y, int ny) {
    SL_TRY(SFX(check_cell)(xs, T, w_ih, w_hh, nx, nh, 4));
    if (w_y) {
        SL_TRY(sl_check_size("ny", ny, SL_MAX_DIM));
        SL_TRY(sl_check_elems("w_y (ny×nh)", (long long)ny * nh));
        SL_TRY(sl_check_elems("ys (T×ny)", (long long)T * ny));
    }
    SL_TRY(SFX(check_values)("w_y", w_y, (long long)ny * nh));
    return SL_OK;
}

/* The optional vectors of an LSTM call. */
static int SFX(check_lstm_vectors)(const REAL *h0, const REAL *c0, const REAL *b_ih, const REAL *b_hh, const REAL *b_y,
                                   int nh, int ny) {
    SL_TRY(SFX(check_values)("h0", h0, nh));
    SL_TRY(SFX(check_values)("c0", c0, nh));
    SL_TRY(SFX(check_values)("b_ih", b_ih, 4LL * nh));
    SL_TRY(SFX(check_values)("b_hh", b_hh, 4LL * nh));
    return SFX(check_values)("b_y", b_y, ny);
}

int SFX(sl_lstm_forward)(REAL *hs, REAL *cs, REAL *gates, REAL *preact, REAL *ys, const REAL *xs, int T,
                         const REAL *h0, const REAL *c0, const REAL *w_ih, const REAL *w_hh, const REAL *b_ih,
                         const REAL *b_hh, int nx, int nh, const REAL *w_y, const REAL *b_y, int ny) {
    SL_TRY(sl_check_ptr("hs", hs));
    SL_TRY(sl_check_ptr("cs", cs));
    SL_TRY(SFX(check_lstm)(xs, T, w_ih, w_hh, nx, nh, w_y, ny));
    SL_TRY(SFX(check_lstm_vectors)(h0, c0, b_ih, b_hh, w_y ? b_y : NULL, nh, ny));
    if (w_y) SL_TRY(sl_check_ptr("ys", ys));
    /* scratch: gates and pre-activations when not asked for, logits, a zero state */
    const long long g = 4LL * T * nh;
    REAL *scratch = malloc(sizeof(REAL) * (size_t)(2 * g + (w_y ? (long long)T * ny : 0) + nh));
    if (!scratch) return sl_fail(SL_ERR_NOMEM, "could not allocate LSTM scratch");
    REAL *zero = scratch + 2 * g + (w_y ? (long long)T * ny : 0);
    memset(zero, 0, sizeof(REAL) * (size_t)nh);
    SFX(lstm_run)(hs, cs, gates ? gates : scratch, preact ? preact : scratch + g, w_y ? ys : NULL, scratch + 2 * g, NULL,
                  xs, T, h0, c0, w_ih, w_hh, b_ih, b_hh, nx, nh, w_y, b_y, ny, zero);
    free(scratch);
    return SL_OK;
}

int SFX(sl_lstm_backward)(REAL *dw_ih, REAL *dw_hh, REAL *db_ih, REAL *db_hh, REAL *dxs, REAL *dh0, REAL *dc0,
                          REAL *dw_y, REAL *db_y, REAL *loss, REAL *dc_steps, REAL *dh_steps, const REAL *xs, int T,
                          const REAL *h0, const REAL *c0, const REAL *w_ih, const REAL *w_hh, const REAL *b_ih,
                          const REAL *b_hh, int nx, int nh, const REAL *w_y, const REAL *b_y, int ny,
                          const REAL *dh, const int32_t *targets, int forget_rule) {
    SL_TRY(SFX(check_lstm)(xs, T, w_ih, w_hh, nx, nh, w_y, ny));
    SL_TRY(SFX(check_lstm_vectors)(h0, c0, b_ih, b_hh, w_y ? b_y : NULL, nh, ny));
    SL_TRY(SFX(check_values)("dh", dh, (long long)T * nh));
    SL_TRY(sl_check_ptr("dw_ih", dw_ih));
    SL_TRY(sl_check_ptr("dw_hh", dw_hh));
    if (!dh && !targets) return sl_fail(SL_ERR_NULL, "dh and targets are both NULL: give an upstream gradient dh or class targets");
    if (targets && !w_y) return sl_fail(SL_ERR_ARG, "targets need an output layer: w_y is NULL");
    if (targets)
        for (int t = 0; t < T; t++)
            if (targets[t] < 0 || targets[t] >= ny)
                return sl_fail(SL_ERR_VALUE, "targets[%d] = %d is not a class index in [0, %d)", t, (int)targets[t], ny);
    if (forget_rule != 0 && forget_rule != 1)
        return sl_fail(SL_ERR_ARG, "forget_rule must be 0 (c_prev, correct) or 1 (c̃ in its place), got %d", forget_rule);
    const int g4 = 4 * nh;
    const long long TG = (long long)T * g4, TH = (long long)T * nh, TY = w_y ? (long long)T * ny : 0;
    /* scratch: hs, cs, gates, pre, ys, logits, per-step lse, and per-step work vectors */
    const long long count = 2 * TH + 2 * TG + 2 * TY + (long long)T /* lse as REAL */ + 6LL * nh + g4 + (w_y ? ny : 0);
    REAL *s = malloc(sizeof(REAL) * (size_t)count);
    double *lse = malloc(sizeof(double) * (size_t)T);
    if (!s || !lse) {
        free(s);
        free(lse);
        return sl_fail(SL_ERR_NOMEM, "could not allocate BPTT scratch");
    }
    REAL *hs = s, *cs = hs + TH, *gates = cs + TH, *pre = gates + TG, *ys = pre + TG, *logits = ys + TY;
    REAL *zero = logits + TY + T, *dh_next = zero + nh, *dc_next = dh_next + nh, *dht = dc_next + nh, *dc = dht + nh,
         *dhp = dc + nh, *dpre = dhp + nh, *dy = dpre + g4;
    memset(zero, 0, sizeof(REAL) * (size_t)(3 * nh));
    SFX(lstm_run)(hs, cs, gates, pre, w_y ? ys : NULL, logits, lse, xs, T, h0, c0, w_ih, w_hh, b_ih, b_hh, nx, nh, w_y, b_y,
                  ny, zero);
    memset(dw_ih, 0, sizeof(REAL) * (size_t)g4 * nx);
    memset(dw_hh, 0, sizeof(REAL) * (size_t)g4 * nh);
    if (db_ih) memset(db_ih, 0, sizeof(REAL) * (size_t)g4);
    if (db_hh) memset(db_hh, 0, sizeof(REAL) * (size_t)g4);
    if (dw_y && w_y) memset(dw_y, 0, sizeof(REAL) * (size_t)ny * nh);
    if (db_y && w_y) memset(db_y, 0, sizeof(REAL) * (size_t)ny);
    double total_loss = 0;
    for (int t = T - 1; t >= 0; t--) {
        const REAL *x = xs + (size_t)t * nx, *h = hs + (size_t)t * nh, *c = cs + (size_t)t * nh;
        const REAL *hp = t ? hs + (size_t)(t - 1) * nh : (h0 ? h0 : zero);
        const REAL *cp = t ? cs + (size_t)(t - 1) * nh : (c0 ? c0 : zero);
        const REAL *gt = gates + (size_t)t * g4;
        /* total dL/dh_t: from the future, from the caller, from the output layer */
        for (int u = 0; u < nh; u++) dht[u] = dh_next[u] + (dh ? dh[(size_t)t * nh + u] : 0);
        if (targets) {
            const REAL *y = ys + (size_t)t * ny;
            total_loss += lse[t] - logits[(size_t)t * ny + targets[t]];
            for (int k = 0; k < ny; k++) dy[k] = y[k] - (k == targets[t] ? 1 : 0);
            SFX(matvec_t_acc)(dht, w_y, dy, ny, nh);
            if (dw_y) SFX(outer_acc)(dw_y, dy, h, ny, nh);
            if (db_y)
                for (int k = 0; k < ny; k++) db_y[k] += dy[k];
        }
        (void)h;
        for (int u = 0; u < nh; u++) {
            REAL i = gt[u], f = gt[nh + u], g = gt[2 * nh + u], o = gt[3 * nh + u];
            REAL tc = SFX(tanh_)(c[u]);
            /* the course's equations, one unit at a time */
            dc[u] = dc_next[u] + dht[u] * o * (1 - tc * tc);
            dpre[3 * nh + u] = dht[u] * tc * o * (1 - o);                          /* dΓ_o-pre */
            dpre[2 * nh + u] = dc[u] * i * (1 - g * g);                            /* dc̃-pre */
            dpre[u] = dc[u] * g * i * (1 - i);                                     /* dΓ_u-pre */
            dpre[nh + u] = dc[u] * (forget_rule ? g : cp[u]) * f * (1 - f);        /* dΓ_f-pre */
        }
        if (dc_steps) memcpy(dc_steps + (size_t)t * nh, dc, sizeof(REAL) * (size_t)nh);
        if (dh_steps) memcpy(dh_steps + (size_t)t * nh, dht, sizeof(REAL) * (size_t)nh);
        SFX(outer_acc)(dw_ih, dpre, x, g4, nx);
        SFX(outer_acc)(dw_hh, dpre, hp, g4, nh);
        for (int r = 0; r < g4; r++) {
            if (db_ih) db_ih[r] += dpre[r];
            if (db_hh) db_hh[r] += dpre[r];
        }
        if (dxs) {
            memset(dxs + (size_t)t * nx, 0, sizeof(REAL) * (size_t)nx);
            SFX(matvec_t_acc)(dxs + (size_t)t * nx, w_ih, dpre, g4, nx);
        }
        memset(dhp, 0, sizeof(REAL) * (size_t)nh);
        SFX(matvec_t_acc)(dhp, w_hh, dpre, g4, nh);
        for (int u = 0; u < nh; u++) {
            dh_next[u] = dhp[u];
            dc_next[u] = dc[u] * gt[nh + u]; /* dc_prev = dc · Γ_f */
        }
    }
    if (dh0) memcpy(dh0, dh_next, sizeof(REAL) * (size_t)nh);
    if (dc0) memcpy(dc0, dc_next, sizeof(REAL) * (size_t)nh);
    if (loss) *loss = (REAL)total_loss;
    free(s);
    free(lse);
    return SL_OK;
}

/* ---- GRU ------------------------------------------------------------------------------------- */
/* One GRU step on checked arguments. pre: 3nh (r, z pre-activations; n's full argument),
 * gates: 3nh (r, z, n), hn: nh (W_hn h + b_hn). */
static void SFX(gru_cell)(REAL *h, REAL *gates, REAL *pre, REAL *hn, REAL *tmp, const REAL *x, const REAL *h_prev,
                          const REAL *w_ih, const REAL *w_hh, const REAL *b_ih, const REAL *b_hh, int nx, int nh) {
    const int g3 = 3 * nh;
    SFX(matvec)(pre, w_ih, x, g3, nx, 0);   /* input side, all three blocks */
    SFX(matvec)(tmp, w_hh, h_prev, g3, nh, 0); /* hidden side */
    for (int r = 0; r < g3; r++) {
        pre[r] += b_ih ? b_ih[r] : 0;
        tmp[r] += b_hh ? b_hh[r] : 0;
    }
    for (int u = 0; u < nh; u++) {
        pre[u] += tmp[u];
        pre[nh + u] += tmp[nh + u];
        REAL r = SFX(sigmoid)(pre[u]), z = SFX(sigmoid)(pre[nh + u]);
        hn[u] = tmp[2 * nh + u];
        pre[2 * nh + u] += r * hn[u]; /* r acts inside n, on W_hn h + b_hn (PyTorch) */
        REAL n = SFX(tanh_)(pre[2 * nh + u]);
        gates[u] = r, gates[nh + u] = z, gates[2 * nh + u] = n;
        h[u] = (1 - z) * n + z * h_prev[u];
    }
}

static int SFX(check_gru)(const REAL *xs, int T, const REAL *w_ih, const REAL *w_hh, int nx, int nh) {
    return SFX(check_cell)(xs, T, w_ih, w_hh, nx, nh, 3);
}

static int SFX(check_gru_vectors)(const REAL *h0, const REAL *b_ih, const REAL *b_hh, int nh) {
    SL_TRY(SFX(check_values)("h0", h0, nh));
    SL_TRY(SFX(check_values)("b_ih", b_ih, 3LL * nh));
    return SFX(check_values)("b_hh", b_hh, 3LL * nh);
}

static void SFX(gru_run)(REAL *hs, REAL *gates, REAL *pre, REAL *hn, REAL *tmp, const REAL *xs, int T, const REAL *h0,
                         const REAL *w_ih, const REAL *w_hh, const REAL *b_ih, const REAL *b_hh, int nx, int nh,
                         const REAL *zero) {
    for (int t = 0; t < T; t++)
        SFX(gru_cell)(hs + (size_t)t * nh, gates + (size_t)t * 3 * nh, pre + (size_t)t * 3 * nh, hn + (size_t)t * nh, tmp,
                      xs + (size_t)t * nx, t ? hs + (size_t)(t - 1) * nh : (h0 ? h0 : zero), w_ih, w_hh, b_ih, b_hh, nx, nh);
}

int SFX(sl_gru_forward)(REAL *hs, REAL *gates, REAL *preact, REAL *hn, const REAL *xs, int T, const REAL *h0,
                        const REAL *w_ih, const REAL *w_hh, const REAL *b_ih, const REAL *b_hh, int nx, int nh) {
    SL_TRY(sl_check_ptr("hs", hs));
    SL_TRY(SFX(check_gru)(xs, T, w_ih, w_hh, nx, nh));
    SL_TRY(SFX(check_gru_vectors)(h0, b_ih, b_hh, nh));
    const long long g = 3LL * T * nh;
    REAL *s = malloc(sizeof(REAL) * (size_t)(2 * g + (long long)T * nh + 3LL * nh + nh));
    if (!s) return sl_fail(SL_ERR_NOMEM, "could not allocate GRU scratch");
    REAL *tmp = s + 2 * g + (long long)T * nh, *zero = tmp + 3 * nh;
    memset(zero, 0, sizeof(REAL) * (size_t)nh);
    SFX(gru_run)(hs, gates ? gates : s, preact ? preact : s + g, hn ? hn : s + 2 * g, tmp, xs, T, h0, w_ih, w_hh, b_ih,
                 b_hh, nx, nh, zero);
    free(s);
    return SL_OK;
}

int SFX(sl_gru_backward)(REAL *dw_ih, REAL *dw_hh, REAL *db_ih, REAL *db_hh, REAL *dxs, REAL *dh0, REAL *dh_steps,
                         const REAL *xs, int T, const REAL *h0, const REAL *w_ih, const REAL *w_hh, const REAL *b_ih,
                         const REAL *b_hh, int nx, int nh, const REAL *dh) {
    SL_TRY(SFX(check_gru)(xs, T, w_ih, w_hh, nx, nh));
    SL_TRY(SFX(check_gru_vectors)(h0, b_ih, b_hh, nh));
    SL_TRY(sl_check_ptr("dw_ih", dw_ih));
    SL_TRY(sl_check_ptr("dw_hh", dw_hh));
    SL_TRY(sl_check_ptr("dh", dh));
    SL_TRY(SFX(check_values)("dh", dh, (long long)T * nh));
    const int g3 = 3 * nh;
    const long long TG = (long long)T * g3, TH = (long long)T * nh;
    REAL *s = malloc(sizeof(REAL) * (size_t)(2 * TG + 2 * TH + 3LL * nh + 4LL * nh + 2LL * g3));
    if (!s) return sl_fail(SL_ERR_NOMEM, "could not allocate GRU BPTT scratch");
    REAL *hs = s, *gates = hs + TH, *pre = gates + TG, *hn = pre + TG, *tmp = hn + TH, *zero = tmp + g3;
    REAL *dh_next = zero + nh, *dht = dh_next + nh, *dhp = dht + nh, *din = dhp + nh, *dhid = din + g3;
    memset(zero, 0, sizeof(REAL) * (size_t)(2 * nh));
    SFX(gru_run)(hs, gates, pre, hn, tmp, xs, T, h0, w_ih, w_hh, b_ih, b_hh, nx, nh, zero);
    memset(dw_ih, 0, sizeof(REAL) * (size_t)g3 * nx);
    memset(dw_hh, 0, sizeof(REAL) * (size_t)g3 * nh);
    if (db_ih) memset(db_ih, 0, sizeof(REAL) * (size_t)g3);
    if (db_hh) memset(db_hh, 0, sizeof(REAL) * (size_t)g3);
    for (int t = T - 1; t >= 0; t--) {
        const REAL *x = xs + (size_t)t * nx, *gt = gates + (size_t)t * g3, *hnt = hn + (size_t)t * nh;
        const REAL *hp = t ? hs + (size_t)(t - 1) * nh : (h0 ? h0 : zero);
        for (int u = 0; u < nh; u++) dht[u] = dh_next[u] + dh[(size_t)t * nh + u];
        for (int u = 0; u < nh; u++) {
            REAL r = gt[u], z = gt[nh + u], n = gt[2 * nh + u];
            REAL dn_pre = dht[u] * (1 - z) * (1 - n * n);
            REAL dz_pre = dht[u] * (hp[u] - n) * z * (1 - z);
            REAL dr_pre = dn_pre * hnt[u] * r * (1 - r);
            din[u] = dr_pre, din[nh + u] = dz_pre, din[2 * nh + u] = dn_pre;
            dhid[u] = dr_pre, dhid[nh + u] = dz_pre, dhid[2 * nh + u] = dn_pre * r; /* through W_hn h + b_hn */
            dhp[u] = dht[u] * z;
        }
        if (dh_steps) memcpy(dh_steps + (size_t)t * nh, dht, sizeof(REAL) * (size_t)nh);
        SFX(outer_acc)(dw_ih, din, x, g3, nx);
        SFX(outer_acc)(dw_hh, dhid, hp, g3, nh);
        for (int r = 0; r < g3; r++) {
            if (db_ih) db_ih[r] += din[r];
            if (db_hh) db_hh[r] += dhid[r];
        }
        if (dxs) {
            memset(dxs + (size_t)t * nx, 0, sizeof(REAL) * (size_t)nx);
            SFX(matvec_t_acc)(dxs + (size_t)t * nx, w_ih, din, g3, nx);
        }
        SFX(matvec_t_acc)(dhp, w_hh, dhid, g3, nh);
        memcpy(dh_next, dhp, sizeof(REAL) * (size_t)nh);
    }
    if (dh0) memcpy(dh0, dh_next, sizeof(REAL) * (size_t)nh);
    free(s);
    return SL_OK;
}
