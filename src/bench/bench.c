/* bench=NAME: kernel-side benchmarks. Times come from the ARM generic timer, which in QEMU counts
 * the same virtual clock as the system timer (both read 0 at reset), at 62.5 MHz: 16 ns steps.
 * Under --icount shift=3 one instruction is 8 ns of virtual time. */
#include "bench/bench.h"

#include "arch/arm/cpu.h"
#include "arch/arm/gtimer.h"
#include "arch/arm/irqoff.h"
#include "kernel/boot/mode.h"
#include "kernel/console/fbcon.h"
#include "kernel/power/power.h"
#include "kernel/proc/proc.h"
#include "kernel/time/timer.h"
#include "ktests/ktest.h"
#include "lib/errno.h"
#include "lib/kprintf.h"
#include "lib/sort.h"
#include "lib/string.h"

#define SAMPLES       64
#define FAR_FUTURE_US 3600000000ull

static volatile uint64_t stamp;
static volatile int stamped;

static void take_stamp(timer_id id, void *data)
{
    (void)id;
    (void)data;
    stamp = gtimer_count();
    stamped = 1;
}

static void park(timer_id id, void *data)
{
    (void)id;
    (void)data;
}

static uint32_t ticks_to_ns(uint64_t ticks)
{
    return (uint32_t)(ticks * 1000000000ull / gtimer_freq());
}

/* Deadline to first instruction of the callback, with `pending` other timers queued. */
static void timer_latency(int pending)
{
    static timer_id parked[TIMER_POOL_SIZE];
    uint32_t ns[SAMPLES];
    uint64_t freq = gtimer_freq();
    for (int i = 0; i < pending; i++)
        parked[i] = timer_register(FAR_FUTURE_US + (uint64_t)i, park, 0);
    for (int s = 0; s < SAMPLES; s++) {
        stamped = 0;
        uint64_t deadline = time_us() + 200 + (uint64_t)s * 7;
        timer_register_at(deadline, take_stamp, 0);
        ktest_wait_flag(&stamped, 10000);
        uint64_t deadline_ticks = deadline * freq / 1000000;
        ns[s] = ticks_to_ns(stamp - deadline_ticks);
    }
    for (int i = 0; i < pending; i++)
        timer_remove(parked[i]);
    sort_u32(ns, SAMPLES);
    kprintf("bench timer_irq_latency pending=%d samples=%d p50_ns=%u max_ns=%u "
            "p50_insns_at_shift3=%u\n",
            pending, SAMPLES, (unsigned)ns[SAMPLES / 2], (unsigned)ns[SAMPLES - 1],
            (unsigned)ns[SAMPLES / 2] / 8);
}

/* A periodic timer: each deadline (start + k * period) to its callback's first instruction. The
 * timer is re-queued for its next deadline before the callback runs, so the deadline that fired
 * is the one now queued minus a period. */
#define PERIOD_US 300
static volatile uint32_t periodic_ns[SAMPLES];
static volatile int periodic_n;

static void periodic_stamp(timer_id id, void *data)
{
    (void)data;
    uint64_t stamp = gtimer_count();
    if (periodic_n >= SAMPLES)
        return;
    uint64_t deadline_ticks = (timer_deadline(id) - PERIOD_US) * gtimer_freq() / 1000000;
    periodic_ns[periodic_n++] = ticks_to_ns(stamp - deadline_ticks);
}

static void periodic_latency(void)
{
    periodic_n = 0;
    timer_id id = timer_register_periodic(PERIOD_US, periodic_stamp, 0);
    while (periodic_n < SAMPLES)
        cpu_wfi();
    timer_remove(id);
    uint32_t ns[SAMPLES];
    for (int i = 0; i < SAMPLES; i++)
        ns[i] = periodic_ns[i];
    sort_u32(ns, SAMPLES);
    kprintf("bench timer_irq_latency periodic=%dus samples=%d p50_ns=%u max_ns=%u "
            "p50_insns_at_shift3=%u\n",
            PERIOD_US, SAMPLES, (unsigned)ns[SAMPLES / 2], (unsigned)ns[SAMPLES - 1],
            (unsigned)ns[SAMPLES / 2] / 8);
}

