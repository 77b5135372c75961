/* kernels.c — the inner loops every topic shares: matrix products and the row softmax.
 *
 * Each kernel has a scalar reference, written so that compilers vectorise it (independent
 * accumulators, unit-stride inner loops), and, when compiled for WebAssembly with -msimd128,
 * a hand-written wasm_simd128.h variant selected at compile time. The native build (tests,
 * sanitizers, benchmark baseline) uses the scalar code; the WebAssembly build without SIMD is
 * built too, so tests compare both variants on the same inputs. */
#include <math.h>
#include <string.h>

#include "sl_internal.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define SL_SIMD 1
/* the scalar references stay compiled beside the SIMD kernels they validate */
#define SL_REFERENCE __attribute__((unused)) static
#else
#define SL_REFERENCE static
#endif

/* c: n×m = a (n×k) · bᵀ with b: m×k. Four keys at a time so each q row is read once per
 * four dot products. */
SL_REFERENCE void matmul_nt_scalar(float *c, const float *a, const float *b, int n, int m, int k) {
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
SL_REFERENCE void matmul_nn_scalar(float *c, const float *a, int lda, const float *b, int ldb, int n, int k, int m) {
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

static void softmax_row_scalar(float *row, int cols, float inv_temperature) {
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

#ifdef SL_SIMD
/* [Σ a, Σ b, Σ c, Σ d] of four accumulators, in one vector. */
static inline v128_t hsum4(v128_t a, v128_t b, v128_t c, v128_t d) {
    v128_t ab = wasm_f32x4_add(wasm_i32x4_shuffle(a, b, 0, 4, 1, 5), wasm_i32x4_shuffle(a, b, 2, 6, 3, 7));
    v128_t cd = wasm_f32x4_add(wasm_i32x4_shuffle(c, d, 0, 4, 1, 5), wasm_i32x4_shuffle(c, d, 2, 6, 3, 7));
    return wasm_f32x4_add(wasm_i32x4_shuffle(ab, cd, 0, 1, 4, 5), wasm_i32x4_shuffle(ab, cd, 2, 3, 6, 7));
}

static void matmul_nt_simd(float *c, const float *a, const float *b, int n, int m, int k) {
    const int k4 = k & ~3;
    for (int i = 0; i < n; i++) {
        const float *ai = a + (size_t)i * k;
        float *ci = c + (size_t)i * m;
        int j = 0;
        for (; j + 4 <= m; j += 4) {
            const float *b0 = b + (size_t)j * k, *b1 = b0 + k, *b2 = b1 + k, *b3 = b2 + k;
            v128_t s0 = wasm_f32x4_splat(0), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < k4; p += 4) {
                v128_t x = wasm_v128_load(ai + p);
                s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(x, wasm_v128_load(b0 + p)));
                s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(x, wasm_v128_load(b1 + p)));
                s2 = wasm_f32x4_add(s2, wasm_f32x4_mul(x, wasm_v128_load(b2 + p)));
                s3 = wasm_f32x4_add(s3, wasm_f32x4_mul(x, wasm_v128_load(b3 + p)));
            }
            v128_t r = hsum4(s0, s1, s2, s3);
            for (int p = k4; p < k; p++) /* the k % 4 tail */
                r = wasm_f32x4_add(r, wasm_f32x4_mul(wasm_f32x4_splat(ai[p]), wasm_f32x4_make(b0[p], b1[p], b2[p], b3[p])));
            wasm_v128_store(ci + j, r);
        }
        for (; j < m; j++) {
            const float *bj = b + (size_t)j * k;
            v128_t s0 = wasm_f32x4_splat(0);
            for (int p = 0; p < k4; p += 4) s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(ai + p), wasm_v128_load(bj + p)));
            float sum = wasm_f32x4_extract_lane(hsum4(s0, s0, s0, s0), 0);
            for (int p = k4; p < k; p++) sum += ai[p] * bj[p];
            ci[j] = sum;
        }
    }
}

static void matmul_nn_simd(float *c, const float *a, int lda, const float *b, int ldb, int n, int k, int m) {
    const int m4 = m & ~3;
    for (int i = 0; i < n; i++) {
        float *ci = c + (size_t)i * m;
        const float *ai = a + (size_t)i * lda;
        memset(ci, 0, (size_t)m * sizeof(float));
        for (int p = 0; p < k; p++) {
            float x = ai[p];
            if (x == 0.0f) continue; /* masked attention weights are exactly 0 */
            const float *bp = b + (size_t)p * ldb;
            v128_t xv = wasm_f32x4_splat(x);
            int j = 0;
            for (; j < m4; j += 4) wasm_v128_store(ci + j, wasm_f32x4_add(wasm_v128_load(ci + j), wasm_f32x4_mul(xv, wasm_v128_load(bp + j))));
            for (; j < m; j++) ci[j] += x * bp[j];
        }
    }
}

