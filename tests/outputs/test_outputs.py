#!/usr/bin/env python3
"""The formats other tools read, checked with those tools' rules.

- CoNLL: `extract --format conll` scores, through ../shared/eval/score_ner.py,
  exactly what the JSON route scores, on a small gold file written here and
  on CoNLL-2003 dev (testa) when ../shared is there.
- brat: `--format brat --output-dir` passes check_brat.py (offsets, ids,
  references, the conf files) and says what the JSON says; a broken .ann
  fails the checker.
- CoNLL-U: passes check_conllu.py, tokens and sentences as in the JSON; a
  broken file fails it.
- Progress: drawn on a terminal (a pseudo-terminal here), never on a pipe or
  with --quiet.
- Man pages: every option of `extract --help` and `nerve-compile --help` is
  in its man page and the other way round.
- Docs: docs/tutorial.md runs as written; docs/glossary.md names every
  type, role, modality and rule family; docs/document.schema.json (installed)
  is the shared schema.

usage: test_outputs.py EXTRACT NERVE_COMPILE SOURCE_DIR SHARED_DIR OUT_DIR
"""
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import threading
import time

EXTRACT, COMPILE, SRC, SHARED, OUT = (os.path.abspath(a) for a in sys.argv[1:6])
HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.path.join(SHARED, "eval")
os.makedirs(OUT, exist_ok=True)
failures = []
cases = []


def case(fn):
    cases.append(fn)
    return fn


def run(*args, stdin=None, cwd=None, check=True):
    r = subprocess.run(list(args), input=stdin, capture_output=True, text=True, timeout=300,
                       cwd=cwd)
    if check and r.returncode != 0:
        raise AssertionError(f"{' '.join(args)}: exit {r.returncode}: {r.stderr[-2000:]}")
    return r


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


# A user event type whose rule fills one role twice (brat numbers the repeats).
RULES = """# The two sides of a summit: "X and Y held a summit in Z"
event summit roles side where
rule summit.pair: event summit priority 5 confidence 0.9
    side:PER and side:PER trigger:(held) [] summit where:(in LOC)?
"""
SUMMIT = "Joe Biden and Olaf Scholz held a summit in Berlin.\n"


ARTICLE = open(os.path.join(SRC, "examples", "texts", "official-visit.txt"), encoding="utf-8").read()
TEXTS = [
    ("maghreb", ARTICLE, "2021-03-15"),
    ("berlin", "President Joe Biden and Chancellor Olaf Scholz met in Berlin on Friday.\n"
               "French President Emmanuel Macron will visit Algeria and Tunisia next week.\n"
               "The talks between the two ministers in Rome\nwere cancelled.\n", "2023-05-08"),
    ("tokyo", "Paye met with Prime Minister Yoshida Kenji, Finance Minister Sato Aiko and the "
              "Bank of Japan in Tokyo on Monday.\nCaf\u00e9 owners in S\u00e3o Paulo protested "
              "\u201cloudly\u201d on 3 May.", "2023-05-08"),
    ("lyon", "Police arrested two men in Lyon on Saturday after an attack on a bank.\n" + SUMMIT,
     None),
]


def rules_file():
    return write(os.path.join(OUT, "summit.rules"), RULES)


def jsonl_input():
    return "".join(json.dumps({"id": i, "text": t, **({"dct": d} if d else {})}) + "\n"
                   for i, t, d in TEXTS)


def score(gold, system):
    r = run(sys.executable, os.path.join(EVAL, "score_ner.py"), gold, system, cwd=EVAL)
    return [l for l in r.stdout.splitlines() if not l.startswith("note:")]


# A small gold file of sentences written for this test (CoNLL-2003 columns).
GOLD = """-DOCSTART- -X- O O

Portuguese JJ B-NP B-MISC
Foreign NNP I-NP O
Minister NNP I-NP O
Ana NNP I-NP B-PER
Duarte NNP I-NP I-PER
will MD B-VP O
travel VB I-VP O
to TO B-PP O
Morocco NNP B-NP B-LOC
. . O O

-DOCSTART- -X- O O

The DT B-NP O
World NNP I-NP B-ORG
Bank NNP I-NP I-ORG
and CC O O
the DT B-NP O
International NNP I-NP B-ORG
Monetary NNP I-NP I-ORG
Fund NNP I-NP I-ORG
met VBD B-VP O
in IN B-PP O
Washington NNP B-NP B-LOC
on IN B-PP O
Monday NNP B-NP O
. . O O

Kais NNP B-NP B-PER
Saied NNP I-NP I-PER
and CC O O
Joe NNP B-NP B-PER
Biden NNP I-NP I-PER
visited VBD B-VP O
Tunis NNP B-NP B-LOC
and CC O O
Paris NNP B-NP B-LOC
. . O O
"""


