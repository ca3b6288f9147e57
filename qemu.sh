#!/usr/bin/env bash
# Boots pinwheel in QEMU's Raspberry Pi 2 model, serial console on this terminal.
#
#   ./qemu.sh [--icount] [--gdb] [--elf | --firmware | --dtb FILE] [--chainboot]
#             [--no-reboot] [--exec-log FILE] [--dirty-ram] [--meter] [key=value ...]
#
#   key=value       kernel command-line words (demo=NAME, test=SUITE|all, exit=MS); passed with
#                   -append, like cmdline.txt on a board, after qemu=1, which tells the kernel it
#                   runs in QEMU (a qemu=0 among the words boots it as if on a board)
#   --icount        deterministic virtual time (-icount shift=$ICOUNT_SHIFT,sleep=off, default 3)
#   --gdb           wait for gdb on port 1234 (then run `make gdb` in another terminal)
#   --elf           boot build/kernel.elf instead (all cores start at its entry, no boot info)
#   --firmware      boot build/kernel7.img the way the Pi 2 firmware does: at 0x8000, in HYP
#                   mode, with ATAGS (through the small shim in tests/qemu/shim/)
#   --dtb FILE      boot build/kernel7.img with a device tree instead of ATAGS in r2 (QEMU
#                   fills in its /memory and /chosen/bootargs), as firmware does with a .dtb
#   --chainboot     boot build/chainload.img (the serial chainloader) instead, and send it
#                   build/kernel7.img over the serial line, a unix socket that
#                   scripts/chainboot.py drives; then that script is the console (Ctrl-] quits).
#                   With --firmware, the loader starts like on a board (HYP, 0x8000).
#   --no-reboot     a reset (the shell's reboot, panic=N) ends QEMU instead of restarting it,
#                   as the tests want
#   --exec-log FILE write QEMU's log of every translation block run to FILE (for
#                   scripts/profile.py; --one-insn-per-tb makes each block one instruction)
#   --dirty-ram     with --firmware: fill RAM from the image's end to 31 MiB with 0xA5 bytes
#                   before the boot, as a board's RAM holds whatever it held (QEMU zeroes it):
#                   .bss, .noinit, the stacks, the translation tables, the first pages
#   --meter         boot the IRQ-off meter's build instead (build/meter/kernel7.img, built
#                   with `make METER=1 BUILD=build/meter`): it prints the longest stretch
#                   with IRQs masked (docs/robustness.md)
#
# By default it boots build/kernel7.img, the file a Pi 2's SD card takes. Quit with Ctrl-A X.
set -euo pipefail
cd "$(dirname "$0")"

icount=0 gdb=0 how=img dtb= chainboot=0 exec_log= one_insn=0 meter=0 dirty=0 no_reboot=0
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
        --chainboot) chainboot=1 ;;
        --meter) meter=1 ;;
        --dirty-ram) dirty=1 ;;
        --no-reboot) no_reboot=1 ;;
        -h|--help) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        --*) echo "qemu.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
        *) words+=("$arg") ;;
    esac
done
# qemu=1 first: the kernel's one sign that it runs in QEMU (docs/board.md, "What differs from
# QEMU"); a later qemu=0 among the words wins, for a board-like boot.
cmdline="qemu=1${words[*]:+ ${words[*]}}"
CMDLINE_MAX=467 # what QEMU's raspi2b keeps of -append (below)

scripts/setup.sh >&2
make -s all build/shim.elf >&2

image=build/kernel7.img
if [[ $meter == 1 ]]; then
    [[ $how == img && $chainboot == 0 ]] || { echo "qemu.sh: --meter goes with the default kernel7.img boot" >&2; exit 2; }
    make -s METER=1 BUILD=build/meter build/meter/kernel7.img >&2
    image=build/meter/kernel7.img
fi
if [[ $chainboot == 1 ]]; then
    [[ $how != elf && -z $dtb ]] || { echo "qemu.sh: --chainboot goes with the kernel7.img or --firmware boot" >&2; exit 2; }
    image=build/chainload.img
fi

args=(-M raspi2b -m 1G -display none
      -semihosting-config enable=on,target=native)
