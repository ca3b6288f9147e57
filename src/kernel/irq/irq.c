/* Interrupt table and dispatcher: the C hop between irq_entry (vectors.S) and device handlers. */
#include "kernel/irq/irq.h"

#include "arch/arm/cpu.h"
#include "kernel/irq/intc.h"
#include "lib/errno.h"
#include "lib/kprintf.h"

struct irq_line {
    irq_fn_t handler; /* NULL: free */
    irq_fn_t clearer;
    void *data;
    uint32_t count;
};

/* Written with IRQs masked (register/unregister run in critical sections, dispatch in IRQ). */
static struct irq_line irq_table[IRQ_COUNT];
static struct irq_stats stats;

void irq_init(void)
{
    for (unsigned i = 0; i < IRQ_COUNT; i++)
        irq_table[i] = (struct irq_line){0};
    stats = (struct irq_stats){0};
    intc_init();
}

int irq_register(unsigned irq, irq_fn_t handler, irq_fn_t clearer, void *data)
{
    if (irq >= IRQ_COUNT || !handler)
        return -EINVAL;
    uint32_t flags = irq_save();
    int err = 0;
    if (irq_table[irq].handler) {
        err = -EBUSY;
    } else {
        irq_table[irq] = (struct irq_line){handler, clearer, data, 0};
        intc_enable(irq);
    }
    irq_restore(flags);
    return err;
}

int irq_unregister(unsigned irq)
{
    if (irq >= IRQ_COUNT)
        return -EINVAL;
    uint32_t flags = irq_save();
    int err = 0;
    if (!irq_table[irq].handler) {
        err = -ENOENT;
    } else {
        intc_disable(irq);
        irq_table[irq] = (struct irq_line){0};
    }
    irq_restore(flags);
    return err;
}

int irq_set_enabled(unsigned irq, int on)
{
    if (irq >= IRQ_COUNT)
        return -EINVAL;
    uint32_t flags = irq_save();
    int err = 0;
    if (!irq_table[irq].handler)
        err = -ENOENT;
    else if (on && !intc_is_enabled(irq))
        intc_enable(irq);
    else if (!on && intc_is_enabled(irq))
        intc_disable(irq);
    irq_restore(flags);
    return err;
}

static void irq_run(unsigned irq)
{
    struct irq_line *line = &irq_table[irq];
    if (!line->handler) {
        /* Enabled at the controller but nobody owns it: it would fire forever. */
        intc_disable(irq);
        stats.unhandled++;
        kprintf("irq: IRQ %u pending with no handler: line disabled\n", irq);
        return;
    }
    if (line->clearer)
        line->clearer(irq, line->data);
    line->count++;
    line->handler(irq, line->data);
}

/* One read of the controller per entry. A line that is pending again after its handler (or
 * still, when its clearer did not silence the device) is taken again as soon as this entry
 * returns: reading again here would cost every interrupt a second read to save a rare
 * exception round trip, and a stuck line could not keep the dispatcher from returning. */
void irq_dispatch(void)
{
    irqoff_begin(irqoff_pc()); /* the IRQ-off meter, when built in (arch/arm/irqoff.h) */
    uint32_t pending[INTC_WORDS];
    stats.entries++;
    if (!intc_pending(pending))
        return;
    for (unsigned w = 0; w < INTC_WORDS; w++) {
        for (uint32_t bits = pending[w]; bits; bits &= bits - 1)
            irq_run(w * 32 + (unsigned)__builtin_ctz(bits));
    }
}

void irq_get_stats(struct irq_stats *out)
{
    uint32_t flags = irq_save();
    *out = stats;
    irq_restore(flags);
}

uint32_t irq_count(unsigned irq)
{
    return irq < IRQ_COUNT ? irq_table[irq].count : 0;
}
