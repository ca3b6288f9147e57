/* test=sched, the user-mode driver: fairness, sleep order and lateness, drift, faults, bad
 * system calls and the absence of needless timer interrupts. Runs under --icount: the bounds
 * are about instructions, not host load. */
#include "lib/string.h"
#include "user/utest.h"

/* Deadline to the sleeper's first instruction with the CPU otherwise idle: the compare IRQ, the
 * timer queue and a switch are a few hundred instructions (`make bench`); 50 us is generous. */
#define WAKE_BOUND_US 50

/* Generic-timer ticks for a time in microseconds (62.5 per us in QEMU: not a whole number). */
static uint64_t us_to_ticks(uint64_t us)
{
    return us * cntfrq() / 1000000u;
}

/* Spins (no system calls) until the generic timer passes arg microseconds of virtual time. */
static uint64_t spin_until_us USER_SHARED;

static int spinner(uint32_t unused)
{
    (void)unused;
    uint64_t end = us_to_ticks(spin_until_us);
    while (cntvct() < end)
        ;
    exit(0);
}

static void three_cpu_bound_share_fairly(void)
{
    int pids[3];
    uint64_t cpu[3];
    spin_until_us = time_us() + 3000000;
    for (int i = 0; i < 3; i++)
        pids[i] = spawn(spinner, 0, "spinner");
    sleep_until(spin_until_us + 20000);
    uint64_t total = 0;
    for (int i = 0; i < 3; i++) {
        struct proc_info info;
        UT_ASSERT(pids[i] > 0 && proc_info_at_exit(pids[i], &info, 10000));
        cpu[i] = info.stats.cpu_us;
        total += cpu[i];
        UT_ASSERT(info.stats.involuntary > 50); /* preempted about every 10 ms */
        UT_ASSERT_EQ(wait(pids[i]), 0);
    }
    UT_ASSERT(total > 2900000);
    uprintf("    CPU shares over 3 s: %llu.%02llu%% %llu.%02llu%% %llu.%02llu%%\n",
            (unsigned long long)(cpu[0] * 100 / total),
            (unsigned long long)(cpu[0] * 10000 / total % 100),
            (unsigned long long)(cpu[1] * 100 / total),
            (unsigned long long)(cpu[1] * 10000 / total % 100),
            (unsigned long long)(cpu[2] * 100 / total),
            (unsigned long long)(cpu[2] * 10000 / total % 100));
    for (int i = 0; i < 3; i++) {
        /* Each share within 1/3 +- 2 percentage points: |3 * 100 * cpu - 100 * total| <= 6 total */
        int64_t diff = (int64_t)(300 * cpu[i]) - (int64_t)(100 * total);
        if (diff < 0)
            diff = -diff;
        UT_ASSERT(diff <= (int64_t)(6 * total));
    }
}

#define NSLEEPERS 64

/* What the sleepers report to the driver: shared pages, as each process has its own data. */
static uint64_t deadline[NSLEEPERS] USER_SHARED;
static uint64_t woke[NSLEEPERS] USER_SHARED;
static int wake_seq[NSLEEPERS] USER_SHARED;
static int wakes[NSLEEPERS] USER_SHARED;
static int seq_counter USER_SHARED;

static int timed_sleeper(uint32_t i)
{
    int late = sleep_until(deadline[i]);
    woke[i] = time_us();
    wake_seq[i] = seq_counter++; /* one process runs at a time, and each exits right after */
    wakes[i]++;
    exit(late);
}

/* Spawns n sleepers for deadline[0..n), waits for all; returns 0 or -1. */
static int run_sleepers(int n, int *pids)
{
    seq_counter = 0;
    for (int i = 0; i < n; i++) {
        woke[i] = 0;
        wakes[i] = 0;
        pids[i] = spawn(timed_sleeper, (uint32_t)i, "sleeper");
        if (pids[i] < 0)
            return -1;
    }
    return 0;
}

