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

/* Writes len bytes, turning "\n" into "\r\n". Any context; IRQs are masked while it writes so
 * what one call writes is never split by output from an IRQ handler. */
void console_write(const char *s, size_t len);

#endif
