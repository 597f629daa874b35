#!/usr/bin/env python3
"""extract's command line: options, exit status, bad input reported with its
place while every other document is still processed and printed in order.

usage: test_cli.py EXTRACT SOURCE_ROOT
"""
import json
import os
import select
import subprocess
import sys
import tempfile

EXTRACT, ROOT = sys.argv[1], sys.argv[2]
TMP = tempfile.mkdtemp(prefix="nerve-cli-")
FAILURES = []
PASSED = 0


def run(*args, stdin=None):
    p = subprocess.run([EXTRACT, *args], input=stdin, capture_output=True, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def write(name, data):
    path = os.path.join(TMP, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def case(fn):
    global PASSED
    try:
        fn()
        PASSED += 1
        print(f"ok - {fn.__name__}")
    except Exception as e:  # noqa: BLE001 - any failure is a test failure
        FAILURES.append(fn.__name__)
        print(f"not ok - {fn.__name__}: {e}")
    return fn


def jsonl(out):
    return [json.loads(l) for l in out.splitlines() if l.strip()]


@case
def help_and_version():
    rc, out, _ = run("--help")
    assert rc == 0 and "--input-format" in out and "--threads" in out, out
    rc, out, _ = run("--version")
    assert rc == 0 and out.startswith("extract (nerve) "), out


@case
def unknown_option_is_usage_error():
    rc, _, err = run("--frobnicate")
    assert rc == 2 and "--frobnicate" in err, (rc, err)


@case
def bad_dct_is_usage_error():
    for bad in ("2020-02-30", "yesterday", "2020-9-28", "2021-02-29"):
        rc, _, err = run("--dct", bad, stdin=b"x")
        assert rc == 2 and bad in err, (bad, rc, err)
    rc, _, _ = run("--dct", "2020-02-29", "--format", "jsonl", stdin=b"x")
    assert rc == 0


@case
def absurd_threads_rejected():
    for bad in ("0", "-3", "100000", "two", ""):
        rc, _, err = run("--threads", bad, stdin=b"x")
        assert rc == 2 and "--threads" in err, (bad, rc, err)


@case
def unknown_formats_rejected():
    rc, _, err = run("--format", "xml", stdin=b"x")
    assert rc == 2 and "xml" in err
    rc, _, err = run("--input-format", "csv", stdin=b"x")
    assert rc == 2 and "csv" in err


@case
def missing_value_rejected():
    rc, _, err = run("--dct")
    assert rc == 2 and "needs a value" in err


@case
def stdin_text_document():
    rc, out, _ = run("--format", "jsonl", "--dct", "2020-09-28", stdin="Talks in Rabat.".encode())
    assert rc == 0, rc
    docs = jsonl(out)
    assert len(docs) == 1 and docs[0]["text_bytes"] == 15 and docs[0]["dct"] == "2020-09-28"


@case
def bad_files_reported_others_processed():
    good1 = write("good1.txt", "First file about Tunis.")
    good2 = write("good2.txt", "Second file about Algiers.")
    bad = write("bad.txt", b"Invalid \xff byte here.")
    empty = write("empty.txt", b"")
    rc, out, err = run("--format", "jsonl", good1, bad, os.path.join(TMP, "missing.txt"), TMP,
                       empty, good2)
    assert rc == 1, rc
    docs = jsonl(out)
    assert [d["id"] for d in docs] == [good1, empty, good2], [d["id"] for d in docs]
    assert "bad.txt: byte offset 8" in err, err
    assert "missing.txt" in err and "No such file" in err, err
    assert "is a directory" in err, err


@case
def replace_invalid_keeps_offsets():
    bad = write("bad2.txt", b"Caf\xe9 in Paris.")
    rc, out, err = run("--format", "jsonl", "--replace-invalid", bad)
    assert rc == 0, err
    doc = jsonl(out)[0]
    assert doc["text_bytes"] == 14
    assert doc["sentences"][-1]["end"] == 14


@case
def jsonl_bad_lines_reported_in_order():
    lines = [
        json.dumps({"id": "a", "text": "Alpha text."}),
        "{not json",
        json.dumps({"id": "b", "text": "Beta text.", "dct": "2020-09-28"}),
        json.dumps({"id": "c"}),
        "",
        json.dumps({"id": "d", "text": "Delta text.", "dct": "not-a-date"}),
        json.dumps({"id": "e", "text": "Epsilon \u00e9t\u00e9 text.", "extra": [1, {"x": None}]}),
    ]
    path = write("in.jsonl", "\n".join(lines) + "\n")
    rc, out, err = run("--input-format", "jsonl", "--format", "jsonl", path)
    assert rc == 1, rc
    ids = [d["id"] for d in jsonl(out)]
    assert ids == ["a", "b", "e"], ids
    assert "in.jsonl:2" in err and "bad JSONL line" in err, err
    assert "in.jsonl:4" in err and "text" in err, err
    assert "in.jsonl:6" in err and "not-a-date" in err, err


@case
def threads_keep_order_and_results():
    lines = [json.dumps({"id": f"n{i}", "text": f"Report {i} from Rabat and Tunis on Friday."})
             for i in range(300)]
    path = write("many.jsonl", "\n".join(lines) + "\n")
    rc1, out1, _ = run("--input-format", "jsonl", "--format", "jsonl", "--dct", "2020-09-28", path)
    rc4, out4, _ = run("--input-format", "jsonl", "--format", "jsonl", "--dct", "2020-09-28",
                       "--threads", "4", path)
    assert rc1 == 0 and rc4 == 0
    assert out1 == out4, "threaded output differs"
    assert [d["id"] for d in jsonl(out4)] == [f"n{i}" for i in range(300)]


@case
def other_formats_write_something():
    text = "President Kais Saied met the minister in Tunis on Friday.".encode()
    for fmt, needle in (("pretty", "sentences"), ("conll", "\t"), ("html", "<html lang="),
                        ("conllu", "# text = "),
                        ("json", "schema_version")):
        rc, out, err = run("--format", fmt, "--dct", "2020-09-28", stdin=text)
        assert rc == 0 and needle in out, (fmt, rc, err, out[:200])
    rc, out, _ = run("--format", "brat", stdin=text)
    assert rc == 0


@case
def missing_rules_file_is_usage_error():
    rc, _, err = run("--rules", os.path.join(TMP, "nope.rules"), stdin=b"x")
    assert rc == 2 and "nope.rules" in err, (rc, err)


@case
def missing_data_dir_reported():
    env = dict(os.environ, NERVE_DATA_DIR=os.path.join(TMP, "no-data"))
    p = subprocess.run([EXTRACT], input=b"x", capture_output=True, env=env, timeout=60)
    assert p.returncode == 2 and b"no-data" in p.stderr, p.stderr


@case
def tokens_flag_adds_tokens():
    rc, out, _ = run("--format", "jsonl", "--tokens", stdin="Ssaied’s visit.".encode())
    doc = jsonl(out)[0]
    assert rc == 0 and "tokens" in doc
    texts = [t["text"] for t in doc["tokens"]]
    assert texts[:2] == ["Ssaied", "’s"], texts
    assert all(t["pos"] is None for t in doc["tokens"]), doc["tokens"]
    rc, out, _ = run("--format", "jsonl", "--tokens", "--syntax",
                     stdin=b"The minister visited Tunis.")
    toks = jsonl(out)[0]["tokens"]
    assert [t["pos"] for t in toks] == ["DET", "NOUN", "VERB", "PROPN", "PUNCT"], toks


@case
def parse_all_fills_heads():
    rc, out, _ = run("--format", "jsonl", "--tokens", "--parse-all",
                     stdin=b"The minister visited the new hospital.")
    toks = jsonl(out)[0]["tokens"]
    assert rc == 0
    by = {t["text"]: t for t in toks}
    assert by["visited"]["dep"] == "root" and by["visited"]["head"] is None
    assert toks[by["hospital"]["head"]]["text"] == "visited" and by["hospital"]["dep"] == "obj"
    rc, out, _ = run("--format", "conllu", "--parse-all",
                     stdin=b"The minister visited the new hospital.")
    rows = [l.split("\t") for l in out.splitlines() if l and l[0].isdigit()]
    assert rc == 0 and [(r[1], r[3], r[6], r[7]) for r in rows][:3] == [
        ("The", "DET", "2", "det"), ("minister", "NOUN", "3", "nsubj"),
        ("visited", "VERB", "0", "root")], rows
    rc, out, _ = run("--format", "jsonl", "--tokens", "--syntax", stdin=b"It rained all day.")
    toks = jsonl(out)[0]["tokens"]
    assert all(t["pos"] and t["head"] is None and t["dep"] is None for t in toks), toks


@case
def incomplete_events_only_on_request():
    text = b"Foreign Minister Lena Hartmann held a meeting in Paris on Monday. Karl Brandt visited Rome."
    rc, out, _ = run("--format", "jsonl", stdin=text)
    events = jsonl(out)[0]["events"]
    # the meeting names no other side: not a record by default
    assert rc == 0 and [(e["type"], e["complete"]) for e in events] == [("visit", True)], events
    rc, out, _ = run("--format", "jsonl", "--incomplete-events", stdin=text)
    events = jsonl(out)[0]["events"]
    assert rc == 0 and [(e["type"], e["complete"]) for e in events] == [
        ("meeting", False), ("visit", True)], events
    assert events[0]["confidence"] < events[1]["confidence"]
    assert [a["text"] for a in events[0]["roles"]["who"]] == ["Lena Hartmann"]


@case
def jsonl_stream_is_answered_as_it_arrives():
    """A document from a pipe is printed before the next one is written: a
    monitoring pipeline waiting on each answer must not deadlock on the batch."""
    p = subprocess.Popen([EXTRACT, "--input-format", "jsonl", "--format", "jsonl"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        got = []
        for i in range(3):
            p.stdin.write((json.dumps({"id": f"s{i}", "text": f"Talks {i} in Rabat."}) + "\n")
                          .encode())
            p.stdin.flush()
            ready, _, _ = select.select([p.stdout], [], [], 30)
            assert ready, f"no output for document s{i} while the stream stays open"
            got.append(json.loads(p.stdout.readline())["id"])
        p.stdin.close()
        assert p.wait(timeout=30) == 0
        assert got == ["s0", "s1", "s2"], got
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        for f in (p.stdout, p.stderr):
            f.close()


@case
def jsonl_overlong_line_reported_others_kept():
    # with --limit text-bytes=100 a line is read up to 6 * 100 + 65536 bytes
    long_line = json.dumps({"id": "big", "text": "Rabat " * 20000})
    path = write("long.jsonl", json.dumps({"id": "a", "text": "Rabat."}) + "\r\n" + long_line +
                 "\n" + json.dumps({"id": "b", "text": "Tunis."}))  # no final newline
    rc, out, err = run("--input-format", "jsonl", "--format", "jsonl", "--limit",
                       "text-bytes=100", path)
    assert rc == 1, rc
    assert [d["id"] for d in jsonl(out)] == ["a", "b"]
    assert f"long.jsonl:2: line of {len(long_line)} bytes is longer than 66136 bytes" in err, err
    rc, out, err = run("--input-format", "jsonl", "--format", "jsonl", path)
    assert rc == 0 and [d["id"] for d in jsonl(out)] == ["a", "big", "b"], err


print(f"{PASSED} passed, {len(FAILURES)} failed")
sys.exit(1 if FAILURES else 0)
