/* test_train.c — the model object: layout, central differences of every parameter tensor for
 * every positional encoding, AdamW against its formula, determinism, save/load and every error
 * path. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "seqlab.h"
#include "sl_internal.h"
#include "train_internal.h"

static int message_has(const char *needle) { return strstr(sl_error_message(), needle) != NULL; }

static double lcg(unsigned *s) {
    *s = *s * 1664525u + 1013904223u;
    return (double)(*s >> 8) / 16777216.0 - 0.5;
}

static void tiny_config(int32_t *cfg, int posenc, int tied, int relu) {
    memset(cfg, 0, sizeof(int32_t) * SL_CFG_COUNT);
    cfg[SL_CFG_KIND] = SL_MODEL_TRANSFORMER, cfg[SL_CFG_VOCAB] = 5, cfg[SL_CFG_MAX_LEN] = 6, cfg[SL_CFG_LAYERS] = 2;
    cfg[SL_CFG_D_MODEL] = 8, cfg[SL_CFG_HEADS] = 2, cfg[SL_CFG_D_FF] = 12, cfg[SL_CFG_POSENC] = posenc;
    cfg[SL_CFG_TIED] = tied, cfg[SL_CFG_ACTIVATION] = relu, cfg[SL_CFG_SEED] = 1234;
}

static void test_layout(void) {
    int32_t cfg[SL_CFG_COUNT];
    tiny_config(cfg, SL_MODEL_POSENC_LEARNED, 0, 0);
    sl_model *m;
    CHECK(sl_model_create(&m, cfg, NULL) == SL_OK, "create: %s", sl_error_message());
    int32_t info[5], minfo[3];
    char name[24];
    sl_model_info(minfo, m);
    /* wte, wpe, 2 × 12 per layer, lnf.w, lnf.b, head.w */
    CHECK(minfo[1] == 2 + 24 + 3, "tensor count %d", minfo[1]);
    int d = 8, F = 12, V = 5;
    long long want = (long long)V * d + 6 * d +
                     2 * (2 * d + 3 * d * d + 3 * d + d * d + d + 2 * d + F * d + F + d * F + d) + 2 * d + V * d;
    CHECK(minfo[0] == want, "param count %d, expected %lld", minfo[0], want);
    long long next = 0;
    for (int i = 0; i < minfo[1]; i++) {
        sl_model_tensor(name, info, m, i);
        CHECK(info[3] == next && info[4] == info[1] * info[2], "tensor %s offset %d size %d", name, info[3], info[4]);
        next += info[4];
    }
    CHECK(next == minfo[0], "offsets cover the parameters");
    sl_model_tensor(name, info, m, 4);
    CHECK(strcmp(name, "h.0.attn.qkv.w") == 0 && info[0] == 2 && info[1] == 24 && info[2] == 8,
          "qkv.w entry: %s [%d,%d]", name, info[1], info[2]);
    sl_model_tensor(name, info, m, minfo[1] - 1);
    CHECK(strcmp(name, "head.w") == 0 && info[1] == 5 && info[2] == 8, "head.w last");
    CHECK(sl_model_tensor(name, info, m, minfo[1]) == SL_ERR_VALUE, "index past the table");
    /* GPT-2 init: LayerNorm weights 1, biases 0, matrices with std near 0.02 */
    float *p = malloc(sizeof(float) * minfo[0]);
    sl_model_get_params(p, m);
    sl_model_tensor(name, info, m, 2); /* h.0.ln1.w */
    CHECK(p[info[3]] == 1.0f && p[info[3] + 7] == 1.0f, "ln1.w = 1");
    sl_model_tensor(name, info, m, 5); /* h.0.attn.qkv.b */
    CHECK(p[info[3]] == 0.0f, "qkv.b = 0");
    double s2 = 0;
    for (int i = 0; i < V * d; i++) s2 += (double)p[i] * p[i];
    CHECK(fabs(sqrt(s2 / (V * d)) - 0.02) < 0.006, "wte std %g", sqrt(s2 / (V * d)));
    free(p);
    sl_model_free(m);

    /* recurrent layouts (the nets themselves live in train_recurrent.c) */
    sl_model_config rc = {.kind = SL_MODEL_LSTM, .vocab = 7, .d_model = 3, .hidden = 4, .rope_base = 10000};
    sl_tensor t[SL_MODEL_MAX_TENSORS];
    int count;
    long long total;
    CHECK(sl_model_config_check(&rc) == SL_OK, "lstm config");
    sl_model_build_layout(t, &count, &total, &rc);
    const char *names[] = {"emb", "cell.wIh", "cell.wHh", "cell.bIh", "cell.bHh", "out.w", "out.b"};
    long long sizes[] = {21, 16 * 3, 16 * 4, 16, 16, 28, 7};
    long long off = 0;
    CHECK(count == 7, "7 recurrent tensors");
    for (int i = 0; i < 7 && i < count; i++) {
        CHECK(strcmp(t[i].name, names[i]) == 0 && t[i].size == sizes[i] && t[i].offset == off, "recurrent tensor %d %s",
              i, t[i].name);
        off += sizes[i];
    }
    CHECK(total == off, "lstm total");
    rc.kind = SL_MODEL_GRU;
    sl_model_build_layout(t, &count, &total, &rc);
    CHECK(t[1].shape[0] == 12 && t[2].shape[1] == 4 && total == 21 + 36 + 48 + 12 + 12 + 28 + 7, "gru layout");
    rc.hidden = 0;
    CHECK(sl_model_config_check(&rc) == SL_ERR_SIZE && message_has("hidden"), "gru hidden 0: %s", sl_error_message());
}

/* A batch of B rows × T positions with a mask that leaves a few positions out. */
static void tiny_batch(int32_t *tok, int32_t *tgt, uint8_t *mask, int B, int T, int V, unsigned seed) {
    for (int i = 0; i < B * T; i++) {
        seed = seed * 1664525u + 1013904223u;
        tok[i] = (int32_t)((seed >> 16) % V);
        seed = seed * 1664525u + 1013904223u;
        tgt[i] = (int32_t)((seed >> 16) % V);
        mask[i] = i % 4 != 1;
    }
}

/* Central differences of the mean cross-entropy in float32: with parameters of size ~0.5 the loss
 * is ~2 and its float32 round-off ~2e-7 (the sum itself is taken in double); a step h = 1e-2
 * keeps that below 1e-5 in the quotient while the truncation error h²·f'''/6 stays ~1e-5 for
 * these smooth functions (ReLU: see the step below). The check is per tensor: max |analytic − numeric| ≤ 2e-3 · max |analytic| + 2e-5,
 * which a wrong index, a missing term or a transposed product all break by orders of magnitude. */
enum { ATTENTION_ONLY = 1, SCALED = 2, POSITIONS = 4 }; /* variants of version 2 */

/* Position ids of the variant POSITIONS: sorted with gaps and not from 0, as randomized positional
 * encodings draw them; inside the learned table (max_len 6) for 'learned'. */
static const int32_t *tiny_positions(int posenc) {
    static const int32_t wide[10] = {1, 3, 4, 8, 11, 0, 2, 5, 6, 9}, learned[10] = {0, 1, 3, 4, 5, 1, 2, 3, 4, 5};
    return posenc == SL_MODEL_POSENC_LEARNED ? learned : wide;
}

