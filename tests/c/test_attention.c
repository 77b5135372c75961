/* test_attention.c — native checks of softmax, matmul, attention and multi-head attention:
 * closed forms, the masking rules, and every error path (code and message). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "seqlab.h"

static int message_has(const char *needle) { return strstr(sl_error_message(), needle) != NULL; }

static void test_softmax(void) {
    float x[] = {1e30f, -1e30f, 0, -INFINITY, -INFINITY, -INFINITY, INFINITY, 1, INFINITY, 1, 2, 3};
    float out[12];
    CHECK(sl_softmax_rows(out, x, 4, 3, 1.0f) == SL_OK, "softmax status");
    float want[] = {1, 0, 0, 0, 0, 0, 0.5f, 0, 0.5f};
    CHECK_CLOSE("softmax special rows", out, want, 9, 0, 0);
    double z = exp(1) + exp(2) + exp(3);
    float closed[] = {(float)(exp(1) / z), (float)(exp(2) / z), (float)(exp(3) / z)};
    CHECK_CLOSE("softmax closed form", out + 9, closed, 3, 1e-7, 1e-6);
    /* in place, with temperature */
    float y[] = {0, (float)log(2)};
    CHECK(sl_softmax_rows(y, y, 1, 2, 0.5f) == SL_OK, "in place");
    float want_t[] = {0.2f, 0.8f};
    CHECK_CLOSE("softmax temperature", y, want_t, 2, 1e-7, 1e-6);
    /* a denormal temperature overflows 1/T to +Inf: the maximum must still get weight 1, not NaN
     * (found by fuzzing) */
    float tiny[] = {1, 2, 2, -3};
    CHECK(sl_softmax_rows(out, tiny, 1, 4, 1e-40f) == SL_OK, "tiny temperature");
    float want_tiny[] = {0, 0.5f, 0.5f, 0};
    CHECK_CLOSE("softmax tiny temperature", out, want_tiny, 4, 0, 0);
    CHECK(sl_softmax_rows(out, x, 1, 3, 0.0f) == SL_ERR_ARG && message_has("temperature"), "T = 0");
    CHECK(sl_softmax_rows(out, x, 1, 3, NAN) == SL_ERR_ARG && message_has("temperature"), "T = NaN");
    CHECK(sl_softmax_rows(NULL, x, 1, 3, 1) == SL_ERR_NULL && message_has("out"), "NULL out");
    CHECK(sl_softmax_rows(out, x, 0, 3, 1) == SL_ERR_SIZE && message_has("rows"), "rows = 0");
    CHECK(sl_softmax_rows(out, x, 1 << 20, 1 << 20, 1) == SL_ERR_LIMIT, "rows×cols past the limit");
}

static void test_matmul(void) {
    float a[] = {1, 2, 3, 4, 5, 6};  /* 2×3 */
    float b[] = {1, 0, 0, 1, 1, 1};  /* 3×2 */
    float bt[] = {1, 0, 1, 0, 1, 1}; /* bᵀ stored 2×3 */
    float c[4], want[] = {4, 5, 10, 11};
    CHECK(sl_matmul(c, a, b, 2, 3, 2, 0) == SL_OK, "matmul");
    CHECK_CLOSE("a·b", c, want, 4, 0, 0);
    CHECK(sl_matmul(c, a, bt, 2, 3, 2, 1) == SL_OK, "matmul nt");
    CHECK_CLOSE("a·btᵀ", c, want, 4, 0, 0);
    CHECK(sl_matmul(c, a, NULL, 2, 3, 2, 0) == SL_ERR_NULL && message_has("b"), "NULL b");
    float dots[2], want_dots[2] = {1 * 1 + 2 * 0 + 3 * 0, 4 * 1 + 5 * 1 + 6 * 1};
    float ones[6] = {1, 0, 0, 1, 1, 1};
    CHECK(sl_row_dots(dots, a, ones, 2, 3) == SL_OK, "row dots");
    CHECK_CLOSE("row dots", dots, want_dots, 2, 0, 0);
    CHECK(sl_row_dots(dots, a, ones, 0, 3) == SL_ERR_SIZE && message_has("n"), "row dots n = 0");
    CHECK(sl_matmul(c, a, b, -1, 3, 2, 0) == SL_ERR_SIZE && message_has("n"), "n < 1");
}

