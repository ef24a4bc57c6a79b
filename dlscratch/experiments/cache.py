"""The one store of the experiments' results: keys, entries on disk, and a lock per entry.

Every cached experiment (:func:`~dlscratch.experiments.cached_compare_optimizers`,
:func:`~dlscratch.experiments.cached_compare_networks`,
:func:`~dlscratch.experiments.cached_training`, the trials of
:func:`~dlscratch.experiments.random_search`) stores its result here in the same way:

* **one key scheme**: :func:`cache_key` is the SHA-256 of the kind of result,
  the settings that determine it, the dlscratch version and
  :data:`CACHE_FORMAT`;
* **one entry layout**: ``<kind>-<key>.npz`` holds the named arrays and
  ``<kind>-<key>.json`` the key, the arrays' names and a dict of JSON values
  (``<key>`` is the first 24 digits of the key);
* **one reader and one writer**, :func:`load_or_compute`: the arrays are
  written first, then the description that points to them, each to a
  temporary file that is then renamed, so a reader never sees half an entry;
* **one lock per entry**, ``<kind>-<key>.lock`` beside it (a
  :class:`filelock.FileLock`): while one process or thread computes an
  entry, another that asks for the same one waits, then reads what the
  first stored instead of training again.  The lock is the operating
  system's (``flock``), so it goes with a process that dies, and a lock
  file left on disk blocks nobody.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path

import numpy as np
from filelock import FileLock

from dlscratch import __version__

__all__ = [
    "CACHE_FORMAT",
    "cache_key",
    "cached_result",
    "experiment_cache_dir",
    "fingerprint",
    "load_or_compute",
]

#: Bump when the stored format or the meaning of a setting changes; older entries are then
#: ignored.  4: one key scheme for every kind of result, and a lock file beside each entry.
CACHE_FORMAT = 4

Arrays = dict[str, np.ndarray]


def experiment_cache_dir(cache_dir: str | os.PathLike | None = None) -> Path:
    """Return the directory where :func:`cached_compare_optimizers` stores results.

    Parameters
    ----------
    cache_dir : str or path-like, optional
        If given, it is returned (as a :class:`~pathlib.Path`).

    Returns
    -------
    pathlib.Path
        ``cache_dir``, else ``$DLSCRATCH_CACHE``, else
        ``$XDG_CACHE_HOME/dlscratch/experiments``, else
        ``~/.cache/dlscratch/experiments``.  The directory is not created.

    Examples
    --------
    >>> from dlscratch.experiments import experiment_cache_dir
    >>> experiment_cache_dir("/tmp/results").as_posix()
    '/tmp/results'
    """
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    from_env = os.environ.get("DLSCRATCH_CACHE")
    if from_env:
        return Path(from_env).expanduser()
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home).expanduser() / "dlscratch" / "experiments"


def fingerprint(*arrays: np.ndarray) -> str:
    """SHA-256 of arrays: their dtypes, shapes and bytes, in order.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.experiments.cache import fingerprint
    >>> fingerprint(np.zeros(2)) == fingerprint(np.zeros(2, dtype=np.float32))
    False
    """
    digest = hashlib.sha256()
    for array in arrays:
        array = np.ascontiguousarray(array)
        digest.update(f"{array.dtype.str}{array.shape}".encode())
        digest.update(memoryview(array).cast("B"))
    return digest.hexdigest()


def cache_key(kind: str, settings: Mapping) -> str:
    """The key of a result: SHA-256 of its kind, its settings, the version and the format.

    Parameters
    ----------
    kind : str
        The kind of result, e.g. ``"networks"``: a short identifier.
    settings : mapping
        JSON values that determine the result completely (arrays enter as
        their :func:`fingerprint`).  Keys are sorted, so a list must carry
        any order that matters.

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> from dlscratch.experiments.cache import cache_key
    >>> cache_key("demo", {"n": 4, "m": 1}) == cache_key("demo", {"m": 1, "n": 4})
    True
    >>> cache_key("demo", {"n": 4}) == cache_key("other", {"n": 4})
    False
    """
    if not isinstance(kind, str) or not kind.isidentifier():
        raise ValueError(f"kind must be a short identifier such as 'networks', got {kind!r}")
    payload = {
        "format": CACHE_FORMAT,
        "dlscratch": __version__,
        "kind": kind,
        "settings": settings,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def cached_result(
    kind: str,
    settings: Mapping,
    compute: Callable[[], tuple[dict[str, np.ndarray], dict]],
    *,
    cache_dir: str | os.PathLike | None = None,
) -> tuple[dict[str, np.ndarray], dict, bool]:
    """Return a stored result for ``settings``, or compute and store it: a generic cache.

    The result is a pair: named arrays (stored in ``<kind>-<key>.npz``) and a
    dict of JSON values (stored in ``<kind>-<key>.json``), where ``<key>``
    starts the SHA-256 of ``kind``, ``settings``, the dlscratch version and
    the cache format.  Files are written atomically, arrays first, as
    :func:`cached_compare_optimizers` writes them; a damaged entry is
    computed again.

    Parameters
    ----------
    kind : str
        A short name for the kind of result, e.g. ``"networks"``; it starts
        the file names.
    settings : mapping
        JSON values that determine the result completely (fingerprint arrays
        with their SHA-256 first).
    compute : callable
        Called without arguments when nothing is stored; returns
        ``(arrays, meta)``.
    cache_dir : str or path-like, optional
        Default :func:`experiment_cache_dir`.

    Returns
    -------
    arrays : dict of str to numpy.ndarray
    meta : dict
    from_cache : bool
        True if the result was read from disk.

    Examples
    --------
    >>> import tempfile
    >>> import numpy as np
    >>> from dlscratch.experiments import cached_result
    >>> calls = []
    >>> def compute():
    ...     calls.append(1)
    ...     return {"squares": np.arange(4) ** 2}, {"note": "n²"}
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first = cached_result("demo", {"n": 4}, compute, cache_dir=folder)
    ...     again = cached_result("demo", {"n": 4}, compute, cache_dir=folder)
    >>> again[0]["squares"], again[1], again[2], len(calls)
    (array([0, 1, 4, 9]), {'note': 'n²'}, True, 1)
    """
    key = cache_key(kind, settings)
    return load_or_compute(kind, key, compute, cache_dir=cache_dir)


def load_or_compute(
    kind: str,
    key: str,
    compute: Callable[[], tuple[Arrays, dict]],
    *,
    cache_dir: str | os.PathLike | None = None,
    usable: Callable[[Arrays, dict], bool] | None = None,
) -> tuple[Arrays, dict, bool]:
    """Read the entry ``key`` of ``kind``, or compute it once and store it: the cache itself.

    A stored entry is read without waiting.  Otherwise the entry's lock is
    taken, the entry is looked for again (another process may have stored it
    meanwhile), and only if it is still missing is ``compute`` called and its
    result stored, before the lock is released.  So two processes that ask for
    the same entry at once compute it once; the second reads the first's.

    Parameters
    ----------
    kind : str
        Starts the file names, e.g. ``"comparison"``.
    key : str
        The entry's :func:`cache_key`, stored in it and checked on reading.
    compute : callable
        Called without arguments when nothing usable is stored; returns
        ``(arrays, meta)``.
    cache_dir : str or path-like, optional
        Default :func:`experiment_cache_dir`; created if needed.
    usable : callable, optional
        ``usable(arrays, meta)`` says whether a stored entry is complete;
        one that is not is computed again, as a damaged one is.

    Returns
    -------
    arrays : dict of str to numpy.ndarray
    meta : dict
    from_cache : bool
        True if the entry was read from disk.
    """
    directory = experiment_cache_dir(cache_dir)
    stem = directory / f"{kind}-{key[:24]}"
    stored = _read_entry(stem, key, usable)
    if stored is not None:
        return *stored, True
    directory.mkdir(parents=True, exist_ok=True)
    with FileLock(stem.with_suffix(".lock")):
        stored = _read_entry(stem, key, usable)  # stored by whoever held the lock before
        if stored is not None:
            return *stored, True
        arrays, meta = compute()
        _write_entry(stem, key, arrays, meta)
    return arrays, meta, False


def _read_entry(stem: Path, key: str, usable) -> tuple[Arrays, dict] | None:
    """The arrays and description stored under ``stem`` for ``key``, or None (missing, damaged)."""
    try:
        stored = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        if stored.get("key") != key:
            return None
        with np.load(stem.with_suffix(".npz"), allow_pickle=False) as file:
            arrays = {name: file[name] for name in stored["arrays"]}
        meta = stored["meta"]
    except (OSError, ValueError, KeyError, TypeError, json.JSONDecodeError):
        return None
    if usable is not None and not usable(arrays, meta):
        return None
    return arrays, meta


def _write_entry(stem: Path, key: str, arrays: Arrays, meta: dict) -> None:
    """Store ``arrays`` (.npz) and ``meta`` (.json) under ``stem``, each written atomically."""
    # The arrays first, then the description that points to them: a reader that finds the
    # .json finds a complete .npz.
    _write_atomically(stem.with_suffix(".npz"), lambda f: np.savez(f, **arrays))
    text = json.dumps({"key": key, "arrays": list(arrays), "meta": meta}, indent=1,
                      ensure_ascii=False)  # fmt: skip
    _write_atomically(stem.with_suffix(".json"), lambda f: f.write(text.encode("utf-8")))


def _write_atomically(path: Path, write: Callable) -> None:
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
