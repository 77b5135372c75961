/* recurrent.c — LSTM and GRU cells (PyTorch layouts and gate orders), forward and
 * backpropagation through time, in float and, for gradient checks, in double. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scratch.h"
#include "sl_internal.h"
#include "train_recurrent.h"

#define REAL float
#define SFX(name) name
#define RECURRENT_MATVEC sl_matvec
#include "recurrent_impl.h"
#undef REAL
#undef SFX
#undef RECURRENT_MATVEC

#define REAL double
#define SFX(name) name##_f64
#include "recurrent_impl.h"
#undef REAL
#undef SFX

int sl_lstm_step(float *h, float *c, float *gates, float *preact, const float *x, const float *h_prev,
                 const float *c_prev, const float *w_ih, const float *w_hh, const float *b_ih, const float *b_hh,
                 int nx, int nh) {
    SL_TRY(sl_check_ptr("h", h));
    SL_TRY(sl_check_ptr("c", c));
    SL_TRY(sl_check_ptr("x", x));
    return sl_lstm_forward(h, c, gates, preact, NULL, x, 1, h_prev, c_prev, w_ih, w_hh, b_ih, b_hh, nx, nh, NULL, NULL, 0);
}

int sl_gru_step(float *h, float *gates, float *preact, float *hn, const float *x, const float *h_prev,
                const float *w_ih, const float *w_hh, const float *b_ih, const float *b_hh, int nx, int nh) {
    SL_TRY(sl_check_ptr("h", h));
    SL_TRY(sl_check_ptr("x", x));
    return sl_gru_forward(h, gates, preact, hn, x, 1, h_prev, w_ih, w_hh, b_ih, b_hh, nx, nh);
}

double sl_rnn_param_count(int cell, int nx, int nh, int biases) {
    if (cell != 0 && cell != 1) return sl_fail(SL_ERR_ARG, "cell must be 0 (LSTM) or 1 (GRU), got %d", cell), -1;
    if (sl_check_size("nx", nx, SL_MAX_DIM) || sl_check_size("nh", nh, SL_MAX_DIM)) return -1;
    if (biases != 1 && biases != 2)
        return sl_fail(SL_ERR_ARG, "biases must be 1 (one per gate) or 2 (PyTorch's b_ih and b_hh), got %d", biases), -1;
    const double gates = cell == 0 ? 4 : 3;
    return gates * ((double)nh * nx + (double)nh * nh + (double)biases * nh);
}
