/* Host tests of the timer queue (src/kernel/time/timer.c) through kernel/time/timer.h only, over a
 * fake system timer and IRQ table (fake/fake_timer_hw.c): directed cases, then a seeded random run
 * checked step by step against a reference model (TIMER_SEED=n overrides the seed). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/raspi2/bcm2835_systimer.h"
#include "fake_timer_hw.h"
#include "kernel/irq/irq.h"
#include "kernel/time/timer.h"
#include "lib/errno.h"

/* How far ahead timer.c aims a deadline that is already due when armed from task context
 * (TIMER_MIN_LEAD_US there): such a timer fires within this many microseconds. */
#define MIN_LEAD_US 4
/* The driver's margin: a compare less than this far ahead is reported -ETIME. */
#define ARM_MARGIN_US 2
/* Rounds of "run what is due, re-arm" one IRQ makes (timer.c's TIMER_IRQ_MAX_PASSES). */
#define IRQ_MAX_PASSES 8
#define T0             1000000ull

struct fire {
    timer_id id;
    uint64_t at; /* time_us() in the callback */
    void *data;
    int in_irq;
    uint32_t irq_no; /* fake_hw_irqs() in the callback: which IRQ ran it */
};

#define MAX_FIRES 4096
static struct fire fires[MAX_FIRES];
static unsigned nfires;

static void record(timer_id id, void *data)
{
    assert_true(nfires < MAX_FIRES);
    fires[nfires++] = (struct fire){id, time_us(), data, fake_hw_in_irq(), fake_hw_irqs()};
}

static struct timer_stats get_stats(void)
{
    struct timer_stats s;
    timer_get_stats(&s);
    return s;
}

static int setup(void **state)
{
    (void)state;
    timer_stop(); /* a previous case may have left it running */
    fake_hw_reset();
    fake_hw_set_now(T0);
    nfires = 0;
    assert_int_equal(timer_start(), 0);
    assert_true(fake_hw_line_registered());
    assert_false(fake_hw_line_enabled()); /* nothing queued: masked */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    timer_stop();
    return 0;
}

#define TAG(n) ((void *)(uintptr_t)(n))

/* ---- start, stop, bad arguments ---------------------------------------------------------- */

static void test_start_twice_busy(void **state)
{
    (void)state;
    assert_int_equal(timer_start(), -EBUSY);
    assert_true(fake_hw_line_registered());
    assert_int_equal(timer_stop(), 0);
    assert_false(fake_hw_line_registered());
    assert_int_equal(timer_stop(), -EINVAL);
    assert_int_equal(timer_start(), 0);
    assert_int_equal(timer_start(), -EBUSY);
}

static void dummy_handler(unsigned irq, void *data)
{
    (void)irq;
    (void)data;
}

static void test_start_fails_when_line_taken(void **state)
{
    (void)state;
    assert_int_equal(timer_stop(), 0);
    assert_int_equal(irq_register(IRQ_SYSTIMER_C1, dummy_handler, NULL, NULL), 0);
    assert_int_equal(timer_start(), -EBUSY);
    assert_int_equal(timer_register(10, record, NULL), 0); /* still stopped */
    assert_int_equal(timer_stop(), -EINVAL);
    assert_int_equal(irq_unregister(IRQ_SYSTIMER_C1), 0);
    assert_int_equal(timer_start(), 0);
}

static void test_register_rejects_bad_args(void **state)
{
    (void)state;
    assert_int_equal(timer_register(10, NULL, NULL), 0);
    assert_int_equal(timer_register_at(T0 + 10, NULL, NULL), 0);
    assert_int_equal(timer_register_periodic(10, NULL, NULL), 0);
    assert_int_equal(timer_register_periodic(0, record, NULL), 0);
    assert_int_equal(get_stats().pending, 0);
    fake_hw_advance(1000000);
    assert_int_equal(nfires, 0);
    assert_int_equal(fake_hw_irqs(), 0);
}

/* ---- order --------------------------------------------------------------------------------- */

static void test_deadline_order(void **state)
{
    (void)state;
    static const uint64_t delay[] = {500, 100, 300, 200, 400, 50};
    timer_id id[6];
    for (int i = 0; i < 6; i++) {
        id[i] = timer_register(delay[i], record, TAG(i));
        assert_int_not_equal(id[i], 0);
        assert_true(timer_deadline(id[i]) == T0 + delay[i]);
    }
    assert_true(fake_hw_line_enabled());
    assert_true(fake_hw_armed());
    assert_true(fake_hw_compare() == T0 + 50); /* the earliest */
    fake_hw_advance_to(T0 + 1000);
    static const int order[] = {5, 1, 3, 2, 4, 0};
    assert_int_equal(nfires, 6);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(fires[i].id, id[order[i]]);
        assert_ptr_equal(fires[i].data, TAG(order[i]));
        assert_true(fires[i].at == T0 + delay[order[i]]);
        assert_true(fires[i].in_irq);
        assert_int_equal(fires[i].irq_no, i + 1);
    }
    struct timer_stats s = get_stats();
    assert_int_equal(s.irqs, 6);
    assert_int_equal(s.idle_irqs, 0);
    assert_int_equal(s.fired, 6);
    assert_int_equal(s.pending, 0);
    assert_false(fake_hw_line_enabled());
}

static void test_equal_deadlines_fifo(void **state)
{
    (void)state;
    timer_id same[8];
    timer_id early = 0, late = 0;
    for (int i = 0; i < 8; i++) {
        same[i] = i % 2 ? timer_register(200, record, TAG(i))
                        : timer_register_at(T0 + 200, record, TAG(i));
        assert_int_not_equal(same[i], 0);
        if (i == 3)
            late = timer_register(300, record, TAG(100));
        if (i == 5)
            early = timer_register(100, record, TAG(101));
    }
    fake_hw_advance_to(T0 + 1000);
    assert_int_equal(nfires, 10);
    assert_int_equal(fires[0].id, early);
    assert_true(fires[0].at == T0 + 100);
    for (int i = 0; i < 8; i++) {
        assert_int_equal(fires[1 + i].id, same[i]);
        assert_true(fires[1 + i].at == T0 + 200);
        assert_int_equal(fires[1 + i].irq_no, 2); /* all in one IRQ */
    }
    assert_int_equal(fires[9].id, late);
    assert_true(fires[9].at == T0 + 300);
    assert_int_equal(get_stats().irqs, 3);
}

/* ---- remove -------------------------------------------------------------------------------- */

static void test_remove_pending(void **state)
{
    (void)state;
    timer_id a = timer_register(100, record, TAG(1));
    timer_id b = timer_register(200, record, TAG(2));
    timer_id c = timer_register(300, record, TAG(3));
    assert_int_equal(timer_remove(b), 0);
    assert_true(timer_deadline(b) == 0);
    assert_int_equal(timer_overruns(b), -ENOENT);
    assert_int_equal(timer_remove(b), -ENOENT);
    assert_int_equal(get_stats().pending, 2);
    /* Removing the head re-aims the compare at the next one. */
    assert_int_equal(timer_remove(a), 0);
    assert_true(fake_hw_compare() == T0 + 300);
    fake_hw_advance_to(T0 + 1000);
    assert_int_equal(nfires, 1);
    assert_int_equal(fires[0].id, c);
    assert_true(fires[0].at == T0 + 300);
    assert_int_equal(fake_hw_irqs(), 1); /* none at 100 or 200 */
    assert_int_equal(get_stats().pending, 0);
}

