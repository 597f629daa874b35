#!/usr/bin/env python3
"""Write the seed corpora under fuzz/corpus/<target>/.

Hand-written seeds (news sentences, adversarial Unicode, gazetteer lines, rule
snippets) plus ~50 documents of ../shared/corpus/reuters.jsonl, the example
texts, the rule files under rules/ and the code blocks of docs/rules.md when
those exist. Deterministic: re-running rewrites the same files. Files named
crash-*, leak-*, timeout-* and oom-* (reproducers found by fuzzing) are kept. The
whole corpus stays well
under 2 MB.

usage: fuzz/make_seeds.py [--shared DIR]
"""
import argparse
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CORPUS = os.path.join(HERE, "corpus")
N_REUTERS = 50
MAX_DOC = 6000  # bytes of a Reuters document kept as a seed
LIMIT = 2 * 1024 * 1024

# First 4 bytes of fuzz_process / fuzz_json inputs (see the targets' comments).
PLAIN = b"\x00\x01\x00\x00"   # no flags, dct 2020-09-28
TOKENS = b"\x02\x00\x01\x01"  # tokens only, no dct, doc id, JSON tokens
REPLACE = b"\x01\x03\x00\x03"  # replace invalid, dct 2000-02-29, JSON tokens+pretty

NEWS = [
    "US Secretary of Defense Mark Esper is expected in Morocco on Friday to discuss "
    "cooperation in counter-terrorism.",
    "Esper’s visit to Morocco comes after trips to Tunisia and Algeria.",
    "President Kais Saied met Defense Minister Ibrahim Bartagi in Tunis on Wednesday.",
    "The visit, planned for next week, was called off, a Pentagon spokesman said on Oct. 2.",
    "Mr. Smith, 54, of Acme Corp. said the U.N. would vote on Jan. 5, 2021 at 3 p.m.",
    "Rebels attacked a convoy near Kabul late on Monday, killing 12 soldiers, officials said.",
    "German Chancellor Angela Merkel and French President Emmanuel Macron signed the "
    "agreement in Berlin last month.",
    "Xi Jinping will travel to Moscow from 20 to 22 March, the Chinese foreign ministry said.",
    "Police arrested two men in Lagos on 3/4/2019; both were later released.",
    "She was elected mayor of São Paulo in 2016 and sworn in on January 1, 2017.",
    "Talks between Israel and the Palestinians did not resume, reportedly because of the "
    "elections.",
    "WASHINGTON (Reuters) - U.S. stocks fell on Tuesday as investors weighed the Fed's "
    "decision.",
    "“We will not go,” said Lt. Gen. John O’Neill of the U.S. Army’s 82nd Airborne.",
    "The IMF, NATO and the EU’s executive arm met in Brussels in the 1990s and in Q3 2020.",
]

UNICODE = [
    "Caf\u00e9 vs Cafe\u0301 vs CAF\u00c9 vs \uff23\uff41\uff46\u00e9",  # NFC/NFD/fullwidth
    "\ufb01nance \ufb02ow STRASSE stra\u00dfe \u0130stanbul \u0131 \u03a3\u039f\u03a6\u0399\u0391 "
    "\u03c3\u03bf\u03c6\u03b9\u03b1\u03c2",  # ligatures, sharp s, dotted I, final sigma
    "\u202eevil\u202c \u200bzero\u200bwidth\u200d \u2066iso\u2069 a\u00adb",  # bidi, ZW, soft hyphen
    "\U0001F468\u200d\U0001F469\u200d\U0001F467 \U0001F1F2\U0001F1E6 \U0001F44D\U0001F3FD ok.",
    "Line\u2028separator\u2029paragraph\u0085next\u00a0nbsp\u3000ideographic\u2009thin.",
    "Z\u0351\u0360\u0347a\u0346\u0364l\u0314\u0350g\u0352o\u0306\u0301\u0300\u0301\u0300 text "
    "with many marks",
    "\u0645\u0631\u0627\u0643\u0634 Marrakesh \u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd "
    "\u4e0a\u6d77 \ud55c\uad6d \u0928\u0908 \u0926\u093f\u0932\u094d\u0932\u0940.",
    "\ufeffBOM at the start. And \ufffe\uffff noncharacters \U0010FFFF end.",
    "Mixed\r\nline\rends\n\nand\ttabs\x0band\x0cfeeds.",
    "Quotes \u2018single\u2019 \u201cdouble\u201d \u00abguillemets\u00bb \u201elow\u201c "
    "and \u2019s apostrophe\u2019s.",
    "Dashes \u2013 \u2014 \u2012 \u2212 and ellipsis\u2026 and U.S.-led, Al-Qaeda's, "
    "bin-Laden.",
    "Numbers: 1,234.56 \u00bd \u2153 \u0661\u0662\u0663 \u2460 10\u00b3 3.14e10 -5 +7 "
    "12:30 1990s '90s.",
    "URLs http://example.com/a?b=c&d=e#f and www.reuters.com and mail@example.org.",
]

