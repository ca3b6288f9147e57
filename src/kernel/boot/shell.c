/* The default boot mode: with no other mode asked for, the console belongs to the shell, a user
 * program (src/user/shell.c) started as a process. */
#include "arch/arm/cpu.h"
#include "kernel/boot/mode.h"
#include "kernel/power/power.h"
#include "kernel/proc/proc.h"
#include "lib/errno.h"
#include "lib/kprintf.h"

int user_shell(uint32_t arg);

static const char *shell_wanted(const struct boot_config *cfg)
{
    (void)cfg;
    return 0; /* no word asks for it: it is the default */
}

static int shell_start(const char *arg, const struct boot_config *cfg)
{
    (void)arg, (void)cfg;
    uint32_t flags = irq_save();
    int pid = proc_spawn((uintptr_t)user_shell, 0, "shell", 0);
    irq_restore(flags);
    if (pid < 0) {
        kprintf("pinwheel: could not start the shell (%s)\n", errno_name(pid));
        return BOOT_MODE_RUNNING; /* not the command line's fault: exit status stays */
    }
    kprintf("pinwheel: starting the shell%s\n",
            kernel_in_qemu() ? " (in QEMU, Ctrl-A X quits)" : "");
    return BOOT_MODE_RUNNING;
}

BOOT_MODE(90,
          shell_mode) = {"shell",          "(no word)", "the interactive shell on the serial line",
                         shell_wanted,     shell_start, 0,
                         BOOT_MODE_DEFAULT};