def conll_routes(gold):
    """score_ner.py of the JSON route and of the CoNLL route on a gold file."""
    name = os.path.splitext(os.path.basename(gold))[0]
    docs = run(sys.executable, os.path.join(EVAL, "conll_to_jsonl.py"), gold, cwd=EVAL).stdout
    inp = write(os.path.join(OUT, name + ".jsonl"), docs)
    js = os.path.join(OUT, name + ".out.jsonl")
    co = os.path.join(OUT, name + ".out.conll")
    write(js, run(EXTRACT, "--input-format", "jsonl", "--format", "jsonl", "--threads", "2",
                  inp).stdout)
    write(co, run(EXTRACT, "--input-format", "jsonl", "--format", "conll", "--threads", "2",
                  inp).stdout)
    return score(gold, js), score(gold, co), co, docs


@case
def conll_round_trip_small():
    gold = write(os.path.join(OUT, "small-gold.conll"), GOLD)
    via_json, via_conll, co, docs = conll_routes(gold)
    assert via_json == via_conll, f"JSON route:\n{via_json}\nCoNLL route:\n{via_conll}"
    f1 = float(via_conll[-1].split()[1])
    assert f1 > 50, via_conll  # the sentences are easy: most names are found
    out = open(co, encoding="utf-8").read()
    assert out.count("-DOCSTART-") == len(docs.splitlines()) == 2, out[:300]
    assert "Ana\tB-PER\nDuarte\tI-PER\n" in out, out[:400]


@case
def conll_round_trip_conll2003_dev():
    gold = os.path.join(EVAL, "conll2003", "testa.txt")
    if not os.path.exists(gold):
        print(f"# skipped: {gold} is not there")
        return
    via_json, via_conll, _, _ = conll_routes(gold)
    print("# CoNLL-2003 dev through the CoNLL route: " + via_conll[-1])
    assert via_json == via_conll, f"JSON route:\n{via_json}\nCoNLL route:\n{via_conll}"


def json_docs():
    out = run(EXTRACT, "--input-format", "jsonl", "--format", "jsonl", "--rules", rules_file(),
              stdin=jsonl_input()).stdout
    return [json.loads(l) for l in out.splitlines()]


