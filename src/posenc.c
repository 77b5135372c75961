/* posenc.c — sinusoidal encodings and their shift matrix, RoPE, ALiBi.
 * Angles are formed in double precision and rounded once to float: positions up to
 * SL_MAX_SEQ times θ_0 = 1 would lose ~1e-4 rad in float arithmetic. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "sl_internal.h"

static int check_base(double base) {
    SL_TRY(sl_check_finite("base", base, 1));
    if (!(base > 1)) return sl_fail(SL_ERR_ARG, "base must be greater than 1, got %g", base);
    return SL_OK;
}

static int check_even(const char *name, int d) {
    if (d % 2) return sl_fail(SL_ERR_SIZE, "%s must be even (dimensions come in pairs), got %d", name, d);
    return SL_OK;
}

/* ω_i = base^(-2i/d) */
static double frequency(double base, int i, int d) { return pow(base, -2.0 * i / d); }

int sl_sinusoidal(float *pe, int n_pos, int d_model, float base, int layout) {
    SL_TRY(sl_check_ptr("pe", pe));
    SL_TRY(sl_check_size("n_pos", n_pos, SL_MAX_SEQ));
    SL_TRY(sl_check_size("d_model", d_model, SL_MAX_DIM));
    SL_TRY(check_even("d_model", d_model));
    SL_TRY(sl_check_elems("pe (n_pos×d_model)", (long long)n_pos * d_model));
    SL_TRY(check_base(base));
    if (layout != SL_PE_INTERLEAVED && layout != SL_PE_CONCAT)
        return sl_fail(SL_ERR_ARG, "layout must be 0 (interleaved) or 1 (concat), got %d", layout);
    const int half = d_model / 2;
    for (int t = 0; t < n_pos; t++) {
        float *row = pe + (size_t)t * d_model;
        for (int i = 0; i < half; i++) {
            double a = t * frequency(base, i, d_model);
            int si = layout == SL_PE_INTERLEAVED ? 2 * i : i;
            int ci = layout == SL_PE_INTERLEAVED ? 2 * i + 1 : half + i;
            row[si] = (float)sin(a);
            row[ci] = (float)cos(a);
        }
    }
    return SL_OK;
}

int sl_sinusoidal_shift(float *t, int k, int d_model, float base) {
    SL_TRY(sl_check_ptr("t", t));
    if (k < -SL_MAX_SEQ || k > SL_MAX_SEQ)
        return sl_fail(SL_ERR_LIMIT, "k must be between %d and %d, got %d", -SL_MAX_SEQ, SL_MAX_SEQ, k);
    SL_TRY(sl_check_size("d_model", d_model, SL_MAX_DIM));
    SL_TRY(check_even("d_model", d_model));
    SL_TRY(check_base(base));
    memset(t, 0, (size_t)d_model * d_model * sizeof(float));
    for (int i = 0; i < d_model / 2; i++) {
        double a = k * frequency(base, i, d_model);
        float c = (float)cos(a), s = (float)sin(a);
        /* [sin(ω(t+k)); cos(ω(t+k))] = [[c, s], [-s, c]] · [sin ωt; cos ωt] */
        size_t r0 = (size_t)(2 * i) * d_model, r1 = r0 + d_model;
        t[r0 + 2 * i] = c, t[r0 + 2 * i + 1] = s;
        t[r1 + 2 * i] = -s, t[r1 + 2 * i + 1] = c;
    }
    return SL_OK;
}

/* elems_name, elems: the largest array of the caller (x for sl_rope, angles for sl_rope_angles),
 * so an error names an argument the caller has. */
static int check_rope_args(int n_pos, int d, float base, const int32_t *positions, int scaling, float factor,
                           const char *elems_name, long long elems) {
    SL_TRY(sl_check_size("n_pos", n_pos, SL_MAX_SEQ));
    SL_TRY(sl_check_size("d", d, SL_MAX_DIM));
    SL_TRY(check_even("d", d));
    SL_TRY(sl_check_elems(elems_name, elems));
    SL_TRY(check_base(base));
    if (scaling < SL_ROPE_SCALE_NONE || scaling > SL_ROPE_SCALE_NTK)
        return sl_fail(SL_ERR_ARG, "scaling must be 0 (none), 1 (linear) or 2 (ntk), got %d", scaling);
    if (scaling != SL_ROPE_SCALE_NONE) {
        SL_TRY(sl_check_finite("factor", factor, 1));
        if (!(factor >= 1)) return sl_fail(SL_ERR_ARG, "factor must be at least 1, got %g", factor);
    }
    if (scaling == SL_ROPE_SCALE_NTK && d < 4)
        return sl_fail(SL_ERR_SIZE, "NTK scaling needs d >= 4 (base·s^(d/(d-2))), got d = %d", d);
    if (positions)
        for (int p = 0; p < n_pos; p++)
            if (positions[p] < -SL_MAX_POSITION || positions[p] > SL_MAX_POSITION)
                return sl_fail(SL_ERR_LIMIT, "positions[%d] = %d is outside [-%d, %d]", p, (int)positions[p],
                               SL_MAX_POSITION, SL_MAX_POSITION);
    return SL_OK;
}

