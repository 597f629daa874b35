"""The Python API: Model, Document, result types, JSON."""

from __future__ import annotations

import ctypes
import dataclasses
import datetime
import json
import re

import pytest

import nerve
from nerve import _lib

from conftest import SAMPLES


def test_library_version_and_major() -> None:
    v = nerve.library_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", v)
    assert int(v.split(".")[0]) == _lib.EXPECTED_MAJOR
    assert _lib.lib.nerve_version() >> 16 == _lib.EXPECTED_MAJOR
    assert nerve.__version__


def test_struct_layouts_match_library() -> None:
    for which, struct in _lib._STRUCTS:
        assert ctypes.sizeof(struct) == _lib.lib.nerve_struct_size(which), struct.__name__


def test_every_declared_function_is_registered() -> None:
    for name, argtypes, restype in _lib._FUNCTIONS:
        fn = getattr(_lib.lib, name)
        assert fn.argtypes == argtypes
        if restype == _lib._STATUS:
            assert fn.errcheck is _lib._errcheck and fn.restype is ctypes.c_int
        else:
            assert fn.restype is restype


def test_library_path_and_default_data_dir() -> None:
    assert nerve.library_path
    assert isinstance(nerve.default_data_dir(), str)


def test_process_returns_document(model: nerve.Model) -> None:
    text = SAMPLES["ascii"]
    doc = model.process(text, dct="2020-09-28", id="doc-1")
    assert isinstance(doc, nerve.Document)
    assert doc.text == text
    assert doc.id == "doc-1"
    assert doc.dct == "2020-09-28"
    assert doc.text_bytes == len(text.encode())
    assert doc.sentences and doc.tokens
    for name in ("sentences", "tokens", "mentions", "entities", "events"):
        assert isinstance(getattr(doc, name), tuple)
    for m in doc.mentions:
        assert m.type in {"PER", "LOC", "ORG", "NORP", "MISC", "DATE", "TIME", "DURATION", "SET"}
        assert m.source in {"gazetteer", "rule", "document"}
        assert 0.0 <= m.confidence <= 1.0
        assert 0 <= m.sentence < len(doc.sentences)
        assert m.entity is None or 0 <= m.entity < len(doc.entities)
    for i, e in enumerate(doc.entities):
        assert e.mentions and all(doc.mentions[k].entity == i for k in e.mentions)
        assert doc.mentions_of(i) == doc.mentions_of(e)


def test_tokens_carry_tags_and_parse(model: nerve.Model) -> None:
    doc = model.process("The minister visited the new hospital.", parse_all=True)
    words = {t.text: t for t in doc.tokens}
    assert words["visited"].pos == "VERB" and words["hospital"].pos == "NOUN"
    assert words["visited"].head is None and words["visited"].dep == "root"
    assert doc.tokens[words["minister"].head].text == "visited"
    assert words["minister"].dep == "nsubj"
    tagged = model.process("It rained all day.", syntax=True)
    assert all(t.pos and t.head is None and t.dep is None for t in tagged.tokens)
    assert all(t.pos is None for t in model.process("It rained all day.").tokens)


def test_call_is_process(model: nerve.Model) -> None:
    text = SAMPLES["accents"]
    assert model(text, dct="2021-01-01") == model.process(text, dct="2021-01-01")


def test_dct_accepts_date_objects(model: nerve.Model) -> None:
    text = "The minister arrived on Friday."
    a = model.process(text, dct=datetime.date(2020, 9, 28))
    b = model.process(text, dct=datetime.datetime(2020, 9, 28, 13, 45))
    c = model.process(text, dct="2020-09-28")
    assert a == b == c
    assert a.dct == "2020-09-28"


def test_relative_date_resolved_against_dct(model: nerve.Model) -> None:
    doc = model.process("Esper is expected in Morocco on Friday.", dct="2020-09-28")
    dates = [m for m in doc.mentions if m.type == "DATE" and m.text == "Friday"]
    if not dates:
        pytest.skip("temporal tagger not in this build")
    assert dates[0].value == "2020-10-02"


def test_known_places_are_found(model: nerve.Model) -> None:
    doc = model.process("Officials from Morocco and Tunisia met in Paris.")
    found = {(m.text, m.type) for m in doc.mentions}
    if not found:
        pytest.skip("gazetteer lookup not in this build")
    assert {("Morocco", "LOC"), ("Tunisia", "LOC"), ("Paris", "LOC")} <= found
    morocco = next(m for m in doc.mentions if m.text == "Morocco")
    ent = doc.entities[morocco.entity]
    assert ent.canonical == "Morocco"
    assert ent.link is not None and ent.link["country"] == "MA"


def test_empty_text(model: nerve.Model) -> None:
    for empty in ("", b""):
        doc = model.process(empty)
        assert doc.text == "" and doc.text_bytes == 0
        assert doc.sentences == doc.tokens == doc.mentions == doc.entities == doc.events == ()
        assert doc.to_dict() == json.loads(model.process_json(empty))


def test_whitespace_only_text(model: nerve.Model) -> None:
    doc = model.process(" \n\t \u00a0\u3000 ")
    assert doc.mentions == () and doc.events == ()


