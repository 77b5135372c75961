/* fuzz_attention.c — libFuzzer target for softmax, matmul, attention and multi-head attention.
 * Besides memory safety it checks the documented invariants on every successful call. */
#include "fuzz.h"

#define CAP 24 /* largest size for which buffers are allocated */

static void fuzz_softmax(fuzz_in *f) {
    int s[2] = {fz_size(f, 8, SL_MAX_ELEMS), fz_size(f, 8, SL_MAX_ELEMS)};
    float t = (fz_u8(f) & 7) == 0 ? fz_float(f) : 1.0f;
    long c = fz_count(CAP, 2, s);
    float *x = fz_floats(f, c, 1, 0), *out = fz_floats(f, c, 1, 1);
    int st = sl_softmax_rows(out, x, s[0], s[1], t);
    FUZZ_STATUS(st);
    if (st == SL_OK)
        for (int r = 0; r < s[0]; r++) {
            int has_nan = 0;
            double sum = 0;
            for (int j = 0; j < s[1]; j++) has_nan |= isnan(x[r * s[1] + j]);
            for (int j = 0; j < s[1]; j++) {
                float w = out[r * s[1] + j];
                if (!has_nan) FUZZ_ASSERT(w >= 0 && w <= 1);
                sum += w;
            }
            if (!has_nan) FUZZ_ASSERT(fabs(sum - 1) < 1e-4 || sum == 0);
        }
    free(x);
    free(out);
}

static void fuzz_matmul(fuzz_in *f) {
    int s[3] = {fz_size(f, 6, SL_MAX_ELEMS), fz_size(f, 6, SL_MAX_ELEMS), fz_size(f, 6, SL_MAX_ELEMS)};
    int tb = fz_u8(f) & 1;
    int ab[2] = {s[0], s[1]}, bb[2] = {s[1], s[2]}, cb[2] = {s[0], s[2]};
    float *a = fz_floats(f, fz_count(CAP, 2, ab), 1, 0), *b = fz_floats(f, fz_count(CAP, 2, bb), 1, 0);
    float *c = fz_floats(f, fz_count(CAP, 2, cb), 1, 1);
    FUZZ_STATUS(sl_matmul(c, a, b, s[0], s[1], s[2], tb));
    if (tb) {
        float *dots = fz_floats(f, fz_count(CAP, 1, s), 1, 1);
        FUZZ_STATUS(sl_row_dots(dots, a, a, s[0], s[1]));
        free(dots);
    }
    free(a), free(b), free(c);
}