INVALID = [  # raw bytes: invalid UTF-8 of several kinds
    b"Overlong slash \xc0\xaf and NUL \xc0\x80 forms.",
    b"Surrogate \xed\xa0\x80 and \xed\xbf\xbf halves.",
    b"Lone continuation \x80\xbf bytes in Rabat.",
    b"Truncated at the end \xe2\x80",
    b"Truncated in the middle \xf0\x9f\x98 of Tunis.",
    b"Above U+10FFFF \xf4\x90\x80\x80 and \xf8\x88\x80\x80\x80 and \xff\xfe.",
    b"Latin-1 Caf\xe9 in Paris and S\xe3o Paulo.",
    b"NUL\x00bytes\x00in\x00the\x00middle of Morocco.\x00",
]

EDGE = [
    b"",
    b" ",
    b".",
    b"\n\n\n",
    b"a" * 3000,
    b"A. " * 400,
    b"Mr. " * 300 + b"Smith",
    b"The " + b"Big " * 500 + b"Company",
    b"(" * 300 + b"Rabat" + b")" * 300,
    b"\"" * 200 + b"Rabat",
    b"on Friday on Friday on Friday next Friday last Friday Friday Friday",
    b"Jan. 1 Feb. 29 Feb. 30 2021-02-29 31/02/2020 99/99/9999 0000-00-00 9999-12-31",
    b"US U.S. U.S.A. USA us Us uS",
]

GAZ_HEADER = "name\ttype\tsubtype\tcanonical\tid\tcountry\tpopulation\tlat\tlon\ttitle\tcase\tfrom\tto\tvalue\n"
GAZETTEERS = {
    "minimal": "name\ttype\nMark Esper\tPER\nMorocco\tLOC\n",
    "full": GAZ_HEADER
    + "Rabat\tLOC\tcity\tRabat\tgeonames:2538475\tMA\t1655753\t34.01325\t-6.83255\t\t\t\t\t\n"
    + "Mark Esper\tPER\t\tMark Esper\tnerve:esper\tUS\t\t\t\tSecretary of Defense\t\t2019-07-23\t2020-11-09\t\n"
    + "US\tLOC\tcountry\tUnited States\tiso3166:US\tUS\t\t\t\t\texact\t\t\t\n"
    + "May\tPER\tgiven_name\tMay\t\t\t\t\t\t\tcap\t\t\t\n"
    + "friday\tLEX\tweekday\t\t\t\t\t\t\t\t\t\t\t5\n",
    "comments": "# a comment\n\n# another\nname\ttype\tcanonical\n# inside\nGeorgia\tLOC\tGeorgia\nGeorgia\tLOC\tGeorgia (US state)\n",
    "reordered": "type\tid\tname\nORG\tnerve:un\tUnited Nations\nORG\tnerve:un\tU.N.\n",
    "crlf": "name\ttype\r\nTunis\tLOC\r\nAlgiers\tLOC\r\n",
    "bom": "\ufeffname\ttype\nSão Paulo\tLOC\n",
    "unicode": "name\ttype\tcanonical\n\u0645\u0631\u0627\u0643\u0634\tLOC\tMarrakesh\nZ\u00fcrich\tLOC\tZ\u00fcrich\n\ufb01nance\tMISC\tfinance\n",
    "prefixes": "name\ttype\n" + "".join(" ".join(["A"] * k) + "\tORG\n" for k in range(1, 30)),
    "bad-header": "nam\ttype\nRabat\tLOC\n",
    "unknown-column": "name\ttype\tcolour\nRabat\tLOC\tred\n",
    "bad-type": "name\ttype\nRabat\tPLACE\n",
    "wrong-cells": "name\ttype\tsubtype\nRabat\tLOC\nTunis\tLOC\tcity\textra\n",
    "bad-numbers": "name\ttype\tlat\tlon\tpopulation\nRabat\tLOC\t95.5\tabc\t-12\n",
    "bad-case": "name\ttype\tcase\nUS\tLOC\tupper\n",
    "bad-dates": "name\ttype\tfrom\tto\nX Y\tPER\t2021-02-29\tyesterday\n",
    "empty-name": "name\ttype\n\tLOC\n   \tLOC\n",
    "dup-columns": "name\ttype\tname\nRabat\tLOC\tRabat\n",
    "header-only": "name\ttype\n",
    "empty": "",
    "no-newline": "name\ttype\nRabat\tLOC",
    "invalid-utf8": b"name\ttype\nCaf\xe9\tLOC\n",
    "nul": b"name\ttype\nRa\x00bat\tLOC\n",
    "long-name": "name\ttype\n" + " ".join(["Word"] * 400) + "\tORG\n",
}

