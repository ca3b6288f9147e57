/* Semihosting (ARM "Semihosting for AArch32 and AArch64"): SYS_EXIT_EXTENDED to power off,
 * SYS_OPEN, SYS_FLEN, SYS_READ and SYS_CLOSE to read a host file. */
#include "arch/arm/semihost.h"

#include "arch/arm/cpu.h"
#include "lib/errno.h"

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

#define SYS_OPEN         0x01u
#define SYS_CLOSE        0x02u
#define SYS_READ         0x06u
#define SYS_FLEN         0x0Cu
#define MODE_READ_BINARY 1u /* fopen "rb" */

static int32_t semihost_call(uint32_t op, const uint32_t *block)
{
    register uint32_t r0 __asm__("r0") = op;
    register const uint32_t *r1 __asm__("r1") = block;
    __asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory", "lr");
    return (int32_t)r0;
}

int semihost_read_file(const char *path, void *buf, uint32_t max)
{
    uint32_t len = 0;
    while (path[len])
        len++;
    uint32_t open_args[3] = {(uint32_t)(uintptr_t)path, MODE_READ_BINARY, len};
    int32_t handle = semihost_call(SYS_OPEN, open_args);
    if (handle < 0)
        return -ENOENT;
    uint32_t handle_arg[1] = {(uint32_t)handle};
    int32_t size = semihost_call(SYS_FLEN, handle_arg);
    int result;
    if (size < 0) {
        result = -EIO;
    } else if ((uint32_t)size > max) {
        result = -EFBIG;
    } else {
        uint32_t read_args[3] = {(uint32_t)handle, (uint32_t)(uintptr_t)buf, (uint32_t)size};
        /* SYS_READ returns the number of bytes it did not read. */
        result = semihost_call(SYS_READ, read_args) == 0 ? size : -EIO;
    }
    semihost_call(SYS_CLOSE, handle_arg);
    return result;
}
