/* train_native.c — times training steps of the core natively; prints the median ms per step as JSON.
 *   train_native VOCAB T BATCH LAYERS DMODEL HEADS DFF POSENC WARMUP REPS
 * POSENC: 0 none, 1 learned, 2 sinusoidal, 3 rope, 4 alibi (sl_model_posenc). One step is what
 * model.step does from JS: forward, backward, clipping, AdamW (sl_model_step), on one fixed batch
 * of pseudo-random tokens, so the native and WebAssembly builds time the same arithmetic. */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "seqlab.h"
#include "timing.h"

int main(int argc, char **argv) {
    if (argc != 11) {
        fprintf(stderr, "usage: %s VOCAB T BATCH LAYERS DMODEL HEADS DFF POSENC WARMUP REPS\n", argv[0]);
        return 2;
    }
    int a[10];
    for (int i = 0; i < 10; i++) a[i] = atoi(argv[i + 1]);
    const int vocab = a[0], T = a[1], batch = a[2], warmup = a[8], reps = a[9];
    if (vocab < 1 || T < 1 || batch < 1 || reps < 1 || warmup < 0) return 2;
    int32_t cfg[SL_CFG_COUNT] = {0};
    cfg[SL_CFG_KIND] = SL_MODEL_TRANSFORMER, cfg[SL_CFG_VOCAB] = vocab, cfg[SL_CFG_MAX_LEN] = T;
    cfg[SL_CFG_LAYERS] = a[3], cfg[SL_CFG_D_MODEL] = a[4], cfg[SL_CFG_HEADS] = a[5], cfg[SL_CFG_D_FF] = a[6];
    cfg[SL_CFG_POSENC] = a[7], cfg[SL_CFG_TIED] = 1, cfg[SL_CFG_ACTIVATION] = SL_MODEL_GELU, cfg[SL_CFG_SEED] = 1;
    sl_model *model = NULL;
    if (sl_model_create(&model, cfg, NULL) != SL_OK) {
        fprintf(stderr, "sl_model_create: %s\n", sl_error_message());
        return 1;
    }
    int32_t *tokens = malloc(sizeof(int32_t) * batch * T), *targets = malloc(sizeof(int32_t) * batch * T);
    double *times = malloc(sizeof(double) * reps);
    if (!tokens || !targets || !times) return 1;
    unsigned seed = 1;
    for (int i = 0; i < batch * T; i++) {
        seed = seed * 1664525u + 1013904223u;
        tokens[i] = (int32_t)((seed >> 8) % (unsigned)vocab);
        seed = seed * 1664525u + 1013904223u;
        targets[i] = (int32_t)((seed >> 8) % (unsigned)vocab);
    }
    float result[2] = {0, 0};
    for (int r = -warmup; r < reps; r++) {
        double t0 = now_ms();
        if (sl_model_step(result, model, tokens, targets, NULL, NULL, batch, T, 1e-3f, 0.9f, 0.999f, 1e-8f, 0.1f,
                          1.0f) != SL_OK) {
            fprintf(stderr, "sl_model_step: %s\n", sl_error_message());
            return 1;
        }
        if (r >= 0) times[r] = now_ms() - t0;
    }
    qsort(times, reps, sizeof(double), cmp_double);
    printf("{\"median_ms\": %.6f, \"loss\": %.6f}\n", times[reps / 2], result[0]);
    sl_model_free(model);
    free(tokens), free(targets), free(times);
    return 0;
}
