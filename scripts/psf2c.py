#!/usr/bin/python3
"""Turns a Linux console font (.psf or .psf.gz, PSF1 or PSF2) into C for the screen console.

    scripts/psf2c.py FONT.psf.gz build/gen/font.c

The C file defines what include/kernel/console/fbcon.h declares: font_width, font_height,
font_row_bytes and font_glyphs[FONT_GLYPHS * font_height * font_row_bytes]. Glyph n is the
character with code point n (0-255, Latin-1, found through the font's Unicode table when it has
one, else glyph n itself); glyph FONT_GLYPH_REPLACEMENT (256) is U+FFFD, or '?' when the font
lacks it, and also stands in for every code point the font cannot draw. Each glyph row is
font_row_bytes bytes, the leftmost pixel in the top bit of the first byte (the PSF layout).

tests/screen/test_screen.py imports this module to draw the text it expects on the screen.
The format: https://www.win.tue.nl/~aeb/linux/kbd/font-formats-1.html (PSF1 and PSF2 headers,
glyph bitmaps, then an optional Unicode table).
"""
import gzip
import os
import struct
import sys

PSF1_MAGIC = b"\x36\x04"
PSF1_MODE512 = 0x01
PSF1_MODEHASTAB = 0x02
PSF1_MODESEQ = 0x04
PSF1_SEPARATOR = 0xFFFF
PSF1_STARTSEQ = 0xFFFE

PSF2_MAGIC = b"\x72\xb5\x4a\x86"
PSF2_HAS_UNICODE_TABLE = 0x01
PSF2_SEPARATOR = 0xFF
PSF2_STARTSEQ = 0xFE

GLYPHS_OUT = 257  # code points 0-255, then the replacement glyph
REPLACEMENT = 256


