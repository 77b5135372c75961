/* seqlab.h — the whole C API of the seqlab numeric core.
 *
 * Conventions
 *   - Matrices are row-major, contiguous float arrays; shapes are given in a comment
 *     above each function as rows×cols.
 *   - Outputs come first, then inputs, then sizes, then options. The caller owns every
 *     buffer; the core allocates only scratch space, which it frees before returning.
 *   - Every function that can fail returns an sl_status. On failure nothing has been written
 *     to the outputs beyond scratch, and sl_error_message() names the argument and the fault.
 *     The only other returns are the four accessors of the next section, which cannot fail.
 *     The core never aborts, never exits and never reads or writes outside the sizes given.
 *   - Sizes are ints, must be >= 1, and are checked against the SL_MAX_* limits below
 *     before any arithmetic, so products of sizes cannot overflow.
 *   - NaN and ±Inf in data arrays propagate through the arithmetic (IEEE semantics),
 *     except where a function documents otherwise (softmax treats -Inf as "masked").
 *     Option scalars (scale, base, temperature) must be finite and are checked.
 *
 * The same files build natively (tests, sanitizers, benchmarks) and with Emscripten.
 */
#ifndef SEQLAB_H
#define SEQLAB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status codes ------------------------------------------------------------------ */
typedef enum sl_status {
    SL_OK = 0,
    SL_ERR_NULL = 1,  /* a required pointer is NULL                                    */
    SL_ERR_SIZE = 2,  /* a size is < 1, odd where pairs are needed, or inconsistent    */
    SL_ERR_LIMIT = 3, /* a size, or a product of sizes, is past a documented limit     */
    SL_ERR_ARG = 4,   /* an option is invalid: NaN/Inf scalar, unknown enum value       */
    SL_ERR_NOMEM = 5, /* scratch memory could not be allocated                          */
    SL_ERR_VALUE = 6  /* a data value is invalid (e.g. a class index out of range)      */
} sl_status;

/* Message of the most recent failing call (static storage, overwritten by the next
 * failure). Never NULL; "" before any failure. */
const char *sl_error_message(void);
/* Short, stable name of a status code ("SL_ERR_SIZE", ...). */
const char *sl_status_name(int status);
/* Bytes currently allocated from the heap (malloc'd and not freed), for leak checks: every
 * function frees its scratch before returning, so this is the same before and after any call. */
size_t sl_heap_in_use(void);
/* 1 when the hand-written WebAssembly SIMD kernels are compiled in, 0 for the scalar ones. */
int sl_simd_enabled(void);

/* ---- limits ------------------------------------------------------------------------ */
#define SL_MAX_SEQ      8192 /* n, m, T, number of positions                      */
#define SL_MAX_DIM      4096 /* dk, dv, d_model, nx, nh, ny                       */
#define SL_MAX_HEADS    64
#define SL_MAX_ELEMS    (1L << 24)        /* elements in any one array (64 MiB of floats)      */
#define SL_MAX_POSITION (SL_MAX_SEQ * 16) /* |position| given explicitly to RoPE         */

/* The limits above as numbers, so the JS layer reads them from here rather than repeating them:
 * out: SL_LIMIT_COUNT values, in the order SL_MAX_SEQ, SL_MAX_DIM, SL_MAX_HEADS, SL_MAX_ELEMS,
 * SL_MAX_POSITION. count: the length of out (at least SL_LIMIT_COUNT). */
#define SL_LIMIT_COUNT 5
int sl_limits(double *out, int count);

/* bytes: how large one more allocation may be without the heap having to grow past its ceiling
 * (SL_HEAP_LIMIT, the WebAssembly build's maximum memory; natively no ceiling: 2^53). The core and
 * the JS layer refuse a larger request with SL_ERR_NOMEM before calling malloc, because Emscripten's
 * dlmalloc, once an attempt to grow its heap has failed, never again extends its heap in place:
 * afterwards every large request needs a fresh region of its full size, and calls that fitted
 * before fail although the memory is free. */
int sl_heap_room(double *bytes);

/* ---- softmax ----------------------------------------------------------------------- */
/* out, x: rows×cols. out[r,:] = softmax(x[r,:] / temperature), stable (the row maximum of
 * the finite-or-+Inf entries is subtracted). -Inf entries get weight 0; a row whose
 * entries are all -Inf gets all-zero weights (not NaN). If a row holds +Inf entries, they
 * share the weight equally (the limit of the softmax). NaN in a row makes that row NaN.
 * out may alias x. temperature must be finite and > 0. */
int sl_softmax_rows(float *out, const float *x, int rows, int cols, float temperature);

