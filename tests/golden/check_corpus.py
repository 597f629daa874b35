#!/usr/bin/env python3
"""Every Reuters-21578 article through extract (JSONL in, JSONL out, two
threads): exit status 0, one output line per input line, same ids in the same
order, each line valid JSON with the input's byte length. Under the sanitizer
build this is the broadest memory check of the whole pipeline.

usage: check_corpus.py EXTRACT CORPUS.jsonl
"""
import json
import subprocess
import sys

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
for msg in problems:
    print(msg)
print(f"{min(len(lines), len(docs))} of {len(docs)} documents checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
