"""Offsets on non-ASCII text: str indices, byte offsets and .text agree."""

from __future__ import annotations

import json
from typing import Iterable, Union

import pytest

import nerve

from conftest import SAMPLES

SpanLike = Union[nerve.Span, nerve.Mention]


def check_span(text: str, raw: bytes, s: SpanLike) -> None:
    assert 0 <= s.start <= s.end <= len(text)
    assert s.text == text[s.start:s.end]
    assert raw[s.byte_start:s.byte_end].decode("utf-8") == s.text
    assert len(text[:s.start].encode("utf-8")) == s.byte_start
    assert len(text[:s.end].encode("utf-8")) == s.byte_end


def all_spans(doc: nerve.Document) -> Iterable[SpanLike]:
    yield from doc.sentences
    yield from doc.tokens
    yield from doc.mentions
    for ev in doc.events:
        yield ev.trigger
        yield from ev.evidence


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_spans_index_the_str(model: nerve.Model, name: str) -> None:
    text = SAMPLES[name]
    raw = text.encode("utf-8")
    doc = model.process(text, dct="2020-09-28")
    assert doc.text_bytes == len(raw)
    for s in all_spans(doc):
        check_span(text, raw, s)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_tokens_ordered_and_inside_sentences(model: nerve.Model, name: str) -> None:
    doc = model.process(SAMPLES[name])
    prev_end = 0
    for t in doc.tokens:
        assert t.start >= prev_end and t.end > t.start
        prev_end = t.end
        s = doc.sentences[t.sentence]
        assert s.start <= t.start and t.end <= s.end
    for i, s in enumerate(doc.sentences):
        assert all(t.sentence == i for t in doc.tokens[s.token_begin:s.token_end])


def test_mention_text_and_arguments(model: nerve.Model) -> None:
    text = open_maghreb(model)
    doc = model.process(text, dct="2020-09-28")
    for m in doc.mentions:
        assert m.text == text[m.start:m.end]
        toks = doc.tokens[m.token_begin:m.token_end]
        assert toks and toks[0].start == m.start and toks[-1].end == m.end
    for ev in doc.events:
        for role, args in ev.roles.items():
            assert role
            for a in args:
                assert a.text == text[a.start:a.end]
                if a.mention is not None:
                    assert a.text == doc.mentions[a.mention].text
    # a phrase that names no entity fills a role too: the purpose of a trip
    purposes = [a.text for ev in doc.events for a in ev.roles.get("purpose", ())]
    assert "to hold talks with President Abdelmadjid Tebboune" in purposes


def open_maghreb(model: nerve.Model) -> str:
    from conftest import shared_dir

    p = shared_dir() / "corpus" / "maghreb-tour.txt"
    if not p.exists():
        pytest.skip("maghreb-tour.txt not found")
    return p.read_text(encoding="utf-8")


def test_emoji_zwj_offsets(model: nerve.Model) -> None:
    family = "👩\u200d👩\u200d👧\u200d👦"
    text = f"{family}{family} Emmanuel Macron visited Paris, France. 🇫🇷🇫🇷 Then Berlin."
    doc = model.process(text)
    for s in all_spans(doc):
        check_span(text, text.encode(), s)
    paris = [m for m in doc.mentions if m.text == "Paris"]
    if paris:
        assert paris[0].start == text.index("Paris")
        assert paris[0].byte_start == text.encode().index(b"Paris")


def test_bytes_input_equals_str_input(model: nerve.Model) -> None:
    for text in SAMPLES.values():
        a = model.process(text, dct="2020-09-28")
        b = model.process(text.encode("utf-8"), dct="2020-09-28")
        c = model.process(bytearray(text.encode("utf-8")), dct="2020-09-28")
        assert a == b == c


def test_nul_bytes_are_text(model: nerve.Model) -> None:
    text = SAMPLES["nul"]
    assert "\x00" in text
    doc = model.process(text)
    assert doc.text == text and doc.text_bytes == len(text.encode())
    for s in all_spans(doc):
        check_span(text, text.encode(), s)
    # Tokens after the NUL exist: the text was not cut at the NUL.
    assert doc.tokens and doc.tokens[-1].end > text.index("\x00")
    # Same analysis as bytes, and the library's JSON agrees.
    assert model.process(text.encode()) == doc
    assert doc.to_dict() == json.loads(model.process_json(text))


def test_leading_nul_and_only_nuls(model: nerve.Model) -> None:
    for text in ("\x00", "\x00\x00Paris", "Paris\x00"):
        doc = model.process(text)
        assert doc.text == text
        for s in all_spans(doc):
            check_span(text, text.encode(), s)