/* ---- scaled dot-product attention ------------------------------------------------- */
/* q: n×dk, k: m×dk, v: m×dv; logits, scaled, scores, weights: n×m; out: n×dv.
 * logits = Q·Kᵀ; scaled = scale·logits + bias (before masking);
 * scores = scaled, with masked entries = -Inf;
 * weights = softmax_rows(scores / temperature); out = weights·V.
 * causal: query i may see key j iff j <= i + (m - n) (queries are the last n positions).
 * mask (optional, n×m): 1 = may attend, 0 = masked. bias (optional, n×m): additive.
 * A fully masked row gives zero weights and a zero output row.
 * logits, scaled and scores may be NULL when the caller does not need them.
 * scale must be finite; temperature finite and > 0. */
int sl_attention(float *logits, float *scaled, float *scores, float *weights, float *out, const float *q,
                 const float *k, const float *v, int n, int m, int dk, int dv, float scale, float temperature,
                 int causal, const uint8_t *mask, const float *bias);

/* c: n×m = a (n×k) · b (k×m), or a · bᵀ with b: m×k when transpose_b is 1. */
int sl_matmul(float *c, const float *a, const float *b, int n, int k, int m, int transpose_b);

/* out[i] = a_i · b_i for the n rows of a, b: n×d (the Monte Carlo of aᵀb in the lab). */
int sl_row_dots(float *out, const float *a, const float *b, int n, int d);

/* ---- multi-head self-attention ------------------------------------------------------ */
typedef enum sl_posenc {
    SL_POSENC_NONE = 0,
    SL_POSENC_ROPE = 1,      /* RoPE on each head's q and k, positions 0..n-1          */
    SL_POSENC_ALIBI = 2,     /* ALiBi bias per head (slopes given or the paper's)      */
    SL_POSENC_SINUSOIDAL = 3 /* sinusoidal PE (interleaved, base rope_base) added to x   */
} sl_posenc;

/* x: n×d_model; wq, wk: d_model×(heads·dk); wv: d_model×(heads·dv); wo: (heads·dv)×d_model.
 * weights: heads×n×n; head_out: n×(heads·dv) (the concatenated heads, before wo);
 * out: n×d_model. Scale 1/sqrt(dk). rope_base: base for RoPE / sinusoidal (finite, > 1).
 * rope_pairing: an sl_rope_pairing. alibi_slopes: heads values, or NULL for the paper's
 * slopes. head_out and weights may be NULL. Non-causal ALiBi uses the symmetric bias.
 * Outputs must not alias the inputs (out holds x + PE while the heads are computed). Scratch: the
 * heads' q, k, v (n×dk, n×dk, n×dv), plus n×heads·dv without head_out, n×dv with more than one
 * head, n×n without weights and n×n for ALiBi. */
int sl_mha(float *weights, float *head_out, float *out, const float *x, int n, int d_model, int heads, int dk, int dv,
           const float *wq, const float *wk, const float *wv, const float *wo, int causal, int posenc, float rope_base,
           int rope_pairing, const float *alibi_slopes, float temperature);

/* ---- positional encodings ------------------------------------------------------------ */
typedef enum sl_pe_layout {
    SL_PE_INTERLEAVED = 0, /* PE[t,2i] = sin(t·ω_i), PE[t,2i+1] = cos(t·ω_i)           */
    SL_PE_CONCAT = 1       /* PE[t,i] = sin(t·ω_i), PE[t,d/2+i] = cos(t·ω_i)           */
} sl_pe_layout;

/* pe: n_pos×d_model, ω_i = base^(-2i/d_model). d_model even; base finite, > 1. */
int sl_sinusoidal(float *pe, int n_pos, int d_model, float base, int layout);

/* t: d_model×d_model, the block-diagonal rotation with PE(t+k) = T(k)·PE(t) for the
 * interleaved layout (k may be negative; |k| <= SL_MAX_SEQ). */
int sl_sinusoidal_shift(float *t, int k, int d_model, float base);

typedef enum sl_rope_pairing {
    SL_ROPE_INTERLEAVED = 0, /* pair i = (x[2i], x[2i+1])                               */
    SL_ROPE_HALF = 1         /* pair i = (x[i], x[i+d/2]) — rotate_half                 */
} sl_rope_pairing;

typedef enum sl_rope_scaling {
    SL_ROPE_SCALE_NONE = 0,
    SL_ROPE_SCALE_LINEAR = 1, /* position m becomes m / factor                           */
    SL_ROPE_SCALE_NTK = 2     /* base becomes base · factor^(d/(d-2))                     */
} sl_rope_scaling;

/* angles: n_pos×(d/2), angles[p,i] = m_p·θ_i with θ_i = base^(-2i/d), after scaling.
 * positions: n_pos ints (NULL = 0..n_pos-1), each |m| <= SL_MAX_SEQ·16.
 * factor: finite, >= 1 when scaling is not NONE. */
int sl_rope_angles(float *angles, int n_pos, int d, float base, const int32_t *positions, int scaling, float factor);