static void test_attention_rules(void) {
    enum { n = 3, m = 5, d = 2 };
    float q[n * d], k[m * d], v[m * d];
    for (int i = 0; i < n * d; i++) q[i] = 0.1f * (float)(i + 1);
    for (int i = 0; i < m * d; i++) k[i] = 0.05f * (float)(i % 7), v[i] = (float)i;
    float scores[n * m], weights[n * m], out[n * d], logits[n * m], scaled[n * m];
    CHECK(sl_attention(logits, scaled, scores, weights, out, q, k, v, n, m, d, d, 0.5f, 1.0f, 1, NULL, NULL) == SL_OK,
          "causal");
    for (int i = 0; i < n; i++) {
        float sum = 0;
        for (int j = 0; j < m; j++) {
            int visible = j <= i + (m - n); /* bottom-right alignment */
            CHECK((weights[i * m + j] == 0) == !visible, "causal (%d, %d)", i, j);
            CHECK(visible ? scores[i * m + j] == scaled[i * m + j] : scores[i * m + j] == -INFINITY, "scores (%d, %d)",
                  i, j);
            float dot = q[i * d] * k[j * d] + q[i * d + 1] * k[j * d + 1];
            CHECK(fabsf(logits[i * m + j] - dot) < 1e-7f && fabsf(scaled[i * m + j] - 0.5f * dot) < 1e-7f,
                  "logits (%d, %d)", i, j);
            sum += weights[i * m + j];
        }
        CHECK(fabsf(sum - 1) < 1e-6f, "row %d sums to %g", i, sum);
    }
    /* a fully masked row: zero weights, zero output, no NaN */
    uint8_t mask[n * m];
    memset(mask, 1, sizeof mask);
    memset(mask + m, 0, m);
    float bias[n * m];
    for (int i = 0; i < n * m; i++) bias[i] = (float)i * 0.01f;
    CHECK(sl_attention(NULL, NULL, NULL, weights, out, q, k, v, n, m, d, d, 1.0f, 1.0f, 0, mask, bias) == SL_OK,
          "masked");
    for (int j = 0; j < m; j++) CHECK(weights[m + j] == 0, "masked row weight %d", j);
    CHECK(out[d] == 0 && out[d + 1] == 0, "masked row output");
    /* huge logits stay finite */
    float big_q[] = {1e4f, 0}, big_k[] = {1, 0, -1, 0}, big_v[] = {1, 2, 3, 4};
    CHECK(sl_attention(NULL, NULL, NULL, weights, out, big_q, big_k, big_v, 1, 2, 2, 2, 1.0f, 1.0f, 0, NULL, NULL) ==
              SL_OK,
          "huge");
    CHECK(weights[0] == 1 && weights[1] == 0 && out[0] == 1 && out[1] == 2, "huge logits: one-hot");
}

