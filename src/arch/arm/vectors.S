/* Exception vector table (copied to address 0 at boot) and the assembly entry wrappers.
 * ARM ARM B1.8: exception entry, return addresses and the srs/rfe instructions. */
#include "arch/arm/cpu.h"

    .arch_extension virt
    .text
    .arm

/* Eight "ldr pc" slots that load absolute handler addresses from the words right after them,
 * so the table keeps working after it is copied away from its link address. */
    .align 5
    .global vectors_start, vectors_end
vectors_start:
    ldr     pc, v_reset
    ldr     pc, v_undef
    ldr     pc, v_svc
    ldr     pc, v_pabt
    ldr     pc, v_dabt
    ldr     pc, v_reset             @ 0x14 is unused on ARMv7 (HYP trap): treat as reset
    ldr     pc, v_irq
    ldr     pc, v_fiq
v_reset: .word  _start
v_undef: .word  undef_entry
v_svc:   .word  svc_entry
v_pabt:  .word  pabt_entry
v_dabt:  .word  dabt_entry
         .word  0
v_irq:   .word  irq_entry
v_fiq:   .word  fiq_entry
vectors_end:

/* int vectors_install(void): copy the table to 0, point VBAR at 0 with SCTLR.V = 0, and
 * return how many words of the copy read back wrong (0 = verified). In assembly because C
 * may not write through a null pointer. */
    .global vectors_install
vectors_install:
    push    {r4, lr}
    ldr     r0, =vectors_start
    ldr     r1, =vectors_end
    mov     r2, #0
1:  ldr     r3, [r0], #4
    str     r3, [r2], #4
    cmp     r0, r1
    blo     1b
    dsb
    mov     r3, #0
    mcr     p15, 0, r3, c12, c0, 0          @ VBAR = 0
    mrc     p15, 0, r3, c1, c0, 0
    bic     r3, r3, #(1 << 13)              @ SCTLR.V = 0: low vectors
    mcr     p15, 0, r3, c1, c0, 0
    mcr     p15, 0, r3, c7, c5, 0           @ ICIALLU: the new table is code
    dsb
    isb
    ldr     r0, =vectors_start              @ read back and count mismatches
    mov     r2, #0
    mov     r4, #0
2:  ldr     r3, [r0], #4
    ldr     lr, [r2], #4
    cmp     r3, lr
    addne   r4, r4, #1
    cmp     r0, r1
    blo     2b
    mov     r0, r4
    pop     {r4, pc}

/* IRQ: save the return state with srs straight onto the SVC stack, switch to SVC and run the C
 * dispatcher there with the caller-saved registers preserved and the stack 8-byte aligned. */
    .global irq_entry
irq_entry:
    sub     lr, lr, #4
    srsdb   sp!, #CPSR_MODE_SVC
    cps     #CPSR_MODE_SVC
    push    {r0-r3, r12, lr}
    and     r1, sp, #4                      @ r1 = 4 if sp is only word-aligned
    sub     sp, sp, r1
    push    {r1, r2}                        @ keep the adjustment (r2: padding)
    bl      irq_dispatch
    pop     {r1, r2}
    add     sp, sp, r1
    pop     {r0-r3, r12, lr}
    rfeia   sp!

/* Every other exception is fatal in the kernel: build a struct exc_frame on the mode's own
 * stack ({spsr, sp, lr of the interrupted mode, r0-r12, pc of the faulting instruction}) and
 * hand it to exception_report(kind, frame), which does not return. */
.macro EXC_ENTRY name, kind, lr_adjust
    .global \name
\name:
    sub     lr, lr, #\lr_adjust
    push    {r0-r12, lr}
    mrs     r4, spsr
    and     r0, r4, #CPSR_MODE_MASK
    cmp     r0, #CPSR_MODE_USR              @ user registers are read through SYS mode
    moveq   r0, #CPSR_MODE_SYS
    mrs     r1, cpsr
    bic     r2, r1, #CPSR_MODE_MASK
    orr     r2, r2, r0
    msr     cpsr_c, r2                      @ briefly in the interrupted mode for its sp, lr
    mov     r5, sp
    mov     r6, lr
    msr     cpsr_c, r1
    and     r3, r1, #CPSR_MODE_MASK
    cmp     r3, r0                          @ same mode: its sp is ours before the push
    addeq   r5, sp, #56
    push    {r4-r6}
    mov     r0, #\kind
    mov     r1, sp
    bic     sp, sp, #7
    bl      exception_report
    b       halt
.endm

    EXC_ENTRY undef_entry, 0, 4
    EXC_ENTRY svc_entry,   1, 4
    EXC_ENTRY pabt_entry,  2, 4
    EXC_ENTRY dabt_entry,  3, 8
    EXC_ENTRY fiq_entry,   4, 4

    .ltorg
