/* train_recurrent.h — the recurrent language models the training code drives (tanh RNN, LSTM,
 * GRU with an embedding and a readout). Not a public header: the model object in train.c owns
 * the parameter buffer and calls these. */
#ifndef SL_TRAIN_RECURRENT_H
#define SL_TRAIN_RECURRENT_H

#include <stdint.h>

typedef enum sl_recnet_kind { SL_RECNET_RNN = 0, SL_RECNET_LSTM = 1, SL_RECNET_GRU = 2 } sl_recnet_kind;

/* Trainable floats of a recurrent net, laid out contiguously in this order (names as in
 * TRAINING.md): emb [vocab,d_model], cell.wIh [G·hidden,d_model], cell.wHh [G·hidden,hidden],
 * cell.bIh [G·hidden], cell.bHh [G·hidden], out.w [vocab,hidden], out.b [vocab]; G = 1, 4, 3. */
long long sl_recnet_param_count(int kind, int vocab, int d_model, int hidden);

/* TRAINING.md's initialisation (version 2): emb N(0, 1) as nn.Embedding, every other tensor PyTorch's
 * recurrent default uniform(−1/sqrt(hidden), 1/sqrt(hidden)); for the LSTM, forget_bias added to the
 * forget-gate rows of cell.bIh (must be 0 for the other kinds). Seeded with the core's generator. */
int sl_recnet_init(float *params, int kind, int vocab, int d_model, int hidden, uint64_t seed, float forget_bias);

/* One batch: tokens, targets: batch×T (ids in [0, vocab)); mask: batch×T (1 = counted) or NULL
 * (all counted). loss: mean over counted positions of −log softmax(logits)[target] (0 when none
 * is counted); counted: how many were. grads (NULL = forward only): overwritten, same layout as
 * params. logits (NULL = not kept): batch×T×vocab. hidden_out (NULL = not kept): batch×T×hidden,
 * h_t of every step. dh_norm (NULL = not kept): T floats, the mean over the batch of ‖∂loss/∂h_t‖₂,
 * the gradient norm through time. Allocates its own scratch (freed before returning). */
int sl_recnet_loss_grad(float *loss, int *counted, float *grads, float *logits, float *hidden_out, float *dh_norm,
                        const float *params, int kind, int vocab, int d_model, int hidden, const int32_t *tokens,
                        const int32_t *targets, const uint8_t *mask, int batch, int T);

/* Added beside the interface above. The same net in double precision (same arguments, double
 * arrays), for gradient checks by central differences; the float and double versions are one
 * template (recurrent_impl.h) over the same cell code as sl_lstm_forward and friends. */
int sl_recnet_loss_grad_f64(double *loss, int *counted, double *grads, double *logits, double *hidden_out,
                            double *dh_norm, const double *params, int kind, int vocab, int d_model, int hidden,
                            const int32_t *tokens, const int32_t *targets, const uint8_t *mask, int batch, int T);

/* The checks both precisions share: pointers, kind, sizes against the SL_MAX_* limits (before any
 * allocation), and every token and target id in [0, vocab). */
int sl_recnet_check(const void *loss, const void *params, int kind, int vocab, int d_model, int hidden,
                    const int32_t *tokens, const int32_t *targets, int batch, int T);

#endif
