/* A process's saved user context: what every entry from user mode stores (vectors.S,
 * SAVE_USER_FRAME) and user_return restores. The layout is fixed by srs/stm^ in the assembly. */
#ifndef ARCH_ARM_TRAPFRAME_H
#define ARCH_ARM_TRAPFRAME_H

#include <stddef.h>
#include <stdint.h>

struct trapframe {
    uint32_t r[13]; /* r0-r12 */
    uint32_t sp;    /* user-bank sp and lr */
    uint32_t lr;
    uint32_t pc;   /* where the process resumes (for a fault: the faulting instruction) */
    uint32_t cpsr; /* its CPSR: user mode, IRQs enabled */
};

_Static_assert(offsetof(struct trapframe, pc) == 60, "vectors.S: ldr lr, [sp, #60]");
_Static_assert(offsetof(struct trapframe, cpsr) == 64, "vectors.S: ldr r1, [sp, #64]");
_Static_assert(sizeof(struct trapframe) == 68, "vectors.S: add sp, sp, #68");

#endif
