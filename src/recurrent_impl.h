/* recurrent_impl.h — LSTM and GRU forward and backward, written once for a scalar type.
 * Included by recurrent.c with REAL = float (names as declared in seqlab.h and train_recurrent.h)
 * and REAL = double (names with _f64: the same arithmetic in double precision, for gradient checks
 * by central differences). The pointwise part of each cell (lstm_gates, gru_gates and their
 * backward) is written once and used both by the per-sequence functions (one row, mat-vecs) and
 * by the batched language models of training (all rows of a batch, matrix products).
 * Not a public header. */
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
        if (!isfinite(p[i]))
            return sl_fail(SL_ERR_VALUE, "%s[%lld] is %s: recurrent cells need finite inputs", name, i,
                           isnan(p[i]) ? "NaN" : "infinite");
    return SL_OK;
}

/* The pointwise part of one LSTM step, shared by the per-sequence functions and the batched
 * training nets: pre (4nh, i f g o pre-activations, complete) → gates, c, h. */
static void SFX(lstm_gates)(REAL *h, REAL *c, REAL *gates, const REAL *pre, const REAL *c_prev, int nh) {
    for (int u = 0; u < nh; u++) {
        REAL i = SFX(sigmoid)(pre[u]), f = SFX(sigmoid)(pre[nh + u]);
        REAL g = SFX(tanh_)(pre[2 * nh + u]), o = SFX(sigmoid)(pre[3 * nh + u]);
        gates[u] = i, gates[nh + u] = f, gates[2 * nh + u] = g, gates[3 * nh + u] = o;
        c[u] = f * c_prev[u] + i * g;
        h[u] = o * SFX(tanh_)(c[u]);
    }
}

/* Backward of lstm_gates (the course's equations, one unit at a time). dht: total dL/dh_t;
 * dc_next: dL/dc_t from step t+1. Writes dpre (4nh), dc (total dL/dc_t) and dc_prev = dc·Γ_f,
 * which may alias dc_next. forget_rule 1: the course's mistaken c̃ in place of c_prev. */
static void SFX(lstm_gates_backward)(REAL *dpre, REAL *dc, REAL *dc_prev, const REAL *dht, const REAL *dc_next,
                                     const REAL *gates, const REAL *c, const REAL *c_prev, int nh, int forget_rule) {
    for (int u = 0; u < nh; u++) {
        REAL i = gates[u], f = gates[nh + u], g = gates[2 * nh + u], o = gates[3 * nh + u];
        REAL tc = SFX(tanh_)(c[u]);
        REAL d = dc_next[u] + dht[u] * o * (1 - tc * tc);
        dpre[3 * nh + u] = dht[u] * tc * o * (1 - o);                   /* dΓ_o-pre */
        dpre[2 * nh + u] = d * i * (1 - g * g);                         /* dc̃-pre */
        dpre[u] = d * g * i * (1 - i);                                  /* dΓ_u-pre */
        dpre[nh + u] = d * (forget_rule ? g : c_prev[u]) * f * (1 - f); /* dΓ_f-pre */
        dc[u] = d;
        dc_prev[u] = d * f;
    }
}

/* One LSTM step on checked arguments. pre, gates: 4nh (i, f, g, o). */
static void SFX(lstm_cell)(REAL *h, REAL *c, REAL *gates, REAL *pre, const REAL *x, const REAL *h_prev,
                           const REAL *c_prev, const REAL *w_ih, const REAL *w_hh, const REAL *b_ih, const REAL *b_hh,
                           int nx, int nh) {
    const int g4 = 4 * nh;
    SFX(matvec)(pre, w_ih, x, g4, nx, 0);
    SFX(matvec)(pre, w_hh, h_prev, g4, nh, 1);
    for (int r = 0; r < g4; r++) pre[r] = (REAL)((double)pre[r] + (b_ih ? b_ih[r] : 0) + (b_hh ? b_hh[r] : 0));
    SFX(lstm_gates)(h, c, gates, pre, c_prev, nh);
}

/* Softmax of z (n values) into y; returns log-sum-exp for the cross-entropy. */
static double SFX(softmax_lse)(REAL *y, const REAL *z, int n) {
    double mx = -INFINITY, sum = 0;
    for (int k = 0; k < n; k++)
        if (z[k] > mx) mx = z[k];
    for (int k = 0; k < n; k++) sum += exp((double)z[k] - mx);
    for (int k = 0; k < n; k++) y[k] = (REAL)(exp((double)z[k] - mx) / sum);
    return mx + log(sum);
}

/* Forward over T steps on checked arguments; every output may be NULL except hs, cs, gates,
 * pre (scratch supplied by the caller when the user did not ask for them). logits: T×ny or NULL. */
