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

#endif
