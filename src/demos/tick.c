/* demo=tick: the system timer's compare 1 interrupting every 100 ms, through the timer queue.
 * Lateness is how long after its deadline the callback ran (IRQ latency plus dispatch). */
#include "demos/demo.h"
#include "kernel/time/timer.h"
#include "lib/kprintf.h"

#define TICK_PERIOD_US 100000u

static unsigned ticks;
static int64_t overruns_seen;

static void tick(timer_id id, void *data)
{
    (void)data;
    uint64_t now = time_us();
    /* The queue re-queued this timer before calling us: its deadline is already the next one,
     * one period (plus any periods skipped just now) after the one that fired. */
    int64_t overruns = timer_overruns(id);
    uint64_t deadline =
        timer_deadline(id) - TICK_PERIOD_US * (uint64_t)(1 + overruns - overruns_seen);
    overruns_seen = overruns;
    ticks++;
    kprintf("tick %3u at %10llu us  deadline %10llu  late %3llu us  overruns %lld\n", ticks,
            (unsigned long long)now, (unsigned long long)deadline,
            (unsigned long long)(now - deadline), (long long)overruns);
}

static void demo_tick_start(void)
{
    if (!timer_register_periodic(TICK_PERIOD_US, tick, 0))
        kprintf("demo tick: could not register the timer\n");
}

DEMO(10, tick_demo) = {"tick", "a timer interrupt every 100 ms with its timestamp and lateness",
                       demo_tick_start, 0};