static void test_remove_fired_and_unknown(void **state)
{
    (void)state;
    timer_id a = timer_register(10, record, NULL);
    timer_id b = timer_register(5000, record, NULL);
    timer_id c = timer_register_periodic(7000, record, NULL);
    fake_hw_advance(100);
    assert_int_equal(nfires, 1);
    assert_int_equal(timer_remove(a), -ENOENT); /* fired one-shot */
    assert_true(timer_deadline(a) == 0);
    assert_int_equal(timer_overruns(a), -ENOENT);

    const uint32_t slot_mask = 0x3ff; /* ids are slot + 1 in the low bits (timer.c) */
    static const timer_id bad[] = {
        0,    UINT32_MAX, 1u << 10, TIMER_POOL_SIZE + 1, (5u << 10) | (TIMER_POOL_SIZE + 1),
        1023, 0xdeadbeef};
    for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (bad[i] == b || bad[i] == c)
            continue;
        assert_int_equal(timer_remove(bad[i]), -ENOENT);
        assert_true(timer_deadline(bad[i]) == 0);
        assert_int_equal(timer_overruns(bad[i]), -ENOENT);
    }
    /* Random garbage, half of it in or next to b's slot with random generation bits. */
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        timer_id g = (timer_id)x;
        if (i % 2)
            g = (g & ~slot_mask) | ((b & slot_mask) + (uint32_t)(i % 3)); /* near b's slot */
        if (g == b || g == c)
            continue;
        assert_int_equal(timer_remove(g), -ENOENT);
    }
    assert_true(timer_deadline(b) == T0 + 5000);
    assert_true(timer_deadline(c) == T0 + 7000);
    assert_int_equal(get_stats().pending, 2);
    fake_hw_advance_to(T0 + 7000);
    assert_int_equal(nfires, 3);
    assert_int_equal(fires[1].id, b);
    assert_int_equal(fires[2].id, c);
}

static void test_stale_id_never_cancels_newer(void **state)
{
    (void)state;
    static timer_id ids[TIMER_POOL_SIZE];
    for (int i = 0; i < TIMER_POOL_SIZE; i++) {
        ids[i] = timer_register(1000 + (uint64_t)i, record, TAG(i));
        assert_int_not_equal(ids[i], 0);
    }
    /* The pool is full, so the next timer must take the slot just freed. */
    assert_int_equal(timer_remove(ids[7]), 0);
    timer_id fresh = timer_register(50, record, TAG(1000));
    assert_int_not_equal(fresh, 0);
    assert_int_not_equal(fresh, ids[7]);
    assert_int_equal(timer_register(50, record, NULL), 0); /* full again */
    assert_int_equal(timer_remove(ids[7]), -ENOENT);
    assert_true(timer_deadline(ids[7]) == 0);
    assert_int_equal(timer_overruns(ids[7]), -ENOENT);
    assert_true(timer_deadline(fresh) == T0 + 50);

    /* The same after a one-shot fired: fresh fires, its slot is the only one free. */
    fake_hw_advance_to(T0 + 50);
    assert_int_equal(nfires, 1);
    assert_int_equal(fires[0].id, fresh);
    timer_id newer = timer_register(60, record, TAG(1001));
    assert_int_not_equal(newer, 0);
    assert_int_not_equal(newer, fresh);
    assert_int_equal(timer_remove(fresh), -ENOENT);
    assert_true(timer_deadline(newer) == T0 + 110);
    fake_hw_advance_to(T0 + 110);
    assert_int_equal(nfires, 2);
    assert_int_equal(fires[1].id, newer);
}

/* ---- callbacks that use the API -------------------------------------------------------------- */

static timer_id cb_ids[4];
static int cb_results[4];

static void register_two(timer_id id, void *data)
{
    record(id, data);
    cb_ids[0] = timer_register(50, record, TAG(2));
    cb_ids[1] = timer_register(0, record, TAG(3));
}

static void test_callback_registers(void **state)
{
    (void)state;
    timer_id a = timer_register(100, register_two, TAG(1));
    fake_hw_advance_to(T0 + 1000);
    assert_int_not_equal(cb_ids[0], 0);
    assert_int_not_equal(cb_ids[1], 0);
    assert_int_equal(nfires, 3);
    assert_int_equal(fires[0].id, a);
    /* Delay 0 from a callback is due at once: the same IRQ runs it. */
    assert_int_equal(fires[1].id, cb_ids[1]);
    assert_true(fires[1].at == T0 + 100);
    assert_int_equal(fires[1].irq_no, fires[0].irq_no);
    assert_int_equal(fires[2].id, cb_ids[0]);
    assert_true(fires[2].at == T0 + 150);
    assert_int_equal(get_stats().irqs, 2);
}

static void remove_target(timer_id id, void *data)
{
    record(id, data);
    cb_results[(uintptr_t)data] = timer_remove(cb_ids[(uintptr_t)data]);
}

static void test_callback_removes_other(void **state)
{
    (void)state;
    timer_register(100, remove_target, TAG(0));
    cb_ids[0] = timer_register(200, record, TAG(9));
    /* Equal deadlines: the first removes the second, which is already due in the same IRQ. */
    timer_register(300, remove_target, TAG(1));
    cb_ids[1] = timer_register(300, record, TAG(9));
    cb_results[0] = cb_results[1] = 1;
    fake_hw_advance_to(T0 + 1000);
    assert_int_equal(cb_results[0], 0);
    assert_int_equal(cb_results[1], 0);
    assert_int_equal(nfires, 2);
    assert_true(fires[0].at == T0 + 100);
    assert_true(fires[1].at == T0 + 300);
    assert_int_equal(get_stats().irqs, 2); /* no IRQ at 200 */
    assert_int_equal(get_stats().pending, 0);
}

static int self_calls;
static int self_remove_result;

static void periodic_remove_self(timer_id id, void *data)
{
    record(id, data);
    /* A periodic timer is queued again before its callback: its id is live here. */
    assert_true(timer_deadline(id) == fires[nfires - 1].at + 100);
    if (++self_calls == 3)
        self_remove_result = timer_remove(id);
}

static void test_periodic_removes_itself(void **state)
{
    (void)state;
    self_calls = 0;
    self_remove_result = 1;
    timer_id p = timer_register_periodic(100, periodic_remove_self, NULL);
    fake_hw_advance_to(T0 + 100000);
    assert_int_equal(self_remove_result, 0);
    assert_int_equal(nfires, 3);
    for (int i = 0; i < 3; i++)
        assert_true(fires[i].at == T0 + 100 * (uint64_t)(i + 1));
    assert_int_equal(fake_hw_irqs(), 3);
    assert_false(fake_hw_line_enabled());
    assert_int_equal(timer_remove(p), -ENOENT);
    assert_int_equal(get_stats().pending, 0);
}

static timer_id chain_ids[8];
static int chain_old_remove[8];
static uint64_t chain_old_deadline[8];

static void reregister_self(timer_id id, void *data)
{
    int n = (int)nfires;
    record(id, data);
    /* A one-shot is freed before its callback: its own id is stale already. */
    chain_old_remove[n] = timer_remove(id);
    chain_old_deadline[n] = timer_deadline(id);
    if (n < 4)
        chain_ids[n + 1] = timer_register(100, reregister_self, data);
}

