/* transformer_train.c — forward and backward of the decoder-only Transformer over one batch
 * (GPT-2 style, pre-LayerNorm; TRAINING.md), in the manner of llm.c's train_gpt2.c: each
 * operation's forward and backward side by side, every activation the backward pass needs kept in
 * one scratch block whose layout is computed from batch·T, every matrix product over all batch·T
 * rows at once through sl_gemm_nt (kernels.c).
 *
 * Shapes: B batch rows, T positions, BT = B·T, C = d_model, H heads of size D = C/H, F = d_ff,
 * V = vocab, L layers. Linear weights are out×in (nn.Linear). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scratch.h"
#include "sl_internal.h"
#include "train_internal.h"

/* ---- LayerNorm (eps 1e-5, biased variance) ---------------------------------------------------- */
/* out, inp: N×C; mean, rstd: N (kept for the backward pass) */
static void layernorm_forward(float *out, float *mean, float *rstd, const float *inp, const float *w, const float *b,
                              int N, int C) {
    for (int n = 0; n < N; n++) {
        const float *x = inp + (size_t)n * C;
        float m = 0;
        for (int i = 0; i < C; i++) m += x[i];
        m /= C;
        float v = 0;
        for (int i = 0; i < C; i++) v += (x[i] - m) * (x[i] - m);
        v /= C;
        float s = 1.0f / sqrtf(v + 1e-5f);
        float *o = out + (size_t)n * C;
        for (int i = 0; i < C; i++) o[i] = (x[i] - m) * s * w[i] + b[i];
        mean[n] = m, rstd[n] = s;
    }
}

/* dinp += ∂/∂inp; dw, db += */
static void layernorm_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp, const float *w,
                               const float *mean, const float *rstd, int N, int C) {
    for (int n = 0; n < N; n++) {
        const float *x = inp + (size_t)n * C, *dy = dout + (size_t)n * C;
        const float m = mean[n], s = rstd[n];
        float dnorm_mean = 0, dnorm_norm_mean = 0;
        for (int i = 0; i < C; i++) {
            float norm = (x[i] - m) * s, dnorm = w[i] * dy[i];
            dnorm_mean += dnorm;
            dnorm_norm_mean += dnorm * norm;
        }
        dnorm_mean /= C, dnorm_norm_mean /= C;
        float *dx = dinp + (size_t)n * C;
        for (int i = 0; i < C; i++) {
            float norm = (x[i] - m) * s, dnorm = w[i] * dy[i];
            db[i] += dy[i];
            dw[i] += norm * dy[i];
            dx[i] += (dnorm - dnorm_mean - norm * dnorm_norm_mean) * s;
        }
    }
}

/* ---- linear layers ---------------------------------------------------------------------------- */
/* dst: cols×rows = srcᵀ, src: rows×cols. Blocked so both sides stay in cache. */
static void transpose(float *dst, const float *src, int rows, int cols) {
    for (int r0 = 0; r0 < rows; r0 += 16)
        for (int c0 = 0; c0 < cols; c0 += 16) {
            int r1 = r0 + 16 < rows ? r0 + 16 : rows, c1 = c0 + 16 < cols ? c0 + 16 : cols;
            for (int r = r0; r < r1; r++)
                for (int c = c0; c < c1; c++) dst[(size_t)c * rows + r] = src[(size_t)r * cols + c];
        }
}

/* out: N×OC (= or += when accumulate) inp (N×IC) · wᵀ (w: OC×IC) + bias (OC, may be NULL) */
static void linear_forward(float *out, const float *inp, const float *w, const float *bias, int N, int IC, int OC,
                           int accumulate) {
    sl_gemm_nt(out, inp, w, N, OC, IC, accumulate);
    if (bias)
        for (int n = 0; n < N; n++) {
            float *o = out + (size_t)n * OC;
            for (int j = 0; j < OC; j++) o[j] += bias[j];
        }
}

/* dinp: N×IC (= or += when accumulate) dout · w; dw: OC×IC += doutᵀ · inp; db: OC += Σ_n dout (may
 * be NULL). dinp through a transposed copy of the weight (tw ≥ IC·OC floats, small) so the
 * register-blocked A·Bᵀ kernel does it; dw by the Aᵀ·B kernel straight from the activations. */