RULES_FALLBACK = [  # the language as lib/rules_parse.c reads it (docs/rules.md when it exists)
    "# a comment only\n",
    "",
    "rule title_name: entity PER priority 5 confidence 0.9\n    t:@title name:([cap]{1,3})\n",
    "class det = the a an\nrule a: entity PER\n    !@det [cap]+ said\n",
    "define HON = (mr|mrs|dr) $DOT\ndefine DOT = (.)?\nrule hon: entity PER\n    $HON [cap]\n",
    "event visit roles who where when\nrule v: event visit cameo 042\n"
    "    who:PER trigger:visit~ []{0,3} where:LOC|ORG\n",
    "rule loc: entity LOC subtype city\n    \"arrive in\" w:&LOC\n",
    "rule x: entity MISC\n    ^ [\"us\" \"uk\" allcaps] [!punct]? (the (very)* big | small) $\n",
    "rule a: entity MISC\n    x (([]|[]?)([]?|[])){1,40} zz y\n",
    "rule a: entity PER\n    (a | b\n",
    "rule a: entity PER\n    @nosuch [cap]\n",
    "rule a: entity PER\n    x []* y\n",
    "rule a: entity PER\n    x (y){1,500}\n",
    "rule a: entity PERSON\n    x\n",
    "include \"nonexistent.rules\"\n",
    "rule a: entity PER\n    x\nrule a: entity LOC\n    y\n",
    "rule a: entity PER\n    meet~ g:([]{1,3}?) [num] [digit] [lower] [upper] [start]\n",
]