/* exp for x <= 0 (softmax arguments), Cephes expf's range reduction and polynomial: relative
 * error ~1e-7 over the range; exactly 1 at x = 0; 0 below -87.3 (where expf underflows). */
static inline v128_t exp_nonpositive(v128_t x) {
    const v128_t lo = wasm_f32x4_splat(-87.33654f);
    v128_t under = wasm_f32x4_lt(x, lo);
    x = wasm_f32x4_max(x, lo);
    v128_t fx = wasm_f32x4_floor(wasm_f32x4_add(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)), wasm_f32x4_splat(0.5f)));
    x = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, wasm_f32x4_splat(0.693359375f)));
    x = wasm_f32x4_sub(x, wasm_f32x4_mul(fx, wasm_f32x4_splat(-2.12194440e-4f)));
    v128_t y = wasm_f32x4_splat(1.9875691500e-4f);
    y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(1.3981999507e-3f));
    y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(8.3334519073e-3f));
    y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(4.1665795894e-2f));
    y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(1.6666665459e-1f));
    y = wasm_f32x4_add(wasm_f32x4_mul(y, x), wasm_f32x4_splat(5.0000001201e-1f));
    y = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_mul(y, x), x), x), wasm_f32x4_splat(1.0f));
    v128_t pow2n = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(fx), wasm_i32x4_splat(127)), 23);
    return wasm_v128_andnot(wasm_f32x4_mul(y, pow2n), under);
}

static void softmax_row_simd(float *row, int cols, float inv_temperature) {
    const int c4 = cols & ~3;
    /* pmax is one instruction (f32x4.max's NaN rules cost several); NaNs are caught apart */
    v128_t vmax = wasm_f32x4_splat(-INFINITY), nan = wasm_i32x4_splat(0);
    int j = 0;
    for (; j < c4; j += 4) {
        v128_t x = wasm_v128_load(row + j);
        vmax = wasm_f32x4_pmax(vmax, x);
        nan = wasm_v128_or(nan, wasm_f32x4_ne(x, x));
    }
    float mx = fmaxf(fmaxf(wasm_f32x4_extract_lane(vmax, 0), wasm_f32x4_extract_lane(vmax, 1)),
                     fmaxf(wasm_f32x4_extract_lane(vmax, 2), wasm_f32x4_extract_lane(vmax, 3)));
    int special = wasm_v128_any_true(nan);
    for (; j < cols; j++) {
        special |= isnan(row[j]);
        if (row[j] > mx) mx = row[j];
    }
    /* NaN, all masked, +Inf present, or a temperature so small that 1/T overflowed: the scalar
     * reference spells these cases out */
    if (special || !isfinite(mx) || !isfinite(inv_temperature)) {
        softmax_row_scalar(row, cols, inv_temperature);
        return;
    }
    const v128_t vm = wasm_f32x4_splat(mx), vt = wasm_f32x4_splat(inv_temperature);
    v128_t vsum = wasm_f32x4_splat(0);
    for (j = 0; j < c4; j += 4) {
        v128_t e = exp_nonpositive(wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(row + j), vm), vt));
        wasm_v128_store(row + j, e);
        vsum = wasm_f32x4_add(vsum, e);
    }
    float sum = wasm_f32x4_extract_lane(hsum4(vsum, vsum, vsum, vsum), 0);
    for (; j < cols; j++) {
        float z = row[j] - mx;
        float e = z == 0.0f ? 1.0f : expf(z * inv_temperature);
        row[j] = e;
        sum += e;
    }
    const v128_t inv = wasm_f32x4_splat(1.0f / sum);
    for (j = 0; j < c4; j += 4) wasm_v128_store(row + j, wasm_f32x4_mul(wasm_v128_load(row + j), inv));
    for (; j < cols; j++) row[j] *= 1.0f / sum;
}
#endif

void sl_matmul_nt(float *c, const float *a, const float *b, int n, int m, int k) {
#ifdef SL_SIMD
    matmul_nt_simd(c, a, b, n, m, k);
#else
    matmul_nt_scalar(c, a, b, n, m, k);
#endif
}

void sl_matmul_nn(float *c, const float *a, int lda, const float *b, int ldb, int n, int k, int m) {
#ifdef SL_SIMD
    matmul_nn_simd(c, a, lda, b, ldb, n, k, m);
#else
    matmul_nn_scalar(c, a, lda, b, ldb, n, k, m);
#endif
}

