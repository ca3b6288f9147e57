/* Exception vector table (copied to address 0 at boot) and the assembly entry wrappers.
 * ARM ARM B1.8: exception entry, return addresses and the srs/rfe instructions. */
#include "arch/arm/cpu.h"

    .arch_extension virt
    .text
    .arm

/* Eight "ldr pc" slots that load absolute handler addresses from the words right after them,
 * so the table keeps working after it is copied away from its link address. It is copied to
 * address 0, the ARM's classic vector address (VBAR = 0, SCTLR.V = 0), which is where this
 * kernel's design puts it: it works the same whatever VBAR held before us. */
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

/* Z set when the exception came from user mode. One scratch word on the current mode's stack
 * (in SVC mode while a process runs, that is the spsr slot of its frame, rewritten by srs). */
.macro FROM_USER
    push    {r0}
    mrs     r0, spsr
    and     r0, r0, #CPSR_MODE_MASK
    cmp     r0, #CPSR_MODE_USR
    pop     {r0}
.endm

/* Saves the whole user context into the running process's struct trapframe and moves to the
 * kernel stack with r0 = the frame. While a process runs, sp_svc points just past its frame
 * (user_return puts it there), so srs fills in pc and CPSR and stm^ the user-bank r0-r14. */
.macro SAVE_USER_FRAME lr_adjust
    .if \lr_adjust
    sub     lr, lr, #\lr_adjust
    .endif
    srsdb   sp!, #CPSR_MODE_SVC
    cps     #CPSR_MODE_SVC
    sub     sp, sp, #60
    stmia   sp, {r0-r14}^
    mov     r0, sp
    ldr     sp, =__stack_svc_top
.endm

/* IRQ from a process: save it, dispatch, and leave through user_return, which may pick another
 * process. IRQ from the kernel (the idle loop, a test suite): save the return state with srs on
 * the SVC stack, run the dispatcher with the caller-saved registers preserved and the stack
 * 8-byte aligned, and go back to exactly where it was: the kernel is never switched away from. */
    .global irq_entry
irq_entry:
    FROM_USER
    bne     irq_from_kernel
    SAVE_USER_FRAME 4
    bl      irq_dispatch
    b       user_return
irq_from_kernel:
    sub     lr, lr, #4
    srsdb   sp!, #CPSR_MODE_SVC
    cps     #CPSR_MODE_SVC
    push    {r0-r3, r12, lr}
    and     r1, sp, #4                      @ r1 = 4 if sp is only word-aligned
    sub     sp, sp, r1
    push    {r1, r2}                        @ keep the adjustment (r2: padding)
    bl      irq_dispatch
#ifdef IRQOFF_METER
    mov     r0, pc
    bl      irqoff_end                      @ IRQs come back on at the rfe
#endif
    pop     {r1, r2}
    add     sp, sp, r1
    pop     {r0-r3, r12, lr}
    rfeia   sp!

/* A system call: svc from a process, number in r7, arguments in r0-r3. Only a process may make
 * one, so the mode check comes after the frame is saved, when registers are free (3
 * instructions instead of FROM_USER's 6): an svc in the kernel puts back what it saved and
 * goes to the fatal report exactly as it entered. */
    .global svc_entry
svc_entry:
    SAVE_USER_FRAME 0
    ldr     r1, [r0, #64]                   @ the saved SPSR
    tst     r1, #(CPSR_MODE_MASK & ~CPSR_MODE_USR)
    bne     svc_in_kernel                   @ USR is the only mode with those bits clear
    bl      syscall_dispatch
    b       user_return
svc_in_kernel:
    mov     sp, r0
    ldmia   sp, {r0-r12}                    @ unbanked: the kernel's own r0-r12
    ldr     lr, [sp, #60]                   @ its return address (srs saved it)
    add     sp, sp, #68                     @ sp as it was on entry
    b       svc_fatal

/* A fault in a process ends that process (user_fault), not the kernel. */
.macro USER_FAULT_ENTRY name, fatal, kind, lr_adjust
    .global \name
\name:
    FROM_USER
    bne     \fatal
    SAVE_USER_FRAME \lr_adjust
    mov     r1, #\kind
    bl      user_fault
    b       user_return
.endm

    USER_FAULT_ENTRY undef_entry, undef_fatal, 0, 4
    USER_FAULT_ENTRY pabt_entry,  pabt_fatal,  2, 4
    USER_FAULT_ENTRY dabt_entry,  dabt_fatal,  3, 8

/* The way back to user mode from every kernel entry, with IRQs masked on the kernel stack.
 * sched_return() says which frame to resume (perhaps another process's), or NULL for idle. */
    .global user_return
user_return:
    bl      sched_return
    cmp     r0, #0
    beq     1f
#ifdef IRQOFF_METER
    mov     r4, r0
    mov     r0, pc
    bl      irqoff_end                      @ IRQs come back on with the process's CPSR
    mov     r0, r4
#endif
    mov     sp, r0
    ldr     r1, [sp, #64]
    msr     spsr_cxsf, r1                   @ the process's CPSR, restored by movs
    ldr     lr, [sp, #60]
    ldmia   sp, {r0-r14}^                   @ user-bank r0-r14
    nop                                     @ no banked register access right after ldm^
    add     sp, sp, #68                     @ sp_svc just past the frame: the next entry saves here
    movs    pc, lr
1:  ldr     sp, =__stack_svc_top
    b       idle_loop

/* void sched_resume(void): from the idle loop, drop its stack and resume whatever is ready. */
    .global sched_resume
sched_resume:
    cpsid   i
    ldr     sp, =__stack_svc_top
    b       user_return

/* Every other exception in the kernel is fatal: build a struct exc_frame on the mode's own
 * stack ({spsr, sp, lr of the interrupted mode, r0-r12, pc of the faulting instruction}) and
 * hand it to exception_report(kind, frame), which does not return. */
.macro EXC_FATAL name, kind, lr_adjust
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

    EXC_FATAL undef_fatal, 0, 4
    EXC_FATAL svc_fatal,   1, 4
    EXC_FATAL pabt_fatal,  2, 4
    EXC_FATAL dabt_fatal,  3, 8
    EXC_FATAL fiq_entry,   4, 4

    .ltorg
