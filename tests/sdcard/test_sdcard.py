"""make sdcard and write_sdcard.sh, read back with mtools (placeholder firmware files).

    /usr/bin/python3 -m unittest discover -s tests/sdcard
"""
import os
import re
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIRMWARE = ("bootcode.bin", "start.elf", "fixup.dat")


def sdcard(out, firmware=None, cmdline=None, chainload=None):
    env = dict(os.environ)
    env.pop("FIRMWARE", None)
    env.pop("CHAINLOAD", None)
    if chainload is not None:
        env["CHAINLOAD"] = chainload
    if firmware is not None:
        env["FIRMWARE"] = firmware
    if cmdline is not None:
        env["CMDLINE"] = cmdline
    return subprocess.run([os.path.join(ROOT, "scripts", "sdcard.sh"), out], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def mtools(*args):
    return subprocess.run(list(args), capture_output=True, timeout=60, check=True).stdout


class Image(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.fw = os.path.join(self.tmp.name, "firmware")
        os.mkdir(self.fw)
        for name in FIRMWARE:
            with open(os.path.join(self.fw, name), "w") as f:
                f.write("placeholder %s\n" % name)
        self.img = os.path.join(self.tmp.name, "sdcard.img")

    def tearDown(self):
        self.tmp.cleanup()

    def test_without_firmware_it_says_what_to_fetch_and_writes_nothing(self):
        out = sdcard(self.img)
        self.assertEqual(out.returncode, 1)
        self.assertIn("FIRMWARE=DIR is not set", out.stderr)
        self.assertIn("bootcode.bin  start.elf  fixup.dat", out.stderr)
        self.assertIn("https://github.com/raspberrypi/firmware", out.stderr)
        os.remove(os.path.join(self.fw, "start.elf"))
        out = sdcard(self.img, self.fw)
        self.assertEqual(out.returncode, 1)
        self.assertIn("start.elf is missing", out.stderr)
        self.assertEqual(os.listdir(self.tmp.name), ["firmware"])  # no image, no leftovers

    def test_image_holds_the_files_and_the_documented_config(self):
        out = sdcard(self.img, self.fw, cmdline="demo=tick")
        self.assertEqual(out.returncode, 0, out.stderr)
        for name in FIRMWARE:  # each with its SHA-256
            self.assertRegex(out.stdout, r"sdcard: %s sha256 [0-9a-f]{64}\n" % re.escape(name))
        listing = mtools("mdir", "-b", "-i", self.img, "::").decode()
        names = sorted(line.strip().lstrip(":/").lower() for line in listing.split() if line)
        self.assertEqual(names, sorted(["bootcode.bin", "start.elf", "fixup.dat", "kernel7.img",
                                        "config.txt", "cmdline.txt"]))
        with open(os.path.join(ROOT, "docs", "board.md")) as f:
            documented = re.search(r"<!-- config.txt -->\n```\n(.*?)```\n<!-- end config.txt -->",
                                   f.read(), re.S).group(1)
        self.assertEqual(mtools("mtype", "-i", self.img, "::config.txt").decode(), documented)
        self.assertEqual(mtools("mtype", "-i", self.img, "::cmdline.txt").decode(), "demo=tick\n")
        with open(os.path.join(ROOT, "build", "kernel7.img"), "rb") as f:
            self.assertEqual(mtools("mtype", "-i", self.img, "::kernel7.img"), f.read())
        with open(os.path.join(self.fw, "start.elf"), "rb") as f:
            self.assertEqual(mtools("mtype", "-i", self.img, "::start.elf"), f.read())


    def test_chainload_puts_the_loader_on_the_card(self):
        out = sdcard(self.img, self.fw, chainload="1")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("its kernel7.img is the serial chainloader", out.stdout)
        with open(os.path.join(ROOT, "build", "chainload.img"), "rb") as f:
            self.assertEqual(mtools("mtype", "-i", self.img, "::kernel7.img"), f.read())


class Writer(unittest.TestCase):
    def write(self, *args):
        return subprocess.run([os.path.join(ROOT, "scripts", "write_sdcard.sh")] + list(args),
                              cwd=ROOT, capture_output=True, text=True, input="", timeout=30)

    def test_refuses_what_is_not_a_removable_block_device(self):
        with tempfile.NamedTemporaryFile() as image, tempfile.NamedTemporaryFile() as target:
            out = self.write(target.name, image.name)
            self.assertEqual(out.returncode, 1)
            self.assertIn("is not a block device: refusing", out.stderr)
            out = self.write("/dev/null", image.name)
            self.assertIn("is not a block device: refusing", out.stderr)
        self.assertEqual(self.write().returncode, 2)


if __name__ == "__main__":
    unittest.main()
