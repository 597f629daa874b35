"""Model.pipe: order, threads, dict items, errors."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Iterator, List

import pytest

import nerve

from conftest import SAMPLES


def reuters(corpus: Path, n: int) -> List[dict]:
    out = []
    with open(corpus / "reuters.jsonl", encoding="utf-8") as f:
        for line in itertools.islice(f, n):
            d = json.loads(line)
            out.append({"id": d["id"], "text": d["text"], "dct": d.get("dct")})
    return out


def test_pipe_threads_match_serial(model: nerve.Model, corpus: Path) -> None:
    items = reuters(corpus, 150)
    one = list(model.pipe(items, threads=1))
    two = list(model.pipe(items, threads=2))
    four = list(model.pipe(items, threads=4, window=3))
    assert [d.id for d in one] == [i["id"] for i in items]
    assert one == two == four
    assert [d.dct for d in one] == [i["dct"] for i in items]


def test_pipe_matches_process(model: nerve.Model) -> None:
    texts = list(SAMPLES.values())
    piped = list(model.pipe(texts, threads=2, dct="2020-09-28"))
    assert piped == [model.process(t, dct="2020-09-28") for t in texts]


def test_pipe_item_dct_overrides_argument(model: nerve.Model) -> None:
    items = [{"text": "He arrived on Friday.", "dct": "2021-01-04", "id": "a"},
             {"text": "He arrived on Friday.", "id": "b"},
             "He arrived on Friday."]
    docs = list(model.pipe(items, threads=2, dct="2020-09-28"))
    assert [d.dct for d in docs] == ["2021-01-04", "2020-09-28", "2020-09-28"]
    assert [d.id for d in docs] == ["a", "b", None]


def test_pipe_is_lazy(model: nerve.Model) -> None:
    pulled = []

    def source() -> Iterator[str]:
        for i in range(1000):
            pulled.append(i)
            yield f"Document {i} mentions Paris."

    g = model.pipe(source(), threads=2, window=4)
    first = next(g)
    assert first.text == "Document 0 mentions Paris."
    assert len(pulled) <= 8
    g.close()


def test_pipe_error_raised_in_order(model: nerve.Model) -> None:
    items = ["Paris", b"bad \xff", "Rome"]
    g = model.pipe(items, threads=2)
    assert next(g).text == "Paris"
    with pytest.raises(nerve.Utf8Error) as info:
        next(g)
    assert info.value.offset == 4


def test_pipe_bad_dct(model: nerve.Model) -> None:
    with pytest.raises(nerve.DateError):
        list(model.pipe([{"text": "x", "dct": "2020-02-31"}], threads=2))


def test_pipe_rejects_bad_threads(model: nerve.Model) -> None:
    with pytest.raises(ValueError):
        list(model.pipe(["x"], threads=0))


def test_pipe_empty(model: nerve.Model) -> None:
    assert list(model.pipe([], threads=2)) == []


# -- worker processes --------------------------------------------------------


def test_pipe_processes_match_serial(model: nerve.Model, corpus: Path) -> None:
    items = reuters(corpus, 150)
    one = list(model.pipe(items))
    procs = list(model.pipe(items, processes=2, batch_size=7))
    assert [d.id for d in procs] == [i["id"] for i in items]
    assert procs == one
    assert [d.to_dict() for d in procs] == [d.to_dict() for d in one]


def test_pipe_processes_use_the_models_own_rules() -> None:
    src = ("event zorb roles who where\n"
           "rule zorb.test: event zorb\n    who:PER trigger:zorbed where:LOC\n")
    texts = [f"Angela Merkel zorbed Paris on day {i}." for i in range(5)]
    with nerve.Model(rules_text=src) as m:
        docs = list(m.pipe(texts, processes=2, batch_size=2))
    assert [[e.type for e in d.events] for d in docs] == [["zorb"]] * 5


def test_pipe_processes_error_raised_in_order(model: nerve.Model) -> None:
    g = model.pipe(["Paris", b"bad \xff", "Rome"], processes=2, batch_size=1)
    assert next(g).text == "Paris"
    with pytest.raises(nerve.Utf8Error) as info:
        next(g)
    assert info.value.offset == 4
    g.close()


@pytest.mark.parametrize("how", [{}, {"threads": 2}, {"processes": 2, "batch_size": 2}])
def test_pipe_return_exceptions_keeps_going(model: nerve.Model, how: dict) -> None:
    items = ["Paris", b"bad \xff", {"id": "x"}, {"text": "Rome", "dct": "2020-02-31"}, "Oslo"]
    out = list(model.pipe(items, return_exceptions=True, **how))
    assert [type(o).__name__ for o in out] == ["Document", "Utf8Error", "KeyError",
                                               "DateError", "Document"]
    assert out[1].offset == 4
    assert [out[0].text, out[4].text] == ["Paris", "Oslo"]


def test_pipe_processes_is_lazy() -> None:
    pulled = []

    def source() -> Iterator[str]:
        for i in range(10000):
            pulled.append(i)
            yield f"Document {i} mentions Paris."

    with nerve.Model() as m:
        g = m.pipe(source(), processes=1, batch_size=4, window=2)
        assert next(g).text == "Document 0 mentions Paris."
        assert len(pulled) <= 3 * 4
        g.close()


def test_pipe_rejects_threads_and_processes(model: nerve.Model) -> None:
    with pytest.raises(ValueError):
        list(model.pipe(["x"], threads=2, processes=2))
    with pytest.raises(ValueError):
        list(model.pipe(["x"], processes=-1))


@pytest.mark.parametrize("how", [{}, {"threads": 2}, {"processes": 2, "batch_size": 5}])
def test_pipe_json_equals_process_json(model: nerve.Model, corpus: Path, how: dict) -> None:
    items = reuters(corpus, 40)
    got = list(model.pipe_json(items, **how))
    assert got == [model.process_json(i["text"], dct=i["dct"], id=i["id"]) for i in items]
    with_tokens = list(model.pipe_json(items[:3], tokens=True, **how))
    assert with_tokens == [model.process_json(i["text"], dct=i["dct"], id=i["id"], tokens=True)
                           for i in items[:3]]


def test_pipe_json_return_exceptions(model: nerve.Model) -> None:
    out = list(model.pipe_json(["Paris", b"bad \xff", "Oslo"], processes=1,
                               return_exceptions=True))
    assert isinstance(out[1], nerve.Utf8Error)
    assert [json.loads(out[0])["text_bytes"], json.loads(out[2])["text_bytes"]] == [5, 4]


@pytest.mark.parametrize("how", [{}, {"threads": 2}, {"processes": 2, "batch_size": 2}])
def test_pipe_errors_carry_their_item_index(model: nerve.Model, how: dict) -> None:
    items = ["Paris", b"bad \xff", {"id": "x"}, "Rome", {"text": "Oslo", "dct": "2020-02-31"}]
    out = list(model.pipe(items, return_exceptions=True, **how))
    assert [getattr(o, "index", None) for o in out] == [None, 1, 2, None, 4]
    assert "pipe item 1" in "".join(out[1].__notes__)
    out = list(model.pipe_json(items, return_exceptions=True, **how))
    assert [o.index if isinstance(o, Exception) else None for o in out] == [None, 1, 2, None, 4]
    # Without return_exceptions the pipe ends at the first bad item, which
    # says which one it was.
    with pytest.raises(nerve.Utf8Error) as info:
        list(model.pipe(["Paris", "Rome", b"\xff", "Oslo"], **how))
    assert info.value.index == 2