static void bench_timer(void)
{
    /* Leave pool room for the stamp timer and ktest_wait_flag's timeout. */
    static const int pending[] = {0, 15, 255, TIMER_POOL_SIZE - 4};
    for (unsigned i = 0; i < sizeof pending / sizeof pending[0]; i++)
        timer_latency(pending[i]);
    periodic_latency();
}

/* The screen console: virtual time to draw one line of text (both copies of each glyph, see
 * fbcon.c) and to scroll (a newline on the bottom row: two lines of pixels cleared and the
 * window moved). Drawn with fbcon_putc directly, without the serial line. */
static void bench_console(void)
{
    static const char text[] = "pinwheel console benchmark: 0123456789 abcdefghijklmnopqrstuvw";
    enum { GLYPHS = sizeof text - 1, FILL = 40 };
    struct framebuffer fb;
    if (fbcon_screen(&fb)) {
        kprintf("bench console: no screen\n");
        return;
    }
    uint32_t line_ns[SAMPLES], scroll_ns[SAMPLES];
    for (int i = -FILL; i < SAMPLES; i++) { /* the first FILL lines bring the cursor down */
        uint32_t flags = irq_save();
        uint64_t t0 = gtimer_count();
        for (unsigned k = 0; k < GLYPHS; k++)
            fbcon_putc(text[k]);
        uint64_t t1 = gtimer_count();
        fbcon_putc('\n');
        uint64_t t2 = gtimer_count();
        irqoff_forget(); /* this timing loop's own masked section is not the kernel's */
        irq_restore(flags);
        if (i >= 0) {
            line_ns[i] = ticks_to_ns(t1 - t0);
            scroll_ns[i] = ticks_to_ns(t2 - t1);
        }
    }
    sort_u32(line_ns, SAMPLES);
    sort_u32(scroll_ns, SAMPLES);
    unsigned line = (unsigned)line_ns[SAMPLES / 2], scroll = (unsigned)scroll_ns[SAMPLES / 2];
    kprintf("bench console glyphs_per_line=%d samples=%d line_p50_us=%u.%02u "
            "scroll_p50_us=%u.%02u line_p50_insns_at_shift3=%u scroll_p50_insns_at_shift3=%u\n",
            GLYPHS, SAMPLES, line / 1000, line % 1000 / 10, scroll / 1000, scroll % 1000 / 10,
            line / 8, scroll / 8);
}

int user_bench_sched(uint32_t arg);
static int bench_driver;

static void bench_driver_exited(const struct proc *p)
{
    if (p->pid == bench_driver)
        kernel_exit();
}

/* A benchmark that runs from user mode: its program as a process, whose exit ends the run. */
static void start_driver(int (*entry)(uint32_t), uint32_t arg, const char *name)
{
    uint32_t flags = irq_save();
    proc_exit_hook = bench_driver_exited;
    bench_driver = proc_spawn_preemptible((uintptr_t)entry, arg, name, 0);
    irq_restore(flags);
}

/* The scheduler's figures are measured from user mode. */
static void bench_sched(void)
{
    start_driver(user_bench_sched, 0, "bench-sched");
}

/* bench=irqoff: the masked-section workload (src/user/bench_irqoff.c) under a probe, a periodic
 * 10 us kernel timer whose lateness is a second view of the longest masked section: a section
 * of length L delays some probe by at least L - 10 us, and none by more than L plus the IRQ
 * path. tests/irqoff/test_irqoff.py holds the meter to that. */
#define PROBE_US 10
int user_bench_irqoff(uint32_t fill);
static volatile uint64_t probe_max_ticks;
static volatile uint32_t probe_fired;
static uint64_t probe_deadline;

/* One-shot, queued again from its callback: a periodic timer would skip the periods a long
 * section overran, and the lateness would be measured from the wrong deadline. */
static void probe(timer_id id, void *data)
{
    (void)id;
    (void)data;
    uint64_t stamp = gtimer_count();
    uint64_t deadline_ticks = probe_deadline * gtimer_freq() / 1000000;
    if (stamp - deadline_ticks > probe_max_ticks)
        probe_max_ticks = stamp - deadline_ticks;
    probe_fired++;
    probe_deadline = time_us() + PROBE_US;
    timer_register_at(probe_deadline, probe, 0);
}

