/* ARMv7-A short-descriptor translation tables (ARM ARM B3.5) and the CP15 operations that use
 * them: the MMU, TLBs, ASIDs and the caches. The descriptor builders are pure (mmu_desc.c,
 * host-tested bit by bit); the rest (mmu.c) runs only on the CPU. */
#ifndef ARCH_ARM_MMU_H
#define ARCH_ARM_MMU_H

#include <stdint.h>

#define MMU_L1_ENTRIES   4096u /* one per MiB: a 16 KiB table, 16 KiB aligned */
#define MMU_L2_ENTRIES   256u  /* one per 4 KiB page: a 1 KiB table, 1 KiB aligned */
#define MMU_SECTION_SIZE (1u << 20)
#define MMU_PAGE_SIZE    4096u
#define MMU_L1_ALIGN     16384u
#define MMU_L2_SIZE      1024u

/* Descriptor fields. First level: a 1 MiB section or a pointer to a second-level table. */
#define L1_TYPE_TABLE     0x1u
#define L1_TYPE_SECTION   0x2u
#define L1_SECT_B         (1u << 2)
#define L1_SECT_C         (1u << 3)
#define L1_SECT_XN        (1u << 4)
#define L1_SECT_AP0       (1u << 10) /* AP[1:0] at 11:10 */
#define L1_SECT_TEX_SHIFT 12
#define L1_SECT_AP2       (1u << 15)
#define L1_SECT_S         (1u << 16)
#define L1_SECT_NG        (1u << 17)
/* Second level: a 4 KiB small page. */
#define L2_TYPE_SMALL      0x2u
#define L2_SMALL_XN        (1u << 0)
#define L2_SMALL_B         (1u << 2)
#define L2_SMALL_C         (1u << 3)
#define L2_SMALL_AP0       (1u << 4) /* AP[1:0] at 5:4 */
#define L2_SMALL_TEX_SHIFT 6
#define L2_SMALL_AP2       (1u << 9)
#define L2_SMALL_S         (1u << 10)
#define L2_SMALL_NG        (1u << 11)

/* What memory a mapping is (TEX, C, B with SCTLR.TRE = 0: ARM ARM Table B3-10). */
enum mmu_mem {
    MMU_MEM_NORMAL,   /* RAM: normal, write-back write-allocate, shareable */
    MMU_MEM_UNCACHED, /* memory the GPU reads (the framebuffer): normal, not cached */
    MMU_MEM_DEVICE,   /* peripheral registers: shareable device, never cached or merged */
};

/* Who may do what through a mapping (AP[2:0] with SCTLR.AFE = 0, and XN). */
#define MMU_USER   (1u << 0) /* user mode may access it too (else the kernel only) */
#define MMU_WRITE  (1u << 1) /* writable (else read-only, for the kernel as well) */
#define MMU_EXEC   (1u << 2) /* instructions may be fetched from it (else XN) */
#define MMU_GLOBAL (1u << 3) /* the same in every address space (else nG: tagged by ASID) */

/* A section descriptor mapping the MiB at pa (1 MiB aligned). */
uint32_t mmu_l1_section(uint32_t pa, enum mmu_mem mem, uint32_t flags);

/* A first-level descriptor pointing to the second-level table at pa (1 KiB aligned). */
uint32_t mmu_l1_table(uint32_t pa);

/* A small-page descriptor mapping the 4 KiB page at pa (4 KiB aligned). */
uint32_t mmu_l2_page(uint32_t pa, enum mmu_mem mem, uint32_t flags);

/* What user mode may do through the small-page descriptor d: a mask of MMU_USER (may read),
 * MMU_WRITE and MMU_EXEC; 0 when d is invalid or kernel-only. */
uint32_t mmu_l2_user_access(uint32_t d);

/* The physical page a valid small-page descriptor maps. */
static inline uint32_t mmu_l2_pa(uint32_t d)
{
    return d & ~(MMU_PAGE_SIZE - 1);
}

/* Fills entries [va >> 20, (va + size) >> 20) of the table with sections mapping va..+size to
 * pa..+size (all 1 MiB aligned). */
void mmu_l1_map_sections(uint32_t *l1, uint32_t va, uint32_t pa, uint32_t size, enum mmu_mem mem,
                         uint32_t flags);

/* Writes dirty data-cache lines over [addr, addr + len) back to RAM and drops them, so that
 * another bus master (the GPU) reads what the CPU wrote. (Host tests: tests/host/fake/
 * fake_dcache.c models a write-back cache in front of what the GPU sees.) */
void dcache_clean_invalidate(const volatile void *addr, uint32_t len);

/* Drops the data-cache lines over [addr, addr + len) without writing them back, so that the
 * CPU reads what another bus master wrote. The range must own its cache lines. */
void dcache_invalidate(const volatile void *addr, uint32_t len);

#ifndef HOST_TEST
/* Turns on the MMU with the table l1 and ASID 0, then the data and instruction caches and
 * branch prediction. The table must map the running code at its own address. Boot only. */
void mmu_enable(const uint32_t *l1);

/* Makes l1 the translation table (TTBR0 translates every address), its non-global entries
 * tagged asid (1-255). Safe from any kernel code: the kernel's own entries are global and the
 * same in every table. */
void mmu_switch(const uint32_t *l1, uint32_t asid);

/* Forgets every cached translation tagged asid (one that a new address space will use). */
void mmu_tlb_flush_asid(uint32_t asid);

/* SCTLR, for tests and the banner. */
uint32_t mmu_read_sctlr(void);
#define SCTLR_M   (1u << 0)
#define SCTLR_C   (1u << 2)
#define SCTLR_Z   (1u << 11)
#define SCTLR_I   (1u << 12)
#define SCTLR_A   (1u << 1)
#define SCTLR_TRE (1u << 28)
#define SCTLR_AFE (1u << 29)
#endif

#endif
