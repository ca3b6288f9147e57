/* The user-mode side of the test runner (include/user/utest.h). */
#include "user/utest.h"

int utest_case_failed USER_SHARED; /* a case may fail in a child process */

/* The running user-mode suite's counts: the kernel reads them when the driver exits. */
struct ktest_user_report ktest_user_report USER_SHARED;

void utest_run(const char *suite, const struct utest_case *cases, int n,
               struct ktest_user_report *report)
{
    for (int i = 0; i < n; i++) {
        utest_case_failed = 0;
        cases[i].run();
        uprintf("%s %s.%s\n", utest_case_failed ? "FAIL" : "ok  ", suite, cases[i].name);
        if (utest_case_failed)
            report->failed++;
        else
            report->passed++;
    }
}
