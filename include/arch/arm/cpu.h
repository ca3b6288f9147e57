/* ARMv7-A (Cortex-A7) helpers: processor modes, CPSR bits, IRQ masking. ARM ARM B1.3. */
#ifndef ARCH_ARM_CPU_H
#define ARCH_ARM_CPU_H

#define CPSR_MODE_MASK 0x1f
#define CPSR_MODE_USR  0x10
#define CPSR_MODE_FIQ  0x11
#define CPSR_MODE_IRQ  0x12
#define CPSR_MODE_SVC  0x13
#define CPSR_MODE_MON  0x16
#define CPSR_MODE_ABT  0x17
#define CPSR_MODE_HYP  0x1a
#define CPSR_MODE_UND  0x1b
#define CPSR_MODE_SYS  0x1f
#define CPSR_F         (1u << 6)
#define CPSR_I         (1u << 7)
#define CPSR_A         (1u << 8)

#ifndef __ASSEMBLER__
#include <stdint.h>

#include "arch/arm/irqoff.h"

/* boot.S: masks everything and sleeps in wfi for good. */
void halt(void) __attribute__((noreturn));

/* Name of a CPSR mode field ("SVC", "HYP", ...), or "???" for a reserved encoding. */
const char *cpu_mode_name(uint32_t mode);

/* MIDR (ARM ARM B4.1.105): implementer in bits 31-24, primary part number in bits 15-4. A Pi 2
 * v1.0/v1.1 has Cortex-A7 cores; a Pi 2 v1.2 (BCM2837) Cortex-A53 cores in AArch32. */
#define MIDR_IMPLEMENTER_ARM 0x41u
#define MIDR_PART_CORTEX_A7  0xC07u
#define MIDR_PART_CORTEX_A53 0xD03u
#define ACTLR_A7_SMP         (1u << 6) /* Cortex-A7 TRM 4.3.31: take part in coherency */

/* The ACTLR bits this core needs set before its caches and MMU go on: ACTLR.SMP on a
 * Cortex-A7; 0 on anything else. On the A53 the coherency bit is CPUECTLR.SMPEN (set by the
 * firmware's stub) and ACTLR bit 6 means something else: it must not be written there. */
uint32_t cpu_actlr_coherency_bits(uint32_t midr);

/* "Cortex-A7", "Cortex-A53", or "unknown core" for a MIDR. */
const char *cpu_core_name(uint32_t midr);

#ifdef __arm__
static inline uint32_t cpu_read_midr(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c0, c0, 0" : "=r"(v));
    return v;
}

static inline uint32_t cpu_read_cpsr(void)
{
    uint32_t v;
    __asm__ volatile("mrs %0, cpsr" : "=r"(v));
    return v;
}

/* Mask IRQs and return the previous CPSR for irq_restore(): the house's only critical section. */
static inline uint32_t irq_save(void)
{
    uint32_t v = cpu_read_cpsr();
    __asm__ volatile("cpsid i" ::: "memory");
    irqoff_begin(irqoff_pc());
    return v;
}

static inline void irq_restore(uint32_t cpsr)
{
    if (!(cpsr & CPSR_I))
        irqoff_end(irqoff_pc());
    __asm__ volatile("msr cpsr_c, %0" ::"r"(cpsr) : "memory", "cc");
}

/* Whether the CPSR irq_save() returned had IRQs masked. */
static inline int irq_masked(uint32_t cpsr)
{
    return (cpsr & CPSR_I) != 0;
}

static inline void irq_enable(void)
{
    irqoff_end(irqoff_pc());
    __asm__ volatile("cpsie i" ::: "memory");
}
static inline void irq_disable(void)
{
    __asm__ volatile("cpsid i" ::: "memory");
    irqoff_begin(irqoff_pc());
}
/* With IRQs masked, a pending IRQ ends the wait and is taken at the next irq_enable: the wait
 * is not time with IRQs held off (the meter stops for it). */
static inline void cpu_wfi(void)
{
    int masked = IRQOFF_BUILT && irq_masked(cpu_read_cpsr());
    if (masked)
        irqoff_end(irqoff_pc());
    __asm__ volatile("dsb\n\twfi" ::: "memory");
    if (masked)
        irqoff_begin(irqoff_pc());
}
static inline void cpu_dsb(void)
{
    __asm__ volatile("dsb" ::: "memory");
}

/* Denies CP10/CP11 (VFP, NEON) to every mode in CPACR: the kernel and processes are built
 * soft-float and their VFP registers are not saved, so any VFP instruction must trap as an
 * undefined instruction instead of silently sharing state. Firmware may have left it on. */
static inline void cpu_disable_vfp(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c1, c0, 2" : "=r"(v));
    v &= ~(0xfu << 20);
    __asm__ volatile("mcr p15, 0, %0, c1, c0, 2\n\tisb" ::"r"(v));
}

/* Lets user mode read the virtual count (CNTKCTL.PL0VCTEN): for fine-grained measurements. */
static inline void cpu_allow_user_cntvct(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c14, c1, 0" : "=r"(v));
    v |= 1u << 1;
    __asm__ volatile("mcr p15, 0, %0, c14, c1, 0" ::"r"(v));
}

/* TPIDRURW, the thread register user mode may read and write (ARM ARM B4.1.150): each process
 * has its own, saved and restored on every switch. */
static inline uint32_t cpu_read_tpidrurw(void)
{
    uint32_t v;
    __asm__ volatile("mrc p15, 0, %0, c13, c0, 2" : "=r"(v));
    return v;
}
static inline void cpu_write_tpidrurw(uint32_t v)
{
    __asm__ volatile("mcr p15, 0, %0, c13, c0, 2" ::"r"(v));
}

/* Clears the local exclusive monitor: a strex after a switch must not pair with another
 * process's ldrex (ARM ARM A3.4.4, "context switch"). */
static inline void cpu_clrex(void)
{
    __asm__ volatile("clrex" ::: "memory");
}

#else
/* Host unit tests: one CPU, no interrupts. */
static inline uint32_t cpu_read_tpidrurw(void)
{
    return 0;
}
static inline void cpu_write_tpidrurw(uint32_t v)
{
    (void)v;
}
static inline void cpu_clrex(void) {}
static inline uint32_t irq_save(void)
{
    return 0;
}
static inline void irq_restore(uint32_t cpsr)
{
    (void)cpsr;
}
static inline int irq_masked(uint32_t cpsr)
{
    return (cpsr & CPSR_I) != 0;
}
static inline void cpu_dsb(void) {}
#endif

#endif /* __ASSEMBLER__ */
#endif