static void check_gradients(int posenc, int tied, int relu, int variant) {
    int32_t cfg[SL_CFG_COUNT];
    tiny_config(cfg, posenc, tied, relu);
    if (variant & ATTENTION_ONLY) cfg[SL_CFG_D_FF] = 0;
    if (variant & SCALED) cfg[SL_CFG_EMBEDDING] = SL_MODEL_EMBEDDING_SCALED;
    const int32_t *pos = variant & POSITIONS ? tiny_positions(posenc) : NULL;
    sl_model *m;
    if (sl_model_create(&m, cfg, NULL) != SL_OK) {
        CHECK(0, "create: %s", sl_error_message());
        return;
    }
    int32_t info[5], minfo[3];
    char name[24];
    sl_model_info(minfo, m);
    const int P = minfo[0], B = 2, T = 5, V = 5;
    float *p = malloc(sizeof(float) * P), *g = malloc(sizeof(float) * P);
    unsigned s = 99 + posenc * 7 + tied * 3 + relu;
    sl_model_get_params(p, m);
    for (int i = 0; i < P; i++)
        p[i] = (p[i] == 1.0f ? 1.0f : 0.0f) + (float)lcg(&s); /* LayerNorm weights stay near 1 */
    sl_model_set_params(m, p);
    int32_t tok[10], tgt[10];
    uint8_t mask[10];
    tiny_batch(tok, tgt, mask, B, T, V, s);
    float loss;
    CHECK(sl_model_loss_grad(&loss, g, m, tok, tgt, mask, pos, B, T) == SL_OK, "loss_grad: %s", sl_error_message());
    /* ReLU: a smaller step, so fewer pre-activations cross the kink between p − h and p + h (the
     * quotient's round-off, ~2e-7/h = 2e-4, stays well inside the tolerance) */
    const float h = relu ? 1e-3f : 1e-2f;
    for (int ti = 0; ti < minfo[1]; ti++) {
        sl_model_tensor(name, info, m, ti);
        double worst = 0, gmax = 0;
        for (int j = info[3]; j < info[3] + info[4]; j++) {
            float keep = p[j], lp, lm;
            p[j] = keep + h;
            sl_model_set_params(m, p);
            sl_model_loss_grad(&lp, NULL, m, tok, tgt, mask, pos, B, T);
            p[j] = keep - h;
            sl_model_set_params(m, p);
            sl_model_loss_grad(&lm, NULL, m, tok, tgt, mask, pos, B, T);
            p[j] = keep;
            double num = ((double)lp - lm) / (2.0 * h);
            worst = fmax(worst, fabs(num - g[j]));
            gmax = fmax(gmax, fabs(g[j]));
        }
        sl_model_set_params(m, p);
        CHECK(worst <= 2e-3 * gmax + 2e-5,
              "posenc %d tied %d relu %d variant %d: %s max |analytic - numeric| = %.3g, max |grad| = %.3g", posenc,
              tied, relu, variant, name, worst, gmax);
        /* every tensor receives gradient (wte rows of tokens that occur, wpe rows of positions that
         * occur, all others) */
        CHECK(gmax > 1e-4, "posenc %d variant %d: %s has no gradient", posenc, variant, name);
    }
    free(p), free(g);
    sl_model_free(m);
}

static void test_gradients(void) {
    for (int pe = SL_MODEL_POSENC_NONE; pe <= SL_MODEL_POSENC_ALIBI; pe++) {
        check_gradients(pe, pe != SL_MODEL_POSENC_LEARNED, 0, 0);
        check_gradients(pe, 1, 0, POSITIONS);
    }
    check_gradients(SL_MODEL_POSENC_LEARNED, 1, 0, 0);
    check_gradients(SL_MODEL_POSENC_ROPE, 0, 1, 0);
    check_gradients(SL_MODEL_POSENC_ALIBI, 1, 0, ATTENTION_ONLY | POSITIONS);
    check_gradients(SL_MODEL_POSENC_ROPE, 0, 0, ATTENTION_ONLY);
    check_gradients(SL_MODEL_POSENC_SINUSOIDAL, 1, 0, SCALED | POSITIONS);
    check_gradients(SL_MODEL_POSENC_LEARNED, 0, 0, SCALED | ATTENTION_ONLY);
}