static void linear_backward(float *dinp, float *dw, float *db, const float *dout, const float *inp, const float *w,
                            int N, int IC, int OC, int accumulate, float *tw) {
    transpose(tw, w, OC, IC);
    sl_gemm_nt(dinp, dout, tw, N, IC, OC, accumulate);
    sl_gemm_tn(dw, dout, inp, OC, IC, N);
    if (db)
        for (int n = 0; n < N; n++) {
            const float *d = dout + (size_t)n * OC;
            for (int j = 0; j < OC; j++) db[j] += d[j];
        }
}

/* ---- activations: GELU (kernels.c) or ReLU ------------------------------------------------------ */
static void activation_forward(float *out, const float *inp, long long n, int relu) {
    if (!relu) {
        sl_gelu_forward(out, inp, n);
        return;
    }
    for (long long i = 0; i < n; i++) out[i] = inp[i] > 0 ? inp[i] : 0.0f;
}

/* dinp = act'(inp) · dout (dinp may alias dout) */
static void activation_backward(float *dinp, const float *inp, const float *dout, long long n, int relu) {
    if (!relu) {
        sl_gelu_backward(dinp, inp, dout, n);
        return;
    }
    for (long long i = 0; i < n; i++) dinp[i] = inp[i] > 0 ? dout[i] : 0.0f;
}

/* ---- causal self-attention -------------------------------------------------------------------- */
/* head h of row b: rows t of qkv (BT×3C) at column h·D (q), C + h·D (k), 2C + h·D (v) */
static void gather_head(float *dst, const float *src, int T, int D, int ld) {
    for (int t = 0; t < T; t++) memcpy(dst + (size_t)t * D, src + (size_t)t * ld, (size_t)D * sizeof(float));
}
static void scatter_head(float *dst, const float *src, int T, int D, int ld) {
    for (int t = 0; t < T; t++) memcpy(dst + (size_t)t * ld, src + (size_t)t * D, (size_t)D * sizeof(float));
}

/* atty: BT×C (heads concatenated); att: B×H×T×T softmax weights (0 above the diagonal);
 * qkv: BT×3C with q, k already rotated for rope; slopes: H ALiBi slopes or NULL; pos: BT position
 * ids (the ALiBi distance is p_i − p_j; the causal mask stays by index); tmp: 4·T·D */
static void attention_forward(float *atty, float *att, const float *qkv, const float *slopes, const int32_t *pos,
                              float *tmp, int B, int T, int C, int H) {
    const int D = C / H;
    const float scale = 1.0f / sqrtf((float)D);
    float *q = tmp, *k = q + (size_t)T * D, *v = k + (size_t)T * D, *y = v + (size_t)T * D;
    for (int b = 0; b < B; b++)
        for (int h = 0; h < H; h++) {
            const float *base = qkv + (size_t)b * T * 3 * C + (size_t)h * D;
            gather_head(q, base, T, D, 3 * C);
            gather_head(k, base + C, T, D, 3 * C);
            gather_head(v, base + 2 * C, T, D, 3 * C);
            float *A = att + ((size_t)b * H + h) * T * T;
            sl_gemm_nt(A, q, k, T, T, D, 0);
            const float slope = slopes ? slopes[h] : 0.0f;
            const int32_t *p = pos + (size_t)b * T;
            for (int i = 0; i < T; i++) {
                float *row = A + (size_t)i * T;
                for (int j = 0; j <= i; j++) row[j] = row[j] * scale - slope * (float)(p[i] - p[j]);
                sl_softmax_row(row, i + 1, 1.0f);
                for (int j = i + 1; j < T; j++) row[j] = 0.0f; /* the causal mask */
            }
            sl_matmul_nn(y, A, T, v, D, T, T, D);
            scatter_head(atty + (size_t)b * T * C + (size_t)h * D, y, T, D, C);
        }
}

