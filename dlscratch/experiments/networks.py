r"""Sections 6.2 and 6.3: networks compared under one optimizer, and the activations' histograms.

:func:`compare_networks` is the counterpart of
:func:`~dlscratch.experiments.compare_optimizers` for initializations and batch
normalization: every network trains with a fresh copy of one optimizer on the
same mini-batches.  :func:`cached_compare_networks` stores its result with
:func:`~dlscratch.experiments.cached_result`, and :func:`activation_distributions`
runs the book's histogram experiment of section 6.2.
"""

from __future__ import annotations

import copy
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass

import numpy as np

from dlscratch.experiments.cache import cached_result, fingerprint
from dlscratch.experiments.common import (
    accuracy,
    batch_indices,
    checked_data,
    checked_optimizer,
    mini_batches,
    network_fingerprint,
    optimizer_settings,
)
from dlscratch.experiments.progress import summary_line
from dlscratch.nn import MultiLayerNet
from dlscratch.optim import Optimizer
from dlscratch.training import training_loop
from dlscratch.validation import non_negative_int, positive_int

__all__ = [
    "NetworkComparison",
    "NetworkRun",
    "cached_compare_networks",
    "compare_networks",
    "activation_distributions",
]


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
    arrays = checked_data(data)
    x_train = arrays[0][0]
    networks = _checked_networks(networks, x_train.shape[1])
    optimizer = checked_optimizer(optimizer)
    batch_size = positive_int("batch_size", batch_size)
    iterations = positive_int("iterations", iterations)
    seed = non_negative_int("seed", seed)
    if evaluate_every is None:
        checkpoints = np.array([0, iterations])
    else:
        every = positive_int("evaluate_every", evaluate_every)
        checkpoints = np.unique(np.append(np.arange(0, iterations + 1, every), iterations))
    batches = batch_indices(len(x_train), batch_size, iterations, seed)

    runs = {}
    for name, initial in networks.items():
        opt = copy.deepcopy(optimizer)
        runs[name] = _train_network(name, initial, opt, arrays, batches, checkpoints)
        if progress is not None:
            progress(_network_summary_line(runs[name]))

    info = getattr(data, "info", None)
    settings = {
        "optimizer": optimizer_settings(optimizer),
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


def _train_network(name, initial, optimizer, arrays, batches, checkpoints) -> NetworkRun:
    """Train a copy of ``initial`` on ``batches``, measuring accuracy at ``checkpoints``."""
    (x_train, t_train), (x_test, t_test) = arrays
    scale = x_train.dtype == np.uint8
    net = initial.copy()
    losses = np.full(len(batches), np.nan)
    train_acc = np.full(len(checkpoints), np.nan)
    test_acc = np.full(len(checkpoints), np.nan)
    measured = 0  # how many checkpoints have been measured

    def evaluate(done: int) -> None:
        """Measure the accuracies if ``done`` iterations make the next checkpoint."""
        nonlocal measured
        if measured < len(checkpoints) and checkpoints[measured] == done:
            train_acc[measured] = accuracy(net, x_train, t_train, scale)
            test_acc[measured] = accuracy(net, x_test, t_test, scale)
            measured += 1

    def record(i: int, loss: float) -> None:
        losses[i] = loss
        evaluate(i + 1)

    start = time.perf_counter()
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # as in training
        evaluate(0)  # before training
    batches = mini_batches(x_train, t_train, batches, net.dtype, scale)
    diverged_at = training_loop(net, optimizer, batches, flat=True, after_step=record)
    return NetworkRun(
        name=name,
        network=repr(initial),
        losses=losses,
        checkpoints=checkpoints.copy(),
        train_accuracy=train_acc,
        test_accuracy=test_acc,
        seconds=time.perf_counter() - start,
        diverged_at=diverged_at,
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
    arrays = checked_data(data)
    checked = _checked_networks(networks, arrays[0][0].shape[1])
    opt = checked_optimizer(optimizer)
    key_settings = {
        "data": fingerprint(*arrays[0], *arrays[1]),
        "networks": [[name, network_fingerprint(net)] for name, net in checked.items()],
        "optimizer": optimizer_settings(opt),
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


def _network_summary_line(run: NetworkRun) -> str:
    return summary_line(run.name, run.seconds, run.train_accuracy[-1], run.test_accuracy[-1],
                        run.diverged_at)  # fmt: skip


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