static void sleepers_wake_in_order_never_early(void)
{
    static const uint32_t offset_ms[8] = {70, 10, 40, 25, 90, 5, 55, 33};
    int pids[8];
    uint64_t now = time_us();
    for (int i = 0; i < 8; i++)
        deadline[i] = now + offset_ms[i] * 1000;
    UT_ASSERT_EQ(run_sleepers(8, pids), 0);
    for (int i = 0; i < 8; i++)
        UT_ASSERT_EQ(wait(pids[i]), 0);
    for (int i = 0; i < 8; i++) {
        UT_ASSERT(woke[i] >= deadline[i]);
        UT_ASSERT(woke[i] - deadline[i] <= WAKE_BOUND_US);
        for (int j = 0; j < 8; j++)
            if (deadline[i] < deadline[j])
                UT_ASSERT(wake_seq[i] < wake_seq[j]);
    }
}

static void sleep_until_loop_has_zero_drift(void)
{
    uint64_t start = time_us(), next = start, worst = 0;
    for (int k = 0; k < 1000; k++) {
        next += 1000;
        UT_ASSERT_EQ(sleep_until(next), 0);
        uint64_t now = time_us();
        UT_ASSERT(now >= next);
        if (now - next > worst)
            worst = now - next;
    }
    /* Deadlines come from the previous deadline, never from "now": no drift at all. */
    UT_ASSERT_EQ(next - start, 1000 * 1000);
    UT_ASSERT(worst <= WAKE_BOUND_US);
    UT_ASSERT_EQ(sleep_until(start), SLEEP_LATE); /* in the past: returns at once, late */
    UT_ASSERT_EQ(sleep_us(0), 0);                 /* no time to sleep is not lateness */
}

static void sixty_four_random_sleepers_wake_once_in_order(void)
{
    int pids[NSLEEPERS];
    uint32_t rng = 12345;
    /* Past the time 64 spawns take (each new address space costs ~0.15 ms of QEMU time). */
    uint64_t now = time_us() + 20000;
    for (int i = 0; i < NSLEEPERS; i++) {
        rng = rng * 1103515245u + 12345u;
        deadline[i] = now + ((rng >> 8) % 40) * 1000; /* many equal deadlines on purpose */
    }
    UT_ASSERT_EQ(run_sleepers(NSLEEPERS, pids), 0);
    for (int i = 0; i < NSLEEPERS; i++) {
        struct proc_info info;
        UT_ASSERT(proc_info_at_exit(pids[i], &info, 10000));
        UT_ASSERT_EQ(info.stats.wakeups, 1);
        UT_ASSERT_EQ(wait(pids[i]), 0);
    }
    for (int i = 0; i < NSLEEPERS; i++) {
        UT_ASSERT_EQ(wakes[i], 1);
        UT_ASSERT(woke[i] >= deadline[i]);
        for (int j = 0; j < NSLEEPERS; j++) {
            if (deadline[i] < deadline[j])
                UT_ASSERT(wake_seq[i] < wake_seq[j]);
            if (deadline[i] == deadline[j] && i < j) /* same wake time: spawn order (FIFO) */
                UT_ASSERT(wake_seq[i] < wake_seq[j]);
        }
    }
}

static int worker(uint32_t code)
{
    sleep_us(30000);
    exit((int)code);
}

static int faulty(uint32_t unused)
{
    (void)unused;
    __asm__ volatile("udf #1");
    return 0;
}

static int misaligned(uint32_t unused)
{
    (void)unused;
    __asm__ volatile("mov r0, #2\n\tldm r0, {r1, r2}" ::: "r0", "r1", "r2", "memory");
    return 0;
}

/* Recurses until the stack runs out (the limit only stops the compiler calling it endless). */
/* Processes are soft-float and VFP is denied to them: a VFP instruction is undefined. */
static int uses_vfp(uint32_t unused)
{
    (void)unused;
    __asm__ volatile(".fpu vfpv4\n\tvmov.f32 s0, #1.0" ::: "memory");
    return 0;
}

static int recurse(int depth)
{
    volatile char pad[96];
    pad[0] = (char)depth;
    yield(); /* a switch at every level, until the stack runs into its guard page */
    if (depth > 1000000)
        return 0;
    return recurse(depth + 1) + pad[0];
}

static int overflow(uint32_t unused)
{
    (void)unused;
    return recurse(0);
}

