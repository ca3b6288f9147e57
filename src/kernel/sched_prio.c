/* Fixed-priority preemptive policy: the highest priority ready process runs; round-robin with
 * the quantum among equal priorities; a process of higher priority that becomes ready takes the
 * CPU at once. One FIFO per level and a bitmap of non-empty levels: O(1) pick with clz. */
#include "kernel/proc.h"
#include "kernel/sched.h"

#define LEVELS (SCHED_PRIO_MAX + 1)

static struct proc *head[LEVELS], *tail[LEVELS];
static uint32_t count[LEVELS];
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
    p->next = 0;
    if (tail[l])
        tail[l]->next = p;
    else
        head[l] = p;
    tail[l] = p;
    count[l]++;
    total++;
    nonempty |= 1u << l;
}

static void prio_dequeue(struct proc *p)
{
    int l = level(p);
    struct proc **link = &head[l], *prev = 0;
    while (*link && *link != p) {
        prev = *link;
        link = &(*link)->next;
    }
    if (!*link)
        return;
    *link = p->next;
    if (tail[l] == p)
        tail[l] = prev;
    p->next = 0;
    total--;
    if (--count[l] == 0)
        nonempty &= ~(1u << l);
}

static struct proc *prio_pick_next(void)
{
    if (!nonempty)
        return 0;
    int l = 31 - __builtin_clz(nonempty);
    struct proc *p = head[l];
    prio_dequeue(p);
    return p;
}

static uint64_t prio_slice_us(const struct proc *p)
{
    (void)p;
    return sched_quantum();
}

static uint32_t prio_nready(void)
{
    return total;
}

/* Slices matter only against ready processes of the same priority (lower ones never run while
 * it is ready, higher ones would have preempted it). */
static int prio_needs_slice(const struct proc *running)
{
    return count[level(running)] > 0;
}

static int prio_preempts(const struct proc *ready, const struct proc *running)
{
    return level(ready) > level(running);
}

static void prio_reset(void)
{
    for (int l = 0; l < LEVELS; l++) {
        head[l] = tail[l] = 0;
        count[l] = 0;
    }
    nonempty = 0;
    total = 0;
}

const struct sched_policy sched_prio = {
    .name = "prio",
    .enqueue = prio_enqueue,
    .dequeue = prio_dequeue,
    .pick_next = prio_pick_next,
    .slice_us = prio_slice_us,
    .nready = prio_nready,
    .needs_slice = prio_needs_slice,
    .preempts = prio_preempts,
    .reset = prio_reset,
};
