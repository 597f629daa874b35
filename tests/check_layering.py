#!/usr/bin/env python3
"""The library's modules depend on each other one way: no cycle, so data
flows one way and each stage can be built and tested without the ones after
it. A module is a family of lib/ files (doc.c; entities.h, entities.c,
entities_link.c; timex.h, timex_int.h, timex*.c; ...): a file belongs to the
family named by its name up to the first underscore. Two graphs are checked:

  - includes: family A depends on family B when a file of A includes a
    header of B (lib/ headers only);
  - calls: family A depends on family B when an object file of A uses a
    symbol that an object file of B defines (read with nm from the static
    library, so a call through the public header nerve.h counts too).

Within a family, files may depend on each other freely. internal.h (the
model and the stages' view) and the headers of no .c file are families of
their own. And the document struct (doc.h) is the driver's, the public
accessors' and the output writers': no stage includes it, so none can take
the whole document.

usage: check_layering.py LIB_DIR [libnerve_internal.a]
"""
import os
import re
import subprocess
import sys


def family(path):
    base = os.path.basename(path)
    stem = base.rsplit(".", 1)[0]
    if base.endswith(".c.o"):
        stem = base[: -len(".c.o")]
    return stem.split("_", 1)[0]


def find_cycle(graph):
    """One cycle of the graph (a list of nodes, first == last), or None."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = {n: WHITE for n in graph}
    stack = []

    def visit(n):
        colour[n] = GREY
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if colour.get(m, WHITE) == GREY:
                return stack[stack.index(m):] + [m]
            if colour.get(m, WHITE) == WHITE:
                colour.setdefault(m, WHITE)
                found = visit(m)
                if found:
                    return found
        stack.pop()
        colour[n] = BLACK
        return None

    for n in sorted(graph):
        if colour[n] == WHITE:
            found = visit(n)
            if found:
                return found
    return None


def include_graph(lib_dir):
    graph, why = {}, {}
    names = sorted(f for f in os.listdir(lib_dir) if f.endswith((".c", ".h")))
    headers = {f for f in names if f.endswith(".h")}
    for f in names:
        a = family(f)
        graph.setdefault(a, set())
        with open(os.path.join(lib_dir, f), encoding="utf-8") as fh:
            for h in re.findall(r'^\s*#\s*include\s+"([^"]+)"', fh.read(), re.M):
                if h not in headers:
                    continue  # config.h, nerve.h: not lib/ modules
                b = family(h)
                if a != b:
                    graph[a].add(b)
                    why.setdefault((a, b), f"{f} includes {h}")
    return graph, why


# The families that may include doc.h: the driver and the output writers.
DOC_READERS = {"doc", "output"}


def doc_readers(lib_dir):
    """Problems: lib/ files outside DOC_READERS that include doc.h."""
    bad = []
    for f in sorted(os.listdir(lib_dir)):
        if not f.endswith((".c", ".h")) or family(f) in DOC_READERS:
            continue
        with open(os.path.join(lib_dir, f), encoding="utf-8") as fh:
            if re.search(r'^\s*#\s*include\s+"doc\.h"', fh.read(), re.M):
                bad.append(f"{f} includes doc.h (the document struct is the driver's)")
    return bad


def call_graph(archive):
    out = subprocess.run(["nm", "-A", "-P", archive], capture_output=True, text=True,
                         check=True).stdout
    defined, used = {}, []
    for line in out.splitlines():
        m = re.match(r"^.*\[(?:.*/)?([^/\]]+\.o)\]:\s+(\S+)\s+(\S)", line)
        if not m:
            continue
        obj, sym, kind = m.groups()
        if kind == "U":
            used.append((obj, sym))
        elif kind in "TDBRVW" or kind in "dbr":
            if kind.isupper():
                defined[sym] = obj
    graph, why = {}, {}
    for obj in set(defined.values()) | {o for o, _ in used}:
        graph.setdefault(family(obj), set())
    for obj, sym in used:
        if sym not in defined:
            continue  # libc, PCRE2, utf8proc
        a, b = family(obj), family(defined[sym])
        if a != b:
            graph[a].add(b)
            why.setdefault((a, b), f"{obj} uses {sym} of {defined[sym]}")
    return graph, why


def report(kind, graph, why):
    cycle = find_cycle(graph)
    if not cycle:
        print(f"{kind}: {len(graph)} modules, "
              f"{sum(len(v) for v in graph.values())} dependencies, no cycle")
        return 0
    print(f"{kind}: cycle {' -> '.join(cycle)}")
    for a, b in zip(cycle, cycle[1:]):
        print(f"  {a} -> {b}: {why[(a, b)]}")
    return 1


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    failed = report("includes", *include_graph(sys.argv[1]))
    for problem in doc_readers(sys.argv[1]):
        print(problem)
        failed = 1
    if len(sys.argv) == 3:
        failed |= report("calls", *call_graph(sys.argv[2]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
