/* QEMU test shim: recreates the Pi 2 firmware's entry state (HYP, ATAGS, parked secondaries). */

/*
 * QEMU boots an ELF on all four cores at once, in *secure* SVC mode, with no boot information.
 * The Pi 2 firmware instead enters kernel7.img at 0x8000 on core 0 only, in *non-secure* HYP
 * mode, with r0 = 0, r1 = 3138 (machine type), r2 = 0x100 (ATAGS), and parks cores 1-3 until
 * the kernel writes an address to their BCM2836 mailbox 3. This file does the same, so a test
 * can boot the real kernel7.img (loaded at 0x8000 by QEMU's generic loader) on the board's path.
 *
 * Secure SVC cannot go straight to HYP: HYP exists only in the non-secure world, and the only
 * way across is through monitor mode. So every core installs a tiny monitor vector table,
 * calls `smc`, and the monitor handler flips SCR.NS and returns into HYP.
 *
 * The command line: a NUL-terminated string preloaded at CMDLINE_FILE (qemu.sh --firmware puts
 * one there with -device loader) wins when it is non-empty; otherwise the built-in
 * SHIM_CMDLINE is used. No stack is needed: everything lives in registers.
 */

    .syntax unified
    .arch_extension sec                 @ smc, monitor mode, MVBAR
    .arch_extension virt                @ HYP mode in SPSR

#ifndef SHIM_CMDLINE
#define SHIM_CMDLINE ""
#endif

#define KERNEL_ENTRY        0x8000      /* where the firmware loads and enters kernel7.img */
#define ATAGS_ADDR          0x100       /* where the firmware leaves the ATAG list */
#define MACH_TYPE_PI2       3138        /* 0xC42, the BCM2709 machine type the firmware passes */
#define CMDLINE_FILE        0x1f00000   /* optional NUL-terminated command line loaded by QEMU */
#define CMDLINE_MAX         16383       /* longest copied: keeps the ATAGS far below 0x8000 */

#define ATAG_NONE           0x00000000
#define ATAG_CORE           0x54410001
#define ATAG_MEM            0x54410002
#define ATAG_CMDLINE        0x54410009
#define ARM_MEM_SIZE        0x3C000000  /* 960 MiB: what the firmware reports with -m 1G */

#define MBOX3_RDCLR_CORE0   0x400000CC  /* core n's mailbox 3 read/write-clear: + 0x10 * n */

#define SCR_NS              (1 << 0)    /* lower exception levels are non-secure */
#define SCR_FW              (1 << 4)    /* non-secure code may change CPSR.F */
#define SCR_AW              (1 << 5)    /* non-secure code may change CPSR.A */
#define SCR_HCE             (1 << 8)    /* the hvc instruction is enabled */
#define NSACR_CP10_CP11     (3 << 10)   /* non-secure access to VFP/NEON */

#define CPSR_MODE_HYP       0x1A
#define CPSR_AIF            0x1C0       /* A, I and F masked */

    .section .text.boot, "ax"
    .arm
    .global _start
_start:
    /* Every core lands here. Point the monitor vector base at our table (only writable
     * from secure PL1, which is exactly where QEMU starts us) and take the smc. */
    cpsid   aif
    ldr     r0, =monitor_vectors
    mcr     p15, 0, r0, c12, c0, 1          @ MVBAR
    isb                                     @ the new MVBAR must be in effect for the smc
    smc     #0
    /* The monitor returns to the instruction after the smc, now in non-secure HYP. */

    mrc     p15, 0, r0, c0, c0, 5           @ MPIDR: Aff0 (bits 1:0) is the core number
    ands    r0, r0, #3
    bne     secondary_wait

/* ---- core 0: build the ATAG list the kernel expects, then enter it like the firmware ---- */
    mov     r0, #ATAGS_ADDR                 @ r0 = write pointer

    mov     r1, #5                          @ ATAG_CORE, 5 words: flags, page size, root dev
    ldr     r2, =ATAG_CORE
    mov     r3, #0
    mov     r4, #4096
    mov     r5, #0
    stmia   r0!, {r1-r5}

    mov     r1, #4                          @ ATAG_MEM, 4 words: size, start
    ldr     r2, =ATAG_MEM
    ldr     r3, =ARM_MEM_SIZE
    mov     r4, #0
    stmia   r0!, {r1-r4}

    /* ATAG_CMDLINE: its size depends on the string, so fill in the header afterwards. */
    mov     r4, r0                          @ r4 = this tag's header
    add     r0, r0, #8                      @ the string goes after size and tag words
    ldr     r1, =CMDLINE_FILE               @ a preloaded string, if QEMU put one there ...
    ldrb    r2, [r1]
    cmp     r2, #0
    ldreq   r1, =builtin_cmdline            @ ... else the one built into the shim
    ldr     r3, =CMDLINE_MAX                @ r3 = bytes still allowed
