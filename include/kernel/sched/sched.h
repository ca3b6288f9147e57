/* The scheduler: which process runs, time slices on the timer queue, sleeping and waking.
 * Policies (sched_rr.c, sched_prio.c, sched_stride.c, sched_rt.c) decide the order; this file does
 * the switching and never looks inside a policy. Everything here runs with IRQs masked. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdint.h>

#include "arch/arm/trapframe.h"
#include "kernel/syscall/syscall_abi.h"

struct proc;

/* A scheduling policy: a ready queue with an order. enqueue adds a runnable process (new,
 * woken, preempted or yielding); dequeue takes a queued one out (it exited or was killed);
 * pick_next removes and returns the next to run, or NULL when none is ready; nready counts
 * queued processes. The optional hooks: slice_us is the length of p's time
 * slice (default: the quantum); ran tells the
 * policy how long p just ran (before p is queued again or blocks); needs_slice says whether the
 * running process must be time-sliced (default: whenever anything else is ready); preempts
 * says whether a process that just became ready should take the CPU from the running one at
 * once (default: never, it waits for the slice to end); outranked says whether a queued process
 * now ranks above the running one, whose rank changed while it ran (default: never). reset
 * empties the queue. */
struct sched_policy {
    const char *name;
    void (*enqueue)(struct proc *p);
    void (*dequeue)(struct proc *p);
    struct proc *(*pick_next)(void);
    uint64_t (*slice_us)(const struct proc *p);
    uint32_t (*nready)(void);
    void (*ran)(struct proc *p, uint64_t us);
    int (*needs_slice)(const struct proc *running);
    int (*preempts)(const struct proc *ready, const struct proc *running);
    int (*outranked)(const struct proc *running);
    void (*reset)(void);
};

/* The policies, and the one called name (NULL when there is none). */
extern const struct sched_policy sched_rr, sched_prio, sched_stride, sched_edf, sched_rm, sched_dm;
const struct sched_policy *sched_policy_by_name(const char *name);
extern const char sched_policy_names[]; /* "rr, prio, stride, ...": for messages */
const struct sched_policy *sched_current_policy(void);

/* Moves every ready process, in its current order, to policy p, which rules from now on. */
void sched_set_policy(const struct sched_policy *p);

#define SCHED_DEFAULT_QUANTUM_US 10000

void sched_init(const struct sched_policy *policy, uint32_t quantum_us);

/* Current quantum (the time slice of every policy); sched_set_quantum returns 0 or -EINVAL out of
 * [QUANTUM_MIN_US, QUANTUM_MAX_US]. It applies from the next slice on. */
uint32_t sched_quantum(void);
int sched_set_quantum(uint32_t us);

/* p becomes ready and is queued by the policy (spawned, woken, or a waiter released); under
 * rr that is the tail of the ready queue. */
void sched_make_ready(struct proc *p);

/* p leaves whatever queue it is in (ready queue or timer queue) because it exits. */
void sched_remove(struct proc *p);

/* The current process gives up the CPU (a voluntary switch): back to the policy if it is
 * still running (yield), or not, if its state already says it blocks (sleep, wait, read,
 * exit). Takes effect on the way out of the kernel. */
void sched_leave_cpu(void);

/* Puts the current process to sleep until t (absolute us). Returns 0, or SLEEP_LATE when t
 * has passed already (then it does not sleep). */
int sched_sleep_until(uint64_t t);

/* Called on every way out of the kernel to user mode (vectors.S user_return): accounts the
 * running process's time, switches if needed and returns the frame to resume, or NULL to run
 * the idle loop. */
struct trapframe *sched_return(void);

/* What runs when no process is ready (src/kernel/sched/idle.c). Does not return. */
void idle_loop(void) __attribute__((noreturn));

/* p's rank changed while it was queued (it became a real-time task): it is queued again by its
 * new rank. Nothing when p is not ready. */
void sched_requeue(struct proc *p);

/* The running process's rank changed (a real-time task went on to its next job): switch on the
 * way out if a queued process now ranks above it. */
void sched_rank_changed(void);

/* Work for the way out of the kernel, before any switch: fn (the console's drain) runs in
 * sched_return, at the top of the kernel with IRQs masked, and may turn them on for a while.
 * sched_request_exit_work asks for one run of it (any context, IRQs masked). */
void sched_set_exit_work(void (*fn)(void));
void sched_request_exit_work(void);

/* Whether a switch is due on the way out of this kernel entry. */
int sched_switch_pending(void);

/* Whether a process is ready to run, or exit work waits: the idle loop then calls
 * sched_resume(). */
int sched_has_ready(void);

/* vectors.S: leave the idle loop and resume the next ready process. Does not return. */
void sched_resume(void) __attribute__((noreturn));

void sched_get_stats(struct kstats *out);

#endif
