"""Reads pinwheel's scheduler trace (Linux ftrace text format) and computes the lab's metrics.

A lab run ends with the trace ring printed between "=== pinwheel trace start ===" and
"=== pinwheel trace end: N events, N lost ===", then power-off. Event lines follow Linux's
trace_print_context() (kernel/trace/trace_output.c): "%16s-%-7d [%03d] " (TASK-PID, CPU#),
four flag characters, " %5lu.%06lu: " (TIMESTAMP), then "event: fields".

parse_console() and parse_trace() are strict: a line that is neither such an event nor a "#"
comment, a known event with a missing field, or a timestamp going backwards raises ValueError
naming the line. check_layout() is stricter about columns and who is running, and returns
problems instead of raising. analyse() replays the events into per-process metrics and a
timeline of states, and the real-time tasks' jobs into per-task metrics. All times are integer
microseconds from the trace's time zero (the lab's start, or `trace start` in the shell).
"""
import math
import re
from dataclasses import dataclass, field

START_MARKER = "=== pinwheel trace start ==="
END_MARKER = re.compile(r"^=== pinwheel trace end: (?P<events>\d+) events, "
                        r"(?P<lost>\d+) lost ===$")

# TASK-PID CPU# FLAGS TIMESTAMP: EVENT: FIELDS. Whitespace between columns is not counted here
# (older kernels print the pid as %-5d); check_layout() checks the exact columns.
EVENT_LINE = re.compile(
    r"^ *(?P<task>\S.*)-(?P<pid>\d+) +"        # comm right-aligned in 16 columns, pid
    r"\[(?P<cpu>\d{3})\] "                      # CPU#
    r"(?P<flags>[dX.][Nnp.][ZzHhs.][0-9a-f.]) +"  # irqs-off, need-resched, hard/softirq, preempt
    r"(?P<secs>\d+)\.(?P<usecs>\d{6}): "        # TIMESTAMP: seconds with 6 decimals
    r"(?P<event>[a-z_][a-z0-9_]*): "            # event name
    r"(?P<fields>.*)$")
HEADER_LINE = re.compile(r"^# pinwheel: (?P<words>.*)$")
ENTRIES_LINE = re.compile(
    r"^# entries-in-buffer/entries-written: (?P<in_buffer>\d+)/(?P<written>\d+) +#P:\d+$")
KEY_VALUE = re.compile(r"^(?P<key>[a-z_][a-z0-9_]*)=(?P<value>\S+)$")

# The fields each event must have, in order. Events not listed are kept with their raw text only
# (ftrace viewers skip events they do not know, so the kernel may add some).
COMM, NUM, PRIO, SIGNED = r"\S+", r"\d+", r"-?\d+", r"-?\d+"
EVENT_FIELDS = {
    "sched_switch": [("prev_comm", COMM), ("prev_pid", NUM), ("prev_prio", PRIO),
                     ("prev_state", r"R\+|[RSDX]"), ("==>", None), ("next_comm", COMM),
                     ("next_pid", NUM), ("next_prio", PRIO)],
    "sched_waking": [("comm", COMM), ("pid", NUM), ("prio", PRIO), ("target_cpu", r"\d{3}")],
    "sched_wakeup": [("comm", COMM), ("pid", NUM), ("prio", PRIO), ("target_cpu", r"\d{3}")],
    "sched_process_fork": [("comm", COMM), ("pid", NUM), ("child_comm", COMM),
                           ("child_pid", NUM)],
    "sched_process_exit": [("comm", COMM), ("pid", NUM), ("prio", PRIO)],
    "irq_handler_entry": [("irq", NUM), ("name", COMM)],
    "pinwheel_proc": [("pid", NUM), ("comm", COMM), ("kind", COMM), ("prio", PRIO),
                      ("tickets", NUM)],
    "pinwheel_sleep": [("pid", NUM), ("until_us", SIGNED)],
    "pinwheel_wakeup": [("pid", NUM), ("deadline_us", SIGNED), ("actual_us", SIGNED)],
    "pinwheel_job_release": [("pid", NUM), ("job", NUM), ("release_us", SIGNED),
                             ("deadline_us", SIGNED), ("work_us", NUM)],
    "pinwheel_job_complete": [("pid", NUM), ("job", NUM), ("deadline_us", SIGNED),
                              ("response_us", NUM)],
    "pinwheel_deadline_miss": [("pid", NUM), ("job", NUM), ("deadline_us", SIGNED)],
}
STRING_FIELDS = {"prev_comm", "prev_state", "next_comm", "comm", "child_comm", "name", "kind"}


