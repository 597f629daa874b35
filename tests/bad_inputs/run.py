#!/usr/bin/env python3
"""Bad inputs to extract, one row each: what goes in, the exit status, what
standard error must say (the problem and its place), and which documents are
still printed, in order.

Every bad document is run between good ones in the same invocation (files
good-1, BAD, good-2; or JSONL lines a, BAD, b), so each row also checks that
the others are processed and printed in input order. The table is also
written as bad_inputs.md (--markdown); the test fails when that file is out
of date (regenerate with --markdown and review the diff).

Tests run as root, so permission bits do not make a file unreadable: the
unreadable-file rows use a missing file and a directory instead.

usage: run.py EXTRACT [--markdown] [--only NAME]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MD = os.path.join(HERE, "bad_inputs.md")

GOOD1 = "US Secretary of Defense Mark Esper visited Morocco on Friday."
GOOD2 = "President Kais Saied met him in Tunis."
DEEP = "[" * 100000 + "]" * 100000


def J(**kw):
    return json.dumps(kw, ensure_ascii=False)


# kind: text  - data is one document file between two good files
#       jsonl - data is one line between two good JSONL lines (--input-format jsonl)
#       usage - args only, a good document on standard input
#       gaz   - data is a --gazetteer file (the run stops: exit 2, nothing printed)
#       rules - data is a --rules file (likewise)
#       path  - data names a path kind ('missing', 'directory') used as the middle file
#       stdout - standard output is 'full' (/dev/full) or a 'closed' pipe (SIGPIPE
#               ignored) while endless JSONL arrives on stdin: the run must stop at once
#       gazfifo - data is a gazetteer written into a FIFO given to --gazetteer
#       compile - nerve-compile writes to data: 'devfull', 'symlink', 'fifo', 'directory'
#               (refused: the path must be left as it was) or 'regular' (replaced)
#       datadir - data names a --data-dir folder to build ('empty', 'root', 'file',
#               'no-rules', 'no-lexicon', 'gaz-only-tsv-none'); a good document on stdin
# expect: exit status (or a tuple of allowed ones); err: substrings of stderr
# ("{f}" is the bad file's path); out: documents printed ("1", "2" the good
# ones, "B" the bad one itself).
ROWS = [
    # --- invalid UTF-8 and odd bytes in text documents
    dict(name="utf8-overlong", kind="text", data=b"Rabat \xc0\xaf end", expect=1,
         err=["{f}: byte offset 6", "invalid UTF-8"], out="12",
         why="overlong encoding of '/'"),
    dict(name="utf8-surrogate", kind="text", data=b"Tunis \xed\xa0\x80 end", expect=1,
         err=["{f}: byte offset 6"], out="12", why="UTF-16 surrogate half encoded in UTF-8"),
    dict(name="utf8-truncated-at-end", kind="text", data=b"Algiers \xe2\x80", expect=1,
         err=["{f}: byte offset 8"], out="12", why="sequence cut off by the end of the file"),
    dict(name="utf8-lone-continuation", kind="text", data=b"\x80Rabat", expect=1,
         err=["{f}: byte offset 0"], out="12", why="continuation byte with no lead byte"),
    dict(name="utf8-latin1", kind="text", data=b"Caf\xe9 in Paris", expect=1,
         err=["{f}: byte offset 3"], out="12", why="Latin-1 text"),
    dict(name="utf8-above-max", kind="text", data=b"x \xf4\x90\x80\x80", expect=1,
         err=["{f}: byte offset 2"], out="12", why="code point above U+10FFFF"),
    dict(name="utf8-replaced", kind="text", data=b"Caf\xe9 in Paris", args=["--replace-invalid"],
         expect=0, err=[], out="1B2", why="--replace-invalid processes it"),
    dict(name="nul-bytes", kind="text", data=b"Rabat\x00Tunis\x00", expect=0, err=[], out="1B2",
         why="NUL is an ordinary character"),
    dict(name="bom", kind="text", data=b"\xef\xbb\xbfRabat is a city.", expect=0, err=[], out="1B2",
         why="a leading byte order mark is text"),
    dict(name="crlf-and-lone-cr", kind="text", data=b"Rabat.\r\nTunis.\rAlgiers.\r", expect=0,
         err=[], out="1B2", why="CRLF and lone CR line ends"),
    dict(name="empty-file", kind="text", data=b"", expect=0, err=[], out="1B2",
         why="an empty document is a document"),
    dict(name="whitespace-only", kind="text", data=b" \n\t\r\n ", expect=0, err=[], out="1B2",
         why="no tokens"),
    # --- files that cannot be read
    dict(name="missing-file", kind="path", data="missing", expect=1,
         err=["{f}", "No such file"], out="12", why="named file does not exist"),
    dict(name="directory-as-file", kind="path", data="directory", expect=1,
         err=["{f}", "is a directory"], out="12", why="a directory passed as a document"),
    # --- JSONL input
    dict(name="jsonl-not-json", kind="jsonl", data="{not json", expect=1,
         err=["{f}:2", "bad JSONL line"], out="12", why="not JSON"),
    dict(name="jsonl-not-object", kind="jsonl", data='["text", "x"]', expect=1,
         err=["{f}:2", "bad JSONL line"], out="12", why="an array, not an object"),
    dict(name="jsonl-missing-text", kind="jsonl", data=J(id="bad"), expect=1,
         err=["{f}:2", "text"], out="12", why='no "text" member'),
    dict(name="jsonl-text-not-string", kind="jsonl", data='{"id": "bad", "text": 42}', expect=1,
         err=["{f}:2: column 23", "must be a string"], out="12", why='"text" is a number'),
    dict(name="jsonl-trailing-garbage", kind="jsonl", data=J(id="bad", text="x") + " xyz",
         expect=1, err=["{f}:2", "bad JSONL line"], out="12", why="text after the object"),
    dict(name="jsonl-huge-nesting", kind="jsonl", data='{"id": "bad", "x": ' + DEEP + ', "text": "x"}',
         expect=(0, 1), err=[], out=None, why="100,000 nested arrays: rejected or skipped, never a crash"),
    dict(name="jsonl-bad-escape", kind="jsonl", data='{"id": "bad", "text": "a\\qb"}', expect=1,
         err=["{f}:2", "bad JSONL line"], out="12", why="unknown escape \\q"),
    dict(name="jsonl-lone-surrogate-escape", kind="jsonl", data='{"id": "bad", "text": "a\\ud800b"}',
         expect=(0, 1), err=[], out=None, why="\\ud800 alone: rejected or replaced"),
    dict(name="jsonl-invalid-utf8", kind="jsonl", data=b'{"id": "bad", "text": "Caf\xe9"}', expect=1,
         err=["{f}:2"], out="12", why="raw invalid UTF-8 inside the string"),
    dict(name="jsonl-bom", kind="jsonl", first=b"\xef\xbb\xbf", data=J(id="bad", text="Rabat"),
         expect=0, err=[], out="1B2",
         why="a byte order mark before the first line used to lose that document"),
    dict(name="jsonl-bom-bad-line-column", kind="jsonl", first=b"\xef\xbb\xbf", data="{x",
         expect=1, err=["{f}:2: column 2"], out="12", why="columns after a BOM line stay right"),
    dict(name="jsonl-number-nul", kind="jsonl", data=b'{"id": "bad", "n": 1\x00, "text": "x"}',
         expect=1, err=["{f}:2: column 21", "bad JSONL line"], out="12",
         why="a raw NUL after a number was read as part of it"),
    dict(name="jsonl-number-malformed", kind="jsonl", data='{"id": "bad", "n": 1..2-e+, "text": "x"}',
         expect=1, err=["{f}:2: column 22", "bad number"], out="12", why="RFC 8259 numbers only"),
    dict(name="jsonl-number-leading-zero", kind="jsonl", data='{"id": "bad", "n": 012, "text": "x"}',
         expect=1, err=["{f}:2", "leading zero"], out="12", why="012 is not JSON"),
    dict(name="jsonl-number-plus", kind="jsonl", data='{"id": "bad", "n": +1, "text": "x"}',
         expect=1, err=["{f}:2", "bad JSONL line"], out="12", why="a leading + is not JSON"),
    dict(name="jsonl-number-trailing-dot", kind="jsonl", data='{"id": "bad", "n": 1., "text": "x"}',
         expect=1, err=["{f}:2", "bad number"], out="12", why="a digit must follow '.'"),
    dict(name="jsonl-number-empty-exponent", kind="jsonl",
         data='{"id": "bad", "n": 1e, "text": "x"}', expect=1, err=["{f}:2", "exponent"], out="12"),
    dict(name="jsonl-number-minus-only", kind="jsonl", data='{"id": "bad", "n": -, "text": "x"}',
         expect=1, err=["{f}:2", "bad number"], out="12"),
    dict(name="jsonl-number-hex", kind="jsonl", data='{"id": "bad", "n": 0x1F, "text": "x"}',
         expect=1, err=["{f}:2", "bad JSONL line"], out="12"),
    dict(name="jsonl-number-valid", kind="jsonl", data='{"id": "bad", "n": [-0.5e+10, 0, 1E3], "text": "x"}',
         expect=0, err=[], out="1B2", why="well-formed numbers are skipped"),
    dict(name="jsonl-key-with-nul", kind="jsonl", data='{"id": "bad", "text\\u0000": "x"}', expect=1,
         err=["{f}:2", "no \"text\" member"], out="12",
         why='"text\u0000" is another member, not "text"'),
    dict(name="jsonl-id-with-nul", kind="jsonl", data='{"id": "bad\\u0000x", "text": "x"}', expect=1,
         err=["{f}:2: column 8", "\"id\" contains U+0000"], out="12",
         why="an id cut short at U+0000"),
    dict(name="jsonl-dct-with-nul", kind="jsonl",
         data='{"id": "bad", "text": "x", "dct": "2020-01-01\\u0000junk"}', expect=1,
         err=["{f}:2", "\"dct\" contains U+0000"], out="12", why="a dct cut short at U+0000"),
    dict(name="jsonl-text-with-nul-escape", kind="jsonl", data='{"id": "bad", "text": "a\\u0000b"}',
         expect=0, err=[], out="1B2", why="U+0000 is an ordinary character of a text"),
    dict(name="jsonl-invalid-utf8-after-escapes", kind="jsonl",
         data=b'{"id": "bad", "text": "\\n\\n\\nCaf\xe9"}', expect=1,
         err=["{f}:2: column 33", "byte offset 32 of the line"], out="12",
         why="the offset counts the line's bytes, not the decoded text"),
    dict(name="jsonl-invalid-utf8-in-id", kind="jsonl", data=b'{"id": "b\xe9d", "text": "x"}',
         expect=1, err=["{f}:2: column 10", "invalid UTF-8"], out="12"),
    dict(name="jsonl-invalid-utf8-other-member", kind="jsonl",
         data=b'{"id": "bad", "note": "\xff", "text": "x"}', expect=1,
         err=["{f}:2: column 24", "invalid UTF-8"], out="12", why="JSON text is UTF-8 throughout"),
    dict(name="jsonl-invalid-utf8-replaced", kind="jsonl", args=["--replace-invalid"],
         data=b'{"id": "bad", "text": "Caf\xe9"}', expect=0, err=[], out="1B2",
         why="--replace-invalid keeps the document"),
    dict(name="jsonl-overlong-utf8", kind="jsonl", data=b'{"id": "bad", "text": "\xc0\xaf"}',
         expect=1, err=["{f}:2: column 24"], out="12"),
    dict(name="jsonl-raw-surrogate-utf8", kind="jsonl", data=b'{"id": "bad", "text": "\xed\xa0\x80"}',
         expect=1, err=["{f}:2: column 24"], out="12"),
    dict(name="jsonl-bad-dct", kind="jsonl", data=J(id="bad", text="x", dct="2021-02-29"), expect=1,
         err=["{f}:2", "2021-02-29"], out="12", why="dct is not a real date"),
    dict(name="jsonl-dct-out-of-range", kind="jsonl", data=J(id="bad", text="x", dct="9999-12-31"),
         expect=1, err=["{f}:2", "9999-12-31", "supported years"], out="12",
         why="a dct outside the supported years 1000..8999"),
    dict(name="jsonl-dct-year-zero", kind="jsonl", data=J(id="bad", text="x", dct="0000-01-02"),
         expect=1, err=["{f}:2", "0000-01-02"], out="12", why="year 0000"),
    dict(name="jsonl-dct-not-string", kind="jsonl", data='{"id": "bad", "text": "x", "dct": 20200928}',
         expect=1, err=["{f}:2: column 35", "must be a string"], out="12", why="dct is a number"),
    dict(name="jsonl-id-not-string", kind="jsonl", data='{"id": 7, "text": "x"}', expect=(0, 1),
         err=[], out=None, why="numeric id: accepted or rejected, never a crash"),
    dict(name="jsonl-truncated", kind="jsonl", data='{"id": "bad", "text": "unterminated', expect=1,
         err=["{f}:2", "bad JSONL line"], out="12", why="line ends inside a string"),
    dict(name="jsonl-nul-in-line", kind="jsonl", data=b'{"id": "bad",\x00 "text": "x"}', expect=1,
         err=["{f}:2"], out="12", why="raw NUL byte in the line"),
    # --- usage errors (exit 2, nothing processed)
    dict(name="dct-feb-30", kind="usage", args=["--dct", "2020-02-30"], expect=2,
         err=["--dct", "2020-02-30"], out=""),
    dict(name="dct-not-leap", kind="usage", args=["--dct", "2021-02-29"], expect=2,
         err=["2021-02-29"], out=""),
    dict(name="dct-text", kind="usage", args=["--dct", "yesterday"], expect=2, err=["yesterday"],
         out=""),
    dict(name="dct-short-form", kind="usage", args=["--dct", "2020-9-28"], expect=2,
         err=["2020-9-28"], out=""),
    dict(name="dct-year-zero", kind="usage", args=["--dct", "0000-01-02"], expect=2,
         err=["--dct 0000-01-02", "supported years 1000 to 8999"], out=""),
    dict(name="dct-year-9999", kind="usage", args=["--dct", "9999-12-31"], expect=2,
         err=["--dct 9999-12-31", "supported years"], out=""),
    dict(name="dct-year-999", kind="usage", args=["--dct", "0999-12-31"], expect=2,
         err=["0999-12-31", "supported years"], out=""),
    dict(name="dct-leading-space", kind="usage", args=["--dct", " 2020-1-01"], expect=2,
         err=["--dct  2020-1-01", "not a valid"], out=""),
    dict(name="dct-trailing-text", kind="usage", args=["--dct", "2020-01-01x"], expect=2,
         err=["2020-01-01x"], out=""),
    # extract has no date check of its own: the library's, which every
    # document's date goes through, decides (an own copy with sscanf took
    # signs and spaces inside the fields).
    dict(name="dct-empty", kind="usage", args=["--dct", ""], expect=2,
         err=["--dct :", "not a valid"], out=""),
    dict(name="dct-sign-in-month", kind="usage", args=["--dct", "2020-+1-01"], expect=2,
         err=["2020-+1-01", "not a valid"], out=""),
    dict(name="dct-space-in-year", kind="usage", args=["--dct", " 202-01-01"], expect=2,
         err=[" 202-01-01", "not a valid"], out=""),
    dict(name="dct-with-time", kind="usage", args=["--dct", "2020-01-01T10:00"], expect=2,
         err=["2020-01-01T10:00", "not a valid"], out=""),
    dict(name="dct-fullwidth-digits", kind="usage", args=["--dct", "\uff12\uff10\uff12\uff10-01-01"],
         expect=2, err=["not a valid"], out=""),
    dict(name="unknown-option", kind="usage", args=["--frobnicate"], expect=2,
         err=["--frobnicate"], out=""),
    dict(name="threads-zero", kind="usage", args=["--threads", "0"], expect=2, err=["--threads"],
         out=""),
    dict(name="threads-negative", kind="usage", args=["--threads", "-3"], expect=2,
         err=["--threads"], out=""),
    dict(name="threads-huge", kind="usage", args=["--threads", "100000"], expect=2,
         err=["--threads"], out=""),
    dict(name="threads-text", kind="usage", args=["--threads", "two"], expect=2,
         err=["--threads"], out=""),
    dict(name="threads-empty", kind="usage", args=["--threads", ""], expect=2, err=["--threads"],
         out=""),
    dict(name="format-unknown", kind="usage", args=["--format", "xml"], expect=2, err=["xml"],
         out=""),
    dict(name="input-format-unknown", kind="usage", args=["--input-format", "csv"], expect=2,
         err=["csv"], out=""),
    dict(name="option-missing-value", kind="usage", args=["--format"], expect=2,
         err=["needs a value"], out=""),
    dict(name="gazetteer-missing", kind="usage", args=["--gazetteer", "/nonexistent/x.tsv"],
         expect=2, err=["/nonexistent/x.tsv"], out=""),
    dict(name="rules-missing", kind="usage", args=["--rules", "/nonexistent/x.rules"], expect=2,
         err=["/nonexistent/x.rules"], out=""),
    # --- limits (--limit NAME=N, nerve_model_set_limit)
    dict(name="limit-unknown-name", kind="usage", args=["--limit", "speed=3"], expect=2,
         err=["--limit speed=3", "text-bytes"], out=""),
    dict(name="limit-negative", kind="usage", args=["--limit", "match=-5"], expect=2,
         err=["--limit match=-5"], out=""),
    dict(name="limit-out-of-range", kind="usage", args=["--limit", "sentence-tokens=99999999"],
         expect=2, err=["NERVE_LIMIT_SENTENCE_TOKENS", "out of range"], out=""),
    dict(name="text-over-limit", kind="text", args=["--limit", "text-bytes=100"],
         data="Rabat " * 40, expect=1, err=["{f}:", "exceeds the limit of 100"], out="12",
         why="a document larger than --limit text-bytes"),
    dict(name="jsonl-line-over-limit", kind="jsonl", args=["--limit", "text-bytes=100"],
         data=J(id="bad", text="Tunis " * 12000), expect=1,
         err=["{f}:2:", "longer than 66136 bytes"], out="12",
         why="a line that cannot hold a text under the limit is skipped unread"),
    dict(name="rules-over-limit", kind="rules", args=["--limit", "rule-bytes=16"],
         data='rule a: entity LOC\n    "Rabat"\n', expect=2, err=["{f}", "limit of 16 bytes"],
         out=""),
    dict(name="gaz-over-limit", kind="gaz", args=["--limit", "gazetteer-bytes=8"],
         data="name\ttype\nRabat\tLOC\n", expect=2, err=["{f}", "limit of 8 bytes"], out=""),
    # --- malformed gazetteers: file:line:column
    dict(name="gaz-bad-header", kind="gaz", data="nam\ttype\nRabat\tLOC\n", expect=2,
         err=["{f}:1:1:", "unknown column"], out=""),
    dict(name="gaz-unknown-column", kind="gaz", data="name\ttype\tcolour\nRabat\tLOC\tred\n",
         expect=2, err=["{f}:1:11:", "colour"], out=""),
    dict(name="gaz-bad-type", kind="gaz", data="name\ttype\nRabat\tPLACE\n", expect=2,
         err=["{f}:2:7:", "PLACE"], out=""),
    dict(name="gaz-too-few-cells", kind="gaz", data="name\ttype\tsubtype\nTunis\tLOC\tcity\nRabat\tLOC\n",
         expect=2, err=["{f}:3:", "cells"], out=""),
    dict(name="gaz-too-many-cells", kind="gaz", data="name\ttype\nRabat\tLOC\textra\n", expect=2,
         err=["{f}:2:", "cells"], out=""),
    dict(name="gaz-bad-latitude", kind="gaz", data="name\ttype\tlat\nRabat\tLOC\tabc\n", expect=2,
         err=["{f}:2:11:", "abc"], out=""),
    dict(name="gaz-invalid-utf8", kind="gaz", data=b"name\ttype\nCaf\xe9\tLOC\n", expect=2,
         err=["{f}:2:", "UTF-8"], out=""),
    dict(name="gaz-name-too-long", kind="gaz", data="name\ttype\n" + " ".join(["A"] * 65) + "\tORG\n",
         expect=2, err=["{f}:2:1:", "longer than 64 words"], out="",
         why="a name of more than 64 words (lookup would cost text x name length)"),
    dict(name="gaz-name-64-words", kind="gaz", data="name\ttype\n" + " ".join(["A"] * 64) + "\tORG\n",
         expect=0, err=[], out=None, why="64 words is the most a name may have"),
    dict(name="gaz-missing-type-column", kind="gaz", data="name\tsubtype\nRabat\tcity\n", expect=2,
         err=["{f}:1:", "type"], out=""),
    # --- malformed rule files: file:line:column
    dict(name="rules-unbalanced-paren", kind="rules", data="rule a: entity PER\n    (a | b\n",
         expect=2, err=["{f}:2:5:", "unbalanced"], out=""),
    dict(name="rules-unknown-class", kind="rules", data="rule a: entity PER\n    @nosuch [cap]\n",
         expect=2, err=["{f}:2:5:", "@nosuch"], out=""),
    dict(name="rules-unbounded-gap", kind="rules", data="rule a: entity PER\n    x []* y\n",
         expect=2, err=["{f}:2:9:", "unbounded gap"], out=""),
    dict(name="rules-unknown-type", kind="rules", data="rule a: entity PERSON\n    x\n", expect=2,
         err=["{f}:1:16:", "PERSON"], out=""),
    dict(name="rules-syntax", kind="rules", data="rule a entity PER\n    x\n", expect=2,
         err=["{f}:1:8:", "expected"], out=""),
    dict(name="rules-bad-quantifier", kind="rules", data="rule a: entity PER\n    x (y){1,500}\n",
         expect=2, err=["{f}:2:10:", "quantifier"], out=""),
    dict(name="rules-empty-pattern", kind="rules", data="rule a: entity PER\n", expect=2,
         err=["{f}:1:1:", "empty pattern"], out=""),
    dict(name="rules-invalid-utf8", kind="rules",
         data=b"rule a: entity LOC\n    \"Caf\xe9\"\n", expect=2,
         err=["{f}:2:9:", "invalid UTF-8"], out=""),
    dict(name="rules-nul-byte", kind="rules", data=b"rule a: entity LOC\n    \"Rabat\"\x00\n",
         expect=2, err=["{f}:2:12:", "found a NUL byte"], out="",
         why="the message used to stop at the NUL"),
    dict(name="rules-cr-only-lines", kind="rules", data=b"rule a: entity LOC\r    \"Rabat\"\r",
         expect=2, err=["{f}:1:19:", "CR-only line ends"], out="",
         why="old Mac line ends used to read as one line"),
    dict(name="rules-crlf-lines", kind="rules", data=b"rule a: entity LOC\r\n    \"Rabat\"\r\n",
         expect=0, err=[], out=None, why="CRLF line ends are fine"),
    dict(name="gaz-cr-only-lines", kind="gaz", data=b"name\ttype\rRabat\tLOC\r", expect=2,
         err=["{f}:1:10:", "CR-only line ends"], out="",
         why="used to say: unknown column 'typeRabat'"),
    dict(name="gaz-crlf-lines", kind="gaz", data=b"name\ttype\r\nRabat\tLOC\r\n", expect=0,
         err=[], out=None),
    # --- inputs that never end, outputs that fail
    dict(name="text-endless-input", kind="path", data="/dev/zero",
         args=["--limit", "text-bytes=1000000"], expect=1,
         err=["/dev/zero: text exceeds the limit of 1000000 bytes"], out="12",
         why="read at most the limit (it used to grow until memory ran out)"),
    dict(name="text-read-error-cause", kind="path", data="/proc/self/mem", expect=1,
         err=["/proc/self/mem: read error: Input/output error"], out="12",
         why="a read error says why"),
    dict(name="stdout-full", kind="stdout", data="full", expect=1,
         err=["error writing standard output: No space left on device"], out=None,
         why="endless JSONL into /dev/full stops at once"),
    dict(name="stdout-closed-pipe", kind="stdout", data="closed", expect=1,
         err=["error writing standard output: Broken pipe"], out=None,
         why="a closed pipe with SIGPIPE ignored stops at once"),
    # --- gazetteers from pipes, nerve-compile's output path
    dict(name="gaz-from-fifo", kind="gazfifo", data="name\ttype\nQwertyville\tLOC\n", expect=0,
         err=[], out=None, why="--gazetteer <(...) works as --rules <(...) does"),
    dict(name="gaz-fifo-malformed", kind="gazfifo", data="name\ttype\nRabat\tPLACE\n", expect=2,
         err=["{f}:2:7:", "PLACE"], out="", why="errors in a piped gazetteer name the pipe"),
    dict(name="compile-to-device", kind="compile", data="devfull", expect=1,
         err=["{f}: not a regular file", "refusing"], out=None,
         why="a device like /dev/full (made with mknod) used to be replaced by a regular file"),
    dict(name="compile-to-symlink", kind="compile", data="symlink", expect=1,
         err=["{f}: not a regular file (a symbolic link)"], out=None),
    dict(name="compile-to-fifo", kind="compile", data="fifo", expect=1,
         err=["{f}: not a regular file (a FIFO)"], out=None),
    dict(name="compile-to-directory", kind="compile", data="directory", expect=1,
         err=["{f}: not a regular file (a directory)"], out=None),
    dict(name="compile-to-regular", kind="compile", data="regular", expect=0, err=[], out=None,
         why="a regular file is replaced (through a temporary file and rename)"),
    dict(name="compile-malformed-names-file", kind="compile", data="malformed", expect=1,
         err=["bad.tsv:2:7:", "PLACE"], out=None),
    # --- data directories (--data-dir) that cannot serve: refused, naming the folder
    dict(name="datadir-empty", kind="datadir", data="empty", expect=2,
         err=["{f}: not a nerve data directory", "no gazetteers"], out="",
         why="an empty folder used to load an empty model and exit 0"),
    dict(name="datadir-root", kind="datadir", data="root", expect=2,
         err=["/: not a nerve data directory", "no gazetteers"], out="", why="--data-dir /"),
    dict(name="datadir-no-rules", kind="datadir", data="no-rules", expect=2,
         err=["{f}: not a nerve data directory", "no rules"], out="",
         why="gazetteers but no rules/"),
    dict(name="datadir-no-lexicon", kind="datadir", data="no-lexicon", expect=2,
         err=["{f}: not a nerve data directory", "rules/timex.tsv"], out="",
         why="rules but no temporal lexicon"),
    dict(name="datadir-no-tokenizer", kind="datadir", data="no-tokenizer", expect=2,
         err=["{f}: not a nerve data directory", "rules/tokenizer.tsv"], out="",
         why="every other data file but no tokenizer lexicon"),
    dict(name="datadir-bad-tokenizer", kind="datadir", data="bad-tokenizer", expect=2,
         err=["rules/tokenizer.tsv:3:", "unknown kind \"noun\""], out="",
         why="a malformed tokenizer lexicon names its file and line"),
    dict(name="datadir-empty-gazetteers", kind="datadir", data="empty-gazetteers", expect=2,
         err=["{f}: not a nerve data directory", "no gazetteers"], out="",
         why="gazetteers/ holds no .tsv or .gaz"),
    dict(name="datadir-missing", kind="datadir", data="missing", expect=2,
         err=["{f}: data directory not found"], out="",
         why="--data-dir /nonexistent is a usage error, like --gazetteer /nonexistent"),
    dict(name="datadir-is-file", kind="datadir", data="file", expect=2,
         err=["{f}: data directory not found"], out="", why="a regular file as --data-dir"),
]


def run(extract, args, stdin=b""):
    p = subprocess.run([extract, *args], input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def ids(out):
    res = []
    for line in out.splitlines():
        if line.strip():
            res.append(json.loads(line).get("id"))
    return res


def run_endless(extract, sink):
    """extract reading endless JSONL with its output failing; (rc, '', stderr)."""
    import signal
    import threading
    out = open("/dev/full", "wb") if sink == "full" else subprocess.PIPE
    # restore_signals=False: the child inherits Python's ignored SIGPIPE
    p = subprocess.Popen([extract, "--input-format", "jsonl", "--format", "jsonl"],
                         stdin=subprocess.PIPE, stdout=out, stderr=subprocess.PIPE,
                         restore_signals=False)
    if sink == "closed":
        p.stdout.close()
    line = (J(id="x", text=GOOD1) + "\n").encode() * 64

    def feed():
        try:
            while True:
                p.stdin.write(line)
        except (BrokenPipeError, ValueError, OSError):
            pass

    t = threading.Thread(target=feed, daemon=True)
    t.start()
    try:
        rc = p.wait(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        rc = -int(signal.SIGKILL)
    err = p.stderr.read().decode("utf-8", "replace")
    if sink == "full":
        out.close()
    return rc, "", err


def run_compile(extract, d, what):
    """nerve-compile into a target of kind what; (rc, stderr, target, problem)."""
    import stat
    tool = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(extract))), "tools",
                        "nerve-compile")
    src = os.path.join(d, "src")
    os.mkdir(src)
    with open(os.path.join(src, "bad.tsv" if what == "malformed" else "a.tsv"), "w") as f:
        f.write("name\ttype\nRabat\tPLACE\n" if what == "malformed" else "name\ttype\nRabat\tLOC\n")
    target = os.path.join(d, "out.gaz")
    if what == "devfull":  # a private copy of /dev/full: a regression must not replace the real one
        try:
            os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 7))
        except PermissionError:
            return 1, f"{target}: not a regular file (no mknod without root: row skipped) refusing", \
                target, None
    elif what == "symlink":
        os.symlink(os.path.join(d, "elsewhere.gaz"), target)
    elif what == "fifo":
        os.mkfifo(target)
    elif what == "directory":
        os.mkdir(target)
    elif what == "regular":
        with open(target, "w") as f:
            f.write("old\n")
    before = os.lstat(target).st_mode if os.path.lexists(target) else None
    p = subprocess.run([tool, src, target], capture_output=True, timeout=60)
    err = p.stderr.decode("utf-8", "replace")
    after = os.lstat(target).st_mode if os.path.lexists(target) else None
    problem = None
    if what == "regular":
        if not (after and stat.S_ISREG(after) and os.path.getsize(target) > 100):
            problem = "the regular target was not replaced by an image"
    elif what != "malformed" and stat.S_IFMT(before or 0) != stat.S_IFMT(after or 0):
        problem = f"the target changed from mode {before:o} to {after!r}"
    if problem is None:
        leftovers = [n for n in os.listdir(d) if ".tmp" in n]
        if leftovers:
            problem = f"temporary files left: {leftovers}"
    return p.returncode, err, target, problem


def make_data_dir(extract, d, what):
    """A --data-dir for the datadir rows: pieces of the build's real data."""
    build = os.path.dirname(os.path.dirname(os.path.abspath(extract)))
    gaz = os.path.join(build, "gazetteers", "nerve.gaz")
    rules = os.path.join(HERE, "..", "..", "rules")
    if what == "root":
        return "/"
    path = os.path.join(d, "data")
    if what == "missing":
        return path
    if what == "file":
        with open(path, "w") as f:
            f.write("not a folder\n")
        return path
    os.mkdir(path)
    if what in ("no-rules", "no-lexicon"):
        os.mkdir(os.path.join(path, "gazetteers"))
        os.symlink(gaz, os.path.join(path, "gazetteers", "nerve.gaz"))
    if what == "empty-gazetteers":
        os.mkdir(os.path.join(path, "gazetteers"))
    if what in ("no-lexicon", "empty-gazetteers"):
        os.mkdir(os.path.join(path, "rules"))
        for name in sorted(os.listdir(rules)):
            if name.endswith(".rules"):
                os.symlink(os.path.abspath(os.path.join(rules, name)),
                           os.path.join(path, "rules", name))
    if what == "empty-gazetteers":
        os.symlink(os.path.abspath(os.path.join(rules, "timex.tsv")),
                   os.path.join(path, "rules", "timex.tsv"))
    if what in ("no-tokenizer", "bad-tokenizer"):
        os.mkdir(os.path.join(path, "gazetteers"))
        os.symlink(gaz, os.path.join(path, "gazetteers", "nerve.gaz"))
        os.mkdir(os.path.join(path, "rules"))
        for name in sorted(os.listdir(rules)):
            if name.endswith((".rules", ".tsv")) and name != "tokenizer.tsv":
                os.symlink(os.path.abspath(os.path.join(rules, name)),
                           os.path.join(path, "rules", name))
    if what == "bad-tokenizer":
        with open(os.path.join(path, "rules", "tokenizer.tsv"), "w") as f:
            f.write("kind\tword\tflags\nabbrev\tgen\ttitle\nnoun\tcat\t-\n")
    return path