void sl_softmax_row(float *row, int cols, float inv_temperature) {
#ifdef SL_SIMD
    softmax_row_simd(row, cols, inv_temperature);
#else
    softmax_row_scalar(row, cols, inv_temperature);
#endif
}

/* Σ a[p]·b[p] in float. */
static float dot_f32(const float *a, const float *b, int n) {
#ifdef SL_SIMD
    const int n4 = n & ~3;
    v128_t s0 = wasm_f32x4_splat(0), s1 = s0;
    int p = 0;
    for (; p + 8 <= n4; p += 8) {
        s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + p), wasm_v128_load(b + p)));
        s1 = wasm_f32x4_add(s1, wasm_f32x4_mul(wasm_v128_load(a + p + 4), wasm_v128_load(b + p + 4)));
    }
    for (; p < n4; p += 4) s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(a + p), wasm_v128_load(b + p)));
    float s = wasm_f32x4_extract_lane(hsum4(wasm_f32x4_add(s0, s1), s0, s0, s0), 0);
    for (; p < n; p++) s += a[p] * b[p];
    return s;
#else
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int p = 0;
    for (; p + 4 <= n; p += 4) s0 += a[p] * b[p], s1 += a[p + 1] * b[p + 1], s2 += a[p + 2] * b[p + 2], s3 += a[p + 3] * b[p + 3];
    for (; p < n; p++) s0 += a[p] * b[p];
    return (s0 + s1) + (s2 + s3);
#endif
}

void sl_matvec(float *y, const float *w, const float *x, int rows, int cols, int accumulate) {
    for (int r = 0; r < rows; r++) {
        const float *wr = w + (size_t)r * cols;
        float v = dot_f32(wr, x, cols) + (accumulate ? y[r] : 0.0f);
        if (isnan(v)) {
            /* finite inputs whose products overflowed to +Inf and −Inf: the sum in double, where
             * a product of two floats cannot overflow, gives the saturated value instead of NaN */
            double d = accumulate ? (double)y[r] : 0.0;
            for (int c = 0; c < cols; c++) d += (double)wr[c] * (double)x[c];
            v = (float)d;
        }
        y[r] = v;
    }
}

int sl_simd_enabled(void) {
#ifdef SL_SIMD
    return 1;
#else
    return 0;
#endif
}

/* ---- added for the batched recurrent nets (train_recurrent.h) ---------------------------- */
/* c: k×m += aᵀ · b with a: n×k, b: n×m — the weight gradient Σ_i a_iᵀ b_i of a batch of rows.
 * Zero entries of a are skipped (masked positions give exactly zero gradients). */
SL_REFERENCE void matmul_tn_acc_scalar(float *c, const float *a, const float *b, int n, int k, int m) {
    for (int i = 0; i < n; i++) {
        const float *ai = a + (size_t)i * k, *bi = b + (size_t)i * m;
        for (int r = 0; r < k; r++) {
            float x = ai[r];
            if (x == 0.0f) continue;
            float *cr = c + (size_t)r * m;
            for (int j = 0; j < m; j++) cr[j] += x * bi[j];
        }
    }
}

#ifdef SL_SIMD
static void matmul_tn_acc_simd(float *c, const float *a, const float *b, int n, int k, int m) {
    const int m4 = m & ~3;
    for (int i = 0; i < n; i++) {
        const float *ai = a + (size_t)i * k, *bi = b + (size_t)i * m;
        for (int r = 0; r < k; r++) {
            float x = ai[r];
            if (x == 0.0f) continue;
            float *cr = c + (size_t)r * m;
            const v128_t xv = wasm_f32x4_splat(x);
            int j = 0;
            for (; j < m4; j += 4)
                wasm_v128_store(cr + j, wasm_f32x4_add(wasm_v128_load(cr + j), wasm_f32x4_mul(xv, wasm_v128_load(bi + j))));
            for (; j < m; j++) cr[j] += x * bi[j];
        }
    }
}
#endif

void sl_matmul_tn_acc(float *c, const float *a, const float *b, int n, int k, int m) {
#ifdef SL_SIMD
    matmul_tn_acc_simd(c, a, b, n, k, m);
#else
    matmul_tn_acc_scalar(c, a, b, n, k, m);
#endif
}

/* ---- training: c (+)= a · bᵀ, register-blocked -------------------------------------------------- */
/* Every product of training (forward x·Wᵀ, backward dY·W and dYᵀ·X through transposed copies)
 * goes through this one kernel. Each c[i,j] is summed the same way in both variants: four lane
 * partial sums over p in steps of 4, folded as (l0 + l2) + (l1 + l3), then the k % 4 tail in
 * order, then added to c when accumulating — so the scalar twin reproduces the SIMD result bit
 * for bit (no fused multiply–add in either build). */
