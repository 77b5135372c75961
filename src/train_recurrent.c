/* train_recurrent.c — recurrent language models for training (see train_recurrent.h). */
#include "train_recurrent.h"

#include "sl_internal.h"

long long sl_recnet_param_count(int kind, int vocab, int d_model, int hidden) {
    (void)kind, (void)vocab, (void)d_model, (void)hidden;
    return -1;
}

int sl_recnet_init(float *params, int kind, int vocab, int d_model, int hidden, uint64_t seed) {
    (void)params, (void)kind, (void)vocab, (void)d_model, (void)hidden, (void)seed;
    return sl_fail(SL_ERR_ARG, "recurrent training is not available in this build");
}

int sl_recnet_loss_grad(float *loss, int *counted, float *grads, float *logits, float *hidden_out, float *dh_norm,
                        const float *params, int kind, int vocab, int d_model, int hidden,
                        const int32_t *tokens, const int32_t *targets, const uint8_t *mask, int batch, int T) {
    (void)loss, (void)counted, (void)grads, (void)logits, (void)hidden_out, (void)dh_norm, (void)params;
    (void)kind, (void)vocab, (void)d_model, (void)hidden, (void)tokens, (void)targets, (void)mask, (void)batch, (void)T;
    return sl_fail(SL_ERR_ARG, "recurrent training is not available in this build");
}
