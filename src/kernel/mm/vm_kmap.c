/* The kernel's map (include/kernel/mm/vm_kmap.h). Peripherals must be device memory: on the
 * board a normal mapping lets the CPU merge, reorder, repeat or speculatively read register
 * accesses (a speculative read of a FIFO or a read-to-clear register loses data), and XN keeps
 * the CPU from fetching instructions there (ARM ARM B3.7.2, A3.5.5). QEMU behaves the same for
 * either attribute, so tests/host/test_kmap.c checks the descriptors. */
#include "kernel/mm/vm_kmap.h"

#include "arch/arm/mmu.h"
#include "board/raspi2/peripherals.h"

void vm_kmap_build(uint32_t *l1, uint32_t ram_end)
{
    for (uint32_t i = 0; i < MMU_L1_ENTRIES; i++)
        l1[i] = 0; /* a translation fault unless mapped below */
    /* RAM from 0 (the vector page is there); then, uncached, what lies between it and the
     * peripherals: the GPU's part of memory with the framebuffer (and RAM that mem= left
     * out); then the peripherals and the BCM2836 local block as device memory. */
    mmu_l1_map_sections(l1, 0, 0, ram_end, MMU_MEM_NORMAL, MMU_WRITE | MMU_EXEC | MMU_GLOBAL);
    mmu_l1_map_sections(l1, ram_end, ram_end, PERIPHERAL_BASE - ram_end, MMU_MEM_UNCACHED,
                        MMU_WRITE | MMU_GLOBAL);
    mmu_l1_map_sections(l1, PERIPHERAL_BASE, PERIPHERAL_BASE, VM_KMAP_LOCAL_END - PERIPHERAL_BASE,
                        MMU_MEM_DEVICE, MMU_WRITE | MMU_GLOBAL);
}
