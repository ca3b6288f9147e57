/* A write-back data cache in front of RAM, for host tests of code that shares memory with the
 * GPU (tests/host/fake/fake_dcache.c). The test's own memory plays the CPU's view (every line
 * it touches is in the cache); a shadow copy per 64-byte line plays RAM, which is what the GPU
 * reads and writes. Only dcache_clean_invalidate() moves the CPU's bytes to RAM and only
 * dcache_invalidate() moves RAM's bytes to the CPU, as on the board (QEMU has no cache). */
#ifndef FAKE_DCACHE_H
#define FAKE_DCACHE_H

#include <stdint.h>

#define FAKE_DCACHE_LINE    64u   /* the Cortex-A7's (and A53's) data-cache line */
#define FAKE_DCACHE_UNKNOWN 0xEEu /* what RAM holds where the CPU never cleaned a line */

/* Forgets every line: RAM holds FAKE_DCACHE_UNKNOWN everywhere. */
void fake_dcache_reset(void);

/* The GPU's side. Lines are found by the low 30 bits of their address, the part a 32-bit bus
 * address carries (host pointers are 64-bit): the host address of the line whose bits 29-6
 * match addr30, or 0 when the CPU never cleaned such a line. */
uintptr_t fake_dcache_find(uint32_t addr30);
void fake_dcache_ram_read(uintptr_t addr, void *buf, uint32_t len);
void fake_dcache_ram_write(uintptr_t addr, const void *buf, uint32_t len);

/* How many clean and invalidate operations ran. An invalidate of a range that shares a line
 * with other data drops their bytes too, as the hardware would. */
unsigned fake_dcache_cleans(void);
unsigned fake_dcache_invalidates(void);

#endif
