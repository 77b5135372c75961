/* fuzz_recurrent.c — libFuzzer target for the LSTM and GRU entry points (float and double),
 * checking that gates stay in their ranges and that saturated gates keep gradients finite. */
#include "fuzz.h"

#define CAP 24

static void fuzz_lstm(fuzz_in *f) {
    int T = fz_size(f, 5, SL_MAX_SEQ), nx = fz_size(f, 4, SL_MAX_DIM), nh = fz_size(f, 4, SL_MAX_DIM),
        ny = fz_size(f, 3, SL_MAX_DIM);
    uint8_t opt = fz_u8(f);
    int plain = opt & 1;
    int s_x[2] = {T, nx}, s_ih[3] = {4, nh, nx}, s_hh[3] = {4, nh, nh}, s_h[1] = {nh}, s_b[2] = {4, nh},
        s_th[2] = {T, nh};
    int s_tg[3] = {T, 4, nh}, s_y[2] = {ny, nh}, s_ty[2] = {T, ny}, s_ny[1] = {ny};
    float *xs = fz_floats(f, fz_count(CAP, 2, s_x), 1, plain), *w_ih = fz_floats(f, fz_count(CAP, 3, s_ih), 1, plain);
    float *w_hh = fz_floats(f, fz_count(CAP, 3, s_hh), 1, plain), *h0 = fz_floats(f, fz_count(CAP, 1, s_h), 1, plain);
    float *c0 = fz_floats(f, fz_count(CAP, 1, s_h), 1, plain), *b = fz_floats(f, fz_count(CAP, 2, s_b), 1, plain);
    float *w_y = (opt >> 1) & 1 ? fz_floats(f, fz_count(CAP, 2, s_y), 0, plain) : NULL;
    float *hs = fz_floats(f, fz_count(CAP, 2, s_th), 1, 1), *cs = fz_floats(f, fz_count(CAP, 2, s_th), 1, 1);
    float *gates = fz_floats(f, fz_count(CAP, 3, s_tg), 1, 1), *ys = fz_floats(f, fz_count(CAP, 2, s_ty), 1, 1);
    /* one struct in seven is missing: the NULL check must catch it */
    const sl_lstm_params p = {w_ih, w_hh, b, NULL, w_y, NULL, nx, nh, ny};
    const sl_lstm_params *pp = (opt >> 5) == 7 ? NULL : &p;
    int st = sl_lstm_forward(hs, cs, gates, NULL, ys, pp, xs, T, h0, c0);
    FUZZ_STATUS(st);
    if (st == SL_OK && gates)
        for (long i = 0; i < (long)T * 4 * nh; i++) FUZZ_ASSERT(gates[i] >= -1 && gates[i] <= 1);
    /* backward: from dh or from targets */
    float *dh = (opt >> 2) & 1 ? fz_floats(f, fz_count(CAP, 2, s_th), 0, plain) : NULL;
    int32_t *targets = NULL;
    if ((opt >> 3) & 1) {
        long nt = fz_count(CAP, 1, &T);
        targets = malloc(sizeof(int32_t) * nt);
        for (long i = 0; i < nt; i++) targets[i] = (int32_t)(fz_u8(f) % 6) - 1;
    }
    float *dw_ih = fz_floats(f, fz_count(CAP, 3, s_ih), 1, 1), *dw_hh = fz_floats(f, fz_count(CAP, 3, s_hh), 1, 1);
    float *dxs = fz_floats(f, fz_count(CAP, 2, s_x), 1, 1), *dc = fz_floats(f, fz_count(CAP, 2, s_th), 1, 1);
    float *dwy = fz_floats(f, fz_count(CAP, 2, s_y), 1, 1), *dby = fz_floats(f, fz_count(CAP, 1, s_ny), 1, 1), loss;
    const sl_lstm_grads g = {.dw_ih = dw_ih,
                             .dw_hh = dw_hh,
                             .dxs = dxs,
                             .dw_y = w_y ? dwy : NULL,
                             .db_y = w_y ? dby : NULL,
                             .loss = &loss,
                             .dc_steps = dc};
    st = sl_lstm_backward(&g, pp, xs, T, h0, c0, dh, targets, (opt >> 4) & 1);
    FUZZ_STATUS(st);
    if (st == SL_OK && plain && !targets)
        for (long i = 0; i < 4L * nh * nx; i++) FUZZ_ASSERT(isfinite(dw_ih[i]));
    free(xs), free(w_ih), free(w_hh), free(h0), free(c0), free(b), free(w_y), free(hs), free(cs), free(gates), free(ys);
    free(dh), free(targets), free(dw_ih), free(dw_hh), free(dxs), free(dc), free(dwy), free(dby);
}

