#!/usr/bin/env python3
"""The founding example: extract --dct 2020-09-28 on ../shared/corpus/maghreb-tour.txt.

Asserts the entities and events the article states (and only those people
and places), as a reader of the article would list them.

usage: test_maghreb.py EXTRACT SHARED_DIR
"""
import json
import os
import subprocess
import sys

EXTRACT, SHARED = sys.argv[1], sys.argv[2]
PATH = os.path.join(SHARED, "corpus", "maghreb-tour.txt")
out = subprocess.run([EXTRACT, "--dct", "2020-09-28", "--format", "jsonl", PATH],
                     capture_output=True, check=True, timeout=120).stdout
doc = json.loads(out)
text = open(PATH, encoding="utf-8").read()
ents = doc["entities"]
mentions = doc["mentions"]
failures = []
passed = 0


def check(cond, what):
    global passed
    if cond:
        passed += 1
        print(f"ok - {what}")
    else:
        failures.append(what)
        print(f"not ok - {what}")


def entity(canonical_part, typ):
    for e in ents:
        if e["type"] == typ and canonical_part in e["canonical"]:
            return e
    for e in ents:  # by any mention's text
        if e["type"] == typ and any(mentions[m]["text"] == canonical_part for m in e["mentions"]):
            return e
    return None


def texts(e):
    return {mentions[m]["text"] for m in e["mentions"]} if e else set()


# People
esper = entity("Mark Esper", "PER")
check(esper is not None, "PER Mark Esper")
check({"Esper", "defense secretary", "Pentagon chief"} <= texts(esper),
      "Esper, the defense secretary and the Pentagon chief are one entity")
for name in ("Kais Ssaied", "Ibrahim Bartagi", "Abdelmadjid Tebboune", "Mohammed VI",
             "David Fischer", "Abdellatif Hammouchi"):
    check(entity(name, "PER") is not None, f"PER {name}")
people = {e["canonical"] for e in ents if e["type"] == "PER"}
check(len(people) == 7, f"exactly seven people (got {sorted(people)})")

# Places
for name in ("Morocco", "Tunisia", "Algeria", "Algiers", "Rabat", "Carthage", "Africa",
             "North Africa", "Maghreb"):
    check(entity(name, "LOC") is not None, f"LOC {name}")
places = {e["canonical"] for e in ents if e["type"] == "LOC"}
allowed = {"Morocco", "Tunisia", "Algeria", "Algiers", "Rabat", "Carthage", "Africa", "North Africa",
           "Maghreb", "United States"}
check(places <= allowed, f"no other places (extra: {sorted(places - allowed)})")

# Organizations and groups
for name in ("Pentagon", "ISIS", "Al-Qaeda", "AFP"):
    check(entity(name, "ORG") is not None, f"ORG {name}")
norp = {mentions[m]["text"] for e in ents if e["type"] == "NORP" for m in e["mentions"]}
check({"American", "Moroccan"} <= norp, "NORP American, Moroccan")

# Dates
values = {m["text"]: m.get("value") for m in mentions if m["type"] == "DATE"}
check(values.get("Friday") == "2020-10-02", "on Friday -> 2020-10-02")
check(values.get("Wednesday") == "2020-09-30", "on Wednesday -> 2020-09-30")
check(values.get("Thursday") == "2020-10-01", "On Thursday -> 2020-10-01")
check(values.get("this year") == "2020", "this year -> 2020")


# Events
def role_canon(ev, role):
    return {a.get("canonical") or a["text"] for a in ev["roles"].get(role, [])}


def role_values(ev, role):
    return {a.get("value") for a in ev["roles"].get(role, [])}


events = doc["events"]
visits = [e for e in events if e["type"] == "visit" and "Mark Esper" in role_canon(e, "who")]


def visit_to(country):
    return [e for e in visits if country in role_canon(e, "where")]


mo = visit_to("Morocco")
check(len(mo) == 1, "one visit of Esper to Morocco (merged)")
if mo:
    e = mo[0]
    check("Rabat" in role_canon(e, "where"), "the Morocco visit is refined by Rabat")
    check("2020-10-02" in role_values(e, "when"), "the Morocco visit is on 2020-10-02")
    check(e["modality"] == "planned", "the Morocco visit is planned")
    check(len(e["evidence"]) >= 3, "the Morocco visit keeps the sentences that state it")
tn = visit_to("Tunisia")
check(len(tn) == 1 and "2020-09-30" in role_values(tn[0], "when") and tn[0]["modality"] == "planned",
      "visit Esper -> Tunisia, 2020-09-30, planned")
dz = visit_to("Algeria")
check(len(dz) == 1 and "2020-10-01" in role_values(dz[0], "when") and dz[0]["modality"] == "planned"
      and "Algiers" in role_canon(dz[0], "where"), "visit Esper -> Algeria (Algiers), 2020-10-01, planned")

meetings = [e for e in events if e["type"] == "meeting"]


def meeting_with(name):
    return [e for e in meetings if any(name in c for c in role_canon(e, "with"))]


m1 = meeting_with("Kais")
check(len(m1) == 1 and any("Bartagi" in c for c in role_canon(m1[0], "with"))
      and "Mark Esper" in role_canon(m1[0], "who") and "2020-09-30" in role_values(m1[0], "when")
      and m1[0]["modality"] == "planned" and "Tunisia" in role_canon(m1[0], "where"),
      "meeting Esper with Kais Ssaied and Ibrahim Bartagi, Tunisia, 2020-09-30, planned")
m2 = meeting_with("Tebboune")
check(len(m2) == 1 and "Mark Esper" in role_canon(m2[0], "who")
      and "2020-10-01" in role_values(m2[0], "when") and m2[0]["modality"] == "planned"
      and "Algeria" in role_canon(m2[0], "where"),
      "meeting Esper with Abdelmadjid Tebboune, Algeria, 2020-10-01, planned")
sp = [e for e in events if e["type"] == "speech"]
check(len(sp) == 1 and "Carthage" in role_canon(sp[0], "where") and sp[0]["modality"] == "planned",
      "speech by Esper in Carthage, planned")
m3 = [e for e in meetings if "David Fischer" in role_canon(e, "who")]
check(len(m3) == 1 and any("Hammouchi" in c for c in role_canon(m3[0], "with"))
      and m3[0]["modality"] == "asserted", "meeting: David Fischer received by Abdellatif Hammouchi")
king = meeting_with("Mohammed VI")
check(all(e["modality"] not in ("asserted", "planned") for e in king),
      "no asserted or planned meeting with King Mohammed VI")
check(all(e["type"] in ("visit", "meeting", "speech") for e in events), "no other event types")

for e in events:  # spans agree with the text
    t = e["trigger"]
    check(text[t["char_start"]:t["char_end"]] == t["text"], f"trigger text {t['text']!r}")

print(f"{passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
