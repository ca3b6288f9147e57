#!/usr/bin/python3
"""Where the instructions go: an instruction-level profile of a pinwheel boot in QEMU.

    scripts/profile.py --from SYM --to SYM [options] [--] [kernel words ...]
    scripts/profile.py --preset NAME          (make profile bench=NAME)

It boots build/kernel7.img under --icount (one instruction = 8 ns of virtual time at shift=3)
with QEMU's exec log (`-d in_asm,exec,nochain`), rebuilds the stream of executed instructions
from it, cuts that stream into windows, and attributes every instruction in a window to its
function with the ELF's symbols.

A window opens when the instruction at --from executes and closes just before the next
instruction at --to executes (--from and --to may be the same: then each window is one round,
from one arrival at that address to the next). An address is a symbol (`getpid`), a symbol
plus an offset (`take_stamp+8`), a hex number (`0x18`), or `irq`, `svc`, ... for an exception
vector at address 0.

It prints the number of windows and their instruction counts (median, min, max), the functions
by instructions spent in all windows with their share, and the call path of one window
(--event N, the median one by default): each function entered, indented by call depth, with the
instructions it ran before it called or returned.

Rebuilding the stream from QEMU's log needs three corrections, because the log records each
translation block (TB) when QEMU starts it, not the instructions that ran:
  * icount I/O recompiles: an MMIO access that is not the last instruction of its TB makes
    QEMU roll the TB back to that instruction and run the instruction again alone, in a TB
    flagged CF_LAST_IO (cflags 0x8000). The first TB ran only the instructions before it.
  * TBs stopped early: a TB whose start finds the icount budget too small for all of it exits
    at once; QEMU runs the rest of the budget as a TB cut to that many instructions (the count
    in cflags' low 9 bits) or, with a fresh budget, starts the same TB again. The first start
    ran nothing.
  * an abort inside a TB (data abort, prefetch abort, undefined instruction): the log does
    not say which instruction faulted; such TBs are counted whole and the total says how many.
With --one-insn-per-tb every TB is one instruction (QEMU's -singlestep): a second route to the
same figures, much slower, which the tests use to check this one.
"""
import argparse
import bisect
import json
import os
import signal
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CF_COUNT_MASK = 0x1FF
CF_LAST_IO = 0x8000
VECTORS = {"reset": 0x00, "undef": 0x04, "svc": 0x08, "pabt": 0x0C, "dabt": 0x10,
           "irq": 0x18, "fiq": 0x1C}
ABORT_VECTORS = (0x04, 0x0C, 0x10)
MAX_PATHS = 4096
# The windows that make bench's kernel figures measure: boot words, then the window.
PRESETS = {
    "timer_irq": (["bench=timer"], dict(start="irq", stop="take_stamp")),
    "timer_irq_stamp": (["bench=timer"], dict(start="irq", stop="take_stamp:clock")),
    "null_syscall": (["bench=sched"], dict(start="svc_entry", after="null_syscall",
                                           before="spawn_exit")),
    "context_switch": (["bench=sched"], dict(start="svc_entry", after="context_switch",
                                             before="wake_lateness")),
    "wake": (["bench=sched"], dict(start="irq", stop="lateness_sleeper:clock",
                                   after="wake_lateness")),
}
KERNEL_BASE = 0x8000


