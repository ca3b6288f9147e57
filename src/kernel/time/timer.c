/* The timer queue on system-timer compare 1 (design: docs/tutorial/05-timers.md).
 * State below is guarded by masking IRQs; the IRQ handler runs with IRQs masked. */
#include "kernel/time/timer.h"

#include <stddef.h>

#include "arch/arm/cpu.h"
#include "kernel/irq/irq.h"
#include "kernel/syscall/syscall_abi.h"
#include "kernel/time/clock.h"
#include "kernel/time/timer_heap.h"
#include "kernel/time/timer_heap_check.h"
#include "kernel/trace/trace.h"
#include "lib/errno.h"

#define TIMER_SLOT_BITS 10u
#define TIMER_SLOT_MASK ((1u << TIMER_SLOT_BITS) - 1)
_Static_assert(TIMER_POOL_SIZE < (1u << TIMER_SLOT_BITS), "timer ids hold slot + 1 in 10 bits");

/* From task context a deadline already due is aimed this far ahead, so the IRQ (and with it
 * the callback's IRQ context) comes at once. More than the driver's 2 us "already due" margin. */
#define TIMER_MIN_LEAD_US 4

/* Rounds of "run what is due, re-arm" one IRQ may do before leaving the rest to the next IRQ. */
#define TIMER_IRQ_MAX_PASSES 8

struct timer {
    struct timer_node node; /* first: a node pointer is a timer pointer */
    uint64_t period_us;     /* 0: one-shot */
    timer_cb_t cb;
    void *data;
    timer_id id;         /* while in use: what make_id gives, kept for the IRQ path */
    uint32_t generation; /* bumped at every free: part of the id */
    uint32_t overruns;
    uint32_t next_free; /* free-list link while unused */
    int in_use;
};

static struct timer pool[TIMER_POOL_SIZE];
static struct timer_heap_slot heap_storage[TIMER_POOL_SIZE];
static struct timer_heap queue;
static uint32_t free_head; /* slot index, TIMER_POOL_SIZE = none */
static int running;
static struct timer_stats stats;
static int line_unmasked; /* compare 1 is unmasked at the controller */
static int in_handler;    /* timer_irq is running callbacks: it aims the compare once, after */

uint64_t time_us(void)
{
    return clock_now();
}

static timer_id make_id(uint32_t slot, uint32_t generation)
{
    return (generation << TIMER_SLOT_BITS) | (slot + 1);
}

/* The timer an id names, if it is still that timer and in use; else NULL. */
static struct timer *lookup(timer_id id)
{
    uint32_t slot = (id & TIMER_SLOT_MASK);
    if (slot == 0 || slot > TIMER_POOL_SIZE)
        return NULL;
    struct timer *t = &pool[slot - 1];
    if (!t->in_use || t->id != id)
        return NULL;
    return t;
}

static void release(struct timer *t)
{
    t->in_use = 0;
    /* 22 generation bits: a slot is reused 4 million times before an id repeats. */
    t->generation = (t->generation + 1) & (UINT32_MAX >> TIMER_SLOT_BITS);
    t->next_free = free_head;
    free_head = (uint32_t)(t - pool);
}

/* Points compare 1 at the head of the queue. From task context a head already due is aimed a
 * few microseconds ahead so that it still runs from the IRQ. Returns -ETIME only when called
 * with in_irq set and the head is due: the handler then runs it itself. */
static int program_hardware(int in_irq, uint64_t now)
{
    struct timer_node *head = timer_heap_peek(&queue);
    if (!head) {
        irq_set_enabled(CLOCK_IRQ, 0);
        line_unmasked = 0;
        return 0;
    }
    if (!line_unmasked) {
        /* While masked, the old compare may have matched (or matched again after a 2^32 us
         * wrap): drop that stale match, or unmasking would deliver an IRQ with nothing due. */
        clock_ack();
        irq_set_enabled(CLOCK_IRQ, 1);
        line_unmasked = 1;
    }
    int err = clock_arm(head->deadline, now);
    if (err == -ETIME && in_irq)
        return err;
    while (err == -ETIME) {
        now = clock_now();
        err = clock_arm(now + TIMER_MIN_LEAD_US, now);
    }
    return 0;
}

