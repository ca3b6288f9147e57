/* Host tests of the round-robin policy (src/kernel/sched/sched_rr.c) and of sleeping through the
 * timer queue (src/kernel/sched/sched.c with timer.c over the fake system timer): wake order, FIFO
 * on equal wake times, late deadlines, and time slices armed only when two processes are ready. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fake_timer_hw.h"
#include "kernel/proc/proc.h"
#include "kernel/rt/job.h"
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

/* The running process yields: what SYS_YIELD does, then the way out of the kernel. */
static struct proc *yield_now(void)
{
    sched_leave_cpu();
    sched_return();
    return proc_current;
}

static void test_a_switch_renews_the_slice_without_touching_the_timer(void **state)
{
    (void)state;
    struct kstats k;
    uint64_t t0 = fake_hw_now();
    sched_make_ready(&procs[0]);
    sched_make_ready(&procs[1]);
    sched_return(); /* procs[0] runs, its slice ends at t0 + 10000 */
    uint64_t compare = fake_hw_compare();
    assert_int_equal(compare, t0 + 10000);
    fake_hw_advance_to(t0 + 4000);
    assert_ptr_equal(yield_now(), &procs[1]);     /* a whole new slice: to t0 + 14000 */
    assert_int_equal(fake_hw_compare(), compare); /* the compare was not written */
    fake_hw_advance_to(t0 + 10000); /* the timer fires early and only queues itself again */
    sched_get_stats(&k);
    assert_int_equal(k.slice_ends, 0);
    assert_ptr_equal(sched_return(), &procs[1].tf);
    assert_ptr_equal(proc_current, &procs[1]);
    assert_int_equal(fake_hw_compare(), t0 + 14000);
    fake_hw_advance_to(t0 + 13999);
    sched_get_stats(&k);
    assert_int_equal(k.slice_ends, 0);
    fake_hw_advance_to(t0 + 14000);
    sched_get_stats(&k);
    assert_int_equal(k.slice_ends, 1);
    sched_return();
    assert_ptr_equal(proc_current, &procs[0]);
    assert_int_equal(procs[1].stats.involuntary, 1);
}

static void test_a_shorter_slice_moves_the_timer_earlier(void **state)
{
    (void)state;
    struct kstats k;
    uint64_t t0 = fake_hw_now();
    sched_make_ready(&procs[0]);
    sched_make_ready(&procs[1]);
    sched_return(); /* slice to t0 + 10000 */
    assert_int_equal(sched_set_quantum(1000), 0);
    fake_hw_advance_to(t0 + 500);
    assert_ptr_equal(yield_now(), &procs[1]); /* its slice ends at t0 + 1500, before the timer */
    assert_int_equal(fake_hw_compare(), t0 + 1500);
    fake_hw_advance_to(t0 + 1500);
    sched_get_stats(&k);
    assert_int_equal(k.slice_ends, 1);
    /* The old timer was taken out, not left behind: the one timer is queued again, a quantum
     * ahead, for the slice the coming switch starts. */
    struct timer_stats st;
    timer_get_stats(&st);
    assert_int_equal(st.pending, 1);
    assert_int_equal(fake_hw_compare(), t0 + 2500);
}

static void test_a_slice_end_keeps_the_timer_for_the_next_slice(void **state)
{
    (void)state;
    struct kstats k;
    uint64_t t0 = fake_hw_now();
    sched_make_ready(&procs[0]);
    sched_make_ready(&procs[1]);
    sched_return();         /* procs[0], slice to t0 + 10000 */
    fake_hw_set_latency(3); /* the slice-end IRQ comes 3 us late */
    fake_hw_advance_to(t0 + 10003);
    sched_get_stats(&k);
    assert_int_equal(k.slice_ends, 1);
    assert_int_equal(fake_hw_compare(), t0 + 20003); /* queued at once for the next slice */
    fake_hw_set_now(t0 + 10005); /* the rest of the interrupt, up to the switch */
    sched_return();              /* procs[1] at t0 + 10005: its slice would end at t0 + 20005 */
    assert_ptr_equal(proc_current, &procs[1]);
    /* The timer stays: within the slack, the slice ends 2 us early instead of costing an early
     * interrupt that would only move the timer. */
    assert_int_equal(fake_hw_compare(), t0 + 20003);
    fake_hw_set_latency(0);
    fake_hw_advance_to(t0 + 20003);
    sched_get_stats(&k);
    assert_int_equal(k.slice_ends, 2);
    assert_int_equal(fake_hw_irqs(), 2); /* no interrupt in between */
}

