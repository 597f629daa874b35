#!/usr/bin/env python3
"""Linear-time guards: inputs built to trigger quadratic or exponential
behaviour in the tokenizer, sentence splitter, gazetteer matcher and rule
matcher, run through extract. Each must finish within BOUND seconds and exit
0, or exit 1/2 with a clear message on standard error (never a crash or a
timeout). Times are printed so regressions show before they fail.

The scaling cases run one input at 1x, 2x, 4x and 8x its size: the 8x run
may take at most RATIO times as long as the 2x run (a linear cost gives
about 4, a quadratic one 16; the 1x time is printed but not compared, as it
is the noisiest; times under FLOOR seconds count as FLOOR, so start-up noise
cannot fail a fast case).

usage: pathological.py EXTRACT [--bound SECONDS] [--only NAME]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

MB = 1024 * 1024
RATIO = 10.0
FLOOR = 0.15


def cases(tmp):
    """(name, extract args, stdin bytes or None, extra check or None)"""
    out = []

    def add(name, data, args=(), check=None):
        path = os.path.join(tmp, name + ".txt")
        with open(path, "wb") as f:
            f.write(data)
        out.append((name, ["--format", "jsonl", *args, path], check))

    def gaz(name, lines):
        path = os.path.join(tmp, name + ".tsv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("name\ttype\n")
            for line in lines:
                f.write(line + "\tORG\n")
        return path

    def rules(name, text):
        path = os.path.join(tmp, name + ".rules")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    big = ["--limit", f"text-bytes={16 * MB}"]  # over the default limit of 6 MiB
    add("10MB-no-space", b"x" * (10 * MB), big)
    add("10MB-one-token-of-letters-and-digits", b"Ab1" * (10 * MB // 3), big)
    add("million-sentence-ends", b"a. " * 1_000_000)
    add("million-abbreviations", b"Mr. " * 500_000 + b"Smith.")
    add("100k-capitalized-words", b" ".join([b"Word"] * 100_000) + b".")
    add("100k-capitalized-distinct", " ".join(f"Name{i}" for i in range(100_000)).encode() + b".")
    add("1MB-punctuation", b"(\"[" * (MB // 3))
    add("1MB-combining-marks", b"a" + "\u0301".encode() * (MB // 2))
    add("200k-newlines", b"\n" * 200_000 + b"Rabat.")
    add("100k-weekdays-one-sentence", b"on Friday, " * 100_000)
    add("80k-person-mentions", b"Mark Esper met Kais Saied. " * 40_000)
    add("80k-distinct-people", " ".join(f"Mark Person{i}x met President Anna Other{i}y."
                                        for i in range(40_000)).encode())
    add("nested-quotes", "\u201c".encode() * 200_000 + b"Rabat")
    add("long-hyphenated", b"-".join([b"Al"] * 300_000))

    prefixes = gaz("prefixes", [" ".join(["A"] * k) for k in range(1, 65)])  # 64: the most words
    add("gazetteer-prefixes-100k-A", b" ".join([b"A"] * 100_000),
        ["--gazetteer", prefixes])
    aliases = gaz("aliases", [f"Alias {i} Corp" for i in range(100_000)])
    add("gazetteer-100k-aliases", " ".join(f"Alias {i} Corp" for i in range(0, 100_000, 7)).encode(),
        ["--gazetteer", aliases])

    # Rules: the language bounds gaps, but nested alternatives of optional
    # parts still backtrack exponentially; PCRE2's match/depth limits must
    # stop them (NERVE_ELIMIT: a warning, exit 0 or 1) in bounded time.
    redos = rules("redos", "rule redos: entity MISC\n    x (([]|[]?)([]?|[])){1,40} zz y\n"
                           "rule nested: entity MISC\n    (([cap]|[cap]?)+)+ never\n"
                           "rule ok: entity MISC\n    x\n")
    add("rule-catastrophic-backtracking", (b"x " + b"a " * 60 + b"zz. ") * 2000,
        ["--rules", redos])
    many = rules("many", "".join(f"rule r{i}: entity MISC\n    [cap] []{{0,5}} w{i}\n"
                                 for i in range(300)))
    add("300-rules-long-sentence", b" ".join([b"Word"] * 5000) + b".", ["--rules", many])
    return out


def scaling_cases(tmp):
    """(name, make(k) -> extract args) for k in 1, 2, 4, 8."""
    out = []

    def write(name, data):
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return path

    def gaz_name(words):
        return "name\ttype\n" + " ".join(["A"] * words) + "\tORG\n"

    # gazetteer lookup used to cost text length x name length
    long_name = write("long-name.tsv", gaz_name(64))

    def text_vs_long_name(k):
        return ["--gazetteer", long_name,
                write(f"a-{k}.txt", " ".join(["A"] * (20_000 * k)))]
    out.append(("gazetteer-64-word-name-vs-text", text_vs_long_name))

    def huge_name(k):  # refused (more than 64 words), in time linear in its size
        return ["--gazetteer", write(f"huge-{k}.tsv", gaz_name(2_500 * k)),
                write(f"t-{k}.txt", " ".join(["A"] * (2_500 * k)))]
    out.append(("gazetteer-huge-name", huge_name))

    # rule parsing used to be quadratic in the size of an alternation or class
    def alternation(k):
        alts = " | ".join(f"w{i}" for i in range(10_000 * k))
        return ["--rules", write(f"alt-{k}.rules", f"rule a: entity MISC\n    ({alts})\n"),
                write("x.txt", "x")]
    out.append(("rules-alternation", alternation))

    def big_class(k):
        words = " ".join(f"w{i}" for i in range(10_000 * k))
        return ["--rules", write(f"class-{k}.rules",
                                 f"class big = {words}\nrule a: entity MISC\n    @big x\n"),
                write("x.txt", "x")]
    out.append(("rules-class", big_class))

    # loading checked each new rule, define and class against every earlier
    # name (and looked $defines and @classes up the same way)
    def many_defines(k):
        n = 4_000 * k
        text = "".join(f"define d{i} = w{i}\nclass c{i} = v{i}\n" for i in range(n))
        text += "".join(f"rule r{i}: entity MISC\n    $d{i} @c{i}\n" for i in range(0, n, 50))
        return ["--rules", write(f"defs-{k}.rules", text), write("x.txt", "x")]
    out.append(("rules-many-defines-and-classes", many_defines))

    # entity matching scanned a sentence's features for every token it
    # tested, once sentence-tokens is raised: quadratic in the sentence
    def long_sentence(k):
        return ["--limit", "sentence-tokens=1000000",
                write(f"may-{k}.txt", "Mark Esper, in May, " * (3_000 * k))]
    out.append(("entity-matching-long-sentence", long_sentence))
    return out


def run_scaling(extract, tmp, bound, only):
    """Yields (name, problem or None, note)."""
    for name, make in scaling_cases(tmp):
        if only and name != only:
            continue
        times, problem = [], None
        # one untimed run first: the first load of the model and of the
        # page cache would otherwise inflate the 1x time
        subprocess.run([extract, "--format", "jsonl", *make(1)], capture_output=True,
                       timeout=bound)
        for k in (1, 2, 4, 8):
            args = make(k)
            t0 = time.monotonic()
            try:
                p = subprocess.run([extract, "--format", "jsonl", *args], capture_output=True,
                                   timeout=bound)
            except subprocess.TimeoutExpired:
                problem = f"{k}x: no result within {bound:.0f} s"
                break
            times.append(time.monotonic() - t0)
            err = p.stderr.decode("utf-8", "replace").strip()
            if p.returncode < 0 or p.returncode > 2 or (p.returncode and not err):
                problem = f"{k}x: exit status {p.returncode}: {err[-200:]}"
                break
        note = " ".join(f"{t:.2f}" for t in times)
        if not problem and max(times[-1], FLOOR) > RATIO * max(times[1], FLOOR):
            problem = f"8x took {times[-1] / max(times[1], 1e-9):.1f} times as long as 2x"
        yield name, problem, note


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("extract")
    ap.add_argument("--bound", type=float, default=float(os.environ.get("NERVE_PATHOLOGICAL_BOUND", 60)))
    ap.add_argument("--only")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="nerve-patho-")
    failures = []
    try:
        todo = [c for c in cases(tmp) if not args.only or c[0] == args.only]
        nscale = len([c for c in scaling_cases(tmp) if not args.only or c[0] == args.only])
        print(f"1..{len(todo) + nscale}")
        for i, (name, cmd, check) in enumerate(todo, 1):
            t0 = time.monotonic()
            try:
                p = subprocess.run([args.extract, *cmd], capture_output=True,
                                   timeout=args.bound)
            except subprocess.TimeoutExpired:
                failures.append(name)
                print(f"not ok {i} - {name}: no result within {args.bound:.0f} s")
                continue
            secs = time.monotonic() - t0
            err = p.stderr.decode("utf-8", "replace").strip()
            problem = None
            if p.returncode < 0 or p.returncode > 2:
                problem = f"exit status {p.returncode}: {err[-300:]}"
            elif p.returncode != 0 and not err:
                problem = f"exit status {p.returncode} without a message"
            elif p.returncode == 0:
                lines = [l for l in p.stdout.splitlines() if l.strip()]
                try:
                    doc = json.loads(lines[0]) if lines else None
                except ValueError as e:
                    doc, problem = None, f"output is not JSON: {e}"
                if doc is not None and doc.get("text_bytes") != os.path.getsize(cmd[-1]):
                    problem = "text_bytes differs from the input size"
            if problem:
                failures.append(name)
                print(f"not ok {i} - {name}: {problem} ({secs:.2f} s)")
            else:
                note = f", exit {p.returncode}: {err.splitlines()[-1][:120]}" if p.returncode else ""
                print(f"ok {i} - {name}: {secs:.2f} s{note}")
            sys.stdout.flush()
        for j, (name, problem, note) in enumerate(
                run_scaling(args.extract, tmp, args.bound, args.only), len(todo) + 1):
            if problem:
                failures.append(name)
                print(f"not ok {j} - {name} (1x 2x 4x 8x: {note} s): {problem}")
            else:
                print(f"ok {j} - {name} (1x 2x 4x 8x: {note} s)")
            sys.stdout.flush()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"# {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
