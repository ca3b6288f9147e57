/* The process table: spawn, exit, kill, lookup, and what a process's memory is. All of it runs
 * with IRQs masked (from syscalls, faults, timer callbacks, or boot code inside irq_save), but
 * for the building of a new address space in proc_spawn_preemptible. */
#include "kernel/proc/proc.h"

#include "arch/arm/cpu.h"
#include "kernel/console/tty.h"
#include "kernel/mm/vm.h"
#include "kernel/power/panic.h"
#include "kernel/rt/job.h"
#include "kernel/sched/sched.h"
#include "kernel/trace/trace.h"
#include "lib/errno.h"
#include "lib/kprintf.h"

void (*proc_exit_hook)(const struct proc *p);
const char *proc_trace_kind; /* the lab names its workload kind for the next spawn's trace */
static struct proc table[PROC_MAX];
static int next_pid = 1;
static int live;

/* The user image's code (kernel.ld): where an entry point must lie. */
extern char __user_text_start[], __user_text_end[];
extern void user_exit_trampoline(void);

void proc_init(void)
{
    for (int i = 0; i < PROC_MAX; i++)
        table[i] = (struct proc){0};
    live = 0;
    /* What user mode may touch on this CPU: the virtual count yes, VFP no (not saved). */
    cpu_allow_user_cntvct();
    cpu_disable_vfp();
}

static void copy_name(char *dst, const char *src)
{
    int i = 0;
    for (; src[i] && i < PROC_NAME_MAX - 1; i++)
        dst[i] = src[i];
    dst[i] = '\0';
}

static int spawn(uintptr_t entry, uint32_t arg, const char *name, int parent,
                 const struct sched_param *param, int irqs_on);

int proc_spawn(uintptr_t entry, uint32_t arg, const char *name, int parent)
{
    return spawn(entry, arg, name, parent, 0, 0);
}

int proc_spawn_preemptible(uintptr_t entry, uint32_t arg, const char *name, int parent)
{
    return spawn(entry, arg, name, parent, 0, 1);
}

int proc_spawn_param(uintptr_t entry, uint32_t arg, const char *name, int parent,
                     const struct sched_param *param)
{
    return spawn(entry, arg, name, parent, param, 0);
}

static int spawn(uintptr_t entry, uint32_t arg, const char *name, int parent,
                 const struct sched_param *param, int irqs_on)
{
    if (entry < (uintptr_t)__user_text_start || entry >= (uintptr_t)__user_text_end || (entry & 3))
        return -EINVAL;
    int slot = -1;
    for (int i = 0; i < PROC_MAX && slot < 0; i++)
        if (table[i].state == PROC_FREE)
            slot = i;
    if (slot < 0)
        return -EAGAIN;

    struct proc *p = &table[slot];
    *p = (struct proc){0};
    /* The address space is most of a spawn (pages copied and zeroed, tables filled): a system
     * call builds it with IRQs on. No IRQ handler spawns or ends a process, and nothing
     * allocates pages in IRQ context, so the slot stays free and ours meanwhile. */
    if (irqs_on)
        irq_enable();
    int err = vm_space_create(&p->vm, (unsigned)slot);
    if (irqs_on)
        irq_disable();
    if (err)
        return err; /* the slot stays free */
    p->pid = next_pid++;
    p->parent = parent;
    const struct proc *spawner = parent ? proc_lookup(parent) : 0;
    p->caps = spawner ? spawner->caps : CAP_ALL;
    copy_name(p->name, name);
    p->tf.r[0] = arg;
    p->tf.sp = USER_TOP;
    p->tf.lr = (uint32_t)(uintptr_t)user_exit_trampoline; /* returning from entry exits */
    p->tf.pc = (uint32_t)entry;
    p->tf.cpsr = CPSR_MODE_USR; /* ARM state, IRQs and FIQs enabled */
    p->param = param ? *param : (struct sched_param){0, SCHED_TICKETS_DEFAULT};
    p->queue_node.index = TIMER_NODE_UNQUEUED;
    live++;
    trace_fork(parent, p->pid, p->name, p->param.prio, p->param.tickets, proc_trace_kind);
    proc_trace_kind = 0;
    sched_make_ready(p);
    return p->pid;
}

struct proc *proc_lookup(int pid)
{
    if (pid <= 0)
        return 0;
    for (int i = 0; i < PROC_MAX; i++)
        if (table[i].pid == pid && table[i].state != PROC_FREE)
            return &table[i];
    return 0;
}

