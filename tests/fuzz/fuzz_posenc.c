/* fuzz_posenc.c — libFuzzer target for sinusoidal encodings, T(k), RoPE and ALiBi, checking
 * that RoPE preserves norms and that ALiBi's bias is never positive. */
#include "fuzz.h"

#define CAP 24

static void fuzz_sinusoidal(fuzz_in *f) {
    int s[2] = {fz_size(f, 8, SL_MAX_SEQ), fz_size(f, 8, SL_MAX_DIM)};
    uint8_t opt = fz_u8(f);
    float base = opt & 1 ? fz_float(f) : 10000.0f;
    float *pe = fz_floats(f, fz_count(CAP, 2, s), 1, 1);
    int st = sl_sinusoidal(pe, s[0], s[1], base, (int)(opt >> 1) % 3);
    FUZZ_STATUS(st);
    if (st == SL_OK)
        for (long i = 0; i < (long)s[0] * s[1]; i++) FUZZ_ASSERT(pe[i] >= -1 && pe[i] <= 1);
    free(pe);
}

static void fuzz_shift(fuzz_in *f) {
    int k = (int)(int8_t)fz_u8(f) * ((fz_u8(f) & 1) ? 1 : 200);
    int d = fz_size(f, 8, SL_MAX_DIM);
    int dd[2] = {d, d};
    float base = fz_u8(f) & 1 ? fz_float(f) : 10000.0f;
    float *t = fz_floats(f, fz_count(CAP, 2, dd), 1, 1);
    FUZZ_STATUS(sl_sinusoidal_shift(t, k, d, base));
    free(t);
}

static void fuzz_rope(fuzz_in *f) {
    int s[2] = {fz_size(f, 6, SL_MAX_SEQ), fz_size(f, 8, SL_MAX_DIM)};
    uint8_t opt = fz_u8(f);
    float base = opt & 1 ? fz_float(f) : 10000.0f;
    int pairing = (opt >> 1) & 3, scaling = (opt >> 3) & 3;
    float factor = (opt >> 5) & 1 ? fz_float(f) : 2.0f;
    long c = fz_count(CAP, 2, s);
    int32_t *pos = NULL;
    if ((opt >> 6) & 1) {
        long np = fz_count(CAP, 1, s);
        pos = malloc(sizeof(int32_t) * np);
        for (long i = 0; i < np; i++) pos[i] = (int32_t)((int8_t)fz_u8(f)) * ((fz_u8(f) & 7) == 0 ? 100000 : 1);
    }
    int plain = (opt >> 7) & 1;
    float *x = fz_floats(f, c, 1, plain), *out = fz_floats(f, c, 1, 1);
    int st = sl_rope(out, x, s[0], s[1], base, pos, pairing, scaling, factor);
    FUZZ_STATUS(st);
    if (st == SL_OK && plain)
        for (int p = 0; p < s[0]; p++) {
            double a = 0, b = 0;
            for (int i = 0; i < s[1]; i++)
                a += (double)x[p * s[1] + i] * x[p * s[1] + i], b += (double)out[p * s[1] + i] * out[p * s[1] + i];
            FUZZ_ASSERT(fabs(sqrt(a) - sqrt(b)) <= 1e-5 * (1 + sqrt(a)));
        }
    if (s[1] >= 2 && s[1] <= CAP) {
        int half[2] = {s[0], s[1] / 2};
        float *ang = fz_floats(f, fz_count(CAP, 2, half), 1, 1);
        FUZZ_STATUS(sl_rope_angles(ang, s[0], s[1], base, pos, scaling, factor));
        free(ang);
    }
    free(pos), free(x), free(out);
}

static void fuzz_alibi(fuzz_in *f) {
    int heads = fz_size(f, 12, SL_MAX_HEADS), n = fz_size(f, 6, SL_MAX_SEQ), m = fz_size(f, 6, SL_MAX_SEQ);
    uint8_t opt = fz_u8(f);
    int hs[1] = {heads}, all[3] = {heads, n, m};
    float *slopes = fz_floats(f, fz_count(64, 1, hs), 1, 1);
    int st = sl_alibi_slopes(slopes, heads);
    FUZZ_STATUS(st);
    if (st == SL_OK)
        for (int h = 0; h < heads; h++) FUZZ_ASSERT(slopes[h] > 0 && slopes[h] <= 1);
    float *custom = opt & 1 ? fz_floats(f, fz_count(64, 1, hs), 0, (opt >> 2) & 1) : NULL;
    float *bias = fz_floats(f, fz_count(CAP, 3, all), 1, 1);
    st = sl_alibi_bias(bias, heads, n, m, (opt >> 1) & 1, custom);
    FUZZ_STATUS(st);
    if (st == SL_OK && !custom)
        for (long i = 0; i < (long)heads * n * m; i++) FUZZ_ASSERT(bias[i] <= 0);
    free(slopes), free(custom), free(bias);
}

static void fuzz_learned(fuzz_in *f) {
    int s[2] = {fz_size(f, 8, SL_MAX_SEQ), fz_size(f, 6, SL_MAX_DIM)};
    uint8_t opt = fz_u8(f);
    float std = opt & 1 ? fz_float(f) : 0.02f;
    float *table = fz_floats(f, fz_count(CAP, 2, s), 1, 1);
    int st = sl_learned_table(table, s[0], s[1], (uint32_t)fz_u8(f) * 977u, std);
    FUZZ_STATUS(st);
    int n = fz_size(f, 5, SL_MAX_SEQ), ns[1] = {n}, os[2] = {n, s[1]};
    long np = fz_count(CAP, 1, ns);
    int32_t *pos = malloc(sizeof(int32_t) * np);
    for (long i = 0; i < np; i++) pos[i] = (int32_t)(int8_t)fz_u8(f);
    float *out = fz_floats(f, fz_count(CAP, 2, os), 1, 1);
    st = sl_learned_lookup(out, table, s[0], s[1], (opt >> 1) & 1 ? NULL : pos, n);
    FUZZ_STATUS(st);
    free(table), free(pos), free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_in f = {data, size};
    switch (fz_u8(&f) % 5) {
    case 4: fuzz_learned(&f); break;
    case 0: fuzz_sinusoidal(&f); break;
    case 1: fuzz_shift(&f); break;
    case 2: fuzz_rope(&f); break;
    default: fuzz_alibi(&f); break;
    }
    return 0;
}
