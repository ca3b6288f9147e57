"""The ACT LED's heartbeat seen from the shell on a board-like boot (the firmware's path and
words, qemu=0 after qemu.sh's qemu=1): its timer is the only one queued while the shell waits,
and led=off leaves the queue empty, so an idle kernel takes no timer interrupt at all.

    /usr/bin/python3 -m unittest discover -s tests/led
(test=led, in scripts/run_tests.py, checks the GPIO level and the blink times)
"""
import os
import re
import unittest

import pexpect

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROMPT = "pinwheel> "
BOARD = ["--firmware", "qemu=0", "bcm2709.boardrev=0xa21041", "bcm2709.serial=0x1234abcd"]


class Heartbeat(unittest.TestCase):
    def boot(self, *words):
        sh = pexpect.spawn(os.path.join(ROOT, "qemu.sh"), BOARD + list(words), cwd=ROOT,
                           timeout=30, encoding="utf-8", codec_errors="replace")
        self.addCleanup(sh.terminate, True)
        sh.expect("starting the shell")
        self.boot_text = sh.before
        sh.expect(PROMPT)
        return sh

    def timers(self, sh):
        """The shell's `timers`: the pending timers as (id, periodic) pairs."""
        sh.sendline("timers")
        sh.expect(PROMPT)
        out = sh.before.replace("\r", "")
        count = int(re.search(r"(\d+) pending kernel timers?", out).group(1))
        listed = re.findall(r"(?m)^  id ([0-9a-f]{8})  deadline \d+ us \(in -?\d+ us\)( +periodic)?$",
                            out)
        self.assertEqual(count, len(listed), out)
        return listed

    def test_heartbeat_is_the_one_timer_at_idle_and_moves(self):
        sh = self.boot()
        self.assertIn("led: heartbeat on the ACT LED", self.boot_text)
        first = self.timers(sh)
        self.assertEqual(len(first), 1, first)
        self.assertEqual(first[0][1], "")  # one-shot, re-queued at each edge: not periodic
        sh.sendline("sleep 600")  # more than a cycle: the heartbeat's timer is re-queued
        sh.expect(PROMPT)
        later = self.timers(sh)
        self.assertEqual(len(later), 1, later)

    def test_led_off_queues_nothing(self):
        sh = self.boot("led=off")
        self.assertIn("cores 1-3", self.boot_text)  # the banner was seen
        self.assertNotIn("led: heartbeat", self.boot_text)
        self.assertEqual(self.timers(sh), [])
        sh.sendline("sleep 600")
        sh.expect(PROMPT)
        self.assertEqual(self.timers(sh), [])


if __name__ == "__main__":
    unittest.main()
