r"""Section 6.1: the book's MNIST comparison of SGD, Momentum, AdaGrad and Adam, made fair.

:func:`compare_optimizers` trains copies of one initial network on one
sequence of mini-batches, one copy per optimizer; :func:`cached_compare_optimizers`
stores each optimizer's run on its own (:mod:`dlscratch.experiments.cache`);
:func:`compare_over_seeds` and :func:`learning_rate_sweep` repeat it over seeds
and learning rates.  The package's docstring (:mod:`dlscratch.experiments`)
tells the story.
"""

from __future__ import annotations

import copy
import math
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial

import numpy as np

from dlscratch.experiments.cache import (
    cache_key,
    experiment_cache_dir,
    fingerprint,
    load_or_compute,
)
from dlscratch.experiments.common import (
    accuracy,
    checked_data,
    checked_optimizer,
    default_workers,
    initial_network_and_batches,
    mini_batches,
    optimizer_settings,
    run_parallel,
    run_reporting,
)
from dlscratch.experiments.progress import (
    checked_log_every,
    is_logged,
    iteration_line,
    summary_line,
)
from dlscratch.optim import Optimizer
from dlscratch.registry import OPTIMIZERS
from dlscratch.training import training_loop
from dlscratch.validation import non_negative_int, positive_int

__all__ = [
    "book_optimizers",
    "compare_optimizers",
    "cached_compare_optimizers",
    "comparison_key",
    "compare_over_seeds",
    "learning_rate_sweep",
    "moving_average",
    "OptimizerRun",
    "Comparison",
    "SeedStudy",
]


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

    def best_learning_rate(self, method: str) -> float | None:
        """``method``'s best learning rate in a sweep: the highest mean test accuracy.

        Only the learning rates at which no seed diverged compete, so a rate
        that works for some seeds and not for others is never called best.

        Parameters
        ----------
        method : str
            A key of ``learning_rates``.

        Returns
        -------
        float or None
            One of ``learning_rates[method]``; None if every one diverged.

        Examples
        --------
        >>> import tempfile
        >>> from dlscratch.datasets import load_mnist
        >>> from dlscratch.experiments import learning_rate_sweep
        >>> rates = {"SGD": [0.01, 0.1, 50.0]}
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     study = learning_rate_sweep(load_mnist(source="bundled"), rates,
        ...                                 seeds=[0], iterations=30, cache_dir=folder)
        >>> study.diverged(study.sweep_label("SGD", 50.0)), study.best_learning_rate("SGD")
        (1, 0.1)
        """
        labels = {lr: self.sweep_label(method, lr) for lr in self.learning_rates[method]}
        stable = [lr for lr, label in labels.items() if self.diverged(label) == 0]
        if not stable:
            return None
        return max(stable, key=lambda lr: self.test_accuracies(labels[lr]).mean())


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
    workers: int | None = None,
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
    workers : int, optional
        Train this many optimizers at a time, in worker processes, as
        :func:`compare_over_seeds` does; the lines of each run are then
        shown when the runs have ended, in the same order.  The numbers are
        the same either way, bit for bit.

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
    arrays = checked_data(data)
    (x_train, t_train), (x_test, t_test) = arrays
    hidden = list(hidden_size_list)
    batch_size = positive_int("batch_size", batch_size)
    iterations = positive_int("iterations", iterations)
    seed = non_negative_int("seed", seed)
    log_every = checked_log_every(log_every)
    workers = default_workers() if workers is None else positive_int("workers", workers)
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

    def task(name, optimizer, report):
        run = _train_run(name, optimizer, initial, arrays, batches, log_every, report)
        if report is not None:
            report(_summary_line(run))
        return run

    trained = run_reporting(
        [partial(task, name, opt) for name, opt in optimizers.items()], workers, progress
    )
    runs = {run.name: run for run in trained}

    settings = _settings(
        optimizers, hidden, batch_size, iterations, seed, dtype, activation, weight_init_std
    )
    info = getattr(data, "info", None)
    return Comparison(
        runs=runs,
        settings=settings,
        data_source=info.description if info is not None else "arrays given directly",
        data_info=asdict(info) if info is not None else None,
        data_fingerprint=fingerprint(x_train, t_train, x_test, t_test),
    )


