/* The in-kernel test runner: suite table, per-case report lines, the summary line. */
#include "ktests/ktest.h"

#include <stdarg.h>

#include "arch/arm/cpu.h"
#include "kernel/boot/mode.h"
#include "kernel/console/console.h"
#include "kernel/mm/vm.h"
#include "kernel/power/panic.h"
#include "kernel/power/power.h"
#include "kernel/proc/proc.h"
#include "kernel/time/timer.h"
#include "lib/kprintf.h"
#include "lib/string.h"

LINKER_SET_DECLARE(struct ktest_suite, ktest_suites);

/* User-mode suites waiting to run (in order), and the kernel suites' totals meanwhile. */
#define KTEST_USER_SUITES_MAX 8
static const struct ktest_suite *user_suites[KTEST_USER_SUITES_MAX];
static unsigned n_user_suites, next_user_suite;
static int total_passed, total_failed;
static int driver_pid;

static int case_failed;

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
    if (case_failed++)
        return;
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kprintf("    failed: %s (%s:%d)\n", msg, file, line);
}

static void start_next_user_suite(void);

static void run_suite(const struct ktest_suite *s, int *passed, int *failed)
{
    if (s->user_driver) {
        if (n_user_suites == KTEST_USER_SUITES_MAX) {
            kprintf("FAIL %s: more than %d user-mode suites in one run\n", s->name,
                    KTEST_USER_SUITES_MAX);
            (*failed)++;
            return;
        }
        user_suites[n_user_suites++] = s;
        return;
    }
    for (unsigned i = 0; i < s->ncases; i++) {
        case_failed = 0;
        s->cases[i].run();
        kprintf("%s %s.%s\n", case_failed ? "FAIL" : "ok  ", s->name, s->cases[i].name);
        if (case_failed)
            (*failed)++;
        else
            (*passed)++;
    }
}

static const struct ktest_suite *find_suite(const char *name, int len)
{
    LINKER_SET_FOREACH (struct ktest_suite, ktest_suites, s)
        if ((int)strlen(s->name) == len && !strncmp(s->name, name, len))
            return s;
    return 0;
}

int ktest_run(const char *spec)
{
    int passed = 0, failed = 0;
    if (!strcmp(spec, "all")) {
        LINKER_SET_FOREACH (struct ktest_suite, ktest_suites, s)
            if (!s->fatal)
                run_suite(s, &passed, &failed);
    } else {
        for (const char *p = spec; *p;) {
            const char *end = p;
            while (*end && *end != ',')
                end++;
            const struct ktest_suite *s = find_suite(p, (int)(end - p));
            if (s) {
                run_suite(s, &passed, &failed);
            } else {
                kprintf("FAIL suite '");
                console_write(p, (size_t)(end - p));
                kprintf("' does not exist; suites:");
                LINKER_SET_FOREACH (struct ktest_suite, ktest_suites, each)
                    kprintf(" %s", each->name);
                kprintf("\n");
                failed++;
            }
            p = *end ? end + 1 : end;
        }
    }
    total_passed = passed;
    total_failed = failed;
    if (n_user_suites) {
        start_next_user_suite();
        return KTEST_PENDING;
    }
    kprintf("%d passed, %d failed\n", passed, failed);
    return failed;
}

/* The report of the running user-mode suite: in the user image's shared pages, where its
 * driver writes it and the kernel reads it through vm_image_ptr(). */
extern struct ktest_user_report ktest_user_report;

static void user_suite_exited(const struct proc *p)
{
    if (p->pid != driver_pid)
        return;
    const struct ktest_user_report *report = vm_image_ptr(&ktest_user_report);
    total_passed += report->passed;
    total_failed += report->failed;
    if (p->exit_code != 0 && report->failed == 0) {
        kprintf("FAIL %s: its driver ended with %d\n", user_suites[next_user_suite - 1]->name,
                p->exit_code);
        total_failed++;
    }
    if (next_user_suite < n_user_suites) {
        start_next_user_suite();
        return;
    }
    proc_exit_hook = 0;
    kprintf("%d passed, %d failed\n", total_passed, total_failed);
    kernel_note_status(total_failed ? KERNEL_EXIT_TESTFAIL : KERNEL_EXIT_OK);
    kernel_exit();
}

/* Called with IRQs masked or before they are enabled (boot, or proc_exit). */
static void start_next_user_suite(void)
{
    const struct ktest_suite *s = user_suites[next_user_suite++];
    *(struct ktest_user_report *)vm_image_ptr(&ktest_user_report) =
        (struct ktest_user_report){0, 0};
    if (s->prepare)
        s->prepare();
    proc_exit_hook = user_suite_exited;
    uint32_t flags = irq_save();
    driver_pid =
        proc_spawn((uintptr_t)s->user_driver, (uint32_t)(uintptr_t)&ktest_user_report, s->name, 0);
    irq_restore(flags);
    if (driver_pid < 0)
        panic("ktest: could not start the %s suite's driver (%d)", s->name, driver_pid);
}

static void set_flag(timer_id id, void *data)
{
    (void)id;
    *(volatile int *)data = 1;
}

int ktest_wait_flag(volatile int *flag, uint64_t timeout_us)
{
    uint64_t deadline = time_us() + timeout_us;
    volatile int timed_out = 0;
    timer_id t = timer_register_at(deadline, set_flag, (void *)&timed_out);
    if (t) {
        /* Check and sleep with IRQs masked: wfi still wakes for a pending IRQ, which is then
         * taken at irq_enable(), so a flag set between the check and the wfi is not missed. */
        for (;;) {
            irq_disable();
            if (*flag || timed_out)
                break;
            cpu_wfi();
            irq_enable();
        }
        irq_enable();
        timer_remove(t);
    } else {
        while (!*flag && time_us() < deadline)
            ;
    }
    return *flag != 0;
}

static const char *test_wanted(const struct boot_config *cfg)
{
    return cfg->test[0] ? cfg->test : 0;
}

static int test_start(const char *spec, const struct boot_config *cfg)
{
    (void)cfg;
    int failed = ktest_run(spec);
    if (failed > 0)
        kernel_note_status(KERNEL_EXIT_TESTFAIL);
    return failed == KTEST_PENDING ? BOOT_MODE_RUNNING : BOOT_MODE_DONE;
}

static void test_list(boot_mode_emit_t emit, void *ctx)
{
    LINKER_SET_FOREACH (struct ktest_suite, ktest_suites, s)
        emit(ctx, s->name,
             s->fatal         ? "faults on purpose to show the report (not in all)"
             : s->user_driver ? "tested from a user process"
                              : "tested in the kernel");
    emit(ctx, "all", "every suite that does not fault on purpose");
}

BOOT_MODE(10, test_mode) = {"test",
                            "test=SUITE[,...]",
                            "run in-kernel test suites, then power off",
                            test_wanted,
                            test_start,
                            test_list,
                            BOOT_MODE_ENDS_RUN};
