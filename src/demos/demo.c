/* The demo table: demo=NAME on the command line picks one. */
#include "kernel/demo.h"

#include "kernel/console.h"
#include "kernel/errno.h"
#include "lib/string.h"

void demo_tick_start(void);
void demo_timers_start(void);
void demo_sched_start(void);

static const struct demo demos[] = {
    {"tick", "a timer interrupt every 100 ms with its timestamp and lateness", demo_tick_start},
    {"timers", "periodic and one-shot kernel timers, one removed before it fires",
     demo_timers_start},
    {"sched", "processes: CPU-bound turns, sleepers, a drift-free loop, a faulting process",
     demo_sched_start},
};

int demo_run(const char *name)
{
    for (unsigned i = 0; i < sizeof demos / sizeof demos[0]; i++) {
        if (!strcmp(demos[i].name, name)) {
            kprintf("demo %s: %s\n", demos[i].name, demos[i].what);
            demos[i].start();
            return 0;
        }
    }
    kprintf("demo: no demo is called '%s'. Demos:\n", name);
    for (unsigned i = 0; i < sizeof demos / sizeof demos[0]; i++)
        kprintf("  demo=%-8s %s\n", demos[i].name, demos[i].what);
    return -ENOENT;
}
