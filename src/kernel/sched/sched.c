/* Switching, time slices and sleep (design: docs/tutorial/07-preemption.md, 08-sleep.md).
 * A switch is "return into another saved frame": sched_return() runs on every way out of the
 * kernel to user mode and is the only place proc_current changes. IRQs are masked throughout. */
#include "kernel/sched/sched.h"

#include "kernel/mm/vm.h"
#include "kernel/power/panic.h"
#include "arch/arm/cpu.h"
#include "kernel/sched/proc_struct.h"
#include "kernel/time/timer.h"
#include "kernel/trace/trace.h"
#include "lib/errno.h"

static const struct sched_policy *policy;
static uint32_t quantum_us;
/* What the way out of the kernel must do, tested as one halfword by sched_return's fast path:
 * the running process must give up the CPU (resched) ... */
static union {
    struct {
        uint8_t resched;
        uint8_t work; /* exit_work must run first (the console's deferred output) */
    };
    uint16_t any;
} on_exit;
static void (*exit_work)(void);
/* ... because its time slice ended (an involuntary switch) ... */
static int slice_expired;
/* ... or because a process the policy ranks higher became ready (also involuntary). */
static int preempted;
struct proc *proc_current;
/* The time slice. One timer serves every slice: a switch between processes that both want a
 * slice only moves slice_end, and the timer, queued for an earlier deadline, finds that out
 * when it fires and queues itself again for slice_end. So a switch costs no timer-queue or
 * compare-register work unless the new slice ends before the queued one. */
#define SLICE_SLACK 64        /* a slice may end up to 1/64 early to keep the queued timer */
static timer_id slice_timer;  /* queued at slice_queued; 0 when no slice is armed */
static uint64_t slice_queued; /* its deadline, never after slice_end */
static uint64_t slice_end;    /* when the running process's slice ends */
static uint64_t slice_len;    /* its length */
static struct kstats stats;

static void update_slice(void);

const struct sched_policy *sched_current_policy(void)
{
    return policy;
}

void sched_set_policy(const struct sched_policy *p)
{
    static struct proc *moving[PROC_MAX];
    uint32_t n = 0;
    struct proc *r;
    while ((r = policy->pick_next()))
        moving[n++] = r;
    policy = p;
    if (p->reset)
        p->reset();
    for (uint32_t i = 0; i < n; i++)
        p->enqueue(moving[i]);
    sched_rank_changed(); /* the running one may rank below a queued one under the new rules */
    update_slice();
}

void sched_init(const struct sched_policy *p, uint32_t q)
{
    policy = p;
    if (p->reset)
        p->reset();
    quantum_us = q;
    proc_current = 0;
    on_exit.resched = 0;
    slice_timer = 0;
    stats = (struct kstats){0};
}

uint32_t sched_quantum(void)
{
    return quantum_us;
}

int sched_set_quantum(uint32_t us)
{
    if (us < QUANTUM_MIN_US || us > QUANTUM_MAX_US)
        return -EINVAL;
    quantum_us = us;
    return 0;
}

static void slice_queue(uint64_t deadline);

/* The slice timer's callback (IRQ context): the slice is over, or it was renewed by a switch
 * since the timer was queued and the timer moves on to the new end. */
static void slice_timer_fired(timer_id id, void *data)
{
    (void)id;
    (void)data;
    slice_timer = 0;
    if (slice_queued < slice_end) {
        slice_queue(slice_end); /* the slice was renewed by a switch since: not over yet */
        return;
    }
    stats.slice_ends++;
    slice_expired = 1;
    on_exit.resched = 1;
    /* The next slice starts at the switch this causes: queue the timer one slice (as long as
     * the last) ahead now, so that the switch finds it in place (slice_start moves it only for
     * a shorter slice, and removes it if nobody else is ready) and the queue does not empty in
     * between. From now, not from the deadline: an interrupt more than a slice late must not
     * end the next slice in the same interrupt. */
    slice_end = time_us() + slice_len;
    slice_queue(slice_end);
}

