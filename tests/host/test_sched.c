/* Host tests of the round-robin policy (src/kernel/sched/sched_rr.c) and of sleeping through the
 * timer queue (src/kernel/sched/sched.c with timer.c over the fake system timer): wake order, FIFO on
 * equal wake times, late deadlines, and time slices armed only when two processes are ready. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fake_timer_hw.h"
#include "kernel/proc/proc.h"
#include "kernel/sched/sched.h"
#include "kernel/time/timer.h"
#include "lib/errno.h"

/* What sched.c needs from mm/vm.c and power/panic.c, kept minimal. */
static int vm_switches;
void vm_switch(struct vm_space *s)
{
    (void)s;
    vm_switches++;
}
void panic_at(const char *file, int line, const char *func, const char *fmt, ...)
{
    (void)func, (void)fmt;
    fail_msg("panic at %s:%d", file, line);
    abort();
}

#define N 12
static struct proc procs[N];

static int setup(void **state)
{
    (void)state;
    fake_hw_reset();
    fake_hw_set_now(1000000);
    timer_stop();
    assert_int_equal(timer_start(), 0);
    sched_init(&sched_rr, 10000);
    memset(procs, 0, sizeof procs);
    for (int i = 0; i < N; i++)
        procs[i].pid = i + 1;
    proc_current = NULL;
    /* Empty the policy's queue left by an earlier test. */
    while (sched_rr.pick_next())
        ;
    return 0;
}

static void test_rr_is_fifo(void **state)
{
    (void)state;
    for (int i = 0; i < 5; i++)
        sched_rr.enqueue(&procs[i]);
    assert_int_equal(sched_rr.nready(), 5);
    for (int i = 0; i < 5; i++)
        assert_ptr_equal(sched_rr.pick_next(), &procs[i]);
    assert_null(sched_rr.pick_next());
    assert_int_equal(sched_rr.nready(), 0);
}

static void test_rr_dequeue_anywhere(void **state)
{
    (void)state;
    for (int i = 0; i < 5; i++)
        sched_rr.enqueue(&procs[i]);
    sched_rr.dequeue(&procs[2]); /* middle */
    sched_rr.dequeue(&procs[0]); /* head */
    sched_rr.dequeue(&procs[4]); /* tail */
    sched_rr.dequeue(&procs[7]); /* not queued: nothing happens */
    assert_int_equal(sched_rr.nready(), 2);
    sched_rr.enqueue(&procs[5]); /* the tail pointer must still be right */
    assert_ptr_equal(sched_rr.pick_next(), &procs[1]);
    assert_ptr_equal(sched_rr.pick_next(), &procs[3]);
    assert_ptr_equal(sched_rr.pick_next(), &procs[5]);
    assert_null(sched_rr.pick_next());
}

static void test_slice_is_the_quantum(void **state)
{
    (void)state;
    struct kstats k;
    assert_int_equal(sched_set_quantum(2500), 0);
    assert_int_equal(sched_set_quantum(QUANTUM_MIN_US - 1), -EINVAL);
    assert_int_equal(sched_set_quantum(QUANTUM_MAX_US + 1), -EINVAL);
    assert_int_equal(sched_quantum(), 2500);
    sched_make_ready(&procs[0]);
    sched_return(); /* procs[0] runs */
    uint64_t start = fake_hw_now();
    sched_make_ready(&procs[1]); /* now a slice of one quantum is armed */
    fake_hw_advance_to(start + 2499);
    sched_get_stats(&k);
    assert_int_equal(k.slice_ends, 0);
    fake_hw_advance_to(start + 2500);
    sched_get_stats(&k);
    assert_int_equal(k.slice_ends, 1);
}

/* Puts procs[i] to sleep until t as if it had called sleep_until() while running. */
static int sleep_proc(int i, uint64_t t)
{
    procs[i].state = PROC_RUNNING;
    proc_current = &procs[i];
    int r = sched_sleep_until(t);
    proc_current = NULL;
    return r;
}