class Symbols:
    """Function symbols of the kernel ELF (kernel and user image), for address -> name."""

    def __init__(self, elf):
        out = subprocess.run(["arm-none-eabi-nm", "-n", "--defined-only", elf],
                             capture_output=True, text=True, check=True).stdout
        starts, names, self.by_name = [], [], {}
        for line in out.splitlines():
            parts = line.split()
            if len(parts) != 3 or parts[1] not in "tTwW":
                continue
            if parts[2].startswith("$") or parts[2].startswith("."):
                continue
            addr, name = int(parts[0], 16), parts[2]
            self.by_name[name] = addr
            if starts and starts[-1] == addr:
                # several names for one address: show a function's, not a linker mark's
                if names[-1].startswith("__") and not name.startswith("__"):
                    names[-1] = name
                continue
            starts.append(addr)
            names.append(name)
        self.starts, self.names = starts, names
        self.elf = elf

    def name(self, pc):
        """The function holding pc; the copy of the vector table at 0 is `vectors`."""
        if pc < 0x40:
            return "vectors"
        if pc < 0x8000:
            return "[below the image]"
        i = bisect.bisect_right(self.starts, pc) - 1
        return self.names[i] if i >= 0 else "[unknown]"

    def entry(self, pc):
        """True if pc is the first instruction of a function."""
        i = bisect.bisect_left(self.starts, pc)
        return i < len(self.starts) and self.starts[i] == pc

    def address(self, text):
        """SYM, SYM+OFF, SYM:clock or SYM:clockN (its first or Nth read of the generic timer),
        0xHEX or a vector name -> address."""
        m = re.fullmatch(r"(.+):clock(\d*)", text)
        if m:
            return self.clock_read(m.group(1), int(m.group(2) or 1))
        if text in VECTORS:
            return VECTORS[text]
        if re.fullmatch(r"0x[0-9a-fA-F]+", text):
            return int(text, 16)
        name, _, off = text.partition("+")
        if name not in self.by_name:
            raise SystemExit("profile: no symbol called '%s' in the kernel ELF" % name)
        return self.by_name[name] + (int(off, 0) if off else 0)

    def clock_read(self, name, nth=1):
        """The nth generic-timer counter read (mrrc p15, 1, ..., c14) in a function, in address
        order: where a benchmark starts or stops its clock."""
        start = self.address(name)
        i = self.starts.index(start)
        end = self.starts[i + 1] if i + 1 < len(self.starts) else start + 4096
        out = subprocess.run(["arm-none-eabi-objdump", "-d", "--start-address=%#x" % start,
                              "--stop-address=%#x" % end, self.elf],
                             capture_output=True, text=True, check=True).stdout
        reads = [int(line.split(":")[0], 16) for line in out.splitlines()
                 if re.search(r"\bmrrc\s+15, 1, .*cr14", line)]
        if len(reads) < nth:
            raise SystemExit("profile: %s reads the generic-timer counter %d times, not %d"
                             % (name, len(reads), nth))
        return reads[nth - 1]


def executed_runs(log, notes):
    """Yield (block, n): block ran its first n instructions, in the order they ran."""
    blocks = {}
    pending_pcs = []
    # Per core: the block of its last trace, and how much of it ran as far as known. QEMU runs
    # the cores in turn on one thread, so a "Stopped" or "rewound" line is about the core of
    # the trace just before it. Only core 0 is profiled (cores 1-3 are parked), and only from
    # the kernel's first instruction on: before it, address 0 holds QEMU's boot code, not the
    # vectors.
    prev, prev_n, cpu = {}, {}, "0:"
    started = False
    for line in log:
        c = line[:1]
        if c == "0" and line.startswith("0x"):
            pending_pcs.append(int(line.split(":", 1)[0], 16))
            continue
        if c == "I" and line.startswith("IN:"):
            pending_pcs = []  # a new listing; one QEMU began and did not finish is dropped
            continue
        if c == "S" and line.startswith("Stopped execution of TB chain before"):
            # QEMU never entered the block it had just logged (the icount budget or a
            # pending interrupt stopped it at its start)
            if cpu in prev:
                prev_n[cpu] = 0
                notes["stopped"] += 1
            continue
        if c == "c" and line.startswith("cpu_io_recompile: rewound execution of TB to"):
            # an MMIO access that was not last: the block ran the instructions before it,
            # and the access runs again alone in a block of its own
            if cpu in prev:
                at = int(line.rsplit(None, 1)[1], 16)
                if at in prev[cpu]:
                    prev_n[cpu] = prev[cpu].index(at)
                notes["io_recompile"] += 1
            continue
        if c != "T" or not line.startswith("Trace "):
            continue
        parts = line.split(None, 4)
        cpu, ptr = parts[1], parts[2]
        fields = parts[3].strip("[]").split("/")
        pc = int(fields[1], 16)
        if pending_pcs:
            blocks[ptr] = pending_pcs
            pending_pcs = []
        block = blocks.get(ptr)
        if block is None:
            notes["unknown"] += 1
            continue
        if cpu != "0:":
            prev[cpu], prev_n[cpu] = block, len(block)
            continue
        if "0:" in prev and started:
            if pc in ABORT_VECTORS and prev["0:"][0] >= 0x40:
                notes["abort"] += 1
            yield prev["0:"], prev_n["0:"]
        started = started or pc >= KERNEL_BASE
        prev["0:"], prev_n["0:"] = block, len(block)
    if "0:" in prev and started:
        yield prev["0:"], prev_n["0:"]


