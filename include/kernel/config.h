/* Build-time capacities that more than one subsystem sizes its tables by. */
#ifndef KERNEL_CONFIG_H
#define KERNEL_CONFIG_H

/* Processes that can exist at once (the process table, the address-space slots): room for the
 * 256-sleeper benchmark and its driver. */
#define PROC_MAX 320

#endif
