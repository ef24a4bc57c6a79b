r"""The book's MNIST comparison of optimizers, reusable by the gallery and the benchmark.

The book ends section 6.1 by training one network on MNIST with each of SGD,
Momentum, AdaGrad and Adam and plotting the four training-loss curves.
:func:`compare_optimizers` runs that experiment fairly:

* every optimizer trains a copy of **the same initial network** (one seeded
  He initialisation), and
* sees **the same mini-batches** in the same order (one sequence of indices
  drawn from the seed),

so the curves differ only because the update rules differ.  With the same
seed the numbers are identical from run to run.

Training costs about ten seconds on two CPU cores; a documentation build that
draws the figure in two languages should pay it once.
:func:`cached_compare_optimizers` stores the result in a directory, keyed by a
hash of every setting and of the data, and returns the stored result when
nothing changed.  :func:`moving_average` smooths a loss curve for plotting.

Examples
--------
A short run on the bundled MNIST subset (the figures in the documentation
use the defaults: 2,000 iterations of batches of 128)::

    from dlscratch.datasets import load_mnist
    from dlscratch.experiments import compare_optimizers, moving_average

    result = compare_optimizers(load_mnist(), iterations=300, log_every=100)
    for name, run in result.runs.items():
        print(name, moving_average(run.losses)[-1], run.test_accuracy)
    print("Data:", result.data_source)
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import numbers
import os
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from dlscratch import __version__
from dlscratch.i18n import tr
from dlscratch.nn import MultiLayerNet
from dlscratch.optim import Optimizer
from dlscratch.registry import OPTIMIZERS
from dlscratch.validation import non_negative_int, positive_int

__all__ = [
    "book_optimizers",
    "compare_optimizers",
    "cached_compare_optimizers",
    "comparison_key",
    "compare_over_seeds",
    "experiment_cache_dir",
    "initial_network_and_batches",
    "learning_rate_sweep",
    "moving_average",
    "OptimizerRun",
    "Comparison",
    "SeedStudy",
]

#: Bump when the stored format or the meaning of a setting changes.
_CACHE_FORMAT = 3
_EVAL_BATCH = 1000


def book_optimizers() -> dict[str, Optimizer]:
    """Return fresh instances of the four optimizers the book compares, with its settings.

    Returns
    -------
    dict of str to Optimizer
        ``{"SGD": SGD(lr=0.01), "Momentum": Momentum(lr=0.01),
        "AdaGrad": AdaGrad(lr=0.01), "Adam": Adam(lr=0.001)}``.

    Examples
    --------
    >>> from dlscratch.experiments import book_optimizers
    >>> book_optimizers()["Adam"]
    Adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08)
    """
    return {name: entry.make() for name, entry in OPTIMIZERS.items() if entry.in_book_comparison}


@dataclass(eq=False)
class OptimizerRun:
    """The training of one network with one optimizer.

    Attributes
    ----------
    name : str
        The optimizer's label, e.g. ``"Adam"``.
    optimizer : str
        Its class and hyperparameters, e.g. ``"Adam(lr=0.001, ...)"``.
    losses : numpy.ndarray
        The training loss of every iteration, shape ``(iterations,)``: the
        mean cross-entropy of that iteration's mini-batch, computed by the
        forward pass *before* that iteration's update.
    train_accuracy, test_accuracy : float
        Accuracy of the trained network on the whole training and test sets;
        NaN if the run diverged.
    seconds : float
        Wall time of the training loop (not of the accuracy evaluation).
    diverged_at : int or None
        The first iteration (counted from 0) whose loss or gradient was not
        finite, after which the run stopped; its loss and all later ones are
        NaN.  None if the run finished.
    """

    name: str
    optimizer: str
    losses: np.ndarray
    train_accuracy: float
    test_accuracy: float
    seconds: float
    diverged_at: int | None = None


@dataclass(eq=False)
class Comparison:
    """The result of :func:`compare_optimizers`.

    Attributes
    ----------
    runs : dict of str to OptimizerRun
        One run per optimizer, in the order they were given.
    settings : dict
        Every setting that shapes the result (network, batch size,
        iterations, seed, dtype, optimizers and their hyperparameters), as
        plain JSON values.
    data_source : str
        Which data were used, e.g. "the bundled subset of real MNIST digits
        (4,000 training / 1,000 test images)".
    data_info : dict or None
        The fields of the data's :class:`dlscratch.datasets.MnistInfo`, when
        the data came from :func:`dlscratch.datasets.load_mnist`.
    data_fingerprint : str
        SHA-256 of the arrays trained and tested on.
    from_cache : bool
        True if :func:`cached_compare_optimizers` read this result from disk.
    """

    runs: dict[str, OptimizerRun]
    settings: dict
    data_source: str
    data_info: dict | None
    data_fingerprint: str
    from_cache: bool = False

    @property
    def names(self) -> list[str]:
        """The optimizers' labels, in order."""
        return list(self.runs)

    @property
    def total_seconds(self) -> float:
        """Training time of all runs together."""
        return sum(run.seconds for run in self.runs.values())


@dataclass(eq=False)
class SeedStudy:
    """The same optimizers trained from several seeds: the result of :func:`compare_over_seeds`.

    Attributes
    ----------
    seeds : list of int
        The seeds, in order.
    runs : dict of str to list of OptimizerRun
        For each optimizer's label, its run from every seed, in the order of
        ``seeds``.
    settings : dict
        The settings every run shares (those of :class:`Comparison` without
        the seed and the optimizers).
    data_info : dict or None
        As in :class:`Comparison`.
    learning_rates : dict of str to list of float
        For a study made by :func:`learning_rate_sweep`, each method's
        learning rates; its runs are labelled :meth:`sweep_label` (method,
        rate).  Empty otherwise.
    """

    seeds: list[int]
    runs: dict[str, list[OptimizerRun]]
    settings: dict
    data_info: dict | None
    learning_rates: dict[str, list[float]] = field(default_factory=dict)

    @staticmethod
    def sweep_label(method: str, lr: float) -> str:
        """The label of one setting of a learning-rate sweep, e.g. ``"SGD, η = 0.01"``."""
        return f"{method}, η = {lr:.3g}"

    @property
    def names(self) -> list[str]:
        """The optimizers' labels, in order."""
        return list(self.runs)

    def final_losses(self, name: str, last: int = 100) -> np.ndarray:
        """Each seed's mean training loss over the last ``last`` iterations (NaN if diverged)."""
        return np.array([np.mean(run.losses[-last:]) for run in self.runs[name]])

    def test_accuracies(self, name: str) -> np.ndarray:
        """Each seed's test accuracy (NaN if diverged)."""
        return np.array([run.test_accuracy for run in self.runs[name]])

    def diverged(self, name: str) -> int:
        """How many of the seeds' runs diverged."""
        return sum(run.diverged_at is not None for run in self.runs[name])


