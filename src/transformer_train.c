/* transformer_train.c — forward and backward of the decoder-only Transformer over one batch
 * (GPT-2 style, pre-LayerNorm; TRAINING.md), in the manner of llm.c's train_gpt2.c: each
 * operation's forward and backward side by side, every activation the backward pass needs kept in
 * one scratch block whose layout is computed from batch·T, every matrix product over all batch·T
 * rows at once through sl_gemm_nt (kernels.c).
 *
 * Shapes: B batch rows, T positions, BT = B·T, C = d_model, H heads of size D = C/H, F = d_ff,
 * V = vocab, L layers. Linear weights are out×in (nn.Linear). */
#include <math.h>
#include <string.h>

#include "scratch.h"
#include "sl_internal.h"
#include "train_internal.h"

/* the per-layer tensors, in the order sl_model_build_layout lays them out */
enum { LN1W, LN1B, QKVW, QKVB, PROJW, PROJB, LN2W, LN2B, FCW, FCB, FC2W, FC2B, PER_LAYER };

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
 * qkv: BT×3C with q, k already rotated for rope; slopes: H ALiBi slopes or NULL; tmp: 4·T·D */
static void attention_forward(float *atty, float *att, const float *qkv, const float *slopes, float *tmp, int B, int T,
                              int C, int H) {
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
            for (int i = 0; i < T; i++) {
                float *row = A + (size_t)i * T;
                for (int j = 0; j <= i; j++) row[j] = row[j] * scale - slope * (float)(i - j);
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

/* q and k of every head of every row rotated (inverse = 0) or rotated back (inverse = 1) */
static void rope_qk(float *qkv, const float *cs, int B, int T, int C, int H, int inverse) {
    const int D = C / H;
    for (int b = 0; b < B; b++)
        for (int h = 0; h < H; h++) {
            float *base = qkv + (size_t)b * T * 3 * C + (size_t)h * D;
            sl_rope_rows_table(base, T, D, 3 * C, cs, inverse);
            sl_rope_rows_table(base + C, T, D, 3 * C, cs, inverse);
        }
}

/* ---- the model ------------------------------------------------------------------------------- */
typedef struct layer_acts {
    float *ln1, *ln1_mean, *ln1_rstd, *qkv, *att, *atty, *res2, *ln2, *ln2_mean, *ln2_rstd, *fch, *fcha, *res3;
} layer_acts;

int sl_transformer_loss_grad(float *loss, int *counted, float *grads, float *logits_out, float *att_out,
                             const sl_model *m, const int32_t *tokens, const int32_t *targets, const uint8_t *mask,
                             int B, int T) {
    const sl_model_config *cf = &m->cfg;
    const int C = cf->d_model, H = cf->heads, D = C / H, F = cf->d_ff, V = cf->vocab, L = cf->layers;
    const long long BT = (long long)B * T;
    const int relu = cf->activation == SL_MODEL_RELU;
    const int learned = cf->posenc == SL_MODEL_POSENC_LEARNED;
    /* first per-layer tensor in the layout: after wte (and wpe) */
    const int first = learned ? 2 : 1, lnf_index = first + PER_LAYER * L;
#define P(base, l, j) ((base) + m->tensors[first + PER_LAYER * (l) + (j)].offset)
    const float *params = m->params;
    const float *wte = params + m->tensors[0].offset, *wpe = learned ? params + m->tensors[1].offset : NULL;
    const float *lnfw = params + m->tensors[lnf_index].offset, *lnfb = params + m->tensors[lnf_index + 1].offset;
    const float *wout = cf->tied ? wte : params + m->tensors[lnf_index + 2].offset;

    /* ---- scratch: every activation of the forward pass, then the backward's buffers ---- */
    int maxw = 3 * C;
    if (F > maxw) maxw = F;
    if (V > maxw) maxw = V;
    sl_layout lay = {0};
    size_t o_x0 = sl_layout_add(&lay, BT * C, sizeof(float));
    size_t o_pe = sl_layout_add(&lay, cf->posenc == SL_MODEL_POSENC_SINUSOIDAL ? (long long)T * C : 0, sizeof(float));
    size_t o_rope = sl_layout_add(&lay, cf->posenc == SL_MODEL_POSENC_ROPE ? (long long)T * D : 0, sizeof(float));
    size_t o_layers[SL_MODEL_MAX_LAYERS][13];
    const long long per[13] = {BT * C, BT,     BT,     BT * 3 * C, (long long)B * H * T * T, BT * C, BT * C, BT * C, BT,
                               BT,     BT * F, BT * F, BT * C};
    for (int l = 0; l < L; l++)
        for (int j = 0; j < 13; j++) o_layers[l][j] = sl_layout_add(&lay, per[j], sizeof(float));
    size_t o_lnf = sl_layout_add(&lay, BT * C, sizeof(float)), o_lnf_mean = sl_layout_add(&lay, BT, sizeof(float));
    size_t o_lnf_rstd = sl_layout_add(&lay, BT, sizeof(float)), o_logits = sl_layout_add(&lay, BT * V, sizeof(float));
    size_t o_head = sl_layout_add(&lay, 5LL * T * D + 3LL * T * T, sizeof(float));
    const int backward = grads != NULL;
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
#define S(o) SL_SLICE(float, mem, o)
    float *x0 = S(o_x0), *head_tmp = S(o_head), *logits = S(o_logits);
    layer_acts acts[SL_MODEL_MAX_LAYERS];
    for (int l = 0; l < L; l++) {
        const size_t *o = o_layers[l];
        layer_acts a = {S(o[0]), S(o[1]), S(o[2]), S(o[3]),  S(o[4]),  S(o[5]), S(o[6]),
                        S(o[7]), S(o[8]), S(o[9]), S(o[10]), S(o[11]), S(o[12])};
        acts[l] = a;
    }
    float slopes[SL_MAX_HEADS];
    if (cf->posenc == SL_MODEL_POSENC_ALIBI) sl_alibi_slopes(slopes, H);
    float *rope_cs = S(o_rope);
    if (cf->posenc == SL_MODEL_POSENC_ROPE) sl_rope_table(rope_cs, T, D, cf->rope_base);

    /* ---- forward ---- */
    if (cf->posenc == SL_MODEL_POSENC_SINUSOIDAL) sl_sinusoidal(S(o_pe), T, C, 10000.0f, SL_PE_INTERLEAVED);
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++) {
            float *x = x0 + ((size_t)b * T + t) * C;
            const float *e = wte + (size_t)tokens[(size_t)b * T + t] * C;
            const float *pos = learned                                    ? wpe + (size_t)t * C
                               : cf->posenc == SL_MODEL_POSENC_SINUSOIDAL ? S(o_pe) + (size_t)t * C
                                                                          : NULL;
            for (int i = 0; i < C; i++) x[i] = pos ? e[i] + pos[i] : e[i];
        }
    const float *x = x0;
    for (int l = 0; l < L; l++) {
        layer_acts *a = &acts[l];
        layernorm_forward(a->ln1, a->ln1_mean, a->ln1_rstd, x, P(params, l, LN1W), P(params, l, LN1B), (int)BT, C);
        linear_forward(a->qkv, a->ln1, P(params, l, QKVW), P(params, l, QKVB), (int)BT, C, 3 * C, 0);
        if (cf->posenc == SL_MODEL_POSENC_ROPE) rope_qk(a->qkv, rope_cs, B, T, C, H, 0);
        attention_forward(a->atty, a->att, a->qkv, cf->posenc == SL_MODEL_POSENC_ALIBI ? slopes : NULL, head_tmp, B, T,
                          C, H);
        memcpy(a->res2, x, (size_t)BT * C * sizeof(float));
        linear_forward(a->res2, a->atty, P(params, l, PROJW), P(params, l, PROJB), (int)BT, C, C, 1);
        layernorm_forward(a->ln2, a->ln2_mean, a->ln2_rstd, a->res2, P(params, l, LN2W), P(params, l, LN2B), (int)BT,
                          C);
        linear_forward(a->fch, a->ln2, P(params, l, FCW), P(params, l, FCB), (int)BT, C, F, 0);
        activation_forward(a->fcha, a->fch, BT * F, relu);
        memcpy(a->res3, a->res2, (size_t)BT * C * sizeof(float));
        linear_forward(a->res3, a->fcha, P(params, l, FC2W), P(params, l, FC2B), (int)BT, F, C, 1);
        x = a->res3;
    }
    float *lnf = S(o_lnf), *lnf_mean = S(o_lnf_mean), *lnf_rstd = S(o_lnf_rstd);
    layernorm_forward(lnf, lnf_mean, lnf_rstd, x, lnfw, lnfb, (int)BT, C);
    linear_forward(logits, lnf, wout, NULL, (int)BT, C, V, 0);
    if (logits_out) memcpy(logits_out, logits, (size_t)BT * V * sizeof(float));
    if (att_out)
        for (int l = 0; l < L; l++)
            memcpy(att_out + (size_t)l * B * H * T * T, acts[l].att, (size_t)B * H * T * T * sizeof(float));

    /* ---- loss: mean over counted positions of −log softmax(logits)[target] ---- */
    int n_counted = 0;
    for (long long n = 0; n < BT; n++) n_counted += !mask || mask[n];
    double loss_sum = 0;
    float *dlogits = backward ? S(o_dfch) : NULL;
    for (long long n = 0; n < BT; n++) {
        if (mask && !mask[n]) {
            if (dlogits) memset(dlogits + n * V, 0, (size_t)V * sizeof(float));
            continue;
        }
        const float *row = logits + n * V;
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
    *loss = n_counted ? (float)(loss_sum / n_counted) : 0.0f;
    *counted = n_counted;
    if (!backward) {
        free(mem);
        return SL_OK;
    }

    /* ---- backward ---- */
    memset(grads, 0, (size_t)m->n_params * sizeof(float));
    float *dres = S(o_dres), *dln = S(o_dln), *dqkv = S(o_dqkv), *datty = S(o_datty), *dfch = S(o_dfch);
    float *tw = S(o_tw);
    float *dwte = grads + m->tensors[0].offset;
    float *dwout = cf->tied ? dwte : grads + m->tensors[lnf_index + 2].offset;
    linear_backward(dln, dwout, NULL, dlogits, lnf, wout, (int)BT, C, V, 0, tw);
    memset(dres, 0, (size_t)BT * C * sizeof(float));
    layernorm_backward(dres, grads + m->tensors[lnf_index].offset, grads + m->tensors[lnf_index + 1].offset, dln, x,
                       lnfw, lnf_mean, lnf_rstd, (int)BT, C);
    for (int l = L - 1; l >= 0; l--) {
        layer_acts *a = &acts[l];
        const float *xin = l ? acts[l - 1].res3 : x0;
        /* dres: the gradient at the layer's output res3 = res2 + fc2(act(fc(ln2(res2)))) */
        linear_backward(dfch, P(grads, l, FC2W), P(grads, l, FC2B), dres, a->fcha, P(params, l, FC2W), (int)BT, F, C, 0,
                        tw);
        activation_backward(dfch, a->fch, dfch, BT * F, relu);
        linear_backward(dln, P(grads, l, FCW), P(grads, l, FCB), dfch, a->ln2, P(params, l, FCW), (int)BT, C, F, 0, tw);
        layernorm_backward(dres, P(grads, l, LN2W), P(grads, l, LN2B), dln, a->res2, P(params, l, LN2W), a->ln2_mean,
                           a->ln2_rstd, (int)BT, C);
        /* dres: now the gradient at res2 = x + proj(attention(ln1(x))) */
        linear_backward(datty, P(grads, l, PROJW), P(grads, l, PROJB), dres, a->atty, P(params, l, PROJW), (int)BT, C,
                        C, 0, tw);
        attention_backward(dqkv, datty, a->qkv, a->att, head_tmp, B, T, C, H);
        if (cf->posenc == SL_MODEL_POSENC_ROPE) rope_qk(dqkv, rope_cs, B, T, C, H, 1);
        linear_backward(dln, P(grads, l, QKVW), P(grads, l, QKVB), dqkv, a->ln1, P(params, l, QKVW), (int)BT, C, 3 * C,
                        0, tw);
        layernorm_backward(dres, P(grads, l, LN1W), P(grads, l, LN1B), dln, xin, P(params, l, LN1W), a->ln1_mean,
                           a->ln1_rstd, (int)BT, C);
    }
    float *dwpe = learned ? grads + m->tensors[1].offset : NULL;
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++) {
            const float *d = dres + ((size_t)b * T + t) * C;
            float *e = dwte + (size_t)tokens[(size_t)b * T + t] * C;
            for (int i = 0; i < C; i++) e[i] += d[i];
            if (dwpe) {
                float *p = dwpe + (size_t)t * C;
                for (int i = 0; i < C; i++) p[i] += d[i];
            }
        }
    free(mem);
    return SL_OK;
#undef S
#undef P
}
