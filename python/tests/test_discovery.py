"""Finding libnerve, and the import-time version and layout checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict

import pytest

import nerve
from nerve import _lib

from conftest import PYTHON_DIR


def run_import(env_overrides: Dict[str, str], cwd: Path) -> "subprocess.CompletedProcess[str]":
    env = {k: v for k, v in os.environ.items() if k != "NERVE_LIBRARY"}
    env.update(env_overrides)
    env.setdefault("PYTHONPATH", str(PYTHON_DIR))
    return subprocess.run([sys.executable, "-c", "import nerve; print(nerve.library_path)"],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=60)


def test_nerve_library_env_is_exact(tmp_path: Path) -> None:
    p = run_import({"NERVE_LIBRARY": str(tmp_path / "libnerve.so")}, tmp_path)
    assert p.returncode != 0
    assert "ImportError" in p.stderr and "NERVE_LIBRARY" in p.stderr
    assert str(tmp_path / "libnerve.so") in p.stderr


def test_library_next_to_the_package(tmp_path: Path) -> None:
    pkg = tmp_path / "site" / "nerve"
    pkg.mkdir(parents=True)
    for f in ("__init__.py", "_lib.py", "py.typed"):
        (pkg / f).write_bytes((PYTHON_DIR / "nerve" / f).read_bytes())
    (pkg / "libnerve.so").write_bytes(Path(os.path.realpath(nerve.library_path)).read_bytes())
    p = run_import({"PYTHONPATH": str(tmp_path / "site"), "LD_LIBRARY_PATH": ""}, tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == str(pkg / "libnerve.so")


class FakeLib:
    """Stands in for the CDLL in _check_abi."""

    def __init__(self, version: int, sizes: Dict[int, int]) -> None:
        self.version, self.sizes = version, sizes

    def nerve_version(self) -> int:
        return self.version

    def nerve_version_string(self) -> bytes:
        v = self.version
        return f"{v >> 16}.{(v >> 8) & 255}.{v & 255}".encode()

    def nerve_struct_size(self, which: int) -> int:
        return self.sizes[which]


def real_sizes() -> Dict[int, int]:
    return {which: _lib.lib.nerve_struct_size(which) for which, _ in _lib._STRUCTS}


def test_abi_check_accepts_this_library() -> None:
    _lib._check_abi(_lib.lib)
    _lib._check_abi(FakeLib(_lib.EXPECTED_MAJOR << 16 | 0x0203, real_sizes()))  # type: ignore


def test_abi_check_rejects_another_major() -> None:
    with pytest.raises(ImportError, match="major"):
        _lib._check_abi(FakeLib((_lib.EXPECTED_MAJOR + 1) << 16, real_sizes()))  # type: ignore


def test_abi_check_rejects_layout_drift() -> None:
    sizes: Dict[int, Any] = real_sizes()
    sizes[_lib.STRUCT_MENTION] += 8  # the C struct grew a field
    with pytest.raises(ImportError, match="layout drift"):
        _lib._check_abi(FakeLib(_lib.EXPECTED_MAJOR << 16, sizes))  # type: ignore


def test_struct_mirrors_match_ctypes() -> None:
    import ctypes

    for name in ("SENTENCE", "TOKEN", "MENTION", "ENTITY", "EVENT", "ARG", "SPAN"):
        pack = getattr(_lib, f"{name}_PACK")
        st = {"SENTENCE": _lib.Sentence, "TOKEN": _lib.Token, "MENTION": _lib.Mention,
              "ENTITY": _lib.Entity, "EVENT": _lib.Event, "ARG": _lib.Arg,
              "SPAN": _lib.Span}[name]
        assert pack.size == ctypes.sizeof(st)


def loader_finds_libnerve(tmp_path: Path) -> bool:
    """Whether ctypes.util.find_library finds a libnerve with LD_LIBRARY_PATH
    emptied, as in run_import's children (meson test sets it for the build
    tree)."""
    env = {k: v for k, v in os.environ.items() if k != "NERVE_LIBRARY"}
    env["LD_LIBRARY_PATH"] = ""
    p = subprocess.run([sys.executable, "-c",
                        "import ctypes.util; print(ctypes.util.find_library('nerve'))"],
                       capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    return p.stdout.strip() != "None"


def test_no_library_anywhere_says_what_to_set(tmp_path: Path) -> None:
    if loader_finds_libnerve(tmp_path):
        pytest.skip("a libnerve is installed where the dynamic loader finds it")
    pkg = tmp_path / "site" / "nerve"
    pkg.mkdir(parents=True)
    for f in ("__init__.py", "_lib.py", "py.typed"):
        (pkg / f).write_bytes((PYTHON_DIR / "nerve" / f).read_bytes())
    p = run_import({"PYTHONPATH": str(tmp_path / "site"), "LD_LIBRARY_PATH": ""}, tmp_path)
    assert p.returncode != 0
    assert "NERVE_LIBRARY" in p.stderr and "PKG_CONFIG_PATH" in p.stderr


def test_recorded_library_is_used(tmp_path: Path) -> None:
    pkg = tmp_path / "site" / "nerve"
    pkg.mkdir(parents=True)
    for f in ("__init__.py", "_lib.py", "py.typed"):
        (pkg / f).write_bytes((PYTHON_DIR / "nerve" / f).read_bytes())
    lib = os.path.realpath(nerve.library_path)
    (pkg / "_install.py").write_text(f"LIBRARY = {lib!r}\nFOUND_BY = 'test'\n")
    p = run_import({"PYTHONPATH": str(tmp_path / "site"), "LD_LIBRARY_PATH": ""}, tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == lib
    # A recorded library that is gone is named in the error.
    (pkg / "_install.py").write_text(f"LIBRARY = {str(tmp_path / 'gone.so')!r}\n")
    p = run_import({"PYTHONPATH": str(tmp_path / "site"), "LD_LIBRARY_PATH": ""}, tmp_path)
    if not loader_finds_libnerve(tmp_path):  # else the loader finds that one
        assert p.returncode != 0
        assert "gone.so" in p.stderr and "recorded at install" in p.stderr
