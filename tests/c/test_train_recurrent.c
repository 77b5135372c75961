/* test_train_recurrent.c — the batched recurrent language models: central differences of every
 * parameter tensor in double precision, float against double, agreement with the per-sequence
 * cells, masks, an empty mask, bad ids and limits. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "seqlab.h"
#include "train_recurrent.h"

#include "recnet_fixture.h"

enum { V = 5, D = 3, H = 4, B = 2, T = 4 };
static const char *KIND[] = {"rnn", "lstm", "gru"};
static const int32_t TOK[B * T] = {0, 3, 1, 4, 2, 2, 0, 1}, TGT[B * T] = {3, 1, 4, 0, 2, 0, 1, 3};
static const uint8_t MASK[B * T] = {1, 0, 1, 1, 0, 1, 1, 1};

static int message_has(const char *needle) { return strstr(sl_error_message(), needle) != NULL; }

/* params in double (from the float initialisation, scaled up so the gates leave their linear
 * range and the check exercises the nonlinearities) */
static double *make_params(int kind, long long *n) {
    *n = sl_recnet_param_count(kind, V, D, H);
    float *f = malloc(sizeof(float) * (size_t)*n);
    double *p = malloc(sizeof(double) * (size_t)*n);
    sl_recnet_init(f, kind, V, D, H, 42 + (uint64_t)kind, 0);
    for (long long i = 0; i < *n; i++) p[i] = 1.5 * f[i];
    free(f);
    return p;
}

static double loss_f64(const double *p, int kind, const uint8_t *mask) {
    double loss = NAN;
    if (sl_recnet_loss_grad_f64(&loss, NULL, NULL, NULL, NULL, NULL, p, kind, V, D, H, TOK, TGT, mask, B, T))
        return NAN;
    return loss;
}

static void test_gradients(int kind) {
    long long n;
    double *p = make_params(kind, &n), *g = malloc(sizeof(double) * (size_t)n), loss;
    int counted = -1;
    CHECK(sl_recnet_loss_grad_f64(&loss, &counted, g, NULL, NULL, NULL, p, kind, V, D, H, TOK, TGT, MASK, B, T) ==
              SL_OK,
          "%s f64", KIND[kind]);
    CHECK(counted == 6, "%s counted %d", KIND[kind], counted);
    /* every parameter, so every tensor (emb rows of used and unused ids included) */
    double worst = 0, gmax = 0;
    long long worst_at = -1;
    for (long long i = 0; i < n; i++) {
        const double keep = p[i], eps = 1e-5;
        p[i] = keep + eps;
        const double up = loss_f64(p, kind, MASK);
        p[i] = keep - eps;
        const double down = loss_f64(p, kind, MASK);
        p[i] = keep;
        const double fd = (up - down) / (2 * eps), err = fabs(fd - g[i]) / (1e-3 + fabs(fd));
        if (err > worst) worst = err, worst_at = i;
        if (fabs(g[i]) > gmax) gmax = fabs(g[i]);
    }
    /* eps = 1e-5: truncation ~eps²·L''' ≈ 1e-10, round-off ~1e-16/eps ≈ 1e-11 */
    CHECK(worst < 1e-6, "%s gradients vs central differences: worst relative error %g at %lld", KIND[kind], worst,
          worst_at);
    CHECK(gmax > 1e-2, "%s gradients are not all tiny (max %g)", KIND[kind], gmax);

    /* the float net (the SIMD/scalar kernels) against the double one: float32 round-off over sums
     * of at most batch·T·max(vocab, 4·hidden) = 128 terms stays far below 1e-4 of the largest */
    float *pf = malloc(sizeof(float) * (size_t)n), *gf = malloc(sizeof(float) * (size_t)n), lossf;
    for (long long i = 0; i < n; i++) pf[i] = (float)p[i];
    CHECK(sl_recnet_loss_grad(&lossf, NULL, gf, NULL, NULL, NULL, pf, kind, V, D, H, TOK, TGT, MASK, B, T) == SL_OK,
          "%s f32", KIND[kind]);
    double gdiff = 0;
    for (long long i = 0; i < n; i++) gdiff = fmax(gdiff, fabs(gf[i] - g[i]));
    CHECK(gdiff <= 1e-4 * gmax, "%s float grads vs double: max |diff| %g, max |g| %g", KIND[kind], gdiff, gmax);
    CHECK(fabs(lossf - loss) <= 1e-5 * fabs(loss), "%s float loss %g vs %g", KIND[kind], lossf, loss);
    free(p), free(g), free(pf), free(gf);
}

