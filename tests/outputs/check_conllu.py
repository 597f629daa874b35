#!/usr/bin/env python3
"""Validate a CoNLL-U file (https://universaldependencies.org/format.html) at
the level of its format, and against the texts it came from.

usage: check_conllu.py FILE.conllu [TEXTS.jsonl]
       (prints the problems; exit status 1 if any)

Checked: UTF-8 with LF line ends; sentences are comment lines then token
lines, each followed by one blank line, the file ending with one; every
sentence has a unique "# sent_id" and a "# text"; a document starts with
"# newdoc id"; token lines have 10 tab-separated fields, none empty, none
with spaces at its ends; IDs run 1, 2, 3 ...; HEAD is "_" or a number within
the sentence, DEPREL "_" exactly when HEAD is; FEATS and MISC are "_" or
"Key=Value|..." lists; "# text" equals the forms joined as
SpaceAfter=No says; NER tags in MISC are BIO (an I-X follows B-X or I-X).
With TEXTS.jsonl (one {"id", "text"} per document, in order), each token's
TokenRange=a:b gives its form in that document's text.
"""
import json
import re
import sys

problems = []


def bad(n, msg):
    problems.append(f"line {n}: {msg}")


def main():
    path = sys.argv[1]
    texts = None
    if len(sys.argv) > 2:
        with open(sys.argv[2], encoding="utf-8") as f:
            texts = [json.loads(l)["text"] for l in f if l.strip()]
    raw = open(path, "rb").read()
    try:
        data = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"not UTF-8 at byte {e.start}")
        sys.exit(1)
    if "\r" in data:
        problems.append("carriage return in the file")
    if data and not data.endswith("\n\n"):
        problems.append("the file does not end with a blank line")
    lines = data.split("\n")
    sent_ids, n_sent, doc = set(), 0, -1
    block, start = [], 1
    for n, line in enumerate(lines, 1):
        if line == "":
            if block:
                doc = check_sentence(block, start, sent_ids, doc, texts)
                n_sent += 1
            block, start = [], n + 1
            continue
        block.append((n, line))
    if block:
        bad(start, "the last sentence has no blank line after it")
    if texts is not None and doc + 1 != len(texts):
        problems.append(f"{doc + 1} documents, {len(texts)} texts")
    for p in problems[:50]:
        print(p)
    print(f"{n_sent} sentences, {len(problems)} problems")
    sys.exit(1 if problems or not n_sent else 0)


def check_sentence(block, start, sent_ids, doc, texts):
    comments = {}
    tokens = []
    for n, line in block:
        if line.startswith("#"):
            if tokens:
                bad(n, "a comment after the tokens")
            m = re.match(r"# (newdoc id|sent_id|text) = (.*)$", line)
            if m:
                comments[m.group(1)] = (n, m.group(2))
            continue
        tokens.append((n, line.split("\t")))
    if "newdoc id" in comments:
        doc += 1
    elif doc < 0:
        bad(start, "the first sentence does not start a document (# newdoc id)")
        doc = 0
    if "sent_id" not in comments:
        bad(start, "no # sent_id")
    else:
        sid = comments["sent_id"][1]
        if sid in sent_ids or not sid or re.search(r"\s", sid):
            bad(start, f"sent_id {sid!r} is repeated, empty or has spaces")
        sent_ids.add(sid)
    if "text" not in comments:
        bad(start, "no # text")
    if not tokens:
        bad(start, "a sentence without tokens")
        return doc
    rebuilt, prev_tag = [], "O"
    for k, (n, cols) in enumerate(tokens, 1):
        if len(cols) != 10:
            bad(n, f"{len(cols)} fields, not 10")
            continue
        ident, form, lemma, upos, xpos, feats, head, deprel, deps, misc = cols
        for c in cols:
            if c == "" or c != c.strip():
                bad(n, f"an empty field or one with spaces at its ends: {cols}")
        if ident != str(k):
            bad(n, f"ID {ident}, expected {k}")
        if head != "_" and not (head.isdigit() and int(head) <= len(tokens)):
            bad(n, f"HEAD {head}")
        if (head == "_") != (deprel == "_"):
            bad(n, "HEAD and DEPREL: both or neither")
        for name, v in (("FEATS", feats), ("MISC", misc)):
            if v != "_" and not all(re.fullmatch(r"[A-Za-z][\w\[\]]*=[^|]+", x) for x in v.split("|")):
                bad(n, f"{name} {v!r} is not Key=Value|...")
        attrs = dict(x.split("=", 1) for x in misc.split("|")) if misc != "_" else {}
        tag = attrs.get("NER", "O")
        if not re.fullmatch(r"O|[BI]-[A-Z]+", tag):
            bad(n, f"NER tag {tag}")
        elif tag.startswith("I-") and prev_tag[2:] != tag[2:]:
            bad(n, f"{tag} after {prev_tag}")
        prev_tag = tag
        rebuilt.append(form)
        if attrs.get("SpaceAfter") != "No" and k < len(tokens):
            rebuilt.append(" ")
        if texts is not None and "TokenRange" in attrs:
            a, b = (int(x) for x in attrs["TokenRange"].split(":"))
            text = texts[doc] if 0 <= doc < len(texts) else ""
            if text[a:b] != form:
                bad(n, f"TokenRange {a}:{b} is {text[a:b]!r}, not {form!r}")
        elif texts is not None:
            bad(n, "no TokenRange")
    if "text" in comments and "".join(rebuilt) != comments["text"][1]:
        bad(comments["text"][0], f"# text {comments['text'][1]!r} is not the tokens "
            f"{''.join(rebuilt)!r}")
    return doc


if __name__ == "__main__":
    main()
