/* The Raspberry Pi 2's devices as the kernel's interfaces (include/board/raspi2/board.h). */
#include "board/raspi2/board.h"

#include "board/raspi2/bcm2835_fb.h"
#include "board/raspi2/bcm2835_uart.h"
#include "board/raspi2/irq_numbers.h"

const struct serial_dev board_serial = {
    .rx_irq_line = IRQ_UART0,
    .init = bcm2835_uart_init,
    .putc = bcm2835_uart_putc,
    .getc = bcm2835_uart_getc,
    .rx_irq = bcm2835_uart_rx_irq,
};

const struct framebuffer_dev board_framebuffer = {
    .init = bcm2835_fb_init,
    .set_offset = bcm2835_fb_set_offset,
};
