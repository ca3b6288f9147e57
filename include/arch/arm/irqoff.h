/* The IRQ-off meter: the longest stretch of time with IRQs masked, measured with the generic
 * timer. Compiled in only with -DIRQOFF_METER (`make METER=1`, which `make bench` builds into
 * build/meter/): the hooks sit on the interrupt and system-call paths, which the default
 * build keeps free of them. A section opens where IRQs become masked (irq_save, irq_disable,
 * and the kernel's exception entries: irq_dispatch, syscall_dispatch, user_fault) and closes
 * where they come back on (irq_restore, irq_enable, the return to a process or out of an IRQ
 * taken in the kernel); a wfi with IRQs masked closes it too, since a pending IRQ ends the
 * wait at once. Each hook is given the pc it is called from, so the longest section can be
 * named. The few instructions between an exception vector and its dispatcher are not
 * counted. */
#ifndef ARCH_ARM_IRQOFF_H
#define ARCH_ARM_IRQOFF_H

#include <stdint.h>

struct irqoff_figures {
    uint64_t max_ticks;        /* the longest section, in generic-timer ticks */
    uint32_t begin_pc, end_pc; /* where it opened and closed */
    uint32_t sections;         /* sections closed */
};

#if defined(IRQOFF_METER) && !defined(HOST_TEST)
static inline uint32_t irqoff_pc(void)
{
    uint32_t pc;
    __asm__ volatile("mov %0, pc" : "=r"(pc));
    return pc;
}
void irqoff_begin(uint32_t pc); /* opens a section unless one is open */
void irqoff_end(uint32_t pc);   /* closes the open section, if any */
void irqoff_forget(void);       /* drops the open section: a benchmark's own masked timing loop */
void irqoff_get(struct irqoff_figures *out);
void irqoff_reset(void);
#define IRQOFF_BUILT 1
#else
static inline uint32_t irqoff_pc(void)
{
    return 0;
}
static inline void irqoff_begin(uint32_t pc)
{
    (void)pc;
}
static inline void irqoff_end(uint32_t pc)
{
    (void)pc;
}
static inline void irqoff_forget(void) {}
static inline void irqoff_get(struct irqoff_figures *out)
{
    *out = (struct irqoff_figures){0, 0, 0, 0};
}
static inline void irqoff_reset(void) {}
#define IRQOFF_BUILT 0
#endif

#endif