static void faulting_and_overflowing_processes_killed(void)
{
    int w1 = spawn(worker, 7, "worker");
    int f = spawn(faulty, 0, "faulty");
    int m = spawn(misaligned, 0, "misaligned");
    int o = spawn(overflow, 0, "overflow");
    int v = spawn(uses_vfp, 0, "vfp");
    int w2 = spawn(worker, 9, "worker");
    UT_ASSERT(w1 > 0 && f > 0 && m > 0 && o > 0 && w2 > 0);
    UT_ASSERT_EQ(wait(f), -EFAULT);
    UT_ASSERT_EQ(wait(m), -EFAULT);
    UT_ASSERT_EQ(wait(o), -EFAULT);
    UT_ASSERT_EQ(wait(v), -EFAULT);
    UT_ASSERT_EQ(wait(w1), 7);
    UT_ASSERT_EQ(wait(w2), 9);
}

static void bad_system_calls_return_errors(void)
{
    char buf[8] = "abc";
    struct proc_info info;
    UT_ASSERT_EQ((int)syscall3(999, 0, 0, 0), -ENOSYS);
    UT_ASSERT_EQ((int)syscall3(0, 0, 0, 0), -ENOSYS);
    UT_ASSERT_EQ(write((const void *)0x8000, 4), -EFAULT);      /* kernel image */
    UT_ASSERT_EQ(write((const void *)0xfffffff0, 32), -EFAULT); /* wraps around */
    UT_ASSERT_EQ(write((const void *)0x3f201000, 4), -EFAULT);  /* a device */
    UT_ASSERT_EQ(write(buf, 100000), -EINVAL);                  /* absurd length */
    UT_ASSERT_EQ(write(buf, 0), 0);
    UT_ASSERT_EQ(wait(99999), -ESRCH);
    UT_ASSERT_EQ(wait(-1), -ESRCH);
    UT_ASSERT_EQ(wait(getpid()), -EINVAL);
    UT_ASSERT_EQ(proc_info(99999, &info), -ESRCH);
    UT_ASSERT_EQ(proc_info(getpid(), (struct proc_info *)0x8000), -EFAULT);
    UT_ASSERT_EQ(spawn((entry_fn)0x8000, 0, "x"), -EINVAL); /* kernel code */
    UT_ASSERT_EQ(spawn((entry_fn)((uintptr_t)worker + 2), 0, "x"), -EINVAL);
    UT_ASSERT_EQ(spawn(worker, 0, (const char *)0x8000), -EFAULT);
    UT_ASSERT_EQ(set_quantum(0), -EINVAL);
    UT_ASSERT_EQ(set_quantum(QUANTUM_MAX_US + 1), -EINVAL);
    UT_ASSERT_EQ(kstats((struct kstats *)0x100), -EFAULT);

    /* A full table: spawn until -EAGAIN, then every one of them still runs to its end. */
    static int pids[400];
    int n = 0, err;
    while ((err = spawn(worker, 3, "filler")) > 0 && n < 400)
        pids[n++] = err;
    UT_ASSERT_EQ(err, -EAGAIN);
    UT_ASSERT(n > 200);
    for (int i = 0; i < n; i++)
        UT_ASSERT_EQ(wait(pids[i]), 3);
    int after = spawn(worker, 0, "after"); /* room again */
    UT_ASSERT(after > 0);
    UT_ASSERT_EQ(wait(after), 0);
}

/* Blocks in read() (nothing ever arrives in a test boot) until killed; 1 if refused. */
static int console_reader(uint32_t unused)
{
    (void)unused;
    char c;
    return read(&c, 1) == -EBUSY;
}

/* Tries read(); returns 1 when the console refused it (another process owns it). */
static int console_tryer(uint32_t unused)
{
    (void)unused;
    char c;
    return read(&c, 0) == -EBUSY;
}

/* The console has one reader: the first process to read owns it until it exits (the shell, in
 * a normal boot), and everyone else's read() fails at once, so that a background process
 * cannot take a line typed for the owner. */
