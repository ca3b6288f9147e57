/* Binary min-heap of timer nodes ordered by (deadline, sequence): the one timer queue's data
 * structure. Nodes are embedded in their owners and remember their heap index, so insert,
 * remove and pop are O(log n) and peek is O(1). No allocation: the caller provides the array.
 * Pure C, no locking: callers mask IRQs. */
#ifndef KERNEL_TIMER_HEAP_H
#define KERNEL_TIMER_HEAP_H

#include <stdint.h>

#define TIMER_NODE_UNQUEUED UINT32_MAX

struct timer_node {
    uint64_t deadline; /* absolute, microseconds since boot */
    uint64_t seq;      /* insertion order: equal deadlines leave first-in first-out */
    uint32_t index;    /* position in the heap array, or TIMER_NODE_UNQUEUED */
};

/* A heap slot keeps its node's deadline beside the pointer, so sifting compares within the
 * array instead of loading from every owner (the node is only read on a tie). */
struct timer_heap_slot {
    uint64_t deadline;
    struct timer_node *node;
};

struct timer_heap {
    struct timer_heap_slot *slot; /* slot[0] is the earliest */
    uint32_t size;
    uint32_t capacity;
    uint64_t next_seq;
};

void timer_heap_init(struct timer_heap *h, struct timer_heap_slot *storage, uint32_t capacity);

/* Queues n (which must not be queued) at n->deadline, which must then not change until n
 * leaves the heap. Returns 0 or -ENOMEM when full. */
int timer_heap_insert(struct timer_heap *h, struct timer_node *n);

/* Takes a queued node out. */
void timer_heap_remove(struct timer_heap *h, struct timer_node *n);

/* Takes the earliest node out and returns it, or NULL when empty: timer_heap_remove of the
 * head without the checks a node anywhere else needs. */
struct timer_node *timer_heap_pop(struct timer_heap *h);

/* The earliest node, or NULL when empty. */
static inline struct timer_node *timer_heap_peek(const struct timer_heap *h)
{
    return h->size ? h->slot[0].node : 0;
}

static inline int timer_node_queued(const struct timer_node *n)
{
    return n->index != TIMER_NODE_UNQUEUED;
}

#endif
