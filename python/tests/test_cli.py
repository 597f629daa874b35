"""Document.to_dict() equals the JSON of the extract CLI for the same input."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import List

import pytest

import nerve

from conftest import SAMPLES


def run_extract(extract: Path, *args: str, stdin: bytes = b"") -> List[dict]:
    # In the sanitizer run the Python process has the shared ASan runtime
    # preloaded; extract carries its own static copy, and the two clash.
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    p = subprocess.run([str(extract), "--format", "jsonl", *args], input=stdin,
                       capture_output=True, timeout=300, env=env)
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
    return [json.loads(line) for line in p.stdout.decode("utf-8").splitlines() if line.strip()]


def test_maghreb_tour_equals_cli(model: nerve.Model, extract: Path, corpus: Path) -> None:
    path = corpus / "maghreb-tour.txt"
    [cli] = run_extract(extract, "--dct", "2020-09-28", str(path))
    doc = model.process(path.read_bytes(), dct="2020-09-28", id=str(path))
    assert doc.to_dict() == cli
    assert cli["sentences"], "the CLI found no sentences"


@pytest.mark.parametrize("name", ["accents", "emoji", "cjk", "rtl", "nul"])
def test_non_ascii_equals_cli(model: nerve.Model, extract: Path, tmp_path: Path,
                              name: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(SAMPLES[name].encode("utf-8"))
    [cli] = run_extract(extract, "--dct", "2020-09-28", str(path))
    doc = model.process(SAMPLES[name], dct="2020-09-28", id=str(path))
    assert doc.to_dict() == cli


def test_replace_invalid_equals_cli(model: nerve.Model, extract: Path, tmp_path: Path) -> None:
    raw = "Angela Merkel visited Paris ".encode() + b"\xe2\x82\xff" + " and Rome.".encode()
    path = tmp_path / "bad.txt"
    path.write_bytes(raw)
    [cli] = run_extract(extract, "--replace-invalid", str(path))
    assert model.process(raw, errors="replace", id=str(path)).to_dict() == cli


def test_jsonl_corpus_equals_cli(model: nerve.Model, extract: Path, corpus: Path) -> None:
    lines = (corpus / "reuters.jsonl").read_bytes().splitlines(keepends=True)[:60]
    cli = run_extract(extract, "--input-format", "jsonl", "--threads", "2",
                      stdin=b"".join(lines))
    items = [json.loads(line) for line in lines]
    docs = list(model.pipe(({"id": i["id"], "text": i["text"], "dct": i.get("dct")}
                            for i in items), threads=2))
    assert len(cli) == len(docs) == len(items)
    for d, c in zip(docs, cli):
        assert d.to_dict() == c, d.id


def test_user_rules_equal_cli(extract: Path, tmp_path: Path) -> None:
    from test_api import TRIP_RULES

    rules = tmp_path / "trip.rules"
    rules.write_text(TRIP_RULES, encoding="utf-8")
    text = "Emmanuel Macron visited Berlin on Monday. Olaf Scholz visited Zürich."
    path = tmp_path / "trip.txt"
    path.write_text(text, encoding="utf-8")
    [cli] = run_extract(extract, "--rules", str(rules), "--dct", "2022-05-09", str(path))
    with nerve.Model(rules=[rules]) as m:
        assert m.process(text, dct="2022-05-09", id=str(path)).to_dict() == cli
