/* The board revision code the firmware passes (bcm2709.boardrev=0x... on the command line), as
 * the Raspberry Pi documentation lays out its new-style fields. Pure, host-tested. */
#ifndef KERNEL_BOOT_BOARDREV_H
#define KERNEL_BOOT_BOARDREV_H

#include <stddef.h>
#include <stdint.h>

/* Writes a one-line description of rev into buf (at most size bytes, NUL-terminated), e.g.
 * "Raspberry Pi 2 Model B v1.1, BCM2836, 1 GB, Embest". Returns 1 for a Pi 2, 0 for another
 * board or an old-style code (described as well as it can be). */
int boardrev_describe(uint32_t rev, char *buf, size_t size);

#endif
