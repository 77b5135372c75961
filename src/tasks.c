/* tasks.c — batches of the synthetic tasks and of character-level text, generated from a seed
 * with the core's generator (rng.h), so a seed gives the same batch natively, in a page and in a
 * worker. Formats are documented in seqlab.h ("task generators"). */
#include <string.h>

#include "rng.h"
#include "sl_internal.h"

enum { PAD = 0, BOS = 1, SEP = 2, FIRST_SYMBOL = 3, PARITY_PAD = 2 };

static int task_T(int task, int max_len) {
    switch (task) {
    case SL_TASK_COPY:
    case SL_TASK_REVERSE: return 2 * max_len + 1;
    case SL_TASK_INDUCTION: return 2 * max_len;
    default: return max_len;
    }
}

static int check_task(int task) {
    if (task < SL_TASK_COPY || task > SL_TASK_RECALL)
        return sl_fail(SL_ERR_ARG,
                       "task must be 0 (copy), 1 (reverse), 2 (parity), 3 (induction), 4 (text) or 5 (recall), got %d",
                       task);
    return SL_OK;
}

/* The size checks every generator shares; T is the positions per row. */
static int check_lengths(int task, int batch, int min_len, int max_len) {
    SL_TRY(sl_check_size("batch", batch, SL_MAX_SEQ));
    /* the longest max_len whose T stays within SL_MAX_SEQ */
    const int longest = task == SL_TASK_COPY || task == SL_TASK_REVERSE ? (SL_MAX_SEQ - 1) / 2
                        : task == SL_TASK_INDUCTION                     ? SL_MAX_SEQ / 2
                                                                        : SL_MAX_SEQ;
    SL_TRY(sl_check_size("max_len", max_len, longest));
    const int shortest = task == SL_TASK_INDUCTION ? 2 : 1;
    if (min_len < shortest || min_len > max_len)
        return sl_fail(min_len > max_len ? SL_ERR_ARG : SL_ERR_SIZE, "min_len must be in [%d, max_len = %d], got %d%s",
                       shortest, max_len, min_len,
                       task == SL_TASK_INDUCTION ? " (induction needs 2: the first repeated token is not counted)"
                                                 : "");
    return sl_check_elems("tokens (batch×T)", (long long)batch * task_T(task, max_len));
}

int sl_task_shape(int *T, int *vocab, int task, int max_len, int symbols) {
    SL_TRY(sl_check_ptr("T", T));
    SL_TRY(sl_check_ptr("vocab", vocab));
    SL_TRY(check_task(task));
    SL_TRY(check_lengths(task, 1, task == SL_TASK_INDUCTION ? 2 : 1, max_len));
    if (task == SL_TASK_PARITY || task == SL_TASK_RECALL) {
        *vocab = 3;
    } else if (task == SL_TASK_TEXT) {
        SL_TRY(sl_check_size("symbols (the text's vocabulary)", symbols, SL_MAX_DIM));
        *vocab = symbols;
    } else {
        SL_TRY(sl_check_size("symbols", symbols, SL_MAX_DIM - FIRST_SYMBOL));
        *vocab = symbols + FIRST_SYMBOL;
    }
    *T = task_T(task, max_len);
    return SL_OK;
}

static int check_outputs(const int32_t *tokens, const int32_t *targets, const uint8_t *mask, const int32_t *lengths) {
    SL_TRY(sl_check_ptr("tokens", tokens));
    SL_TRY(sl_check_ptr("targets", targets));
    SL_TRY(sl_check_ptr("mask", mask));
    return sl_check_ptr("lengths", lengths);
}

/* Entry q of a whole row (T + 1 entries; tokens are entries 0..T−1, targets 1..T), with x1..xn
 * at x[1..n]: copy, reverse: [BOS] x1..xn [SEP] x1..xn (or xn..x1) then PAD;
 * induction: [BOS] x1..xn x1..xn then PAD. */
static int32_t row_at(int task, const int32_t *x, int n, int q) {
    if (q == 0) return BOS;
    if (q <= n) return x[q];
    if (task == SL_TASK_INDUCTION) return q <= 2 * n ? x[q - n] : PAD;
    if (q == n + 1) return SEP;
    if (q <= 2 * n + 1) return task == SL_TASK_REVERSE ? x[2 * n + 2 - q] : x[q - n - 1];
    return PAD;
}