/* One row of the net equals the per-sequence cell on the embedded inputs, and its logits are
 * out.w·h + out.b (the cells themselves are checked against PyTorch in the Node tests). */
static void test_matches_cells(int kind) {
    long long n;
    double *p = make_params(kind, &n), loss, hidden[B * T * H], logits[B * T * V];
    CHECK(sl_recnet_loss_grad_f64(&loss, NULL, NULL, logits, hidden, NULL, p, kind, V, D, H, TOK, TGT, NULL, B, T) ==
              SL_OK,
          "%s fwd", KIND[kind]);
    const int G = kind == 0 ? 1 : kind == 1 ? 4 : 3;
    const double *emb = p, *w_ih = emb + V * D, *w_hh = w_ih + G * H * D, *b_ih = w_hh + G * H * H,
                 *b_hh = b_ih + G * H;
    const double *w_out = b_hh + G * H, *b_out = w_out + V * H;
    double worst = 0, worst_logit = 0, total = 0;
    for (int b = 0; b < B; b++) {
        double xs[T * D], hs[T * H], cs[T * H];
        for (int t = 0; t < T; t++) memcpy(xs + t * D, emb + TOK[b * T + t] * D, sizeof(double) * D);
        if (kind == 1) {
            const sl_lstm_params_f64 lp = {w_ih, w_hh, b_ih, b_hh, NULL, NULL, D, H, 0};
            CHECK(sl_lstm_forward_f64(hs, cs, NULL, NULL, NULL, &lp, xs, T, NULL, NULL) == SL_OK, "lstm");
        } else if (kind == 2) {
            const sl_gru_params_f64 gp = {w_ih, w_hh, b_ih, b_hh, D, H};
            CHECK(sl_gru_forward_f64(hs, NULL, NULL, NULL, &gp, xs, T, NULL) == SL_OK, "gru");
        } else { /* tanh RNN written out: h_t = tanh(W_ih x + b_ih + W_hh h + b_hh) */
            double hp[H] = {0};
            for (int t = 0; t < T; t++) {
                for (int u = 0; u < H; u++) {
                    double s = b_ih[u] + b_hh[u];
                    for (int k = 0; k < D; k++) s += w_ih[u * D + k] * xs[t * D + k];
                    for (int k = 0; k < H; k++) s += w_hh[u * H + k] * hp[k];
                    hs[t * H + u] = tanh(s);
                }
                memcpy(hp, hs + t * H, sizeof hp);
            }
        }
        for (int t = 0; t < T; t++) {
            for (int u = 0; u < H; u++) worst = fmax(worst, fabs(hidden[(b * T + t) * H + u] - hs[t * H + u]));
            double mx = -INFINITY, z[V], sum = 0;
            for (int k = 0; k < V; k++) {
                z[k] = b_out[k];
                for (int u = 0; u < H; u++) z[k] += w_out[k * H + u] * hs[t * H + u];
                worst_logit = fmax(worst_logit, fabs(z[k] - logits[(b * T + t) * V + k]));
                mx = fmax(mx, z[k]);
            }
            for (int k = 0; k < V; k++) sum += exp(z[k] - mx);
            total += mx + log(sum) - z[TGT[b * T + t]];
        }
    }
    CHECK(worst < 1e-12 && worst_logit < 1e-12, "%s net vs cells: h %g, logits %g", KIND[kind], worst, worst_logit);
    CHECK(fabs(loss - total / (B * T)) < 1e-12, "%s loss %.15g vs %.15g", KIND[kind], loss, total / (B * T));
    free(p);
}

/* The loss with a mask is the mean of the counted positions' losses; an empty mask gives loss 0,
 * zero gradients and zero gradient norms; dh_norm at the last step is the readout's share. */
