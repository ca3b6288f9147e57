#!/usr/bin/python3
"""Sends a kernel to pinwheel's serial chainloader (build/chainload.img), then is a terminal.

    scripts/chainboot.py DEVICE [--baud 115200] [--kernel build/kernel7.img] [--once]

DEVICE is a serial device (/dev/ttyUSB0, through Debian's python3-serial) or unix:PATH, a QEMU
socket chardev (./qemu.sh --chainboot uses that). The script waits for the loader's
"chainload: ready" line, which the loader repeats every second, so it does not matter whether
the board or the script starts first; then it sends one frame: "PWCL", the size (32 bits,
little-endian), the bytes of the kernel and their CRC-32 (zlib's, little-endian). The protocol is
in include/chainload/protocol.h and docs/board.md. A bad checksum or a timeout makes the loader
say so and announce itself again, and the script sends again. Once the loader has the kernel,
the script is a terminal: what you type goes to the board, what the board sends comes out here;
Ctrl-] quits. When the loader announces itself again (the shell's `reboot` on a board), the
script sends the kernel file again, as it is now: edit, make, reboot. --once turns that off.

For tests: --corrupt N spoils one byte of the first N transfers (the checksum is the right one
for the unspoilt bytes), --bad-size SIZE first sends a frame header announcing SIZE bytes, which
the loader must refuse, and --stall-after N stops the first transfer after N bytes of the
kernel, for the loader's timeout.
"""
import argparse
import os
import select
import socket
import struct
import sys
import termios
import time
import tty
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAGIC = b"PWCL"  # CHAINLOAD_FRAME_MAGIC
READY = b"chainload: ready"
RECEIVING = b"chainload: receiving"
OK = b"chainload: checksum ok"
AGAIN = (b"chainload: bad checksum", b"chainload: timeout")
REFUSED = b"chainload: refused"
CTRL_RBRACKET = 0x1D
BITS_PER_BYTE = 10  # 8N1: a start bit, 8 data bits, a stop bit


def say(text):
    sys.stderr.write("chainboot: %s\n" % text)
    sys.stderr.flush()