/* dqkv: BT×3C, overwritten (each column belongs to one head); datty: BT×C; tmp: 5·T·D + 3·T·T */
static void attention_backward(float *dqkv, const float *datty, const float *qkv, const float *att, float *tmp, int B,
                               int T, int C, int H) {
    const int D = C / H;
    const float scale = 1.0f / sqrtf((float)D);
    const size_t TD = (size_t)T * D, TT = (size_t)T * T;
    float *q = tmp, *k = q + TD, *v = k + TD, *dy = v + TD, *dx = dy + TD, *datt = dx + TD, *tr = datt + TT,
          *dS = tr + TT;
    for (int b = 0; b < B; b++)
        for (int h = 0; h < H; h++) {
            const float *base = qkv + (size_t)b * T * 3 * C + (size_t)h * D;
            float *dbase = dqkv + (size_t)b * T * 3 * C + (size_t)h * D;
            gather_head(q, base, T, D, 3 * C);
            gather_head(k, base + C, T, D, 3 * C);
            gather_head(v, base + 2 * C, T, D, 3 * C);
            gather_head(dy, datty + (size_t)b * T * C + (size_t)h * D, T, D, C);
            const float *A = att + ((size_t)b * H + h) * TT;
            sl_gemm_nt(datt, dy, v, T, T, D, 0); /* dA = dy · vᵀ */
            transpose(tr, A, T, T);
            sl_matmul_nn(dx, tr, T, dy, D, T, T, D); /* dv = Aᵀ · dy */
            scatter_head(dbase + 2 * C, dx, T, D, 3 * C);
            /* softmax backward, then the scale; the ALiBi bias and the mask have no parameters */
            for (int i = 0; i < T; i++) {
                const float *a = A + (size_t)i * T, *da = datt + (size_t)i * T;
                float *ds = dS + (size_t)i * T, dot = 0;
                for (int j = 0; j <= i; j++) dot += a[j] * da[j];
                for (int j = 0; j <= i; j++) ds[j] = a[j] * (da[j] - dot) * scale;
                for (int j = i + 1; j < T; j++) ds[j] = 0.0f;
            }
            sl_matmul_nn(dx, dS, T, k, D, T, T, D); /* dq = dS · k */
            scatter_head(dbase, dx, T, D, 3 * C);
            transpose(tr, dS, T, T);
            sl_matmul_nn(dx, tr, T, q, D, T, T, D); /* dk = dSᵀ · q */
            scatter_head(dbase + C, dx, T, D, 3 * C);
        }
}

/* q and k of every head of every row rotated (inverse = 0) or rotated back (inverse = 1) by the
 * angles of each row's position: row t of sequence b reads row pos[b·T + t] of the table cs */
static void rope_qk(float *qkv, const float *cs, const int32_t *pos, int B, int T, int C, int H, int inverse) {
    const int D = C / H;
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++) {
            const float *row_cs = cs + (size_t)pos[(size_t)b * T + t] * D;
            float *row = qkv + ((size_t)b * T + t) * 3 * C;
            for (int h = 0; h < H; h++) {
                sl_rope_rows_table(row + (size_t)h * D, 1, D, 3 * C, row_cs, inverse);
                sl_rope_rows_table(row + C + (size_t)h * D, 1, D, 3 * C, row_cs, inverse);
            }
        }
}

/* ---- the parameters by name ------------------------------------------------------------------- */
/* Pointers into one flat buffer (the parameters or their gradients), found by the names of
 * sl_model_build_layout's table, so no index into the layout is computed here. A tensor the
 * config does not have (wpe, head.w, the MLP of an attention-only layer) is NULL. */
typedef struct tf_layer {
    float *ln1w, *ln1b, *qkvw, *qkvb, *projw, *projb, *ln2w, *ln2b, *fcw, *fcb, *fc2w, *fc2b;
} tf_layer;
typedef struct tf_params {
    float *wte, *wpe, *lnfw, *lnfb, *head;
    tf_layer layer[SL_MODEL_MAX_LAYERS];
} tf_params;

static float *tensor_named(const sl_model *m, float *base, const char *name) {
    for (int i = 0; i < m->n_tensors; i++)
        if (strcmp(m->tensors[i].name, name) == 0) return base + m->tensors[i].offset;
    return NULL;
}

