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

/* A periodic real-time task's parameters (the lab's task sets). Times in microseconds, each at
 * most RT_TIME_MAX_US; the jitter below the deadline. */
#define RT_TIME_MAX_US 1000000000u
struct rt_params {
    uint32_t period_us;
    uint32_t deadline_us; /* relative to each release's nominal time */
    uint32_t offset_us;   /* first nominal release, after time zero */
    uint32_t jitter_us;   /* each release comes up to this much after its nominal time */
    uint32_t wcet_min_us; /* a job's work is drawn from [wcet_min_us, wcet_max_us] */
    uint32_t wcet_max_us;
    uint32_t seed; /* for the draws: the same seed gives the same jobs */
};

/* Its jobs (src/kernel/rt/job.c). Job k (from 0) has its nominal release at
 * t0 + offset + k * period and its deadline deadline_us later; "job k+1" in the trace. */
struct rt_task {
    int active; /* this process is a periodic task */
    struct rt_params prm;
    uint64_t t0;        /* time zero, absolute */
    uint32_t released;  /* jobs released so far */
    uint32_t completed; /* jobs completed (the current job is job `completed`) */
    int working;        /* job_next() handed it job `completed`: the next call completes it */
    uint32_t watched;   /* jobs before this one are judged: met, or their miss recorded */
    uint32_t missed;
    timer_id release_timer;  /* the next release, 0 when none is queued */
    timer_id deadline_timer; /* job `watched`'s deadline, 0 when none is queued */
};

struct proc {
    struct trapframe tf; /* user context while not running (vectors.S saves into it) */
    int pid;             /* 0: free slot */
    int parent;          /* pid of the spawner, 0 for the kernel */
    uint32_t caps;       /* CAP_*: what it may do to others and the system */
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
    struct timer_node queue_node; /* stride and rt policies: its place in their ready heap */
    uint64_t run_start;           /* time_us() when it last started running */
    uint32_t tpidrurw;            /* its user thread register while it is not running */
    struct proc_stats stats;
    struct rt_task rt; /* a periodic real-time task's jobs (rt/job.c owns it) */
};

/* Job k's nominal release (before its jitter) and its absolute deadline. */
static inline uint64_t rt_nominal_release(const struct rt_task *rt, uint32_t k)
{
    return rt->t0 + rt->prm.offset_us + (uint64_t)k * rt->prm.period_us;
}

static inline uint64_t rt_job_deadline(const struct rt_task *rt, uint32_t k)
{
    return rt_nominal_release(rt, k) + rt->prm.deadline_us;
}

/* The absolute deadline of p's current job (job `completed`): what EDF orders by. UINT64_MAX when
 * p is not a periodic task: it then runs only when no job is waiting. */
static inline uint64_t proc_rt_deadline(const struct proc *p)
{
    return p->rt.active ? rt_job_deadline(&p->rt, p->rt.completed) : UINT64_MAX;
}

/* The running process, or NULL while the idle loop runs. Changed only by sched_return(). */
extern struct proc *proc_current;

#endif