static void test_masks(int kind) {
    long long n;
    double *p = make_params(kind, &n), *g = malloc(sizeof(double) * (size_t)n), loss, one, sum = 0, dhn[T];
    int counted = -1;
    for (int i = 0; i < B * T; i++) {
        uint8_t m[B * T] = {0};
        m[i] = 1;
        CHECK(sl_recnet_loss_grad_f64(&one, &counted, NULL, NULL, NULL, NULL, p, kind, V, D, H, TOK, TGT, m, B, T) ==
                      SL_OK &&
                  counted == 1,
              "one");
        if (MASK[i]) sum += one;
    }
    CHECK(sl_recnet_loss_grad_f64(&loss, NULL, NULL, NULL, NULL, NULL, p, kind, V, D, H, TOK, TGT, MASK, B, T) == SL_OK,
          "mask");
    CHECK(fabs(loss - sum / 6) < 1e-12, "%s masked loss %.15g vs mean of positions %.15g", KIND[kind], loss, sum / 6);

    uint8_t none[B * T] = {0};
    for (long long i = 0; i < n; i++) g[i] = 7;
    for (int t = 0; t < T; t++) dhn[t] = 7;
    CHECK(sl_recnet_loss_grad_f64(&loss, &counted, g, NULL, NULL, dhn, p, kind, V, D, H, TOK, TGT, none, B, T) == SL_OK,
          "none");
    int zero = loss == 0 && counted == 0;
    for (long long i = 0; i < n; i++) zero &= g[i] == 0;
    for (int t = 0; t < T; t++) zero &= dhn[t] == 0;
    CHECK(zero, "%s empty mask: loss %g, counted %d, grads and dh_norm not all zero", KIND[kind], loss, counted);

    /* dh_norm[T-1] = mean_b ‖out.wᵀ (softmax(z) − onehot)/count‖ with every position counted */
    double logits[B * T * V];
    CHECK(sl_recnet_loss_grad_f64(&loss, NULL, g, logits, NULL, dhn, p, kind, V, D, H, TOK, TGT, NULL, B, T) == SL_OK,
          "dh");
    const int G = kind == 0 ? 1 : kind == 1 ? 4 : 3;
    const double *w_out = p + V * D + G * H * D + G * H * H + 2 * G * H;
    double want = 0;
    for (int b = 0; b < B; b++) {
        const double *z = logits + (b * T + T - 1) * V;
        double mx = -INFINITY, s = 0, dz[V], sq = 0;
        for (int k = 0; k < V; k++) mx = fmax(mx, z[k]);
        for (int k = 0; k < V; k++) s += exp(z[k] - mx);
        for (int k = 0; k < V; k++) dz[k] = (exp(z[k] - mx) / s - (k == TGT[b * T + T - 1])) / (B * T);
        for (int u = 0; u < H; u++) {
            double d = 0;
            for (int k = 0; k < V; k++) d += w_out[k * H + u] * dz[k];
            sq += d * d;
        }
        want += sqrt(sq) / B;
    }
    CHECK(fabs(dhn[T - 1] - want) < 1e-12, "%s dh_norm[T-1] %g vs %g", KIND[kind], dhn[T - 1], want);
    int positive = 1;
    for (int t = 0; t < T; t++) positive &= dhn[t] > 0;
    CHECK(positive, "%s dh_norm positive at every step", KIND[kind]);
    free(p), free(g);
}

/* Against PyTorch (tests/fixtures/gen_recnet.py: nn.Embedding, nn.RNN/LSTM/GRU, nn.Linear, masked
 * mean cross-entropy, autograd in float64 on float32-rounded values). The double net agrees to
 * round-off (1e-10 of the largest gradient); the float net to 1e-5 of it, well inside the 1e-4
 * the training contract asks (sums here have at most batch·T = 21 terms of float32 products). */
static void test_pytorch(int kind) {
    const double *pp = kind == 0 ? fx_rnn_params : kind == 1 ? fx_lstm_params : fx_gru_params;
    const double *pg = kind == 0 ? fx_rnn_grads : kind == 1 ? fx_lstm_grads : fx_gru_grads;
    const double pl = kind == 0 ? fx_rnn_loss : kind == 1 ? fx_lstm_loss : fx_gru_loss;
    const long long n = sl_recnet_param_count(kind, FX_V, FX_D, FX_H);
    double *g = malloc(sizeof(double) * (size_t)n), loss, gmax = 0, d64 = 0, d32 = 0;
    float *pf = malloc(sizeof(float) * (size_t)n), *gf = malloc(sizeof(float) * (size_t)n), lossf;
    for (long long i = 0; i < n; i++) pf[i] = (float)pp[i], gmax = fmax(gmax, fabs(pg[i]));
    CHECK(sl_recnet_loss_grad_f64(&loss, NULL, g, NULL, NULL, NULL, pp, kind, FX_V, FX_D, FX_H, fx_tokens, fx_targets,
                                  fx_mask, FX_B, FX_T) == SL_OK,
          "%s f64", KIND[kind]);
    CHECK(sl_recnet_loss_grad(&lossf, NULL, gf, NULL, NULL, NULL, pf, kind, FX_V, FX_D, FX_H, fx_tokens, fx_targets,
                              fx_mask, FX_B, FX_T) == SL_OK,
          "%s f32", KIND[kind]);
    for (long long i = 0; i < n; i++) d64 = fmax(d64, fabs(g[i] - pg[i])), d32 = fmax(d32, fabs(gf[i] - pg[i]));
    CHECK(fabs(loss - pl) <= 1e-12 * pl && d64 <= 1e-10 * gmax,
          "%s double vs PyTorch: loss %.15g / %.15g, grads %g of %g", KIND[kind], loss, pl, d64, gmax);
    CHECK(fabs(lossf - pl) <= 1e-6 * pl && d32 <= 1e-5 * gmax, "%s float vs PyTorch: loss %.9g / %.9g, grads %g of %g",
          KIND[kind], lossf, pl, d32, gmax);
    free(g), free(pf), free(gf);
}