class Profile:
    def __init__(self, symbols, start, stop, keep_path_of, after=None, before=None):
        self.sym = symbols
        self.start, self.stop = start, stop
        self.after, self.before = after, before
        self._armed = after is None
        self._done = False
        self.keep = keep_path_of
        self.windows = []  # instruction count of each window
        self.by_function = {}
        # [[function, pc of its first instruction, count]] of the open window, and of the first
        # window of each length (the median window's call path is one of them)
        self.path = []
        self.paths = {}
        self._open = False
        self._count = 0
        self.reopened = 0  # windows restarted because --from came again before --to
        self._here = {}  # function -> instructions, in the open window
        self._names = {}

    def _name(self, pc):
        name = self._names.get(pc)
        if name is None:
            name = self._names[pc] = self.sym.name(pc)
        return name

    def feed(self, pcs, n):
        i = 0
        if self._done:
            return
        if not self._armed:
            if self.after not in pcs[:n]:
                return
            self._armed = True
            i = pcs.index(self.after)
        if self.before is not None and self.before in pcs[i:n]:
            # the last piece: up to the end of the range, whatever window is open there is
            # dropped
            self._done = True
            n = pcs.index(self.before, i, n)
        while i < n:
            if not self._open:
                try:
                    i = pcs.index(self.start, i, n)
                except ValueError:
                    return
                self._open, self._count, self._here = True, 0, {}
                first = True
            else:
                first = False
                if self.start != self.stop and self.start in pcs[i:n]:
                    # --from again before --to: the open window began at an event that
                    # never reached --to (an unrelated IRQ, say); start over at this one
                    j = pcs.index(self.start, i, n)
                    if self.stop not in pcs[i:j]:
                        self.reopened += 1
                        self._open, self._count, self._here = True, 0, {}
                        self.path = []
                        i, first = j, True
            # inside: up to the stop address (the opening instruction itself never closes)
            j = n
            if self.stop in pcs:
                try:
                    j = pcs.index(self.stop, i + 1 if first else i, n)
                except ValueError:
                    j = n
            self._account(pcs, i, j)
            if j < n:
                if self._keeping() and self._count not in self.paths:
                    self.paths[self._count] = self.path
                self.path = []
                self.windows.append(self._count)
                for name, count in self._here.items():
                    self.by_function[name] = self.by_function.get(name, 0) + count
                self._open = False
                i = j
            else:
                i = n
        if self._done and self._open:
            self._open = False
            self.path = []

    def _keeping(self):
        """Keep the call path of the window open now? The one asked for (keep >= 0), or, when
        none was (keep < 0), the first of each length, up to a bound."""
        if self.keep >= 0:
            return len(self.windows) == self.keep
        return len(self.paths) < MAX_PATHS

    def _account(self, pcs, i, j):
        self._count += j - i
        keep = self._keeping()
        here = self._here
        for k in range(i, j):
            name = self._name(pcs[k])
            here[name] = here.get(name, 0) + 1
            if keep:
                if self.path and self.path[-1][0] == name and not self.sym.entry(pcs[k]):
                    self.path[-1][2] += 1
                else:
                    self.path.append([name, pcs[k], 1])


def call_tree(path, symbols):
    """Indent each run of a function by its call depth. Arriving at a function's first
    instruction (or at an exception vector) is a call; arriving in the middle of one on the
    stack is a return to it; arriving in the middle of any other is an exception return to
    the code that was interrupted, which starts a new tree."""
    stack, lines = [], []
    for name, pc, _ in path:
        if pc < 0x40 or symbols.entry(pc):
            stack.append(name)
        elif name in stack:
            del stack[len(stack) - 1 - stack[::-1].index(name) + 1:]
        else:
            stack = [name]
        lines.append((len(stack) - 1, name, _))
    return lines


