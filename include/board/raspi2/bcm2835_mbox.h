/* VideoCore mailbox 0, property channel 8 (the firmware's "property interface"). */
#ifndef BOARD_RASPI2_BCM2835_MBOX_H
#define BOARD_RASPI2_BCM2835_MBOX_H

#include <stdint.h>

#define MBOX_TAG_SET_CLOCK_RATE 0x00038002u
#define MBOX_CLOCK_UART         2u

/* Sends one property tag with value_words of request data and waits (bounded) for the answer,
 * which overwrites value[] (up to value_words words). Returns 0, -EINVAL for a bad size,
 * -ETIMEDOUT when the firmware does not answer, -EFAULT when it rejects the tag. */
int bcm2835_mbox_property(uint32_t tag, uint32_t *value, unsigned value_words);

#endif
