/* Processes: a fixed table of user-mode programs linked into the kernel image (src/user/):
 * spawn, exit, kill, lookup. The descriptor itself, struct proc, is the scheduler's
 * (include/kernel/sched/proc_struct.h): the scheduler sits below this table and never calls it. */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <stdint.h>

#include "kernel/sched/proc_struct.h"
#include "kernel/syscall/syscall_abi.h"

/* Empties the table and sets what user mode may use on this CPU (the generic timer's virtual
 * count, not VFP). Boot, IRQs masked. */
void proc_init(void);

/* Creates a ready process that runs entry(arg) in user mode. entry must be user code (src/user)
 * and name a string the caller may read (copied, cut to PROC_NAME_MAX - 1). Returns the pid,
 * -EINVAL for a bad entry, -EAGAIN when the table is full, -ENOMEM when no pages are left for
 * its address space. IRQs masked by the caller. */
int proc_spawn(uintptr_t entry, uint32_t arg, const char *name, int parent);

/* The same, for a caller with IRQs masked at a point where they may come on (nothing held):
 * SYS_SPAWN at a system call's top level, or boot-mode code such as the benchmarks'. IRQs are
 * on while the address space is built (~4000 instructions), off for the rest. */
int proc_spawn_preemptible(uintptr_t entry, uint32_t arg, const char *name, int parent);

/* The same with scheduling parameters (NULL: priority 0, SCHED_TICKETS_DEFAULT tickets).
 * IRQs masked by the caller. */
int proc_spawn_param(uintptr_t entry, uint32_t arg, const char *name, int parent,
                     const struct sched_param *param);

/* Ends p with code. Its waiter (if any) gets the code; otherwise it stays as a zombie for its
 * parent to wait for, or is freed at once when the parent has ended (or is the kernel). Its own
 * exited children are freed, its running ones become orphans. The caller reschedules when p
 * was current. IRQs masked. */
void proc_exit(struct proc *p, int code);

/* Frees an exited process and returns its exit code (wait() on a process that already ended).
 * IRQs masked. */
int proc_reap(struct proc *p);

/* The workload kind the next proc_spawn records in the trace (the lab sets it; NULL after). */
extern const char *proc_trace_kind;

/* Called for every process that ends, after its exit code is set (the test runner uses it). */
extern void (*proc_exit_hook)(const struct proc *p);

/* Ends p after a fault, with a one-line report; its waiter gets -EFAULT. */
void proc_kill(struct proc *p, const char *why, uint32_t pc, uint32_t addr);

/* The live (not free) process with this pid, or NULL. IRQs masked. */
struct proc *proc_lookup(int pid);

/* The smallest pid above pid that is in the table (any state but free), or 0. IRQs masked. */
int proc_next(int pid);

/* Number of live (not free) processes. */
int proc_count(void);

/* The table checked: the live count, pids, one running process (the current one), zombies
 * without memory and with a parent to reap them, waiters and sleepers whose links and wake-up
 * timers exist. NULL when all holds, else what is wrong. IRQs masked. */
const char *proc_check(void);

/* The same checks on any table t[0..n) (tests build damaged ones): live_count processes said to
 * be in it, pids below pids_issued_below handed out, current the running one. */
const char *proc_table_check(const struct proc *t, int n, int live_count, int pids_issued_below,
                             const struct proc *current);

#endif