/* out, x: n_pos×d (out may alias x); each row p rotated by angles m_p·θ_i. d even. */
int sl_rope(float *out, const float *x, int n_pos, int d, float base, const int32_t *positions, int pairing,
            int scaling, float factor);

/* A learned positional table, initialised as a model would before training: table: n_pos×d_model,
 * entries N(0, std²) from a portable generator seeded by seed (the same numbers natively and in
 * WebAssembly). std finite, >= 0. */
int sl_learned_table(float *table, int n_pos, int d_model, uint32_t seed, float std);

/* out: n×d_model, the rows of table (table_len×d_model) at positions. A position outside
 * [0, table_len) is an error (SL_ERR_VALUE), not a clamp: a learned table has no entry for a
 * position it was not trained on — the contrast with sinusoidal encodings and RoPE, which are
 * defined at every position. */
int sl_learned_lookup(float *out, const float *table, int table_len, int d_model, const int32_t *positions, int n);

/* slopes: heads. Press et al.: for a power of two H, 2^(-8/H)·r^h with r = 2^(-8/H);
 * otherwise the c = largest power of two below H slopes, then every other slope of the
 * 2c-head sequence, H in all. */
int sl_alibi_slopes(float *slopes, int heads);

/* bias: heads×n×m. Key j of query i sits at relative distance (i + m - n) - j.
 * causal: -slope·dist where dist >= 0, -Inf where the key is in the future;
 * otherwise symmetric -slope·|dist|. slopes: heads values or NULL for sl_alibi_slopes. */
int sl_alibi_bias(float *bias, int heads, int n, int m, int causal, const float *slopes);

/* ---- recurrent cells (PyTorch layouts) ------------------------------------------------------ */
/* LSTM: w_ih (4nh)×nx, w_hh (4nh)×nh, b_ih, b_hh 4nh (each may be NULL = 0); row blocks in the
 * order i, f, g, o (the course's Γ_u, Γ_f, c̃, Γ_o). gates, preact: 4nh per step (i, f, g, o after
 * and before their activations). h0, c0 may be NULL (zeros). */
int sl_lstm_step(float *h, float *c, float *gates, float *preact, const float *x, const float *h_prev,
                 const float *c_prev, const float *w_ih, const float *w_hh, const float *b_ih, const float *b_hh,
                 int nx, int nh);

/* The weights of one LSTM layer, as pointers into the caller's memory plus their sizes (a struct
 * rather than a dozen positional arguments, as llm.c does at this scale). w_y (ny×nh) and b_y (ny)
 * are an optional output layer ŷ = softmax(w_y h + b_y): w_y NULL = none (ny is then ignored).
 * In WebAssembly every field is 4 bytes, in this order (JS writes it as 9 int32s). */
typedef struct sl_lstm_params {
    const float *w_ih, *w_hh; /* (4nh)×nx, (4nh)×nh                          */
    const float *b_ih, *b_hh; /* 4nh each, or NULL (zeros)                    */
    const float *w_y, *b_y;   /* ny×nh, ny; or NULL                           */
    int nx, nh, ny;
} sl_lstm_params;

/* Where sl_lstm_backward writes; every pointer but dw_ih and dw_hh may be NULL (not wanted).
 * Weight and bias gradients in the forward layouts; dxs T×nx; dh0, dc0 nh; dw_y ny×nh, db_y ny
 * (with an output layer); loss: 1 value, the cross-entropy sum; dc_steps, dh_steps T×nh: the total
 * dL/dc_t and dL/dh_t. In WebAssembly: 12 pointers of 4 bytes, in this order. */
typedef struct sl_lstm_grads {
    float *dw_ih, *dw_hh, *db_ih, *db_hh;
    float *dxs, *dh0, *dc0;
    float *dw_y, *db_y, *loss;
    float *dc_steps, *dh_steps;
} sl_lstm_grads;

/* xs: T×nx; hs, cs: T×nh; gates, preact: T×4nh (may be NULL); ys: T×ny = softmax(w_y h_t + b_y)
 * when p->w_y is given. */
int sl_lstm_forward(float *hs, float *cs, float *gates, float *preact, float *ys, const sl_lstm_params *p,
                    const float *xs, int T, const float *h0, const float *c0);

/* Backpropagation through time of L = Σ_t dh_t·h_t (dh: T×nh) and/or Σ_t cross-entropy(ys_t,
 * targets[t]) (targets: T class indices, needs p->w_y). forget_rule 1 uses the course's mistaken
 * dΓ_f = dc·c̃·Γ_f(1−Γ_f) (c̃ in place of c_prev), so a gradient check can show it failing; 0 is
 * correct. */
int sl_lstm_backward(const sl_lstm_grads *g, const sl_lstm_params *p, const float *xs, int T, const float *h0,
                     const float *c0, const float *dh, const int32_t *targets, int forget_rule);