static void fuzz_attention(fuzz_in *f) {
    int n = fz_size(f, 6, SL_MAX_SEQ), m = fz_size(f, 6, SL_MAX_SEQ), dk = fz_size(f, 5, SL_MAX_DIM),
        dv = fz_size(f, 5, SL_MAX_DIM);
    uint8_t opt = fz_u8(f);
    int plain = opt & 1; /* finite inputs: check the invariants */
    int causal = (opt >> 1) & 1;
    float scale = (opt >> 2) & 1 ? fz_float(f) : 0.5f;
    float temp = (opt >> 3) & 1 ? fz_float(f) : 1.0f;
    int nm[2] = {n, m}, ndk[2] = {n, dk}, mdk[2] = {m, dk}, mdv[2] = {m, dv}, ndv[2] = {n, dv};
    long cnm = fz_count(CAP, 2, nm);
    float *q = fz_floats(f, fz_count(CAP, 2, ndk), 1, plain), *k = fz_floats(f, fz_count(CAP, 2, mdk), 1, plain);
    float *v = fz_floats(f, fz_count(CAP, 2, mdv), 1, plain);
    float *bias = (opt >> 4) & 1 ? fz_floats(f, cnm, 0, plain) : NULL;
    uint8_t *mask = NULL;
    if ((opt >> 5) & 1) {
        mask = malloc((size_t)cnm);
        for (long i = 0; i < cnm; i++) mask[i] = fz_u8(f) & 1;
    }
    float *logits = (opt >> 6) & 1 ? malloc(sizeof(float) * cnm) : NULL,
          *scaled = logits ? malloc(sizeof(float) * cnm) : NULL;
    float *scores = (opt >> 7) & 1 ? malloc(sizeof(float) * cnm) : NULL;
    float *w = fz_floats(f, cnm, 1, 1), *out = fz_floats(f, fz_count(CAP, 2, ndv), 1, 1);
    int st = sl_attention(logits, scaled, scores, w, out, q, k, v, n, m, dk, dv, scale, temp, causal, mask, bias);
    FUZZ_STATUS(st);
    if (st == SL_OK && plain && isfinite(scale) && fabsf(scale) < 1e3f) {
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < m; j++) {
                FUZZ_ASSERT(w[i * m + j] >= 0 && w[i * m + j] <= 1);
                if ((causal && j > i + (m - n)) || (mask && !mask[i * m + j])) FUZZ_ASSERT(w[i * m + j] == 0);
                sum += w[i * m + j];
            }
            FUZZ_ASSERT(fabs(sum - 1) < 1e-4 || sum == 0);
            for (int c = 0; c < dv; c++) FUZZ_ASSERT(isfinite(out[i * dv + c]));
        }
    }
    free(q), free(k), free(v), free(bias), free(mask), free(logits), free(scaled), free(scores), free(w), free(out);
}

static void fuzz_mha(fuzz_in *f) {
    int n = fz_size(f, 5, SL_MAX_SEQ), dm = fz_size(f, 5, SL_MAX_DIM), heads = fz_size(f, 3, SL_MAX_HEADS);
    int dk = fz_size(f, 4, SL_MAX_DIM), dv = fz_size(f, 4, SL_MAX_DIM);
    uint8_t opt = fz_u8(f);
    int posenc = (int)(opt % 5) - ((opt >> 7) & 1); /* includes -1 and 4: invalid */
    float base = (opt >> 3) & 1 ? fz_float(f) : 10000.0f;
    int pairing = (opt >> 4) & 3;
    int s1[2] = {n, dm}, s2[3] = {dm, heads, dk}, s3[3] = {dm, heads, dv}, s4[3] = {heads, dv, dm},
        s5[3] = {heads, n, n};
    int s6[3] = {n, heads, dv}, s7[1] = {heads};
    float *x = fz_floats(f, fz_count(CAP, 2, s1), 1, 0);
    float *wq = fz_floats(f, fz_count(CAP, 3, s2), 1, 0), *wk = fz_floats(f, fz_count(CAP, 3, s2), 1, 0);
    float *wv = fz_floats(f, fz_count(CAP, 3, s3), 1, 0), *wo = fz_floats(f, fz_count(CAP, 3, s4), 1, 0);
    float *slopes = (opt >> 6) & 1 ? fz_floats(f, fz_count(CAP, 1, s7), 0, 0) : NULL;
    float *weights = fz_floats(f, fz_count(CAP, 3, s5), 1, 1), *ho = fz_floats(f, fz_count(CAP, 3, s6), 1, 1);
    float *out = fz_floats(f, fz_count(CAP, 2, s1), 1, 1);
    FUZZ_STATUS(sl_mha(weights, ho, out, x, n, dm, heads, dk, dv, wq, wk, wv, wo, opt & 1, posenc, base, pairing,
                       slopes, 1.0f));
    free(x), free(wq), free(wk), free(wv), free(wo), free(slopes), free(weights), free(ho), free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_in f = {data, size};
    switch (fz_u8(&f) % 4) {
    case 0: fuzz_softmax(&f); break;
    case 1: fuzz_matmul(&f); break;
    case 2: fuzz_attention(&f); break;
    default: fuzz_mha(&f); break;
    }
    return 0;
}
