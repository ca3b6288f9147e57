/* The boot-mode table (include/kernel/boot/mode.h): which modes the command line asks for,
 * which one ends the run, and the table as text for `help`. */
#include "kernel/boot/mode.h"

#include <stdarg.h>

#include "kernel/power/power.h"
#include "lib/kprintf.h"

LINKER_SET_DECLARE(struct boot_mode, boot_modes);

void boot_modes_start(const struct boot_config *cfg)
{
    const struct boot_mode *ender = 0;
    int asked = 0, ended = 0, running = 0;
    LINKER_SET_FOREACH (struct boot_mode, boot_modes, m) {
        const char *arg = m->wanted(cfg);
        if (!arg)
            continue;
        asked = 1;
        if (m->flags & BOOT_MODE_ENDS_RUN) {
            if (ender) {
                /* Both would end the run when their own work finishes: keep the first. */
                kprintf("cmdline: %s= and %s= cannot run together: running %s= only\n", ender->key,
                        m->key, ender->key);
                kernel_note_status(KERNEL_EXIT_CMDLINE);
                continue;
            }
            ender = m;
        }
    }
    LINKER_SET_FOREACH (struct boot_mode, boot_modes, m) {
        const char *arg = asked ? m->wanted(cfg) : (m->flags & BOOT_MODE_DEFAULT ? "" : 0);
        if (!arg || ((m->flags & BOOT_MODE_ENDS_RUN) && m != ender))
            continue;
        int r = m->start(arg, cfg);
        if (r < 0)
            kernel_note_status(KERNEL_EXIT_CMDLINE);
        if (m == ender && r != BOOT_MODE_RUNNING)
            ended = 1;
        running |= r == BOOT_MODE_RUNNING;
    }
    /* Nothing left to run (a mode finished, or every one asked for failed): end, unless exit=
     * sets the time. */
    if ((ended || !running) && !cfg->has_exit)
        kernel_exit();
}

struct text {
    char *buf;
    int size, used;
};

static void append(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void append(struct text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int room = t->size - t->used;
    int n = kvsnprintf(t->buf + t->used, room > 0 ? (size_t)room : 0, fmt, ap);
    va_end(ap);
    t->used += n < room ? n : (room > 0 ? room - 1 : 0);
}

static void append_entry(void *ctx, const char *name, const char *help)
{
    append(ctx, "      %-11s %s\n", name, help);
}

int boot_modes_describe(char *buf, int size)
{
    struct text t = {buf, size, 0};
    if (size > 0)
        buf[0] = '\0';
    LINKER_SET_FOREACH (struct boot_mode, boot_modes, m) {
        append(&t, "  %-17s %s\n", m->word, m->help);
        if (m->list)
            m->list(append_entry, &t);
    }
    return t.used;
}
