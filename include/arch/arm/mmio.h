/* The only way pinwheel touches device registers: 32-bit volatile loads and stores.
 * Host unit tests put tests/host/fake/ first on the include path to replace this file. */
#ifndef ARCH_ARM_MMIO_H
#define ARCH_ARM_MMIO_H

#include <stdint.h>

static inline uint32_t mmio_read(uintptr_t addr)
{
    return *(volatile uint32_t *)addr;
}

static inline void mmio_write(uintptr_t addr, uint32_t value)
{
    *(volatile uint32_t *)addr = value;
}

#endif
