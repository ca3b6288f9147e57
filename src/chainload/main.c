/* The serial chainloader (docs/board.md, "The serial chainloader"): says it is ready, receives
 * one framed kernel (include/chainload/protocol.h) into 0x8000, checks it, and enters it as the
 * firmware would. A bad frame gets a message and the loader waits again. */
#include <stdint.h>

#include "arch/arm/cpu.h"
#include "board/raspi2/bcm2835_uart.h"
#include "chainload/crc32.h"
#include "chainload/protocol.h"
#include "chainload/uart.h"

/* start.S */
void chainload_enter(uint32_t r0, uint32_t r1, uint32_t r2, uint32_t entry_cpsr)
    __attribute__((noreturn));
void chainload_main(uint32_t r0, uint32_t r1, uint32_t r2, uint32_t entry_cpsr)
    __attribute__((noreturn));
extern char __loader_start[], __loader_end[];

#define DTB_MAGIC_BE 0xedfe0dd0u /* 0xd00dfeed as a little-endian load reads it */

static void put(const char *s)
{
    while (*s) {
        if (*s == '\n')
            bcm2835_uart_putc('\r');
        bcm2835_uart_putc(*s++);
    }
}

static void put_dec(uint32_t v)
{
    char buf[11];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        bcm2835_uart_putc(buf[--n]);
}

static void put_hex(uint32_t v)
{
    put("0x");
    for (int shift = 28; shift >= 0; shift -= 4)
        bcm2835_uart_putc("0123456789abcdef"[(v >> shift) & 15]);
}

/* Skips bytes until the frame magic has come in, saying it is ready every
 * CHAINLOAD_ANNOUNCE_US meanwhile. No timeout here: under QEMU's -icount, idle time does not
 * pass while the host is slow, and on a board nobody may be at the other end yet. */
static void wait_for_magic(void)
{
    static const uint8_t magic[4] = {
        CHAINLOAD_FRAME_MAGIC & 0xff, (CHAINLOAD_FRAME_MAGIC >> 8) & 0xff,
        (CHAINLOAD_FRAME_MAGIC >> 16) & 0xff, CHAINLOAD_FRAME_MAGIC >> 24};
    unsigned matched = 0;
    uint32_t last = chainload_clock_us();
    put("chainload: ready for a kernel (send it with scripts/chainboot.py)\n");
    while (matched < sizeof magic) {
        if (chainload_clock_us() - last >= CHAINLOAD_ANNOUNCE_US) {
            last = chainload_clock_us();
            put("chainload: ready for a kernel (send it with scripts/chainboot.py)\n");
        }
        int c = bcm2835_uart_getc();
        if (c < 0)
            continue;
        if (c == magic[matched])
            matched++;
        else
            matched = c == magic[0];
    }
}

/* The next byte of a frame, or -1 after CHAINLOAD_BYTE_TIMEOUT_US without one. */
static int getc_timeout(void)
{
    uint32_t start = chainload_clock_us();
    do {
        int c = bcm2835_uart_getc();
        if (c >= 0)
            return c;
    } while (chainload_clock_us() - start < CHAINLOAD_BYTE_TIMEOUT_US);
    return -1;
}

/* A little-endian word of the frame into *out: 0, or -1 on a timeout. */
static int get_word(uint32_t *out)
{
    uint32_t w = 0;
    for (int i = 0; i < 4; i++) {
        int c = getc_timeout();
        if (c < 0)
            return -1;
        w |= (uint32_t)c << (8 * i);
    }
    *out = w;
    return 0;
}

static void timeout(const char *what, uint32_t got, uint32_t want)
{
    put("chainload: timeout: nothing for ");
    put_dec(CHAINLOAD_BYTE_TIMEOUT_US / 1000000);
    put(" s in the ");
    put(what);
    put(" after ");
    put_dec(got);
    put(" of ");
    put_dec(want);
    put(" bytes; waiting again\n");
}

/* Receives one frame into CHAINLOAD_KERNEL_ADDR. Returns its size, or 0 when the frame was bad
 * (the host was told why). */
static uint32_t receive(uint32_t max_size)
{
    wait_for_magic();
    uint32_t size;
    if (get_word(&size)) {
        timeout("size", 0, 4);
        return 0;
    }
    if (size == 0 || size > max_size) {
        put("chainload: refused a kernel of ");
        put_dec(size);
        put(" bytes: it must be 1 to ");
        put_dec(max_size);
        put(" bytes; waiting again\n");
        return 0;
    }
    put("chainload: receiving ");
    put_dec(size);
    put(" bytes\n");

    uint32_t start = chainload_clock_us();
    volatile uint8_t *dst = (volatile uint8_t *)CHAINLOAD_KERNEL_ADDR;
    uint32_t crc = CRC32_INIT;
    for (uint32_t i = 0; i < size; i++) {
        int c = getc_timeout();
        if (c < 0) {
            timeout("kernel", i, size);
            return 0;
        }
        dst[i] = (uint8_t)c;
        crc = crc32_update(crc, (uint8_t)c);
    }
    uint32_t sent;
    if (get_word(&sent)) {
        timeout("checksum", size, size);
        return 0;
    }
    uint32_t took = chainload_clock_us() - start;
    crc = crc32_final(crc);
    if (sent != crc) {
        put("chainload: bad checksum: the host sent ");
        put_hex(sent);
        put(", the bytes give ");
        put_hex(crc);
        put("; waiting again\n");
        return 0;
    }
    put("chainload: checksum ok (crc32 ");
    put_hex(crc);
    put("), ");
    put_dec(size);
    put(" bytes in ");
    put_dec(took);
    put(" us\n");
    return size;
}

/* The most the kernel may take: up to the loader, or up to a DTB that lies in between (ATAGS sit
 * at 0x100, below the kernel, and stay where they are). */
static uint32_t max_kernel_size(uint32_t r2)
{
    uint32_t end = (uint32_t)(uintptr_t)__loader_start;
    /* (r2 & 3) == 0: with the MMU off an unaligned word load faults. */
    if (r2 > CHAINLOAD_KERNEL_ADDR && r2 < end && (r2 & 3) == 0 &&
        *(volatile uint32_t *)(uintptr_t)r2 == DTB_MAGIC_BE)
        end = r2;
    return end - CHAINLOAD_KERNEL_ADDR;
}

void chainload_main(uint32_t r0, uint32_t r1, uint32_t r2, uint32_t entry_cpsr)
{
    chainload_uart_init();
    put("\nchainload: pinwheel serial chainloader, entered in ");
    uint32_t mode = entry_cpsr & CPSR_MODE_MASK;
    put(mode == CPSR_MODE_HYP ? "HYP" : mode == CPSR_MODE_SVC ? "SVC" : "an unexpected");
    put(" mode, r2 = ");
    put_hex(r2);
    put(", running at ");
    put_hex((uint32_t)(uintptr_t)__loader_start);
    put("\n");
    if (r2 >= (uint32_t)(uintptr_t)__loader_start && r2 < (uint32_t)(uintptr_t)__loader_end)
        put("chainload: WARNING: the boot information at r2 lies under the loader and is lost: "
            "use ATAGS (no .dtb on the card)\n");
    uint32_t max_size = max_kernel_size(r2);
    while (!receive(max_size))
        ;
    put("chainload: starting the kernel at ");
    put_hex(CHAINLOAD_KERNEL_ADDR);
    put("\n");
    bcm2835_uart_drain(CHAINLOAD_UART_SPINS);
    chainload_enter(r0, r1, r2, entry_cpsr);
}