static void test_a_slice_end_far_too_late_counts_once(void **state)
{
    (void)state;
    struct kstats k;
    uint64_t t0 = fake_hw_now();
    sched_make_ready(&procs[0]);
    sched_make_ready(&procs[1]);
    sched_return();             /* slice to t0 + 10000 */
    fake_hw_set_latency(35000); /* IRQs masked for three and a half quanta */
    fake_hw_advance_to(t0 + 10000);
    sched_get_stats(&k);
    assert_int_equal(k.slice_ends, 1); /* one slice ended, however late */
    struct timer_stats st;
    timer_get_stats(&st);
    assert_int_equal(st.pending, 1);
    assert_int_equal(fake_hw_compare(), t0 + 45000 + 10000); /* a whole slice from now */
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

/* Makes procs[i] a periodic task whose current job (job 0) has these parameters. */
static void make_task(int i, uint32_t period, uint32_t deadline, uint64_t t0)
{
    procs[i].rt = (struct rt_task){.active = 1, .t0 = t0};
    procs[i].rt.prm.period_us = period;
    procs[i].rt.prm.deadline_us = deadline;
    procs[i].rt.prm.wcet_max_us = 1;
}

static void test_edf_earliest_absolute_deadline_first_others_last(void **state)
{
    (void)state;
    sched_edf.reset();
    make_task(0, 10000, 10000, 0);  /* deadline 10000 */
    make_task(1, 5000, 5000, 8000); /* deadline 13000 */
    make_task(2, 20000, 4000, 0);   /* deadline 4000 */
    make_task(3, 10000, 10000, 0);  /* deadline 10000: a tie with 0, queued after it */
    sched_edf.enqueue(&procs[4]);   /* not a task: after every task */
    for (int i = 0; i < 4; i++)
        sched_edf.enqueue(&procs[i]);
    int want[] = {2, 0, 3, 1, 4};
    for (int k = 0; k < 5; k++)
        assert_ptr_equal(sched_edf.pick_next(), &procs[want[k]]);
    assert_null(sched_edf.pick_next());
    /* Preemption is strict: an equal deadline does not take the CPU. */
    assert_true(sched_edf.preempts(&procs[2], &procs[0]));
    assert_false(sched_edf.preempts(&procs[3], &procs[0]));
    assert_true(sched_edf.preempts(&procs[0], &procs[4]));
    assert_false(sched_edf.preempts(&procs[4], &procs[0]));
}

static void test_rm_by_period_dm_by_deadline(void **state)
{
    (void)state;
    make_task(0, 10000, 3000, 0);
    make_task(1, 5000, 5000, 0);
    sched_rm.reset();
    sched_rm.enqueue(&procs[0]);
    sched_rm.enqueue(&procs[1]);
    assert_ptr_equal(sched_rm.pick_next(), &procs[1]); /* shorter period */
    assert_ptr_equal(sched_rm.pick_next(), &procs[0]);
    sched_dm.reset();
    sched_dm.enqueue(&procs[1]);
    sched_dm.enqueue(&procs[0]);
    assert_ptr_equal(sched_dm.pick_next(), &procs[0]); /* shorter relative deadline */
    assert_ptr_equal(sched_dm.pick_next(), &procs[1]);
}

static void test_rt_tasks_are_not_sliced_others_are(void **state)
{
    (void)state;
    sched_rm.reset();
    make_task(0, 10000, 10000, 0);
    sched_rm.enqueue(&procs[1]);                   /* a hog waits */
    assert_false(sched_rm.needs_slice(&procs[0])); /* a task runs until it blocks */
    assert_true(sched_rm.needs_slice(&procs[2]));  /* hogs share by slices */
    (void)sched_rm.pick_next();
}

static void test_requeue_after_becoming_a_task(void **state)
{
    (void)state;
    sched_init(&sched_edf, 10000);
    procs[0].state = PROC_FREE;
    procs[1].state = PROC_FREE;
    sched_make_ready(&procs[0]); /* plain processes at first: queued last */
    sched_make_ready(&procs[1]);
    make_task(1, 5000, 5000, 0); /* procs[1] becomes a task while queued */
    sched_requeue(&procs[1]);
    assert_ptr_equal(sched_edf.pick_next(), &procs[1]);
    assert_ptr_equal(sched_edf.pick_next(), &procs[0]);
}

static void test_rt_draws_stay_in_range_even_at_full_span(void **state)
{
    (void)state;
    struct rt_params prm = {
        .wcet_min_us = 0, .wcet_max_us = UINT32_MAX, .jitter_us = UINT32_MAX, .seed = 3};
    struct rt_params narrow = {
        .wcet_min_us = 1500, .wcet_max_us = 2000, .jitter_us = 300, .seed = 3};
    uint32_t low = UINT32_MAX, high = 0;
    for (uint32_t k = 0; k < 2000; k++) {
        (void)rt_job_work_us(&prm, k); /* no division by zero when span + 1 wraps */
        (void)rt_job_jitter_us(&prm, k);
        uint32_t w = rt_job_work_us(&narrow, k);
        assert_true(w >= 1500 && w <= 2000);
        assert_true(rt_job_jitter_us(&narrow, k) <= 300);
        assert_int_equal(w, rt_job_work_us(&narrow, k)); /* the same job, the same draw */
        low = w < low ? w : low;
        high = w > high ? w : high;
    }
    assert_true(low < 1550 && high > 1950); /* the whole range is drawn from */
}

/* Runs the current process p until it asks for its next job (simulated: it is made current). */
static void run(struct proc *p)
{
    assert_ptr_equal(sched_edf.pick_next(), p);
    p->state = PROC_RUNNING;
    proc_current = p;
}

static void test_rt_job_release_deadline_and_a_single_miss(void **state)
{
    (void)state;
    sched_init(&sched_edf, 10000);
    struct proc *p = &procs[0];
    p->state = PROC_FREE;
    sched_make_ready(p);
    uint64_t t0 = fake_hw_now() + 1000;
    struct rt_params prm = {
        .period_us = 10000, .deadline_us = 10000, .wcet_min_us = 2000, .wcet_max_us = 2000};
    assert_int_equal(rt_task_start(p, &prm, t0), 0);
    run(p);
    assert_int_equal(rt_job_next(p), 2000); /* its first job: it sleeps until t0 */
    assert_int_equal(p->state, PROC_SLEEPING);
    fake_hw_advance_to(t0);
    assert_int_equal(p->rt.released, 1);
    assert_int_equal(p->state, PROC_READY);
    run(p);
    fake_hw_advance_to(t0 + 10000); /* still running at its deadline: missed, once */
    assert_int_equal(p->rt.missed, 1);
    assert_int_equal(p->rt.released, 2);    /* job 2 is due at the same time */
    assert_int_equal(rt_job_next(p), 2000); /* job 1 completes late; job 2 starts at once */
    assert_int_equal(p->rt.completed, 1);
    assert_int_equal(p->rt.missed, 1);
    assert_int_equal(p->state, PROC_RUNNING);
    fake_hw_advance_to(t0 + 15000);
    assert_int_equal(rt_job_next(p), 2000); /* job 2 done in time; job 3 comes at t0 + 20 ms */
    assert_int_equal(p->rt.missed, 1);
    assert_int_equal(p->state, PROC_SLEEPING);
    fake_hw_advance_to(t0 + 20000);
    assert_int_equal(p->rt.released, 3);
    rt_task_stop(p);
    sched_remove(p);
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
        cmocka_unit_test_setup(test_a_switch_renews_the_slice_without_touching_the_timer, setup),
        cmocka_unit_test_setup(test_a_shorter_slice_moves_the_timer_earlier, setup),
        cmocka_unit_test_setup(test_a_slice_end_keeps_the_timer_for_the_next_slice, setup),
        cmocka_unit_test_setup(test_a_slice_end_far_too_late_counts_once, setup),
        cmocka_unit_test_setup(test_prio_highest_first_fifo_within_level, setup),
        cmocka_unit_test_setup(test_prio_preempts_and_slices_only_among_equals, setup),
        cmocka_unit_test_setup(test_stride_shares_follow_tickets, setup),
        cmocka_unit_test_setup(test_stride_newcomer_does_not_bank_time, setup),
        cmocka_unit_test_setup(test_edf_earliest_absolute_deadline_first_others_last, setup),
        cmocka_unit_test_setup(test_rm_by_period_dm_by_deadline, setup),
        cmocka_unit_test_setup(test_rt_tasks_are_not_sliced_others_are, setup),
        cmocka_unit_test_setup(test_requeue_after_becoming_a_task, setup),
        cmocka_unit_test_setup(test_rt_draws_stay_in_range_even_at_full_span, setup),
        cmocka_unit_test_setup(test_rt_job_release_deadline_and_a_single_miss, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
