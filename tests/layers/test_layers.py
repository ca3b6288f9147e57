"""The kernel's layers are one-way (docs/architecture.md): read from the built objects.

Every symbol a kernel object uses from another object is an arrow from its folder to the
other's. The test fails when an arrow points up the LAYERS list, or when C files form a
circle. Assembly entry code (boot.S, vectors.S) calls up on purpose (into kernel_main,
irq_dispatch, syscall_dispatch, user_fault, sched_return, idle_loop) and is left out, as is the user image, which is
linked apart and shares no code with the kernel. Run after `make`.
"""
import collections
import glob
import os
import subprocess
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OBJ = os.path.join(ROOT, "build", "obj")
NM = "arm-none-eabi-nm"

# Bottom first: a folder may use the folders before it, never those after it.
LAYERS = [
    ["lib"],
    ["arch/arm"],
    ["board/raspi2"],
    ["kernel/power"],
    ["kernel/trace"],
    ["kernel/irq"],
    ["kernel/time"],
    ["kernel/led"],
    ["kernel/mm"],
    ["kernel/sched"],
    ["kernel/rt"],
    ["kernel/console"],
    ["kernel/proc"],
    ["kernel/lab"],
    ["kernel/boot"],
    ["kernel/syscall"],  # the top of the kernel: what user mode may ask of every part
    ["kernel"],  # main.c: the boot order
    ["ktests", "demos"],
    ["bench"],
]
RANK = {folder: i for i, group in enumerate(LAYERS) for folder in group}


def kernel_objects():
    objs = []
    for path in glob.glob(os.path.join(OBJ, "**", "*.c.o"), recursive=True):
        rel = os.path.relpath(path, OBJ)
        if rel.startswith(("user/", "ulib/", "gen/")):
            continue
        if not os.path.exists(os.path.join(ROOT, "src", rel[: -len(".o")])):
            continue  # left over from a file that has moved or gone
        objs.append(rel)
    return sorted(objs)


def arrows(objs):
    """(user object, defining object) -> the symbols that tie them."""
    defined, used = {}, {}
    for rel in objs:
        out = subprocess.run([NM, os.path.join(OBJ, rel)], capture_output=True, text=True,
                             check=True).stdout
        used[rel] = set()
        for line in out.splitlines():
            f = line.split()
            if len(f) == 2 and f[0] == "U":
                used[rel].add(f[1])
            elif len(f) == 3 and f[1] in "TDBRC":
                defined[f[2]] = rel
    edges = collections.defaultdict(set)
    for rel in objs:
        for sym in used[rel]:
            if sym in defined and defined[sym] != rel:
                edges[(rel, defined[sym])].add(sym)
    return edges


def folder(rel):
    return os.path.dirname(rel)


def circles(objs, edges):
    """Strongly connected sets of more than one object (Tarjan, iterative)."""
    succ = collections.defaultdict(list)
    for a, b in edges:
        succ[a].append(b)
    index, low, on, stack, found, counter = {}, {}, set(), [], [], [0]
    for root in objs:
        if root in index:
            continue
        work = [(root, iter(succ[root]))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(succ[w])))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                group = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    group.append(w)
                    if w == v:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


class Layers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.objs = kernel_objects()
        cls.edges = arrows(cls.objs)

    def test_objects_were_built(self):
        self.assertGreater(len(self.objs), 30, "run make first: too few objects under build/obj")

    def test_every_folder_has_a_layer(self):
        missing = sorted({folder(o) for o in self.objs} - set(RANK))
        self.assertEqual(missing, [], "folders missing from LAYERS: add them where they belong")

    def test_arrows_point_down(self):
        up = ["%s -> %s (%s)" % (a, b, " ".join(sorted(s)))
              for (a, b), s in sorted(self.edges.items())
              if folder(a) != folder(b) and RANK[folder(a)] <= RANK[folder(b)]]
        self.assertEqual(up, [], "calls that run up (or sideways) a layer")

    def test_no_circles(self):
        self.assertEqual(circles(self.objs, self.edges), [])

    def test_main_names_no_mode(self):
        main = "kernel/main.c.o"
        named = sorted(b for (a, b) in self.edges if a == main
                       and folder(b) in ("ktests", "demos", "bench", "kernel/lab"))
        self.assertEqual(named, [])

    def test_the_check_sees_a_wrong_arrow(self):
        # The same rule on a made-up arrow from the scheduler up into the process table.
        fake = {("kernel/sched/sched.c.o", "kernel/proc/proc.c.o"): {"proc_lookup"}}
        up = [k for k in fake if RANK[folder(k[0])] <= RANK[folder(k[1])]]
        self.assertEqual(len(up), 1)
        self.assertEqual(len(circles(["a", "b"], {("a", "b"): {"x"}, ("b", "a"): {"y"}})), 1)


if __name__ == "__main__":
    unittest.main()
