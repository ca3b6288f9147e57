/* demo=sched: starts the user-mode demo in src/user/demo_sched.c as a process. */
#include <stdint.h>

#include "arch/arm/cpu.h"
#include "kernel/console.h"
#include "kernel/proc.h"

int user_demo_sched(uint32_t arg);

void demo_sched_start(void)
{
    uint32_t flags = irq_save();
    int pid = proc_spawn((uintptr_t)user_demo_sched, 0, "demo-sched", 0);
    irq_restore(flags);
    if (pid < 0)
        kprintf("demo sched: spawn failed (%d)\n", pid);
}