static void SFX(lstm_run)(REAL *hs, REAL *cs, REAL *gates, REAL *pre, REAL *ys, REAL *logits, double *lse,
                          const REAL *xs, int T, const REAL *h0, const REAL *c0, const REAL *w_ih, const REAL *w_hh,
                          const REAL *b_ih, const REAL *b_hh, int nx, int nh, const REAL *w_y, const REAL *b_y, int ny,
                          REAL *zero) {
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

/* The parameter struct, the sequence and the optional vectors of an LSTM call. */
static int SFX(check_lstm)(const SFX(sl_lstm_params) *p, const REAL *xs, int T, const REAL *h0, const REAL *c0) {
    SL_TRY(sl_check_ptr("params", p));
    SL_TRY(SFX(check_cell)(xs, T, p->w_ih, p->w_hh, p->nx, p->nh, 4));
    const int nh = p->nh, ny = p->ny;
    if (p->w_y) {
        SL_TRY(sl_check_size("ny", ny, SL_MAX_DIM));
        SL_TRY(sl_check_elems("w_y (ny×nh)", (long long)ny * nh));
        SL_TRY(sl_check_elems("ys (T×ny)", (long long)T * ny));
        SL_TRY(SFX(check_values)("w_y", p->w_y, (long long)ny * nh));
        SL_TRY(SFX(check_values)("b_y", p->b_y, ny));
    }
    SL_TRY(SFX(check_values)("h0", h0, nh));
    SL_TRY(SFX(check_values)("c0", c0, nh));
    SL_TRY(SFX(check_values)("b_ih", p->b_ih, 4LL * nh));
    return SFX(check_values)("b_hh", p->b_hh, 4LL * nh);
}

int SFX(sl_lstm_forward)(REAL *hs, REAL *cs, REAL *gates, REAL *preact, REAL *ys, const SFX(sl_lstm_params) *p,
                         const REAL *xs, int T, const REAL *h0, const REAL *c0) {
    SL_TRY(sl_check_ptr("hs", hs));
    SL_TRY(sl_check_ptr("cs", cs));
    SL_TRY(SFX(check_lstm)(p, xs, T, h0, c0));
    if (p->w_y) SL_TRY(sl_check_ptr("ys", ys));
    const int nh = p->nh, ny = p->w_y ? p->ny : 0;
    /* gates and pre-activations when not asked for, logits, a zero state */
    sl_layout L = {0};
    const size_t o_gates = sl_layout_add(&L, gates ? 0 : 4LL * T * nh, sizeof(REAL));
    const size_t o_pre = sl_layout_add(&L, preact ? 0 : 4LL * T * nh, sizeof(REAL));
    const size_t o_logits = sl_layout_add(&L, (long long)T * ny, sizeof(REAL));
    const size_t o_zero = sl_layout_add(&L, nh, sizeof(REAL));
    unsigned char *base = sl_layout_alloc(&L, "LSTM scratch");
    if (!base) return sl_layout_status(&L);
    REAL *zero = SL_SLICE(REAL, base, o_zero);
    memset(zero, 0, sizeof(REAL) * (size_t)nh);
    SFX(lstm_run)(hs, cs, gates ? gates : SL_SLICE(REAL, base, o_gates), preact ? preact : SL_SLICE(REAL, base, o_pre),
                  p->w_y ? ys : NULL, SL_SLICE(REAL, base, o_logits), NULL, xs, T, h0, c0, p->w_ih, p->w_hh, p->b_ih,
                  p->b_hh, p->nx, nh, p->w_y, p->b_y, ny, zero);
    free(base);
    return SL_OK;
}

int SFX(sl_lstm_backward)(const SFX(sl_lstm_grads) *g, const SFX(sl_lstm_params) *p, const REAL *xs, int T,
                          const REAL *h0, const REAL *c0, const REAL *dh, const int32_t *targets, int forget_rule) {
    SL_TRY(sl_check_ptr("grads", g));
    SL_TRY(SFX(check_lstm)(p, xs, T, h0, c0));
    const int nx = p->nx, nh = p->nh, ny = p->w_y ? p->ny : 0;
    const REAL *w_ih = p->w_ih, *w_hh = p->w_hh, *w_y = p->w_y;
    SL_TRY(SFX(check_values)("dh", dh, (long long)T * nh));
    SL_TRY(sl_check_ptr("dw_ih", g->dw_ih));
    SL_TRY(sl_check_ptr("dw_hh", g->dw_hh));
    if (!dh && !targets)
        return sl_fail(SL_ERR_NULL, "dh and targets are both NULL: give an upstream gradient dh or class targets");
    if (targets && !w_y) return sl_fail(SL_ERR_ARG, "targets need an output layer: w_y is NULL");
    if (targets)
        for (int t = 0; t < T; t++)
            if (targets[t] < 0 || targets[t] >= ny)
                return sl_fail(SL_ERR_VALUE, "targets[%d] = %d is not a class index in [0, %d)", t, (int)targets[t],
                               ny);
    if (forget_rule != 0 && forget_rule != 1)
        return sl_fail(SL_ERR_ARG, "forget_rule must be 0 (c_prev, correct) or 1 (c̃ in its place), got %d",
                       forget_rule);
    const int g4 = 4 * nh;
    const long long TG = (long long)T * g4, TH = (long long)T * nh, TY = (long long)T * ny;
    /* the forward pass kept whole, then per-step work vectors */
    sl_layout L = {0};
    const size_t o_hs = sl_layout_add(&L, TH, sizeof(REAL)), o_cs = sl_layout_add(&L, TH, sizeof(REAL));
    const size_t o_gates = sl_layout_add(&L, TG, sizeof(REAL)), o_pre = sl_layout_add(&L, TG, sizeof(REAL));
    const size_t o_ys = sl_layout_add(&L, TY, sizeof(REAL)), o_logits = sl_layout_add(&L, TY, sizeof(REAL));
    const size_t o_lse = sl_layout_add(&L, T, sizeof(double));
    const size_t o_state = sl_layout_add(&L, 6LL * nh, sizeof(REAL)); /* zero, dh_next, dc_next, dht, dc, dhp */
    const size_t o_dpre = sl_layout_add(&L, g4, sizeof(REAL)), o_dy = sl_layout_add(&L, ny, sizeof(REAL));
    unsigned char *base = sl_layout_alloc(&L, "LSTM BPTT scratch");
    if (!base) return sl_layout_status(&L);
    REAL *hs = SL_SLICE(REAL, base, o_hs), *cs = SL_SLICE(REAL, base, o_cs), *gates = SL_SLICE(REAL, base, o_gates);
    REAL *pre = SL_SLICE(REAL, base, o_pre), *ys = SL_SLICE(REAL, base, o_ys), *logits = SL_SLICE(REAL, base, o_logits);
    double *lse = SL_SLICE(double, base, o_lse);
    REAL *zero = SL_SLICE(REAL, base, o_state), *dh_next = zero + nh, *dc_next = dh_next + nh, *dht = dc_next + nh;
    REAL *dc = dht + nh, *dhp = dc + nh, *dpre = SL_SLICE(REAL, base, o_dpre), *dy = SL_SLICE(REAL, base, o_dy);
    memset(zero, 0, sizeof(REAL) * (size_t)(3 * nh));
    SFX(lstm_run)(hs, cs, gates, pre, w_y ? ys : NULL, logits, lse, xs, T, h0, c0, w_ih, w_hh, p->b_ih, p->b_hh, nx, nh,
                  w_y, p->b_y, ny, zero);
    REAL *dw_ih = g->dw_ih, *dw_hh = g->dw_hh, *db_ih = g->db_ih, *db_hh = g->db_hh, *dw_y = w_y ? g->dw_y : NULL;
    REAL *db_y = w_y ? g->db_y : NULL;
    memset(dw_ih, 0, sizeof(REAL) * (size_t)g4 * nx);
    memset(dw_hh, 0, sizeof(REAL) * (size_t)g4 * nh);
    if (db_ih) memset(db_ih, 0, sizeof(REAL) * (size_t)g4);
    if (db_hh) memset(db_hh, 0, sizeof(REAL) * (size_t)g4);
    if (dw_y) memset(dw_y, 0, sizeof(REAL) * (size_t)ny * nh);
    if (db_y) memset(db_y, 0, sizeof(REAL) * (size_t)ny);
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
        SFX(lstm_gates_backward)(dpre, dc, dc_next, dht, dc_next, gt, c, cp, nh, forget_rule);
        if (g->dc_steps) memcpy(g->dc_steps + (size_t)t * nh, dc, sizeof(REAL) * (size_t)nh);
        if (g->dh_steps) memcpy(g->dh_steps + (size_t)t * nh, dht, sizeof(REAL) * (size_t)nh);
        SFX(outer_acc)(dw_ih, dpre, x, g4, nx);
        SFX(outer_acc)(dw_hh, dpre, hp, g4, nh);
        for (int r = 0; r < g4; r++) {
            if (db_ih) db_ih[r] += dpre[r];
            if (db_hh) db_hh[r] += dpre[r];
        }
        if (g->dxs) {
            memset(g->dxs + (size_t)t * nx, 0, sizeof(REAL) * (size_t)nx);
            SFX(matvec_t_acc)(g->dxs + (size_t)t * nx, w_ih, dpre, g4, nx);
        }
        memset(dhp, 0, sizeof(REAL) * (size_t)nh);
        SFX(matvec_t_acc)(dhp, w_hh, dpre, g4, nh);
        memcpy(dh_next, dhp, sizeof(REAL) * (size_t)nh);
    }
    if (g->dh0) memcpy(g->dh0, dh_next, sizeof(REAL) * (size_t)nh);
    if (g->dc0) memcpy(g->dc0, dc_next, sizeof(REAL) * (size_t)nh);
    if (g->loss) *g->loss = (REAL)total_loss;
    free(base);
    return SL_OK;
}

