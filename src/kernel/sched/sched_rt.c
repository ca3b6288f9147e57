/* Real-time policies for periodic tasks (include/kernel/rt/job.h), all preemptive:
 *   edf  earliest absolute deadline of the current job first;
 *   rm   fixed priority by period, shorter first (rate monotonic);
 *   dm   fixed priority by relative deadline, shorter first (deadline monotonic).
 * Processes that are not periodic tasks (hogs, sleepers) rank below every task and share what
 * is left round-robin with the quantum. Tasks are never time-sliced: a task runs until it
 * blocks or a task of strictly higher rank becomes ready (then it takes the CPU at once);
 * among equal ranks the one queued first runs first, and a preempted task queues behind the
 * equals already waiting. The ready queue is the timer queue's min-heap keyed by rank:
 * O(log n). */
#include "kernel/sched/proc_heap.h"
#include "kernel/sched/sched.h"

static struct timer_heap_slot slots[PROC_MAX];
static struct timer_heap heap;
static uint64_t (*rank_of)(const struct proc *p); /* lower runs first; set by the policy's reset */

static uint64_t edf_rank(const struct proc *p)
{
    return proc_rt_deadline(p);
}

static uint64_t rm_rank(const struct proc *p)
{
    return p->rt.active ? p->rt.prm.period_us : UINT64_MAX;
}

static uint64_t dm_rank(const struct proc *p)
{
    return p->rt.active ? p->rt.prm.deadline_us : UINT64_MAX;
}

static void rt_enqueue(struct proc *p)
{
    proc_heap_push(&heap, p, rank_of(p));
}

static void rt_dequeue(struct proc *p)
{
    proc_heap_remove(&heap, p);
}

static struct proc *rt_pick_next(void)
{
    return proc_heap_pop(&heap);
}

static uint32_t rt_nready(void)
{
    return heap.size;
}

/* Only processes outside the task set share the CPU by slices, and only with each other. */
static int rt_needs_slice(const struct proc *running)
{
    struct timer_node *n = timer_heap_peek(&heap);
    return !running->rt.active && n && n->deadline == UINT64_MAX;
}

static int rt_preempts(const struct proc *ready, const struct proc *running)
{
    return rank_of(ready) < rank_of(running);
}

static int rt_outranked(const struct proc *running)
{
    struct timer_node *n = timer_heap_peek(&heap);
    return n && n->deadline < rank_of(running);
}

static void reset_with(uint64_t (*rank)(const struct proc *p))
{
    timer_heap_init(&heap, slots, PROC_MAX);
    rank_of = rank;
}

static void edf_reset(void)
{
    reset_with(edf_rank);
}

static void rm_reset(void)
{
    reset_with(rm_rank);
}

static void dm_reset(void)
{
    reset_with(dm_rank);
}

#define RT_POLICY(policy_name, reset_fn)                                                           \
    {                                                                                              \
        .name = policy_name, .enqueue = rt_enqueue, .dequeue = rt_dequeue,                         \
        .pick_next = rt_pick_next, .nready = rt_nready, .needs_slice = rt_needs_slice,             \
        .preempts = rt_preempts, .outranked = rt_outranked, .reset = reset_fn,                     \
    }

const struct sched_policy sched_edf = RT_POLICY("edf", edf_reset);
const struct sched_policy sched_rm = RT_POLICY("rm", rm_reset);
const struct sched_policy sched_dm = RT_POLICY("dm", dm_reset);
