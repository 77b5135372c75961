/* train_recurrent.c — recurrent language models for training (see train_recurrent.h): sizes,
 * initialisation and argument checks. The forward and backward passes are in recurrent_impl.h,
 * written once for float and double over the same cell code as the per-sequence functions. */
#include "train_recurrent.h"

#include "rng.h"
#include "sl_internal.h"

static int gate_blocks(int kind) { return kind == SL_RECNET_RNN ? 1 : kind == SL_RECNET_LSTM ? 4 : 3; }

static int check_kind_sizes(int kind, int vocab, int d_model, int hidden) {
    if (kind != SL_RECNET_RNN && kind != SL_RECNET_LSTM && kind != SL_RECNET_GRU)
        return sl_fail(SL_ERR_ARG, "kind must be 0 (tanh RNN), 1 (LSTM) or 2 (GRU), got %d", kind);
    SL_TRY(sl_check_size("vocab", vocab, SL_MAX_DIM));
    SL_TRY(sl_check_size("d_model", d_model, SL_MAX_DIM));
    SL_TRY(sl_check_size("hidden", hidden, SL_MAX_DIM));
    const long long G = gate_blocks(kind);
    SL_TRY(sl_check_elems("emb (vocab×d_model)", (long long)vocab * d_model));
    SL_TRY(sl_check_elems("cell.wIh (G·hidden×d_model)", G * hidden * d_model));
    SL_TRY(sl_check_elems("cell.wHh (G·hidden×hidden)", G * hidden * hidden));
    return sl_check_elems("out.w (vocab×hidden)", (long long)vocab * hidden);
}

long long sl_recnet_param_count(int kind, int vocab, int d_model, int hidden) {
    if (check_kind_sizes(kind, vocab, d_model, hidden) != SL_OK) return -1;
    const long long G = gate_blocks(kind), V = vocab, D = d_model, H = hidden;
    return V * D + G * H * D + G * H * H + 2 * G * H + V * H + V;
}

int sl_recnet_init(float *params, int kind, int vocab, int d_model, int hidden, uint64_t seed, float forget_bias) {
    SL_TRY(sl_check_ptr("params", params));
    SL_TRY(check_kind_sizes(kind, vocab, d_model, hidden));
    SL_TRY(sl_check_finite("forget_bias", forget_bias, 0));
    if (kind != SL_RECNET_LSTM && forget_bias != 0)
        return sl_fail(SL_ERR_ARG, "forget_bias is an LSTM's (the forget gate), it must be 0 for this kind, got %g",
                       forget_bias);
    const long long n = sl_recnet_param_count(kind, vocab, d_model, hidden), n_emb = (long long)vocab * d_model;
    sl_rng rng = sl_rng_seed(seed);
    /* emb N(0, 1) as nn.Embedding (pairs of Box–Muller draws, as the Transformer's matrices); every
     * other tensor uniform(−k, k), k = 1/sqrt(hidden), as nn.RNN/LSTM/GRU and nn.Linear(hidden, vocab). */
    for (long long i = 0; i < n_emb; i += 2) {
        double a, b;
        sl_rng_normal2(&rng, &a, &b);
        params[i] = (float)a;
        if (i + 1 < n_emb) params[i + 1] = (float)b;
    }
    const double k = 1.0 / sqrt((double)hidden);
    for (long long i = n_emb; i < n; i++) params[i] = (float)((2 * sl_rng_uniform(&rng) - 1) * k);
    if (kind == SL_RECNET_LSTM) {
        /* cell.bIh follows emb, cell.wIh and cell.wHh; its rows [hidden, 2·hidden) are the f gate's */
        const long long G = 4, H = hidden;
        float *b_ih = params + n_emb + G * H * d_model + G * H * H;
        for (long long r = H; r < 2 * H; r++) b_ih[r] += forget_bias;
    }
    return SL_OK;
}

int sl_recnet_check(const void *loss, const void *params, int kind, int vocab, int d_model, int hidden,
                    const int32_t *tokens, const int32_t *targets, int batch, int T) {
    SL_TRY(sl_check_ptr("loss", loss));
    SL_TRY(sl_check_ptr("params", params));
    SL_TRY(sl_check_ptr("tokens", tokens));
    SL_TRY(sl_check_ptr("targets", targets));
    SL_TRY(check_kind_sizes(kind, vocab, d_model, hidden));
    SL_TRY(sl_check_size("batch", batch, SL_MAX_SEQ));
    SL_TRY(sl_check_size("T", T, SL_MAX_SEQ));
    const long long N = (long long)batch * T, G = gate_blocks(kind);
    long long widest = vocab;
    if (G * hidden > widest) widest = G * hidden;
    if (d_model > widest) widest = d_model;
    /* N ≤ 2^26 and widest ≤ 4·4096, so the product cannot overflow */
    SL_TRY(sl_check_elems("batch·T·max(vocab, G·hidden, d_model)", N * widest));
    for (long long i = 0; i < N; i++) {
        if (tokens[i] < 0 || tokens[i] >= vocab)
            return sl_fail(SL_ERR_VALUE, "tokens[%lld] (row %lld, position %lld) = %d is not an id in [0, %d)", i,
                           i / T, i % T, (int)tokens[i], vocab);
        if (targets[i] < 0 || targets[i] >= vocab)
            return sl_fail(SL_ERR_VALUE, "targets[%lld] (row %lld, position %lld) = %d is not an id in [0, %d)", i,
                           i / T, i % T, (int)targets[i], vocab);
    }
    return SL_OK;
}
