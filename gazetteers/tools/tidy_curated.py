#!/usr/bin/python3
"""Keep the hand-curated gazetteer files tidy.

For every curated TSV listed in CURATED below, check and normalise: UTF-8, LF line endings,
leading '#' comments kept, a header of known columns with name and type,
every entry with as many cells as the header, no tab/CR inside cells, no
leading/trailing whitespace in cells, a valid type and case, entries sorted
in code-point order of the whole line (LC_ALL=C sort) with duplicates removed.

Usage: tidy_curated.py [--check] [FILE...]
  without --check: rewrite the files in normal form (errors are reported);
  with --check: exit 1 if a file is not in normal form or has errors.
With --check-all the generated files (GENERATED) are checked read-only too.
"""
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gazlib  # noqa: E402

TYPES = {"PER", "LOC", "ORG", "NORP", "MISC", "LEX"}
CASES = {"", "cap", "exact"}


def normal_form(path):
    """Return (text, errors)."""
    errors = []
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, ["%s: not UTF-8 (%s)" % (path, e)]
    if "\r" in text:
        errors.append("%s: CR characters" % path)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    comments, i = [], 0
    while i < len(lines) and lines[i].startswith("#"):
        comments.append(lines[i].rstrip())
        i += 1
    if i >= len(lines):
        return None, errors + ["%s: no header" % path]
    header = lines[i].split("\t")
    i += 1
    for c in header:
        if c not in gazlib.KNOWN_COLUMNS:
            errors.append("%s: unknown column %r" % (path, c))
    if header[:2] != ["name", "type"] and not ("name" in header and "type" in header):
        errors.append("%s: header lacks name/type" % path)
    ti = header.index("type") if "type" in header else 1
    ci = header.index("case") if "case" in header else None
    body = set()
    for n, line in enumerate(lines[i:], start=i + 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            errors.append("%s:%d: comment inside body" % (path, n))
            continue
        cells = line.split("\t")
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        if len(cells) > len(header):
            errors.append("%s:%d: %d cells, header has %d" % (path, n, len(cells), len(header)))
            continue
        cells = [gazlib.clean(c) for c in cells]
        if not cells[header.index("name")]:
            errors.append("%s:%d: empty name" % (path, n))
        if cells[ti] not in TYPES:
            errors.append("%s:%d: bad type %r" % (path, n, cells[ti]))
        if ci is not None and cells[ci] not in CASES:
            errors.append("%s:%d: bad case %r" % (path, n, cells[ci]))
        body.add("\t".join(cells))
    out = "\n".join(comments + ["\t".join(header)] + sorted(body)) + "\n"
    return out, errors


# The hand-curated files this tool maintains (other TSV files in gazetteers/
# belong to other stages and keep their own conventions).
CURATED = [
    "organizations.tsv", "titles.tsv", "people.tsv", "regions.tsv",
    "given_names_curated.tsv", "surnames.tsv", "months.tsv", "weekdays.tsv",
    "number_words.tsv", "temporal_words.tsv", "triggers.tsv", "org_suffixes.tsv",
    "org_heads.tsv", "sports_teams.tsv", "name_heads.tsv", "entity_words.tsv",
]
GENERATED = [
    "countries.tsv", "demonyms.tsv", "subdivisions.tsv", "cities.tsv", "capitals.tsv",
    "given_names.tsv", "english_words.tsv", "people_surnames.tsv",
]


def curated_files():
    return [p for p in (os.path.join(gazlib.GAZ_DIR, n) for n in CURATED) if os.path.exists(p)]


def main(argv):
    check = "--check" in argv
    check_all = "--check-all" in argv
    files = [a for a in argv[1:] if not a.startswith("--")]
    if not files:
        files = curated_files()
        if check_all:
            files += [p for p in (os.path.join(gazlib.GAZ_DIR, n) for n in GENERATED) if os.path.exists(p)]
    status = 0
    for p in files:
        text, errors = normal_form(p)
        for e in errors:
            sys.stderr.write(e + "\n")
        if errors:
            status = 1
        if text is None:
            continue
        with open(p, encoding="utf-8", newline="") as f:
            old = f.read()
        if check or check_all:
            if old != text:
                sys.stderr.write("%s: not in normal form (run tidy_curated.py)\n" % p)
                status = 1
        elif old != text:
            with open(p, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            print("%s: tidied (%d entries)" % (os.path.basename(p), gazlib.count_entries(text)))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
