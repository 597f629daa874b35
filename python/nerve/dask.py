"""nerve on a Dask cluster: entities and events over a corpus, in parallel.

Needs ``dask`` (with ``dask.bag``) and, to run on a cluster,
``distributed`` (Debian: ``python3-dask python3-distributed``)::

    from dask.distributed import Client
    import nerve, nerve.dask

    client = Client("tcp://scheduler:8786")          # or Client(LocalCluster(...))
    summary = nerve.dask.process_jsonl("corpus/*.jsonl", "out/", model=nerve.Model())
    print(summary["documents"], summary["events"], summary["documents_per_second"])

:func:`process_jsonl` reads JSONL (one ``{"id", "text", "dct"}`` object a
line, as ``extract --input-format jsonl``) in blocks, processes each block
on a worker and writes ``out/part-00000.jsonl``, ... (the document JSON, one
line per input line, in input order: the parts concatenated equal ``extract
--input-format jsonl --format jsonl`` over the same input) and
``out/summary.json``: documents, errors, events per type, bytes, wall time
and documents per second, and per worker the partitions it ran and how many
times it loaded the model.

:func:`map_documents` maps nerve over any ``dask.bag`` of texts or
``{"text", "id", "dct"}`` dicts and gives a bag of document dicts (the
JSON schema's shape) or JSON strings; :func:`map_column` does the same over
a text column of a dask DataFrame (needs pandas), giving a Series.

The model is never shipped loaded: a :class:`nerve.Model` pickles by its
constructor arguments, and each worker process loads it once, on its first
task, and keeps it for every later task (``summary["workers"]`` shows the
loads). So every worker needs the nerve Python package and libnerve
installed, and the data directory and any added gazetteer or rule file at
the same path as the client; the output directory must be one all workers
and the client see (a shared file system).
"""

from __future__ import annotations

import collections
import json
import os
import re
import socket
import time
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import dask
import dask.bag as db

from . import Model, NerveError, _worker_model, _worker_models
from ._jsonl import JsonlError, parse_line

__all__ = ["map_column", "map_documents", "process_jsonl", "read_jsonl", "summarize"]

#: Errors kept in full per partition (the rest are only counted).
MAX_ERRORS_KEPT = 20

_ModelArg = Union[Model, None]


def _model_args(model: _ModelArg) -> Tuple[Any, ...]:
    """The constructor arguments a worker loads its model from."""
    if model is None:  # the default model of each worker (its NERVE_DATA_DIR applies)
        return (None, (), (), None, ())
    if isinstance(model, Model):
        return model._args
    raise TypeError(f"model must be a nerve.Model or None, not {type(model).__name__}")


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _loads_here() -> int:
    return _load_count.get(os.getpid(), 0)


# Model loads of this process (by pid, so a forked child starts at zero).
_load_count: Dict[int, int] = {}


def _model_here(args: Tuple[Any, ...]) -> Model:
    if args not in _worker_models:
        _load_count[os.getpid()] = _load_count.get(os.getpid(), 0) + 1
    return _worker_model(args)


# -- dask.bag of documents ----------------------------------------------------


def _map_partition(items: Iterable[Any], args: Tuple[Any, ...], dct: Optional[str],
                   errors: str, output: str, tokens: bool) -> List[Any]:
    model = _model_here(args)
    out: List[Any] = []
    for item in items:
        if isinstance(item, dict):
            text, doc_id, item_dct = item["text"], item.get("id"), item.get("dct") or dct
        else:
            text, doc_id, item_dct = item, None, dct
        if output == "json":
            out.append(model.process_json(text, dct=item_dct, id=doc_id, errors=errors,
                                          tokens=tokens))
        else:
            out.append(json.loads(model.process_json(text, dct=item_dct, id=doc_id,
                                                     errors=errors, tokens=tokens)))
    return out


