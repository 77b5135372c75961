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
        if (isnan(v))
            has_nan = 1;
        else if (v > mx)
            mx = v;
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
                r = wasm_f32x4_add(
                    r, wasm_f32x4_mul(wasm_f32x4_splat(ai[p]), wasm_f32x4_make(b0[p], b1[p], b2[p], b3[p])));
            wasm_v128_store(ci + j, r);
        }
        for (; j < m; j++) {
            const float *bj = b + (size_t)j * k;
            v128_t s0 = wasm_f32x4_splat(0);
            for (int p = 0; p < k4; p += 4)
                s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(ai + p), wasm_v128_load(bj + p)));
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
            for (; j < m4; j += 4)
                wasm_v128_store(ci + j,
                                wasm_f32x4_add(wasm_v128_load(ci + j), wasm_f32x4_mul(xv, wasm_v128_load(bp + j))));
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
    v128_t fx = wasm_f32x4_floor(
        wasm_f32x4_add(wasm_f32x4_mul(x, wasm_f32x4_splat(1.44269504088896341f)), wasm_f32x4_splat(0.5f)));
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
    for (; p + 4 <= n; p += 4)
        s0 += a[p] * b[p], s1 += a[p + 1] * b[p + 1], s2 += a[p + 2] * b[p + 2], s3 += a[p + 3] * b[p + 3];
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
                wasm_v128_store(cr + j,
                                wasm_f32x4_add(wasm_v128_load(cr + j), wasm_f32x4_mul(xv, wasm_v128_load(bi + j))));
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
/* The forward x·Wᵀ and the backward dY·W (through a transposed copy of the small weight) of
 * training, and the attention scores. Each c[i,j] is summed the same way in both variants: four lane
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

/* The same 2×4 blocks as the SIMD kernel with GCC/Clang vector types, which the native build
 * compiles to vector registers (its speed depends on it) and a build without SIMD splits into
 * lanes; the order of every sum is unchanged. */
