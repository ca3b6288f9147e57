/* bench=sched, the user-mode part: null system call, context switch, and sleep wake-up lateness
 * with 1, 16 and 256 sleepers. Times from the generic timer (16 ns steps in QEMU), which counts
 * the same virtual clock as time_us(); under --icount shift=3 one instruction is 8 ns. */
#include "lib/sort.h"
#include "user/pinwheel.h"

static uint64_t ticks_to_ns(uint64_t t)
{
    return t * 1000000000ull / cntfrq();
}
static uint64_t us_to_ticks(uint64_t us)
{
    return us * cntfrq() / 1000000u;
}

/* Each benchmark is a function of its own, never inlined, so that scripts/profile.py can name
 * it as a window's bounds (--after null_syscall --before spawn_exit). */
#define BENCH_STEP __attribute__((noinline)) static

BENCH_STEP void null_syscall(void)
{
    enum { CALLS = 2000 };
    uint64_t t0 = cntvct();
    for (int i = 0; i < CALLS; i++)
        getpid();
    uint64_t ns = ticks_to_ns(cntvct() - t0) / CALLS;
    uprintf("bench null_syscall calls=%d ns=%llu insns_at_shift3=%llu\n", CALLS,
            (unsigned long long)ns, (unsigned long long)ns / 8);
}

/* A process's whole life from its parent's side: spawn (a new address space: a private data
 * page, a zeroed stack page), its first switch-in, exit (pages back, TLB entries dropped) and
 * wait. The slots are warm: their translation tables were set up by an earlier process. */
static int exits_at_once(uint32_t unused)
{
    (void)unused;
    return 0;
}

BENCH_STEP void spawn_exit(void)
{
    enum { CYCLES = 200 };
    wait(spawn(exits_at_once, 0, "warm-up"));
    uint64_t t0 = cntvct();
    for (int i = 0; i < CYCLES; i++)
        wait(spawn(exits_at_once, 0, "cycle"));
    uint64_t ns = ticks_to_ns(cntvct() - t0) / CYCLES;
    uprintf("bench spawn_exit_wait cycles=%d ns=%llu insns_at_shift3=%llu\n", CYCLES,
            (unsigned long long)ns, (unsigned long long)ns / 8);
}

/* Two processes that do nothing but yield to each other: each yield is a system call that
 * switches to the other process (its saved frame, its address space, a new time slice) and
 * returns to user mode there. The figure is one such switch, system call included. */
static int yielder(uint32_t rounds)
{
    for (uint32_t i = 0; i < rounds; i++)
        yield();
    return 0;
}

BENCH_STEP void context_switch(void)
{
    enum { ROUNDS = 1000 };
    int a = spawn(yielder, ROUNDS, "yield-a");
    int b = spawn(yielder, ROUNDS, "yield-b");
    yield(); /* let both start: from here on they alternate */
    uint64_t t0 = cntvct();
    wait(a);
    wait(b);
    uint64_t ns = ticks_to_ns(cntvct() - t0) / (2 * ROUNDS);
    uprintf("bench context_switch via=yield switches=%d ns=%llu insns_at_shift3=%llu\n", 2 * ROUNDS,
            (unsigned long long)ns, (unsigned long long)ns / 8);
}

#define MAX_SLEEPERS 256
static uint64_t wake_deadline[MAX_SLEEPERS] USER_SHARED;
static uint32_t late_ns[MAX_SLEEPERS] USER_SHARED;

static int lateness_sleeper(uint32_t i)
{
    sleep_until(wake_deadline[i]);
    uint64_t now = cntvct(); /* the first thing after the system call returns */
    late_ns[i] = (uint32_t)ticks_to_ns(now - us_to_ticks(wake_deadline[i]));
    return 0;
}

BENCH_STEP void wake_lateness(int n)
{
    static int pids[MAX_SLEEPERS];
    /* Distinct deadlines 97 us apart, so each wake-up is measured alone while the others are
     * still queued: the queue holds n entries for the first one. */
    /* Far enough ahead for all the spawns: a slot's first process sets up its translation
     * tables (20 KiB of writes, ~0.1 ms of QEMU time). */
    uint64_t base = time_us() + 20000 + (uint64_t)n * 200;
    for (int i = 0; i < n; i++) {
        wake_deadline[i] = base + (uint64_t)((i * 37) % n) * 97;
        pids[i] = spawn(lateness_sleeper, (uint32_t)i, "sleeper");
    }
    for (int i = 0; i < n; i++)
        wait(pids[i]);
    sort_u32(late_ns, n);
    uprintf("bench wake_lateness sleepers=%d p50_ns=%lu p99_ns=%lu max_ns=%lu\n", n,
            (unsigned long)late_ns[n / 2], (unsigned long)late_ns[(n * 99) / 100],
            (unsigned long)late_ns[n - 1]);
}