if [[ $chainboot == 1 ]]; then
    # The serial line is a unix socket. QEMU waits (wait=on) until chainboot.py connects, so
    # the loader's first "ready" line reaches it.
    sockdir=$(mktemp -d)
    trap 'rm -rf "$sockdir"' EXIT
    args+=(-chardev "socket,id=serial0,path=$sockdir/serial,server=on,wait=on"
           -serial chardev:serial0 -monitor none)
elif [[ -t 0 ]]; then
    args+=(-serial mon:stdio)            # Ctrl-A X quits, Ctrl-A C is QEMU's monitor
else
    args+=(-serial stdio -monitor none)  # scripted runs: stdin may be /dev/null
fi
case "$how" in
    img) args+=(-kernel "$image") ;;
    elf) args+=(-kernel build/kernel.elf) ;;
    firmware)
        # The shim reads the command line from a NUL-terminated string QEMU loads at 0x1f00000.
        cmdfile=$(mktemp)
        trap 'rm -f "$cmdfile"; [[ -z ${sockdir:-} ]] || rm -rf "$sockdir"' EXIT
        printf '%s\0' "$cmdline" >"$cmdfile"
        args+=(-kernel build/shim.elf
               -device loader,file="$image",addr=0x8000,force-raw=on
               -device loader,file="$cmdfile",addr=0x1f00000,force-raw=on)
        if [[ $dirty == 1 ]]; then
            # From the first 4 KiB boundary after the image up to the command line at 31 MiB.
            dirtyfile=$(mktemp)
            trap 'rm -f "$cmdfile" "$dirtyfile"; [[ -z ${sockdir:-} ]] || rm -rf "$sockdir"' EXIT
            start=$(( (0x8000 + $(stat -c %s "$image") + 4095) / 4096 * 4096 ))
            head -c $(( 0x1f00000 - start )) /dev/zero | tr '\0' '\245' >"$dirtyfile"
            args+=(-device loader,file="$dirtyfile",addr=$start,force-raw=on)
        fi ;;
esac
[[ $dirty == 0 || $how == firmware ]] || { echo "qemu.sh: --dirty-ram goes with --firmware" >&2; exit 2; }
if [[ -n $cmdline && $how == img ]]; then
    # QEMU's raspi2b puts the command line in the ATAGS at 0x100 and then writes its start-up
    # code for the other cores at 0x300, over whatever of it reaches that far: measured, 467
    # characters come through and a 468th is lost with the rest. Refuse rather than boot a
    # kernel that would see half a command line.
    if (( ${#cmdline} > CMDLINE_MAX )); then
        echo "qemu.sh: the kernel command line is ${#cmdline} characters; QEMU's raspi2b keeps only $CMDLINE_MAX" >&2
        echo "qemu.sh: (its start-up code at 0x300 overwrites the rest): shorten it" >&2
        exit 2
    fi
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
if [[ $no_reboot == 1 ]]; then
    args+=(-no-reboot)
fi
if [[ $one_insn == 1 ]]; then
    args+=(-singlestep)
fi
if [[ $gdb == 1 ]]; then
    args+=(-s -S)
    echo "qemu.sh: waiting for gdb on localhost:1234 (run 'make gdb' in another terminal)" >&2
fi
if [[ ${#words[@]} -gt 0 && $how == elf ]]; then
    echo "qemu.sh: an ELF boot gets no boot information, so the command line is dropped" >&2
fi
status=0
if [[ $chainboot == 1 ]]; then
    # QEMU in the background, chainboot.py in the foreground; CHAINBOOT_OPTS passes it more
    # options (the tests' --corrupt, --bad-size, --stall-after).
    qemu-system-arm "${args[@]}" </dev/null &
    qemu=$!
    # shellcheck disable=SC2086
    /usr/bin/python3 scripts/chainboot.py "unix:$sockdir/serial" ${CHAINBOOT_OPTS:-} || status=$?
    if kill -0 "$qemu" 2>/dev/null; then
        kill "$qemu" 2>/dev/null || true     # Ctrl-] (or chainboot.py gave up): stop QEMU too
        wait "$qemu" || true
    else
        wait "$qemu" || status=$?            # QEMU ended the run: its status is the run's
    fi
    exit $status
fi
qemu-system-arm "${args[@]}" || status=$?
exit $status