/* Version 2's options against what they must reduce to or refuse. */
static void test_version2(void) {
    int32_t cfg[SL_CFG_COUNT], tok[10], tgt[10], pos[10];
    uint8_t mask[10];
    tiny_batch(tok, tgt, mask, 2, 5, 5, 21);
    for (int i = 0; i < 10; i++) pos[i] = i % 5;
    for (int pe = SL_MODEL_POSENC_NONE; pe <= SL_MODEL_POSENC_ALIBI; pe++) {
        /* positions 0..T−1 are the default: the same bits */
        tiny_config(cfg, pe, 1, 0);
        sl_model *m;
        sl_model_create(&m, cfg, NULL);
        float l0, l1, g0[4096], g1[4096];
        int32_t minfo[3];
        sl_model_info(minfo, m);
        CHECK(minfo[0] <= 4096, "tiny model fits the test's buffers");
        sl_model_loss_grad(&l0, g0, m, tok, tgt, mask, NULL, 2, 5);
        CHECK(sl_model_loss_grad(&l1, g1, m, tok, tgt, mask, pos, 2, 5) == SL_OK, "explicit positions: %s",
              sl_error_message());
        CHECK(l0 == l1 && memcmp(g0, g1, sizeof(float) * minfo[0]) == 0,
              "posenc %d: positions 0..T-1 give the bits of no positions", pe);
        /* a shift of every position changes nothing for the relative encodings (RoPE's angle
         * differences, ALiBi's distances) and nothing for none */
        int32_t shifted[10];
        for (int i = 0; i < 10; i++) shifted[i] = pos[i] + (pe == SL_MODEL_POSENC_LEARNED ? 1 : 3); /* max_len 6 */
        float l2;
        CHECK(sl_model_loss_grad(&l2, NULL, m, tok, tgt, mask, shifted, 2, 5) == SL_OK, "shifted positions: %s",
              sl_error_message());
        if (pe == SL_MODEL_POSENC_NONE || pe == SL_MODEL_POSENC_ALIBI)
            CHECK(l2 == l0, "posenc %d: a common shift of the positions leaves the loss (%g vs %g)", pe, l2, l0);
        else if (pe == SL_MODEL_POSENC_ROPE)
            CHECK(fabsf(l2 - l0) < 1e-5f * fabsf(l0), "rope: a common shift leaves the loss up to rounding (%g vs %g)",
                  l2, l0);
        else
            CHECK(l2 != l0, "posenc %d: absolute positions see the shift", pe);
        if (pe == SL_MODEL_POSENC_LEARNED) {
            shifted[7] = 6; /* max_len 6 */
            CHECK(sl_model_loss_grad(&l2, NULL, m, tok, tgt, mask, shifted, 2, 5) == SL_ERR_VALUE &&
                      message_has("positions[row 1, position 2] = 6") && message_has("max_len = 6"),
                  "a learned position past the table: %s", sl_error_message());
        }
        shifted[3] = -1;
        CHECK(sl_model_loss_grad(&l2, NULL, m, tok, tgt, mask, shifted, 2, 5) == SL_ERR_VALUE &&
                  message_has("positions[row 0, position 3] = -1"),
              "a negative position: %s", sl_error_message());
        shifted[3] = SL_MAX_SEQ;
        float logits[2 * 5 * 5];
        CHECK(sl_model_forward(logits, NULL, m, tok, shifted, 2, 5) == SL_ERR_VALUE && message_has("positions"),
              "forward: a position past SL_MAX_SEQ");
        sl_model_free(m);
    }
    /* attention-only layers: 6 tensors a layer, none of ln2 or the MLP */
    tiny_config(cfg, SL_MODEL_POSENC_ROPE, 1, 0);
    cfg[SL_CFG_D_FF] = 0;
    sl_model *m;
    CHECK(sl_model_create(&m, cfg, NULL) == SL_OK, "attention-only: %s", sl_error_message());
    int32_t minfo[3], info[5];
    char name[24];
    sl_model_info(minfo, m);
    CHECK(minfo[1] == 1 + 2 * 6 + 2, "attention-only: wte, 2 × 6 per layer, lnf: %d tensors", minfo[1]);
    int mlp = 0;
    for (int i = 0; i < minfo[1]; i++) {
        sl_model_tensor(name, info, m, i);
        mlp += strstr(name, "mlp") != NULL || strstr(name, "ln2") != NULL;
    }
    CHECK(mlp == 0, "attention-only: no mlp or ln2 tensor");
    sl_model_free(m);
    /* the scaled embedding: wte N(0, 1/d_model) */
    tiny_config(cfg, SL_MODEL_POSENC_SINUSOIDAL, 1, 0);
    cfg[SL_CFG_VOCAB] = 512, cfg[SL_CFG_EMBEDDING] = SL_MODEL_EMBEDDING_SCALED;
    sl_model_create(&m, cfg, NULL);
    {
        float *p = malloc(sizeof(float) * 512 * 8 + sizeof(float) * 4096);
        sl_model_get_params(p, m);
        double s2 = 0;
        for (int i = 0; i < 512 * 8; i++) s2 += (double)p[i] * p[i];
        /* 4096 draws: the std within 5% of 1/sqrt(8) (its relative error is ~1/sqrt(2·4096) ≈ 1.1%) */
        CHECK(fabs(sqrt(s2 / 4096) * sqrt(8.0) - 1) < 0.05, "scaled: wte std %g, expected %g", sqrt(s2 / 4096),
              1 / sqrt(8.0));
        free(p);
    }
    sl_model_free(m);
    cfg[SL_CFG_EMBEDDING] = 2;
    CHECK(sl_model_create(&m, cfg, NULL) == SL_ERR_ARG && message_has("embedding"), "embedding 2 refused");
    /* recurrent: positions refused, forget bias only for an LSTM, default 1 */
    memset(cfg, 0, sizeof cfg);
    cfg[SL_CFG_KIND] = SL_MODEL_LSTM, cfg[SL_CFG_VOCAB] = 5, cfg[SL_CFG_D_MODEL] = 3, cfg[SL_CFG_HIDDEN] = 4;
    CHECK(sl_model_create(&m, cfg, NULL) == SL_OK, "lstm: %s", sl_error_message());
    float fc[SL_CFGF_COUNT], loss;
    int32_t back[SL_CFG_COUNT];
    sl_model_get_config(back, fc, m);
    CHECK(fc[SL_CFGF_FORGET_BIAS] == 1.0f && fc[SL_CFGF_ROPE_BASE] == 10000.0f, "lstm defaults: forget bias 1");
    CHECK(sl_model_loss_grad(&loss, NULL, m, tok, tgt, mask, pos, 2, 5) == SL_ERR_ARG && message_has("positions"),
          "positions on an LSTM: %s", sl_error_message());
    sl_model_free(m);
    cfg[SL_CFG_KIND] = SL_MODEL_GRU;
    CHECK(sl_model_create(&m, cfg, (const float[SL_CFGF_COUNT]){10000, 1}) == SL_ERR_ARG && message_has("forget_bias"),
          "a forget bias for a GRU: %s", sl_error_message());
    CHECK(sl_model_create(&m, cfg, (const float[SL_CFGF_COUNT]){NAN, 0}) == SL_ERR_ARG && message_has("rope_base"),
          "rope_base NaN is refused for any kind: %s", sl_error_message());
}

/* A version-1 file (12 config ints, rope_base alone) loads as the model it was: gpt2 embedding,
 * no forget bias, the same parameters and moments. Built from a version-2 save by rewriting its
 * header as version 1 wrote it. */
static void test_load_version1(void) {
    int32_t cfg[SL_CFG_COUNT];
    tiny_config(cfg, SL_MODEL_POSENC_ROPE, 1, 0);
    sl_model *m, *l;
    sl_model_create(&m, cfg, (const float[SL_CFGF_COUNT]){500, 0});
    int32_t n;
    sl_model_save_size(&n, m);
    uint8_t *v2 = malloc(n), *v1 = malloc(n);
    sl_model_save(v2, n, m);
    /* v2: 12 + 13·4 + 2·4 + 16 header bytes; v1: 12 + 12·4 + 4 + 16 */
    const int h2 = 12 + 4 * SL_CFG_COUNT + 4 * SL_CFGF_COUNT + 16, h1 = 12 + 4 * 12 + 4 + 16, n1 = n - (h2 - h1);
    memcpy(v1, v2, 12 + 4 * 12);
    v1[4] = 1, v1[8] = 12;
    memcpy(v1 + 12 + 4 * 12, v2 + 12 + 4 * SL_CFG_COUNT, 4);          /* rope_base */
    memcpy(v1 + 12 + 4 * 12 + 4, v2 + 12 + 4 * SL_CFG_COUNT + 8, 16); /* P, steps */
    memcpy(v1 + h1, v2 + h2, (size_t)(n - h2 - 4));                   /* params, m, v */
    uint32_t crc = sl_crc32(v1, (size_t)n1 - 4);
    for (int k = 0; k < 4; k++) v1[n1 - 4 + k] = (uint8_t)(crc >> (8 * k));
    CHECK(sl_model_load(&l, v1, n1) == SL_OK, "a version-1 file loads: %s", sl_error_message());
    if (l) {
        int32_t back[SL_CFG_COUNT];
        float fc[SL_CFGF_COUNT];
        sl_model_get_config(back, fc, l);
        CHECK(memcmp(back, cfg, sizeof cfg) == 0 && fc[SL_CFGF_ROPE_BASE] == 500 && fc[SL_CFGF_FORGET_BIAS] == 0,
              "version 1: the same config, gpt2 embedding");
        uint8_t *again = malloc(n);
        sl_model_save(again, n, l);
        CHECK(memcmp(again, v2, n) == 0, "version 1 loaded and saved: the version-2 file of the same model");
        free(again);
        sl_model_free(l);
    }
    free(v1), free(v2);
    sl_model_free(m);
}

/* The same seed gives the same floats natively and in WebAssembly: FNV-1a over the parameter bits
 * of one config, the constant that tests/node/train_model.test.mjs expects from the wasm build. */
static void test_seed_everywhere(void) {
    int32_t cfg[SL_CFG_COUNT] = {0};
    cfg[SL_CFG_VOCAB] = 8, cfg[SL_CFG_MAX_LEN] = 16, cfg[SL_CFG_LAYERS] = 2, cfg[SL_CFG_D_MODEL] = 16,
    cfg[SL_CFG_HEADS] = 2;
    cfg[SL_CFG_D_FF] = 24, cfg[SL_CFG_POSENC] = SL_MODEL_POSENC_LEARNED, cfg[SL_CFG_TIED] = 1, cfg[SL_CFG_SEED] = 7;
    sl_model *m;
    sl_model_create(&m, cfg, NULL);
    int32_t info[3];
    sl_model_info(info, m);
    float *p = malloc(sizeof(float) * info[0]);
    sl_model_get_params(p, m);
    uint32_t h = 2166136261u;
    for (int i = 0; i < info[0]; i++) {
        uint32_t u;
        memcpy(&u, &p[i], 4);
        h = (h ^ u) * 16777619u;
    }
    CHECK(info[0] == 4336 && h == 0x2be2d8e4u, "seeded parameters: %d floats, FNV-1a %08x", info[0], h);
    free(p);
    sl_model_free(m);
}

