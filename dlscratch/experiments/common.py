"""What the experiments of every section share: checks, mini-batches, accuracy, fingerprints.

The comparisons of sections 6.1 to 6.3 and the training of sections 6.4 and
6.5 take their data, optimizers and networks through the same checks, draw
their mini-batches from a seed the same way (two streams spawned from it: the
first for the initial weights, the second for the batches), measure accuracy
the same way, and describe what they trained with the same fingerprints (for
the cache's keys).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np

from dlscratch.experiments.cache import fingerprint
from dlscratch.nn import BatchNormalization, MultiLayerNet
from dlscratch.optim import Optimizer
from dlscratch.training import one_blas_thread
from dlscratch.validation import positive_int

__all__ = [
    "accuracy",
    "batch_indices",
    "checked_data",
    "checked_optimizer",
    "initial_network_and_batches",
    "mini_batches",
    "network_fingerprint",
    "optimizer_settings",
    "unpacked_data",
]

# Images per forward pass when accuracy is measured: little memory, few calls.
_EVAL_BATCH = 1000


def unpacked_data(data):
    """``((x_train, t_train), (x_test, t_test))``, or a TypeError that says so."""
    try:
        (x_train, t_train), (x_test, t_test) = data
    except (TypeError, ValueError) as error:
        raise TypeError("data must be ((x_train, t_train), (x_test, t_test))") from error
    return (x_train, t_train), (x_test, t_test)


def checked_data(data):
    """The data as arrays with flat images, or a ValueError naming what is wrong."""
    (x_train, t_train), (x_test, t_test) = unpacked_data(data)
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


def checked_optimizer(optimizer, argument: str = "optimizer") -> Optimizer:
    """Return ``optimizer`` if fresh and from dlscratch.optim; else raise, naming ``argument``."""
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            f"{argument} must be an optimizer from dlscratch.optim, got {type(optimizer).__name__}"
        )
    if optimizer.t != 0:
        raise ValueError(f"{argument} has already taken {optimizer.t} steps; pass a fresh one")
    return optimizer


def optimizer_settings(optimizer: Optimizer) -> dict:
    """An optimizer's class and hyperparameters as JSON values: ``{"class": "SGD", "lr": 0.01}``."""
    return {
        "class": type(optimizer).__name__,
        **{h: getattr(optimizer, h) for h in optimizer.hyperparameter_names},
    }


def batch_indices(n_train: int, batch_size: int, iterations: int, seed: int) -> np.ndarray:
    """The mini-batch rows of ``seed``, from the second stream spawned from it.

    Each row of the result is one mini-batch of ``batch_size`` indices drawn
    uniformly, with replacement, from ``range(n_train)``.  The first stream
    spawned from ``seed`` is left for the initial weights
    (:func:`initial_network_and_batches`).

    Examples
    --------
    >>> from dlscratch.experiments.common import batch_indices
    >>> batch_indices(10, 4, 3, seed=0).shape
    (3, 4)
    """
    _, batch_stream = np.random.SeedSequence(seed).spawn(2)
    return np.random.default_rng(batch_stream).integers(0, n_train, size=(iterations, batch_size))


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
    return net, batch_indices(n_train, batch_size, iterations, seed)


