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

#endif
