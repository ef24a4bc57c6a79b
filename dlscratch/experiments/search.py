r"""Sections 6.4 and 6.5: training with the book's ``Trainer``, cached, and the random search.

:func:`cached_training` trains a network with :class:`~dlscratch.training.Trainer`
(overfitting, weight decay, dropout) or reads the stored result;
:func:`random_search` runs the book's search for the learning rate and the
weight decay, one cached trial at a time.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dlscratch.experiments.cache import cached_result, experiment_cache_dir, fingerprint
from dlscratch.experiments.common import (
    checked_data,
    default_workers,
    network_fingerprint,
    optimizer_settings,
    run_parallel,
    unpacked_data,
)
from dlscratch.nn import MultiLayerNet
from dlscratch.training import Trainer
from dlscratch.util import validation_split
from dlscratch.validation import non_negative_int, positive_int

__all__ = ["SearchResult", "TrainingHistory", "cached_training", "random_search"]


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
    return {
        "network": network_fingerprint(trainer.network),
        "data": fingerprint(trainer.x_train, trainer.t_train, trainer.x_test, trainer.t_test),
        "epochs": trainer.epochs,
        "mini_batch_size": trainer.batch_size,
        "optimizer": optimizer_settings(trainer.optimizer),
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
    seed = non_negative_int("seed", seed)
    if "verbose" in trainer_settings:
        raise TypeError("cached_training() trains silently; do not pass verbose")
    (x_train, t_train), (x_test, t_test) = unpacked_data(data)
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
        Train this many trials at a time, in worker processes, as in
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
    trials = positive_int("trials", trials)
    train_size = positive_int("train_size", train_size)
    epochs = positive_int("epochs", epochs)
    workers = default_workers() if workers is None else positive_int("workers", workers)
    seed = non_negative_int("seed", seed)
    ranges = {"lr_exponents": lr_exponents, "weight_decay_exponents": weight_decay_exponents}
    for name, (low, high) in ranges.items():
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise ValueError(f"{name} must be a pair (low, high), low < high, got {(low, high)}")
    (x_all, t_all), (x_test, t_test) = checked_data(data)
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
        settings = {**_trainer_settings(trainer, seed), "test": fingerprint(x_test, t_test)}
        arrays, meta, _ = cached_result("search_trial", settings, compute, cache_dir=directory)
        return arrays, meta

    results = run_parallel([lambda i=i: run_trial(i) for i in range(trials)], workers)
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
