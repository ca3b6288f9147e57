/* test=fuzz: what the kernel hands the system-call fuzzer's driver (src/user/test_fuzz.c),
 * through the user image's shared pages. */
#ifndef KTESTS_FUZZ_H
#define KTESTS_FUZZ_H

#include <stdint.h>

#define FUZZ_DEFAULT_SEED  1
#define FUZZ_DEFAULT_CALLS 2000 /* what test=fuzz (and test=all) runs without calls= */

struct ktest_fuzz_params {
    uint32_t seed;  /* seed=: the run's PRNG seed; the same seed gives the same run */
    uint32_t calls; /* calls=: random system calls to make, shared among the fuzzing processes */
};

#endif
