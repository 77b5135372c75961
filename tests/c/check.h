/* check.h — the native test harness: counters, tolerant comparison, one summary line. */
#ifndef SEQLAB_CHECK_H
#define SEQLAB_CHECK_H
#include <math.h>
#include <stdio.h>

extern int check_passed, check_failed;

#define CHECK(cond, ...)                                                                                               \
    do {                                                                                                               \
        if (cond) {                                                                                                    \
            check_passed++;                                                                                            \
        } else {                                                                                                       \
            check_failed++;                                                                                            \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                                       \
            fprintf(stderr, __VA_ARGS__);                                                                              \
            fputc('\n', stderr);                                                                                       \
        }                                                                                                              \
    } while (0)

/* |a - b| <= atol + rtol·|b| elementwise; reports the first mismatch. */
static inline void check_close_f(const char *what, const float *a, const float *b, long n, double atol, double rtol,
                                 const char *file, int line) {
    for (long i = 0; i < n; i++) {
        double x = a[i], y = b[i];
        if (isnan(x) && isnan(y)) continue;
        if (isinf(x) && x == y) continue;
        if (!(fabs(x - y) <= atol + rtol * fabs(y))) {
            check_failed++;
            fprintf(stderr, "FAIL %s:%d: %s[%ld] = %.9g, expected %.9g\n", file, line, what, i, x, y);
            return;
        }
    }
    check_passed++;
}
#define CHECK_CLOSE(what, a, b, n, atol, rtol) check_close_f(what, a, b, n, atol, rtol, __FILE__, __LINE__)

/* Each suite is a function registered in main.c. */
void test_attention(void);
void test_posenc(void);
void test_recurrent(void);
void test_train_recurrent(void);
void test_tasks(void);
void test_train(void);
#endif
