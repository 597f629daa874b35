#!/usr/bin/env python3
"""Spec tests: cases written as data in tests/spec/*.txt, each a name, a
text with its document date and the mentions and events expected of it, in
the compact form below. Every case is checked twice, through `extract`
(one `--input-format jsonl --format jsonl` run per spec file) and through
the Python binding (`nerve.Model().process`, read from the Document's
objects, not from its JSON), so the two stay in step; and every span they
report must be the text it points at.

usage: run.py EXTRACT SHARED_DIR [--update] [--no-python] [SPEC ...]
  (no SPEC: every tests/spec/*.txt)
  --update     rewrite each case's expectations with what extract gives now,
               for review with `git diff tests/spec` (the texts are kept)
  --no-python  check through extract only

A spec file:

    # comments start with '#' between cases
    === name of the case
    dct 2021-06-14
    > first line of the text
    > second line of the text ('>' alone: an empty line)
    mentions
      PER "Lena Hartmann"
      PER "Hartmann" -> Lena Hartmann
      DATE "Friday" = 2021-06-11
    events
      visit asserted "visited" [who: Lena Hartmann] [where: Nairobi] [when: 2021-06-11] confidence 0.85

Instead of '>' lines, `file corpus/NAME.txt` reads the text from a file of
SHARED_DIR. A mention is its type, its text, '= VALUE' for a date or time,
'-> CANONICAL' when it belongs to an entity named otherwise. An event is its
type, modality, trigger text, one [role: fillers] per role in the library's
order (fillers joined by ' + '; an entity by its canonical name, with its
text in parentheses when that differs; a date or time by its TIMEX3 value;
a noun phrase that names no entity in quotes), then 'evidence N' when more
than one span states it, its confidence to two decimals, and 'incomplete'
when a key role is missing (the cases run with incomplete events reported:
`--incomplete-events`, `incomplete_events=True`; by default they are not).
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


class Case:
    def __init__(self, name, path, line):
        self.name, self.path, self.line = name, path, line
        self.dct = None
        self.text_lines = []  # the '>' lines, or None with self.file
        self.file = None
        self.mentions, self.events = [], []
        self.comments = []  # '#' lines before the case, kept by --update

    def text(self, shared):
        if self.file is not None:
            with open(os.path.join(shared, self.file), encoding="utf-8") as f:
                return f.read()
        return "\n".join(self.text_lines)


def parse(path):
    cases, pending, section = [], [], None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for n, line in enumerate(lines, 1):
        where = f"{path}:{n}"
        if line.startswith("=== "):
            c = Case(line[4:].strip(), path, n)
            c.comments, pending, section = pending, [], "head"
            cases.append(c)
        elif line.startswith("#"):
            pending.append(line)
        elif not line.strip():
            if pending:  # the spacing of a comment block
                pending.append(line)
        elif not cases:
            raise SystemExit(f"{where}: expected '=== name' to start a case")
        elif line.startswith("dct ") and section == "head":
            cases[-1].dct = line[4:].strip()
        elif line.startswith("file ") and section == "head":
            cases[-1].file = line[5:].strip()
        elif (line == ">" or line.startswith("> ")) and section == "head":
            cases[-1].text_lines.append(line[2:])
        elif line in ("mentions", "events"):
            section = line
        elif line.startswith("  ") and section in ("mentions", "events"):
            getattr(cases[-1], section).append(line[2:])
        elif not line.strip():
            continue
        else:
            raise SystemExit(f"{where}: cannot read {line!r} (see tests/spec/run.py)")
    names = [c.name for c in cases]
    for c in cases:
        if names.count(c.name) > 1:
            raise SystemExit(f"{c.path}:{c.line}: two cases are named {c.name!r}")
        if c.file is None and not c.text_lines:
            raise SystemExit(f"{c.path}:{c.line}: case {c.name!r} has no text")
    trailing = pending  # comments after the last case
    return cases, trailing


def write(path, cases, trailing):
    out = []
    for c in cases:
        out.extend(c.comments)
        out.append(f"=== {c.name}")
        if c.dct:
            out.append(f"dct {c.dct}")
        if c.file is not None:
            out.append(f"file {c.file}")
        else:
            out.extend(f"> {t}" if t else ">" for t in c.text_lines)
        out.append("mentions")
        out.extend("  " + m for m in c.mentions)
        out.append("events")
        out.extend("  " + e for e in c.events)
        out.append("")
    out.extend(trailing)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out).rstrip("\n") + "\n")


# ---------------------------------------------------------------- rendering
# Both renderers take the same plain description of a document: mentions as
# (type, text, value, entity canonical or None) and events as (type,
# modality, trigger text, [(role, [filler])], evidence count, confidence,
# complete), each filler (kind, canonical, text, value).


def mention_line(typ, text, value, canonical):
    s = f"{typ} {json.dumps(text, ensure_ascii=False)}"
    if value is not None:
        s += f" = {value}"
    if canonical is not None and canonical != text:
        s += f" -> {canonical}"
    return s


def filler(phrase, canonical, text, value):
    if phrase:
        return json.dumps(text, ensure_ascii=False)
    if value is not None:
        return value
    if canonical and canonical != text:
        return f"{canonical} ({text})"
    return canonical or text


def event_line(typ, modality, trigger, roles, evidence, confidence, complete):
    s = f"{typ} {modality} {json.dumps(trigger, ensure_ascii=False)}"
    for role, fillers in roles:
        s += f" [{role}: {' + '.join(fillers)}]"
    if evidence > 1:
        s += f" evidence {evidence}"
    s += f" confidence {confidence:.2f}"
    if not complete:
        s += " incomplete"
    return s


def render_json(doc):
    ents = doc["entities"]
    ms = [mention_line(m["type"], m["text"], m.get("value"),
                       ents[m["entity"]]["canonical"] if m.get("entity") is not None else None)
          for m in doc["mentions"]]
    evs = []
    for e in doc["events"]:
        roles = [(r, [filler(a["mention"] is None, a.get("canonical"), a["text"], a.get("value"))
                      for a in args]) for r, args in e["roles"].items()]
        evs.append(event_line(e["type"], e["modality"], e["trigger"]["text"], roles,
                              len(e["evidence"]), e["confidence"], e["complete"]))
    return ms, evs


def render_python(doc):
    ents = doc.entities
    ms = [mention_line(m.type, m.text, m.value,
                       ents[m.entity].canonical if m.entity is not None else None)
          for m in doc.mentions]
    evs = []
    for e in doc.events:
        roles = [(r, [filler(a.mention is None, a.canonical, a.text, a.value) for a in args])
                 for r, args in e.roles.items()]
        evs.append(event_line(e.type, e.modality, e.trigger.text, roles, len(e.evidence),
                              e.confidence, e.complete))
    return ms, evs


def span_problems_json(doc, text):
    """Spans of the JSON that are not the text they point at."""
    out = []
    b = text.encode("utf-8")

    def check(what, span, want):
        got = text[span["char_start"]:span["char_end"]]
        raw = b[span["start"]:span["end"]].decode("utf-8", "replace")
        if got != want or raw != want:
            out.append(f"{what} {want!r}: chars give {got!r}, bytes {raw!r}")

    for m in doc["mentions"]:
        check("mention", m, m["text"])
    for e in doc["events"]:
        check("trigger", e["trigger"], e["trigger"]["text"])
        for role, args in e["roles"].items():
            for a in args:
                if a["mention"] is None:
                    check(f"{role} phrase", a, a["text"])
    return out


def span_problems_python(doc, text):
    out = []
    for m in doc.mentions:
        if text[m.start:m.end] != m.text:
            out.append(f"mention {m.text!r} at {m.start}:{m.end}")
    for e in doc.events:
        if text[e.trigger.start:e.trigger.end] != e.trigger.text:
            out.append(f"trigger {e.trigger.text!r}")
        for args in e.roles.values():
            out.extend(f"argument {a.text!r}" for a in args if text[a.start:a.end] != a.text)
    return out


# ---------------------------------------------------------------- running


def run_extract(extract, cases, shared):
    lines = "".join(json.dumps({"id": f"case-{i}", "text": c.text(shared), "dct": c.dct})
                    + "\n" for i, c in enumerate(cases))
    # Under the sanitizer run the binding's python3 has the shared ASan runtime
    # preloaded; extract carries its own and refuses a second one.
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    p = subprocess.run([extract, "--input-format", "jsonl", "--format", "jsonl",
                        "--incomplete-events"],
                       input=lines.encode("utf-8"), capture_output=True, timeout=600, env=env)
    if p.returncode != 0:
        raise SystemExit(f"extract failed ({p.returncode}): {p.stderr.decode(errors='replace')}")
    docs = [json.loads(x) for x in p.stdout.decode("utf-8").splitlines()]
    if [d["id"] for d in docs] != [f"case-{i}" for i in range(len(cases))]:
        raise SystemExit("extract did not answer every case in order")
    return docs


def diff(want, got):
    out = []
    for line in want:
        if line not in got:
            out.append(f"    - {line}")
    for line in got:
        if line not in want:
            out.append(f"    + {line}")
    if not out:  # same lines, another order
        out = ["    (same lines in another order)"] + [f"    + {x}" for x in got]
    return out


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    flags = {a for a in argv if a.startswith("--")}
    unknown = flags - {"--update", "--no-python"}
    if len(args) < 2 or unknown:
        raise SystemExit(__doc__.split("\n\n")[1])
    extract, shared, specs = args[0], args[1], args[2:]
    if not specs:
        specs = sorted(os.path.join(HERE, f) for f in os.listdir(HERE) if f.endswith(".txt"))
    update = "--update" in flags
    model = None
    if "--no-python" not in flags:
        import nerve  # PYTHONPATH=python NERVE_LIBRARY=build/lib/libnerve.so

        model = nerve.Model()
    passed = failed = 0
    for path in specs:
        cases, trailing = parse(path)
        docs = run_extract(extract, cases, shared)
        rel = os.path.relpath(path)
        for c, doc in zip(cases, docs):
            text = c.text(shared)
            got = render_json(doc)
            problems = span_problems_json(doc, text)
            if update:
                c.mentions, c.events = got
            else:
                for what, want, have in (("mentions", c.mentions, got[0]),
                                         ("events", c.events, got[1])):
                    if want != have:
                        problems.append(f"extract: {what} differ from the spec:")
                        problems.extend(diff(want, have))
            if model is not None:
                pdoc = model.process(text, dct=c.dct, incomplete_events=True)
                mine = render_python(pdoc)
                problems.extend(f"python: {p}" for p in span_problems_python(pdoc, text))
                for what, want, have in (("mentions", got[0], mine[0]),
                                         ("events", got[1], mine[1])):
                    if want != have:
                        problems.append(f"python: {what} differ from extract's:")
                        problems.extend(diff(want, have))
            if problems:
                failed += 1
                print(f"not ok - {rel}:{c.line}: {c.name}")
                for p in problems:
                    print(f"  {p}")
            else:
                passed += 1
                print(f"ok - {rel}:{c.line}: {c.name}")
        if update:
            write(path, cases, trailing)
    if model is not None:
        model.close()
    print(f"{passed} passed, {failed} failed" + (" (expectations rewritten)" if update else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
