/* native.c — times the core natively (-O3 -march=native); prints the median milliseconds as JSON.
 *   native attention N D REPS      sl_attention, one head, n = m = N, dk = dv = D
 *   native lstm NH REPS            sl_lstm_step with nx = nh = NH */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "seqlab.h"
#include "timing.h"

static void fill(float *p, long n, unsigned seed) {
    for (long i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        p[i] = ((float)(seed >> 8) / 16777216.0f - 0.5f) * 0.2f;
    }
}

static int bench_lstm(int nh, int reps, double *times) {
    const int nx = nh;
    float *w_ih = malloc(sizeof(float) * 4 * nh * nx), *w_hh = malloc(sizeof(float) * 4 * nh * nh),
          *b = malloc(sizeof(float) * 4 * nh);
    float *x = malloc(sizeof(float) * nx), *h = malloc(sizeof(float) * nh), *c = malloc(sizeof(float) * nh);
    float *h2 = malloc(sizeof(float) * nh), *c2 = malloc(sizeof(float) * nh), *g = malloc(sizeof(float) * 4 * nh);
    if (!w_ih || !w_hh || !b || !x || !h || !c || !h2 || !c2 || !g) return 1;
    fill(w_ih, 4L * nh * nx, 1), fill(w_hh, 4L * nh * nh, 2), fill(b, 4L * nh, 3), fill(x, nx, 4), fill(h, nh, 5),
        fill(c, nh, 6);
    sl_lstm_step(h2, c2, g, NULL, x, h, c, w_ih, w_hh, b, b, nx, nh);
    for (int r = 0; r < reps; r++) {
        double t0 = now_ms();
        for (int k = 0; k < 20; k++) /* 20 steps per sample: one step is microseconds */
            if (sl_lstm_step(h2, c2, g, NULL, x, h, c, w_ih, w_hh, b, b, nx, nh) != SL_OK) return 1;
        times[r] = (now_ms() - t0) / 20;
    }
    if (!(h2[0] == h2[0])) return 1; /* keep the result alive */
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 4 && !strcmp(argv[1], "lstm")) {
        int nh = atoi(argv[2]), reps = atoi(argv[3]);
        double *times = malloc(sizeof(double) * reps);
        if (!times || bench_lstm(nh, reps, times)) return 1;
        qsort(times, reps, sizeof(double), cmp_double);
        printf("{\"median_ms\": %.6f}\n", times[reps / 2]);
        return 0;
    }
    if (argc != 5 || strcmp(argv[1], "attention")) {
        fprintf(stderr, "usage: %s attention N D REPS | %s lstm NH REPS\n", argv[0], argv[0]);
        return 2;
    }
    int n = atoi(argv[2]), d = atoi(argv[3]), reps = atoi(argv[4]);
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
    qsort(times, reps, sizeof(double), cmp_double);
    printf("{\"median_ms\": %.6f, \"check\": %.6f}\n", times[reps / 2], o[0] + o[n * d - 1]);
    return 0;
}
