/* sl_internal.h — helpers shared by the core's .c files; not part of the public API. */
#ifndef SL_INTERNAL_H
#define SL_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include "seqlab.h"

/* Records a formatted message for sl_error_message() and returns status. */
int sl_fail(int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Checks 1 <= value <= max, naming the argument in the error. */
int sl_check_size(const char *name, long long value, long long max);
/* Checks that a product of sizes (the element count of one array) is within SL_MAX_ELEMS.
 * Call after the factors themselves have been checked, so the product cannot overflow. */
int sl_check_elems(const char *name, long long count);
int sl_check_ptr(const char *name, const void *p);
/* Checks that an option scalar is finite (and, if positive_only, > 0). */
int sl_check_finite(const char *name, double value, int positive_only);

/* malloc of count floats (count already checked against SL_MAX_ELEMS); NULL on failure,
 * with SL_ERR_NOMEM recorded. */
float *sl_alloc_floats(long long count, const char *what);
/* malloc that refuses (NULL, nothing recorded) a block that could only fit by growing memory past
 * its ceiling: a failed growth would leave Emscripten's allocator unable to grow again (see
 * sl_heap_room). Every allocation of the core goes through it. */
void *sl_malloc_within_room(size_t bytes);
double *sl_alloc_doubles(long long count, const char *what);

#define SL_TRY(expr)                                                                                                   \
    do {                                                                                                               \
        int sl_status_ = (expr);                                                                                       \
        if (sl_status_ != SL_OK) return sl_status_;                                                                    \
    } while (0)

/* ---- kernels (kernels.c) ------------------------------------------------------------- */
/* c: n×m = a (n×k) · bᵀ, b: m×k. */
void sl_matmul_nt(float *c, const float *a, const float *b, int n, int m, int k);
/* c: n×m = a (n×k) · b (k×m). a and b may have row strides lda, ldb (>= k, >= m). */
void sl_matmul_nn(float *c, const float *a, int lda, const float *b, int ldb, int n, int k, int m);
/* y = W x (+ y when accumulate), W: rows×cols. Float sums (SIMD in WebAssembly); a row that
 * comes out NaN from finite inputs (overflowing products) is recomputed in double. */
void sl_matvec(float *y, const float *w, const float *x, int rows, int cols, int accumulate);
/* c: k×m += aᵀ · b, a: n×k, b: n×m (weight gradients of a batch of rows). */
void sl_matmul_tn_acc(float *c, const float *a, const float *b, int n, int k, int m);
/* Stable softmax of one row in place; -Inf masked, all masked -> zeros. */
void sl_softmax_row(float *row, int cols, float inv_temperature);

/* ---- positional helpers shared by attention.c (posenc.c) ---------------------------- */
/* Rotates a row-major n×d block in place (row stride ld), row p at position p. */
void sl_rope_rows_inplace(float *x, int n, int d, int ld, float base, int pairing);
#endif
