/* Virtual memory: the kernel's map (all RAM and the peripherals, at their physical addresses,
 * for the kernel only) and one address space per process, which adds the user window. See
 * docs/architecture.md, "Virtual memory map", and docs/tutorial/09-memory.md. */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include <stdint.h>

#include "kernel/syscall/syscall_abi.h" /* the user window: USER_BASE ... USER_HEAP_MAX */

struct vm_space {
    uint32_t *l1;  /* first-level table (16 KiB, one per process slot): TTBR0 while it runs */
    uint32_t *l2;  /* one page: the four second-level tables of the user window */
    uint32_t brk;  /* end of the heap: [heap start, brk) is mapped, rounded up to pages */
    uint32_t asid; /* tags its TLB entries (1-255) */
};

/* Builds the kernel's map for RAM [ram_base, ram_base + ram_size) and turns on the MMU, the
 * caches and branch prediction. Boot only, before any process exists. */
void vm_init(uint64_t ram_base, uint64_t ram_size);

/* A new address space for process slot `slot`: the user image's code (read-only, executable),
 * a private copy of its data, its shared pages, an empty heap, and a zeroed stack. 0 or
 * -ENOMEM (nothing is kept then). IRQs masked. */
int vm_space_create(struct vm_space *s, unsigned slot);

/* Frees everything the space owns. If it is the active one, the kernel's own table is made
 * active first. IRQs masked. */
void vm_space_destroy(struct vm_space *s);

/* Makes s the address space user mode sees (a no-op when it already is). IRQs masked. */
void vm_switch(struct vm_space *s);

/* Moves the break by incr bytes (negative gives memory back). Returns the old break, or
 * -ENOMEM past USER_HEAP_MAX or when no page is left (nothing changes then), -EINVAL below
 * the heap's start. User addresses are below 0x80000000, so they never look negative. */
int32_t vm_sbrk(struct vm_space *s, int32_t incr);

/* Bytes between the heap's start and the break (0 for a destroyed space). */
uint32_t vm_heap_bytes(const struct vm_space *s);

/* Whether user mode may access every byte of [uva, uva + len) as `access` asks (MMU_USER for
 * reading, | MMU_WRITE for writing), by s's own descriptors. */
int vm_user_ok(const struct vm_space *s, uint32_t uva, uint32_t len, uint32_t access);

/* Copies between the kernel and s's user memory through the kernel's view of RAM, so they work
 * whichever address space is active. 0, or -EFAULT (nothing copied) unless every byte is
 * readable (copy_in) or writable (copy_out) by user mode. */
int vm_copy_in(const struct vm_space *s, void *dst, uint32_t uva, uint32_t len);
int vm_copy_out(const struct vm_space *s, uint32_t uva, const void *src, uint32_t len);

/* The physical address behind user address uva in s, or 0 when it is not mapped. */
uint32_t vm_translate(const struct vm_space *s, uint32_t uva);

/* The kernel's view of a variable in the user image (the copy every new process starts from,
 * and the shared pages): what the kernel reads and writes instead of the user address. */
void *vm_image_ptr(const void *uva);

#endif
