"""The screen console end to end: boot pinwheel in QEMU, take screenshots through QEMU's monitor
(`screendump`) and check, cell by cell and pixel by pixel, that the screen shows what the serial
console printed, drawn in the kernel's own font (read with scripts/psf2c.py).

    /usr/bin/python3 -m unittest discover -s tests/screen

QEMU runs with -icount shift=3,sleep=on rather than the runner's sleep=off: with sleep=off an
idle guest skips ahead to its next timer at once, so a whole exit=3000 run is over in a
fraction of a second, before a screenshot can be asked for. With sleep=on idle time passes in
real time, which leaves seconds to pause the machine (`stop`) at a known point and take the
screenshot of a machine that does not move.
"""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import psf2c  # noqa: E402

KERNEL = os.path.join(ROOT, "build", "kernel7.img")
FONT_C = os.path.join(ROOT, "build", "gen", "font.c")
FG = (0xAA, 0xAA, 0xAA)  # FBCON_FG in src/kernel/console/fbcon.c
BG = (0x00, 0x00, 0x00)
TAB = 8
HOST_TIMEOUT = 30  # seconds of host time for any one wait
BANNER_FIRST = re.compile(r"pinwheel \d+\.\d+\.\d+ on Raspberry Pi 2 .*")


def read_ppm(path):
    """(width, height, rgb bytes) of a binary PPM (P6, maxval 255), as QEMU's screendump writes."""
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    magic, width, height, maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    if magic != b"P6" or maxval != 255:
        raise ValueError("%s: not a P6 PPM with maxval 255" % path)
    pixels = data[pos + 1:pos + 1 + width * height * 3]
    if len(pixels) != width * height * 3:
        raise ValueError("%s: %d bytes of pixels, expected %d" % (path, len(pixels),
                                                                  width * height * 3))
    return width, height, pixels


def emulate(output, cols, rows):
    """The text fbcon_putc shows after output: rows strings of cols characters ('\ufffd' where
    it draws the replacement glyph). Mirrors src/kernel/console/fbcon.c: deferred wrap, scroll, tabs."""
    screen = [[" "] * cols for _ in range(rows)]
    col = row = 0

    def newline():
        nonlocal col, row
        col = 0
        if row + 1 < rows:
            row += 1
        else:
            screen.pop(0)
            screen.append([" "] * cols)

    def put(ch):
        nonlocal col
        if col >= cols:
            newline()
        screen[row][col] = ch
        col += 1

    for ch in output:
        if ch == "\n":
            newline()
        elif ch == "\r":
            col = 0
        elif ch == "\b":
            col = max(col - 1, 0)
        elif ch == "\t":
            put(" ")
            while col % TAB and col < cols:
                put(" ")
        else:
            put(ch if " " <= ch <= "~" else "\ufffd")
    return ["".join(line) for line in screen]


class Shot:
    """A screenshot read as text cells of the font's size."""

    def __init__(self, path, font):
        self.width, self.height, rgb = read_ppm(path)
        self.font = font
        self.cols = self.width // font.width
        self.rows = self.height // font.height
        self.glyphs = {}
        self.fg = []  # rows of booleans: True = foreground
        for y in range(self.height):
            line = rgb[y * self.width * 3:(y + 1) * self.width * 3]
            pixels = [tuple(line[i:i + 3]) for i in range(0, len(line), 3)]
            for x, p in enumerate(pixels):
                if p not in (FG, BG):
                    raise AssertionError("pixel (%d, %d) is %02x%02x%02x: neither the "
                                         "foreground nor the background" % ((x, y) + p))
            self.fg.append([p == FG for p in pixels])

    def cell(self, col, row):
        """The cell's pixels as rows of booleans (True = foreground)."""
        x, y = col * self.font.width, row * self.font.height
        return [line[x:x + self.font.width] for line in self.fg[y:y + self.font.height]]

    def glyph(self, ch):
        if ch not in self.glyphs:
            self.glyphs[ch] = self.font.glyph_pixels(ch)
        return self.glyphs[ch]

    def row_mismatches(self, row, text):
        """Columns of screen row `row` whose pixels differ from text drawn in the font."""
        text = text.ljust(self.cols)[:self.cols]
        return [col for col, ch in enumerate(text) if self.cell(col, row) != self.glyph(ch)]

    def blank_row(self, row):
        y = row * self.font.height
        return not any(any(line) for line in self.fg[y:y + self.font.height])