def check_row(extract, tmp, row):
    """Returns a list of problems (empty when the row passes)."""
    kind = row["kind"]
    data = row.get("data")
    if isinstance(data, str) and kind not in ("path", "datadir", "stdout"):
        data = data.encode("utf-8")
    d = tempfile.mkdtemp(dir=tmp)
    good1, good2 = os.path.join(d, "good-1.txt"), os.path.join(d, "good-2.txt")
    for path, text in ((good1, GOOD1), (good2, GOOD2)):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    args = ["--format", "jsonl", *row.get("args", [])]
    extra = []  # problems found while running (the compile rows)
    bad = None
    names = {}
    if kind in ("text", "path"):
        bad = os.path.join(d, "bad.txt")
        if kind == "text":
            with open(bad, "wb") as f:
                f.write(data)
        elif data == "directory":
            os.mkdir(bad)
        elif data.startswith("/"):
            bad = data
        names = {"1": good1, "B": bad, "2": good2}
        rc, out, err = run(extract, [*args, good1, bad, good2])
    elif kind == "jsonl":
        bad = os.path.join(d, "in.jsonl")
        with open(bad, "wb") as f:
            f.write(row.get("first", b"") + (J(id="good-1", text=GOOD1) + "\n").encode())
            f.write(data + b"\n")
            f.write((J(id="good-2", text=GOOD2) + "\n").encode())
        names = {"1": "good-1", "B": "bad", "2": "good-2"}
        rc, out, err = run(extract, ["--input-format", "jsonl", *args, bad])
    elif kind == "usage":
        rc, out, err = run(extract, args, GOOD1.encode())
    elif kind in ("gaz", "rules"):
        bad = os.path.join(d, "bad.tsv" if kind == "gaz" else "bad.rules")
        with open(bad, "wb") as f:
            f.write(data)
        flag = "--gazetteer" if kind == "gaz" else "--rules"
        rc, out, err = run(extract, [*args, flag, bad], GOOD1.encode())
    elif kind == "gazfifo":
        bad = os.path.join(d, "gaz.fifo")
        os.mkfifo(bad)
        import threading

        def feed():
            with open(bad, "wb") as f:
                f.write(data)
        t = threading.Thread(target=feed, daemon=True)
        t.start()
        rc, out, err = run(extract, [*args, "--gazetteer", bad], GOOD1.encode())
        t.join(5)
    elif kind == "compile":
        rc, err, bad, problem = run_compile(extract, d, data.decode())
        out = ""
        extra = [problem] if problem else []
    elif kind == "stdout":
        rc, out, err = run_endless(extract, data)
    elif kind == "datadir":
        bad = make_data_dir(extract, d, data)
        rc, out, err = run(extract, [*args, "--data-dir", bad], GOOD1.encode())
    else:
        raise ValueError(kind)

    problems = list(extra)
    expect = row["expect"] if isinstance(row["expect"], tuple) else (row["expect"],)
    if rc not in expect:
        problems.append(f"exit status {rc}, want {' or '.join(map(str, expect))}")
    for s in row["err"]:
        s = s.replace("{f}", bad or "")
        if s not in err:
            problems.append(f"stderr lacks {s!r}")
    if rc in (0, 1) and kind != "usage" and any(c in err for c in "\x00"):
        problems.append("NUL on stderr")
    if row.get("out") is not None:
        try:
            got = ids(out)
        except ValueError as e:
            problems.append(f"stdout is not JSONL: {e}")
            got = None
        want = [names[c] for c in row["out"]]
        if got is not None and got != want:
            problems.append(f"printed {got}, want {want}")
    elif kind in ("jsonl",):  # lenient rows: the good documents are still there, in order
        try:
            got = [i for i in ids(out) if i in ("good-1", "good-2")]
            if got != ["good-1", "good-2"]:
                problems.append(f"good documents printed: {got}")
        except ValueError as e:
            problems.append(f"stdout is not JSONL: {e}")
    if rc < 0:
        problems.append(f"killed by signal {-rc}")
    return problems, err.strip().splitlines()[-1] if err.strip() else ""


