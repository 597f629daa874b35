#!/usr/bin/env python3
"""Check extract's JSON on real and adversarial text against the schema.

For every document: the output validates against
docs/document.schema.json (version 2 of ../shared/schema/), and every span's bytes and code
points agree with the input (a mention's, trigger's and token's "text" equals
the input slice; char offsets index the same characters as byte offsets).

usage: check_output.py EXTRACT SCHEMA SHARED_DIR [--reuters N]
"""
import json
import subprocess
import sys
import tempfile
import os

import jsonschema

ADVERSARIAL = [
    "",
    " ",
    "\n\n\n",
    "Café in Zürich. Straße in München!",
    "Cafe\u0301 with a combining accent; \u00e9t\u00e9 precomposed.",
    "Emoji 👩‍👩‍👧 family and 👍🏽 thumbs, flag 🇲🇦 in Rabat.",
    "Zero\u200bwidth and non\u200djoiner\u200c, NBSP\u00a0here, soft\u00adhyphen.",
    "Line one\r\nLine two\rLine three\n",
    "\ufeffBOM at the start of Tunis news.",
    "الرباط والجزائر وتونس — Arabic with a dash.",
    "北京 and 東京 and Москва in one sentence.",
    "A" * 100000,
    "U.S. Gen. David H. Petraeus met Mr. Smith in Washington D.C. on Jan. 5, 2010.",
    "\u201cWe will go,\u201d said the minister\u2019s aide \u2013 at 3 p.m.",
    "Tab\tseparated\tvalues\tand\u0000NUL inside.",
    "http://example.com/a?b=c and mail@example.org are one token each.",
    "Numbers 1,000.5 and 6.4 and 1987-02-26 and 30/09/2020.",
]


def run_extract(extract, docs, dct="2020-09-28"):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for i, text in enumerate(docs):
            f.write(json.dumps({"id": f"d{i}", "text": text, "dct": dct}) + "\n")
        path = f.name
    try:
        p = subprocess.run([extract, "--input-format", "jsonl", "--format", "jsonl", "--tokens", path],
                           capture_output=True, timeout=600)
    finally:
        os.unlink(path)
    if p.returncode not in (0,):
        sys.exit(f"extract exited {p.returncode}: {p.stderr.decode(errors='replace')[:2000]}")
    return [json.loads(line) for line in p.stdout.decode("utf-8").splitlines()]


def check_span(text, raw, span, label, errors):
    s, e, cs, ce = span["start"], span["end"], span["char_start"], span["char_end"]
    if not (0 <= s <= e <= len(raw)):
        errors.append(f"{label}: byte span {s}:{e} outside text of {len(raw)} bytes")
        return
    if raw[s:e].decode("utf-8", errors="replace") != text[cs:ce]:
        errors.append(f"{label}: bytes {s}:{e} and chars {cs}:{ce} disagree")
    if "text" in span and span["text"] != text[cs:ce]:
        errors.append(f"{label}: text {span['text']!r} != input {text[cs:ce]!r}")


def check_doc(doc, text, validator, errors):
    raw = text.encode("utf-8")
    for err in validator.iter_errors(doc):
        errors.append(f"{doc.get('id')}: schema: {err.message} at {list(err.path)}")
    if doc["text_bytes"] != len(raw):
        errors.append(f"{doc.get('id')}: text_bytes {doc['text_bytes']} != {len(raw)}")
    for i, s in enumerate(doc["sentences"]):
        check_span(text, raw, s, f"{doc['id']} sentence {i}", errors)
    for i, t in enumerate(doc.get("tokens", [])):
        check_span(text, raw, t, f"{doc['id']} token {i}", errors)
    for i, m in enumerate(doc["mentions"]):
        check_span(text, raw, m, f"{doc['id']} mention {i}", errors)
        if m.get("entity") is not None and m["entity"] >= len(doc["entities"]):
            errors.append(f"{doc['id']} mention {i}: entity index out of range")
    for i, e in enumerate(doc["entities"]):
        for mi in e["mentions"]:
            if mi >= len(doc["mentions"]):
                errors.append(f"{doc['id']} entity {i}: mention index out of range")
    for i, ev in enumerate(doc["events"]):
        check_span(text, raw, ev["trigger"], f"{doc['id']} event {i} trigger", errors)
        for span in ev["evidence"]:
            check_span(text, raw, span, f"{doc['id']} event {i} evidence", errors)
        for role, args in ev["roles"].items():
            for a in args:
                if a["mention"] is None:  # a phrase filler: its own span
                    check_span(text, raw, a, f"{doc['id']} event {i} {role} phrase", errors)
                    continue
                m = doc["mentions"][a["mention"]]
                if a["text"] != m["text"]:
                    errors.append(f"{doc['id']} event {i} {role}: text differs from its mention")


def main():
    extract, schema_path, shared = sys.argv[1:4]
    n_reuters = 300
    if "--reuters" in sys.argv:
        n_reuters = int(sys.argv[sys.argv.index("--reuters") + 1])
    with open(schema_path, encoding="utf-8") as f:
        validator = jsonschema.Draft202012Validator(json.load(f))
    texts = list(ADVERSARIAL)
    with open(os.path.join(shared, "corpus", "maghreb-tour.txt"), encoding="utf-8") as f:
        texts.append(f.read())
    with open(os.path.join(shared, "corpus", "reuters.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= n_reuters:
                break
            texts.append(json.loads(line)["text"])
    docs = run_extract(extract, texts)
    errors = []
    if len(docs) != len(texts):
        errors.append(f"{len(texts)} documents in, {len(docs)} out")
    for doc, text in zip(docs, texts):
        check_doc(doc, text, validator, errors)
    for e in errors[:50]:
        print(e)
    print(f"{len(docs)} documents checked, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