@case
def brat_output_dir_checks():
    d = os.path.join(OUT, "brat")
    shutil.rmtree(d, ignore_errors=True)
    r = run(EXTRACT, "--input-format", "jsonl", "--format", "brat", "--output-dir", d,
            "--rules", rules_file(), stdin=jsonl_input())
    assert r.stdout == "", r.stdout[:200]
    names = sorted(os.listdir(d))
    want = sorted(["annotation.conf", "visual.conf", "index.jsonl"] +
                  [f"{i}.{e}" for i, _, _ in TEXTS for e in ("txt", "ann")])
    assert names == want, names
    # index.jsonl maps the documents, in input order, to their files.
    index = [json.loads(l) for l in open(os.path.join(d, "index.jsonl"), encoding="utf-8")]
    assert index == [{"id": i, "files": [f"{i}.ann", f"{i}.txt"]} for i, _, _ in TEXTS], index
    r = run(sys.executable, os.path.join(HERE, "check_brat.py"), d, check=False)
    assert r.returncode == 0, r.stdout
    docs = json_docs()
    repeated = 0
    for doc in docs:
        ann = open(os.path.join(d, doc["id"] + ".ann"), encoding="utf-8").read().splitlines()
        assert open(os.path.join(d, doc["id"] + ".txt"), encoding="utf-8").read() == \
            dict((i, t) for i, t, _ in TEXTS)[doc["id"]]
        t_lines = [l.split("\t") for l in ann if l.startswith("T")]
        e_lines = [l.split("\t")[1].split(" ") for l in ann if l.startswith("E")]
        a_lines = [l.split("\t")[1].split(" ") for l in ann if l.startswith("A")]
        for k, m in enumerate(doc["mentions"]):
            typ, a, b = t_lines[k][1].split(" ")[:3]
            assert (typ, int(a), t_lines[k][2]) == (m["type"], m["char_start"], m["text"]), \
                (t_lines[k], m)
        assert len(e_lines) == len(doc["events"]) == len(a_lines), doc["id"]
        ids = {l[0]: l[1].split(" ")[0] for l in t_lines}
        for ev, e, a in zip(doc["events"], e_lines, a_lines):
            assert e[0] == f"{ev['type']}:{e[0].split(':')[1]}" and ids[e[0].split(":")[1]] == ev["type"]
            roles = [x.split(":") for x in e[1:]]
            want = []
            for role, args in ev["roles"].items():
                args = [arg for arg in args if arg["mention"] is not None]  # phrases have no T line
                for n, arg in enumerate(args, 1):
                    want.append((role if n == 1 else f"{role}{n}", f"T{arg['mention'] + 1}"))
                repeated += len(args) > 1
            assert sorted(map(tuple, roles)) == sorted(want), (roles, want)
            assert a[0] == "Modality" and a[2] == ev["modality"], a
    assert repeated, "no repeated role was written (the summit rule fills side twice)"
    assert re.search(r"^E\d+\tsummit:T\d+ side:T\d+ side2:T\d+", open(
        os.path.join(d, "lyon.ann"), encoding="utf-8").read(), re.M)
    conf = open(os.path.join(d, "annotation.conf"), encoding="utf-8").read()
    assert re.search(r"^summit\tside\*:<ENTITY>, where\*:<ENTITY>$", conf, re.M), conf
    assert any(ev["modality"] != "asserted" for doc in docs for ev in doc["events"])
    # Two events on one trigger share its T line.
    berlin = open(os.path.join(d, "berlin.ann"), encoding="utf-8").read()
    visits = re.findall(r"^E\d+\tvisit:(T\d+)", berlin, re.M)
    assert len(visits) == 2 and visits[0] == visits[1], berlin
    # The checker catches what brat would reject.
    good = open(os.path.join(d, "maghreb.ann"), encoding="utf-8").read()
    for broken in (re.sub(r"^(T1\t\w+ )(\d+)", lambda m: m.group(1) + str(int(m.group(2)) + 1),
                          good, flags=re.M),
                   re.sub(r"^(E1\t\S+) (\w+):", r"\1 nosuchrole:", good, flags=re.M),
                   re.sub(r"^(A1\tModality E1) \w+", r"\1 maybe", good, flags=re.M),
                   good + "E99\tvisit:T999 who:T1\n"):
        assert broken != good
        write(os.path.join(d, "maghreb.ann"), broken)
        r = run(sys.executable, os.path.join(HERE, "check_brat.py"), d, check=False)
        assert r.returncode == 1, ("a broken .ann passed", broken[-200:])
    write(os.path.join(d, "maghreb.ann"), good)


@case
def output_dir_index_names_every_document():
    """Ids that clash, are unsafe as file names or are missing still give one
    file each, and index.jsonl says which input document each file holds."""
    d = os.path.join(OUT, "index")
    shutil.rmtree(d, ignore_errors=True)
    lines = [{"id": "a/b.txt", "text": "Mark Esper visited Rabat on Friday."},
             {"id": "b", "text": "Kais Saied met Mark Esper in Tunis."},
             {"id": "caf\u00e9 \"x\"\t1", "text": "Esper flew to Algiers."},
             {"text": "The minister arrived in Rabat."},
             {"id": "index", "text": "Rabat is a city."}]
    r = run(EXTRACT, "--input-format", "jsonl", "--format", "json", "--output-dir", d,
            stdin="".join(json.dumps(l) + "\n" for l in lines))
    assert r.returncode == 0 and r.stdout == "", (r.returncode, r.stderr)
    index = [json.loads(l) for l in open(os.path.join(d, "index.jsonl"), encoding="utf-8")]
    assert [e["id"] for e in index] == ["a/b.txt", "b", "caf\u00e9 \"x\"\t1", "<stdin>:4",
                                        "index"], index
    files = [e["files"][0] for e in index]
    assert files == ["b.json", "b-2.json", "caf____x__1.json", "_stdin__4.json", "index_.json"], \
        files
    for e, l in zip(index, lines):
        doc = json.load(open(os.path.join(d, e["files"][0]), encoding="utf-8"))
        assert doc["text_bytes"] == len(l["text"].encode()) and doc["id"] == e["id"], (e, doc)
    assert sorted(os.listdir(d)) == sorted(files + ["index.jsonl"])
    # HTML pages: a document named "index" does not overwrite the index page.
    shutil.rmtree(d)
    r = run(EXTRACT, "--input-format", "jsonl", "--format", "html", "--output-dir", d,
            stdin="".join(json.dumps(l) + "\n" for l in lines))
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(d)) == sorted([f[:-4] + "html" for f in files] +
                                           ["index.jsonl", "index.html"]), os.listdir(d)
    assert "<table>" in open(os.path.join(d, "index.html"), encoding="utf-8").read()


