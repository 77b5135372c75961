/* train.c — the model object: config checks, the parameter layout table, seeded initialisation,
 * dispatch by kind (Transformer here and in transformer_train.c, recurrent nets in
 * train_recurrent.c), AdamW with global-norm clipping, evaluation, and the versioned save format.
 *
 * One allocation per model: the struct, its tensor table and params, grads, m, v (n_params floats
 * each), carved with scratch.h so no offset is counted by hand. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "scratch.h"
#include "sl_internal.h"
#include "train_internal.h"
#include "train_recurrent.h"

static const char *kind_name(int kind) {
    static const char *names[] = {"transformer", "rnn", "lstm", "gru"};
    return kind >= 0 && kind <= 3 ? names[kind] : "?";
}

/* ---- config and layout ---------------------------------------------------------------------- */
int sl_model_config_check(const sl_model_config *c) {
    if (c->kind < SL_MODEL_TRANSFORMER || c->kind > SL_MODEL_GRU)
        return sl_fail(SL_ERR_ARG, "kind must be 0 (transformer), 1 (rnn), 2 (lstm) or 3 (gru), got %d", c->kind);
    SL_TRY(sl_check_size("vocab", c->vocab, SL_MODEL_MAX_VOCAB));
    SL_TRY(sl_check_size("d_model", c->d_model, SL_MAX_DIM));
    SL_TRY(sl_check_elems("the embedding (vocab×d_model)", (long long)c->vocab * c->d_model));
    SL_TRY(sl_check_finite("rope_base", c->rope_base, 1));
    if (!(c->rope_base > 1)) return sl_fail(SL_ERR_ARG, "rope_base must be greater than 1, got %g", c->rope_base);
    SL_TRY(sl_check_finite("forget_bias", c->forget_bias, 0));
    if (c->kind != SL_MODEL_LSTM && c->forget_bias != 0)
        return sl_fail(SL_ERR_ARG, "forget_bias belongs to an LSTM's forget gate: it must be 0 for a %s, got %g",
                       kind_name(c->kind), c->forget_bias);
    if (fabsf(c->forget_bias) > 100)
        return sl_fail(SL_ERR_ARG, "forget_bias must be in [-100, 100] (a sigmoid is saturated long before), got %g",
                       c->forget_bias);
    if (c->kind != SL_MODEL_TRANSFORMER) {
        SL_TRY(sl_check_size("hidden", c->hidden, SL_MAX_DIM));
        SL_TRY(sl_check_elems("the cell's wHh (4·hidden×hidden)", 4LL * c->hidden * c->hidden));
        SL_TRY(sl_check_elems("the cell's wIh (4·hidden×d_model)", 4LL * c->hidden * c->d_model));
        SL_TRY(sl_check_elems("out.w (vocab×hidden)", (long long)c->vocab * c->hidden));
        return SL_OK;
    }
    SL_TRY(sl_check_size("max_len", c->max_len, SL_MAX_SEQ));
    SL_TRY(sl_check_size("layers", c->layers, SL_MODEL_MAX_LAYERS));
    SL_TRY(sl_check_size("heads", c->heads, SL_MAX_HEADS));
    if (c->d_ff != 0) SL_TRY(sl_check_size("d_ff", c->d_ff, SL_MAX_DIM)); /* 0: attention-only layers */
    if (c->embedding != SL_MODEL_EMBEDDING_GPT2 && c->embedding != SL_MODEL_EMBEDDING_SCALED)
        return sl_fail(SL_ERR_ARG, "embedding must be 0 (gpt2) or 1 (scaled), got %d", c->embedding);
    if (c->d_model % c->heads)
        return sl_fail(SL_ERR_SIZE, "d_model (%d) must be divisible by heads (%d)", c->d_model, c->heads);
    if (c->posenc < SL_MODEL_POSENC_NONE || c->posenc > SL_MODEL_POSENC_ALIBI)
        return sl_fail(SL_ERR_ARG,
                       "posenc must be 0 (none), 1 (learned), 2 (sinusoidal), 3 (rope) or 4 (alibi), got %d",
                       c->posenc);
    if (c->posenc == SL_MODEL_POSENC_ROPE && (c->d_model / c->heads) % 2)
        return sl_fail(SL_ERR_SIZE, "rope rotates pairs: the head size d_model/heads must be even, got %d",
                       c->d_model / c->heads);
    if (c->posenc == SL_MODEL_POSENC_SINUSOIDAL && c->d_model % 2)
        return sl_fail(SL_ERR_SIZE, "sinusoidal encodings come in pairs: d_model must be even, got %d", c->d_model);
    if (c->tied != 0 && c->tied != 1) return sl_fail(SL_ERR_ARG, "tied must be 0 or 1, got %d", c->tied);
    if (c->activation != SL_MODEL_GELU && c->activation != SL_MODEL_RELU)
        return sl_fail(SL_ERR_ARG, "activation must be 0 (gelu) or 1 (relu), got %d", c->activation);
    SL_TRY(sl_check_elems("wpe (max_len×d_model)", (long long)c->max_len * c->d_model));
    SL_TRY(sl_check_elems("mlp.fc.w (d_ff×d_model)", (long long)c->d_ff * c->d_model));
    SL_TRY(sl_check_elems("attn.qkv.w (3·d_model×d_model)", 3LL * c->d_model * c->d_model));
    return SL_OK;
}

static void add_tensor(sl_tensor *t, int *count, long long *total, const char *name, int rows, int cols) {
    sl_tensor *e = &t[(*count)++];
    snprintf(e->name, sizeof e->name, "%s", name);
    e->ndim = cols ? 2 : 1;
    e->shape[0] = rows, e->shape[1] = cols ? cols : 1;
    e->size = (long long)rows * (cols ? cols : 1);
    e->offset = *total;
    *total += e->size;
}

