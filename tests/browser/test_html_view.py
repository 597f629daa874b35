#!/usr/bin/env python3
"""The HTML view in a real browser: headless Chromium loads pages that
`extract --format html` wrote and a script clicks through them.

Checked against `extract --format json` of the same documents: every shown
mention is a labeled span with its type and indices, every entity and event
is in the page, clicking an event highlights exactly its trigger, its role
fillers and its evidence (and clicking again clears it), clicking a role or
an entity highlights that entity's mentions, the badge colours keep enough
contrast, the page loads nothing from outside, and a batch on one page gets
a list of its documents. A screenshot of the example article is made with
its first meeting selected.

usage: test_html_view.py EXTRACT SOURCE_DIR OUT_DIR [--screenshot PNG]

Exits 77 (skipped) only when no Chromium is installed: scripts/bootstrap
installs the Debian package `chromium`.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

EXTRACT, SRC, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
SHOT = sys.argv[sys.argv.index("--screenshot") + 1] if "--screenshot" in sys.argv else None
ARTICLE = os.path.join("examples", "texts", "official-visit.txt")  # run from SRC

# Sentences written for this test: an attack and an arrest in one sentence,
# a cancelled visit to two cities (two events on one trigger), an ambiguous
# name (Georgia the country and the US state) and characters HTML escapes.
SECOND = (
    "Police arrested two men in Lyon on Saturday after an attack on a bank, the French "
    "interior ministry said.\nGerman Chancellor Karl Brandt's planned trip to Warsaw and Prague "
    "was called off on Sunday.\nOfficials did not say whether the minister would meet "
    "the delegation from Georgia & <Uganda>.\n"
)

# Dates of four kinds, out of order: the timeline puts them in calendar order.
TIMELINE = ("Ana Duarte will travel to Morocco next week. Ana Duarte traveled to Spain on "
            "2 March. Ana Duarte will travel to Italy on 20 March. Ana Duarte traveled to "
            "Norway last summer.")

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


CHROMIUM = find_chromium()
if not CHROMIUM:
    print("SKIP: Chromium is not installed (scripts/bootstrap installs the Debian package "
          "chromium); the HTML view was not tested in a browser")
    sys.exit(77)

PROFILE = tempfile.mkdtemp(prefix="nerve-chromium-")


def chromium(*args, timeout=60):
    cmd = [CHROMIUM, "--headless", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
           "--no-default-browser-check",
           "--disable-extensions", "--disable-background-networking", "--hide-scrollbars",
           "--user-data-dir=" + PROFILE]
    if os.geteuid() == 0:
        cmd.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    r = subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=timeout)
    return r.stdout, r.stderr


def extract(*args, stdin=None):
    r = subprocess.run([EXTRACT, *args], input=stdin, capture_output=True, text=True, timeout=60,
                       cwd=SRC)
    if r.returncode != 0:
        sys.exit(f"extract {' '.join(args)} failed ({r.returncode}): {r.stderr}")
    return r.stdout


# The script that drives the page: it runs after the page's own script (both
# at DOMContentLoaded, the page's registered first), clicks, and leaves what
# it saw as JSON in a <pre> that --dump-dom then prints.
DRIVER = r"""
<script>
document.addEventListener('DOMContentLoaded', function () {
  function all(r, s) { return Array.prototype.slice.call(r.querySelectorAll(s)); }
  function state(a) {
    return {
      hl: all(a, '.text .hl').map(function (e) { return +e.dataset.m; }),
      trg: all(a, '.text .hl-t').map(function (e) { return e.dataset.trg; }),
      evid: all(a, '.text .hl-e').map(function (e) { return [+e.dataset.s, +e.dataset.e]; }),
      on: all(a, '.card.on').map(function (e) { return +e.dataset.ev; }),
      sel: a.classList.contains('sel')
    };
  }
  var out = {docs: [], nav: all(document, 'nav.docs a').map(function (e) {
    return [e.textContent, e.getAttribute('href')]; }),
    external: all(document, 'link, img, iframe, object, embed, script[src]').length};
  all(document, 'article.doc').forEach(function (a) {
    var d = {id: a.dataset.id, marks: [], triggers: [], cards: [], ents: [], dates: [],
             legend: all(a, '.legend .sw').map(function (e) { return e.textContent; }),
             clicks: [], roles: [], entclicks: [], mentionclicks: []};
    all(a, '.text mark').forEach(function (e) {
      var cs = getComputedStyle(e), badge = getComputedStyle(e, '::after');
      d.marks.push({m: +e.dataset.m, ent: e.dataset.ent === undefined ? null : +e.dataset.ent,
        s: +e.dataset.s, e: +e.dataset.e, text: e.textContent, label: badge.content,
        badgeBg: badge.backgroundColor, badgeFg: badge.color, bg: cs.backgroundColor,
        fg: cs.color, title: e.title, cls: e.className, trg: e.dataset.trg || ''});
    });
    all(a, '.text .trg').forEach(function (e) {
      d.triggers.push({trg: e.dataset.trg, s: +e.dataset.s, e: +e.dataset.e, text: e.textContent,
                       label: getComputedStyle(e, '::after').content});
    });
    all(a, '.card').forEach(function (c) {
      d.cards.push({ev: +c.dataset.ev, type: c.querySelector('.etype').textContent,
        modality: c.querySelector('.mod').textContent,
        args: c.dataset.args ? c.dataset.args.split(' ').map(Number) : [],
        roles: all(c, '.roles dt').map(function (e) { return e.textContent; }),
        chips: all(c, '.chip').map(function (e) { return +e.dataset.m; }),
        when: c.querySelector('.when') ? c.querySelector('.when').textContent : null,
        prov: c.querySelector('.prov').textContent});
    });
    all(a, '.ent[data-ent]').forEach(function (e) {
      d.ents.push({ent: +e.dataset.ent, ms: e.dataset.ms.split(' ').map(Number),
                   name: e.querySelector('b').textContent});
    });
    all(a, '.ent[data-m]').forEach(function (e) { d.dates.push(+e.dataset.m); });
    d.timeline = all(a, '.tl li[data-ev]').map(function (e) { return +e.dataset.ev; });
    d.timeline_order = all(a, '.tl li').map(function (e) {
      return e.dataset.ev === undefined ? 'dct' : +e.dataset.ev; });
    d.timeline_dates = all(a, '.tl time').map(function (e) { return e.textContent; });
    all(a, '.card').forEach(function (c) {
      c.click();
      var first = state(a);
      c.click();
      d.clicks.push({ev: +c.dataset.ev, first: first, again: state(a)});
    });
    all(a, '.card .chip[data-m]').forEach(function (b) {  // a phrase chip has no mention
      b.click();
      d.roles.push({ev: +b.closest('.card').dataset.ev, m: +b.dataset.m, st: state(a)});
      document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}));
    });
    all(a, '.ent[data-ent]').forEach(function (e) {
      e.click();
      d.entclicks.push({ent: +e.dataset.ent, st: state(a)});
      e.click();
    });
    all(a, '.text mark').forEach(function (e) {
      e.click();
      d.mentionclicks.push({m: +e.dataset.m, st: state(a)});
      document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}));
    });
    d.afterEscape = state(a);
    var card = a.querySelector('.card');
    if (card) {  // the keyboard: Enter on a focused card selects it
      card.focus();
      document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));
      d.keyboard = state(a);
      document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}));
    }
    out.docs.push(d);
  });
  var pre = document.createElement('pre');
  pre.id = 'nerve-test-result';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""


