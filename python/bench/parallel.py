#!/usr/bin/env python3
"""Throughput of the parallel ways to run nerve from Python, on one slice.

    NERVE_LIBRARY=build/lib/libnerve.so PYTHONPATH=python \\
        /usr/bin/python3 python/bench/parallel.py ../shared/corpus/reuters.jsonl \\
        --first 4000 --extract build/examples/extract [--dask]

Prints documents per second for: pipe() serial, pipe(threads=2),
pipe(processes=2) (each run until every Document's mentions and events are
built, as a user reading them would), pipe_json(threads=2) and
pipe_json(processes=2) (the JSON strings), `extract --threads 1` and `--threads
2` (JSONL in, JSONL to /dev/null), and with --dask nerve.dask.process_jsonl
on a LocalCluster of 1 and 2 worker processes (cluster start-up not
counted). Each round runs every configuration once; each figure is the best
of --repeat rounds.

Measure on an idle machine: with Linux's autogroup scheduling
(/proc/sys/kernel/sched_autogroup_enabled) the CPU is shared between
sessions, so while other sessions keep the cores busy the whole benchmark
gets one session's share however many threads or processes it runs, and the
parallel configurations show no gain. The load average is printed first.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import nerve


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
    print(f"{n} documents, {mb:.1f} MB, {os.cpu_count()} CPUs, "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")

    def report(name: str, seconds: float) -> None:
        print(f"{name:<34} {n / seconds:8.0f} docs/s  ({seconds:.2f} s)", flush=True)

    model = nerve.Model()

    def consume(**kw: object) -> Callable[[], None]:
        def run() -> None:
            for d in model.pipe(items, **kw):  # type: ignore[arg-type]
                d.mentions, d.events
        return run

    def extract_run(threads: int) -> Callable[[], None]:
        def run() -> None:
            subprocess.run([a.extract, "--input-format", "jsonl", "--format", "jsonl",
                            "--threads", str(threads), str(sliced)],
                           stdout=subprocess.DEVNULL, check=True)
        return run

    runs: Dict[str, Callable[[], None]] = {
        "pipe()": consume(),
        "pipe(threads=2)": consume(threads=2),
        "pipe(processes=2)": consume(processes=2),
        "pipe_json(threads=2)": lambda: list(model.pipe_json(items, threads=2)),
        "pipe_json(processes=2)": lambda: list(model.pipe_json(items, processes=2)),
    }
    if a.extract:
        runs["extract --threads 1"] = extract_run(1)
        runs["extract --threads 2"] = extract_run(2)
    clusters = []
    if a.dask:
        from dask.distributed import Client, LocalCluster

        from nerve import dask as nerve_dask

        for workers in (1, 2):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster, set_as_default=False)
            clusters.append((client, cluster))
            block = max(sliced.stat().st_size // (4 * workers), 1 << 16)

            def dask_run(client: Any = client, block: int = block) -> None:
                nerve_dask.process_jsonl(str(sliced), tmp / "out", blocksize=block,
                                         scheduler=client)
            dask_run()  # each worker loads its model once, before timing
            runs[f"nerve.dask, {workers} worker(s)"] = dask_run
    # Every configuration once per round, so that all see the same machine
    # load; the best round counts.
    times: Dict[str, List[float]] = {name: [] for name in runs}
    for _ in range(a.repeat):
        for name, fn in runs.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    for name, ts in times.items():
        report(name, min(ts))
    for client, cluster in clusters:
        client.close()
        cluster.close()
    model.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