/* Fills theta[i] (d/2 values) and returns the position divisor, after scaling. */
static double rope_frequencies(double *theta, int d, double base, int scaling, double factor) {
    if (scaling == SL_ROPE_SCALE_NTK) base *= pow(factor, (double)d / (d - 2));
    for (int i = 0; i < d / 2; i++) theta[i] = frequency(base, i, d);
    return scaling == SL_ROPE_SCALE_LINEAR ? factor : 1.0;
}

int sl_rope_angles(float *angles, int n_pos, int d, float base, const int32_t *positions, int scaling, float factor) {
    SL_TRY(sl_check_ptr("angles", angles));
    SL_TRY(
        check_rope_args(n_pos, d, base, positions, scaling, factor, "angles (n_pos×d/2)", (long long)n_pos * (d / 2)));
    double *theta = sl_alloc_doubles(d / 2, "RoPE frequencies");
    if (!theta) return SL_ERR_NOMEM;
    double div = rope_frequencies(theta, d, base, scaling, factor);
    for (int p = 0; p < n_pos; p++) {
        double m = (positions ? positions[p] : p) / div;
        for (int i = 0; i < d / 2; i++) angles[(size_t)p * (d / 2) + i] = (float)(m * theta[i]);
    }
    free(theta);
    return SL_OK;
}

static void rotate_row(float *out, const float *x, int d, int pairing, double m, const double *theta) {
    const int half = d / 2;
    for (int i = 0; i < half; i++) {
        int a = pairing == SL_ROPE_INTERLEAVED ? 2 * i : i;
        int b = pairing == SL_ROPE_INTERLEAVED ? 2 * i + 1 : i + half;
        double ang = m * theta[i];
        float c = (float)cos(ang), s = (float)sin(ang);
        float xa = x[a], xb = x[b];
        out[a] = xa * c - xb * s;
        out[b] = xa * s + xb * c;
    }
}

int sl_rope(float *out, const float *x, int n_pos, int d, float base, const int32_t *positions, int pairing,
            int scaling, float factor) {
    SL_TRY(sl_check_ptr("out", out));
    SL_TRY(sl_check_ptr("x", x));
    SL_TRY(check_rope_args(n_pos, d, base, positions, scaling, factor, "x (n_pos×d)", (long long)n_pos * d));
    if (pairing != SL_ROPE_INTERLEAVED && pairing != SL_ROPE_HALF)
        return sl_fail(SL_ERR_ARG, "pairing must be 0 (interleaved) or 1 (half), got %d", pairing);
    double *theta = sl_alloc_doubles(d / 2, "RoPE frequencies");
    if (!theta) return SL_ERR_NOMEM;
    double div = rope_frequencies(theta, d, base, scaling, factor);
    for (int p = 0; p < n_pos; p++)
        rotate_row(out + (size_t)p * d, x + (size_t)p * d, d, pairing, (positions ? positions[p] : p) / div, theta);
    free(theta);
    return SL_OK;
}

void sl_rope_rows_inplace(float *x, int n, int d, int ld, float base, int pairing) {
    double theta[SL_MAX_DIM / 2];
    rope_frequencies(theta, d, base, SL_ROPE_SCALE_NONE, 1.0);
    for (int p = 0; p < n; p++) rotate_row(x + (size_t)p * ld, x + (size_t)p * ld, d, pairing, p, theta);
}

int sl_learned_table(float *table, int n_pos, int d_model, uint32_t seed, float std) {
    SL_TRY(sl_check_ptr("table", table));
    SL_TRY(sl_check_size("n_pos", n_pos, SL_MAX_SEQ));
    SL_TRY(sl_check_size("d_model", d_model, SL_MAX_DIM));
    SL_TRY(sl_check_elems("table (n_pos×d_model)", (long long)n_pos * d_model));
    SL_TRY(sl_check_finite("std", std, 0));
    if (std < 0) return sl_fail(SL_ERR_ARG, "std must be at least 0, got %g", std);
    sl_rng rng = sl_rng_seed(seed);
    for (long long i = 0; i < (long long)n_pos * d_model; i += 2) {
        double a, b; /* two normals per pair */
        sl_rng_normal2(&rng, &a, &b);
        table[i] = (float)(std * a);
        if (i + 1 < (long long)n_pos * d_model) table[i + 1] = (float)(std * b);
    }
    return SL_OK;
}

