/* The scheduling lab's kernel side (src/kernel/lab/lab.c). */
#ifndef KERNEL_LAB_H
#define KERNEL_LAB_H

#include <stdint.h>

#include "kernel/boot/cmdline.h"

/* Starts the workload of scenario (or of the procs= spec when non-empty) with tracing on; the
 * summary and the trace print at kernel_exit. Returns 0, -ENOENT for an unknown scenario or
 * -EINVAL for a malformed spec (reported). The scenario= boot mode calls it. */
int lab_start(const struct boot_config *cfg);

#endif
