/* test_recurrent.c — native checks of the LSTM and GRU cells: closed forms, finite differences
 * of the double-precision backward pass, and every error path. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "seqlab.h"

static int message_has(const char *needle) { return strstr(sl_error_message(), needle) != NULL; }

static double lcg(unsigned *s) {
    *s = *s * 1664525u + 1013904223u;
    return ((double)(*s >> 8) / 16777216.0 - 0.5) * 1.4;
}

static void test_closed_forms(void) {
    /* zero weights: every sigmoid gate is 1/2, g = tanh(0) = 0, so c' = c/2, h' = tanh(c')/2 */
    float w_ih[4 * 2 * 3] = {0}, w_hh[4 * 2 * 2] = {0}, x[3] = {1, 2, 3}, h0[2] = {0.5f, -1}, c0[2] = {2, -4};
    float h[2], c[2], gates[8];
    CHECK(sl_lstm_step(h, c, gates, NULL, x, h0, c0, w_ih, w_hh, NULL, NULL, 3, 2) == SL_OK, "lstm step");
    float want_c[2] = {1, -2}, want_h[2] = {(float)(tanh(1.0) / 2), (float)(tanh(-2.0) / 2)};
    CHECK_CLOSE("c", c, want_c, 2, 0, 1e-7);
    CHECK_CLOSE("h", h, want_h, 2, 0, 1e-7);
    float want_g[8] = {0.5f, 0.5f, 0.5f, 0.5f, 0, 0, 0.5f, 0.5f};
    CHECK_CLOSE("gates", gates, want_g, 8, 0, 0);
    /* GRU with zero weights: r = z = 1/2, n = 0, h' = h/2 */
    float gw_ih[3 * 2 * 3] = {0}, gw_hh[3 * 2 * 2] = {0}, gh[2], gg[6], hn[2];
    CHECK(sl_gru_step(gh, gg, NULL, hn, x, h0, gw_ih, gw_hh, NULL, NULL, 3, 2) == SL_OK, "gru step");
    float want_gh[2] = {0.25f, -0.5f};
    CHECK_CLOSE("gru h", gh, want_gh, 2, 0, 0);
    double n_lstm = -1, n_gru = -1;
    CHECK(sl_rnn_param_count(&n_lstm, 0, 10, 20, 2) == SL_OK && sl_rnn_param_count(&n_gru, 1, 10, 20, 1) == SL_OK,
          "param counts");
    CHECK(n_lstm == 4 * (200 + 400 + 40) && n_gru == 3 * (200 + 400 + 20), "param counts %g %g", n_lstm, n_gru);
}

/* L = Σ dh·h for the double-precision LSTM; returns the loss. */
static double lstm_loss(const double *xs, int T, const double *h0, const double *c0, const double *w_ih,
                        const double *w_hh, const double *b, int nx, int nh, const double *dh) {
    double hs[64], cs[64];
    const sl_lstm_params_f64 p = {w_ih, w_hh, b, NULL, NULL, NULL, nx, nh, 0};
    if (sl_lstm_forward_f64(hs, cs, NULL, NULL, NULL, &p, xs, T, h0, c0)) return NAN;
    double l = 0;
    for (int i = 0; i < T * nh; i++) l += hs[i] * dh[i];
    return l;
}

static void test_gradients(void) {
    enum { nx = 3, nh = 2, T = 5 };
    unsigned s = 7;
    double xs[T * nx], h0[nh], c0[nh], w_ih[4 * nh * nx], w_hh[4 * nh * nh], b[4 * nh], dh[T * nh];
    double *all[] = {xs, h0, c0, w_ih, w_hh, b, dh};
    int sizes[] = {T * nx, nh, nh, 4 * nh * nx, 4 * nh * nh, 4 * nh, T * nh};
    for (int a = 0; a < 7; a++)
        for (int i = 0; i < sizes[a]; i++) all[a][i] = lcg(&s);
    double dw_ih[4 * nh * nx], dw_hh[4 * nh * nh], db[4 * nh], dxs[T * nx], dh0[nh], dc0[nh];
    const sl_lstm_params_f64 p = {w_ih, w_hh, b, NULL, NULL, NULL, nx, nh, 0};
    const sl_lstm_grads_f64 g = {.dw_ih = dw_ih, .dw_hh = dw_hh, .db_ih = db, .dxs = dxs, .dh0 = dh0, .dc0 = dc0};
    CHECK(sl_lstm_backward_f64(&g, &p, xs, T, h0, c0, dh, NULL, 0) == SL_OK, "backward f64");
    /* central differences of every weight, bias, input and initial state */
    double *params[] = {w_ih, w_hh, b, xs, h0, c0};
    double *grads[] = {dw_ih, dw_hh, db, dxs, dh0, dc0};
    int counts[] = {4 * nh * nx, 4 * nh * nh, 4 * nh, T * nx, nh, nh};
    double worst = 0;
    for (int p = 0; p < 6; p++)
        for (int i = 0; i < counts[p]; i++) {
            double keep = params[p][i], eps = 1e-5;
            params[p][i] = keep + eps;
            double up = lstm_loss(xs, T, h0, c0, w_ih, w_hh, b, nx, nh, dh);
            params[p][i] = keep - eps;
            double down = lstm_loss(xs, T, h0, c0, w_ih, w_hh, b, nx, nh, dh);
            params[p][i] = keep;
            double fd = (up - down) / (2 * eps), err = fabs(fd - grads[p][i]) / (1e-3 + fabs(fd));
            if (err > worst) worst = err;
        }
    CHECK(worst < 1e-6, "LSTM gradients vs central differences: worst relative error %g", worst);
}

