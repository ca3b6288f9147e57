/* Minimal printf engine shared by the console (kprintf) and ksnprintf. Pure C: host-tested. */
#include "lib/kprintf.h"

#include <stdint.h>

struct spec {
    int left; /* '-' flag */
    int zero; /* '0' flag */
    int width;
    int length; /* 0, 1 = l, 2 = ll */
};

struct sink {
    kformat_out_t out;
    void *ctx;
    int count;
};

static void emit(struct sink *s, char c)
{
    s->out(c, s->ctx);
    s->count++;
}

static void emit_padded(struct sink *s, const struct spec *sp, const char *prefix, const char *body,
                        int body_len)
{
    int prefix_len = 0;
    while (prefix[prefix_len])
        prefix_len++;
    int pad = sp->width - prefix_len - body_len;
    if (pad < 0)
        pad = 0;
    if (!sp->left && !sp->zero)
        for (int i = 0; i < pad; i++)
            emit(s, ' ');
    for (int i = 0; i < prefix_len; i++)
        emit(s, prefix[i]);
    if (!sp->left && sp->zero)
        for (int i = 0; i < pad; i++)
            emit(s, '0');
    for (int i = 0; i < body_len; i++)
        emit(s, body[i]);
    if (sp->left)
        for (int i = 0; i < pad; i++)
            emit(s, ' ');
}

/* Digits of v in base 10 or 16, written backwards from the end of buf; returns the start. */
static char *utoa_rev(char *end, uint64_t v, unsigned base, int upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;
    do {
        *--p = digits[v % base];
        v /= base;
    } while (v);
    return p;
}

static void format_number(struct sink *s, const struct spec *sp, uint64_t v, int negative,
                          unsigned base, int upper, const char *prefix)
{
    char buf[24];
    char *end = buf + sizeof buf;
    char *start = utoa_rev(end, v, base, upper);
    emit_padded(s, sp, negative ? "-" : prefix, start, (int)(end - start));
}

int kvformat(kformat_out_t out, void *ctx, const char *fmt, va_list ap)
{
    struct sink s = {out, ctx, 0};

    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            emit(&s, *p);
            continue;
        }
        struct spec sp = {0, 0, 0, 0};
        for (p++;; p++) {
            if (*p == '-')
                sp.left = 1;
            else if (*p == '0')
                sp.zero = 1;
            else
                break;
        }
        while (*p >= '0' && *p <= '9')
            sp.width = sp.width * 10 + (*p++ - '0');
        while (*p == 'l' && sp.length < 2) {
            sp.length++;
            p++;
        }

        switch (*p) {
        case 'd':
        case 'i': {
            int64_t v = sp.length == 2   ? va_arg(ap, long long)
                        : sp.length == 1 ? va_arg(ap, long)
                                         : va_arg(ap, int);
            uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;
            format_number(&s, &sp, mag, v < 0, 10, 0, "");
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v = sp.length == 2   ? va_arg(ap, unsigned long long)
                         : sp.length == 1 ? va_arg(ap, unsigned long)
                                          : va_arg(ap, unsigned int);
            format_number(&s, &sp, v, 0, *p == 'u' ? 10 : 16, *p == 'X', "");
            break;
        }
        case 'p': format_number(&s, &sp, (uintptr_t)va_arg(ap, void *), 0, 16, 0, "0x"); break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str)
                str = "(null)";
            int len = 0;
            while (str[len])
                len++;
            struct spec text = sp;
            text.zero = 0;
            emit_padded(&s, &text, "", str, len);
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            struct spec text = sp;
            text.zero = 0;
            emit_padded(&s, &text, "", &c, 1);
            break;
        }
        case '%': emit(&s, '%'); break;
        case '\0':
            /* A lone '%' at the end: print it rather than read past the string. */
            emit(&s, '%');
            return s.count;
        default:
            /* Unknown conversion: show it verbatim so the mistake is visible. */
            emit(&s, '%');
            emit(&s, *p);
            break;
        }
    }
    return s.count;
}

struct bounded {
    char *buf;
    size_t size;
    size_t used;
};

static void bounded_out(char c, void *ctx)
{
    struct bounded *b = ctx;
    if (b->used + 1 < b->size)
        b->buf[b->used] = c;
    b->used++;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct bounded b = {buf, size, 0};
    int n = kvformat(bounded_out, &b, fmt, ap);
    if (size > 0)
        buf[b.used < size ? b.used : size - 1] = '\0';
    return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static kprintf_sink_t kprintf_sink;

void kprintf_set_sink(kprintf_sink_t sink)
{
    kprintf_sink = sink;
}

static kprintf_sync_t kprintf_sync_fn;

void kprintf_set_sync(kprintf_sync_t sync)
{
    kprintf_sync_fn = sync;
}

void kprintf_sync(void)
{
    if (kprintf_sync_fn)
        kprintf_sync_fn();
}

struct chunk {
    char buf[KPRINTF_CHUNK];
    size_t used;
};

static void chunk_out(char c, void *ctx)
{
    struct chunk *ch = ctx;
    ch->buf[ch->used++] = c;
    if (ch->used == sizeof ch->buf) {
        kprintf_sink(ch->buf, ch->used);
        ch->used = 0;
    }
}

int kvprintf(const char *fmt, va_list ap)
{
    if (!kprintf_sink)
        return 0;
    struct chunk ch;
    ch.used = 0;
    int n = kvformat(chunk_out, &ch, fmt, ap);
    if (ch.used)
        kprintf_sink(ch.buf, ch.used);
    return n;
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvprintf(fmt, ap);
    va_end(ap);
    return n;
}