/* GRU: w_ih (3nh)×nx, w_hh (3nh)×nh, row blocks r, z, n; n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),
 * h' = (1 − z) ⊙ n + z ⊙ h. gates: 3nh per step (r, z, n); preact: 3nh (r and z before σ, n's
 * argument before tanh); hn: nh per step (W_hn h + b_hn). All but hs may be NULL. */
int sl_gru_step(float *h, float *gates, float *preact, float *hn, const float *x, const float *h_prev,
                const float *w_ih, const float *w_hh, const float *b_ih, const float *b_hh, int nx, int nh);

/* The weights of one GRU layer (b_ih, b_hh may be NULL). In WebAssembly: 6 fields of 4 bytes. */
typedef struct sl_gru_params {
    const float *w_ih, *w_hh; /* (3nh)×nx, (3nh)×nh */
    const float *b_ih, *b_hh; /* 3nh each, or NULL  */
    int nx, nh;
} sl_gru_params;

/* Where sl_gru_backward writes; all but dw_ih, dw_hh may be NULL. dxs T×nx, dh0 nh, dh_steps T×nh
 * (the total dL/dh_t). In WebAssembly: 7 pointers of 4 bytes. */
typedef struct sl_gru_grads {
    float *dw_ih, *dw_hh, *db_ih, *db_hh;
    float *dxs, *dh0, *dh_steps;
} sl_gru_grads;

int sl_gru_forward(float *hs, float *gates, float *preact, float *hn, const sl_gru_params *p, const float *xs, int T,
                   const float *h0);
/* BPTT of L = Σ_t dh_t·h_t (dh: T×nh). */
int sl_gru_backward(const sl_gru_grads *g, const sl_gru_params *p, const float *xs, int T, const float *h0,
                    const float *dh);

/* The same in double precision (same fields and arguments, double arrays), for gradient checks. */
typedef struct sl_lstm_params_f64 {
    const double *w_ih, *w_hh, *b_ih, *b_hh, *w_y, *b_y;
    int nx, nh, ny;
} sl_lstm_params_f64;
typedef struct sl_lstm_grads_f64 {
    double *dw_ih, *dw_hh, *db_ih, *db_hh, *dxs, *dh0, *dc0, *dw_y, *db_y, *loss, *dc_steps, *dh_steps;
} sl_lstm_grads_f64;
typedef struct sl_gru_params_f64 {
    const double *w_ih, *w_hh, *b_ih, *b_hh;
    int nx, nh;
} sl_gru_params_f64;
typedef struct sl_gru_grads_f64 {
    double *dw_ih, *dw_hh, *db_ih, *db_hh, *dxs, *dh0, *dh_steps;
} sl_gru_grads_f64;
int sl_lstm_forward_f64(double *hs, double *cs, double *gates, double *preact, double *ys, const sl_lstm_params_f64 *p,
                        const double *xs, int T, const double *h0, const double *c0);
int sl_lstm_backward_f64(const sl_lstm_grads_f64 *g, const sl_lstm_params_f64 *p, const double *xs, int T,
                         const double *h0, const double *c0, const double *dh, const int32_t *targets, int forget_rule);
int sl_gru_forward_f64(double *hs, double *gates, double *preact, double *hn, const sl_gru_params_f64 *p,
                       const double *xs, int T, const double *h0);
int sl_gru_backward_f64(const sl_gru_grads_f64 *g, const sl_gru_params_f64 *p, const double *xs, int T,
                        const double *h0, const double *dh);

/* count: the parameters of one layer. cell 0 = LSTM (4 gate blocks), 1 = GRU (3); biases 1 (one
 * per gate) or 2 (PyTorch keeps b_ih and b_hh). A double: exact, and JS reads it as a number. */
int sl_rnn_param_count(double *count, int cell, int nx, int nh, int biases);

/* ---- task generators ------------------------------------------------------------------------- */
/* Batches for training, generated from seed with the core's generator (the same batch natively
 * and in WebAssembly). Every row b draws its length n uniformly from [min_len, max_len]; a batch
 * has T positions per row whatever the lengths; positions past a row's end hold the padding id
 * and have mask 0. tokens, targets: batch×T ids; mask: batch×T (1 = counted in the loss);
 * lengths: batch (each row's n). Targets are the next entry of the row (language modelling).
 *
 * copy, reverse (vocab = symbols + 3: PAD 0, BOS 1, SEP 2, symbols 3 .. symbols+2; T = 2·max_len + 1):
 *   the row [BOS] x1..xn [SEP] x1..xn (reverse: xn..x1) then PAD; tokens are its entries 0..T−1,
 *   targets 1..T; counted: positions n+1 .. 2n, whose targets are the second half.
 * induction (the same ids, SEP unused; T = 2·max_len; min_len >= 2): [BOS] x1..xn x1..xn; counted:
 *   positions n+1 .. 2n−1, the targets x2..xn of the repetition (x1 follows xn: unpredictable).
 * parity (vocab 3: bits 0 and 1, PAD 2; T = max_len): tokens b1..bn; target at position p the
 *   parity b1 ⊕ … ⊕ b(p+1); counted: positions 0..n−1, or only n−1 when final_only is 1.
 * text (sl_task_text; T = max_len): rows are windows of the given ids at a uniform start;
 *   tokens text[s..s+n−1], targets text[s+1..s+n]; padding id 0; counted: positions 0..n−1.
 * recall (ids as parity; T = max_len): tokens b1..bn (the same draws as parity with the same seed);
 *   one counted position, n−1, whose target is b1: the first bit carried over n−1 others (targets
 *   elsewhere PAD, never read).
 * x and bits are uniform draws. */