def compare_optimizers(
    data,
    optimizers: Mapping[str, Optimizer] | Sequence[str] | None = None,
    *,
    hidden_size_list: Sequence[int] = (100, 100, 100, 100),
    batch_size: int = 128,
    iterations: int = 2000,
    seed: int = 0,
    log_every: int | None = 500,
    dtype: type | np.dtype = np.float32,
    activation: str = "relu",
    weight_init_std: str | float = "he",
    progress: Callable[[str], object] | None = print,
) -> Comparison:
    r"""Train the same network with each optimizer on the same batches; return every loss.

    Parameters
    ----------
    data : tuple
        ``((x_train, t_train), (x_test, t_test))`` as returned by
        :func:`dlscratch.datasets.load_mnist`: images flattened or not,
        ``float32`` in [0, 1] or ``uint8`` (divided by 255 one batch at a
        time, giving the same values and a quarter of the memory), labels as
        integers or one-hot rows.
    optimizers : mapping or sequence of str, optional
        ``{label: optimizer}`` with fresh optimizers of
        :mod:`dlscratch.optim` (each is copied, so they stay unused and can be
        passed again), or a list of labels from :func:`book_optimizers`.
        Default: the book's four, SGD, Momentum, AdaGrad and Adam.
    hidden_size_list : sequence of int, default (100, 100, 100, 100)
        Hidden layer widths; the network is 784-100-100-100-100-10.
    batch_size : int, default 128
        Images per mini-batch.
    iterations : int, default 2000
        Updates per optimizer.
    seed : int, default 0
        Seeds the initial weights and the mini-batch sequence.
    log_every : int or None, default 500
        Report the loss every ``log_every`` iterations through ``progress``;
        ``None`` or 0 for no reports.
    dtype : floating dtype, default numpy.float32
        The network's dtype.
    activation, weight_init_std
        Passed to :class:`dlscratch.nn.MultiLayerNet` (default ReLU with He
        initialisation, as in the book).
    progress : callable or None, default print
        Receives each progress line; ``None`` for silence.

    Returns
    -------
    Comparison
        Raw per-iteration training losses, accuracies and training times per
        optimizer, with the settings and the data's source.

    Notes
    -----
    The initial weights and the mini-batches come from two independent
    random streams spawned from ``seed`` (:class:`numpy.random.SeedSequence`),
    so changing, say, the number of iterations does not change the initial
    network.  As in the book, each mini-batch is drawn uniformly with
    replacement from the whole training set, independently of the others.
    Each iteration's loss is the one the gradient's forward pass computed;
    no second forward pass is made to log it.  A run whose loss or gradient
    stops being finite (a learning rate too large, say) is not an error: it
    stops there, is recorded with its ``diverged_at`` iteration, and the
    other optimizers train as usual.  The optimizer updates all
    parameters as one flat vector (``MultiLayerNet.flat_params``), which
    gives the same numbers as updating them key by key, because every
    optimizer of :mod:`dlscratch.optim` works element by element, and takes a
    tenth of the calls.  While it trains, BLAS uses a single thread (and is
    restored afterwards), so the numbers do not depend on the machine's
    number of cores.

    Examples
    --------
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import compare_optimizers
    >>> data = load_mnist(source="bundled")
    >>> result = compare_optimizers(data, ["SGD", "Adam"], iterations=20, progress=None)
    >>> result.names, result.runs["Adam"].losses.shape
    (['SGD', 'Adam'], (20,))
    >>> a, b = (run.losses[0] for run in result.runs.values())
    >>> bool(a == b)  # the same first batch through the same initial network
    True
    """
    optimizers = _checked_optimizers(optimizers)
    (x_train, t_train), (x_test, t_test) = _checked_data(data)
    hidden = list(hidden_size_list)
    batch_size = positive_int("batch_size", batch_size)
    iterations = positive_int("iterations", iterations)
    seed = non_negative_int("seed", seed)
    log_every = _checked_log_every(log_every)
    if t_train.ndim == 2:
        n_classes = t_train.shape[1]
    else:  # the ten digits, or more if the labels say so
        n_classes = max(10, int(max(t_train.max(), t_test.max())) + 1)

    initial, batches = initial_network_and_batches(
        x_train.shape[1],
        hidden,
        n_classes,
        n_train=len(x_train),
        batch_size=batch_size,
        iterations=iterations,
        seed=seed,
        activation=activation,
        weight_init_std=weight_init_std,
        dtype=dtype,
    )
    scale = x_train.dtype == np.uint8

    runs = {}
    for name, optimizer in optimizers.items():
        net = initial.copy()
        losses = np.empty(iterations)
        # All parameters as one vector: the same arithmetic as key by key (every optimizer
        # works element by element), in one call per step instead of ten.
        params = {"all": net.flat_params}
        diverged_at = None
        start = time.perf_counter()
        # Overflow on the way to divergence is expected; the check below records it.
        with _one_blas_thread(), np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for i in range(iterations):
                loss = _training_step(net, optimizer, params, x_train, t_train, batches[i], scale)
                if loss is None:
                    diverged_at = i
                    losses[i:] = np.nan
                    break
                losses[i] = loss
                if progress is not None and _is_logged(i, log_every):
                    progress(_iteration_line(name, i, iterations, losses[i]))
        seconds = time.perf_counter() - start
        finished = diverged_at is None
        runs[name] = OptimizerRun(
            name=name,
            optimizer=repr(optimizer),
            losses=losses,
            train_accuracy=_accuracy(net, x_train, t_train, scale) if finished else math.nan,
            test_accuracy=_accuracy(net, x_test, t_test, scale) if finished else math.nan,
            seconds=seconds,
            diverged_at=diverged_at,
        )
        if progress is not None:
            progress(_summary_line(runs[name]))

    settings = _settings(
        optimizers, hidden, batch_size, iterations, seed, dtype, activation, weight_init_std
    )
    info = getattr(data, "info", None)
    return Comparison(
        runs=runs,
        settings=settings,
        data_source=info.description if info is not None else "arrays given directly",
        data_info=asdict(info) if info is not None else None,
        data_fingerprint=_fingerprint(x_train, t_train, x_test, t_test),
    )


def initial_network_and_batches(
    input_size: int,
    hidden_size_list: Sequence[int],
    output_size: int,
    *,
    n_train: int,
    batch_size: int,
    iterations: int,
    seed: int,
    activation: str = "relu",
    weight_init_std: str | float = "he",
    dtype: type | np.dtype = np.float32,
) -> tuple[MultiLayerNet, np.ndarray]:
    """Return the initial network and the mini-batch indices that :func:`compare_optimizers` uses.

    Two independent random streams are spawned from ``seed``: one initialises
    the network, the other draws ``iterations`` batches of ``batch_size``
    indices uniformly, with replacement, from ``range(n_train)``.  The
    benchmark uses this to give other implementations the same start.

    Returns
    -------
    net : MultiLayerNet
        The untrained network; train copies of it (:meth:`~dlscratch.nn.MultiLayerNet.copy`).
    batches : numpy.ndarray
        Shape ``(iterations, batch_size)``, the training-set rows of each batch.

    Examples
    --------
    >>> from dlscratch.experiments import initial_network_and_batches
    >>> net, batches = initial_network_and_batches(
    ...     784, [100], 10, n_train=4000, batch_size=128, iterations=3, seed=0)
    >>> batches.shape, bool(batches.min() >= 0 and batches.max() < 4000)
    ((3, 128), True)
    """
    init_stream, _ = np.random.SeedSequence(seed).spawn(2)  # the second draws the batches
    net = MultiLayerNet(
        input_size,
        hidden_size_list,
        output_size,
        activation=activation,
        weight_init_std=weight_init_std,
        dtype=dtype,
        seed=np.random.default_rng(init_stream),
    )
    return net, _batch_indices(n_train, batch_size, iterations, seed)


