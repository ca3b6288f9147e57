/* The serial chainloader's wire protocol and hand-over (docs/board.md, "The serial chainloader").
 * Shared by the loader (src/chainload/) and the kernel's banner; scripts/chainboot.py mirrors it.
 *
 *   loader -> host  "chainload: ready ..." line, every CHAINLOAD_ANNOUNCE_US while it waits
 *   host -> loader  "PWCL", size (u32 LE), size bytes of kernel7.img, CRC-32 of them (u32 LE)
 *   loader -> host  "chainload: receiving N bytes" or "chainload: refused ...", then
 *                   "chainload: checksum ok ..." or "chainload: bad checksum ..." or
 *                   "chainload: timeout ..." (each of the last three ends the frame)
 */
#ifndef CHAINLOAD_PROTOCOL_H
#define CHAINLOAD_PROTOCOL_H

/* The frame's first four bytes, 'P' 'W' 'C' 'L'; anything before them is skipped. */
#define CHAINLOAD_FRAME_MAGIC 0x4C435750u

/* Where the kernel goes and is entered: where the firmware puts kernel7.img. */
#define CHAINLOAD_KERNEL_ADDR 0x8000u

/* r3 at the kernel's entry when the chainloader started it: 'PWCB' as a word. The Pi 2
 * firmware's stub enters the kernel with `bx r3`, so there r3 is always the entry address, which
 * is in RAM; this value is above RAM (0x3C000000 at most), so no firmware boot can produce it.
 * QEMU's loaders leave r3 = 0. */
#define CHAINLOAD_KERNEL_MARKER 0x50574342u

/* How often the loader says it is ready while no frame is coming in. */
#define CHAINLOAD_ANNOUNCE_US 1000000u

/* Inside a frame, a gap longer than this between two bytes ends it with a timeout. Before a
 * frame's first byte the loader waits for ever (it announces itself instead). */
#define CHAINLOAD_BYTE_TIMEOUT_US 2000000u

#endif
