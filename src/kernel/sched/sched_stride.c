/* Stride scheduling (Waldspurger & Weihl, 1995): a proportional share by tickets. Each process
 * has a stride = STRIDE1 / tickets and a pass; the ready process with the smallest pass runs,
 * and running for t us adds stride * t / quantum to its pass. Deterministic: equal passes go in
 * queue order. The ready queue is the timer queue's min-heap keyed by pass: O(log n). */
#include "kernel/sched/proc_heap.h"
#include "kernel/sched/sched.h"

#define STRIDE1   (1u << 20)
#define MAX_READY PROC_MAX

static struct timer_heap_slot slots[MAX_READY];
static struct timer_heap heap;
static uint64_t global_pass; /* pass of the last process picked: where newcomers start */

static uint64_t stride_of(const struct proc *p)
{
    uint32_t t = p->param.tickets;
    if (t < SCHED_TICKETS_MIN)
        t = SCHED_TICKETS_MIN;
    return STRIDE1 / t;
}

static void stride_enqueue(struct proc *p)
{
    /* A process that slept or is new must not bank the time it did not run: it starts no
     * earlier than the others' current pass. */
    if (p->pass < global_pass)
        p->pass = global_pass;
    proc_heap_push(&heap, p, p->pass);
}

static void stride_dequeue(struct proc *p)
{
    proc_heap_remove(&heap, p);
}

static struct proc *stride_pick_next(void)
{
    struct proc *p = proc_heap_pop(&heap);
    if (p)
        global_pass = p->pass;
    return p;
}

static void stride_ran(struct proc *p, uint64_t us)
{
    p->pass += stride_of(p) * us / sched_quantum();
}

static uint32_t stride_nready(void)
{
    return heap.size;
}

static void stride_reset(void)
{
    timer_heap_init(&heap, slots, MAX_READY);
    global_pass = 0;
}

const struct sched_policy sched_stride = {
    .name = "stride",
    .enqueue = stride_enqueue,
    .dequeue = stride_dequeue,
    .pick_next = stride_pick_next,
    .nready = stride_nready,
    .ran = stride_ran,
    .reset = stride_reset,
};
