/* The timer queue's min-heap (see include/kernel/time/timer_heap.h). */
#include "kernel/time/timer_heap.h"

#include "lib/errno.h"

/* Equal deadlines are rare, so that test is a well-predicted branch; the sequence number in the
 * node only breaks ties (first in, first out). */
static inline int earlier(const struct timer_heap_slot *a, const struct timer_heap_slot *b)
{
    if (a->deadline != b->deadline)
        return a->deadline < b->deadline;
    return a->node->seq < b->node->seq;
}

static inline void place(struct timer_heap_slot *slot, uint32_t i, struct timer_heap_slot s)
{
    slot[i] = s;
    s.node->index = i;
}

/* Moves s up from hole i while it is earlier than its parent, then puts it there. */
static void sift_up(struct timer_heap_slot *slot, uint32_t i, struct timer_heap_slot s)
{
    while (i > 0) {
        uint32_t parent = (i - 1) / 2;
        if (!earlier(&s, &slot[parent]))
            break;
        place(slot, i, slot[parent]);
        i = parent;
    }
    place(slot, i, s);
}

/* Fills hole i with s, moving it down as far as needed. Bottom-up (Floyd): walk the hole to a
 * leaf along the earlier child (one comparison per level), then let s climb back. The slot
 * being placed is usually the old last one, which belongs near the bottom, so this costs about
 * half the comparisons of the textbook sift-down. */
static void sift_down(struct timer_heap_slot *slot, uint32_t size, uint32_t i,
                      struct timer_heap_slot s)
{
    uint32_t child;
    while ((child = 2 * i + 1) < size) {
        if (child + 1 < size)
            child += (uint32_t)earlier(&slot[child + 1], &slot[child]);
        place(slot, i, slot[child]);
        i = child;
    }
    sift_up(slot, i, s); /* stops at the original hole at the latest: its parent is earlier */
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
    sift_up(h->slot, h->size++, (struct timer_heap_slot){n->deadline, n});
    return 0;
}

void timer_heap_remove(struct timer_heap *h, struct timer_node *n)
{
    uint32_t i = n->index;
    n->index = TIMER_NODE_UNQUEUED;
    struct timer_heap_slot last = h->slot[--h->size];
    if (last.node == n)
        return;
    /* The last slot fills the hole: it may belong above or below it. */
    if (i > 0 && earlier(&last, &h->slot[(i - 1) / 2]))
        sift_up(h->slot, i, last);
    else
        sift_down(h->slot, h->size, i, last);
}