def comparison_key(
    data,
    optimizers: Mapping[str, Optimizer] | Sequence[str] | None = None,
    *,
    hidden_size_list: Sequence[int] = (100, 100, 100, 100),
    batch_size: int = 128,
    iterations: int = 2000,
    seed: int = 0,
    dtype: type | np.dtype = np.float32,
    activation: str = "relu",
    weight_init_std: str | float = "he",
) -> str:
    """Return the cache key of a comparison: SHA-256 of its settings and its data.

    The arguments are those of :func:`compare_optimizers` that change the
    result (``log_every`` and ``progress`` do not).  The key also covers the
    dlscratch version and the cache format.

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import comparison_key
    >>> data = load_mnist(source="bundled")
    >>> comparison_key(data, iterations=100) == comparison_key(data, iterations=200)
    False
    """
    optimizers = _checked_optimizers(optimizers)
    arrays = _checked_data(data)
    settings = _settings(
        optimizers,
        list(hidden_size_list),
        batch_size,
        iterations,
        seed,
        dtype,
        activation,
        weight_init_std,
    )
    payload = {
        "format": _CACHE_FORMAT,
        "dlscratch": __version__,
        "settings": settings,
        "order": list(optimizers),  # sort_keys below would hide the order of the runs
        "data": _fingerprint(*arrays[0], *arrays[1]),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


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


def cached_compare_optimizers(
    data,
    optimizers: Mapping[str, Optimizer] | Sequence[str] | None = None,
    *,
    cache_dir: str | os.PathLike | None = None,
    progress: Callable[[str], object] | None = print,
    **settings,
) -> Comparison:
    """Like :func:`compare_optimizers`, but train only the runs that are not stored yet.

    Each optimizer's run is stored on its own, in ``cache_dir`` as
    ``comparison-<key>.npz`` (the loss curve) and ``comparison-<key>.json``
    (everything else), where ``<key>`` starts :func:`comparison_key` of that
    one optimizer: a hash of all settings, its hyperparameters and the data.
    The runs of a comparison are independent (each starts from the same
    network and sees the same batches), so a later call that shares some of
    them, such as one seed of :func:`compare_over_seeds`, reads them back and
    trains only the others.  A damaged or incomplete entry is ignored and
    rewritten.

    Parameters
    ----------
    data, optimizers, progress, **settings
        As for :func:`compare_optimizers`.
    cache_dir : str or path-like, optional
        Directory of stored results, created if needed; default
        :func:`experiment_cache_dir`.

    Returns
    -------
    Comparison
        With ``from_cache`` true when every run was read from disk.  The
        stored ``seconds`` are those of the run that trained.

    Examples
    --------
    >>> import tempfile
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import cached_compare_optimizers
    >>> data = load_mnist(source="bundled")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first = cached_compare_optimizers(data, ["SGD"], iterations=10,
    ...                                       cache_dir=folder, progress=None)
    ...     both = cached_compare_optimizers(data, ["SGD", "Adam"], iterations=10,
    ...                                      cache_dir=folder, progress=None)
    ...     again = cached_compare_optimizers(data, ["SGD", "Adam"], iterations=10,
    ...                                       cache_dir=folder, progress=None)
    >>> first.from_cache, both.from_cache, again.from_cache
    (False, False, True)
    >>> bool((both.runs["SGD"].losses == first.runs["SGD"].losses).all())
    True
    """
    log_every = _checked_log_every(settings.pop("log_every", 500))
    directory = experiment_cache_dir(cache_dir)
    parts = []
    for name, optimizer in _checked_optimizers(optimizers).items():
        one = {name: optimizer}
        key = comparison_key(data, one, **settings)
        stem = directory / f"comparison-{key[:24]}"
        entry = _read_entry(stem, key)
        stored = None if entry is None else _comparison_from_entry(*entry)
        if stored is None:
            result = compare_optimizers(
                data, one, log_every=log_every, progress=progress, **settings
            )
            _write_entry(stem, key, *_comparison_entry(result))
            parts.append(result)
            continue
        if progress is not None:
            # Replay the stored run's log, so the output is the same whether it trained or not.
            (run,) = stored.runs.values()
            for i, loss in enumerate(run.losses):
                if _is_logged(i, log_every):
                    progress(_iteration_line(run.name, i, len(run.losses), loss))
            progress(_summary_line(run))
        parts.append(stored)
    first = parts[0]
    optimizer_settings = {k: v for part in parts for k, v in part.settings["optimizers"].items()}
    return Comparison(
        runs={name: run for part in parts for name, run in part.runs.items()},
        settings={**first.settings, "optimizers": optimizer_settings},
        data_source=first.data_source,
        data_info=first.data_info,
        data_fingerprint=first.data_fingerprint,
        from_cache=all(part.from_cache for part in parts),
    )


def compare_over_seeds(
    data,
    optimizers: Mapping[str, Optimizer] | Sequence[str] | None = None,
    seeds: Sequence[int] = range(5),
    *,
    workers: int | None = None,
    cache_dir: str | os.PathLike | None = None,
    **settings,
) -> SeedStudy:
    """Repeat :func:`compare_optimizers` from several seeds, in parallel if asked, with a cache.

    Every (seed, optimizer) pair is one training, stored on its own with
    :func:`cached_compare_optimizers`, so a later call that shares some of
    them (more seeds, another learning rate) trains only what is new.  For a
    given seed every optimizer starts from the same network and sees the same
    batches, as in :func:`compare_optimizers`.

    Parameters
    ----------
    data, optimizers
        As for :func:`compare_optimizers`.
    seeds : sequence of int, default range(5)
        One training per seed and optimizer.
    workers : int, optional
        Train this many runs at a time, in threads (NumPy releases Python's
        lock while it computes, so two threads keep two cores busy much of
        the time); default: one after the other.  The numbers are the same
        either way, bit for bit.
    cache_dir : str or path-like, optional
        As for :func:`cached_compare_optimizers`.
    **settings
        Any other argument of :func:`compare_optimizers` except ``seed``,
        ``log_every`` and ``progress`` (the runs train silently).

    Returns
    -------
    SeedStudy

    Examples
    --------
    >>> import tempfile
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import compare_over_seeds
    >>> data = load_mnist(source="bundled")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     study = compare_over_seeds(data, ["SGD", "Adam"], seeds=[0, 1],
    ...                                iterations=10, cache_dir=folder)
    >>> study.names, study.final_losses("Adam", last=5).shape
    (['SGD', 'Adam'], (2,))
    """
    optimizers = _checked_optimizers(optimizers)
    seeds = list(seeds)
    for seed in seeds:
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
            raise ValueError(f"seeds must be integers >= 0, got {seed!r}")
    if not seeds:
        raise ValueError("seeds must not be empty")
    for name in ("seed", "log_every", "progress"):
        if name in settings:
            raise TypeError(f"compare_over_seeds() sets {name} itself; do not pass it")
    workers = 1 if workers is None else positive_int("workers", workers)
    directory = experiment_cache_dir(cache_dir)

    def train(task):
        optimizer, seed = task
        return cached_compare_optimizers(
            data, optimizer, cache_dir=directory, progress=None, seed=seed, **settings
        )

    tasks = [({name: opt}, seed) for seed in seeds for name, opt in optimizers.items()]
    # Each run limits BLAS to one thread too; holding the limit around all of them keeps
    # one run from restoring the default in the middle of another's training.
    with _one_blas_thread(), ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(train, tasks))
    runs: dict[str, list[OptimizerRun]] = {name: [] for name in optimizers}
    for result in results:  # tasks run seed by seed, so each list is in seed order
        (run,) = result.runs.values()
        runs[run.name].append(run)
    shared = {k: v for k, v in results[0].settings.items() if k not in ("seed", "optimizers")}
    return SeedStudy(seeds=seeds, runs=runs, settings=shared, data_info=results[0].data_info)


def learning_rate_sweep(
    data,
    learning_rates: Mapping[str, Sequence[float]],
    seeds: Sequence[int] = range(3),
    **kwargs,
) -> SeedStudy:
    """Train each of the book's optimizers at several learning rates, from several seeds.

    Parameters
    ----------
    data
        As for :func:`compare_optimizers`.
    learning_rates : mapping of str to sequence of float
        For each method of :func:`book_optimizers` (``"SGD"``, ``"Momentum"``,
        ``"AdaGrad"``, ``"Adam"``), the learning rates to try; the other
        hyperparameters keep their defaults.
    seeds : sequence of int, default range(3)
        One training per seed and setting.
    **kwargs
        Passed to :func:`compare_over_seeds` (``workers``, ``cache_dir``,
        ``iterations``, ...).

    Returns
    -------
    SeedStudy
        Runs labelled :meth:`SeedStudy.sweep_label`, with ``learning_rates`` set.

    Examples
    --------
    >>> import tempfile
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import learning_rate_sweep
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     study = learning_rate_sweep(load_mnist(source="bundled"), {"SGD": [0.01, 0.1]},
    ...                                 seeds=[0], iterations=10, cache_dir=folder)
    >>> study.names
    ['SGD, η = 0.01', 'SGD, η = 0.1']
    """
    book = book_optimizers()
    optimizers = {}
    for method, rates in learning_rates.items():
        if method not in book:
            raise ValueError(f"unknown optimizer {method!r}; the book's are {sorted(book)}")
        for lr in rates:
            optimizers[SeedStudy.sweep_label(method, lr)] = type(book[method])(lr=lr)
    study = compare_over_seeds(data, optimizers, seeds, **kwargs)
    study.learning_rates = {method: list(rates) for method, rates in learning_rates.items()}
    return study


