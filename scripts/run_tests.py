#!/usr/bin/python3
"""pinwheel's test runner: host unit tests (cmocka binaries), QEMU boots and Python tests.

    scripts/run_tests.py --host build/host/test_* --qemu --python tests/lab [--only SUBSTRING]

Every QEMU boot runs under a wall-clock timeout (a hang is a failure). In-kernel suites print
"ok  suite.case" / "FAIL suite.case" lines and "N passed, N failed"; each case counts as one
test. Other boots count as one test each, passing when their exit status and output match.
The last line printed is the total: "N passed, N failed". Exit status 1 on any failure.
"""
import argparse
import concurrent.futures
import os
import re
import select
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QEMU_TIMEOUT = 60  # seconds of host time per boot

BANNER_IMG = [
    r"pinwheel \d+\.\d+\.\d+ on Raspberry Pi 2",
    r"entered in SVC mode, machine type 3138",
    r"loaded at 0x10000 and copied to its link address",
    r"cores 1-3: parked in wfi",
    r"boot info: ATAGS at 00000100",
    r"memory: 960 MiB at 00000000",
    r"mmu: on, caches on, branch prediction on; processes live at 60000000-603fffff",
]

# What a boot through the serial chainloader shows: the loader, then the kernel it entered.
CHAINLOAD_START = [
    r"chainload: pinwheel serial chainloader, entered in SVC mode, r2 = 0x00000100, running at "
    r"0x01000000",
    r"chainload: ready for a kernel",
    r"chainload: receiving \d+ bytes",
    r"chainload: checksum ok \(crc32 0x[0-9a-f]{8}\), \d+ bytes in \d+ us",
    r"chainload: starting the kernel at 0x00008000",
    r"chainboot: sent \d+ bytes in [\d.]+ s",
]
CHAINLOAD_KERNEL = [
    r"entered in SVC mode, machine type 3138",
    r"came through the serial chainloader \(r3 = 50574342\), not from the card",
    r"image 0x8000-0x[0-9a-f]+, loaded at its link address",
    r"boot info: ATAGS at 00000100",
    r"cores 1-3: parked in wfi",
]

# The words the Pi 2 firmware puts on the command line (issue 17), as a board-like boot passes them.
FIRMWARE_WORDS = ["dma.dmachans=0x7f35", "bcm2709.boardrev=0xa21041", "bcm2709.serial=0x1234abcd",
                  "bcm2709.uart_clock=48000000", "smsc95xx.macaddr=B8:27:EB:00:00:01",
                  "vc_mem.mem_base=0x3ec00000", "vc_mem.mem_size=0x40000000",
                  "console=ttyAMA0,115200"]