# JSONL lines that are odd or broken (extract's input reader).
JSONL = [
    b"{not json", b"", b"   \t", b'{"id": "a"}', b'{"text": "x", "text": "y"}',
    b'{"text": "caf\\u00e9 \\ud83d\\ude00 \\ud800 end"}', b'{"text": "Caf\xe9"}',
    b'{"text": "a\x00b", "id": null, "dct": 5}', b'{"text": "x"} trailing',
    b'{"text": "x", "nested": [1, {"a": [true, false, null]}, -1.5e3]}',
    b'{"text": "' + b"[" * 300 + b'"}', b"[" * 2000, b'{"text": "\\u12"}',
    b'\xef\xbb\xbf{"text": "bom"}', b'{"text": "crlf"}\r',
    # RFC 8259 numbers and U+0000 in member names, ids and dates
    b'{"n": 1\x00, "text": "x"}', b'{"n": 1..2-e+, "text": "x"}', b'{"n": [012, -, 1., 1e, +1], "text": "x"}',
    b'{"n": [-0.5e+10, 0, 1E3, -0, 0.0e-0], "text": "x"}', b'{"text\\u0000": "x"}',
    b'{"id": "a\\u0000b", "text": "x"}', b'{"text": "x", "dct": "2020-01-01\\u0000z"}',
    b'{"id": "b\xe9d", "text": "x"}', b'{"note": "\xff", "text": "\\n\\nCaf\xe9 \xed\xa0\x80 \xf4\x90\x80\x80"}',
]


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def reuters(shared):
    path = os.path.join(shared, "corpus", "reuters.jsonl")
    docs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            docs.append(json.loads(line))
    # An even spread over the file, deterministic.
    step = max(1, len(docs) // N_REUTERS)
    return [docs[i] for i in range(0, len(docs), step)][:N_REUTERS]


def truncate(b, n):
    if len(b) <= n:
        return b
    b = b[:n]
    while b and (b[-1] & 0xC0) == 0x80:  # keep whole code points
        b = b[:-1]
    return b[:-1] if b and b[-1] >= 0xC0 else b


def rule_snippets():
    snippets = []
    doc = os.path.join(ROOT, "docs", "rules.md")
    if os.path.exists(doc):
        text = open(doc, encoding="utf-8").read()
        for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
            if block.strip():
                snippets.append(block)
    for path in sorted(glob.glob(os.path.join(ROOT, "rules", "*.rules"))):
        data = open(path, "rb").read()
        snippets.append(truncate(data, 20000).decode("utf-8", "replace"))
    return snippets


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    args = ap.parse_args()

    for target in ("fuzz_process", "fuzz_json", "fuzz_load_gazetteer", "fuzz_compile_rules",
                   "fuzz_jsonl_input"):
        d = os.path.join(CORPUS, target)
        if os.path.isdir(d):
            for name in os.listdir(d):
                if not name.startswith(("crash-", "leak-", "timeout-", "oom-")):
                    os.remove(os.path.join(d, name))

    for i, s in enumerate(NEWS):
        write("fuzz_process", f"news-{i:02}", PLAIN + s.encode())
    for i, s in enumerate(UNICODE):
        write("fuzz_process", f"unicode-{i:02}", REPLACE + s.encode())
        write("fuzz_json", f"unicode-{i:02}", REPLACE + s.encode())
    for i, b in enumerate(INVALID):
        write("fuzz_process", f"invalid-{i:02}", REPLACE + b)
        write("fuzz_process", f"invalid-strict-{i:02}", PLAIN + b)
        write("fuzz_json", f"invalid-{i:02}", REPLACE + b)
    for i, b in enumerate(EDGE):
        write("fuzz_process", f"edge-{i:02}", (TOKENS if i % 3 == 0 else PLAIN) + b)
    write("fuzz_json", "news-all", REPLACE + " ".join(NEWS).encode())
    write("fuzz_json", "html-specials", REPLACE + b"<b>Rabat</b> & \"Tunis\" 'x' \\ \x01\x1f\x7f")
    write("fuzz_process", "short-0", b"")
    write("fuzz_process", "short-1", b"\x01")
    write("fuzz_process", "short-3", b"\xff\xff\xff")

    examples = sorted(glob.glob(os.path.join(ROOT, "examples", "texts", "*.txt")))
    maghreb = os.path.join(args.shared, "corpus", "maghreb-tour.txt")
    for path in examples + ([maghreb] if os.path.exists(maghreb) else []):
        name = os.path.splitext(os.path.basename(path))[0]
        data = open(path, "rb").read()
        write("fuzz_process", "text-" + name, PLAIN + data)
        write("fuzz_json", "text-" + name, PLAIN + data)

    for i, d in enumerate(reuters(args.shared)):
        text = truncate(d["text"].encode("utf-8"), MAX_DOC)
        write("fuzz_process", f"reuters-{i:02}", PLAIN + text)
        if i % 5 == 0:
            write("fuzz_json", f"reuters-{i:02}", b"\x00\x01\x00\x03" + text)

    for name, data in GAZETTEERS.items():
        write("fuzz_load_gazetteer", "gaz-" + name, data)
    for path in sorted(glob.glob(os.path.join(ROOT, "gazetteers", "*.tsv"))):
        with open(path, "rb") as f:
            head = b"".join(f.readline() for _ in range(40))
        write("fuzz_load_gazetteer", "slice-" + os.path.basename(path), head)

    for i, s in enumerate(rule_snippets()):
        write("fuzz_compile_rules", f"rules-{i:02}", s)
    for i, s in enumerate(RULES_FALLBACK):  # a few malformed ones always
        write("fuzz_compile_rules", f"guess-{i:02}", s)

    # fuzz_jsonl_input: byte 0 sets the line limit (byte * 37 + 1), then JSONL
    lines = [json.dumps({"id": f"r{i}", "text": truncate(d["text"].encode(), 600).decode(
        "utf-8", "replace"), "dct": "1987-03-02"}).encode() for i, d in
        enumerate(reuters(args.shared)[:8])]
    for i, extra in enumerate(JSONL):
        write("fuzz_jsonl_input", f"jsonl-{i:02}", b"\xff" + b"\n".join(lines[:2] + [extra]) + b"\n")
    write("fuzz_jsonl_input", "reuters", b"\xff" + b"\r\n".join(lines))
    write("fuzz_jsonl_input", "short-limit", b"\x02" + b"\n".join(lines[:3]))
    write("fuzz_jsonl_input", "empty", b"\x10")

    total = 0
    for path in glob.glob(os.path.join(CORPUS, "*", "*")):
        total += os.path.getsize(path)
    for target in sorted(os.listdir(CORPUS)):
        n = len(os.listdir(os.path.join(CORPUS, target)))
        print(f"{target}: {n} files")
    print(f"total {total} bytes")
    if total > LIMIT:
        sys.exit(f"corpus is {total} bytes, over the {LIMIT} byte budget")


if __name__ == "__main__":
    main()
