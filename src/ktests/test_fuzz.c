/* test=fuzz [seed=S] [calls=N]: the system-call fuzzer, run from user mode by the driver in
 * src/user/test_fuzz.c (random calls have to come from processes). Here: its parameters. */
#include "kernel/boot/setup.h"
#include "kernel/mm/vm.h"
#include "ktests/fuzz.h"
#include "ktests/ktest.h"

int user_test_fuzz(uint32_t report);
extern struct ktest_fuzz_params ktest_fuzz_params; /* in the user image's shared pages */

/* Before the driver starts: seed= and calls= from the command line, or the defaults. */
static void fuzz_prepare(void)
{
    struct ktest_fuzz_params *params = vm_image_ptr(&ktest_fuzz_params);
    params->seed = boot_config.has_seed ? boot_config.seed : FUZZ_DEFAULT_SEED;
    params->calls = boot_config.has_calls ? boot_config.calls : FUZZ_DEFAULT_CALLS;
}

static const struct ktest_suite ktest_fuzz KTEST_REGISTER(75) = {"fuzz",         0,           0, 0,
                                                                 user_test_fuzz, fuzz_prepare};
