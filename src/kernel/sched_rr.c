/* Round-robin policy: one FIFO of ready processes and the same quantum for all. O(1) enqueue
 * and pick; dequeue of an arbitrary process walks the queue (only on exit, never in the IRQ
 * path's normal work). */
#include "kernel/proc.h"
#include "kernel/sched.h"

static struct proc *head, *tail;
static uint32_t count;

static void rr_enqueue(struct proc *p)
{
    p->next = 0;
    if (tail)
        tail->next = p;
    else
        head = p;
    tail = p;
    count++;
}

static void rr_dequeue(struct proc *p)
{
    struct proc **link = &head;
    struct proc *prev = 0;
    while (*link && *link != p) {
        prev = *link;
        link = &(*link)->next;
    }
    if (!*link)
        return;
    *link = p->next;
    if (tail == p)
        tail = prev;
    p->next = 0;
    count--;
}

static struct proc *rr_pick_next(void)
{
    struct proc *p = head;
    if (p) {
        head = p->next;
        if (!head)
            tail = 0;
        p->next = 0;
        count--;
    }
    return p;
}

static uint64_t rr_slice_us(const struct proc *p)
{
    (void)p;
    return sched_quantum();
}

static uint32_t rr_nready(void)
{
    return count;
}

const struct sched_policy sched_rr = {
    .name = "rr",
    .enqueue = rr_enqueue,
    .dequeue = rr_dequeue,
    .pick_next = rr_pick_next,
    .slice_us = rr_slice_us,
    .nready = rr_nready,
};
