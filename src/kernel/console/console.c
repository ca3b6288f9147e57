/* console_write, kprintf's sink: the board's serial line, echoed on the screen when there is
 * one (src/kernel/console/fbcon.c).
 *
 * Drawing is slow (a line of text on the screen is ~170 us), so it is done with IRQs on, by one
 * writer at a time, the owner. What is written while IRQs are masked (IRQ handlers, timer
 * callbacks, system calls, fault reports) or while someone else owns the console waits in the
 * deferred ring; the owner drains it, and so does the way out of the kernel (console_drain, the
 * exit work that sched_switch runs). So no masked section of the kernel lasts as long as a line of
 * text, and the text still comes out in the order it was written. Before the scheduler starts, and
 * from kprintf_sync (a panic, the power-off) on, every write draws at once. */
#include "kernel/console/console.h"

#include "arch/arm/cpu.h"
#include "kernel/console/fbcon.h"
#include "kernel/sched/sched.h"
#include "lib/kprintf.h"
#include "lib/ring.h"

#define DEFERRED_BYTES 4096u /* a power of two: a 4 KiB write() in masked context fits */
#define DRAW_CHUNK     64u   /* bytes taken from the deferred ring at a time */
#define DRAIN_MIN      256u /* bytes a way out of the kernel draws before it lets a switch go first */

static const struct serial_dev *serial;
static uint8_t deferred_buf[DEFERRED_BYTES];
static struct ring deferred;
static int deferring; /* masked writers defer; 0 before the scheduler runs and after a sync */
static int owned;     /* someone is drawing with IRQs on: all others defer */
static uint32_t lost; /* bytes dropped because the ring was full while the console was owned */
static int mid_line;  /* the last byte drawn was not a newline */

static void console_flush_now(void);

/* The screen is optional: without one fbcon_putc does nothing and the banner says why. */
int console_init(const struct serial_dev *line, const struct framebuffer_dev *fb)
{
    serial = line;
    ring_init(&deferred, deferred_buf, DEFERRED_BYTES);
    int err = serial->init();
    fbcon_init(fb);
    kprintf_set_sink(console_write);
    kprintf_set_sync(console_flush_now);
    sched_set_exit_work(console_drain);
    return err;
}

void console_start_deferring(void)
{
    deferring = 1;
}

static void draw(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n')
            serial->putc('\r');
        serial->putc(s[i]);
        fbcon_putc(s[i]);
    }
    if (len)
        mid_line = s[len - 1] != '\n';
}

/* IRQs masked. Text written by a masked writer whose bytes did not fit is first made room for
 * by drawing the oldest: losing console output is worse than one long masked section, which
 * the IRQ-off meter will show. Only when the console is owned can nothing be drawn: then a
 * message that does not fit is dropped whole (never half a line) and counted. */
static void defer(const char *s, size_t len)
{
    if (owned && DEFERRED_BYTES - ring_used(&deferred) < len) {
        lost += (uint32_t)len; /* the whole message, never half a line */
        sched_request_exit_work();
        return;
    }
    for (size_t i = 0; i < len; i++) {
        if (ring_full(&deferred) && !owned) {
            uint8_t c = 0;
            ring_get(&deferred, &c, 1);
            draw((const char *)&c, 1);
        }
        if (ring_put(&deferred, (uint8_t)s[i]))
            lost++;
    }
    sched_request_exit_work();
}

/* IRQs masked on entry and on return, with the console owned by the caller: draws up to
 * `limit` deferred bytes in chunks with IRQs on (what IRQ handlers add meanwhile is left for
 * later when it is past the limit, so that a busy printer cannot keep the caller here). With
 * `yield`, stops once DRAIN_MIN bytes are drawn and a switch is due. Returns 1 when the ring
 * is empty. */
static int drain_owned(uint32_t limit, int yield)
{
    char chunk[DRAW_CHUNK];
    uint32_t n, drawn = 0;
    while (drawn < limit &&
           (n = ring_get(&deferred, (uint8_t *)chunk,
                         limit - drawn < DRAW_CHUNK ? limit - drawn : DRAW_CHUNK))) {
        irq_enable();
        draw(chunk, n);
        irq_disable();
        drawn += n;
        if (yield && drawn >= DRAIN_MIN && sched_switch_pending())
            break;
    }
    if (lost) {
        uint32_t dropped = lost;
        lost = 0;
        char note[64];
        int k = ksnprintf(note, sizeof note, "\n[console: %u bytes lost]\n", (unsigned)dropped);
        irq_enable();
        draw(note, (size_t)k);
        irq_disable();
    }
    if (ring_used(&deferred))
        sched_request_exit_work(); /* what is left, on a later way out */
    return ring_used(&deferred) == 0;
}

void console_write(const char *s, size_t len)
{
    uint32_t flags = irq_save();
    if (owned || (deferring && irq_masked(flags))) {
        defer(s, len);
        irq_restore(flags);
        return;
    }
    if (irq_masked(flags)) { /* boot, or after a sync: draw at once */
        console_flush_now();
        draw(s, len);
        irq_restore(flags);
        return;
    }
    /* What IRQ handlers write meanwhile waits for the end of this call, so a call is never
     * split (kprintf's pieces of up to 128 bytes come out whole). */
    console_begin();
    console_draw(s, len);
    console_end();
    irq_restore(flags);
}

/* Takes the console (IRQs masked, not owned): what waits is drawn first, so output stays in
 * the order it was written. */
void console_begin(void)
{
    owned = 1;
    drain_owned(ring_used(&deferred), 0);
}

void console_draw(const char *s, size_t len)
{
    irq_enable();
    draw(s, len);
    irq_disable();
}

/* Gives it back (IRQs masked): what IRQ handlers wrote meanwhile is drawn now, as much as was
 * there (a few lines at most), the rest by the exit work. */
void console_end(void)
{
    drain_owned(ring_used(&deferred), 0);
    owned = 0;
}

void console_drain(void)
{
    if (owned || !ring_used(&deferred))
        return;
    owned = 1;
    drain_owned(ring_used(&deferred), 1);
    owned = 0;
}

/* kprintf_sync: from here on everything is drawn at once, IRQs as they are; what waits is drawn
 * first. For a panic and the power-off, which must be seen whatever state the console is in. */
static void console_flush_now(void)
{
    uint32_t flags = irq_save();
    deferring = 0;
    if (owned && mid_line) /* a line was being drawn when this came (a panic, exit=) */
        draw("\n", 1);
    owned = 0;
    char chunk[DRAW_CHUNK];
    uint32_t n;
    while ((n = ring_get(&deferred, (uint8_t *)chunk, sizeof chunk)))
        draw(chunk, n);
    irq_restore(flags);
}
