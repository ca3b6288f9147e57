/* Names for DFSR/IFSR fault status codes, short-descriptor format (ARM ARM Table B3-23). */
#include "arch/arm/fault_status.h"

const char *fsr_describe(uint32_t fsr)
{
    switch (fsr_status(fsr)) {
    case 0x01: return "alignment fault";
    case 0x02: return "debug event";
    case 0x03: return "access flag fault (section)";
    case 0x04: return "fault on instruction cache maintenance";
    case 0x05: return "translation fault (section)";
    case 0x06: return "access flag fault (page)";
    case 0x07: return "translation fault (page)";
    case 0x08: return "synchronous external abort";
    case 0x09: return "domain fault (section)";
    case 0x0b: return "domain fault (page)";
    case 0x0c: return "external abort on table walk (level 1)";
    case 0x0d: return "permission fault (section)";
    case 0x0e: return "external abort on table walk (level 2)";
    case 0x0f: return "permission fault (page)";
    case 0x10: return "TLB conflict abort";
    case 0x16: return "asynchronous external abort";
    case 0x18: return "asynchronous parity error";
    case 0x19: return "synchronous parity error";
    case 0x1c: return "parity error on table walk (level 1)";
    case 0x1e: return "parity error on table walk (level 2)";
    default: return "unknown fault status";
    }
}
