/* timing.h — the native benchmarks' clock and median, shared by native.c and train_native.c. */
#ifndef SEQLAB_BENCH_TIMING_H
#define SEQLAB_BENCH_TIMING_H
#include <stdlib.h>
#include <time.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#endif
