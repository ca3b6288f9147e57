/* The timer heap's consistency check (include/kernel/time/timer_heap_check.h). */
#include "kernel/time/timer_heap_check.h"

#include <stddef.h>

const char *timer_heap_check(const struct timer_heap *h)
{
    if (h->size > h->capacity)
        return "timer heap: more nodes than slots";
    for (uint32_t i = 0; i < h->size; i++) {
        const struct timer_heap_slot *s = &h->slot[i];
        if (!s->node)
            return "timer heap: an empty slot below the size";
        if (s->node->index != i)
            return "timer heap: a node does not know its slot";
        if (s->deadline != s->node->deadline)
            return "timer heap: a slot's deadline differs from its node's";
        if (i == 0)
            continue;
        const struct timer_heap_slot *parent = &h->slot[(i - 1) / 2];
        if (s->deadline < parent->deadline ||
            (s->deadline == parent->deadline && s->node->seq < parent->node->seq))
            return "timer heap: a node is earlier than its parent";
    }
    return NULL;
}