static void test_callback_reregisters_itself(void **state)
{
    (void)state;
    chain_ids[0] = timer_register(100, reregister_self, TAG(5));
    fake_hw_advance_to(T0 + 100000);
    assert_int_equal(nfires, 5);
    for (int i = 0; i < 5; i++) {
        assert_int_not_equal(chain_ids[i], 0);
        assert_int_equal(fires[i].id, chain_ids[i]);
        assert_true(fires[i].at == T0 + 100 * (uint64_t)(i + 1));
        assert_int_equal(chain_old_remove[i], -ENOENT);
        assert_true(chain_old_deadline[i] == 0);
        if (i)
            assert_int_not_equal(chain_ids[i], chain_ids[i - 1]);
    }
    assert_int_equal(get_stats().irqs, 5);
    assert_int_equal(get_stats().pending, 0);
}

/* ---- periodic ------------------------------------------------------------------------------- */

static uint64_t drift_start, drift_period, drift_k, drift_bad;
static uint64_t drift_latency;

static void drift_cb(timer_id id, void *data)
{
    (void)data;
    drift_k++;
    uint64_t due = drift_start + drift_k * drift_period;
    if (time_us() != due + drift_latency || timer_deadline(id) != due + drift_period)
        drift_bad++;
}

static void run_drift(uint64_t period, uint64_t latency)
{
    drift_start = fake_hw_now();
    drift_period = period;
    drift_k = drift_bad = 0;
    drift_latency = latency;
    fake_hw_set_latency(latency);
    timer_id id = timer_register_periodic(period, drift_cb, NULL);
    assert_true(timer_deadline(id) == drift_start + period);
    fake_hw_advance_to(drift_start + 100000 * period + latency);
    assert_true(drift_k == 100000);
    assert_true(drift_bad == 0);
    assert_true(timer_deadline(id) == drift_start + 100001 * period);
    assert_int_equal(timer_overruns(id), 0);
    struct timer_stats s = get_stats();
    assert_int_equal(s.irqs, 100000);
    assert_int_equal(s.fired, 100000);
    assert_int_equal(s.idle_irqs, 0);
    assert_int_equal(timer_remove(id), 0);
}

static void test_periodic_zero_drift(void **state)
{
    (void)state;
    run_drift(37, 0);
}

static void test_periodic_zero_drift_late_irqs(void **state)
{
    (void)state;
    /* Every IRQ 10 us late: the callbacks are late, the deadlines stay on the grid. */
    run_drift(1000, 10);
}

static void test_periodic_overrun_skips(void **state)
{
    (void)state;
    const uint64_t p = 1000;
    timer_id id = timer_register_periodic(p, record, NULL);
    fake_hw_advance_to(T0 + p);
    assert_int_equal(nfires, 1);
    /* The IRQ for T0 + 2p comes 3.5 periods late: one call, three periods skipped. */
    fake_hw_set_latency(3500);
    fake_hw_advance_to(T0 + 2 * p + 3500);
    fake_hw_set_latency(0);
    assert_int_equal(nfires, 2);
    assert_true(fires[1].at == T0 + 2 * p + 3500);
    assert_int_equal(timer_overruns(id), 3);
    assert_true(timer_deadline(id) == T0 + 6 * p);
    fake_hw_advance_to(T0 + 6 * p);
    assert_int_equal(nfires, 3);
    assert_true(fires[2].at == T0 + 6 * p);
    assert_int_equal(timer_overruns(id), 3);

    /* IRQs masked at the CPU for 3.5 periods past T0 + 7p: the same. */
    fake_hw_set_now(T0 + 7 * p + 3500);
    assert_int_equal(nfires, 3);
    fake_hw_advance(0);
    assert_int_equal(nfires, 4);
    assert_true(fires[3].at == T0 + 7 * p + 3500);
    assert_int_equal(timer_overruns(id), 6);
    assert_true(timer_deadline(id) == T0 + 11 * p);
    assert_int_equal(get_stats().irqs, 4);
    assert_int_equal(get_stats().fired, 4);
}

/* ---- far and wrapping deadlines ------------------------------------------------------------- */

static void test_deadline_across_32bit_wrap(void **state)
{
    (void)state;
    const uint64_t start = (1ull << 32) - 10;
    fake_hw_set_now(start);
    timer_id id = timer_register(100, record, NULL);
    assert_true(timer_deadline(id) == start + 100);
    fake_hw_advance_to(start + 99);
    assert_int_equal(nfires, 0);
    fake_hw_advance_to(start + 100000);
    assert_int_equal(nfires, 1);
    assert_true(fires[0].at == (1ull << 32) + 90);
    assert_int_equal(fake_hw_irqs(), 1);
    assert_int_equal(get_stats().idle_irqs, 0);
}

static void test_deadline_beyond_2_pow_32(void **state)
{
    (void)state;
    const uint64_t delay = (1ull << 33) + 5;
    timer_id id = timer_register(delay, record, NULL);
    assert_true(timer_deadline(id) == T0 + delay);
    assert_true(fake_hw_compare() <= T0 + SYSTIMER_MAX_STEP_US);
    fake_hw_advance_to(T0 + delay - 1);
    assert_int_equal(nfires, 0); /* never early */
    uint32_t steps = fake_hw_irqs();
    assert_true(steps >= 4); /* 2^33 us in steps of at most 2^31 - 1 */
    assert_int_equal(get_stats().idle_irqs, steps);
    assert_true(fake_hw_armed());
    assert_true(fake_hw_compare() == T0 + delay);
    fake_hw_advance_to(T0 + delay + 1000000);
    assert_int_equal(nfires, 1);
    assert_true(fires[0].at == T0 + delay);
    struct timer_stats s = get_stats();
    assert_int_equal(s.irqs, steps + 1);
    assert_int_equal(s.idle_irqs, steps);
    assert_int_equal(s.fired, 1);
}

/* ---- due at once ---------------------------------------------------------------------------- */

static void test_delay_zero_fires_at_once(void **state)
{
    (void)state;
    const uint64_t t = T0 + 12345;
    fake_hw_set_now(t);
    timer_id a = timer_register(0, record, TAG(1));
    timer_id b = timer_register_at(t - 500, record, TAG(2)); /* already past */
    timer_id c = timer_register_at(0, record, TAG(3));
    assert_int_not_equal(a, 0);
    assert_int_not_equal(b, 0);
    assert_int_not_equal(c, 0);
    assert_int_equal(nfires, 0); /* callbacks run from the IRQ, never inside register */
    assert_true(timer_deadline(a) == t);
    assert_true(fake_hw_line_enabled());
    assert_true(fake_hw_armed()); /* aimed ahead rather than left for a wrap */
    fake_hw_advance(1000);
    assert_int_equal(nfires, 3);
    /* In deadline order: c (0), b (t - 500), a (t); in one IRQ, within the lead. */
    assert_int_equal(fires[0].id, c);
    assert_int_equal(fires[1].id, b);
    assert_int_equal(fires[2].id, a);
    for (int i = 0; i < 3; i++) {
        assert_true(fires[i].in_irq);
        assert_int_equal(fires[i].irq_no, 1);
        assert_true(fires[i].at >= t && fires[i].at <= t + MIN_LEAD_US);
    }
    assert_int_equal(get_stats().irqs, 1);
}

static void slow_cb(timer_id id, void *data)
{
    record(id, data);
    fake_hw_spend(10);
}

static void test_deadline_due_at_rearm_runs_in_same_irq(void **state)
{
    (void)state;
    timer_register(100, slow_cb, TAG(1));
    timer_register(105, record, TAG(2));
    timer_register(200, record, TAG(3));
    fake_hw_advance_to(T0 + 1000);
    assert_int_equal(nfires, 3);
    assert_true(fires[0].at == T0 + 100);
    assert_true(fires[1].at == T0 + 110); /* 5 us late, not 2^32 us */
    assert_int_equal(fires[1].irq_no, 1);
    assert_true(fires[2].at == T0 + 200);
    struct timer_stats s = get_stats();
    assert_int_equal(s.irqs, 2);
    assert_int_equal(s.late_handled, 1);
    assert_int_equal(s.fired, 3);
}

