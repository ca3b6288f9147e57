/* kernel_exit, kernel_reboot and the exit status (include/kernel/power/power.h). Nothing here
 * calls up: what must happen before the power-off is registered with kernel_at_exit. */
#include "kernel/power/power.h"

#include "arch/arm/cpu.h"
#include "arch/arm/semihost.h"
#include "board/raspi2/bcm2835_pm.h"
#include "lib/errno.h"
#include "lib/kprintf.h"

static int exit_status;
static int in_qemu;
static int semihosting;
static void (*at_exit[KERNEL_AT_EXIT_MAX])(void);
static int n_at_exit;

void kernel_note_status(int status)
{
    if (status > exit_status)
        exit_status = status;
}

void kernel_set_in_qemu(int yes)
{
    in_qemu = yes;
}

int kernel_in_qemu(void)
{
    return in_qemu;
}

void kernel_allow_semihosting(int allowed)
{
    /* On a board the semihosting svc would land in the kernel's own vector: never there. */
    semihosting = allowed && in_qemu;
}

int kernel_semihosting_allowed(void)
{
    return semihosting;
}

int kernel_at_exit(void (*fn)(void))
{
    if (n_at_exit == KERNEL_AT_EXIT_MAX)
        return -ENOMEM;
    at_exit[n_at_exit++] = fn;
    return 0;
}

void kernel_run_at_exit(void)
{
    /* Each runs once, even when it ends in a nested kernel_exit (a panic while printing). */
    static int next;
    kprintf_sync(); /* queued text first; the hooks and the last words draw at once */
    while (next < n_at_exit)
        at_exit[next++]();
}

void kernel_exit(void)
{
    kernel_run_at_exit();
    if (semihosting) {
        kprintf("pinwheel: power off, exit status %d\n", exit_status);
        semihost_exit((uint32_t)exit_status);
    }
    kprintf("pinwheel: halted%s\n", in_qemu ? " (in QEMU: Ctrl-A X quits)" : "");
    irq_disable();
    for (;;)
        cpu_wfi();
}

void kernel_reboot(void)
{
    if (semihosting)
        kernel_exit();
    kprintf_sync();
    kprintf("pinwheel: resetting the board\n");
    bcm2835_pm_reset();
}