static void tf_params_bind(tf_params *p, const sl_model *m, float *base) {
    p->wte = tensor_named(m, base, "wte"), p->wpe = tensor_named(m, base, "wpe");
    p->lnfw = tensor_named(m, base, "lnf.w"), p->lnfb = tensor_named(m, base, "lnf.b");
    p->head = tensor_named(m, base, "head.w");
    static const char *suffix[12] = {"ln1.w", "ln1.b", "attn.qkv.w", "attn.qkv.b", "attn.proj.w", "attn.proj.b",
                                     "ln2.w", "ln2.b", "mlp.fc.w",   "mlp.fc.b",   "mlp.proj.w",  "mlp.proj.b"};
    for (int l = 0; l < m->cfg.layers; l++) {
        tf_layer *y = &p->layer[l];
        float **slot[12] = {&y->ln1w, &y->ln1b, &y->qkvw, &y->qkvb, &y->projw, &y->projb,
                            &y->ln2w, &y->ln2b, &y->fcw,  &y->fcb,  &y->fc2w,  &y->fc2b};
        for (int j = 0; j < 12; j++) {
            char name[24];
            snprintf(name, sizeof name, "h.%d.%s", l, suffix[j]);
            *slot[j] = tensor_named(m, base, name);
        }
    }
}

/* ---- activations -------------------------------------------------------------------------- */
typedef struct layer_acts {
    float *ln1, *ln1_mean, *ln1_rstd, *qkv, *att, *atty, *res2, *ln2, *ln2_mean, *ln2_rstd, *fch, *fcha, *res3;
} layer_acts;

/* Everything one call needs: the forward's activations (kept for the backward pass), the
 * position tables, and the backward's buffers when there is a backward pass. One scratch block. */
typedef struct tf_run {
    const sl_model *m;
    int B, T;
    long long BT;
    const int32_t *tokens, *pos; /* pos: BT ids (the given positions, or 0..T−1 in every row) */
    float emb_scale;             /* sqrt(d_model) for the scaled embedding, 1 for gpt2's           */
    float *x0, *pe, *rope_cs, *head_tmp, *lnf, *lnf_mean, *lnf_rstd, *logits;
    float *dres, *dln, *dqkv, *datty, *dfch, *tw;
    const float *x; /* the last layer's output */
    layer_acts acts[SL_MODEL_MAX_LAYERS];
    float slopes[SL_MAX_HEADS];
    unsigned char *mem;
} tf_run;