# Each boot: qemu.sh arguments, expected exit status, regexes that must (and must not) appear.
# "suite": True means the output holds in-kernel test lines to count.
# "stop_on": the boot never exits by itself; pass once every expected line was seen, then stop.
QEMU_CASES = [
    {"name": "boot banner (kernel7.img in QEMU)", "args": ["--icount", "exit=0"], "status": 0,
     "expect": BANNER_IMG + [r'command line: "qemu=1 exit=0"',
                             r"pinwheel: starting the shell \(in QEMU, Ctrl-A X quits\)\n",
                             r"power off, exit status 0"],
     "reject": [r"serial chainloader", r"led: heartbeat"]},
    # ~20 s alone; a machine busy with other QEMUs has taken 60 s.
    {"name": "suites", "args": ["--icount", "test=all"], "status": 0, "suite": True,
     "timeout": 180,
     "expect": [r"ok   boot\.", r"ok   irq\.", r"ok   systimer\.", r"ok   timer\.",
                r"ok   sched\.", r"ok   memory\.", r"ok   pages\.",
                r"ok   kcheck\.", r"ok   fuzz\.", r"ok   soak\.", r"ok   console\.",
                r"ok   exhaust\.kernel_timer_pool_full_refuses_then_recovers",
                r"ok   exhaust\.trace_ring_full_counts_lost_then_recovers",
                r"pid \d+ \(faulty\) killed: undefined instruction at pc",
                r"pid \d+ \(misaligned\) killed: data abort \(alignment fault, read\) at pc "
                r"[0-9a-f]{8}, address 00000002",
                r"pid \d+ \(overflow\) killed: stack overflow: data abort \(translation fault "
                r"\(page\), write\) at pc 6[0-9a-f]{7}, address 603fe[0-9a-f]{3}"]},
    # test=all runs the memory suite too, but only mem= leaves little enough RAM for its
    # processes to empty it: here every case runs, none may skip.
    {"name": "memory suite under mem=16", "args": ["--icount", "test=memory", "mem=16"],
     "status": 0, "suite": True,
     "expect": [r"memory: 960 MiB at 00000000 \(mem= limits", r"pages: \d{4} free",
                r"ok   memory\.running_out_of_pages_gives_errors_and_everything_comes_back",
                r"pid \d+ \(offender\) killed: data abort \(permission fault \(section\), read\) "
                r"at pc 6[0-9a-f]{7}, address 00008000",
                r"pid \d+ \(offender\) killed: data abort \(permission fault \(section\), write\) "
                r"at pc 6[0-9a-f]{7}, address 3f003010",
                r"pid \d+ \(exec-stack\) killed: prefetch abort \(permission fault \(page\), "
                r"execute\) at pc 603ff[0-9a-f]{3}, address 603ff[0-9a-f]{3}",
                r"pid \d+ \(offender\) killed: data abort \(permission fault \(page\), write\) "
                r"at pc 6[0-9a-f]{7}, address 6[0-9a-f]{7}",
                r"13 passed, 0 failed"],
     "reject": [r"skipped"]},
    {"name": "demo=memory", "args": ["--icount", "demo=memory", "exit=500"], "status": 0,
     "expect": [r"code   0x6000[0-9a-f]{4} \(read-only, executable\)",
                r"sbrk\(12288\) = 0x600[0-9a-f]{5}: 3 pages taken",  # after the image: its size varies
                r"sbrk\(1048576\) past the 1 MiB bound = ENOMEM",
                r"child \d+: private_count = 12, shared_count = 3",
                r"parent: private_count = 10, shared_count = 3",
                r"pid \d+ \(snoop\) killed: data abort \(permission fault \(section\), read\) "
                r"at pc 6[0-9a-f]{7}, address 00008000",
                r"snoop: wait\(\) = EFAULT; fault kind 3 \(3: data abort\), status 00d, "
                r"address 00008000",
                r"pid \d+ \(scribbler\) killed: data abort \(permission fault \(page\), write\)",
                r"demo memory: done"]},
    {"name": "mem= out of range", "args": ["--icount", "mem=8", "exit=0"], "status": 2,
     "expect": [r"cmdline: 'mem=8': memory out of range \(16 to 4095 MiB\)",
                r"pages: 2\d{5} free"]},
    {"name": "board boot path (HYP at 0x8000, firmware shim)",
     "args": ["--icount", "--firmware", "test=boot", "board=pi2"], "status": 2, "suite": True,
     "expect": [r"entered in HYP mode \(left for SVC\), machine type 3138",
                r"image 0x8000-0x[0-9a-f]+, loaded at its link address", r"cores 1-3: parked in wfi",
                r"boot info: ATAGS at 00000100", r"memory: 960 MiB",
                r'command line: "qemu=1 test=boot board=pi2"', r"cmdline: 'board=pi2': unknown key",
                r"6 passed, 0 failed"],
     "reject": [r"serial chainloader"]},
    # A board's RAM is not zeroed: every suite, with RAM past the image full of 0xA5 bytes
    # (.bss, .noinit, stacks, translation tables, pages). Seen failing with .bss left uncleared.
    {"name": "board path with RAM not zeroed (--dirty-ram): every suite",
     "args": ["--icount", "--firmware", "--dirty-ram", "test=all"], "status": 0, "suite": True,
     "timeout": 120,
     "expect": [r"entered in HYP mode \(left for SVC\)", r"power off, exit status 0"]},
    {"name": "the firmware's own command-line words are known and quiet (board path)",
     "args": ["--icount", "--firmware", "dma.dmachans=0x7f35", "bcm2709.boardrev=0xa21041",
              "bcm2709.serial=0x1234abcd", "bcm2709.uart_clock=48000000",
              "smsc95xx.macaddr=B8:27:EB:00:00:01", "vc_mem.mem_base=0x3ec00000",
              "vc_mem.mem_size=0x40000000", "console=ttyAMA0,115200", "exit=100"], "status": 0,
     "expect": [r"entered in HYP mode \(left for SVC\)",
                r"board: Raspberry Pi 2 Model B v1\.1, BCM2836, 1 GB, Embest \(revision code "
                r"a21041\), serial 1234abcd",
                r"pinwheel: starting the shell \(in QEMU, Ctrl-A X quits\)",
                r"power off, exit status 0"],
     "reject": [r"cmdline: '", r"led: heartbeat"]},
    # The same words without the QEMU signal (qemu=0 after qemu.sh's qemu=1): what a board
    # shows. No Ctrl-A X hint, the heartbeat on, and exit= halts: no semihosting on a board.
    {"name": "a board-like boot (the firmware's words, no qemu=1): no QEMU hint, heartbeat on",
     "args": ["--icount", "--firmware", "qemu=0"] + FIRMWARE_WORDS + ["exit=100"],
     "stop_on": True,
     "expect": [r"entered in HYP mode \(left for SVC\)", r"board: Raspberry Pi 2 Model B v1\.1",
                r"cmdline: no qemu=1, so not in QEMU: exit=, test=, bench= and run_ms= halt "
                r"where QEMU would power off",
                r"led: heartbeat on the ACT LED \(GPIO 47\), two blinks a second",
                r"pinwheel: starting the shell\r?\n", r"pinwheel: halted\r?\n"],
     "reject": [r"Ctrl-A X", r"pinwheel: power off", r"cmdline: '"]},
    {"name": "led=off on a board-like boot: no heartbeat",
     "args": ["--icount", "--firmware", "qemu=0", "led=off", "exit=100"], "stop_on": True,
     "expect": [r"pinwheel: starting the shell\r?\n", r"pinwheel: halted\r?\n"],
     "reject": [r"led: heartbeat", r"Ctrl-A X", r"cmdline: '"]},
    # panic=N: the kernel counts N s itself (QEMU 7.2's watchdog resets at once), blinking, then
    # resets through the watchdog; -no-reboot turns the reset into QEMU's exit, status 0.
    {"name": "panic=1 resets the board 1 s after a panic",
     "args": ["--icount", "--no-reboot", "test=undef", "panic=1"], "status": 0,
     "expect": [r"PANIC: unexpected undefined instruction in kernel",
                r"pinwheel: panic=1: resetting the board in 1 s \(panic at \d+\.\d{6} s\)",
                r"pinwheel: resetting the board at \d+\.\d{6} s after 5 panic blinks\n"],
     "reject": [r"pinwheel: power off"], "check": "panic_reset"},
    {"name": "panic=2 on the board's path resets 2 s after a panic",
     "args": ["--icount", "--firmware", "--no-reboot", "qemu=0", "test=undef", "panic=2"],
     "status": 0,
     "expect": [r"PANIC: unexpected undefined instruction in kernel",
                r"pinwheel: panic=2: resetting the board in 2 s",
                r"pinwheel: resetting the board at \d+\.\d{6} s after 10 panic blinks\n"],
     "reject": [r"pinwheel: power off", r"halted"], "check": "panic_reset"},
    {"name": "a panic on a board without panic=: the LED blinks for ever",
     "args": ["--icount", "--firmware", "qemu=0", "test=undef"], "stop_on": True,
     "expect": [r"PANIC: unexpected undefined instruction in kernel",
                r"pinwheel: stopped; the ACT LED blinks fast until a reset"],
     "reject": [r"pinwheel: power off", r"resetting"]},
    {"name": "DTB boot (device tree in r2 instead of ATAGS)",
     "args": ["--icount", "--dtb", "build/test.dtb", "test=boot", "dtb=yes"], "status": 2,
     "suite": True,
     "expect": [r"boot info: DTB at [0-9a-f]{8}", r"memory: 960 MiB at 00000000",
                r'command line: "qemu=1 test=boot dtb=yes"', r"6 passed, 0 failed"]},
    # The serial chainloader (build/chainload.img, scripts/chainboot.py over a unix socket).
    {"name": "chainload under --icount: the kernel arrives, runs and exits 0",
     "args": ["--icount", "--chainboot", "quantum=5", "exit=1000"], "status": 0,
     "timeout": 150,
     "expect": CHAINLOAD_START + CHAINLOAD_KERNEL +
               [r'command line: "qemu=1 quantum=5 exit=1000"', r"pinwheel: starting the shell",
                r"power off, exit status 0"],
     "reject": [r"bad checksum", r"timeout", r"refused", r"cmdline: '"], "check": "chainload"},
    # Without -icount the four vCPUs (three spinning in QEMU's stub) and QEMU's I/O thread share
    # the host's cores: the transfer took 13 s alone and 100 s beside other boots.
    {"name": "chainload without --icount", "args": ["--chainboot", "exit=0"], "status": 0,
     "timeout": 300, "expect": CHAINLOAD_START + CHAINLOAD_KERNEL + [r"power off, exit status 0"]},
    {"name": "chainload on the board's path (the loader in HYP at 0x8000, the kernel too)",
     "args": ["--icount", "--firmware", "--chainboot", "test=boot"], "status": 0, "suite": True,
     "timeout": 150,
     "expect": [r"chainload: pinwheel serial chainloader, entered in HYP mode, r2 = 0x00000100",
                r"entered in HYP mode \(left for SVC\), machine type 3138",
                r"came through the serial chainloader \(r3 = 50574342\)",
                r"image 0x8000-0x[0-9a-f]+, loaded at its link address",
                r'command line: "qemu=1 test=boot"', r"6 passed, 0 failed"]},
    {"name": "chainload: a spoilt transfer gets 'bad checksum', the retry gets through",
     "args": ["--icount", "--chainboot", "exit=0"], "env": {"CHAINBOOT_OPTS": "--corrupt 1"},
     "status": 0, "timeout": 150,
     "expect": [r"(?s)chainload: receiving \d+ bytes\r?\nchainload: bad checksum: the host "
                r"sent 0x([0-9a-f]{8}), the bytes give 0x(?!\1)[0-9a-f]{8}; waiting again"
                r".*chainload: ready for a kernel.*chainload: checksum ok \(crc32 0x\1\)"
                r".*came through the serial chainloader", r"power off, exit status 0"]},
    {"name": "chainload: absurd sizes are refused, then the kernel gets through",
     "args": ["--icount", "--chainboot", "exit=0"],
     "env": {"CHAINBOOT_OPTS": "--bad-size 0xffffffff"}, "status": 0, "timeout": 150,
     "expect": [r"(?s)chainload: refused a kernel of 4294967295 bytes: it must be 1 to "
                r"16744448 bytes; waiting again.*chainload: ready for a kernel"
                r".*chainload: checksum ok.*came through the serial chainloader",
                r"power off, exit status 0"],
     "reject": [r"chainload: receiving 4294967295"]},
    {"name": "chainload: a zero size is refused", "args": ["--icount", "--chainboot", "exit=0"],
     "env": {"CHAINBOOT_OPTS": "--bad-size 0"}, "status": 0, "timeout": 150,
     "expect": [r"chainload: refused a kernel of 0 bytes: it must be 1 to 16744448 bytes",
                r"came through the serial chainloader", r"power off, exit status 0"]},
    {"name": "chainload: a transfer that stops times out, the retry gets through",
     "args": ["--icount", "--chainboot", "exit=0"],
     "env": {"CHAINBOOT_OPTS": "--stall-after 1000"}, "status": 0, "timeout": 150,
     "expect": [r"(?s)chainload: timeout: nothing for 2 s in the kernel after 1000 of \d+ "
                r"bytes; waiting again.*chainload: checksum ok.*came through the serial "
                r"chainloader", r"power off, exit status 0"]},
    {"name": "ELF boot (every core at the entry, no boot info)", "args": ["--elf"],
     "stop_on": True,
     "expect": [r"entered in SVC mode, machine type 0", r"cores 1-3: parked in wfi",
                r"boot info: none found \(r2 = 00000000\): using defaults",
                # no ATAGS: the firmware's mailbox (QEMU's answers like a board's) says how much
                r"memory: 960 MiB at 00000000 \(from the firmware's mailbox: the boot info had "
                r"none\)", r"pages: 2\d{5} free",
                r'command line: ""', r"pinwheel: starting the shell"]},
    {"name": "bad command-line words are reported",
     "args": ["--icount", "exit=0", "bogus", "foo=bar", "exit=12x", "demo=no/such"],
     "status": 2,
     "expect": [r"cmdline: 'bogus': unknown word \(expected key=value\)",
                r"cmdline: 'foo=bar': unknown key",
                r"cmdline: 'exit=12x': value is not a whole number of milliseconds",
                r"cmdline: 'demo=no/such': value may only hold"]},
    {"name": "two modes that end the run are refused",
     "args": ["--icount", "test=boot", "bench=timer"], "status": 2, "suite": True,
     "expect": [r"cmdline: test= and bench= cannot run together: running test= only",
                r"6 passed, 0 failed"],
     "reject": [r"bench timer_irq_latency"]},
    {"name": "a lab that cannot start ends the run (no exit= needed)",
     "args": ["--icount", "taskset=build/no/such/taskset.txt", "run_ms=100"], "status": 2,
     "expect": [r"lab: taskset=build/no/such/taskset.txt: cannot read it from the host \(ENOENT\)",
                r"pinwheel: power off, exit status 2"]},
    {"name": "task sets need QEMU: without exit= or run_ms= (a board) they are refused",
     "args": ["--icount", "taskset=build/no/such/taskset.txt"], "stop_on": True,
     "expect": [r"lab: taskset=build/no/such/taskset.txt: task sets are read from the host, "
                r"which needs QEMU \(qemu=1, with exit= or run_ms=\)",
                r"pinwheel: halted"]},
    {"name": "unknown demo is reported", "args": ["--icount", "demo=nope", "exit=0"],
     "status": 2, "expect": [r"demo: no demo is called 'nope'", r"demo=tick"]},
    {"name": "unknown test suite fails the run", "args": ["--icount", "test=boot,nope"],
     "status": 1,
     "expect": [r"FAIL suite 'nope' does not exist; suites: boot irq", r"6 passed, 1 failed"]},
    {"name": "undefined instruction report", "args": ["--icount", "test=undef"], "status": 3,
     "expect": [r"\*\*\* undefined instruction in SVC mode at pc [0-9a-f]{8}",
                r"instruction e7f002fa", r"r0  [0-9a-f]{8}", r"cpsr [0-9a-f]{8}",
                r"PANIC: unexpected undefined instruction in kernel",
                r"power off, exit status 3"]},
    {"name": "data abort report", "args": ["--icount", "test=dabort"], "status": 3,
     "expect": [r"\*\*\* data abort in SVC mode at pc [0-9a-f]{8}",
                r"fault address 00100002 \(read\), DFSR 00000001: alignment fault",
                r"PANIC: unexpected data abort in kernel", r"power off, exit status 3"]},
    {"name": "kernel svc report", "args": ["--icount", "test=svc"], "status": 3,
     "expect": [r"\*\*\* supervisor call in SVC mode at pc [0-9a-f]{8}",
                r"r0  5a5a0001  r1", r"PANIC: unexpected supervisor call in kernel",
                r"power off, exit status 3"], "check": "svc"},
    {"name": "prefetch abort report", "args": ["--icount", "test=pabort"], "status": 3,
     "expect": [r"\*\*\* prefetch abort in SVC mode at pc [0-9a-f]{8}",
                r"IFSR 00000002: debug event", r"PANIC: unexpected prefetch abort in kernel"]},
    {"name": "demo=tick", "args": ["--icount", "demo=tick", "exit=1000"], "status": 0,
     "expect": [r"tick +1 at +\d+ us", r"tick +9 at", r"power off, exit status 0"],
     "check": "tick"},
    {"name": "demo=timers", "args": ["--icount", "demo=timers", "exit=1100"], "status": 0,
     "expect": [r"removed it \(timer_remove -> 0\): it must never fire",
                r"periodic 250 ms"], "check": "timers"},
    {"name": "demo=sched", "args": ["--icount", "demo=sched", "exit=3000"], "status": 0,
     "expect": [r"cpu-A: turn 2 at", r"cpu-B: turn 2 at", r"cpu-C: turn 2 at",
                r"sleeper-30: woke at \d+ us", r"periodic: k=8 woke \d+ us late; "
                r"deadline - start = 400000 us",
                r"pid \d+ \(faulty\) killed: undefined instruction at pc [0-9a-f]{8}",
                r"faulty +exited +-14", r"demo sched: done"], "check": "sched"},
    {"name": "quantum=3 on the command line", "args": ["--icount", "quantum=3", "demo=sched",
                                                        "exit=3000"], "status": 0,
     "expect": [r"cpu-B: turn 3 at \d+ us, after 60\d\d us away"]},
    # The system-call fuzzer (test=fuzz): short runs of a few seeds; the same seed twice must
    # print the same bytes, another seed other figures. make fuzz-syscalls runs long ones.
    {"name": "syscall fuzzer seed=1", "args": ["--icount", "test=fuzz", "seed=1", "calls=10000"],
     "status": 0, "suite": True, "check": "fuzz", "twice": True,
     "expect": [r"fuzz: seed=1 calls=10000 errors .* wrong=0 .*kernel panics=0\n",
                r"\n9 passed, 0 failed\n"],
     "reject": [r"PANIC", r"kcheck", r"left behind", r"fuzz: seed=1 (worker|failed)"]},
    {"name": "syscall fuzzer seed=2", "args": ["--icount", "test=fuzz", "seed=2", "calls=10000"],
     "status": 0, "suite": True, "check": "fuzz",
     "figures_differ_from": "syscall fuzzer seed=1",
     "expect": [r"fuzz: seed=2 calls=10000 errors .* wrong=0 .*kernel panics=0\n"],
     "reject": [r"PANIC", r"kcheck", r"left behind", r"fuzz: seed=2 (worker|failed)"]},
    {"name": "syscall fuzzer seed=3", "args": ["--icount", "test=fuzz", "seed=3", "calls=10000"],
     "status": 0, "suite": True, "check": "fuzz",
     "expect": [r"fuzz: seed=3 calls=10000 errors .* wrong=0 .*kernel panics=0\n"],
     "reject": [r"PANIC", r"kcheck", r"left behind", r"fuzz: seed=3 (worker|failed)"]},
    {"name": "syscall fuzzer: bad seed= and calls= are reported",
     "args": ["--icount", "test=fuzz", "seed=-1", "calls=1e5"], "status": 2, "suite": True,
     "expect": [r"cmdline: 'seed=-1': value is not a whole number",
                r"cmdline: 'calls=1e5': value is not a whole number",
                r"fuzz: seed=1 calls=2000 errors "]},
    # Console text written from IRQ context while a line is drawn waits for it: both long lines
    # come out whole, the timer callbacks' lines around them, nothing dropped.
    {"name": "console suite: IRQ output never cuts a line", "args": ["--icount", "test=console"],
     "status": 0, "suite": True,
     "expect": [r"\nX{384}\r?\n", r"\nY{120}\r?\n", r"\nconsole-test tick 1\r?\n",
                r"\nconsole-test tick 7\r?\n", r"2 passed, 0 failed"],
     "reject": [r"bytes lost", r"X{1,383}console", r"Y{1,119}console"]},
    # QEMU keeps 467 characters of -append: qemu.sh refuses a longer line rather than boot a
    # kernel that would see half of it; 467 itself still boots and reaches its last word.
    {"name": "qemu.sh refuses a command line QEMU would cut",
     "args": ["--icount", "a" * 454, "exit=0"], "status": 2,  # with "qemu=1 ": 468
     "expect": [r"qemu\.sh: the kernel command line is 468 characters; QEMU's raspi2b keeps "
                r"only 467"],
     "reject": [r"pinwheel 0\."]},
    {"name": "a command line of 467 characters arrives whole",
     "args": ["--icount", "a" * 453, "exit=0"], "status": 2,  # with "qemu=1 ": 467
     "expect": [r"cmdline: 'a{453}': unknown word", r"power off, exit status 2"]},
    {"name": "seed= and calls= without the suites that read them are reported",
     "args": ["--icount", "test=timer", "seed=7", "calls=10", "exit=0"], "status": 2,
     "suite": True,
     "expect": [r"cmdline: 'seed=': read only by test=fuzz and test=soak, and neither runs",
                r"cmdline: 'calls=': read only by test=fuzz, which does not run"]},
    # The soak (test=soak): a short run, twice (the same bytes), whose summary must add up; then
    # each defect inject= plants must be caught by its check, with exit status 1. make soak runs
    # the 600-second one.
    {"name": "soak, 3 s", "args": ["--icount", "test=soak", "seconds=3", "seed=1"],
     "status": 0, "suite": True, "check": "soak", "twice": True,
     "expect": [r"\nsoak: 64 processes, 3 s, \d+ wake-ups checked, 0 lost, 0 early, 0 pages "
                r"leaked, 0 slots leaked, "],
     "reject": [r"PANIC", r"kcheck", r"soak: (sleeper|spawner|spawn)", r"failed: replay"]},
    {"name": "soak catches a wake-up before its deadline",
     "args": ["--icount", "test=soak", "seconds=1", "inject=early"], "status": 1,
     "expect": [r"soak: sleeper 0 woke at \d+ us, \d+ us before its deadline \d+",
                r"soak: 64 processes, 1 s, \d+ wake-ups checked, 0 lost, 1 early, 0 pages leaked",
                r"FAIL soak\.no_wake_up_came_early", r"\n9 passed, 1 failed\n",
                r"replay with ./qemu.sh --icount test=soak seconds=1 seed=1 inject=early"]},
    {"name": "soak catches a sleeper that never comes back",
     "args": ["--icount", "test=soak", "seconds=1", "inject=lost"], "status": 1,
     "expect": [r"soak: sleeper 0 \(pid \d+\) never came back from its sleep until \d+ us",
                r"soak: 64 processes, 1 s, \d+ wake-ups checked, 1 lost, 0 early, 0 pages leaked",
                r"FAIL soak\.no_wake_up_was_lost", r"FAIL soak\.every_process_ended_well",
                r"\n8 passed, 2 failed\n"]},
    {"name": "soak catches a wake-up the kernel made and its sleeper did not count",
     "args": ["--icount", "test=soak", "seconds=1", "inject=uncounted"], "status": 1,
     "expect": [r"soak: sleeper 0: the kernel woke it (\d+) times, it saw \d+ wake-ups",
                r"soak: 64 processes, 1 s, \d+ wake-ups checked, 1 lost, 0 early, 0 pages leaked",
                r"FAIL soak\.no_wake_up_was_lost",
                r"FAIL soak\.the_kernel_counted_the_same_wake_ups", r"\n8 passed, 2 failed\n"]},
    {"name": "soak catches a hog that gets less than its share",
     "args": ["--icount", "test=soak", "seconds=1", "inject=unfair"], "status": 1,
     "expect": [r"soak: 64 processes, 1 s, \d+ wake-ups checked, 0 lost, 0 early, 0 pages leaked",
                r"FAIL soak\.the_hogs_shared_the_cpu_equally", r"\n9 passed, 1 failed\n"]},
    {"name": "soak catches a process left behind",
     "args": ["--icount", "test=soak", "seconds=1", "inject=leak"], "status": 1,
     "expect": [r"soak: 64 processes, 1 s, \d+ wake-ups checked, 0 lost, 0 early, [1-9]\d* pages "
                r"leaked, 1 slots leaked",
                r"FAIL soak\.no_page_leaked", r"FAIL soak\.no_process_slot_leaked",
                r"\n8 passed, 2 failed\n"]},
    {"name": "soak: an unknown inject= fails the run",
     "args": ["--icount", "test=soak", "inject=nothing"], "status": 1,
     "expect": [r"soak: inject=nothing is not a defect the soak knows",
                r"FAIL soak\.every_process_started", r"\n0 passed, 1 failed\n"]},
    {"name": "malformed lab words are reported",
     "args": ["--icount", "procs=cpu:2,periodic:1@5ms/9ms", "exit=0"], "status": 2,
     "expect": [r"lab: procs=cpu:2,periodic:1@5ms/9ms: the work must be shorter than the "
                r"period at character 25"]},
    {"name": "unknown scenario and policy are reported",
     "args": ["--icount", "scenario=nope", "sched=fifo", "exit=0"], "status": 2,
     "expect": [r"cmdline: 'sched=fifo': no such policy \(rr, prio, stride, edf, rm, dm\): "
                r"using rr",
                r"lab: no scenario is called 'nope'; scenarios: cpu-mix periodic"]},
]