int sl_learned_lookup(float *out, const float *table, int table_len, int d_model, const int32_t *positions, int n) {
    SL_TRY(sl_check_ptr("out", out));
    SL_TRY(sl_check_ptr("table", table));
    SL_TRY(sl_check_ptr("positions", positions));
    SL_TRY(sl_check_size("table_len", table_len, SL_MAX_SEQ));
    SL_TRY(sl_check_size("d_model", d_model, SL_MAX_DIM));
    SL_TRY(sl_check_size("n", n, SL_MAX_SEQ));
    SL_TRY(sl_check_elems("out (n×d_model)", (long long)n * d_model));
    SL_TRY(sl_check_elems("table (table_len×d_model)", (long long)table_len * d_model));
    for (int p = 0; p < n; p++)
        if (positions[p] < 0 || positions[p] >= table_len)
            return sl_fail(
                SL_ERR_VALUE,
                "positions[%d] = %d is beyond the learned table (length %d): a learned table has no entry for a "
                "position it was not trained on",
                p, (int)positions[p], table_len);
    for (int p = 0; p < n; p++)
        memcpy(out + (size_t)p * d_model, table + (size_t)positions[p] * d_model, (size_t)d_model * sizeof(float));
    return SL_OK;
}

int sl_alibi_slopes(float *slopes, int heads) {
    SL_TRY(sl_check_ptr("slopes", slopes));
    SL_TRY(sl_check_size("heads", heads, SL_MAX_HEADS));
    int c = 1;
    while (c * 2 <= heads) c *= 2; /* largest power of two <= heads */
    /* slope_h of the c-head sequence: 2^(-8(h+1)/c) */
    for (int h = 0; h < c; h++) slopes[h] = (float)exp2(-8.0 * (h + 1) / c);
    /* the rest: slopes 0, 2, 4, … of the 2c-head sequence, i.e. 2^(-8(2j+1)/(2c)) */
    for (int j = 0; c + j < heads; j++) slopes[c + j] = (float)exp2(-8.0 * (2 * j + 1) / (2.0 * c));
    return SL_OK;
}

int sl_alibi_bias(float *bias, int heads, int n, int m, int causal, const float *slopes) {
    SL_TRY(sl_check_ptr("bias", bias));
    SL_TRY(sl_check_size("heads", heads, SL_MAX_HEADS));
    SL_TRY(sl_check_size("n", n, SL_MAX_SEQ));
    SL_TRY(sl_check_size("m", m, SL_MAX_SEQ));
    SL_TRY(sl_check_elems("bias (heads×n×m)", (long long)heads * n * m));
    float own[SL_MAX_HEADS];
    if (slopes) {
        for (int h = 0; h < heads; h++)
            if (!isfinite(slopes[h]))
                return sl_fail(SL_ERR_ARG, "slopes[%d] must be a finite number, got %g", h, (double)slopes[h]);
    } else {
        sl_alibi_slopes(own, heads);
        slopes = own;
    }
    for (int h = 0; h < heads; h++)
        for (int i = 0; i < n; i++) {
            float *row = bias + ((size_t)h * n + i) * m;
            for (int j = 0; j < m; j++) {
                int dist = i + (m - n) - j;
                if (causal)
                    row[j] = dist >= 0 ? -slopes[h] * (float)dist : -INFINITY;
                else
                    row[j] = -slopes[h] * (float)abs(dist);
            }
        }
    return SL_OK;
}

/* The (cos, sin) of every angle sl_rope_rows_inplace forms, rounded the same way, so training can
 * rotate many heads from one table (and rotate back in its backward pass). */
void sl_rope_table(float *cs, int n, int d, float base) {
    double theta[SL_MAX_DIM / 2];
    rope_frequencies(theta, d, base, SL_ROPE_SCALE_NONE, 1.0);
    for (int p = 0; p < n; p++)
        for (int i = 0; i < d / 2; i++) {
            double ang = (double)p * theta[i];
            cs[((size_t)p * (d / 2) + i) * 2] = (float)cos(ang);
            cs[((size_t)p * (d / 2) + i) * 2 + 1] = (float)sin(ang);
        }
}

/* Interleaved pairs, row p by the table's angles of position p; inverse rotates by −angle: the
 * rotation is orthogonal, so its backward pass is its transpose. */
void sl_rope_rows_table(float *x, int n, int d, int ld, const float *cs, int inverse) {
    const float sign = inverse ? -1.0f : 1.0f;
    for (int p = 0; p < n; p++) {
        float *row = x + (size_t)p * ld;
        const float *t = cs + (size_t)p * d;
        for (int i = 0; i < d / 2; i++) {
            float c = t[2 * i], s = sign * t[2 * i + 1], xa = row[2 * i], xb = row[2 * i + 1];
            row[2 * i] = xa * c - xb * s;
            row[2 * i + 1] = xa * s + xb * c;
        }
    }
}
