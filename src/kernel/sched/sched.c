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
/* The running process must give up the CPU on the way out of the kernel ... */
static int need_resched;
/* ... because its time slice ended (an involuntary switch) ... */
static int slice_expired;
/* ... or because a process the policy ranks higher became ready (also involuntary). */
static int preempted;
struct proc *proc_current;
/* The time slice. One timer serves every slice: a switch between processes that both want a
 * slice only moves slice_end, and the timer, queued for an earlier deadline, finds that out
 * when it fires and queues itself again for slice_end. So a switch costs no timer-queue or
 * compare-register work unless the new slice ends before the queued one. */
static timer_id slice_timer;  /* queued at slice_queued; 0 when no slice is armed */
static uint64_t slice_queued; /* its deadline, never after slice_end */
static uint64_t slice_end;    /* when the running process's slice ends */
static struct kstats stats;

static void update_slice(int fresh, uint64_t now);

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
    update_slice(0, 0);
}

void sched_init(const struct sched_policy *p, uint32_t q)
{
    policy = p;
    if (p->reset)
        p->reset();
    quantum_us = q;
    proc_current = 0;
    need_resched = 0;
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
    need_resched = 1;
}

static void slice_queue(uint64_t deadline)
{
    slice_timer = timer_register_at(deadline, slice_timer_fired, 0);
    if (!slice_timer)
        panic("sched: timer pool exhausted arming a time slice");
    slice_queued = deadline;
}

/* A slice is armed only while another process waits for the CPU: with one ready process, or
 * none, there are no preemption interrupts. fresh: the running process was just switched in
 * (at now) and starts a whole slice; otherwise an armed slice goes on as it is. */
static void update_slice(int fresh, uint64_t now)
{
    int wanted = proc_current &&
                 (policy->needs_slice ? policy->needs_slice(proc_current) : policy->nready() > 0);
    if (!wanted) {
        if (slice_timer) {
            timer_remove(slice_timer);
            slice_timer = 0;
        }
        return;
    }
    if (slice_timer && !fresh)
        return;
    if (!fresh)
        now = time_us();
    slice_end = now + (policy->slice_us ? policy->slice_us(proc_current) : quantum_us);
    if (slice_timer && slice_queued > slice_end) {
        timer_remove(slice_timer); /* it would end the new, shorter slice late */
        slice_timer = 0;
    }
    if (!slice_timer)
        slice_queue(slice_end);
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
        need_resched = 1; /* the idle loop will switch */
    else if (policy->preempts && policy->preempts(p, proc_current))
        need_resched = preempted = 1; /* switch on the way out of this kernel entry */
    else
        update_slice(0, 0);
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
        need_resched = 1;
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
        need_resched = preempted = 1;
}

void sched_leave_cpu(void)
{
    proc_current->stats.voluntary++;
    need_resched = 1;
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

struct trapframe *sched_return(void)
{
    struct proc *cur = proc_current;
    if (cur && cur->state == PROC_RUNNING && !need_resched)
        return &cur->tf;
    need_resched = 0;

    uint64_t now = time_us();
    enum trace_state left = cur ? TRACE_DEAD : TRACE_YIELDED; /* idle is always runnable */
    if (cur && cur->state != PROC_FREE) {
        cur->stats.cpu_us += now - cur->run_start;
        if (policy->ran)
            policy->ran(cur, now - cur->run_start);
        if (cur->state == PROC_RUNNING) {
            /* Preempted or yielding: back to the policy (rr: the tail of the queue). */
            if (slice_expired || preempted)
                cur->stats.involuntary++;
            left = slice_expired || preempted ? TRACE_PREEMPTED : TRACE_YIELDED;
            cur->state = PROC_READY;
            policy->enqueue(cur);
        } else if (cur->state == PROC_SLEEPING) {
            left = TRACE_SLEEPING;
        } else if (cur->state == PROC_WAITING || cur->state == PROC_READING) {
            left = TRACE_WAITING;
        }
    }
    slice_expired = 0;
    preempted = 0;

    struct proc *next = policy->pick_next();
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
    if (!next) {
        update_slice(1, now);
        return 0;
    }
    if (next->state != PROC_READY)
        panic("sched: picked pid %d in state %d, not ready", next->pid, next->state);
    next->state = PROC_RUNNING;
    vm_switch(&next->vm);
    next->stats.scheduled++;
    next->run_start = now;
    update_slice(1, now); /* a new slice for whoever runs now */
    return &next->tf;
}

int sched_has_ready(void)
{
    return policy->nready() > 0;
}

void sched_get_stats(struct kstats *out)
{
    struct timer_stats t;
    timer_get_stats(&t);
    *out = stats;
    out->timer_irqs = t.irqs;
    out->quantum_us = quantum_us;
}