static void test_sleepers_wake_in_wake_time_order_fifo_on_ties(void **state)
{
    (void)state;
    /* Wake times out of order, with ties: 3 and 7 at +500, 1, 5 and 9 at +200. */
    static const uint64_t at[N] = {900, 200, 700, 500, 1100, 200, 300, 500, 100, 200, 1000, 50};
    uint64_t now = fake_hw_now();
    for (int i = 0; i < N; i++)
        assert_int_equal(sleep_proc(i, now + at[i]), 0);
    for (int i = 0; i < N; i++)
        assert_int_equal(procs[i].state, PROC_SLEEPING);
    assert_int_equal(sched_rr.nready(), 0);
    fake_hw_advance_to(now + 2000);
    static const int expected[N] = {11, 8, 1, 5, 9, 6, 3, 7, 2, 0, 10, 4};
    for (int k = 0; k < N; k++) {
        struct proc *p = sched_rr.pick_next();
        assert_non_null(p);
        assert_int_equal(p - procs, expected[k]);
        assert_int_equal(p->stats.wakeups, 1);
        assert_int_equal(p->state, PROC_READY);
    }
    assert_null(sched_rr.pick_next());
}

static void test_never_early(void **state)
{
    (void)state;
    uint64_t now = fake_hw_now();
    assert_int_equal(sleep_proc(0, now + 300), 0);
    fake_hw_advance_to(now + 299);
    assert_int_equal(procs[0].state, PROC_SLEEPING);
    assert_int_equal(sched_rr.nready(), 0);
    fake_hw_advance_to(now + 300);
    assert_int_equal(procs[0].state, PROC_READY);
}

static void test_deadline_in_the_past_is_late_and_does_not_sleep(void **state)
{
    (void)state;
    uint64_t now = fake_hw_now();
    assert_int_equal(sleep_proc(0, now - 1), SLEEP_LATE);
    assert_int_equal(sleep_proc(1, now), SLEEP_LATE);
    assert_int_equal(procs[0].state, PROC_RUNNING);
    struct timer_stats st;
    timer_get_stats(&st);
    assert_int_equal(st.pending, 0);
}

static void test_slice_only_with_two_ready(void **state)
{
    (void)state;
    struct timer_stats st;
    /* One process running alone: no slice timer. */
    sched_make_ready(&procs[0]);
    assert_non_null(sched_return());
    assert_ptr_equal(proc_current, &procs[0]);
    timer_get_stats(&st);
    assert_int_equal(st.pending, 0);
    /* A second becomes ready: now a slice is armed, and at its end the first goes to the tail. */
    sched_make_ready(&procs[1]);
    timer_get_stats(&st);
    assert_int_equal(st.pending, 1);
    fake_hw_advance_to(fake_hw_now() + 10000);
    sched_return();
    assert_ptr_equal(proc_current, &procs[1]);
    assert_int_equal(procs[0].state, PROC_READY);
    assert_int_equal(procs[0].stats.involuntary, 1);
    struct kstats k;
    sched_get_stats(&k);
    assert_int_equal(k.slice_ends, 1);
    assert_int_equal(k.switches, 2); /* idle -> 1, 1 -> 2 */
}

static void test_prio_highest_first_fifo_within_level(void **state)
{
    (void)state;
    static const int prio[6] = {1, 5, 1, 5, 0, 31};
    sched_prio.reset();
    for (int i = 0; i < 6; i++) {
        procs[i].param.prio = prio[i];
        sched_prio.enqueue(&procs[i]);
    }
    assert_int_equal(sched_prio.nready(), 6);
    static const int order[6] = {5, 1, 3, 0, 2, 4};
    for (int k = 0; k < 6; k++)
        assert_ptr_equal(sched_prio.pick_next(), &procs[order[k]]);
    assert_null(sched_prio.pick_next());
}

