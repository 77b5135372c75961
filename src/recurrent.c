/* recurrent.c — LSTM and GRU cells (PyTorch layouts and gate orders), forward and
 * backpropagation through time, in float and, for gradient checks, in double. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scratch.h"
#include "sl_internal.h"
#include "train_recurrent.h"

#define REAL             float
#define SFX(name)        name
#define RECURRENT_MATVEC sl_matvec
#include "recurrent_impl.h"
#undef REAL
#undef SFX
#undef RECURRENT_MATVEC

#define REAL      double
#define SFX(name) name##_f64
#include "recurrent_impl.h"
#undef REAL
#undef SFX

#if defined(__wasm32__)
/* wasm/lib/recurrent.mjs writes these structs as arrays of int32 fields */
_Static_assert(sizeof(sl_lstm_params) == 9 * 4 && sizeof(sl_lstm_params_f64) == 9 * 4,
               "sl_lstm_params: 9 fields of 4 bytes");
_Static_assert(sizeof(sl_lstm_grads) == 12 * 4 && sizeof(sl_lstm_grads_f64) == 12 * 4, "sl_lstm_grads: 12 pointers");
_Static_assert(sizeof(sl_gru_params) == 6 * 4 && sizeof(sl_gru_params_f64) == 6 * 4,
               "sl_gru_params: 6 fields of 4 bytes");
_Static_assert(sizeof(sl_gru_grads) == 7 * 4 && sizeof(sl_gru_grads_f64) == 7 * 4, "sl_gru_grads: 7 pointers");
#endif

int sl_lstm_step(float *h, float *c, float *gates, float *preact, const float *x, const float *h_prev,
                 const float *c_prev, const float *w_ih, const float *w_hh, const float *b_ih, const float *b_hh,
                 int nx, int nh) {
    SL_TRY(sl_check_ptr("h", h));
    SL_TRY(sl_check_ptr("c", c));
    SL_TRY(sl_check_ptr("x", x));
    const sl_lstm_params p = {w_ih, w_hh, b_ih, b_hh, NULL, NULL, nx, nh, 0};
    return sl_lstm_forward(h, c, gates, preact, NULL, &p, x, 1, h_prev, c_prev);
}

int sl_gru_step(float *h, float *gates, float *preact, float *hn, const float *x, const float *h_prev,
                const float *w_ih, const float *w_hh, const float *b_ih, const float *b_hh, int nx, int nh) {
    SL_TRY(sl_check_ptr("h", h));
    SL_TRY(sl_check_ptr("x", x));
    const sl_gru_params p = {w_ih, w_hh, b_ih, b_hh, nx, nh};
    return sl_gru_forward(h, gates, preact, hn, &p, x, 1, h_prev);
}

int sl_rnn_param_count(double *count, int cell, int nx, int nh, int biases) {
    SL_TRY(sl_check_ptr("count", count));
    if (cell != 0 && cell != 1) return sl_fail(SL_ERR_ARG, "cell must be 0 (LSTM) or 1 (GRU), got %d", cell);
    SL_TRY(sl_check_size("nx", nx, SL_MAX_DIM));
    SL_TRY(sl_check_size("nh", nh, SL_MAX_DIM));
    if (biases != 1 && biases != 2)
        return sl_fail(SL_ERR_ARG, "biases must be 1 (one per gate) or 2 (PyTorch's b_ih and b_hh), got %d", biases);
    const double gates = cell == 0 ? 4 : 3;
    *count = gates * ((double)nh * nx + (double)nh * nh + (double)biases * nh);
    return SL_OK;
}
