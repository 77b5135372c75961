/* common.c — error reporting and argument checks shared by every topic. */
#include <malloc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "sl_internal.h"

static char sl_message[512] = "";

const char *sl_error_message(void) { return sl_message; }

const char *sl_status_name(int status) {
    switch (status) {
    case SL_OK: return "SL_OK";
    case SL_ERR_NULL: return "SL_ERR_NULL";
    case SL_ERR_SIZE: return "SL_ERR_SIZE";
    case SL_ERR_LIMIT: return "SL_ERR_LIMIT";
    case SL_ERR_ARG: return "SL_ERR_ARG";
    case SL_ERR_NOMEM: return "SL_ERR_NOMEM";
    case SL_ERR_VALUE: return "SL_ERR_VALUE";
    default: return "SL_ERR_UNKNOWN";
    }
}

int sl_limits(double *out, int count) {
    SL_TRY(sl_check_ptr("out", out));
    if (count < SL_LIMIT_COUNT)
        return sl_fail(SL_ERR_SIZE, "count must be at least %d (the number of limits), got %d", SL_LIMIT_COUNT, count);
    out[0] = SL_MAX_SEQ;
    out[1] = SL_MAX_DIM;
    out[2] = SL_MAX_HEADS;
    out[3] = (double)SL_MAX_ELEMS;
    out[4] = SL_MAX_POSITION;
    return SL_OK;
}

int sl_fail(int status, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sl_message, sizeof sl_message, fmt, ap);
    va_end(ap);
    return status;
}

int sl_check_size(const char *name, long long value, long long max) {
    if (value < 1) return sl_fail(SL_ERR_SIZE, "%s must be at least 1, got %lld", name, value);
    if (value > max) return sl_fail(SL_ERR_LIMIT, "%s must be at most %lld, got %lld", name, max, value);
    return SL_OK;
}

int sl_check_elems(const char *name, long long count) {
    if (count > SL_MAX_ELEMS)
        return sl_fail(SL_ERR_LIMIT, "%s would hold %lld elements, more than the limit of %ld", name, count,
                       (long)SL_MAX_ELEMS);
    return SL_OK;
}

int sl_check_ptr(const char *name, const void *p) {
    if (p == NULL) return sl_fail(SL_ERR_NULL, "%s must not be NULL", name);
    return SL_OK;
}

int sl_check_finite(const char *name, double value, int positive_only) {
    if (!isfinite(value)) return sl_fail(SL_ERR_ARG, "%s must be a finite number, got %g", name, value);
    if (positive_only && !(value > 0)) return sl_fail(SL_ERR_ARG, "%s must be greater than 0, got %g", name, value);
    return SL_OK;
}

#ifdef SL_HEAP_LIMIT
void *sbrk(intptr_t increment); /* not declared by <unistd.h> under -std=c11 */
#endif

int sl_heap_room(double *bytes) {
    SL_TRY(sl_check_ptr("bytes", bytes));
#ifdef SL_HEAP_LIMIT
    /* The break can still move up to the ceiling, and the top chunk (keepcost) is free already;
     * 1 MiB is left for the allocator's own padding and rounding to its growth granularity. */
    const size_t brk = (size_t)sbrk(0), top = (size_t)mallinfo().keepcost, margin = (size_t)1 << 20;
    const size_t room = (brk < (size_t)SL_HEAP_LIMIT ? (size_t)SL_HEAP_LIMIT - brk : 0) + top;
    *bytes = room > margin ? (double)(room - margin) : 0;
#else
    *bytes = 9007199254740992.0;
#endif
    return SL_OK;
}

/* malloc, refused (NULL) without calling it when it could only succeed by growing the heap past
 * its ceiling: see sl_heap_room for why a failed growth must not happen. */
void *sl_malloc_within_room(size_t bytes) {
    double room;
    sl_heap_room(&room);
    return (double)bytes <= room ? malloc(bytes) : NULL;
}

float *sl_alloc_floats(long long count, const char *what) {
    float *p = count > 0 ? sl_malloc_within_room((size_t)count * sizeof(float)) : NULL;
    if (p == NULL) sl_fail(SL_ERR_NOMEM, "could not allocate %lld floats for %s", count, what);
    return p;
}

double *sl_alloc_doubles(long long count, const char *what) {
    double *p = count > 0 ? sl_malloc_within_room((size_t)count * sizeof(double)) : NULL;
    if (p == NULL) sl_fail(SL_ERR_NOMEM, "could not allocate %lld doubles for %s", count, what);
    return p;
}

size_t sl_heap_in_use(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    return mallinfo2().uordblks;
#else
    return (size_t)mallinfo().uordblks;
#endif
}