/* L = Σ dh·h for the double-precision GRU through the parameter struct. */
static double gru_loss(const sl_gru_params_f64 *p, const double *xs, int T, const double *h0, const double *dh) {
    double hs[64];
    if (sl_gru_forward_f64(hs, NULL, NULL, NULL, p, xs, T, h0)) return NAN;
    double l = 0;
    for (int i = 0; i < T * p->nh; i++) l += hs[i] * dh[i];
    return l;
}

static void test_gru_gradients(void) {
    enum { nx = 3, nh = 2, T = 5 };
    unsigned s = 11;
    double xs[T * nx], h0[nh], w_ih[3 * nh * nx], w_hh[3 * nh * nh], b_ih[3 * nh], b_hh[3 * nh], dh[T * nh];
    double *all[] = {xs, h0, w_ih, w_hh, b_ih, b_hh, dh};
    int sizes[] = {T * nx, nh, 3 * nh * nx, 3 * nh * nh, 3 * nh, 3 * nh, T * nh};
    for (int a = 0; a < 7; a++)
        for (int i = 0; i < sizes[a]; i++) all[a][i] = lcg(&s);
    const sl_gru_params_f64 p = {w_ih, w_hh, b_ih, b_hh, nx, nh};
    double dw_ih[3 * nh * nx], dw_hh[3 * nh * nh], db_ih[3 * nh], db_hh[3 * nh], dxs[T * nx], dh0[nh];
    const sl_gru_grads_f64 g = {dw_ih, dw_hh, db_ih, db_hh, dxs, dh0, NULL};
    CHECK(sl_gru_backward_f64(&g, &p, xs, T, h0, dh) == SL_OK, "gru backward f64");
    double *params[] = {w_ih, w_hh, b_ih, b_hh, xs, h0};
    double *grads[] = {dw_ih, dw_hh, db_ih, db_hh, dxs, dh0};
    int counts[] = {3 * nh * nx, 3 * nh * nh, 3 * nh, 3 * nh, T * nx, nh};
    double worst = 0;
    for (int q = 0; q < 6; q++)
        for (int i = 0; i < counts[q]; i++) {
            double keep = params[q][i], eps = 1e-5;
            params[q][i] = keep + eps;
            double up = gru_loss(&p, xs, T, h0, dh);
            params[q][i] = keep - eps;
            double down = gru_loss(&p, xs, T, h0, dh);
            params[q][i] = keep;
            double fd = (up - down) / (2 * eps), err = fabs(fd - grads[q][i]) / (1e-3 + fabs(fd));
            if (err > worst) worst = err;
        }
    CHECK(worst < 1e-6, "GRU gradients vs central differences: worst relative error %g", worst);
    /* b_in and b_hn differ (b_hn sits inside r ⊙ (…)); the r and z biases agree */
    CHECK(db_ih[0] == db_hh[0] && db_ih[nh] == db_hh[nh] && db_ih[2 * nh] != db_hh[2 * nh], "GRU bias gradients");
}

