/* panic(): the end of the line for a broken kernel invariant. */
#ifndef KERNEL_POWER_PANIC_H
#define KERNEL_POWER_PANIC_H

#include <stdint.h>

/* Prints "PANIC: <message>" with the file, line and function, then stops, in this order of
 * choice: with panic=N (N > 0) it blinks the ACT LED fast for N seconds and resets the board
 * through the watchdog (QEMU with -no-reboot then exits); in QEMU with semihosting allowed
 * (test=, exit=, ...) it powers off with status KERNEL_EXIT_PANIC; in QEMU otherwise it halts
 * (quit with Ctrl-A X); on a board it blinks the ACT LED fast for ever. Any context. */
#define panic(...) panic_at(__FILE__, __LINE__, __func__, __VA_ARGS__)

void panic_at(const char *file, int line, const char *func, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 4, 5)));

/* The panic blink: lit this long, then dark as long: 5 even blinks a second, without end. */
#define PANIC_BLINK_HALF_US 100000u

/* panic=N: seconds from a panic to the reset, 0 for none. Boot time. */
void panic_set_reboot(uint32_t seconds);
uint32_t panic_reboot_delay(void);

/* The ends of a panic (src/kernel/power/panic_led.c), with IRQs masked: blink for
 * panic_reboot_delay() seconds, busy-waiting on the system timer, then reset; or blink for
 * ever. */
void panic_reboot_after_delay(void) __attribute__((noreturn));
void panic_blink_forever(void) __attribute__((noreturn));

#endif