/* ---- GRU ------------------------------------------------------------------------------------- */
/* The pointwise part of one GRU step, shared by the per-sequence functions and the batched
 * training nets. pin: W_ih x + b_ih, phid: W_hh h + b_hh (3nh each, r z n blocks) → pre (r, z
 * pre-activations and n's full argument; may alias pin), gates (r, z, n), hn (W_hn h + b_hn), h. */
static void SFX(gru_gates)(REAL *h, REAL *gates, REAL *pre, REAL *hn, const REAL *pin, const REAL *phid,
                           const REAL *h_prev, int nh) {
    for (int u = 0; u < nh; u++) {
        pre[u] = pin[u] + phid[u];
        pre[nh + u] = pin[nh + u] + phid[nh + u];
        REAL r = SFX(sigmoid)(pre[u]), z = SFX(sigmoid)(pre[nh + u]);
        hn[u] = phid[2 * nh + u];
        pre[2 * nh + u] = pin[2 * nh + u] + r * hn[u]; /* r acts inside n, on W_hn h + b_hn (PyTorch) */
        REAL n = SFX(tanh_)(pre[2 * nh + u]);
        gates[u] = r, gates[nh + u] = z, gates[2 * nh + u] = n;
        h[u] = (1 - z) * n + z * h_prev[u];
    }
}

