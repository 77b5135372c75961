/* train_internal.h — the model object shared by train.c (config, layout, optimiser, save/load) and
 * transformer_train.c (the Transformer's forward and backward passes). Not a public header. */
#ifndef SL_TRAIN_INTERNAL_H
#define SL_TRAIN_INTERNAL_H

#include <stdint.h>

#include "seqlab.h"

typedef struct sl_model_config {
    int kind, vocab, max_len, layers, d_model, heads, d_ff, posenc, tied, activation, hidden, embedding;
    uint32_t seed;
    float rope_base, forget_bias;
} sl_model_config;

/* One parameter tensor of the layout: a name as in TRAINING.md, its shape and its floats. */
typedef struct sl_tensor {
    char name[24];
    int ndim, shape[2];
    long long offset, size;
} sl_tensor;

#define SL_MODEL_MAX_TENSORS (5 + 12 * SL_MODEL_MAX_LAYERS)
#define SL_MODEL_MAGIC       0x5351424cu

struct sl_model {
    uint32_t magic; /* SL_MODEL_MAGIC while alive, 0 once freed: catches a stale handle in tests */
    sl_model_config cfg;
    int n_tensors;
    long long n_params, step;
    sl_tensor *tensors;            /* n_tensors, inside the model's one allocation */
    float *params, *grads, *m, *v; /* n_params each, same layout */
};

/* Checks every field of a config against its range and the core's limits (messages name the field). */
int sl_model_config_check(const sl_model_config *c);
/* Fills t (SL_MODEL_MAX_TENSORS entries) with the layout of a checked config: names, shapes and
 * offsets computed from the sizes in order; count and total floats out. */
void sl_model_build_layout(sl_tensor *t, int *count, long long *total, const sl_model_config *c);

/* The Transformer over one batch (tokens, targets, mask, positions: batch×T, already validated;
 * mask NULL = all counted, positions NULL = 0..T−1). loss: mean over counted positions (0 if none),
 * counted: how many. grads: NULL (forward only) or n_params floats, overwritten. logits: NULL or
 * batch×T×vocab. att: NULL or layers×batch×heads×T×T. Scratch sized from batch·T, freed before
 * returning. */
int sl_transformer_loss_grad(float *loss, int *counted, float *grads, float *logits, float *att,
                             const struct sl_model *m, const int32_t *tokens, const int32_t *targets,
                             const uint8_t *mask, const int32_t *positions, int batch, int T);

/* ---- helpers added beside their kin (posenc.c, kernels.c) ----------------------------------- */
/* cs: n×(d/2) pairs (cos, sin) of the RoPE angles p·θ_i, p = 0..n−1, rounded exactly as
 * sl_rope_rows_inplace rounds them, so a table-driven rotation gives the same floats. Row p of the
 * table serves any row at position p (positions other than the index look their row up). */
void sl_rope_table(float *cs, int n, int d, float base);
/* Rotates the n rows of x (row stride ld, d columns, interleaved pairs) by the table; inverse = 1
 * rotates by −angle (the transpose), which is the backward pass of the rotation. */
void sl_rope_rows_table(float *x, int n, int d, int ld, const float *cs, int inverse);
/* c: n×m = a (n×k) · bᵀ (b: m×k), or c += when accumulate. Register-blocked (2 rows × 4 columns);
 * the scalar twin adds in the same order as the SIMD kernel (4-lane partial sums), so the two
 * builds agree to the last bit. */
void sl_gemm_nt(float *c, const float *a, const float *b, int n, int m, int k, int accumulate);
/* The scalar twin, compiled in every build for tests. */
void sl_gemm_nt_reference(float *c, const float *a, const float *b, int n, int m, int k, int accumulate);

/* c: n×m += aᵀ · b with a: k×n, b: k×m; each c[i,j] summed in order over p from its old value. */
void sl_gemm_tn(float *c, const float *a, const float *b, int n, int m, int k);
void sl_gemm_tn_reference(float *c, const float *a, const float *b, int n, int m, int k);
/* out = GELU(x) with the tanh approximation; dx = GELU'(x)·dy (dx may alias dy); n values. Both
 * variants form 1 + tanh and 1 − tanh² from exp(−2|u|) (no cancellation near tanh = ±1): the SIMD
 * one with the softmax's exp polynomial (~1e-7 relative), the references with expf. */
void sl_gelu_forward(float *out, const float *x, long long n);
void sl_gelu_backward(float *dx, const float *x, const float *dy, long long n);
void sl_gelu_forward_reference(float *out, const float *x, long long n);
void sl_gelu_backward_reference(float *dx, const float *x, const float *dy, long long n);

/* CRC-32 (IEEE, reflected, as zlib) of n bytes, for the save format's checksum. */
uint32_t sl_crc32(const uint8_t *p, size_t n);

#endif
