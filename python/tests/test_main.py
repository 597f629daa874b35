"""python -m nerve: the extract command's main job, from the Python package."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import List

from conftest import PYTHON_DIR

from test_cli import run_extract


def run_module(*args: str, cwd: Path, stdin: bytes = b"") -> "subprocess.CompletedProcess[bytes]":
    env = dict(os.environ)
    env["PYTHONPATH"] = str(PYTHON_DIR)
    return subprocess.run([sys.executable, "-m", "nerve", *args], input=stdin,
                          capture_output=True, cwd=cwd, env=env, timeout=300)


def lines(out: bytes) -> List[dict]:
    return [json.loads(x) for x in out.decode("utf-8").splitlines() if x.strip()]


def test_text_files_equal_extract(extract: Path, corpus: Path, tmp_path: Path) -> None:
    a = corpus / "maghreb-tour.txt"
    b = tmp_path / "b.txt"
    b.write_text("Mark Esper will visit Tunisia on Tuesday, the Pentagon said.",
                 encoding="utf-8")
    p = run_module("--dct", "2020-09-28", str(a), str(b), cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    got = lines(p.stdout)
    assert got == run_extract(extract, "--dct", "2020-09-28", str(a), str(b))
    assert [d["id"] for d in got] == [str(a), str(b)]
    assert got[1]["events"][0]["type"] == "visit"


def test_jsonl_with_processes_equals_extract(extract: Path, corpus: Path,
                                             tmp_path: Path) -> None:
    src = tmp_path / "slice.jsonl"
    with open(corpus / "reuters.jsonl", "rb") as f:
        src.write_bytes(b"".join(itertools.islice(f, 60)))
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    cli = subprocess.run([str(extract), "--format", "jsonl", "--input-format", "jsonl",
                          str(src)], capture_output=True, timeout=300, env=env)
    assert cli.returncode == 0 and cli.stdout.count(b"\n") == 60
    for extra in ([], ["--processes", "2"], ["--threads", "2"]):
        p = run_module("--input-format", "jsonl", *extra, str(src), cwd=tmp_path)
        assert p.returncode == 0, p.stderr
        assert p.stdout == cli.stdout, extra  # byte for byte


def test_bad_lines_are_reported_and_the_rest_processed(tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    src.write_text('{"id": 7, "text": "Kais Saied met Emmanuel Macron in Paris."}\n'
                   'not json\n'
                   '{"id": "d", "text": "He arrived on Friday.", "dct": "2020-02-31"}\n'
                   '{"id": "e", "text": "Rome."}\n', encoding="utf-8")
    p = run_module("--input-format", "jsonl", str(src), cwd=tmp_path)
    assert p.returncode == 1
    assert [d["id"] for d in lines(p.stdout)] == ["7", "e"]
    err = p.stderr.decode()
    assert f"{src}:2: bad JSON line" in err
    assert f"{src}:3:" in err and "2020-02-31" in err


def test_stdin_and_usage_errors(tmp_path: Path) -> None:
    p = run_module("--input-format", "jsonl", cwd=tmp_path,
                   stdin=b'{"id": "s", "text": "Angela Merkel visited Warsaw."}\n')
    assert p.returncode == 0, p.stderr
    [doc] = lines(p.stdout)
    assert doc["id"] == "s" and any(m["text"] == "Warsaw" for m in doc["mentions"])
    assert run_module("--threads", "0", cwd=tmp_path).returncode == 2
    assert run_module("--limit", "bogus=1", cwd=tmp_path).returncode == 2
    missing = run_module(str(tmp_path / "nope.txt"), cwd=tmp_path)
    assert missing.returncode == 1 and b"nope.txt" in missing.stderr


def test_jsonl_lines_extract_refuses_are_refused(extract: Path, tmp_path: Path) -> None:
    src = tmp_path / "odd.jsonl"
    src.write_bytes(b'{"id": NaN, "text": "Paris."}\n'
                    b'{"id": "a\\u0000b", "text": "Paris."}\n'
                    b'{"id": "ok", "text": "Paris is \xff here."}\n'
                    b'{"id": "fine", "text": "Angela Merkel visited Warsaw."}\n')
    p = run_module("--input-format", "jsonl", str(src), cwd=tmp_path)
    assert p.returncode == 1
    assert [d["id"] for d in lines(p.stdout)] == ["fine"]
    err = p.stderr.decode()
    for n in (1, 2, 3):
        assert f"{src}:{n}:" in err
    assert "U+0000" in err
    cli = run_extract_status(extract, "--input-format", "jsonl", str(src))
    assert cli[0] == 1 and [d["id"] for d in cli[1]] == ["fine"]


def run_extract_status(extract: Path, *args: str) -> "tuple[int, List[dict]]":
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    p = subprocess.run([str(extract), "--format", "jsonl", *args], capture_output=True,
                       timeout=300, env=env)
    return p.returncode, lines(p.stdout)


def test_escaped_lone_surrogates_read_as_extract_reads_them(extract: Path,
                                                            tmp_path: Path) -> None:
    # extract reads each escaped lone surrogate as U+FFFD; the module used to
    # fail the line (the id) or report invalid UTF-8 (the text).
    src = tmp_path / "s.jsonl"
    src.write_text('{"id": "a\\ud800b", "text": "Rabat \\udc00 and \\ud83d\\ude00."}\n'
                   '{"id": "ok", "text": "Tunis.", "dct": "2020-01-01"}\n', encoding="ascii")
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    cli = subprocess.run([str(extract), "--format", "jsonl", "--input-format", "jsonl",
                          "--tokens", str(src)], capture_output=True, timeout=300, env=env)
    assert cli.returncode == 0 and cli.stdout.count(b"\n") == 2, cli.stderr
    p = run_module("--input-format", "jsonl", "--tokens", str(src), cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout == cli.stdout
    assert lines(p.stdout)[0]["id"] == "a\ufffdb"