static void test_attention_errors(void) {
    float a[16] = {0}, w[16], o[16];
    CHECK(sl_attention(NULL, NULL, NULL, NULL, o, a, a, a, 2, 2, 2, 2, 1, 1, 0, NULL, NULL) == SL_ERR_NULL &&
              message_has("weights"),
          "NULL weights");
    CHECK(sl_attention(NULL, NULL, NULL, w, o, NULL, a, a, 2, 2, 2, 2, 1, 1, 0, NULL, NULL) == SL_ERR_NULL &&
              message_has("q"),
          "NULL q");
    CHECK(sl_attention(NULL, NULL, NULL, w, o, a, a, a, 0, 2, 2, 2, 1, 1, 0, NULL, NULL) == SL_ERR_SIZE &&
              message_has("n must be at least 1"),
          "n = 0");
    CHECK(sl_attention(NULL, NULL, NULL, w, o, a, a, a, 2, SL_MAX_SEQ + 1, 2, 2, 1, 1, 0, NULL, NULL) == SL_ERR_LIMIT &&
              message_has("m must be at most"),
          "m too big");
    CHECK(sl_attention(NULL, NULL, NULL, w, o, a, a, a, 2, 2, -3, 2, 1, 1, 0, NULL, NULL) == SL_ERR_SIZE &&
              message_has("dk"),
          "dk < 0");
    CHECK(sl_attention(NULL, NULL, NULL, w, o, a, a, a, SL_MAX_SEQ, SL_MAX_SEQ, 1, 1, 1, 1, 0, NULL, NULL) ==
                  SL_ERR_LIMIT &&
              message_has("scores"),
          "n×m too big");
    CHECK(sl_attention(NULL, NULL, NULL, w, o, a, a, a, 2, 2, 2, 2, NAN, 1, 0, NULL, NULL) == SL_ERR_ARG &&
              message_has("scale"),
          "NaN scale");
    CHECK(sl_attention(NULL, NULL, NULL, w, o, a, a, a, 2, 2, 2, 2, 1, -1, 0, NULL, NULL) == SL_ERR_ARG &&
              message_has("temperature"),
          "T < 0");
    CHECK(strcmp(sl_status_name(SL_ERR_LIMIT), "SL_ERR_LIMIT") == 0 &&
              strcmp(sl_status_name(99), "SL_ERR_UNKNOWN") == 0,
          "status names");
}

static void test_mha(void) {
    /* one head with identity projections equals plain attention on x */
    enum { n = 4, d = 2 };
    float x[n * d] = {1, 0, 0, 1, 1, 1, -1, 0.5f};
    float eye[d * d] = {1, 0, 0, 1};
    float weights[n * n], head_out[n * d], out[n * d], w2[n * n], o2[n * d];
    CHECK(sl_mha(weights, head_out, out, x, n, d, 1, d, d, eye, eye, eye, eye, 1, SL_POSENC_NONE, 10000, 0, NULL, 1) ==
              SL_OK,
          "mha");
    CHECK(sl_attention(NULL, NULL, NULL, w2, o2, x, x, x, n, n, d, d, 1 / sqrtf(2), 1, 1, NULL, NULL) == SL_OK,
          "attention");
    CHECK_CLOSE("mha weights", weights, w2, n * n, 1e-7, 1e-6);
    CHECK_CLOSE("mha out", out, o2, n * d, 1e-7, 1e-6);
    CHECK_CLOSE("mha head_out", head_out, o2, n * d, 1e-7, 1e-6);
    CHECK(sl_mha(NULL, NULL, out, x, n, d, 1, d, d, eye, eye, eye, eye, 0, 7, 10000, 0, NULL, 1) == SL_ERR_ARG &&
              message_has("posenc"),
          "posenc 7");
    CHECK(sl_mha(NULL, NULL, out, x, n, d, 1, 3, d, eye, eye, eye, eye, 0, SL_POSENC_ROPE, 10000, 0, NULL, 1) ==
                  SL_ERR_SIZE &&
              message_has("dk must be even"),
          "odd dk rope");
    CHECK(sl_mha(NULL, NULL, out, x, n, d, 1, d, d, eye, eye, eye, eye, 0, SL_POSENC_ROPE, 0.5f, 0, NULL, 1) ==
                  SL_ERR_ARG &&
              message_has("rope_base"),
          "base < 1");
    CHECK(sl_mha(NULL, NULL, out, x, n, d, SL_MAX_HEADS + 1, d, d, eye, eye, eye, eye, 0, 0, 10000, 0, NULL, 1) ==
                  SL_ERR_LIMIT &&
              message_has("heads"),
          "heads");
    float bad_slope[1] = {NAN};
    CHECK(sl_mha(NULL, NULL, out, x, n, d, 1, d, d, eye, eye, eye, eye, 0, SL_POSENC_ALIBI, 10000, 0, bad_slope, 1) ==
                  SL_ERR_ARG &&
              message_has("alibi_slopes"),
          "NaN slope");
}

void test_attention(void) {
    test_softmax();
    test_matmul();
    test_attention_rules();
    test_attention_errors();
    test_mha();
}