typedef enum sl_task {
    SL_TASK_COPY = 0,
    SL_TASK_REVERSE = 1,
    SL_TASK_PARITY = 2,
    SL_TASK_INDUCTION = 3,
    SL_TASK_TEXT = 4,
    SL_TASK_RECALL = 5
} sl_task;

/* T and vocab of a task's batches with max_len (symbols: the alphabet size for copy, reverse and
 * induction, the vocabulary for text, ignored for parity). */
int sl_task_shape(int *T, int *vocab, int task, int max_len, int symbols);

/* A batch of copy, reverse, parity, induction or recall. final_only: parity only (0 or 1). */
int sl_task_batch(int32_t *tokens, int32_t *targets, uint8_t *mask, int32_t *lengths, int task, int batch, int min_len,
                  int max_len, int symbols, int final_only, uint32_t seed);

/* A batch of character-level language modelling on text (text_len ids in [0, vocab));
 * text_len >= max_len + 1. */
int sl_task_text(int32_t *tokens, int32_t *targets, uint8_t *mask, int32_t *lengths, const int32_t *text, int text_len,
                 int vocab, int batch, int min_len, int max_len, uint32_t seed);

/* ---- Transformer parameter counts ------------------------------------------------------ */
/* Exact parameter counts of an encoder-decoder, encoder-only (BERT-style) or decoder-only
 * (GPT-style) Transformer, part by part, and the costs that follow from them. Sizes are int64
 * because real models pass SL_MAX_DIM (GPT-3: d_model 12288, vocabularies of 250k); each is
 * checked against SL_MAX_COUNT_SIZE and every sum and product against SL_MAX_COUNT (2^53), so
 * every result is an exact integer that a double (a JS number) also holds exactly.
 * Messages name the settings as the JS API does (dModel, dHead, ...). */
#define SL_MAX_COUNT_SIZE (1LL << 40) /* any one size of sl_transformer_config            */
#define SL_MAX_COUNT      (1LL << 53) /* any count, FLOP or byte total                   */

enum { SL_ARCH_ENCODER_DECODER = 0, SL_ARCH_ENCODER = 1, SL_ARCH_DECODER = 2 };

/* Booleans are 0/1. Every field is int64 so the struct has one layout everywhere (native and
 * WebAssembly) and a caller can fill it as an array of 23 int64. */
typedef struct sl_transformer_config {
    int64_t arch; /* SL_ARCH_*: decoder blocks have cross-attention only in ENCODER_DECODER */
    int64_t vocab, d_model, heads, d_head, d_ff;
    int64_t encoder_blocks;    /* must be 0 with SL_ARCH_DECODER                                 */
    int64_t decoder_blocks;    /* must be 0 with SL_ARCH_ENCODER                                 */
    int64_t seq_len, batch;    /* for the attention term of the FLOPs and the score tensor        */
    int64_t max_len;           /* rows of a learned position table per stack; 0 = none (sinusoidal) */
    int64_t type_vocab;        /* rows of a token-type table per stack; 0 = none                 */
    int64_t embedding_bias;    /* a d_model bias on each token embedding (the course's convention) */
    int64_t shared_embeddings; /* ENCODER_DECODER: source and target share one table           */
    int64_t output_layer;      /* a d_model -> vocab layer at the end (0: none, e.g. BERT's encoder) */
    int64_t tied_embeddings;   /* the output layer reuses the (target) embedding's weights        */
    int64_t output_bias;
    int64_t embedding_norm;               /* a LayerNorm after the embeddings of each stack (BERT)          */
    int64_t final_norm;                   /* a LayerNorm after the last block of each stack (GPT-2, pre-LN)  */
    int64_t pooler;                       /* d_model -> d_model dense layer on the first token (BERT)        */
    int64_t qkv_bias, out_bias, ffn_bias; /* biases of Q/K/V, of W_O, of both FFN layers        */
} sl_transformer_config;

/* Parameter counts of one copy of each part (LayerNorm: 2·d_model, gain and bias), how many
 * copies the model holds, and the costs. stacks = 2 for ENCODER_DECODER (each side embeds its
 * own tokens and has its own positions, types and norms), else 1. */
