"""scripts/chainboot.py: its frame, its figures, and a boot over a serial device (a QEMU pty,
through python3-serial) that the script joins after the loader has started.

    /usr/bin/python3 -m unittest discover -s tests/chainload
(the QEMU boots through ./qemu.sh --chainboot are in scripts/run_tests.py)
"""
import importlib.util
import os
import re
import select
import struct
import subprocess
import time
import unittest
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
spec = importlib.util.spec_from_file_location("chainboot",
                                              os.path.join(ROOT, "scripts", "chainboot.py"))
chainboot = importlib.util.module_from_spec(spec)
spec.loader.exec_module(chainboot)


class Frame(unittest.TestCase):
    def test_layout(self):
        kernel = bytes(range(256)) * 3
        f = chainboot.frame(kernel)
        self.assertEqual(f[:4], b"PWCL")
        self.assertEqual(struct.unpack("<I", f[4:8])[0], len(kernel))
        self.assertEqual(f[8:-4], kernel)
        self.assertEqual(struct.unpack("<I", f[-4:])[0], zlib.crc32(kernel))

    def test_magic_matches_the_loaders(self):
        with open(os.path.join(ROOT, "include", "chainload", "protocol.h")) as h:
            value = int(re.search(r"#define CHAINLOAD_FRAME_MAGIC (0x[0-9A-Fa-f]+)u", h.read())
                        .group(1), 16)
        self.assertEqual(struct.pack("<I", value), chainboot.MAGIC)

    def test_a_spoilt_frame_keeps_the_good_checksum(self):
        kernel = b"pinwheel" * 100
        good, bad = chainboot.frame(kernel), chainboot.frame(kernel, corrupt=True)
        self.assertEqual(good[-4:], bad[-4:])
        self.assertEqual(sum(a != b for a, b in zip(good, bad)), 1)

    def test_transfer_time_at_115200_8n1(self):
        # 10 bits a byte: 11520 bytes a second, plus the 12 bytes of framing.
        self.assertAlmostEqual(chainboot.transfer_seconds(115200 - 12, 115200), 10.0)
        self.assertAlmostEqual(chainboot.transfer_seconds(11508, 115200), 1.0)


class SerialDevice(unittest.TestCase):
    def test_boot_over_a_pty_joined_after_the_loader_started(self):
        subprocess.run(["make", "-s", "all"], cwd=ROOT, check=True, capture_output=True)
        qemu = subprocess.Popen(
            ["qemu-system-arm", "-M", "raspi2b", "-m", "1G", "-display", "none", "-monitor",
             "none", "-semihosting-config", "enable=on,target=native", "-icount",
             "shift=3,sleep=off", "-kernel", "build/chainload.img", "-append", "qemu=1 exit=0",
             "-chardev", "pty,id=serial0", "-serial", "chardev:serial0"],
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            # QEMU names the pty on its stdout as it starts.
            self.assertTrue(select.select([qemu.stdout], [], [], 30)[0], "QEMU said nothing")
            line = qemu.stdout.readline()
            pty = re.search(r"char device redirected to (/dev/pts/\d+)", line)
            self.assertTrue(pty, "QEMU did not name its pty: %r" % line)
            time.sleep(1)  # the loader is up and has said "ready" to nobody
            host = subprocess.run(["/usr/bin/python3", "scripts/chainboot.py", pty.group(1)],
                                  cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=240)
            self.assertEqual(qemu.wait(timeout=60), 0)
        finally:
            if qemu.poll() is None:
                qemu.kill()
            qemu.wait()
        out = host.stdout.decode(errors="replace")
        err = host.stderr.decode(errors="replace")
        self.assertEqual(host.returncode, 0, err)
        size = os.path.getsize(os.path.join(ROOT, "build", "kernel7.img"))
        self.assertIn("kernel7.img is %d bytes: at 115200 baud 8N1 that is %.2f s on the wire"
                      % (size, chainboot.transfer_seconds(size, 115200)), err)
        self.assertRegex(err, r"sent %d bytes in [\d.]+ s" % size)
        self.assertIn("chainload: ready for a kernel", out)
        self.assertIn("chainload: checksum ok", out)
        self.assertIn("came through the serial chainloader (r3 = 50574342)", out)
        # The power-off itself is QEMU's exit status 0 above (semihosting, from exit=0). Its last
        # line may not reach the script: when QEMU exits, the pty hangs up and the kernel's final
        # bytes still unread on the script's side are flushed (seen once under make test's load).
        self.assertIn("pinwheel: starting the shell", out)


class Reboot(unittest.TestCase):
    def test_reboot_brings_the_loader_back_and_the_kernel_goes_again(self):
        import pexpect
        # ./qemu.sh --chainboot at a terminal, as a person runs it: without exit=, the shell's
        # reboot resets the machine (as the watchdog does on a board), which starts the loader.
        sh = pexpect.spawn(os.path.join(ROOT, "qemu.sh"), ["--icount", "--chainboot"], cwd=ROOT,
                           timeout=120, encoding="utf-8", codec_errors="replace")
        try:
            sh.expect("came through the serial chainloader")
            sh.expect("pinwheel> ")
            sh.send("reboot\r")
            sh.expect("pinwheel: resetting the board")
            sh.expect("chainload: pinwheel serial chainloader, entered in SVC mode")
            sh.expect("chainboot: the loader is back: sending the kernel again")
            sh.expect(r"chainload: checksum ok")
            sh.expect("came through the serial chainloader")
            sh.expect("pinwheel> ")
            sh.send("\x1d")  # Ctrl-]: the script quits and qemu.sh stops QEMU
            sh.expect(pexpect.EOF)
            sh.close()
            self.assertEqual(sh.exitstatus, 0)
        finally:
            sh.terminate(force=True)


if __name__ == "__main__":
    unittest.main()