static void test_rope_table(void) {
    /* the table-driven rotation gives the very floats of sl_rope_rows_inplace */
    enum { n = 7, d = 6, ld = 10 };
    float x[n * ld], y[n * ld], cs[n * d];
    unsigned s = 5;
    for (int i = 0; i < n * ld; i++) x[i] = y[i] = (float)lcg(&s);
    sl_rope_table(cs, n, d, 500.0f);
    sl_rope_rows_table(x, n, d, ld, cs, 0);
    sl_rope_rows_inplace(y, n, d, ld, 500.0f, SL_ROPE_INTERLEAVED);
    CHECK(memcmp(x, y, sizeof x) == 0, "table rotation == sl_rope_rows_inplace");
    sl_rope_rows_table(x, n, d, ld, cs, 1);
    s = 5;
    for (int i = 0; i < n * ld; i++) y[i] = (float)lcg(&s);
    CHECK_CLOSE("inverse rotation", x, y, n * ld, 1e-6, 0);
}

static void test_gemm(void) {
    /* against a double-precision product: |error| ≤ k·2^-24·Σ|a||b| (forward error bound) */
    const int n = 5, m = 7, k = 13;
    float a[5 * 13], b[7 * 13], c[5 * 7], c2[5 * 7];
    unsigned s = 3;
    for (int i = 0; i < n * k; i++) a[i] = (float)lcg(&s);
    for (int i = 0; i < m * k; i++) b[i] = (float)lcg(&s);
    for (int i = 0; i < n * m; i++) c[i] = c2[i] = (float)lcg(&s);
    sl_gemm_nt(c, a, b, n, m, k, 1);
    int ok = 1;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            double ref = c2[i * m + j], bound = fabs(ref);
            for (int p = 0; p < k; p++)
                ref += (double)a[i * k + p] * b[j * k + p], bound += fabs((double)a[i * k + p] * b[j * k + p]);
            ok &= fabs(c[i * m + j] - ref) <= (k + 1) * 0x1p-24 * bound;
        }
    CHECK(ok, "gemm_nt accumulate within the forward error bound");
    sl_gemm_nt_reference(c2, a, b, n, m, k, 0);
    sl_gemm_nt(c, a, b, n, m, k, 0);
    CHECK(memcmp(c, c2, sizeof c) == 0, "gemm_nt == its reference");

    /* c (n×m) += aᵀ·b with a: k×n, b: k×m; k past one panel of 128 rows, n and m with tails */
    enum { tn = 6, tm = 11, tk = 300 };
    static float ta[tk * tn], tb[tk * tm];
    float tc[tn * tm], tc0[tn * tm];
    for (int i = 0; i < tk * tn; i++) ta[i] = (float)lcg(&s);
    for (int i = 0; i < tk * tm; i++) tb[i] = (float)lcg(&s);
    for (int i = 0; i < tn * tm; i++) tc[i] = tc0[i] = (float)lcg(&s);
    sl_gemm_tn(tc, ta, tb, tn, tm, tk);
    ok = 1;
    for (int i = 0; i < tn; i++)
        for (int j = 0; j < tm; j++) {
            double ref = tc0[i * tm + j], bound = fabs(ref);
            for (int p = 0; p < tk; p++)
                ref += (double)ta[p * tn + i] * tb[p * tm + j], bound += fabs((double)ta[p * tn + i] * tb[p * tm + j]);
            ok &= fabs(tc[i * tm + j] - ref) <= (tk + 1) * 0x1p-24 * bound;
        }
    CHECK(ok, "gemm_tn within the forward error bound");
    memcpy(tc, tc0, sizeof tc);
    sl_gemm_tn_reference(tc0, ta, tb, tn, tm, tk);
    sl_gemm_tn(tc, ta, tb, tn, tm, tk);
    CHECK(memcmp(tc, tc0, sizeof tc) == 0, "gemm_tn == its reference");

    /* GELU and its derivative: the kernel (SIMD when built with -msimd128: exp from a polynomial
     * with ~1e-7 relative error) against the expf reference, 1e-6 relative + 1e-7 absolute (the
     * derivative adds terms of opposite sign near x = −0.75, where it crosses 0); then the
     * reference against the formula with tanh in double, 2e-7 of GELU's scale there */
    enum { g = 203 };
    float gx[g], gy[g], gr[g], gd[g], gdr[g], ones[g];
    for (int i = 0; i < g; i++) gx[i] = (float)((i - 101) * 0.1 + 0.013), ones[i] = 1.0f;
    sl_gelu_forward(gy, gx, g);
    sl_gelu_forward_reference(gr, gx, g);
    CHECK_CLOSE("gelu kernel", gy, gr, g, 1e-7, 1e-6);
    sl_gelu_backward(gd, gx, ones, g);
    sl_gelu_backward_reference(gdr, gx, ones, g);
    CHECK_CLOSE("gelu' kernel", gd, gdr, g, 1e-7, 1e-6);
    double worst = 0, worst_d = 0;
    for (int i = 0; i < g; i++) {
        double x = gx[i], t = tanh(0.7978845608028654 * (x + 0.044715 * x * x * x));
        double d = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * 0.7978845608028654 * (1 + 3 * 0.044715 * x * x);
        worst = fmax(worst, fabs(gr[i] - 0.5 * x * (1 + t)) / fmax(1.0, fabs(x)));
        worst_d = fmax(worst_d, fabs(gdr[i] - d));
    }
    CHECK(worst < 2e-7 && worst_d < 2e-7, "gelu reference vs double: %g, derivative %g", worst, worst_d);
}

/* One AdamW step against the formula evaluated in double from the gradient the model reports. */
static void test_adamw(void) {
    int32_t cfg[SL_CFG_COUNT];
    tiny_config(cfg, SL_MODEL_POSENC_ROPE, 0, 0);
    sl_model *m;
    sl_model_create(&m, cfg, NULL);
    int32_t minfo[3], info[5];
    char name[24];
    sl_model_info(minfo, m);
    const int P = minfo[0];
    float *p0 = malloc(4 * P), *g = malloc(4 * P), *p1 = malloc(4 * P), *p2 = malloc(4 * P);
    int32_t tok[10], tgt[10];
    uint8_t mask[10];
    tiny_batch(tok, tgt, mask, 2, 5, 5, 17);
    sl_model_get_params(p0, m);
    float loss, res[2];
    sl_model_loss_grad(&loss, g, m, tok, tgt, mask, NULL, 2, 5);
    double sq = 0;
    for (int i = 0; i < P; i++) sq += (double)g[i] * g[i];
    const double lr = 0.01, b1 = 0.9, b2 = 0.95, eps = 1e-8, wd = 0.1, clip = 0.5 * sqrt(sq);
    CHECK(sl_model_step(res, m, tok, tgt, mask, NULL, 2, 5, (float)lr, (float)b1, (float)b2, (float)eps, (float)wd,
                        (float)clip) == SL_OK,
          "step: %s", sl_error_message());
    CHECK(res[0] == loss && fabs(res[1] - sqrt(sq)) <= 1e-6 * sqrt(sq), "step reports loss and norm before clipping");
    sl_model_get_params(p1, m);
    double coef = clip / (sqrt(sq) + 1e-6), worst = 0;
    for (int ti = 0; ti < minfo[1]; ti++) {
        sl_model_tensor(name, info, m, ti);
        for (int j = info[3]; j < info[3] + info[4]; j++) {
            double gi = g[j] * coef, mm = (1 - b1) * gi, vv = (1 - b2) * gi * gi;
            double p = p0[j] * (info[0] == 2 ? 1 - lr * wd : 1.0);
            p -= lr / (1 - b1) * mm / (sqrt(vv) / sqrt(1 - b2) + eps);
            p2[j] = (float)p;
            worst = fmax(worst, fabs(p1[j] - p) / (fabs(p) + 1e-3));
        }
    }
    CHECK(worst < 1e-5, "AdamW step vs formula: worst relative difference %g", worst);
    free(p0), free(g), free(p1), free(p2);
    int32_t after[3];
    sl_model_info(after, m);
    CHECK(after[2] == 1, "step counter 1");
    sl_model_free(m);
}