/* Backward of gru_gates. dht: total dL/dh_t. din: gradient of pin (3nh), dhid: of phid (3nh; the n
 * block is dn_pre·r because b_hn sits inside r ⊙ (…)), dh_prev: the direct path dht·z (the caller
 * adds W_hhᵀ dhid). */
static void SFX(gru_gates_backward)(REAL *din, REAL *dhid, REAL *dh_prev, const REAL *dht, const REAL *gates,
                                    const REAL *hn, const REAL *h_prev, int nh) {
    for (int u = 0; u < nh; u++) {
        REAL r = gates[u], z = gates[nh + u], n = gates[2 * nh + u];
        REAL dn_pre = dht[u] * (1 - z) * (1 - n * n);
        REAL dz_pre = dht[u] * (h_prev[u] - n) * z * (1 - z);
        REAL dr_pre = dn_pre * hn[u] * r * (1 - r);
        din[u] = dr_pre, din[nh + u] = dz_pre, din[2 * nh + u] = dn_pre;
        dhid[u] = dr_pre, dhid[nh + u] = dz_pre, dhid[2 * nh + u] = dn_pre * r;
        dh_prev[u] = dht[u] * z;
    }
}

/* One GRU step on checked arguments. pre, gates: 3nh, hn: nh, tmp: 3nh scratch. */
static void SFX(gru_cell)(REAL *h, REAL *gates, REAL *pre, REAL *hn, REAL *tmp, const REAL *x, const REAL *h_prev,
                          const REAL *w_ih, const REAL *w_hh, const REAL *b_ih, const REAL *b_hh, int nx, int nh) {
    const int g3 = 3 * nh;
    SFX(matvec)(pre, w_ih, x, g3, nx, 0);      /* input side, all three blocks */
    SFX(matvec)(tmp, w_hh, h_prev, g3, nh, 0); /* hidden side */
    for (int r = 0; r < g3; r++) {
        pre[r] += b_ih ? b_ih[r] : 0;
        tmp[r] += b_hh ? b_hh[r] : 0;
    }
    SFX(gru_gates)(h, gates, pre, hn, pre, tmp, h_prev, nh);
}

static int SFX(check_gru)(const SFX(sl_gru_params) *p, const REAL *xs, int T, const REAL *h0) {
    SL_TRY(sl_check_ptr("params", p));
    SL_TRY(SFX(check_cell)(xs, T, p->w_ih, p->w_hh, p->nx, p->nh, 3));
    SL_TRY(SFX(check_values)("h0", h0, p->nh));
    SL_TRY(SFX(check_values)("b_ih", p->b_ih, 3LL * p->nh));
    return SFX(check_values)("b_hh", p->b_hh, 3LL * p->nh);
}

static void SFX(gru_run)(REAL *hs, REAL *gates, REAL *pre, REAL *hn, REAL *tmp, const REAL *xs, int T, const REAL *h0,
                         const SFX(sl_gru_params) *p, const REAL *zero) {
    const int nh = p->nh;
    for (int t = 0; t < T; t++)
        SFX(gru_cell)(hs + (size_t)t * nh, gates + (size_t)t * 3 * nh, pre + (size_t)t * 3 * nh, hn + (size_t)t * nh,
                      tmp, xs + (size_t)t * p->nx, t ? hs + (size_t)(t - 1) * nh : (h0 ? h0 : zero), p->w_ih, p->w_hh,
                      p->b_ih, p->b_hh, p->nx, nh);
}

