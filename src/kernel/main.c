/* kernel_main: the boot order, from boot.S to the idle loop. Each step is one call; what runs
 * once the kernel is up (tests, a demo, an experiment, the shell) is a boot mode that its own
 * module registers (include/kernel/boot/mode.h). Walk-through: docs/tutorial/01-boot.md. */
#include <stdint.h>

#include "arch/arm/cpu.h"
#include "board/raspi2/board.h"
#include "kernel/boot/mode.h"
#include "kernel/boot/setup.h"
#include "kernel/console/console.h"
#include "kernel/proc/proc.h"
#include "kernel/sched/sched.h"

/* Called by boot.S on core 0 in SVC mode with IRQs masked, a stack, and .bss cleared. */
void kernel_main(uint32_t r0, uint32_t r1, uint32_t r2, uint32_t entry_cpsr)
{
    (void)r0;
    int uart_err = console_init(&board_serial, &board_framebuffer);
    boot_traps_init();
    boot_read_info(r2);
    boot_memory_init(&board_firmware);
    boot_banner(r1, r2, entry_cpsr, uart_err);
    boot_read_cmdline();
    boot_interrupts_init(&board_serial);
    proc_init();
    boot_sched_init();
    boot_led_start();
    irq_enable();
    irqoff_reset(); /* the IRQ-off meter, when built in, counts from here: not the boot */
    console_start_deferring();
    boot_modes_start(&boot_config);
    boot_queue_exit(); /* last, so that even exit=0 lets the modes above start first */
    idle_loop();
}