/* The same seed gives bit-identical losses over 20 steps. */
static void test_determinism(void) {
    int32_t cfg[SL_CFG_COUNT];
    tiny_config(cfg, SL_MODEL_POSENC_ALIBI, 1, 0);
    sl_model *a, *b;
    sl_model_create(&a, cfg, NULL);
    sl_model_create(&b, cfg, NULL);
    int32_t tok[10], tgt[10];
    uint8_t mask[10];
    int same = 1;
    float first = 0, last = 0;
    for (int step = 0; step < 20; step++) {
        tiny_batch(tok, tgt, mask, 2, 5, 5, 7);
        float ra[2], rb[2];
        sl_model_step(ra, a, tok, tgt, mask, NULL, 2, 5, 3e-2f, 0.9f, 0.999f, 1e-8f, 0.01f, 1.0f);
        sl_model_step(rb, b, tok, tgt, mask, NULL, 2, 5, 3e-2f, 0.9f, 0.999f, 1e-8f, 0.01f, 1.0f);
        same &= memcmp(ra, rb, sizeof ra) == 0;
        if (step == 0) first = ra[0];
        last = ra[0];
    }
    CHECK(same, "same seed, same losses bit for bit");
    CHECK(last < 0.6f * first, "20 steps on one batch lower the loss: %g -> %g", first, last);
    sl_model_free(a), sl_model_free(b);
}

/* A mask that counts no position: a mean over none is undefined, not a perfect loss of 0. Every
 * entry point that computes a loss refuses it, and step changes nothing (no decay, no momentum,
 * no step counted). */
static void test_empty_mask(void) {
    int32_t cfg[SL_CFG_COUNT];
    tiny_config(cfg, SL_MODEL_POSENC_ALIBI, 1, 0);
    sl_model *a;
    sl_model_create(&a, cfg, NULL);
    int32_t tok[10], tgt[10];
    uint8_t mask[10], none[10] = {0};
    tiny_batch(tok, tgt, mask, 2, 5, 5, 7);
    float loss = -1, *g = malloc(4 * 2000), r[3] = {-1, -1, -1};
    int32_t n;
    sl_model_save_size(&n, a);
    uint8_t *before = malloc(n), *after = malloc(n);
    sl_model_save(before, n, a);
    CHECK(sl_model_loss_grad(&loss, g, a, tok, tgt, none, NULL, 2, 5) == SL_ERR_VALUE &&
              message_has("mask counts no position of the batch") && message_has("undefined") && loss == -1,
          "loss_grad, no counted position: %s", sl_error_message());
    CHECK(sl_model_evaluate(r, a, tok, tgt, none, NULL, 2, 5) == SL_ERR_VALUE &&
              message_has("mask counts no position") && r[0] == -1,
          "evaluate, no counted position: %s", sl_error_message());
    CHECK(sl_model_step(r, a, tok, tgt, none, NULL, 2, 5, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f, 1.0f) == SL_ERR_VALUE &&
              message_has("mask counts no position"),
          "step, no counted position: %s", sl_error_message());
    sl_model_save(after, n, a);
    CHECK(memcmp(before, after, n) == 0, "a refused step leaves params, m, v and the step count as they were");
    /* one counted position is enough */
    none[7] = 1;
    CHECK(sl_model_loss_grad(&loss, g, a, tok, tgt, none, NULL, 2, 5) == SL_OK && isfinite(loss) && loss > 0,
          "one counted position");
    free(g), free(before), free(after);
    sl_model_free(a);

    int32_t rc[SL_CFG_COUNT] = {0};
    rc[SL_CFG_KIND] = SL_MODEL_GRU, rc[SL_CFG_VOCAB] = 5, rc[SL_CFG_D_MODEL] = 3, rc[SL_CFG_HIDDEN] = 4;
    sl_model *rn;
    CHECK(sl_model_create(&rn, rc, NULL) == SL_OK, "gru: %s", sl_error_message());
    uint8_t zero[10] = {0};
    float dh[5];
    CHECK(sl_model_grad_through_time(dh, &loss, rn, tok, tgt, zero, 2, 5) == SL_ERR_VALUE &&
              message_has("mask counts no position"),
          "grad_through_time, no counted position: %s", sl_error_message());
    CHECK(sl_model_grad_through_time(dh, &loss, rn, tok, tgt, mask, 2, 5) == SL_OK, "grad_through_time with a mask");
    sl_model_free(rn);
}

/* Finite numbers only: set_params and load refuse NaN and ±Inf (naming the tensor and index), a
 * step whose update would overflow is refused with the model bit for bit as it was, and a model
 * whose parameters are not finite anyway (written behind the API's back) computes nothing. */