static inline float gemm_dot_ordered(const float *a, const float *b, int k) {
    const int k4 = k & ~3;
    float l0 = 0, l1 = 0, l2 = 0, l3 = 0;
    for (int p = 0; p < k4; p += 4) {
        l0 += a[p] * b[p];
        l1 += a[p + 1] * b[p + 1];
        l2 += a[p + 2] * b[p + 2];
        l3 += a[p + 3] * b[p + 3];
    }
    float r = (l0 + l2) + (l1 + l3);
    for (int p = k4; p < k; p++) r += a[p] * b[p];
    return r;
}

void sl_gemm_nt_reference(float *c, const float *a, const float *b, int n, int m, int k, int accumulate) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            float r = gemm_dot_ordered(a + (size_t)i * k, b + (size_t)j * k, k);
            c[(size_t)i * m + j] = accumulate ? c[(size_t)i * m + j] + r : r;
        }
}

#ifdef SL_SIMD
/* 2 rows of a × 4 rows of b: 8 accumulators, 6 loads per 8 multiply–adds. */
static void gemm_nt_simd(float *c, const float *a, const float *b, int n, int m, int k, int accumulate) {
    const int k4 = k & ~3, m4 = m & ~3;
    int i = 0;
    for (; i + 2 <= n; i += 2) {
        const float *a0 = a + (size_t)i * k, *a1 = a0 + k;
        float *c0 = c + (size_t)i * m, *c1 = c0 + m;
        for (int j = 0; j < m4; j += 4) {
            const float *b0 = b + (size_t)j * k, *b1 = b0 + k, *b2 = b1 + k, *b3 = b2 + k;
            v128_t s00 = wasm_f32x4_splat(0), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00;
            for (int p = 0; p < k4; p += 4) {
                v128_t x0 = wasm_v128_load(a0 + p), x1 = wasm_v128_load(a1 + p), y;
                y = wasm_v128_load(b0 + p), s00 = wasm_f32x4_add(s00, wasm_f32x4_mul(x0, y)), s10 = wasm_f32x4_add(s10, wasm_f32x4_mul(x1, y));
                y = wasm_v128_load(b1 + p), s01 = wasm_f32x4_add(s01, wasm_f32x4_mul(x0, y)), s11 = wasm_f32x4_add(s11, wasm_f32x4_mul(x1, y));
                y = wasm_v128_load(b2 + p), s02 = wasm_f32x4_add(s02, wasm_f32x4_mul(x0, y)), s12 = wasm_f32x4_add(s12, wasm_f32x4_mul(x1, y));
                y = wasm_v128_load(b3 + p), s03 = wasm_f32x4_add(s03, wasm_f32x4_mul(x0, y)), s13 = wasm_f32x4_add(s13, wasm_f32x4_mul(x1, y));
            }
            v128_t r0 = hsum4(s00, s01, s02, s03), r1 = hsum4(s10, s11, s12, s13);
            for (int p = k4; p < k; p++) {
                v128_t y = wasm_f32x4_make(b0[p], b1[p], b2[p], b3[p]);
                r0 = wasm_f32x4_add(r0, wasm_f32x4_mul(wasm_f32x4_splat(a0[p]), y));
                r1 = wasm_f32x4_add(r1, wasm_f32x4_mul(wasm_f32x4_splat(a1[p]), y));
            }
            if (accumulate) r0 = wasm_f32x4_add(wasm_v128_load(c0 + j), r0), r1 = wasm_f32x4_add(wasm_v128_load(c1 + j), r1);
            wasm_v128_store(c0 + j, r0);
            wasm_v128_store(c1 + j, r1);
        }
        for (int j = m4; j < m; j++) {
            float r0 = gemm_dot_ordered(a0, b + (size_t)j * k, k), r1 = gemm_dot_ordered(a1, b + (size_t)j * k, k);
            c0[j] = accumulate ? c0[j] + r0 : r0;
            c1[j] = accumulate ? c1[j] + r1 : r1;
        }
    }
    if (i < n) sl_gemm_nt_reference(c + (size_t)i * m, a + (size_t)i * k, b, n - i, m, k, accumulate);
}
#endif

void sl_gemm_nt(float *c, const float *a, const float *b, int n, int m, int k, int accumulate) {
#ifdef SL_SIMD
    gemm_nt_simd(c, a, b, n, m, k, accumulate);
#else
    sl_gemm_nt_reference(c, a, b, n, m, k, accumulate);
#endif
}
