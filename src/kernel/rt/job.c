/* Periodic real-time tasks (include/kernel/rt/job.h): each task has two entries in the one timer
 * queue, its next release and the deadline of the oldest job not yet judged. IRQs are masked
 * throughout: the entry points run in system calls, timer callbacks or proc_exit. */
#include "kernel/rt/job.h"

#include "kernel/power/panic.h"
#include "kernel/sched/sched.h"
#include "kernel/time/timer.h"
#include "kernel/trace/trace.h"
#include "lib/errno.h"

/* A 32-bit mix of (seed, n): the same inputs give the same draw on every run and policy. */
static uint32_t draw(uint32_t seed, uint32_t n)
{
    uint32_t h = seed ^ (n * 0x9e3779b9u);
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

/* A draw in [0, span], in 64 bits so that span + 1 never wraps to 0. */
static uint32_t draw_upto(uint32_t seed, uint32_t n, uint32_t span)
{
    return span ? (uint32_t)(draw(seed, n) % ((uint64_t)span + 1)) : 0;
}

uint32_t rt_job_work_us(const struct rt_params *prm, uint32_t k)
{
    return prm->wcet_min_us + draw_upto(prm->seed, 2 * k, prm->wcet_max_us - prm->wcet_min_us);
}

uint32_t rt_job_jitter_us(const struct rt_params *prm, uint32_t k)
{
    return draw_upto(prm->seed, 2 * k + 1, prm->jitter_us);
}

static uint64_t release_time(const struct proc *p, uint32_t k)
{
    return rt_nominal_release(&p->rt, k) + rt_job_jitter_us(&p->rt.prm, k);
}

static uint64_t deadline_of(const struct proc *p, uint32_t k)
{
    return rt_job_deadline(&p->rt, k);
}

const char *rt_params_check(const struct rt_params *prm)
{
    if (prm->period_us == 0)
        return "period must be above 0";
    if (prm->deadline_us == 0)
        return "deadline must be above 0";
    if (prm->wcet_max_us == 0)
        return "work must be above 0";
    if (prm->wcet_min_us > prm->wcet_max_us)
        return "work range upside down (min above max)";
    if (prm->period_us > RT_TIME_MAX_US || prm->deadline_us > RT_TIME_MAX_US ||
        prm->offset_us > RT_TIME_MAX_US || prm->wcet_max_us > RT_TIME_MAX_US)
        return "a time above 1000 s";
    if (prm->jitter_us >= prm->deadline_us)
        return "jitter must be below the deadline";
    return 0;
}

static void deadline_passed(timer_id id, void *data);

/* Queues the deadline of job `watched` when it is released and no deadline is queued. */
static void watch_next(struct proc *p)
{
    struct rt_task *rt = &p->rt;
    if (rt->deadline_timer || rt->watched >= rt->released)
        return;
    rt->deadline_timer = timer_register_at(deadline_of(p, rt->watched), deadline_passed, p);
    if (!rt->deadline_timer)
        panic("rt: timer pool exhausted while pid %d's jobs are watched", p->pid);
}

static void record_miss(struct proc *p, uint32_t k)
{
    p->rt.missed++;
    trace_deadline_miss(p->pid, k + 1, deadline_of(p, k));
}

/* Job `watched` has reached its deadline: missed unless it completed (completion would have
 * moved `watched` past it). */
static void deadline_passed(timer_id id, void *data)
{
    (void)id;
    struct proc *p = data;
    struct rt_task *rt = &p->rt;
    rt->deadline_timer = 0;
    if (rt->watched >= rt->completed)
        record_miss(p, rt->watched);
    rt->watched++;
    watch_next(p);
}

static void release(timer_id id, void *data);

static void queue_release(struct proc *p)
{
    struct rt_task *rt = &p->rt;
    rt->release_timer = timer_register_at(release_time(p, rt->released), release, p);
    if (!rt->release_timer)
        panic("rt: timer pool exhausted while pid %d is released", p->pid);
}

static void release(timer_id id, void *data)
{
    (void)id;
    struct proc *p = data;
    struct rt_task *rt = &p->rt;
    uint32_t k = rt->released++;
    trace_job_release(p->pid, k + 1, release_time(p, k), deadline_of(p, k),
                      rt_job_work_us(&rt->prm, k));
    watch_next(p);
    queue_release(p);
}

int rt_task_start(struct proc *p, const struct rt_params *prm, uint64_t t0)
{
    if (rt_params_check(prm))
        return -EINVAL;
    p->rt = (struct rt_task){.active = 1, .prm = *prm, .t0 = t0};
    p->rt.release_timer = timer_register_at(release_time(p, 0), release, p);
    if (!p->rt.release_timer) {
        p->rt.active = 0;
        return -EAGAIN;
    }
    sched_requeue(p); /* ready since its spawn: now ranked as a task */
    return 0;
}

int64_t rt_job_next(struct proc *p)
{
    struct rt_task *rt = &p->rt;
    if (!rt->active)
        return -EINVAL;
    uint64_t now = time_us();
    if (rt->working) {
        uint32_t k = rt->completed++;
        trace_job_complete(p->pid, k + 1, deadline_of(p, k), now, now - release_time(p, k));
        if (k == rt->watched) {
            /* Its deadline was still queued: met, unless the deadline is this very moment. */
            if (now >= deadline_of(p, k))
                record_miss(p, k);
            if (rt->deadline_timer)
                timer_remove(rt->deadline_timer);
            rt->deadline_timer = 0;
            rt->watched++;
            watch_next(p);
        }
    }
    uint32_t next = rt->completed;
    rt->working = 1;
    /* Sleep until the release; one that is already due (its timer IRQ still pending, as
     * now was read a little earlier) is released here instead. */
    if (next >= rt->released) {
        if (release_time(p, next) > now && sched_sleep_until(release_time(p, next)) == 0)
            return rt_job_work_us(&rt->prm, next);
        timer_remove(rt->release_timer);
        release(0, p);
    }
    sched_rank_changed(); /* a later deadline now: under edf another job may come first */
    return rt_job_work_us(&rt->prm, next);
}

void rt_task_stop(struct proc *p)
{
    struct rt_task *rt = &p->rt;
    if (!rt->active)
        return;
    if (rt->release_timer)
        timer_remove(rt->release_timer);
    if (rt->deadline_timer)
        timer_remove(rt->deadline_timer);
    rt->release_timer = rt->deadline_timer = 0;
    rt->active = 0;
}
