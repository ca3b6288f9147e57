/* System calls: the number in r7, arguments in r0-r3, the result back in r0 (r0:r1 for time).
 * Every argument is checked here; bad input gets a negative error code, never a crash.
 * Runs on the kernel stack with IRQs masked; blocking calls only mark the process and leave the
 * switch to sched_return() on the way out. */
#include "arch/arm/cpu.h"
#include "arch/arm/exception.h"
#include "arch/arm/fault_status.h"
#include "arch/arm/mmu.h"
#include "arch/arm/trapframe.h"
#include "kernel/boot/mode.h"
#include "kernel/console/console.h"
#include "kernel/console/tty.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/power/panic.h"
#include "kernel/power/power.h"
#include "kernel/proc/proc.h"
#include "kernel/rt/job.h"
#include "kernel/sched/sched.h"
#include "kernel/syscall/syscall.h"
#include "kernel/time/timer.h"
#include "kernel/trace/trace.h"
#include "lib/errno.h"
#include "lib/kprintf.h"
#include "lib/string.h"

/* Copies a NUL-terminated string from the caller into out, reading at most max bytes, each
 * through the caller's mappings. Returns its length, max when there was no NUL within max
 * bytes (out is then not terminated), or -EFAULT. */
static int user_string(struct proc *p, uintptr_t s, char *out, int max)
{
    for (int i = 0; i < max; i++) {
        if (vm_copy_in(&p->vm, &out[i], s + i, 1))
            return -EFAULT;
        if (!out[i])
            return i;
    }
    return max;
}

static int sys_spawn(struct proc *p, const struct trapframe *tf)
{
    char name[PROC_NAME_MAX];
    int len = user_string(p, tf->r[2], name, PROC_NAME_MAX);
    if (len < 0)
        return len;
    name[PROC_NAME_MAX - 1] = '\0'; /* a longer name is cut, not refused */
    return proc_spawn_preemptible(tf->r[0], tf->r[1], name, p->pid);
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
    sched_leave_cpu();
    return 0; /* replaced by the exit code when t exits (proc_exit) */
}

static int sys_write(struct proc *p, uintptr_t buf, uint32_t len)
{
    if (len > WRITE_MAX)
        return -EINVAL;
    if (!vm_user_ok(&p->vm, buf, len, MMU_USER))
        return -EFAULT;
    /* Drawn with IRQs on, a chunk at a time. When a switch comes due, the write ends short
     * (as on a Unix terminal) and the user library writes the rest after the switch, so that
     * a long write keeps no process from running. A write of one chunk is never split. */
    char chunk[128];
    uint32_t done = 0;
    console_begin(); /* what IRQ handlers print meanwhile waits for console_end */
    while (done < len) {
        uint32_t n = len - done < sizeof chunk ? len - done : sizeof chunk;
        if (vm_copy_in(&p->vm, chunk, buf + done, n))
            panic("write: pid %d's checked buffer stopped being readable", p->pid);
        console_draw(chunk, n);
        done += n;
        if (sched_switch_pending())
            break;
    }
    console_end();
    return (int)done;
}

/* Part of a dump: its lines are drawn with IRQs on, an event at a time, until a switch is due
 * (an event is up to three lines, ~1 ms on the screen). Returns 1 while more remain (the
 * caller calls again), 0 when the dump has ended, -EBUSY while another process's dump runs. */
static int sys_trace_dump(struct proc *p)
{
    int more;
    do {
        irq_enable();
        more = trace_dump_step(p->pid, 1);
        irq_disable();
    } while (more == 1 && !sched_switch_pending());
    return more;
}

static int sys_proc_info(struct proc *p, int pid, uintptr_t out)
{
    if (!vm_user_ok(&p->vm, out, sizeof(struct proc_info), MMU_USER | MMU_WRITE))
        return -EFAULT;
    struct proc *t = proc_lookup(pid);
    if (!t)
        return -ESRCH;
    struct proc_info info = {0};
    info.pid = t->pid;
    info.parent = t->parent;
    info.state = t->state;
    info.exit_code = t->exit_code;
    memcpy(info.name, t->name, PROC_NAME_MAX);
    info.stats = t->stats;
    info.fault = t->fault;
    info.heap_bytes = vm_heap_bytes(&t->vm);
    info.stack_phys = t->vm.l2 ? vm_translate(&t->vm, USER_TOP - 4) : 0;
    if (t == proc_current)
        info.stats.cpu_us += time_us() - t->run_start;
    return vm_copy_out(&p->vm, out, &info, sizeof info);
}