/* Lays out and allocates the scratch of one call; pos_in NULL = 0..T−1. */
static int tf_run_alloc(tf_run *r, const sl_model *m, const int32_t *tokens, const int32_t *pos_in, int B, int T,
                        int backward) {
    const sl_model_config *cf = &m->cfg;
    const int C = cf->d_model, H = cf->heads, D = C / H, F = cf->d_ff, V = cf->vocab, L = cf->layers;
    const long long BT = (long long)B * T;
    memset(r, 0, sizeof *r);
    r->m = m, r->B = B, r->T = T, r->BT = BT, r->tokens = tokens;
    r->emb_scale = cf->embedding == SL_MODEL_EMBEDDING_SCALED ? sqrtf((float)C) : 1.0f;
    int n_pos = T; /* rows of the position tables: one past the largest position */
    if (pos_in)
        for (long long i = 0; i < BT; i++)
            if (pos_in[i] + 1 > n_pos) n_pos = pos_in[i] + 1;
    int maxw = 3 * C;
    if (F > maxw) maxw = F;
    if (V > maxw) maxw = V;
    sl_layout lay = {0};
    size_t o_pos = sl_layout_add(&lay, pos_in ? 0 : BT, sizeof(int32_t));
    size_t o_x0 = sl_layout_add(&lay, BT * C, sizeof(float));
    size_t o_pe =
        sl_layout_add(&lay, cf->posenc == SL_MODEL_POSENC_SINUSOIDAL ? (long long)n_pos * C : 0, sizeof(float));
    size_t o_rope = sl_layout_add(&lay, cf->posenc == SL_MODEL_POSENC_ROPE ? (long long)n_pos * D : 0, sizeof(float));
    size_t o_layers[SL_MODEL_MAX_LAYERS][13];
    const long long FF = F ? BT * F : 0, CC = F ? BT * C : 0, N1 = F ? BT : 0; /* attention-only: no MLP acts */
    const long long per[13] = {BT * C, BT, BT, BT * 3 * C, (long long)B * H * T * T, BT * C, BT * C, CC, N1,
                               N1,     FF, FF, CC};
    for (int l = 0; l < L; l++)
        for (int j = 0; j < 13; j++) o_layers[l][j] = sl_layout_add(&lay, per[j], sizeof(float));
    size_t o_lnf = sl_layout_add(&lay, BT * C, sizeof(float)), o_lnf_mean = sl_layout_add(&lay, BT, sizeof(float));
    size_t o_lnf_rstd = sl_layout_add(&lay, BT, sizeof(float)), o_logits = sl_layout_add(&lay, BT * V, sizeof(float));
    size_t o_head = sl_layout_add(&lay, 5LL * T * D + 3LL * T * T, sizeof(float));
    size_t o_dres = 0, o_dln = 0, o_dqkv = 0, o_datty = 0, o_dfch = 0, o_tw = 0;
    if (backward) {
        o_dres = sl_layout_add(&lay, BT * C, sizeof(float));
        o_dln = sl_layout_add(&lay, BT * C, sizeof(float));
        o_dqkv = sl_layout_add(&lay, BT * 3 * C, sizeof(float));
        o_datty = sl_layout_add(&lay, BT * C, sizeof(float));
        o_dfch = sl_layout_add(&lay, BT * (F > V ? F : V), sizeof(float)); /* also dlogits */
        o_tw = sl_layout_add(&lay, (long long)maxw * (F > C ? F : C), sizeof(float));
    }
    unsigned char *mem = sl_layout_alloc(&lay, "the Transformer's activations");
    if (!mem) return sl_layout_status(&lay);
    r->mem = mem;
#define S(o) SL_SLICE(float, mem, o)
    if (pos_in) {
        r->pos = pos_in;
    } else {
        int32_t *pos = SL_SLICE(int32_t, mem, o_pos);
        for (long long i = 0; i < BT; i++) pos[i] = (int32_t)(i % T);
        r->pos = pos;
    }
    r->x0 = S(o_x0), r->pe = S(o_pe), r->rope_cs = S(o_rope), r->head_tmp = S(o_head);
    r->lnf = S(o_lnf), r->lnf_mean = S(o_lnf_mean), r->lnf_rstd = S(o_lnf_rstd), r->logits = S(o_logits);
    for (int l = 0; l < L; l++) {
        const size_t *o = o_layers[l];
        layer_acts a = {S(o[0]), S(o[1]), S(o[2]), S(o[3]),  S(o[4]),  S(o[5]), S(o[6]),
                        S(o[7]), S(o[8]), S(o[9]), S(o[10]), S(o[11]), S(o[12])};
        r->acts[l] = a;
    }
    if (backward) {
        r->dres = S(o_dres), r->dln = S(o_dln), r->dqkv = S(o_dqkv), r->datty = S(o_datty);
        r->dfch = S(o_dfch), r->tw = S(o_tw);
    }
#undef S
    if (cf->posenc == SL_MODEL_POSENC_ALIBI) sl_alibi_slopes(r->slopes, H);
    if (cf->posenc == SL_MODEL_POSENC_ROPE) sl_rope_table(r->rope_cs, n_pos, D, cf->rope_base);
    if (cf->posenc == SL_MODEL_POSENC_SINUSOIDAL) sl_sinusoidal(r->pe, n_pos, C, 10000.0f, SL_PE_INTERLEAVED);
    return SL_OK;
}