int proc_next(int pid)
{
    int best = 0;
    for (int i = 0; i < PROC_MAX; i++)
        if (table[i].state != PROC_FREE && table[i].pid > pid && (!best || table[i].pid < best))
            best = table[i].pid;
    return best;
}

int proc_count(void)
{
    return live;
}

static void release(struct proc *p)
{
    p->state = PROC_FREE;
    p->pid = 0;
    live--;
}

int proc_reap(struct proc *p)
{
    if (p->state != PROC_EXITED)
        panic("proc_reap: pid %d has not exited", p->pid);
    int code = p->exit_code;
    release(p);
    return code;
}

/* A parent that is still running may wait for its exited child; otherwise nobody can. */
static int parent_alive(const struct proc *p)
{
    const struct proc *parent = proc_lookup(p->parent);
    return parent && parent->state != PROC_EXITED;
}

void proc_exit(struct proc *p, int code)
{
    if (p->state == PROC_FREE || p->state == PROC_EXITED)
        panic("proc_exit: pid %d is not alive", p->pid);
    int pid = p->pid;
    if (p->state == PROC_WAITING) {
        /* Killed while blocked in wait(): the child must not hand its code to a dead slot. */
        struct proc *child = proc_lookup(p->wait_for);
        if (child && child->waiter == p)
            child->waiter = 0;
    }
    tty_forget(p);
    rt_task_stop(p);
    sched_remove(p);
    p->exit_code = code;
    p->state = PROC_EXITED;
    trace_exit(pid);
    if (proc_exit_hook)
        proc_exit_hook(p);
    vm_space_destroy(&p->vm); /* a zombie keeps its exit code, not its memory */

    /* Its children: the exited ones can no longer be waited for, the others become orphans. */
    for (int i = 0; i < PROC_MAX; i++) {
        struct proc *c = &table[i];
        if (c->state == PROC_FREE || c->parent != pid || c == p)
            continue;
        if (c->state == PROC_EXITED)
            release(c);
        else
            c->parent = 0;
    }

    if (p->waiter) {
        struct proc *w = p->waiter;
        w->tf.r[0] = (uint32_t)code;
        sched_make_ready(w);
        release(p);
    } else if (!parent_alive(p)) {
        release(p);
    }
}

void proc_kill(struct proc *p, const char *why, uint32_t pc, uint32_t addr)
{
    kprintf("pid %d (%s) killed: %s at pc %08x, address %08x\n", p->pid, p->name, why, (unsigned)pc,
            (unsigned)addr);
    proc_exit(p, -EFAULT);
}

/* The live process with this pid in t[0..n), or NULL. */
static const struct proc *lookup_in(const struct proc *t, int n, int pid)
{
    for (int i = 0; pid > 0 && i < n; i++)
        if (t[i].pid == pid && t[i].state != PROC_FREE)
            return &t[i];
    return 0;
}

/* Contract in proc.h. */
const char *proc_table_check(const struct proc *t, int n, int live_count, int pids_issued_below,
                             const struct proc *current)
{
    int counted = 0, running = 0;
    for (int i = 0; i < n; i++) {
        const struct proc *p = &t[i];
        if (p->state == PROC_FREE)
            continue;
        counted++;
        if (p->pid <= 0 || p->pid >= pids_issued_below)
            return "process table: a live slot has a pid never handed out";
        if (p->state > PROC_EXITED)
            return "process table: a state out of range";
        if (p->state == PROC_RUNNING && (p != current || running++))
            return "process table: a running process that is not the current one";
        if (p->state == PROC_EXITED) {
            const struct proc *parent = lookup_in(t, n, p->parent);
            if (p->vm.l2 || p->waiter || !parent || parent->state == PROC_EXITED)
                return "process table: a zombie that keeps memory, has a waiter or nobody to "
                       "reap it";
        }
        if (p->waiter && (p->waiter->state != PROC_WAITING || p->waiter->wait_for != p->pid))
            return "process table: a waiter that does not wait for its process";
        if (p->state == PROC_WAITING) {
            const struct proc *target = lookup_in(t, n, p->wait_for);
            if (!target || target->waiter != p)
                return "process table: a process waits for one that does not know it";
        }
        if (p->state == PROC_SLEEPING && !timer_deadline(p->sleep_timer))
            return "process table: a sleeper with no wake-up queued";
    }
    if (counted != live_count)
        return "process table: the live count differs from the slots in use";
    return 0;
}

const char *proc_check(void)
{
    return proc_table_check(table, PROC_MAX, live, next_pid, proc_current);
}