int SFX(sl_gru_forward)(REAL *hs, REAL *gates, REAL *preact, REAL *hn, const SFX(sl_gru_params) *p, const REAL *xs,
                        int T, const REAL *h0) {
    SL_TRY(sl_check_ptr("hs", hs));
    SL_TRY(SFX(check_gru)(p, xs, T, h0));
    const int nh = p->nh;
    sl_layout L = {0};
    const size_t o_gates = sl_layout_add(&L, gates ? 0 : 3LL * T * nh, sizeof(REAL));
    const size_t o_pre = sl_layout_add(&L, preact ? 0 : 3LL * T * nh, sizeof(REAL));
    const size_t o_hn = sl_layout_add(&L, hn ? 0 : (long long)T * nh, sizeof(REAL));
    const size_t o_tmp = sl_layout_add(&L, 3LL * nh, sizeof(REAL)), o_zero = sl_layout_add(&L, nh, sizeof(REAL));
    unsigned char *base = sl_layout_alloc(&L, "GRU scratch");
    if (!base) return sl_layout_status(&L);
    REAL *zero = SL_SLICE(REAL, base, o_zero);
    memset(zero, 0, sizeof(REAL) * (size_t)nh);
    SFX(gru_run)(hs, gates ? gates : SL_SLICE(REAL, base, o_gates), preact ? preact : SL_SLICE(REAL, base, o_pre),
                 hn ? hn : SL_SLICE(REAL, base, o_hn), SL_SLICE(REAL, base, o_tmp), xs, T, h0, p, zero);
    free(base);
    return SL_OK;
}

int SFX(sl_gru_backward)(const SFX(sl_gru_grads) *g, const SFX(sl_gru_params) *p, const REAL *xs, int T, const REAL *h0,
                         const REAL *dh) {
    SL_TRY(sl_check_ptr("grads", g));
    SL_TRY(SFX(check_gru)(p, xs, T, h0));
    SL_TRY(sl_check_ptr("dw_ih", g->dw_ih));
    SL_TRY(sl_check_ptr("dw_hh", g->dw_hh));
    SL_TRY(sl_check_ptr("dh", dh));
    const int nx = p->nx, nh = p->nh, g3 = 3 * nh;
    SL_TRY(SFX(check_values)("dh", dh, (long long)T * nh));
    const long long TG = (long long)T * g3, TH = (long long)T * nh;
    sl_layout L = {0};
    const size_t o_hs = sl_layout_add(&L, TH, sizeof(REAL)), o_gates = sl_layout_add(&L, TG, sizeof(REAL));
    const size_t o_pre = sl_layout_add(&L, TG, sizeof(REAL)), o_hn = sl_layout_add(&L, TH, sizeof(REAL));
    const size_t o_tmp = sl_layout_add(&L, g3, sizeof(REAL));
    const size_t o_state = sl_layout_add(&L, 4LL * nh, sizeof(REAL)); /* zero, dh_next, dht, dhp */
    const size_t o_din = sl_layout_add(&L, g3, sizeof(REAL)), o_dhid = sl_layout_add(&L, g3, sizeof(REAL));
    unsigned char *base = sl_layout_alloc(&L, "GRU BPTT scratch");
    if (!base) return sl_layout_status(&L);
    REAL *hs = SL_SLICE(REAL, base, o_hs), *gates = SL_SLICE(REAL, base, o_gates), *pre = SL_SLICE(REAL, base, o_pre);
    REAL *hn = SL_SLICE(REAL, base, o_hn), *tmp = SL_SLICE(REAL, base, o_tmp), *zero = SL_SLICE(REAL, base, o_state);
    REAL *dh_next = zero + nh, *dht = dh_next + nh, *dhp = dht + nh;
    REAL *din = SL_SLICE(REAL, base, o_din), *dhid = SL_SLICE(REAL, base, o_dhid);
    memset(zero, 0, sizeof(REAL) * (size_t)(2 * nh));
    SFX(gru_run)(hs, gates, pre, hn, tmp, xs, T, h0, p, zero);
    REAL *dw_ih = g->dw_ih, *dw_hh = g->dw_hh, *db_ih = g->db_ih, *db_hh = g->db_hh;
    memset(dw_ih, 0, sizeof(REAL) * (size_t)g3 * nx);
    memset(dw_hh, 0, sizeof(REAL) * (size_t)g3 * nh);
    if (db_ih) memset(db_ih, 0, sizeof(REAL) * (size_t)g3);
    if (db_hh) memset(db_hh, 0, sizeof(REAL) * (size_t)g3);
    for (int t = T - 1; t >= 0; t--) {
        const REAL *x = xs + (size_t)t * nx, *gt = gates + (size_t)t * g3, *hnt = hn + (size_t)t * nh;
        const REAL *hp = t ? hs + (size_t)(t - 1) * nh : (h0 ? h0 : zero);
        for (int u = 0; u < nh; u++) dht[u] = dh_next[u] + dh[(size_t)t * nh + u];
        SFX(gru_gates_backward)(din, dhid, dhp, dht, gt, hnt, hp, nh);
        if (g->dh_steps) memcpy(g->dh_steps + (size_t)t * nh, dht, sizeof(REAL) * (size_t)nh);
        SFX(outer_acc)(dw_ih, din, x, g3, nx);
        SFX(outer_acc)(dw_hh, dhid, hp, g3, nh);
        for (int r = 0; r < g3; r++) {
            if (db_ih) db_ih[r] += din[r];
            if (db_hh) db_hh[r] += dhid[r];
        }
        if (g->dxs) {
            memset(g->dxs + (size_t)t * nx, 0, sizeof(REAL) * (size_t)nx);
            SFX(matvec_t_acc)(g->dxs + (size_t)t * nx, p->w_ih, din, g3, nx);
        }
        SFX(matvec_t_acc)(dhp, p->w_hh, dhid, g3, nh);
        memcpy(dh_next, dhp, sizeof(REAL) * (size_t)nh);
    }
    if (g->dh0) memcpy(g->dh0, dh_next, sizeof(REAL) * (size_t)nh);
    free(base);
    return SL_OK;
}

