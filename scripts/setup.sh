#!/usr/bin/env bash
# Installs what pinwheel needs to build, boot and test, from Debian's packages only.
# Idempotent: installs nothing when everything is there. Run as root or with sudo available.
set -euo pipefail

# command-or-file that proves the package is there -> Debian package
declare -A NEED=(
    [arm-none-eabi-gcc]=gcc-arm-none-eabi
    [qemu-system-arm]=qemu-system-arm
    [gdb-multiarch]=gdb-multiarch
    [cc]=gcc
    [make]=make
    [/usr/include/cmocka.h]=libcmocka-dev
    [/usr/bin/python3]=python3
    [/usr/lib/python3/dist-packages/matplotlib]=python3-matplotlib
    [/usr/lib/python3/dist-packages/pexpect]=python3-pexpect
    [/usr/lib/python3/dist-packages/serial]=python3-serial
    [/usr/share/consolefonts/Lat15-Terminus16.psf.gz]=console-setup-linux
    [/sbin/mkfs.vfat]=dosfstools
    [mcopy]=mtools
)

# make fuzz: clang's libFuzzer and sanitizer runtimes.
if [[ ${1:-} == --fuzz ]]; then
    NEED[clang]=clang
    NEED[/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a]=libclang-rt-14-dev
fi

missing=()
for probe in "${!NEED[@]}"; do
    if [[ $probe == /* ]]; then
        [[ -e $probe ]] || missing+=("${NEED[$probe]}")
    else
        command -v "$probe" >/dev/null 2>&1 || missing+=("${NEED[$probe]}")
    fi
done
# AddressSanitizer runtime for the host unit tests (comes with gcc on Debian, but check).
if ! ls /usr/lib/gcc/*/*/libasan.so >/dev/null 2>&1; then
    missing+=(libasan8)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "setup: all dependencies present"
    exit 0
fi

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "setup: installing from Debian: ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
    SUDO=sudo
fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "setup: done"
