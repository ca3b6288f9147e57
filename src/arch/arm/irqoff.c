/* The IRQ-off meter (include/arch/arm/irqoff.h). Every hook runs with IRQs masked, on the one
 * core, so the state needs no other protection. */
#include "arch/arm/irqoff.h"

#ifdef IRQOFF_METER
#include "arch/arm/gtimer.h"

static uint64_t opened_at; /* 0: no section open */
static uint32_t opened_pc;
static struct irqoff_figures fig;

void irqoff_begin(uint32_t pc)
{
    if (opened_at)
        return;
    opened_at = gtimer_count();
    opened_pc = pc;
}

void irqoff_end(uint32_t pc)
{
    if (!opened_at)
        return;
    uint64_t len = gtimer_count() - opened_at;
    opened_at = 0;
    fig.sections++;
    if (len > fig.max_ticks) {
        fig.max_ticks = len;
        fig.begin_pc = opened_pc;
        fig.end_pc = pc;
    }
}

void irqoff_forget(void)
{
    opened_at = 0;
}

void irqoff_get(struct irqoff_figures *out)
{
    *out = fig;
}

void irqoff_reset(void)
{
    fig = (struct irqoff_figures){0, 0, 0, 0};
}
#endif