/* ---- batched recurrent language models for training (train_recurrent.h) ------------------------ */
/* The same cells as above, run over a whole batch at once: at each step one product
 * (batch × nh)·W_hhᵀ, and the input side (batch·T × d_model)·W_ihᵀ for every step before the
 * recurrence starts. The float build uses the shared kernels (SIMD in WebAssembly), the double
 * build sums in double (for central-difference checks). Rows are time-major (row t·B + b). */

/* c: n×m = a (n×k) · bᵀ, b: m×k. */
static void SFX(gemm_nt)(REAL *c, const REAL *a, const REAL *b, int n, int m, int k) {
#ifdef RECURRENT_MATVEC
    sl_matmul_nt(c, a, b, n, m, k);
#else
    for (int i = 0; i < n; i++) {
        const REAL *ai = a + (size_t)i * k;
        for (int j = 0; j < m; j++) {
            const REAL *bj = b + (size_t)j * k;
            REAL s = 0;
            for (int q = 0; q < k; q++) s += ai[q] * bj[q];
            c[(size_t)i * m + j] = s;
        }
    }
#endif
}

/* c: n×m = a (n×k) · b (k×m). */
static void SFX(gemm_nn)(REAL *c, const REAL *a, const REAL *b, int n, int k, int m) {
#ifdef RECURRENT_MATVEC
    sl_matmul_nn(c, a, k, b, m, n, k, m);
#else
    for (int i = 0; i < n; i++) {
        REAL *ci = c + (size_t)i * m;
        memset(ci, 0, sizeof(REAL) * (size_t)m);
        for (int p = 0; p < k; p++) {
            REAL x = a[(size_t)i * k + p];
            for (int j = 0; j < m; j++) ci[j] += x * b[(size_t)p * m + j];
        }
    }
#endif
}

/* c: k×m += aᵀ · b, a: n×k, b: n×m. */
static void SFX(gemm_tn_acc)(REAL *c, const REAL *a, const REAL *b, int n, int k, int m) {
#ifdef RECURRENT_MATVEC
    sl_matmul_tn_acc(c, a, b, n, k, m);
#else
    for (int i = 0; i < n; i++)
        for (int r = 0; r < k; r++) SFX(outer_acc)(c + (size_t)r * m, a + (size_t)i * k + r, b + (size_t)i * m, 1, m);
#endif
}

/* v[r,:] += bias for the n rows of v (n×m). */
static void SFX(add_rows)(REAL *v, const REAL *bias, long long n, int m) {
    for (long long i = 0; i < n; i++)
        for (int j = 0; j < m; j++) v[i * m + j] += bias[j];
}

/* g[j] += Σ_i a[i, j], a: n×m. */
static void SFX(col_sums_acc)(REAL *g, const REAL *a, long long n, int m) {
    for (long long i = 0; i < n; i++)
        for (int j = 0; j < m; j++) g[j] += a[i * m + j];
}

