/* The interrupt controller the IRQ table drives, declared by the kernel and implemented by the
 * board: numbered lines (0 .. IRQ_COUNT - 1) that can be enabled, disabled and read as pending,
 * INTC_WORDS words of 32 lines each. Bound at compile time: the board's header, included at the
 * end, defines these as static inline functions, so irq_dispatch calls the driver directly. */
#ifndef KERNEL_IRQ_INTC_H
#define KERNEL_IRQ_INTC_H

#include <stdint.h>

/* Disables every line, so that only lines the kernel enables can interrupt. Boot. */
static inline void intc_init(void);

/* Enable, disable, and whether enabled: irq < IRQ_COUNT (checked by the caller), IRQs masked. */
static inline void intc_enable(unsigned irq);
static inline void intc_disable(unsigned irq);
static inline int intc_is_enabled(unsigned irq);

/* Fills pending[] with the enabled lines that are pending, line n at bit n % 32 of word n / 32.
 * Returns non-zero when anything is pending. IRQ context. */
static inline int intc_pending(uint32_t *pending);

/* The one board pinwheel runs on; a second board would choose its own header here. */
#include "board/raspi2/intc.h"

#endif
