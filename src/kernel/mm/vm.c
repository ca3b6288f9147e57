/* Virtual memory (include/kernel/mm/vm.h). Every process has its own first-level table: the
 * kernel's entries (the same global sections in all of them) plus four entries for the user
 * window, pointing to the process's own page of second-level tables. A switch is a TTBR0 and
 * ASID write; nothing is flushed unless an ASID changes hands (docs/architecture.md says why). */
#include "kernel/mm/vm.h"

#include "arch/arm/cpu.h"
#include "arch/arm/fill.h"
#include "arch/arm/mmu.h"
#include "board/raspi2/peripherals.h"
#include "kernel/config.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/vm_kmap.h"
#include "kernel/power/panic.h"
#include "lib/errno.h"
#include "lib/string.h"

#define L2_INDEX(va)  (((va)-USER_BASE) / MMU_PAGE_SIZE)
#define L2_PER_WINDOW (USER_SIZE / MMU_PAGE_SIZE)
#define L1_USER_FIRST (USER_BASE >> 20)
#define L1_USER_COUNT (USER_SIZE >> 20)
#define ASID_COUNT    256u /* 8-bit ASIDs; 0 is the kernel's own */

_Static_assert(L2_PER_WINDOW * 4 == PAGE_SIZE, "one page of second-level tables per window");

/* The user image as linked (kernel.ld): addresses in the user window. */
extern char __user_data_start[], __user_shared_start[], __user_end[];
extern char __user_load[]; /* where the kernel image holds it */

static uint32_t kernel_l1[MMU_L1_ENTRIES]
    __attribute__((aligned(MMU_L1_ALIGN), section(".vm_tables")));
static uint32_t l1_pool[PROC_MAX][MMU_L1_ENTRIES]
    __attribute__((aligned(MMU_L1_ALIGN), section(".vm_tables")));
/* Each slot's page of second-level tables for the user window. */
static uint32_t l2_pool[PROC_MAX][L2_PER_WINDOW]
    __attribute__((aligned(PAGE_SIZE), section(".vm_tables")));

/* l1_pool[slot] holds the kernel's entries and points to a zeroed l2_pool[slot]. The tables
 * are kept from one process of a slot to the next (only the user entries change), so a spawn
 * writes a dozen descriptors instead of 20 KiB. */
static uint8_t slot_ready[PROC_MAX];
static struct vm_space *active;                 /* NULL: the kernel's own table */
static struct vm_space *asid_owner[ASID_COUNT]; /* whose translations the TLB may hold */

void vm_init(uint64_t ram_base, uint64_t ram_size)
{
    uint64_t end = ram_base + ram_size;
    /* The page pool covers the same RAM: a partial MiB would be cached for processes but
     * uncached for the kernel. boot_memory_init rounds it. */
    if (end > PERIPHERAL_BASE || (end & (MMU_SECTION_SIZE - 1)))
        panic("vm_init: RAM end %08llx is not a whole MiB below the peripherals",
              (unsigned long long)end);
    vm_kmap_build(kernel_l1, (uint32_t)end);
    mmu_enable(kernel_l1);
}

static uint32_t *l2_entry(const struct vm_space *s, uint32_t uva)
{
    return &s->l2[L2_INDEX(uva)];
}

static uint32_t image_pa(uint32_t uva)
{
    return uva - USER_BASE + (uint32_t)(uintptr_t)__user_load;
}

void *vm_image_ptr(const void *uva)
{
    if ((uintptr_t)uva < USER_BASE || (uintptr_t)uva >= (uintptr_t)__user_end)
        panic("vm_image_ptr: %p is not in the user image", uva);
    return (void *)(uintptr_t)image_pa((uint32_t)(uintptr_t)uva);
}

