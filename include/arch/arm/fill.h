/* Filling and copying memory 32 bytes at a time with ldm/stm of eight registers: the screen
 * console's clears (a scroll clears two lines of pixels, 84 KiB; the boot clears a whole
 * screen, 1.2 MiB) and a new process's pages (its data copied, its stack zeroed). */
#ifndef ARCH_ARM_FILL_H
#define ARCH_ARM_FILL_H

#include <stdint.h>

/* Writes value to the blocks * 8 words from p (p word-aligned; blocks may be 0). Plain
 * stores: for memory, not for device registers. */
void arm_fill_blocks(uint32_t *p, uint32_t blocks, uint32_t value);

/* Copies blocks * 8 words from src to dst (both word-aligned, not overlapping). Plain loads
 * and stores, for memory: a process's new pages and translation tables. */
void arm_copy_blocks(uint32_t *dst, const uint32_t *src, uint32_t blocks);

#endif