def map_documents(bag: db.Bag, model: _ModelArg = None, *, dct: Optional[str] = None,
                  errors: str = "strict", output: str = "dict",
                  tokens: bool = False) -> db.Bag:
    """A bag of the documents of ``bag``'s items (str, or dicts with "text"
    and optional "id" and "dct"), in order: with ``output="dict"`` each is
    :meth:`nerve.Document.to_dict`, with ``output="json"`` the library's own
    JSON line (what ``extract --format jsonl`` prints). ``model`` is the
    :class:`nerve.Model` to use (None: the default model); each worker
    process loads it once. A document that fails raises its
    :class:`nerve.NerveError` when the bag is computed."""
    if output not in ("dict", "json"):
        raise ValueError(f"output must be 'dict' or 'json', not {output!r}")
    if errors not in ("strict", "replace"):
        raise ValueError(f"errors must be 'strict' or 'replace', not {errors!r}")
    return bag.map_partitions(_map_partition, _model_args(model), dct, errors, output, tokens)


def _map_frame_partition(frame: Any, args: Tuple[Any, ...], text: str, id_column: Optional[str],
                         dct_column: Optional[str], dct: Optional[str], errors: str,
                         output: str, tokens: bool) -> Any:
    import pandas as pd

    model = _model_here(args)
    n = len(frame)
    ids = frame[id_column].tolist() if id_column else [None] * n
    dcts = frame[dct_column].tolist() if dct_column else [None] * n
    out: List[Any] = []
    for t, i, d in zip(frame[text].tolist(), ids, dcts):
        doc_id = None if i is None or i != i else str(i)  # i != i: NaN, a missing id
        doc_dct = d if isinstance(d, str) and d else dct
        if output == "json":
            out.append(model.process_json(t, dct=doc_dct, id=doc_id, errors=errors,
                                          tokens=tokens))
        else:
            out.append(json.loads(model.process_json(t, dct=doc_dct, id=doc_id,
                                                     errors=errors, tokens=tokens)))
    return pd.Series(out, index=frame.index, name="nerve", dtype=object)


def map_column(frame: Any, text: str = "text", *, id_column: Optional[str] = None,
               dct_column: Optional[str] = None, model: _ModelArg = None,
               dct: Optional[str] = None, errors: str = "strict", output: str = "json",
               tokens: bool = False) -> Any:
    """nerve over the ``text`` column of a dask DataFrame: a dask Series
    (same index and partitions) of each row's document, the library's JSON
    line with ``output="json"`` or a dict with ``output="dict"``. The id
    comes from ``id_column`` (made a str), the document date from
    ``dct_column`` where it is a non-empty str, else ``dct``. Needs pandas
    (``dask.dataframe``). Add it to the frame with
    ``frame.assign(nerve=nerve.dask.map_column(frame))``."""
    if output not in ("dict", "json"):
        raise ValueError(f"output must be 'dict' or 'json', not {output!r}")
    if errors not in ("strict", "replace"):
        raise ValueError(f"errors must be 'strict' or 'replace', not {errors!r}")
    for name in (text, id_column, dct_column):
        if name is not None and name not in frame.columns:
            raise KeyError(f"no column {name!r} (columns: {', '.join(map(str, frame.columns))})")
    return frame.map_partitions(_map_frame_partition, _model_args(model), text, id_column,
                                dct_column, dct, errors, output, tokens,
                                meta=("nerve", "object"))


def read_jsonl(paths: Union[str, Sequence[str]], blocksize: Union[int, str, None] = "8MiB"
               ) -> db.Bag:
    """The lines of JSONL files as a bag of str, in blocks of about
    ``blocksize`` bytes (None: one partition per file)."""
    return db.read_text(paths, blocksize=blocksize, encoding="utf-8",
                        errors="surrogateescape")


# -- a JSONL corpus to JSONL partitions and a summary ------------------------


