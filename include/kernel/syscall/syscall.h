/* The kernel's entries for system calls and user faults, called from vectors.S. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "arch/arm/exception.h"
#include "arch/arm/trapframe.h"

/* svc from user mode: tf is proc_current's saved frame (number in r7, arguments r0-r3); the
 * result goes back in tf->r[0] (r0:r1 for time). On the kernel stack, IRQs masked; a blocking
 * call only marks the process, the switch happens in sched_return on the way out. */
void syscall_dispatch(struct trapframe *tf);

/* Undefined instruction, prefetch or data abort in user mode: kills proc_current with a
 * one-line report; the kernel goes on. Same context as syscall_dispatch. */
void user_fault(struct trapframe *tf, enum exc_kind kind);

#endif
