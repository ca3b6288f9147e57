"""Schedulability analysis for the real-time lab, printed beside what a run measured.

Classic uniprocessor tests on a task set from scripts/taskset.py (times in microseconds, each
task's work at its maximum, wcet_max_us):
- utilisation U = sum(C / T), and the Liu & Layland bound n (2^(1/n) - 1) for rate monotonic
  with deadlines equal to periods (sufficient: below it, rm schedules the set);
- exact response-time analysis for fixed priorities (rm: by period, dm: by relative deadline,
  prio: by priority), R = C + J + sum over higher- or equal-ranked tasks of ceil((R + J_j) / T_j)
  C_j, schedulable when every R <= D (equal ranks count as interference: the kernel may run
  either first);
- the processor-demand test for edf: U <= 1 and dbf(L) <= L at every absolute deadline L up
  to the usual bound (Baruah, Rosier and Howell), with deadlines shortened by the jitter.
None of them counts the kernel's own overheads (interrupts, switches), and offsets are taken as
the synchronous worst case. rr and stride are not real-time policies: no test applies.
"""
import math
import re
from functools import reduce

MAX_POINTS = 1000000  # deadlines the demand test may check before it gives up


def utilisation(tasks):
    return sum(t["wcet_max_us"] / t["period_us"] for t in tasks)


def ll_bound(n):
    return n * (2 ** (1 / n) - 1) if n else 1.0


def _rank(policy, task):
    """Lower ranks first, as the kernel's policies order them."""
    if policy == "rm":
        return task["period_us"]
    if policy == "dm":
        return task["deadline_us"]
    return -task["priority"]  # prio: higher priority first


def _busy(c_total, others, start):
    """Least w >= start with w = c_total + interference(w), or None past 2^40 us."""
    w = start
    while w < 2 ** 40:
        nxt = c_total + sum(math.ceil((w + o["jitter_us"]) / o["period_us"]) * o["wcet_max_us"]
                            for o in others)
        if nxt == w:
            return w
        w = nxt
    return None


def response_times(tasks, policy):
    """{name: worst response in us (release to completion, jitter included), or None when it
    exceeds the deadline} for a fixed-priority policy. Every job of the level-i busy period is
    checked (Lehoczky's analysis), so deadlines beyond the period and jitter are handled: with
    deadlines at most the period the first job is the worst, as in the classic test."""
    out = {}
    for t in tasks:
        others = [o for o in tasks if o is not t and _rank(policy, o) <= _rank(policy, t)]
        c, period, jitter = t["wcet_max_us"], t["period_us"], t["jitter_us"]
        worst, q = 0, 0
        while True:
            w = _busy((q + 1) * c, others, (q + 1) * c)
            if w is None:
                worst = None
                break
            worst = max(worst, w - q * period + jitter)
            if worst > t["deadline_us"] or w <= (q + 1) * period - jitter:
                break  # a miss, or the busy period ends before the next job is due
            q += 1
        out[t["name"]] = worst if worst is not None and worst <= t["deadline_us"] else None
    return out


def tight_spots(tasks, policy, rts):
    """Tasks whose analysed R ends exactly where a higher-ranked task is released and whose
    deadline leaves no room for that task's work: a microsecond of kernel overhead then makes
    them miss. [(name, other's name)]"""
    out = []
    for t in tasks:
        r = rts.get(t["name"])
        if r is None:
            continue
        for o in tasks:
            if o is not t and _rank(policy, o) < _rank(policy, t) and r % o["period_us"] == 0 \
                    and r + o["wcet_max_us"] >= t["deadline_us"]:
                out.append((t["name"], o["name"]))
    return out