/* a + b, or UINT64_MAX where that would wrap: a deadline too far to express is "never". */
static uint64_t add_saturating(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static timer_id add(uint64_t deadline, uint64_t period, timer_cb_t cb, void *data)
{
    if (!cb)
        return 0;
    uint32_t flags = irq_save();
    timer_id id = 0;
    if (running && free_head != TIMER_POOL_SIZE) {
        uint32_t slot = free_head;
        struct timer *t = &pool[slot];
        free_head = t->next_free;
        t->node.deadline = deadline;
        t->period_us = period;
        t->cb = cb;
        t->data = data;
        t->overruns = 0;
        t->in_use = 1;
        t->id = id = make_id(slot, t->generation);
        timer_heap_insert(&queue, &t->node); /* cannot fail: the heap holds the whole pool */
        stats.pending++;
        if (timer_heap_peek(&queue) == &t->node && !in_handler)
            program_hardware(0, clock_now());
    }
    irq_restore(flags);
    return id;
}

timer_id timer_register_at(uint64_t deadline_us, timer_cb_t cb, void *data)
{
    return add(deadline_us, 0, cb, data);
}

timer_id timer_register(uint64_t delay_us, timer_cb_t cb, void *data)
{
    return add(add_saturating(time_us(), delay_us), 0, cb, data);
}

timer_id timer_register_periodic(uint64_t period_us, timer_cb_t cb, void *data)
{
    if (period_us == 0)
        return 0;
    return add(add_saturating(time_us(), period_us), period_us, cb, data);
}

int timer_remove(timer_id id)
{
    uint32_t flags = irq_save();
    struct timer *t = lookup(id);
    int err = -ENOENT;
    if (t) {
        /* Every live timer is queued: one-shots are freed when they fire, and a periodic
         * timer is re-queued before its callback runs, so the callback may remove it. */
        int was_head = timer_heap_peek(&queue) == &t->node;
        timer_heap_remove(&queue, &t->node);
        stats.pending--;
        release(t);
        if (was_head && !in_handler)
            program_hardware(0, clock_now());
        err = 0;
    }
    irq_restore(flags);
    return err;
}

int64_t timer_overruns(timer_id id)
{
    uint32_t flags = irq_save();
    struct timer *t = lookup(id);
    int64_t n = t ? (int64_t)t->overruns : -ENOENT;
    irq_restore(flags);
    return n;
}

uint64_t timer_deadline(timer_id id)
{
    uint32_t flags = irq_save();
    struct timer *t = lookup(id);
    uint64_t d = (t && timer_node_queued(&t->node)) ? t->node.deadline : 0;
    irq_restore(flags);
    return d;
}

/* Pops and runs everything due at now. A periodic timer is re-queued for its next deadline
 * (computed from the previous deadline, so it never drifts) before its callback runs, so the
 * callback may remove it; a one-shot is freed first, so its id is already stale in the callback. */
static void run_due(uint64_t now)
{
    struct timer_node *head;
    while ((head = timer_heap_peek(&queue)) && head->deadline <= now) {
        struct timer *t = (struct timer *)head;
        timer_heap_pop(&queue);
        timer_id id = t->id;
        timer_cb_t cb = t->cb;
        void *data = t->data;
        if (t->period_us) {
            uint64_t next = add_saturating(head->deadline, t->period_us);
            if (next <= now) {
                /* More than a whole period late: skip the missed periods, no burst. */
                uint64_t missed = (now - head->deadline) / t->period_us;
                t->overruns += (uint32_t)missed;
                next = head->deadline + (missed + 1) * t->period_us;
            }
            head->deadline = next;
            timer_heap_insert(&queue, head);
        } else {
            stats.pending--;
            release(t);
        }
        stats.fired++;
        cb(id, data);
    }
}

static void timer_irq_clear(unsigned irq, void *data)
{
    (void)irq;
    (void)data;
    clock_ack();
}

static void timer_irq(unsigned irq, void *data)
{
    (void)irq;
    (void)data;
    stats.irqs++;
    trace_timer_irq();
    uint32_t fired_before = stats.fired;
    /* One clock read per IRQ: the compare is then aimed with that reading, which only bounds
     * how far ahead it may be set (the driver reads the counter again after the write). */
    uint64_t now = clock_now();
    in_handler = 1;
    for (int pass = 0;; pass++) {
        run_due(now);
        /* Already due again by re-arm time: run it now rather than after a 2^32 us wrap. The
         * pass bound keeps a too-short period from holding the CPU in this handler. */
        if (pass == TIMER_IRQ_MAX_PASSES) {
            program_hardware(0, now);
            break;
        }
        if (program_hardware(1, now) != -ETIME)
            break;
        stats.late_handled++;
        now = clock_now();
    }
    in_handler = 0;
    if (stats.fired == fired_before)
        stats.idle_irqs++;
}

int timer_start(void)
{
    uint32_t flags = irq_save();
    int err = -EBUSY;
    if (!running) {
        timer_heap_init(&queue, heap_storage, TIMER_POOL_SIZE);
        free_head = TIMER_POOL_SIZE;
        /* Generations survive a stop and start: ids from before stay stale. */
        for (uint32_t i = TIMER_POOL_SIZE; i-- > 0;) {
            pool[i].in_use = 0;
            pool[i].node.index = TIMER_NODE_UNQUEUED;
            pool[i].next_free = free_head;
            free_head = i;
        }
        stats = (struct timer_stats){0};
        err = irq_register(CLOCK_IRQ, timer_irq, timer_irq_clear, NULL);
        if (err == 0) {
            irq_set_enabled(CLOCK_IRQ, 0); /* nothing queued: no interrupts */
            line_unmasked = 0;
            running = 1;
        }
    }
    irq_restore(flags);
    return err;
}

int timer_stop(void)
{
    uint32_t flags = irq_save();
    int err = -EINVAL;
    if (running) {
        struct timer_node *n;
        while ((n = timer_heap_peek(&queue))) {
            timer_heap_remove(&queue, n);
            release((struct timer *)n);
        }
        stats.pending = 0;
        irq_unregister(CLOCK_IRQ);
        clock_ack();
        running = 0;
        err = 0;
    }
    irq_restore(flags);
    return err;
}

uint32_t timer_list(struct timer_info *out, uint32_t max)
{
    uint32_t flags = irq_save();
    uint32_t n = 0;
    for (uint32_t i = 0; i < TIMER_POOL_SIZE; i++) {
        const struct timer *t = &pool[i];
        if (!t->in_use)
            continue;
        if (n < max)
            out[n] = (struct timer_info){t->id, (uint32_t)t->period_us, t->node.deadline};
        n++;
    }
    irq_restore(flags);
    return n;
}

void timer_get_stats(struct timer_stats *out)
{
    uint32_t flags = irq_save();
    *out = stats;
    irq_restore(flags);
}

/* Contract in timer.h. Outside run_due a timer is in use exactly while it is queued. */
const char *timer_check(void)
{
    uint32_t flags = irq_save();
    const char *why = timer_heap_check(&queue);
    uint32_t used = 0, listed = 0;
    for (uint32_t i = 0; i < TIMER_POOL_SIZE && !why; i++) {
        used += (uint32_t)pool[i].in_use;
        if (pool[i].in_use != timer_node_queued(&pool[i].node))
            why = "timer queue: a timer in use is not queued, or a free one is";
    }
    for (uint32_t i = free_head; i != TIMER_POOL_SIZE && !why; i = pool[i].next_free)
        if (i > TIMER_POOL_SIZE || pool[i].in_use || ++listed > TIMER_POOL_SIZE - used)
            why = "timer queue: the free list holds a timer in use (or loops)";
    if (!why && (used != queue.size || listed != TIMER_POOL_SIZE - used))
        why = "timer queue: timers in use, queued and free do not add up";
    if (!why && stats.pending != queue.size)
        why = "timer queue: the pending count differs from the queue's size";
    if (!why && running && line_unmasked != (queue.size > 0))
        why = "timer queue: compare 1's line is masked with timers queued, or the reverse";
    irq_restore(flags);
    return why;
}