def _train_run(name, optimizer, initial, arrays, batches, log_every, progress) -> OptimizerRun:
    """Train a copy of ``initial`` with ``optimizer`` on ``batches``: one run of a comparison."""
    (x_train, t_train), (x_test, t_test) = arrays
    scale = x_train.dtype == np.uint8
    net = initial.copy()
    iterations = len(batches)
    losses = np.empty(iterations)

    def record(i: int, loss: float) -> None:
        losses[i] = loss
        if progress is not None and is_logged(i, log_every):
            progress(iteration_line(name, i, iterations, losses[i]))

    start = time.perf_counter()
    # All parameters as one vector (flat): the same arithmetic as key by key (every optimizer
    # works element by element), in one call per step instead of ten.
    batches = mini_batches(x_train, t_train, batches, net.dtype, scale)
    diverged_at = training_loop(net, optimizer, batches, flat=True, after_step=record)
    seconds = time.perf_counter() - start
    if diverged_at is not None:
        losses[diverged_at:] = np.nan
    finished = diverged_at is None
    return OptimizerRun(
        name=name,
        optimizer=repr(optimizer),
        losses=losses,
        train_accuracy=accuracy(net, x_train, t_train, scale) if finished else math.nan,
        test_accuracy=accuracy(net, x_test, t_test, scale) if finished else math.nan,
        seconds=seconds,
        diverged_at=diverged_at,
    )


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
    arrays = checked_data(data)
    settings = _settings(optimizers, list(hidden_size_list), batch_size, iterations, seed,
                         dtype, activation, weight_init_std)  # fmt: skip
    # The order of the runs too: the key's sorted keys would hide it.
    order, data_fingerprint = list(optimizers), fingerprint(*arrays[0], *arrays[1])
    return cache_key("comparison", {"settings": settings, "order": order, "data": data_fingerprint})


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
    log_every = checked_log_every(settings.pop("log_every", 500))
    workers = settings.pop("workers", None)
    directory = experiment_cache_dir(cache_dir)

    parts = run_reporting(
        [
            partial(_cached_run, data, {name: optimizer}, directory, log_every, settings=settings)
            for name, optimizer in _checked_optimizers(optimizers).items()
        ],
        workers,
        progress,
    )
    first = parts[0]
    every_optimizer = {k: v for part in parts for k, v in part.settings["optimizers"].items()}
    return Comparison(
        runs={name: run for part in parts for name, run in part.runs.items()},
        settings={**first.settings, "optimizers": every_optimizer},
        data_source=first.data_source,
        data_info=first.data_info,
        data_fingerprint=first.data_fingerprint,
        from_cache=all(part.from_cache for part in parts),
    )


def _cached_run(data, one, directory, log_every, progress, *, settings) -> Comparison:
    """The comparison of the single optimizer of ``one``, read from the cache or trained."""
    trained = []

    def compute():
        result = compare_optimizers(data, one, log_every=log_every, progress=progress, **settings)
        trained.append(result)
        return _comparison_entry(result)

    arrays, meta, from_cache = load_or_compute(
        "comparison",
        comparison_key(data, one, **settings),
        compute,
        cache_dir=directory,
        usable=lambda arrays, meta: _comparison_from_entry(arrays, meta) is not None,
    )
    if not from_cache:
        return trained[0]
    stored = _comparison_from_entry(arrays, meta)
    if progress is not None:
        # Replay the stored run's log, so the output is the same whether it trained or not.
        (run,) = stored.runs.values()
        for i, loss in enumerate(run.losses):
            if is_logged(i, log_every):
                progress(iteration_line(run.name, i, len(run.losses), loss))
        progress(_summary_line(run))
    return stored


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
        Train this many runs at a time, in worker processes forked from
        this one (in threads where the system cannot fork); default: as many
        as the machine has cores, or
        ``DLSCRATCH_WORKERS``.  The numbers are the same either way, bit for
        bit.
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
    seeds = [non_negative_int("seeds", seed) for seed in seeds]
    workers = default_workers() if workers is None else positive_int("workers", workers)
    if not seeds:
        raise ValueError("seeds must not be empty")
    for name in ("seed", "log_every", "progress"):
        if name in settings:
            raise TypeError(f"compare_over_seeds() sets {name} itself; do not pass it")
    directory = experiment_cache_dir(cache_dir)

    def train(one, seed):
        return cached_compare_optimizers(
            data, one, cache_dir=directory, progress=None, seed=seed, workers=1, **settings
        )

    tasks = [
        lambda one={name: opt}, seed=seed: train(one, seed)
        for seed in seeds
        for name, opt in optimizers.items()
    ]
    results = run_parallel(tasks, workers)
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


def _summary_line(run: OptimizerRun) -> str:
    return summary_line(run.name, run.seconds, run.train_accuracy, run.test_accuracy,
                        run.diverged_at)  # fmt: skip


def _checked_optimizers(optimizers) -> dict[str, Optimizer]:
    if optimizers is None:
        return book_optimizers()
    if isinstance(optimizers, Mapping):
        checked = {}
        for name, optimizer in optimizers.items():
            checked_optimizer(optimizer, f"optimizers[{name!r}]")
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


def _settings(optimizers, hidden, batch_size, iterations, seed, dtype, activation, weight_init_std):
    return {
        "optimizers": {name: optimizer_settings(opt) for name, opt in optimizers.items()},
        "hidden_size_list": [int(size) for size in hidden],
        "batch_size": int(batch_size),
        "iterations": int(iterations),
        "seed": int(seed),
        "dtype": np.dtype(dtype).name,
        "activation": activation,
        "weight_init_std": weight_init_std,
    }


def _comparison_entry(result: Comparison) -> tuple[dict[str, np.ndarray], dict]:
    """A comparison as the arrays and the JSON description that the cache stores."""
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
