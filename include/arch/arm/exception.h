/* Exception vectors and the fatal-exception reports (vectors.S, exception.c). */
#ifndef ARCH_ARM_EXCEPTION_H
#define ARCH_ARM_EXCEPTION_H

#include <stdint.h>

enum exc_kind { EXC_UNDEF, EXC_SVC, EXC_PABT, EXC_DABT, EXC_FIQ };

/* What the EXC_FATAL wrapper in vectors.S pushes, lowest address first. */
struct exc_frame {
    uint32_t spsr; /* CPSR of the interrupted code */
    uint32_t sp;   /* its banked sp and lr */
    uint32_t lr;
    uint32_t r[13];
    uint32_t pc; /* address of the faulting (or svc) instruction */
};

/* Copies the vector table to address 0 and selects it; returns the number of words that read
 * back wrong (0 = verified). */
int vectors_install(void);

/* Prints a register dump for kind, then calls the fatal hook (the kernel's panic); a semihosting
 * svc on a board halts quietly. Without a hook it halts. */
void exception_report(enum exc_kind kind, struct exc_frame *frame) __attribute__((noreturn));

/* What an exception taken in the kernel ends in: the kernel registers its panic here at boot,
 * so the arch layer never calls up by name. what names the exception ("data abort"). */
typedef void (*exception_fatal_t)(const char *what) __attribute__((noreturn));
void exception_set_fatal_hook(exception_fatal_t hook);

/* Fills every stack's guard band with its pattern (boot, before IRQs are enabled). */
void stack_guards_init(void);

/* Name of the first mode stack ("SVC", "IRQ", ...) whose guard band was written, or NULL. */
const char *stack_guards_check(void);

#endif
