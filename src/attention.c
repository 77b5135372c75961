/* attention.c — softmax, scaled dot-product attention and multi-head self-attention. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scratch.h"
#include "sl_internal.h"

int sl_softmax_rows(float *out, const float *x, int rows, int cols, float temperature) {
    SL_TRY(sl_check_ptr("out", out));
    SL_TRY(sl_check_ptr("x", x));
    SL_TRY(sl_check_size("rows", rows, SL_MAX_ELEMS));
    SL_TRY(sl_check_size("cols", cols, SL_MAX_ELEMS));
    SL_TRY(sl_check_elems("x", (long long)rows * cols));
    SL_TRY(sl_check_finite("temperature", temperature, 1));
    if (out != x) memcpy(out, x, (size_t)rows * cols * sizeof(float));
    for (int r = 0; r < rows; r++) sl_softmax_row(out + (size_t)r * cols, cols, 1.0f / temperature);
    return SL_OK;
}

/* The arithmetic of sl_attention on checked arguments, a block of query rows at a time: the
 * block's scores are formed in place in its weights rows (copied to logits / scaled / scores
 * only when asked for), so no n×m scratch is needed and each block's V products follow while
 * its weights are still in cache. */
#define SL_ROW_BLOCK 32
/* Below this many value columns, weights·V is done as dot products with Vᵀ: contiguous sums
 * of length m vectorise far better than updates of dv-long output rows. */
#define SL_NARROW_V 16
static int attention_core(float *logits, float *scaled, float *scores, float *weights, float *out, const float *q,
                          const float *k, const float *v, int n, int m, int dk, int dv, float scale,
                          float inv_temperature, int causal, const uint8_t *mask, const float *bias) {
    const int offset = m - n; /* bottom-right alignment of the causal mask */
    float *vt = NULL;
    if (dv < SL_NARROW_V) {
        if ((vt = sl_alloc_floats((long long)m * dv, "Vᵀ")) == NULL) return SL_ERR_NOMEM;
        for (int j = 0; j < m; j++)
            for (int c = 0; c < dv; c++) vt[(size_t)c * m + j] = v[(size_t)j * dv + c];
    }
    for (int i0 = 0; i0 < n; i0 += SL_ROW_BLOCK) {
        const int rows = n - i0 < SL_ROW_BLOCK ? n - i0 : SL_ROW_BLOCK;
        float *wb = weights + (size_t)i0 * m;
        sl_matmul_nt(wb, q + (size_t)i0 * dk, k, rows, m, dk);
        if (logits) memcpy(logits + (size_t)i0 * m, wb, (size_t)rows * m * sizeof(float));
        for (int i = i0; i < i0 + rows; i++) {
            float *wi = weights + (size_t)i * m;
            const float *bi = bias ? bias + (size_t)i * m : NULL;
            const uint8_t *mi = mask ? mask + (size_t)i * m : NULL;
            for (int j = 0; j < m; j++) wi[j] *= scale;
            if (bi)
                for (int j = 0; j < m; j++) wi[j] += bi[j];
            if (scaled) memcpy(scaled + (size_t)i * m, wi, (size_t)m * sizeof(float));
            if (causal)
                for (int j = i + offset + 1 < 0 ? 0 : i + offset + 1; j < m; j++) wi[j] = -INFINITY;
            if (mi)
                for (int j = 0; j < m; j++)
                    if (!mi[j]) wi[j] = -INFINITY;
            if (scores) memcpy(scores + (size_t)i * m, wi, (size_t)m * sizeof(float));
            sl_softmax_row(wi, m, inv_temperature);
        }
        if (vt)
            sl_matmul_nt(out + (size_t)i0 * dv, wb, vt, rows, dv, m);
        else
            sl_matmul_nn(out + (size_t)i0 * dv, wb, m, v, dv, rows, m, dv);
    }
    free(vt);
    return SL_OK;
}

int sl_attention(float *logits, float *scaled, float *scores, float *weights, float *out, const float *q,
                 const float *k, const float *v, int n, int m, int dk, int dv, float scale, float temperature,
                 int causal, const uint8_t *mask, const float *bias) {
    SL_TRY(sl_check_ptr("weights", weights));
    SL_TRY(sl_check_ptr("out", out));
    SL_TRY(sl_check_ptr("q", q));
    SL_TRY(sl_check_ptr("k", k));
    SL_TRY(sl_check_ptr("v", v));
    SL_TRY(sl_check_size("n", n, SL_MAX_SEQ));
    SL_TRY(sl_check_size("m", m, SL_MAX_SEQ));
    SL_TRY(sl_check_size("dk", dk, SL_MAX_DIM));
    SL_TRY(sl_check_size("dv", dv, SL_MAX_DIM));
    SL_TRY(sl_check_elems("scores (n×m)", (long long)n * m));
    SL_TRY(sl_check_elems("q (n×dk)", (long long)n * dk));
    SL_TRY(sl_check_elems("k (m×dk)", (long long)m * dk));
    SL_TRY(sl_check_elems("v (m×dv)", (long long)m * dv));
    SL_TRY(sl_check_elems("out (n×dv)", (long long)n * dv));
    SL_TRY(sl_check_finite("scale", scale, 0));
    SL_TRY(sl_check_finite("temperature", temperature, 1));
    return attention_core(logits, scaled, scores, weights, out, q, k, v, n, m, dk, dv, scale, 1.0f / temperature,
                          causal, mask, bias);
}

