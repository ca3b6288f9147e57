/* kernel_main: from boot.S to the idle loop. Boot order and the banner: docs/tutorial/01-boot.md.
 */
#include <stdint.h>

#include "arch/arm/cpu.h"
#include "arch/arm/exception.h"
#include "arch/arm/mmu.h"
#include "arch/arm/semihost.h"
#include "board/raspi2/bcm2835_pm.h"
#include "board/raspi2/peripherals.h"
#include "bench/bench.h"
#include "kernel/boot/bootinfo.h"
#include "kernel/boot/cmdline.h"
#include "kernel/console/console.h"
#include "demos/demo.h"
#include "lib/errno.h"
#include "kernel/console/fbcon.h"
#include "kernel/irq/irq.h"
#include "kernel/boot/power.h"
#include "ktests/ktest.h"
#include "kernel/lab/lab.h"
#include "kernel/mm/mm.h"
#include "kernel/boot/panic.h"
#include "kernel/proc/proc.h"
#include "kernel/sched/sched.h"
#include "kernel/time/timer.h"
#include "kernel/console/tty.h"
#include "kernel/mm/vm.h"

/* Without boot information, assume this much RAM at 0: every Pi 2 has at least this for the
 * ARM whatever the GPU memory split. */
/* Most bytes read at r2: a DTB is far smaller (the Pi's are ~25 KiB). */
#define BOOTINFO_MAX_LEN (1u << 20)

extern uint32_t cores_parked[4];
extern int32_t boot_load_offset;
extern char __image_start[], __image_end[], __kernel_end[];

struct bootinfo boot_info;
struct boot_config boot_config;
static int exit_status;
static int ram_limited; /* mem= asked for less RAM than the board has */

void kernel_note_status(int status)
{
    if (status > exit_status)
        exit_status = status;
}

int kernel_semihosting_allowed(void)
{
    return boot_config.has_exit || boot_config.test[0] || boot_config.bench[0];
}

void kernel_exit(void)
{
    lab_finish();
    if (kernel_semihosting_allowed()) {
        kprintf("pinwheel: power off, exit status %d\n", exit_status);
        semihost_exit((uint32_t)exit_status);
    }
    kprintf("pinwheel: halted (in QEMU: Ctrl-A X quits)\n");
    irq_disable();
    for (;;)
        cpu_wfi();
}

/* With nothing else to do, the console belongs to the shell (src/user/shell.c). */
static void start_shell(void)
{
    int user_shell(uint32_t arg);
    uint32_t flags = irq_save();
    int pid = proc_spawn((uintptr_t)user_shell, 0, "shell", 0);
    irq_restore(flags);
    if (pid < 0)
        kprintf("pinwheel: could not start the shell (%s)\n", errno_name(pid));
    else
        kprintf("pinwheel: starting the shell (in QEMU, Ctrl-A X quits)\n");
}

void kernel_reboot(void)
{
    if (kernel_semihosting_allowed())
        kernel_exit();
    kprintf("pinwheel: resetting the board\n");
    bcm2835_pm_reset();
}

static void report_cmdline_word(void *ctx, const char *word, int len, const char *problem)
{
    (void)ctx;
    kprintf("cmdline: '");
    console_write(word, (size_t)len);
    kprintf("': %s\n", problem);
}

static void read_boot_info(uint32_t r2)
{
    int err = -ENOENT;
    /* ATAGS and DTBs are word-aligned and in RAM, below the peripherals. */
    if (r2 != 0 && (r2 & 3) == 0 && r2 < PERIPHERAL_BASE)
        err = bootinfo_parse((const void *)r2, BOOTINFO_MAX_LEN, &boot_info);
    else
        boot_info = (struct bootinfo){0};
    if (err == -EINVAL)
        kprintf("bootinfo: malformed %s at %08x: %s\n", bootinfo_source_name(boot_info.source),
                (unsigned)r2, boot_info.error);
    if (boot_info.cmdline_truncated)
        kprintf("bootinfo: command line longer than %d bytes was cut\n", BOOTINFO_CMDLINE_MAX - 1);
}

