/* System calls: the number in r7, arguments in r0-r3, the result back in r0 (r0:r1 for time).
 * Every argument is checked here; bad input gets a negative error code, never a crash.
 * Runs on the kernel stack with IRQs masked; blocking calls only mark the process and leave the
 * switch to sched_return() on the way out. */
#include "arch/arm/exception.h"
#include "arch/arm/fault_status.h"
#include "arch/arm/trapframe.h"
#include "kernel/console.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/proc.h"
#include "kernel/sched.h"
#include "kernel/timer.h"
#include "lib/kprintf.h"
#include "lib/string.h"

static int sys_spawn(struct proc *p, const struct trapframe *tf)
{
    uintptr_t name = tf->r[2];
    /* The name is read up to PROC_NAME_MAX bytes: all of those must be the caller's. */
    uint32_t len = 0;
    while (len < PROC_NAME_MAX) {
        if (!proc_user_range_ok(p, name + len, 1))
            return -EFAULT;
        if (((const char *)name)[len] == '\0')
            break;
        len++;
    }
    return proc_spawn(tf->r[0], tf->r[1], (const char *)name, p->pid);
}

static int sys_wait(struct proc *p, int pid)
{
    struct proc *t = proc_lookup(pid);
    if (t == p)
        return -EINVAL;
    if (!t || t->parent != p->pid) /* only a parent may wait, as in Unix */
        return -ESRCH;
    if (t->waiter)
        return -EBUSY;
    if (t->state == PROC_EXITED)
        return proc_reap(t);
    t->waiter = p;
    p->wait_for = pid;
    p->state = PROC_WAITING;
    sched_block_current();
    return 0; /* replaced by the exit code when t exits (proc_exit) */
}

static int sys_write(struct proc *p, uintptr_t buf, uint32_t len)
{
    if (len > WRITE_MAX)
        return -EINVAL;
    if (!proc_user_range_ok(p, buf, len))
        return -EFAULT;
    console_write((const char *)buf, len);
    return (int)len;
}

static int sys_proc_info(struct proc *p, int pid, uintptr_t out)
{
    if (!proc_user_range_ok(p, out, sizeof(struct proc_info)))
        return -EFAULT;
    struct proc *t = proc_lookup(pid);
    if (!t)
        return -ESRCH;
    struct proc_info info;
    info.pid = t->pid;
    info.parent = t->parent;
    info.state = t->state;
    info.exit_code = t->exit_code;
    memcpy(info.name, t->name, PROC_NAME_MAX);
    info.stats = t->stats;
    if (t == proc_current)
        info.stats.cpu_us += time_us() - t->run_start;
    /* Byte copy: the caller's pointer need not be aligned (an unaligned store would fault). */
    memcpy((void *)out, &info, sizeof info);
    return 0;
}

static int sys_kstats(struct proc *p, uintptr_t out)
{
    if (!proc_user_range_ok(p, out, sizeof(struct kstats)))
        return -EFAULT;
    struct kstats k;
    sched_get_stats(&k);
    k.procs = (uint32_t)proc_count();
    memcpy((void *)out, &k, sizeof k); /* byte copy: out need not be aligned */
    return 0;
}

void syscall_dispatch(struct trapframe *tf)
{
    struct proc *p = proc_current;
    uint32_t *r = tf->r;
    int ret;
    switch (r[7]) {
    case SYS_SPAWN: ret = sys_spawn(p, tf); break;
    case SYS_EXIT:
        sched_block_current();
        proc_exit(p, (int)r[0]);
        return;
    case SYS_WAIT: ret = sys_wait(p, (int)r[0]); break;
    case SYS_YIELD:
        sched_yield_current();
        ret = 0;
        break;
    case SYS_GETPID: ret = p->pid; break;
    case SYS_SLEEP_US:
        sched_sleep_until(time_us() + r[0]); /* sleep_us(0) returns at once, 0 all the same */
        ret = 0;
        break;
    case SYS_SLEEP_UNTIL: ret = sched_sleep_until(((uint64_t)r[1] << 32) | r[0]); break;
    case SYS_TIME_US: {
        uint64_t t = time_us();
        r[0] = (uint32_t)t;
        r[1] = (uint32_t)(t >> 32);
        return;
    }
    case SYS_WRITE: ret = sys_write(p, r[0], r[1]); break;
    case SYS_SET_QUANTUM: ret = sched_set_quantum(r[0]); break;
    case SYS_PROC_INFO: ret = sys_proc_info(p, (int)r[0], r[1]); break;
    case SYS_KSTATS: ret = sys_kstats(p, r[0]); break;
    default: ret = -ENOSYS; break;
    }
    r[0] = (uint32_t)ret;
}

static uint32_t read_cp15_far(enum exc_kind kind, uint32_t *fsr)
{
    uint32_t far;
    if (kind == EXC_DABT) {
        __asm__ volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(*fsr));
        __asm__ volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(far));
    } else {
        __asm__ volatile("mrc p15, 0, %0, c5, c0, 1" : "=r"(*fsr));
        __asm__ volatile("mrc p15, 0, %0, c6, c0, 2" : "=r"(far));
    }
    return far;
}

/* vectors.S: a fault in user mode. The process is killed with a report; the kernel goes on. */
void user_fault(struct trapframe *tf, enum exc_kind kind)
{
    struct proc *p = proc_current;
    if (!p)
        panic("user_fault: fault from user mode with no current process");
    if (kind == EXC_UNDEF) {
        proc_kill(p, "undefined instruction", tf->pc, tf->pc);
        return;
    }
    uint32_t fsr = 0;
    uint32_t far = read_cp15_far(kind, &fsr);
    char why[64];
    ksnprintf(why, sizeof why, "%s (%s)", kind == EXC_DABT ? "data abort" : "prefetch abort",
              fsr_describe(fsr));
    proc_kill(p, why, tf->pc, far);
}
