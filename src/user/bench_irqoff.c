/* bench=irqoff, the user-mode part: what used to hold IRQs off for long (issue 16) run beside a
 * process that sleeps in a drift-free 2 ms loop and records how late it wakes. A child fills
 * the trace with `fill` sleeps, dumps it through the shell's system call (TRACE_DUMP, in
 * steps), and then writes 4 KiB to the console in one write(); the parent's lateness is the
 * figure a user feels. With the IRQ-off meter built in (qemu.sh --meter), the kernel prints
 * the longest masked section when this ends. */
#include "user/pinwheel.h"

#define PERIOD_US 2000
#define WRITE_LEN 4096

static int dumper(uint32_t fill)
{
    static char text[WRITE_LEN];
    if (trace_ctl(TRACE_START) < 0)
        return 1;
    for (uint32_t i = 0; i < fill; i++)
        sleep_us(10);
    trace_ctl(TRACE_STOP);
    if (trace_ctl(TRACE_DUMP) < 0)
        return 2;
    for (int i = 0; i < WRITE_LEN; i++)
        text[i] = i % 64 == 63 ? '\n' : (char)('a' + i % 26);
    return write(text, WRITE_LEN) == WRITE_LEN ? 0 : 3;
}

int user_bench_irqoff(uint32_t fill)
{
    int child = spawn(dumper, fill, "dumper");
    if (child < 0) {
        uprintf("bench irq_off_workload: spawn failed (%d)\n", child);
        return 1;
    }
    uint64_t t = time_us(), max_late = 0, wakes = 0;
    struct proc_info info;
    for (;;) {
        t += PERIOD_US;
        sleep_until(t);
        uint64_t late = time_us() - t;
        if (late > max_late)
            max_late = late;
        wakes++;
        if (proc_info(child, &info) < 0 || info.state == PROC_EXITED)
            break;
    }
    int status = wait(child);
    uprintf("bench irq_off_workload trace_fill_sleeps=%u write_bytes=%d dumper_status=%d "
            "sleeper_period_us=%d wakes=%llu sleeper_max_late_us=%llu\n",
            (unsigned)fill, WRITE_LEN, status, PERIOD_US, (unsigned long long)wakes,
            (unsigned long long)max_late);
    return status;
}
