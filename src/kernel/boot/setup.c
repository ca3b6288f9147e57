/* Boot steps (include/kernel/boot/setup.h): boot information, RAM, command line, policy, exit=.
 * Called in order by kernel_main on core 0, IRQs masked unless a step says otherwise. */
#include "kernel/boot/setup.h"

#include "arch/arm/exception.h"
#include "board/raspi2/peripherals.h"
#include "kernel/boot/boardrev.h"
#include "kernel/boot/ram.h"
#include "kernel/console/tty.h"
#include "kernel/irq/irq.h"
#include "kernel/led/heartbeat.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "kernel/power/panic.h"
#include "kernel/power/power.h"
#include "kernel/sched/sched.h"
#include "kernel/time/timer.h"
#include "kernel/trace/trace.h"
#include "lib/errno.h"
#include "lib/kprintf.h"

/* Most bytes read at r2: a DTB is far smaller (the Pi's are ~25 KiB). */
#define BOOTINFO_MAX_LEN (1u << 20)

struct bootinfo boot_info;
struct boot_config boot_config;
int boot_ram_limited;
const char *boot_ram_note;
uint64_t boot_ram_base, boot_ram_size;

static void kernel_fault(const char *what) __attribute__((noreturn));
static void kernel_fault(const char *what)
{
    panic("unexpected %s in kernel", what);
}

void boot_traps_init(void)
{
    stack_guards_init();
    int bad_words = vectors_install();
    if (bad_words)
        panic("vector table copy at 0x0 did not verify (%d words differ)", bad_words);
    exception_set_fatal_hook(kernel_fault);
}

void boot_read_info(uint32_t r2)
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

void boot_memory_init(const struct firmware_dev *fw)
{
    uint32_t arm_base = 0, arm_size = 0;
    int err = fw->arm_memory(&arm_base, &arm_size);
    struct ram_choice ram =
        ram_choose(boot_info.mem_base, boot_info.mem_size, err, arm_base, arm_size);
    uint64_t ram_base = ram.base, ram_size = ram.size;
    boot_ram_note = ram.note;
    boot_ram_base = ram_base;
    boot_ram_size = ram_size;
    uint32_t mem_mib = early_mem_limit();
    if (mem_mib && ((uint64_t)mem_mib << 20) < ram_size) {
        ram_size = (uint64_t)mem_mib << 20;
        boot_ram_limited = 1;
    }
    /* Whole MiB below the peripherals: the kernel's map is made of 1 MiB sections. */
    if (ram_base + ram_size > PERIPHERAL_BASE)
        ram_size = PERIPHERAL_BASE - ram_base;
    ram_size = ((ram_base + ram_size) & ~(uint64_t)0xFFFFF) - ram_base;
    mm_init(ram_base, ram_size);
    vm_init(ram_base, ram_size);
}

static void report_cmdline_word(void *ctx, const char *word, int len, const char *problem)
{
    (void)ctx;
    kprintf("cmdline: '");
    for (int i = 0; i < len; i++)
        kprintf("%c", word[i]);
    kprintf("': %s\n", problem);
}

void boot_read_cmdline(void)
{
    cmdline_parse(boot_info.cmdline, &boot_config, report_cmdline_word, 0);
    if (boot_config.has_boardrev) {
        char board[96];
        boardrev_describe(boot_config.boardrev, board, sizeof board);
        kprintf("board: %s (revision code %x)", board, (unsigned)boot_config.boardrev);
        if (boot_config.has_serial)
            kprintf(", serial %08x", (unsigned)boot_config.serial);
        kprintf("\n");
    }
    if (boot_config.errors)
        kernel_note_status(KERNEL_EXIT_CMDLINE);
    /* qemu=1 is the one sign of QEMU (qemu.sh adds it); semihosting answers only there, and
     * only the words that end a run there ask for it. */
    kernel_set_in_qemu(boot_config.qemu);
    int ends_in_qemu =
        boot_config.has_exit || boot_config.test[0] || boot_config.bench[0] || boot_config.run_ms;
    kernel_allow_semihosting(ends_in_qemu);
    if (ends_in_qemu && !boot_config.qemu)
        kprintf("cmdline: no qemu=1, so not in QEMU: exit=, test=, bench= and run_ms= halt "
                "where QEMU would power off\n");
    panic_set_reboot(boot_config.panic_s);
    if (boot_config.trace_events && trace_set_size(boot_config.trace_events))
        panic("trace_set_size refused %u, which cmdline_parse accepted",
              (unsigned)boot_config.trace_events);
}

void boot_interrupts_init(const struct serial_dev *serial)
{
    irq_init();
    if (timer_start())
        panic("timer_start failed at boot");
    if (tty_init(serial))
        kprintf("console: no input (the UART's interrupt could not be registered)\n");
}

void boot_sched_init(void)
{
    const struct sched_policy *policy = sched_policy_by_name("rr");
    if (boot_config.sched[0] && !(policy = sched_policy_by_name(boot_config.sched))) {
        kprintf("cmdline: 'sched=%s': no such policy (%s): using rr\n", boot_config.sched,
                sched_policy_names);
        kernel_note_status(KERNEL_EXIT_CMDLINE);
        policy = sched_policy_by_name("rr");
    }
    sched_init(policy, boot_config.quantum_us ? boot_config.quantum_us : SCHED_DEFAULT_QUANTUM_US);
}

void boot_led_start(void)
{
    /* On by default where someone can see it: not in QEMU, and not while a test, a benchmark
     * or a lab run counts timer interrupts (its four a second would show in their figures). */
    int quiet = kernel_in_qemu() || boot_config.test[0] || boot_config.bench[0] ||
                boot_config.scenario[0] || boot_config.procs[0] || boot_config.taskset[0];
    if (!(boot_config.has_led ? boot_config.led : !quiet))
        return; /* no timer queued, no GPIO touched */
    int err = led_heartbeat_start();
    if (err)
        kprintf("led: the heartbeat could not start (%s)\n", errno_name(err));
    else
        kprintf("led: heartbeat on the ACT LED (GPIO 47), two blinks a second; led=off stops it\n");
}

/* exit=MS: power off from the timer IRQ itself, whether a process or the idle loop runs. */
static void request_exit(timer_id id, void *data)
{
    (void)id;
    (void)data;
    kernel_exit();
}

void boot_queue_exit(void)
{
    if (boot_config.has_exit &&
        !timer_register_at((uint64_t)boot_config.exit_ms * 1000, request_exit, 0))
        panic("could not queue the exit= timer");
}