int sl_matmul(float *c, const float *a, const float *b, int n, int k, int m, int transpose_b) {
    SL_TRY(sl_check_ptr("c", c));
    SL_TRY(sl_check_ptr("a", a));
    SL_TRY(sl_check_ptr("b", b));
    SL_TRY(sl_check_size("n", n, SL_MAX_ELEMS));
    SL_TRY(sl_check_size("k", k, SL_MAX_ELEMS));
    SL_TRY(sl_check_size("m", m, SL_MAX_ELEMS));
    SL_TRY(sl_check_elems("a (n×k)", (long long)n * k));
    SL_TRY(sl_check_elems("b (k×m)", (long long)k * m));
    SL_TRY(sl_check_elems("c (n×m)", (long long)n * m));
    if (transpose_b)
        sl_matmul_nt(c, a, b, n, m, k);
    else
        sl_matmul_nn(c, a, k, b, m, n, k, m);
    return SL_OK;
}

int sl_row_dots(float *out, const float *a, const float *b, int n, int d) {
    SL_TRY(sl_check_ptr("out", out));
    SL_TRY(sl_check_ptr("a", a));
    SL_TRY(sl_check_ptr("b", b));
    SL_TRY(sl_check_size("n", n, SL_MAX_ELEMS));
    SL_TRY(sl_check_size("d", d, SL_MAX_ELEMS));
    SL_TRY(sl_check_elems("a (n×d)", (long long)n * d));
    for (int i = 0; i < n; i++) {
        const float *ai = a + (size_t)i * d, *bi = b + (size_t)i * d;
        double s = 0; /* double: d can be large and the terms cancel */
        for (int p = 0; p < d; p++) s += (double)ai[p] * bi[p];
        out[i] = (float)s;
    }
    return SL_OK;
}

