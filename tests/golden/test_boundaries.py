#!/usr/bin/env python3
"""Several documents in one output split back into the documents: for every
--format, the output of N files, cut at the boundary docs/formats.md gives,
is N parts, and part i is what extract writes for file i alone.

usage: test_boundaries.py EXTRACT
"""
import json
import os
import re
import subprocess
import sys
import tempfile

EXTRACT = sys.argv[1]

# Texts written for this test: two ordinary documents, one with no
# annotation at all, an empty one, and one with several sentences.
TEXTS = [
    ("visit.txt", "Foreign Minister Lena Hartmann visited Nairobi on Friday."),
    ("plain.txt", "nothing here to find"),
    ("empty.txt", ""),
    ("talks.txt", "Ana Ruiz met Carlo Bruni in Lima on Monday.\n\nThe talks went well. "
                  "Bruni will travel to Quito next week."),
    ("again.txt", "Omar Haddad arrived in Oslo."),
]


def run(fmt, paths):
    p = subprocess.run([EXTRACT, "--dct", "2021-06-14", "--format", fmt, *paths],
                       capture_output=True, timeout=120)
    assert p.returncode == 0, (fmt, p.stderr)
    return p.stdout.decode("utf-8")


def split_json(out):
    """A stream of JSON values, each a document (pretty: it starts with a
    line "{" and ends with a line "}")."""
    dec, parts, i = json.JSONDecoder(), [], 0
    while i < len(out):
        if out[i].isspace():
            i += 1
            continue
        assert out[i] == "{" and (i == 0 or out[i - 1] == "\n"), out[i - 20:i + 20]
        _, end = dec.raw_decode(out, i)
        parts.append(out[i:end].strip())
        i = end
    return parts


def split_at(out, pattern):
    """Parts that each start at a line matching pattern."""
    starts = [m.start() for m in re.finditer(pattern, out, re.M)]
    assert starts and starts[0] == 0, out[:200]
    return [out[a:b] for a, b in zip(starts, starts[1:] + [len(out)])]


def split_brat(out):
    """.ann blocks separated by one empty line (nerve writes no empty line)."""
    parts = [[]]
    for line in out.split("\n")[:-1] if out.endswith("\n") else out.split("\n"):
        if line == "":
            parts.append([])
        else:
            parts[-1].append(line)
    return ["".join(x + "\n" for x in p) for p in parts]


def articles(out):
    """The <article class="doc"> elements of an HTML page."""
    return re.findall(r'^<article class="doc".*?^</article>\n', out, re.M | re.S)


SPLIT = {
    "json": (split_json, lambda alone: alone.strip()),
    "jsonl": (lambda out: out.splitlines(keepends=True), lambda alone: alone),
    "pretty": (lambda out: split_at(out, r"^== "), lambda alone: alone),
    "conll": (lambda out: split_at(out, r"^-DOCSTART- "), lambda alone: alone),
    "conllu": (lambda out: split_at(out, r"^# newdoc id = "), lambda alone: alone),
    "brat": (split_brat, lambda alone: alone),
    "html": (articles, lambda alone: articles(alone)[0]),
}

failures, passed = [], 0
with tempfile.TemporaryDirectory() as d:
    paths = []
    for name, text in TEXTS:
        paths.append(os.path.join(d, name))
        with open(paths[-1], "w", encoding="utf-8") as f:
            f.write(text)
    for fmt, (split, part_of) in SPLIT.items():
        try:
            parts = split(run(fmt, paths))
            assert len(parts) == len(paths), (len(parts), parts)
            for path, part in zip(paths, parts):
                assert part == part_of(run(fmt, [path])), (path, part[:300])
            if fmt == "html":  # each article names its document
                ids = [re.search(r'data-id="([^"]*)"', p).group(1) for p in parts]
                assert ids == paths, ids
            if fmt == "conllu":
                ids = [p.split("\n", 1)[0][len("# newdoc id = "):] for p in parts]
                assert ids == paths, ids
        except AssertionError as e:
            failures.append(fmt)
            print(f"not ok - {fmt}: {str(e)[:600]}")
            continue
        passed += 1
        print(f"ok - {fmt}: {len(paths)} documents split back, each as written alone")

print(f"{passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