static void test_late_irq_runs_everything_due(void **state)
{
    (void)state;
    fake_hw_set_latency(10);
    timer_register(100, record, TAG(1));
    timer_register(103, record, TAG(2));
    timer_register(150, record, TAG(3));
    fake_hw_advance_to(T0 + 1000);
    assert_int_equal(nfires, 3);
    assert_true(fires[0].at == T0 + 110);
    assert_true(fires[1].at == T0 + 110);
    assert_int_equal(fires[1].irq_no, 1);
    assert_true(fires[2].at == T0 + 160);
    assert_int_equal(get_stats().irqs, 2);
}

static void test_one_us_apart_never_lost(void **state)
{
    (void)state;
    /* At the first IRQ the second is 1 us ahead: inside the driver's margin, so it cannot be
     * armed; the queue must neither run it early nor leave it to a 2^32 wrap. */
    timer_register(100, record, TAG(1));
    timer_register(101, record, TAG(2));
    fake_hw_advance_to(T0 + 1000);
    assert_int_equal(nfires, 2);
    assert_true(fires[0].at == T0 + 100);
    assert_true(fires[1].at >= T0 + 101);
    assert_true(fires[1].at <= T0 + 100 + MIN_LEAD_US);
    assert_int_equal(get_stats().fired, 2);
}

static void test_huge_delay_does_not_wrap(void **state)
{
    (void)state;
    /* "Never" spelled as the largest delay: now + delay must not wrap into the past. Refusing
     * it (0) or keeping it pending is fine; firing it now is not. */
    timer_id id = timer_register(UINT64_MAX, record, NULL);
    fake_hw_advance(1ull << 36);
    if (nfires)
        fail_msg("timer_register(UINT64_MAX) fired %" PRIu64 " us after registering: "
                 "now + delay wrapped to a past deadline",
                 fires[0].at - T0);
    if (id)
        assert_true(timer_deadline(id) > fake_hw_now());
}

static int huge_calls;

static void huge_period_cb(timer_id id, void *data)
{
    record(id, data);
    if (++huge_calls == 3)
        timer_remove(id); /* so a queue that loops on it cannot hang the test */
}

static void test_huge_period_does_not_wrap(void **state)
{
    (void)state;
    /* Same for a period: neither the first deadline nor the next one may wrap. */
    huge_calls = 0;
    timer_id id = timer_register_periodic(UINT64_MAX - 5, huge_period_cb, NULL);
    fake_hw_advance(1ull << 36);
    if (huge_calls)
        fail_msg("timer_register_periodic(2^64 - 6) ran %d times in IRQ %u at +%" PRIu64
                 " us (stopped by the callback removing itself): every next deadline wraps "
                 "into the past, so run_due() would loop forever",
                 huge_calls, fires[huge_calls - 1].irq_no, fires[huge_calls - 1].at - T0);
    if (id)
        assert_true(timer_deadline(id) > fake_hw_now());
}

/* ---- pool, stop, tickless, stats ------------------------------------------------------------ */

static void test_pool_full(void **state)
{
    (void)state;
    static timer_id ids[TIMER_POOL_SIZE];
    for (int i = 0; i < TIMER_POOL_SIZE; i++) {
        ids[i] = timer_register(1000 + (uint64_t)(TIMER_POOL_SIZE - i), record, TAG(i));
        assert_int_not_equal(ids[i], 0);
        for (int j = 0; j < i; j += 37)
            assert_int_not_equal(ids[i], ids[j]);
    }
    assert_int_equal(get_stats().pending, TIMER_POOL_SIZE);
    assert_int_equal(timer_register(5, record, NULL), 0);
    assert_int_equal(timer_register_at(T0 + 5, record, NULL), 0);
    assert_int_equal(timer_register_periodic(5, record, NULL), 0);
    assert_int_equal(get_stats().pending, TIMER_POOL_SIZE);
    assert_int_equal(timer_remove(ids[100]), 0);
    timer_id extra = timer_register(5, record, TAG(-1));
    assert_int_not_equal(extra, 0);
    assert_int_equal(timer_register(5, record, NULL), 0);
    fake_hw_advance_to(T0 + 100000);
    assert_int_equal(nfires, TIMER_POOL_SIZE);
    assert_int_equal(fires[0].id, extra);
    /* Then latest-registered first: the delays fall with i. */
    for (unsigned k = 1, i = TIMER_POOL_SIZE; k < nfires; k++) {
        if (--i == 100)
            --i;
        assert_int_equal(fires[k].id, ids[i]);
    }
    assert_int_equal(get_stats().pending, 0);
    assert_int_not_equal(timer_register(5, record, NULL), 0);
}

static void test_stop_cancels_and_disarms(void **state)
{
    (void)state;
    timer_id ids[4];
    ids[0] = timer_register(100, record, NULL);
    ids[1] = timer_register(0, record, NULL);
    ids[2] = timer_register_periodic(50, record, NULL);
    ids[3] = timer_register((1ull << 33), record, NULL);
    assert_true(fake_hw_line_enabled());
    assert_int_equal(timer_stop(), 0);
    assert_false(fake_hw_line_registered());
    assert_false(fake_hw_line_enabled());
    assert_false(fake_hw_pending());
    fake_hw_advance((1ull << 34));
    assert_int_equal(nfires, 0);
    assert_int_equal(fake_hw_irqs(), 0);
    assert_int_equal(timer_register(10, record, NULL), 0);
    assert_int_equal(timer_register_at(fake_hw_now() + 10, record, NULL), 0);
    assert_int_equal(timer_register_periodic(10, record, NULL), 0);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(timer_remove(ids[i]), -ENOENT);
        assert_true(timer_deadline(ids[i]) == 0);
    }
    /* Started again: the old ids stay dead, new timers work. */
    assert_int_equal(timer_start(), 0);
    assert_int_equal(get_stats().pending, 0);
    for (int i = 0; i < 4; i++)
        assert_int_equal(timer_remove(ids[i]), -ENOENT);
    timer_id n = timer_register(10, record, NULL);
    assert_int_not_equal(n, 0);
    fake_hw_advance(100);
    assert_int_equal(nfires, 1);
    assert_int_equal(fires[0].id, n);
}

static void test_stop_clears_latched_match(void **state)
{
    (void)state;
    timer_register(100, record, NULL);
    fake_hw_set_now(T0 + 200); /* IRQs masked at the CPU: the match latches, nothing runs */
    assert_true(fake_hw_pending());
    assert_int_equal(timer_stop(), 0);
    assert_false(fake_hw_pending());
    assert_int_equal(nfires, 0);
    /* Started again, the old match must not come in as an IRQ. */
    assert_int_equal(timer_start(), 0);
    timer_register(1000, record, NULL);
    fake_hw_advance(2000);
    assert_int_equal(nfires, 1);
    assert_true(fires[0].at == T0 + 1200);
    assert_int_equal(fake_hw_irqs(), 1);
}

static int stop_result;

static void stop_cb(timer_id id, void *data)
{
    record(id, data);
    stop_result = timer_stop();
}

