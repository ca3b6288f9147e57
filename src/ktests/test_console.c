/* test=console: text written with IRQs masked waits, and never cuts another writer's text.
 * The runner (scripts/run_tests.py, "console suite") checks the printed lines themselves:
 * each long line must come out whole, with the callbacks' lines after it, not inside it. */
#include "arch/arm/cpu.h"
#include "kernel/console/console.h"
#include "kernel/time/timer.h"
#include "ktests/ktest.h"
#include "lib/kprintf.h"

#define LINE_CHUNKS 6
#define TICK_US     200 /* a callback's line every 200 us: several wait while a long line is drawn */
#define CHUNK       64

static volatile int ticks;

/* A timer callback prints from IRQ context: its line must wait for the writer. */
static void tick(timer_id id, void *data)
{
    (void)id;
    (void)data;
    ticks++;
    kprintf("console-test tick %d\n", ticks);
}

/* The way sys_write draws: the console taken, 64-byte pieces drawn with IRQs on while a
 * periodic timer prints, then given back. */
static void write_is_never_cut_by_irq_output(void)
{
    static char chunk[CHUNK];
    for (int i = 0; i < CHUNK; i++)
        chunk[i] = 'X';
    ticks = 0;
    timer_id t = timer_register_periodic(TICK_US, tick, 0);
    KT_ASSERT(t != 0);
    irq_disable();
    console_begin();
    for (int k = 0; k < LINE_CHUNKS; k++)
        console_draw(chunk, CHUNK);
    console_draw("\n", 1);
    int during = ticks;
    console_end();
    irq_enable();
    KT_ASSERT_EQ(timer_remove(t), 0);
    KT_ASSERT(during > 0); /* the callbacks did run while the line was drawn */
}

/* A kprintf call with IRQs on is one piece: the callbacks' lines come before or after it. */
static void kprintf_line_is_never_cut_by_irq_output(void)
{
    ticks = 0;
    timer_id t = timer_register_periodic(TICK_US, tick, 0);
    KT_ASSERT(t != 0);
    kprintf("%s%s%s\n", "YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY",
            "YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY", "YYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY");
    int during = ticks;
    KT_ASSERT_EQ(timer_remove(t), 0);
    KT_ASSERT(during > 0);
}

KTEST_SUITE(ktest_console, 57, "console",
            {"write_is_never_cut_by_irq_output", write_is_never_cut_by_irq_output},
            {"kprintf_line_is_never_cut_by_irq_output", kprintf_line_is_never_cut_by_irq_output});
