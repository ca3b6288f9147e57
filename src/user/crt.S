/* Where a process's entry function returns to: exit with its return value (already in r0). */
#include "kernel/syscall/syscall_abi.h"

    .text
    .arm
    .global user_exit_trampoline
user_exit_trampoline:
    mov     r7, #SYS_EXIT
    svc     #0
    b       user_exit_trampoline            @ exit does not return