@case
def brat_on_stdout_is_one_ann():
    r = run(EXTRACT, "--format", "brat", "--dct", "2021-03-15",
            os.path.join(SRC, "examples", "texts", "official-visit.txt"))
    assert re.search(r"^T1\tNORP 0 10\tPortuguese$", r.stdout, re.M), r.stdout[:200]
    assert re.search(r"^A\d+\tModality E\d+ planned$", r.stdout, re.M)
    assert r.stderr == "", r.stderr
    r = run(EXTRACT, "--input-format", "jsonl", "--format", "brat", stdin=jsonl_input())
    assert r.stderr.count("--output-dir") == 1, r.stderr  # several: said once


@case
def conllu_validates():
    inp = write(os.path.join(OUT, "texts.jsonl"), jsonl_input())
    out = os.path.join(OUT, "texts.conllu")
    write(out, run(EXTRACT, "--input-format", "jsonl", "--format", "conllu", inp).stdout)
    r = run(sys.executable, os.path.join(HERE, "check_conllu.py"), out, inp, check=False)
    assert r.returncode == 0, r.stdout
    data = open(out, encoding="utf-8").read()
    docs = json_docs()
    assert data.count("# newdoc id = ") == len(docs)
    assert data.count("# sent_id = ") == sum(len(d["sentences"]) for d in docs)
    tok = run(EXTRACT, "--input-format", "jsonl", "--format", "jsonl", "--tokens", "--rules",
              rules_file(), inp).stdout
    n_tokens = sum(len(json.loads(l)["tokens"]) for l in tok.splitlines())
    assert len(re.findall(r"^\d+\t", data, re.M)) == n_tokens
    assert "\tNER=B-PER|TokenRange=28:31\n" in data and "Caf\u00e9" in data
    # The validator rejects what the format forbids.
    for broken in (data.replace("\n2\t", "\n3\t", 1), data.replace("\t_\t_\t_\t", "\t\t_\t_\t", 1),
                   data.replace("# text = Portuguese", "# text = Portugese", 1),
                   data.replace("NER=B-PER|TokenRange=28:31", "NER=I-ORG|TokenRange=28:31", 1),
                   data.replace("TokenRange=28:31", "TokenRange=27:31", 1), data[:-1]):
        assert broken != data
        bad = write(os.path.join(OUT, "broken.conllu"), broken)
        r = run(sys.executable, os.path.join(HERE, "check_conllu.py"), bad, inp, check=False)
        assert r.returncode == 1, ("a broken file passed", r.stdout)


def many_docs(n):
    sentences = ["Ana Duarte will travel to Morocco on Thursday.",
                 "Police arrested two men in Lyon after an attack on a bank.",
                 "The prime minister met King Mohammed VI in Rabat."]
    return "".join(json.dumps({"id": f"d{i}", "text": " ".join(sentences[i % 3:] * 5)}) + "\n"
                   for i in range(n))