static void console_has_one_reader(void)
{
    int owner = spawn(console_reader, 0, "reader");
    UT_ASSERT(owner > 0);
    sleep_us(2000); /* it reads and blocks */
    struct proc_info info;
    UT_ASSERT_EQ(proc_info(owner, &info), 0);
    UT_ASSERT_EQ(info.state, PROC_READING);
    char c;
    UT_ASSERT_EQ(read(&c, 1), -EBUSY);
    UT_ASSERT_EQ(read(&c, 0), -EBUSY);
    UT_ASSERT_EQ(wait(spawn(console_tryer, 0, "tryer")), 1);
    UT_ASSERT_EQ(kill(owner), 0);
    UT_ASSERT_EQ(wait(owner), -EINTR);
    /* Given up with its owner: this driver reads (0 bytes) and owns it now. */
    UT_ASSERT_EQ(read(&c, 0), 0);
    UT_ASSERT_EQ(wait(spawn(console_tryer, 0, "tryer")), 1);
}

static void one_ready_process_is_never_preempted(void)
{
    struct kstats before, after;
    kstats(&before);
    spin_until_us = time_us() + 1000000;
    int pid = spawn(spinner, 0, "alone");
    sleep_until(spin_until_us + 1000);
    kstats(&after);
    UT_ASSERT_EQ(wait(pid), 0);
    UT_ASSERT_EQ(after.slice_ends - before.slice_ends, 0);
    /* Only this driver's own wake-up took a timer interrupt in that second. */
    UT_ASSERT_EQ(after.timer_irqs - before.timer_irqs, 1);
}

static void idle_system_takes_no_timer_interrupts(void)
{
    struct kstats before, after;
    kstats(&before);
    sleep_us(1000000);
    kstats(&after);
    UT_ASSERT_EQ(after.timer_irqs - before.timer_irqs, 1); /* the wake-up that ends the sleep */
    UT_ASSERT_EQ(after.slice_ends - before.slice_ends, 0);
}

static void quantum_changes_at_run_time(void)
{
    struct kstats k;
    UT_ASSERT_EQ(set_quantum(2000), 0);
    kstats(&k);
    UT_ASSERT_EQ(k.quantum_us, 2000);
    spin_until_us = time_us() + 100000;
    int a = spawn(spinner, 0, "q-a"), b = spawn(spinner, 0, "q-b");
    sleep_until(spin_until_us + 1000);
    struct proc_info ia, ib;
    UT_ASSERT(proc_info_at_exit(a, &ia, 10000) && proc_info_at_exit(b, &ib, 10000));
    wait(a);
    wait(b);
    UT_ASSERT_EQ(set_quantum(10000), 0);
    /* 100 ms shared by two with 2 ms slices: about 25 preemptions each, not about 5. */
    UT_ASSERT(ia.stats.involuntary >= 20 && ib.stats.involuntary >= 20);
}

static int child_sleeps_then_exits(uint32_t us)
{
    sleep_us(us);
    return 5;
}

/* Blocks in wait() for a child that sleeps 20 ms: the driver kills it while it waits. */
static int waits_for_a_sleeper(uint32_t unused)
{
    (void)unused;
    wait(spawn(child_sleeps_then_exits, 20000, "child"));
    return 0;
}

static int spawns_then_exits(uint32_t child_us)
{
    spawn(child_sleeps_then_exits, child_us, "child");
    if (child_us == 0)
        sleep_us(10000); /* the child ends first and waits as a zombie */
    return 0;
}

static int returns_a_grandchild(uint32_t unused)
{
    (void)unused;
    return spawn(child_sleeps_then_exits, 1000, "grandchild");
}

static void exits_free_every_slot(void)
{
    struct kstats before, after;
    kstats(&before);
    int killed = spawn(waits_for_a_sleeper, 0, "waiter");
    int a = spawn(spawns_then_exits, 0, "zombie-parent");
    int b = spawn(spawns_then_exits, 20000, "orphan-parent");
    sleep_us(1000);
    UT_ASSERT_EQ(kill(killed), 0);
    UT_ASSERT_EQ(wait(killed), -EINTR); /* killed while blocked in wait() */
    UT_ASSERT_EQ(wait(a), 0);
    UT_ASSERT_EQ(wait(b), 0);
    int grandchild = wait(spawn(returns_a_grandchild, 0, "parent"));
    UT_ASSERT(grandchild > 0);
    UT_ASSERT_EQ(wait(grandchild), -ESRCH); /* only its parent may wait for it */
    sleep_us(50000);                        /* every child has ended by now */
    kstats(&after);
    UT_ASSERT_EQ(after.procs, before.procs); /* zombies of dead parents and orphans freed */
}

