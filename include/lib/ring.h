/* A byte ring buffer of fixed capacity (a power of two): single producer (an IRQ handler),
 * single consumer (a system call), both with IRQs masked. Pure C, host-tested. */
#ifndef LIB_RING_H
#define LIB_RING_H

#include <stdint.h>

struct ring {
    uint8_t *buf;
    uint32_t size; /* a power of two */
    uint32_t head; /* next write: free-running counters, their difference is the fill */
    uint32_t tail; /* next read */
};

static inline void ring_init(struct ring *r, uint8_t *buf, uint32_t size)
{
    r->buf = buf;
    r->size = size;
    r->head = r->tail = 0;
}

static inline uint32_t ring_used(const struct ring *r)
{
    return r->head - r->tail;
}
static inline int ring_full(const struct ring *r)
{
    return ring_used(r) == r->size;
}

/* Appends c; returns 0, or -1 when full (c is not stored). */
static inline int ring_put(struct ring *r, uint8_t c)
{
    if (ring_full(r))
        return -1;
    r->buf[r->head++ & (r->size - 1)] = c;
    return 0;
}

/* Moves up to n bytes out into dst; returns how many. */
static inline uint32_t ring_get(struct ring *r, uint8_t *dst, uint32_t n)
{
    uint32_t k = 0;
    for (; k < n && r->tail != r->head; k++)
        dst[k] = r->buf[r->tail++ & (r->size - 1)];
    return k;
}

#endif
