"""Arguments the library cannot take as given are refused with an error that
names them, never wrapped, truncated or passed on half-encoded."""
import json

import pytest

import nerve


@pytest.mark.parametrize("value", [2**64, 2**64 + 5, 2**70])
def test_limit_out_of_range_is_refused_not_wrapped(value: int) -> None:
    # 2**64 + 5 used to reach the library as 5 (ctypes keeps the low 64 bits).
    with pytest.raises(nerve.InvalidArgument, match="text_bytes.*out of range"):
        nerve.Model(limits={"text_bytes": value})


def test_limit_at_the_top_of_the_range_reaches_the_library() -> None:
    # The library's own range check answers, not a wrapped value.
    with pytest.raises(nerve.InvalidArgument, match="out of range"):
        nerve.Model(limits={"sentence_tokens": 2**64 - 1})


@pytest.mark.parametrize("bad", ["x\ud800y", "\udfff", "name\udc80"])
def test_lone_surrogate_in_id_names_the_argument(model: nerve.Model, bad: str) -> None:
    for call in (model.process, model.process_json):
        with pytest.raises(nerve.InvalidArgument, match=r"^id .*lone surrogate U\+D[89A-F]"):
            call("Rabat.", id=bad)
    out = list(model.pipe([{"text": "Rabat.", "id": bad}], return_exceptions=True))
    assert isinstance(out[0], nerve.InvalidArgument) and out[0].index == 0


def test_lone_surrogate_in_rules_text_names_the_argument() -> None:
    with pytest.raises(nerve.InvalidArgument, match=r"^rules_text .*U\+D800 at index 7"):
        nerve.Model(rules_text="define \ud800 x\n")


def test_nul_in_id_is_refused(model: nerve.Model) -> None:
    # The C API takes the id as a C string: "a\0b" used to become "a" in the
    # JSON while Document.id kept "a\0b".
    for call in (model.process, model.process_json):
        with pytest.raises(nerve.InvalidArgument, match="id.*U\\+0000 at index 1"):
            call("Rabat.", id="a\0b")


@pytest.mark.parametrize("doc_id", ["plain", "é👋", 'quote " and \\ back', "tab\tnewline\n",
                                    "\x01\x1f\x7f", "\u2028\ufeff", "\U0010ffff"])
def test_id_is_the_same_in_document_dict_and_json(model: nerve.Model, doc_id: str) -> None:
    doc = model.process("Mark Esper visited Rabat.", id=doc_id)
    lib = json.loads(model.process_json("Mark Esper visited Rabat.", id=doc_id))
    assert doc.id == doc.to_dict()["id"] == lib["id"] == doc_id


def test_lone_surrogate_in_dct_is_a_date_error_naming_it(model: nerve.Model) -> None:
    # It used to reach the library as "2020-01-0?" and be reported so.
    with pytest.raises(nerve.DateError, match=r"dct '2020-01-0\\ud801'.*U\+D801 at index 9"):
        model.process("Rabat.", dct="2020-01-0\ud801")