static void test_finite(void) {
    int32_t cfg[SL_CFG_COUNT];
    tiny_config(cfg, SL_MODEL_POSENC_ROPE, 0, 0);
    sl_model *m;
    sl_model_create(&m, cfg, NULL);
    int32_t minfo[3], tok[10], tgt[10];
    uint8_t mask[10];
    tiny_batch(tok, tgt, mask, 2, 5, 5, 3);
    sl_model_info(minfo, m);
    const int P = minfo[0];
    float *p = malloc(4 * P), *q = malloc(4 * P), res[3];
    sl_model_get_params(p, m);
    memcpy(q, p, 4 * P);
    /* set_params: the first bad float is named with its tensor; nothing is set */
    const int j = (int)m->tensors[3].offset + 5; /* h.0.attn.qkv.w[5] */
    q[j] = NAN;
    CHECK(sl_model_set_params(m, q) == SL_ERR_VALUE && message_has("is NaN") && message_has("(h.0.attn.qkv.w[5])") &&
              message_has("nothing was set"),
          "set_params NaN: %s", sl_error_message());
    q[j] = -INFINITY;
    CHECK(sl_model_set_params(m, q) == SL_ERR_VALUE && message_has("is -Infinity"), "set_params -Inf: %s",
          sl_error_message());
    q[j] = p[j], q[P - 1] = INFINITY;
    CHECK(sl_model_set_params(m, q) == SL_ERR_VALUE && message_has("is Infinity") && message_has("head.w["),
          "set_params Inf in the last tensor: %s", sl_error_message());
    sl_model_get_params(q, m);
    CHECK(memcmp(p, q, 4 * P) == 0, "refused set_params changed nothing");

    /* step: lr·weight_decay = 1e40 overflows the float32 decay factor; lr 3e38 overflows the step size */
    CHECK(sl_model_step(res, m, tok, tgt, mask, NULL, 2, 5, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f, 0) == SL_OK,
          "a first step: %s", sl_error_message());
    int32_t n;
    sl_model_save_size(&n, m);
    uint8_t *before = malloc(n), *after = malloc(n);
    sl_model_save(before, n, m);
    CHECK(sl_model_step(res, m, tok, tgt, mask, NULL, 2, 5, 1e20f, 0.9f, 0.999f, 1e-8f, 1e20f, 0) == SL_ERR_VALUE &&
              message_has("the update would make params[") && message_has("no update made"),
          "lr 1e20, weight_decay 1e20: %s", sl_error_message());
    sl_model_save(after, n, m);
    CHECK(memcmp(before, after, n) == 0, "refused step (decay overflow): params, m, v, step bit for bit as before");
    CHECK(sl_model_step(res, m, tok, tgt, mask, NULL, 2, 5, 3e38f, 0.9f, 0.999f, 1e-8f, 0, 0) == SL_ERR_VALUE &&
              message_has("no update made"),
          "lr 3e38: %s", sl_error_message());
    sl_model_save(after, n, m);
    CHECK(memcmp(before, after, n) == 0, "refused step (step size overflow): the model as before");
    CHECK(sl_model_step(res, m, tok, tgt, mask, NULL, 2, 5, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f, 0) == SL_OK,
          "a normal step afterwards: %s", sl_error_message());
    sl_model_info(minfo, m);
    CHECK(minfo[2] == 2, "two steps counted, the refused ones not (%d)", minfo[2]);

    /* logits with NaN from finite parameters (an untied head of ±1e30 on a LayerNorm scaled by
     * 1e30: ±inf products summed): evaluate has no argmax and says so; forward returns them as they are */
    sl_model_get_params(q, m);
    for (int k = 0; k < m->n_tensors; k++) {
        const sl_tensor *t = &m->tensors[k];
        if (strcmp(t->name, "lnf.w") == 0 || strcmp(t->name, "head.w") == 0)
            for (long long i = 0; i < t->size; i++) q[t->offset + i] = i % 2 ? 1e30f : -1e30f;
    }
    CHECK(sl_model_set_params(m, q) == SL_OK, "huge finite parameters are allowed");
    float logits[2 * 5 * 5];
    CHECK(sl_model_forward(logits, NULL, m, tok, NULL, 2, 5) == SL_OK && isnan(logits[0]), "forward: NaN logits");
    CHECK(sl_model_evaluate(res, m, tok, tgt, mask, NULL, 2, 5) == SL_ERR_VALUE && message_has("include NaN") &&
              message_has("no argmax"),
          "evaluate on NaN logits: %s", sl_error_message());

    /* the backstop: parameters written behind the API's back */
    sl_model_set_params(m, p);
    m->params[j] = NAN;
    float loss, dh[5], att[2 * 2 * 2 * 25];
    CHECK(sl_model_evaluate(res, m, tok, tgt, mask, NULL, 2, 5) == SL_ERR_VALUE &&
              message_has("parameters are not finite") && message_has("h.0.attn.qkv.w[5]) is NaN"),
          "evaluate, NaN parameter: %s", sl_error_message());
    CHECK(sl_model_forward(logits, att, m, tok, NULL, 2, 5) == SL_ERR_VALUE && message_has("parameters are not finite"),
          "forward, NaN parameter");
    CHECK(sl_model_loss_grad(&loss, NULL, m, tok, tgt, mask, NULL, 2, 5) == SL_ERR_VALUE &&
              message_has("parameters are not finite"),
          "loss_grad, NaN parameter");
    CHECK(sl_model_step(res, m, tok, tgt, mask, NULL, 2, 5, 1e-3f, 0.9f, 0.999f, 1e-8f, 0, 0) == SL_ERR_VALUE &&
              message_has("parameters are not finite"),
          "step, NaN parameter");
    sl_model_info(minfo, m);
    CHECK(minfo[2] == 2 && isnan(m->params[j]), "no update");
    (void)dh;

    /* load: a file with a valid checksum but a NaN parameter, an infinite moment or a negative v */
    sl_model_set_params(m, p);
    sl_model_save(before, n, m);
    const size_t header = 12 + 4 * SL_CFG_COUNT + 4 * SL_CFGF_COUNT + 16;
    struct {
        int array; /* 0 params, 1 m, 2 v */
        float value;
        const char *msg;
    } cases[] = {
        {0, NAN, "a parameter that is not finite: params[%d] (h.0.attn.qkv.w[5]) is NaN"},
        {1, INFINITY, "first moment that is not finite: m[%d] (h.0.attn.qkv.w[5]) is Infinity"},
        {2, -INFINITY, "second moment that is not finite: v[%d] (h.0.attn.qkv.w[5]) is -Infinity"},
        {2, -0.5f, "negative AdamW second moment (a mean of squares): v[%d] (h.0.attn.qkv.w[5]) is -0.5"},
    };
    size_t heap = sl_heap_in_use();
    for (int c = 0; c < 4; c++) {
        memcpy(after, before, n);
        memcpy(after + header + 4 * ((size_t)cases[c].array * P + j), &cases[c].value, 4);
        uint32_t crc = sl_crc32(after, n - 4);
        for (int k = 0; k < 4; k++) after[n - 4 + k] = (uint8_t)(crc >> (8 * k));
        char want[160];
        snprintf(want, sizeof want, cases[c].msg, j);
        sl_model *l = (sl_model *)1;
        int st = sl_model_load(&l, after, n);
        CHECK(st == SL_ERR_VALUE && l == NULL && message_has(want), "load case %d: %s", c, sl_error_message());
    }
    CHECK(sl_heap_in_use() == heap, "refused loads allocate nothing");
    free(p), free(q), free(before), free(after);
    sl_model_free(m);
}

/* The step count is 64-bit: sl_model_steps gives it exactly past 2^31 (sl_model_info clamps);
 * 2^53, the most a double holds exactly, is the most a model counts. */
static void test_steps(void) {
    int32_t cfg[SL_CFG_COUNT];
    tiny_config(cfg, SL_MODEL_POSENC_NONE, 1, 0);
    sl_model *m, *l;
    sl_model_create(&m, cfg, NULL);
    int32_t n, info[3], tok[10], tgt[10];
    uint8_t mask[10];
    tiny_batch(tok, tgt, mask, 2, 5, 5, 5);
    sl_model_save_size(&n, m);
    uint8_t *buf = malloc(n);
    sl_model_save(buf, n, m);
    const size_t at = 12 + 4 * SL_CFG_COUNT + 4 * SL_CFGF_COUNT + 8;
    const long long counts[3] = {(1LL << 31) + 5, SL_MODEL_MAX_STEPS - 1, SL_MODEL_MAX_STEPS + 1};
    for (int c = 0; c < 3; c++) {
        for (int k = 0; k < 8; k++) buf[at + k] = (uint8_t)((unsigned long long)counts[c] >> (8 * k));
        uint32_t crc = sl_crc32(buf, n - 4);
        for (int k = 0; k < 4; k++) buf[n - 4 + k] = (uint8_t)(crc >> (8 * k));
        int st = sl_model_load(&l, buf, n);
        if (c == 2) {
            CHECK(st == SL_ERR_VALUE && message_has("impossible step count 9007199254740993"), "2^53 + 1: %s",
                  sl_error_message());
            continue;
        }
        CHECK(st == SL_OK, "load %lld steps: %s", counts[c], sl_error_message());
        int64_t steps = -1;
        CHECK(sl_model_steps(&steps, l) == SL_OK && steps == counts[c], "steps exact: %lld", (long long)steps);
        sl_model_info(info, l);
        CHECK(info[2] == INT32_MAX, "info clamps the step count");
        float r[2];
        CHECK(sl_model_step(r, l, tok, tgt, mask, NULL, 2, 5, 1e-3f, 0.9f, 0.999f, 1e-8f, 0, 0) == SL_OK,
              "a step at %lld: %s", counts[c], sl_error_message());
        sl_model_steps(&steps, l);
        CHECK(steps == counts[c] + 1, "counted: %lld", (long long)steps);
        if (c == 1) {
            CHECK(sl_model_step(r, l, tok, tgt, mask, NULL, 2, 5, 1e-3f, 0.9f, 0.999f, 1e-8f, 0, 0) == SL_ERR_LIMIT &&
                      message_has("2^53"),
                  "no step past 2^53: %s", sl_error_message());
            sl_model_steps(&steps, l);
            CHECK(steps == SL_MODEL_MAX_STEPS, "still 2^53");
        }
        sl_model_free(l);
    }
    CHECK(sl_model_steps(NULL, m) == SL_ERR_NULL, "steps NULL");
    free(buf);
    sl_model_free(m);
}