/* A zeroed page (or a copy of the image's page at uva) mapped at uva, user read-write, XN. */
static int map_new_page(struct vm_space *s, uint32_t uva, int copy_from_image)
{
    if (*l2_entry(s, uva))
        panic("vm: %08x mapped twice (heap grown into the stack?)", (unsigned)uva);
    uintptr_t page = mm_alloc_page();
    if (!page)
        return -ENOMEM;
    /* 32 bytes an ldm/stm: a spawn copies or zeroes a few pages with IRQs masked. */
    if (copy_from_image)
        arm_copy_blocks((uint32_t *)page, vm_image_ptr((const void *)(uintptr_t)uva),
                        PAGE_SIZE / 32);
    else
        arm_fill_blocks((uint32_t *)page, PAGE_SIZE / 32, 0);
    *l2_entry(s, uva) = mmu_l2_page((uint32_t)page, MMU_MEM_NORMAL, MMU_USER | MMU_WRITE);
    return 0;
}

/* Unmaps [from, to); own: the pages came from the page pool (not the image) and go back.
 * The caller drops the TLB entries afterwards: freeing first is safe because nothing can
 * allocate a page in between (IRQs masked, one core). */
static void unmap_range(struct vm_space *s, uint32_t from, uint32_t to, int own)
{
    for (uint32_t uva = from; uva < to; uva += PAGE_SIZE) {
        uint32_t *e = l2_entry(s, uva);
        if (!*e)
            continue;
        uint32_t pa = mmu_l2_pa(*e);
        *e = 0;
        if (own && mm_free_page(pa))
            panic("vm: page %08x mapped at %08x was not an allocated page", (unsigned)pa,
                  (unsigned)uva);
    }
}