def drive(page_path):
    """Load a copy of the page with the driver appended; what the driver saw."""
    with open(page_path, encoding="utf-8") as f:
        html = f.read()
    test_page = page_path + ".test.html"
    with open(test_page, "w", encoding="utf-8") as f:
        f.write(html + DRIVER)
    out, err = chromium("--dump-dom", "file://" + os.path.abspath(test_page))
    m = re.search(r'<pre id="nerve-test-result">(.*?)</pre>', out, re.S)
    if not m:
        sys.exit("Chromium printed no result; its stderr:\n" + err[-3000:])
    raw = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    return json.loads(raw.replace("&amp;", "&"))


def rgb(css):
    v = [float(x) for x in re.findall(r"[\d.]+", css)[:3]]
    return v if len(v) == 3 else None


def luminance(c):
    def ch(x):
        x /= 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4
    r, g, b = (ch(x) for x in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def roles_of(ev):
    """The mentions a card's roles point at (a phrase filler is no mention)."""
    return [a["mention"] for args in ev["roles"].values() for a in args
            if a["mention"] is not None]


def check_doc(doc, d, where):
    """One document's JSON against what the browser saw of its article."""
    text = doc["text_bytes"]
    mentions, events, entities = doc["mentions"], doc["events"], doc["entities"]
    shown = {m["m"]: m for m in d["marks"]}
    # Every mention is a span in the text, unless it lies inside one shown.
    for i, m in enumerate(mentions):
        if i in shown:
            s = shown[i]
            check((s["s"], s["e"]) == (m["start"], m["end"]), f"{where}: mention {i} offsets")
            check(s["text"] == m["text"], f"{where}: mention {i} text {s['text']!r} != {m['text']!r}")
            check(s["label"].strip('"') == m["type"], f"{where}: mention {i} badge {s['label']}")
            check(s["ent"] == m["entity"], f"{where}: mention {i} entity")
            check(f"t-{m['type']}" in s["cls"], f"{where}: mention {i} type class")
            canon = (entities[m["entity"]]["canonical"] if m["entity"] is not None
                     else m.get("canonical"))
            if canon:
                check(canon in s["title"], f"{where}: mention {i} hover lacks {canon!r}")
            if m["entity"] is not None and (entities[m["entity"]]["link"] or {}).get("id"):
                check(entities[m["entity"]]["link"]["id"] in s["title"],
                      f"{where}: mention {i} hover lacks the link id")
        else:
            inside = any(x["s"] <= m["start"] < x["e"] or x["s"] < m["end"] <= x["e"]
                         for x in d["marks"])
            check(inside, f"{where}: mention {i} ({m['text']!r}) is neither shown nor nested")
    # Each badge: white on the type's colour with at least 4.5:1 contrast;
    # the types' colours differ.
    colours = {}
    for s in d["marks"]:
        bg, fg = rgb(s["badgeBg"]), rgb(s["badgeFg"])
        check(bg and fg and contrast(bg, fg) >= 4.5,
              f"{where}: badge contrast of {s['label']} {s['badgeBg']} on {s['badgeFg']}")
        check(contrast(rgb(s["bg"]), rgb(s["fg"])) >= 7, f"{where}: text contrast on {s['bg']}")
        colours.setdefault(s["label"], set()).add(s["badgeBg"])
    flat = [c for cs in colours.values() for c in cs]
    check(all(len(cs) == 1 for cs in colours.values()) and len(set(flat)) == len(flat),
          f"{where}: one distinct colour per type: {colours}")
    check(sorted(d["legend"]) == sorted({m["type"] for m in mentions}),
          f"{where}: legend {d['legend']}")
    # Triggers: every event's trigger is in the text, as a trigger or on a mention.
    trg_events = {}
    for t in d["triggers"]:
        for v in t["trg"].split():
            trg_events[int(v)] = t
    for s in d["marks"]:
        for v in s["trg"].split():
            trg_events[int(v)] = s
    for i, ev in enumerate(events):
        t = trg_events.get(i)
        check(t is not None, f"{where}: event {i} has no trigger in the text")
        if t:
            check(t["s"] <= ev["trigger"]["start"] and ev["trigger"]["end"] <= t["e"],
                  f"{where}: event {i} trigger offsets")
    for t in d["triggers"]:
        check(t["label"].strip('"').split(" ")[0] == events[int(t["trg"].split()[0])]["type"],
              f"{where}: trigger label {t['label']}")
    # Cards: one per event, in order, with its type, modality, roles, rule and origin.
    check([c["ev"] for c in d["cards"]] == list(range(len(events))), f"{where}: event cards")
    for c in d["cards"]:
        ev = events[c["ev"]]
        check(c["type"] == ev["type"] and c["modality"] == ev["modality"],
              f"{where}: card {c['ev']} type/modality")
        named = [m for m in c["chips"] if m is not None]
        phrases = sum(a["mention"] is None for args in ev["roles"].values() for a in args)
        check(c["args"] == roles_of(ev) and sorted(named) == sorted(roles_of(ev)),
              f"{where}: card {c['ev']} fillers {c['args']} != {roles_of(ev)}")
        check(len(c["chips"]) - len(named) == phrases,
              f"{where}: card {c['ev']} shows {len(c['chips']) - len(named)} phrase fillers, not {phrases}")
        check(c["roles"] == list(ev["roles"]), f"{where}: card {c['ev']} roles {c['roles']}")
        check(ev["rule"] in c["prov"], f"{where}: card {c['ev']} rule")
        if ev.get("origin"):
            base = os.path.basename(ev["origin"])
            check(base in c["prov"], f"{where}: card {c['ev']} origin {base}")
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    for c in d["cards"]:
        when = [mentions[a["mention"]]["value"] for a in events[c["ev"]]["roles"].get("when", [])
                if mentions[a["mention"]]["value"]]
        if when and re.fullmatch(r"\d{4}-\d\d-\d\d", when[0]):
            y, m, day = when[0].split("-")
            want = f"{int(day)} {months[int(m) - 1]} {y}"
            check(c["when"] == want, f"{where}: card {c['ev']} date {c['when']!r} != {want!r}")
        elif not when:
            check(c["when"] is None, f"{where}: card {c['ev']} has a date without a when")
    if d["cards"]:
        check(d["keyboard"]["on"] == [0] and d["keyboard"]["sel"], f"{where}: Enter on a card")
    dated = [i for i, ev in enumerate(events)
             if any(a["mention"] is not None and mentions[a["mention"]]["value"]
                    for a in ev["roles"].get("when", []))]
    check(sorted(d["timeline"]) == dated, f"{where}: timeline {d['timeline']} != {dated}")
    check(sorted(e["ent"] for e in d["ents"]) == list(range(len(entities))),
          f"{where}: entities list")
    for e in d["ents"]:
        check(e["ms"] == entities[e["ent"]]["mentions"], f"{where}: entity {e['ent']} mentions")
        check(e["name"] == entities[e["ent"]]["canonical"], f"{where}: entity {e['ent']} name")
    temporal = [i for i, m in enumerate(mentions) if m["entity"] is None and
                m["type"] in ("DATE", "TIME", "DURATION", "SET")]
    check(d["dates"] == temporal, f"{where}: dates list {d['dates']} != {temporal}")
    # Clicking an event: its trigger, exactly its fillers, its evidence; again: cleared.
    for k in d["clicks"]:
        i, st = k["ev"], k["first"]
        ev = events[i]
        want = sorted(m for m in set(roles_of(ev)) if m in shown)
        check(sorted(set(st["hl"])) == want, f"{where}: click event {i}: {st['hl']} != {want}")
        check(any(str(i) in t.split() for t in st["trg"]), f"{where}: click event {i}: trigger")
        check(st["on"] == [i] and st["sel"], f"{where}: click event {i}: card state {st['on']}")
        for a, b in st["evid"]:
            check(any(e["start"] <= a and b <= e["end"] for e in ev["evidence"]),
                  f"{where}: click event {i}: {a}-{b} highlighted outside the evidence")
        if ev["evidence"]:
            check(st["evid"] or st["hl"], f"{where}: click event {i}: no evidence highlighted")
        again = k["again"]
        check(not again["hl"] and not again["trg"] and not again["on"] and not again["sel"],
              f"{where}: a second click on event {i} did not clear")
    # Clicking a role filler: that mention, within its event.
    for r in d["roles"]:
        want = [r["m"]] if r["m"] in shown else []
        check(r["st"]["hl"] == want and r["st"]["on"] == [r["ev"]],
              f"{where}: click role {r['m']} of event {r['ev']}: {r['st']}")
    # Clicking an entity (in the list or in the text): all its shown mentions,
    # and the events it takes part in.
    for e in d["entclicks"] + [
            {"ent": mentions[c["m"]]["entity"], "st": c["st"]} for c in d["mentionclicks"]
            if mentions[c["m"]]["entity"] is not None]:
        ms = entities[e["ent"]]["mentions"]
        want = sorted(m for m in ms if m in shown)
        check(sorted(e["st"]["hl"]) == want, f"{where}: click entity {e['ent']}: {e['st']['hl']}")
        evs = sorted(i for i, ev in enumerate(events) if set(roles_of(ev)) & set(ms))
        check(sorted(e["st"]["on"]) == evs, f"{where}: click entity {e['ent']}: events {e['st']['on']}")
    check(not d["afterEscape"]["sel"], f"{where}: Escape did not clear")
    del text


def page_checks(path):
    with open(path, encoding="utf-8") as f:
        html = f.read()
    # Self-contained: nothing fetched (the browser counted elements; this is the text).
    check(not re.search(r"<link\b|\bsrc=|@import|url\(", html), f"{path}: refers to outside files")


os.makedirs(OUT, exist_ok=True)
dct = "2021-03-15"
single = os.path.join(OUT, "official-visit.html")
with open(single, "w", encoding="utf-8") as f:
    f.write(extract("--dct", dct, "--format", "html", ARTICLE))
doc = json.loads(extract("--dct", dct, "--format", "jsonl", ARTICLE))
page_checks(single)
seen = drive(single)
check(seen["external"] == 0, "the page has external elements")
check(len(seen["docs"]) == 1 and not seen["nav"], "one document, no document list")
check_doc(doc, seen["docs"][0], "official-visit")
check(len(doc["events"]) >= 4 and len(seen["docs"][0]["timeline"]) >= 2,
      "the example article has its events and a timeline")

# A batch from JSONL on one page: every document, and a list of them.
lines = [json.dumps({"id": "maghreb", "text": open(os.path.join(SRC, ARTICLE), encoding="utf-8").read(),
                     "dct": dct}),
         json.dumps({"id": "lyon", "text": SECOND, "dct": "2023-05-08"}),
         json.dumps({"id": "empty", "text": "nothing to see here."}),
         json.dumps({"id": "timeline", "dct": "2021-03-10", "text": TIMELINE})]
batch_in = "\n".join(lines) + "\n"
batch = os.path.join(OUT, "batch.html")
with open(batch, "w", encoding="utf-8") as f:
    f.write(extract("--input-format", "jsonl", "--format", "html", stdin=batch_in))
docs = [json.loads(x) for x in
        extract("--input-format", "jsonl", "--format", "jsonl", stdin=batch_in).splitlines()]
page_checks(batch)
seen = drive(batch)
ids = ["maghreb", "lyon", "empty", "timeline"]
check([d["id"] for d in seen["docs"]] == ids, "batch: documents")
check([n[0] for n in seen["nav"]] == ids, f"batch: list {seen['nav']}")
tl = seen["docs"][3]
when = {i: ev["roles"]["when"][0]["value"] for i, ev in enumerate(docs[3]["events"])}
check(sorted(when.values()) == ["2020-SU", "2021-03-02", "2021-03-20", "2021-W11"],
      f"timeline: the events' dates {when}")
by_value = {v: i for i, v in when.items()}
want = [by_value["2020-SU"], by_value["2021-03-02"], "dct", by_value["2021-W11"],
        by_value["2021-03-20"]]
check(tl["timeline_order"] == want, f"timeline order {tl['timeline_order']} != {want}")
check(tl["timeline_dates"] == ["summer 2020", "2 Mar 2021", "10 Mar 2021", "week 11, 2021",
                               "20 Mar 2021"], f"timeline dates {tl['timeline_dates']}")
for doc, d in zip(docs, seen["docs"]):
    check_doc(doc, d, "batch " + doc["id"])
lyon = docs[1]
georgia = [m for m in seen["docs"][1]["marks"] if m["text"] == "Georgia"]
check(georgia and "also in the gazetteer: Georgia (LOC state" in georgia[0]["title"],
      f"batch lyon: the other reading of Georgia on hover: {georgia}")
check(any(len(t["trg"].split()) == 2 for t in seen["docs"][1]["triggers"]),
      "batch lyon: two events on one trigger")
check({e["modality"] for e in lyon["events"]} >= {"asserted", "cancelled"}, "batch lyon: modality")

# One page per document and an index with --output-dir.
outdir = os.path.join(OUT, "pages")
shutil.rmtree(outdir, ignore_errors=True)
r = subprocess.run([EXTRACT, "--input-format", "jsonl", "--format", "html", "--output-dir", outdir],
                   input=batch_in, capture_output=True, text=True, timeout=60)
check(r.returncode == 0 and r.stdout == "", f"--output-dir: {r.returncode} {r.stderr}")
names = sorted(os.listdir(outdir)) if os.path.isdir(outdir) else []
check(names == ["empty.html", "index.html", "index.jsonl", "lyon.html", "maghreb.html",
               "timeline.html"],
      f"--output-dir: {names}")
if "index.html" in names:
    page_checks(os.path.join(outdir, "index.html"))
    idx = open(os.path.join(outdir, "index.html"), encoding="utf-8").read()
    for n in ("maghreb.html", "lyon.html", "empty.html"):
        check(f'href="{n}"' in idx, f"index links {n}")
    seen = drive(os.path.join(outdir, "lyon.html"))
    check([d["id"] for d in seen["docs"]] == ["lyon"], "--output-dir: lyon.html")
    check_doc(docs[1], seen["docs"][0], "pages/lyon.html")

# The screenshot: the example article with its first meeting selected.
shot_page = os.path.join(OUT, "screenshot.html")
meeting = next(i for i, ev in enumerate(json.loads(
    extract("--dct", dct, "--format", "jsonl", ARTICLE))["events"]) if ev["type"] == "meeting")
with open(single, encoding="utf-8") as f, open(shot_page, "w", encoding="utf-8") as g:
    g.write(f.read() + "<script>document.addEventListener('DOMContentLoaded',function(){"
            f"document.querySelector('.card[data-ev=\"{meeting}\"]').click();}});</script>")
png = SHOT or os.path.join(OUT, "official-visit.png")
if os.path.exists(png):
    os.remove(png)
chromium("--window-size=1280,1100", "--virtual-time-budget=2000",
         "--screenshot=" + os.path.abspath(png),
         "file://" + os.path.abspath(shot_page))
ok = os.path.exists(png) and open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
check(ok and os.path.getsize(png) > 50000, f"screenshot {png}")
print("screenshot:", png)

shutil.rmtree(PROFILE, ignore_errors=True)
if failures:
    print(f"{len(failures)} failures")
    sys.exit(1)
print("ok: the HTML view holds every entity and event and highlights on click")
