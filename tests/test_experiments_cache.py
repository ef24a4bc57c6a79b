"""Tests of the result cache (dlscratch.experiments.cache): directory, keys, damaged entries,
and two processes that ask for the same entry at once."""

import hashlib
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import dlscratch
from dlscratch.experiments import (
    cached_compare_optimizers,
    cached_result,
    comparison_key,
    experiment_cache_dir,
)
from dlscratch.experiments.cache import CACHE_FORMAT, cache_key

# The child processes import the dlscratch that these tests import.
SOURCE_ROOT = str(Path(dlscratch.__file__).resolve().parents[1])


def python_env():
    paths = [SOURCE_ROOT, *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def sha256_key(kind, settings):
    """The documented key, computed here: SHA-256 of kind, settings, version and format."""
    payload = {"format": CACHE_FORMAT, "dlscratch": dlscratch.__version__, "kind": kind,
               "settings": settings}  # fmt: skip
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def in_thread(function, timeout=60):
    """Run ``function`` in a thread; return its result, or fail if it has not ended in time."""
    results = []
    thread = threading.Thread(target=lambda: results.append(function()), daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"still waiting after {timeout} s"
    return results[0]


# --- directory and entries -------------------------------------------------------------------


def test_cache_directory_from_argument_environment_or_xdg(mnist, tmp_path, monkeypatch):
    monkeypatch.setenv("DLSCRATCH_CACHE", str(tmp_path / "env"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert experiment_cache_dir(tmp_path / "arg") == tmp_path / "arg"
    assert experiment_cache_dir() == tmp_path / "env"
    cached_compare_optimizers(mnist, ["SGD"], iterations=2, progress=None)
    assert len(list((tmp_path / "env").glob("comparison-*.json"))) == 1
    monkeypatch.delenv("DLSCRATCH_CACHE")
    assert experiment_cache_dir() == tmp_path / "xdg" / "dlscratch" / "experiments"


def test_damaged_cache_entry_is_retrained(mnist, tmp_path):
    cached_compare_optimizers(mnist, ["SGD"], cache_dir=tmp_path, iterations=4, progress=None)
    (meta,) = tmp_path.glob("*.json")
    meta.write_text("{not json", encoding="utf-8")
    again = cached_compare_optimizers(
        mnist, ["SGD"], cache_dir=tmp_path, iterations=4, progress=None
    )
    assert not again.from_cache
    assert json.loads(meta.read_text(encoding="utf-8"))["meta"]["settings"]["iterations"] == 4
    (curves,) = tmp_path.glob("*.npz")
    curves.write_bytes(b"truncated")
    assert not cached_compare_optimizers(
        mnist, ["SGD"], cache_dir=tmp_path, iterations=4, progress=None
    ).from_cache


def test_cached_result_recomputes_a_damaged_entry(tmp_path):
    calls = []

    def compute():
        calls.append(1)
        return {"x": np.arange(3.0)}, {"n": 3}

    cached_result("demo", {"a": 1}, compute, cache_dir=tmp_path)
    (json_file,) = tmp_path.glob("demo-*.json")
    json_file.write_text("{not json", encoding="utf-8")
    arrays, meta, from_cache = cached_result("demo", {"a": 1}, compute, cache_dir=tmp_path)
    assert (from_cache, len(calls), meta) == (False, 2, {"n": 3})
    np.testing.assert_array_equal(arrays["x"], [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match="kind"):
        cached_result("not a name", {}, compute, cache_dir=tmp_path)


def test_an_entry_whose_arrays_are_missing_is_recomputed(tmp_path):
    # The description is written after the arrays; without them it is ignored, not trusted.
    calls = []

    def compute():
        calls.append(1)
        return {"x": np.ones(2)}, {}

    cached_result("demo", {"a": 2}, compute, cache_dir=tmp_path)
    (tmp_path / f"demo-{sha256_key('demo', {'a': 2})[:24]}.npz").unlink()
    assert cached_result("demo", {"a": 2}, compute, cache_dir=tmp_path)[2] is False
    assert len(calls) == 2


# --- one key scheme --------------------------------------------------------------------------


def test_every_kind_of_result_is_keyed_the_same_way(mnist, tmp_path):
    settings = {"n": 4, "label": "η", "sizes": [1, 2]}
    cached_result("demo", settings, lambda: ({"x": np.zeros(1)}, {}), cache_dir=tmp_path)
    key = sha256_key("demo", settings)
    assert cache_key("demo", settings) == key
    stored = json.loads((tmp_path / f"demo-{key[:24]}.json").read_text(encoding="utf-8"))
    assert stored["key"] == key

    # A comparison's key is that of kind "comparison": its settings, the order of its runs and
    # the fingerprint of its data.  comparison_key returns it, and it names the entry.
    result = cached_compare_optimizers(mnist, ["SGD"], iterations=3, cache_dir=tmp_path,
                                       progress=None)  # fmt: skip
    documented = sha256_key("comparison", {"settings": result.settings, "order": ["SGD"],
                                           "data": result.data_fingerprint})  # fmt: skip
    assert comparison_key(mnist, ["SGD"], iterations=3) == documented
    path = tmp_path / f"comparison-{documented[:24]}.json"
    assert json.loads(path.read_text(encoding="utf-8"))["key"] == documented


# --- two askers at once ----------------------------------------------------------------------

ASKER = textwrap.dedent(
    """
    import json, os, sys, time
    from pathlib import Path

    import numpy as np

    from dlscratch.experiments import cached_result

    folder = Path(sys.argv[1])

    def compute():
        with open(folder / "runs.txt", "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()}\\n")
        # Keep computing until both processes have asked, and a little longer: the other
        # one then finds no entry and must wait for this one.
        deadline = time.monotonic() + 60
        while len(list(folder.glob("asking-*"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)
        return {"squares": np.arange(5.0) ** 2}, {"by": os.getpid()}

    (folder / f"asking-{os.getpid()}").touch()
    asked = time.time()
    arrays, meta, from_cache = cached_result("race", {"n": 5}, compute,
                                             cache_dir=folder / "cache")
    print(json.dumps({"asked": asked, "answered": time.time(), "from_cache": from_cache,
                      "squares": arrays["squares"].tolist(), "meta": meta}))
    """
)


def test_two_processes_asking_at_once_compute_the_entry_once(tmp_path):
    script = tmp_path / "ask.py"
    script.write_text(ASKER, encoding="utf-8")
    processes = [
        subprocess.Popen([sys.executable, str(script), str(tmp_path)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=python_env())
        for _ in range(2)
    ]  # fmt: skip
    outputs = [process.communicate(timeout=120) for process in processes]
    for process, (_, errors) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, errors
    results = [json.loads(out) for out, _ in outputs]

    runs = (tmp_path / "runs.txt").read_text(encoding="utf-8").split()
    assert len(runs) == 1  # computed exactly once
    assert results[0]["squares"] == results[1]["squares"] == [0.0, 1.0, 4.0, 9.0, 16.0]
    assert results[0]["meta"] == results[1]["meta"] == {"by": int(runs[0])}
    reader, computer = sorted(results, key=lambda result: not result["from_cache"])
    assert reader["from_cache"] and not computer["from_cache"]
    # The reader asked before the entry existed: it waited for it instead of training.
    assert reader["asked"] < computer["answered"]
    # One entry and its lock; the temporary files were renamed into place.
    names = sorted(path.suffix for path in (tmp_path / "cache").iterdir())
    assert names == [".json", ".lock", ".npz"]


def test_two_threads_asking_at_once_compute_the_entry_once(tmp_path):
    calls, asked = [], threading.Barrier(2)

    def compute():
        calls.append(1)
        time.sleep(0.3)
        return {"x": np.arange(3)}, {"calls": len(calls)}

    def ask():
        asked.wait()
        return cached_result("race", {"threads": 2}, compute, cache_dir=tmp_path)

    results = []
    threads = [threading.Thread(target=lambda: results.append(ask())) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(calls) == 1 and len(results) == 2
    assert sorted(from_cache for _, _, from_cache in results) == [False, True]
    for arrays, meta, _ in results:
        np.testing.assert_array_equal(arrays["x"], [0, 1, 2])
        assert meta == {"calls": 1}


# --- stale locks -----------------------------------------------------------------------------


def test_a_lock_file_left_on_disk_does_not_block(tmp_path):
    lock = tmp_path / f"demo-{sha256_key('demo', {'stale': 1})[:24]}.lock"
    lock.write_text("", encoding="utf-8")  # as a finished or crashed run leaves it
    arrays, _, from_cache = in_thread(
        lambda: cached_result("demo", {"stale": 1}, lambda: ({"x": np.ones(1)}, {}),
                              cache_dir=tmp_path)
    )  # fmt: skip
    assert not from_cache and arrays["x"].tolist() == [1.0]
    assert lock.exists()


def test_the_lock_of_a_process_killed_while_computing_does_not_block(tmp_path):
    lock = tmp_path / f"demo-{sha256_key('demo', {'killed': 1})[:24]}.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from filelock import FileLock; "
         "FileLock(sys.argv[1]).acquire(); print('locked', flush=True); time.sleep(120)",
         str(lock)],
        stdout=subprocess.PIPE, text=True, env=python_env(),
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
    finally:
        holder.kill()  # dies holding the lock, as a run killed in the middle of training
        holder.wait(30)
        holder.stdout.close()
    assert lock.exists()
    calls = []

    def compute():
        calls.append(1)
        return {"x": np.zeros(2)}, {"n": 2}

    _, meta, from_cache = in_thread(
        lambda: cached_result("demo", {"killed": 1}, compute, cache_dir=tmp_path)
    )
    assert (meta, from_cache, len(calls)) == ({"n": 2}, False, 1)
