#!/usr/bin/env python3
"""Sort the entity errors of a system run into kinds, with counts, to see which
kind of mistake costs most (the scorer, score_ner.py, only lists them).

usage: ner_errors.py GOLD.conll SYSTEM.jsonl [--types PER,LOC,ORG] [--examples N] [--kind K]

SYSTEM.jsonl is extract's --format jsonl over conll_to_jsonl.py's documents
(as tests/slow/score_ner.sh --keep DIR leaves them). Every gold mention of the
scored types that the system does not find exactly, and every system mention
of those types that is not gold, is one error of one kind:

  type G->S (rule)   the same span with another type (S may be MISC or NORP)
  wider/narrower/crossing G (rule)   an overlapping span of the right or wrong type
  missed G           nothing of the system overlaps it
  spurious S (rule)  nothing of the gold overlaps it (gold MISC counts as overlap: a type error)

The rule is the system mention's rule, or its source (gazetteer, document).
Run from ../shared/eval (it imports conll_to_jsonl there) or set PYTHONPATH.
"""
import argparse
import json
import os
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.environ.get("NERVE_EVAL_DIR", os.path.join(os.path.dirname(__file__), "../../../shared/eval")))
from conll_to_jsonl import layout, read_conll  # noqa: E402

TYPE_MAP = {"NORP": "MISC"}


def gold_spans(tags):
    out, start, typ = [], None, None
    for i, tag in enumerate(tags + ["O"]):
        if tag == "O" or tag.startswith("B-") or (typ and tag[2:] != typ):
            if start is not None:
                out.append((start, i - 1, typ))
            start, typ = None, None
        if tag != "O" and start is None:
            start, typ = i, tag[2:]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("system")
    ap.add_argument("--types", default="PER,LOC,ORG")
    ap.add_argument("--examples", type=int, default=0)
    ap.add_argument("--kind", default=None, help="print examples of kinds starting with this")
    ap.add_argument("--top", type=int, default=40)
    a = ap.parse_args()
    types = set(a.types.split(","))
    docs = read_conll(a.gold)
    sysd = [json.loads(l) for l in open(a.system, encoding="utf-8") if l.strip()]
    kinds, ex = Counter(), defaultdict(list)
    for i, doc in enumerate(docs):
        text, spans, tags = layout(doc)
        toks = [text[s[0]:s[1]] if s else "\n" for s in spans]
        starts = {s[0]: k for k, s in enumerate(spans) if s}
        ends = {s[1]: k for k, s in enumerate(spans) if s}
        gold = gold_spans(tags)
        pred = []
        for m in sysd[i].get("mentions", []):
            t = TYPE_MAP.get(m["type"], m["type"])
            if t in ("DATE", "TIME", "DURATION", "SET"):
                continue
            s, e = m.get("char_start", m["start"]), m.get("char_end", m["end"])
            if s in starts and e in ends:
                pred.append((starts[s], ends[e], t, m.get("rule") or m.get("source")))
        gset = {(g[0], g[1], g[2]) for g in gold}
        pset = {(p[0], p[1], p[2]) for p in pred}

        def ctx(b, e):
            lo, hi = max(0, b - 6), min(len(toks), e + 7)
            return " ".join(toks[lo:b]) + " [" + " ".join(toks[b:e + 1]) + "] " + " ".join(toks[e + 1:hi])

        for g in gold:
            if g[2] not in types or g in pset:
                continue
            ov = [p for p in pred if p[0] <= g[1] and g[0] <= p[1]]
            if not ov:
                k = f"missed {g[2]}"
            else:
                p = max(ov, key=lambda p: min(p[1], g[1]) - max(p[0], g[0]))
                if (p[0], p[1]) == (g[0], g[1]):
                    k = f"type {g[2]}->{p[2]} ({p[3]})"
                elif p[0] <= g[0] and p[1] >= g[1]:
                    k = f"wider {g[2]}->{p[2]} ({p[3]})"
                elif p[0] >= g[0] and p[1] <= g[1]:
                    k = f"narrower {g[2]}->{p[2]} ({p[3]})"
                else:
                    k = f"crossing {g[2]}->{p[2]} ({p[3]})"
            kinds[k] += 1
            ex[k].append(ctx(g[0], g[1]))
        for p in pred:
            if p[2] not in types or (p[0], p[1], p[2]) in gset:
                continue
            if any(g[0] <= p[1] and p[0] <= g[1] for g in gold):
                continue  # counted with the gold mention it overlaps
            k = f"spurious {p[2]} ({p[3]})"
            kinds[k] += 1
            ex[k].append(ctx(p[0], p[1]))
    total = sum(kinds.values())
    print(f"{total} errors")
    for k, n in kinds.most_common(a.top):
        print(f"{n:6d}  {k}")
        if a.examples and (a.kind is None or k.startswith(a.kind)):
            for e in ex[k][: a.examples]:
                print("          " + e.replace("\n", " / "))


if __name__ == "__main__":
    main()
