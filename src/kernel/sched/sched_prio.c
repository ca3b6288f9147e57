/* Fixed-priority preemptive policy: the highest priority ready process runs; round-robin with
 * the quantum among equal priorities; a process of higher priority that becomes ready takes the
 * CPU at once. One FIFO per level and a bitmap of non-empty levels: O(1) pick with clz. */
#include "kernel/sched/proc_fifo.h"
#include "kernel/sched/sched.h"

#define LEVELS (SCHED_PRIO_MAX + 1)

static struct proc_fifo level_queue[LEVELS];
static uint32_t nonempty; /* bit n: level n has ready processes */
static uint32_t total;

static int level(const struct proc *p)
{
    int prio = p->param.prio;
    return prio < SCHED_PRIO_MIN ? SCHED_PRIO_MIN : prio > SCHED_PRIO_MAX ? SCHED_PRIO_MAX : prio;
}

static void prio_enqueue(struct proc *p)
{
    int l = level(p);
    proc_fifo_push(&level_queue[l], p);
    total++;
    nonempty |= 1u << l;
}

static void prio_dequeue(struct proc *p)
{
    int l = level(p);
    if (!proc_fifo_remove(&level_queue[l], p))
        return;
    total--;
    if (level_queue[l].count == 0)
        nonempty &= ~(1u << l);
}

static struct proc *prio_pick_next(void)
{
    if (!nonempty)
        return 0;
    struct proc *p = level_queue[31 - __builtin_clz(nonempty)].head;
    prio_dequeue(p);
    return p;
}

static uint32_t prio_nready(void)
{
    return total;
}

/* Slices matter only against ready processes of the same priority (lower ones never run while
 * it is ready, higher ones would have preempted it). */
static int prio_needs_slice(const struct proc *running)
{
    return level_queue[level(running)].count > 0;
}

static int prio_preempts(const struct proc *ready, const struct proc *running)
{
    return level(ready) > level(running);
}

static void prio_reset(void)
{
    for (int l = 0; l < LEVELS; l++)
        level_queue[l] = (struct proc_fifo){0};
    nonempty = 0;
    total = 0;
}

const struct sched_policy sched_prio = {
    .name = "prio",
    .enqueue = prio_enqueue,
    .dequeue = prio_dequeue,
    .pick_next = prio_pick_next,
    .nready = prio_nready,
    .needs_slice = prio_needs_slice,
    .preempts = prio_preempts,
    .reset = prio_reset,
};