static uint32_t page_up(uint32_t a)
{
    return (a + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

int vm_space_create(struct vm_space *s, unsigned slot)
{
    if (slot >= PROC_MAX)
        panic("vm_space_create: slot %u outside the table", slot);
    *s = (struct vm_space){l1_pool[slot], l2_pool[slot], (uint32_t)(uintptr_t)__user_end,
                           slot % (ASID_COUNT - 1) + 1};
    if (!slot_ready[slot]) {
        arm_copy_blocks(s->l1, kernel_l1, sizeof kernel_l1 / 32); /* never changes after boot */
        arm_fill_blocks(s->l2, sizeof l2_pool[slot] / 32, 0);
        for (uint32_t i = 0; i < L1_USER_COUNT; i++)
            s->l1[L1_USER_FIRST + i] = mmu_l1_table((uint32_t)(uintptr_t)s->l2 + i * MMU_L2_SIZE);
        slot_ready[slot] = 1;
    }

    uint32_t data = (uint32_t)(uintptr_t)__user_data_start;
    uint32_t shared = (uint32_t)(uintptr_t)__user_shared_start;
    uint32_t heap = (uint32_t)(uintptr_t)__user_end;
    for (uint32_t va = USER_BASE; va < data; va += PAGE_SIZE)
        *l2_entry(s, va) = mmu_l2_page(image_pa(va), MMU_MEM_NORMAL, MMU_USER | MMU_EXEC);
    for (uint32_t va = shared; va < heap; va += PAGE_SIZE)
        *l2_entry(s, va) = mmu_l2_page(image_pa(va), MMU_MEM_NORMAL, MMU_USER | MMU_WRITE);
    for (uint32_t va = data; va < shared; va += PAGE_SIZE)
        if (map_new_page(s, va, 1))
            goto no_memory;
    for (uint32_t va = USER_TOP - USER_STACK_SIZE; va < USER_TOP; va += PAGE_SIZE)
        if (map_new_page(s, va, 0))
            goto no_memory;
    cpu_dsb(); /* the tables, before a walk may read them */
    return 0;
no_memory:
    vm_space_destroy(s); /* unmaps what was mapped, frees what was allocated */
    return -ENOMEM;
}

void vm_space_destroy(struct vm_space *s)
{
    if (!s->l2)
        return;
    if (active == s) {
        mmu_switch(kernel_l1, 0);
        /* Walks of the window made under ASID 0 while switching may point at pages about to
         * be freed: drop them, so a stray kernel access there faults instead. */
        mmu_tlb_flush_asid(0);
        active = 0;
    }
    /* Everything create and sbrk map, range by range: the second-level tables are all zero
     * again afterwards, ready for the slot's next process. */
    uint32_t data = (uint32_t)(uintptr_t)__user_data_start;
    uint32_t shared = (uint32_t)(uintptr_t)__user_shared_start;
    uint32_t heap = (uint32_t)(uintptr_t)__user_end;
    unmap_range(s, USER_BASE, data, 0);
    unmap_range(s, data, shared, 1);
    unmap_range(s, shared, heap, 0);
    unmap_range(s, heap, page_up(s->brk), 1);
    unmap_range(s, USER_TOP - USER_STACK_SIZE, USER_TOP, 1);
    s->l2 = 0;
    mmu_tlb_flush_asid(s->asid);
    if (asid_owner[s->asid] == s)
        asid_owner[s->asid] = 0;
}

void vm_switch(struct vm_space *s)
{
    if (s == active)
        return;
    if (!s->l2)
        panic("vm_switch: the address space was destroyed");
    if (asid_owner[s->asid] != s) {
        /* Another space used this ASID since s last ran (or s is new). */
        mmu_tlb_flush_asid(s->asid);
        asid_owner[s->asid] = s;
    }
    mmu_switch(s->l1, s->asid);
    active = s;
}

int32_t vm_sbrk(struct vm_space *s, int32_t incr)
{
    uint32_t start = (uint32_t)(uintptr_t)__user_end, old = s->brk;
    int64_t want = (int64_t)old + incr;
    if (want < start)
        return -EINVAL;
    if (want > start + USER_HEAP_MAX)
        return -ENOMEM;
    uint32_t brk = (uint32_t)want;
    uint32_t va = page_up(old);
    for (; va < page_up(brk); va += PAGE_SIZE) {
        if (map_new_page(s, va, 0)) {
            unmap_range(s, page_up(old), va, 1); /* give back what this call took */
            mmu_tlb_flush_asid(s->asid);         /* a walk may have cached those pages */
            return -ENOMEM;
        }
    }
    if (brk < old) {
        unmap_range(s, page_up(brk), page_up(old), 1);
        mmu_tlb_flush_asid(s->asid); /* the TLB may still hold the pages just unmapped */
    }
    cpu_dsb();
    s->brk = brk;
    return (int32_t)old;
}

uint32_t vm_heap_bytes(const struct vm_space *s)
{
    return s->l2 ? s->brk - (uint32_t)(uintptr_t)__user_end : 0;
}

int vm_user_ok(const struct vm_space *s, uint32_t uva, uint32_t len, uint32_t access)
{
    if (len == 0)
        return 1;
    if (uva < USER_BASE || uva >= USER_TOP || len > USER_TOP - uva)
        return 0;
    for (uint32_t page = uva & ~(PAGE_SIZE - 1); page < uva + len; page += PAGE_SIZE)
        if ((mmu_l2_user_access(*l2_entry(s, page)) & access) != access)
            return 0;
    return 1;
}

uint32_t vm_translate(const struct vm_space *s, uint32_t uva)
{
    if (uva < USER_BASE || uva >= USER_TOP)
        return 0;
    uint32_t e = *l2_entry(s, uva);
    return e ? mmu_l2_pa(e) | (uva & (PAGE_SIZE - 1)) : 0;
}

/* Copies len bytes between kernel memory k and user address uva, a page at a time through the
 * physical (kernel) address of each page. */
static void copy_pages(const struct vm_space *s, uint32_t uva, void *k, uint32_t len, int out)
{
    uint8_t *kp = k;
    while (len) {
        uint32_t n = PAGE_SIZE - (uva & (PAGE_SIZE - 1));
        if (n > len)
            n = len;
        void *u = (void *)(uintptr_t)vm_translate(s, uva);
        if (out)
            memcpy(u, kp, n);
        else
            memcpy(kp, u, n);
        uva += n;
        kp += n;
        len -= n;
    }
}

int vm_copy_in(const struct vm_space *s, void *dst, uint32_t uva, uint32_t len)
{
    if (!vm_user_ok(s, uva, len, MMU_USER))
        return -EFAULT;
    copy_pages(s, uva, dst, len, 0);
    return 0;
}

int vm_copy_out(const struct vm_space *s, uint32_t uva, const void *src, uint32_t len)
{
    if (!vm_user_ok(s, uva, len, MMU_USER | MMU_WRITE))
        return -EFAULT;
    copy_pages(s, uva, (void *)src, len, 1);
    return 0;
}
