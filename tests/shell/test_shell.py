"""The shell over the serial line, driven like a person at a terminal (python3-pexpect): every
command, bad input, line editing, Ctrl-C, a long paste, and reboot.

    /usr/bin/python3 -m unittest discover -s tests/shell
"""
import os
import re
import unittest

import pexpect

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROMPT = "pinwheel> "


class Shell(unittest.TestCase):
    def setUp(self):
        # No arguments, as a newcomer types it: the console is the shell's.
        self.sh = pexpect.spawn(os.path.join(ROOT, "qemu.sh"), cwd=ROOT, timeout=30,
                                encoding="utf-8", codec_errors="replace")
        self.sh.expect("starting the shell")
        self.sh.expect(PROMPT)

    def tearDown(self):
        self.sh.terminate(force=True)

    def run_cmd(self, line):
        """Types line, waits for the next prompt, returns what was printed in between."""
        self.sh.sendline(line)
        self.sh.expect(PROMPT)
        out = self.sh.before.replace("\r", "")
        self.assertTrue(out.startswith(line), "no echo of %r: %r" % (line, out))
        return out[len(line):].strip("\n")

    def test_help_lists_every_command(self):
        out = self.run_cmd("help")
        for name in ("help", "ps", "uptime", "sleep", "spawn", "kill", "timers", "quantum",
                     "sched", "trace", "mem", "reboot"):
            self.assertRegex(out, r"(?m)^  %s " % name)

    def test_help_lists_the_boot_modes(self):
        out = self.run_cmd("help")
        # From the kernel's boot-mode table: each mode and what it runs, from its own module.
        for word, entry in (("test=SUITE", "memory"), ("bench=NAME", "sched"),
                            ("scenario=NAME", "cpu-mix"), ("demo=NAME", "tick")):
            self.assertRegex(out, r"(?m)^  %s" % re.escape(word))
            self.assertRegex(out, r"(?m)^      %s " % entry)

    def test_ps_uptime_sleep(self):
        self.assertRegex(self.run_cmd("ps"), r"(?m)^ +1 shell +running +\d+ +\d+$")
        before = float(re.search(r"up (\d+\.\d+) s", self.run_cmd("uptime")).group(1))
        self.run_cmd("sleep 300")
        after = float(re.search(r"up (\d+\.\d+) s", self.run_cmd("uptime")).group(1))
        self.assertGreaterEqual(after - before, 0.3)

    def test_spawn_ps_kill(self):
        pid = int(re.search(r"started pid (\d+) \(cpu-\d+\)", self.run_cmd("spawn cpu")).group(1))
        self.assertRegex(self.run_cmd("spawn periodic 20 5"), r"started pid \d+ \(periodic-\d+\)")
        self.assertRegex(self.run_cmd("spawn burst"), r"started pid \d+ \(burst-\d+\)")
        self.assertRegex(self.run_cmd("ps"), r"(?m)^ +%d cpu-\d+ +(ready|running)" % pid)
        self.assertIn("pid %d (cpu-" % pid, self.run_cmd("kill %d" % pid))
        self.assertNotRegex(self.run_cmd("ps"), r"(?m)^ +%d cpu-" % pid)
        self.assertEqual(self.run_cmd("kill %d" % pid), "kill: %d: no such process" % pid)

    def test_timers_quantum_sched_trace_mem(self):
        self.run_cmd("spawn periodic 50 1")
        self.assertRegex(self.run_cmd("timers"),
                         r"\d+ pending kernel timers?\n  id [0-9a-f]{8}  deadline \d+ us")
        self.assertEqual(self.run_cmd("quantum"), "quantum 10 ms")
        self.assertEqual(self.run_cmd("quantum 3"), "quantum 3 ms")
        self.assertEqual(self.run_cmd("sched"), "policy rr")
        self.assertEqual(self.run_cmd("sched stride"), "policy stride")
        self.assertEqual(self.run_cmd("trace start"), "tracing; 'trace dump' prints it")
        self.run_cmd("sleep 50")
        dump = self.run_cmd("trace dump")
        self.assertIn("=== pinwheel trace start ===", dump)
        self.assertRegex(dump, r"sched_switch: prev_comm=\S+ prev_pid=\d+")
        self.run_cmd("trace stop")
        self.assertRegex(self.run_cmd("mem"),
                         r"RAM \d+ KiB, kernel up to [0-9a-f]{8}; pages: \d+ free of \d+")

    def test_bad_input_gets_one_line_errors(self):
        cases = {
            "frobnicate": "frobnicate: unknown command (try 'help')",
            "sleep": "sleep: usage: sleep MS (0 to 3600000)",
            "sleep -5": "sleep: usage: sleep MS (0 to 3600000)",
            "sleep 99999999999999": "sleep: usage: sleep MS (0 to 3600000)",
            "spawn": "spawn: usage: spawn cpu | spawn burst | spawn periodic PERIOD_MS WORK_MS",
            "spawn periodic 5 9": "spawn: usage: spawn cpu | spawn burst | spawn periodic "
                                  "PERIOD_MS WORK_MS",
            "kill": "kill: usage: kill PID",
            "kill x1": "kill: usage: kill PID",
            "kill 4000": "kill: 4000: no such process",
            "kill 1": "kill: that is the shell itself",
            "kill 0": "kill: 0 is the idle loop, part of the kernel, not a process",
            "kill 4294967295": "kill: 4294967295: no such process",
            "sleep 3600001": "sleep: usage: sleep MS (0 to 3600000)",
            "quantum -1": "quantum: usage: quantum [MS] with MS from 1 to 10000",
            "quantum 99999999999999999999": "quantum: usage: quantum [MS] with MS from 1 to 10000",
            "quantum 0": "quantum: usage: quantum [MS] with MS from 1 to 10000",
            "quantum 10001": "quantum: usage: quantum [MS] with MS from 1 to 10000",
            "sched fifo": "sched: usage: sched [rr|prio|stride|edf|rm|dm]",
            "trace": "trace: usage: trace start|stop|dump",
            "trace rewind": "trace: usage: trace start|stop|dump",
        }
        for line, error in cases.items():
            self.assertEqual(self.run_cmd(line), error, line)
        self.assertRegex(self.run_cmd("ps"), r"(?m)^ +1 shell +running")  # still alive

    def test_line_editing_and_ctrl_c(self):
        self.sh.send("uptimX\b\bme\r")  # backspace twice, retype
        self.sh.expect(PROMPT)
        self.assertRegex(self.sh.before, r"up \d+\.\d+ s")
        self.sh.send("this line is cancelled")
        self.sh.sendcontrol("u")  # Ctrl-U erases the whole line
        self.sh.send("ps\r")
        self.sh.expect(PROMPT)
        self.assertIn("shell", self.sh.before)
        self.assertNotIn("unknown command", self.sh.before)
        self.sh.send("kill 1 and more")
        self.sh.sendcontrol("c")  # Ctrl-C drops the line and gives a new prompt
        self.sh.expect(r"\^C")
        self.sh.expect(PROMPT)
        self.assertRegex(self.run_cmd("uptime"), r"up \d+\.\d+ s")

    def test_long_paste_loses_nothing(self):
        # 120 commands in one write: ~1 KiB at once, more than the UART's FIFO and close to
        # the kernel's input ring; every one must run, in order.
        lines = ["sleep %d" % (i % 3) for i in range(119)] + ["uptime"]
        self.sh.send("\r".join(lines) + "\r")
        self.sh.expect(re.escape(lines[0]) + r"\r+\n")
        for line in lines[1:]:
            self.sh.expect(PROMPT + re.escape(line) + r"\r+\n")
        self.sh.expect(r"up \d+\.\d+ s")
        self.sh.expect(PROMPT)
        self.assertRegex(self.run_cmd("ps"), r"(?m)^ +1 shell +running")

    def test_abuse_gets_a_message_and_runs_nothing(self):
        """A line past the buffer, an escape sequence, binary garbage: each is read to its end,
        reported, and not run (a line cut to the buffer could run something else)."""
        self.sh.send("kill 2" + "0" * 300 + "\r")  # echoed only up to the buffer's end
        self.sh.expect(PROMPT)
        self.assertIn("line too long: at most 127 characters; nothing was run", self.sh.before)
        self.sh.send("uptime\x1b[A\r")  # an arrow key in the middle of a line
        self.sh.expect(PROMPT)
        self.assertIn("1 byte neither printable nor an editing key: nothing was run",
                      self.sh.before)
        self.assertNotIn(" up ", self.sh.before)
        garbage = bytes(range(0x80, 0x100)) + bytes([1, 2, 5, 6, 0x0e, 0x0f])
        os.write(self.sh.child_fd, garbage + b"\r")  # raw bytes, not text
        self.sh.expect(PROMPT)
        self.assertRegex(self.sh.before, r"\d+ bytes neither printable nor an editing key")
        # Erased with Ctrl-U, the garbage is forgotten and the next line runs.
        os.write(self.sh.child_fd, b"\x80\x81")
        self.sh.sendcontrol("u")
        self.assertRegex(self.run_cmd("uptime"), r"up \d+\.\d+ s")
        self.assertRegex(self.run_cmd("ps"), r"(?m)^ +1 shell +running")

    def test_ten_kilobyte_paste_loses_nothing(self):
        # 1400 commands (over 10 KiB) in one write, as fast as the pty takes them: the UART's
        # receive interrupt holds QEMU back when the kernel's ring is full, so every command
        # arrives whole and runs in order.
        lines = ["sleep %d" % (i % 10) for i in range(1399)] + ["uptime"]
        text = "\r".join(lines) + "\r"
        self.assertGreater(len(text), 10 * 1024)
        self.sh.send(text)
        self.sh.timeout = 120
        self.sh.expect(re.escape(lines[0]) + r"\r+\n")
        for line in lines[1:]:
            self.sh.expect(PROMPT + re.escape(line) + r"\r+\n")
        self.sh.expect(r"up \d+\.\d+ s")
        self.sh.expect(PROMPT)
        self.assertNotIn("unknown command", self.sh.before)

    def test_reboot(self):
        self.sh.sendline("reboot")
        self.sh.expect("resetting the board")
        self.sh.expect(r"pinwheel \d+\.\d+\.\d+ on Raspberry Pi 2")  # booted again
        self.sh.expect(PROMPT)


if __name__ == "__main__":
    unittest.main()