typedef float gemm_v4 __attribute__((vector_size(16)));
static inline gemm_v4 gemm_load4(const float *p) {
    gemm_v4 v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline float gemm_fold(gemm_v4 s) { return (s[0] + s[2]) + (s[1] + s[3]); }

void sl_gemm_nt_reference(float *c, const float *a, const float *b, int n, int m, int k, int accumulate) {
    const int k4 = k & ~3, m4 = m & ~3;
    int i = 0;
    for (; i + 2 <= n; i += 2) {
        const float *a0 = a + (size_t)i * k, *a1 = a0 + k;
        float *c0 = c + (size_t)i * m, *c1 = c0 + m;
        for (int j = 0; j < m4; j += 4) {
            const float *b0 = b + (size_t)j * k, *b1 = b0 + k, *b2 = b1 + k, *b3 = b2 + k;
            gemm_v4 s00 = {0}, s01 = {0}, s02 = {0}, s03 = {0}, s10 = {0}, s11 = {0}, s12 = {0}, s13 = {0};
            for (int p = 0; p < k4; p += 4) {
                gemm_v4 x0 = gemm_load4(a0 + p), x1 = gemm_load4(a1 + p), y;
                y = gemm_load4(b0 + p), s00 += x0 * y, s10 += x1 * y;
                y = gemm_load4(b1 + p), s01 += x0 * y, s11 += x1 * y;
                y = gemm_load4(b2 + p), s02 += x0 * y, s12 += x1 * y;
                y = gemm_load4(b3 + p), s03 += x0 * y, s13 += x1 * y;
            }
            float r0[4] = {gemm_fold(s00), gemm_fold(s01), gemm_fold(s02), gemm_fold(s03)};
            float r1[4] = {gemm_fold(s10), gemm_fold(s11), gemm_fold(s12), gemm_fold(s13)};
            const float *bq[4] = {b0, b1, b2, b3};
            for (int q = 0; q < 4; q++) {
                for (int p = k4; p < k; p++) r0[q] += a0[p] * bq[q][p], r1[q] += a1[p] * bq[q][p];
                c0[j + q] = accumulate ? c0[j + q] + r0[q] : r0[q];
                c1[j + q] = accumulate ? c1[j + q] + r1[q] : r1[q];
            }
        }
        for (int j = m4; j < m; j++) {
            float v0 = gemm_dot_ordered(a0, b + (size_t)j * k, k), v1 = gemm_dot_ordered(a1, b + (size_t)j * k, k);
            c0[j] = accumulate ? c0[j] + v0 : v0;
            c1[j] = accumulate ? c1[j] + v1 : v1;
        }
    }
    for (; i < n; i++)
        for (int j = 0; j < m; j++) {
            float v = gemm_dot_ordered(a + (size_t)i * k, b + (size_t)j * k, k);
            c[(size_t)i * m + j] = accumulate ? c[(size_t)i * m + j] + v : v;
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
            v128_t s00 = wasm_f32x4_splat(0), s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00,
                   s13 = s00;
            for (int p = 0; p < k4; p += 4) {
                v128_t x0 = wasm_v128_load(a0 + p), x1 = wasm_v128_load(a1 + p), y;
                y = wasm_v128_load(b0 + p), s00 = wasm_f32x4_add(s00, wasm_f32x4_mul(x0, y)),
                s10 = wasm_f32x4_add(s10, wasm_f32x4_mul(x1, y));
                y = wasm_v128_load(b1 + p), s01 = wasm_f32x4_add(s01, wasm_f32x4_mul(x0, y)),
                s11 = wasm_f32x4_add(s11, wasm_f32x4_mul(x1, y));
                y = wasm_v128_load(b2 + p), s02 = wasm_f32x4_add(s02, wasm_f32x4_mul(x0, y)),
                s12 = wasm_f32x4_add(s12, wasm_f32x4_mul(x1, y));
                y = wasm_v128_load(b3 + p), s03 = wasm_f32x4_add(s03, wasm_f32x4_mul(x0, y)),
                s13 = wasm_f32x4_add(s13, wasm_f32x4_mul(x1, y));
            }
            v128_t r0 = hsum4(s00, s01, s02, s03), r1 = hsum4(s10, s11, s12, s13);
            for (int p = k4; p < k; p++) {
                v128_t y = wasm_f32x4_make(b0[p], b1[p], b2[p], b3[p]);
                r0 = wasm_f32x4_add(r0, wasm_f32x4_mul(wasm_f32x4_splat(a0[p]), y));
                r1 = wasm_f32x4_add(r1, wasm_f32x4_mul(wasm_f32x4_splat(a1[p]), y));
            }
            if (accumulate)
                r0 = wasm_f32x4_add(wasm_v128_load(c0 + j), r0), r1 = wasm_f32x4_add(wasm_v128_load(c1 + j), r1);
            wasm_v128_store(c0 + j, r0);
            wasm_v128_store(c1 + j, r1);
        }
        for (int j = m4; j < m; j++) {
            float r0 = gemm_dot_ordered(a0, b + (size_t)j * k, k), r1 = gemm_dot_ordered(a1, b + (size_t)j * k, k);
            c0[j] = accumulate ? c0[j] + r0 : r0;
            c1[j] = accumulate ? c1[j] + r1 : r1;
        }
    }
    if (i < n) sl_gemm_nt_reference(c + (size_t)i * m, a + (size_t)i * k, b, n - i, m, k, accumulate); /* one row */
}
#endif

void sl_gemm_nt(float *c, const float *a, const float *b, int n, int m, int k, int accumulate) {
#ifdef SL_SIMD
    gemm_nt_simd(c, a, b, n, m, k, accumulate);
#else
    sl_gemm_nt_reference(c, a, b, n, m, k, accumulate);
#endif
}

/* ---- training: GELU (tanh approximation, as GPT-2) and its derivative ------------------------- */
#define GELU_SCALE 0.7978845608028654f /* sqrt(2/π) */

/* 1 + tanh(u) and 1 − tanh²(u) from e = exp(−2|u|) ≤ 1: 2/(1 + e) for u ≥ 0, 2e/(1 + e) for u < 0,
 * and 4e/(1 + e)² — one expf, and no cancellation where tanh nears ±1 (1 − tanhf(u)² would keep
 * tanhf's absolute error, a whole ulp of 1, in a result near 0). */
static inline void gelu_parts_scalar(float v, float *one_plus_tanh, float *sech2) {
    float u = GELU_SCALE * (v + 0.044715f * v * v * v);
    float e = expf(-2.0f * fabsf(u)), inv = 1.0f / (1.0f + e), two_inv = inv + inv;
    *one_plus_tanh = u < 0 ? e * two_inv : two_inv;
    *sech2 = e * two_inv * two_inv;
}

void sl_gelu_forward_reference(float *out, const float *x, long long n) {
    for (long long i = 0; i < n; i++) {
        float opt, sech2;
        gelu_parts_scalar(x[i], &opt, &sech2);
        out[i] = 0.5f * x[i] * opt;
    }
}

void sl_gelu_backward_reference(float *dx, const float *x, const float *dy, long long n) {
    for (long long i = 0; i < n; i++) {
        float v = x[i], opt, sech2;
        gelu_parts_scalar(v, &opt, &sech2);
        float grad = 0.5f * opt + 0.5f * v * sech2 * GELU_SCALE * (1.0f + 3.0f * 0.044715f * v * v);
        dx[i] = grad * dy[i];
    }
}