void sl_model_build_layout(sl_tensor *t, int *count, long long *total, const sl_model_config *c) {
    *count = 0, *total = 0;
    const int d = c->d_model;
    if (c->kind != SL_MODEL_TRANSFORMER) {
        const int G = c->kind == SL_MODEL_LSTM ? 4 : c->kind == SL_MODEL_GRU ? 3 : 1, h = c->hidden;
        add_tensor(t, count, total, "emb", c->vocab, d);
        add_tensor(t, count, total, "cell.wIh", G * h, d);
        add_tensor(t, count, total, "cell.wHh", G * h, h);
        add_tensor(t, count, total, "cell.bIh", G * h, 0);
        add_tensor(t, count, total, "cell.bHh", G * h, 0);
        add_tensor(t, count, total, "out.w", c->vocab, h);
        add_tensor(t, count, total, "out.b", c->vocab, 0);
        return;
    }
    add_tensor(t, count, total, "wte", c->vocab, d);
    if (c->posenc == SL_MODEL_POSENC_LEARNED) add_tensor(t, count, total, "wpe", c->max_len, d);
    /* per layer, in the order transformer_train.c's layer struct reads them */
    static const char *suffix[12] = {"ln1.w", "ln1.b", "attn.qkv.w", "attn.qkv.b", "attn.proj.w", "attn.proj.b",
                                     "ln2.w", "ln2.b", "mlp.fc.w",   "mlp.fc.b",   "mlp.proj.w",  "mlp.proj.b"};
    const int rows[12] = {d, d, 3 * d, 3 * d, d, d, d, d, c->d_ff, c->d_ff, d, d};
    const int cols[12] = {0, 0, d, 0, d, 0, 0, 0, d, 0, c->d_ff, 0};
    const int per_layer = c->d_ff ? 12 : 6; /* attention-only layers have no ln2 and no MLP */
    for (int l = 0; l < c->layers; l++)
        for (int j = 0; j < per_layer; j++) {
            char name[24];
            snprintf(name, sizeof name, "h.%d.%s", l, suffix[j]);
            add_tensor(t, count, total, name, rows[j], cols[j]);
        }
    add_tensor(t, count, total, "lnf.w", d, 0);
    add_tensor(t, count, total, "lnf.b", d, 0);
    if (!c->tied) add_tensor(t, count, total, "head.w", c->vocab, d);
}

/* n_ints: SL_CFG_COUNT, or SL_CFG_EMBEDDING for a version-1 file (no embedding field: gpt2). Fields a
 * kind does not read are stored as 0, so get_config and save report only what the model uses. */
static void config_from_ints(sl_model_config *c, const int32_t *cfg, int n_ints, float rope_base, float forget_bias) {
    memset(c, 0, sizeof *c);
    c->kind = cfg[SL_CFG_KIND], c->vocab = cfg[SL_CFG_VOCAB], c->d_model = cfg[SL_CFG_D_MODEL];
    c->seed = (uint32_t)cfg[SL_CFG_SEED];
    c->rope_base = rope_base, c->forget_bias = forget_bias;
    if (c->kind != SL_MODEL_TRANSFORMER) {
        c->hidden = cfg[SL_CFG_HIDDEN];
        return;
    }
    c->max_len = cfg[SL_CFG_MAX_LEN];
    c->layers = cfg[SL_CFG_LAYERS], c->heads = cfg[SL_CFG_HEADS];
    c->d_ff = cfg[SL_CFG_D_FF], c->posenc = cfg[SL_CFG_POSENC], c->tied = cfg[SL_CFG_TIED];
    c->activation = cfg[SL_CFG_ACTIVATION];
    c->embedding = n_ints > SL_CFG_EMBEDDING ? cfg[SL_CFG_EMBEDDING] : SL_MODEL_EMBEDDING_GPT2;
}

static void config_to_ints(int32_t *cfg, const sl_model_config *c) {
    cfg[SL_CFG_KIND] = c->kind, cfg[SL_CFG_VOCAB] = c->vocab, cfg[SL_CFG_MAX_LEN] = c->max_len;
    cfg[SL_CFG_LAYERS] = c->layers, cfg[SL_CFG_D_MODEL] = c->d_model, cfg[SL_CFG_HEADS] = c->heads;
    cfg[SL_CFG_D_FF] = c->d_ff, cfg[SL_CFG_POSENC] = c->posenc, cfg[SL_CFG_TIED] = c->tied;
    cfg[SL_CFG_ACTIVATION] = c->activation, cfg[SL_CFG_HIDDEN] = c->hidden, cfg[SL_CFG_SEED] = (int32_t)c->seed;
    cfg[SL_CFG_EMBEDDING] = c->embedding;
}