typedef struct sl_transformer_counts {
    int64_t stacks, embedding_tables;
    int64_t embedding;       /* one token table: vocab·d_model (+ d_model bias)                */
    int64_t positions;       /* one learned table: max_len·d_model                             */
    int64_t token_types;     /* type_vocab·d_model                                             */
    int64_t norm;            /* one LayerNorm: 2·d_model                                        */
    int64_t embedding_norm;  /* norm if config->embedding_norm, else 0 (per stack)              */
    int64_t final_norm;      /* norm if config->final_norm, else 0 (per stack)                  */
    int64_t qkv_per_head;    /* 3·(d_model·d_head + d_head if qkv_bias)                         */
    int64_t wo;              /* heads·d_head·d_model (+ d_model if out_bias)                    */
    int64_t attention;       /* heads·qkv_per_head + wo                                         */
    int64_t ffn;             /* d_model·d_ff + d_ff·d_model (+ d_ff + d_model if ffn_bias)      */
    int64_t encoder_block;   /* attention + ffn + 2 norms                                       */
    int64_t decoder_block;   /* ENCODER_DECODER: 2 attention + ffn + 3 norms; DECODER: as encoder */
    int64_t cross_attention; /* of one decoder block: attention in ENCODER_DECODER, else 0      */
    int64_t decoder_norms;   /* of one decoder block: 3 norms in ENCODER_DECODER, else 2        */
    int64_t pooler;          /* d_model·d_model + d_model, or 0                                 */
    int64_t output;          /* d_model·vocab unless tied, + vocab if output_bias; 0 without one */
    int64_t total;           /* everything, each part times its copies                          */
    /* Forward FLOPs per token: 2 per multiply-add of every weight matrix a token passes
     * (blocks, and the output layer, tied or not; not the pooler, run once per sequence) plus
     * the attention term 4·seq_len·heads·d_head per attention layer (QKᵀ and weights·V over the
     * full context). In ENCODER_DECODER a token is one source and one target position. */
    int64_t matmul_weights; /* weights used in matrix products per token                       */
    int64_t attention_layers;
    int64_t flops_forward;            /* 2·matmul_weights + 4·attention_layers·seq_len·heads·d_head       */
    int64_t flops_train;              /* 3·flops_forward: the backward pass costs twice the forward      */
    int64_t kv_bytes_per_token;       /* K and V of every decoder self-attention, float32       */
    int64_t kv_cross_bytes_per_token; /* ENCODER_DECODER: cross-attention K, V per source token */
    int64_t kv_bytes_batch;           /* kv_bytes_per_token·seq_len·batch: the cache of a full batch     */
    int64_t train_memory_bytes;       /* float32 parameters + gradients + Adam's m and v: 16·total */
    int64_t score_elements;           /* the self-attention score tensor batch·heads·seq_len²            */
    int64_t score_bytes;              /* 4·score_elements                                                 */
    int64_t score_flops;              /* 4·batch·heads·seq_len²·d_head: QKᵀ and weights·V, 2 per multiply-add */
} sl_transformer_counts;

/* Fills out from config. SL_ERR_SIZE for a size < 1 (or a block count < 0) or an arch whose
 * unused block count is not 0, SL_ERR_LIMIT for a size past SL_MAX_COUNT_SIZE or a result past
 * SL_MAX_COUNT, SL_ERR_ARG for an unknown arch or a boolean that is not 0/1. */
int sl_transformer_count(sl_transformer_counts *out, const sl_transformer_config *config);

/* ---- training ------------------------------------------------------------------------------ */
/* A model object owns its parameters, their gradients and the AdamW moments in one allocation
 * sized from its config; the config is checked against the limits below before anything is
 * allocated. Batches: tokens, targets: batch×T int32 ids in [0, vocab); mask: batch×T bytes, 1 =
 * the position counts in the loss, 0 = not (its target is not read); NULL = all count. A token or
 * counted target outside [0, vocab) is SL_ERR_VALUE naming the row and position. batch·T ≤
 * SL_MAX_ELEMS; T ≤ max_len for the learned positional table only. positions: batch×T position
 * ids the encodings see (Transformer only; NULL = 0..T−1 in every row), each in [0, SL_MAX_SEQ)
 * and, for the learned table, below max_len (SL_ERR_VALUE naming the row and position otherwise);
 * the causal mask stays by index. A recurrent model given positions is SL_ERR_ARG. Activations are
 * scratch sized from batch·T and freed before each call returns. */
#define SL_MODEL_MAX_LAYERS 16
#define SL_MODEL_MAX_VOCAB  65536
/* The most AdamW steps a model counts: 2^53, so that a count is exact as a double (in JS). */
#define SL_MODEL_MAX_STEPS 9007199254740992LL

typedef struct sl_model sl_model;