/* evaluate against the argmax of forward's logits, computed here */
static void test_evaluate(void) {
    int32_t cfg[SL_CFG_COUNT];
    tiny_config(cfg, SL_MODEL_POSENC_SINUSOIDAL, 1, 0);
    sl_model *m;
    sl_model_create(&m, cfg, NULL);
    int32_t tok[10], tgt[10];
    uint8_t mask[10];
    tiny_batch(tok, tgt, mask, 2, 5, 5, 21);
    float logits[50], att[2 * 2 * 2 * 25];
    CHECK(sl_model_forward(logits, att, m, tok, NULL, 2, 5) == SL_OK, "forward");
    /* make targets the argmax at some positions so accuracy is neither 0 nor 1 */
    int right = 0, total = 0, rows_right = 0;
    for (int b = 0; b < 2; b++) {
        int ok = 1;
        for (int t = 0; t < 5; t++) {
            int i = b * 5 + t, best = 0;
            for (int j = 1; j < 5; j++) best = logits[i * 5 + j] > logits[i * 5 + best] ? j : best;
            if (b == 0 || t < 2) tgt[i] = best;
            if (!mask[i]) continue;
            total++, right += tgt[i] == best, ok &= tgt[i] == best;
        }
        rows_right += ok;
    }
    float r[3], loss;
    CHECK(sl_model_evaluate(r, m, tok, tgt, mask, NULL, 2, 5) == SL_OK, "evaluate");
    sl_model_loss_grad(&loss, NULL, m, tok, tgt, mask, NULL, 2, 5);
    CHECK(r[0] == loss && fabsf(r[1] - (float)right / total) < 1e-7f && r[2] == rows_right / 2.0f,
          "evaluate: %g %g %g vs %d/%d, %d rows", r[0], r[1], r[2], right, total, rows_right);
    /* attention rows: causal, sum to 1 */
    int ok = 1;
    for (int r0 = 0; r0 < 2 * 2 * 2 * 5; r0++) {
        int i = r0 % 5;
        float s = 0;
        for (int j = 0; j < 5; j++) s += att[r0 * 5 + j], ok &= j <= i || att[r0 * 5 + j] == 0;
        ok &= fabsf(s - 1) < 1e-6f;
    }
    CHECK(ok, "attention weights causal and normalised");
    sl_model_free(m);
}

static void test_save_load(void) {
    int32_t cfg[SL_CFG_COUNT];
    tiny_config(cfg, SL_MODEL_POSENC_LEARNED, 0, 1);
    sl_model *m, *l = NULL;
    sl_model_create(&m, cfg, NULL);
    int32_t tok[10], tgt[10];
    uint8_t mask[10];
    tiny_batch(tok, tgt, mask, 2, 5, 5, 9);
    float r[2], r2[2];
    for (int i = 0; i < 3; i++) sl_model_step(r, m, tok, tgt, mask, NULL, 2, 5, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f, 0);
    int32_t n;
    sl_model_save_size(&n, m);
    uint8_t *buf = malloc(n), *buf2 = malloc(n);
    CHECK(sl_model_save(buf, n, m) == SL_OK, "save");
    CHECK(sl_model_save(buf, n - 1, m) == SL_ERR_SIZE, "save with the wrong size");
    CHECK(memcmp(buf, "SQLB", 4) == 0 && buf[4] == 2 && buf[5] == 0, "magic and little-endian version");
    CHECK(sl_model_load(&l, buf, n) == SL_OK, "load: %s", sl_error_message());
    sl_model_save(buf2, n, l);
    CHECK(memcmp(buf, buf2, n) == 0, "saved again: the same bytes (config, params, m, v, step)");
    sl_model_step(r, m, tok, tgt, mask, NULL, 2, 5, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f, 0);
    sl_model_step(r2, l, tok, tgt, mask, NULL, 2, 5, 1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f, 0);
    CHECK(memcmp(r, r2, sizeof r) == 0, "the loaded model trains on identically");
    sl_model_free(l);

    size_t heap = sl_heap_in_use();
    struct {
        const char *what, *msg;
        int status;
    } cases[] = {
        {"short", "shorter than the 12-byte", SL_ERR_VALUE},
        {"magic", "magic", SL_ERR_VALUE},
        {"version", "version 3", SL_ERR_VALUE},
        {"truncated", "truncated", SL_ERR_VALUE},
        {"long", "too long", SL_ERR_VALUE},
        {"flip", "checksum", SL_ERR_VALUE},
        {"config", "invalid config: d_model (8) must be divisible", SL_ERR_SIZE},
        {"count", "config implies", SL_ERR_VALUE},
    };
    for (int c = 0; c < 8; c++) {
        memcpy(buf2, buf, n);
        int len = n;
        uint8_t *big = NULL, *data = buf2;
        switch (c) {
        case 0: len = 7; break;
        case 1: buf2[0] = 'P'; break;
        case 2: buf2[4] = 3; break;
        case 3: len = n - 5; break;
        case 4: big = calloc(n + 4, 1), memcpy(big, buf, n), data = big, len = n + 4; break;
        case 5: buf2[n / 2] ^= 0x10; break;
        case 6:
        case 7: {
            /* a file with a valid checksum but an inconsistent inside: heads 3 does not divide d_model 8, or
             * d_ff 13 (one more parameter block than stored) */
            if (c == 6)
                buf2[12 + 4 * SL_CFG_HEADS] = 3;
            else
                buf2[12 + 4 * SL_CFG_D_FF] = 13;
            uint32_t crc = sl_crc32(buf2, n - 4);
            for (int k = 0; k < 4; k++) buf2[n - 4 + k] = (uint8_t)(crc >> (8 * k));
            break;
        }
        }
        int st = sl_model_load(&l, data, len);
        CHECK(st == cases[c].status && l == NULL && message_has(cases[c].msg), "load %s: %s (%s)", cases[c].what,
              sl_status_name(st), sl_error_message());
        free(big);
    }
    CHECK(sl_heap_in_use() == heap, "failed loads allocate nothing");
    free(buf), free(buf2);
    sl_model_free(m);
}

