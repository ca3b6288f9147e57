/* panic_at: report and stop (include/kernel/power/panic.h). */
#include "kernel/power/panic.h"

#include <stdarg.h>

#include "arch/arm/cpu.h"
#include "arch/arm/exception.h"
#include "kernel/power/power.h"
#include "lib/kprintf.h"

void panic_at(const char *file, int line, const char *func, const char *fmt, ...)
{
    static int in_panic;
    irq_disable();
    if (in_panic++) {
        /* A panic while panicking (e.g. the console faulted): say nothing more. */
        kernel_note_status(KERNEL_EXIT_PANIC);
        kernel_exit();
    }
    kprintf_sync(); /* what was queued, then the report, drawn before kprintf returns */
    va_list ap;
    va_start(ap, fmt);
    kprintf("\nPANIC: ");
    kvprintf(fmt, ap);
    va_end(ap);
    kprintf("\n  at %s:%d in %s()\n", file, line, func);
    const char *broken = stack_guards_check();
    if (broken)
        kprintf("  (the %s stack has overflowed into its guard band)\n", broken);
    kernel_note_status(KERNEL_EXIT_PANIC);
    if (panic_reboot_delay())
        panic_reboot_after_delay(); /* panic=N asks for a reset, in QEMU too (as Linux) */
    if (kernel_in_qemu())
        kernel_exit(); /* power off with the status (test runs), or halt: nobody sees an LED */
    kernel_run_at_exit();
    panic_blink_forever();
}
