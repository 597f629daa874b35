#!/usr/bin/env python3
"""Install nerve into a temporary prefix and use it as a user would.

    test_install.py --source DIR --meson MESON --cc CC --extract BUILD_EXTRACT

1. configure the source tree again with --prefix=TMP/prefix (tests off),
   build, `meson install`;
2. run the installed nerve-extract from another directory and compare its
   JSON with the build tree's extract; compile a gazetteer with the installed
   nerve-compile and use it;
3. compile examples/api_example.c with the flags of the installed nerve.pc
   (which must carry no private defines) and run it;
4. `pip install ./python` (offline, no build isolation needed, into a
   --target folder) with this Python, and with the first python3 on PATH if
   it is another interpreter, and `import nerve` from another directory;
5. uninstall, and check that nothing is left in the prefix;
6. in a git checkout, `meson dist --no-tests` packs LICENSE, CHANGELOG.md,
   the Python build backend and the data.

Steps 2-4 run with LD_LIBRARY_PATH, LD_PRELOAD, NERVE_LIBRARY and
NERVE_DATA_DIR removed from the environment: what was installed must find
its library and data by itself. Exits 0 when every check passed, 1 with a
message naming the failed check, 77 (skip) only when pip is not installed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

CLEAN = ("LD_LIBRARY_PATH", "LD_PRELOAD", "NERVE_LIBRARY", "NERVE_DATA_DIR", "PYTHONPATH",
         "PKG_CONFIG_PATH", "ASAN_OPTIONS", "UBSAN_OPTIONS")
ARTICLE_DCT = "2021-03-15"


class Failed(Exception):
    pass


def clean_env(**extra: str) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN}
    env.update(extra)
    return env


def run(cmd: Sequence[str], *, cwd: Path, env: Optional[Dict[str, str]] = None,
        what: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    t0 = time.monotonic()
    p = subprocess.run(list(cmd), cwd=cwd, env=env if env is not None else clean_env(),
                       input=stdin, capture_output=True, timeout=600)
    print(f"  {what}: exit {p.returncode} ({time.monotonic() - t0:.1f} s)", flush=True)
    if p.returncode != 0:
        raise Failed(f"{what} failed (exit {p.returncode}): {' '.join(map(str, cmd))}\n"
                     f"{p.stdout.decode(errors='replace')[-3000:]}\n"
                     f"{p.stderr.decode(errors='replace')[-3000:]}")
    return p


def check(cond: bool, message: str) -> None:
    if not cond:
        raise Failed(message)


def files_under(root: Path) -> List[str]:
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file() or p.is_symlink())


def normalized(doc: dict) -> dict:
    """The document as it is: origins name the bundled files relative to the
    data folder ("rules/events.rules:67", "gazetteers/capitals.tsv:175"), so
    the build tree and the install, which keep them in different folders,
    give the same output."""
    return doc


def python_interpreters() -> List[str]:
    """This Python, and the first python3 on PATH if it is another one with pip
    (the one `pip install ./python` would use; not Debian's on some machines)."""
    out = [sys.executable]
    other = shutil.which("python3")
    if other and os.path.realpath(other) != os.path.realpath(sys.executable):
        probe = subprocess.run([other, "-m", "pip", "--version"], capture_output=True,
                               env=clean_env(), timeout=60)
        if probe.returncode == 0:
            out.append(other)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True, type=Path)
    ap.add_argument("--meson", required=True)
    ap.add_argument("--cc", required=True)
    ap.add_argument("--extract", required=True, type=Path)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    a = ap.parse_args()
    src = a.source.resolve()
    a.extract = a.extract.resolve()

    if subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True,
                      timeout=60).returncode != 0:
        print(f"SKIP: pip is not installed for {sys.executable} (apt-get install python3-pip)")
        return 77

    tmp = Path(tempfile.mkdtemp(prefix="nerve-install-"))
    prefix, build, elsewhere = tmp / "prefix", tmp / "build", tmp / "elsewhere"
    elsewhere.mkdir()
    ok = False
    try:
        print(f"install test in {tmp}")
        # 1. configure, build, install.
        run([a.meson, "setup", "--prefix", str(prefix), "-Dtests=disabled", str(build)],
            cwd=src, what="meson setup --prefix")
        run([a.meson, "compile", "-C", str(build)], cwd=src, what="meson compile")
        run([a.meson, "install", "-C", str(build)], cwd=src, what="meson install")
        installed = files_under(prefix)
        libdir = json.loads(run([a.meson, "introspect", "--buildoptions", str(build)],
                                cwd=src, what="meson introspect").stdout)
        libdir_rel = next(o["value"] for o in libdir if o["name"] == "libdir")
        lib = prefix / libdir_rel
        for want in ("bin/nerve-extract", "bin/nerve-compile", "include/nerve.h",
                     f"{libdir_rel}/libnerve.so.0", f"{libdir_rel}/pkgconfig/nerve.pc",
                     "share/nerve/gazetteers/nerve.gaz", "share/nerve/rules/events.rules",
                     "share/nerve/syntax/nerve.syn", "share/nerve/syntax/NOTICE",
                     "share/doc/nerve/LICENSE", "share/doc/nerve/CHANGELOG.md"):
            check(want in installed, f"meson install did not install {want}")
        check("bin/extract" not in installed,
              "an installed bin/extract would clash with Debian's libextractor")

        # 2. The installed programs, from another directory, no environment.
        article = src / "examples" / "texts" / "official-visit.txt"
        p = run([str(prefix / "bin" / "nerve-extract"), "--format", "jsonl", "--dct",
                 ARTICLE_DCT, str(article)], cwd=elsewhere, what="installed nerve-extract")
        got = normalized(json.loads(p.stdout))
        p = run([str(a.extract), "--format", "jsonl", "--dct", ARTICLE_DCT, str(article)],
                cwd=elsewhere, env=clean_env(), what="build-tree extract")
        check(got == normalized(json.loads(p.stdout)),
              "the installed nerve-extract and build/examples/extract disagree")
        check(len(got["events"]) > 0 and len(got["mentions"]) > 0,
              "the installed nerve-extract found nothing in the example article")
        p = run([str(prefix / "bin" / "nerve-extract"), "--format", "jsonl", str(article)],
                cwd=elsewhere, what="installed nerve-extract origins")
        installed_origins = [m["origin"] for m in json.loads(p.stdout)["mentions"]
                             if m.get("origin") and m.get("source") == "rule"]
        check(installed_origins and all(o.startswith("rules/") for o in installed_origins),
              f"installed nerve-extract origins not relative to its data: {installed_origins[:3]}")
        gz = tmp / "gz"
        gz.mkdir()
        (gz / "extra.tsv").write_text("name\ttype\tsubtype\tcanonical\tid\tcountry\n"
                                      "Zorbania\tLOC\tcountry\tZorbania\ttest:zb\t\n",
                                      encoding="utf-8")
        run([str(prefix / "bin" / "nerve-compile"), str(gz), str(tmp / "extra.gaz")],
            cwd=elsewhere, what="installed nerve-compile")
        p = run([str(prefix / "bin" / "nerve-extract"), "--format", "jsonl", "--gazetteer",
                 str(tmp / "extra.gaz"), "-"], cwd=elsewhere, stdin=b"They flew to Zorbania.",
                what="nerve-extract --gazetteer compiled.gaz")
        check([m["text"] for m in json.loads(p.stdout)["mentions"] if m["type"] == "LOC"]
              == ["Zorbania"], "the gazetteer nerve-compile wrote was not used")

        # 3. The C example through pkg-config.
        pc_env = clean_env(PKG_CONFIG_PATH=str(lib / "pkgconfig"))
        cflags = run(["pkg-config", "--cflags", "nerve"], cwd=elsewhere, env=pc_env,
                     what="pkg-config --cflags").stdout.decode().split()
        libs = run(["pkg-config", "--libs", "nerve"], cwd=elsewhere, env=pc_env,
                   what="pkg-config --libs").stdout.decode().split()
        pc_libdir = run(["pkg-config", "--variable=libdir", "nerve"], cwd=elsewhere,
                        env=pc_env, what="pkg-config libdir").stdout.decode().strip()
        check(not [f for f in cflags if f.startswith("-D")],
              f"nerve.pc passes private defines to users: {cflags}")
        check(Path(pc_libdir) == lib, f"nerve.pc libdir {pc_libdir} is not {lib}")
        exe = tmp / "api_example"
        run([a.cc, str(src / "examples" / "api_example.c"), "-o", str(exe), *cflags, *libs,
             f"-Wl,-rpath,{pc_libdir}"], cwd=elsewhere, what="cc api_example.c (pkg-config)")
        out = run([str(exe)], cwd=elsewhere, what="api_example").stdout.decode()
        check("Lisbon" in out, f"api_example found no Lisbon:\n{out}")

        # 4. The Python package, built offline, imported from elsewhere.
        probe = ("import nerve, pickle, sys\n"
                 "m = nerve.Model()\n"
                 "doc = pickle.loads(pickle.dumps(m)).process(open(sys.argv[1]).read(),"
                 " dct=sys.argv[2], id=sys.argv[1])\n"
                 "print(nerve.library_path)\nprint(nerve.default_data_dir())\n"
                 "print(nerve.__version__)\nprint(doc.to_json())\n")
        for i, py in enumerate(python_interpreters()):
            site = tmp / f"site{i}"
            run([py, "-m", "pip", "install", "--no-index", "--no-deps", "--target", str(site),
                 str(src / "python")], cwd=elsewhere, env=pc_env,
                what=f"pip install ./python ({py})")
            check((site / "nerve" / "_install.py").exists(), "the wheel recorded no library")
            p = run([py, "-c", probe, str(article), ARTICLE_DCT], cwd=elsewhere,
                    env=clean_env(PYTHONPATH=str(site)), what=f"import nerve ({py})")
            lines = p.stdout.decode().splitlines()
            check(lines[0].startswith(str(lib)), f"nerve loaded {lines[0]}, not the install's")
            check(lines[1].startswith(str(prefix)), f"nerve's data dir is {lines[1]}")
            check(normalized(json.loads(lines[3])) == got,
                  "the installed Python package and nerve-extract disagree")
            p = run([py, "-m", "nerve", "--dct", ARTICLE_DCT, str(article)], cwd=elsewhere,
                    env=clean_env(PYTHONPATH=str(site)), what=f"python -m nerve ({py})")
            check(normalized(json.loads(p.stdout)) == got,
                  "python -m nerve and nerve-extract disagree")

        # 5. Uninstall leaves nothing.
        run(["ninja", "-C", str(build), "uninstall"], cwd=src, what="ninja uninstall")
        left = files_under(prefix)
        check(not left, f"uninstall left {left[:10]}")

        # 6. meson dist packs what a build needs (in a git checkout only).
        if (src / ".git").exists():
            run([a.meson, "dist", "-C", str(build), "--no-tests", "--formats", "gztar",
                 "--allow-dirty"], cwd=src, what="meson dist --no-tests")
            [tarball] = (build / "meson-dist").glob("*.tar.gz")
            with tarfile.open(tarball) as tf:
                names = {n.split("/", 1)[1] for n in tf.getnames() if "/" in n}
            for want in ("LICENSE", "CHANGELOG.md", "meson.build", "include/nerve.h",
                         "python/build_backend/nerve_build.py", "python/pyproject.toml",
                         "gazetteers/cities.tsv", "rules/events.rules", "syntax/nerve.syn"):
                check(want in names, f"meson dist left out {want}")
        else:
            print("  meson dist: not a git checkout, not checked")
        ok = True
        print("install test: all checks passed")
        return 0
    except Failed as e:
        print(f"FAIL: {e}")
        return 1
    finally:
        if ok and not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"(kept {tmp})")


if __name__ == "__main__":
    sys.exit(main())
