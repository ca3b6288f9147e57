/* demo=NAME: the demo boot mode, which starts the demo of that name from the DEMO table. */
#include "demos/demo.h"

#include "arch/arm/cpu.h"
#include "kernel/boot/mode.h"
#include "kernel/proc/proc.h"
#include "lib/errno.h"
#include "lib/kprintf.h"
#include "lib/string.h"

/* The demos that are user programs (src/user/): the kernel demos add themselves in their files. */
int user_demo_sched(uint32_t arg);
int user_demo_memory(uint32_t arg);

DEMO(30, sched_demo) = {
    "sched", "processes: CPU-bound turns, sleepers, a drift-free loop, a faulting process", 0,
    user_demo_sched};
DEMO(40, memory_demo) = {
    "memory", "a process's address space: sbrk, private and shared data, faults that kill", 0,
    user_demo_memory};

LINKER_SET_DECLARE(struct demo, demos);

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
    LINKER_SET_FOREACH (struct demo, demos, d) {
        if (!strcmp(d->name, name)) {
            kprintf("demo %s: %s\n", d->name, d->what);
            if (d->user_main)
                start_user_demo(d);
            else
                d->start();
            return 0;
        }
    }
    kprintf("demo: no demo is called '%s'. Demos:\n", name);
    LINKER_SET_FOREACH (struct demo, demos, d)
        kprintf("  demo=%-8s %s\n", d->name, d->what);
    return -ENOENT;
}

static const char *demo_wanted(const struct boot_config *cfg)
{
    return cfg->demo[0] ? cfg->demo : 0;
}

static int demo_start(const char *name, const struct boot_config *cfg)
{
    (void)cfg;
    int err = demo_run(name);
    return err ? err : BOOT_MODE_RUNNING;
}

static void demo_list(boot_mode_emit_t emit, void *ctx)
{
    LINKER_SET_FOREACH (struct demo, demos, d)
        emit(ctx, d->name, d->what);
}

BOOT_MODE(40, demo_mode) = {"demo", "demo=NAME", "run a demo", demo_wanted, demo_start, demo_list,
                            0};