def picture(bits):
    return "\n".join("".join("#" if b else "." for b in line) for line in bits)


class Qemu:
    """pinwheel's kernel7.img in QEMU, as qemu.sh boots it, with the serial console in a file
    and the human monitor on a Unix socket."""

    def __init__(self, workdir, words):
        self.serial = os.path.join(workdir, "serial.txt")
        self.sock_path = os.path.join(workdir, "monitor.sock")
        self.log = open(os.path.join(workdir, "qemu.log"), "wb")
        self.sock = None
        cmd = ["qemu-system-arm", "-M", "raspi2b", "-m", "1G", "-display", "none",
               "-semihosting-config", "enable=on,target=native",
               "-serial", "file:" + self.serial,
               "-monitor", "unix:%s,server=on,wait=off" % self.sock_path,
               "-kernel", KERNEL, "-icount", "shift=3,sleep=on",
               "-append", " ".join(("qemu=1",) + tuple(words))]  # qemu=1: as qemu.sh adds it
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=subprocess.STDOUT)

    def output(self):
        try:
            with open(self.serial, "rb") as f:
                return f.read().decode("latin-1")
        except FileNotFoundError:
            return ""

    def wait_for(self, what, predicate):
        """Polls the serial output until predicate(text) holds; returns the text."""
        deadline = time.monotonic() + HOST_TIMEOUT
        while time.monotonic() < deadline:
            text = self.output()
            if predicate(text):
                return text
            if self.proc.poll() is not None:
                raise AssertionError("QEMU exited (status %s) before %s; serial output:\n%s"
                                     % (self.proc.returncode, what, text))
            time.sleep(0.02)
        raise AssertionError("no %s within %d s; serial output:\n%s"
                             % (what, HOST_TIMEOUT, self.output()))

    def monitor(self, command):
        """Runs one monitor command and returns what it printed."""
        if self.sock is None:
            deadline = time.monotonic() + HOST_TIMEOUT
            while True:
                try:
                    self.sock = socket.socket(socket.AF_UNIX)
                    self.sock.settimeout(HOST_TIMEOUT)
                    self.sock.connect(self.sock_path)
                    break
                except (FileNotFoundError, ConnectionRefusedError):
                    self.sock.close()
                    self.sock = None
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            self._read_prompt()  # the greeting
        self.sock.sendall(command.encode() + b"\n")
        return self._read_prompt()

    def _read_prompt(self):
        data = b""
        while not data.endswith(b"(qemu) "):
            chunk = self.sock.recv(4096)
            if not chunk:
                raise AssertionError("the monitor closed; so far: %r" % data)
            data += chunk
        return data.decode(errors="replace")

    def pause_quietly(self, quiet=0.05):
        """Stops the machine once its serial output has not changed for `quiet` seconds (and
        did not change up to the stop): a moment when it is waiting, not printing. Returns the
        serial output."""
        deadline = time.monotonic() + HOST_TIMEOUT
        last, since = self.output(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.005)
            text, now = self.output(), time.monotonic()
            if text != last:
                last, since = text, now
            elif now - since >= quiet:
                self.monitor("stop")
                if self.output() == last:
                    return last
                self.monitor("cont")
                last, since = self.output(), time.monotonic()
        raise AssertionError("the serial output never kept still for %.2f s" % quiet)

    def screendump(self, path, font):
        answer = self.monitor("screendump " + path)
        if not os.path.exists(path):
            raise AssertionError("screendump wrote nothing: %r" % answer)
        return Shot(path, font)

    def close(self):
        if self.sock is not None:
            self.sock.close()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=HOST_TIMEOUT)
        self.log.close()


