/* The steps of kernel_main (src/kernel/main.c) that belong to no one subsystem: what the
 * firmware handed over, how much RAM to use, the command line, the banner, the policy. */
#ifndef KERNEL_BOOT_SETUP_H
#define KERNEL_BOOT_SETUP_H

#include <stdint.h>

#include "kernel/boot/bootinfo.h"
#include "kernel/boot/cmdline.h"
#include "kernel/console/devices.h"

/* What the boot read: the firmware's (or QEMU's) ATAGS or DTB, and the command line's words. */
extern struct bootinfo boot_info;
extern struct boot_config boot_config;
extern int boot_ram_limited; /* mem= asked for less RAM than the board has (the banner says so) */
/* Where the RAM figure came from when the boot information had none, or cut it to the
 * firmware's: NULL when the ATAGS or DTB said it all. */
extern const char *boot_ram_note;
extern uint64_t boot_ram_base, boot_ram_size; /* the RAM reported (before mem=) */

/* What the boot asks the firmware (src/board/raspi2/board.c: board_firmware, bound by
 * kernel_main). */
struct firmware_dev {
    /* The ARM's share of RAM, below the VideoCore's (the mailbox's tag 0x00010005): 0 with
     * *base and *size set, or the mailbox's error. Boot. */
    int (*arm_memory)(uint32_t *base, uint32_t *size);
};

/* Fills the stack guard bands, installs the vector table at 0 (panics when it does not read
 * back) and makes panic the end of a fault taken in the kernel. */
void boot_traps_init(void);

/* Reads the ATAGS or DTB that r2 points at into boot_info, when it does. */
void boot_read_info(uint32_t r2);

/* Sets up the page pool and the kernel's translation tables over the RAM the boot information
 * reports, or less when mem= asks (and turns on the MMU and caches). Without ATAGS or DTB
 * memory (an ELF boot), the firmware's mailbox says how much; with them, RAM past the ARM's
 * share that the mailbox reports (the VideoCore's) is never used. */
void boot_memory_init(const struct firmware_dev *fw);

/* Parses the command line into boot_config, reporting every word it does not use (exit
 * status 2). From here on the kernel knows whether it runs in QEMU (qemu=1), semihosting is
 * allowed when it does and test=, bench=, exit= or run_ms= ask to end the run, and panic=N
 * holds. */
void boot_read_cmdline(void);

/* The banner: version, how the kernel was entered, memory, screen, MMU, command line. */
void boot_banner(uint32_t r1, uint32_t r2, uint32_t entry_cpsr, int uart_err);

/* The interrupt-driven parts: the IRQ table, the timer queue on its clock (panics when it cannot
 * start: nothing time-based would work) and console input on the serial line. */
void boot_interrupts_init(const struct serial_dev *serial);

/* Starts the scheduler with the policy and quantum the command line chose (rr, 10 ms). */
void boot_sched_init(void);

/* The ACT LED's heartbeat: led=on|off, or by default on unless in QEMU or a test=, bench= or
 * lab run (they count timer interrupts). Needs the timer queue started. */
void boot_led_start(void);

/* exit=MS: queues the power-off for MS ms after power-on, when asked. */
void boot_queue_exit(void);

#endif