static void test_errors(void) {
    float a[64] = {0}, o[64];
    int32_t bad_targets[2] = {0, 5};
    const sl_lstm_params p1 = {a, a, NULL, NULL, NULL, NULL, 1, 1, 0}, py = {a, a, NULL, NULL, a, NULL, 1, 1, 3};
    const sl_lstm_params big_nh = {a, a, NULL, NULL, NULL, NULL, 1, SL_MAX_DIM + 1, 0},
                         big_nx = {a, a, NULL, NULL, NULL, NULL, SL_MAX_DIM, 1, 0};
    const sl_lstm_grads g = {.dw_ih = o, .dw_hh = o};
    CHECK(sl_lstm_forward(o, o, NULL, NULL, NULL, &p1, NULL, 1, NULL, NULL) == SL_ERR_NULL && message_has("xs"),
          "NULL xs");
    CHECK(sl_lstm_forward(o, o, NULL, NULL, NULL, NULL, a, 1, NULL, NULL) == SL_ERR_NULL && message_has("params"),
          "NULL params");
    CHECK(sl_lstm_forward(o, o, NULL, NULL, NULL, &p1, a, 0, NULL, NULL) == SL_ERR_SIZE &&
              message_has("T must be at least 1"),
          "T = 0");
    CHECK(sl_lstm_forward(o, o, NULL, NULL, NULL, &big_nh, a, 1, NULL, NULL) == SL_ERR_LIMIT && message_has("nh"),
          "nh limit");
    CHECK(sl_lstm_forward(o, o, NULL, NULL, NULL, &big_nx, a, SL_MAX_SEQ, NULL, NULL) == SL_ERR_LIMIT &&
              message_has("xs (T×nx)"),
          "T×nx limit");
    float nan_x[2] = {1, NAN};
    CHECK(sl_lstm_forward(o, o, NULL, NULL, NULL, &p1, nan_x, 2, NULL, NULL) == SL_ERR_VALUE &&
              message_has("xs[1] is NaN"),
          "NaN");
    CHECK(sl_lstm_backward(&g, &py, a, 2, NULL, NULL, NULL, bad_targets, 0) == SL_ERR_VALUE &&
              message_has("targets[1] = 5"),
          "target range");
    CHECK(sl_lstm_backward(&g, &p1, a, 2, NULL, NULL, NULL, bad_targets, 0) == SL_ERR_ARG && message_has("w_y"),
          "targets without w_y");
    CHECK(sl_lstm_backward(&g, &p1, a, 2, NULL, NULL, NULL, NULL, 0) == SL_ERR_NULL && message_has("dh and targets"),
          "no upstream");
    CHECK(sl_lstm_backward(&g, &p1, a, 2, NULL, NULL, a, NULL, 2) == SL_ERR_ARG && message_has("forget_rule"),
          "forget rule");
    CHECK(sl_lstm_backward(NULL, &p1, a, 2, NULL, NULL, a, NULL, 0) == SL_ERR_NULL && message_has("grads"),
          "NULL grads");
    const sl_lstm_grads no_dw = {.dw_hh = o};
    CHECK(sl_lstm_backward(&no_dw, &p1, a, 2, NULL, NULL, a, NULL, 0) == SL_ERR_NULL && message_has("dw_ih"),
          "NULL dw_ih");
    const sl_gru_params gp = {a, a, NULL, NULL, 1, 1};
    const sl_gru_grads gg = {.dw_ih = o, .dw_hh = o};
    CHECK(sl_gru_backward(&gg, &gp, a, 2, NULL, NULL) == SL_ERR_NULL && message_has("dh"), "gru dh");
    CHECK(sl_gru_backward(&gg, NULL, a, 2, NULL, a) == SL_ERR_NULL && message_has("params"), "gru NULL params");
    CHECK(sl_gru_forward(o, NULL, NULL, NULL, &gp, a, 2, NULL) == SL_OK, "gru forward");
    double count = 123;
    CHECK(sl_rnn_param_count(&count, 2, 1, 1, 2) == SL_ERR_ARG && message_has("cell") && count == 123, "cell");
    CHECK(sl_rnn_param_count(&count, 0, 1, 1, 3) == SL_ERR_ARG && message_has("biases"), "biases");
    CHECK(sl_rnn_param_count(&count, 0, 0, 1, 2) == SL_ERR_SIZE && message_has("nx"), "nx");
    CHECK(sl_rnn_param_count(&count, 0, 1, SL_MAX_DIM + 1, 2) == SL_ERR_LIMIT && message_has("nh"), "nh");
    CHECK(sl_rnn_param_count(NULL, 0, 1, 1, 2) == SL_ERR_NULL && message_has("count"), "NULL count");
}

static void test_saturation(void) {
    /* huge but finite weights: products overflow float, not double; gates saturate to 0 or 1
     * rather than becoming NaN (found by fuzzing), and gradients stay finite */
    float w_ih[4] = {1e30f, -1e30f, 1e30f, -1e30f}, w_hh[4] = {1e30f, 1e30f, -1e30f, 1e30f}, xs[2] = {1e30f, -1e30f};
    float hs[2], cs[2], gates[8], dw_ih[4], dw_hh[4], dh[2] = {1, -1};
    const sl_lstm_params p = {w_ih, w_hh, NULL, NULL, NULL, NULL, 1, 1, 0};
    const sl_lstm_grads g = {.dw_ih = dw_ih, .dw_hh = dw_hh};
    CHECK(sl_lstm_forward(hs, cs, gates, NULL, NULL, &p, xs, 2, NULL, NULL) == SL_OK, "saturated");
    for (int i = 0; i < 8; i++) CHECK(gates[i] >= -1 && gates[i] <= 1, "gate %d = %g", i, gates[i]);
    CHECK(sl_lstm_backward(&g, &p, xs, 2, NULL, NULL, dh, NULL, 0) == SL_OK, "saturated backward");
    for (int i = 0; i < 4; i++) CHECK(isfinite(dw_ih[i]) && isfinite(dw_hh[i]), "finite gradient %d", i);
}

void test_recurrent(void) {
    test_saturation();
    test_closed_forms();
    test_gradients();
    test_gru_gradients();
    test_errors();
}
