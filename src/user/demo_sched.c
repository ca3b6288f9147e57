/* demo=sched, in user mode: three CPU-bound processes taking turns, two sleepers, a drift-free
 * sleep_until loop, one process that faults and is killed; then everyone's statistics. */
#include "user/pinwheel.h"

#define SPIN_US 60000 /* each CPU-bound process computes for this long in all */
#define GAP_US  1000  /* a jump in time this long means another process ran meanwhile */

/* Spins on the generic timer's count (readable without a system call) and reports each time it
 * gets the CPU back after someone else had it. */
static int cpu_bound(uint32_t id)
{
    uint64_t freq = cntfrq(); /* ticks per second (62.5 MHz in QEMU) */
    uint64_t last = cntvct(), ran = 0;
    int turn = 1;
    uprintf("cpu-%c: turn 1 at %llu us\n", (int)('A' + id), (unsigned long long)time_us());
    while (ran < SPIN_US * freq / 1000000) {
        uint64_t now = cntvct();
        if (now - last > GAP_US * freq / 1000000) {
            turn++;
            uprintf("cpu-%c: turn %d at %llu us, after %llu us away\n", (int)('A' + id), turn,
                    (unsigned long long)time_us(),
                    (unsigned long long)((now - last) * 1000000 / freq));
        } else {
            ran += now - last;
        }
        last = now;
    }
    exit(0);
}

static int sleeper(uint32_t period_ms)
{
    for (int i = 0; i < 4; i++) {
        uint64_t asked = time_us() + period_ms * 1000u;
        sleep_us(period_ms * 1000u);
        uint64_t now = time_us();
        uprintf("sleeper-%lu: woke at %llu us, %llu us after its wake time\n",
                (unsigned long)period_ms, (unsigned long long)now,
                (unsigned long long)(now - asked));
    }
    exit(0);
}

static int periodic(uint32_t period_ms)
{
    uint64_t start = time_us(), next = start;
    for (int k = 1; k <= 8; k++) {
        next += period_ms * 1000u;
        sleep_until(next);
        uint64_t now = time_us();
        uprintf("periodic: k=%d woke %llu us late; deadline - start = %llu us = k * %lu ms\n", k,
                (unsigned long long)(now - next), (unsigned long long)(next - start),
                (unsigned long)period_ms);
    }
    exit(0);
}

static int faulty(uint32_t unused)
{
    (void)unused;
    sleep_us(20000);
    uprintf("faulty: about to execute an undefined instruction\n");
    __asm__ volatile("udf #0");
    exit(0); /* not reached */
}

static const char *const state_names[] = {
    [PROC_FREE] = "free",         [PROC_READY] = "ready",     [PROC_RUNNING] = "running",
    [PROC_SLEEPING] = "sleeping", [PROC_WAITING] = "waiting", [PROC_READING] = "reading",
    [PROC_EXITED] = "exited"};

int user_demo_sched(uint32_t unused)
{
    (void)unused;
    int pids[7];
    int n = 0;
    pids[n++] = spawn(cpu_bound, 0, "cpu-A");
    pids[n++] = spawn(cpu_bound, 1, "cpu-B");
    pids[n++] = spawn(cpu_bound, 2, "cpu-C");
    pids[n++] = spawn(sleeper, 30, "sleeper-30");
    pids[n++] = spawn(sleeper, 70, "sleeper-70");
    pids[n++] = spawn(periodic, 50, "periodic-50");
    pids[n++] = spawn(faulty, 0, "faulty");

    /* Exited children stay in the table until waited for: read their statistics first. */
    uprintf("pid name         state    exit     cpu_us  sched  vol  invol wakeups\n");
    for (int i = 0; i < n; i++) {
        struct proc_info info;
        proc_info_at_exit(pids[i], &info, 10000);
        uprintf("%3d %-12s %-8s %4d %10llu %6lu %4lu %6lu %7lu\n", info.pid, info.name,
                state_names[info.state], info.exit_code, (unsigned long long)info.stats.cpu_us,
                (unsigned long)info.stats.scheduled, (unsigned long)info.stats.voluntary,
                (unsigned long)info.stats.involuntary, (unsigned long)info.stats.wakeups);
        int code = wait(pids[i]);
        if (code != info.exit_code)
            uprintf("demo: wait(%d) returned %d, expected %d\n", pids[i], code, info.exit_code);
    }
    uprintf("demo sched: done\n");
    return 0;
}