def check_sched(out):
    """Seven processes end with statistics; the CPU-bound ones were each preempted."""
    rows = re.findall(r"^ *\d+ (\S+) +exited +(-?\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)$",
                      out, re.M)
    if len(rows) != 7:
        return "expected 7 statistics rows, got %d" % len(rows)
    for name, code, cpu, sched, vol, invol, wakeups in rows:
        if name.startswith("cpu-") and (int(invol) < 3 or int(code) != 0):
            return "%s: %s involuntary switches, exit %s" % (name, invol, code)
        if name.startswith("sleeper") and int(wakeups) != 4:
            return "%s woke %s times, expected 4" % (name, wakeups)
    return None


def check_timers(out):
    """One-shots fire once each in deadline order, the removed one never; both periodics run."""
    fired = re.findall(r"one-shot (\w) \(\d+ ms\) fired, deadline \d+, late (\d+) us", out)
    if [name for name, _ in fired] != ["A", "B", "C"]:
        return "one-shots fired as %s, expected A, B, C" % [name for name, _ in fired]
    if any(int(late) > 50 for _, late in fired):
        return "a one-shot was more than 50 us late"
    if len(re.findall(r"periodic 100 ms", out)) != 10:
        return "expected 10 runs of the 100 ms periodic timer in 1.1 s"
    if len(re.findall(r"us  periodic 250 ms", out)) != 4:
        return "expected 4 runs of the 250 ms periodic timer in 1.1 s"
    return None