int sl_task_batch(int32_t *tokens, int32_t *targets, uint8_t *mask, int32_t *lengths, int task, int batch, int min_len,
                  int max_len, int symbols, int final_only, uint32_t seed) {
    SL_TRY(check_outputs(tokens, targets, mask, lengths));
    SL_TRY(check_task(task));
    if (task == SL_TASK_TEXT) return sl_fail(SL_ERR_ARG, "task 4 (text) needs its text: use sl_task_text");
    int T, vocab;
    const int bits = task == SL_TASK_PARITY || task == SL_TASK_RECALL;
    SL_TRY(sl_task_shape(&T, &vocab, task, max_len, bits ? 1 : symbols));
    SL_TRY(check_lengths(task, batch, min_len, max_len));
    if (final_only != 0 && final_only != 1) return sl_fail(SL_ERR_ARG, "final_only must be 0 or 1, got %d", final_only);
    if (final_only && task != SL_TASK_PARITY)
        return sl_fail(SL_ERR_ARG, "final_only applies to parity only (task 2), got task %d", task);
    sl_rng rng = sl_rng_seed(seed);
    for (int b = 0; b < batch; b++) {
        int32_t *tok = tokens + (size_t)b * T, *tgt = targets + (size_t)b * T;
        uint8_t *m = mask + (size_t)b * T;
        const int n = min_len + sl_rng_below(&rng, max_len - min_len + 1);
        lengths[b] = n;
        memset(m, 0, (size_t)T);
        if (task == SL_TASK_RECALL) { /* the bits parity draws; the one target: b1, at the last bit */
            int first = 0;
            for (int p = 0; p < T; p++) {
                tgt[p] = PARITY_PAD;
                if (p < n) {
                    tok[p] = sl_rng_below(&rng, 2);
                    if (p == 0) first = tok[p];
                } else {
                    tok[p] = PARITY_PAD;
                }
            }
            tgt[n - 1] = first, m[n - 1] = 1;
            continue;
        }
        if (task == SL_TASK_PARITY) {
            int parity = 0;
            for (int p = 0; p < T; p++) {
                if (p < n) {
                    const int bit = sl_rng_below(&rng, 2);
                    parity ^= bit;
                    tok[p] = bit, tgt[p] = parity, m[p] = !final_only || p == n - 1;
                } else {
                    tok[p] = tgt[p] = PARITY_PAD;
                }
            }
            continue;
        }
        /* x1..xn go to tok[1..n] first: every later entry of the row is read from there */
        for (int i = 1; i <= n; i++) tok[i] = FIRST_SYMBOL + sl_rng_below(&rng, symbols);
        for (int p = 0; p < T; p++) tgt[p] = row_at(task, tok, n, p + 1);
        for (int p = 0; p < T; p++)
            if (p == 0 || p > n) tok[p] = row_at(task, tok, n, p);
        /* counted: the targets in the repetition (copy, reverse: positions n+1..2n); for induction
         * from its second token on (positions n+1..2n−1: the first repeated token follows x_n and
         * cannot be predicted) */
        const int last = task == SL_TASK_INDUCTION ? 2 * n - 1 : 2 * n;
        for (int p = n + 1; p <= last; p++) m[p] = 1;
    }
    return SL_OK;
}

int sl_task_text(int32_t *tokens, int32_t *targets, uint8_t *mask, int32_t *lengths, const int32_t *text, int text_len,
                 int vocab, int batch, int min_len, int max_len, uint32_t seed) {
    SL_TRY(check_outputs(tokens, targets, mask, lengths));
    SL_TRY(sl_check_ptr("text", text));
    SL_TRY(sl_check_size("vocab", vocab, SL_MAX_DIM));
    SL_TRY(sl_check_size("text_len", text_len, SL_MAX_ELEMS));
    SL_TRY(check_lengths(SL_TASK_TEXT, batch, min_len, max_len));
    if (text_len < max_len + 1)
        return sl_fail(SL_ERR_SIZE, "text_len = %d is too short for max_len = %d: a row needs max_len + 1 characters",
                       text_len, max_len);
    for (int i = 0; i < text_len; i++)
        if (text[i] < 0 || text[i] >= vocab)
            return sl_fail(SL_ERR_VALUE, "text[%d] = %d is not an id in [0, %d)", i, (int)text[i], vocab);
    const int T = max_len;
    sl_rng rng = sl_rng_seed(seed);
    for (int b = 0; b < batch; b++) {
        int32_t *tok = tokens + (size_t)b * T, *tgt = targets + (size_t)b * T;
        uint8_t *m = mask + (size_t)b * T;
        const int n = min_len + sl_rng_below(&rng, max_len - min_len + 1);
        const int start = sl_rng_below(&rng, text_len - n); /* start + n <= text_len - 1 */
        lengths[b] = n;
        for (int p = 0; p < T; p++) {
            const int in = p < n;
            tok[p] = in ? text[start + p] : 0;
            tgt[p] = in ? text[start + p + 1] : 0;
            m[p] = (uint8_t)in;
        }
    }
    return SL_OK;
}
