/* The timer queue's min-heap (see include/kernel/time/timer_heap.h). */
#include "kernel/time/timer_heap.h"

#include "lib/errno.h"

/* Is the node n, queued at deadline d, earlier than the one in slot b? Equal deadlines are rare,
 * so that test is a well-predicted branch; the sequence number in the node only breaks ties
 * (first in, first out). Slots are compared field by field, never copied whole: the hot loops
 * keep the moving node in two registers. */
static inline int earlier(uint64_t d, const struct timer_node *n, const struct timer_heap_slot *b)
{
    if (d != b->deadline)
        return d < b->deadline;
    return n->seq < b->node->seq;
}

static inline void place(struct timer_heap_slot *slot, uint32_t i, uint64_t d, struct timer_node *n)
{
    slot[i].deadline = d;
    slot[i].node = n;
    n->index = i;
}

/* Moves the node (d, n) up from hole i while it is earlier than its parent, then puts it there. */
static void sift_up(struct timer_heap_slot *slot, uint32_t i, uint64_t d, struct timer_node *n)
{
    while (i > 0) {
        uint32_t parent = (i - 1) / 2;
        if (!earlier(d, n, &slot[parent]))
            break;
        place(slot, i, slot[parent].deadline, slot[parent].node);
        i = parent;
    }
    place(slot, i, d, n);
}

/* Fills hole i with the node (d, n), moving it down as far as needed. Bottom-up (Floyd): walk
 * the hole to a leaf along the earlier child (one comparison per level), then let the node
 * climb back. The node being placed is usually the old last one, which belongs near the
 * bottom, so this costs about half the comparisons of the textbook sift-down. */
static void sift_down(struct timer_heap_slot *slot, uint32_t size, uint32_t i, uint64_t d,
                      struct timer_node *n)
{
    uint32_t child;
    while ((child = 2 * i + 1) < size) {
        if (child + 1 < size &&
            earlier(slot[child + 1].deadline, slot[child + 1].node, &slot[child]))
            child++;
        place(slot, i, slot[child].deadline, slot[child].node);
        i = child;
    }
    sift_up(slot, i, d, n); /* stops at the original hole at the latest: its parent is earlier */
}

void timer_heap_init(struct timer_heap *h, struct timer_heap_slot *storage, uint32_t capacity)
{
    h->slot = storage;
    h->size = 0;
    h->capacity = capacity;
    h->next_seq = 0;
}

int timer_heap_insert(struct timer_heap *h, struct timer_node *n)
{
    if (h->size == h->capacity)
        return -ENOMEM;
    n->seq = h->next_seq++;
    sift_up(h->slot, h->size++, n->deadline, n);
    return 0;
}

void timer_heap_remove(struct timer_heap *h, struct timer_node *n)
{
    uint32_t i = n->index;
    n->index = TIMER_NODE_UNQUEUED;
    struct timer_heap_slot *last = &h->slot[--h->size];
    if (last->node == n)
        return;
    /* The last slot fills the hole: it may belong above or below it. */
    if (i > 0 && earlier(last->deadline, last->node, &h->slot[(i - 1) / 2]))
        sift_up(h->slot, i, last->deadline, last->node);
    else
        sift_down(h->slot, h->size, i, last->deadline, last->node);
}

struct timer_node *timer_heap_pop(struct timer_heap *h)
{
    if (!h->size)
        return 0;
    struct timer_node *head = h->slot[0].node;
    head->index = TIMER_NODE_UNQUEUED;
    uint32_t size = --h->size;
    if (size)
        sift_down(h->slot, size, 0, h->slot[size].deadline, h->slot[size].node);
    return head;
}