def check_tick(out):
    """Every tick is 100 ms after the previous deadline and at most 50 us late."""
    ticks = re.findall(r"tick +(\d+) at +(\d+) us +deadline +(\d+) +late +(\d+) us", out)
    if len(ticks) < 9:
        return "only %d ticks" % len(ticks)
    deadlines = [int(t[2]) for t in ticks]
    for a, b in zip(deadlines, deadlines[1:]):
        if b - a != 100000:
            return "deadlines %d and %d are not 100 ms apart" % (a, b)
    late = max(int(t[3]) for t in ticks)
    if late > 50:
        return "a tick was %d us late" % late
    return None


def check_svc(out):
    """The report of a kernel svc shows the registers as they were at the svc: its address as
    pc, and the sp and r0 the test printed just before it."""
    said = re.search(r"svc at ([0-9a-f]{8}), sp ([0-9a-f]{8}), r0 = 0x5a5a0001", out)
    if not said:
        return "the test did not say where its svc is"
    if not re.search(r"\*\*\* supervisor call in SVC mode at pc %s" % said.group(1), out):
        return "the report's pc is not the svc's address %s" % said.group(1)
    if not re.search(r"\bsp  %s\b" % said.group(2), out):
        return "the report's sp is not the sp before the svc, %s" % said.group(2)
    return None


