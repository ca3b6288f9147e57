/* panic(): the end of the line for a broken kernel invariant. */
#ifndef KERNEL_POWER_PANIC_H
#define KERNEL_POWER_PANIC_H

/* Prints "PANIC: <message>" with the file, line and function, then stops: under QEMU with
 * test= or exit= on the command line it powers off with status KERNEL_EXIT_PANIC, otherwise it
 * halts the CPU (quit QEMU with Ctrl-A X). Callable from any context. */
#define panic(...) panic_at(__FILE__, __LINE__, __func__, __VA_ARGS__)

void panic_at(const char *file, int line, const char *func, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 4, 5)));

#endif
