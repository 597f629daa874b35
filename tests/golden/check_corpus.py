#!/usr/bin/env python3
"""Every Reuters-21578 article through extract (JSONL in, JSONL out, two
threads): exit status 0, one output line per input line, same ids in the same
order, each line valid JSON with the input's byte length; and every mention
and event says where its decision came from: an "origin" that names a line
of a bundled data file relative to the data folder ("rules/timex.tsv:89",
"gazetteers/capitals.tsv:175"), a line that holds an entry, not a comment.
Under the sanitizer build this is the broadest memory check of the whole
pipeline.

usage: check_corpus.py EXTRACT CORPUS.jsonl
"""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORIGIN = re.compile(r"^(rules|gazetteers)/[^:/][^:]*:([0-9]+)$")
_files = {}


def origin_problem(what, origin):
    """Why origin is not a line of a bundled data file, or None."""
    m = ORIGIN.match(origin or "")
    if not m:
        return f"{what}: origin {origin!r} is not rules/FILE:LINE or gazetteers/FILE:LINE"
    path, line = origin.rsplit(":", 1)
    if path not in _files:
        try:
            with open(os.path.join(ROOT, path), encoding="utf-8") as f:
                _files[path] = f.read().split("\n")
        except OSError:
            _files[path] = None
    lines = _files[path]
    if lines is None:
        return f"{what}: origin {origin}: no such file"
    n = int(line)
    if n < 1 or n > len(lines) or not lines[n - 1].strip() or lines[n - 1].lstrip().startswith("#"):
        return f"{what}: origin {origin} is not an entry line"
    return None


extract, corpus = sys.argv[1], sys.argv[2]
with open(corpus, encoding="utf-8") as f:
    docs = [json.loads(line) for line in f if line.strip()]
p = subprocess.run([extract, "--input-format", "jsonl", "--format", "jsonl", "--threads", "2", corpus],
                   capture_output=True, timeout=1800)
problems = []
if p.returncode != 0:
    problems.append(f"exit status {p.returncode}: {p.stderr.decode(errors='replace')[-2000:]}")
lines = p.stdout.decode("utf-8").splitlines()
if len(lines) != len(docs):
    problems.append(f"{len(docs)} documents in, {len(lines)} out")
for d, line in zip(docs, lines):
    out = json.loads(line)
    if out["id"] != d["id"] or out["text_bytes"] != len(d["text"].encode("utf-8")):
        problems.append(f"{d['id']}: output for another document ({out['id']})")
        break
    for m in out["mentions"]:
        bad = origin_problem(f"{d['id']}: {m['type']} mention {m['text']!r}", m.get("origin"))
        if bad:
            problems.append(bad)
    for e in out["events"]:
        bad = origin_problem(f"{d['id']}: {e['type']} event ({e['rule']})", e.get("origin"))
        if bad:
            problems.append(bad)
    if len(problems) > 20:
        break
for msg in problems:
    print(msg)
print(f"{min(len(lines), len(docs))} of {len(docs)} documents checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
