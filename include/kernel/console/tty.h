/* Console input: the serial line's receive interrupts (the PL011's, GPU IRQ 57) fill a ring
 * buffer; read() takes from it, blocking while it is empty. One process may wait in read() at
 * a time. */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include <stdint.h>

#include "kernel/console/devices.h"

#define TTY_INPUT_SIZE 1024 /* bytes buffered before the UART is held back */

struct proc;

/* Takes input from serial: registers its receive interrupt. Returns 0 or irq_register's
 * error. Boot, after irq_init. */
int tty_init(const struct serial_dev *serial);

/* read(buf, len) for process p (IRQs masked, buf already checked): returns the bytes copied,
 * 0 after blocking p (the count is delivered when input comes), or -EBUSY when the console
 * belongs to another process. The first process to read owns the console until it exits. */
int tty_read(struct proc *p, uint32_t buf, uint32_t len);

/* p ends (perhaps blocked in read()): forget it, and give up the console if it owned it. IRQs
 * masked. */
void tty_forget(const struct proc *p);

#endif
