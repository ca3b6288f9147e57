#!/usr/bin/python3
"""Writes a minimal flattened device tree for the DTB boot test (devicetree spec v0.3, ch. 5).

    tests/qemu/make_dtb.py OUT.dtb

The tree has what QEMU's loader fills in for a raw kernel given -dtb (a /memory node and
/chosen, whose bootargs QEMU sets from -append) and what pinwheel reads, like the Pi firmware's
own .dtb files: #address-cells = #size-cells = 1, memory@0, chosen/bootargs.
"""
import struct
import sys

FDT_MAGIC = 0xD00DFEED
FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_END = 1, 2, 3, 9


class Tree:
    def __init__(self):
        self.struct = b""
        self.strings = b""
        self.offsets = {}

    def _pad(self, data):
        return data + b"\0" * (-len(data) % 4)

    def begin(self, name):
        self.struct += struct.pack(">I", FDT_BEGIN_NODE) + self._pad(name.encode() + b"\0")

    def end(self):
        self.struct += struct.pack(">I", FDT_END_NODE)

    def prop(self, name, value):
        if name not in self.offsets:
            self.offsets[name] = len(self.strings)
            self.strings += name.encode() + b"\0"
        self.struct += struct.pack(">III", FDT_PROP, len(value), self.offsets[name])
        self.struct += self._pad(value)

    def blob(self):
        body = self.struct + struct.pack(">I", FDT_END)
        rsvmap = struct.pack(">QQ", 0, 0)
        off_rsv = 40
        off_struct = off_rsv + len(rsvmap)
        off_strings = off_struct + len(body)
        total = off_strings + len(self.strings)
        header = struct.pack(">10I", FDT_MAGIC, total, off_struct, off_strings, off_rsv, 17, 16,
                             0, len(self.strings), len(body))
        return header + rsvmap + body + self.strings


def cells(*values):
    return b"".join(struct.pack(">I", v) for v in values)


def main():
    t = Tree()
    t.begin("")
    t.prop("#address-cells", cells(1))
    t.prop("#size-cells", cells(1))
    t.prop("compatible", b"raspberrypi,2-model-b\0brcm,bcm2836\0")
    t.begin("memory@0")
    t.prop("device_type", b"memory\0")
    t.prop("reg", cells(0, 0x10000000))
    t.end()
    t.begin("chosen")
    t.prop("bootargs", b"placeholder\0")
    t.end()
    t.end()
    with open(sys.argv[1], "wb") as f:
        f.write(t.blob())


if __name__ == "__main__":
    main()