static void test_stop_from_callback(void **state)
{
    (void)state;
    stop_result = 1;
    timer_register_periodic(100, record, TAG(0)); /* at 100; at 200 behind the two below */
    timer_register(200, stop_cb, TAG(1));
    timer_register(200, record, TAG(2)); /* due in the same IRQ, after the stop */
    timer_register(500, record, TAG(3));
    fake_hw_advance(10000);
    assert_int_equal(stop_result, 0);
    assert_int_equal(nfires, 2);
    assert_ptr_equal(fires[0].data, TAG(0));
    assert_ptr_equal(fires[1].data, TAG(1));
    assert_true(fires[1].at == T0 + 200);
    assert_false(fake_hw_line_registered());
    assert_int_equal(fake_hw_irqs(), 2);
    assert_int_equal(timer_register(10, record, NULL), 0);
    assert_int_equal(timer_start(), 0);
    timer_register(10, record, TAG(4));
    fake_hw_advance(100);
    assert_int_equal(nfires, 3);
    assert_ptr_equal(fires[2].data, TAG(4));
}

static void test_tickless_without_timers(void **state)
{
    (void)state;
    fake_hw_advance(10000000000ull);
    assert_int_equal(fake_hw_irqs(), 0);
    assert_false(fake_hw_line_enabled());
    timer_register(100, record, NULL);
    fake_hw_advance(1000);
    assert_int_equal(fake_hw_irqs(), 1);
    fake_hw_advance(10000000000ull);
    assert_int_equal(fake_hw_irqs(), 1);
    assert_false(fake_hw_line_enabled());
    /* A removed last timer leaves the line masked: its deadline passes without an IRQ. */
    timer_id id = timer_register(100, record, NULL);
    assert_int_equal(timer_remove(id), 0);
    assert_false(fake_hw_line_enabled());
    fake_hw_advance(10000000000ull);
    assert_int_equal(fake_hw_irqs(), 1);
    assert_int_equal(nfires, 1);
    struct timer_stats s = get_stats();
    assert_int_equal(s.irqs, 1);
    assert_int_equal(s.idle_irqs, 0);
}

static void test_no_idle_irq_after_removed_last_timer(void **state)
{
    (void)state;
    /* The last timer is removed before its compare; the compare still matches (masked). When
     * the next timer unmasks the line that stale match must not come in as an IRQ with nothing
     * due: idle IRQs are for far deadlines' intermediate steps only (timer.h). */
    timer_id id = timer_register(100, record, NULL);
    assert_int_equal(timer_remove(id), 0);
    fake_hw_advance(200);
    assert_int_equal(fake_hw_irqs(), 0);
    timer_register(1000, record, NULL);
    fake_hw_advance(2000);
    assert_int_equal(nfires, 1);
    assert_true(fires[0].at == T0 + 200 + 1000);
    struct timer_stats s = get_stats();
    if (s.irqs != 1 || s.idle_irqs != 0)
        fail_msg("%u IRQs (%u idle), want 1 (0 idle): the match latched while the line was "
                 "masked came in when the new timer unmasked it",
                 s.irqs, s.idle_irqs);
}

static void test_stats_counts(void **state)
{
    (void)state;
    struct timer_stats s = get_stats();
    assert_int_equal(s.irqs, 0);
    assert_int_equal(s.idle_irqs, 0);
    assert_int_equal(s.fired, 0);
    assert_int_equal(s.pending, 0);
    assert_int_equal(s.late_handled, 0);
    timer_register(100, slow_cb, NULL);                              /* runs 10 us: */
    timer_register(105, record, NULL);                               /* late at re-arm */
    timer_register(100, record, NULL);                               /* same IRQ as the first */
    timer_id periodic = timer_register_periodic(1000, record, NULL); /* 3 calls by 3500 */
    timer_register(SYSTIMER_MAX_STEP_US + 100000ull, record, NULL);  /* one step first */
    timer_id gone = timer_register(2000, record, NULL);
    s = get_stats();
    assert_int_equal(s.pending, 6);
    assert_int_equal(timer_remove(gone), 0);
    assert_int_equal(get_stats().pending, 5);
    fake_hw_advance_to(T0 + 3500);
    s = get_stats();
    assert_int_equal(s.irqs, 4); /* 100, 1000, 2000, 3000 */
    assert_int_equal(s.fired, 6);
    assert_int_equal(s.late_handled, 1);
    assert_int_equal(s.idle_irqs, 0);
    assert_int_equal(s.pending, 2); /* the periodic and the far one */
    /* IRQs masked for a long stretch: one IRQ, the periodic runs once and skips the rest. */
    fake_hw_set_now(T0 + SYSTIMER_MAX_STEP_US + 50000);
    fake_hw_advance(0);
    s = get_stats();
    assert_int_equal(s.irqs, 5);
    assert_int_equal(s.fired, 7);
    assert_int_equal(s.idle_irqs, 0);
    assert_int_equal(s.pending, 2);
    assert_int_equal(timer_remove(periodic), 0);
    fake_hw_advance(50000); /* the far one, now the head and within one step */
    s = get_stats();
    assert_int_equal(s.irqs, 6);
    assert_int_equal(s.fired, 8);
    assert_int_equal(s.pending, 0);
    /* Farther than one compare step: one IRQ with nothing due on the way. */
    timer_register(SYSTIMER_MAX_STEP_US + 1000ull, record, NULL);
    fake_hw_advance(SYSTIMER_MAX_STEP_US + 1000ull);
    s = get_stats();
    assert_int_equal(s.irqs, 8);
    assert_int_equal(s.idle_irqs, 1);
    assert_int_equal(s.fired, 9);
    assert_int_equal(s.late_handled, 1);
    assert_int_equal(s.pending, 0);
}

/* ---- random run against a reference model ---------------------------------------------------

   The model keeps the pending timers as a sorted array of (deadline, seq) entries and the state
   of the hardware the fake models (compare, armed, pending match, line), and simulates the
   queue's documented rules: compare at the head's deadline, a due head aimed MIN_LEAD_US ahead
   from task context and run at once from the IRQ, periodic deadlines on the start + k * period
   grid with missed periods skipped. Every callback the real queue makes (time, id, what the
   callback's own API calls returned) must be the one the model expects next. */

enum action { ACT_NONE, ACT_REMOVE_OTHER, ACT_REMOVE_SELF, ACT_REGISTER, ACT_REREGISTER };

struct spec { /* what a random timer's callback does; fixed once registered */
    enum action act;
    uint64_t delay;                   /* ACT_REGISTER, ACT_REREGISTER */
    timer_id target;                  /* ACT_REMOVE_OTHER */
    unsigned real_links, model_links; /* ACT_REREGISTER: runs so far, seen by either side */
};

struct rfire { /* one callback, as the real queue ran it */
    timer_id id;
    uint64_t at;
    struct spec *sp;
    int in_irq;
    int result;      /* timer_remove() result */
    timer_id new_id; /* timer_register() result */
};

struct mtimer {
    timer_id id;
    uint64_t deadline, seq, period, overruns;
    struct spec *sp;
};

#define RSTEPS_DEFAULT 100000
#define HIST           4096

static struct spec plain_spec = {ACT_NONE, 0, 0, 0, 0};
static struct spec *specs; /* one per registration from a step, at most */
static unsigned nspecs, nspecs_max;
static struct rfire *rlog;
static unsigned nrlog, rlog_cap, rpos;

static struct {
    uint64_t now, seq, cmp;
    int armed, pending, line_reg, line_on, running, in_handler;
    struct mtimer q[TIMER_POOL_SIZE];
    int n;
    struct timer_stats st;
    uint32_t hw_irqs;
} M;

