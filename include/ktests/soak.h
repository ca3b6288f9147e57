/* test=soak: what the kernel hands the soak's driver (src/user/test_soak.c), through the user
 * image's shared pages. */
#ifndef KTESTS_SOAK_H
#define KTESTS_SOAK_H

#include <stdint.h>

#define SOAK_DEFAULT_SEED    1
#define SOAK_DEFAULT_SECONDS 2 /* what test=soak (and test=all) runs without seconds= */
#define SOAK_INJECT_MAX      16

struct ktest_soak_params {
    uint32_t seed;                /* seed=: the run's PRNG seed; the same seed gives the same run */
    uint32_t seconds;             /* seconds=: how long the load runs, in virtual seconds */
    char inject[SOAK_INJECT_MAX]; /* inject=: a defect planted on purpose ("" for none; cut) */
};

#endif