def demand_bound_ok(tasks):
    """(schedulable under edf, the first failing L or None, why); exact for these tasks."""
    u = utilisation(tasks)
    if u > 1:
        return False, None, "U = %.3f > 1" % u
    eff = [(t["period_us"], t["deadline_us"] - t["jitter_us"], t["wcet_max_us"]) for t in tasks]
    for (period, d, c), t in zip(eff, tasks):
        if d < c:
            return False, d, "%s: deadline minus jitter %d us is below its work %d us" % (
                t["name"], d, c)
    hyper = reduce(lambda a, b: a * b // math.gcd(a, b), (p for p, _, _ in eff), 1)
    bound = hyper + max(d for _, d, _ in eff)
    if u < 1:
        la = sum((p - d) * c / p for p, d, c in eff) / (1 - u)
        bound = min(bound, max(max(d for _, d, _ in eff), math.ceil(la)))
    count = sum((bound - d) // p + 1 for p, d, _ in eff if d <= bound)
    if count > MAX_POINTS:
        return None, None, "more than %d deadlines to check up to %d us" % (MAX_POINTS, bound)
    points = sorted({d + k * p for p, d, _ in eff if d <= bound
                     for k in range((bound - d) // p + 1)})
    for L in points:
        demand = sum(max(0, (L - d) // p + 1) * c for p, d, c in eff)
        if demand > L:
            return False, L, "demand %d us in the first %d us" % (demand, L)
    return True, None, "U = %.3f <= 1 and demand <= time at every deadline up to %d us" % (
        u, bound)


def analyse(taskset, policy):
    """A dict: "verdict" (True, False or None: no test applies), "test", "lines" (text to
    print), "response_us" ({name: R} for fixed-priority policies), "u", "ll_bound"."""
    tasks = taskset["tasks"]
    u, n = utilisation(tasks), len(tasks)
    result = {"u": u, "ll_bound": ll_bound(n), "response_us": {}, "verdict": None,
              "test": None, "lines": []}
    lines = result["lines"]
    lines.append("analysis: U = %.3f over %d tasks (work at its maximum); Liu & Layland bound "
                 "%.3f" % (u, n, ll_bound(n)))
    if not tasks:
        lines.append("analysis: no periodic tasks")
        return result
    if policy in ("rm", "dm", "prio"):
        # Under prio, hogs (priority 0) and procs groups (their +prio=, 0 by default) are not
        # periodic: one at or above a task's priority takes an unbounded share from it.
        background = ([0] * taskset["hogs"] +
                      [int(m) if m else 0 for m in re.findall(
                          r"(?:^|,)[a-z]+:\d+[^,]*?(?:\+prio=(\d+))?(?=,|$)", taskset["procs"])])
        if policy == "prio" and background:
            starved = [t["name"] for t in tasks if t["priority"] <= max(background)]
            if starved:
                result.update(verdict=False, test="prio: %s share or lose their priority to hogs "
                              "or procs, which take an unbounded share" % ", ".join(starved))
                lines.append("analysis: NOT schedulable (%s)" % result["test"])
                return result
        rts = response_times(tasks, policy)
        result["response_us"] = rts
        for t in tasks:
            r = rts[t["name"]]
            lines.append("analysis: %-12s C=%s T=%s D=%s  R %s" % (
                t["name"], ms(t["wcet_max_us"]), ms(t["period_us"]), ms(t["deadline_us"]),
                "= " + ms(r) + " ok" if r is not None else "> D"))
        bad = [t["name"] for t in tasks if rts[t["name"]] is None]
        for name, other in tight_spots(tasks, policy, rts):
            lines.append("analysis: note: %s's R ends exactly at a release of %s, with no room "
                         "for %s's work before its deadline: any kernel overhead makes it miss"
                         % (name, other, other))
        if policy == "rm" and all(t["deadline_us"] == t["period_us"] for t in tasks) \
                and not any(t["jitter_us"] for t in tasks) and u <= ll_bound(n):
            lines.append("analysis: U <= the Liu & Layland bound: rm schedules it")
        result["verdict"] = not bad
        result["test"] = "%s, response-time analysis%s" % (
            policy, ": " + ", ".join("%s R > D" % b for b in bad) if bad else "")
    elif policy == "edf":
        ok, at, why = demand_bound_ok(tasks)
        result["verdict"], result["test"] = ok, "edf, processor demand: " + why
    else:
        lines.append("analysis: none for %s (not a real-time policy)" % policy)
        return result
    lines.append("analysis: %s (%s)" % (
        "schedulable" if result["verdict"] else
        "NOT schedulable" if result["verdict"] is False else "unknown", result["test"]))
    return result


def compare(result, task_rows):
    """Lines saying where the measurement and the analysis disagree (or that they agree)."""
    missed = sum(row["missed"] for row in task_rows)
    jobs = sum(row["jobs"] for row in task_rows)
    out = ["measured: %d of %d jobs missed%s" % (missed, jobs, "".join(
        "; %s %d of %d" % (row["name"], row["missed"], row["jobs"])
        for row in task_rows if row["missed"]))]
    if result["verdict"] is True and missed:
        out.append("DISAGREEMENT: analysis says schedulable; measured: %d of %d jobs missed"
                   % (missed, jobs))
    elif result["verdict"] is not None and jobs and (missed > 0) == (result["verdict"] is False):
        out.append("verdict agrees: %s" % ("jobs missed, as the analysis says" if missed
                                           else "no job missed, as the analysis says"))
    for row in task_rows:
        r = result["response_us"].get(row["name"])
        worst = row["response_us"]["max"]
        if r is not None and worst is not None and worst > r:
            out.append("DISAGREEMENT: %s measured worst response %s above the analysed %s "
                       "(+%d us; the analysis counts no kernel overhead)"
                       % (row["name"], ms(worst), ms(r), worst - r))
    if result["verdict"] is False and not missed and jobs:
        out.append("note: analysis says NOT schedulable, yet no job missed in this run (the "
                   "worst case did not occur: offsets, work below its maximum, or a short run)")
    return out


def ms(us):
    return "-" if us is None else "%.3f ms" % (us / 1000)