def _to_unit_interval(pixels: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """uint8 pixels to [0, 1], exactly as ``load_mnist(normalize=True)`` computes them."""
    x = pixels.astype(dtype)
    x /= 255
    return x


def mini_batches(
    x: np.ndarray, t: np.ndarray, batches: np.ndarray, dtype: np.dtype, scale: bool
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(x[rows], t[rows])`` for each row of ``batches``, one when it is asked for.

    With ``scale``, uint8 pixels become ``dtype`` values in [0, 1] one batch
    at a time: the same values as the whole set normalized, in a quarter of
    the memory.
    """
    for rows in batches:
        x_batch = x[rows]
        if scale:
            x_batch = _to_unit_interval(x_batch, dtype)
        yield x_batch, t[rows]


def accuracy(net: MultiLayerNet, x: np.ndarray, t: np.ndarray, scale: bool) -> float:
    """The share of ``x`` that ``net`` classifies right, in batches, with one BLAS thread."""
    labels = t.argmax(axis=1) if t.ndim == 2 else t
    correct = 0
    with one_blas_thread():  # the same numbers as in training, on any machine
        for start in range(0, len(x), _EVAL_BATCH):
            batch = x[start : start + _EVAL_BATCH]
            if scale:
                batch = _to_unit_interval(batch, net.dtype)
            predicted = net.predict(batch).argmax(axis=1)
            correct += int(np.count_nonzero(predicted == labels[start : start + _EVAL_BATCH]))
    return correct / len(x)


def network_fingerprint(net: MultiLayerNet) -> dict:
    """Everything that makes a network what it is: layout, settings, initial values."""
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
        "params": fingerprint(net.flat_params, *running),
    }


def default_workers() -> int:
    """How many independent runs train at a time when a function is not told.

    Every core, so that a script started by hand or a benchmark uses the whole
    machine; the environment variable ``DLSCRATCH_WORKERS`` overrides it.  The
    site's build sets it to 1, because sphinx-gallery already runs two examples
    at a time.
    """
    value = os.environ.get("DLSCRATCH_WORKERS")
    if value is None:
        return os.cpu_count() or 1
    if not value.strip().isdigit():
        raise ValueError(f"DLSCRATCH_WORKERS must be a positive integer, got {value!r}")
    return positive_int("DLSCRATCH_WORKERS", int(value))


def run_parallel(tasks: Sequence[Callable[[], object]], workers: int | None) -> list:
    """Call every task, ``workers`` at a time, and return their results in order.

    Where the operating system can ``fork`` (Linux), the tasks run in worker
    processes forked from this one: they inherit the tasks and their data as
    they are, and only the results travel back, pickled.  Each process has
    Python's lock to itself, so two workers keep two cores busy; two threads
    managed about two thirds of that, because the Python between NumPy's calls
    holds the lock.  Elsewhere the tasks run in threads.  With BLAS held to one
    thread around all of them, every task computes exactly what it would alone:
    the numbers do not depend on ``workers``.  An exception of a task is raised
    here.
    """
    workers = default_workers() if workers is None else positive_int("workers", workers)
    with one_blas_thread():
        if workers == 1 or len(tasks) == 1:
            return [task() for task in tasks]
        if "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux":
            return _run_in_processes(tasks, min(workers, len(tasks)))
        with ThreadPoolExecutor(min(workers, len(tasks))) as pool:
            return list(pool.map(lambda task: task(), tasks))


# Task lists waiting for forked workers, by a number of their own: a forked process
# inherits this dict, so a task needs no pickling, only its number does.
_PENDING: dict[int, Sequence[Callable[[], object]]] = {}


def _run_pending(batch: int, index: int) -> object:
    return _PENDING[batch][index]()


def _run_in_processes(tasks: Sequence[Callable[[], object]], workers: int) -> list:
    batch = id(tasks)
    _PENDING[batch] = tasks
    try:
        # "fork" by name: the other start methods would pickle the tasks, and "spawn"
        # would run a gallery script without a __main__ guard again in every worker.
        context = multiprocessing.get_context("fork")
        with warnings.catch_warnings():
            # Python 3.12+ warns about forking a process that has threads, such as BLAS's
            # idle pool; BLAS stops its pool around a fork, and the workers only compute.
            warnings.filterwarnings(
                "ignore", "This process .* is multi-threaded", DeprecationWarning
            )
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                return list(pool.map(_run_pending, [batch] * len(tasks), range(len(tasks))))
    finally:
        del _PENDING[batch]


def run_reporting(
    tasks: Sequence[Callable[[Callable[[str], object] | None], object]],
    workers: int | None,
    progress: Callable[[str], object] | None,
) -> list:
    """Like :func:`run_parallel` for tasks that report progress lines: ``task(report)``.

    One worker reports as it goes.  Several keep each task's lines, return them
    with its result, and show them in the order of the tasks once all have ended,
    so that the output is the same whatever ``workers`` is.
    """
    workers = default_workers() if workers is None else positive_int("workers", workers)
    if progress is None or workers == 1 or len(tasks) == 1:
        return run_parallel([lambda task=task: task(progress) for task in tasks], workers)

    def with_lines(task):
        lines: list[str] = []
        return task(lines.append), lines

    pairs = run_parallel([lambda task=task: with_lines(task) for task in tasks], workers)
    for line in (line for _, lines in pairs for line in lines):
        progress(line)
    return [result for result, _ in pairs]
