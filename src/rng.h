/* rng.h — the core's one seeded generator (splitmix64): small, portable, and the same sequence
 * natively and in WebAssembly, so a seed gives the same table, model or batch everywhere.
 * Not a public header. */
#ifndef SL_RNG_H
#define SL_RNG_H

#include <math.h>
#include <stdint.h>

typedef struct sl_rng {
    uint64_t state;
} sl_rng;

static inline sl_rng sl_rng_seed(uint64_t seed) {
    sl_rng r = {seed};
    return r;
}

static inline uint64_t sl_rng_next(sl_rng *r) {
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* uniform in [0, 1), 53 bits */
static inline double sl_rng_uniform(sl_rng *r) { return (double)(sl_rng_next(r) >> 11) * 0x1.0p-53; }

/* uniform integer in [0, n), n >= 1 (multiply-shift; bias below 2^-32 for n < 2^31) */
static inline int sl_rng_below(sl_rng *r, int n) {
    return (int)(((sl_rng_next(r) >> 32) * (uint64_t)(uint32_t)n) >> 32);
}

/* Box–Muller on two uniforms, u1 in (0, 1]: writes two N(0, 1) draws */
static inline void sl_rng_normal2(sl_rng *r, double *a, double *b) {
    double u1 = ((sl_rng_next(r) >> 11) + 1) * 0x1.0p-53, u2 = (sl_rng_next(r) >> 11) * 0x1.0p-53;
    double rad = sqrt(-2 * log(u1));
    *a = rad * cos(6.283185307179586 * u2);
    *b = rad * sin(6.283185307179586 * u2);
}

#endif
