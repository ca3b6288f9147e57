/* ARM semihosting, as QEMU implements it (-semihosting-config enable=on): only used to power
 * off QEMU with an exit status. On a board there is no debugger to answer: see svc handling in
 * exception.c. */
#ifndef ARCH_ARM_SEMIHOST_H
#define ARCH_ARM_SEMIHOST_H

#include <stdint.h>

#define SEMIHOST_SVC_IMM 0x123456u

/* Ends the QEMU run with status (low 8 bits) through SYS_EXIT_EXTENDED. Does not return. */
void semihost_exit(uint32_t status) __attribute__((noreturn));

#endif
