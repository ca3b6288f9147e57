/* The 72-entry interrupt table: one handler and one clearer per line (numbers in
 * board/raspi2/irq_numbers.h), dispatched from the IRQ vector. */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdint.h>

#include "board/raspi2/irq_numbers.h"

/* Both run in IRQ context with IRQs masked. The clearer silences the device (for example
 * acknowledges a timer match); the handler does the work. */
typedef void (*irq_fn_t)(unsigned irq, void *data);

/* Installs handler (required) and clearer (may be NULL when the handler itself silences the
 * device) for irq and enables the line. Returns 0, -EINVAL for irq >= IRQ_COUNT or a NULL
 * handler, -EBUSY when the line already has a handler. */
int irq_register(unsigned irq, irq_fn_t handler, irq_fn_t clearer, void *data);

/* Disables the line and frees its entry. Returns 0, -EINVAL (range) or -ENOENT (no handler). */
int irq_unregister(unsigned irq);

/* Masks (on = 0) or unmasks a registered line at the controller without giving it up: the
 * timer queue masks compare 1 while it is empty. Returns 0, -EINVAL or -ENOENT. */
int irq_set_enabled(unsigned irq, int on);

/* Called by irq_entry (vectors.S) with IRQs masked: reads the controller once and runs clearer
 * then handler for every pending line, lowest number first within each pending word. A line
 * still or again pending afterwards is taken by the next entry, right after the return. A
 * pending line without a handler is reported once and disabled. */
void irq_dispatch(void);

/* Resets the table and masks every line at the controller. */
void irq_init(void);

struct irq_stats {
    uint32_t entries;   /* IRQ exceptions taken */
    uint32_t unhandled; /* pending lines that had no handler (each then disabled) */
};
void irq_get_stats(struct irq_stats *out);
uint32_t irq_count(unsigned irq); /* times irq's handler ran; 0 for a bad number */

#endif