static void unaligned_result_pointers_work(void)
{
    char buf[sizeof(struct proc_info) + 8];
    struct kstats k;
    UT_ASSERT_EQ(kstats((struct kstats *)(buf + 1)), 0);
    __builtin_memcpy(&k, buf + 1, sizeof k);
    UT_ASSERT_EQ(k.quantum_us, 10000);
    UT_ASSERT_EQ(proc_info(getpid(), (struct proc_info *)(buf + 3)), 0);
    struct proc_info info;
    __builtin_memcpy(&info, buf + 3, sizeof info);
    UT_ASSERT_EQ(info.pid, getpid());
}

/* ---- what one process must not inherit from another ---- */

static inline uint32_t read_tls(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c13, c0, 2" : "=r"(v));
    return v;
}

static inline void write_tls(uint32_t v)
{
    __asm__ volatile("mcr p15, 0, %0, c13, c0, 2" ::"r"(v));
}

/* The same user address in every process (each has a private copy of its data). */
static volatile uint32_t exclusive_word;

static int strex_without_ldrex(uint32_t unused)
{
    (void)unused;
    uint32_t failed;
    __asm__ volatile("strex %0, %2, [%1]"
                     : "=&r"(failed)
                     : "r"(&exclusive_word), "r"(1u)
                     : "memory");
    return (int)failed; /* 1: the store was refused, as it must be without a ldrex */
}

static int tls_reader(uint32_t value)
{
    uint32_t before = read_tls();
    write_tls(value);
    yield();
    sleep_us(2000); /* the spawner runs and sets its own meanwhile */
    return before == 0 && read_tls() == value ? 0 : 1;
}

static void thread_register_and_exclusive_monitor_are_per_process(void)
{
    write_tls(0xdeadbeefu);
    int reader = spawn(tls_reader, 0x1234u, "tls-reader");
    UT_ASSERT(reader > 0);
    sleep_us(1000);
    write_tls(0xdeadbeefu);
    UT_ASSERT_EQ(wait(reader), 0); /* it started at 0 and kept its own value */
    UT_ASSERT_EQ(read_tls(), 0xdeadbeefu);

    /* A ldrex here, a switch, then a strex there to the same address: it must fail. */
    uint32_t value;
    __asm__ volatile("ldrex %0, [%1]" : "=r"(value) : "r"(&exclusive_word) : "memory");
    int other = spawn(strex_without_ldrex, 0, "strex");
    UT_ASSERT(other > 0);
    UT_ASSERT_EQ(wait(other), 1);
    __asm__ volatile("clrex" ::: "memory");
    (void)value;
}

/* ---- a system call that fails changes nothing ---- */

static void sched_that_fails_changes_nothing(void)
{
    char name[PROC_NAME_MAX];
    UT_ASSERT_EQ(sched_policy(0, name), 0);
    UT_ASSERT(!strcmp(name, "rr"));
    /* The result buffer is the user image's code: read-only. */
    UT_ASSERT_EQ(sched_policy("stride", (char *)(uintptr_t)strex_without_ldrex), -EFAULT);
    UT_ASSERT_EQ(sched_policy(0, name), 0);
    UT_ASSERT(!strcmp(name, "rr"));
}

/* ---- a stack frame larger than the guard page still counts as a stack overflow ---- */

static int big_frame(uint32_t unused)
{
    (void)unused;
    volatile char frame[65536];
    frame[0] = 1; /* the lowest byte: 60 KiB past the guard page */
    return frame[0];
}

