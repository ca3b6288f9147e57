/* CRC-32 (IEEE 802.3, reflected, as zlib.crc32 computes it): the chainloader's checksum. Pure. */
#ifndef CHAINLOAD_CRC32_H
#define CHAINLOAD_CRC32_H

#include <stdint.h>

#define CRC32_INIT 0xFFFFFFFFu

/* Feeds one byte to a running CRC that started at CRC32_INIT. */
uint32_t crc32_update(uint32_t crc, uint8_t byte);

/* The finished checksum of a running CRC. */
static inline uint32_t crc32_final(uint32_t crc)
{
    return crc ^ 0xFFFFFFFFu;
}

#endif
