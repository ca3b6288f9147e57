#!/usr/bin/env bash
# Boots pinwheel in QEMU's Raspberry Pi 2 model, serial console on this terminal.
#
#   ./qemu.sh [--icount] [--gdb] [--elf | --firmware | --dtb FILE] [--exec-log FILE]
#             [key=value ...]
#
#   key=value       kernel command-line words (demo=NAME, test=SUITE|all, exit=MS); passed with
#                   -append, like cmdline.txt on a board
#   --icount        deterministic virtual time (-icount shift=$ICOUNT_SHIFT,sleep=off, default 3)
#   --gdb           wait for gdb on port 1234 (then run `make gdb` in another terminal)
#   --elf           boot build/kernel.elf instead (all cores start at its entry, no boot info)
#   --firmware      boot build/kernel7.img the way the Pi 2 firmware does: at 0x8000, in HYP
#                   mode, with ATAGS (through the small shim in tests/qemu/shim/)
#   --dtb FILE      boot build/kernel7.img with a device tree instead of ATAGS in r2 (QEMU
#                   fills in its /memory and /chosen/bootargs), as firmware does with a .dtb
#   --exec-log FILE write QEMU's log of every translation block run to FILE (for
#                   scripts/profile.py; --one-insn-per-tb makes each block one instruction)
#
# By default it boots build/kernel7.img, the file a Pi 2's SD card takes. Quit with Ctrl-A X.
set -euo pipefail
cd "$(dirname "$0")"

icount=0 gdb=0 how=img dtb= exec_log= one_insn=0
words=()
while [[ $# -gt 0 ]]; do
    arg=$1
    shift
    case "$arg" in
        --dtb)
            [[ $# -gt 0 && -f $1 ]] || { echo "qemu.sh: --dtb needs a .dtb file" >&2; exit 2; }
            dtb=$1
            shift ;;
        --exec-log)
            [[ $# -gt 0 ]] || { echo "qemu.sh: --exec-log needs a file name" >&2; exit 2; }
            exec_log=$1
            shift ;;
        --one-insn-per-tb) one_insn=1 ;;
        --icount) icount=1 ;;
        --gdb) gdb=1 ;;
        --elf) how=elf ;;
        --firmware) how=firmware ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        --*) echo "qemu.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
        *) words+=("$arg") ;;
    esac
done
cmdline="${words[*]:-}"

scripts/setup.sh >&2
make -s all build/shim.elf >&2

args=(-M raspi2b -m 1G -display none
      -semihosting-config enable=on,target=native)
if [[ -t 0 ]]; then
    args+=(-serial mon:stdio)            # Ctrl-A X quits, Ctrl-A C is QEMU's monitor
else
    args+=(-serial stdio -monitor none)  # scripted runs: stdin may be /dev/null
fi
case "$how" in
    img) args+=(-kernel build/kernel7.img) ;;
    elf) args+=(-kernel build/kernel.elf) ;;
    firmware)
        # The shim reads the command line from a NUL-terminated string QEMU loads at 0x1f00000.
        cmdfile=$(mktemp)
        trap 'rm -f "$cmdfile"' EXIT
        printf '%s\0' "$cmdline" >"$cmdfile"
        args+=(-kernel build/shim.elf
               -device loader,file=build/kernel7.img,addr=0x8000,force-raw=on
               -device loader,file="$cmdfile",addr=0x1f00000,force-raw=on) ;;
esac
if [[ -n $cmdline && $how == img ]]; then
    args+=(-append "$cmdline")
fi
if [[ -n $dtb ]]; then
    [[ $how == img ]] || { echo "qemu.sh: --dtb goes with the default kernel7.img boot" >&2; exit 2; }
    args+=(-dtb "$dtb")
fi
if [[ $icount == 1 ]]; then
    args+=(-icount "shift=${ICOUNT_SHIFT:-3},sleep=off")
fi
if [[ -n $exec_log ]]; then
    args+=(-d in_asm,exec,nochain -D "$exec_log")
fi
if [[ $one_insn == 1 ]]; then
    args+=(-singlestep)
fi
if [[ $gdb == 1 ]]; then
    args+=(-s -S)
    echo "qemu.sh: waiting for gdb on localhost:1234 (run 'make gdb' in another terminal)" >&2
fi
if [[ -n $cmdline && $how == elf ]]; then
    echo "qemu.sh: an ELF boot gets no boot information, so the command line is dropped" >&2
fi
status=0
qemu-system-arm "${args[@]}" || status=$?
exit $status
