/* test=memory: address spaces, protection, sbrk and page accounting, tested from user mode
 * by the driver in src/user/test_memory.c (faults have to happen in processes to be caught). */
#include "ktests/ktest.h"

int user_test_memory(uint32_t report);

static const struct ktest_suite ktest_memory KTEST_REGISTER(70) = {"memory",         0, 0, 0,
                                                                   user_test_memory, 0};
