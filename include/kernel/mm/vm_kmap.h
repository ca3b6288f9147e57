/* The kernel's own first-level table (src/kernel/mm/vm_kmap.c), apart from vm.c so that the
 * host tests check what each part of the address space is mapped as. */
#ifndef KERNEL_VM_KMAP_H
#define KERNEL_VM_KMAP_H

#include <stdint.h>

/* The end of the peripherals the kernel maps: the BCM2836 local block's first MiB. */
#define VM_KMAP_LOCAL_END 0x40100000u

/* Fills the 4096 entries of l1: RAM [0, ram_end) normal, cached and executable; from ram_end to
 * the peripherals (the GPU's memory, the framebuffer) normal, uncached and XN; the peripherals
 * at 0x3F000000 and the local block at 0x40000000 device memory, XN; everything else a
 * translation fault. All of it kernel-only and global. ram_end is a whole MiB, at most
 * 0x3F000000. */
void vm_kmap_build(uint32_t *l1, uint32_t ram_end);

#endif