def _one_blas_thread():
    """Limit BLAS to one thread while a network trains, and restore it afterwards.

    The sums in a matrix product are split differently with another number of
    threads, which changes the last bit of some results; with one thread the
    numbers are the same on every machine and in worker threads.  For
    matrices this small one thread is also faster than two.  The limit holds
    for the whole process while it is in place.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def moving_average(values, window: int = 51) -> np.ndarray:
    r"""Smooth a curve with a centred moving average of ``window`` points.

    Point :math:`i` becomes the mean of the values from :math:`i - h` to
    :math:`i + h`, where :math:`h = (\text{window} - 1)/2`; near the ends the
    window is cut short, so the result has the input's length and no
    artificial values.

    Parameters
    ----------
    values : array_like
        A 1-D curve, e.g. the ``losses`` of an :class:`OptimizerRun`.
    window : int, default 51
        An odd number of points >= 1.

    Returns
    -------
    numpy.ndarray
        ``float64``, same length as ``values``.

    Examples
    --------
    With a window of 3: :math:`(1 + 2)/2 = 1.5`, :math:`(1 + 2 + 3)/3 = 2`,
    :math:`(2 + 3 + 10)/3 = 5`, :math:`(3 + 10)/2 = 6.5`.

    >>> from dlscratch.experiments import moving_average
    >>> moving_average([1, 2, 3, 10], window=3)
    array([1.5, 2. , 5. , 6.5])
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 1:
        raise ValueError(f"values must be 1-D, got shape {values.shape}")
    window = positive_int("window", window)
    if window % 2 == 0:
        raise ValueError(f"window must be odd, got {window}")
    half = window // 2
    totals = np.concatenate(([0.0], np.cumsum(values)))
    i = np.arange(len(values))
    low, high = np.maximum(i - half, 0), np.minimum(i + half + 1, len(values))
    return (totals[high] - totals[low]) / (high - low)


# --- helpers -------------------------------------------------------------------------------


def _checked_log_every(log_every: object) -> int:
    """``log_every`` as an int, 0 meaning never; raise if it is not None or an int >= 0."""
    if log_every is None:
        return 0
    if isinstance(log_every, bool) or not isinstance(log_every, numbers.Integral) or log_every < 0:
        raise ValueError(f"log_every must be None or an integer >= 0, got {log_every!r}")
    return int(log_every)


def _is_logged(i: int, log_every: int) -> bool:
    """Whether iteration ``i`` (0-based) gets a progress line."""
    return log_every > 0 and (i + 1) % log_every == 0


def _iteration_line(name: str, i: int, iterations: int, loss: float) -> str:
    return tr(
        "{name:>9}  iteration {i:>5}/{iterations}  loss {loss:.4f}",
        name=name, i=i + 1, iterations=iterations, loss=loss,
    )  # fmt: skip


def _summary_line(run: OptimizerRun) -> str:
    if run.diverged_at is not None:
        return tr(
            "{name:>9}  diverged at iteration {k}: its loss or gradient was no longer finite",
            name=run.name, k=run.diverged_at + 1,
        )  # fmt: skip
    return tr(
        "{name:>9}  trained in {seconds:.2f} s: train accuracy {train:.4f}, "
        "test accuracy {test:.4f}",
        name=run.name, seconds=run.seconds, train=run.train_accuracy, test=run.test_accuracy,
    )  # fmt: skip


def _training_step(net, optimizer, params, x_train, t_train, rows, scale: bool) -> float | None:
    """Update ``net`` on the mini-batch ``rows``; return its loss, or None if it diverged.

    The run has diverged when the loss or the gradient is no longer finite; then
    nothing is updated (the optimizer would refuse such a gradient).
    """
    x_batch = x_train[rows]
    if scale:
        x_batch = _to_unit_interval(x_batch, net.dtype)
    gradient = net.flat_gradient(x_batch, t_train[rows])
    loss = net.last_loss
    if not _finite_step(loss, [gradient]):
        return None
    optimizer.update(params, {"all": gradient})
    return loss


def _finite_step(loss: float, gradients) -> bool:
    """Whether a step's loss and every gradient array are finite; if not, the run diverged.

    A sum is finite only if every element is: one cheap reduction per array, and no
    boolean array as large as the gradient.
    """
    return math.isfinite(loss) and all(math.isfinite(g.sum()) for g in gradients)


