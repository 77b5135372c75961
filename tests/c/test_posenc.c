/* test_posenc.c — native checks of the positional encodings: the identities the lab shows,
 * the ALiBi slopes, and every error path. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "seqlab.h"

static int message_has(const char *needle) { return strstr(sl_error_message(), needle) != NULL; }

static void test_shift_is_rotation(void) {
    enum { d = 8, n = 40 };
    float pe[n * d], t[d * d];
    CHECK(sl_sinusoidal(pe, n, d, 10000, SL_PE_INTERLEAVED) == SL_OK, "pe");
    for (int k = -3; k <= 7; k += 5) {
        CHECK(sl_sinusoidal_shift(t, k, d, 10000) == SL_OK, "T(k)");
        for (int p = 3; p + k < n && p < 30; p += 9) {
            float out[d];
            for (int r = 0; r < d; r++) {
                float s = 0;
                for (int c = 0; c < d; c++) s += t[r * d + c] * pe[p * d + c];
                out[r] = s;
            }
            CHECK_CLOSE("T(k)·PE(t) = PE(t+k)", out, pe + (p + k) * d, d, 1e-6, 1e-5);
        }
    }
    /* concat layout holds the same numbers, rearranged */
    float cat[n * d];
    CHECK(sl_sinusoidal(cat, n, d, 10000, SL_PE_CONCAT) == SL_OK, "concat");
    CHECK(cat[5 * d + 1] == pe[5 * d + 2] && cat[5 * d + d / 2 + 1] == pe[5 * d + 3], "concat layout");
}

static void test_rope(void) {
    enum { d = 6 };
    float q[d] = {1, -2, 0.5f, 3, -1, 0.25f}, k[d] = {0.3f, 1, -1, 2, 0.5f, -0.5f};
    /* ⟨R_m q, R_n k⟩ depends on n − m only */
    float dots[3];
    int32_t pairs[3][2] = {{0, 4}, {7, 11}, {100, 104}};
    for (int pairing = 0; pairing < 2; pairing++) {
        for (int c = 0; c < 3; c++) {
            float rq[d], rk[d];
            CHECK(sl_rope(rq, q, 1, d, 10000, &pairs[c][0], pairing, 0, 1) == SL_OK, "rope q");
            CHECK(sl_rope(rk, k, 1, d, 10000, &pairs[c][1], pairing, 0, 1) == SL_OK, "rope k");
            double s = 0, nq = 0, nr = 0;
            for (int i = 0; i < d; i++) s += rq[i] * rk[i], nq += q[i] * q[i], nr += rq[i] * rq[i];
            dots[c] = (float)s;
            CHECK(fabs(nq - nr) < 1e-5, "norm kept");
        }
        CHECK(fabsf(dots[0] - dots[1]) < 1e-5f && fabsf(dots[0] - dots[2]) < 1e-5f, "relative: %g %g %g", dots[0],
              dots[1], dots[2]);
    }
    /* linear scaling by s at position s·m equals no scaling at m */
    float a[d], b[d];
    int32_t m4 = 4, m2 = 2;
    CHECK(sl_rope(a, q, 1, d, 10000, &m4, 0, SL_ROPE_SCALE_LINEAR, 2) == SL_OK &&
              sl_rope(b, q, 1, d, 10000, &m2, 0, 0, 1) == SL_OK,
          "linear");
    CHECK_CLOSE("linear interpolation", a, b, d, 1e-6, 1e-6);
}

static void test_alibi(void) {
    float s[12];
    CHECK(sl_alibi_slopes(s, 8) == SL_OK, "8");
    for (int h = 0; h < 8; h++) CHECK(s[h] == ldexpf(1, -(h + 1)), "slope %d", h);
    CHECK(sl_alibi_slopes(s, 6) == SL_OK, "6");
    float want6[6] = {0.25f, 0.0625f, 0.015625f, 0.00390625f, 0.5f, 0.125f};
    CHECK_CLOSE("6 heads", s, want6, 6, 0, 0);
    float bias[2 * 3 * 4];
    CHECK(sl_alibi_bias(bias, 2, 3, 4, 1, NULL) == SL_OK, "bias");
    CHECK(bias[0] == -0.0625f * 1 && bias[1] == 0 && bias[2] == -INFINITY, "causal bias row 0 (m > n)");
}

static void test_errors(void) {
    float o[64], x[64] = {0};
    CHECK(sl_sinusoidal(o, 4, 7, 10000, 0) == SL_ERR_SIZE && message_has("d_model must be even"), "odd d");
    CHECK(sl_sinusoidal(o, 4, 8, NAN, 0) == SL_ERR_ARG && message_has("base"), "NaN base");
    CHECK(sl_sinusoidal(o, 4, 8, 1, 0) == SL_ERR_ARG && message_has("base must be greater than 1"), "base 1");
    CHECK(sl_sinusoidal(o, 4, 8, 10000, 2) == SL_ERR_ARG && message_has("layout"), "layout");
    CHECK(sl_sinusoidal_shift(o, SL_MAX_SEQ + 1, 4, 10000) == SL_ERR_LIMIT && message_has("k must be"), "k");
    CHECK(sl_rope(o, x, 2, 4, 10000, NULL, 2, 0, 1) == SL_ERR_ARG && message_has("pairing"), "pairing");
    CHECK(sl_rope(o, x, 1, 2, 10000, NULL, 0, SL_ROPE_SCALE_NTK, 2) == SL_ERR_SIZE && message_has("NTK"), "ntk d = 2");
    CHECK(sl_rope(o, x, 1, 4, 10000, NULL, 0, SL_ROPE_SCALE_LINEAR, 0.5f) == SL_ERR_ARG && message_has("factor"),
          "factor < 1");
    int32_t far = SL_MAX_SEQ * 16 + 1;
    CHECK(sl_rope(o, x, 1, 4, 10000, &far, 0, 0, 1) == SL_ERR_LIMIT && message_has("positions[0]"), "position range");
    CHECK(sl_alibi_slopes(o, 0) == SL_ERR_SIZE && message_has("heads"), "0 heads");
    CHECK(sl_alibi_slopes(o, -2) == SL_ERR_SIZE, "negative heads");
    float nan_slope[1] = {NAN};
    CHECK(sl_alibi_bias(o, 1, 2, 2, 1, nan_slope) == SL_ERR_ARG && message_has("slopes"), "NaN slope");
}

void test_posenc(void) {
    test_shift_is_rotation();
    test_rope();
    test_alibi();
    test_errors();
}