1:  ldrb    r2, [r1], #1                    @ copy up to the NUL (or the limit)
    cmp     r2, #0
    beq     2f
    strb    r2, [r0], #1
    subs    r3, r3, #1
    bne     1b
    mov     r2, #0
2:  strb    r2, [r0], #1                    @ always NUL-terminate (r2 = 0 here)
3:  tst     r0, #3                          @ tags are whole words: pad with zeros
    strbne  r2, [r0], #1
    bne     3b
    sub     r1, r0, r4
    lsr     r1, r1, #2                      @ tag size in words, header included
    ldr     r2, =ATAG_CMDLINE
    stmia   r4, {r1, r2}

    mov     r1, #0                          @ ATAG_NONE ends the list: size 0, tag 0
    mov     r2, #ATAG_NONE
    stmia   r0!, {r1, r2}

    dsb                                     @ the list is in memory before the kernel looks

    /* The firmware's register contract: r0 = 0, r1 = machine type, r2 = ATAGS. */
    mov     r0, #0
    ldr     r1, =MACH_TYPE_PI2
    mov     r2, #ATAGS_ADDR
    mov     r3, #KERNEL_ENTRY
    msr     APSR_nzcvq, #0                  @ clear the flags: CPSR reads exactly 0x1DA
    bx      r3

/* ---- cores 1-3: wait, like the firmware's stub, for an address in mailbox 3 ---- */
secondary_wait:
    ldr     r4, =MBOX3_RDCLR_CORE0
    add     r4, r4, r0, lsl #4              @ r4 = this core's mailbox 3 read/clear register
1:  ldr     r3, [r4]
    cmp     r3, #0
    bne     2f
    wfe                                     @ the kernel writes the mailbox, then does sev
    b       1b
2:  str     r3, [r4]                        @ write-1-to-clear: the mailbox reads 0 again
    mov     r0, #0
    mov     r1, #0
    mov     r2, #0
    msr     APSR_nzcvq, #0                  @ clear the flags, as on core 0
    bx      r3

/* ---- monitor mode: the one-way door from secure SVC into non-secure HYP ---- */
    /* MVBAR needs 32-byte alignment. Only the SMC slot (offset 8) is expected: the others
     * stop dead, which a test sees as a timeout rather than as a wrong answer. */
    .balign 32
monitor_vectors:
    b       .                               @ 0x00 not used
    b       .                               @ 0x04 not used
    b       monitor_smc                     @ 0x08 SMC
    b       .                               @ 0x0C prefetch abort (external, only with SCR.EA)
    b       .                               @ 0x10 data abort (likewise)
    b       .                               @ 0x14 not used
    b       .                               @ 0x18 IRQ (only with SCR.IRQ)
    b       .                               @ 0x1C FIQ (only with SCR.FIQ)

monitor_smc:
    /* An smc from the kernel later on (already non-secure) gets a no-op return, not a
     * second trip into HYP. */
    mrc     p15, 0, r0, c1, c1, 0           @ SCR
    tst     r0, #SCR_NS
    movsne  pc, lr

    /* Non-secure from now on, with hvc enabled. FW/AW let non-secure code change CPSR.F and
     * CPSR.A on the board; QEMU's model, which has HYP, allows that even without them. */
    ldr     r0, =(SCR_NS | SCR_FW | SCR_AW | SCR_HCE)
    mcr     p15, 0, r0, c1, c1, 0           @ SCR
    /* Let the non-secure kernel use VFP/NEON should it ever want to. */
    mov     r0, #NSACR_CP10_CP11
    mcr     p15, 0, r0, c1, c1, 2           @ NSACR
    isb

    /* Return as if the firmware had put us in HYP with A, I, F masked: the exception return
     * loads CPSR from SPSR_mon and jumps to LR_mon, the instruction after the smc. */
    mov     r0, #(CPSR_MODE_HYP | CPSR_AIF)
    msr     spsr_cxsf, r0
    movs    pc, lr

    .ltorg                                  @ literal pool here, inside .text

    .section .rodata, "a"
builtin_cmdline:
    .asciz  SHIM_CMDLINE

    .section .note.GNU-stack, "", %progbits @ no executable stack (silences ld)
