/* struct proc, the process descriptor: what the scheduler switches between and the process
 * table (src/kernel/proc/proc.c) hands out. The table owns pid to wait_for, the scheduler and
 * its policies own the rest. It lives here, below both, so that the scheduler needs nothing
 * from the table (Linux keeps task_struct in sched.h for the same reason). */
#ifndef KERNEL_SCHED_PROC_STRUCT_H
#define KERNEL_SCHED_PROC_STRUCT_H

#include <stdint.h>

#include "arch/arm/trapframe.h"
#include "kernel/config.h"
#include "kernel/mm/vm.h"
#include "kernel/syscall/syscall_abi.h"
#include "kernel/time/timer.h"
#include "kernel/time/timer_heap.h"

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

#endif
