#!/usr/bin/env python3
"""Documents per second through the Python binding versus the extract CLI.

usage: bench_python.py [CORPUS.jsonl] [--limit N] [--extract PATH] [--repeat R]
                       [--threads N ...] [--modes docs objects json]

Processes the JSONL corpus ({"id", "text", "dct"} per line; default
../shared/corpus/reuters.jsonl) with ``Model.pipe(threads=1)`` and
``threads=2``, in up to three modes: "docs" (Documents: every result copied
out of the library), "objects" (also the Mention, Entity and Event objects
built, as any caller reading them does), "json" (also ``Document.to_json()``,
the CLI's own end product), and runs ``extract
--input-format jsonl --format jsonl`` on the same documents with the same
thread counts, output to /dev/null, timed with ``time.perf_counter`` around
``subprocess.run``.  The CLI's fixed start-up cost (loading the model, measured
on an empty input) is subtracted so both sides time processing only; the
Python side loads its model before the clock starts.  Prints documents/s and
the binding's overhead, ``python_time / cli_time - 1``, per thread count and
mode (target: under 25%).  Best of --repeat runs.

Environment: NERVE_LIBRARY (libnerve.so), NERVE_EXTRACT (the CLI), defaulting
to the build tree build/; NERVE_DATA_DIR is honoured by both sides.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "python"))
if not os.environ.get("NERVE_LIBRARY") and (REPO / "build" / "lib" / "libnerve.so").exists():
    os.environ["NERVE_LIBRARY"] = str(REPO / "build" / "lib" / "libnerve.so")

import nerve  # noqa: E402


def load(path: Path, limit: Optional[int]) -> List[bytes]:
    with open(path, "rb") as f:
        lines = [ln for ln in itertools.islice(f, limit) if ln.strip()]
    return lines


def time_cli(extract: str, path: str, threads: int) -> float:
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as null:
        p = subprocess.run([extract, "--input-format", "jsonl", "--format", "jsonl",
                            "--threads", str(threads), path], stdout=null,
                           stderr=subprocess.PIPE)
    t = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        sys.exit(f"extract failed ({p.returncode}): {p.stderr.decode(errors='replace')}")
    return t


def time_python(model: nerve.Model, items: List[Dict[str, Any]], threads: int,
                mode: str) -> float:
    """Seconds for pipe() over items. mode: "docs" (Documents only), "objects"
    (also build mentions, entities and events), "json" (also to_json())."""
    t0 = time.perf_counter()
    n = 0
    if mode == "docs":
        for _doc in model.pipe(items, threads=threads):
            n += 1
    elif mode == "objects":
        for doc in model.pipe(items, threads=threads):
            doc.mentions, doc.entities, doc.events
            n += 1
    else:
        for doc in model.pipe(items, threads=threads):
            doc.to_json()
            n += 1
    t = time.perf_counter() - t0
    assert n == len(items)
    return t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?",
                    default=str(REPO.parent / "shared" / "corpus" / "reuters.jsonl"))
    ap.add_argument("--limit", type=int, default=None, help="first N documents only")
    ap.add_argument("--extract", default=os.environ.get("NERVE_EXTRACT")
                    or str(REPO / "build" / "examples" / "extract"))
    ap.add_argument("--repeat", type=int, default=3, help="best of R runs (default 3)")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--modes", nargs="+", default=["docs", "objects"],
                    choices=["docs", "objects", "json"],
                    help="docs: Documents only; objects: also build mentions, entities and "
                         "events; json: also Document.to_json() (default: docs objects)")
    a = ap.parse_args()

    lines = load(Path(a.corpus), a.limit)
    items = []
    for ln in lines:
        d = json.loads(ln)
        items.append({"id": d.get("id"), "text": d["text"], "dct": d.get("dct")})
    mb = sum(len(i["text"].encode()) for i in items) / 1e6

    with tempfile.TemporaryDirectory() as tmp:
        subset = os.path.join(tmp, "corpus.jsonl")
        with open(subset, "wb") as f:
            f.writelines(ln if ln.endswith(b"\n") else ln + b"\n" for ln in lines)
        empty = os.path.join(tmp, "empty.jsonl")
        open(empty, "wb").close()

        t_load = time.perf_counter()
        model = nerve.Model()
        t_load = time.perf_counter() - t_load
        startup = min(time_cli(a.extract, empty, 1) for _ in range(max(a.repeat, 3)))
        model.process(items[0]["text"])  # warm up

        print(f"nerve {nerve.library_version()} ({nerve.library_path})")
        print(f"corpus: {a.corpus}: {len(items)} documents, {mb:.1f} MB of text")
        print(f"model load: python {t_load * 1000:.0f} ms, CLI start-up {startup * 1000:.0f} ms "
              f"(subtracted from CLI times)")
        head = "".join(f"  {m + ' docs/s':>14}  {'overhead':>8}" for m in a.modes)
        print(f"{'threads':>7}  {'CLI docs/s':>10}{head}")
        worst: Dict[str, float] = {}
        for threads in a.threads:
            cli = min(time_cli(a.extract, subset, threads) for _ in range(a.repeat)) - startup
            cli = max(cli, 1e-9)
            row = f"{threads:>7}  {len(items) / cli:>10.0f}"
            for mode in a.modes:
                py = min(time_python(model, items, threads, mode) for _ in range(a.repeat))
                overhead = (py / cli - 1.0) * 100.0
                worst[mode] = max(worst.get(mode, -1e9), overhead)
                row += f"  {len(items) / py:>14.0f}  {overhead:>7.1f}%"
            print(row)
        model.close()
    print("worst overhead per mode: "
          + ", ".join(f"{m} {w:.1f}%" for m, w in worst.items()) + " (target < 25%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
