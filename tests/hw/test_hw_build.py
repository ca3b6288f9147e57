"""What the board needs from the compiled code that QEMU 7.2 never checks (docs/board.md,
"Where the board is stricter than QEMU"): read from the objects `make` built.

- Unaligned accesses: until the MMU is on (boot, kernel_main's first steps, the whole serial
  chainloader) every data access is strongly ordered, and an unaligned one faults whatever
  SCTLR.A says (ARM ARM A3.2.1). GCC for ARMv7 merges byte accesses into unaligned word ones
  unless told -mno-unaligned-access; QEMU 7.2 does not fault them. Every kernel and loader object
  must carry the build attribute that says it makes none.
- Barriers between peripherals (BCM2835 ARM Peripherals 1.3): every MMIO access through
  include/arch/arm/mmio.h must come after a dmb.
"""
import os
import re
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, "build")
CC = "arm-none-eabi-gcc"
READELF = "arm-none-eabi-readelf"
OBJDUMP = "arm-none-eabi-objdump"
ARCHFLAGS = ["-mcpu=cortex-a7", "-marm", "-mfloat-abi=soft", "-mno-unaligned-access"]


def objects(folder):
    found = []
    for dirpath, _, files in os.walk(os.path.join(BUILD, folder)):
        found += [os.path.join(dirpath, f) for f in files if f.endswith(".c.o")]
    return sorted(found)


def unaligned_tag(path):
    out = subprocess.run([READELF, "-A", path], capture_output=True, text=True,
                         check=True).stdout
    m = re.search(r"Tag_CPU_unaligned_access: (\S+)", out)
    return m.group(1) if m else "None"


class UnalignedAccess(unittest.TestCase):
    def check(self, objs):
        self.assertTrue(objs, "nothing built: run make first")
        allowing = [os.path.relpath(o, BUILD) for o in objs if unaligned_tag(o) != "None"]
        self.assertEqual(allowing, [], "built allowing unaligned accesses")

    def test_kernel_objects_make_no_unaligned_access(self):
        # Not the user image (obj/user, obj/ulib): it runs with the MMU on, from normal memory.
        self.check([o for o in objects("obj")
                    if not os.path.relpath(o, BUILD).startswith(("obj/user/", "obj/ulib/"))])

    def test_chainloader_objects_make_no_unaligned_access(self):
        self.check(objects("chainload"))

    def test_the_flag_is_what_sets_the_tag(self):
        # The check above would prove nothing if the tag were never set: without the flag,
        # a packed word read compiles to an unaligned ldr and the tag says so.
        src = "struct __attribute__((packed)) p { char c; unsigned w; };\n" \
              "unsigned f(struct p *x) { return x->w; }\n"
        with tempfile.TemporaryDirectory() as tmp:
            c = os.path.join(tmp, "p.c")
            with open(c, "w") as f:
                f.write(src)
            for flags, want in ((ARCHFLAGS[:-1], "v6"), (ARCHFLAGS, "None")):
                obj = os.path.join(tmp, "p.o")
                subprocess.run([CC] + flags + ["-O2", "-c", c, "-o", obj], check=True)
                self.assertEqual(unaligned_tag(obj), want)


class PeripheralBarriers(unittest.TestCase):
    def test_every_mmio_access_follows_a_dmb(self):
        # Two peripherals, one after the other: read, write, read.
        src = '#include "arch/arm/mmio.h"\n' \
              "uint32_t f(uintptr_t a, uintptr_t b) {\n" \
              "    uint32_t v = mmio_read(a);\n" \
              "    mmio_write(b, v);\n" \
              "    return mmio_read(b + 4) + mmio_read(a + 4);\n}\n"
        with tempfile.TemporaryDirectory() as tmp:
            c, obj = os.path.join(tmp, "m.c"), os.path.join(tmp, "m.o")
            with open(c, "w") as f:
                f.write(src)
            subprocess.run([CC] + ARCHFLAGS + ["-O2", "-I", os.path.join(ROOT, "include"),
                                               "-c", c, "-o", obj], check=True)
            dis = subprocess.run([OBJDUMP, "-d", obj], capture_output=True, text=True,
                                 check=True).stdout
        ops = re.findall(r"^\s+[0-9a-f]+:\s+[0-9a-f]+\s+(\w+)", dis, re.M)
        accesses, barrier = 0, False
        for op in ops:
            if op == "dmb":
                barrier = True
            elif op.startswith(("ldr", "str")):
                self.assertTrue(barrier, "an MMIO access without a dmb before it:\n" + dis)
                barrier = False
                accesses += 1
        self.assertEqual(accesses, 4, dis)


if __name__ == "__main__":
    unittest.main()