static void irqoff_report(void)
{
    struct irqoff_figures f;
    irqoff_get(&f);
    if (probe_fired)
        kprintf("bench irq_off_probe period_us=%d fired=%u max_late_ns=%u\n", PROBE_US,
                (unsigned)probe_fired, (unsigned)ticks_to_ns(probe_max_ticks));
    if (IRQOFF_BUILT)
        kprintf("bench irq_off_max build=meter sections=%u max_ns=%u begin_pc=0x%08x "
                "end_pc=0x%08x\n",
                (unsigned)f.sections, (unsigned)ticks_to_ns(f.max_ticks), (unsigned)f.begin_pc,
                (unsigned)f.end_pc);
    else
        kprintf("bench irq_off_max build=default meter=absent (./qemu.sh --meter has it)\n");
}

static void start_irqoff(uint32_t fill)
{
    start_driver(user_bench_irqoff, fill, "bench-irqoff");
    irqoff_reset(); /* the sections of this workload only */
    probe_deadline = time_us() + PROBE_US;
    timer_register_at(probe_deadline, probe, 0);
}

static void bench_irqoff(void)
{
    start_irqoff(2000); /* about a full trace ring (8192 events) */
}

static void bench_irqoff_short(void)
{
    start_irqoff(150);
}

/* Power-on to this point, where the boot modes start (the shell's process is spawned here): the
 * system timer counts from 0 at reset. Includes drawing the boot messages on the screen. */
static void bench_boot(void)
{
    uint64_t now = time_us();
    kprintf("bench boot to_boot_modes_us=%u\n", (unsigned)now);
}

static const struct {
    const char *name;
    const char *what;
    void (*run)(void);
    int as_process; /* finishes after the caller returns to the idle loop; 2: not in "all" */
} benches[] = {
    {"boot", "virtual time from power-on to the boot modes (where the shell starts)", bench_boot,
     0},
    {"timer",
     "timer IRQ latency with 0, 15, 255 and a nearly full pool of timers pending, and periodic",
     bench_timer, 0},
    {"console", "screen console: time per drawn line and per scroll", bench_console, 0},
    {"sched", "null syscall, spawn/exit/wait, context switch, sleep wake-up lateness", bench_sched,
     1},
    {"irqoff", "a 2 ms sleeper's lateness while a full trace is dumped and 4 KiB written",
     bench_irqoff, 2},
    {"irqoff_short", "the same with a short trace (make test)", bench_irqoff_short, 2},
};

int bench_run(const char *name)
{
    int found = 0, pending = 0;
    for (unsigned i = 0; i < sizeof benches / sizeof benches[0]; i++) {
        if ((!strcmp(name, "all") && benches[i].as_process < 2) || !strcmp(name, benches[i].name)) {
            benches[i].run();
            found = 1;
            pending |= benches[i].as_process;
        }
    }
    if (!found) {
        kprintf("bench: no benchmark is called '%s' (try bench=all)\n", name);
        return -ENOENT;
    }
    if ((IRQOFF_BUILT || !strncmp(name, "irqoff", 6)) && kernel_at_exit(irqoff_report))
        kprintf("bench: no room to report the IRQ-off figures at exit\n");
    return pending ? BENCH_PENDING : 0;
}

static const char *bench_wanted(const struct boot_config *cfg)
{
    return cfg->bench[0] ? cfg->bench : 0;
}

static int bench_start(const char *name, const struct boot_config *cfg)
{
    (void)cfg;
    int err = bench_run(name);
    if (err < 0)
        return err;
    return err == BENCH_PENDING ? BOOT_MODE_RUNNING : BOOT_MODE_DONE;
}

static void bench_list(boot_mode_emit_t emit, void *ctx)
{
    for (unsigned i = 0; i < sizeof benches / sizeof benches[0]; i++)
        emit(ctx, benches[i].name, benches[i].what);
    emit(ctx, "all", "every benchmark");
}

BOOT_MODE(20, bench_mode) = {
    "bench",           "bench=NAME", "run a benchmark (QEMU, --icount), then power off",
    bench_wanted,      bench_start,  bench_list,
    BOOT_MODE_ENDS_RUN};