def markdown():
    lines = [
        "# Bad inputs to `extract`",
        "",
        "Generated by `tests/bad_inputs/run.py --markdown` from its table; the test",
        "`bad-inputs` (suite `golden`) checks every row. Each bad document runs between two",
        "good ones (files `good-1.txt`, the bad one, `good-2.txt`; or JSONL lines `good-1`,",
        "the bad line, `good-2`): *printed* lists the documents on standard output, in order",
        "(1, 2 the good ones, B the bad one; `-` none, `any` not checked beyond the good",
        "ones). Tests run as root, so a `chmod 000` file would still be readable: the",
        "unreadable-file rows use a missing path and a directory.",
        "",
        "| name | kind | input | exit | stderr contains | printed |",
        "|---|---|---|---|---|---|",
    ]
    for r in ROWS:
        data = r.get("data")
        if r["kind"] == "usage":
            shown = "`extract " + " ".join(a if a else "''" for a in r["args"]) + "`"
        else:
            if isinstance(data, str):
                data = data.encode()
            text = repr(data)[2:-1] if data is not None else ""
            if r["kind"] == "stdout":
                text = {"full": "endless JSONL > /dev/full", "closed": "endless JSONL | closed pipe"}[data.decode()]
            if len(text) > 60:
                text = text[:57] + "..."
            shown = "`" + text.replace("|", "\\|").replace("`", "'") + "`" if text else "(empty)"
            if r.get("args"):
                shown += " with `" + " ".join(r["args"]) + "`"
        if r.get("why"):
            shown += " — " + r["why"]
        exp = r["expect"] if isinstance(r["expect"], tuple) else (r["expect"],)
        errs = ", ".join("`" + e.replace("{f}", "FILE").replace("|", "\\|") + "`" for e in r["err"])
        out = r.get("out")
        out = "any" if out is None else (", ".join(out) if out else "-")
        lines.append(f"| {r['name']} | {r['kind']} | {shown} | {' or '.join(map(str, exp))} | "
                     f"{errs or '-'} | {out} |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("extract", nargs="?")
    ap.add_argument("--markdown", action="store_true", help=f"rewrite {os.path.basename(MD)}")
    ap.add_argument("--only")
    a = ap.parse_args()
    if a.markdown:
        with open(MD, "w", encoding="utf-8") as f:
            f.write(markdown())
        print(f"wrote {MD} ({len(ROWS)} rows)")
        if not a.extract:
            return
    tmp = tempfile.mkdtemp(prefix="nerve-bad-")
    failed = 0
    rows = [r for r in ROWS if not a.only or r["name"] == a.only]
    print(f"1..{len(rows) + 1}")
    try:
        for i, row in enumerate(rows, 1):
            problems, last = check_row(a.extract, tmp, row)
            if problems:
                failed += 1
                print(f"not ok {i} - {row['name']}: {'; '.join(problems)}")
                if last:
                    print(f"#   stderr: {last[:200]}")
            else:
                print(f"ok {i} - {row['name']}" + (f"  # {last[:100]}" if last else ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    current = open(MD, encoding="utf-8").read() if os.path.exists(MD) else ""
    if current != markdown():
        failed += 1
        print(f"not ok {len(rows) + 1} - bad_inputs.md is out of date (run.py --markdown)")
    else:
        print(f"ok {len(rows) + 1} - bad_inputs.md is up to date")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
