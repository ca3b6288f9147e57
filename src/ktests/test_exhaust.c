/* test=exhaust: the kernel's fixed pools run full on purpose. Each refuses the next request with
 * its error, and works again once something is given back (issue 16: exhaustion is an error,
 * never a hang). The process table and the page pool are filled from user mode by test=sched
 * (bad_system_calls_return_errors: -EAGAIN) and test=memory mem=16
 * (running_out_of_pages_gives_errors_and_everything_comes_back: -ENOMEM). */
#include "kernel/time/timer.h"
#include "kernel/trace/trace.h"
#include "ktests/ktest.h"
#include "lib/errno.h"

static void never(timer_id id, void *data)
{
    (void)id;
    (void)data;
}

/* Every free slot taken by a far-off timer: the next registration gets 0 (the documented
 * "pool full"), a removal makes room for exactly one more, and all of them go back. Nothing
 * here sleeps or waits while the pool is full: a sleep needs a slot. */
static void kernel_timer_pool_full_refuses_then_recovers(void)
{
    static timer_id ids[TIMER_POOL_SIZE + 1];
    uint64_t far = time_us() + 3600000000ull;
    int n = 0;
    while (n <= TIMER_POOL_SIZE && (ids[n] = timer_register_at(far + (uint64_t)n, never, 0)))
        n++;
    KT_ASSERT(n > TIMER_POOL_SIZE / 2); /* the pool was mostly free */
    KT_ASSERT(n <= TIMER_POOL_SIZE);    /* and it did run out */
    KT_ASSERT_EQ(timer_register(1000, never, 0), 0);
    KT_ASSERT_EQ(timer_register_periodic(1000, never, 0), 0);
    KT_ASSERT_EQ(timer_remove(ids[n / 2]), 0);
    timer_id again = timer_register_at(far, never, 0);
    KT_ASSERT(again != 0);
    KT_ASSERT_EQ(timer_register_at(far, never, 0), 0);
    ids[n / 2] = again;
    for (int i = 0; i < n; i++)
        KT_ASSERT_EQ(timer_remove(ids[i]), 0);
    timer_id after = timer_register(1000, never, 0);
    KT_ASSERT(after != 0);
    KT_ASSERT_EQ(timer_remove(after), 0);
}

/* A full trace ring overwrites its oldest events and counts them as lost; a new trace starts
 * empty with nothing lost. */
static void trace_ring_full_counts_lost_then_recovers(void)
{
    enum { EXTRA = 100 };
    trace_enable("exhaust test", time_us());
    for (uint32_t i = 0; i < TRACE_EVENTS_DEFAULT + EXTRA; i++)
        trace_sleep(1, i);
    KT_ASSERT_EQ(trace_lost(), EXTRA);
    trace_disable();
    trace_enable("exhaust test, again", time_us());
    trace_sleep(1, 0);
    KT_ASSERT_EQ(trace_lost(), 0);
    trace_disable();
}

KTEST_SUITE(ktest_exhaust, 58, "exhaust",
            {"kernel_timer_pool_full_refuses_then_recovers",
             kernel_timer_pool_full_refuses_then_recovers},
            {"trace_ring_full_counts_lost_then_recovers",
             trace_ring_full_counts_lost_then_recovers});
