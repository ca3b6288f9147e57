/* ARM semihosting, as QEMU implements it (-semihosting-config enable=on): powering off QEMU
 * with an exit status, and reading a host file (the lab's task sets). On a board there is no
 * debugger to answer: see svc handling in exception.c. Callers make sure they run in QEMU. */
#ifndef ARCH_ARM_SEMIHOST_H
#define ARCH_ARM_SEMIHOST_H

#include <stdint.h>

#define SEMIHOST_SVC_IMM 0x123456u

/* Ends the QEMU run with status (low 8 bits) through SYS_EXIT_EXTENDED. Does not return. */
void semihost_exit(uint32_t status) __attribute__((noreturn));

/* Reads the host file at path (relative to QEMU's working directory) whole into buf. Returns
 * its length, or -ENOENT (the host could not open it), -EIO (it could not tell its length or
 * read it), -EFBIG (longer than max). Kernel context, in QEMU only. */
int semihost_read_file(const char *path, void *buf, uint32_t max);

#endif
