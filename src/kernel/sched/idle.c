/* The idle loop: what runs when no process is ready. */
#include "arch/arm/cpu.h"
#include "arch/arm/exception.h"
#include "kernel/power/panic.h"
#include "kernel/sched/sched.h"

/* Sleeps until an interrupt; after each one checks the stack guards and resumes a process that
 * has become ready. Flags are tested with IRQs masked so a wake-up between the test and the wfi
 * is not lost. The boot code ends here, and vectors.S comes back here (on a fresh stack)
 * whenever nothing is ready. */
void idle_loop(void)
{
    for (;;) {
        irq_disable();
        const char *broken = stack_guards_check();
        if (broken)
            panic("%s stack overflowed into its guard band", broken);
        if (sched_has_ready())
            sched_resume();
        cpu_wfi();
        irq_enable();
    }
}
