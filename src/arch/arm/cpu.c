/* Small CPU helpers that need no inline assembly. */
#include "arch/arm/cpu.h"

const char *cpu_mode_name(uint32_t mode)
{
    switch (mode & CPSR_MODE_MASK) {
    case CPSR_MODE_USR: return "USR";
    case CPSR_MODE_FIQ: return "FIQ";
    case CPSR_MODE_IRQ: return "IRQ";
    case CPSR_MODE_SVC: return "SVC";
    case CPSR_MODE_MON: return "MON";
    case CPSR_MODE_ABT: return "ABT";
    case CPSR_MODE_HYP: return "HYP";
    case CPSR_MODE_UND: return "UND";
    case CPSR_MODE_SYS: return "SYS";
    default: return "???";
    }
}
