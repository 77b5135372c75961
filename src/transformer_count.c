/* transformer_count.c — exact parameter counts of a Transformer, part by part, and the FLOPs,
 * key/value cache and training memory that follow from them.
 *
 * Every sum and product goes through add()/mul(), which refuse a result past SL_MAX_COUNT
 * (2^53) before computing it: past 2^53 a double, and so a JS number, no longer holds every
 * integer, and a count that is off by one is worse than no count. Operands are at most
 * SL_MAX_COUNT_SIZE or earlier results, so the checks themselves cannot overflow int64. */
#include "sl_internal.h"

/* *out = a + b, or SL_ERR_LIMIT naming what. a, b >= 0. */
static int add(int64_t *out, int64_t a, int64_t b, const char *what) {
    if (a > SL_MAX_COUNT - b)
        return sl_fail(SL_ERR_LIMIT, "%s = %lld + %lld is past 2^53, where counts stop being exact", what, (long long)a,
                       (long long)b);
    *out = a + b;
    return SL_OK;
}

/* *out = a·b, or SL_ERR_LIMIT naming what. a, b >= 0. */
static int mul(int64_t *out, int64_t a, int64_t b, const char *what) {
    if (a != 0 && b > SL_MAX_COUNT / a)
        return sl_fail(SL_ERR_LIMIT, "%s = %lld·%lld is past 2^53, where counts stop being exact", what, (long long)a,
                       (long long)b);
    *out = a * b;
    return SL_OK;
}

static int check_bool(const char *name, int64_t v) {
    if (v != 0 && v != 1) return sl_fail(SL_ERR_ARG, "%s must be 0 or 1, got %lld", name, (long long)v);
    return SL_OK;
}

/* min <= v <= SL_MAX_COUNT_SIZE */
static int check_count_size(const char *name, int64_t v, int64_t min) {
    if (v < min) return sl_fail(SL_ERR_SIZE, "%s must be at least %lld, got %lld", name, (long long)min, (long long)v);
    if (v > SL_MAX_COUNT_SIZE) return sl_fail(SL_ERR_LIMIT, "%s must be at most 2^40, got %lld", name, (long long)v);
    return SL_OK;
}

static int check_config(const sl_transformer_config *c) {
    if (c->arch != SL_ARCH_ENCODER_DECODER && c->arch != SL_ARCH_ENCODER && c->arch != SL_ARCH_DECODER)
        return sl_fail(SL_ERR_ARG, "arch must be 0 (encoder-decoder), 1 (encoder) or 2 (decoder), got %lld",
                       (long long)c->arch);
    SL_TRY(check_count_size("vocab", c->vocab, 1));
    SL_TRY(check_count_size("dModel", c->d_model, 1));
    SL_TRY(check_count_size("heads", c->heads, 1));
    SL_TRY(check_count_size("dHead", c->d_head, 1));
    SL_TRY(check_count_size("dFF", c->d_ff, 1));
    SL_TRY(check_count_size("encoderBlocks", c->encoder_blocks, 0));
    SL_TRY(check_count_size("decoderBlocks", c->decoder_blocks, 0));
    SL_TRY(check_count_size("seqLen", c->seq_len, 1));
    SL_TRY(check_count_size("batch", c->batch, 1));
    SL_TRY(check_count_size("maxLen", c->max_len, 0));
    SL_TRY(check_count_size("typeVocab", c->type_vocab, 0));
    if (c->arch == SL_ARCH_ENCODER && c->decoder_blocks != 0)
        return sl_fail(SL_ERR_SIZE, "decoderBlocks must be 0 for an encoder-only model, got %lld",
                       (long long)c->decoder_blocks);
    if (c->arch == SL_ARCH_DECODER && c->encoder_blocks != 0)
        return sl_fail(SL_ERR_SIZE, "encoderBlocks must be 0 for a decoder-only model, got %lld",
                       (long long)c->encoder_blocks);
    /* a learned table has no row for a position past it: the model cannot read such a sequence */
    if (c->max_len > 0 && c->seq_len > c->max_len)
        return sl_fail(SL_ERR_SIZE,
                       "seqLen (%lld) must be at most maxLen (%lld), the rows of the learned position table",
                       (long long)c->seq_len, (long long)c->max_len);
    SL_TRY(check_bool("embeddingBias", c->embedding_bias));
    SL_TRY(check_bool("sharedEmbeddings", c->shared_embeddings));
    SL_TRY(check_bool("outputLayer", c->output_layer));
    SL_TRY(check_bool("tiedEmbeddings", c->tied_embeddings));
    SL_TRY(check_bool("outputBias", c->output_bias));
    SL_TRY(check_bool("embeddingNorm", c->embedding_norm));
    SL_TRY(check_bool("finalNorm", c->final_norm));
    SL_TRY(check_bool("pooler", c->pooler));
    SL_TRY(check_bool("qkvBias", c->qkv_bias));
    SL_TRY(check_bool("outBias", c->out_bias));
    SL_TRY(check_bool("ffnBias", c->ffn_bias));
    if (c->shared_embeddings && c->arch != SL_ARCH_ENCODER_DECODER)
        return sl_fail(SL_ERR_ARG,
                       "sharedEmbeddings needs an encoder-decoder model (the others have one embedding table)");
    return SL_OK;
}

