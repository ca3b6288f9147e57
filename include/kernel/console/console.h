/* The kernel console: everything the kernel prints (kprintf, in src/lib/kprintf.c) goes through
 * here to the serial port and, when there is one, the screen (src/kernel/console/fbcon.c). */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>

#include "kernel/console/devices.h"

/* Brings up the serial line and the screen (the board's, include/board/raspi2/board.h) and
 * makes the console kprintf's sink; returns the serial line's init error (the console works
 * either way; the banner reports a missing screen). Boot, first. */
int console_init(const struct serial_dev *serial, const struct framebuffer_dev *fb);

/* Writes len bytes, turning "\n" into "\r\n". Any context. With IRQs on, draws at once (with
 * IRQs on); with IRQs masked, once the scheduler runs, queues the bytes for the next way out
 * of the kernel (console_drain) and returns. What one call writes is never split by output
 * from an IRQ handler. */
void console_write(const char *s, size_t len);

/* For a system call at its top level, IRQs masked and nothing held (sys_write): begin takes
 * the console, each draw draws with IRQs on (what IRQ handlers write meanwhile waits), end
 * gives it back and draws what waited. Everything drawn between begin and end comes out
 * whole. */
void console_begin(void);
void console_draw(const char *s, size_t len);
void console_end(void);

/* From here on, masked writers queue their text (kernel_main, when IRQs go on). */
void console_start_deferring(void);

/* The exit work (sched_set_exit_work): draws queued text with IRQs on, leaving the rest for a
 * later way out once a few lines are drawn and a switch is due. */
void console_drain(void);

#endif
