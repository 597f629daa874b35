"""The build backend of the nerve Python package (PEP 517), standard library only.

``pip install ./python`` builds the wheel with nothing but this file: no
setuptools, no ``wheel`` package, nothing to download, so the install works
offline with any Python >= 3.8 and any pip (a Python whose setuptools lacks
``bdist_wheel`` included).

The package is pure Python over libnerve through ctypes. At build time the
backend looks for the libnerve the package should load and records its path
in the generated ``nerve/_install.py``, so ``import nerve`` needs no
environment variable afterwards. It looks, in order, at:

1. the config setting ``libnerve`` (``pip install --config-settings
   libnerve=/path/libnerve.so.0 ./python``),
2. ``NERVE_LIBRARY`` in the build's environment,
3. ``pkg-config --variable=libdir nerve`` (an installed nerve; for a prefix
   pkg-config does not search, set ``PKG_CONFIG_PATH`` for the install),
4. ``../build/lib/libnerve.so`` (the checkout's build tree).

When none applies the wheel records nothing and the package falls back to
the dynamic loader at import, with an error naming what to set.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent  # python/
NAME = "nerve"
SUMMARY = ("People, places, organizations, dates and events in English news text "
           "(ctypes binding to libnerve)")
DESCRIPTION = """\
Python binding through ctypes to libnerve (pure Python, standard library only).

The wheel records the libnerve it was built against (found through
pkg-config or the build tree); NERVE_LIBRARY overrides it at run time.
The data directory is the library's own (the installed share/nerve, or the
build tree); NERVE_DATA_DIR or Model(data_dir=...) overrides it.
The optional nerve.dask module needs dask and distributed.
"""
CLASSIFIERS = (
    "Programming Language :: Python :: 3",
    "Programming Language :: C",
    "License :: OSI Approved :: MIT License",
    "Topic :: Text Processing :: Linguistic",
    "Typing :: Typed",
)


def _version() -> str:
    text = (ROOT / "nerve" / "__init__.py").read_text(encoding="utf-8")
    m = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not m:
        raise RuntimeError("nerve/__init__.py has no __version__ line")
    return m.group(1)


def _log(msg: str) -> None:
    print(f"nerve build: {msg}", file=sys.stderr)


def _pkg_config_library() -> Optional[Path]:
    try:
        out = subprocess.run(["pkg-config", "--variable=libdir", "nerve"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    libdir = out.stdout.strip()
    if out.returncode != 0 or not libdir:
        return None
    for name in ("libnerve.so.0", "libnerve.so", "libnerve.0.dylib", "libnerve.dylib"):
        p = Path(libdir) / name
        if p.exists():
            return p
    return None


def find_library(config_settings: Optional[Dict[str, Any]]) -> Tuple[Optional[Path], str]:
    """(path of the libnerve to record, how it was found)."""
    setting = (config_settings or {}).get("libnerve")
    if setting:
        p = Path(setting).expanduser().absolute()
        if not p.exists():
            raise RuntimeError(f"nerve build: config setting libnerve={setting}: no such file")
        return p, "config setting libnerve"
    env = os.environ.get("NERVE_LIBRARY")
    if env:
        p = Path(env).expanduser().absolute()
        if not p.exists():
            raise RuntimeError(f"nerve build: NERVE_LIBRARY={env}: no such file")
        return p, "NERVE_LIBRARY"
    p = _pkg_config_library()
    if p is not None:
        return p, "pkg-config"
    p = ROOT.parent / "build" / "lib" / "libnerve.so"
    if p.exists():
        return p.absolute(), "build tree"
    return None, "nothing"


def _install_module(library: Optional[Path], how: str) -> bytes:
    return (
        '"""Generated when the package was built (python/build_backend/nerve_build.py):\n'
        'where libnerve was found then. NERVE_LIBRARY overrides it."""\n\n'
        f"LIBRARY = {str(library) if library else None!r}\n"
        f"FOUND_BY = {how!r}\n"
    ).encode("utf-8")


