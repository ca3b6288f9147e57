/* A FIFO of processes linked through struct proc's next field: the ready queue of round-robin
 * and of each priority level. push and pop are O(1); remove walks the queue. IRQs masked. */
#ifndef KERNEL_PROC_FIFO_H
#define KERNEL_PROC_FIFO_H

#include <stdint.h>

#include "kernel/sched/proc_struct.h"

struct proc_fifo {
    struct proc *head, *tail;
    uint32_t count;
};

static inline void proc_fifo_push(struct proc_fifo *q, struct proc *p)
{
    p->next = 0;
    if (q->tail)
        q->tail->next = p;
    else
        q->head = p;
    q->tail = p;
    q->count++;
}

static inline struct proc *proc_fifo_pop(struct proc_fifo *q)
{
    struct proc *p = q->head;
    if (p) {
        q->head = p->next;
        if (!q->head)
            q->tail = 0;
        p->next = 0;
        q->count--;
    }
    return p;
}

/* Takes p out wherever it is; returns 0 when p was not in q. */
static inline int proc_fifo_remove(struct proc_fifo *q, struct proc *p)
{
    struct proc **link = &q->head, *prev = 0;
    while (*link && *link != p) {
        prev = *link;
        link = &(*link)->next;
    }
    if (!*link)
        return 0;
    *link = p->next;
    if (q->tail == p)
        q->tail = prev;
    p->next = 0;
    q->count--;
    return 1;
}

#endif
