/* How a run ends: the exit status QEMU reports, power-off, reboot, and what runs before them. */
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

#include <stdint.h>

/* Exit statuses seen by whoever started QEMU (the test runner): the worst thing that happened. */
#define KERNEL_EXIT_OK       0
#define KERNEL_EXIT_TESTFAIL 1 /* an in-kernel test failed */
#define KERNEL_EXIT_CMDLINE  2 /* the command line had unknown words or bad values */
#define KERNEL_EXIT_PANIC    3

/* Records a status for kernel_exit (the highest one wins). Any context. */
void kernel_note_status(int status);

/* Runs the at-exit functions, then powers off QEMU with the worst status recorded so far
 * (semihosting allowed) or halts the CPU (a board). Any context. */
void kernel_exit(void) __attribute__((noreturn));

/* Powers QEMU off (semihosting allowed) or resets the board through the watchdog. */
void kernel_reboot(void) __attribute__((noreturn));

/* fn runs in kernel_exit before the power-off (the lab prints its summary there), in the order
 * added. Returns 0, or -ENOMEM when KERNEL_AT_EXIT_MAX are registered. Boot time. */
#define KERNEL_AT_EXIT_MAX 4
int kernel_at_exit(void (*fn)(void));

/* Runs the at-exit functions not run yet (kernel_exit does it first). Any context. */
void kernel_run_at_exit(void);

/* Whether the kernel runs in QEMU: the command line says so with qemu=1, which qemu.sh always
 * adds (docs/board.md, "What differs from QEMU"). Everything that behaves differently in QEMU
 * asks this one signal. Set by the boot, off until then. */
void kernel_set_in_qemu(int yes);
int kernel_in_qemu(void);

/* Whether semihosting may be used: in QEMU (kernel_in_qemu) and only when the command line asks
 * to end the run there (test=, bench=, exit=, run_ms=). kernel_allow_semihosting(1) before
 * kernel_set_in_qemu(1), or on a board, leaves it off. */
void kernel_allow_semihosting(int allowed);
int kernel_semihosting_allowed(void);

#endif