static int sys_kstats(struct proc *p, uintptr_t out)
{
    struct kstats k;
    sched_get_stats(&k);
    k.procs = (uint32_t)proc_count();
    return vm_copy_out(&p->vm, out, &k, sizeof k);
}

static int sys_read(struct proc *p, uintptr_t buf, uint32_t len)
{
    if (len > WRITE_MAX)
        return -EINVAL;
    if (!vm_user_ok(&p->vm, buf, len, MMU_USER | MMU_WRITE))
        return -EFAULT;
    return tty_read(p, buf, len);
}

/* Whether t descends from p (its child, grandchild, ...). */
static int descends_from(const struct proc *t, const struct proc *p)
{
    for (int steps = 0; t && t->parent && steps < PROC_MAX; steps++) {
        if (t->parent == p->pid)
            return 1;
        t = proc_lookup(t->parent);
    }
    return 0;
}

static int sys_kill(struct proc *p, int pid)
{
    struct proc *t = proc_lookup(pid);
    if (!t || t->state == PROC_EXITED)
        return -ESRCH;
    if (pid == 1)
        return -EPERM; /* the shell: a console nobody can use again is not recoverable */
    if (t != p && !(p->caps & CAP_KILL) && !descends_from(t, p))
        return -EPERM;
    kprintf("pid %d (%s) killed by pid %d (%s)\n", t->pid, t->name, p->pid, p->name);
    if (t == p)
        sched_leave_cpu();
    proc_exit(t, -EINTR);
    return 0;
}

static int sys_timers(struct proc *p, uintptr_t out, uint32_t max)
{
    if (max > TIMERS_MAX)
        return -EINVAL;
    if (!vm_user_ok(&p->vm, out, max * sizeof(struct timer_info), MMU_USER | MMU_WRITE))
        return -EFAULT;
    struct timer_info list[TIMERS_MAX];
    uint32_t n = timer_list(list, max);
    if (vm_copy_out(&p->vm, out, list, (n < max ? n : max) * sizeof(struct timer_info)))
        panic("timers: pid %d's checked buffer stopped being writable", p->pid);
    return (int)n;
}

static int sys_sched(struct proc *p, uintptr_t name, uintptr_t out)
{
    if (name && !(p->caps & CAP_SCHED))
        return -EPERM;
    /* A call that fails changes nothing: the result buffer is checked before the switch. */
    if (out && !vm_user_ok(&p->vm, out, PROC_NAME_MAX, MMU_USER | MMU_WRITE))
        return -EFAULT;
    if (name) {
        char want[PROC_NAME_MAX];
        int len = user_string(p, name, want, sizeof want);
        if (len < 0)
            return len;
        if (len == (int)sizeof want)
            return -EINVAL; /* longer than any policy's name */
        const struct sched_policy *policy = sched_policy_by_name(want);
        if (!policy)
            return -EINVAL;
        sched_set_policy(policy);
    }
    if (out) {
        char cur[PROC_NAME_MAX] = {0};
        const char *name = sched_current_policy()->name;
        memcpy(cur, name, strlen(name));
        return vm_copy_out(&p->vm, out, cur, sizeof cur);
    }
    return 0;
}

static int sys_trace(struct proc *p, uint32_t op)
{
    switch (op) {
    case TRACE_START: trace_enable("shell trace", time_us()); return 0;
    case TRACE_STOP: trace_disable(); return 0;
    case TRACE_DUMP: return sys_trace_dump(p);
    default: return -EINVAL;
    }
}

static int sys_meminfo(struct proc *p, uintptr_t out)
{
    extern char __kernel_end[];
    struct meminfo m;
    m.ram_bytes = mm_ram_bytes();
    m.kernel_end = (uint32_t)(uintptr_t)__kernel_end;
    m.free_bytes = m.ram_bytes - m.kernel_end;
    m.free_pages = mm_free_pages();
    m.total_pages = mm_total_pages();
    return vm_copy_out(&p->vm, out, &m, sizeof m);
}

/* The boot-mode table as text (the shell's help): NUL-terminated, cut to size. */
static int sys_boot_modes(struct proc *p, uintptr_t buf, uint32_t size)
{
    static char text[BOOT_MODES_TEXT_MAX]; /* syscalls run with IRQs masked: one at a time */
    if (size == 0 || size > BOOT_MODES_TEXT_MAX)
        return -EINVAL;
    int n = boot_modes_describe(text, (int)size);
    int err = vm_copy_out(&p->vm, buf, text, (uint32_t)n + 1);
    return err ? err : n;
}

/* The kernel's own books, as a fuzzer or a test asks for them: the timer queue, the process
 * table and the page pool. Each broken invariant is reported on the console. */
