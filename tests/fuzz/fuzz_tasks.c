/* fuzz_tasks.c — libFuzzer target for the task generators and the batched recurrent nets of
 * training: sizes at and past the limits, bad ids, NULL outputs. On success every id is within
 * the vocabulary, masks are 0/1, lengths within [min_len, max_len], and a net on finite weights
 * gives a finite, non-negative loss and finite gradients. */
#include "fuzz.h"
#include "train_recurrent.h"

static int fz_len(fuzz_in *f) {
    uint8_t b = fz_u8(f);
    switch (b & 15) {
    case 0: return 0;
    case 1: return -1;
    case 2: return SL_MAX_SEQ / 2;
    case 3: return SL_MAX_SEQ + 1;
    default: return 1 + (b >> 4);
    }
}

static void fuzz_task(fuzz_in *f) {
    const int task = (int)(fz_u8(f) % 6) - (fz_u8(f) & 1); /* -1 .. 5 */
    const int batch = fz_size(f, 6, SL_MAX_SEQ), min_len = fz_len(f), max_len = fz_len(f);
    const int symbols = fz_size(f, 9, SL_MAX_DIM), final_only = (int)(fz_u8(f) % 3);
    const uint32_t seed = (uint32_t)fz_u8(f) * 2654435761u;
    int T = 0, vocab = 0;
    int st = sl_task_shape(&T, &vocab, task, max_len, symbols);
    FUZZ_STATUS(st);
    /* outputs sized from the shape when it is valid and small; one element otherwise */
    long n = st == SL_OK && batch >= 1 && (long long)batch * T <= (1 << 20) ? (long)batch * T : 1;
    long nb = st == SL_OK && batch >= 1 && batch <= (1 << 20) ? batch : 1;
    int32_t *tok = malloc(sizeof(int32_t) * n), *tgt = malloc(sizeof(int32_t) * n), *len = malloc(sizeof(int32_t) * nb);
    uint8_t *mask = malloc((size_t)n);
    if (task == SL_TASK_TEXT) {
        const int text_len = 1 + fz_u8(f) % 40;
        int32_t *text = malloc(sizeof(int32_t) * text_len);
        for (int i = 0; i < text_len; i++) text[i] = (int32_t)(fz_u8(f) % 12) - 1;
        st = sl_task_text(tok, tgt, mask, len, text, text_len, symbols, batch, min_len, max_len, seed);
        free(text);
    } else {
        st = sl_task_batch(tok, tgt, mask, len, task, batch, min_len, max_len, symbols, final_only, seed);
    }
    FUZZ_STATUS(st);
    if (st == SL_OK) {
        FUZZ_ASSERT(n == (long)batch * T);
        for (long i = 0; i < n; i++)
            FUZZ_ASSERT(tok[i] >= 0 && tok[i] < vocab && tgt[i] >= 0 && tgt[i] < vocab && mask[i] <= 1);
        for (int b = 0; b < batch; b++) FUZZ_ASSERT(len[b] >= min_len && len[b] <= max_len);
    }
    free(tok), free(tgt), free(len), free(mask);
}

static void fuzz_net(fuzz_in *f) {
    const int kind = (int)(fz_u8(f) % 5) - 1; /* -1 .. 3: two invalid */
    const int vocab = fz_size(f, 5, SL_MAX_DIM), d = fz_size(f, 4, SL_MAX_DIM), hidden = fz_size(f, 4, SL_MAX_DIM);
    const int batch = fz_size(f, 3, SL_MAX_SEQ), T = fz_size(f, 5, SL_MAX_SEQ);
    const uint8_t opt = fz_u8(f);
    const int plain = opt & 1;
    long long np = sl_recnet_param_count(kind, vocab, d, hidden);
    if (np < 1 || np > (1 << 20)) np = 1;
    int s_bt[2] = {batch, T}, s_btv[3] = {batch, T, vocab}, s_bth[3] = {batch, T, hidden}, s_t[1] = {T};
    const long nbt = fz_count(0, 2, s_bt);
    float *params = fz_floats(f, np, 1, plain), *grads = (opt >> 1) & 1 ? malloc(sizeof(float) * np) : NULL;
    float *logits = (opt >> 2) & 1 ? fz_floats(f, fz_count(0, 3, s_btv), 0, 1) : NULL;
    float *hidden_out = (opt >> 3) & 1 ? fz_floats(f, fz_count(0, 3, s_bth), 0, 1) : NULL;
    float *dh_norm = (opt >> 4) & 1 ? fz_floats(f, fz_count(0, 1, s_t), 0, 1) : NULL;
    int32_t *tok = malloc(sizeof(int32_t) * nbt), *tgt = malloc(sizeof(int32_t) * nbt);
    uint8_t *mask = (opt >> 5) & 1 ? malloc((size_t)nbt) : NULL;
    for (long i = 0; i < nbt; i++) {
        tok[i] = (int32_t)(fz_u8(f) % 7) - ((opt >> 6) & 1); /* sometimes -1 */
        tgt[i] = (int32_t)(fz_u8(f) % 7);
        if (mask) mask[i] = fz_u8(f) & 1;
    }
    float loss = -1;
    int counted = -1;
    int st = sl_recnet_loss_grad(&loss, &counted, grads, logits, hidden_out, dh_norm, params, kind, vocab, d, hidden,
                                 tok, tgt, mask, batch, T);
    FUZZ_STATUS(st);
    if (st == SL_OK && plain && params) {
        FUZZ_ASSERT(isfinite(loss) && loss >= 0 && counted >= 0 && counted <= batch * T);
        if (grads)
            for (long long i = 0; i < np; i++) FUZZ_ASSERT(isfinite(grads[i]));
    }
    free(params), free(grads), free(logits), free(hidden_out), free(dh_norm), free(tok), free(tgt), free(mask);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_in f = {data, size};
    if (fz_u8(&f) & 1)
        fuzz_task(&f);
    else
        fuzz_net(&f);
    return 0;
}
