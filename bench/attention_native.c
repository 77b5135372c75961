/* attention_native.c — times sl_attention natively; prints the median milliseconds as JSON.
 *   attention_native N D REPS */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "seqlab.h"

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s N D REPS\n", argv[0]);
        return 2;
    }
    int n = atoi(argv[1]), d = atoi(argv[2]), reps = atoi(argv[3]);
    float *q = malloc(sizeof(float) * n * d), *k = malloc(sizeof(float) * n * d), *v = malloc(sizeof(float) * n * d);
    float *w = malloc(sizeof(float) * n * n), *s = malloc(sizeof(float) * n * n), *o = malloc(sizeof(float) * n * d);
    double *times = malloc(sizeof(double) * reps);
    if (!q || !k || !v || !w || !s || !o || !times) return 1;
    unsigned seed = 1;
    for (int i = 0; i < n * d; i++) {
        seed = seed * 1664525u + 1013904223u;
        q[i] = (float)(seed >> 8) / 16777216.0f - 0.5f;
        k[i] = q[i] * 0.5f + 0.1f;
        v[i] = -q[i];
    }
    sl_attention(NULL, NULL, s, w, o, q, k, v, n, n, d, d, 0.125f, 1, 0, NULL, NULL); /* warm-up */
    for (int r = 0; r < reps; r++) {
        double t0 = now_ms();
        if (sl_attention(NULL, NULL, s, w, o, q, k, v, n, n, d, d, 0.125f, 1, 0, NULL, NULL) != SL_OK) return 1;
        times[r] = now_ms() - t0;
    }
    qsort(times, reps, sizeof(double), cmp);
    printf("{\"median_ms\": %.6f, \"check\": %.6f}\n", times[reps / 2], o[0] + o[n * d - 1]);
    return 0;
}
