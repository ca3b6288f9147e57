/* Test cases that run in user mode (a user-mode suite's driver, see ktests/ktest.h): the same
 * "ok   suite.case" / "FAIL suite.case" lines as the kernel's suites, printed with write(). */
#ifndef USER_UTEST_H
#define USER_UTEST_H

#include "ktests/ktest.h"
#include "user/pinwheel.h"

extern int utest_case_failed;

#define UT_ASSERT(cond)                                                                            \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            if (!utest_case_failed++)                                                              \
                uprintf("    failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);                    \
            return;                                                                                \
        }                                                                                          \
    } while (0)

#define UT_ASSERT_EQ(a, b)                                                                         \
    do {                                                                                           \
        long long a_ = (long long)(a), b_ = (long long)(b);                                        \
        if (a_ != b_) {                                                                            \
            if (!utest_case_failed++)                                                              \
                uprintf("    failed: %s == %s (%lld != %lld) (%s:%d)\n", #a, #b, a_, b_, __FILE__, \
                        __LINE__);                                                                 \
            return;                                                                                \
        }                                                                                          \
    } while (0)

struct utest_case {
    const char *name;
    void (*run)(void);
};

/* Runs the cases, printing a line for each, and adds the counts to *report. */
void utest_run(const char *suite, const struct utest_case *cases, int n,
               struct ktest_user_report *report);

#endif
