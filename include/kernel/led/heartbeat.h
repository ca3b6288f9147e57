/* The ACT LED's heartbeat: two short blinks a second, like Linux's "heartbeat" LED trigger,
 * timed by one kernel timer on the one timer queue. Stopped, it has no timer queued at all. */
#ifndef KERNEL_LED_HEARTBEAT_H
#define KERNEL_LED_HEARTBEAT_H

#include <stdint.h>

/* The pattern, in microseconds from the start of each 1 s cycle: lit at 0, dark at ON, lit
 * again at GAP, dark at GAP + ON until the next cycle. */
#define HEARTBEAT_PERIOD_US 1000000u
#define HEARTBEAT_ON_US     70000u
#define HEARTBEAT_GAP_US    250000u

/* Lights the LED and queues the first timer. Returns 0, -EBUSY when already running, or
 * -ENOMEM when the timer pool is full. Task context, the timer queue started. */
int led_heartbeat_start(void);

/* Removes the heartbeat's timer and puts the LED out. Any context; a no-op when stopped. */
void led_heartbeat_stop(void);

int led_heartbeat_running(void);

/* Blinks (times the LED was lit by the heartbeat) since boot: the tests count them. */
uint32_t led_heartbeat_blinks(void);

#endif
