/* Console input: PL011 receive interrupts (GPU IRQ 57) fill a ring buffer; read() takes from it,
 * blocking while it is empty. One process may wait in read() at a time. */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include <stdint.h>

#define TTY_INPUT_SIZE 1024 /* bytes buffered before the UART is held back */

struct proc;

/* Registers the receive interrupt. Returns 0 or irq_register's error. */
int tty_init(void);

/* read(buf, len) for process p (IRQs masked, buf already checked): returns the bytes copied,
 * 0 after blocking p (the count is delivered when input comes), or -EBUSY when another
 * process is already waiting for input. */
int tty_read(struct proc *p, uint32_t buf, uint32_t len);

/* p ends while blocked in read(): forget it. IRQs masked. */
void tty_forget(const struct proc *p);

#endif
