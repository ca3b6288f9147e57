/* demo=timers: the timer milestone of an OS course. Two periodic timers at different rates,
 * three one-shots registered out of order that fire in deadline order, and one timer removed
 * before it fires (it never prints). */
#include "demos/demo.h"
#include "kernel/time/timer.h"
#include "lib/kprintf.h"

struct oneshot {
    const char *name;
    uint64_t delay_us;
    uint64_t deadline;
};

static struct oneshot shots[] = {
    {"one-shot C (350 ms)", 350000, 0},
    {"one-shot A (50 ms)", 50000, 0},
    {"one-shot B (220 ms)", 220000, 0},
};
static struct oneshot removed = {"one-shot D (150 ms)", 150000, 0};

static void periodic(timer_id id, void *data)
{
    (void)id;
    kprintf("%10llu us  %s\n", (unsigned long long)time_us(), (const char *)data);
}

static void oneshot_fired(timer_id id, void *data)
{
    (void)id;
    struct oneshot *s = data;
    uint64_t now = time_us();
    kprintf("%10llu us  %s fired, deadline %llu, late %llu us\n", (unsigned long long)now, s->name,
            (unsigned long long)s->deadline, (unsigned long long)(now - s->deadline));
}

static void demo_timers_start(void)
{
    uint64_t now = time_us();
    for (unsigned i = 0; i < sizeof shots / sizeof shots[0]; i++) {
        shots[i].deadline = now + shots[i].delay_us;
        timer_register_at(shots[i].deadline, oneshot_fired, &shots[i]);
        kprintf("registered %s\n", shots[i].name);
    }
    removed.deadline = now + removed.delay_us;
    timer_id doomed = timer_register_at(removed.deadline, oneshot_fired, &removed);
    int err = timer_remove(doomed);
    kprintf("registered %s, then removed it (timer_remove -> %d): it must never fire\n",
            removed.name, err);
    timer_register_periodic(100000, periodic, "periodic 100 ms: time_us()");
    timer_register_periodic(250000, periodic, "periodic 250 ms");
}

DEMO(20, timers_demo) = {"timers",
                         "periodic and one-shot kernel timers, one removed before it fires",
                         demo_timers_start, 0};