def _fields_regex(spec):
    """One regex for an event's field list: 'key=value' words separated by single spaces."""
    words = [re.escape(key) if pattern is None else "%s=(?P<%s>%s)" % (key, key, pattern)
             for key, pattern in spec]
    return re.compile("^" + " ".join(words) + "$")


FIELD_LINES = {name: _fields_regex(spec) for name, spec in EVENT_FIELDS.items()}

# Process states in the timeline, and the state a sched_switch's prev_state leaves behind.
RUNNING, RUNNABLE, SLEEPING = "running", "runnable", "sleeping"
BLOCKED, EXITED = "blocked", "exited"
STATE_AFTER_SWITCH = {"R+": RUNNABLE, "R": RUNNABLE, "S": SLEEPING, "D": BLOCKED, "X": EXITED}


@dataclass
class Event:
    """One trace line. task/pid: the task running when the event was recorded."""
    lineno: int
    task: str
    pid: int
    cpu: int
    flags: str
    ts_us: int
    name: str
    text: str                                   # the fields, as printed
    fields: dict = field(default_factory=dict)  # parsed fields of known events


@dataclass
class Trace:
    """A parsed trace: events in order, the '# pinwheel:' key=values, the events lost."""
    events: list
    header: dict
    lost: int = 0
    entries: tuple = None  # (in buffer, written) from the '# entries-...' line, if present


def format_line(task, pid, ts_us, name, text, cpu=0, flags="d..."):
    """An event line exactly as ftrace prints it (and as check_layout() expects)."""
    secs, usecs = divmod(ts_us, 1000000)
    return "%16s-%-7d [%03d] %s %5d.%06d: %s: %s" % (
        task, pid, cpu, flags, secs, usecs, name, text)


def parse_line(line, lineno):
    """Parses one event line into an Event; ValueError naming lineno when it is malformed."""
    match = EVENT_LINE.match(line)
    if not match:
        raise ValueError("line %d: not an ftrace event line "
                         "(TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: FIELDS): %r" % (lineno, line))
    event = Event(lineno=lineno, task=match["task"].strip(), pid=int(match["pid"]),
                  cpu=int(match["cpu"]), flags=match["flags"],
                  ts_us=int(match["secs"]) * 1000000 + int(match["usecs"]),
                  name=match["event"], text=match["fields"])
    if event.name in FIELD_LINES:
        fields = FIELD_LINES[event.name].match(event.text)
        if not fields:
            expected = " ".join(key if pattern is None else key + "=..."
                                for key, pattern in EVENT_FIELDS[event.name])
            raise ValueError("line %d: %s fields do not read '%s': %r"
                             % (lineno, event.name, expected, event.text))
        for key, value in fields.groupdict().items():
            event.fields[key] = value if key in STRING_FIELDS else int(value)
    return event


def parse_trace(lines, first_lineno=1):
    """Parses the lines between the markers (comments and events) into a Trace.

    first_lineno is the number of lines[0] in the file the lines came from, so errors name the
    line a reader can open. Lost events are taken from the entries line, if there is one.
    """
    trace = Trace(events=[], header={})
    for lineno, line in enumerate(lines, first_lineno):
        line = line.rstrip("\r\n")
        if line.startswith("#"):
            _parse_comment(trace, line, lineno)
            continue
        event = parse_line(line, lineno)
        if trace.events and event.ts_us < trace.events[-1].ts_us:
            raise ValueError("line %d: timestamp %d us is before the previous event's (%d us)"
                             % (lineno, event.ts_us, trace.events[-1].ts_us))
        trace.events.append(event)
    if trace.entries is not None:
        in_buffer, written = trace.entries
        if in_buffer != len(trace.events):
            raise ValueError("entries-in-buffer says %d events but %d event lines were read "
                             "(output cut short?)" % (in_buffer, len(trace.events)))
        trace.lost = written - in_buffer
    return trace