/* ---- forward: embeddings, the layers, the final LayerNorm and the logits ------------------------ */
static void tf_forward(tf_run *r, const tf_params *p) {
    const sl_model_config *cf = &r->m->cfg;
    const int C = cf->d_model, H = cf->heads, F = cf->d_ff, V = cf->vocab, L = cf->layers, B = r->B, T = r->T;
    const int N = (int)r->BT, relu = cf->activation == SL_MODEL_RELU;
    const float s = r->emb_scale;
    for (long long n = 0; n < r->BT; n++) {
        float *x = r->x0 + n * C;
        const float *e = p->wte + (size_t)r->tokens[n] * C;
        const float *pos = p->wpe                                     ? p->wpe + (size_t)r->pos[n] * C
                           : cf->posenc == SL_MODEL_POSENC_SINUSOIDAL ? r->pe + (size_t)r->pos[n] * C
                                                                      : NULL;
        for (int i = 0; i < C; i++) {
            float v = s == 1.0f ? e[i] : e[i] * s;
            x[i] = pos ? v + pos[i] : v;
        }
    }
    const float *x = r->x0;
    for (int l = 0; l < L; l++) {
        layer_acts *a = &r->acts[l];
        const tf_layer *w = &p->layer[l];
        layernorm_forward(a->ln1, a->ln1_mean, a->ln1_rstd, x, w->ln1w, w->ln1b, N, C);
        linear_forward(a->qkv, a->ln1, w->qkvw, w->qkvb, N, C, 3 * C, 0);
        if (cf->posenc == SL_MODEL_POSENC_ROPE) rope_qk(a->qkv, r->rope_cs, r->pos, B, T, C, H, 0);
        attention_forward(a->atty, a->att, a->qkv, cf->posenc == SL_MODEL_POSENC_ALIBI ? r->slopes : NULL, r->pos,
                          r->head_tmp, B, T, C, H);
        memcpy(a->res2, x, (size_t)N * C * sizeof(float));
        linear_forward(a->res2, a->atty, w->projw, w->projb, N, C, C, 1);
        if (!F) { /* attention-only: the layer's output is res2 */
            x = a->res2;
            continue;
        }
        layernorm_forward(a->ln2, a->ln2_mean, a->ln2_rstd, a->res2, w->ln2w, w->ln2b, N, C);
        linear_forward(a->fch, a->ln2, w->fcw, w->fcb, N, C, F, 0);
        activation_forward(a->fcha, a->fch, (long long)N * F, relu);
        memcpy(a->res3, a->res2, (size_t)N * C * sizeof(float));
        linear_forward(a->res3, a->fcha, w->fc2w, w->fc2b, N, F, C, 1);
        x = a->res3;
    }
    r->x = x;
    layernorm_forward(r->lnf, r->lnf_mean, r->lnf_rstd, x, p->lnfw, p->lnfb, N, C);
    linear_forward(r->logits, r->lnf, p->head ? p->head : p->wte, NULL, N, C, V, 0);
}

/* ---- loss: mean over counted positions of −log softmax(logits)[target]; dlogits when asked ------ */
static float tf_loss(int *counted, float *dlogits, const tf_run *r, const int32_t *targets, const uint8_t *mask) {
    const int V = r->m->cfg.vocab;
    int n_counted = 0;
    for (long long n = 0; n < r->BT; n++) n_counted += !mask || mask[n];
    double loss_sum = 0;
    for (long long n = 0; n < r->BT; n++) {
        if (mask && !mask[n]) {
            if (dlogits) memset(dlogits + n * V, 0, (size_t)V * sizeof(float));
            continue;
        }
        const float *row = r->logits + n * V;
        float mx = row[0];
        for (int j = 1; j < V; j++) mx = row[j] > mx ? row[j] : mx;
        double sum = 0;
        for (int j = 0; j < V; j++) sum += exp((double)row[j] - mx);
        loss_sum += (double)mx + log(sum) - row[targets[n]]; /* log-sum-exp: finite where p underflows */
        if (dlogits) {
            float *d = dlogits + n * V;
            memcpy(d, row, (size_t)V * sizeof(float));
            sl_softmax_row(d, V, 1.0f);
            d[targets[n]] -= 1.0f;
            const float inv = 1.0f / (float)n_counted;
            for (int j = 0; j < V; j++) d[j] *= inv;
        }
    }
    *counted = n_counted;
    return n_counted ? (float)(loss_sum / n_counted) : 0.0f;
}