static uint64_t m_seed;
static long m_step;
static struct {
    unsigned long callbacks, irqs, idle, late, full, remove_ok, remove_enoent, stalls, overrun,
        stops, cb_remove_ok, cb_register;
} cov;
static char m_op[160];
static timer_id hist[HIST];
static unsigned nhist;
/* Every id the run was given: a new timer must never get an old timer's id. */
#define ISSUED_BITS 20
static timer_id *issued;
static unsigned nissued;

#define MCHECK(cond, ...)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            char why_[256];                                                                        \
            snprintf(why_, sizeof why_, __VA_ARGS__);                                              \
            fail_msg("TIMER_SEED=%" PRIu64 " step %ld (%s): %s", m_seed, m_step, m_op, why_);      \
        }                                                                                          \
    } while (0)

static uint64_t rng;
static uint64_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dull;
}

static uint64_t below(uint64_t n)
{
    return n ? rnd() % n : 0;
}

/* Whether an ACT_REREGISTER chain goes on after its link-th run: 1 to 6 runs in all. */
static int chain_goes_on(const struct spec *sp, unsigned link)
{
    return link + 1 < 1 + (unsigned)((sp - specs) % 6);
}

static void random_cb(timer_id id, void *data)
{
    struct spec *sp = data;
    /* A queue that loops (say, re-running a timer that re-registers itself) fails here. */
    MCHECK(nrlog < (1u << 20), "runaway: over %u callbacks in one step", nrlog);
    if (nrlog == rlog_cap) {
        rlog_cap = rlog_cap ? 2 * rlog_cap : 1024;
        rlog = realloc(rlog, rlog_cap * sizeof *rlog);
        assert_non_null(rlog);
    }
    struct rfire *f = &rlog[nrlog++];
    *f = (struct rfire){id, time_us(), sp, fake_hw_in_irq(), 0, 0};
    switch (sp->act) {
    case ACT_REMOVE_OTHER: f->result = timer_remove(sp->target); break;
    case ACT_REMOVE_SELF: f->result = timer_remove(id); break;
    case ACT_REGISTER: f->new_id = timer_register(sp->delay, random_cb, (void *)&plain_spec); break;
    case ACT_REREGISTER:
        if (chain_goes_on(sp, sp->real_links++))
            f->new_id = timer_register(sp->delay, random_cb, data);
        break;
    case ACT_NONE: break;
    }
}

static int m_find(timer_id id)
{
    if (id == 0)
        return -1;
    for (int i = 0; i < M.n; i++)
        if (M.q[i].id == id)
            return i;
    return -1;
}

static int m_insert(struct mtimer t)
{
    t.seq = M.seq++;
    int i = M.n;
    while (i > 0 && (M.q[i - 1].deadline > t.deadline ||
                     (M.q[i - 1].deadline == t.deadline && M.q[i - 1].seq > t.seq))) {
        M.q[i] = M.q[i - 1];
        i--;
    }
    M.q[i] = t;
    M.n++;
    return i;
}

static void m_erase(int i)
{
    memmove(&M.q[i], &M.q[i + 1], (size_t)(M.n - i - 1) * sizeof M.q[0]);
    M.n--;
}

static int m_arm(uint64_t deadline)
{
    if (deadline > M.now + SYSTIMER_MAX_STEP_US)
        deadline = M.now + SYSTIMER_MAX_STEP_US;
    M.cmp = deadline;
    M.armed = deadline >= M.now + ARM_MARGIN_US;
    return M.armed ? 0 : -ETIME;
}

/* Compare 1 at the head; a due head from task context MIN_LEAD_US ahead; -ETIME in IRQ. */
static int m_program(int in_irq)
{
    if (M.n == 0) {
        M.line_on = 0;
        return 0;
    }
    if (!M.line_on)
        M.pending = 0; /* timer.c drops a match latched while the line was masked */
    M.line_on = 1;
    int err = m_arm(M.q[0].deadline);
    if (err == -ETIME && in_irq)
        return err;
    while (err == -ETIME)
        err = m_arm(M.now + MIN_LEAD_US);
    return 0;
}

static void hist_add(timer_id id)
{
    hist[nhist++ % HIST] = id;
}

/* Adds id to the issued set; 0 if it was there already. */
static int issue(timer_id id)
{
    MCHECK(nissued < (1u << ISSUED_BITS) / 2, "issued-id set full");
    uint32_t i = (id * 2654435761u) >> (32 - ISSUED_BITS);
    for (; issued[i]; i = (i + 1) & ((1u << ISSUED_BITS) - 1))
        if (issued[i] == id)
            return 0;
    issued[i] = id;
    nissued++;
    return 1;
}

/* The real call returned got for a timer the model would queue at deadline. */
static void m_add(uint64_t deadline, uint64_t period, struct spec *sp, timer_id got)
{
    if (!M.running || M.n == TIMER_POOL_SIZE) {
        cov.full += M.running;
        MCHECK(got == 0, "register returned %u, want 0 (running %d, %d pending)", got, M.running,
               M.n);
        return;
    }
    MCHECK(got != 0, "register returned 0 with %d pending", M.n);
    MCHECK(issue(got), "register returned %u, an id given out before", got);
    hist_add(got);
    struct mtimer t = {got, deadline, 0, period, 0, sp};
    /* From a callback the handler aims the compare once, after its callbacks. */
    if (m_insert(t) == 0 && !M.in_handler)
        m_program(0);
}

static int m_remove(timer_id id)
{
    int i = m_find(id);
    if (i < 0)
        return -ENOENT;
    m_erase(i);
    if (i == 0 && !M.in_handler)
        m_program(0);
    return 0;
}

static struct rfire *next_fire(void)
{
    cov.callbacks++;
    MCHECK(rpos < nrlog,
           "model runs a callback at %" PRIu64 " (id %u, deadline %" PRIu64 "), the queue ran none",
           M.now, M.q[0].id, M.q[0].deadline);
    return &rlog[rpos++];
}

static void m_run_due(uint64_t now)
{
    while (M.n && M.q[0].deadline <= now) {
        struct mtimer t = M.q[0];
        m_erase(0);
        if (t.period) {
            uint64_t next = t.deadline + t.period;
            if (next <= now) {
                uint64_t missed = (now - t.deadline) / t.period;
                t.overruns += missed;
                cov.overrun++;
                next = t.deadline + (missed + 1) * t.period;
            }
            t.deadline = next;
            m_insert(t);
        }
        M.st.fired++;
        struct rfire *f = next_fire();
        MCHECK(f->id == t.id && f->at == M.now, "callback %u at %" PRIu64 ", want %u at %" PRIu64,
               f->id, f->at, t.id, M.now);
        MCHECK(f->in_irq, "callback outside IRQ");
        MCHECK(f->sp == t.sp, "callback data differs");
        int want;
        switch (t.sp->act) {
        case ACT_REMOVE_OTHER:
            want = m_remove(t.sp->target);
            MCHECK(f->result == want, "remove(%u) in callback: %d, want %d", t.sp->target,
                   f->result, want);
            cov.cb_remove_ok += want == 0;
            break;
        case ACT_REMOVE_SELF:
            want = m_remove(t.id);
            MCHECK(f->result == want, "remove(self %u) in callback: %d, want %d", t.id, f->result,
                   want);
            break;
        case ACT_REGISTER:
            m_add(M.now + t.sp->delay, 0, &plain_spec, f->new_id);
            cov.cb_register++;
            break;
        case ACT_REREGISTER:
            if (chain_goes_on(t.sp, t.sp->model_links++))
                m_add(M.now + t.sp->delay, 0, t.sp, f->new_id);
            else
                MCHECK(f->new_id == 0, "chain registered unasked");
            break;
        case ACT_NONE: break;
        }
    }
}