def _parse_comment(trace, line, lineno):
    """Takes the key=values of '# pinwheel:' and the counts of '# entries-...'; skips others."""
    header = HEADER_LINE.match(line)
    if header:
        for word in header["words"].split():
            pair = KEY_VALUE.match(word)
            if not pair:
                raise ValueError("line %d: '# pinwheel:' word %r is not key=value"
                                 % (lineno, word))
            trace.header[pair["key"]] = pair["value"]
    elif line.startswith("# entries-in-buffer/entries-written:"):
        entries = ENTRIES_LINE.match(line)
        if not entries:
            raise ValueError("line %d: malformed entries line: %r" % (lineno, line))
        trace.entries = (int(entries["in_buffer"]), int(entries["written"]))


def parse_console(text):
    """Finds the trace in a run's console output and parses it.

    Lines outside the markers are other console output and are ignored. Line numbers in errors
    count from the start of text. The end marker's counts must agree with the lines read.
    """
    lines = text.replace("\r", "").split("\n")
    start, end = find_markers(lines)
    trace = parse_trace(lines[start + 1:end], first_lineno=start + 2)
    marker = END_MARKER.match(lines[end])
    if int(marker["events"]) != len(trace.events):
        raise ValueError("line %d: end marker says %s events but %d event lines were read"
                         % (end + 1, marker["events"], len(trace.events)))
    if trace.entries is not None and trace.lost != int(marker["lost"]):
        raise ValueError("line %d: end marker says %s lost, the entries line %d"
                         % (end + 1, marker["lost"], trace.lost))
    trace.lost = int(marker["lost"])
    return trace


def find_markers(lines):
    """Returns the indexes of the start and end marker lines; ValueError if either is missing."""
    starts = [i for i, line in enumerate(lines) if line == START_MARKER]
    if not starts:
        raise ValueError("no '%s' line in the output (did the kernel run a lab scenario?)"
                         % START_MARKER)
    if len(starts) > 1:
        raise ValueError("line %d: a second trace start marker" % (starts[1] + 1))
    for i in range(starts[0] + 1, len(lines)):
        if END_MARKER.match(lines[i]):
            return starts[0], i
    raise ValueError("line %d: trace start has no '=== pinwheel trace end: N events, N lost ==='"
                     " line after it (output cut short?)" % (starts[0] + 1))


def check_layout(lines, first_lineno=1):
    """Checks event lines against pinwheel's exact ftrace layout; returns a list of problems.

    Beyond what parse_trace() accepts, every event line must be exactly what format_line()
    prints (columns and widths, flags "d..."), and the TASK-PID column must name the task the
    last sched_switch switched to (<idle>-0 for the idle loop).
    """
    problems = []
    last_ts, running = None, None
    for lineno, line in enumerate(lines, first_lineno):
        line = line.rstrip("\r\n")
        if line.startswith("#"):
            continue
        try:
            event = parse_line(line, lineno)
        except ValueError as error:
            problems.append(str(error))
            running = None  # it may have been a sched_switch: take the next line's word for it
            continue
        expected = format_line(event.task, event.pid, event.ts_us, event.name, event.text,
                               event.cpu, "d...")
        if line != expected:
            problems.append("line %d: layout differs from ftrace's "
                            "'%%16s-%%-7d [%%03d] d... %%5lu.%%06lu: event: fields':\n"
                            "  got      %r\n  expected %r" % (lineno, line, expected))
        if last_ts is not None and event.ts_us < last_ts:
            problems.append("line %d: timestamp goes backwards" % lineno)
        last_ts = event.ts_us
        if running is None:
            running = event.pid
        if event.pid != running:
            problems.append("line %d: recorded by pid %d, but pid %d is running"
                            % (lineno, event.pid, running))
        if (event.pid == 0) != (event.task == "<idle>"):
            problems.append("line %d: the idle loop is '<idle>-0', not %r"
                            % (lineno, "%s-%d" % (event.task, event.pid)))
        if event.name == "sched_switch":
            if event.fields["prev_pid"] != event.pid:
                problems.append("line %d: sched_switch prev_pid=%d is not the recording task"
                                % (lineno, event.fields["prev_pid"]))
            running = event.fields["next_pid"]
    return problems


