"""close(), context managers, __del__, documents outliving models, threads,
interpreter exit."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import nerve

from conftest import PYTHON_DIR, SAMPLES


def test_context_manager_closes() -> None:
    with nerve.Model() as m:
        doc = m.process(SAMPLES["ascii"])
        assert not m.closed
    assert m.closed
    with pytest.raises(nerve.StateError) as info:
        m.process("x")
    assert info.value.code == -9 and info.value.name == "NERVE_ESTATE"
    with pytest.raises(nerve.StateError):
        list(m.pipe(["x"], threads=2))
    assert "closed" in repr(m)
    assert doc.text == SAMPLES["ascii"]


def test_close_is_idempotent() -> None:
    m = nerve.Model()
    m.process("Paris")
    m.close()
    m.close()
    assert m.closed


def test_documents_outlive_the_model() -> None:
    m = nerve.Model()
    doc = m.process(SAMPLES["accents"], dct="2020-09-28", id="a")
    expected = doc.to_dict()
    m.close()
    del m
    gc.collect()
    assert doc.to_dict() == expected
    assert all(x.text == doc.text[x.start:x.end] for x in doc.mentions)


def test_results_survive_the_next_process(model: nerve.Model) -> None:
    first = model.process(SAMPLES["cjk"])
    snapshot = first.to_dict()
    model.process(SAMPLES["emoji"])
    model.process(b"")
    assert first.to_dict() == snapshot


def test_dropped_model_is_freed() -> None:
    for _ in range(5):
        m = nerve.Model()
        m.process("Paris")
        del m
        gc.collect()


def test_close_while_other_threads_hold_docs() -> None:
    m = nerve.Model()
    ready, done = threading.Event(), threading.Event()

    def worker() -> None:
        m.process("Rome")  # creates this thread's nerve_doc
        ready.set()
        done.wait(10)

    t = threading.Thread(target=worker)
    t.start()
    ready.wait(10)
    m.close()  # frees the worker's doc before the model
    done.set()
    t.join()
    gc.collect()


def test_threads_sharing_one_model(model: nerve.Model) -> None:
    texts = list(SAMPLES.values()) * 5
    expected = [model.process(t, dct="2020-09-28") for t in texts]
    results: dict = {}

    def worker(k: int) -> None:
        results[k] = [model.process(t, dct="2020-09-28") for t in texts]

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[k] == expected for k in range(4))


def test_no_crash_at_interpreter_exit(tmp_path: Path) -> None:
    # Models, thread docs and an abandoned pipe left for interpreter shutdown.
    script = tmp_path / "exit.py"
    script.write_text(
        "import threading, nerve\n"
        "m = nerve.Model()\n"
        "keep = m.process('Emmanuel Macron visited Berlin.')\n"
        "t = threading.Thread(target=lambda: m.process('Rome'))\n"
        "t.start(); t.join()\n"
        "g = m.pipe(['Paris'] * 50, threads=2)\n"
        "next(g)\n"
        "m2 = nerve.Model()\n"
        "cycle = [m2]; cycle.append(cycle)\n"
        "print('done')\n",
        encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PYTHON_DIR), env.get("PYTHONPATH")]))
    p = subprocess.run([sys.executable, str(script)], capture_output=True, timeout=120, env=env)
    assert p.returncode == 0, p.stderr.decode()
    assert p.stdout.strip() == b"done"
    assert b"Exception ignored" not in p.stderr, p.stderr.decode()


def test_documents_pickle(model: nerve.Model) -> None:
    import pickle

    doc = model.process(SAMPLES["emoji"], dct="2020-09-28", id="p")
    fresh = pickle.loads(pickle.dumps(model.process(SAMPLES["emoji"], dct="2020-09-28",
                                                    id="p")))
    assert fresh == doc and fresh.to_dict() == doc.to_dict()
    doc.mentions, doc.tokens  # built, then pickled with its caches
    assert pickle.loads(pickle.dumps(doc)) == doc