static void m_irq(void)
{
    M.pending = 0; /* the clearer acknowledges */
    M.hw_irqs++;
    M.st.irqs++;
    cov.irqs++;
    uint32_t fired_before = M.st.fired;
    M.in_handler = 1;
    for (int pass = 0;; pass++) {
        m_run_due(M.now);
        if (pass == IRQ_MAX_PASSES) {
            m_program(0);
            break;
        }
        if (m_program(1) != -ETIME)
            break;
        M.st.late_handled++;
        cov.late++;
    }
    M.in_handler = 0;
    if (M.st.fired == fired_before) {
        M.st.idle_irqs++;
        cov.idle++;
    }
}

static void m_set_now(uint64_t t)
{
    if (M.armed && M.cmp <= t) {
        M.armed = 0;
        M.pending = 1;
    }
    M.now = t;
}

static void m_advance_to(uint64_t t)
{
    for (;;) {
        if (M.pending && M.line_reg && M.line_on) {
            m_irq();
            continue;
        }
        if (M.armed && M.cmp <= t) {
            M.now = M.cmp;
            m_set_now(M.now);
            continue;
        }
        break;
    }
    if (t > M.now)
        M.now = t;
}

static void m_check_state(void)
{
    MCHECK(rpos == nrlog, "the queue ran %u callbacks, the model expected %u", nrlog, rpos);
    struct timer_stats s = get_stats();
    MCHECK(s.pending == (uint32_t)M.n, "stats.pending %u, want %d", s.pending, M.n);
    MCHECK(s.irqs == M.st.irqs && s.idle_irqs == M.st.idle_irqs && s.fired == M.st.fired &&
               s.late_handled == M.st.late_handled,
           "stats irqs/idle/fired/late %u/%u/%u/%u, want %u/%u/%u/%u", s.irqs, s.idle_irqs, s.fired,
           s.late_handled, M.st.irqs, M.st.idle_irqs, M.st.fired, M.st.late_handled);
    MCHECK(fake_hw_now() == M.now, "clock %" PRIu64 ", want %" PRIu64, fake_hw_now(), M.now);
    MCHECK(fake_hw_irqs() == M.hw_irqs, "%u IRQs, want %u", fake_hw_irqs(), M.hw_irqs);
    MCHECK(fake_hw_line_registered() == M.line_reg, "line registered %d",
           fake_hw_line_registered());
    MCHECK(fake_hw_line_enabled() == (M.line_reg && M.line_on), "line enabled %d",
           fake_hw_line_enabled());
    MCHECK(fake_hw_armed() == M.armed && (!M.armed || fake_hw_compare() == M.cmp),
           "compare armed %d at %" PRIu64 ", want armed %d at %" PRIu64, fake_hw_armed(),
           fake_hw_compare(), M.armed, M.cmp);
    MCHECK(fake_hw_pending() == M.pending, "match pending %d", fake_hw_pending());
}

/* Some id: pending, once issued (fired, removed or stale), or garbage. */
static timer_id some_id(void)
{
    uint64_t r = below(10);
    if (r < 5 && M.n)
        return M.q[below((uint64_t)M.n)].id;
    if (r < 8 && nhist)
        return hist[below(nhist < HIST ? nhist : HIST)];
    if (r == 8)
        return (timer_id)rnd();
    return (timer_id)below(TIMER_POOL_SIZE + 3);
}

static int periodic_live(void)
{
    int n = 0;
    for (int i = 0; i < M.n; i++)
        n += M.q[i].period != 0;
    return n;
}

static uint64_t random_delay(int fill)
{
    uint64_t r = below(100);
    if (fill)
        return 100000 + below(5000000);
    if (r < 10)
        return 0;
    if (r < 20)
        return 1 + below(2 * MIN_LEAD_US); /* around the margin and the lead */
    if (r < 55)
        return 1 + below(2000);
    if (r < 75)
        return 2001 + below(100000);
    if (r < 85 && M.n) {
        uint64_t d = M.q[below((uint64_t)M.n)].deadline; /* equal to a pending deadline */
        return d >= M.now ? d - M.now : 0;
    }
    if (r < 97)
        return 100001 + below(5000000);
    static const uint64_t far[] = {SYSTIMER_MAX_STEP_US, SYSTIMER_MAX_STEP_US + 1, 1ull << 32,
                                   (1ull << 33) + 5, 3ull << 31};
    return far[below(5)] + below(3);
}

static struct spec *random_spec(int periodic)
{
    uint64_t r = below(100);
    if (r < 60)
        return &plain_spec;
    MCHECK(nspecs < nspecs_max, "out of specs");
    struct spec *sp = &specs[nspecs++];
    if (r < 75) {
        *sp = (struct spec){ACT_REMOVE_OTHER, 0, some_id(), 0, 0};
    } else if (r < 82) {
        *sp = (struct spec){ACT_REMOVE_SELF, 0, 0, 0, 0};
    } else if (r < 93 || periodic) {
        if (periodic) /* one-shot-heavy enough: a short period's children fill the pool */
            *sp = (struct spec){ACT_REMOVE_SELF, 0, 0, 0, 0};
        else
            *sp = (struct spec){ACT_REGISTER, below(3) ? random_delay(0) % 5000 : 0, 0, 0, 0};
    } else {
        *sp = (struct spec){ACT_REREGISTER, below(2) ? 0 : 1 + below(3000), 0, 0, 0};
    }
    return sp;
}