int sl_mha(float *weights, float *head_out, float *out, const float *x, int n, int d_model, int heads, int dk, int dv,
           const float *wq, const float *wk, const float *wv, const float *wo, int causal, int posenc, float rope_base,
           int rope_pairing, const float *alibi_slopes, float temperature) {
    SL_TRY(sl_check_ptr("out", out));
    SL_TRY(sl_check_ptr("x", x));
    SL_TRY(sl_check_ptr("wq", wq));
    SL_TRY(sl_check_ptr("wk", wk));
    SL_TRY(sl_check_ptr("wv", wv));
    SL_TRY(sl_check_ptr("wo", wo));
    SL_TRY(sl_check_size("n", n, SL_MAX_SEQ));
    SL_TRY(sl_check_size("d_model", d_model, SL_MAX_DIM));
    SL_TRY(sl_check_size("heads", heads, SL_MAX_HEADS));
    SL_TRY(sl_check_size("dk", dk, SL_MAX_DIM));
    SL_TRY(sl_check_size("dv", dv, SL_MAX_DIM));
    const long long hdk = (long long)heads * dk, hdv = (long long)heads * dv;
    SL_TRY(sl_check_elems("x (n×d_model)", (long long)n * d_model));
    SL_TRY(sl_check_elems("wq (d_model×heads·dk)", d_model * hdk));
    SL_TRY(sl_check_elems("wv (d_model×heads·dv)", d_model * hdv));
    SL_TRY(sl_check_elems("q (n×heads·dk)", n * hdk));
    SL_TRY(sl_check_elems("head_out (n×heads·dv)", n * hdv));
    SL_TRY(sl_check_elems("weights (heads×n×n)", (long long)heads * n * n));
    SL_TRY(sl_check_finite("temperature", temperature, 1));
    if (posenc < SL_POSENC_NONE || posenc > SL_POSENC_SINUSOIDAL)
        return sl_fail(SL_ERR_ARG, "posenc must be one of 0 (none), 1 (rope), 2 (alibi), 3 (sinusoidal), got %d",
                       posenc);
    if (posenc == SL_POSENC_ROPE || posenc == SL_POSENC_SINUSOIDAL) {
        SL_TRY(sl_check_finite("rope_base", rope_base, 1));
        if (!(rope_base > 1)) return sl_fail(SL_ERR_ARG, "rope_base must be greater than 1, got %g", rope_base);
    }
    if (posenc == SL_POSENC_ROPE) {
        if (dk % 2) return sl_fail(SL_ERR_SIZE, "dk must be even for RoPE (pairs of dimensions), got %d", dk);
        if (rope_pairing != SL_ROPE_INTERLEAVED && rope_pairing != SL_ROPE_HALF)
            return sl_fail(SL_ERR_ARG, "rope_pairing must be 0 (interleaved) or 1 (half), got %d", rope_pairing);
    }
    if (posenc == SL_POSENC_SINUSOIDAL && d_model % 2)
        return sl_fail(SL_ERR_SIZE, "d_model must be even for sinusoidal encoding, got %d", d_model);
    if (posenc == SL_POSENC_ALIBI && alibi_slopes)
        for (int h = 0; h < heads; h++)
            if (!isfinite(alibi_slopes[h]))
                return sl_fail(SL_ERR_ARG, "alibi_slopes[%d] must be a finite number, got %g", h,
                               (double)alibi_slopes[h]);

    /* Scratch, sized so the largest call within the limits fits beside its arguments in 1 GiB of
     * WebAssembly memory: each head's q, k, v are projected straight from x through a column
     * slice of wq/wk/wv (no full n×heads·dk Q, K, V), x + PE is formed in out (written only at the
     * end), the heads are concatenated into head_out when given, and the n×n weights and ALiBi
     * bias are only allocated when the caller gave no weights / asked for ALiBi. */
    const long long nn = (long long)n * n;
    const int one_head = heads == 1;
    sl_layout L = {0};
    const size_t o_qh = sl_layout_add(&L, (long long)n * dk, sizeof(float));
    const size_t o_kh = sl_layout_add(&L, (long long)n * dk, sizeof(float));
    const size_t o_vh = sl_layout_add(&L, (long long)n * dv, sizeof(float));
    const size_t o_concat = sl_layout_add(&L, head_out ? 0 : n * hdv, sizeof(float));
    const size_t o_oh = sl_layout_add(&L, one_head ? 0 : (long long)n * dv, sizeof(float)); /* one head: into concat */
    const size_t o_wh = sl_layout_add(&L, weights ? 0 : nn, sizeof(float));
    const size_t o_bias = sl_layout_add(&L, posenc == SL_POSENC_ALIBI ? nn : 0, sizeof(float));
    const size_t o_slopes = sl_layout_add(&L, heads, sizeof(float));
    unsigned char *block = sl_layout_alloc(&L, "multi-head attention scratch");
    if (!block) return sl_layout_status(&L);
    float *qh = SL_SLICE(float, block, o_qh), *kh = SL_SLICE(float, block, o_kh), *vh = SL_SLICE(float, block, o_vh);
    float *concat = head_out ? head_out : SL_SLICE(float, block, o_concat);
    float *oh = one_head ? concat : SL_SLICE(float, block, o_oh);
    float *wh = SL_SLICE(float, block, o_wh), *bias = SL_SLICE(float, block, o_bias);
    float *slopes = SL_SLICE(float, block, o_slopes);

    const float *xs = x;
    if (posenc == SL_POSENC_SINUSOIDAL) {
        sl_sinusoidal(out, n, d_model, rope_base, SL_PE_INTERLEAVED);
        for (long long i = 0; i < (long long)n * d_model; i++) out[i] += x[i];
        xs = out;
    }
    if (posenc == SL_POSENC_ALIBI) {
        if (alibi_slopes)
            memcpy(slopes, alibi_slopes, (size_t)heads * sizeof(float));
        else
            sl_alibi_slopes(slopes, heads);
    }
    const float scale = 1.0f / sqrtf((float)dk);
    for (int h = 0; h < heads; h++) {
        sl_matmul_nn(qh, xs, d_model, wq + (size_t)h * dk, (int)hdk, n, d_model, dk);
        sl_matmul_nn(kh, xs, d_model, wk + (size_t)h * dk, (int)hdk, n, d_model, dk);
        sl_matmul_nn(vh, xs, d_model, wv + (size_t)h * dv, (int)hdv, n, d_model, dv);
        if (posenc == SL_POSENC_ROPE) {
            sl_rope_rows_inplace(qh, n, dk, dk, rope_base, rope_pairing);
            sl_rope_rows_inplace(kh, n, dk, dk, rope_base, rope_pairing);
        }
        if (posenc == SL_POSENC_ALIBI) sl_alibi_bias(bias, 1, n, n, causal, slopes + h);
        float *wdst = weights ? weights + (size_t)h * nn : wh;
        int st = attention_core(NULL, NULL, NULL, wdst, oh, qh, kh, vh, n, n, dk, dv, scale, 1.0f / temperature, causal,
                                NULL, posenc == SL_POSENC_ALIBI ? bias : NULL);
        if (st != SL_OK) {
            free(block);
            return st;
        }
        if (!one_head)
            for (int r = 0; r < n; r++)
                memcpy(concat + (size_t)r * hdv + (size_t)h * dv, oh + (size_t)r * dv, (size_t)dv * sizeof(float));
    }
    sl_matmul_nn(out, concat, (int)hdv, wo, d_model, n, (int)hdv, d_model);
    free(block);
    return SL_OK;
}
