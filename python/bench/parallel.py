#!/usr/bin/env python3
"""Throughput of the parallel ways to run nerve from Python, on one slice.

    NERVE_LIBRARY=build/lib/libnerve.so PYTHONPATH=python \\
        /usr/bin/python3 python/bench/parallel.py ../shared/corpus/reuters.jsonl \\
        --first 4000 --extract build/examples/extract [--dask]

Prints documents per second for: pipe() serial, pipe(threads=2),
pipe(processes=2) (each run until every Document's mentions and events are
built, as a user reading them would), `extract --threads 1` and `--threads
2` (JSONL in, JSONL to /dev/null), and with --dask nerve.dask.process_jsonl
on a LocalCluster of 1 and 2 worker processes (cluster start-up not
counted). Each figure is the best of --repeat runs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, List

import nerve


def best(repeat: int, fn: Callable[[], None]) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--first", type=int, default=4000)
    ap.add_argument("--extract", help="the extract program to compare with")
    ap.add_argument("--dask", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="nerve-bench-"))
    sliced = tmp / "slice.jsonl"
    with open(a.corpus, "rb") as src:
        sliced.write_bytes(b"".join(itertools.islice(src, a.first)))
    items = [json.loads(x) for x in sliced.read_text(encoding="utf-8").splitlines()]
    items = [{"id": d["id"], "text": d["text"], "dct": d.get("dct")} for d in items]
    n = len(items)
    mb = sum(len(d["text"].encode()) for d in items) / 1e6
    print(f"{n} documents, {mb:.1f} MB, {os.cpu_count()} CPUs")

    def report(name: str, seconds: float) -> None:
        print(f"{name:<34} {n / seconds:8.0f} docs/s  ({seconds:.2f} s)", flush=True)

    with nerve.Model() as model:
        def consume(**kw: object) -> Callable[[], None]:
            def run() -> None:
                for d in model.pipe(items, **kw):  # type: ignore[arg-type]
                    d.mentions, d.events
            return run

        report("pipe()", best(a.repeat, consume()))
        report("pipe(threads=2)", best(a.repeat, consume(threads=2)))
        report("pipe(processes=2)", best(a.repeat, consume(processes=2)))

    if a.extract:
        for threads in (1, 2):
            def run_extract() -> None:
                subprocess.run([a.extract, "--input-format", "jsonl", "--format", "jsonl",
                                "--threads", str(threads), str(sliced)],
                               stdout=subprocess.DEVNULL, check=True)
            report(f"extract --threads {threads}", best(a.repeat, run_extract))

    if a.dask:
        from nerve import dask as nerve_dask
        from dask.distributed import Client, LocalCluster

        for workers in (1, 2):
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                              dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
                    Client(cluster):
                block = max(sliced.stat().st_size // (4 * workers), 1 << 16)
                nerve_dask.process_jsonl(str(sliced), tmp / "warm", blocksize=block)
                runs: List[float] = []
                for _ in range(a.repeat):
                    s = nerve_dask.process_jsonl(str(sliced), tmp / "out", blocksize=block)
                    runs.append(s["wall_seconds"])
                report(f"nerve.dask, {workers} worker(s)", min(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
