"""The package's own PEP 517 backend (python/build_backend/nerve_build.py):
a wheel pip can install, recording the library it was pointed at."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

import nerve

from conftest import PYTHON_DIR


def backend() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "nerve_build", PYTHON_DIR / "build_backend" / "nerve_build.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_versions_agree() -> None:
    # The binding, the library it loaded and the wheel's metadata are one version.
    assert nerve.__version__ == nerve.library_version() == backend()._version()


def test_wheel_records_the_library_and_hashes(tmp_path: Path) -> None:
    lib = os.path.realpath(nerve.library_path)
    name = backend().build_wheel(str(tmp_path), {"libnerve": lib})
    assert name == f"nerve-{nerve.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(tmp_path / name) as zf:
        names = set(zf.namelist())
        for want in ("nerve/__init__.py", "nerve/_lib.py", "nerve/__main__.py",
                     "nerve/dask.py", "nerve/py.typed", "nerve/_install.py"):
            assert want in names
        dist = f"nerve-{nerve.__version__}.dist-info"
        meta = zf.read(f"{dist}/METADATA").decode()
        assert f"Version: {nerve.__version__}" in meta and "Name: nerve" in meta
        assert "Root-Is-Purelib: true" in zf.read(f"{dist}/WHEEL").decode()
        install = zf.read("nerve/_install.py").decode()
        assert f"LIBRARY = {lib!r}" in install
        # Every file but RECORD is in RECORD with its sha256 and size.
        rows = [r.split(",") for r in zf.read(f"{dist}/RECORD").decode().splitlines()]
        recorded = {r[0]: r for r in rows}
        assert set(recorded) == names
        for path, digest, size in rows:
            if path.endswith("RECORD"):
                assert digest == size == ""
                continue
            data = zf.read(path)
            want = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            assert digest == "sha256=" + want.decode() and int(size) == len(data)


def test_a_missing_library_setting_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="no such file"):
        backend().build_wheel(str(tmp_path), {"libnerve": str(tmp_path / "nope.so")})


def test_installed_wheel_finds_the_recorded_library(tmp_path: Path) -> None:
    """Unpacked where nothing else would find libnerve, the package loads the
    library the wheel recorded (no NERVE_LIBRARY, no LD_LIBRARY_PATH)."""
    lib = os.path.realpath(nerve.library_path)
    name = backend().build_wheel(str(tmp_path), {"libnerve": lib})
    site = tmp_path / "site"
    with zipfile.ZipFile(tmp_path / name) as zf:
        zf.extractall(site)
    env = {k: v for k, v in os.environ.items()
           if k not in ("NERVE_LIBRARY", "LD_LIBRARY_PATH")}
    env["PYTHONPATH"] = str(site)
    p = subprocess.run([sys.executable, "-c", "import nerve; print(nerve.library_path)"],
                       capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == lib


def test_sdist_holds_the_backend(tmp_path: Path) -> None:
    name = backend().build_sdist(str(tmp_path))
    with tarfile.open(tmp_path / name) as tf:
        members = set(tf.getnames())
    base = f"nerve-{nerve.__version__}"
    for want in ("PKG-INFO", "pyproject.toml", "build_backend/nerve_build.py",
                 "nerve/__init__.py", "LICENSE"):
        assert f"{base}/{want}" in members
