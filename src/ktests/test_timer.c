/* test=timer: the timer queue on compare 1, on the emulated board. Run under --icount, where
 * virtual time is deterministic: the lateness bound below is about instructions, not host load. */
#include "arch/arm/cpu.h"
#include "board/raspi2/bcm2835_systimer.h"
#include "kernel/irq/irq.h"
#include "kernel/time/timer.h"
#include "ktests/ktest.h"
#include "lib/errno.h"

/* Deadline to callback: IRQ entry, dispatch and the queue pop take a few hundred instructions
 * (~2 us at --icount shift=3, see `make bench`); a batch of equal deadlines adds each earlier
 * callback's time. 30 us bounds a batch of 8 such short callbacks with room to spare. */
#define LATE_BOUND_US 30

#define NSHOTS 8

struct shot {
    uint64_t deadline;
    uint64_t fired_at;
    int order;
};

static struct shot shots[NSHOTS];
static volatile int nfired;

static void record(timer_id id, void *data)
{
    (void)id;
    struct shot *s = data;
    s->fired_at = time_us();
    s->order = nfired++;
}

static void callbacks_on_time_in_order(void)
{
    /* Out of registration order, with two pairs of equal deadlines (FIFO between them). */
    static const uint32_t delay[NSHOTS] = {5000, 300, 40000, 300, 1, 12000, 5000, 777};
    static const int expected_order[NSHOTS] = {4, 1, 7, 2, 0, 6, 5, 3};
    nfired = 0;
    uint64_t now = time_us();
    for (int i = 0; i < NSHOTS; i++) {
        shots[i] = (struct shot){now + delay[i], 0, -1};
        KT_ASSERT(timer_register_at(shots[i].deadline, record, &shots[i]) != 0);
    }
    volatile int never = 0;
    ktest_wait_flag(&never, 50000);
    KT_ASSERT_EQ(nfired, NSHOTS);
    for (int i = 0; i < NSHOTS; i++) {
        KT_ASSERT_EQ(shots[i].order, expected_order[i]);
        KT_ASSERT(shots[i].fired_at >= shots[i].deadline);
        KT_ASSERT(shots[i].fired_at - shots[i].deadline <= LATE_BOUND_US);
    }
}

static volatile uint32_t periods;
static uint64_t period_start;
static uint64_t worst_late;

static void periodic_tick(timer_id id, void *data)
{
    (void)id;
    (void)data;
    periods++;
    uint64_t due = period_start + (uint64_t)periods * 100000;
    uint64_t now = time_us();
    uint64_t late = now >= due ? now - due : 1000000; /* early: far outside the bound */
    if (late > worst_late)
        worst_late = late;
}

static void periodic_100ms_no_drift_over_10s(void)
{
    periods = 0;
    worst_late = 0;
    period_start = time_us();
    timer_id id = timer_register_periodic(100000, periodic_tick, 0);
    KT_ASSERT(id != 0);
    /* The registration read the clock once more: its grid starts at most 1 us later. */
    uint64_t first = timer_deadline(id);
    uint64_t skew = first - 100000 - period_start;
    period_start = first - 100000;
    volatile int never = 0;
    ktest_wait_flag(&never, 10 * 1000000 + 50000);
    uint64_t next = timer_deadline(id);
    int64_t overruns = timer_overruns(id);
    KT_ASSERT_EQ(timer_remove(id), 0);
    KT_ASSERT(skew <= 1);
    KT_ASSERT_EQ(periods, 100);
    /* Zero cumulative drift: the 101st deadline is exactly 101 periods after the start. */
    KT_ASSERT_EQ(next, period_start + 101ull * 100000);
    KT_ASSERT_EQ(overruns, 0);
    KT_ASSERT(worst_late <= LATE_BOUND_US);
}

static volatile int alarm_rang;

static void alarm_clear(unsigned irq, void *data)
{
    (void)irq;
    (void)data;
    bcm2835_systimer_ack_c3();
}

static void alarm_ring(unsigned irq, void *data)
{
    (void)irq;
    (void)data;
    alarm_rang = 1;
}