def check_chainload(out):
    """The loader received build/kernel7.img whole: its size, once, and the CRC-32 it printed."""
    import zlib
    with open(os.path.join(ROOT, "build", "kernel7.img"), "rb") as f:
        kernel = f.read()
    got = re.findall(r"chainload: checksum ok \(crc32 0x([0-9a-f]{8})\), (\d+) bytes", out)
    if got != [("%08x" % zlib.crc32(kernel), str(len(kernel)))]:
        return "the loader reported %s, expected one transfer of %d bytes, crc32 %08x" % (
            got, len(kernel), zlib.crc32(kernel))
    return None


def check_panic_reset(out):
    """panic=N: the reset comes N s of virtual time after the panic (the busy-wait's own
    granularity allows a few microseconds)."""
    m = re.search(r"panic=(\d+): resetting the board in \d+ s \(panic at (\d+\.\d+) s\)", out)
    r = re.search(r"resetting the board at (\d+\.\d+) s", out)
    if not m or not r:
        return "no panic time or reset time"
    waited = float(r.group(1)) - float(m.group(2))
    if not int(m.group(1)) <= waited <= int(m.group(1)) + 0.001:
        return "reset %.6f s after the panic, expected %s s" % (waited, m.group(1))
    return None


def check_fuzz(out):
    """The fuzzer's summary adds up: every call made is an error of some kind or a success, and
    each kind of hostile input was met with its error (none of them can be zero in a run of
    thousands of calls); processes were spawned, killed and faulted."""
    m = re.search(r"^fuzz: seed=\d+ calls=(\d+) errors (.*) kernel panics=0\r?$", out, re.M)
    if not m:
        return "no fuzz summary line"
    figures = {k: int(v) for k, v in (kv.split("=") for kv in m.group(2).split())}
    errors = sum(figures[k] for k in figures if k.startswith("E") or k == "other")
    if errors + figures["ok"] != int(m.group(1)):
        return "errors %d + ok %d != calls %s" % (errors, figures["ok"], m.group(1))
    for kind in ("EFAULT", "EINVAL", "ESRCH", "EPERM", "EAGAIN", "ENOMEM", "ENOSYS", "EINTR",
                 "spawned", "killed", "faulted"):
        if figures.get(kind, 0) == 0:
            return "%s=0: that kind of call was never made or never failed" % kind
    if figures["wrong"] or figures["other"]:
        return "wrong=%d other=%d" % (figures["wrong"], figures["other"])
    return None


