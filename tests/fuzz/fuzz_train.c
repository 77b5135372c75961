/* fuzz_train.c — libFuzzer target for the model object: configs from the bytes (sizes at and past
 * every limit, unknown enum values), batches with ids outside the vocabulary and odd masks,
 * optimiser options with NaN and ±Inf, a save → load round trip, and model files with fuzzed
 * bytes (with the checksum repaired half the time, so the config and size checks behind it are
 * reached); v2 fields (attention-only, embedding, forget bias) and position ids in and out of range.
 * Invariants: a status from the list with a message, a failed create or load leaves
 * *model NULL, a loaded model saves back to the same bytes, and the heap is back to where it was. */
#include "fuzz.h"

#include "train_internal.h"

static int fz_enum(fuzz_in *f, int n) {
    uint8_t b = fz_u8(f);
    return (b & 0x80) ? (int)(int8_t)b : b % n; /* now and then out of range */
}

static void fuzz_config(fuzz_in *f, int32_t *cfg, float *fcfg) {
    memset(cfg, 0, sizeof(int32_t) * SL_CFG_COUNT);
    uint8_t k = fz_u8(f);
    cfg[SL_CFG_KIND] =
        k & 0x40 ? fz_enum(f, 4)
                 : SL_MODEL_TRANSFORMER; /* mostly the Transformer: the recurrent nets have their own target */
    cfg[SL_CFG_VOCAB] = fz_size(f, 6, SL_MODEL_MAX_VOCAB);
    cfg[SL_CFG_MAX_LEN] = fz_size(f, 8, SL_MAX_SEQ);
    cfg[SL_CFG_LAYERS] = fz_size(f, 2, SL_MODEL_MAX_LAYERS);
    int heads = fz_size(f, 2, SL_MAX_HEADS);
    cfg[SL_CFG_HEADS] = heads;
    uint8_t hd = fz_u8(f);
    /* d_model: usually a multiple of heads (head size 1..4), sometimes anything */
    cfg[SL_CFG_D_MODEL] = hd & 0x80                  ? fz_size(f, 8, SL_MAX_DIM)
                          : heads > 0 && heads <= 64 ? heads * (1 + hd % 4)
                                                     : heads;
    uint8_t ff = fz_u8(f);
    cfg[SL_CFG_D_FF] = ff & 0x10 ? 0 : fz_size(f, 8, SL_MAX_DIM); /* 0: attention-only layers */
    cfg[SL_CFG_POSENC] = fz_enum(f, 5);
    cfg[SL_CFG_TIED] = fz_enum(f, 2);
    cfg[SL_CFG_ACTIVATION] = fz_enum(f, 2);
    cfg[SL_CFG_HIDDEN] = fz_size(f, 4, SL_MAX_DIM);
    cfg[SL_CFG_SEED] = (int32_t)(fz_u8(f) * 16777619u);
    cfg[SL_CFG_EMBEDDING] = fz_enum(f, 2);
    uint8_t rb = fz_u8(f);
    fcfg[SL_CFGF_ROPE_BASE] = rb & 0x80 ? fz_float(f) : 10000.0f;
    /* forget_bias: 0 (any kind), 1 (an LSTM's default) or anything (refused past ±100, for non-LSTMs) */
    fcfg[SL_CFGF_FORGET_BIAS] = rb & 0x40 ? fz_float(f) : (rb & 0x20 ? 1.0f : 0.0f);
}