/* Checks the config, builds the layout and makes the one allocation; params not yet set. */
static int model_alloc(sl_model **out, const sl_model_config *cfg) {
    SL_TRY(sl_model_config_check(cfg));
    sl_tensor table[SL_MODEL_MAX_TENSORS];
    int count;
    long long total;
    sl_model_build_layout(table, &count, &total, cfg);
    if (total > SL_MAX_ELEMS)
        return sl_fail(SL_ERR_LIMIT, "the model would have %lld parameters, more than the limit of %ld", total,
                       (long)SL_MAX_ELEMS);
    if (cfg->kind != SL_MODEL_TRANSFORMER) {
        long long theirs = sl_recnet_param_count(cfg->kind - SL_MODEL_RNN, cfg->vocab, cfg->d_model, cfg->hidden);
        if (theirs < 0)
            return sl_fail(SL_ERR_ARG,
                           "the %s net reports no parameter count: recurrent training is not available in this build",
                           kind_name(cfg->kind));
        if (theirs != total) /* the two descriptions of one layout must agree before any offset is trusted */
            return sl_fail(SL_ERR_ARG,
                           "the %s net reports %lld parameters where the layout (emb, cell.*, out.*) has %lld",
                           kind_name(cfg->kind), theirs, total);
    }
    sl_layout L = {0};
    size_t o_model = sl_layout_add(&L, 1, sizeof(sl_model));
    size_t o_tensors = sl_layout_add(&L, count, sizeof(sl_tensor));
    size_t o_p = sl_layout_add(&L, total, sizeof(float)), o_g = sl_layout_add(&L, total, sizeof(float));
    size_t o_m = sl_layout_add(&L, total, sizeof(float)), o_v = sl_layout_add(&L, total, sizeof(float));
    unsigned char *base = sl_layout_alloc(&L, "the model (params, grads, AdamW m and v)");
    if (!base) return sl_layout_status(&L);
    sl_model *m = SL_SLICE(sl_model, base, o_model);
    memset(m, 0, sizeof *m);
    m->magic = SL_MODEL_MAGIC;
    m->cfg = *cfg;
    m->n_tensors = count, m->n_params = total, m->step = 0;
    m->tensors = SL_SLICE(sl_tensor, base, o_tensors);
    memcpy(m->tensors, table, (size_t)count * sizeof(sl_tensor));
    m->params = SL_SLICE(float, base, o_p), m->grads = SL_SLICE(float, base, o_g);
    m->m = SL_SLICE(float, base, o_m), m->v = SL_SLICE(float, base, o_v);
    memset(m->grads, 0, (size_t)total * sizeof(float));
    memset(m->m, 0, (size_t)total * sizeof(float));
    memset(m->v, 0, (size_t)total * sizeof(float));
    *out = m;
    return SL_OK;
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* GPT-2 / nanoGPT: matrices N(0, 0.02), the residual projections N(0, 0.02/sqrt(2·layers)), biases
 * 0, LayerNorm weights 1; with the scaled embedding wte N(0, 1/d_model) (fairseq's, whose rows
 * enter times sqrt(d_model) at unit size). One generator walks the tensors in layout order. */
static void transformer_init(sl_model *m) {
    sl_rng rng = sl_rng_seed(m->cfg.seed);
    const double resid_std = 0.02 / sqrt(2.0 * m->cfg.layers);
    const double wte_std = m->cfg.embedding == SL_MODEL_EMBEDDING_SCALED ? 1.0 / sqrt((double)m->cfg.d_model) : 0.02;
    for (int i = 0; i < m->n_tensors; i++) {
        const sl_tensor *t = &m->tensors[i];
        float *p = m->params + t->offset;
        if (t->ndim == 2) {
            double std = ends_with(t->name, "attn.proj.w") || ends_with(t->name, "mlp.proj.w") ? resid_std
                         : strcmp(t->name, "wte") == 0                                         ? wte_std
                                                                                               : 0.02;
            for (long long j = 0; j < t->size; j += 2) {
                double a, b;
                sl_rng_normal2(&rng, &a, &b);
                p[j] = (float)(std * a);
                if (j + 1 < t->size) p[j + 1] = (float)(std * b);
            }
        } else {
            float v = strstr(t->name, "ln") && ends_with(t->name, ".w") ? 1.0f : 0.0f;
            for (long long j = 0; j < t->size; j++) p[j] = v;
        }
    }
}

static int model_ok(const sl_model *m) {
    SL_TRY(sl_check_ptr("model", m));
    if (m->magic != SL_MODEL_MAGIC) return sl_fail(SL_ERR_ARG, "model is not a live model (freed or never created)");
    return SL_OK;
}

/* ---- finiteness ----------------------------------------------------------------------------- */
/* A float as JS writes it ("NaN", "Infinity", "-Infinity"), for messages. */
static const char *nonfinite_name(float x) { return isnan(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity"; }

/* "params[123] (h.0.attn.qkv.w[5])": float i of an array in the model's layout, with its tensor. */
static void name_float(char *out, size_t size, const sl_model *m, const char *array, long long i) {
    const sl_tensor *t = m->tensors;
    for (int k = 0; k < m->n_tensors; k++)
        if (i >= m->tensors[k].offset && i < m->tensors[k].offset + m->tensors[k].size) t = &m->tensors[k];
    snprintf(out, size, "%s[%lld] (%s[%lld])", array, i, t->name, i - t->offset);
}

/* The first float of x (n_params, in the layout) that is not finite, or -1; when found, out
 * says which: "params[123] (h.0.attn.qkv.w[5]) is NaN". */
static long long find_nonfinite(char *out, size_t size, const sl_model *m, const float *x, const char *array) {
    for (long long i = 0; i < m->n_params; i++)
        if (!isfinite(x[i])) {
            char where[64];
            name_float(where, sizeof where, m, array, i);
            snprintf(out, size, "%s is %s", where, nonfinite_name(x[i]));
            return i;
        }
    return -1;
}

/* Every computing entry point refuses a model whose parameters are not finite: its logits, loss
 * and argmax would be NaN dressed as numbers (an all-NaN row's argmax is id 0). set_params, load
 * and step never let such a model come to be; this is the backstop. */
static int model_usable(const sl_model *m) {
    SL_TRY(model_ok(m));
    char why[96];
    if (find_nonfinite(why, sizeof why, m, m->params, "params") >= 0)
        return sl_fail(SL_ERR_VALUE, "the model's parameters are not finite (%s): nothing it computes can be trusted",
                       why);
    return SL_OK;
}

int sl_model_create(sl_model **model, const int32_t *config, const float *fconfig) {
    SL_TRY(sl_check_ptr("model", model));
    *model = NULL;
    SL_TRY(sl_check_ptr("config", config));
    sl_model_config cfg;
    const float rope_base = fconfig ? fconfig[SL_CFGF_ROPE_BASE] : 10000.0f;
    const float forget_bias = fconfig                                ? fconfig[SL_CFGF_FORGET_BIAS]
                              : config[SL_CFG_KIND] == SL_MODEL_LSTM ? 1.0f
                                                                     : 0.0f;
    config_from_ints(&cfg, config, SL_CFG_COUNT, rope_base, forget_bias);
    sl_model *m;
    SL_TRY(model_alloc(&m, &cfg));
    if (cfg.kind == SL_MODEL_TRANSFORMER) {
        transformer_init(m);
    } else {
        int st = sl_recnet_init(m->params, cfg.kind - SL_MODEL_RNN, cfg.vocab, cfg.d_model, cfg.hidden, cfg.seed,
                                cfg.forget_bias);
        if (st != SL_OK) {
            m->magic = 0;
            free(m);
            return st;
        }
    }
    *model = m;
    return SL_OK;
}

int sl_model_free(sl_model *model) {
    if (!model) return SL_OK;
    SL_TRY(model_ok(model));
    model->magic = 0;
    free(model); /* the struct is the first slice of the one allocation */
    return SL_OK;
}

int sl_model_info(int32_t *info, const sl_model *model) {
    SL_TRY(sl_check_ptr("info", info));
    SL_TRY(model_ok(model));
    info[0] = (int32_t)model->n_params, info[1] = model->n_tensors;
    info[2] = model->step > INT32_MAX ? INT32_MAX : (int32_t)model->step;
    return SL_OK;
}

int sl_model_steps(int64_t *steps, const sl_model *model) {
    SL_TRY(sl_check_ptr("steps", steps));
    SL_TRY(model_ok(model));
    *steps = model->step;
    return SL_OK;
}

int sl_model_get_config(int32_t *config, float *fconfig, const sl_model *model) {
    SL_TRY(sl_check_ptr("config", config));
    SL_TRY(sl_check_ptr("fconfig", fconfig));
    SL_TRY(model_ok(model));
    config_to_ints(config, &model->cfg);
    fconfig[SL_CFGF_ROPE_BASE] = model->cfg.rope_base;
    fconfig[SL_CFGF_FORGET_BIAS] = model->cfg.forget_bias;
    return SL_OK;
}

int sl_model_tensor(char *name, int32_t *info, const sl_model *model, int index) {
    SL_TRY(sl_check_ptr("name", name));
    SL_TRY(sl_check_ptr("info", info));
    SL_TRY(model_ok(model));
    if (index < 0 || index >= model->n_tensors)
        return sl_fail(SL_ERR_VALUE, "index %d is outside [0, %d), the model's tensors", index, model->n_tensors);
    const sl_tensor *t = &model->tensors[index];
    memcpy(name, t->name, sizeof t->name);
    info[0] = t->ndim, info[1] = t->shape[0], info[2] = t->shape[1];
    info[3] = (int32_t)t->offset, info[4] = (int32_t)t->size;
    return SL_OK;
}

int sl_model_get_params(float *params, const sl_model *model) {
    SL_TRY(sl_check_ptr("params", params));
    SL_TRY(model_ok(model));
    memcpy(params, model->params, (size_t)model->n_params * sizeof(float));
    return SL_OK;
}

int sl_model_set_params(sl_model *model, const float *params) {
    SL_TRY(model_ok(model));
    SL_TRY(sl_check_ptr("params", params));
    char why[96];
    if (find_nonfinite(why, sizeof why, model, params, "params") >= 0)
        return sl_fail(SL_ERR_VALUE, "%s: parameters must be finite (nothing was set)", why);
    memcpy(model->params, params, (size_t)model->n_params * sizeof(float));
    return SL_OK;
}

/* ---- batches -------------------------------------------------------------------------------- */
static int check_batch(const sl_model *m, const int32_t *tokens, const int32_t *targets, const uint8_t *mask,
                       const int32_t *positions, int batch, int T, int need_targets) {
    SL_TRY(sl_check_ptr("tokens", tokens));
    if (need_targets) SL_TRY(sl_check_ptr("targets", targets));
    SL_TRY(sl_check_size("batch", batch, SL_MAX_ELEMS));
    SL_TRY(sl_check_size("T", T, SL_MAX_SEQ));
    SL_TRY(sl_check_elems("tokens (batch×T)", (long long)batch * T));
    SL_TRY(sl_check_elems("logits (batch×T×vocab)", (long long)batch * T * m->cfg.vocab));
    const int learned = m->cfg.kind == SL_MODEL_TRANSFORMER && m->cfg.posenc == SL_MODEL_POSENC_LEARNED;
    if (positions && m->cfg.kind != SL_MODEL_TRANSFORMER)
        return sl_fail(SL_ERR_ARG,
                       "positions are the ids a Transformer's positional encoding reads; a %s model has none "
                       "(its order is its recurrence)",
                       kind_name(m->cfg.kind));
    if (learned && !positions && T > m->cfg.max_len)
        return sl_fail(SL_ERR_SIZE,
                       "T = %d is longer than max_len = %d: the learned positional table has no entry past position %d",
                       T, m->cfg.max_len, m->cfg.max_len - 1);
    const int V = m->cfg.vocab;
    long long counted = 0;
    for (int b = 0; b < batch; b++)
        for (int t = 0; t < T; t++) {
            size_t i = (size_t)b * T + t;
            counted += !mask || mask[i];
            if (tokens[i] < 0 || tokens[i] >= V)
                return sl_fail(SL_ERR_VALUE, "tokens[row %d, position %d] = %d is outside the vocabulary [0, %d)", b, t,
                               (int)tokens[i], V);
            if (mask && mask[i] > 1)
                return sl_fail(SL_ERR_VALUE, "mask[row %d, position %d] = %d must be 0 or 1", b, t, (int)mask[i]);
            if (need_targets && (!mask || mask[i]) && (targets[i] < 0 || targets[i] >= V))
                return sl_fail(SL_ERR_VALUE, "targets[row %d, position %d] = %d is outside the vocabulary [0, %d)", b,
                               t, (int)targets[i], V);
            if (positions && learned && (positions[i] < 0 || positions[i] >= m->cfg.max_len))
                return sl_fail(SL_ERR_VALUE,
                               "positions[row %d, position %d] = %d is outside [0, max_len = %d): the learned "
                               "positional table has no row for it",
                               b, t, (int)positions[i], m->cfg.max_len);
            if (positions && (positions[i] < 0 || positions[i] >= SL_MAX_SEQ))
                return sl_fail(SL_ERR_VALUE, "positions[row %d, position %d] = %d is outside [0, %d)", b, t,
                               (int)positions[i], SL_MAX_SEQ);
        }
    /* the loss is a mean over the counted positions: over none it would be 0/0, not a perfect 0 */
    if (need_targets && counted == 0)
        return sl_fail(
            SL_ERR_VALUE,
            "mask counts no position of the batch (every entry is 0): a mean over no positions is undefined");
    return SL_OK;
}

/* Dispatch by kind: loss (and grads when asked) of one checked batch. */
static int run_model(float *loss, int *counted, float *grads, float *logits, float *att, const sl_model *m,
                     const int32_t *tokens, const int32_t *targets, const uint8_t *mask, const int32_t *positions,
                     int batch, int T) {
    const sl_model_config *c = &m->cfg;
    if (c->kind == SL_MODEL_TRANSFORMER)
        return sl_transformer_loss_grad(loss, counted, grads, logits, att, m, tokens, targets, mask, positions, batch,
                                        T);
    return sl_recnet_loss_grad(loss, counted, grads, logits, NULL, NULL, m->params, c->kind - SL_MODEL_RNN, c->vocab,
                               c->d_model, c->hidden, tokens, targets, mask, batch, T);
}

int sl_model_loss_grad(float *loss, float *grads, sl_model *model, const int32_t *tokens, const int32_t *targets,
                       const uint8_t *mask, const int32_t *positions, int batch, int T) {
    SL_TRY(sl_check_ptr("loss", loss));
    SL_TRY(model_usable(model));
    SL_TRY(check_batch(model, tokens, targets, mask, positions, batch, T, 1));
    int counted;
    SL_TRY(run_model(loss, &counted, model->grads, NULL, NULL, model, tokens, targets, mask, positions, batch, T));
    if (grads) memcpy(grads, model->grads, (size_t)model->n_params * sizeof(float));
    return SL_OK;
}

int sl_model_grad_through_time(float *dh_norm, float *loss, sl_model *model, const int32_t *tokens,
                               const int32_t *targets, const uint8_t *mask, int batch, int T) {
    SL_TRY(sl_check_ptr("dh_norm", dh_norm));
    SL_TRY(sl_check_ptr("loss", loss));
    SL_TRY(model_usable(model));
    const sl_model_config *c = &model->cfg;
    if (c->kind == SL_MODEL_TRANSFORMER)
        return sl_fail(SL_ERR_ARG, "the gradient norm through time is defined for recurrent models (rnn, lstm, gru), "
                                   "this one is a Transformer");
    SL_TRY(check_batch(model, tokens, targets, mask, NULL, batch, T, 1));
    int counted;
    /* grads NULL: the backward pass runs through time for dh_norm only, the parameter gradients are skipped */
    return sl_recnet_loss_grad(loss, &counted, NULL, NULL, NULL, dh_norm, model->params, c->kind - SL_MODEL_RNN,
                               c->vocab, c->d_model, c->hidden, tokens, targets, mask, batch, T);
}

/* ---- AdamW ------------------------------------------------------------------------------------ */
/* The scalars of one update, fixed before any element is touched. */
typedef struct adamw_scalars {
    float scale, decay, b1, b2, omb1, omb2, step_size, bc2_sqrt, eps;
} adamw_scalars;

/* One element of torch.optim.AdamW (single-tensor path) on copies: p, m, v in, their new values
 * out. The check pass and the commit pass both call this, so they compute the same bits. */
static inline void adamw_element(const adamw_scalars *a, int decays, float g, float *p, float *m, float *v) {
    float gi = a->scale == 1.0f ? g : g * a->scale;
    float pi = *p, mi = *m, vi = *v;
    if (decays) pi *= a->decay;
    mi = mi * a->b1 + gi * a->omb1;
    vi = vi * a->b2 + gi * gi * a->omb2;
    float denom = sqrtf(vi) / a->bc2_sqrt + a->eps;
    pi += -a->step_size * (mi / denom);
    *p = pi, *m = mi, *v = vi;
}

int sl_model_step(float *result, sl_model *model, const int32_t *tokens, const int32_t *targets, const uint8_t *mask,
                  const int32_t *positions, int batch, int T, float lr, float beta1, float beta2, float eps,
                  float weight_decay, float clip) {
    SL_TRY(sl_check_ptr("result", result));
    SL_TRY(model_usable(model));
    SL_TRY(sl_check_finite("lr", lr, 0));
    SL_TRY(sl_check_finite("beta1", beta1, 0));
    SL_TRY(sl_check_finite("beta2", beta2, 0));
    SL_TRY(sl_check_finite("eps", eps, 1));
    SL_TRY(sl_check_finite("weight_decay", weight_decay, 0));
    SL_TRY(sl_check_finite("clip", clip, 0));
    if (lr < 0) return sl_fail(SL_ERR_ARG, "lr must be at least 0, got %g", lr);
    if (!(beta1 >= 0 && beta1 < 1)) return sl_fail(SL_ERR_ARG, "beta1 must be in [0, 1), got %g", beta1);
    if (!(beta2 >= 0 && beta2 < 1)) return sl_fail(SL_ERR_ARG, "beta2 must be in [0, 1), got %g", beta2);
    if (weight_decay < 0) return sl_fail(SL_ERR_ARG, "weight_decay must be at least 0, got %g", weight_decay);
    if (clip < 0) return sl_fail(SL_ERR_ARG, "clip must be at least 0 (0 = no clipping), got %g", clip);
    if (model->step >= SL_MODEL_MAX_STEPS)
        return sl_fail(SL_ERR_LIMIT, "the model has taken %lld steps, the most it counts (2^53): no update made",
                       model->step);
    SL_TRY(check_batch(model, tokens, targets, mask, positions, batch, T, 1));
    float loss;
    int counted;
    SL_TRY(run_model(&loss, &counted, model->grads, NULL, NULL, model, tokens, targets, mask, positions, batch, T));

    const long long P = model->n_params;
    float *g = model->grads;
    double sq = 0;
    for (long long i = 0; i < P; i++) sq += (double)g[i] * g[i];
    const double norm = sqrt(sq);
    if (!isfinite(loss) || !isfinite(norm))
        return sl_fail(SL_ERR_VALUE, "the loss (%g) or gradient norm (%g) is not finite: no update made (lower lr?)",
                       loss, norm);
    adamw_scalars a;
    /* torch.nn.utils.clip_grad_norm_: g·min(1, clip/(‖g‖ + 1e-6)) */
    a.scale = 1.0f;
    if (clip > 0) {
        float coef = (float)(clip / (norm + 1e-6));
        if (coef < 1.0f) a.scale = coef;
    }
    const long long step = model->step + 1;
    /* torch.optim.AdamW (single-tensor path): scalars in double as Python computes them */
    const double bc1 = 1.0 - pow(beta1, (double)step), bc2 = 1.0 - pow(beta2, (double)step);
    a.step_size = (float)(lr / bc1), a.bc2_sqrt = (float)sqrt(bc2), a.decay = (float)(1.0 - (double)lr * weight_decay);
    a.b1 = beta1, a.b2 = beta2, a.omb1 = 1.0f - beta1, a.omb2 = 1.0f - beta2, a.eps = eps;
    /* First the whole update on copies: one parameter or moment that would leave the finite floats
     * (a decay factor 1 − lr·weight_decay past float32's range, a step size lr/(1 − beta1^t) that
     * overflows, a squared gradient past 3.4e38) refuses the step before anything changes. */
    for (int ti = 0; ti < model->n_tensors; ti++) {
        const sl_tensor *t = &model->tensors[ti];
        const int decays = t->ndim == 2; /* embeddings and weight matrices, not biases or LayerNorm */
        for (long long i = t->offset; i < t->offset + t->size; i++) {
            float p = model->params[i], m = model->m[i], v = model->v[i];
            adamw_element(&a, decays, g[i], &p, &m, &v);
            if (isfinite(p) && isfinite(m) && isfinite(v)) continue;
            const char *array = !isfinite(p) ? "params" : !isfinite(m) ? "m" : "v";
            const float bad = !isfinite(p) ? p : !isfinite(m) ? m : v;
            char where[64];
            name_float(where, sizeof where, model, array, i);
            return sl_fail(SL_ERR_VALUE,
                           "the update would make %s %s (decay factor 1 - lr*weight_decay = %g, step size "
                           "lr/(1 - beta1^t) = %g): no update made (lower lr or weight_decay?)",
                           where, nonfinite_name(bad), (double)a.decay, (double)a.step_size);
        }
    }
    float *params = model->params, *mm = model->m, *vv = model->v;
    for (int ti = 0; ti < model->n_tensors; ti++) {
        const sl_tensor *t = &model->tensors[ti];
        const int decays = t->ndim == 2;
        for (long long i = t->offset; i < t->offset + t->size; i++)
            adamw_element(&a, decays, g[i], &params[i], &mm[i], &vv[i]);
    }
    model->step = step;
    result[0] = loss, result[1] = (float)norm;
    return SL_OK;
}

/* ---- forward and evaluation ----------------------------------------------------------------- */
int sl_model_forward(float *logits, float *attention, const sl_model *model, const int32_t *tokens,
                     const int32_t *positions, int batch, int T) {
    SL_TRY(sl_check_ptr("logits", logits));
    SL_TRY(model_usable(model));
    SL_TRY(check_batch(model, tokens, NULL, NULL, positions, batch, T, 0));
    if (attention && model->cfg.kind != SL_MODEL_TRANSFORMER)
        return sl_fail(SL_ERR_ARG, "attention must be NULL for a %s model: recurrent nets have no attention weights",
                       kind_name(model->cfg.kind));
    if (attention)
        SL_TRY(sl_check_elems("attention (layers×batch×heads×T×T)",
                              (long long)model->cfg.layers * batch * model->cfg.heads * T * T));
    float loss;
    int counted;
    if (model->cfg.kind == SL_MODEL_TRANSFORMER)
        return sl_transformer_loss_grad(&loss, &counted, NULL, logits, attention, model, tokens, tokens, NULL,
                                        positions, batch, T);
    /* no position counts: the targets are never read */
    const sl_model_config *c = &model->cfg;
    uint8_t *none = calloc((size_t)batch * T, 1);
    if (!none) return sl_fail(SL_ERR_NOMEM, "could not allocate the mask for %d×%d positions", batch, T);
    int st = sl_recnet_loss_grad(&loss, &counted, NULL, logits, NULL, NULL, model->params, c->kind - SL_MODEL_RNN,
                                 c->vocab, c->d_model, c->hidden, tokens, tokens, none, batch, T);
    free(none);
    return st;
}

int sl_model_evaluate(float *result, const sl_model *model, const int32_t *tokens, const int32_t *targets,
                      const uint8_t *mask, const int32_t *positions, int batch, int T) {
    SL_TRY(sl_check_ptr("result", result));
    SL_TRY(model_usable(model));
    SL_TRY(check_batch(model, tokens, targets, mask, positions, batch, T, 1));
    const int V = model->cfg.vocab;
    float *logits = sl_alloc_floats((long long)batch * T * V, "the logits of the evaluation");
    if (!logits) return SL_ERR_NOMEM;
    float loss;
    int counted;
    int st = run_model(&loss, &counted, NULL, logits, NULL, model, tokens, targets, mask, positions, batch, T);
    if (st != SL_OK) {
        free(logits);
        return st;
    }
    long long right = 0, total = 0, rows = 0, rows_right = 0;
    for (int b = 0; b < batch; b++) {
        int n = 0, ok = 0;
        for (int t = 0; t < T; t++) {
            size_t i = (size_t)b * T + t;
            if (mask && !mask[i]) continue;
            const float *row = logits + i * V;
            for (int j = 0; j < V; j++)
                if (isnan(row[j])) { /* no argmax: NaN compares false, so id 0 would pass for one */
                    free(logits);
                    return sl_fail(SL_ERR_VALUE,
                                   "the logits at row %d, position %d include NaN (logits[%d] of that position): "
                                   "there is no argmax to score",
                                   b, t, j);
                }
            int best = 0; /* the first maximum, as torch.argmax */
            for (int j = 1; j < V; j++)
                if (row[j] > row[best]) best = j;
            n++, ok += best == targets[i];
        }
        right += ok, total += n;
        if (n) rows++, rows_right += ok == n;
    }
    free(logits);
    result[0] = loss;
    result[1] = total ? (float)((double)right / total) : 0.0f;
    result[2] = rows ? (float)((double)rows_right / rows) : 0.0f;
    return SL_OK;
}

/* ---- save / load -------------------------------------------------------------------------------- */
#define SAVE_VERSION 2u
/* magic, version, config count, config ints, config floats, parameter count (u64), steps (u64) */
#define SAVE_HEADER (4 + 4 + 4 + 4 * SL_CFG_COUNT + 4 * SL_CFGF_COUNT + 8 + 8)
/* version 1: 12 config ints (no embedding) and rope_base alone */
#define V1_CFG_COUNT 12
#define V1_HEADER    (4 + 4 + 4 + 4 * V1_CFG_COUNT + 4 + 8 + 8)

uint32_t sl_crc32(const uint8_t *p, size_t n) {
    static uint32_t table[256];
    static int ready = 0;
    if (!ready) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        ready = 1;
    }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static void put_u32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}
static uint32_t get_u32(const uint8_t *p) {
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static void put_u64(uint8_t *p, uint64_t v) { put_u32(p, (uint32_t)v), put_u32(p + 4, (uint32_t)(v >> 32)); }
static uint64_t get_u64(const uint8_t *p) { return get_u32(p) | (uint64_t)get_u32(p + 4) << 32; }
static void put_f32s(uint8_t *p, const float *x, long long n) {
    for (long long i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &x[i], 4);
        put_u32(p + 4 * i, u);
    }
}
static void get_f32s(float *x, const uint8_t *p, long long n) {
    for (long long i = 0; i < n; i++) {
        uint32_t u = get_u32(p + 4 * i);
        memcpy(&x[i], &u, 4);
    }
}

static long long save_bytes(long long header, long long n_params) { return header + 12 * n_params + 4; }

int sl_model_save_size(int32_t *bytes, const sl_model *model) {
    SL_TRY(sl_check_ptr("bytes", bytes));
    SL_TRY(model_ok(model));
    *bytes = (int32_t)save_bytes(SAVE_HEADER, model->n_params); /* n_params <= 2^24: fits */
    return SL_OK;
}

int sl_model_save(uint8_t *out, int32_t bytes, const sl_model *model) {
    SL_TRY(sl_check_ptr("out", out));
    SL_TRY(model_ok(model));
    const long long need = save_bytes(SAVE_HEADER, model->n_params);
    if (bytes != need)
        return sl_fail(SL_ERR_SIZE, "out must be exactly %lld bytes (sl_model_save_size), got %d", need, (int)bytes);
    memcpy(out, "SQLB", 4);
    put_u32(out + 4, SAVE_VERSION);
    put_u32(out + 8, SL_CFG_COUNT);
    int32_t cfg[SL_CFG_COUNT];
    config_to_ints(cfg, &model->cfg);
    for (int i = 0; i < SL_CFG_COUNT; i++) put_u32(out + 12 + 4 * i, (uint32_t)cfg[i]);
    uint8_t *p = out + 12 + 4 * SL_CFG_COUNT;
    const float fcfg[SL_CFGF_COUNT] = {model->cfg.rope_base, model->cfg.forget_bias};
    put_f32s(p, fcfg, SL_CFGF_COUNT);
    p += 4 * SL_CFGF_COUNT;
    put_u64(p, (uint64_t)model->n_params);
    put_u64(p + 8, (uint64_t)model->step);
    p = out + SAVE_HEADER;
    const long long P = model->n_params;
    put_f32s(p, model->params, P);
    put_f32s(p + 4 * P, model->m, P);
    put_f32s(p + 8 * P, model->v, P);
    put_u32(out + need - 4, sl_crc32(out, (size_t)(need - 4)));
    return SL_OK;
}

/* The numbers of a loaded file: params, m and v finite, v ≥ 0 (a mean of squares). A file that
 * breaks this, checksum valid or not, would load and then score NaN as numbers or spoil the next
 * step (a negative v gives sqrt(v) = NaN). */
static int check_loaded_floats(const sl_model *m) {
    static const char *const arrays[3] = {"params", "m", "v"};
    static const char *const what[3] = {"a parameter", "an AdamW first moment", "an AdamW second moment"};
    const float *x[3] = {m->params, m->m, m->v};
    char why[96];
    for (int k = 0; k < 3; k++)
        if (find_nonfinite(why, sizeof why, m, x[k], arrays[k]) >= 0)
            return sl_fail(SL_ERR_VALUE, "model file holds %s that is not finite: %s (nothing was loaded)", what[k],
                           why);
    for (long long i = 0; i < m->n_params; i++)
        if (m->v[i] < 0) {
            name_float(why, sizeof why, m, "v", i);
            return sl_fail(SL_ERR_VALUE,
                           "model file holds a negative AdamW second moment (a mean of squares): %s is %g (nothing "
                           "was loaded)",
                           why, (double)m->v[i]);
        }
    return SL_OK;
}

int sl_model_load(sl_model **model, const uint8_t *data, int32_t n) {
    SL_TRY(sl_check_ptr("model", model));
    *model = NULL;
    SL_TRY(sl_check_ptr("data", data));
    if (n < 12)
        return sl_fail(SL_ERR_VALUE, "not a seqlab model: %d bytes is shorter than the 12-byte start of the header",
                       (int)n);
    if (memcmp(data, "SQLB", 4) != 0)
        return sl_fail(SL_ERR_VALUE,
                       "not a seqlab model: the file does not start with the magic \"SQLB\" "
                       "(first bytes %02x %02x %02x %02x)",
                       data[0], data[1], data[2], data[3]);
    uint32_t version = get_u32(data + 4);
    if (version != 1 && version != SAVE_VERSION)
        return sl_fail(SL_ERR_VALUE, "model file version %u is not supported (this core reads versions 1 and %u)",
                       version, SAVE_VERSION);
    const int n_cfg = version == 1 ? V1_CFG_COUNT : SL_CFG_COUNT, n_fcfg = version == 1 ? 1 : SL_CFGF_COUNT;
    const int header = version == 1 ? V1_HEADER : SAVE_HEADER;
    if (get_u32(data + 8) != (uint32_t)n_cfg)
        return sl_fail(SL_ERR_VALUE, "model file header has %u config fields where version %u has %d",
                       get_u32(data + 8), version, n_cfg);
    if (n < header)
        return sl_fail(SL_ERR_VALUE, "model file is truncated: %d bytes, shorter than its %d-byte header", (int)n,
                       header);
    const uint8_t *p = data + 12 + 4 * n_cfg;
    uint64_t P = get_u64(p + 4 * n_fcfg), step = get_u64(p + 4 * n_fcfg + 8);
    if (P < 1 || P > (uint64_t)SL_MAX_ELEMS)
        return sl_fail(SL_ERR_VALUE, "model file header gives %llu parameters, outside [1, %ld]", (unsigned long long)P,
                       (long)SL_MAX_ELEMS);
    const long long need = save_bytes(header, (long long)P);
    if (n != need)
        return sl_fail(SL_ERR_VALUE, "model file is %s: %d bytes where its header implies %lld",
                       n < need ? "truncated" : "too long", (int)n, need);
    uint32_t stored = get_u32(data + need - 4), actual = sl_crc32(data, (size_t)(need - 4));
    if (stored != actual)
        return sl_fail(SL_ERR_VALUE, "model file is corrupted: checksum %08x does not match the stored %08x", actual,
                       stored);
    if (step > (uint64_t)SL_MODEL_MAX_STEPS)
        return sl_fail(SL_ERR_VALUE, "model file gives an impossible step count %llu (the most a model counts is 2^53)",
                       (unsigned long long)step);
    int32_t cfg_ints[SL_CFG_COUNT] = {0};
    for (int i = 0; i < n_cfg; i++) cfg_ints[i] = (int32_t)get_u32(data + 12 + 4 * i);
    float fcfg[SL_CFGF_COUNT] = {0}; /* version 1 had no forget bias: its LSTMs were made without one */
    get_f32s(fcfg, p, n_fcfg);
    sl_model_config cfg;
    config_from_ints(&cfg, cfg_ints, n_cfg, fcfg[SL_CFGF_ROPE_BASE], fcfg[SL_CFGF_FORGET_BIAS]);
    int st = sl_model_config_check(&cfg);
    if (st != SL_OK) {
        char why[400];
        snprintf(why, sizeof why, "%s", sl_error_message());
        return sl_fail(st, "model file has an invalid config: %s", why);
    }
    sl_model *m;
    SL_TRY(model_alloc(&m, &cfg));
    if ((uint64_t)m->n_params != P) {
        long long have = m->n_params;
        m->magic = 0;
        free(m);
        return sl_fail(SL_ERR_VALUE, "model file has %llu parameters where its config implies %lld",
                       (unsigned long long)P, have);
    }
    const uint8_t *q = data + header;
    get_f32s(m->params, q, (long long)P);
    get_f32s(m->m, q + 4 * P, (long long)P);
    get_f32s(m->v, q + 8 * P, (long long)P);
    st = check_loaded_floats(m);
    if (st != SL_OK) {
        m->magic = 0;
        free(m);
        return st;
    }
    m->step = (long long)step;
    *model = m;
    return SL_OK;
}