static void test_prio_preempts_and_slices_only_among_equals(void **state)
{
    (void)state;
    sched_prio.reset();
    procs[0].param.prio = 3;
    procs[1].param.prio = 1;
    procs[2].param.prio = 3;
    procs[3].param.prio = 7;
    assert_true(sched_prio.preempts(&procs[3], &procs[0]));
    assert_false(sched_prio.preempts(&procs[2], &procs[0]));
    assert_false(sched_prio.preempts(&procs[1], &procs[0]));
    sched_prio.enqueue(&procs[1]); /* lower priority waiting: no slice for 0 */
    assert_false(sched_prio.needs_slice(&procs[0]));
    sched_prio.enqueue(&procs[2]); /* an equal one waiting: round-robin between them */
    assert_true(sched_prio.needs_slice(&procs[0]));
    sched_prio.dequeue(&procs[2]);
    assert_false(sched_prio.needs_slice(&procs[0]));
    assert_int_equal(sched_prio.nready(), 1);
}

static void test_stride_shares_follow_tickets(void **state)
{
    (void)state;
    /* Three always-ready processes with 300:200:100 tickets, each pick runs a full quantum. */
    sched_stride.reset();
    static const uint32_t tickets[3] = {300, 200, 100};
    int runs[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        procs[i].param.tickets = tickets[i];
        procs[i].pass = 0;
        sched_stride.enqueue(&procs[i]);
    }
    for (int k = 0; k < 600; k++) {
        struct proc *p = sched_stride.pick_next();
        assert_non_null(p);
        runs[p - procs]++;
        sched_stride.ran(p, sched_quantum());
        sched_stride.enqueue(p);
    }
    assert_int_equal(runs[0], 300);
    assert_int_equal(runs[1], 200);
    assert_int_equal(runs[2], 100);
}

static void test_stride_newcomer_does_not_bank_time(void **state)
{
    (void)state;
    sched_stride.reset();
    procs[0].param.tickets = 100;
    procs[0].pass = 0;
    sched_stride.enqueue(&procs[0]);
    for (int k = 0; k < 50; k++) {
        struct proc *p = sched_stride.pick_next();
        sched_stride.ran(p, sched_quantum());
        sched_stride.enqueue(p);
    }
    /* A process arriving now starts at the current pass, not at 0: it alternates with the
     * old one instead of running 50 quanta in a row. */
    procs[1].param.tickets = 100;
    procs[1].pass = 0;
    sched_stride.enqueue(&procs[1]);
    int in_a_row = 0, longest = 0;
    struct proc *last = NULL;
    for (int k = 0; k < 20; k++) {
        struct proc *p = sched_stride.pick_next();
        in_a_row = p == last ? in_a_row + 1 : 1;
        if (in_a_row > longest)
            longest = in_a_row;
        last = p;
        sched_stride.ran(p, sched_quantum());
        sched_stride.enqueue(p);
    }
    assert_true(longest <= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_rr_is_fifo, setup),
        cmocka_unit_test_setup(test_rr_dequeue_anywhere, setup),
        cmocka_unit_test_setup(test_slice_is_the_quantum, setup),
        cmocka_unit_test_setup(test_sleepers_wake_in_wake_time_order_fifo_on_ties, setup),
        cmocka_unit_test_setup(test_never_early, setup),
        cmocka_unit_test_setup(test_deadline_in_the_past_is_late_and_does_not_sleep, setup),
        cmocka_unit_test_setup(test_slice_only_with_two_ready, setup),
        cmocka_unit_test_setup(test_prio_highest_first_fifo_within_level, setup),
        cmocka_unit_test_setup(test_prio_preempts_and_slices_only_among_equals, setup),
        cmocka_unit_test_setup(test_stride_shares_follow_tickets, setup),
        cmocka_unit_test_setup(test_stride_newcomer_does_not_bank_time, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