static void fuzz_gru(fuzz_in *f) {
    int T = fz_size(f, 5, SL_MAX_SEQ), nx = fz_size(f, 4, SL_MAX_DIM), nh = fz_size(f, 4, SL_MAX_DIM);
    uint8_t opt = fz_u8(f);
    int plain = opt & 1;
    int s_x[2] = {T, nx}, s_ih[3] = {3, nh, nx}, s_hh[3] = {3, nh, nh}, s_h[1] = {nh}, s_th[2] = {T, nh},
        s_tg[3] = {T, 3, nh};
    float *xs = fz_floats(f, fz_count(CAP, 2, s_x), 1, plain), *w_ih = fz_floats(f, fz_count(CAP, 3, s_ih), 1, plain);
    float *w_hh = fz_floats(f, fz_count(CAP, 3, s_hh), 1, plain), *h0 = fz_floats(f, fz_count(CAP, 1, s_h), 1, plain);
    float *hs = fz_floats(f, fz_count(CAP, 2, s_th), 1, 1), *gates = fz_floats(f, fz_count(CAP, 3, s_tg), 1, 1);
    float *hn = fz_floats(f, fz_count(CAP, 2, s_th), 1, 1);
    const sl_gru_params p = {w_ih, w_hh, NULL, NULL, nx, nh};
    FUZZ_STATUS(sl_gru_forward(hs, gates, NULL, hn, &p, xs, T, h0));
    float *dh = fz_floats(f, fz_count(CAP, 2, s_th), 1, plain);
    float *dw_ih = fz_floats(f, fz_count(CAP, 3, s_ih), 1, 1), *dw_hh = fz_floats(f, fz_count(CAP, 3, s_hh), 1, 1);
    float *dh0 = fz_floats(f, fz_count(CAP, 1, s_h), 1, 1);
    const sl_gru_grads g = {.dw_ih = dw_ih, .dw_hh = dw_hh, .dh0 = dh0};
    FUZZ_STATUS(sl_gru_backward(&g, &p, xs, T, h0, dh));
    double count = -1;
    int st = sl_rnn_param_count(&count, (int)(opt >> 5) % 3, nx, nh, (int)(opt >> 3) % 4);
    FUZZ_STATUS(st);
    FUZZ_ASSERT(st != SL_OK || count >= 3 * 3);
    free(xs), free(w_ih), free(w_hh), free(h0), free(hs), free(gates), free(hn), free(dh), free(dw_ih), free(dw_hh),
        free(dh0);
}

static void fuzz_lstm_f64(fuzz_in *f) {
    int T = fz_size(f, 4, SL_MAX_SEQ), nx = fz_size(f, 3, SL_MAX_DIM), nh = fz_size(f, 3, SL_MAX_DIM);
    int s_x[2] = {T, nx}, s_ih[3] = {4, nh, nx}, s_hh[3] = {4, nh, nh}, s_th[2] = {T, nh};
    long cx = fz_count(CAP, 2, s_x), cih = fz_count(CAP, 3, s_ih), chh = fz_count(CAP, 3, s_hh),
         cth = fz_count(CAP, 2, s_th);
    double *xs = malloc(sizeof(double) * cx), *w_ih = malloc(sizeof(double) * cih),
           *w_hh = malloc(sizeof(double) * chh);
    double *hs = malloc(sizeof(double) * cth), *cs = malloc(sizeof(double) * cth), *dh = malloc(sizeof(double) * cth);
    double *dw_ih = malloc(sizeof(double) * cih), *dw_hh = malloc(sizeof(double) * chh);
    for (long i = 0; i < cx; i++) xs[i] = fz_float(f);
    for (long i = 0; i < cih; i++) w_ih[i] = fz_float(f);
    for (long i = 0; i < chh; i++) w_hh[i] = fz_float(f);
    for (long i = 0; i < cth; i++) dh[i] = fz_plain(f);
    const sl_lstm_params_f64 p = {w_ih, w_hh, NULL, NULL, NULL, NULL, nx, nh, 0};
    const sl_lstm_grads_f64 g = {.dw_ih = dw_ih, .dw_hh = dw_hh};
    FUZZ_STATUS(sl_lstm_forward_f64(hs, cs, NULL, NULL, NULL, &p, xs, T, NULL, NULL));
    FUZZ_STATUS(sl_lstm_backward_f64(&g, &p, xs, T, NULL, NULL, dh, NULL, 0));
    free(xs), free(w_ih), free(w_hh), free(hs), free(cs), free(dh), free(dw_ih), free(dw_hh);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_in f = {data, size};
    switch (fz_u8(&f) % 3) {
    case 0: fuzz_lstm(&f); break;
    case 1: fuzz_gru(&f); break;
    default: fuzz_lstm_f64(&f); break;
    }
    return 0;
}