typedef enum sl_model_kind {
    SL_MODEL_TRANSFORMER = 0,
    SL_MODEL_RNN = 1,
    SL_MODEL_LSTM = 2,
    SL_MODEL_GRU = 3
} sl_model_kind;
typedef enum sl_model_posenc {
    SL_MODEL_POSENC_NONE = 0,
    SL_MODEL_POSENC_LEARNED = 1,    /* wpe [max_len, d_model] added to the token embedding    */
    SL_MODEL_POSENC_SINUSOIDAL = 2, /* interleaved, base 10000, added to the token embedding  */
    SL_MODEL_POSENC_ROPE = 3,       /* q and k of every head, interleaved pairs, base rope_base */
    SL_MODEL_POSENC_ALIBI = 4       /* causal bias −slope_h·(i − j), the paper's slopes          */
} sl_model_posenc;
typedef enum sl_model_activation { SL_MODEL_GELU = 0 /* tanh approximation */, SL_MODEL_RELU = 1 } sl_model_activation;

typedef enum sl_model_embedding {
    SL_MODEL_EMBEDDING_GPT2 = 0,  /* wte ~ N(0, 0.02), added as it is                              */
    SL_MODEL_EMBEDDING_SCALED = 1 /* wte ~ N(0, 1/d_model), times sqrt(d_model) where it enters x  */
} sl_model_embedding;

/* Indices of the int32 config array (SL_CFG_COUNT entries). Transformer: vocab, max_len, layers,
 * d_model, heads (d_model % heads == 0; head size even for rope), d_ff (0: attention-only layers,
 * no ln2 and no MLP), posenc, tied (0/1), activation, embedding; hidden is ignored. Recurrent (rnn,
 * lstm, gru): vocab, d_model (embedding size), hidden; the rest must be 0. seed: any 32-bit
 * pattern (read as unsigned). */
typedef enum sl_model_field {
    SL_CFG_KIND,
    SL_CFG_VOCAB,
    SL_CFG_MAX_LEN,
    SL_CFG_LAYERS,
    SL_CFG_D_MODEL,
    SL_CFG_HEADS,
    SL_CFG_D_FF,
    SL_CFG_POSENC,
    SL_CFG_TIED,
    SL_CFG_ACTIVATION,
    SL_CFG_HIDDEN,
    SL_CFG_SEED,
    SL_CFG_EMBEDDING,
    SL_CFG_COUNT
} sl_model_field;
/* Indices of the float config array (SL_CFGF_COUNT entries; NULL = the defaults 10000 and 1).
 * rope_base: finite, > 1 for every kind (used by rope only; checked always, so a file cannot carry
 * a value that would fail once the config is reused); forget_bias: finite, |x| ≤ 100, added at initialisation to the forget-gate
 * rows [hidden, 2·hidden) of an LSTM's cell.bIh (Gers et al. 2000; Jozefowicz et al. 2015), 0 for
 * other kinds. */
typedef enum sl_model_float_field { SL_CFGF_ROPE_BASE, SL_CFGF_FORGET_BIAS, SL_CFGF_COUNT } sl_model_float_field;

/* *model = a new model with the seeded initialisation of TRAINING.md (version 2). config:
 * SL_CFG_COUNT ints; fconfig: SL_CFGF_COUNT floats or NULL. SL_ERR_LIMIT when a size or the
 * parameter count (≤ SL_MAX_ELEMS) is past a limit; nothing is allocated then. *model is NULL
 * after any failure. */
int sl_model_create(sl_model **model, const int32_t *config, const float *fconfig);
/* Frees the model (NULL is allowed and does nothing). The handle is invalid afterwards. */
int sl_model_free(sl_model *model);
/* info: 3 ints — parameter count, number of tensors in the layout, AdamW steps taken (clamped
 * to INT32_MAX; sl_model_steps gives the exact count). */
int sl_model_info(int32_t *info, const sl_model *model);
/* steps: the AdamW steps taken, exactly (at most SL_MODEL_MAX_STEPS). */
int sl_model_steps(int64_t *steps, const sl_model *model);
/* config: SL_CFG_COUNT ints, fconfig: SL_CFGF_COUNT floats, as given to sl_model_create (defaults
 * as stored; a version-1 file reports embedding 0 and forget_bias 0, the model it was). */
int sl_model_get_config(int32_t *config, float *fconfig, const sl_model *model);
/* Tensor index of the layout (0 ≤ index < count): name (24 bytes, NUL-terminated, e.g.
 * "h.0.attn.qkv.w"), info: 5 ints — ndim (1 or 2), shape[0], shape[1] (1 when ndim is 1),
 * offset and size in floats within the parameter array. */