def _run_partition(lines: Iterable[str], index: int, out_path: str, args: Tuple[Any, ...],
                   dct: Optional[str], errors: str, tokens: bool) -> Dict[str, Any]:
    t0 = time.perf_counter()
    model = _model_here(args)
    events: Dict[str, int] = collections.Counter()
    kept: List[Dict[str, Any]] = []
    documents = failed = text_bytes = 0
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            doc_id = None
            try:
                text, doc_id, line_dct = parse_line(line)
                js, types = model._process_json_counted(text, line_dct or dct, doc_id,
                                                        errors, tokens)
            except (JsonlError, NerveError, ValueError, TypeError) as e:
                failed += 1
                if len(kept) < MAX_ERRORS_KEPT:
                    kept.append({"partition": index, "line": lineno, "id": doc_id,
                                 "message": str(e)})
                continue
            f.write(js)
            f.write("\n")
            documents += 1
            text_bytes += len(text.encode("utf-8", "surrogatepass"))
            events.update(types)
    os.replace(tmp, out_path)  # a part is complete or absent
    return {"partition": index, "output": out_path, "documents": documents, "failed": failed,
            "errors": kept, "events": dict(events), "text_bytes": text_bytes,
            "seconds": time.perf_counter() - t0, "worker": _worker_id(),
            "model_loads": _loads_here()}


def process_jsonl(paths: Union[str, Sequence[str]], output_dir: Union[str, "os.PathLike[str]"],
                  model: _ModelArg = None, *, blocksize: Union[int, str, None] = "8MiB",
                  dct: Optional[str] = None, errors: str = "strict", tokens: bool = False,
                  scheduler: Optional[Any] = None) -> Dict[str, Any]:
    """Process a JSONL corpus (a path, a glob or a list of them) on the
    current Dask scheduler (the active ``distributed.Client``, or
    ``scheduler=``), writing ``output_dir/part-NNNNN.jsonl`` (one per block
    of about ``blocksize`` bytes, in input order) and
    ``output_dir/summary.json``; returns the summary.

    A line that is not a document object or cannot be processed is counted
    in ``summary["failed"]`` (the first ones, with partition, line in the
    partition, id and message, in ``summary["errors"]``) and left out of the
    output; the other lines are processed. ``dct`` applies to lines without
    one; ``errors="replace"`` replaces invalid text instead of failing."""
    if errors not in ("strict", "replace"):
        raise ValueError(f"errors must be 'strict' or 'replace', not {errors!r}")
    out_dir = os.path.abspath(os.fspath(output_dir))
    os.makedirs(out_dir, exist_ok=True)
    for name in os.listdir(out_dir):  # parts of an earlier run would mix in
        if re.fullmatch(r"part-[0-9]{5}\.jsonl(\.tmp)?", name):
            os.remove(os.path.join(out_dir, name))
    args = _model_args(model)
    lines = read_jsonl(paths, blocksize)
    tasks = [dask.delayed(_run_partition, pure=False)(
                 part, i, os.path.join(out_dir, f"part-{i:05d}.jsonl"), args, dct, errors,
                 tokens)
             for i, part in enumerate(lines.to_delayed())]
    t0 = time.perf_counter()
    parts = dask.compute(*tasks, scheduler=scheduler) if scheduler is not None \
        else dask.compute(*tasks)
    wall = time.perf_counter() - t0
    summary = summarize(parts, wall)
    with open(os.path.join(out_dir, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2, sort_keys=True)
        f.write("\n")
    return summary


def summarize(parts: Sequence[Dict[str, Any]], wall_seconds: float) -> Dict[str, Any]:
    """The corpus summary from the partitions' own reports."""
    events: Dict[str, int] = collections.Counter()
    workers: Dict[str, Dict[str, int]] = {}
    kept: List[Dict[str, Any]] = []
    for p in parts:
        events.update(p["events"])
        kept.extend(p["errors"])
        w = workers.setdefault(p["worker"], {"partitions": 0, "documents": 0,
                                             "model_loads": 0})
        w["partitions"] += 1
        w["documents"] += p["documents"]
        w["model_loads"] = max(w["model_loads"], p["model_loads"])
    documents = sum(p["documents"] for p in parts)
    return {
        "documents": documents,
        "failed": sum(p["failed"] for p in parts),
        "errors": kept[:MAX_ERRORS_KEPT],
        "events": dict(sorted(events.items())),
        "text_bytes": sum(p["text_bytes"] for p in parts),
        "partitions": len(parts),
        "outputs": [p["output"] for p in parts],
        "wall_seconds": round(wall_seconds, 3),
        "worker_seconds": round(sum(p["seconds"] for p in parts), 3),
        "documents_per_second": round(documents / wall_seconds, 1) if wall_seconds > 0 else None,
        "workers": workers,
    }
