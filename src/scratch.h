/* scratch.h — one allocation carved into typed slices whose offsets are computed, not counted.
 *
 *   sl_layout L = {0};
 *   size_t o_q = sl_layout_add(&L, (long long)n * dk, sizeof(float));
 *   size_t o_s = sl_layout_add(&L, (long long)n * m, sizeof(double));
 *   unsigned char *base = sl_layout_alloc(&L, "attention scratch");   // NULL: SL_ERR_NOMEM recorded
 *   float *q = SL_SLICE(float, base, o_q);  ...  free(base);
 *
 * Every slice starts on a 16-byte boundary (SIMD loads, doubles). The running total is checked
 * against SL_SCRATCH_MAX_BYTES and against size_t overflow as slices are added, so a layout that
 * would not fit is refused (SL_ERR_LIMIT) before anything is allocated. Not a public header. */
#ifndef SL_SCRATCH_H
#define SL_SCRATCH_H

#include <stdlib.h>

#include "sl_internal.h"

/* Largest single scratch block: well below the 1 GiB WebAssembly memory, so one call can never
 * take all of it. */
#define SL_SCRATCH_MAX_BYTES ((size_t)512 << 20)

typedef struct sl_layout {
    size_t bytes; /* total so far, including alignment padding */
    int overflow; /* set once a slice would pass SL_SCRATCH_MAX_BYTES                */
    int slices;
} sl_layout;

/* Appends a slice of count elements of elem bytes; returns its byte offset. */
static inline size_t sl_layout_add(sl_layout *l, long long count, size_t elem) {
    size_t off = (l->bytes + 15u) & ~(size_t)15u;
    l->slices++;
    if (count < 0 || (unsigned long long)count > SL_SCRATCH_MAX_BYTES / (elem ? elem : 1) ||
        off + (size_t)count * elem > SL_SCRATCH_MAX_BYTES) {
        l->overflow = 1;
        return 0;
    }
    l->bytes = off + (size_t)count * elem;
    return off;
}

/* The block for a finished layout, or NULL with SL_ERR_LIMIT / SL_ERR_NOMEM recorded. */
static inline unsigned char *sl_layout_alloc(const sl_layout *l, const char *what) {
    if (l->overflow) {
        sl_fail(SL_ERR_LIMIT, "%s would need more than %zu bytes of scratch memory", what, SL_SCRATCH_MAX_BYTES);
        return NULL;
    }
    double room;
    sl_heap_room(&room);
    if ((double)l->bytes > room) { /* see sl_heap_room: never let malloc fail to grow memory */
        sl_fail(SL_ERR_NOMEM, "%s needs %zu bytes, more than the %.0f bytes of memory left", what, l->bytes, room);
        return NULL;
    }
    unsigned char *p = malloc(l->bytes ? l->bytes : 16);
    if (!p) sl_fail(SL_ERR_NOMEM, "could not allocate %zu bytes for %s", l->bytes, what);
    return p;
}

/* The status to return when sl_layout_alloc gave NULL. */
static inline int sl_layout_status(const sl_layout *l) { return l->overflow ? SL_ERR_LIMIT : SL_ERR_NOMEM; }

#define SL_SLICE(type, base, offset) ((type *)(void *)((base) + (offset)))

#endif
