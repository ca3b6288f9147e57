/* The user-side library: system-call wrappers and small helpers for programs in src/user/.
 * A system call is "svc #0" with its number in r7 and arguments in r0-r3; the kernel restores
 * every register but r0 (and r1 for 64-bit results). */
#ifndef USER_PINWHEEL_H
#define USER_PINWHEEL_H

#include <stdint.h>

#include "arch/arm/gtimer.h"
#include "kernel/syscall/syscall_abi.h"
#include "lib/errno.h"

/* A variable every process of the user image shares (the .user_shared pages): each process
 * gets its own copy of all other data. Tests and benchmarks put what their processes report
 * to each other here. */
#define USER_SHARED __attribute__((section(".user_shared")))

static inline uint32_t syscall3(uint32_t nr, uint32_t a, uint32_t b, uint32_t c)
{
    register uint32_t r0 __asm__("r0") = a;
    register uint32_t r1 __asm__("r1") = b;
    register uint32_t r2 __asm__("r2") = c;
    register uint32_t r7 __asm__("r7") = nr;
    __asm__ volatile("svc #0" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r7) : "memory");
    return r0;
}

/* A process's entry point: its return value is its exit code. */
typedef int (*entry_fn)(uint32_t arg);

static inline int spawn(entry_fn entry, uint32_t arg, const char *name)
{
    return (int)syscall3(SYS_SPAWN, (uint32_t)(uintptr_t)entry, arg, (uint32_t)(uintptr_t)name);
}

static inline __attribute__((noreturn)) void exit(int code)
{
    syscall3(SYS_EXIT, (uint32_t)code, 0, 0);
    __builtin_unreachable();
}

static inline int wait(int pid)
{
    return (int)syscall3(SYS_WAIT, (uint32_t)pid, 0, 0);
}
static inline int yield(void)
{
    return (int)syscall3(SYS_YIELD, 0, 0, 0);
}
static inline int getpid(void)
{
    return (int)syscall3(SYS_GETPID, 0, 0, 0);
}
static inline int sleep_us(uint32_t us)
{
    return (int)syscall3(SYS_SLEEP_US, us, 0, 0);
}

/* Delay until the absolute time t: 0 after sleeping, SLEEP_LATE when t had already passed. */
static inline int sleep_until(uint64_t t)
{
    return (int)syscall3(SYS_SLEEP_UNTIL, (uint32_t)t, (uint32_t)(t >> 32), 0);
}

static inline uint64_t time_us(void)
{
    register uint32_t r0 __asm__("r0");
    register uint32_t r1 __asm__("r1");
    register uint32_t r7 __asm__("r7") = SYS_TIME_US;
    __asm__ volatile("svc #0" : "=r"(r0), "=r"(r1) : "r"(r7) : "memory");
    return ((uint64_t)r1 << 32) | r0;
}

/* Writes all of buf to the console, or returns the error. The kernel may write less than asked
 * when another process is due to run (a short write); the rest follows after the switch. */
static inline int write(const void *buf, uint32_t len)
{
    uint32_t done = 0;
    for (;;) {
        int r = (int)syscall3(SYS_WRITE, (uint32_t)(uintptr_t)buf + done, len - done, 0);
        if (r < 0)
            return done ? (int)done : r;
        done += (uint32_t)r;
        if (done >= len)
            return (int)done;
    }
}

static inline int set_quantum(uint32_t us)
{
    return (int)syscall3(SYS_SET_QUANTUM, us, 0, 0);
}

static inline int proc_info(int pid, struct proc_info *out)
{
    return (int)syscall3(SYS_PROC_INFO, (uint32_t)pid, (uint32_t)(uintptr_t)out, 0);
}

static inline int kstats(struct kstats *out)
{
    return (int)syscall3(SYS_KSTATS, (uint32_t)(uintptr_t)out, 0, 0);
}

/* Reads up to len bytes of console input, waiting while there is none; returns the count. */
static inline int read(void *buf, uint32_t len)
{
    return (int)syscall3(SYS_READ, (uint32_t)(uintptr_t)buf, len, 0);
}