@dataclass
class Proc:
    """What the replay knows about one process; pid 0 is the idle loop (comm swapper)."""
    pid: int
    comm: str
    kind: str = "?"
    prio: int = None      # pinwheel priority (Linux prio: linux_prio(prio))
    tickets: int = None
    fork_us: int = None
    first_run_us: int = None
    cpu_us: int = 0
    wait_us: int = 0
    involuntary: int = 0  # switched out at the end of a time slice (R+)
    voluntary: int = 0    # switched out for any other reason (R, S, D, X)
    lateness_us: list = field(default_factory=list)
    wakeups_us: list = field(default_factory=list)
    spans: list = field(default_factory=list)  # (start_us, end_us, state), in time order
    state: str = None     # None until an event says what the process is doing
    since_us: int = None

    def close(self, ts_us):
        """Ends the current state's span at ts_us, adding it to the CPU or waiting time."""
        if self.state in (None, EXITED) or ts_us <= self.since_us:
            return
        self.spans.append((self.since_us, ts_us, self.state))
        if self.state == RUNNING:
            self.cpu_us += ts_us - self.since_us
        elif self.state == RUNNABLE:
            self.wait_us += ts_us - self.since_us

    def enter(self, state, ts_us):
        """Moves the process to state at ts_us."""
        if state != self.state:
            self.close(ts_us)
            self.state, self.since_us = state, ts_us


@dataclass
class Job:
    """One job of a real-time task, from its release, completion and miss events."""
    number: int
    release_us: int   # when it was due (nominal time plus jitter)
    deadline_us: int
    work_us: int
    complete_us: int = None  # the completion event's timestamp
    missed: bool = False


@dataclass
class Analysis:
    """analyse()'s result: JSON-ready metrics, and the processes' timelines for plotting."""
    metrics: dict
    procs: list  # a Proc for each process but the idle loop, by pid
    start_us: int
    end_us: int
    jobs: dict = field(default_factory=dict)  # pid -> job number -> Job


def _job_event(jobs, event):
    """Adds a release, completion or miss to jobs; ValueError for one out of order."""
    f = event.fields
    mine = jobs.setdefault(f["pid"], {})
    if event.name == "pinwheel_job_release":
        if f["job"] in mine or f["job"] != len(mine) + 1:
            raise ValueError("line %d: pid %d releases job %d after %d jobs"
                             % (event.lineno, f["pid"], f["job"], len(mine)))
        mine[f["job"]] = Job(f["job"], f["release_us"], f["deadline_us"], f["work_us"])
        return
    job = mine.get(f["job"])
    if job is None:
        # Released before the ring's oldest event (events were lost): nothing to add it to.
        return
    if event.name == "pinwheel_job_complete":
        job.complete_us = event.ts_us
    else:
        job.missed = True