def test_results_are_frozen(model: nerve.Model) -> None:
    doc = model.process(SAMPLES["ascii"])
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.tokens[0].start = 3  # type: ignore[misc]


def test_to_json_round_trips(model: nerve.Model) -> None:
    doc = model.process(SAMPLES["emoji"], dct="2020-01-01", id="é👋")
    assert json.loads(doc.to_json()) == doc.to_dict()
    assert json.loads(doc.to_json(indent=2)) == doc.to_dict()
    assert '"id":"é👋"' in doc.to_json()  # not \u-escaped


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_to_dict_equals_library_json(model: nerve.Model, name: str) -> None:
    text = SAMPLES[name]
    doc = model.process(text, dct="2020-09-28", id=name)
    assert doc.to_dict() == json.loads(model.process_json(text, dct="2020-09-28", id=name))


def test_to_dict_tokens(model: nerve.Model) -> None:
    text = SAMPLES["cjk"]
    doc = model.process(text, tokens=True)
    lib_doc = json.loads(model.process_json(text, tokens=True))
    mine = doc.to_dict(tokens=True)
    assert mine == lib_doc  # the library's own JSON, "shape" included
    assert len(mine["tokens"]) == len(doc.tokens) and "shape" in mine["tokens"][0]
    without = doc.to_dict()
    assert "tokens" not in without and without == json.loads(model.process_json(text))
    # The tokens are written only when asked for: a document processed
    # without them says so rather than imitating the writer.
    with pytest.raises(ValueError, match="tokens=True"):
        model.process(text).to_dict(tokens=True)


def test_process_json_pretty(model: nerve.Model) -> None:
    text = SAMPLES["ascii"]
    pretty = model.process_json(text, pretty=True)
    assert "\n" in pretty
    assert json.loads(pretty) == json.loads(model.process_json(text))


def test_model_info(model: nerve.Model) -> None:
    assert model.gazetteer_size >= 0 and model.rule_count >= 0
    assert "nerve.Model" in repr(model)


def test_bad_arguments(model: nerve.Model) -> None:
    with pytest.raises(TypeError):
        model.process(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        model.process("x", dct=20200928)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        model.process("x", errors="ignore")


TRIP_RULES = """\
event trip roles who where cameo 042
rule trip_rule: event trip
  who:PER visited where:LOC
"""


def test_user_event_rule(model: nerve.Model) -> None:
    with nerve.Model(rules_text=TRIP_RULES) as m:
        assert m.rule_count >= 1
        text = "Ça va: Emmanuel Macron visited Berlin. Then Olaf Scholz visited Paris 🇫🇷."
        doc = m.process(text, dct="2022-05-09")
        trips = [e for e in doc.events if e.type == "trip"]
        lib = json.loads(m.process_json(text, dct="2022-05-09"))
    if not trips:
        pytest.skip("event rules do not produce events in this build")
    assert doc.to_dict() == lib
    for ev in trips:
        assert ev.rule == "trip_rule" and ev.cameo == "042"
        assert ev.modality in {"asserted", "planned", "cancelled", "negated", "uncertain"}
        assert ev.trigger.text == text[ev.trigger.start:ev.trigger.end]
        assert set(ev.roles) <= {"who", "where"}
        for args in ev.roles.values():
            for a in args:
                mention = doc.mentions[a.mention]
                assert a.text == mention.text and a.entity == mention.entity
        for s in ev.evidence:
            assert s.text == text[s.start:s.end]
    who = {a.text for ev in trips for a in ev.roles.get("who", [])}
    assert "Emmanuel Macron" in who


def test_phrase_fillers_and_completeness(model: nerve.Model) -> None:
    text = "Ça va. Gunmen attacked a police station in Kandahar. A visit to Quito was cancelled."
    doc = model.process(text, dct="2021-06-14")
    assert doc.to_dict() == json.loads(model.process_json(text, dct="2021-06-14"))
    attacks = [e for e in doc.events if e.type == "attack"]
    assert attacks and attacks[0].complete
    target = attacks[0].roles["target"][0]
    assert target.mention is None and target.entity is None
    assert target.text == "a police station" == text[target.start:target.end]
    assert text.encode()[target.byte_start:target.byte_end].decode() == target.text
    # a visit with no visitor is no record, unless asked for
    assert not [e for e in doc.events if e.type == "visit"]
    doc = model.process(text, dct="2021-06-14", incomplete_events=True)
    visits = [e for e in doc.events if e.type == "visit" and "who" not in e.roles]
    assert visits and not visits[0].complete
    assert visits[0].confidence < attacks[0].confidence


def test_events_of_a_document_without_mentions(model: nerve.Model) -> None:
    # Every filler a noun phrase, no mention at all: reading the events used
    # to fail on the missing mention strings (IndexError).
    text = "Seven men were arrested after the raid."
    doc = model.process(text)
    assert doc.mentions == ()
    arrests = [e for e in doc.events if e.type == "arrest"]
    assert arrests and [a.text for a in arrests[0].roles["who"]] == ["Seven men"]
    assert arrests[0].roles["who"][0].mention is None
    assert doc.to_dict() == json.loads(model.process_json(text))