static void slice_queue(uint64_t deadline)
{
    slice_timer = timer_register_at(deadline, slice_timer_fired, 0);
    if (!slice_timer)
        panic("sched: timer pool exhausted arming a time slice");
    slice_queued = deadline;
}

/* Does p, running now, need a slice: does another process wait for the CPU (or does the
 * policy say so)? With one ready process, or none, there are no preemption interrupts. */
static int slice_wanted(const struct sched_policy *pol, struct proc *p)
{
    return p && (pol->needs_slice ? pol->needs_slice(p) : pol->nready() > 0);
}

static void slice_stop(void)
{
    if (slice_timer) {
        timer_remove(slice_timer);
        slice_timer = 0;
    }
}

/* A whole slice for p (which wants one) from now. The one slice timer stays queued when it
 * fires no later than the new slice_end: only a shorter slice moves it. */
static void slice_begin(const struct sched_policy *pol, struct proc *p, uint64_t now)
{
    uint64_t len = pol->slice_us ? pol->slice_us(p) : quantum_us;
    uint64_t end = now + len;
    slice_end = end;
    slice_len = len;
    if (slice_timer) {
        if (slice_queued <= end) {
            /* Due within the last 1/SLICE_SLACK of the slice (the timer a slice end queued
             * for the next one, a few microseconds before this switch): end the slice then,
             * rather than take a second interrupt that only moves the timer. */
            if (end - slice_queued <= len / SLICE_SLACK)
                slice_end = slice_queued;
            return;
        }
        timer_remove(slice_timer); /* it would end the new, shorter slice late */
    }
    slice_queue(end);
}

/* p was just switched in at now: a whole slice if it needs one, else none. */
static void slice_start(const struct sched_policy *pol, struct proc *p, uint64_t now)
{
    if (slice_wanted(pol, p))
        slice_begin(pol, p, now);
    else
        slice_stop();
}

/* After the ready set or the policy changed: a slice starts now if one is wanted and none is
 * armed, and an armed one that is no longer wanted is removed. */
static void update_slice(void)
{
    if (!slice_wanted(policy, proc_current))
        slice_stop();
    else if (!slice_timer)
        slice_begin(policy, proc_current, time_us());
}

void sched_make_ready(struct proc *p)
{
    /* Only a new process, a sleeper whose timer fired or a released waiter may become ready:
     * anything else would put it in the queue twice or revive a dead slot. */
    int fresh = p->state == PROC_FREE && p->pid != 0;
    if (!fresh && p->state != PROC_WAITING && p->state != PROC_READING &&
        !(p->state == PROC_SLEEPING && !p->sleep_timer))
        panic("sched_make_ready: pid %d in state %d cannot become ready", p->pid, p->state);
    p->state = PROC_READY;
    policy->enqueue(p);
    if (!proc_current)
        on_exit.resched = 1; /* the idle loop will switch */
    else if (policy->preempts && policy->preempts(p, proc_current))
        on_exit.resched = preempted = 1; /* switch on the way out of this kernel entry */
    else
        update_slice();
}

void sched_remove(struct proc *p)
{
    if (p->state == PROC_READY)
        policy->dequeue(p);
    else if (p->state == PROC_SLEEPING && p->sleep_timer)
        timer_remove(p->sleep_timer);
    if (p == proc_current) {
        p->stats.cpu_us += time_us() - p->run_start; /* its last stretch on the CPU */
        p->run_start = time_us();
        on_exit.resched = 1;
    }
}

void sched_requeue(struct proc *p)
{
    if (p->state != PROC_READY)
        return;
    policy->dequeue(p);
    policy->enqueue(p);
}

void sched_rank_changed(void)
{
    if (proc_current && policy->outranked && policy->outranked(proc_current))
        on_exit.resched = preempted = 1;
}

void sched_leave_cpu(void)
{
    proc_current->stats.voluntary++;
    on_exit.resched = 1;
}

static void wake(timer_id id, void *data)
{
    (void)id;
    struct proc *p = data;
    p->sleep_timer = 0;
    p->stats.wakeups++;
    if (trace_enabled())
        trace_wakeup(p->pid, p->wake_at, time_us()); /* the clock is read for the trace only */
    sched_make_ready(p);
}

