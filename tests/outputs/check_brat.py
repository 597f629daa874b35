#!/usr/bin/env python3
"""Check a brat directory the way brat would read it: every NAME.ann against
NAME.txt and the directory's annotation.conf and visual.conf.

usage: check_brat.py DIR        (prints the problems; exit status 1 if any)

Checked: every line has a known id prefix (T, E, A, #) and ids are unique;
T lines name a declared entity or event type, their fragments are within the
text, do not cross a line break, and their text is the text at those offsets
(code points; fragments joined by one space); E lines name a declared event
type, a trigger T of that type, and roles declared for that type, filled by
entity T lines, a repeated role numbered as brat numbers them (who, who2,
who3, in order); A lines name a declared attribute of an existing event with
a declared value; # lines refer to an existing annotation; visual.conf has a
label and a drawing for every declared type.
"""
import os
import re
import sys


def read_conf(path):
    """{section: [non-comment lines]}"""
    sections, cur = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            m = re.fullmatch(r"\[(\w+)\]", line.strip())
            if m:
                cur = sections.setdefault(m.group(1), [])
            elif cur is None:
                raise ValueError(f"{path}: a line before any section: {line!r}")
            else:
                cur.append(line)
    return sections


def parse_annotation_conf(path, problems):
    s = read_conf(path)
    for need in ("entities", "relations", "events", "attributes"):
        if need not in s:
            problems.append(f"{path}: no [{need}] section")
    entities = {l.strip() for l in s.get("entities", [])}
    events = {}
    for line in s.get("events", []):
        name, _, args = line.partition("\t")
        roles = {}
        for a in filter(None, (x.strip() for x in args.split(","))):
            m = re.fullmatch(r"([A-Za-z][\w-]*?)([*+?]|\{\d+(?:-\d*)?\})?:(.+)", a)
            if not m:
                problems.append(f"{path}: bad role {a!r} of {name}")
                continue
            roles[m.group(1)] = (m.group(2) or "", m.group(3).split("|"))
        events[name.strip()] = roles
    attributes = {}
    for line in s.get("attributes", []):
        name, _, args = line.partition("\t")
        spec = dict(x.strip().split(":", 1) for x in args.split(",") if ":" in x)
        attributes[name.strip()] = (spec.get("Arg"), spec.get("Value", "").split("|"))
    return entities, events, attributes


def check_visual(path, types, problems):
    s = read_conf(path)
    labels = {l.split("|")[0].strip() for l in s.get("labels", [])}
    drawing = {re.split(r"\s", l.strip(), 1)[0] for l in s.get("drawing", [])}
    for t in sorted(types):
        if t not in labels:
            problems.append(f"{path}: no label for {t}")
        if t not in drawing:
            problems.append(f"{path}: no drawing for {t}")


def check_ann(ann_path, text, entities, events, attributes, problems):
    def bad(lineno, msg):
        problems.append(f"{ann_path}:{lineno}: {msg}")

    ids, tlines, elines, deferred = {}, {}, {}, []
    with open(ann_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines, 1):
        if not line:
            bad(n, "empty line")
            continue
        ident, _, rest = line.partition("\t")
        if not re.fullmatch(r"[TEAR#]\d+", ident):
            bad(n, f"bad id {ident!r}")
            continue
        if ident in ids:
            bad(n, f"id {ident} used twice (line {ids[ident]})")
        ids[ident] = n
        kind = ident[0]
        if kind == "T":
            head, tab, span_text = rest.partition("\t")
            if not tab:
                bad(n, "T line without its text")
                continue
            typ, _, frags = head.partition(" ")
            if typ not in entities and typ not in events:
                bad(n, f"undeclared type {typ}")
            parts = []
            try:
                for fr in frags.split(";"):
                    a, b = (int(x) for x in fr.split(" "))
                    parts.append((a, b))
            except ValueError:
                bad(n, f"bad offsets {frags!r}")
                continue
            for a, b in parts:
                if not 0 <= a < b <= len(text):
                    bad(n, f"fragment {a} {b} outside the text ({len(text)} characters)")
                elif "\n" in text[a:b]:
                    bad(n, f"fragment {a} {b} crosses a line break")
            want = " ".join(text[a:b] for a, b in parts)
            if want != span_text:
                bad(n, f"text {span_text!r} is not the text at {frags}: {want!r}")
            tlines[ident] = typ
        elif kind == "E":
            args = rest.split(" ")
            typ, _, trig = args[0].partition(":")
            elines[ident] = typ
            if typ not in events:
                bad(n, f"undeclared event type {typ}")
            deferred.append((n, "trigger", trig, typ))
            seen = {}
            for arg in args[1:]:
                role, _, ref = arg.partition(":")
                m = re.fullmatch(r"([A-Za-z][\w-]*?)(\d*)", role)
                base, num = m.group(1), int(m.group(2) or 1)
                if typ in events and base not in events[typ]:
                    bad(n, f"role {base} is not declared for {typ}")
                if num != seen.get(base, 0) + 1:
                    bad(n, f"role {role}: repeated roles are numbered {base}, {base}2, {base}3 ...")
                seen[base] = num
                if typ in events and base in events[typ]:
                    mult = events[typ][base][0]
                    if num > 1 and mult not in ("*", "+") and not mult.startswith("{"):
                        bad(n, f"role {base} of {typ} may not repeat")
                deferred.append((n, "filler", ref, role))
        elif kind == "A":
            parts = rest.split(" ")
            name = parts[0]
            if name not in attributes:
                bad(n, f"undeclared attribute {name}")
                continue
            if len(parts) < 2:
                bad(n, "attribute without a target")
                continue
            deferred.append((n, "attr", parts[1], name))
            values = attributes[name][1]
            if len(parts) != 3 or parts[2] not in values:
                bad(n, f"value {parts[2:]} of {name} is not one of {values}")
        elif kind == "#":
            note, _, _ = rest.partition("\t")
            typ, _, ref = note.partition(" ")
            if typ != "AnnotatorNotes":
                bad(n, f"unknown note type {typ}")
            deferred.append((n, "note", ref, None))
    for n, what, ref, extra in deferred:
        if ref not in ids:
            bad(n, f"{what} {ref} does not exist")
        elif what == "trigger" and (not ref.startswith("T") or tlines.get(ref) != extra):
            bad(n, f"trigger {ref} is not a {extra} trigger")
        elif what == "filler" and (not ref.startswith("T") or tlines.get(ref) not in entities):
            bad(n, f"role {extra} filled by {ref}, which is not an entity")
        elif what == "attr" and (not ref.startswith("E")):
            bad(n, f"attribute on {ref}, which is not an event")
    return tlines, elines


def main():
    d = sys.argv[1]
    problems = []
    entities, events, attributes = parse_annotation_conf(os.path.join(d, "annotation.conf"),
                                                         problems)
    check_visual(os.path.join(d, "visual.conf"), entities | set(events), problems)
    anns = sorted(f for f in os.listdir(d) if f.endswith(".ann"))
    for ann in anns:
        txt = os.path.join(d, ann[:-4] + ".txt")
        if not os.path.exists(txt):
            problems.append(f"{ann}: no {os.path.basename(txt)}")
            continue
        with open(txt, encoding="utf-8", newline="") as f:
            text = f.read()
        check_ann(os.path.join(d, ann), text, entities, events, attributes, problems)
    for p in problems:
        print(p)
    print(f"{len(anns)} documents, {len(problems)} problems")
    sys.exit(1 if problems or not anns else 0)


if __name__ == "__main__":
    main()