static void banner(uint32_t r1, uint32_t r2, uint32_t entry_cpsr, int uart_err)
{
    uint32_t entry_mode = entry_cpsr & CPSR_MODE_MASK;
    kprintf("\npinwheel %s on Raspberry Pi 2 (BCM2836, Cortex-A7)\n", PINWHEEL_VERSION);
    kprintf("  entered in %s mode%s, machine type %u\n", cpu_mode_name(entry_mode),
            entry_mode == CPSR_MODE_HYP ? " (left for SVC)" : "", (unsigned)r1);
    if (boot_load_offset)
        kprintf("  image %p-%p, loaded at %p and copied to its link address\n", __image_start,
                __image_end, __image_start + boot_load_offset);
    else
        kprintf("  image %p-%p, loaded at its link address\n", __image_start, __image_end);
    kprintf("  cores 1-3: %s\n", cores_parked[1] && cores_parked[2] && cores_parked[3]
                                     ? "parked in wfi"
                                     : "NOT all parked");
    if (boot_info.source == BOOTINFO_NONE)
        kprintf("  boot info: none found (r2 = %08x): using defaults\n", (unsigned)r2);
    else
        kprintf("  boot info: %s at %08x\n", bootinfo_source_name(boot_info.source), (unsigned)r2);
    if (boot_info.mem_size)
        kprintf("  memory: %u MiB at %08x%s\n", (unsigned)(boot_info.mem_size >> 20),
                (unsigned)boot_info.mem_base,
                ram_limited ? " (mem= limits the kernel to less)" : "");
    else
        kprintf("  memory: %u MiB at 00000000 (default: none reported)\n",
                KERNEL_DEFAULT_MEM >> 20);
    struct bcm2835_fb fb;
    int fb_err = fbcon_screen(&fb);
    if (fb_err)
        kprintf("  screen: none (%s)\n", errno_name(fb_err));
    else
        kprintf("  screen: %ux%ux%u at %p\n", (unsigned)fb.width, (unsigned)fb.height,
                (unsigned)fb.depth, (void *)fb.base);
    kprintf("  pages: %u free of 4 KiB (%u MiB)\n", (unsigned)mm_free_pages(),
            (unsigned)(mm_free_pages() / 256));
    uint32_t sctlr = mmu_read_sctlr();
    kprintf("  mmu: %s, caches %s, branch prediction %s; processes live at %08x-%08x\n",
            sctlr & SCTLR_M ? "on" : "OFF", (sctlr & (SCTLR_C | SCTLR_I)) ? "on" : "OFF",
            sctlr & SCTLR_Z ? "on" : "off", USER_BASE, USER_TOP - 1);
    kprintf("  command line: \"%s\"\n", boot_info.has_cmdline ? boot_info.cmdline : "");
    if (uart_err)
        kprintf("  console: the mailbox did not set the UART clock (%s): if this text is "
                "garbled on a board, add init_uart_clock=48000000 to config.txt\n",
                errno_name(uart_err));
}

static void ignore_cmdline_word(void *ctx, const char *word, int len, const char *problem)
{
    (void)ctx, (void)word, (void)len, (void)problem;
}

/* mem=MiB, needed before the page pool exists: a quiet first look at the command line (the
 * full parse after the banner reports any problem). 0 when absent. */
static uint32_t early_mem_limit(void)
{
    struct boot_config early = {0};
    cmdline_parse(boot_info.cmdline, &early, ignore_cmdline_word, 0);
    return early.mem_mib;
}

/* exit=MS: power off from the timer IRQ itself, whether a process or the idle loop runs. */
static void request_exit(timer_id id, void *data)
{
    (void)id;
    (void)data;
    kernel_exit();
}

