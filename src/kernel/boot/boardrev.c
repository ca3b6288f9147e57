/* Board revision codes (include/kernel/boot/boardrev.h): new-style codes have bit 23 set, and
 * bits 0-3 revision, 4-11 model, 12-15 SoC, 16-19 maker, 20-22 RAM. */
#include "kernel/boot/boardrev.h"

#include "lib/kprintf.h"

#define REV_NEW_STYLE (1u << 23)
#define MODEL_PI2B    0x04u

static const char *const socs[] = {"BCM2835", "BCM2836", "BCM2837", "BCM2711"};
static const char *const makers[] = {"Sony UK",    "Egoman", "Embest",
                                     "Sony Japan", "Embest", "Stadium"};
static const char *const rams[] = {"256 MB", "512 MB", "1 GB", "2 GB", "4 GB", "8 GB"};

static const char *field(const char *const *names, unsigned n, unsigned i)
{
    return i < n ? names[i] : "?";
}

int boardrev_describe(uint32_t rev, char *buf, size_t size)
{
    if (!(rev & REV_NEW_STYLE)) {
        ksnprintf(buf, size, "an old-style revision code (%x): not a Pi 2", (unsigned)rev);
        return 0;
    }
    unsigned model = (rev >> 4) & 0xff, soc = (rev >> 12) & 0xf, maker = (rev >> 16) & 0xf;
    unsigned ram = (rev >> 20) & 0x7;
    const char *s = field(socs, sizeof socs / sizeof socs[0], soc);
    const char *m = field(makers, sizeof makers / sizeof makers[0], maker);
    const char *r = field(rams, sizeof rams / sizeof rams[0], ram);
    if (model != MODEL_PI2B) {
        ksnprintf(buf, size, "model %02x (not a Pi 2), %s, %s, %s", model, s, r, m);
        return 0;
    }
    ksnprintf(buf, size, "Raspberry Pi 2 Model B v1.%u, %s, %s, %s", (unsigned)(rev & 0xf), s, r,
              m);
    return 1;
}
