/* Small CPU helpers that need no inline assembly (host-tested: tests/host/test_cpu.c). */
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

static uint32_t midr_arm_part(uint32_t midr)
{
    if (midr >> 24 != MIDR_IMPLEMENTER_ARM)
        return 0;
    return (midr >> 4) & 0xFFFu;
}

uint32_t cpu_actlr_coherency_bits(uint32_t midr)
{
    return midr_arm_part(midr) == MIDR_PART_CORTEX_A7 ? ACTLR_A7_SMP : 0;
}

const char *cpu_core_name(uint32_t midr)
{
    switch (midr_arm_part(midr)) {
    case MIDR_PART_CORTEX_A7: return "Cortex-A7";
    case MIDR_PART_CORTEX_A53: return "Cortex-A53";
    default: return "unknown core";
    }
}
