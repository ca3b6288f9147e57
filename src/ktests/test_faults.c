/* test=undef, test=dabort, test=pabort: deliberate kernel faults. Each ends the kernel with its
 * report and a panic, so they are not part of test=all; the runner checks the printed report. */
#include "ktests/ktest.h"
#include "lib/kprintf.h"

static void undefined_instruction(void)
{
    kprintf("executing udf #42 at a known place\n");
    __asm__ volatile("udf #42");
    ktest_fail(__FILE__, __LINE__, "udf returned");
}

static void unaligned_load_multiple(void)
{
    /* ldm from an address that is not word-aligned always takes an alignment fault. */
    kprintf("ldm from 0x00100002\n");
    __asm__ volatile("mov r0, #0x100000\n\t"
                     "orr r0, r0, #2\n\t"
                     "ldm r0, {r1, r2}" ::
                         : "r0", "r1", "r2", "memory");
    ktest_fail(__FILE__, __LINE__, "ldm returned");
}

static void breakpoint(void)
{
    /* bkpt is a debug event: a prefetch abort when no debugger is attached. */
    kprintf("executing bkpt #7\n");
    __asm__ volatile("bkpt #7");
    ktest_fail(__FILE__, __LINE__, "bkpt returned");
}

static const struct ktest_case undef_cases[] = {{"undefined_instruction", undefined_instruction}};
static const struct ktest_case dabort_cases[] = {{"unaligned_ldm", unaligned_load_multiple}};
static const struct ktest_case pabort_cases[] = {{"breakpoint", breakpoint}};
static const struct ktest_suite ktest_undef KTEST_REGISTER(80) = {"undef", undef_cases, 1, 1, 0, 0};
static const struct ktest_suite ktest_dabort KTEST_REGISTER(81) = {"dabort", dabort_cases, 1, 1, 0,
                                                                   0};
static const struct ktest_suite ktest_pabort KTEST_REGISTER(82) = {"pabort", pabort_cases, 1, 1, 0,
                                                                   0};