static inline int kill(int pid)
{
    return (int)syscall3(SYS_KILL, (uint32_t)pid, 0, 0);
}
static inline int proc_next(int pid)
{
    return (int)syscall3(SYS_PROC_NEXT, (uint32_t)pid, 0, 0);
}

static inline int timers(struct timer_info *out, uint32_t max)
{
    return (int)syscall3(SYS_TIMERS, (uint32_t)(uintptr_t)out, max, 0);
}

/* Switches to the policy called name (NULL: keep it) and puts the current one's name in out. */
static inline int sched_policy(const char *name, char *out)
{
    return (int)syscall3(SYS_SCHED, (uint32_t)(uintptr_t)name, (uint32_t)(uintptr_t)out, 0);
}

/* TRACE_START, TRACE_STOP, or TRACE_DUMP, which the kernel does in steps (returning 1 while
 * more remains, so that others may run between them): this calls it until the dump ends. */
static inline int trace_ctl(uint32_t op)
{
    int r;
    do
        r = (int)syscall3(SYS_TRACE, op, 0, 0);
    while (op == TRACE_DUMP && r == 1);
    return r;
}

static inline int meminfo(struct meminfo *out)
{
    return (int)syscall3(SYS_MEMINFO, (uint32_t)(uintptr_t)out, 0, 0);
}

/* Moves the end of the heap by `bytes` (negative: gives memory back) and returns the old end:
 * the new memory starts there. Past the per-process bound (1 MiB) or when the machine has no
 * page left: -ENOMEM, and nothing changes. User addresses are below 0x80000000, so a result
 * below 0 is always an error. */
static inline int sbrk(int bytes)
{
    return (int)syscall3(SYS_SBRK, (uint32_t)bytes, 0, 0);
}

/* The kernel's boot modes (test=, demo=, ...) and what each can run, as text: at most size - 1
 * bytes and a NUL into buf. Returns the length, or -EINVAL (size 0 or > BOOT_MODES_TEXT_MAX),
 * -EFAULT (buf not writable). */
static inline int boot_modes(char *buf, uint32_t size)
{
    return (int)syscall3(SYS_BOOT_MODES, (uint32_t)(uintptr_t)buf, size, 0);
}

/* For a periodic real-time task (the lab's task sets): completes the current job and returns
 * the work of the next, in microseconds of CPU time, once it is released (sleeping until then).
 * -EINVAL when this process is not such a task. */
static inline int job_next(void)
{
    return (int)syscall3(SYS_JOB_NEXT, 0, 0, 0);
}

/* Drops the capabilities in mask (CAP_*) for good; returns those left. Children inherit them. */
static inline uint32_t caps_drop(uint32_t mask)
{
    return syscall3(SYS_CAPS, mask, 0, 0);
}

/* Asks the kernel to check its own books (timer queue, process table, page pool): 0, or -EIO
 * when something is broken (reported on the console). */
static inline int kcheck(void)
{
    return (int)syscall3(SYS_KCHECK, 0, 0, 0);
}

/* Reboots (powers QEMU off in test runs); returns -EPERM without CAP_REBOOT. */
static inline int reboot(void)
{
    return (int)syscall3(SYS_REBOOT, 0, 0, 0);
}

/* printf to the console through write(): formats into a buffer on the caller's stack. */
int uprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Sleeps poll_us at a time until pid has exited, then leaves in *info what proc_info() says of
 * it (an exited child stays in the table until its parent's wait()). Returns 1 then, or 0 when
 * there is no such process. */
int proc_info_at_exit(int pid, struct proc_info *info, uint32_t poll_us);

/* The ARM generic timer's virtual count (include/arch/arm/gtimer.h), readable from user mode:
 * for measurements finer than a microsecond. Ticks at cntfrq() Hz. */
static inline uint64_t cntvct(void)
{
    return gtimer_count();
}
static inline uint32_t cntfrq(void)
{
    return gtimer_freq();
}

#endif
