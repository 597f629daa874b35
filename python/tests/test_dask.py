"""nerve.dask on a LocalCluster of two worker processes (one thread each):
the results equal a single-process run on the same slice of Reuters."""

from __future__ import annotations

import collections
import itertools
import json
import logging
from pathlib import Path
from typing import Iterator, List

import pytest

distributed = pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402

import nerve  # noqa: E402
import nerve.dask  # noqa: E402

ARTICLES = 200


@pytest.fixture(scope="module")
def client() -> Iterator["distributed.Client"]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)
    with cluster, distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def corpus_slice(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dask") / "reuters-slice.jsonl"
    with open(corpus / "reuters.jsonl", "rb") as f:
        out.write_bytes(b"".join(itertools.islice(f, ARTICLES)))
    return out


def single_process(model: nerve.Model, path: Path) -> List[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        out.append(model.process_json(d["text"], dct=d.get("dct"), id=d["id"]))
    return out


def test_process_jsonl_equals_single_process(client: "distributed.Client",
                                             model: nerve.Model, corpus_slice: Path,
                                             tmp_path: Path) -> None:
    # Blocks of about a quarter of the file: several partitions per worker.
    blocksize = corpus_slice.stat().st_size // 4
    summary = nerve.dask.process_jsonl(str(corpus_slice), tmp_path / "out", model=model,
                                       blocksize=blocksize)
    parts = sorted((tmp_path / "out").glob("part-*.jsonl"))
    assert len(parts) == summary["partitions"] >= 3
    got = [x for p in parts for x in p.read_text(encoding="utf-8").splitlines()]
    want = single_process(model, corpus_slice)
    assert len(want) == ARTICLES
    assert got == want  # byte for byte, in input order

    events = collections.Counter(e["type"] for x in want for e in json.loads(x)["events"])
    assert summary["documents"] == ARTICLES and summary["failed"] == 0
    assert summary["events"] == dict(events) and sum(events.values()) > 0
    assert summary["documents_per_second"] > 0
    assert json.loads((tmp_path / "out" / "summary.json").read_text()) == summary

    # Both workers worked, and each loaded the model once for all its partitions.
    workers = summary["workers"]
    assert len(workers) == 2, workers
    assert sum(w["partitions"] for w in workers.values()) == summary["partitions"]
    assert all(w["model_loads"] == 1 for w in workers.values()), workers


def test_bad_lines_are_counted_not_fatal(client: "distributed.Client", tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    src.write_text('{"id": "a", "text": "Angela Merkel visited Warsaw on Monday."}\n'
                   '{"id": "b", "text": "Rome.", "dct": "2020-02-31"}\n'
                   'not json\n'
                   '{"id": "c", "text": "Kais Saied met Emmanuel Macron in Paris."}\n',
                   encoding="utf-8")
    summary = nerve.dask.process_jsonl(str(src), tmp_path / "out", blocksize=None)
    assert summary["documents"] == 2 and summary["failed"] == 2
    messages = [e["message"] for e in summary["errors"]]
    assert any("2020-02-31" in m for m in messages) and any("bad JSON" in m for m in messages)
    assert [e["line"] for e in summary["errors"]] == [2, 3]
    out = (tmp_path / "out" / "part-00000.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["id"] for x in out] == ["a", "c"]


def test_map_documents_over_a_bag(client: "distributed.Client", model: nerve.Model,
                                  corpus_slice: Path) -> None:
    items = [json.loads(x) for x in corpus_slice.read_text(encoding="utf-8").splitlines()[:40]]
    items = [{"id": d["id"], "text": d["text"], "dct": d["dct"]} for d in items]
    bag = db.from_sequence(items, npartitions=4)
    got = nerve.dask.map_documents(bag, model).compute()
    assert got == [model.process(d["text"], dct=d["dct"], id=d["id"]).to_dict() for d in items]
    as_json = nerve.dask.map_documents(bag, model, output="json").compute()
    assert as_json == [model.process_json(d["text"], dct=d["dct"], id=d["id"]) for d in items]


def test_map_column_over_a_dataframe(client: "distributed.Client", model: nerve.Model,
                                     corpus_slice: Path) -> None:
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    rows = [json.loads(x) for x in corpus_slice.read_text(encoding="utf-8").splitlines()[:30]]
    pdf = pd.DataFrame({"doc": [r["id"] for r in rows], "body": [r["text"] for r in rows],
                        "date": [r["dct"] for r in rows]})
    pdf.loc[3, "date"] = None  # falls back to dct=
    frame = dd.from_pandas(pdf, npartitions=3)
    got = nerve.dask.map_column(frame, "body", id_column="doc", dct_column="date",
                                model=model, dct="1987-03-01").compute()
    want = [model.process_json(r["text"], id=r["id"],
                               dct="1987-03-01" if i == 3 else r["dct"])
            for i, r in enumerate(rows)]
    assert got.tolist() == want
    assert list(got.index) == list(pdf.index)
    with_docs = frame.assign(nerve=nerve.dask.map_column(frame, "body", output="dict"))
    first = with_docs.head(2, npartitions=1)
    assert first["nerve"][0] == model.process(rows[0]["text"]).to_dict()
    with pytest.raises(KeyError, match="no column 'text'"):
        nerve.dask.map_column(frame)