#ifdef SL_SIMD
/* gelu_parts_scalar's forms, four at a time, e from the softmax's exp polynomial (~1e-7 relative). */
static inline void gelu_parts(v128_t v, v128_t *one_plus_tanh, v128_t *sech2) {
    const v128_t one = wasm_f32x4_splat(1.0f);
    v128_t v3 = wasm_f32x4_mul(wasm_f32x4_mul(v, v), v);
    v128_t u = wasm_f32x4_mul(wasm_f32x4_splat(GELU_SCALE),
                              wasm_f32x4_add(v, wasm_f32x4_mul(wasm_f32x4_splat(0.044715f), v3)));
    v128_t e = exp_nonpositive(wasm_f32x4_mul(wasm_f32x4_abs(u), wasm_f32x4_splat(-2.0f)));
    v128_t inv = wasm_f32x4_div(one, wasm_f32x4_add(one, e));
    v128_t two_inv = wasm_f32x4_add(inv, inv);
    *one_plus_tanh = wasm_v128_bitselect(wasm_f32x4_mul(e, two_inv), two_inv, wasm_f32x4_lt(u, wasm_f32x4_splat(0.0f)));
    if (sech2) *sech2 = wasm_f32x4_mul(wasm_f32x4_mul(e, two_inv), two_inv);
}
#endif

void sl_gelu_forward(float *out, const float *x, long long n) {
#ifdef SL_SIMD
    const v128_t half = wasm_f32x4_splat(0.5f);
    long long i = 0;
    for (; i + 4 <= n; i += 4) {
        v128_t v = wasm_v128_load(x + i), opt;
        gelu_parts(v, &opt, NULL);
        wasm_v128_store(out + i, wasm_f32x4_mul(wasm_f32x4_mul(half, v), opt));
    }
    sl_gelu_forward_reference(out + i, x + i, n - i);
#else
    sl_gelu_forward_reference(out, x, n);
#endif
}

void sl_gelu_backward(float *dx, const float *x, const float *dy, long long n) {
#ifdef SL_SIMD
    const v128_t half = wasm_f32x4_splat(0.5f), one = wasm_f32x4_splat(1.0f);
    const v128_t k1 = wasm_f32x4_splat(GELU_SCALE), k3 = wasm_f32x4_splat(3.0f * 0.044715f);
    long long i = 0;
    for (; i + 4 <= n; i += 4) {
        v128_t v = wasm_v128_load(x + i), opt, sech2;
        gelu_parts(v, &opt, &sech2);
        v128_t left = wasm_f32x4_mul(half, opt);
        v128_t right =
            wasm_f32x4_mul(wasm_f32x4_mul(wasm_f32x4_mul(half, v), sech2),
                           wasm_f32x4_mul(k1, wasm_f32x4_add(one, wasm_f32x4_mul(k3, wasm_f32x4_mul(v, v)))));
        wasm_v128_store(dx + i, wasm_f32x4_mul(wasm_f32x4_add(left, right), wasm_v128_load(dy + i)));
    }
    sl_gelu_backward_reference(dx + i, x + i, dy + i, n - i);
#else
    sl_gelu_backward_reference(dx, x, dy, n);
#endif
}

/* ---- training: c += aᵀ · b (weight gradients) -------------------------------------------------- */
/* c: n×m, a: k×n, b: k×m (k = batch·T rows of activations): c[i,j] += Σ_p a[p,i]·b[p,j], summed in
 * order p = 0, 1, … starting from c itself, in both variants (bit-identical). Blocks of 4×8 outputs
 * stay in registers while p runs through a panel of 128 rows, so that panel of b stays in cache
 * across the blocks of i; no transposed copies of the activations are needed. */
#define GEMM_TN_PANEL 128

static void gemm_tn_edge(float *c, const float *a, const float *b, int n, int m, int p0, int p1, int i0, int i1, int j0,
                         int j1) {
    for (int i = i0; i < i1; i++)
        for (int j = j0; j < j1; j++) {
            float acc = c[(size_t)i * m + j];
            for (int p = p0; p < p1; p++) acc += a[(size_t)p * n + i] * b[(size_t)p * m + j];
            c[(size_t)i * m + j] = acc;
        }
}

