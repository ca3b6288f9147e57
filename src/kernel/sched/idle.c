/* The idle loop: what runs when no process is ready. */
#include "arch/arm/cpu.h"
#include "arch/arm/exception.h"
#include "kernel/power/panic.h"
#include "kernel/sched/sched.h"

/* Resumes a process that has become ready, or checks the stack guards and sleeps until an
 * interrupt. The guards are checked before each sleep, not after each wake-up, so that a
 * woken process does not wait for the check: every stretch of idle time still begins with
 * one. Flags are tested with IRQs masked so a wake-up between the test and the wfi is not
 * lost. The boot code ends here, and vectors.S comes back here (on a fresh stack) whenever
 * nothing is ready. */
void idle_loop(void)
{
    for (;;) {
        irq_disable();
        if (sched_has_ready())
            sched_resume();
        const char *broken = stack_guards_check();
        if (broken)
            panic("%s stack overflowed into its guard band", broken);
        cpu_wfi();
        irq_enable();
    }
}
