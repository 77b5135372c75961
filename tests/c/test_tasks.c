/* test_tasks.c — the task generators natively: the same batches as the Node tests get from the
 * WebAssembly build for the same seed (tests/node/tasks.test.mjs), and every error path. */
#include <string.h>

#include "check.h"
#include "seqlab.h"

static int message_has(const char *needle) { return strstr(sl_error_message(), needle) != NULL; }

static int same_ints(const int32_t *a, const int32_t *b, int n) {
    return memcmp(a, b, sizeof(int32_t) * (size_t)n) == 0;
}

void test_tasks(void) {
    int32_t tok[32], tgt[32], len[4];
    uint8_t m[32];
    int T = 0, vocab = 0;
    CHECK(sl_task_shape(&T, &vocab, SL_TASK_COPY, 4, 8) == SL_OK && T == 9 && vocab == 11, "copy shape %d %d", T,
          vocab);
    CHECK(sl_task_batch(tok, tgt, m, len, SL_TASK_COPY, 2, 2, 4, 8, 0, 5) == SL_OK, "copy");
    const int32_t copy_tok[18] = {1, 9, 4, 3, 2, 9, 4, 3, 0, 1, 6, 10, 2, 6, 10, 0, 0, 0};
    const int32_t copy_tgt[18] = {9, 4, 3, 2, 9, 4, 3, 0, 0, 6, 10, 2, 6, 10, 0, 0, 0, 0};
    const uint8_t copy_m[18] = {0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0};
    CHECK(same_ints(tok, copy_tok, 18) && same_ints(tgt, copy_tgt, 18) && !memcmp(m, copy_m, 18) && len[0] == 3 &&
              len[1] == 2,
          "copy batch of seed 5 as in the Node tests");
    CHECK(sl_task_shape(&T, &vocab, SL_TASK_PARITY, 4, 0) == SL_OK && T == 4 && vocab == 3, "parity shape");
    CHECK(sl_task_batch(tok, tgt, m, len, SL_TASK_PARITY, 2, 2, 4, 0, 1, 5) == SL_OK, "parity");
    const int32_t par_tok[8] = {1, 0, 0, 2, 0, 1, 2, 2}, par_tgt[8] = {1, 1, 1, 2, 0, 1, 2, 2};
    const uint8_t par_m[8] = {0, 0, 1, 0, 0, 1, 0, 0};
    CHECK(same_ints(tok, par_tok, 8) && same_ints(tgt, par_tgt, 8) && !memcmp(m, par_m, 8),
          "parity batch of seed 5, final only");
    const int32_t text[6] = {0, 1, 2, 0, 1, 2};
    CHECK(sl_task_text(tok, tgt, m, len, text, 6, 3, 4, 5, 5, 1) == SL_OK, "text");
    for (int b = 0; b < 4; b++)
        for (int p = 0; p < 5; p++)
            CHECK(tgt[b * 5 + p] == (tok[b * 5 + p] + 1) % 3 && m[b * 5 + p] == 1, "text windows");

    CHECK(sl_task_batch(tok, tgt, m, len, 7, 1, 1, 4, 8, 0, 1) == SL_ERR_ARG && message_has("task must be"), "task");
    CHECK(sl_task_batch(tok, tgt, m, len, SL_TASK_TEXT, 1, 1, 4, 8, 0, 1) == SL_ERR_ARG && message_has("sl_task_text"),
          "text via batch");
    CHECK(sl_task_batch(tok, tgt, m, len, SL_TASK_COPY, 1, 5, 4, 8, 0, 1) == SL_ERR_ARG && message_has("min_len"),
          "min > max");
    CHECK(sl_task_batch(tok, tgt, m, len, SL_TASK_INDUCTION, 1, 1, 4, 8, 0, 1) == SL_ERR_SIZE &&
              message_has("induction needs 2"),
          "induction min");
    CHECK(sl_task_batch(tok, tgt, m, len, SL_TASK_COPY, 1, 1, 4096, 8, 0, 1) == SL_ERR_LIMIT &&
              message_has("max_len must be at most 4095"),
          "max_len");
    CHECK(sl_task_batch(tok, tgt, m, len, SL_TASK_PARITY, 8192, 1, 8192, 0, 0, 1) == SL_ERR_LIMIT &&
              message_has("batch×T"),
          "elements");
    CHECK(sl_task_batch(tok, tgt, m, len, SL_TASK_COPY, 1, 1, 4, 0, 0, 1) == SL_ERR_SIZE && message_has("symbols"),
          "symbols");
    CHECK(sl_task_batch(tok, tgt, m, len, SL_TASK_COPY, 1, 1, 4, 8, 1, 1) == SL_ERR_ARG && message_has("parity only"),
          "final_only");
    CHECK(sl_task_batch(NULL, tgt, m, len, SL_TASK_COPY, 1, 1, 4, 8, 0, 1) == SL_ERR_NULL && message_has("tokens"),
          "NULL");
    CHECK(sl_task_text(tok, tgt, m, len, text, 6, 3, 1, 1, 6, 1) == SL_ERR_SIZE && message_has("too short"),
          "short text");
    const int32_t bad[6] = {0, 1, 3, 0, 1, 2};
    CHECK(sl_task_text(tok, tgt, m, len, bad, 6, 3, 1, 1, 4, 1) == SL_ERR_VALUE && message_has("text[2] = 3"),
          "bad id");
    CHECK(sl_task_shape(NULL, &vocab, 0, 4, 8) == SL_ERR_NULL, "shape NULL");
}
