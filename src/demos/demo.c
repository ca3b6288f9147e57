/* The demo table: demo=NAME on the command line picks one. */
#include "demos/demo.h"

#include "arch/arm/cpu.h"
#include "kernel/console/console.h"
#include "lib/errno.h"
#include "kernel/proc/proc.h"
#include "lib/kprintf.h"
#include "lib/string.h"

void demo_tick_start(void);
void demo_timers_start(void);
int user_demo_sched(uint32_t arg);
int user_demo_memory(uint32_t arg);

static const struct demo demos[] = {
    {"tick", "a timer interrupt every 100 ms with its timestamp and lateness", demo_tick_start, 0},
    {"timers", "periodic and one-shot kernel timers, one removed before it fires",
     demo_timers_start, 0},
    {"sched", "processes: CPU-bound turns, sleepers, a drift-free loop, a faulting process", 0,
     user_demo_sched},
    {"memory", "a process's address space: sbrk, private and shared data, faults that kill", 0,
     user_demo_memory},
};

static void start_user_demo(const struct demo *d)
{
    char name[PROC_NAME_MAX];
    ksnprintf(name, sizeof name, "demo-%s", d->name);
    uint32_t flags = irq_save();
    int pid = proc_spawn((uintptr_t)d->user_main, 0, name, 0);
    irq_restore(flags);
    if (pid < 0)
        kprintf("demo %s: spawn failed (%s)\n", d->name, errno_name(pid));
}

int demo_run(const char *name)
{
    for (unsigned i = 0; i < sizeof demos / sizeof demos[0]; i++) {
        if (!strcmp(demos[i].name, name)) {
            kprintf("demo %s: %s\n", demos[i].name, demos[i].what);
            if (demos[i].user_main)
                start_user_demo(&demos[i]);
            else
                demos[i].start();
            return 0;
        }
    }
    kprintf("demo: no demo is called '%s'. Demos:\n", name);
    for (unsigned i = 0; i < sizeof demos / sizeof demos[0]; i++)
        kprintf("  demo=%-8s %s\n", demos[i].name, demos[i].what);
    return -ENOENT;
}