def frame(kernel, corrupt=False):
    """The bytes the loader takes: magic, size, kernel, CRC-32 of the kernel."""
    body = bytearray(kernel)
    if corrupt:
        body[len(body) // 2] ^= 0x01
    return MAGIC + struct.pack("<I", len(kernel)) + bytes(body) + struct.pack("<I", zlib.crc32(kernel))


def transfer_seconds(size, baud):
    """Time on the wire for a frame carrying size bytes of kernel, at baud, 8N1."""
    return (size + 12) * BITS_PER_BYTE / baud


class Line:
    """A serial device (pyserial) or a unix socket, read without blocking."""

    def __init__(self, device, baud):
        if device.startswith("unix:"):
            path = device[len("unix:"):]
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            deadline = time.monotonic() + 30
            while True:  # QEMU creates the socket a moment after it starts
                try:
                    self.sock.connect(path)
                    break
                except (FileNotFoundError, ConnectionRefusedError):
                    if time.monotonic() > deadline:
                        raise SystemExit("chainboot: nothing listens on %s" % path)
                    time.sleep(0.05)
            self.fd = self.sock.fileno()
            self.port = None
        else:
            try:
                import serial
            except ImportError:
                raise SystemExit("chainboot: needs Debian's python3-serial (scripts/setup.sh "
                                 "installs it); run it with /usr/bin/python3")
            self.port = serial.Serial(device, baud, timeout=0)
            self.fd = self.port.fileno()
            self.sock = None

    def read(self):
        """What has arrived (b"" if nothing); None once the other end has gone."""
        if not select.select([self.fd], [], [], 0)[0]:
            return b""
        try:
            data = self.sock.recv(65536) if self.sock else self.port.read(65536)
        except OSError:
            return None
        if self.sock and not data:
            return None
        return data

    def write(self, data):
        if self.sock:
            self.sock.sendall(data)
        else:
            self.port.write(data)
            self.port.flush()


class Chainboot:
    def __init__(self, line, args):
        self.line = line
        self.args = args
        self.pending = b""  # an unfinished line of the board's output
        self.state = "wait"  # wait for READY, then "sent", then "terminal"
        self.corrupt_left = args.corrupt
        self.bad_size = args.bad_size
        self.expect_refusal = False
        self.stall_after = args.stall_after
        self.started = None
        self.tty = None

    def kernel(self):
        with open(self.args.kernel, "rb") as f:
            return f.read()

    def send(self):
        """Answers a READY line with one frame (or, for tests, a bad one)."""
        if self.bad_size is not None:
            say("sending a frame header for %d bytes (a test: the loader must refuse it)"
                % self.bad_size)
            self.line.write(MAGIC + struct.pack("<I", self.bad_size))
            self.bad_size = None
            self.expect_refusal = True
            return
        kernel = self.kernel()
        say("%s is %d bytes: at %d baud 8N1 that is %.2f s on the wire"
            % (os.path.relpath(self.args.kernel), len(kernel), self.args.baud,
               transfer_seconds(len(kernel), self.args.baud)))
        data = frame(kernel, corrupt=self.corrupt_left > 0)
        if self.corrupt_left > 0:
            self.corrupt_left -= 1
            say("spoiling one byte of this transfer (a test: the loader must say bad checksum)")
        if self.stall_after is not None:
            data = data[:8 + self.stall_after]
            say("stopping after %d bytes of the kernel (a test: the loader must time out)"
                % self.stall_after)
            self.stall_after = None
        self.started = time.monotonic()
        self.sent_size = len(kernel)
        self.state = "sent"  # before the last bytes: the answer may come while we write
        for i in range(0, len(data), 4096):
            self.line.write(data[i:i + 4096])
            self.relay(self.line.read() or b"")

    def on_line(self, text):
        if text.startswith(READY) and (self.state == "wait" or
                                       (self.state == "terminal" and not self.args.once)):
            if self.state == "terminal":
                say("the loader is back: sending the kernel again")
            self.send()
        elif text.startswith(REFUSED) and self.state != "terminal":
            if self.expect_refusal:
                self.expect_refusal = False
                return  # the refusal the test asked for: answer the next READY properly
            raise SystemExit("chainboot: the loader refused the kernel (see its line above)")
        elif text.startswith(AGAIN) and self.state == "sent":
            self.state = "wait"
        elif text.startswith(OK) and self.state == "sent":
            took = time.monotonic() - self.started
            say("sent %d bytes in %.2f s (%.0f bytes/s); at %d baud it takes %.2f s"
                % (self.sent_size, took, self.sent_size / took, self.args.baud,
                   transfer_seconds(self.sent_size, self.args.baud)))
            self.state = "terminal"
            say("terminal: Ctrl-] quits")

    def relay(self, data):
        """Copies the board's output to stdout and acts on the loader's lines."""
        if not data:
            return
        # Line by line, so that what this script says comes after the line that made it speak,
        # never in the middle of the board's next line.
        *lines, rest = data.split(b"\n")
        for text in lines:
            sys.stdout.buffer.write(text + b"\n")
            sys.stdout.buffer.flush()
            text, self.pending = self.pending + text, b""
            self.on_line(text.rstrip(b"\r"))
        sys.stdout.buffer.write(rest)
        sys.stdout.buffer.flush()
        self.pending += rest

    def run(self):
        stdin = sys.stdin.fileno()
        if os.isatty(stdin):
            self.tty = termios.tcgetattr(stdin)
            tty.setraw(stdin)
        watch_stdin = True
        try:
            while True:
                fds = [self.line.fd] + ([stdin] if watch_stdin else [])
                ready = select.select(fds, [], [], 0.5)[0]
                if self.line.fd in ready:
                    data = self.line.read()
                    if data is None:
                        return 0  # the board's side has gone (QEMU powered off)
                    self.relay(data)
                if stdin in ready:
                    keys = os.read(stdin, 1024)
                    if not keys:
                        watch_stdin = False  # stdin at its end (a script): keep relaying
                    elif CTRL_RBRACKET in keys:
                        return 0
                    elif self.state == "terminal":
                        self.line.write(keys)
        finally:
            if self.tty:
                termios.tcsetattr(stdin, termios.TCSADRAIN, self.tty)
                sys.stdout.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("device", help="serial device, e.g. /dev/ttyUSB0, or unix:PATH")
    ap.add_argument("--baud", type=int, default=115200,
                    help="line speed (115200: what the loader and the kernel use)")
    ap.add_argument("--kernel", default=os.path.join(ROOT, "build", "kernel7.img"))
    ap.add_argument("--once", action="store_true",
                    help="send the kernel once only, not again when the loader comes back")
    ap.add_argument("--corrupt", type=int, default=0, metavar="N", help=argparse.SUPPRESS)
    ap.add_argument("--bad-size", type=lambda s: int(s, 0), metavar="SIZE",
                    help=argparse.SUPPRESS)
    ap.add_argument("--stall-after", type=int, metavar="N", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not os.path.exists(args.kernel):
        raise SystemExit("chainboot: %s is missing: run make" % args.kernel)
    line = Line(args.device, args.baud)
    say("waiting for the loader on %s (power the board, or type reboot in pinwheel's shell)"
        % args.device)
    return Chainboot(line, args).run()


if __name__ == "__main__":
    sys.exit(main())
