#!/usr/bin/env python3
"""Entities and events over a JSONL corpus on a Dask cluster.

    # a local cluster of 2 worker processes on this machine
    python3 examples/python/dask_corpus.py ../shared/corpus/reuters.jsonl out/ --workers 2

    # a real cluster: a scheduler and workers started elsewhere
    python3 examples/python/dask_corpus.py /shared/corpus/*.jsonl /shared/out/ \\
        --scheduler tcp://scheduler-host:8786

Writes out/part-NNNNN.jsonl (one document JSON a line, in input order) and
out/summary.json, and prints the summary: documents, failures, events per
type, documents per second and what each worker did. ``--first N`` takes the
first N lines of one input file (copied to out/input-first-N.jsonl) for a
quick run.

Run from a build tree with NERVE_LIBRARY=build/lib/libnerve.so
PYTHONPATH=python, or after `meson install` and `pip install ./python`.
Needs Debian's python3-dask and python3-distributed (or pip's dask and
distributed) on the client and on every worker.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import os
import sys
import time
from pathlib import Path

from dask.distributed import Client, LocalCluster

import nerve
import nerve.dask


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", help="JSONL files or globs")
    ap.add_argument("output", help="output folder (shared by client and workers)")
    ap.add_argument("--scheduler", help="address of a running scheduler (tcp://host:8786)")
    ap.add_argument("--workers", type=int, default=2,
                    help="worker processes of the local cluster (default 2)")
    ap.add_argument("--blocksize", default="4MiB", help="bytes per partition (default 4MiB)")
    ap.add_argument("--first", type=int, help="only the first N lines of the first input")
    ap.add_argument("--data-dir", help="nerve data directory (the same path on every worker)")
    args = ap.parse_args()

    inputs = args.inputs
    os.makedirs(args.output, exist_ok=True)
    if args.first:
        sliced = Path(args.output) / f"input-first-{args.first}.jsonl"
        with open(inputs[0], "rb") as src, open(sliced, "wb") as dst:
            dst.writelines(itertools.islice(src, args.first))
        inputs = [str(sliced)]

    model = nerve.Model(args.data_dir) if args.data_dir else None
    t0 = time.perf_counter()
    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        # One thread per worker process: libnerve is fastest with a core each,
        # and processes sidestep the GIL that building results needs.
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        startup = time.perf_counter() - t0
        summary = nerve.dask.process_jsonl(inputs, args.output, model=model,
                                           blocksize=args.blocksize)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    shown = {k: v for k, v in summary.items() if k != "outputs"}
    shown["cluster_startup_seconds"] = round(startup, 3)
    json.dump(shown, sys.stdout, indent=2)
    print()
    return 1 if summary["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