def on_pty(args, stdin=None):
    """Run with standard error on a pseudo-terminal, standard input a pipe
    carrying stdin (bytes) or /dev/null; (stdout, what the terminal got, status)."""
    master, slave = pty.openpty()
    p = subprocess.Popen(args, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    out = []
    reader = threading.Thread(target=lambda: out.append(p.stdout.read()))
    reader.start()
    if stdin is not None:
        def feed():
            p.stdin.write(stdin)
            p.stdin.close()
        threading.Thread(target=feed).start()
    seen = b""
    while True:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            seen += chunk
        elif p.poll() is not None:
            break
    p.wait(timeout=120)
    reader.join()
    os.close(master)
    return out[0], seen.decode("utf-8", "replace"), p.returncode


@case
def progress_on_a_terminal_only():
    inp = write(os.path.join(OUT, "many.jsonl"), many_docs(1500))
    base = [EXTRACT, "--input-format", "jsonl", "--format", "conll"]
    out, tty, rc = on_pty(base + [inp])
    assert rc == 0, tty
    assert out.count(b"-DOCSTART-") == 1500
    draws = tty.split("\r\x1b[K")[1:]
    assert re.fullmatch(r"extract: 1500 documents, [\d.]+ MB, [\d.]+ MB/s\r?\n", draws[-1]), \
        repr(tty[-200:])
    assert all(re.fullmatch(r"extract: \d+ documents, [\d.]+ MB, [\d.]+ MB/s(, \d+:\d\d left)?",
                            d) for d in draws[:-1]), repr(tty[:300])
    # the input file's size is known: the time left is shown while it runs
    assert all(d.endswith(" left") for d in draws[:-1]), repr(tty[:300])
    # from a pipe: the size is unknown, so no time left; the same output
    out2, tty2, rc2 = on_pty(base, open(inp, "rb").read())
    assert rc2 == 0 and out2 == out and "1500 documents" in tty2 and " left" not in tty2, tty2
    # --quiet: nothing on the terminal
    out3, tty3, rc3 = on_pty(base + ["--quiet", inp])
    assert rc3 == 0 and out3 == out and tty3 == "", repr(tty3[:200])
    # standard error a pipe: nothing at all
    r = run(*base, inp)
    assert r.stderr == "" and r.stdout.encode() == out
    # one document: no progress line
    _, tty4, _ = on_pty(base + [write(os.path.join(OUT, "one.jsonl"), many_docs(1))])
    assert tty4 == "", repr(tty4)


def options_of(text):
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", text))


@case
def man_pages_match_help():
    for prog, page in ((EXTRACT, "nerve-extract.1"), (COMPILE, "nerve-compile.1")):
        man = open(os.path.join(SRC, "docs", "man", page), encoding="utf-8").read()
        help_text = run(prog, "--help").stdout
        opts = man.split(".SH OPTIONS", 1)[1].split("\n.SH ", 1)[0]
        in_man = options_of(opts.replace("\\-", "-"))
        in_help = options_of(help_text)
        assert in_help, help_text
        assert in_man == in_help, (page, "only in the man page:", sorted(in_man - in_help),
                                   "only in --help:", sorted(in_help - in_man))
        if shutil.which("man"):
            r = subprocess.run(["man", "-l", os.path.join(SRC, "docs", "man", page)],
                               capture_output=True, text=True, env=dict(os.environ, MANWIDTH="80"))
            assert r.returncode == 0 and "SYNOPSIS" in r.stdout, r.stderr


@case
def tutorial_runs_as_written():
    """docs/tutorial.md: its files, run as it says, give what it shows."""
    doc = open(os.path.join(SRC, "docs", "tutorial.md"), encoding="utf-8").read()
    files = re.findall(r"<!-- file: (\S+) -->\n```\n(.*?)```", doc, re.S)
    shown = re.findall(r"```\n(== inspection.txt\n.*?|  event .*?)```", doc, re.S)
    assert [f for f, _ in files] == ["inspection.txt", "my/inspection.tsv", "my/inspection.rules",
                                     "my/inspection.rules"], [f for f, _ in files]
    work = os.path.join(OUT, "tutorial")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "my"))
    cmd = [EXTRACT, "--dct", "2024-06-14", "--gazetteer", "my/inspection.tsv", "--rules",
           "my/inspection.rules", "--format", "pretty", "inspection.txt"]
    for k, (name, body) in enumerate(files):
        write(os.path.join(work, name), body)
        if k == 2:  # the first rule file: the names and dates, no event
            out = run(*cmd, cwd=work).stdout
            assert out == shown[0], (out, shown[0])
    out = run(*cmd, cwd=work).stdout
    for line in shown[1].splitlines():
        assert line in out.splitlines(), (line, out)
    js = json.loads(run(*cmd[:-3], "--format", "jsonl", "inspection.txt", cwd=work).stdout)
    assert [(e["modality"], e["origin"]) for e in js["events"]] == [
        ("asserted", "my/inspection.rules:4"), ("planned", "my/inspection.rules:4")]
    origins = {m["text"]: m.get("origin") for m in js["mentions"]}
    assert origins["Bushehr nuclear plant"] == "my/inspection.tsv:6", origins
    assert origins["Fordow"] == "my/inspection.tsv:7", origins
    short = run(*cmd[:1], "--gazetteer", "my/inspection.tsv", "--rules", "my/inspection.rules",
                "--format", "pretty", stdin="The IAEA inspected Fordow.", cwd=work).stdout
    assert "event inspection" in short, short


