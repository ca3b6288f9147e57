/* The MMU, TLB and cache operations (CP15; ARM ARM B4 and the Cortex-A7 TRM, chapter 4).
 * Table walks are made cacheable (TTBR0 IRGN/RGN) and the Cortex-A7's walks are coherent with
 * its data cache (ID_MMFR3), so a table update needs a dsb before use, not a cache clean. */
#include "arch/arm/mmu.h"

#include "arch/arm/cpu.h"

#define TTBR_WALK_WB (1u << 6 | 1u << 3 | 1u << 1) /* IRGN = RGN = write-back WA, shareable */
#define DACR_CLIENT0 0x1u /* domain 0: check the descriptors' permissions; others: no access */

#define MCR(op1, crn, crm, op2, v)                                                                 \
    asm volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 ::"r"(v) : "memory")
#define MRC(op1, crn, crm, op2, v)                                                                 \
    asm volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm ", " #op2 : "=r"(v))
#define DSB() asm volatile("dsb" ::: "memory")
#define ISB() asm volatile("isb" ::: "memory")

uint32_t mmu_read_sctlr(void)
{
    uint32_t v;
    MRC(0, c1, c0, 0, v);
    return v;
}

void mmu_enable(const uint32_t *l1)
{
    /* The Cortex-A7 invalidates its caches and TLBs at reset, and everything before us ran
     * with the MMU off, where data accesses are not cached: the data cache holds nothing.
     * TLBs, instruction cache and branch predictor are dropped here all the same. */
    uint32_t actlr, smp = cpu_actlr_coherency_bits(cpu_read_midr());
    MRC(0, c1, c0, 1, actlr);
    if ((actlr & smp) != smp) {
        /* Coherent requests on: the A7 TRM asks for ACTLR.SMP before the caches and the MMU
         * are enabled and before any cache or TLB maintenance. The write is ignored where the
         * secure firmware keeps ACTLR to itself (it sets the bit then: NSACR.NS_SMP). A
         * Cortex-A53 (Pi 2 v1.2) gets no write: its bit is CPUECTLR.SMPEN, set by the firmware. */
        MCR(0, c1, c0, 1, actlr | smp);
        ISB();
    }
    MCR(0, c8, c7, 0, 0); /* TLBIALL */
    MCR(0, c7, c5, 0, 0); /* ICIALLU */
    MCR(0, c7, c5, 6, 0); /* BPIALL */
    MCR(0, c3, c0, 0, DACR_CLIENT0);
    MCR(0, c2, c0, 2, 0u);  /* TTBCR: N = 0, TTBR0 translates every address */
    MCR(0, c13, c0, 1, 0u); /* CONTEXTIDR: ASID 0, which no process uses */
    MCR(0, c2, c0, 0, (uint32_t)(uintptr_t)l1 | TTBR_WALK_WB);
    DSB();
    ISB();
    /* TRE = AFE = 0: the descriptors' TEX/C/B and AP mean what mmu_desc.c says; A = 0. */
    uint32_t sctlr = mmu_read_sctlr() & ~(SCTLR_A | SCTLR_TRE | SCTLR_AFE);
    MCR(0, c1, c0, 0, sctlr | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_Z);
    ISB();
}

void mmu_switch(const uint32_t *l1, uint32_t asid)
{
    /* ARM ARM B3.10.4: through the reserved ASID 0, so no walk of the new table is ever
     * tagged with the old ASID, nor the old table's with the new one. */
    MCR(0, c13, c0, 1, 0u);
    ISB();
    MCR(0, c2, c0, 0, (uint32_t)(uintptr_t)l1 | TTBR_WALK_WB);
    ISB();
    MCR(0, c13, c0, 1, asid);
    MCR(0, c7, c5, 6, 0); /* BPIALL: predictions made for the old address space */
    ISB();
}

void mmu_tlb_flush_asid(uint32_t asid)
{
    DSB();                   /* table updates before the invalidation */
    MCR(0, c8, c7, 2, asid); /* TLBIASID */
    MCR(0, c7, c5, 6, 0);    /* BPIALL */
    DSB();
    ISB();
}

/* The data cache's line size in bytes (CTR.DminLine). */
static uint32_t dcache_line_size(void)
{
    uint32_t ctr;
    MRC(0, c0, c0, 1, ctr);
    return 4u << ((ctr >> 16) & 0xF); /* DminLine: log2 of the words in the smallest line */
}

void dcache_clean_invalidate(const volatile void *addr, uint32_t len)
{
    uint32_t line = dcache_line_size();
    uintptr_t a = (uintptr_t)addr & ~(uintptr_t)(line - 1);
    DSB();
    for (; a < (uintptr_t)addr + len; a += line)
        MCR(0, c7, c14, 1, a); /* DCCIMVAC: to the point of coherency */
    DSB();
}

void dcache_invalidate(const volatile void *addr, uint32_t len)
{
    uint32_t line = dcache_line_size();
    uintptr_t a = (uintptr_t)addr & ~(uintptr_t)(line - 1);
    DSB(); /* the device read that said the data is there completes first (the mailbox's) */
    for (; a < (uintptr_t)addr + len; a += line)
        MCR(0, c7, c6, 1, a); /* DCIMVAC */
    DSB();
}