class ScreenConsole(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        make = subprocess.run(["make", "-s", "all"], cwd=ROOT, capture_output=True, text=True)
        if make.returncode != 0:
            raise AssertionError("make failed:\n" + make.stdout + make.stderr)
        cls.font = psf2c.load(psf2c.source_of_generated(FONT_C))

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="pinwheel-screen-")
        self.qemu = None

    def tearDown(self):
        if self.qemu is not None:
            self.qemu.close()
        self.tmp.cleanup()

    def boot(self, *words):
        self.qemu = Qemu(self.tmp.name, words)
        return self.qemu

    def shoot(self):
        return self.qemu.screendump(os.path.join(self.tmp.name, "screen.ppm"), self.font)

    def assertScreenShows(self, shot, output):
        """Every cell of the screen is the glyph the kernel must have drawn there."""
        expected = emulate(output, shot.cols, shot.rows)
        for row, text in enumerate(expected):
            bad = shot.row_mismatches(row, text)
            if bad:
                col = bad[0]
                self.fail("row %d, columns %s differ from %r; column %d should be\n%s\nbut is\n%s"
                          % (row, bad, text.rstrip(), col,
                             picture(shot.glyph(text[col])),
                             picture(shot.cell(col, row))))

    def paused_shot(self, check):
        """Pauses the machine, takes a screenshot and runs check(shot, serial output). A pause
        can still land inside console_putc, between the UART and the screen, so a failed check
        is tried twice more at later pauses before it counts."""
        for attempt in range(3):
            output = self.qemu.pause_quietly()
            shot = self.shoot()
            try:
                return check(shot, output)
            except AssertionError:
                if attempt == 2:
                    raise
                self.qemu.monitor("cont")

    def test_banner_appears_in_the_kernel_font(self):
        self.boot("exit=3000")
        self.qemu.wait_for("banner", lambda text: re.search(r"command line: .*\n", text))
        self.paused_shot(self.check_banner)

    def check_banner(self, shot, output):
        height = 480 // self.font.height * self.font.height  # whole lines (480 in 8x16)
        self.assertEqual((shot.width, shot.height), (640, height))
        self.assertRegex(output, r"  screen: 640x%dx32 at 0x[0-9a-f]+\r\n" % height)
        # The banner starts with an empty line: row 0 is blank, the banner lines follow.
        lines = output.replace("\r\n", "\n").split("\n")
        first = next(i for i, l in enumerate(lines) if BANNER_FIRST.fullmatch(l))
        last = next(i for i, l in enumerate(lines) if l.startswith("  command line: "))
        self.assertEqual(first, 1)
        if shot.cols >= 80 and shot.rows >= 30:  # not for a FONT= larger than 8x16
            self.assertTrue(shot.blank_row(0))
            for row in range(first, last + 1):
                self.assertLessEqual(len(lines[row]), shot.cols, "a banner line wraps")
                self.assertEqual(shot.row_mismatches(row, lines[row]), [],
                                 "screen row %d is not %r" % (row, lines[row]))
        self.assertScreenShows(shot, output)

    def test_scrolling_keeps_the_last_lines(self):
        self.boot("demo=timers", "exit=3000")
        # The demo prints 14 lines a second after the 14 of the banner and its start: enough
        # to scroll the 30 rows of an 8x16 font by 5 lines within 1.5 s of the 3.
        rows = 480 // self.font.height
        self.qemu.wait_for("%d lines" % (rows + 6), lambda text: text.count("\n") > rows + 5)
        self.paused_shot(self.check_scrolled)

    def check_scrolled(self, shot, output):
        lines = output.replace("\r\n", "\n").rstrip("\n").split("\n")
        self.assertGreater(len(lines), shot.rows + 5, "too few lines to scroll")
        filled = [row for row in range(shot.rows) if not shot.blank_row(row)]
        self.assertTrue(filled, "the screen is blank")
        self.assertEqual(shot.row_mismatches(filled[-1], lines[-1]), [],
                         "the last non-empty screen row is not the last line printed, %r"
                         % lines[-1])
        banner = next(l for l in lines if BANNER_FIRST.fullmatch(l))
        self.assertFalse([row for row in range(shot.rows)
                          if not shot.row_mismatches(row, banner)],
                         "the first banner line is still on the screen")
        self.assertScreenShows(shot, output)

if __name__ == "__main__":
    unittest.main()