/* Both structs are plain arrays of int64 to a caller that fills them (the JS API). */
_Static_assert(sizeof(sl_transformer_config) == 23 * sizeof(int64_t), "sl_transformer_config: 23 int64");
_Static_assert(sizeof(sl_transformer_counts) == 30 * sizeof(int64_t), "sl_transformer_counts: 30 int64");

/* out, config: one struct each. The sums follow the order a student writes them (seqlab.h). */
int sl_transformer_count(sl_transformer_counts *out, const sl_transformer_config *config) {
    SL_TRY(sl_check_ptr("out", out));
    SL_TRY(sl_check_ptr("config", config));
    SL_TRY(check_config(config));
    const sl_transformer_config c = *config;
    const int enc_dec = c.arch == SL_ARCH_ENCODER_DECODER;
    sl_transformer_counts r = {0};
    int64_t t = 0, u = 0; /* set by every path below; initialised for gcc's -Wmaybe-uninitialized */

    r.stacks = enc_dec ? 2 : 1;
    r.embedding_tables = enc_dec && !c.shared_embeddings ? 2 : 1;
    SL_TRY(mul(&t, c.vocab, c.d_model, "vocab·dModel"));
    SL_TRY(add(&r.embedding, t, c.embedding_bias ? c.d_model : 0, "embedding"));
    SL_TRY(mul(&r.positions, c.max_len, c.d_model, "maxLen·dModel"));
    SL_TRY(mul(&r.token_types, c.type_vocab, c.d_model, "typeVocab·dModel"));
    r.norm = 2 * c.d_model; /* d_model <= 2^40 */
    r.embedding_norm = c.embedding_norm ? r.norm : 0;
    r.final_norm = c.final_norm ? r.norm : 0;

    int64_t hd = 0, w_qkv = 0, w_o = 0, w_ffn = 0; /* weights (no biases) of one attention's Q/K/V, its W_O, one FFN */
    SL_TRY(mul(&hd, c.heads, c.d_head, "heads·dHead"));
    SL_TRY(mul(&t, c.d_model, c.d_head, "dModel·dHead"));
    SL_TRY(add(&t, t, c.qkv_bias ? c.d_head : 0, "Q, K or V of one head"));
    SL_TRY(mul(&r.qkv_per_head, 3, t, "Q, K, V of one head"));
    SL_TRY(mul(&w_o, hd, c.d_model, "heads·dHead·dModel"));
    SL_TRY(add(&r.wo, w_o, c.out_bias ? c.d_model : 0, "W_O"));
    SL_TRY(mul(&t, c.heads, r.qkv_per_head, "heads·(Q, K, V of one head)"));
    SL_TRY(add(&r.attention, t, r.wo, "multi-head attention"));
    SL_TRY(mul(&w_ffn, c.d_model, c.d_ff, "dModel·dFF"));
    SL_TRY(mul(&w_ffn, 2, w_ffn, "feed-forward weights"));
    SL_TRY(add(&r.ffn, w_ffn, c.ffn_bias ? c.d_ff + c.d_model : 0, "feed-forward"));
    SL_TRY(mul(&w_qkv, 3, w_o, "3·heads·dHead·dModel"));

    SL_TRY(add(&t, r.attention, r.ffn, "encoder block"));
    SL_TRY(add(&r.encoder_block, t, 2 * r.norm, "encoder block"));
    /* GPT-style decoder blocks have no cross-attention and no third norm: the encoder's layout */
    r.cross_attention = enc_dec ? r.attention : 0;
    r.decoder_norms = (enc_dec ? 3 : 2) * r.norm;
    SL_TRY(add(&t, r.attention, r.cross_attention, "self- and cross-attention"));
    SL_TRY(add(&t, t, r.ffn, "decoder block"));
    SL_TRY(add(&r.decoder_block, t, r.decoder_norms, "decoder block"));
    if (c.pooler) {
        SL_TRY(mul(&t, c.d_model, c.d_model, "dModel·dModel (pooler)"));
        SL_TRY(add(&r.pooler, t, c.d_model, "pooler"));
    }
    if (c.output_layer) {
        SL_TRY(mul(&t, c.d_model, c.vocab, "dModel·vocab"));
        SL_TRY(add(&r.output, c.tied_embeddings ? 0 : t, c.output_bias ? c.vocab : 0, "output layer"));
    }

    /* total = tables + per-stack parts + blocks + pooler + output */
    int64_t per_stack = 0;
    SL_TRY(add(&per_stack, r.positions, r.token_types, "positions + token types"));
    SL_TRY(add(&per_stack, per_stack, r.embedding_norm + r.final_norm, "positions + token types + norms"));
    SL_TRY(mul(&t, r.embedding_tables, r.embedding, "embeddings"));
    SL_TRY(mul(&u, r.stacks, per_stack, "positions, token types and norms"));
    SL_TRY(add(&r.total, t, u, "total"));
    SL_TRY(mul(&t, c.encoder_blocks, r.encoder_block, "encoderBlocks·(encoder block)"));
    SL_TRY(add(&r.total, r.total, t, "total"));
    SL_TRY(mul(&t, c.decoder_blocks, r.decoder_block, "decoderBlocks·(decoder block)"));
    SL_TRY(add(&r.total, r.total, t, "total"));
    SL_TRY(add(&r.total, r.total, r.pooler, "total"));
    SL_TRY(add(&r.total, r.total, r.output, "total"));

    /* FLOPs per token */
    int64_t w_attn = 0, w_enc = 0, w_dec = 0;
    SL_TRY(add(&w_attn, w_qkv, w_o, "attention weights"));
    SL_TRY(add(&w_enc, w_attn, w_ffn, "encoder block weights"));
    SL_TRY(add(&w_dec, enc_dec ? w_attn : 0, w_enc, "decoder block weights"));
    SL_TRY(mul(&t, c.encoder_blocks, w_enc, "encoder weights"));
    SL_TRY(mul(&u, c.decoder_blocks, w_dec, "decoder weights"));
    SL_TRY(add(&r.matmul_weights, t, u, "weights in matrix products"));
    if (c.output_layer) {
        SL_TRY(mul(&t, c.d_model, c.vocab, "dModel·vocab"));
        SL_TRY(add(&r.matmul_weights, r.matmul_weights, t, "weights in matrix products"));
    }
    SL_TRY(mul(&t, c.decoder_blocks, enc_dec ? 2 : 1, "decoder attention layers"));
    SL_TRY(add(&r.attention_layers, c.encoder_blocks, t, "attention layers"));
    SL_TRY(mul(&t, c.seq_len, hd, "seqLen·heads·dHead"));
    SL_TRY(mul(&t, 4, t, "4·seqLen·heads·dHead"));
    SL_TRY(mul(&t, r.attention_layers, t, "attention FLOPs per token"));
    SL_TRY(mul(&u, 2, r.matmul_weights, "2·(weights in matrix products)"));
    SL_TRY(add(&r.flops_forward, u, t, "forward FLOPs per token"));
    SL_TRY(mul(&r.flops_train, 3, r.flops_forward, "training FLOPs per token"));

    /* key/value cache and training memory, float32 (4 bytes) */
    int64_t kv_layer = 0;
    SL_TRY(mul(&kv_layer, 2 * 4, hd, "key/value bytes of one layer"));
    if (c.arch != SL_ARCH_ENCODER)
        SL_TRY(mul(&r.kv_bytes_per_token, c.decoder_blocks, kv_layer, "key/value cache per token"));
    if (enc_dec) r.kv_cross_bytes_per_token = r.kv_bytes_per_token;
    SL_TRY(mul(&t, r.kv_bytes_per_token, c.seq_len, "key/value cache of a sequence"));
    SL_TRY(mul(&r.kv_bytes_batch, t, c.batch, "key/value cache of a batch"));
    SL_TRY(mul(&r.train_memory_bytes, 16, r.total, "training memory"));

    /* the self-attention score tensor of one layer */
    SL_TRY(mul(&t, c.batch, c.heads, "batch·heads"));
    SL_TRY(mul(&t, t, c.seq_len, "batch·heads·seqLen"));
    SL_TRY(mul(&r.score_elements, t, c.seq_len, "batch·heads·seqLen²"));
    SL_TRY(mul(&r.score_bytes, 4, r.score_elements, "bytes of the score tensor"));
    SL_TRY(mul(&t, 4, r.score_elements, "4·batch·heads·seqLen²"));
    SL_TRY(mul(&r.score_flops, t, c.d_head, "4·batch·heads·seqLen²·dHead"));

    *out = r;
    return SL_OK;
}
