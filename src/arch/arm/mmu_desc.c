/* Translation table descriptors, ARMv7-A short-descriptor format (ARM ARM B3.5.1), with
 * SCTLR.TRE = 0 (TEX/C/B name the memory type) and SCTLR.AFE = 0 (AP[2:0] is the permission).
 * Everything is in domain 0, which the kernel sets to "client" so these permissions apply. */
#include "arch/arm/mmu.h"

/* TEX, C, B for each memory type (ARM ARM Table B3-10). */
struct mem_bits {
    uint32_t tex, c, b, s;
};

static struct mem_bits mem_bits(enum mmu_mem mem)
{
    switch (mem) {
    case MMU_MEM_NORMAL: return (struct mem_bits){1, 1, 1, 1};   /* outer+inner WB-WA */
    case MMU_MEM_UNCACHED: return (struct mem_bits){1, 0, 0, 1}; /* outer+inner non-cacheable */
    case MMU_MEM_DEVICE: break;
    }
    return (struct mem_bits){0, 0, 1, 0}; /* shareable device (S is ignored for device) */
}

/* AP[2] and AP[1:0] (Table B3-8): kernel RW 0/01, kernel RO 1/01, user RW 0/11, user RO 1/11.
 * There is no "user read-only, kernel read-write" choice here on purpose: the kernel never
 * writes through a user mapping (it copies through its own view of RAM, src/kernel/mm/vm.c). */
static uint32_t ap2(uint32_t flags)
{
    return (flags & MMU_WRITE) ? 0 : 1;
}

static uint32_t ap10(uint32_t flags)
{
    return (flags & MMU_USER) ? 3 : 1;
}

uint32_t mmu_l1_section(uint32_t pa, enum mmu_mem mem, uint32_t flags)
{
    struct mem_bits m = mem_bits(mem);
    uint32_t d = (pa & ~(MMU_SECTION_SIZE - 1)) | L1_TYPE_SECTION;
    d |= (m.b ? L1_SECT_B : 0) | (m.c ? L1_SECT_C : 0) | (m.s ? L1_SECT_S : 0);
    d |= m.tex << L1_SECT_TEX_SHIFT;
    d |= ap10(flags) * L1_SECT_AP0 | (ap2(flags) ? L1_SECT_AP2 : 0);
    d |= (flags & MMU_EXEC) ? 0 : L1_SECT_XN;
    d |= (flags & MMU_GLOBAL) ? 0 : L1_SECT_NG;
    return d;
}

uint32_t mmu_l1_table(uint32_t pa)
{
    return (pa & ~(MMU_L2_SIZE - 1)) | L1_TYPE_TABLE; /* domain 0, PXN and NS clear */
}

uint32_t mmu_l2_page(uint32_t pa, enum mmu_mem mem, uint32_t flags)
{
    struct mem_bits m = mem_bits(mem);
    uint32_t d = (pa & ~(MMU_PAGE_SIZE - 1)) | L2_TYPE_SMALL;
    d |= (m.b ? L2_SMALL_B : 0) | (m.c ? L2_SMALL_C : 0) | (m.s ? L2_SMALL_S : 0);
    d |= m.tex << L2_SMALL_TEX_SHIFT;
    d |= ap10(flags) * L2_SMALL_AP0 | (ap2(flags) ? L2_SMALL_AP2 : 0);
    d |= (flags & MMU_EXEC) ? 0 : L2_SMALL_XN;
    d |= (flags & MMU_GLOBAL) ? 0 : L2_SMALL_NG;
    return d;
}

uint32_t mmu_l2_user_access(uint32_t d)
{
    /* Small pages only (bit 1 set): pinwheel never makes 64 KiB large pages. AP[1:0] = 10 is
     * user read-only, 11 user read-write unless AP[2] makes it read-only for everyone. */
    uint32_t ap = (d >> 4) & 3;
    if (!(d & L2_TYPE_SMALL) || ap < 2)
        return 0;
    uint32_t access = MMU_USER;
    if (ap == 3 && !(d & L2_SMALL_AP2))
        access |= MMU_WRITE;
    if (!(d & L2_SMALL_XN))
        access |= MMU_EXEC;
    return access;
}

void mmu_l1_map_sections(uint32_t *l1, uint32_t va, uint32_t pa, uint32_t size, enum mmu_mem mem,
                         uint32_t flags)
{
    for (uint32_t off = 0; off < size; off += MMU_SECTION_SIZE)
        l1[(va + off) >> 20] = mmu_l1_section(pa + off, mem, flags);
}
