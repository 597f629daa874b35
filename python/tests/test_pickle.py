"""A Model pickles by its constructor arguments and reloads on the other side."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import nerve

from conftest import PYTHON_DIR, REPO

ARTICLE = REPO / "examples" / "texts" / "official-visit.txt"

def test_default_model_round_trip(model: nerve.Model) -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    copy = pickle.loads(pickle.dumps(model))
    try:
        assert copy is not model and not copy.closed
        assert copy.gazetteer_size == model.gazetteer_size
        assert copy.rule_count == model.rule_count
        original = model.process(text, dct="2021-03-15", id="official-visit")
        again = copy.process(text, dct="2021-03-15", id="official-visit")
        assert again == original
        assert again.to_dict() == original.to_dict()
        assert original.events, "the example article has events"
    finally:
        copy.close()


def test_added_gazetteer_and_limits_travel(tmp_path: Path) -> None:
    gaz = tmp_path / "extra.tsv"
    gaz.write_text("name\ttype\tsubtype\tcanonical\tid\tcountry\n"
                   "Zorbania\tLOC\tcountry\tZorbania\ttest:zorbania\t\n", encoding="utf-8")
    text = "The envoy of Zorbania met officials on Monday."
    with nerve.Model(gazetteers=[gaz],
                     limits={"text_bytes": 100}) as m:
        blob = pickle.dumps(m)
        before = m.process(text, dct="2021-03-15")
    # From another directory: the pickle holds absolute paths.
    here = os.getcwd()
    os.chdir(tmp_path.parent)
    try:
        with pickle.loads(blob) as copy:
            after = copy.process(text, dct="2021-03-15")
            with pytest.raises(nerve.TooBig):  # the limit came along
                copy.process("Paris. " * 20)
    finally:
        os.chdir(here)
    assert after == before
    assert any(x.text == "Zorbania" and x.type == "LOC" for x in after.mentions)


def test_relative_paths_are_pickled_absolute(tmp_path: Path) -> None:
    gaz = tmp_path / "extra.tsv"
    gaz.write_text("name\ttype\tsubtype\tcanonical\tid\tcountry\n"
                   "Zorbania\tLOC\tcountry\tZorbania\ttest:zorbania\t\n", encoding="utf-8")
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        with nerve.Model(gazetteers=["extra.tsv"]) as m:
            blob = pickle.dumps(m)
    finally:
        os.chdir(here)
    with pickle.loads(blob) as copy:  # loaded from the test's own directory
        doc = copy.process("They flew to Zorbania.")
    assert [x.text for x in doc.mentions if x.type == "LOC"] == ["Zorbania"]


def test_rules_text_travels() -> None:
    src = ("event zorb roles who where\n"
           "rule zorb.test: event zorb\n    who:PER trigger:zorbed where:LOC\n")
    text = "Angela Merkel zorbed Paris on Monday."
    with nerve.Model(rules_text=src) as m:
        original = m.process(text)
        with pickle.loads(pickle.dumps(m)) as copy:
            assert copy.rule_count == m.rule_count
            again = copy.process(text)
    assert [e.type for e in original.events] == ["zorb"]
    assert again == original


def test_pickle_in_a_fresh_interpreter(model: nerve.Model, tmp_path: Path) -> None:
    """The pickle is all another process needs (what multiprocessing, Dask
    and Spark do)."""
    blob = tmp_path / "model.pickle"
    blob.write_bytes(pickle.dumps(model))
    code = ("import pickle, sys; m = pickle.load(open(sys.argv[1], 'rb')); "
            "print(m.process_json(open(sys.argv[2], encoding='utf-8').read(), "
            "dct='2021-03-15'))")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(PYTHON_DIR)
    p = subprocess.run([sys.executable, "-c", code, str(blob), str(ARTICLE)],
                       capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert p.returncode == 0, p.stderr
    text = ARTICLE.read_text(encoding="utf-8")
    assert p.stdout.strip() == model.process_json(text, dct="2021-03-15")


def test_a_missing_file_is_named_on_the_other_side(tmp_path: Path) -> None:
    gaz = tmp_path / "gone.tsv"
    gaz.write_text("name\ttype\tsubtype\tcanonical\tid\tcountry\nQ\tLOC\t\tQ\t\t\n",
                   encoding="utf-8")
    with nerve.Model(gazetteers=[gaz]) as m:
        blob = pickle.dumps(m)
    gaz.unlink()
    with pytest.raises(nerve.FileError) as info:
        pickle.loads(blob)
    assert "gone.tsv" in str(info.value)
