/* CRC-32 a bit at a time: no table, and still far faster than 115200 baud brings bytes. */
#include "chainload/crc32.h"

uint32_t crc32_update(uint32_t crc, uint8_t byte)
{
    crc ^= byte;
    for (int bit = 0; bit < 8; bit++)
        crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1u));
    return crc;
}
