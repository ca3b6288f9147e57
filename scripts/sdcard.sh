#!/usr/bin/env bash
# make sdcard: writes build/sdcard.img, a FAT32 image for a Raspberry Pi 2's SD card, without root
# and without loop mounts (dosfstools' mkfs.vfat -C, mtools' mcopy). It holds the firmware files
# from FIRMWARE=DIR, build/kernel7.img, config.txt (docs/board.md explains each line) and
# cmdline.txt (CMDLINE="words", empty by default: the shell). CHAINLOAD=1 puts the serial
# chainloader, build/chainload.img, on the card as kernel7.img instead. Nothing half-made is left behind:
# the image is built under another name and renamed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${1:-build/sdcard.img}
FIRMWARE_FILES=(bootcode.bin start.elf fixup.dat)
SIZE_MIB=64

need_firmware() {
    cat >&2 <<MSG
sdcard: $1
The Pi 2's firmware is not in Debian main, so it is not fetched for you. Get these three files
  bootcode.bin  start.elf  fixup.dat
from the boot/ folder of the Raspberry Pi firmware repository
(https://github.com/raspberrypi/firmware, folder boot/, "Download raw file" for each), or copy
them from the boot partition of any Raspberry Pi OS card, into one folder, then run
  make sdcard FIRMWARE=that/folder
docs/board.md says which firmware releases are known to work. Nothing was written.
MSG
    exit 1
}

[[ -n ${FIRMWARE:-} ]] || need_firmware "FIRMWARE=DIR is not set."
[[ -d $FIRMWARE ]] || need_firmware "FIRMWARE=$FIRMWARE is not a folder."
for f in "${FIRMWARE_FILES[@]}"; do
    [[ -f $FIRMWARE/$f ]] || need_firmware "$FIRMWARE/$f is missing."
done
KERNEL_IMG=build/kernel7.img
[[ ${CHAINLOAD:-} != 1 ]] || KERNEL_IMG=build/chainload.img
[[ -f $KERNEL_IMG ]] || { echo "sdcard: $KERNEL_IMG is missing: run make" >&2; exit 1; }

tmp=$(mktemp "${OUT}.partial.XXXXXX")
trap 'rm -f "$tmp"' EXIT
rm -f "$tmp"
mkfs.vfat -C -F 32 -n PINWHEEL "$tmp" $((SIZE_MIB * 1024)) >/dev/null

# config.txt: keep it in step with the block in docs/board.md (tests/sdcard checks both).
cat >"${tmp}.config" <<'CONFIG'
# pinwheel on a Raspberry Pi 2: the firmware reads this file before it starts the kernel.
# The kernel: loaded at 0x8000 and entered in HYP mode, with ATAGS (or a DTB) in r2.
kernel=kernel7.img
# The serial console: the PL011 UART on GPIO 14 (TXD) and 15 (RXD), pins 8 and 10.
enable_uart=1
# Its clock, 48 MHz, for 115200 baud. pinwheel asks the firmware for it too; old firmware
# needs it here.
init_uart_clock=48000000
CONFIG
printf '%s\n' "${CMDLINE:-}" >"${tmp}.cmdline"
trap 'rm -f "$tmp" "${tmp}.config" "${tmp}.cmdline"' EXIT

for f in "${FIRMWARE_FILES[@]}"; do
    mcopy -i "$tmp" "$FIRMWARE/$f" "::$f"
    echo "sdcard: $f sha256 $(sha256sum "$FIRMWARE/$f" | cut -d' ' -f1)"
done
mcopy -i "$tmp" "$KERNEL_IMG" ::kernel7.img
mcopy -i "$tmp" "${tmp}.config" ::config.txt
mcopy -i "$tmp" "${tmp}.cmdline" ::cmdline.txt
mv "$tmp" "$OUT"
echo "sdcard: wrote $OUT ($SIZE_MIB MiB FAT32: ${FIRMWARE_FILES[*]} kernel7.img config.txt cmdline.txt)"
[[ ${CHAINLOAD:-} != 1 ]] || echo "sdcard: its kernel7.img is the serial chainloader: send kernels with scripts/chainboot.py"
echo "sdcard: put it on a card with scripts/write_sdcard.sh /dev/sdX (it asks first)"
