/* kernels.c — the inner loops every topic shares: matrix products and the row softmax.
 * Scalar reference code written so that compilers vectorise it (independent accumulators,
 * unit-stride inner loops). */
#include <math.h>
#include <string.h>

#include "sl_internal.h"

/* c: n×m = a (n×k) · bᵀ with b: m×k. Four keys at a time so each q row is read once per
 * four dot products. */
void sl_matmul_nt(float *c, const float *a, const float *b, int n, int m, int k) {
    for (int i = 0; i < n; i++) {
        const float *ai = a + (size_t)i * k;
        float *ci = c + (size_t)i * m;
        int j = 0;
        for (; j + 4 <= m; j += 4) {
            const float *b0 = b + (size_t)j * k, *b1 = b0 + k, *b2 = b1 + k, *b3 = b2 + k;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int p = 0; p < k; p++) {
                float x = ai[p];
                s0 += x * b0[p];
                s1 += x * b1[p];
                s2 += x * b2[p];
                s3 += x * b3[p];
            }
            ci[j] = s0, ci[j + 1] = s1, ci[j + 2] = s2, ci[j + 3] = s3;
        }
        for (; j < m; j++) {
            const float *bj = b + (size_t)j * k;
            float s = 0;
            for (int p = 0; p < k; p++) s += ai[p] * bj[p];
            ci[j] = s;
        }
    }
}

/* c: n×m = a (n×k, row stride lda) · b (k×m, row stride ldb); c has row stride m.
 * Zero entries of a are skipped: masked attention weights are exactly 0. */
void sl_matmul_nn(float *c, const float *a, int lda, const float *b, int ldb, int n, int k, int m) {
    for (int i = 0; i < n; i++) {
        float *ci = c + (size_t)i * m;
        const float *ai = a + (size_t)i * lda;
        memset(ci, 0, (size_t)m * sizeof(float));
        for (int p = 0; p < k; p++) {
            float x = ai[p];
            if (x == 0.0f) continue;
            const float *bp = b + (size_t)p * ldb;
            for (int j = 0; j < m; j++) ci[j] += x * bp[j];
        }
    }
}

void sl_softmax_row(float *row, int cols, float inv_temperature) {
    float mx = -INFINITY;
    int has_nan = 0;
    for (int j = 0; j < cols; j++) {
        float v = row[j];
        if (isnan(v)) has_nan = 1;
        else if (v > mx) mx = v;
    }
    if (has_nan) {
        for (int j = 0; j < cols; j++) row[j] = NAN;
        return;
    }
    if (mx == -INFINITY) { /* every entry masked: no maximum, no weights */
        memset(row, 0, (size_t)cols * sizeof(float));
        return;
    }
    if (mx == INFINITY) { /* the limit: +Inf entries share the weight */
        int count = 0;
        for (int j = 0; j < cols; j++) count += row[j] == INFINITY;
        for (int j = 0; j < cols; j++) row[j] = row[j] == INFINITY ? 1.0f / (float)count : 0.0f;
        return;
    }
    float sum = 0;
    for (int j = 0; j < cols; j++) {
        /* z = 0 for the maximum: keep exp(0) = 1 exact, also when a tiny temperature makes
         * inv_temperature overflow to +Inf (0·Inf would be NaN) */
        float z = row[j] - mx;
        float e = z == 0.0f ? 1.0f : expf(z * inv_temperature);
        row[j] = e;
        sum += e;
    }
    float inv = 1.0f / sum; /* sum >= 1: the maximum contributes exp(0) */
    for (int j = 0; j < cols; j++) row[j] *= inv;
}
