/* test=soak [seconds=N] [seed=S] [inject=NAME]: 64 processes (sleepers, CPU hogs, spawners) for
 * N seconds of virtual time, run from user mode by the driver in src/user/test_soak.c. Here:
 * its parameters. */
#include "kernel/boot/setup.h"
#include "kernel/mm/vm.h"
#include "ktests/ktest.h"
#include "ktests/soak.h"
#include "lib/string.h"

int user_test_soak(uint32_t report);
extern struct ktest_soak_params ktest_soak_params; /* in the user image's shared pages */

/* Before the driver starts: seconds=, seed= and inject= from the command line, or the
 * defaults. */
static void soak_prepare(void)
{
    struct ktest_soak_params *params = vm_image_ptr(&ktest_soak_params);
    params->seed = boot_config.has_seed ? boot_config.seed : SOAK_DEFAULT_SEED;
    params->seconds = boot_config.has_seconds ? boot_config.seconds : SOAK_DEFAULT_SECONDS;
    /* Cut to fit: a longer name matches no defect, and the driver says so. */
    memcpy(params->inject, boot_config.inject, sizeof params->inject - 1);
    params->inject[sizeof params->inject - 1] = '\0';
}

static const struct ktest_suite ktest_soak KTEST_REGISTER(77) = {"soak",         0,           0, 0,
                                                                 user_test_soak, soak_prepare};
