/* Peripheral clock rates through the mailbox property interface (Raspberry Pi firmware wiki,
 * "Mailbox property interface", clock tags 0x00030002 get and 0x00038002 set). The answer is
 * what matters: a divisor computed from the rate asked for is wrong on firmware that kept
 * another one. */
#include "board/raspi2/bcm2835_clock.h"

#include "board/raspi2/bcm2835_mbox.h"
#include "lib/errno.h"

int bcm2835_clock_set_rate(uint32_t clock_id, uint32_t hz, uint32_t *actual_hz)
{
    uint32_t set[3] = {clock_id, hz, 0}; /* 0: leave the turbo setting alone */
    int err = bcm2835_mbox_property(MBOX_TAG_SET_CLOCK_RATE, set, 3);
    if (!err && set[0] == clock_id && set[1] != 0) {
        *actual_hz = set[1];
        return 0;
    }
    if (!err)
        err = -ERANGE; /* answered, but not for this clock or with no rate */
    uint32_t get[2] = {clock_id, 0};
    if (bcm2835_mbox_property(MBOX_TAG_GET_CLOCK_RATE, get, 2) == 0 && get[0] == clock_id &&
        get[1] != 0)
        *actual_hz = get[1];
    return err;
}
