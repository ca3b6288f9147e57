/* A ready queue of processes ordered by a key, on the timer queue's min-heap through struct
 * proc's queue_node: the stride and real-time policies' queue (rr and prio use proc_fifo.h).
 * Equal keys leave first-in first-out. O(log n). IRQs masked. */
#ifndef KERNEL_PROC_HEAP_H
#define KERNEL_PROC_HEAP_H

#include "kernel/sched/proc_struct.h"
#include "kernel/time/timer_heap.h"

/* The process whose queue_node n is. */
static inline struct proc *proc_of_queue_node(struct timer_node *n)
{
    return (struct proc *)((char *)n - __builtin_offsetof(struct proc, queue_node));
}

/* Queues p (not queued) at key. */
static inline void proc_heap_push(struct timer_heap *h, struct proc *p, uint64_t key)
{
    p->queue_node.deadline = key;
    timer_heap_insert(h, &p->queue_node);
}

/* Takes p out if it is queued. */
static inline void proc_heap_remove(struct timer_heap *h, struct proc *p)
{
    if (timer_node_queued(&p->queue_node))
        timer_heap_remove(h, &p->queue_node);
}

/* Removes and returns the process with the lowest key, or NULL when empty. */
static inline struct proc *proc_heap_pop(struct timer_heap *h)
{
    struct timer_node *n = timer_heap_peek(h);
    if (!n)
        return 0;
    timer_heap_remove(h, n);
    return proc_of_queue_node(n);
}

#endif