def _to_unit_interval(pixels: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """uint8 pixels to [0, 1], exactly as ``load_mnist(normalize=True)`` computes them."""
    x = pixels.astype(dtype)
    x /= 255
    return x


def _accuracy(net: MultiLayerNet, x: np.ndarray, t: np.ndarray, scale: bool) -> float:
    labels = t.argmax(axis=1) if t.ndim == 2 else t
    correct = 0
    with _one_blas_thread():  # the same numbers as in training, on any machine
        for start in range(0, len(x), _EVAL_BATCH):
            batch = x[start : start + _EVAL_BATCH]
            if scale:
                batch = _to_unit_interval(batch, net.dtype)
            predicted = net.predict(batch).argmax(axis=1)
            correct += int(np.count_nonzero(predicted == labels[start : start + _EVAL_BATCH]))
    return correct / len(x)


def _checked_optimizers(optimizers) -> dict[str, Optimizer]:
    if optimizers is None:
        return book_optimizers()
    if isinstance(optimizers, Mapping):
        checked = {}
        for name, optimizer in optimizers.items():
            _checked_optimizer(optimizer, f"optimizers[{name!r}]")
            checked[str(name)] = copy.deepcopy(optimizer)
    elif isinstance(optimizers, Sequence) and not isinstance(optimizers, str):
        book = book_optimizers()
        for name in optimizers:
            if name not in book:
                raise ValueError(f"unknown optimizer {name!r}; the book's are {sorted(book)}")
        checked = {name: book[name] for name in optimizers}
    else:
        raise TypeError("optimizers must be a dict of optimizers or a list of names")
    if not checked:
        raise ValueError("optimizers must not be empty")
    return checked


def _unpacked_data(data):
    """``((x_train, t_train), (x_test, t_test))``, or a TypeError that says so."""
    try:
        (x_train, t_train), (x_test, t_test) = data
    except (TypeError, ValueError) as error:
        raise TypeError("data must be ((x_train, t_train), (x_test, t_test))") from error
    return (x_train, t_train), (x_test, t_test)


def _checked_data(data):
    (x_train, t_train), (x_test, t_test) = _unpacked_data(data)
    arrays = []
    for x, t, split in ((x_train, t_train, "train"), (x_test, t_test, "test")):
        x, t = np.asarray(x), np.asarray(t)
        if x.ndim < 2 or len(x) == 0 or len(x) != len(t):
            raise ValueError(
                f"x_{split} must hold a non-empty batch of images with one label each, "
                f"got shapes {x.shape} and {t.shape}"
            )
        arrays.append((x.reshape(len(x), -1), t))
    if arrays[0][0].shape[1] != arrays[1][0].shape[1]:
        raise ValueError("training and test images differ in size")
    return tuple(arrays)


def _settings(optimizers, hidden, batch_size, iterations, seed, dtype, activation, weight_init_std):
    return {
        "optimizers": {
            name: {
                "class": type(opt).__name__,
                **{h: getattr(opt, h) for h in opt.hyperparameter_names},
            }
            for name, opt in optimizers.items()
        },
        "hidden_size_list": [int(size) for size in hidden],
        "batch_size": int(batch_size),
        "iterations": int(iterations),
        "seed": int(seed),
        "dtype": np.dtype(dtype).name,
        "activation": activation,
        "weight_init_std": weight_init_std,
    }


def _fingerprint(*arrays: np.ndarray) -> str:
    digest = hashlib.sha256()
    for array in arrays:
        array = np.ascontiguousarray(array)
        digest.update(f"{array.dtype.str}{array.shape}".encode())
        digest.update(memoryview(array).cast("B"))
    return digest.hexdigest()


def _comparison_entry(result: Comparison) -> tuple[dict[str, np.ndarray], dict]:
    """A comparison as the arrays and the JSON description that :func:`_write_entry` stores."""
    curves = {name: run.losses for name, run in result.runs.items()}
    meta = {
        "settings": result.settings,
        "data_source": result.data_source,
        "data_info": result.data_info,
        "data_fingerprint": result.data_fingerprint,
        "runs": [
            {k: v for k, v in asdict(run).items() if k != "losses"} for run in result.runs.values()
        ],
    }
    return curves, meta


def _comparison_from_entry(curves: dict[str, np.ndarray], meta: dict) -> Comparison | None:
    """The comparison stored by :func:`_comparison_entry`, or None if the entry is incomplete."""
    try:
        runs = {}
        for entry in meta["runs"]:
            losses = curves[entry["name"]]
            if losses.shape != (meta["settings"]["iterations"],):
                return None
            runs[entry["name"]] = OptimizerRun(losses=losses, **entry)
        return Comparison(
            runs=runs,
            settings=meta["settings"],
            data_source=meta["data_source"],
            data_info=meta["data_info"],
            data_fingerprint=meta["data_fingerprint"],
            from_cache=True,
        )
    except (KeyError, TypeError, ValueError):
        return None


def _read_entry(stem: Path, key: str) -> tuple[dict[str, np.ndarray], dict] | None:
    """The arrays and description stored under ``stem`` for ``key``, or None (missing, damaged)."""
    try:
        stored = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        if stored.get("key") != key:
            return None
        with np.load(stem.with_suffix(".npz"), allow_pickle=False) as file:
            arrays = {name: file[name] for name in stored["arrays"]}
        return arrays, stored["meta"]
    except (OSError, ValueError, KeyError, TypeError, json.JSONDecodeError):
        return None


def _write_entry(stem: Path, key: str, arrays: dict[str, np.ndarray], meta: dict) -> None:
    """Store ``arrays`` (.npz) and ``meta`` (.json) under ``stem``, each written atomically."""
    stem.parent.mkdir(parents=True, exist_ok=True)
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


# --- several networks, one optimizer (sections 6.2 and 6.3) ---------------------------------


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
    if not isinstance(kind, str) or not kind.isidentifier():
        raise ValueError(f"kind must be a short identifier such as 'networks', got {kind!r}")
    payload = {
        "format": _CACHE_FORMAT,
        "dlscratch": __version__,
        "kind": kind,
        "settings": settings,
    }
    key = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
    stem = experiment_cache_dir(cache_dir) / f"{kind}-{key[:24]}"
    stored = _read_entry(stem, key)
    if stored is not None:
        return *stored, True
    arrays, meta = compute()
    _write_entry(stem, key, arrays, meta)
    return arrays, meta, False


@dataclass(eq=False)
class NetworkRun:
    """The training of one network in :func:`compare_networks`.

    Attributes
    ----------
    name : str
        The network's label, e.g. ``"He"``.
    network : str
        The network's ``repr``.
    losses : numpy.ndarray
        The training loss of every iteration (before that iteration's
        update), shape ``(iterations,)``; NaN from ``diverged_at`` on.
    checkpoints : numpy.ndarray
        The iterations after which accuracy was measured (0 = before
        training), shape ``(K,)``.
    train_accuracy, test_accuracy : numpy.ndarray
        Accuracy on the training and test sets at each checkpoint (in
        inference mode); NaN once the run has diverged.
    seconds : float
        Wall time of the training loop, evaluations included.
    diverged_at : int or None
        The first iteration (from 0) whose loss or gradient was not finite;
        the run stopped there.  None if it finished.
    """

    name: str
    network: str
    losses: np.ndarray
    checkpoints: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    seconds: float
    diverged_at: int | None = None


@dataclass(eq=False)
class NetworkComparison:
    """The result of :func:`compare_networks`.

    Attributes
    ----------
    runs : dict of str to NetworkRun
        One run per network, in the order given.
    settings : dict
        The optimizer, batch size, iterations, seed and evaluation settings.
    data_info : dict or None
        As in :class:`Comparison`.
    data_source : str
        Which data were used, as in :class:`Comparison`.
    from_cache : bool
        True if :func:`cached_compare_networks` read it from disk.
    """

    runs: dict[str, NetworkRun]
    settings: dict
    data_info: dict | None
    data_source: str = "arrays given directly"
    from_cache: bool = False

    @property
    def names(self) -> list[str]:
        """The networks' labels, in order."""
        return list(self.runs)


def compare_networks(
    data,
    networks: Mapping[str, MultiLayerNet],
    optimizer: Optimizer,
    *,
    batch_size: int = 100,
    iterations: int = 2000,
    seed: int = 0,
    evaluate_every: int | None = None,
    progress: Callable[[str], object] | None = None,
) -> NetworkComparison:
    """Train several networks with the same optimizer on the same mini-batches.

    The counterpart of :func:`compare_optimizers` for comparing networks
    (initializations, batch normalization) rather than update rules: every
    network gets a fresh copy of ``optimizer`` and sees the same sequence of
    mini-batches, so the curves differ only because the networks differ.

    Parameters
    ----------
    data : tuple
        ``((x_train, t_train), (x_test, t_test))``, as for
        :func:`compare_optimizers`.
    networks : mapping of str to MultiLayerNet
        ``{label: network}``: networks of :mod:`dlscratch.nn` with the data's
        input and output sizes.  Each is copied, so they stay untrained.
    optimizer : Optimizer
        A fresh optimizer of :mod:`dlscratch.optim`, copied for each network.
    batch_size : int, default 100
        Images per mini-batch, drawn uniformly with replacement.
    iterations : int, default 2000
        Updates per network.
    seed : int, default 0
        Seeds the sequence of mini-batches (the networks bring their own
        initial weights).
    evaluate_every : int or None
        Measure accuracy on the whole training and test sets before training
        and after every ``evaluate_every`` iterations (e.g. once per epoch);
        ``None`` for only before and after training.
    progress : callable or None, default None
        Receives one summary line per network.

    Returns
    -------
    NetworkComparison

    Notes
    -----
    A run whose loss or gradient stops being finite is recorded as diverged
    (``diverged_at``), not raised, and the other networks train as usual.
    Training holds BLAS to one thread, as :func:`compare_optimizers` does.

    Examples
    --------
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import compare_networks
    >>> from dlscratch.nn import MultiLayerNet
    >>> from dlscratch.optim import SGD
    >>> nets = {name: MultiLayerNet(784, [20], 10, weight_init_std=name, seed=0)
    ...         for name in ("he", "xavier")}
    >>> result = compare_networks(load_mnist(source="bundled"), nets, SGD(lr=0.1),
    ...                           iterations=10, evaluate_every=5)
    >>> result.names, result.runs["he"].losses.shape, result.runs["he"].checkpoints
    (['he', 'xavier'], (10,), array([ 0,  5, 10]))
    """
    (x_train, t_train), (x_test, t_test) = _checked_data(data)
    networks = _checked_networks(networks, x_train.shape[1])
    optimizer = _checked_optimizer(optimizer)
    batch_size = positive_int("batch_size", batch_size)
    iterations = positive_int("iterations", iterations)
    seed = non_negative_int("seed", seed)
    if evaluate_every is None:
        checkpoints = np.array([0, iterations])
    else:
        every = positive_int("evaluate_every", evaluate_every)
        checkpoints = np.unique(np.append(np.arange(0, iterations + 1, every), iterations))
    batches = _batch_indices(len(x_train), batch_size, iterations, seed)
    scale = x_train.dtype == np.uint8

    runs = {}
    for name, initial in networks.items():
        net = initial.copy()
        opt = copy.deepcopy(optimizer)
        losses = np.full(iterations, np.nan)
        train_acc = np.full(len(checkpoints), np.nan)
        test_acc = np.full(len(checkpoints), np.nan)
        params = {"all": net.flat_params}
        diverged_at = None
        start = time.perf_counter()
        with _one_blas_thread(), np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            c = 0
            for i in range(iterations + 1):
                if c < len(checkpoints) and checkpoints[c] == i:
                    train_acc[c] = _accuracy(net, x_train, t_train, scale)
                    test_acc[c] = _accuracy(net, x_test, t_test, scale)
                    c += 1
                if i == iterations:
                    break
                loss = _training_step(net, opt, params, x_train, t_train, batches[i], scale)
                if loss is None:
                    diverged_at = i
                    break
                losses[i] = loss
        seconds = time.perf_counter() - start
        runs[name] = NetworkRun(
            name=name,
            network=repr(initial),
            losses=losses,
            checkpoints=checkpoints.copy(),
            train_accuracy=train_acc,
            test_accuracy=test_acc,
            seconds=seconds,
            diverged_at=diverged_at,
        )
        if progress is not None:
            progress(_network_summary_line(runs[name]))

    info = getattr(data, "info", None)
    settings = {
        "optimizer": {
            "class": type(optimizer).__name__,
            **{h: getattr(optimizer, h) for h in optimizer.hyperparameter_names},
        },
        "batch_size": batch_size,
        "iterations": iterations,
        "seed": int(seed),
        "evaluate_every": None if evaluate_every is None else int(evaluate_every),
    }
    return NetworkComparison(
        runs=runs,
        settings=settings,
        data_info=asdict(info) if info is not None else None,
        data_source=info.description if info is not None else "arrays given directly",
    )


def cached_compare_networks(
    data,
    networks: Mapping[str, MultiLayerNet],
    optimizer: Optimizer,
    *,
    cache_dir: str | os.PathLike | None = None,
    progress: Callable[[str], object] | None = None,
    **settings,
) -> NetworkComparison:
    """Like :func:`compare_networks`, but train only if no stored result matches.

    The key (see :func:`cached_result`) covers the data, every network's
    layout, settings and initial parameters, the optimizer's
    hyperparameters and the other settings.

    Parameters
    ----------
    data, networks, optimizer, progress, **settings
        As for :func:`compare_networks`.
    cache_dir : str or path-like, optional
        Default :func:`experiment_cache_dir`.

    Returns
    -------
    NetworkComparison
        With ``from_cache`` true when it was read from disk.

    Examples
    --------
    >>> import tempfile
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import cached_compare_networks
    >>> from dlscratch.nn import MultiLayerNet
    >>> from dlscratch.optim import SGD
    >>> nets = {"He": MultiLayerNet(784, [20], 10, seed=0)}
    >>> data = load_mnist(source="bundled")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first = cached_compare_networks(data, nets, SGD(), iterations=5, cache_dir=folder)
    ...     again = cached_compare_networks(data, nets, SGD(), iterations=5, cache_dir=folder)
    >>> first.from_cache, again.from_cache, bool((first.runs["He"].losses ==
    ...                                          again.runs["He"].losses).all())
    (False, True, True)
    """
    arrays = _checked_data(data)
    checked = _checked_networks(networks, arrays[0][0].shape[1])
    opt = _checked_optimizer(optimizer)
    key_settings = {
        "data": _fingerprint(*arrays[0], *arrays[1]),
        "networks": [[name, _network_fingerprint(net)] for name, net in checked.items()],
        "optimizer": [type(opt).__name__, {h: getattr(opt, h) for h in opt.hyperparameter_names}],
        "settings": {
            k: (v if not isinstance(v, np.integer) else int(v)) for k, v in settings.items()
        },
    }

    def compute():
        result = compare_networks(data, checked, opt, progress=progress, **settings)
        arrays = {}
        runs = []
        for i, run in enumerate(result.runs.values()):
            for field_name in ("losses", "checkpoints", "train_accuracy", "test_accuracy"):
                arrays[f"{i}_{field_name}"] = getattr(run, field_name)
            runs.append(
                {"name": run.name, "network": run.network, "seconds": run.seconds,
                 "diverged_at": run.diverged_at}
            )  # fmt: skip
        meta = {"runs": runs, "settings": result.settings, "data_info": result.data_info}
        return arrays, {**meta, "data_source": result.data_source}

    stored, meta, from_cache = cached_result("networks", key_settings, compute, cache_dir=cache_dir)
    runs = {}
    for i, entry in enumerate(meta["runs"]):
        fields = {f: stored[f"{i}_{f}"] for f in ("losses", "checkpoints", "train_accuracy",
                                                 "test_accuracy")}  # fmt: skip
        runs[entry["name"]] = NetworkRun(**entry, **fields)
    result = NetworkComparison(
        runs=runs,
        settings=meta["settings"],
        data_info=meta["data_info"],
        data_source=meta["data_source"],
        from_cache=from_cache,
    )
    if from_cache and progress is not None:
        for run in result.runs.values():
            progress(_network_summary_line(run))
    return result


def _batch_indices(n_train: int, batch_size: int, iterations: int, seed: int) -> np.ndarray:
    """The mini-batch rows of ``seed``, from the second stream spawned from it."""
    _, batch_stream = np.random.SeedSequence(seed).spawn(2)
    return np.random.default_rng(batch_stream).integers(0, n_train, size=(iterations, batch_size))


def _checked_networks(networks, input_size: int) -> dict[str, MultiLayerNet]:
    if not isinstance(networks, Mapping) or not networks:
        raise TypeError("networks must be a non-empty dict of {label: MultiLayerNet}")
    for name, net in networks.items():
        if not isinstance(net, MultiLayerNet):
            raise TypeError(
                f"networks[{name!r}] must be a network of dlscratch.nn, got {type(net).__name__}"
            )
        if net.input_size != input_size:
            raise ValueError(
                f"networks[{name!r}] takes {net.input_size} inputs, but the images have "
                f"{input_size} pixels"
            )
    return {str(name): net for name, net in networks.items()}


def _checked_optimizer(optimizer, argument: str = "optimizer") -> Optimizer:
    """Return ``optimizer`` if fresh and from dlscratch.optim; else raise, naming ``argument``."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"{argument} must be an optimizer from dlscratch.optim, got {type(optimizer).__name__}"
        )
    if optimizer.t != 0:
        raise ValueError(f"{argument} has already taken {optimizer.t} steps; pass a fresh one")
    return optimizer


def _network_fingerprint(net: MultiLayerNet) -> dict:
    """Everything that makes a network what it is: layout, settings, initial values."""
    from dlscratch.nn import BatchNormalization

    running = [
        array
        for layer in net.layers
        if isinstance(layer, BatchNormalization) and layer.running_mean is not None
        for array in (layer.running_mean, layer.running_var)
    ]
    return {
        "class": type(net).__name__,
        "sizes": [net.input_size, *net.hidden_size_list, net.output_size],
        "activation": net.activation,
        "use_batchnorm": net.use_batchnorm,
        "weight_decay_lambda": net.weight_decay_lambda,
        "dropout_ratio": net.dropout_ration if net.use_dropout else None,
        # The masks' generator, whose state decides every mask the network will draw.
        "dropout_rng": None if net._dropout_rng is None else net._dropout_rng.bit_generator.state,
        "dtype": net.dtype.name,
        "params": _fingerprint(net.flat_params, *running),
    }


def _network_summary_line(run: NetworkRun) -> str:
    if run.diverged_at is not None:
        return tr(
            "{name:>9}  diverged at iteration {k}: its loss or gradient was no longer finite",
            name=run.name, k=run.diverged_at + 1,
        )  # fmt: skip
    return tr(
        "{name:>9}  trained in {seconds:.2f} s: train accuracy {train:.4f}, "
        "test accuracy {test:.4f}",
        name=run.name, seconds=run.seconds, train=run.train_accuracy[-1],
        test=run.test_accuracy[-1],
    )  # fmt: skip


__all__ += [
    "NetworkComparison",
    "NetworkRun",
    "cached_compare_networks",
    "cached_result",
    "compare_networks",
]


def activation_distributions(
    activation: str,
    weight_init_std: str | float,
    *,
    n_layers: int = 5,
    width: int = 100,
    n_samples: int = 1000,
    seed: int = 0,
) -> list[np.ndarray]:
    r"""Return the activations of every hidden layer for random inputs: the book's histograms.

    The book's experiment of section 6.2: ``n_samples`` inputs drawn from a
    standard normal distribution go through ``n_layers`` fully connected
    layers of ``width`` units without biases, each followed by
    ``activation``; the weights are drawn with ``weight_init_std``.  The
    network is a :class:`~dlscratch.nn.MultiLayerNet` in ``float64``, so the
    weights are those its training would start from.

    Parameters
    ----------
    activation : {"sigmoid", "relu", "tanh"}
    weight_init_std : {"xavier", "he"} or float
        As for :class:`~dlscratch.nn.MultiLayerNet` (the book's ``"sigmoid"``
        and ``"relu"`` too).
    n_layers, width, n_samples : int
        5 layers of 100 units and 1,000 inputs, as in the book.
    seed : int, default 0
        Seeds the inputs and the weights (two independent streams).

    Returns
    -------
    list of numpy.ndarray
        One ``(n_samples, width)`` array per layer: the activation's outputs.

    Examples
    --------
    With weights of standard deviation 1 the sigmoid saturates: most of its
    outputs are within 0.01 of 0 or 1.

    >>> import numpy as np
    >>> from dlscratch.experiments import activation_distributions
    >>> layers = activation_distributions("sigmoid", 1.0)
    >>> len(layers), layers[0].shape
    (5, (1000, 100))
    >>> bool(np.mean((layers[4] < 0.01) | (layers[4] > 0.99)) > 0.5)
    True
    """
    n_layers = positive_int("n_layers", n_layers)
    width = positive_int("width", width)
    n_samples = positive_int("n_samples", n_samples)
    seed = non_negative_int("seed", seed)
    init_stream, input_stream = np.random.SeedSequence(seed).spawn(2)
    net = MultiLayerNet(
        width,
        [width] * n_layers,
        width,
        activation=activation,
        weight_init_std=weight_init_std,
        dtype=np.float64,
        seed=np.random.default_rng(init_stream),
    )
    x = np.random.default_rng(input_stream).standard_normal((n_samples, width))
    with np.errstate(over="ignore"):
        net.predict(x)
    # Every second layer before the output is an activation; it kept its output.
    return [layer.out for layer in net.layers[1:-2:2]]


__all__ += ["activation_distributions"]


# --- training with the book's Trainer (sections 6.4 and 6.5) --------------------------------


@dataclass(eq=False)
class TrainingHistory:
    """What a :class:`~dlscratch.training.Trainer` recorded, as arrays.

    Attributes
    ----------
    train_loss : numpy.ndarray
        The loss of every iteration's mini-batch.
    train_accuracy, test_accuracy : numpy.ndarray
        The accuracies at the end of every epoch, ``(epochs,)``; NaN from a
        divergence on.
    final_test_accuracy : float
        Accuracy on all the test data after training; NaN after a divergence.
    diverged_at : int or None
        As :attr:`Trainer.diverged_at <dlscratch.training.Trainer>`.
    seconds : float
        How long the training took, on the computer that ran it.
    from_cache : bool
        True if :func:`cached_training` read it from disk.

    Examples
    --------
    The gap is the difference of the two accuracies, epoch by epoch:

    >>> import numpy as np
    >>> from dlscratch.experiments import TrainingHistory
    >>> history = TrainingHistory(
    ...     train_loss=np.array([2.3, 1.9, 1.2, 0.8]),
    ...     train_accuracy=np.array([0.50, 0.75]),
    ...     test_accuracy=np.array([0.50, 0.625]),
    ...     final_test_accuracy=0.625, diverged_at=None, seconds=0.1)
    >>> history.gap
    array([0.   , 0.125])
    """

    train_loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    final_test_accuracy: float
    diverged_at: int | None
    seconds: float
    from_cache: bool = False

    @property
    def gap(self) -> np.ndarray:
        """Train accuracy minus test accuracy, per epoch: how far the network overfits."""
        return self.train_accuracy - self.test_accuracy


def _history_entry(trainer) -> tuple[dict[str, np.ndarray], dict]:
    """A trained :class:`~dlscratch.training.Trainer`'s lists as arrays padded to ``epochs``."""
    padded = {}
    for name in ("train_acc_list", "test_acc_list"):
        values = np.full(trainer.epochs, np.nan)
        recorded = getattr(trainer, name)
        values[: len(recorded)] = recorded
        padded[name] = values
    arrays = {
        "train_loss": np.asarray(trainer.train_loss_list, dtype=np.float64),
        "train_accuracy": padded["train_acc_list"],
        "test_accuracy": padded["test_acc_list"],
    }
    final = trainer.final_test_acc
    meta = {
        "final_test_accuracy": None if final is None else float(final),
        "diverged_at": trainer.diverged_at,
    }
    return arrays, meta


def _history_from_entry(arrays, meta, seconds: float, from_cache: bool) -> TrainingHistory:
    final = meta["final_test_accuracy"]
    return TrainingHistory(
        train_loss=arrays["train_loss"],
        train_accuracy=arrays["train_accuracy"],
        test_accuracy=arrays["test_accuracy"],
        final_test_accuracy=math.nan if final is None else final,
        diverged_at=meta["diverged_at"],
        seconds=seconds,
        from_cache=from_cache,
    )


def _trainer_settings(trainer, seed: int) -> dict:
    """Everything about a Trainer that decides its result, as JSON values."""
    optimizer = trainer.optimizer
    return {
        "network": _network_fingerprint(trainer.network),
        "data": _fingerprint(trainer.x_train, trainer.t_train, trainer.x_test, trainer.t_test),
        "epochs": trainer.epochs,
        "mini_batch_size": trainer.batch_size,
        "optimizer": {
            "class": type(optimizer).__name__,
            **{h: getattr(optimizer, h) for h in optimizer.hyperparameter_names},
        },
        "evaluate_sample_num_per_epoch": trainer.evaluate_sample_num_per_epoch,
        "seed": seed,
    }


def cached_training(
    network: MultiLayerNet,
    data,
    *,
    seed: int,
    cache_dir: str | os.PathLike | None = None,
    **trainer_settings,
) -> TrainingHistory:
    """Train ``network`` with the book's :class:`~dlscratch.training.Trainer`, or read the result.

    The result is stored with :func:`cached_result` under a key made of the
    network (its layout, settings and initial values), the data, the
    optimizer and its hyperparameters, the Trainer's settings and ``seed``,
    so the site's second language, and any later call with the same
    settings, trains nothing.

    Parameters
    ----------
    network : dlscratch.nn.MultiLayerNet
        The network, or a :class:`~dlscratch.nn.MultiLayerNetExtend`.  It is
        trained in place when nothing is stored, and left as it was otherwise.
    data : tuple
        ``((x_train, t_train), (x_test, t_test))``, e.g. from
        :func:`~dlscratch.datasets.load_mnist` or a slice of it.
    seed : int
        Keyword only.  The Trainer's seed (the mini-batches); needed, since
        a stored result can only stand for a run that repeats exactly.
    cache_dir : str or path-like, optional
        Default :func:`experiment_cache_dir`.
    **trainer_settings
        Any other argument of :class:`~dlscratch.training.Trainer`:
        ``epochs``, ``mini_batch_size``, ``optimizer``, ``optimizer_param``,
        ``evaluate_sample_num_per_epoch``.  It trains without printing.

    Returns
    -------
    TrainingHistory

    Raises
    ------
    ValueError, TypeError
        If an argument is invalid, as for the Trainer, or ``seed`` is not a
        non-negative integer.

    Examples
    --------
    >>> import tempfile
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import cached_training
    >>> from dlscratch.nn import MultiLayerNet
    >>> (x, t), (x_test, t_test) = load_mnist(source="bundled")
    >>> data = (x[:100], t[:100]), (x_test[:100], t_test[:100])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first = cached_training(MultiLayerNet(784, [20], 10, seed=0), data, seed=0,
    ...                             epochs=3, cache_dir=folder)
    ...     again = cached_training(MultiLayerNet(784, [20], 10, seed=0), data, seed=0,
    ...                             epochs=3, cache_dir=folder)
    >>> first.train_accuracy.shape, again.from_cache
    ((3,), True)
    >>> bool((again.test_accuracy == first.test_accuracy).all())
    True
    """
    from dlscratch.training import Trainer  # training imports this module

    seed = non_negative_int("seed", seed)
    if "verbose" in trainer_settings:
        raise TypeError("cached_training() trains silently; do not pass verbose")
    (x_train, t_train), (x_test, t_test) = _unpacked_data(data)
    trainer = Trainer(network, x_train, t_train, x_test, t_test, verbose=False,
                      seed=int(seed), **trainer_settings)  # fmt: skip
    seconds = []

    def compute():
        start = time.perf_counter()
        trainer.train()
        seconds.append(time.perf_counter() - start)
        arrays, meta = _history_entry(trainer)
        return arrays, {**meta, "seconds": seconds[0]}

    arrays, meta, from_cache = cached_result(
        "training", _trainer_settings(trainer, int(seed)), compute, cache_dir=cache_dir
    )
    return _history_from_entry(arrays, meta, meta["seconds"], from_cache)


@dataclass(eq=False)
class SearchResult:
    r"""The result of :func:`random_search`: one row per trial.

    Attributes
    ----------
    learning_rates, weight_decays : numpy.ndarray
        Each trial's learning rate :math:`\eta` and weight decay
        :math:`\lambda`, ``(trials,)``.
    train_accuracy, validation_accuracy : numpy.ndarray
        Accuracy on the trial's training and validation data at the end of
        every epoch, ``(trials, epochs)``; NaN from a divergence on.
    test_accuracy : numpy.ndarray
        Each trial's accuracy on the test data after training, ``(trials,)``;
        NaN if it diverged.  Recorded to show what choosing by the test data
        would do, never used to choose.
    diverged_at : list of int or None
        Per trial, as ``diverged_at`` of :class:`TrainingHistory`.
    seeds : numpy.ndarray
        Each trial's seed, of its network's initial weights and of its
        Trainer's mini-batches, so that a trial can be repeated on its own.
    settings : dict
        The search's settings.

    Examples
    --------
    Three trials of two epochs; the third diverged, so its last accuracy
    is NaN and it ranks last:

    >>> import numpy as np
    >>> from dlscratch.experiments import SearchResult
    >>> validation = np.array([[0.2, 0.4], [0.3, 0.7], [0.1, np.nan]])
    >>> result = SearchResult(
    ...     learning_rates=np.array([1e-3, 1e-2, 1e-1]), weight_decays=np.full(3, 1e-6),
    ...     train_accuracy=validation, validation_accuracy=validation,
    ...     test_accuracy=np.array([0.35, 0.65, np.nan]), diverged_at=[None, None, 5],
    ...     seeds=np.arange(3), settings={})
    >>> result.ranking().tolist()
    [1, 0, 2]
    >>> result.final_validation_accuracy.tolist()
    [0.4, 0.7, 0.0]
    """

    learning_rates: np.ndarray
    weight_decays: np.ndarray
    train_accuracy: np.ndarray
    validation_accuracy: np.ndarray
    test_accuracy: np.ndarray
    diverged_at: list
    seeds: np.ndarray
    settings: dict

    @property
    def final_validation_accuracy(self) -> np.ndarray:
        """Each trial's validation accuracy after its last epoch (0 if it diverged)."""
        return np.nan_to_num(self.validation_accuracy[:, -1])

    def ranking(self) -> np.ndarray:
        """Trial indices from the best final validation accuracy to the worst (stable for ties)."""
        return np.argsort(-self.final_validation_accuracy, kind="stable")


def random_search(
    data,
    trials: int = 100,
    *,
    lr_exponents: tuple[float, float] = (-6.0, -2.0),
    weight_decay_exponents: tuple[float, float] = (-8.0, -4.0),
    train_size: int = 500,
    validation_rate: float = 0.2,
    epochs: int = 50,
    hidden_size_list: Sequence[int] = (100,) * 6,
    mini_batch_size: int = 100,
    dtype: type | np.dtype = np.float32,
    seed: int = 0,
    workers: int | None = None,
    cache_dir: str | os.PathLike | None = None,
) -> SearchResult:
    r"""The book's random search for the learning rate and the weight decay (section 6.5).

    The first ``train_size`` training images are split into training and
    validation data by :func:`~dlscratch.util.validation_split` with the same
    ``seed``.  Each trial draws :math:`\eta = 10^{u}` and
    :math:`\lambda = 10^{v}` with :math:`u` and :math:`v` uniform over
    ``lr_exponents`` and ``weight_decay_exponents``, and a seed for its
    initial weights and mini-batches.  It trains a
    :class:`~dlscratch.nn.MultiLayerNet` with that weight decay by SGD with
    that learning rate through the book's :class:`~dlscratch.training.Trainer`,
    and records the accuracies on the training and validation data after
    every epoch.  The test data are only measured once, after training.

    Parameters
    ----------
    data : tuple
        ``((x_train, t_train), (x_test, t_test))``.
    trials : int, default 100
        Number of random settings.
    lr_exponents, weight_decay_exponents : pair of float
        The ranges of :math:`\log_{10} \eta` and :math:`\log_{10} \lambda`;
        the book's are (-6, -2) and (-8, -4).
    train_size : int, default 500
        How many of the first training images to use, validation included.
    validation_rate : float, default 0.2
        The share held out for validation.
    epochs : int, default 50
    hidden_size_list : sequence of int, default six layers of 100
    mini_batch_size : int, default 100
    dtype : floating dtype, default numpy.float32
        The networks' dtype.
    seed : int, default 0
        Decides the split, every trial's setting, initial weights and
        mini-batches: the same seed gives the same search.
    workers : int, optional
        Train this many trials at a time in threads, as in
        :func:`compare_over_seeds`; the numbers are the same either way.
    cache_dir : str or path-like, optional
        Each trial is stored on its own with :func:`cached_result`, so a
        search with more trials trains only the new ones.

    Returns
    -------
    SearchResult

    Examples
    --------
    >>> import tempfile
    >>> import numpy as np
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import random_search
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     result = random_search(load_mnist(source="bundled"), trials=3, train_size=100,
    ...                            epochs=2, hidden_size_list=[10], cache_dir=folder)
    >>> result.validation_accuracy.shape
    (3, 2)
    >>> bool(np.all((1e-6 <= result.learning_rates) & (result.learning_rates <= 1e-2)))
    True
    """
    from dlscratch.training import Trainer  # training imports this module
    from dlscratch.util import validation_split

    trials = positive_int("trials", trials)
    train_size = positive_int("train_size", train_size)
    epochs = positive_int("epochs", epochs)
    workers = 1 if workers is None else positive_int("workers", workers)
    seed = non_negative_int("seed", seed)
    ranges = {"lr_exponents": lr_exponents, "weight_decay_exponents": weight_decay_exponents}
    for name, (low, high) in ranges.items():
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise ValueError(f"{name} must be a pair (low, high), low < high, got {(low, high)}")
    (x_all, t_all), (x_test, t_test) = _checked_data(data)
    if train_size > len(x_all):
        raise ValueError(f"train_size must be at most {len(x_all)}, got {train_size}")
    # The split is validation_split's with this seed, so a page can show the same split.
    train, validation = validation_split(
        x_all[:train_size], t_all[:train_size], validation_rate, seed=int(seed)
    )
    # Trial by trial from one stream, independent of the split's, so that a longer search
    # starts with the trials of a shorter one and reuses them from the cache.
    draw = np.random.default_rng([int(seed), 1])
    draws = [
        (draw.uniform(*lr_exponents), draw.uniform(*weight_decay_exponents), draw.integers(2**31))
        for _ in range(trials)
    ]
    learning_rates = 10 ** np.array([u for u, _, _ in draws])
    weight_decays = 10 ** np.array([v for _, v, _ in draws])
    trial_seeds = np.array([seed for _, _, seed in draws])
    hidden = [positive_int("hidden_size_list", size) for size in hidden_size_list]
    directory = experiment_cache_dir(cache_dir)

    def run_trial(i: int):
        seed = int(trial_seeds[i])
        net = MultiLayerNet(
            x_all.shape[1],
            hidden,
            int(t_all.max()) + 1,
            weight_decay_lambda=float(weight_decays[i]),
            dtype=dtype,
            seed=seed,
        )
        trainer = Trainer(net, *train, *validation, epochs=epochs, mini_batch_size=mini_batch_size,
                          optimizer="SGD", optimizer_param={"lr": float(learning_rates[i])},
                          verbose=False, seed=seed)  # fmt: skip

        def compute():
            trainer.train()
            arrays, meta = _history_entry(trainer)
            test = math.nan if trainer.diverged_at is not None else net.accuracy(x_test, t_test)
            return arrays, {**meta, "test_accuracy": float(test)}

        # The key of cached_training, and the test data that this result measures too.
        settings = {**_trainer_settings(trainer, seed), "test": _fingerprint(x_test, t_test)}
        arrays, meta, _ = cached_result("search_trial", settings, compute, cache_dir=directory)
        return arrays, meta

    # As in compare_over_seeds: one BLAS thread around all the threads' runs.
    with _one_blas_thread(), ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(run_trial, range(trials)))
    return SearchResult(
        learning_rates=learning_rates,
        weight_decays=weight_decays,
        train_accuracy=np.array([arrays["train_accuracy"] for arrays, _ in results]),
        validation_accuracy=np.array([arrays["test_accuracy"] for arrays, _ in results]),
        test_accuracy=np.array([meta["test_accuracy"] for _, meta in results]),
        diverged_at=[meta["diverged_at"] for _, meta in results],
        seeds=trial_seeds,
        settings={
            "trials": trials,
            "lr_exponents": list(lr_exponents),
            "weight_decay_exponents": list(weight_decay_exponents),
            "train_size": train_size,
            "n_train": len(train[0]),
            "n_validation": len(validation[0]),
            "epochs": epochs,
            "hidden_size_list": hidden,
            "mini_batch_size": mini_batch_size,
            "seed": int(seed),
        },
    )


__all__ += ["SearchResult", "TrainingHistory", "cached_training", "random_search"]
