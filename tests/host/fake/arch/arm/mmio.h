/* Host stand-in for include/arch/arm/mmio.h: driver code compiled for the host reads and writes a
 * fake register file (tests/host/fake/fake_mmio.c) that each test programs. */
#ifndef FAKE_MMIO_H
#define FAKE_MMIO_H

#include <stdint.h>

uint32_t mmio_read(uintptr_t addr);
void mmio_write(uintptr_t addr, uint32_t value);

/* Device models: a test installs read/write hooks for an address range. A hook returning 0
 * lets the plain register file handle the access. */
typedef int (*fake_mmio_read_hook)(uintptr_t addr, uint32_t *value);
typedef int (*fake_mmio_write_hook)(uintptr_t addr, uint32_t value);
void fake_mmio_reset(void);
void fake_mmio_set(uintptr_t addr, uint32_t value); /* plain register value */
uint32_t fake_mmio_get(uintptr_t addr);
void fake_mmio_hooks(fake_mmio_read_hook r, fake_mmio_write_hook w);
unsigned fake_mmio_reads(uintptr_t addr); /* how often addr was read */

#endif