def task_metrics(jobs, procs, end_us):
    """Per-task job metrics (see docs/lab.md): the "tasks" list of metrics.json.

    A job is judged when it completed, or when its deadline came before end_us, the end of the
    run (a deadline at the very end is not reached: the kernel powers off first);
    it missed when the kernel recorded a deadline miss for it (it had not completed by its
    deadline). Responses are release to completion, over completed jobs; tardiness is
    completion minus deadline, over missed jobs that completed.
    """
    rows = []
    for pid in sorted(jobs):
        judged = [j for j in jobs[pid].values()
                  if j.complete_us is not None or j.deadline_us < end_us]
        for j in judged:
            if j.complete_us is None and not j.missed:
                raise ValueError("pid %d job %d: its deadline (%d us) passed before the end, "
                                 "but it neither completed nor missed" % (pid, j.number,
                                                                          j.deadline_us))
            if j.complete_us is not None and j.missed != (j.complete_us >= j.deadline_us):
                raise ValueError("pid %d job %d: completed at %d us, deadline %d us, but the "
                                 "miss record says %s" % (pid, j.number, j.complete_us,
                                                          j.deadline_us, j.missed))
        missed = [j for j in judged if j.missed]
        responses = [j.complete_us - j.release_us for j in judged if j.complete_us is not None]
        tardiness = [j.complete_us - j.deadline_us for j in missed if j.complete_us is not None]
        p = procs.get(pid)
        rows.append({
            "pid": pid, "name": p.comm if p else "?", "jobs": len(judged), "missed": len(missed),
            "miss_ratio": share(len(missed), len(judged)),
            "unfinished": sum(1 for j in missed if j.complete_us is None),
            "response_us": {"p50": percentile(responses, 50), "p99": percentile(responses, 99),
                            "max": max(responses, default=None)},
            "tardiness_us": {"max": max(tardiness, default=None),
                             "mean": sum(tardiness) / len(tardiness) if tardiness else None}})
    return rows


def analyse(trace):
    """Replays trace's events into per-process and overall metrics (see docs/lab.md).

    The task running before the first sched_switch is the one that recorded the first event.
    Spans still open at the end are closed at the last event, or at exit_ms from the header if
    that is later. Shares are of the traced time, from the first event to that end.
    """
    if not trace.events:
        raise ValueError("the trace holds no events")
    procs = {}

    def proc(pid, comm):
        return procs.setdefault(pid, Proc(pid=pid, comm=comm))

    first = trace.events[0]
    proc(first.pid, "swapper" if first.pid == 0 else first.task).enter(RUNNING, first.ts_us)
    timer_irqs = 0
    jobs = {}  # pid -> job number -> Job
    for event in trace.events:
        f, ts = event.fields, event.ts_us
        if event.name == "sched_switch":
            prev, nxt = proc(f["prev_pid"], f["prev_comm"]), proc(f["next_pid"], f["next_comm"])
            if f["prev_state"] == "R+":
                prev.involuntary += 1
            else:
                prev.voluntary += 1
            prev.enter(STATE_AFTER_SWITCH[f["prev_state"]], ts)
            nxt.enter(RUNNING, ts)
            if nxt.first_run_us is None:
                nxt.first_run_us = ts
            for p, prio in ((prev, f["prev_prio"]), (nxt, f["next_prio"])):
                if p.prio is None:
                    p.prio = pinwheel_prio(prio)
        elif event.name == "sched_process_fork":
            child = proc(f["child_pid"], f["child_comm"])
            child.fork_us = ts
            child.enter(RUNNABLE, ts)
        elif event.name == "pinwheel_proc":
            p = proc(f["pid"], f["comm"])
            p.comm, p.kind, p.prio, p.tickets = f["comm"], f["kind"], f["prio"], f["tickets"]
            if p.fork_us is None:  # started before the trace: announced at time zero
                p.fork_us = ts
        elif event.name == "sched_wakeup":
            p = proc(f["pid"], f["comm"])
            p.wakeups_us.append(ts)
            if p.state in (None, SLEEPING, BLOCKED):
                p.enter(RUNNABLE, ts)
        elif event.name == "pinwheel_wakeup":
            proc(f["pid"], "?").lateness_us.append(f["actual_us"] - f["deadline_us"])
        elif event.name == "sched_process_exit":
            p = proc(f["pid"], f["comm"])
            if p.state != RUNNING:  # killed while not running; a running one leaves with X
                p.enter(EXITED, ts)
        elif event.name == "irq_handler_entry" and f["name"] == "timer":
            timer_irqs += 1
        elif event.name.startswith("pinwheel_job_") or event.name == "pinwheel_deadline_miss":
            _job_event(jobs, event)
    end_us = max(trace.events[-1].ts_us, int(trace.header.get("exit_ms", "0")) * 1000,
                 int(trace.header.get("run_ms", "0")) * 1000)
    for p in procs.values():
        p.close(end_us)
    shown = [procs[pid] for pid in sorted(procs) if pid != 0]
    idle = procs.get(0, Proc(pid=0, comm="swapper"))
    metrics = _metrics(trace, shown, idle.cpu_us, timer_irqs, first.ts_us, end_us)
    # Jobs are judged up to the run's end as the kernel ended it (run_ms), not the last event.
    horizon = int(trace.header.get("run_ms", "0")) * 1000 or end_us
    metrics["tasks"] = task_metrics(jobs, procs, horizon)
    return Analysis(metrics=metrics, procs=shown, start_us=first.ts_us, end_us=end_us,
                    jobs=jobs)


