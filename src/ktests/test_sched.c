/* test=sched: processes, preemption and sleep, tested from user mode by the driver in
 * src/user/test_sched.c (it has to be a process to spawn, sleep and wait). */
#include "ktests/ktest.h"

int user_test_sched(uint32_t report);

static const struct ktest_suite ktest_sched KTEST_REGISTER(60) = {"sched",         0, 0, 0,
                                                                  user_test_sched, 0};