void sl_gemm_tn_reference(float *c, const float *a, const float *b, int n, int m, int k) {
    const int n4 = n & ~3, m8 = m & ~7;
    for (int p0 = 0; p0 < k; p0 += GEMM_TN_PANEL) {
        const int p1 = p0 + GEMM_TN_PANEL < k ? p0 + GEMM_TN_PANEL : k;
        for (int j = 0; j < m8; j += 8)
            for (int i = 0; i < n4; i += 4) {
                gemm_v4 acc[4][2];
                for (int r = 0; r < 4; r++)
                    acc[r][0] = gemm_load4(c + (size_t)(i + r) * m + j),
                    acc[r][1] = gemm_load4(c + (size_t)(i + r) * m + j + 4);
                for (int p = p0; p < p1; p++) {
                    const float *ap = a + (size_t)p * n + i, *bp = b + (size_t)p * m + j;
                    gemm_v4 y0 = gemm_load4(bp), y1 = gemm_load4(bp + 4);
                    for (int r = 0; r < 4; r++) {
                        gemm_v4 x = {ap[r], ap[r], ap[r], ap[r]};
                        acc[r][0] += x * y0, acc[r][1] += x * y1;
                    }
                }
                for (int r = 0; r < 4; r++) memcpy(c + (size_t)(i + r) * m + j, acc[r], sizeof acc[r]);
            }
        gemm_tn_edge(c, a, b, n, m, p0, p1, n4, n, 0, m);
        gemm_tn_edge(c, a, b, n, m, p0, p1, 0, n4, m8, m);
    }
}

#ifdef SL_SIMD
static void gemm_tn_simd(float *c, const float *a, const float *b, int n, int m, int k) {
    const int n4 = n & ~3, m8 = m & ~7;
    for (int p0 = 0; p0 < k; p0 += GEMM_TN_PANEL) {
        const int p1 = p0 + GEMM_TN_PANEL < k ? p0 + GEMM_TN_PANEL : k;
        for (int j = 0; j < m8; j += 8)
            for (int i = 0; i < n4; i += 4) {
                float *c0 = c + (size_t)i * m + j, *c1 = c0 + m, *c2 = c1 + m, *c3 = c2 + m;
                v128_t s00 = wasm_v128_load(c0), s01 = wasm_v128_load(c0 + 4), s10 = wasm_v128_load(c1),
                       s11 = wasm_v128_load(c1 + 4);
                v128_t s20 = wasm_v128_load(c2), s21 = wasm_v128_load(c2 + 4), s30 = wasm_v128_load(c3),
                       s31 = wasm_v128_load(c3 + 4);
                for (int p = p0; p < p1; p++) {
                    const float *bp = b + (size_t)p * m + j;
                    v128_t x = wasm_v128_load(a + (size_t)p * n + i), y0 = wasm_v128_load(bp),
                           y1 = wasm_v128_load(bp + 4), xs;
                    xs = wasm_i32x4_shuffle(x, x, 0, 0, 0, 0), s00 = wasm_f32x4_add(s00, wasm_f32x4_mul(xs, y0)),
                    s01 = wasm_f32x4_add(s01, wasm_f32x4_mul(xs, y1));
                    xs = wasm_i32x4_shuffle(x, x, 1, 1, 1, 1), s10 = wasm_f32x4_add(s10, wasm_f32x4_mul(xs, y0)),
                    s11 = wasm_f32x4_add(s11, wasm_f32x4_mul(xs, y1));
                    xs = wasm_i32x4_shuffle(x, x, 2, 2, 2, 2), s20 = wasm_f32x4_add(s20, wasm_f32x4_mul(xs, y0)),
                    s21 = wasm_f32x4_add(s21, wasm_f32x4_mul(xs, y1));
                    xs = wasm_i32x4_shuffle(x, x, 3, 3, 3, 3), s30 = wasm_f32x4_add(s30, wasm_f32x4_mul(xs, y0)),
                    s31 = wasm_f32x4_add(s31, wasm_f32x4_mul(xs, y1));
                }
                wasm_v128_store(c0, s00), wasm_v128_store(c0 + 4, s01), wasm_v128_store(c1, s10),
                    wasm_v128_store(c1 + 4, s11);
                wasm_v128_store(c2, s20), wasm_v128_store(c2 + 4, s21), wasm_v128_store(c3, s30),
                    wasm_v128_store(c3 + 4, s31);
            }
        gemm_tn_edge(c, a, b, n, m, p0, p1, n4, n, 0, m);
        gemm_tn_edge(c, a, b, n, m, p0, p1, 0, n4, m8, m);
    }
}
#endif

void sl_gemm_tn(float *c, const float *a, const float *b, int n, int m, int k) {
#ifdef SL_SIMD
    gemm_tn_simd(c, a, b, n, m, k);
#else
    sl_gemm_tn_reference(c, a, b, n, m, k);
#endif
}
