/* test=undef, test=dabort, test=pabort, test=svc: deliberate kernel faults. Each ends the kernel
 * with its report and a panic, so they are not part of test=all; the runner checks the printed
 * report. */
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

extern const char ktest_kernel_svc[]; /* the svc instruction below */

static void kernel_svc(void)
{
    /* Only a process may make a system call: svc_entry saves a frame first, then finds the
     * kernel's mode in it, puts its registers back and reports as it would have at entry. */
    uintptr_t sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    kprintf("executing svc #0x42 in the kernel: svc at %08lx, sp %08lx, r0 = 0x5a5a0001\n",
            (unsigned long)(uintptr_t)ktest_kernel_svc, (unsigned long)sp);
    __asm__ volatile("movw r0, #0x0001\n\t"
                     "movt r0, #0x5a5a\n\t"
                     ".global ktest_kernel_svc\n"
                     "ktest_kernel_svc: svc #0x42" ::
                         : "r0", "memory");
    ktest_fail(__FILE__, __LINE__, "svc returned");
}

static const struct ktest_case undef_cases[] = {{"undefined_instruction", undefined_instruction}};
static const struct ktest_case dabort_cases[] = {{"unaligned_ldm", unaligned_load_multiple}};
static const struct ktest_case pabort_cases[] = {{"breakpoint", breakpoint}};
static const struct ktest_case svc_cases[] = {{"kernel_svc", kernel_svc}};
static const struct ktest_suite ktest_undef KTEST_REGISTER(80) = {"undef", undef_cases, 1, 1, 0, 0};
static const struct ktest_suite ktest_dabort KTEST_REGISTER(81) = {"dabort", dabort_cases, 1, 1, 0,
                                                                   0};
static const struct ktest_suite ktest_pabort KTEST_REGISTER(82) = {"pabort", pabort_cases, 1, 1, 0,
                                                                   0};
static const struct ktest_suite ktest_svc KTEST_REGISTER(83) = {"svc", svc_cases, 1, 1, 0, 0};