/* Called by boot.S on core 0 in SVC mode with IRQs masked, a stack, and .bss cleared. */
void kernel_main(uint32_t r0, uint32_t r1, uint32_t r2, uint32_t entry_cpsr)
{
    (void)r0;
    int uart_err = console_init();
    stack_guards_init();
    int bad_words = vectors_install();
    if (bad_words)
        panic("vector table copy at 0x0 did not verify (%d words differ)", bad_words);

    read_boot_info(r2);
    uint64_t ram_base = boot_info.mem_size ? boot_info.mem_base : 0;
    uint64_t ram_size = boot_info.mem_size ? boot_info.mem_size : KERNEL_DEFAULT_MEM;
    uint32_t mem_mib = early_mem_limit();
    if (mem_mib && ((uint64_t)mem_mib << 20) < ram_size) {
        ram_size = (uint64_t)mem_mib << 20;
        ram_limited = 1;
    }
    /* Whole MiB below the peripherals: the kernel's map is made of 1 MiB sections. */
    if (ram_base + ram_size > PERIPHERAL_BASE)
        ram_size = PERIPHERAL_BASE - ram_base;
    ram_size = ((ram_base + ram_size) & ~(uint64_t)0xFFFFF) - ram_base;
    mm_init(ram_base, ram_size);
    vm_init(ram_base, ram_size);
    banner(r1, r2, entry_cpsr, uart_err);
    cmdline_parse(boot_info.cmdline, &boot_config, report_cmdline_word, 0);
    if (boot_config.errors)
        kernel_note_status(KERNEL_EXIT_CMDLINE);

    irq_init();
    if (timer_start())
        panic("timer_start failed at boot");
    if (tty_init())
        kprintf("console: no input (the UART's interrupt could not be registered)\n");
    proc_init();
    const struct sched_policy *policy = &sched_rr;
    if (boot_config.sched[0] && !(policy = sched_policy_by_name(boot_config.sched))) {
        kprintf("cmdline: 'sched=%s': no such policy (rr, prio, stride): using rr\n",
                boot_config.sched);
        kernel_note_status(KERNEL_EXIT_CMDLINE);
        policy = &sched_rr;
    }
    sched_init(policy, boot_config.quantum_us ? boot_config.quantum_us : SCHED_DEFAULT_QUANTUM_US);
    cpu_allow_user_cntvct();
    cpu_disable_vfp();
    irq_enable();

    if (boot_config.test[0]) {
        int failed = ktest_run(boot_config.test);
        if (failed > 0)
            kernel_note_status(KERNEL_EXIT_TESTFAIL);
        if (failed != KTEST_PENDING && !boot_config.has_exit)
            kernel_exit();
    }
    if (boot_config.bench[0] && boot_config.test[0]) {
        /* Both would end the run when their own process finishes: keep the tests. */
        kprintf("cmdline: test= and bench= cannot run together: running the tests only\n");
        kernel_note_status(KERNEL_EXIT_CMDLINE);
        boot_config.bench[0] = '\0';
    }
    if (boot_config.bench[0]) {
        int err = bench_run(boot_config.bench);
        if (err < 0)
            kernel_note_status(KERNEL_EXIT_CMDLINE);
        if (err != BENCH_PENDING && !boot_config.has_exit)
            kernel_exit();
    }
    if ((boot_config.scenario[0] || boot_config.procs[0]) &&
        lab_start(boot_config.scenario, boot_config.procs, boot_config.exit_ms))
        kernel_note_status(KERNEL_EXIT_CMDLINE);
    if (boot_config.demo[0] && demo_run(boot_config.demo))
        kernel_note_status(KERNEL_EXIT_CMDLINE);
    if (!boot_config.demo[0] && !boot_config.test[0] && !boot_config.bench[0] &&
        !boot_config.scenario[0] && !boot_config.procs[0])
        start_shell();

    /* Queued last, so that even exit=0 lets the tests or demo above start first. */
    if (boot_config.has_exit &&
        !timer_register_at((uint64_t)boot_config.exit_ms * 1000, request_exit, 0))
        panic("could not queue the exit= timer");
    idle_loop();
}

/* What runs when no process is ready: sleep until an interrupt; after each one check the stack
 * guards and resume a process that has become ready. Flags are tested
 * with IRQs masked so a wake-up between the test and the wfi is not lost. The boot code ends
 * here, and vectors.S comes back here (on a fresh stack) whenever nothing is ready. */
void idle_loop(void)
{
    for (;;) {
        irq_disable();
        const char *broken = stack_guards_check();
        if (broken)
            panic("%s stack overflowed into its guard band", broken);
        if (sched_has_ready())
            sched_resume();
        cpu_wfi();
        irq_enable();
    }
}