static void random_step(long step)
{
    nrlog = rpos = 0;
    int fill = (step / 2000) % 3 == 1; /* every third stretch mostly registers far timers */
    uint64_t r = below(1000);

    if ((r < 2 && !fill && below(8) == 0) || (!M.running && r < 300)) {
        if (M.running) {
            snprintf(m_op, sizeof m_op, "timer_stop");
            int got = timer_stop();
            MCHECK(got == 0, "timer_stop %d", got);
            cov.stops++;
            M.n = 0;
            M.line_reg = M.line_on = 0;
            M.pending = 0;
            M.running = 0;
        } else {
            snprintf(m_op, sizeof m_op, "timer_start");
            int got = timer_start();
            MCHECK(got == 0, "timer_start %d", got);
            M.st = (struct timer_stats){0};
            M.line_reg = 1;
            M.line_on = 0;
            M.running = 1;
        }
    } else if (r < 4) {
        snprintf(m_op, sizeof m_op, "timer_start again");
        int got = timer_start();
        MCHECK(got == -EBUSY, "timer_start while running %d", got);
    } else if (r < (fill ? 600u : 250u)) {
        uint64_t delay = random_delay(fill);
        struct spec *sp = random_spec(0);
        snprintf(m_op, sizeof m_op, "timer_register(%" PRIu64 ") act %d", delay, sp->act);
        timer_id got = timer_register(delay, random_cb, (void *)sp);
        m_add(M.now + delay, 0, sp, got);
    } else if (r < (fill ? 700u : 350u)) {
        uint64_t d;
        uint64_t k = below(4);
        if (k == 0)
            d = M.now - below(3000);
        else if (k == 1)
            d = below(2) ? 0 : M.now;
        else
            d = M.now + random_delay(fill);
        struct spec *sp = random_spec(0);
        snprintf(m_op, sizeof m_op, "timer_register_at(%" PRIu64 ")", d);
        timer_id got = timer_register_at(d, random_cb, (void *)sp);
        m_add(d, 0, sp, got);
    } else if (r < (fill ? 720u : 390u)) {
        static const uint64_t periods[] = {0, 1, 3, 50, 1000, 4096, 100000, 3000000};
        uint64_t p = periods[below(8)];
        if (periodic_live() >= 4 || (p < 50 && below(3)))
            p = 100000 + below(3) * 1450000;
        struct spec *sp = random_spec(p < 1000);
        snprintf(m_op, sizeof m_op, "timer_register_periodic(%" PRIu64 ")", p);
        timer_id got = timer_register_periodic(p, random_cb, (void *)sp);
        if (p == 0)
            MCHECK(got == 0, "period 0 registered");
        else
            m_add(M.now + p, p, sp, got);
    } else if (r < (fill ? 730u : 395u)) {
        snprintf(m_op, sizeof m_op, "timer_register(NULL cb)");
        MCHECK(timer_register(below(100), NULL, NULL) == 0, "NULL callback registered");
    } else if (r < (fill ? 800u : 560u)) {
        timer_id id = some_id();
        snprintf(m_op, sizeof m_op, "timer_remove(%u)", id);
        int got = timer_remove(id);
        int want = m_remove(id);
        if (want)
            cov.remove_enoent++;
        else
            cov.remove_ok++;
        MCHECK(got == want, "timer_remove(%u) %d, want %d", id, got, want);
    } else if (r < (fill ? 820u : 620u)) {
        timer_id id = some_id();
        snprintf(m_op, sizeof m_op, "query(%u)", id);
        int i = m_find(id);
        uint64_t d = timer_deadline(id);
        int64_t o = timer_overruns(id);
        MCHECK(d == (i < 0 ? 0 : M.q[i].deadline), "timer_deadline(%u) %" PRIu64, id, d);
        MCHECK(o == (i < 0 ? -ENOENT : (int64_t)M.q[i].overruns),
               "timer_overruns(%u) %" PRId64 ", want %" PRIu64, id, o, i < 0 ? 0 : M.q[i].overruns);
    } else if (r < 960) {
        /* Advance: a few microseconds mostly, sometimes far; far walks only without small
         * periods (each period is an IRQ), else IRQs masked over the stretch (overruns). */
        uint64_t k = below(100), us;
        if (k < 5)
            us = 0;
        else if (k < 50)
            us = 1 + below(200);
        else if (k < 90)
            us = 1 + below(20000);
        else if (k < 97)
            us = 20000 + below(2000000);
        else
            us = (1ull << 31) + below(1ull << 33);
        if (fill && us > 2000)
            us = below(2000); /* let the far timers pile up */
        int stall = below(10) == 0;
        /* A walk takes an IRQ per period of each periodic timer: keep it to some hundreds. */
        uint64_t min_period = UINT64_MAX;
        for (int i = 0; i < M.n; i++)
            if (M.q[i].period && M.q[i].period < min_period)
                min_period = M.q[i].period;
        if (!stall && min_period != UINT64_MAX && us / min_period > 200) {
            if (below(2))
                stall = 1;
            else
                us = 200 * min_period;
        }
        if (stall && us > (1ull << 20) && min_period < 1000)
            us = 1 + below(1ull << 20); /* keeps overrun counts far from 32 bits */
        snprintf(m_op, sizeof m_op, "%s %" PRIu64 " us from %" PRIu64, stall ? "stall" : "advance",
                 us, M.now);
        uint64_t t = M.now + us;
        if (stall) {
            cov.stalls++;
            fake_hw_set_now(t);
            m_set_now(t);
        }
        fake_hw_advance_to(t);
        m_advance_to(t);
    } else {
        snprintf(m_op, sizeof m_op, "advance by 0");
        fake_hw_advance(0);
        m_advance_to(M.now);
    }
    m_check_state();
}

static void test_random_against_model(void **state)
{
    (void)state;
    m_seed = 20240601;
    const char *env = getenv("TIMER_SEED");
    if (env)
        m_seed = strtoull(env, NULL, 0);
    long steps = RSTEPS_DEFAULT;
    const char *env_steps = getenv("TIMER_STEPS");
    if (env_steps)
        steps = strtol(env_steps, NULL, 0);
    printf("random model test: TIMER_SEED=%" PRIu64 ", %ld steps\n", m_seed, steps);
    fflush(stdout);
    rng = m_seed * 0x9e3779b97f4a7c15ull + 1;

    nspecs_max = (unsigned)steps + 1;
    free(specs); /* a failed run leaves them (reachable) */
    specs = calloc(nspecs_max, sizeof *specs);
    free(issued);
    issued = calloc(1u << ISSUED_BITS, sizeof *issued);
    assert_non_null(issued);
    nissued = 0;
    assert_non_null(specs);
    nspecs = 0;
    nhist = 0;
    memset(&M, 0, sizeof M);
    /* Start a little before the 32-bit wrap; the setup started the queue at T0. */
    M.now = (1ull << 32) - 3000000;
    const uint64_t start = M.now;
    fake_hw_set_now(M.now);
    memset(&cov, 0, sizeof cov);
    M.line_reg = 1;
    M.running = 1;
    uint32_t max_pending = 0;
    for (m_step = 0; m_step < steps; m_step++) {
        random_step(m_step);
        const char *broken = timer_check(); /* the kernel's own check agrees all along */
        if (broken)
            fail_msg("step %ld: timer_check: %s", m_step, broken);
        if ((uint32_t)M.n > max_pending)
            max_pending = (uint32_t)M.n;
    }
    printf("random model test: %lu callbacks, %lu IRQs (%lu idle, %lu late passes), %lu "
           "overrun skips, %lu stalls, %lu/%lu removes ok/-ENOENT, %lu pool-full refusals, %lu "
           "stops, %lu removes and %lu registers in callbacks, %" PRIu64 " us simulated\n",
           cov.callbacks, cov.irqs, cov.idle, cov.late, cov.overrun, cov.stalls, cov.remove_ok,
           cov.remove_enoent, cov.full, cov.stops, cov.cb_remove_ok, cov.cb_register,
           M.now - start);
    if (steps >= RSTEPS_DEFAULT)
        assert_int_equal(max_pending, TIMER_POOL_SIZE); /* the run filled the pool */
    free(specs);
    specs = NULL;
    free(issued);
    issued = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_start_twice_busy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_start_fails_when_line_taken, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_rejects_bad_args, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deadline_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_equal_deadlines_fifo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remove_pending, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remove_fired_and_unknown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_id_never_cancels_newer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_callback_registers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_callback_removes_other, setup, teardown),
        cmocka_unit_test_setup_teardown(test_periodic_removes_itself, setup, teardown),
        cmocka_unit_test_setup_teardown(test_callback_reregisters_itself, setup, teardown),
        cmocka_unit_test_setup_teardown(test_periodic_zero_drift, setup, teardown),
        cmocka_unit_test_setup_teardown(test_periodic_zero_drift_late_irqs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_periodic_overrun_skips, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deadline_across_32bit_wrap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deadline_beyond_2_pow_32, setup, teardown),
        cmocka_unit_test_setup_teardown(test_delay_zero_fires_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deadline_due_at_rearm_runs_in_same_irq, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_late_irq_runs_everything_due, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_us_apart_never_lost, setup, teardown),
        cmocka_unit_test_setup_teardown(test_huge_delay_does_not_wrap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_huge_period_does_not_wrap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pool_full, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop_cancels_and_disarms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop_clears_latched_match, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop_from_callback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tickless_without_timers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_idle_irq_after_removed_last_timer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stats_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_against_model, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
