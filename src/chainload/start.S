/* The serial chainloader's entry and exit (docs/board.md, "The serial chainloader"): it keeps
 * what the firmware (or QEMU) handed over, moves itself to its link address, runs
 * chainload_main, and enters the kernel at 0x8000 with the same mode, r0-r2 and flags. */
#include "arch/arm/cpu.h"
#include "chainload/protocol.h"

    .section .text.boot, "ax"
    .arm
    .global _start
_start:
    /* r4-r7 keep the entry state for the kernel: r0, r1 (machine type), r2 (ATAGS or DTB) and
     * the CPSR (the mode: HYP on a board, SVC in QEMU; the loader never changes it). */
    mov     r4, r0
    mov     r5, r1
    mov     r6, r2
    mrs     r7, cpsr

    mrc     p15, 0, r0, c0, c0, 5           @ MPIDR: only core 0 is expected here
    ands    r0, r0, #3
    bne     chainload_halt

    /* Copy the whole image (a few KiB) to its link address, far from where it was loaded, then
     * continue there. Source and destination never overlap: loaded at 0x8000 or 0x10000,
     * linked at 16 MiB. With the MMU off data accesses bypass the data cache, so only the
     * instruction cache (on since the firmware) and branch predictor need invalidating. */
    adr     r0, _start                      @ where we are
    ldr     r1, =_start                     @ where we belong
    cmp     r0, r1
    beq     2f
    ldr     r2, =__loader_image_end
1:  ldmia   r0!, {r8-r11}
    stmia   r1!, {r8-r11}
    cmp     r1, r2
    blo     1b
    bl      chainload_sync_icache
    ldr     pc, =2f
2:  ldr     sp, =__loader_stack_top         @ SP of the entry mode (SP_hyp or SP_svc)
    ldr     r0, =__bss_start
    ldr     r1, =__bss_end
    mov     r2, #0
3:  cmp     r0, r1
    strlo   r2, [r0], #4
    blo     3b
    mov     r0, r4
    mov     r1, r5
    mov     r2, r6
    mov     r3, r7
    bl      chainload_main                  @ returns only through chainload_enter
    b       chainload_halt

/* Code was written as data: drop stale instruction-cache lines and branch predictions.
 * Uses r0 only; fine in HYP and in SVC. */
chainload_sync_icache:
    mov     r0, #0
    dsb
    mcr     p15, 0, r0, c7, c5, 0           @ ICIALLU
    mcr     p15, 0, r0, c7, c5, 6           @ BPIALL
    dsb
    isb
    bx      lr

/* void chainload_enter(uint32_t r0, uint32_t r1, uint32_t r2, uint32_t entry_cpsr): enters the
 * kernel just loaded at CHAINLOAD_KERNEL_ADDR as the firmware would, in the mode we are in
 * (never changed since entry), with r0-r2 and the condition flags as they were at our entry,
 * and r3 = CHAINLOAD_KERNEL_MARKER so that the kernel can tell it came this way. */
    .global chainload_enter
chainload_enter:
    mov     r4, r0
    bl      chainload_sync_icache
    mov     r0, r4
    msr     APSR_nzcvq, r3                  @ the entry's flags (the mode bits are untouched)
    ldr     r3, =CHAINLOAD_KERNEL_MARKER    @ ldr leaves the flags alone
    ldr     r12, =CHAINLOAD_KERNEL_ADDR
    bx      r12

    .global chainload_halt
chainload_halt:
    wfe
    b       chainload_halt

    .ltorg