int SFX(sl_recnet_loss_grad)(REAL *loss, int *counted, REAL *grads, REAL *logits, REAL *hidden_out, REAL *dh_norm,
                             const REAL *params, int kind, int vocab, int d_model, int hidden, const int32_t *tokens,
                             const int32_t *targets, const uint8_t *mask, int batch, int T) {
    SL_TRY(sl_recnet_check(loss, params, kind, vocab, d_model, hidden, tokens, targets, batch, T));
    const int V = vocab, D = d_model, H = hidden, B = batch,
              G = kind == SL_RECNET_RNN    ? 1
                  : kind == SL_RECNET_LSTM ? 4
                                           : 3;
    const int GH = G * H;
    const long long N = (long long)T * B; /* rows, time-major */
    const int backward = grads || dh_norm;
    /* parameters in the order of train_recurrent.h */
    const REAL *emb = params, *w_ih = emb + (size_t)V * D, *w_hh = w_ih + (size_t)GH * D, *b_ih = w_hh + (size_t)GH * H;
    const REAL *b_hh = b_ih + GH, *w_out = b_hh + GH, *b_out = w_out + (size_t)V * H;

    sl_layout L = {0};
    const size_t o_x = sl_layout_add(&L, N * D, sizeof(REAL));   /* embedded inputs        */
    const size_t o_px = sl_layout_add(&L, N * GH, sizeof(REAL)); /* W_ih x + b_ih, then pre */
    const size_t o_gates = sl_layout_add(&L, kind == SL_RECNET_RNN ? 0 : N * GH, sizeof(REAL));
    const size_t o_hs = sl_layout_add(&L, N * H + (long long)B * H, sizeof(REAL)); /* h_{-1} = 0, h_0 .. h_{T-1} */
    const size_t o_cs = sl_layout_add(&L, kind == SL_RECNET_LSTM ? N * H + (long long)B * H : 0, sizeof(REAL));
    const size_t o_hn = sl_layout_add(&L, kind == SL_RECNET_GRU ? N * H : 0, sizeof(REAL));
    const size_t o_hid = sl_layout_add(&L, (long long)B * GH, sizeof(REAL)); /* W_hh h + b_hh of one step */
    const size_t o_z = sl_layout_add(&L, N * V, sizeof(REAL));               /* logits, then dL/dlogits  */
    const size_t o_dhout = sl_layout_add(&L, backward ? N * H : 0, sizeof(REAL));
    const size_t o_din = sl_layout_add(&L, backward ? N * GH : 0, sizeof(REAL));
    const size_t o_dhid = sl_layout_add(&L, backward && kind == SL_RECNET_GRU ? N * GH : 0, sizeof(REAL));
    const size_t o_dht = sl_layout_add(&L, backward ? 4LL * B * H : 0, sizeof(REAL)); /* dht, dh_next, dc_next, dc */
    const size_t o_dx = sl_layout_add(&L, grads ? N * D : 0, sizeof(REAL));
    unsigned char *base = sl_layout_alloc(&L, "recurrent net scratch");
    if (!base) return sl_layout_status(&L);
    REAL *x = SL_SLICE(REAL, base, o_x), *px = SL_SLICE(REAL, base, o_px), *gates = SL_SLICE(REAL, base, o_gates);
    REAL *hs = SL_SLICE(REAL, base, o_hs), *cs = SL_SLICE(REAL, base, o_cs), *hn = SL_SLICE(REAL, base, o_hn);
    REAL *hid = SL_SLICE(REAL, base, o_hid), *z = SL_SLICE(REAL, base, o_z);

    /* forward: embeddings, the input side of every step, then the recurrence (x zeroed first only
     * so that GCC's flow analysis sees it written before the product reads it) */
    memset(x, 0, sizeof(REAL) * (size_t)N * D);
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++)
            memcpy(x + ((size_t)t * B + b) * D, emb + (size_t)tokens[(size_t)b * T + t] * D, sizeof(REAL) * (size_t)D);
    SFX(gemm_nt)(px, x, w_ih, (int)N, GH, D);
    SFX(add_rows)(px, b_ih, N, GH);
    memset(hs, 0, sizeof(REAL) * (size_t)B * H);
    if (kind == SL_RECNET_LSTM) memset(cs, 0, sizeof(REAL) * (size_t)B * H);
    for (int t = 0; t < T; t++) {
        const REAL *hp = hs + (size_t)t * B * H;
        REAL *ht = hs + (size_t)(t + 1) * B * H;
        SFX(gemm_nt)(hid, hp, w_hh, B, GH, H);
        SFX(add_rows)(hid, b_hh, B, GH);
        for (int b = 0; b < B; b++) {
            const size_t row = (size_t)t * B + b;
            REAL *pre = px + row * GH, *hr = hid + (size_t)b * GH;
            if (kind == SL_RECNET_RNN) {
                for (int k = 0; k < H; k++) ht[(size_t)b * H + k] = SFX(tanh_)(pre[k] + hr[k]);
            } else if (kind == SL_RECNET_LSTM) {
                for (int k = 0; k < GH; k++) pre[k] += hr[k];
                SFX(lstm_gates)(ht + (size_t)b * H, cs + (row + B) * H, gates + row * GH, pre, cs + row * H, H);
            } else {
                SFX(gru_gates)(ht + (size_t)b * H, gates + row * GH, pre, hn + row * H, pre, hr, hp + (size_t)b * H, H);
            }
        }
    }
    /* readout and loss */
    const REAL *hs_out = hs + (size_t)B * H; /* h_0 .. h_{T-1}, N×H */
    SFX(gemm_nt)(z, hs_out, w_out, (int)N, V, H);
    SFX(add_rows)(z, b_out, N, V);
    if (logits)
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++)
                memcpy(logits + ((size_t)b * T + t) * V, z + ((size_t)t * B + b) * V, sizeof(REAL) * (size_t)V);
    if (hidden_out)
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++)
                memcpy(hidden_out + ((size_t)b * T + t) * H, hs_out + ((size_t)t * B + b) * H,
                       sizeof(REAL) * (size_t)H);
    long long count = 0;
    for (long long i = 0; i < N; i++) count += !mask || mask[i] != 0;
    const double scale = count ? 1.0 / (double)count : 0;
    double total = 0;
    for (int t = 0; t < T; t++)
        for (int b = 0; b < B; b++) {
            const size_t in = (size_t)b * T + t;
            REAL *zr = z + ((size_t)t * B + b) * V;
            if (mask && !mask[in]) {
                if (backward) memset(zr, 0, sizeof(REAL) * (size_t)V);
                continue;
            }
            const int y = targets[in];
            const REAL zy = zr[y];
            total += SFX(softmax_lse)(zr, zr, V) - (double)zy;
            if (!backward) continue;
            /* dL/dlogits = (softmax − onehot) / count, the mean's factor folded in */
            for (int k = 0; k < V; k++) zr[k] = (REAL)((double)zr[k] * scale);
            zr[y] -= (REAL)scale;
        }
    *loss = (REAL)(total * scale);
    if (counted) *counted = (int)count;

    if (backward) {
        REAL *dh_out = SL_SLICE(REAL, base, o_dhout), *din = SL_SLICE(REAL, base, o_din);
        REAL *dhid = kind == SL_RECNET_GRU ? SL_SLICE(REAL, base, o_dhid) : din;
        REAL *dht = SL_SLICE(REAL, base, o_dht), *dh_next = dht + (size_t)B * H, *dc_next = dh_next + (size_t)B * H;
        REAL *dc = dc_next + (size_t)B * H;
        /* the readout's share of dL/dh_t for every step at once */
        SFX(gemm_nn)(dh_out, z, w_out, (int)N, V, H);
        memset(dh_next, 0, sizeof(REAL) * 2 * (size_t)B * H);
        for (int t = T - 1; t >= 0; t--) {
            const REAL *hp = hs + (size_t)t * B * H, *ht = hs + (size_t)(t + 1) * B * H;
            double norms = 0;
            for (int b = 0; b < B; b++) {
                double sq = 0;
                for (int k = 0; k < H; k++) {
                    const size_t i = (size_t)b * H + k;
                    dht[i] = dh_out[((size_t)t * B + b) * H + k] + dh_next[i];
                    sq += (double)dht[i] * dht[i];
                }
                norms += sqrt(sq);
            }
            if (dh_norm) dh_norm[t] = (REAL)(norms / B);
            for (int b = 0; b < B; b++) {
                const size_t row = (size_t)t * B + b, u = (size_t)b * H;
                REAL *dr = din + row * GH;
                if (kind == SL_RECNET_RNN) {
                    for (int k = 0; k < H; k++) dr[k] = dht[u + k] * (1 - ht[u + k] * ht[u + k]);
                } else if (kind == SL_RECNET_LSTM) {
                    SFX(lstm_gates_backward)(dr, dc + u, dc_next + u, dht + u, dc_next + u, gates + row * GH,
                                             cs + (row + B) * H, cs + row * H, H, 0);
                } else {
                    SFX(gru_gates_backward)(dr, dhid + row * GH, dh_next + u, dht + u, gates + row * GH, hn + row * H,
                                            hp + u, H);
                }
            }
            /* dL/dh_{t-1} through W_hh (the GRU adds it to its direct path dht·z) */
            if (kind == SL_RECNET_GRU) {
                SFX(gemm_nn)(dht, dhid + (size_t)t * B * GH, w_hh, B, GH, H);
                for (size_t i = 0; i < (size_t)B * H; i++) dh_next[i] += dht[i];
            } else {
                SFX(gemm_nn)(dh_next, din + (size_t)t * B * GH, w_hh, B, GH, H);
            }
        }
        if (grads) {
            REAL *g_emb = grads, *g_ih = g_emb + (size_t)V * D, *g_hh = g_ih + (size_t)GH * D,
                 *g_bih = g_hh + (size_t)GH * H;
            REAL *g_bhh = g_bih + GH, *g_out = g_bhh + GH, *g_bout = g_out + (size_t)V * H;
            memset(grads, 0, sizeof(REAL) * (size_t)sl_recnet_param_count(kind, V, D, H));
            SFX(gemm_tn_acc)(g_out, z, hs_out, (int)N, V, H);
            SFX(col_sums_acc)(g_bout, z, N, V);
            SFX(gemm_tn_acc)(g_ih, din, x, (int)N, GH, D);
            SFX(gemm_tn_acc)(g_hh, dhid, hs, (int)N, GH, H); /* h_{t-1} pairs with step t */
            SFX(col_sums_acc)(g_bih, din, N, GH);
            SFX(col_sums_acc)(g_bhh, dhid, N, GH);
            REAL *dx = SL_SLICE(REAL, base, o_dx);
            SFX(gemm_nn)(dx, din, w_ih, (int)N, GH, D);
            for (int t = 0; t < T; t++)
                for (int b = 0; b < B; b++) {
                    REAL *ge = g_emb + (size_t)tokens[(size_t)b * T + t] * D;
                    const REAL *dr = dx + ((size_t)t * B + b) * D;
                    for (int k = 0; k < D; k++) ge[k] += dr[k];
                }
        }
    }
    free(base);
    return SL_OK;
}
