/* Round-robin policy: one FIFO of ready processes and the same quantum for all. O(1) enqueue
 * and pick; dequeue of an arbitrary process walks the queue (only on exit). */
#include "kernel/sched/proc_fifo.h"
#include "kernel/sched/sched.h"

static struct proc_fifo ready;

static void rr_enqueue(struct proc *p)
{
    proc_fifo_push(&ready, p);
}
static void rr_dequeue(struct proc *p)
{
    proc_fifo_remove(&ready, p);
}
static struct proc *rr_pick_next(void)
{
    return proc_fifo_pop(&ready);
}
static uint32_t rr_nready(void)
{
    return ready.count;
}
static void rr_reset(void)
{
    ready = (struct proc_fifo){0};
}

const struct sched_policy sched_rr = {
    .name = "rr",
    .enqueue = rr_enqueue,
    .dequeue = rr_dequeue,
    .pick_next = rr_pick_next,
    .nready = rr_nready,
    .reset = rr_reset,
};