static void test_errors(void) {
    size_t heap = sl_heap_in_use();
    int32_t cfg[SL_CFG_COUNT];
    sl_model *m = (sl_model *)1;
    struct {
        int field, value, status;
        const char *msg;
    } bad[] = {
        {SL_CFG_KIND, 7, SL_ERR_ARG, "kind"},
        {SL_CFG_VOCAB, 0, SL_ERR_SIZE, "vocab"},
        {SL_CFG_VOCAB, 70000, SL_ERR_LIMIT, "vocab"},
        {SL_CFG_LAYERS, 17, SL_ERR_LIMIT, "layers"},
        {SL_CFG_HEADS, 3, SL_ERR_SIZE, "divisible"},
        {SL_CFG_POSENC, 5, SL_ERR_ARG, "posenc"},
        {SL_CFG_TIED, 2, SL_ERR_ARG, "tied"},
        {SL_CFG_ACTIVATION, 2, SL_ERR_ARG, "activation"},
        {SL_CFG_D_FF, -1, SL_ERR_SIZE, "d_ff"},
        {SL_CFG_MAX_LEN, 9000, SL_ERR_LIMIT, "max_len"},
        {SL_CFG_D_MODEL, 4097, SL_ERR_LIMIT, "d_model"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tiny_config(cfg, SL_MODEL_POSENC_NONE, 1, 0);
        cfg[bad[i].field] = bad[i].value;
        int st = sl_model_create(&m, cfg, NULL);
        CHECK(st == bad[i].status && m == NULL && message_has(bad[i].msg), "config field %d = %d: %s (%s)",
              bad[i].field, bad[i].value, sl_status_name(st), sl_error_message());
    }
    /* rope with an odd head size; a rope base of 1 */
    tiny_config(cfg, SL_MODEL_POSENC_ROPE, 1, 0);
    cfg[SL_CFG_D_MODEL] = 6, cfg[SL_CFG_HEADS] = 2;
    CHECK(sl_model_create(&m, cfg, NULL) == SL_ERR_SIZE && message_has("even"), "rope odd head size");
    tiny_config(cfg, SL_MODEL_POSENC_ROPE, 1, 0);
    CHECK(sl_model_create(&m, cfg, (const float[SL_CFGF_COUNT]){1.0f, 0}) == SL_ERR_ARG && message_has("rope_base"),
          "rope base 1");
    /* a config whose one allocation would pass the limits: refused before allocating */
    tiny_config(cfg, SL_MODEL_POSENC_NONE, 0, 0);
    cfg[SL_CFG_D_MODEL] = 2048, cfg[SL_CFG_D_FF] = 4096, cfg[SL_CFG_LAYERS] = 16, cfg[SL_CFG_HEADS] = 64;
    CHECK(sl_model_create(&m, cfg, NULL) == SL_ERR_LIMIT && message_has("parameters"), "a model past SL_MAX_ELEMS: %s",
          sl_error_message());
    /* recurrent kinds go through train_recurrent.c; a bad size is refused here first */
    tiny_config(cfg, SL_MODEL_POSENC_NONE, 0, 0);
    cfg[SL_CFG_KIND] = SL_MODEL_GRU, cfg[SL_CFG_HIDDEN] = 0;
    CHECK(sl_model_create(&m, cfg, NULL) == SL_ERR_SIZE && message_has("hidden"), "gru hidden 0");
    CHECK(sl_heap_in_use() == heap, "refused configs allocate nothing");

    tiny_config(cfg, SL_MODEL_POSENC_LEARNED, 1, 0);
    sl_model_create(&m, cfg, NULL);
    int32_t tok[14], tgt[14];
    uint8_t mask[14];
    tiny_batch(tok, tgt, mask, 2, 7, 5, 4);
    float loss, r[3], logits[70];
    CHECK(sl_model_loss_grad(&loss, NULL, m, tok, tgt, mask, NULL, 2, 7) == SL_ERR_SIZE && message_has("max_len"),
          "T past max_len (learned)");
    CHECK(sl_model_loss_grad(&loss, NULL, m, tok, tgt, mask, NULL, 0, 5) == SL_ERR_SIZE, "batch 0");
    tok[5 + 3] = 5;
    CHECK(sl_model_loss_grad(&loss, NULL, m, tok, tgt, mask, NULL, 2, 5) == SL_ERR_VALUE &&
              message_has("tokens[row 1, position 3] = 5"),
          "token past the vocabulary: %s", sl_error_message());
    tok[8] = -1;
    CHECK(sl_model_forward(logits, NULL, m, tok, NULL, 2, 5) == SL_ERR_VALUE && message_has("row 1, position 3"),
          "negative token");
    tok[8] = 0, tgt[2] = 9, mask[2] = 1;
    CHECK(sl_model_evaluate(r, m, tok, tgt, mask, NULL, 2, 5) == SL_ERR_VALUE &&
              message_has("targets[row 0, position 2]"),
          "target past vocab");
    mask[2] = 0;
    CHECK(sl_model_evaluate(r, m, tok, tgt, mask, NULL, 2, 5) == SL_OK, "an uncounted target is not read");
    mask[3] = 2;
    CHECK(sl_model_evaluate(r, m, tok, tgt, mask, NULL, 2, 5) == SL_ERR_VALUE && message_has("mask"), "mask 2");
    mask[3] = 1;
    float res[2];
    CHECK(sl_model_step(res, m, tok, tgt, mask, NULL, 2, 5, NAN, 0.9f, 0.999f, 1e-8f, 0, 0) == SL_ERR_ARG &&
              message_has("lr"),
          "lr NaN");
    CHECK(sl_model_step(res, m, tok, tgt, mask, NULL, 2, 5, 1e-3f, 1.0f, 0.999f, 1e-8f, 0, 0) == SL_ERR_ARG &&
              message_has("beta1"),
          "beta1 1");
    CHECK(sl_model_step(res, m, tok, tgt, mask, NULL, 2, 5, 1e-3f, 0.9f, 0.999f, 0, 0, 0) == SL_ERR_ARG &&
              message_has("eps"),
          "eps 0");
    CHECK(sl_model_step(res, m, tok, tgt, mask, NULL, 2, 5, 1e-3f, 0.9f, 0.999f, 1e-8f, 0, -1) == SL_ERR_ARG &&
              message_has("clip"),
          "clip -1");
    float att[1];
    CHECK(sl_model_forward(NULL, att, m, tok, NULL, 2, 5) == SL_ERR_NULL, "logits NULL");
    /* a non-finite loss (an overflowing parameter): the step refuses and leaves the model as it was */
    int32_t minfo[3];
    sl_model_info(minfo, m);
    float *p = malloc(4 * minfo[0]), *q = malloc(4 * minfo[0]);
    sl_model_get_params(p, m);
    for (int i = 0; i < minfo[0]; i++) p[i] = i % 2 ? 3e38f : -3e38f;
    CHECK(sl_model_set_params(m, p) == SL_OK, "huge finite parameters");
    CHECK(sl_model_step(res, m, tok, tgt, mask, NULL, 2, 5, 1e-3f, 0.9f, 0.999f, 1e-8f, 0, 0) == SL_ERR_VALUE &&
              message_has("not finite") && message_has("no update made"),
          "non-finite loss: %s", sl_error_message());
    sl_model_get_params(q, m);
    sl_model_info(minfo, m);
    CHECK(minfo[2] == 0 && memcmp(p, q, 4 * (size_t)minfo[0]) == 0, "no update after a refused step");
    free(p), free(q);
    sl_model_free(m);
    CHECK(sl_heap_in_use() == heap, "heap back to baseline after free");
    CHECK(sl_model_free(NULL) == SL_OK, "free(NULL)");
}

void test_train(void) {
    test_layout();
    test_seed_everywhere();
    test_rope_table();
    test_gemm();
    test_gradients();
    test_adamw();
    test_determinism();
    test_empty_mask();
    test_finite();
    test_steps();
    test_evaluate();
    test_save_load();
    test_errors();
    test_version2();
    test_load_version1();
}
