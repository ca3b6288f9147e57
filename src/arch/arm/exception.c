/* Exceptions taken in the kernel are fatal: decode and print what happened (ARM ARM B1.8
 * exception entry, B4.1.52 DFSR, B4.1.96 IFSR), then end in the kernel's fatal hook (its
 * panic). (Faults in a process only end the process: user_fault, src/kernel/syscall/syscall.c.)
 * Also the mode stacks' guard bands, which the same reports and the idle loop check. */
#include "arch/arm/exception.h"

#include "arch/arm/cpu.h"
#include "arch/arm/fault_status.h"
#include "arch/arm/semihost.h"
#include "lib/kprintf.h"

static const char *const kind_name[] = {
    [EXC_UNDEF] = "undefined instruction",
    [EXC_SVC] = "supervisor call",
    [EXC_PABT] = "prefetch abort",
    [EXC_DABT] = "data abort",
    [EXC_FIQ] = "FIQ",
};

static exception_fatal_t fatal_hook;

void exception_set_fatal_hook(exception_fatal_t hook)
{
    fatal_hook = hook;
}

static void dump_registers(const struct exc_frame *f)
{
    for (int i = 0; i < 13; i++)
        kprintf("  r%-2d %08x%s", i, (unsigned)f->r[i], i % 4 == 3 ? "\n" : "");
    kprintf("\n  sp  %08x  lr  %08x  pc  %08x  cpsr %08x\n", (unsigned)f->sp, (unsigned)f->lr,
            (unsigned)f->pc, (unsigned)f->spsr);
}

void exception_report(enum exc_kind kind, struct exc_frame *f)
{
    kprintf_sync(); /* the report must come out now: nothing will run to draw queued text */
    /* With no debugger (a board) the semihosting svc of semihost_exit lands here: halt. */
    if (kind == EXC_SVC && (f->spsr & CPSR_MODE_MASK) != CPSR_MODE_USR &&
        (*(const uint32_t *)f->pc & 0x00ffffffu) == SEMIHOST_SVC_IMM) {
        kprintf("(semihosting exit requested, but no debugger is attached: halting)\n");
        halt();
    }

    kprintf("\n*** %s in %s mode at pc %08x\n", kind_name[kind], cpu_mode_name(f->spsr),
            (unsigned)f->pc);
    if (kind == EXC_DABT) {
        unsigned dfsr = fault_read_dfsr();
        kprintf("    fault address %08x (%s), DFSR %08x: %s\n", fault_read_dfar(),
                (dfsr & FSR_WNR) ? "write" : "read", dfsr, fsr_describe(dfsr));
    } else if (kind == EXC_PABT) {
        unsigned ifsr = fault_read_ifsr();
        kprintf("    fault address %08x, IFSR %08x: %s\n", fault_read_ifar(), ifsr,
                fsr_describe(ifsr));
    } else if (kind == EXC_UNDEF) {
        kprintf("    instruction %08x\n", (unsigned)*(const uint32_t *)f->pc);
    }
    dump_registers(f);
    if (fatal_hook)
        fatal_hook(kind_name[kind]);
    halt();
}

/* ---- stack guard bands (layout in kernel.ld) ---- */

#define STACK_GUARD_WORDS   256u /* 1 KiB, STACK_GUARD in kernel.ld */
#define STACK_GUARD_PATTERN 0x57ac0bad
#define STACK_GUARD_CHECKED 4u /* words checked at the top of each band */

extern uint32_t __guard_fiq[], __guard_und[], __guard_abt[], __guard_irq[], __guard_svc[];

static const struct {
    const char *name;
    uint32_t *band;
} guards[] = {
    {"FIQ", __guard_fiq}, {"UND", __guard_und}, {"ABT", __guard_abt},
    {"IRQ", __guard_irq}, {"SVC", __guard_svc},
};

void stack_guards_init(void)
{
    for (unsigned g = 0; g < sizeof guards / sizeof guards[0]; g++)
        for (unsigned i = 0; i < STACK_GUARD_WORDS; i++)
            guards[g].band[i] = STACK_GUARD_PATTERN ^ i;
}

const char *stack_guards_check(void)
{
    /* An overflow writes the band from the top down: its highest words change first. */
    for (unsigned g = 0; g < sizeof guards / sizeof guards[0]; g++)
        for (unsigned i = STACK_GUARD_WORDS - STACK_GUARD_CHECKED; i < STACK_GUARD_WORDS; i++)
            if (guards[g].band[i] != (STACK_GUARD_PATTERN ^ i))
                return guards[g].name;
    return 0;
}
