/* Processes: a fixed table of user-mode programs linked into the kernel image (src/user/). */
#ifndef KERNEL_PROC_H
#define KERNEL_PROC_H

#include <stdint.h>

#include "arch/arm/trapframe.h"
#include "kernel/proc/syscall_abi.h"
#include "kernel/time/timer.h"
#include "kernel/time/timer_heap.h"
#include "kernel/mm/vm.h"

/* Build-time capacity of the process table: room for the 256-sleeper benchmark and its driver. */
#define PROC_MAX 320

struct proc {
    struct trapframe tf; /* user context while not running (vectors.S saves into it) */
    int pid;             /* 0: free slot */
    int parent;          /* pid of the spawner, 0 for the kernel */
    enum proc_state state;
    char name[PROC_NAME_MAX];
    struct vm_space vm;           /* its address space (the stack is the top page of the window) */
    struct proc_fault_info fault; /* the fault that killed it, if one did */
    int exit_code;
    struct proc *waiter;  /* process blocked in wait() for this one */
    int wait_for;         /* pid this one waits for (PROC_WAITING) */
    timer_id sleep_timer; /* PROC_SLEEPING: its entry in the timer queue */
    uint64_t wake_at;
    struct proc *next;            /* ready-queue link, owned by the policy */
    struct sched_param param;     /* what the policies weigh: priority, tickets */
    uint64_t pass;                /* stride policy: virtual time used, in stride units */
    struct timer_node queue_node; /* stride policy: its place in the ready heap (key: pass) */
    uint64_t run_start;           /* time_us() when it last started running */
    struct proc_stats stats;
};

/* The running process, or NULL while the idle loop runs. Changed only by sched_return(). */
extern struct proc *proc_current;

void proc_init(void);

/* Creates a ready process that runs entry(arg) in user mode. entry must be user code (src/user)
 * and name a string the caller may read (copied, cut to PROC_NAME_MAX - 1). Returns the pid,
 * -EINVAL for a bad entry, -EAGAIN when the table is full, -ENOMEM when no pages are left for
 * its address space. IRQs masked by the caller. */
int proc_spawn(uintptr_t entry, uint32_t arg, const char *name, int parent);

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

#endif
