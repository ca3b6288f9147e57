/* The system-call interface shared by the kernel and user programs: numbers (in r7), argument
 * registers r0-r3, result in r0 (r0:r1 for 64-bit values), negative results are -E codes. */
#ifndef KERNEL_SYSCALL_ABI_H
#define KERNEL_SYSCALL_ABI_H

#define SYS_SPAWN       1 /* (entry, arg, name) -> pid */
#define SYS_EXIT        2 /* (code) -> does not return */
#define SYS_WAIT        3 /* (child pid) -> its exit code: -EFAULT if it faulted, -EINTR if killed */
#define SYS_YIELD       4  /* () -> 0 */
#define SYS_GETPID      5  /* () -> pid */
#define SYS_SLEEP_US    6  /* (us) -> 0 */
#define SYS_SLEEP_UNTIL 7  /* (t low, t high) -> 0, or SLEEP_LATE when t had already passed */
#define SYS_TIME_US     8  /* () -> r0:r1 = microseconds since power-on */
#define SYS_WRITE       9  /* (buf, len) -> len */
#define SYS_SET_QUANTUM 10 /* (us) -> 0 */
#define SYS_PROC_INFO   11 /* (pid, struct proc_info *) -> 0 */
#define SYS_KSTATS      12 /* (struct kstats *) -> 0 */
#define SYS_READ        13 /* (buf, len) -> bytes read from the console (blocks while none) */
#define SYS_KILL        14 /* (pid) -> 0: ends that process (its waiter gets -EINTR) */
#define SYS_PROC_NEXT   15 /* (pid) -> the smallest live pid above pid, or 0 */
#define SYS_TIMERS      16 /* (struct timer_info *, max <= TIMERS_MAX) -> pending kernel timers */
#define SYS_SCHED       17 /* (name or NULL, out name[16]) -> 0: switch policy / say which */
#define SYS_TRACE       18 /* (TRACE_START | TRACE_STOP | TRACE_DUMP) -> 0; DUMP: 1 = call again */
#define SYS_MEMINFO     19 /* (struct meminfo *) -> 0 */
#define SYS_REBOOT      20 /* () -> does not return */
#define SYS_SBRK        21 /* (bytes, may be negative) -> the old break, or -ENOMEM / -EINVAL */
#define SYS_BOOT_MODES  22 /* (buf, size <= BOOT_MODES_TEXT_MAX) -> bytes of text (cut to fit) */
#define SYS_JOB_NEXT    23 /* () -> work of the next job in us, once released; -EINVAL: no task */
#define SYS_CAPS        24 /* (mask to drop) -> the capabilities left (CAP_*): dropped for good */
#define SYS_KCHECK      25 /* () -> 0, or -EIO when a kernel invariant is broken (each reported) */

/* What a process may do beyond its own affairs. Processes the kernel starts (the shell, test
 * drivers, demos, the lab's workloads) have all of them; a child gets its parent's; caps()
 * drops some for good. Without them a call returns -EPERM and changes nothing. Pid 1 (the
 * shell, or the first process of a run) can never be killed. */
#define CAP_KILL   1u /* kill any process; without it, only oneself and one's descendants */
#define CAP_SCHED  2u /* change the policy or the quantum */
#define CAP_TRACE  4u /* start, stop and dump the trace */
#define CAP_REBOOT 8u /* reboot (or power off QEMU) */
#define CAP_ALL    (CAP_KILL | CAP_SCHED | CAP_TRACE | CAP_REBOOT)

/* The user window: the only addresses user mode can reach, the same range in every process.
 * USER_BASE is also the user image's link address (src/arch/arm/kernel.ld, which checks
 * the heap bound against the stack). */
#define USER_BASE       0x60000000u
#define USER_SIZE       (4u << 20) /* one page of second-level tables maps it */
#define USER_TOP        (USER_BASE + USER_SIZE)
#define USER_STACK_SIZE 4096u      /* at the top of the window, an unmapped page below it */
#define USER_HEAP_MAX   (1u << 20) /* the most sbrk() gives one process */

