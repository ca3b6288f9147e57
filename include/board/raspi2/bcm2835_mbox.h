/* VideoCore mailbox 0, property channel 8 (the firmware's "property interface"). */
#ifndef BOARD_RASPI2_BCM2835_MBOX_H
#define BOARD_RASPI2_BCM2835_MBOX_H

#include <stdint.h>

#define MBOX_REQUEST 0x00000000u /* request code of a message and of each tag */
#define MBOX_TAG_END 0x00000000u

#define MBOX_TAG_GET_CLOCK_RATE 0x00030002u /* in: clock id; out: clock id, rate in Hz */
#define MBOX_TAG_SET_CLOCK_RATE 0x00038002u /* in: clock id, rate, skip turbo; out: id, rate */
#define MBOX_CLOCK_UART         2u

#define MBOX_TAG_ALLOCATE_BUFFER 0x00040001u /* in: alignment; out: bus address, size */
#define MBOX_TAG_GET_PITCH       0x00040008u /* out: bytes per line */
#define MBOX_TAG_SET_PHYS_WH     0x00048003u /* in/out: width, height of the display */
#define MBOX_TAG_SET_VIRT_WH     0x00048004u /* in/out: width, height of the buffer */
#define MBOX_TAG_SET_DEPTH       0x00048005u /* in/out: bits per pixel */
#define MBOX_TAG_SET_PIXEL_ORDER 0x00048006u /* in/out: 0 = BGR, 1 = RGB */
#define MBOX_TAG_SET_VIRT_OFFSET 0x00048009u /* in/out: x, y of the shown part of the buffer */
#define MBOX_TAG_GET_ARM_MEMORY  0x00010005u /* out: base, size in bytes of the ARM's RAM */
#define MBOX_PIXEL_ORDER_RGB     1u

/* The firmware hands out VideoCore bus addresses (RAM at 0x40000000 or 0xC0000000 with its
 * cache alias bits); clearing the top two bits gives the ARM physical address. */
static inline uintptr_t bcm2835_bus_to_phys(uint32_t bus_addr)
{
    return bus_addr & 0x3FFFFFFFu;
}

/* Sends one property tag with value_words of request data and waits (bounded) for the answer,
 * which overwrites value[] (up to value_words words). Returns 0, -EINVAL for a bad size,
 * -ETIMEDOUT when the firmware does not answer, -EFAULT when it rejects the tag. It fills one
 * shared buffer: call it at boot or with IRQs masked. */
int bcm2835_mbox_property(uint32_t tag, uint32_t *value, unsigned value_words);

/* Sends a whole property message, any number of tags, and waits (bounded) for the answer,
 * which the firmware writes over msg. msg is kernel memory of at most MBOX_BOUNCE_WORDS words
 * (it is copied to and from a cache-maintained buffer), laid out as the firmware expects: msg[0] =
 * total size in bytes, msg[1] (set to MBOX_REQUEST here), then per tag {tag, value buffer bytes,
 * MBOX_REQUEST, value words...}, then MBOX_TAG_END. Returns 0 when the message and every tag were
 * answered, -EINVAL for a malformed or oversized message, -ETIMEDOUT when the firmware does not
 * answer, -EFAULT when it rejects the message or leaves a tag unanswered. Any context: it masks
 * IRQs while it waits (bounded by MBOX_SPINS status reads per step and a limit on foreign answers),
 * so two callers never share the mailbox. */
#define MBOX_BOUNCE_WORDS 64u
int bcm2835_mbox_call(volatile uint32_t *msg);

#endif
