/* fuzz.h — turning libFuzzer's bytes into sizes, values and pointers for the core's entry points.
 * Sizes are usually small and valid, sometimes exactly at or past a limit, zero or negative;
 * values include NaN, ±Inf, denormals, ±0 and ±1e30. Buffers are allocated to exactly the size
 * the call's shapes imply (or one element when a size is invalid), so AddressSanitizer catches
 * any access past what the shapes allow. */
#ifndef SEQLAB_FUZZ_H
#define SEQLAB_FUZZ_H
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seqlab.h"

typedef struct {
    const uint8_t *p;
    size_t n;
} fuzz_in;

static inline uint8_t fz_u8(fuzz_in *f) {
    if (!f->n) return 0;
    f->n--;
    return *f->p++;
}

/* A size: mostly 1..small+2, sometimes a boundary case. FUZZ_BIG is valid for sequence
 * lengths (limit 8192) and past every other limit; two of them multiplied are past the element
 * limit, so a call whose buffers fz_count cannot size exactly is one that must fail. */
#define FUZZ_BIG 4097
static inline int fz_size(fuzz_in *f, int small, int limit) {
    uint8_t b = fz_u8(f);
    switch (b & 31) {
    case 0: return 0;
    case 1: return -1 - (b >> 5);
    case 2: return FUZZ_BIG;
    case 3: return limit + 1;
    case 4: return INT_MAX;
    case 5: return INT_MIN;
    default: return 1 + (b >> 5) % small + ((b & 31) % 3);
    }
}

static inline float fz_float(fuzz_in *f) {
    uint8_t b = fz_u8(f);
    switch (b & 15) {
    case 0: return NAN;
    case 1: return INFINITY;
    case 2: return -INFINITY;
    case 3: return 1e-40f; /* denormal */
    case 4: return 0.0f;
    case 5: return -0.0f;
    case 6: return 1e30f;
    case 7: return -1e30f;
    default: return (float)(int8_t)fz_u8(f) / 16.0f;
    }
}

/* A finite, ordinary value (for inputs whose invariants the target checks). */
static inline float fz_plain(fuzz_in *f) { return (float)(int8_t)fz_u8(f) / 16.0f; }

/* Elements a buffer needs: the product of the sizes when every factor is positive and the
 * product is at most 2^20; otherwise 1 (the call must then fail before touching it). */
static inline long fz_count(int cap, int k, const int *sizes) {
    (void)cap;
    long long c = 1;
    for (int i = 0; i < k; i++) {
        if (sizes[i] < 1 || sizes[i] > FUZZ_BIG) return 1;
        c *= sizes[i];
    }
    return c <= (1 << 20) ? (long)c : 1;
}

/* A float buffer of count elements filled from the input; NULL one time in 16 when nullable. */
static inline float *fz_floats(fuzz_in *f, long count, int nullable, int plain) {
    if (nullable && (fz_u8(f) & 15) == 0) return NULL;
    float *p = malloc(sizeof(float) * (size_t)count);
    if (!p) abort();
    for (long i = 0; i < count; i++) p[i] = plain ? fz_plain(f) : fz_float(f);
    return p;
}

/* Stops the run: a broken invariant is reported by libFuzzer like a crash. */
#define FUZZ_ASSERT(cond)                                                                                              \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "invariant broken at %s:%d: %s\n", __FILE__, __LINE__, #cond);                             \
            abort();                                                                                                   \
        }                                                                                                              \
    } while (0)

/* Every failing call must leave a message naming something. */
#define FUZZ_STATUS(st)                                                                                                \
    FUZZ_ASSERT((st) == SL_OK || (st) == SL_ERR_NULL || (st) == SL_ERR_SIZE || (st) == SL_ERR_LIMIT ||                 \
                (st) == SL_ERR_ARG || (st) == SL_ERR_NOMEM || (st) == SL_ERR_VALUE);                                   \
    FUZZ_ASSERT((st) == SL_OK || sl_error_message()[0] != '\0')
#endif
