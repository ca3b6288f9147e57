/* Decoding of the short-descriptor DFSR/IFSR fault status (ARM ARM B4.1.52, Table B3-23). */
#ifndef ARCH_ARM_FAULT_STATUS_H
#define ARCH_ARM_FAULT_STATUS_H

#include <stdint.h>

#define FSR_WNR (1u << 11) /* DFSR only: the faulting access was a write */

/* The 5-bit status field FS[4:0] = {FSR[10], FSR[3:0]}. */
static inline uint32_t fsr_status(uint32_t fsr)
{
    return ((fsr >> 6) & 0x10) | (fsr & 0xf);
}

/* Text for a status field, e.g. "alignment fault"; "unknown fault status" otherwise. */
const char *fsr_describe(uint32_t fsr);

#ifdef __arm__
/* The fault status and address registers (CP15 c5/c6) of the last data or prefetch abort.
 * unsigned, not uint32_t: on this target uint32_t is unsigned long, which %x does not take. */
#define FAULT_CP15_READ(crn, op2, crm)                                                             \
    ({                                                                                             \
        unsigned v_;                                                                               \
        __asm__ volatile("mrc p15, 0, %0, " #crn ", " #crm ", " #op2 : "=r"(v_));                  \
        v_;                                                                                        \
    })
static inline unsigned fault_read_dfsr(void)
{
    return FAULT_CP15_READ(c5, 0, c0);
}
static inline unsigned fault_read_ifsr(void)
{
    return FAULT_CP15_READ(c5, 1, c0);
}
static inline unsigned fault_read_dfar(void)
{
    return FAULT_CP15_READ(c6, 0, c0);
}
static inline unsigned fault_read_ifar(void)
{
    return FAULT_CP15_READ(c6, 2, c0);
}
#endif

#endif