def run_qemu(words, log_path, one_insn):
    cmd = [os.path.join(ROOT, "qemu.sh"), "--icount", "--exec-log", log_path]
    if one_insn:
        cmd.append("--one-insn-per-tb")
    result = subprocess.run(cmd + words, cwd=ROOT, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=1800)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n".join(__doc__.split("\n")[2:]))
    ap.add_argument("--preset", choices=sorted(PRESETS),
                    help="a benchmark's window: %s" % ", ".join(
                        "%s (%s)" % (k, " ".join(v[0])) for k, v in sorted(PRESETS.items())))
    ap.add_argument("--from", dest="start", help="address that opens a window")
    ap.add_argument("--to", dest="stop", help="address that closes it (default: --from)")
    ap.add_argument("--after", help="count only windows after this address first runs")
    ap.add_argument("--before", help="... and before this one first runs after that")
    ap.add_argument("--event", type=int, default=None,
                    help="window whose call path is shown (0 = first; default: the median)")
    ap.add_argument("--top", type=int, default=25, help="functions to list (default 25)")
    ap.add_argument("--log", help="read this exec log instead of booting (from --keep-log)")
    ap.add_argument("--keep-log", help="keep QEMU's exec log in this file")
    ap.add_argument("--one-insn-per-tb", action="store_true",
                    help="run QEMU with one instruction per TB (slower; the second route)")
    ap.add_argument("--json", help="also write the windows and functions to this file")
    ap.add_argument("--console", help="write the boot's console output to this file")
    ap.add_argument("--elf", default=os.path.join(ROOT, "build/kernel.elf"))
    ap.add_argument("words", nargs="*", help="kernel command-line words (e.g. bench=timer)")
    args = ap.parse_args()
    if args.preset:
        words, bounds = PRESETS[args.preset]
        args.words = args.words or words
        for key, value in bounds.items():
            if getattr(args, key) is None:
                setattr(args, key, value)
    if args.start is None:
        ap.error("say where a window opens: --from ADDRESS, or --preset NAME")

    symbols = Symbols(args.elf)
    start = symbols.address(args.start)
    stop = symbols.address(args.stop or args.start)
    after = symbols.address(args.after) if args.after else None
    before = symbols.address(args.before) if args.before else None

    tmp = None
    log_path = args.log
    if not log_path:
        if not args.words:
            ap.error("give the kernel words to boot with (e.g. bench=sched), or --log FILE")
        if args.keep_log:
            log_path = args.keep_log
        else:
            tmp = tempfile.TemporaryDirectory(prefix="pinwheel-profile-")
            log_path = os.path.join(tmp.name, "exec.log")
        result = run_qemu(args.words, log_path, args.one_insn_per_tb)
        if args.console:
            with open(args.console, "w") as out:
                out.write(result.stdout)
        if result.returncode != 0:
            sys.stderr.write(result.stdout[-2000:] + result.stderr[-2000:])
            print("profile: the boot failed (status %d)" % result.returncode)
            return 1

    notes = {"unknown": 0, "io_recompile": 0, "stopped": 0, "abort": 0}
    keep = args.event if args.event is not None else -1
    prof = profile_log(log_path, symbols, (start, stop, after, before), keep, notes)
    if tmp:
        tmp.cleanup()
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"windows": prof.windows, "functions": prof.by_function,
                       "corrections": notes, "reopened": prof.reopened}, out, indent=1)
    if keep < 0 and prof.windows:
        keep = prof.windows.index(statistics.median_low(prof.windows))
    return report(prof, symbols, args, keep, notes)


def profile_log(path, symbols, bounds, keep, notes):
    start, stop, after, before = bounds
    prof = Profile(symbols, start, stop, keep, after, before)
    with open(path, errors="replace") as log:
        for pcs, n in executed_runs(log, notes):
            prof.feed(pcs, n)
    return prof


def report(prof, symbols, args, keep, notes):
    w = prof.windows
    stop = args.stop or args.start
    if not w:
        print("profile: no window from %s to %s in this run" % (args.start, stop))
        return 1
    total = sum(w)
    print("profile windows=%d from=%s to=%s insns_total=%d median=%d min=%d max=%d"
          % (len(w), args.start, stop, total, statistics.median_low(w), min(w), max(w)))
    print("profile corrections io_recompile=%d stopped=%d abort=%d unknown=%d reopened=%d"
          % (notes["io_recompile"], notes["stopped"], notes["abort"], notes["unknown"],
             prof.reopened))
    if notes["abort"]:
        print("profile: %d TBs ended in an abort and were counted whole: the figures near them "
              "are upper bounds" % notes["abort"])
    print()
    print("%-32s %12s %7s %12s" % ("function", "insns", "share", "per window"))
    ranked = sorted(prof.by_function.items(), key=lambda kv: (-kv[1], kv[0]))
    for name, count in ranked[:args.top]:
        print("%-32s %12d %6.1f%% %12.1f" % (name[:32], count, 100.0 * count / total,
                                             count / len(w)))
    if len(ranked) > args.top:
        rest = sum(c for _, c in ranked[args.top:])
        print("%-32s %12d %6.1f%%" % ("(%d more)" % (len(ranked) - args.top), rest,
                                      100.0 * rest / total))
    path = prof.paths.get(w[keep]) if 0 <= keep < len(w) else None
    if path:
        print()
        print("call path of window %d (%d instructions):" % (keep, w[keep]))
        for depth, name, count in call_tree(path, symbols):
            print("  %s%-*s %5d" % ("  " * depth, 40 - 2 * depth, name, count))
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main())