/* ---- backward: from dlogits (in r->dfch) to every parameter's gradient (g, zeroed first) -------- */
static void tf_backward(tf_run *r, const tf_params *p, const tf_params *g) {
    const sl_model_config *cf = &r->m->cfg;
    const int C = cf->d_model, H = cf->heads, F = cf->d_ff, V = cf->vocab, L = cf->layers, B = r->B, T = r->T;
    const int N = (int)r->BT, relu = cf->activation == SL_MODEL_RELU;
    float *dres = r->dres, *dln = r->dln, *dqkv = r->dqkv, *datty = r->datty, *dfch = r->dfch, *tw = r->tw;
    const float *wout = p->head ? p->head : p->wte;
    float *dwout = g->head ? g->head : g->wte;
    linear_backward(dln, dwout, NULL, dfch, r->lnf, wout, N, C, V, 0, tw);
    memset(dres, 0, (size_t)N * C * sizeof(float));
    layernorm_backward(dres, g->lnfw, g->lnfb, dln, r->x, p->lnfw, r->lnf_mean, r->lnf_rstd, N, C);
    for (int l = L - 1; l >= 0; l--) {
        layer_acts *a = &r->acts[l];
        const tf_layer *w = &p->layer[l], *dw = &g->layer[l];
        const float *xin = l ? (F ? r->acts[l - 1].res3 : r->acts[l - 1].res2) : r->x0;
        if (F) {
            /* dres: the gradient at the layer's output res3 = res2 + fc2(act(fc(ln2(res2)))) */
            linear_backward(dfch, dw->fc2w, dw->fc2b, dres, a->fcha, w->fc2w, N, F, C, 0, tw);
            activation_backward(dfch, a->fch, dfch, (long long)N * F, relu);
            linear_backward(dln, dw->fcw, dw->fcb, dfch, a->ln2, w->fcw, N, C, F, 0, tw);
            layernorm_backward(dres, dw->ln2w, dw->ln2b, dln, a->res2, w->ln2w, a->ln2_mean, a->ln2_rstd, N, C);
        }
        /* dres: now the gradient at res2 = x + proj(attention(ln1(x))) */
        linear_backward(datty, dw->projw, dw->projb, dres, a->atty, w->projw, N, C, C, 0, tw);
        attention_backward(dqkv, datty, a->qkv, a->att, r->head_tmp, B, T, C, H);
        if (cf->posenc == SL_MODEL_POSENC_ROPE) rope_qk(dqkv, r->rope_cs, r->pos, B, T, C, H, 1);
        linear_backward(dln, dw->qkvw, dw->qkvb, dqkv, a->ln1, w->qkvw, N, C, 3 * C, 0, tw);
        layernorm_backward(dres, dw->ln1w, dw->ln1b, dln, xin, w->ln1w, a->ln1_mean, a->ln1_rstd, N, C);
    }
    const float s = r->emb_scale;
    for (long long n = 0; n < r->BT; n++) {
        const float *d = dres + n * C;
        float *e = g->wte + (size_t)r->tokens[n] * C;
        for (int i = 0; i < C; i++) e[i] += s == 1.0f ? d[i] : d[i] * s;
        if (g->wpe) {
            float *q = g->wpe + (size_t)r->pos[n] * C;
            for (int i = 0; i < C; i++) q[i] += d[i];
        }
    }
}

int sl_transformer_loss_grad(float *loss, int *counted, float *grads, float *logits_out, float *att_out,
                             const sl_model *m, const int32_t *tokens, const int32_t *targets, const uint8_t *mask,
                             const int32_t *positions, int B, int T) {
    const sl_model_config *cf = &m->cfg;
    tf_run r;
    SL_TRY(tf_run_alloc(&r, m, tokens, positions, B, T, grads != NULL));
    tf_params p;
    tf_params_bind(&p, m, m->params);
    tf_forward(&r, &p);
    const long long BT = r.BT;
    if (logits_out) memcpy(logits_out, r.logits, (size_t)BT * cf->vocab * sizeof(float));
    if (att_out)
        for (int l = 0; l < cf->layers; l++)
            memcpy(att_out + (size_t)l * B * cf->heads * T * T, r.acts[l].att,
                   (size_t)B * cf->heads * T * T * sizeof(float));
    *loss = tf_loss(counted, grads ? r.dfch : NULL, &r, targets, mask);
    if (grads) {
        memset(grads, 0, (size_t)m->n_params * sizeof(float));
        tf_params g;
        tf_params_bind(&g, m, grads);
        tf_backward(&r, &p, &g);
    }
    free(r.mem);
    return SL_OK;
}
