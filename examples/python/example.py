#!/usr/bin/env python3
"""Who went where, and when: nerve's Python binding on a short news paragraph.

Run from a build tree:

    NERVE_LIBRARY=build/lib/libnerve.so PYTHONPATH=python python3 examples/python/example.py

(or, after `meson install` and `pip install ./python`, plain
`python3 examples/python/example.py`: the installed package records where
libnerve is).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if not os.environ.get("NERVE_LIBRARY") and (REPO / "build" / "lib" / "libnerve.so").exists():
    os.environ["NERVE_LIBRARY"] = str(REPO / "build" / "lib" / "libnerve.so")
sys.path.insert(0, str(REPO / "python"))

import nerve  # noqa: E402

TEXT = """\
LISBON, March 3 (Reuters) - German Chancellor Olaf Scholz will travel to Portugal \
on Thursday for a two-day official visit, his spokesman said on Monday. Scholz is \
expected to meet Prime Minister António Costa in Lisbon to discuss energy links \
across the Pyrenees, before heading to Porto on Friday. It is his first trip to the \
Iberian peninsula since taking office; a visit to Madrid planned for January was \
postponed."""


def main() -> None:
    with nerve.Model() as model:
        doc = model.process(TEXT, dct="2023-03-03", id="scholz-lisbon")

    # The Document is plain Python data: still usable after the model is closed.
    print(f"{len(doc.sentences)} sentences, {len(doc.tokens)} tokens, "
          f"{len(doc.mentions)} mentions, {len(doc.entities)} entities, "
          f"{len(doc.events)} events\n")

    print("Entities:")
    for entity in doc.entities:
        link = entity.link or {}
        facts = [x for x in (link.get("title"), link.get("id"), link.get("country")) if x]
        where = f"  [{', '.join(facts)}]" if facts else ""
        surface = sorted({m.text for m in doc.mentions_of(entity)})
        print(f"  {entity.type:<5} {entity.canonical}{where}  <- {', '.join(surface)}")

    print("\nDates (resolved against the document date):")
    for m in doc.mentions:
        if m.type in ("DATE", "TIME", "DURATION", "SET"):
            # start/end index the str; byte_start/byte_end the UTF-8 bytes
            assert TEXT[m.start:m.end] == m.text
            print(f"  {m.text!r:<14} -> {m.value}  (chars {m.start}-{m.end}, "
                  f"bytes {m.byte_start}-{m.byte_end})")

    print("\nEvents:")
    if not doc.events:
        print("  (none found by this build's rules)")
    for ev in doc.events:
        roles = "; ".join(f"{role}: " + ", ".join(a.canonical or a.text for a in args)
                          for role, args in ev.roles.items())
        print(f"  {ev.type} ({ev.modality}) \"{ev.trigger.text}\"  {roles}")


if __name__ == "__main__":
    main()