#define SLEEP_LATE          1    /* sleep_until(t) with t in the past: returned at once */
#define WRITE_MAX           4096 /* longest write(); more is -EINVAL */
#define BOOT_MODES_TEXT_MAX 4096 /* the boot-mode list: one line per mode and per thing it runs */
#define QUANTUM_MIN_US      100
#define QUANTUM_MAX_US      10000000
#define PROC_NAME_MAX       16

#ifndef __ASSEMBLER__
#include <stdint.h>

/* What proc_info() reports as a process's state (and the kernel keeps in struct proc). */
enum proc_state {
    PROC_FREE = 0,
    PROC_READY,    /* in the policy's ready queue */
    PROC_RUNNING,  /* current */
    PROC_SLEEPING, /* in the timer queue until its wake time */
    PROC_WAITING,  /* blocked in wait() for another process */
    PROC_READING,  /* blocked in read() until console input comes */
    PROC_EXITED,   /* finished; kept until waited for (or its parent is gone) */
};

struct proc_stats {
    uint64_t cpu_us;      /* time spent running */
    uint32_t scheduled;   /* times picked to run */
    uint32_t voluntary;   /* switches it asked for: yield, sleep, wait, exit */
    uint32_t involuntary; /* switches it did not ask for: slice end, higher-ranked wake-up */
    uint32_t wakeups;     /* sleeps that ended */
};

/* The fault that ended a process, if one did. */
#define FAULT_NONE  0
#define FAULT_UNDEF 1 /* undefined instruction */
#define FAULT_PABT  2 /* prefetch abort: an instruction fetch the mappings refused */
#define FAULT_DABT  3 /* data abort: a load or store the mappings refused */

struct proc_fault_info {
    int kind;      /* FAULT_* */
    uint32_t fsr;  /* IFSR or DFSR: its status field says which fault (ARM ARM B4.1.52) */
    uint32_t addr; /* the address it touched (IFAR or DFAR; the pc for FAULT_UNDEF) */
    uint32_t pc;
    int stack_overflow; /* the fault was its stack growing past its bottom */
};

struct proc_info {
    int pid;
    int parent;
    int state;     /* enum proc_state */
    int exit_code; /* PROC_EXITED only */
    char name[PROC_NAME_MAX];
    struct proc_stats stats;
    struct proc_fault_info fault;
    uint32_t heap_bytes; /* what sbrk() gave it */
    uint32_t stack_phys; /* where the top word of its stack is in RAM (0 once it has ended):
                            for experiments, as no process can reach that address */
};

/* Scheduling parameters of a process: prio for the fixed-priority policy (higher runs first,
 * SCHED_PRIO_MIN..SCHED_PRIO_MAX), tickets for the stride policy (a share proportional to them). */
#define SCHED_PRIO_MIN        0
#define SCHED_PRIO_MAX        31
#define SCHED_TICKETS_MIN     1
#define SCHED_TICKETS_MAX     10000
#define SCHED_TICKETS_DEFAULT 100

struct sched_param {
    int prio;
    uint32_t tickets;
};

struct timer_info {
    uint32_t id;
    uint32_t period_us; /* 0: one-shot */
    uint64_t deadline_us;
};

#define TIMERS_MAX 64 /* most timer_info entries one SYS_TIMERS call fills */

#define TRACE_START 1
#define TRACE_STOP  2
#define TRACE_DUMP  3 /* prints part of the trace: 1 while more remains, 0 at its end, -EBUSY */

struct meminfo {
    uint32_t ram_bytes;  /* ARM RAM the kernel uses: what the boot information reported, or less
                            with mem= */
    uint32_t kernel_end; /* first byte after the kernel image, its stacks and page tables */
    uint32_t free_bytes; /* RAM above kernel_end */
    uint32_t free_pages; /* 4 KiB pages the page allocator can still hand out */
    uint32_t total_pages;
};

struct kstats {
    uint32_t timer_irqs; /* compare-1 interrupts */
    uint32_t slice_ends; /* time slices that expired (preemption interrupts) */
    uint32_t switches;   /* changes of the running process */
    uint32_t quantum_us;
    uint32_t procs; /* processes in the table (running, ready, blocked or zombie) */
};

#endif /* __ASSEMBLER__ */
#endif
