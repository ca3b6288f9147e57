/* First code to run, on the board (kernel7.img at 0x8000, HYP mode), in QEMU (raw image at
 * 0x10000, SVC) and from an ELF (every core at _start, secure SVC). Position-independent until
 * the image sits at its link address. The boot sequence is described in docs/architecture.md. */
#include "arch/arm/cpu.h"
#include "board/raspi2/peripherals.h"

    .arch_extension virt
    .section .text.boot, "ax"
    .arm
    .global _start
_start:
    /* Keep what the loader handed over: r8 = r0, r9 = r1 (machine type), r10 = r2 (ATAGS/DTB),
     * r11 = CPSR at entry (the banner reports the mode), and r3 in boot_entry_r3 below (the
     * serial chainloader leaves its marker there: include/chainload/protocol.h). */
    mov     r8, r0
    mov     r9, r1
    mov     r10, r2
    mrs     r11, cpsr

    /* Booted as an ELF every core starts here (and here only is load address = link address). */
    mrc     p15, 0, r0, c0, c0, 5           @ MPIDR
    ands    r0, r0, #3
    bne     secondary_park
    str     r3, boot_entry_r3               @ in .text.boot: relocation carries it along

    /* The board's firmware enters in HYP: drop to SVC with IRQ, FIQ and aborts masked. */
    and     r0, r11, #CPSR_MODE_MASK
    cmp     r0, #CPSR_MODE_HYP
    bne     1f
    mov     r0, #(CPSR_MODE_SVC | CPSR_I | CPSR_F | CPSR_A)
    msr     spsr_cxsf, r0                   @ in HYP the current SPSR is SPSR_hyp
    adr     r0, 1f
    msr     elr_hyp, r0
    eret
1:  cpsid   aif, #CPSR_MODE_SVC

    /* Relocate to the link address when loaded elsewhere. Stage 1 copies the boot code only
     * (it is far smaller than the 0x8000 gap QEMU leaves), then jumps into that copy; stage 2
     * copies the rest from there, so no running instruction is ever overwritten. */
    adr     r0, _start                      @ where we are
    ldr     r1, =_start                     @ where we belong
    subs    r12, r0, r1                     @ r12 = load - link
    beq     relocated
    ldr     r2, =__boot_end
2:  ldmia   r0!, {r3-r6}
    stmia   r1!, {r3-r6}
    cmp     r1, r2
    blo     2b
    /* Code was written: the instruction cache (which the firmware may leave on, and which
     * caches fetches even with the MMU off) and the branch predictor may hold what was at the
     * destination before. Data went straight to RAM (MMU off: strongly ordered). */
    dsb
    mcr     p15, 0, r0, c7, c5, 0           @ ICIALLU
    mcr     p15, 0, r0, c7, c5, 6           @ BPIALL
    dsb
    isb
    ldr     pc, =relocate_rest
relocate_rest:
    ldr     r1, =__boot_end                 @ destination
    add     r0, r1, r12                     @ source
    ldr     r2, =__image_end
    cmp     r12, #0
    blt     4f
3:  ldmia   r0!, {r3-r6}                    @ loaded above the link address: copy upwards
    stmia   r1!, {r3-r6}
    cmp     r1, r2
    blo     3b
    b       relocated
4:  sub     r3, r2, r1                      @ loaded below: copy downwards (memmove order)
    add     r0, r0, r3
5:  ldmdb   r0!, {r3-r6}
    stmdb   r2!, {r3-r6}
    cmp     r2, r1
    bhi     5b

relocated:
    dsb                                     @ the rest of the image was written: as above
    mcr     p15, 0, r0, c7, c5, 0           @ ICIALLU
    mcr     p15, 0, r0, c7, c5, 6           @ BPIALL
    dsb
    isb
    ldr     r0, =boot_load_offset           @ for the banner
    str     r12, [r0]

    /* Release cores 1-3 from the firmware's (or QEMU's) mailbox spin loop into secondary_park.
     * That loop lives in low memory, where the vector table will be copied, so wait until each
     * core has reported in (bounded: a core that never arrives is reported, not waited for). */
    ldr     r0, =secondary_park
    mov     r1, #1
6:  ldr     r2, =LOCAL_MBOX3_SET(0)
    add     r2, r2, r1, lsl #4
    str     r0, [r2]
    add     r1, r1, #1
    cmp     r1, #4
    blo     6b
    dsb
    sev
    ldr     r0, =cores_parked
    ldr     r4, =SYSTIMER_CLO
    ldr     r5, [r4]                        @ bound the wait by time: 100 ms of the 1 MHz counter
    ldr     r6, =100000
7:  ldr     r2, [r0, #4]
    ldr     r3, [r0, #8]
    and     r2, r2, r3
    ldr     r3, [r0, #12]
    ands    r2, r2, r3
    bne     8f
    yield                                   @ QEMU: let the other vCPUs run (a nop on the board)
    ldr     r1, [r4]
    sub     r1, r1, r5
    cmp     r1, r6
    blo     7b
8:
    /* One stack per exception mode; each sits above a guard band (see kernel.ld). */
    cps     #CPSR_MODE_FIQ
    ldr     sp, =__stack_fiq_top
    cps     #CPSR_MODE_UND
    ldr     sp, =__stack_und_top
    cps     #CPSR_MODE_ABT
    ldr     sp, =__stack_abt_top
    cps     #CPSR_MODE_IRQ
    ldr     sp, =__stack_irq_top
    cps     #CPSR_MODE_SVC
    ldr     sp, =__stack_svc_top

    ldr     r0, =__bss_start                @ 32-byte aligned at both ends (kernel.ld)
    ldr     r1, =__bss_end
    sub     r1, r1, r0
    lsr     r1, r1, #5
    mov     r2, #0
    bl      arm_fill_blocks                 @ 8 words a store: 3 instructions where 24 were

    mov     r0, r8
    mov     r1, r9
    mov     r2, r10
    mov     r3, r11
    bl      kernel_main
    b       halt

/* Cores 1-3 end here, for good: check in, then sleep with everything masked. Each core writes
 * its own word: ldrex/strex are not usable with the MMU off on the board. */
    .global secondary_park
secondary_park:
    cpsid   aif
    mrc     p15, 0, r0, c0, c0, 5
    and     r0, r0, #3
    ldr     r1, =cores_parked
    mov     r2, #1
    str     r2, [r1, r0, lsl #2]
    dsb
11: wfi
    b       11b

    .global halt
halt:
    cpsid   aif
12: wfi
    b       12b

    .ltorg

/* r3 at entry, kept here, in the first part of the image that relocation copies (the MMU is off,
 * so this code is writable): boot.S has no register to spare for it. */
    .align 2
    .global boot_entry_r3
boot_entry_r3:
    .word   0

/* In .data, not .bss: secondaries started from an ELF count in before core 0 clears .bss. */
    .data
    .align 2
    .global cores_parked
cores_parked:                               @ cores_parked[n] = 1 once core n is in secondary_park
    .word   0, 0, 0, 0
    .global boot_load_offset
boot_load_offset:
    .word   0
