/* Raspberry Pi 2 (BCM2836) physical memory map: BCM2835 ARM Peripherals section 1.2.3 and
 * the BCM2836 "ARM local peripherals" note. Register offsets live with each driver. */
#ifndef BOARD_RASPI2_PERIPHERALS_H
#define BOARD_RASPI2_PERIPHERALS_H

#define PERIPHERAL_BASE 0x3F000000u
#define SYSTIMER_BASE   (PERIPHERAL_BASE + 0x003000u)
#define SYSTIMER_CLO    (SYSTIMER_BASE + 0x04u) /* boot.S reads it before the driver runs */
#define INTC_BASE       (PERIPHERAL_BASE + 0x00B200u)
#define MBOX_BASE       (PERIPHERAL_BASE + 0x00B880u)
#define GPIO_BASE       (PERIPHERAL_BASE + 0x200000u)
#define UART0_BASE      (PERIPHERAL_BASE + 0x201000u)

#define LOCAL_BASE 0x40000000u
/* Core n's mailbox 3 "set" register: the firmware (and QEMU's stub) park cores 1-3 polling it. */
#define LOCAL_MBOX3_SET(n) (LOCAL_BASE + 0x8Cu + 0x10u * (n))

#endif