static void test_init(void) {
    CHECK(sl_recnet_param_count(SL_RECNET_LSTM, 10, 6, 8) == 60 + 4 * 8 * 6 + 4 * 8 * 8 + 2 * 32 + 80 + 10,
          "lstm count");
    CHECK(sl_recnet_param_count(SL_RECNET_RNN, 10, 6, 8) == 60 + 48 + 64 + 16 + 80 + 10, "rnn count");
    CHECK(sl_recnet_param_count(SL_RECNET_GRU, 10, 6, 8) == 60 + 3 * 48 + 3 * 64 + 48 + 80 + 10, "gru count");
    CHECK(sl_recnet_param_count(3, 10, 6, 8) == -1 && message_has("kind"), "bad kind count");
    enum { NV = 64, ND = 64, NH = 16 };
    const long long n = sl_recnet_param_count(SL_RECNET_GRU, NV, ND, NH);
    float *a = malloc(sizeof(float) * n), *b = malloc(sizeof(float) * n);
    CHECK(sl_recnet_init(a, SL_RECNET_GRU, NV, ND, NH, 7, 0) == SL_OK &&
              sl_recnet_init(b, SL_RECNET_GRU, NV, ND, NH, 7, 0) == SL_OK,
          "init");
    CHECK(memcmp(a, b, sizeof(float) * n) == 0, "same seed, same parameters");
    sl_recnet_init(b, SL_RECNET_GRU, NV, ND, NH, 8, 0);
    CHECK(memcmp(a, b, sizeof(float) * n) != 0, "another seed, other parameters");
    /* TRAINING.md version 2: emb N(0, 1) as nn.Embedding; every other tensor uniform(±k), k =
     * 1/sqrt(hidden) = 0.25. emb's 4096 draws: mean within 4σ = 4/64, second moment 1 within
     * 4·sqrt(2)/64 (Var x² = 2 for a standard normal). */
    const double k = 0.25;
    double m = 0, v = 0, mx = 0;
    for (int i = 0; i < NV * ND; i++) m += a[i] / (NV * ND), v += (double)a[i] * a[i] / (NV * ND);
    for (long long i = NV * ND; i < n; i++) mx = fmax(mx, fabs(a[i]));
    CHECK(fabs(m) < 4.0 / 64 && fabs(v - 1) < 4 * sqrt(2.0) / 64, "emb N(0, 1): mean %g, second moment %g", m, v);
    CHECK(mx <= k && mx > 0.24, "uniform(±1/sqrt(16)) past emb: max |w| %g", mx);
    /* the LSTM's forget bias: exactly the f rows of cell.bIh move, by exactly the bias */
    {
        enum { LV = 5, LD = 3, LH = 4 };
        const long long ln = sl_recnet_param_count(SL_RECNET_LSTM, LV, LD, LH);
        float *p0 = malloc(sizeof(float) * ln), *p1 = malloc(sizeof(float) * ln);
        CHECK(sl_recnet_init(p0, SL_RECNET_LSTM, LV, LD, LH, 3, 0) == SL_OK &&
                  sl_recnet_init(p1, SL_RECNET_LSTM, LV, LD, LH, 3, 1.0f) == SL_OK,
              "lstm init with and without a forget bias");
        const long long b_ih = LV * LD + 16 * LD + 16 * LH;
        int moved_right = 1;
        for (long long i = 0; i < ln; i++) {
            const int f_row = i >= b_ih + LH && i < b_ih + 2 * LH;
            moved_right &= f_row ? p1[i] == p0[i] + 1.0f : p1[i] == p0[i];
        }
        CHECK(moved_right, "forget bias 1: the rows [hidden, 2·hidden) of cell.bIh, and only they, are 1 higher");
        CHECK(sl_recnet_init(p1, SL_RECNET_GRU, LV, LD, LH, 3, 1.0f) == SL_ERR_ARG && message_has("forget_bias"),
              "a forget bias for a GRU is refused");
        CHECK(sl_recnet_init(p1, SL_RECNET_LSTM, LV, LD, LH, 3, NAN) == SL_ERR_ARG && message_has("forget_bias"),
              "a NaN forget bias is refused");
        free(p0), free(p1);
    }
    CHECK(sl_recnet_init(NULL, 0, 1, 1, 1, 0, 0) == SL_ERR_NULL, "NULL params");
    free(a), free(b);
}

