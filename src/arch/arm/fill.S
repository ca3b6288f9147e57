/* void arm_fill_blocks(uint32_t *p, uint32_t blocks, uint32_t value): include/arch/arm/fill.h.
 * One stmia of eight registers per 32 bytes: three instructions a block with the loop, where a
 * C loop of word stores takes eleven. */
    .text
    .arm
    .global arm_fill_blocks
arm_fill_blocks:
    cmp     r1, #0
    bxeq    lr
    push    {r4-r9}
    mov     r3, r2
    mov     r4, r2
    mov     r5, r2
    mov     r6, r2
    mov     r7, r2
    mov     r8, r2
    mov     r9, r2
1:  stmia   r0!, {r2-r9}
    subs    r1, r1, #1
    bne     1b
    pop     {r4-r9}
    bx      lr

/* void arm_copy_blocks(uint32_t *dst, const uint32_t *src, uint32_t blocks): ldmia/stmia of
 * eight registers per 32 bytes, four instructions a block where memcpy's loop of word moves
 * takes about twenty-two. */
    .global arm_copy_blocks
arm_copy_blocks:
    cmp     r2, #0
    bxeq    lr
    push    {r4-r10}
1:  ldmia   r1!, {r3-r10}
    stmia   r0!, {r3-r10}
    subs    r2, r2, #1
    bne     1b
    pop     {r4-r10}
    bx      lr
