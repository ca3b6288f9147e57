/* Semihosting exit (ARM "Semihosting for AArch32 and AArch64", SYS_EXIT_EXTENDED 0x20). */
#include "arch/arm/semihost.h"

#include "arch/arm/cpu.h"

#define SYS_EXIT_EXTENDED            0x20u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

void semihost_exit(uint32_t status)
{
    uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, status};
    register uint32_t r0 __asm__("r0") = SYS_EXIT_EXTENDED;
    register uint32_t *r1 __asm__("r1") = block;
    /* lr is clobbered on a board, where this svc really is taken (and halts in exception.c). */
    __asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory", "lr");
    halt();
}