/* A preemption: two CPU-bound processes publish the generic-timer count at every turn of their
 * loop. When one finds a gap in its own count (it was preempted), the other's last count was
 * taken just before the slice-end IRQ took it away: the difference is the switch, from the
 * last instruction of one process to the first of the other, slice IRQ included (plus at most
 * one turn of the loop, 7 instructions). */
#define PREEMPT_SAMPLES    32
#define PREEMPT_QUANTUM_US 500
static volatile uint64_t spin_last[2] USER_SHARED;
static volatile uint32_t preempt_ns[PREEMPT_SAMPLES] USER_SHARED;
static volatile int preempt_n USER_SHARED;

static int preempt_spinner(uint32_t me)
{
    uint64_t gap = us_to_ticks(PREEMPT_QUANTUM_US / 2);
    uint64_t last = cntvct();
    while (preempt_n < PREEMPT_SAMPLES) {
        uint64_t now = cntvct();
        if (now - last > gap && preempt_n < PREEMPT_SAMPLES)
            preempt_ns[preempt_n++] = (uint32_t)ticks_to_ns(now - spin_last[1 - me]);
        spin_last[me] = last = now;
    }
    return 0;
}

BENCH_STEP void preemption(void)
{
    struct kstats k;
    kstats(&k);
    uint32_t quantum = k.quantum_us;
    set_quantum(PREEMPT_QUANTUM_US);
    preempt_n = 0;
    spin_last[0] = spin_last[1] = cntvct();
    int a = spawn(preempt_spinner, 0, "spin-a");
    int b = spawn(preempt_spinner, 1, "spin-b");
    wait(a);
    wait(b);
    set_quantum(quantum);
    uint32_t ns[PREEMPT_SAMPLES];
    /* The first sample may be the spawn or the driver's own turn, not a switch between the
     * two: it is dropped. */
    for (int i = 0; i < PREEMPT_SAMPLES; i++)
        ns[i] = preempt_ns[i];
    sort_u32(ns + 1, PREEMPT_SAMPLES - 1);
    uint32_t p50 = ns[1 + (PREEMPT_SAMPLES - 1) / 2];
    uprintf("bench context_switch via=preemption quantum_us=%d samples=%d p50_ns=%lu "
            "insns_at_shift3=%lu\n",
            PREEMPT_QUANTUM_US, PREEMPT_SAMPLES - 1, (unsigned long)p50, (unsigned long)p50 / 8);
}

/* Wake-up lateness with a CPU hog running: the sleeper's IRQ comes while the hog runs in user
 * mode. Under rr a woken process does not preempt: it runs when the hog's slice ends, so the
 * lateness is mostly what is left of that slice (quantum 1000 us here). */
#define LOADED_SAMPLES 16
static volatile int hog_stop USER_SHARED;

static int hog(uint32_t unused)
{
    (void)unused;
    while (!hog_stop)
        ;
    return 0;
}

BENCH_STEP void wake_lateness_loaded(void)
{
    struct kstats k;
    kstats(&k);
    uint32_t quantum = k.quantum_us;
    set_quantum(1000);
    hog_stop = 0;
    int h = spawn(hog, 0, "hog");
    uint32_t late[LOADED_SAMPLES];
    for (int i = 0; i < LOADED_SAMPLES; i++) {
        uint64_t deadline = time_us() + 3000 + (uint64_t)i * 37;
        sleep_until(deadline);
        late[i] = (uint32_t)ticks_to_ns(cntvct() - us_to_ticks(deadline));
    }
    hog_stop = 1;
    wait(h);
    set_quantum(quantum);
    sort_u32(late, LOADED_SAMPLES);
    uprintf("bench wake_lateness sleepers=1 load=hog policy=rr quantum_us=1000 samples=%d "
            "p50_ns=%lu p99_ns=%lu max_ns=%lu\n",
            LOADED_SAMPLES, (unsigned long)late[LOADED_SAMPLES / 2],
            (unsigned long)late[LOADED_SAMPLES - 1], (unsigned long)late[LOADED_SAMPLES - 1]);
}

int user_bench_sched(uint32_t unused)
{
    (void)unused;
    null_syscall();
    spawn_exit();
    context_switch();
    wake_lateness(1);
    wake_lateness(16);
    wake_lateness(256);
    wake_lateness_loaded();
    preemption();
    return 0;
}
