#!/usr/bin/env bash
# Writes build/sdcard.img (make sdcard) to an SD card: scripts/write_sdcard.sh /dev/sdX [IMAGE].
# It refuses anything that is not a whole removable block device, shows the device's size and
# model, and writes only after you type the device's name again. Needs root (or sudo) to write.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=${1:-}
img=${2:-build/sdcard.img}
[[ -n $dev ]] || { echo "usage: scripts/write_sdcard.sh /dev/sdX [IMAGE]" >&2; exit 2; }
[[ -f $img ]] || { echo "write_sdcard: $img is missing: run make sdcard FIRMWARE=DIR" >&2; exit 1; }
if [[ ! -b $dev ]]; then
    echo "write_sdcard: $dev is not a block device: refusing" >&2
    exit 1
fi
name=$(basename "$(readlink -f "$dev")")
if [[ ! -e /sys/block/$name ]]; then
    echo "write_sdcard: $dev is a partition, not a whole device: give the device (e.g. /dev/sdb)" >&2
    exit 1
fi
if [[ $(cat "/sys/block/$name/removable") != 1 ]]; then
    echo "write_sdcard: $dev is not a removable device (a card reader's card is): refusing" >&2
    exit 1
fi
lsblk -d -o NAME,SIZE,MODEL,TRAN "$dev"
echo "Everything on $dev will be lost. Type its name ($name) to write $img to it:"
read -r answer
[[ $answer == "$name" ]] || { echo "write_sdcard: not confirmed: nothing written" >&2; exit 1; }
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO=sudo
$SUDO dd if="$img" of="$dev" bs=4M conv=fsync status=progress
echo "write_sdcard: done; eject $dev before you take the card out"