@case
def glossary_names_every_type_role_modality_and_rule_family():
    g = open(os.path.join(SRC, "docs", "glossary.md"), encoding="utf-8").read()
    rules = "".join(open(os.path.join(SRC, "rules", f), encoding="utf-8").read()
                    for f in sorted(os.listdir(os.path.join(SRC, "rules"))) if f.endswith(".rules"))
    for typ, roles, keys, clauses, agent in re.findall(
            r"^event\s+(\w+)\s+roles\s+([\w ]+?)(?:\s+key\s+([\w ]+?))?"
            r"(?:\s+clause\s+([\w ]+?))?(?:\s+agent\s+(\w+))?(?:\s+cameo\s+\S+)?\s*$",
            rules, re.M):
        for role in clauses.split():  # a clause role says so in the glossary
            assert re.search(rf"`{role}`[^\n]*clause", g), (typ, role)
        if agent:  # so does an agent role, naming the type
            assert re.search(rf"`{agent}`[^\n]*subject of an active `{typ}`", g), (typ, agent)
        row = re.search(rf"^\| `{typ}` \| ([^|]*)\| ([^|]*)\|", g, re.M)
        assert row and [r.strip() for r in row.group(1).split(",")] == roles.split(), (typ, roles)
        assert [k.strip() for k in row.group(2).split(",") if k.strip()] == keys.split(), (typ, keys)
        for role in roles.split():
            assert f"`{role}`" in g, role
    for typ in ("PER", "LOC", "ORG", "NORP", "MISC", "DATE", "TIME", "DURATION", "SET"):
        assert f"| `{typ}` |" in g, typ
    for mod in ("asserted", "planned", "cancelled", "negated", "uncertain"):
        assert f"| `{mod}` |" in g, mod
    for fam in sorted(set(re.findall(r"^rule\s+(\w+)\.", rules, re.M))):
        assert f"`{fam}.*`" in g, f"rule family {fam}.* is not in docs/glossary.md"


@case
def installed_schema_is_version_2_of_the_shared_one():
    shared = os.path.join(SHARED, "schema", "document.schema.json")
    if not os.path.exists(shared):
        print(f"# skipped: {shared} is not there")
        return
    ours = json.load(open(os.path.join(SRC, "docs", "document.schema.json"), encoding="utf-8"))
    base = json.load(open(shared, encoding="utf-8"))
    assert ours["properties"]["schema_version"]["const"] == 2
    # what version 2 changes: a role filler may be a phrase (mention null, with a span), and
    # events say whether they are complete; everything else is the shared schema's
    assert ours["$defs"]["argument"]["properties"]["mention"]["type"] == ["integer", "null"]
    assert "complete" in ours["properties"]["events"]["items"]["required"]
    for key in ("span", "entity_type"):
        assert ours["$defs"][key] == base["$defs"][key], key
    for key in base["properties"]:
        if key not in ("schema_version", "events"):
            assert ours["properties"][key] == base["properties"][key], key


failed = 0
for i, fn in enumerate(cases, 1):
    t0 = time.time()
    try:
        fn()
        print(f"ok {i} - {fn.__name__} ({time.time() - t0:.1f} s)")
    except Exception as e:  # report every case, then fail
        failed += 1
        print(f"not ok {i} - {fn.__name__}: {e!r}"[:3000])
print(f"1..{len(cases)}")
sys.exit(1 if failed else 0)
