/* The kernel console: everything the kernel prints goes through here to the serial port. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>

/* Brings up the UART; returns its init error (the console works either way). */
int console_init(void);

/* Writes len bytes, turning "\n" into "\r\n". Any context; IRQs are masked while it writes so
 * lines from IRQ handlers and the main loop do not interleave. */
void console_write(const char *s, size_t len);

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
