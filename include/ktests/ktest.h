/* In-kernel test suites (test=SUITE on the command line): one line per case, then
 * "N passed, N failed". The Python runner (scripts/run_tests.py) reads those lines. */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include <stdint.h>

#include "lib/linker_set.h"

struct ktest_case {
    const char *name;
    void (*run)(void);
};

struct ktest_suite {
    const char *name;
    const struct ktest_case *cases;
    unsigned ncases;
    int fatal; /* ends the kernel on purpose (a deliberate fault): not part of test=all */
    int (*user_driver)(uint32_t report); /* or: a suite that runs as a user process */
    void (*prepare)(void); /* user suites: called just before the driver starts (its parameters) */
};

/* What a user-mode suite's driver fills in (it lives in the user image); the driver prints its
 * own "ok  "/"FAIL" lines through write(). */
struct ktest_user_report {
    int passed;
    int failed;
};

/* Adds a suite to the link-time table that test= reads; ORDER (two digits) is its place in the
 * list and in test=all. */
#define KTEST_REGISTER(order) LINKER_SET_ENTRY(ktest_suites, order)

/* A kernel suite: its cases run in the kernel, one after the other. */
#define KTEST_SUITE(var, order, sname, ...)                                                        \
    LINKER_SET_ORDER_CHECK(order);                                                                 \
    static const struct ktest_case var##_cases[] = {__VA_ARGS__};                                  \
    static const struct ktest_suite var KTEST_REGISTER(order) = {                                  \
        sname, var##_cases, sizeof var##_cases / sizeof var##_cases[0], 0, 0, 0}

/* Records a failure of the running case (the first one is printed with its place). */
void ktest_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define KT_ASSERT(cond)                                                                            \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            ktest_fail(__FILE__, __LINE__, "%s", #cond);                                           \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define KT_ASSERT_EQ(a, b)                                                                         \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (a_ != b_) {                                                                            \
            ktest_fail(__FILE__, __LINE__, "%s == %s (%lld != %lld)", #a, #b, a_, b_);             \
            return;                                                                                \
        }                                                                                          \
    } while (0)

/* Runs the comma-separated suites in spec ("all": every non-fatal suite). Kernel suites run at
 * once; user-mode suites run as one process after the caller returns to the idle loop. Returns
 * KTEST_PENDING when such a process was started: when it exits the runner prints the summary
 * and powers off. Otherwise prints the summary and returns the number of failed cases (unknown
 * suite names count as failures). */
#define KTEST_PENDING (-1)
int ktest_run(const char *spec);

/* Waits with wfi until *flag is non-zero or timeout_us pass (the timer queue bounds the wait).
 * Returns 1 when the flag was set. IRQs must be enabled. */
int ktest_wait_flag(volatile int *flag, uint64_t timeout_us);

#endif
