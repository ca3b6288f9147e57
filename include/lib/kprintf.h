/* printf-style formatting for the kernel and host tests: %d %i %u %x %X %p %s %c %%, field width,
 * '-' and '0' flags, 'l' and 'll' length modifiers. No floating point. */
#ifndef LIB_KPRINTF_H
#define LIB_KPRINTF_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*kformat_out_t)(char c, void *ctx);

/* Formats fmt through out(), one character at a time; returns the number of characters. */
int kvformat(kformat_out_t out, void *ctx, const char *fmt, va_list ap);

/* C99 snprintf contract: writes at most size-1 characters plus a NUL (when size > 0) and
 * returns the length the full output would have had. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* kprintf: formats to the sink the console registered (nothing is printed before it does).
 * A message reaches the sink in pieces of up to KPRINTF_CHUNK bytes; the sink writes each piece
 * whole (the kernel console queues what IRQ handlers write while it draws), so messages up to
 * KPRINTF_CHUNK bytes from IRQ handlers and the main loop do not interleave; longer ones may.
 * Callable from any context once the sink is set. */
#define KPRINTF_CHUNK 128
typedef void (*kprintf_sink_t)(const char *s, size_t len);
void kprintf_set_sink(kprintf_sink_t sink);
/* kprintf_sync: whatever has been printed is on its way out now, and from here on each kprintf
 * is written before it returns, in any context. For a panic, a reset and the power-off, after
 * which nothing is left to write the sink's deferred output. The sink registers it. */
typedef void (*kprintf_sync_t)(void);
void kprintf_set_sync(kprintf_sync_t sync);
void kprintf_sync(void);
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

#endif