static void fuzz_model(fuzz_in *f) {
    int32_t cfg[SL_CFG_COUNT];
    float fcfg[SL_CFGF_COUNT];
    fuzz_config(f, cfg, fcfg);
    sl_model *m = (sl_model *)f; /* must be overwritten with NULL on failure */
    int st = sl_model_create(&m, cfg, fcfg);
    FUZZ_STATUS(st);
    if (st != SL_OK) {
        FUZZ_ASSERT(m == NULL);
        return;
    }
    int32_t info[3];
    FUZZ_ASSERT(sl_model_info(info, m) == SL_OK && info[0] >= 1 && info[1] >= 1);
    /* a batch: sizes small or at a limit, ids mostly valid */
    int batch = fz_size(f, 3, SL_MAX_ELEMS), T = fz_size(f, 6, SL_MAX_SEQ);
    int sizes[2] = {batch, T};
    long n = fz_count(0, 2, sizes);
    if (n > 4096) n = 1, batch = batch > 0 ? -batch : batch; /* keep runs fast: such a batch is refused */
    int32_t *tok = malloc(sizeof(int32_t) * n), *tgt = malloc(sizeof(int32_t) * n), *pos = malloc(sizeof(int32_t) * n);
    uint8_t *mask = malloc(n), mopt = fz_u8(f), popt = fz_u8(f);
    const int V = cfg[SL_CFG_VOCAB];
    /* max_len of a created model is at most SL_MAX_SEQ; the edge ids around it stay in int range */
    const int max_len_edge = cfg[SL_CFG_MAX_LEN] >= 1 && cfg[SL_CFG_MAX_LEN] <= SL_MAX_SEQ ? cfg[SL_CFG_MAX_LEN] : 1;
    for (long i = 0; i < n; i++) {
        uint8_t b = fz_u8(f);
        tok[i] = (b & 0xE0) == 0xE0 ? V + (b & 3) - 2 : (int32_t)(b % V); /* now and then −2..V+1 */
        tgt[i] = (int32_t)((b * 7u) % V);
        mask[i] = (mopt & 1) && (b & 0x10) == 0x10 ? (b >> 5) : b & 1; /* 0/1, now and then larger */
        /* position ids: near the index, now and then past max_len, negative or past SL_MAX_SEQ */
        const uint8_t q = fz_u8(f);
        pos[i] = (q & 0xF0) == 0xF0   ? (q & 1 ? -1 - (q & 6) : SL_MAX_SEQ + (q & 6))
                 : (q & 0xC0) == 0xC0 ? max_len_edge + (q & 3) - 1
                                      : (int32_t)(i % (T > 0 ? T : 1)) + (q & 0x1F);
    }
    const uint8_t *use_mask = mopt & 2 ? mask : NULL;
    const int32_t *use_pos = popt & 1 ? pos : NULL;
    float loss, res[3];
    float *grads = malloc(sizeof(float) * info[0]);
    st = sl_model_loss_grad(&loss, grads, m, tok, tgt, use_mask, use_pos, batch, T);
    FUZZ_STATUS(st);
    if (st == SL_OK) FUZZ_ASSERT(loss >= 0 || isnan(loss));
    float lr = mopt & 4 ? fz_float(f) : 1e-2f, clip = mopt & 8 ? fz_float(f) : 1.0f;
    float wd = mopt & 16 ? fz_float(f) : 0.1f, beta = mopt & 32 ? fz_float(f) : 0.9f;
    st = sl_model_step(res, m, tok, tgt, use_mask, use_pos, batch, T, lr, beta, 0.999f, 1e-8f, wd, clip);
    FUZZ_STATUS(st);
    if (st == SL_OK) FUZZ_ASSERT(res[1] >= 0);
    st = sl_model_evaluate(res, m, tok, tgt, use_mask, use_pos, batch, T);
    FUZZ_STATUS(st);
    if (st == SL_OK) FUZZ_ASSERT(res[1] >= 0 && res[1] <= 1 && res[2] >= 0 && res[2] <= 1);
    if (n > 1 && (long long)n * V <= (1 << 16)) {
        float *logits = malloc(sizeof(float) * n * V);
        st = sl_model_forward(logits, NULL, m, tok, use_pos, batch, T);
        FUZZ_STATUS(st);
        free(logits);
    }
    /* save → load → save gives the same bytes */
    int32_t bytes;
    FUZZ_ASSERT(sl_model_save_size(&bytes, m) == SL_OK);
    uint8_t *a = malloc(bytes), *b = malloc(bytes);
    FUZZ_ASSERT(sl_model_save(a, bytes, m) == SL_OK);
    sl_model *l = NULL;
    st = sl_model_load(&l, a, bytes);
    FUZZ_ASSERT(st == SL_OK);
    FUZZ_ASSERT(sl_model_save(b, bytes, l) == SL_OK && memcmp(a, b, bytes) == 0);
    sl_model_free(l);
    /* the same file with fuzzed bytes: refused with a message, or loaded (a flip the checks cannot
     * see, e.g. in a parameter with the checksum repaired) */
    int flips = 1 + fz_u8(f) % 4, repair = fz_u8(f) & 1;
    for (int i = 0; i < flips; i++) {
        uint32_t pos = (uint32_t)fz_u8(f) | (uint32_t)fz_u8(f) << 8;
        a[pos % (uint32_t)bytes] ^= (uint8_t)(1 + fz_u8(f) % 255);
    }
    if (repair) {
        uint32_t crc = sl_crc32(a, (size_t)bytes - 4);
        for (int i = 0; i < 4; i++) a[bytes - 4 + i] = (uint8_t)(crc >> (8 * i));
    }
    int32_t len = fz_u8(f) & 1 ? bytes : (int32_t)(fz_u8(f) % (uint32_t)bytes);
    l = (sl_model *)f;
    st = sl_model_load(&l, a, len);
    FUZZ_STATUS(st);
    if (st != SL_OK)
        FUZZ_ASSERT(l == NULL);
    else
        FUZZ_ASSERT(repair || memcmp(a, b, bytes) == 0); /* unrepaired: only flips that cancel out load */
    sl_model_free(l);
    free(a), free(b), free(tok), free(tgt), free(pos), free(mask), free(grads);
    FUZZ_ASSERT(sl_model_free(m) == SL_OK);
}

/* raw bytes as a model file: every prefix check must hold */
static void fuzz_file(fuzz_in *f) {
    sl_model *l = (sl_model *)f;
    int st = sl_model_load(&l, f->p, (int32_t)(f->n > 1 << 20 ? 1 << 20 : f->n));
    FUZZ_STATUS(st);
    if (st != SL_OK) FUZZ_ASSERT(l == NULL);
    sl_model_free(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t heap = sl_heap_in_use();
    fuzz_in f = {data, size};
    if (fz_u8(&f) % 4 == 3)
        fuzz_file(&f);
    else
        fuzz_model(&f);
    FUZZ_ASSERT(sl_heap_in_use() == heap);
    return 0;
}