int sl_model_tensor(char *name, int32_t *info, const sl_model *model, int index);
/* params: parameter count floats, copied out / in. set_params refuses a NaN or ±Inf
 * (SL_ERR_VALUE naming the first, "params[123] (h.0.attn.qkv.w[5]) is NaN") and sets nothing.
 *
 * Finite numbers only: a model's parameters and AdamW moments are finite at all times (create,
 * set_params, load and step each refuse what would break that), and loss_grad,
 * grad_through_time, step, forward and evaluate refuse a model whose parameters are not finite
 * (SL_ERR_VALUE, "the model's parameters are not finite (...)"), so a NaN never passes for a loss
 * or an accuracy. A mask that counts no position is SL_ERR_VALUE wherever a loss is computed
 * (loss_grad, grad_through_time, step, evaluate): a mean over no positions is undefined. */
int sl_model_get_params(float *params, const sl_model *model);
int sl_model_set_params(sl_model *model, const float *params);
/* loss: the mean over counted positions of −log softmax(logits)[target] (the mask must count at
 * least one). grads (may be NULL): parameter count floats, in the layout; no update. */
int sl_model_loss_grad(float *loss, float *grads, sl_model *model, const int32_t *tokens, const int32_t *targets,
                       const uint8_t *mask, const int32_t *positions, int batch, int T);
/* The gradient norm through time of a recurrent model (rnn, lstm, gru; a Transformer is SL_ERR_ARG):
 * dh_norm: T floats, dh_norm[t] = the mean over the batch rows of ‖∂loss/∂h_t‖₂, the loss as in
 * sl_model_loss_grad (mean over counted positions). loss: 1 float. No update; the model's
 * gradient buffer is not touched. */
int sl_model_grad_through_time(float *dh_norm, float *loss, sl_model *model, const int32_t *tokens,
                               const int32_t *targets, const uint8_t *mask, int batch, int T);
/* One AdamW step (PyTorch semantics: decoupled decay p −= lr·wd·p on 2-D tensors only, bias
 * correction) after clipping the global gradient norm to clip (0 = no clipping). result: 2 floats,
 * the loss and the gradient norm before clipping. lr, weight_decay ≥ 0; beta1, beta2 in [0, 1);
 * eps > 0; clip ≥ 0; all finite. A non-finite loss or gradient, or an update that would make any
 * parameter or moment non-finite (a decay factor 1 − lr·weight_decay or a step size past float32's
 * range, a squared gradient that overflows), is refused (SL_ERR_VALUE "... no update made"): the
 * parameters, moments and step count are left bit for bit as they were. A model at
 * SL_MODEL_MAX_STEPS steps is SL_ERR_LIMIT. */
int sl_model_step(float *result, sl_model *model, const int32_t *tokens, const int32_t *targets, const uint8_t *mask,
                  const int32_t *positions, int batch, int T, float lr, float beta1, float beta2, float eps,
                  float weight_decay, float clip);
/* logits: batch×T×vocab. attention: layers×batch×heads×T×T softmax weights (Transformer only;
 * NULL to skip; must be NULL for recurrent kinds, which have none). */
int sl_model_forward(float *logits, float *attention, const sl_model *model, const int32_t *tokens,
                     const int32_t *positions, int batch, int T);
/* result: 3 floats — loss, token accuracy (argmax == target over counted positions) and exact
 * match (the fraction of rows whose counted positions are all right; rows with none counted are
 * left out). The mask must count at least one position; a counted position whose logits include
 * NaN has no argmax and is SL_ERR_VALUE naming its row and position. */
int sl_model_evaluate(float *result, const sl_model *model, const int32_t *tokens, const int32_t *targets,
                      const uint8_t *mask, const int32_t *positions, int batch, int T);
/* Save format, little-endian: "SQLB", u32 version (2), u32 SL_CFG_COUNT, SL_CFG_COUNT i32 config,
 * SL_CFGF_COUNT f32 fconfig, u64 parameter count, u64 steps, then params, AdamW m, v (f32 each),
 * and a u32 CRC-32 of every byte before it. bytes: the exact size from sl_model_save_size.
 * Version 1 (read, never written) had 12 config ints (no embedding) and rope_base alone. */
int sl_model_save_size(int32_t *bytes, const sl_model *model);
int sl_model_save(uint8_t *out, int32_t bytes, const sl_model *model);
/* *model = the model in data (n bytes). A short, foreign, newer, truncated, corrupted or
 * inconsistent file gets its own message (SL_ERR_VALUE; SL_ERR_ARG / SL_ERR_LIMIT for a saved
 * config that is invalid or past the limits) and nothing is allocated; so does a file, checksum
 * valid or not, whose parameters or AdamW moments are not finite (or whose v is negative: the
 * message names the array, the index and the tensor) or whose step count is past
 * SL_MODEL_MAX_STEPS. */
int sl_model_load(sl_model **model, const uint8_t *data, int32_t n);

#ifdef __cplusplus
}
#endif
#endif /* SEQLAB_H */