int sched_sleep_until(uint64_t t)
{
    struct proc *p = proc_current;
    if (t <= time_us())
        return SLEEP_LATE;
    p->sleep_timer = timer_register_at(t, wake, p);
    if (!p->sleep_timer)
        panic("sched: timer pool exhausted (sleepers exceed TIMER_POOL_SIZE)");
    p->wake_at = t;
    p->state = PROC_SLEEPING;
    trace_sleep(p->pid, t);
    sched_leave_cpu();
    return 0;
}

static struct trapframe *sched_switch(void);

/* Every return to user mode comes here: the common case, the same process going on, costs a
 * few loads and no stack frame; everything else is sched_switch. */
struct trapframe *sched_return(void)
{
    struct proc *cur = proc_current;
    if (__builtin_expect(!on_exit.any && cur && cur->state == PROC_RUNNING, 1))
        return &cur->tf;
    return sched_switch();
}

void sched_set_exit_work(void (*fn)(void))
{
    exit_work = fn;
}

void sched_request_exit_work(void)
{
    on_exit.work = 1;
}

int sched_switch_pending(void)
{
    return on_exit.resched;
}

__attribute__((noinline)) static struct trapframe *sched_switch(void)
{
    struct proc *cur = proc_current;
    if (on_exit.work && (!cur || cur->state == PROC_RUNNING)) {
        /* May turn IRQs on for a while: whatever they change is read below. Not while the
         * running process is blocking or ending: an IRQ could then make it ready (a wake-up,
         * input) while it is still current. Its successor's way out does it. */
        on_exit.work = 0;
        if (exit_work)
            exit_work(); /* may ask again, for what it left to a later way out */
        if (!on_exit.resched && cur && cur->state == PROC_RUNNING)
            return &cur->tf;
    }
    const struct sched_policy *pol = policy;
    on_exit.resched = 0;

    uint64_t now = time_us();
    enum trace_state left = cur ? TRACE_DEAD : TRACE_YIELDED; /* idle is always runnable */
    if (cur && cur->state != PROC_FREE) {
        uint64_t ran = now - cur->run_start;
        cur->stats.cpu_us += ran;
        if (pol->ran)
            pol->ran(cur, ran);
        if (cur->state == PROC_RUNNING) {
            /* Preempted or yielding: back to the policy (rr: the tail of the queue). */
            left = TRACE_YIELDED;
            if (slice_expired | preempted) {
                cur->stats.involuntary++;
                left = TRACE_PREEMPTED;
            }
            cur->state = PROC_READY;
            pol->enqueue(cur);
        } else if (cur->state == PROC_SLEEPING) {
            left = TRACE_SLEEPING;
        } else if (cur->state == PROC_WAITING || cur->state == PROC_READING) {
            left = TRACE_WAITING;
        }
    }
    slice_expired = 0;
    preempted = 0;

    struct proc *next = pol->pick_next();
    if (next != cur) {
        stats.switches++;
        trace_switch(cur ? cur->pid : 0, left, next ? next->pid : 0);
        /* What a process must not inherit from another: its thread register and a pending
         * ldrex (with the same user addresses in every process, a strex would succeed). */
        if (cur && cur->state != PROC_FREE)
            cur->tpidrurw = cpu_read_tpidrurw();
        cpu_write_tpidrurw(next ? next->tpidrurw : 0);
        cpu_clrex();
    }
    proc_current = next;
    if (next) {
        if (next->state != PROC_READY)
            panic("sched: picked pid %d in state %d, not ready", next->pid, next->state);
        next->state = PROC_RUNNING;
        vm_switch(&next->vm);
        next->stats.scheduled++;
        next->run_start = now;
    }
    slice_start(pol, next, now); /* a new slice for whoever runs now */
    return next ? &next->tf : 0;
}

int sched_has_ready(void)
{
    return on_exit.work || policy->nready() > 0;
}

void sched_get_stats(struct kstats *out)
{
    struct timer_stats t;
    timer_get_stats(&t);
    *out = stats;
    out->timer_irqs = t.irqs;
    out->quantum_us = quantum_us;
}