SOAK_SUMMARY = re.compile(
    r"^soak: (\d+) processes, (\d+) s, (\d+) wake-ups checked, (\d+) lost, (\d+) early, "
    r"(-?\d+) pages leaked, (-?\d+) slots leaked, late min (\d+) max (\d+) mean (\d+) us, "
    r"hog spread ([\d.]+)% \(bound ([\d.]+)%\)$", re.M)


def check_soak(out):
    """The soak's summary adds up: 64 processes, wake-ups checked (about one per sleeper every
    few tens of ms: at least 100 per virtual second), none lost or early, nothing leaked, the
    lateness ordered, the hogs' spread within its bound, and each hog's CPU time on its line."""
    m = SOAK_SUMMARY.search(out)
    if not m:
        return "no soak summary line"
    procs, secs, checked, lost, early, pages, slots = (int(x) for x in m.group(1, 2, 3, 4, 5, 6, 7))
    lo, hi, mean = (int(x) for x in m.group(8, 9, 10))
    spread, bound = float(m.group(11)), float(m.group(12))
    if procs != 64:
        return "%d processes, not 64" % procs
    if checked < 100 * secs:
        return "only %d wake-ups checked in %d s" % (checked, secs)
    if lost or early or pages or slots:
        return "lost %d, early %d, pages leaked %d, slots leaked %d" % (lost, early, pages, slots)
    if not lo <= mean <= hi:
        return "lateness min %d mean %d max %d out of order" % (lo, mean, hi)
    if spread > bound:
        return "hog spread %.2f%% above its bound %.2f%%" % (spread, bound)
    hogs = re.search(r"^soak: \d+ wake-ups within \d+ us of the deadline, .*hogs' cpu ms "
                     r"\(turns\):((?: \d+ \(\d+\))+)$", out, re.M)
    if not hogs or len(re.findall(r"\d+ \(", hogs.group(1))) != 4:
        return "no line with the four hogs' CPU times"
    return None