def _package_files() -> List[Tuple[str, bytes]]:
    out = []
    for p in sorted((ROOT / "nerve").iterdir()):
        if p.name == "_install.py":
            continue  # generated, never taken from the tree
        if p.is_file() and (p.suffix == ".py" or p.name == "py.typed"):
            out.append((f"nerve/{p.name}", p.read_bytes()))
    return out


def _license_file() -> Optional[Path]:
    # The checkout's LICENSE (python/../LICENSE), or an sdist's own copy.
    for p in (ROOT.parent / "LICENSE", ROOT / "LICENSE"):
        if p.is_file():
            return p
    return None


def _metadata() -> str:
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {NAME}",
        f"Version: {_version()}",
        f"Summary: {SUMMARY}",
        "License: MIT",
        "Requires-Python: >=3.8",
        "Provides-Extra: dask",
        'Requires-Dist: dask; extra == "dask"',
        'Requires-Dist: distributed; extra == "dask"',
    ]
    lines += [f"Classifier: {c}" for c in CLASSIFIERS]
    lines += ["Description-Content-Type: text/plain", "", DESCRIPTION]
    return "\n".join(lines)


def _timestamp() -> Tuple[int, int, int, int, int, int]:
    # Reproducible archives: SOURCE_DATE_EPOCH when set, else 1980-01-01.
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    return time.gmtime(max(epoch, 315532800))[:6]


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")


# -- PEP 517 hooks -----------------------------------------------------------


def get_requires_for_build_wheel(config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    return []


def get_requires_for_build_sdist(config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    return []


def build_wheel(wheel_directory: str, config_settings: Optional[Dict[str, Any]] = None,
                metadata_directory: Optional[str] = None) -> str:
    version = _version()
    library, how = find_library(config_settings)
    if library is None:
        _log("libnerve not found (no NERVE_LIBRARY, pkg-config knows no nerve, no "
             "../build/lib); the package will ask the dynamic loader at import. Set "
             "PKG_CONFIG_PATH=<prefix>/lib/<arch>/pkgconfig for an install pkg-config "
             "does not search.")
    else:
        _log(f"libnerve: {library} (found by {how})")
    dist_info = f"{NAME}-{version}.dist-info"
    files = _package_files()
    files.append(("nerve/_install.py", _install_module(library, how)))
    files.append((f"{dist_info}/METADATA", _metadata().encode("utf-8")))
    files.append((f"{dist_info}/WHEEL", (
        "Wheel-Version: 1.0\nGenerator: nerve_build\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n").encode("ascii")))
    files.append((f"{dist_info}/top_level.txt", b"nerve\n"))
    license_file = _license_file()
    if license_file is not None:
        files.append((f"{dist_info}/LICENSE", license_file.read_bytes()))
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in files)
    record += f"{dist_info}/RECORD,,\n"
    files.append((f"{dist_info}/RECORD", record.encode("utf-8")))

    wheel_name = f"{NAME}-{version}-py3-none-any.whl"
    os.makedirs(wheel_directory, exist_ok=True)
    stamp = _timestamp()
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel_name), "w",
                         zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return wheel_name


def build_sdist(sdist_directory: str,
                config_settings: Optional[Dict[str, Any]] = None) -> str:
    version = _version()
    base = f"{NAME}-{version}"
    members: List[Tuple[str, bytes]] = [("PKG-INFO", _metadata().encode("utf-8")),
                                        ("pyproject.toml", (ROOT / "pyproject.toml").read_bytes())]
    members += _package_files()
    for p in sorted((ROOT / "build_backend").glob("*.py")):
        members.append((f"build_backend/{p.name}", p.read_bytes()))
    license_file = _license_file()
    if license_file is not None:
        members.append(("LICENSE", license_file.read_bytes()))
    name = f"{base}.tar.gz"
    os.makedirs(sdist_directory, exist_ok=True)
    mtime = max(int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")), 315532800)
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as tf:
        for arcname, data in members:
            info = tarfile.TarInfo(f"{base}/{arcname}")
            info.size = len(data)
            info.mtime = mtime
            info.mode = 0o644
            tf.addfile(info, io.BytesIO(data))
    return name