static void test_errors(void) {
    float p[4096] = {0}, loss;
    int32_t tok[B * T], tgt[B * T];
    memcpy(tok, TOK, sizeof tok), memcpy(tgt, TGT, sizeof tgt);
    tok[1 * T + 2] = V;
    CHECK(sl_recnet_loss_grad(&loss, NULL, NULL, NULL, NULL, NULL, p, 1, V, D, H, tok, tgt, NULL, B, T) ==
                  SL_ERR_VALUE &&
              message_has("tokens[6] (row 1, position 2) = 5"),
          "token id: %s", sl_error_message());
    memcpy(tok, TOK, sizeof tok), tgt[3] = -1;
    CHECK(sl_recnet_loss_grad(&loss, NULL, NULL, NULL, NULL, NULL, p, 1, V, D, H, tok, tgt, NULL, B, T) ==
                  SL_ERR_VALUE &&
              message_has("targets[3] (row 0, position 3) = -1"),
          "target id: %s", sl_error_message());
    CHECK(sl_recnet_loss_grad(&loss, NULL, NULL, NULL, NULL, NULL, p, 3, V, D, H, TOK, TGT, NULL, B, T) == SL_ERR_ARG &&
              message_has("kind"),
          "kind");
    CHECK(sl_recnet_loss_grad(&loss, NULL, NULL, NULL, NULL, NULL, p, 0, V, D, H, NULL, TGT, NULL, B, T) ==
                  SL_ERR_NULL &&
              message_has("tokens"),
          "NULL tokens");
    CHECK(sl_recnet_loss_grad(NULL, NULL, NULL, NULL, NULL, NULL, p, 0, V, D, H, TOK, TGT, NULL, B, T) == SL_ERR_NULL &&
              message_has("loss"),
          "NULL loss");
    CHECK(sl_recnet_loss_grad(&loss, NULL, NULL, NULL, NULL, NULL, p, 0, V, D, H, TOK, TGT, NULL, 0, T) ==
                  SL_ERR_SIZE &&
              message_has("batch"),
          "batch 0");
    CHECK(sl_recnet_loss_grad(&loss, NULL, NULL, NULL, NULL, NULL, p, 0, SL_MAX_DIM + 1, D, H, TOK, TGT, NULL, B, T) ==
                  SL_ERR_LIMIT &&
              message_has("vocab"),
          "vocab limit");
    CHECK(sl_recnet_loss_grad(&loss, NULL, NULL, NULL, NULL, NULL, p, 0, V, D, H, TOK, TGT, NULL, B, SL_MAX_SEQ + 1) ==
                  SL_ERR_LIMIT &&
              message_has("T must be at most"),
          "T limit");
    /* 4096 rows × 4096 steps × vocab 5: past the element limit, refused before the ids are read
     * (the token arrays here are far too short to be read that far) */
    CHECK(sl_recnet_loss_grad(&loss, NULL, NULL, NULL, NULL, NULL, p, 1, V, D, H, TOK, TGT, NULL, 4096, 4096) ==
                  SL_ERR_LIMIT &&
              message_has("batch·T·max(vocab, G·hidden, d_model)"),
          "elements limit: %s", sl_error_message());
    CHECK(sl_recnet_loss_grad(&loss, NULL, NULL, NULL, NULL, NULL, p, 1, 4096, 4096, 4096, TOK, TGT, NULL, 1, 1) ==
                  SL_ERR_LIMIT &&
              message_has("cell.wIh"),
          "weights limit: %s", sl_error_message());
}

void test_train_recurrent(void) {
    const size_t heap = sl_heap_in_use();
    for (int kind = 0; kind < 3; kind++) {
        test_gradients(kind);
        test_matches_cells(kind);
        test_masks(kind);
        test_pytorch(kind);
    }
    test_init();
    test_errors();
    /* every call frees its scratch. Natively LeakSanitizer checks that (the test command runs with
     * detect_leaks=1): glibc's count includes freed chunks it caches for reuse, so it is exact only
     * in the WebAssembly build of this suite. */
#if defined(__wasm__)
    CHECK(sl_heap_in_use() == heap, "heap in use %zu, was %zu", sl_heap_in_use(), heap);
#else
    (void)heap;
#endif
}