static void frame_past_the_guard_is_a_stack_overflow(void)
{
    struct proc_info info;
    int big = spawn(big_frame, 0, "big-frame");
    int null = spawn(misaligned, 0, "misaligned");
    UT_ASSERT(big > 0 && null > 0);
    proc_info_at_exit(big, &info, 1000);
    UT_ASSERT_EQ(info.fault.kind, FAULT_DABT);
    UT_ASSERT_EQ(info.fault.stack_overflow, 1);
    UT_ASSERT_EQ(wait(big), -EFAULT);
    proc_info_at_exit(null, &info, 1000);
    UT_ASSERT_EQ(info.fault.stack_overflow, 0); /* a plain fault stays one */
    UT_ASSERT_EQ(wait(null), -EFAULT);
}

/* ---- capabilities: what a process may do to others and to the system ---- */

static int tries_to_kill(uint32_t pid)
{
    return kill((int)pid);
}

/* Drops every capability, then checks what it may no longer do, and what it still may. Returns
 * 0, or the number of the first check that failed. */
static int unprivileged(uint32_t parent)
{
    char name[PROC_NAME_MAX];
    if (caps_drop(CAP_ALL) != 0)
        return 1;
    if (kill((int)parent) != -EPERM || kill(1) != -EPERM)
        return 2;
    if (sched_policy("stride", name) != -EPERM || set_quantum(5000) != -EPERM)
        return 3;
    if (trace_ctl(TRACE_START) != -EPERM || reboot() != -EPERM)
        return 4;
    if (sched_policy(0, name) != 0) /* reading the policy needs nothing */
        return 5;
    int own = spawn(worker, 0, "own-child"); /* its own descendants it may still end */
    if (own <= 0 || kill(own) != 0 || wait(own) != -EINTR)
        return 6;
    int heir = spawn(tries_to_kill, parent, "heir"); /* children inherit the drop */
    if (heir <= 0 || wait(heir) != -EPERM)
        return 7;
    return 0;
}

static void capabilities_limit_what_a_process_may_do(void)
{
    int u = spawn(unprivileged, (uint32_t)getpid(), "unprivileged");
    UT_ASSERT(u > 0);
    UT_ASSERT_EQ(wait(u), 0);
    /* With every capability, pid 1 still cannot be killed, by anyone. */
    int k = spawn(tries_to_kill, 1, "killer");
    UT_ASSERT(k > 0);
    UT_ASSERT_EQ(wait(k), -EPERM);
    UT_ASSERT_EQ(caps_drop(0), CAP_ALL); /* dropping nothing: the driver keeps all */
}

static const struct utest_case cases[] = {
    {"three_cpu_bound_share_fairly", three_cpu_bound_share_fairly},
    {"sleepers_wake_in_order_never_early", sleepers_wake_in_order_never_early},
    {"sleep_until_loop_has_zero_drift", sleep_until_loop_has_zero_drift},
    {"sixty_four_random_sleepers_wake_once_in_order",
     sixty_four_random_sleepers_wake_once_in_order},
    {"faulting_and_overflowing_processes_killed", faulting_and_overflowing_processes_killed},
    {"bad_system_calls_return_errors", bad_system_calls_return_errors},
    {"console_has_one_reader", console_has_one_reader},
    {"one_ready_process_is_never_preempted", one_ready_process_is_never_preempted},
    {"idle_system_takes_no_timer_interrupts", idle_system_takes_no_timer_interrupts},
    {"quantum_changes_at_run_time", quantum_changes_at_run_time},
    {"exits_free_every_slot", exits_free_every_slot},
    {"unaligned_result_pointers_work", unaligned_result_pointers_work},
    {"thread_register_and_exclusive_monitor_are_per_process",
     thread_register_and_exclusive_monitor_are_per_process},
    {"sched_that_fails_changes_nothing", sched_that_fails_changes_nothing},
    {"frame_past_the_guard_is_a_stack_overflow", frame_past_the_guard_is_a_stack_overflow},
    {"capabilities_limit_what_a_process_may_do", capabilities_limit_what_a_process_may_do},
};

int user_test_sched(uint32_t report)
{
    utest_run("sched", cases, sizeof cases / sizeof cases[0], (struct ktest_user_report *)report);
    return 0;
}