def fuzz_figures(out):
    """The figures of a fuzz summary line (errors by kind, ok, ...), or None."""
    m = re.search(r"calls=\d+ errors (.*) kernel panics=0", out)
    return m.group(1) if m else None


CHECKS = {"chainload": check_chainload, "tick": check_tick, "timers": check_timers,
          "sched": check_sched, "svc": check_svc, "fuzz": check_fuzz, "soak": check_soak,
          "panic_reset": check_panic_reset}


def run_host(binaries, verbose):
    passed = failed = 0
    for binary in binaries:
        proc = subprocess.run([binary], capture_output=True, text=True, timeout=300)
        out = proc.stdout + proc.stderr
        ok = [int(n) for n in re.findall(r"\[  PASSED  \] (\d+) test", out)]
        bad = [int(n) for n in re.findall(r"\[  FAILED  \] (\d+) test", out)]
        p, f = sum(ok), sum(bad)
        if proc.returncode != 0 and f == 0:
            f = 1  # crashed or sanitizer report: count it
        name = os.path.basename(binary)
        print("%s host %s: %d passed, %d failed" % ("ok  " if f == 0 else "FAIL", name, p, f))
        if f or verbose:
            print(indent(out))
        passed += p
        failed += f
    return passed, failed


def run_python(directory, verbose):
    """Runs a directory of unittest tests (the lab's: parser, metrics, and QEMU runs)."""
    proc = subprocess.run(["/usr/bin/python3", "-m", "unittest", "discover", "-s", directory],
                          cwd=ROOT, capture_output=True, text=True, timeout=1200)
    out = proc.stdout + proc.stderr
    ran = re.findall(r"^Ran (\d+) tests?", out, re.M)
    total = int(ran[-1]) if ran else 0
    bad = sum(int(n) for n in re.findall(r"(?:failures|errors)=(\d+)", out))
    if proc.returncode != 0 and bad == 0:
        bad = 1
    print("%s python %s: %d passed, %d failed" % ("ok  " if not bad else "FAIL", directory,
                                                  total - min(bad, total), bad))
    if bad or verbose:
        print(indent(out))
    return total - min(bad, total), bad