static int sys_kcheck(struct proc *p)
{
    const char *why[] = {timer_check(), proc_check(), mm_check()};
    int broken = 0;
    for (unsigned i = 0; i < sizeof why / sizeof why[0]; i++)
        if (why[i] && ++broken)
            kprintf("kcheck (asked by pid %d): %s\n", p->pid, why[i]);
    return broken ? -EIO : 0;
}

/* Contract in include/kernel/syscall/syscall.h. */
void syscall_dispatch(struct trapframe *tf)
{
    irqoff_begin(irqoff_pc()); /* the IRQ-off meter, when built in (arch/arm/irqoff.h) */
    struct proc *p = proc_current;
    uint32_t *r = tf->r;
    int ret;
    switch (r[7]) {
    case SYS_SPAWN: ret = sys_spawn(p, tf); break;
    case SYS_EXIT:
        sched_leave_cpu();
        proc_exit(p, (int)r[0]);
        return;
    case SYS_WAIT: ret = sys_wait(p, (int)r[0]); break;
    case SYS_YIELD:
        sched_leave_cpu();
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
    case SYS_SET_QUANTUM: ret = p->caps & CAP_SCHED ? sched_set_quantum(r[0]) : -EPERM; break;
    case SYS_PROC_INFO: ret = sys_proc_info(p, (int)r[0], r[1]); break;
    case SYS_KSTATS: ret = sys_kstats(p, r[0]); break;
    case SYS_READ: ret = sys_read(p, r[0], r[1]); break;
    case SYS_KILL: ret = sys_kill(p, (int)r[0]); break;
    case SYS_PROC_NEXT: ret = proc_next((int)r[0]); break;
    case SYS_TIMERS: ret = sys_timers(p, r[0], r[1]); break;
    case SYS_SCHED: ret = sys_sched(p, r[0], r[1]); break;
    case SYS_TRACE: ret = p->caps & CAP_TRACE ? sys_trace(p, r[0]) : -EPERM; break;
    case SYS_MEMINFO: ret = sys_meminfo(p, r[0]); break;
    case SYS_SBRK: ret = vm_sbrk(&p->vm, (int32_t)r[0]); break;
    case SYS_BOOT_MODES: ret = sys_boot_modes(p, r[0], r[1]); break;
    case SYS_JOB_NEXT: ret = (int)rt_job_next(p); break;
    case SYS_CAPS: ret = (int)(p->caps &= ~r[0]); break;
    case SYS_KCHECK: ret = sys_kcheck(p); break;
    case SYS_REBOOT:
        if (!(p->caps & CAP_REBOOT)) {
            ret = -EPERM;
            break;
        }
        kernel_reboot();
    default: ret = -ENOSYS; break;
    }
    r[0] = (uint32_t)ret;
}

void user_fault(struct trapframe *tf, enum exc_kind kind)
{
    irqoff_begin(irqoff_pc());
    struct proc *p = proc_current;
    if (!p)
        panic("user_fault: fault from user mode with no current process");
    struct proc_fault_info *f = &p->fault;
    if (kind == EXC_UNDEF) {
        *f = (struct proc_fault_info){FAULT_UNDEF, 0, tf->pc, tf->pc, 0};
        proc_kill(p, "undefined instruction", tf->pc, tf->pc);
        return;
    }
    f->kind = kind == EXC_DABT ? FAULT_DABT : FAULT_PABT;
    f->pc = tf->pc;
    f->fsr = kind == EXC_DABT ? fault_read_dfsr() : fault_read_ifsr();
    f->addr = kind == EXC_DABT ? fault_read_dfar() : fault_read_ifar();
    const char *access = kind == EXC_PABT ? "execute" : (f->fsr & FSR_WNR) ? "write" : "read";
    /* The unmapped page under the stack is its guard: a fault there is an overflow, and so is
     * one between a stack pointer already below the stack and the stack (a frame large enough
     * to jump the guard page). */
    uint32_t stack_lo = USER_TOP - USER_STACK_SIZE, guard = stack_lo - PAGE_SIZE;
    int in_guard = f->addr >= guard && f->addr < stack_lo;
    int past_guard = tf->sp < stack_lo && f->addr >= tf->sp && f->addr < stack_lo;
    int overflow = kind == EXC_DABT && (in_guard || past_guard);
    f->stack_overflow = overflow;
    char why[96];
    ksnprintf(why, sizeof why, "%s%s (%s, %s)", overflow ? "stack overflow: " : "",
              kind == EXC_DABT ? "data abort" : "prefetch abort", fsr_describe(f->fsr), access);
    proc_kill(p, why, tf->pc, f->addr);
}
