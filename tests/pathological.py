#!/usr/bin/env python3
"""Linear-time guards: inputs built to trigger quadratic or exponential
behaviour in the tokenizer, sentence splitter, gazetteer matcher and rule
matcher, run through extract. Each must finish within BOUND seconds and exit
0, or exit 1/2 with a clear message on standard error (never a crash or a
timeout). Times are printed so regressions show before they fail.

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

    add("10MB-no-space", b"x" * (10 * MB))
    add("10MB-one-token-of-letters-and-digits", b"Ab1" * (10 * MB // 3))
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

    prefixes = gaz("prefixes", [" ".join(["A"] * k) for k in range(1, 201)])
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
        print(f"1..{len(todo)}")
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
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"# {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