def _metrics(trace, procs, idle_us, timer_irqs, start_us, end_us):
    """The metrics dictionary written to metrics.json (times in microseconds)."""
    duration = end_us - start_us
    rows = []
    for p in procs:
        late = p.lateness_us
        response = None
        if p.first_run_us is not None and p.fork_us is not None:
            response = p.first_run_us - p.fork_us
        rows.append({
            "pid": p.pid, "comm": p.comm, "kind": p.kind, "prio": p.prio, "tickets": p.tickets,
            "cpu_us": p.cpu_us, "cpu_share": share(p.cpu_us, duration),
            "first_run_us": response, "waiting_us": p.wait_us,
            "wake_lateness_us": {"count": len(late), "p50": percentile(late, 50),
                            "p99": percentile(late, 99), "max": max(late, default=None)},
            "switches": {"involuntary": p.involuntary, "voluntary": p.voluntary}})
    kinds = sorted({row["kind"] for row in rows})
    by_kind = {kind: fairness([row for row in rows if row["kind"] == kind]) for kind in kinds}
    return {"header": trace.header, "events": len(trace.events), "lost": trace.lost,
            "start_us": start_us, "end_us": end_us, "duration_us": duration,
            "processes": rows, "fairness": {"by_kind": by_kind, "all": fairness(rows)},
            "timer_irqs": timer_irqs, "timer_irqs_per_s": share(timer_irqs * 1e6, duration),
            "idle_us": idle_us, "idle_share": share(idle_us, duration)}


def linux_prio(prio):
    """Linux's 0-139 priority for pinwheel's prio (0: normal, nice 0; 1-31: real-time)."""
    return 120 if prio <= 0 else 99 - min(prio, 31)


def pinwheel_prio(linux):
    """The inverse of linux_prio()."""
    return 0 if linux >= 100 else 99 - linux


def share(part, whole):
    """part / whole, or None when whole is 0."""
    return part / whole if whole else None


def fairness(rows):
    """Jain's index of a group's CPU shares, and of its shares per ticket.

    Shares per ticket are Jain's x_i = got / fair share: the index to read under stride
    scheduling, where unequal shares are the goal. None unless every process has tickets.
    """
    shares = [row["cpu_share"] or 0.0 for row in rows]
    per_ticket = None
    if rows and all(row["tickets"] for row in rows):
        per_ticket = jain_index([s / row["tickets"] for s, row in zip(shares, rows)])
    return {"pids": [row["pid"] for row in rows], "jain": jain_index(shares),
            "jain_per_ticket": per_ticket}


def jain_index(values):
    """(sum x)^2 / (n * sum x^2): 1 when all are equal, 1/n when one gets all; None if all 0."""
    squares = sum(x * x for x in values)
    return sum(values) ** 2 / (len(values) * squares) if squares else None


def percentile(values, p):
    """Nearest-rank p-th percentile: always one of the values (no interpolation); None if none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)), 1) - 1]