def indent(text):
    return "\n".join("    | " + line for line in text.rstrip().splitlines())


def boot(case):
    # --no-reboot: a reset (panic=N, reboot) ends QEMU instead of booting the kernel again.
    cmd = [os.path.join(ROOT, "qemu.sh")] + case["args"]
    if "--no-reboot" not in cmd:
        cmd.insert(1, "--no-reboot")
    start = time.monotonic()
    # A session of its own, so a stop kills qemu.sh and the QEMU it started together.
    env = dict(os.environ, **case.get("env", {}))
    timeout = case.get("timeout", QEMU_TIMEOUT)
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True, env=env)
    out = b""
    status = None
    if case.get("stop_on"):
        # Read until every expected line has appeared (or the deadline), then stop QEMU.
        fd = proc.stdout.fileno()
        while time.monotonic() - start < QEMU_TIMEOUT:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                out += chunk
            text = out.decode(errors="replace")
            if all(re.search(p, text) for p in case["expect"]):
                break
        os.killpg(proc.pid, signal.SIGKILL)
        out += proc.communicate()[0]
    else:
        try:
            out = proc.communicate(timeout=timeout)[0]
            status = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out = proc.communicate()[0]
            status = "timeout"
    text = out.decode(errors="replace").replace("\r\n", "\n")
    return text, status, time.monotonic() - start


def judge(case, out, status):
    """Returns (passed, failed, problems) for one boot."""
    problems = []
    if status == "timeout":
        problems.append("no exit within %d s (hang?)" % case.get("timeout", QEMU_TIMEOUT))
    elif "status" in case and status != case["status"]:
        problems.append("exit status %s, expected %d" % (status, case["status"]))
    for pattern in case["expect"]:
        if not re.search(pattern, out):
            problems.append("missing: /%s/" % pattern)
    for pattern in case.get("reject", []):
        if re.search(pattern, out):
            problems.append("present but must not be: /%s/" % pattern)
    if "check" in case:
        problem = CHECKS[case["check"]](out)
        if problem:
            problems.append(problem)
    if case.get("suite"):
        summary = re.findall(r"^(\d+) passed, (\d+) failed$", out, re.M)
        if not summary:
            problems.append("no 'N passed, N failed' line from the kernel")
            return 0, 1, problems
        p, f = (int(x) for x in summary[-1])
        cases_ok = len(re.findall(r"^ok   \S+$", out, re.M))
        cases_bad = len(re.findall(r"^FAIL \S+", out, re.M))
        if cases_ok != p or cases_bad != f:
            problems.append("summary %d/%d disagrees with %d ok / %d FAIL lines"
                            % (p, f, cases_ok, cases_bad))
        if problems:
            f = max(f, 1)
        return p if not problems else min(p, cases_ok), f, problems
    return (0, 1, problems) if problems else (1, 0, problems)


def run_qemu(only, verbose):
    dtb = os.path.join(ROOT, "build", "test.dtb")
    if not os.path.exists(dtb):
        subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tests/qemu/make_dtb.py"), dtb],
                       check=True)
    cases = [c for c in QEMU_CASES if not only or only in c["name"]]
    # A case marked "twice" boots a second time: both outputs must be the same bytes. One with
    # "figures_differ_from" must print other fuzz figures than the case it names.
    boots = cases + [c for c in cases if c.get("twice")]
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(boot, boots))
    outputs = {case["name"]: out for case, (out, _, _) in zip(cases, results)}
    seconds = dict((c["name"], r[2]) for c, r in zip(boots[len(cases):], results[len(cases):]))
    for case, (out, status, secs) in zip(cases, results):
        p, f, problems = judge(case, out, status)
        if case.get("twice") and results[boots.index(case, len(cases))][0] != out:
            problems.append("two boots of the same command printed different output")
            f = max(f, 1)
        if case["name"] in seconds:
            secs += seconds[case["name"]]
        other = case.get("figures_differ_from")
        if other and fuzz_figures(outputs.get(other, "")) == fuzz_figures(out):
            problems.append("the same fuzz figures as '%s': is the seed used?" % other)
            f = max(f, 1)
        print("%s qemu %s: %d passed, %d failed (%.1f s)"
              % ("ok  " if not problems else "FAIL", case["name"], p, f, secs))
        # A boot meant to fail (a planted defect) shows its FAIL lines only when it is wrong.
        if problems or case.get("status", 0) == 0:
            for line in re.findall(r"^FAIL .*$", out, re.M):
                print("    " + line)
        for problem in problems:
            print("    " + problem)
        if problems or verbose:
            print("    ./qemu.sh " + " ".join(case["args"]))
            print(indent(out))
        passed += p
        failed += f
    return passed, failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", nargs="*", default=[], help="cmocka test binaries to run")
    ap.add_argument("--qemu", action="store_true", help="run the QEMU boots")
    ap.add_argument("--python", nargs="*", default=[], help="directories of unittest tests")
    ap.add_argument("--only", help="only QEMU boots whose name contains this")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    passed = failed = 0
    if args.host:
        p, f = run_host(args.host, args.verbose)
        passed, failed = passed + p, failed + f
    if args.qemu:
        p, f = run_qemu(args.only, args.verbose)
        passed, failed = passed + p, failed + f
    for directory in args.python:
        p, f = run_python(directory, args.verbose)
        passed, failed = passed + p, failed + f
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
