"""Status codes map to NerveError subclasses carrying nerve_error's details."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import nerve
from nerve import _lib

CLASSES = {
    -1: nerve.InvalidArgument, -2: nerve.OutOfMemory, -3: nerve.FileError,
    -4: nerve.Utf8Error, -5: nerve.TooBig, -6: nerve.GazetteerError, -7: nerve.RuleError,
    -8: nerve.FormatError, -9: nerve.StateError, -10: nerve.LimitError, -11: nerve.DateError,
    -12: nerve.WriteError,
}


@pytest.mark.parametrize("code", sorted(CLASSES))
def test_every_status_maps_to_its_class(code: int) -> None:
    err = _lib.Error()
    err.code = code
    err.message = b"boom"
    err.file = b"f.rules"
    err.line, err.column, err.offset = 3, 7, 42
    with pytest.raises(CLASSES[code]) as info:
        _lib.raise_for(code, err)
    e = info.value
    assert isinstance(e, nerve.NerveError)
    assert e.code == code and CLASSES[code].code == code
    assert e.name == _lib.lib.nerve_errname(code).decode() and e.name.startswith("NERVE_E")
    assert (e.message, e.file, e.line, e.column, e.offset) == ("boom", "f.rules", 3, 7, 42)
    assert str(e) == "f.rules:3:7: boom"


def test_error_without_details_uses_strerror() -> None:
    with pytest.raises(nerve.OutOfMemory) as info:
        _lib.raise_for(-2, None)
    assert info.value.message == "out of memory" and info.value.file is None


def test_errors_pickle() -> None:
    e = nerve.RuleError("bad", code=-7, file="x.rules", line=2, column=5, offset=9)
    f = pickle.loads(pickle.dumps(e))
    assert type(f) is nerve.RuleError
    assert (f.code, f.name, f.message, f.file, f.line, f.column, f.offset) == \
        (-7, "NERVE_ERULES", "bad", "x.rules", 2, 5, 9)


def test_invalid_utf8_offset(model: nerve.Model) -> None:
    cases = [(b"abc \xff def", 4), (b"caf\xc3\xa9 \xe2\x82 x", 6), (b"\x80", 0),
             ("Zürich".encode() + b"\xc3", 7), (b"ok \xed\xa0\x80 surrogate", 3),
             (b"overlong \xc0\xaf", 9)]
    for raw, offset in cases:
        with pytest.raises(nerve.Utf8Error) as info:
            model.process(raw)
        e = info.value
        assert e.offset == offset, raw
        assert e.code == -4 and e.name == "NERVE_EUTF8"
        assert isinstance(e, ValueError)


def test_lone_surrogate_in_str(model: nerve.Model) -> None:
    text = "Paris \ud800 Rome"
    with pytest.raises(nerve.Utf8Error) as info:
        model.process(text)
    assert info.value.offset == len("Paris ".encode())
    doc = model.process(text, errors="replace")
    assert doc.text == "Paris \ufffd Rome"
    for m in doc.mentions:
        assert m.text == doc.text[m.start:m.end]


def test_replace_invalid(model: nerve.Model) -> None:
    raw = "Señor Macron in Paris ".encode() + b"\xff\xe2\x82" + " then Berlin.".encode()
    doc = model.process(raw, errors="replace")
    # Each bad byte is one U+FFFD, as the library counts code points.
    assert doc.text == "Señor Macron in Paris \ufffd\ufffd\ufffd then Berlin."
    assert doc.text_bytes == len(raw)
    for s in (*doc.tokens, *doc.mentions):
        assert s.text == doc.text[s.start:s.end]
    import json
    assert doc.to_dict() == json.loads(model.process_json(raw, errors="replace"))


def test_bad_dct_is_date_error(model: nerve.Model) -> None:
    for bad in ("2020-02-30", "28/09/2020", "yesterday", "", "2020-13-01"):
        with pytest.raises(nerve.DateError) as info:
            model.process("On Friday the minister arrived.", dct=bad)
        assert info.value.code == -11 and info.value.name == "NERVE_EDATE"
        assert isinstance(info.value, ValueError)


def test_doc_usable_after_error(model: nerve.Model) -> None:
    with pytest.raises(nerve.Utf8Error):
        model.process(b"\xff")
    assert model.process("Paris").text == "Paris"


def test_missing_data_dir_is_file_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir"
    with pytest.raises(nerve.FileError) as info:
        nerve.Model(data_dir=missing)
    assert info.value.code == -3 and info.value.name == "NERVE_EIO"
    assert isinstance(info.value, OSError)
    assert str(missing) in str(info.value)


def test_nerve_data_dir_env_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NERVE_DATA_DIR", str(tmp_path / "elsewhere"))
    with pytest.raises(nerve.FileError) as info:
        nerve.Model()
    assert "elsewhere" in str(info.value)


def test_missing_rule_file_is_file_error(tmp_path: Path) -> None:
    with pytest.raises(nerve.FileError):
        nerve.Model(rules=[tmp_path / "missing.rules"])


BROKEN_RULE = """\
# a rule whose pattern has an unbalanced parenthesis (line 3, column 3)
rule broken_visit: event visit
  (PER visited LOC
"""


def check_broken_rule(e: nerve.RuleError) -> None:
    assert e.code == -7 and e.name == "NERVE_ERULES"
    assert (e.line, e.column) == (3, 3)
    assert "parenthes" in e.message
    assert str(e).startswith(f"{e.file}:3:3: ")


def test_broken_rule_file_is_rule_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.rules"
    path.write_text(BROKEN_RULE, encoding="utf-8")
    with pytest.raises(nerve.RuleError) as info:
        nerve.Model(rules=[path])
    assert info.value.file is not None and Path(info.value.file) == path
    check_broken_rule(info.value)


def test_broken_rules_text_is_rule_error() -> None:
    with pytest.raises(nerve.RuleError) as info:
        nerve.Model(rules_text=BROKEN_RULE)
    assert info.value.file == "<rules_text>"
    check_broken_rule(info.value)


def test_broken_gazetteer_is_gazetteer_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.tsv"
    path.write_text("name\ttype\tsubtype\tcanonical\tid\nParis\tLOC\n", encoding="utf-8")
    with pytest.raises(nerve.GazetteerError) as info:
        nerve.Model(gazetteers=[path])
    e = info.value
    assert e.code == -6 and e.file is not None and Path(e.file).name == "broken.tsv"
    assert e.line == 2 and e.column >= 1
    assert str(e).startswith(f"{e.file}:2:")


def test_extra_gazetteer_is_used(tmp_path: Path) -> None:
    path = tmp_path / "extra.tsv"
    path.write_text("name\ttype\tsubtype\tcanonical\tid\n"
                    "Zorblaxia\tLOC\tcountry\tZorblaxia\ttest:ZB\n", encoding="utf-8")
    with nerve.Model(gazetteers=[path]) as m:
        doc = m.process("The envoy flew to Zorblaxia.")
    hits = [x for x in doc.mentions if x.text == "Zorblaxia"]
    assert hits and hits[0].type == "LOC" and hits[0].canonical == "Zorblaxia"


def test_limits_are_applied(tmp_path: Path) -> None:
    with nerve.Model(limits={"text_bytes": 32, "match": 1}) as m:
        with pytest.raises(nerve.TooBig) as info:
            m.process("Mark Esper will visit Morocco and Tunisia on Friday.")
        assert "exceeds the limit of 32" in info.value.message
        with pytest.warns(nerve.LimitWarning):
            doc = m.process("Visit to Rabat.")
        assert [x.text for x in doc.mentions] == ["Rabat"]
    rules = tmp_path / "big.rules"
    rules.write_text('rule capital: entity LOC\n    "Rabat"\n', encoding="utf-8")
    with pytest.raises(nerve.TooBig) as info:
        nerve.Model(rules=[rules], limits={"rule_bytes": 10})
    assert info.value.file == str(rules) and "limit of 10 bytes" in info.value.message
    gaz = tmp_path / "extra.tsv"
    gaz.write_text("name\ttype\nQarnelia\tLOC\n", encoding="utf-8")
    with pytest.raises(nerve.TooBig):
        nerve.Model(gazetteers=[gaz], limits={"gazetteer_bytes": 5})


@pytest.mark.parametrize("limits, text", [
    ({"speed": 3}, "unknown limit 'speed'"),
    ({"match": -1}, "non-negative int"),
    ({"depth": "10"}, "non-negative int"),
    ({"sentence_tokens": 10**9}, "NERVE_LIMIT_SENTENCE_TOKENS"),
])
def test_bad_limits_are_invalid_argument(limits: dict, text: str) -> None:
    with pytest.raises(nerve.InvalidArgument) as info:
        nerve.Model(limits=limits)
    assert text in str(info.value)


def test_rule_file_not_utf8_is_rule_error(tmp_path: Path) -> None:
    rules = tmp_path / "latin1.rules"
    rules.write_bytes(b'rule cafe: entity ORG\n    "Caf\xe9"\n')
    with pytest.raises(nerve.RuleError) as info:
        nerve.Model(rules=[rules])
    assert (info.value.file, info.value.line, info.value.column) == (str(rules), 2, 9)
    assert "invalid UTF-8" in info.value.message


def test_origin_traces_to_the_gazetteer_line_and_rule(tmp_path: Path) -> None:
    path = tmp_path / "extra.tsv"
    path.write_text("# test places\nname\ttype\tsubtype\n\nZorblaxia\tLOC\tcountry\n",
                    encoding="utf-8")
    rules = tmp_path / "mine.rules"
    rules.write_text("# envoys\n\nrule envoy.name: entity PER priority 50\n"
                     "    \"envoy\" n:([cap]{2})\n", encoding="utf-8")
    with nerve.Model(gazetteers=[path], rules=[rules]) as m:
        doc = m.process("The envoy Quilla Marrow flew to Zorblaxia.")
    place = next(x for x in doc.mentions if x.text == "Zorblaxia")
    assert place.origin == f"{path}:4"
    assert doc.to_dict()["mentions"][doc.mentions.index(place)]["origin"] == f"{path}:4"
    envoy = [x for x in doc.mentions if x.rule == "envoy.name"]
    assert envoy and envoy[0].origin == f"{rules}:3", [(x.text, x.rule) for x in doc.mentions]
