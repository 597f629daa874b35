"""Shared fixtures for the nerve binding tests.

Run through Meson (``meson test --suite python``), which sets NERVE_LIBRARY,
PYTHONPATH, NERVE_EXTRACT and NERVE_SHARED_DIR, or directly with
``/usr/bin/python3 -m pytest python/tests`` from a checkout whose build tree
is ``build/``: the defaults below then point into it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterator

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPO = PYTHON_DIR.parent

if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))
if not os.environ.get("NERVE_LIBRARY"):
    _built = REPO / "build" / "lib" / "libnerve.so"
    if _built.exists():
        os.environ["NERVE_LIBRARY"] = str(_built)

import nerve  # noqa: E402


def extract_path() -> Path:
    """The extract CLI (NERVE_EXTRACT, else build/examples/extract)."""
    return Path(os.environ.get("NERVE_EXTRACT") or REPO / "build" / "examples" / "extract")


def shared_dir() -> Path:
    """The shared folder (NERVE_SHARED_DIR, else ../shared next to the repo)."""
    return Path(os.environ.get("NERVE_SHARED_DIR") or REPO.parent / "shared")


@pytest.fixture(scope="session")
def model() -> Iterator[nerve.Model]:
    """One default model shared by the whole session (models are thread-safe)."""
    with nerve.Model() as m:
        yield m


@pytest.fixture(scope="session")
def extract() -> Path:
    p = extract_path()
    if not p.exists():
        pytest.skip(f"extract CLI not built at {p}")
    return p


@pytest.fixture(scope="session")
def corpus() -> Path:
    p = shared_dir() / "corpus"
    if not p.is_dir():
        pytest.skip(f"shared corpus not found at {p}")
    return p


# Texts that exercise offsets: accents (precomposed and combining), emoji
# (astral code points, ZWJ sequences, flags, skin tones), CJK, RTL, NUL.
SAMPLES = {
    "ascii": "U.S. Defense Secretary Mark Esper will visit Tunisia on Tuesday, the "
             "Pentagon said. He meets President Kais Saied in Tunis.",
    "accents": "José Martí visited Bogotá and São Paulo on Monday. Zoe\u0308 Müller "
               "met François Hollande in Besançon, France.",
    "emoji": "👩‍👩‍👧‍👦 Families in Paris 🇫🇷 welcomed Emmanuel Macron 👋🏽 on Friday. "
             "Angela Merkel 🙂 visited Berlin.",
    "cjk": "東京 — Prime Minister Shinzo Abe met 習近平 (Xi Jinping) in Beijing on "
           "Thursday. 北京 was cold.",
    "rtl": "Mahmoud Abbas (محمود عباس) travelled to Cairo, Egypt, on 3 March 2020.",
    "nul": "Joe Biden arrived in Kyiv.\x00 Then he went to Warsaw, Poland, on Monday.",
}
