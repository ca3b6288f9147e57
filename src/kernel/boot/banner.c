/* The boot banner (include/kernel/boot/setup.h): what a user checks first on a new board. */
#include "arch/arm/cpu.h"
#include "arch/arm/mmu.h"
#include "chainload/protocol.h"
#include "kernel/boot/setup.h"
#include "kernel/console/fbcon.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm.h"
#include "lib/errno.h"
#include "lib/kprintf.h"

extern uint32_t cores_parked[4];
extern int32_t boot_load_offset;
extern uint32_t boot_entry_r3;
extern char __image_start[], __image_end[];

void boot_banner(uint32_t r1, uint32_t r2, uint32_t entry_cpsr, int uart_err)
{
    uint32_t entry_mode = entry_cpsr & CPSR_MODE_MASK;
    kprintf("\npinwheel %s on Raspberry Pi 2 (BCM2836, Cortex-A7)\n", PINWHEEL_VERSION);
    kprintf("  entered in %s mode%s, machine type %u\n", cpu_mode_name(entry_mode),
            entry_mode == CPSR_MODE_HYP ? " (left for SVC)" : "", (unsigned)r1);
    if (boot_entry_r3 == CHAINLOAD_KERNEL_MARKER)
        kprintf("  came through the serial chainloader (r3 = %08x), not from the card\n",
                (unsigned)boot_entry_r3);
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
    kprintf("  memory: %u MiB at %08x%s%s%s%s\n", (unsigned)(boot_ram_size >> 20),
            (unsigned)boot_ram_base, boot_ram_note ? " (" : "", boot_ram_note ? boot_ram_note : "",
            boot_ram_note ? ")" : "", boot_ram_limited ? " (mem= limits the kernel to less)" : "");
    struct framebuffer fb;
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
