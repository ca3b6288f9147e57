/* The only way pinwheel touches device registers: 32-bit volatile loads and stores.
 * Host unit tests put tests/host/fake/ first on the include path to replace this file. */
#ifndef ARCH_ARM_MMIO_H
#define ARCH_ARM_MMIO_H

#include <stdint.h>

/* BCM2835 ARM Peripherals 1.3: the bus between the ARM and the peripherals can return reads
 * from two peripherals out of order, and the ARM architecture orders device accesses only
 * within one peripheral (ARM ARM A3.5.5), so a barrier must separate the accesses of one
 * peripheral from those of the next. A driver does not know who came before it (an IRQ handler
 * after the interrupt controller, the UART after the GPIO or the timer), so every access
 * starts with one: a few cycles against a peripheral access's hundred. QEMU orders everything
 * and cannot show the difference; tests/hw checks the compiled accessors. */
static inline uint32_t mmio_read(uintptr_t addr)
{
    __asm__ volatile("dmb" ::: "memory");
    return *(volatile uint32_t *)addr;
}

static inline void mmio_write(uintptr_t addr, uint32_t value)
{
    __asm__ volatile("dmb" ::: "memory");
    *(volatile uint32_t *)addr = value;
}

#endif
