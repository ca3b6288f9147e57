/* ARM generic timer, virtual count (ARM ARM B8): used for measurements only, from the kernel and
 * (the kernel sets CNTKCTL.PL0VCTEN) from user mode. pinwheel's clock is the system timer. In
 * QEMU the count runs at 62.5 MHz on the same virtual clock as the system timer; on the board at
 * 19.2 MHz: always read cntfrq, never assume it. */
#ifndef ARCH_ARM_GTIMER_H
#define ARCH_ARM_GTIMER_H

#include <stdint.h>

static inline uint64_t gtimer_count(void)
{
    uint32_t lo, hi;
    __asm__ volatile("isb\n\tmrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline uint32_t gtimer_freq(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(v));
    return v;
}

#endif