static void idle_second_takes_no_timer_irqs(void)
{
    struct timer_stats before, after;
    struct irq_stats ibefore, iafter;
    /* The CPU sleeps in wfi for a second with no timers queued; compare 3 (not the queue's
     * channel) is the alarm clock that ends the test. Only that one IRQ may arrive. */
    alarm_rang = 0;
    KT_ASSERT_EQ(irq_register(IRQ_SYSTIMER_C3, alarm_ring, alarm_clear, 0), 0);
    timer_get_stats(&before);
    irq_get_stats(&ibefore);
    uint64_t start = time_us();
    irq_disable();
    int armed = bcm2835_systimer_arm_c3(start + 1000000);
    while (!alarm_rang && armed == 0) {
        cpu_wfi();
        irq_enable();
        irq_disable();
    }
    irq_enable();
    uint64_t slept = time_us() - start;
    timer_get_stats(&after);
    irq_get_stats(&iafter);
    irq_unregister(IRQ_SYSTIMER_C3);
    KT_ASSERT_EQ(before.pending, 0);
    KT_ASSERT_EQ(armed, 0);
    KT_ASSERT(slept >= 1000000);
    KT_ASSERT_EQ(after.irqs - before.irqs, 0);
    KT_ASSERT_EQ(iafter.entries - ibefore.entries, 1);
}

static volatile int due_fired;
static volatile uint64_t due_fired_at;

static void mark_due(timer_id id, void *data)
{
    (void)id;
    (void)data;
    due_fired_at = time_us();
    due_fired = 1;
}

static void already_due_served_at_once(void)
{
    due_fired = 0;
    uint64_t now = time_us();
    KT_ASSERT(timer_register_at(now - 100, mark_due, 0) != 0);
    KT_ASSERT(ktest_wait_flag(&due_fired, 10000));
    KT_ASSERT(due_fired_at - now <= LATE_BOUND_US);

    due_fired = 0;
    now = time_us();
    KT_ASSERT(timer_register(0, mark_due, 0) != 0);
    KT_ASSERT(ktest_wait_flag(&due_fired, 10000));
    KT_ASSERT(due_fired_at - now <= LATE_BOUND_US);
}

/* Records like record(), then keeps the CPU for 10 us: long enough for the next deadline to
 * pass while this callback runs. */
static void record_slowly(timer_id id, void *data)
{
    record(id, data);
    uint64_t until = time_us() + 10;
    while (time_us() < until)
        ;
}

static void due_at_rearm_runs_in_same_irq(void)
{
    struct timer_stats before, after;
    nfired = 0;
    uint64_t t = time_us() + 2000;
    shots[0] = (struct shot){t, 0, -1};
    shots[1] = (struct shot){t + 5, 0, -1};
    timer_get_stats(&before);
    KT_ASSERT(timer_register_at(t, record_slowly, &shots[0]) != 0);
    KT_ASSERT(timer_register_at(t + 5, record, &shots[1]) != 0);
    volatile int never = 0;
    ktest_wait_flag(&never, 5000);
    timer_get_stats(&after);
    KT_ASSERT_EQ(nfired, 2);
    KT_ASSERT(shots[1].fired_at >= t + 5);
    /* The second deadline passed during the first callback: when the handler re-armed, the
     * driver said "already due" and the handler ran it at once. Both came from one compare
     * IRQ, plus the one that ended the wait. */
    KT_ASSERT_EQ(after.irqs - before.irqs, 2);
    KT_ASSERT_EQ(after.late_handled - before.late_handled, 1);
}

static void ids_fired_and_stale(void)
{
    due_fired = 0;
    timer_id a = timer_register(10, mark_due, 0);
    KT_ASSERT(a != 0);
    KT_ASSERT(ktest_wait_flag(&due_fired, 5000));
    KT_ASSERT_EQ(timer_remove(a), -ENOENT);
    timer_id b = timer_register(1000000, mark_due, 0);
    KT_ASSERT(b != 0 && b != a);
    KT_ASSERT_EQ(timer_remove(a), -ENOENT);
    KT_ASSERT_EQ(timer_remove(b), 0);
    KT_ASSERT_EQ(timer_remove(b), -ENOENT);
    KT_ASSERT_EQ(timer_remove(0), -ENOENT);
}

KTEST_SUITE(ktest_timer, 40, "timer", {"callbacks_on_time_in_order", callbacks_on_time_in_order},
            {"periodic_100ms_no_drift_over_10s", periodic_100ms_no_drift_over_10s},
            {"idle_second_takes_no_timer_irqs", idle_second_takes_no_timer_irqs},
            {"already_due_served_at_once", already_due_served_at_once},
            {"due_at_rearm_runs_in_same_irq", due_at_rearm_runs_in_same_irq},
            {"ids_fired_and_stale", ids_fired_and_stale});