class Font:
    """A parsed PSF font: glyph bitmaps and, if the file has one, code point -> glyph index."""

    def __init__(self, version, width, height, glyphs, unicode_map):
        self.version = version
        self.width = width
        self.height = height
        self.row_bytes = (width + 7) // 8
        self.glyphs = glyphs  # list of bytes, height * row_bytes each
        self.unicode_map = unicode_map  # dict, or None without a Unicode table

    def index_of(self, code_point):
        """Glyph index for a code point, or None when the font cannot draw it."""
        if self.unicode_map is not None:
            return self.unicode_map.get(code_point)
        return code_point if code_point < len(self.glyphs) else None

    def replacement_index(self):
        for cp in (0xFFFD, ord("?")):
            index = self.index_of(cp)
            if index is not None:
                return index
        return 0

    def table(self):
        """The GLYPHS_OUT bitmaps the kernel gets: code points 0-255, then the replacement."""
        fallback = self.replacement_index()
        out = []
        for cp in range(256):
            index = self.index_of(cp)
            out.append(self.glyphs[fallback if index is None else index])
        out.append(self.glyphs[fallback])
        return out

    def pixels(self, bitmap):
        """A glyph bitmap as height rows of width booleans (True = foreground)."""
        rows = []
        for y in range(self.height):
            row = bitmap[y * self.row_bytes:(y + 1) * self.row_bytes]
            rows.append([bool(row[x // 8] & (0x80 >> (x % 8))) for x in range(self.width)])
        return rows

    def glyph_pixels(self, ch):
        """What the kernel draws for character ch (as fbcon_putc does for printable ASCII)."""
        if not hasattr(self, "_table"):
            self._table = self.table()
        cp = ord(ch)
        return self.pixels(self._table[cp] if 0x20 <= cp < 0x7F else self._table[REPLACEMENT])


def read_font_bytes(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


def parse(data):
    """Parses PSF1 or PSF2 bytes into a Font; raises ValueError on anything malformed."""
    if data[:2] == PSF1_MAGIC:
        return parse_psf1(data)
    if data[:4] == PSF2_MAGIC:
        return parse_psf2(data)
    raise ValueError("not a PSF font (bad magic %r)" % data[:4])


def parse_psf1(data):
    if len(data) < 4:
        raise ValueError("PSF1 header cut short")
    mode, charsize = data[2], data[3]
    count = 512 if mode & PSF1_MODE512 else 256
    end = 4 + count * charsize
    if charsize == 0 or len(data) < end:
        raise ValueError("PSF1: %d glyphs of %d bytes do not fit in %d bytes"
                         % (count, charsize, len(data)))
    glyphs = [data[4 + i * charsize:4 + (i + 1) * charsize] for i in range(count)]
    unicode_map = None
    if mode & (PSF1_MODEHASTAB | PSF1_MODESEQ):
        unicode_map = {}
        entries = data[end:]
        if len(entries) % 2:
            raise ValueError("PSF1: odd-sized Unicode table")
        words = struct.unpack("<%dH" % (len(entries) // 2), entries)
        glyph, in_seq = 0, False
        for w in words:
            if glyph >= count:
                break
            if w == PSF1_SEPARATOR:
                glyph, in_seq = glyph + 1, False
            elif w == PSF1_STARTSEQ:
                in_seq = True  # what follows are combining sequences: not single code points
            elif not in_seq:
                unicode_map.setdefault(w, glyph)
    return Font(1, 8, charsize, glyphs, unicode_map)


def parse_psf2(data):
    if len(data) < 32:
        raise ValueError("PSF2 header cut short")
    (_, version, headersize, flags, count, charsize, height,
     width) = struct.unpack("<4sIIIIIII", data[:32])
    if version != 0:
        raise ValueError("PSF2 version %d is unknown" % version)
    if width == 0 or height == 0 or charsize != height * ((width + 7) // 8):
        raise ValueError("PSF2: %dx%d glyphs cannot be %d bytes" % (width, height, charsize))
    end = headersize + count * charsize
    if len(data) < end:
        raise ValueError("PSF2: %d glyphs of %d bytes do not fit in %d bytes"
                         % (count, charsize, len(data)))
    glyphs = [data[headersize + i * charsize:headersize + (i + 1) * charsize]
              for i in range(count)]
    unicode_map = None
    if flags & PSF2_HAS_UNICODE_TABLE:
        unicode_map = {}
        glyph, pos = 0, end
        while glyph < count and pos < len(data):
            stop = data.index(PSF2_SEPARATOR, pos) if PSF2_SEPARATOR in data[pos:] else len(data)
            entry = data[pos:stop]
            singles = entry.split(bytes([PSF2_STARTSEQ]))[0]  # sequences follow 0xFE
            for ch in singles.decode("utf-8", errors="strict"):
                unicode_map.setdefault(ord(ch), glyph)
            glyph, pos = glyph + 1, stop + 1
    return Font(2, width, height, glyphs, unicode_map)


def load(path):
    return parse(read_font_bytes(path))


def c_source(font, source_name):
    """The C file for the kernel (see the module docstring)."""
    kind = "PSF%d, %d glyphs, %s" % (font.version, len(font.glyphs),
                                     "Unicode table" if font.unicode_map is not None
                                     else "no Unicode table: glyph n is code point n")
    lines = [
        "/* Generated by scripts/psf2c.py: do not edit. The console font for src/kernel/console/fbcon.c.",
        " * font: %s" % source_name,
        " * (%s, %ux%u) */" % (kind, font.width, font.height),
        '#include "kernel/console/fbcon.h"',
        "",
        "const uint32_t font_width = %uu;" % font.width,
        "const uint32_t font_height = %uu;" % font.height,
        "const uint32_t font_row_bytes = %uu;" % font.row_bytes,
        "",
        "_Static_assert(FONT_GLYPHS == %d && FONT_GLYPH_REPLACEMENT == %d,"
        % (GLYPHS_OUT, REPLACEMENT),
        '               "include/kernel/console/fbcon.h and scripts/psf2c.py disagree");',
        "",
        "const uint8_t font_glyphs[FONT_GLYPHS * %d] = {" % (font.height * font.row_bytes),
    ]
    for cp, bitmap in enumerate(font.table()):
        label = "replacement" if cp == REPLACEMENT else (
            "U+%04X %r" % (cp, chr(cp)) if 0x20 <= cp < 0x7F else "U+%04X" % cp)
        lines.append("    /* %d: %s */" % (cp, label.replace("*/", "* /")))
        lines.append("    " + ", ".join("0x%02x" % b for b in bitmap) + ",")
    lines.append("};")
    return "\n".join(lines) + "\n"


def source_of_generated(c_path):
    """The font path written into a generated font.c (for the screen test)."""
    with open(c_path) as f:
        for line in f:
            if line.startswith(" * font: "):
                return line[len(" * font: "):].strip()
    raise ValueError("%s does not name its font" % c_path)


def main(argv):
    if len(argv) != 3:
        print("usage: psf2c.py FONT.psf[.gz] OUTPUT.c", file=sys.stderr)
        return 2
    try:
        font = load(argv[1])
    except (OSError, ValueError, EOFError) as e:
        print("psf2c: %s: %s" % (argv[1], e), file=sys.stderr)
        return 1
    text = c_source(font, os.path.abspath(argv[1]))
    tmp = argv[2] + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
