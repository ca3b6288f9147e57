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

static void null_syscall(void)
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

static void spawn_exit(void)
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

/* Two spinners: each records how long the CPU was away between two of its own readings, which
 * is the switch (slice-end IRQ entry, timer queue, scheduler, restore) plus a few instructions. */
#define MAX_GAPS 64
static volatile uint64_t last_seen USER_SHARED; /* shared: each process has its own data */
static uint32_t gaps[MAX_GAPS] USER_SHARED;
static volatile int ngaps USER_SHARED;
static uint64_t spin_end USER_SHARED;

static int switch_spinner(uint32_t unused)
{
    (void)unused;
    uint64_t threshold = us_to_ticks(1) / 2; /* far above one loop iteration */
    uint64_t now;
    last_seen = cntvct();
    while ((now = cntvct()) < spin_end) {
        if (now - last_seen > threshold && ngaps < MAX_GAPS)
            gaps[ngaps++] = (uint32_t)ticks_to_ns(now - last_seen);
        last_seen = now;
    }
    return 0;
}

static void context_switch(void)
{
    ngaps = 0;
    set_quantum(1000);
    spin_end = cntvct() + us_to_ticks(70000);
    int a = spawn(switch_spinner, 0, "switch-a");
    int b = spawn(switch_spinner, 0, "switch-b");
    wait(a);
    wait(b);
    set_quantum(10000);
    /* The first gap of each spinner is its start, not a switch: drop gaps over 100 us. */
    uint32_t v[MAX_GAPS];
    int n = 0;
    for (int i = 0; i < ngaps; i++)
        if (gaps[i] < 100000)
            v[n++] = gaps[i];
    sort_u32(v, n);
    if (n)
        uprintf("bench context_switch samples=%d p50_ns=%lu max_ns=%lu p50_insns_at_shift3=%lu\n",
                n, (unsigned long)v[n / 2], (unsigned long)v[n - 1], (unsigned long)v[n / 2] / 8);
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

static void wake_lateness(int n)
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

int user_bench_sched(uint32_t unused)
{
    (void)unused;
    null_syscall();
    spawn_exit();
    context_switch();
    wake_lateness(1);
    wake_lateness(16);
    wake_lateness(256);
    return 0;
}
