/* Kernel-wide state set at boot and how a run ends (exit status under QEMU). */
#ifndef KERNEL_BOOT_POWER_H
#define KERNEL_BOOT_POWER_H

#include <stdint.h>

/* Exit statuses seen by whoever started QEMU (the test runner): the worst thing that happened. */
#define KERNEL_EXIT_OK       0
#define KERNEL_EXIT_TESTFAIL 1 /* an in-kernel test failed */
#define KERNEL_EXIT_CMDLINE  2 /* the command line had unknown words or bad values */
#define KERNEL_EXIT_PANIC    3

/* Powers off QEMU with the worst status recorded so far (or halts on a board). */
void kernel_exit(void) __attribute__((noreturn));

/* Powers QEMU off (test=, bench= or exit= runs) or resets the board through the watchdog. */
void kernel_reboot(void) __attribute__((noreturn));

/* RAM assumed when the boot information reports none. */
#define KERNEL_DEFAULT_MEM (256u << 20)

/* Records a status for kernel_exit (the highest one wins). */
void kernel_note_status(int status);

/* The idle loop (src/kernel/main.c): runs when no process is ready. Does not return. */
void idle_loop(void) __attribute__((noreturn));

/* Whether semihosting may be used: the command line asked for test=, bench= or exit=, which only
 * make sense in QEMU. */
int kernel_semihosting_allowed(void);

#endif
