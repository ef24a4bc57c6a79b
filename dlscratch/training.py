r"""The book's ``Trainer``: train a network with mini-batches for a number of epochs.

The scripts of sections 6.4 and 6.5 (overfitting, weight decay, dropout,
hyperparameter search) all train a network the same way, so the book puts
that loop in one class, ``common.trainer.Trainer``.  :class:`Trainer` keeps
its signature and its lists of results, so those scripts run with
``from dlscratch.training import Trainer``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np

from dlscratch.i18n import tr
from dlscratch.optim import Optimizer, all_finite
from dlscratch.registry import optimizer_entry
from dlscratch.validation import positive_int, seed_generator

__all__ = ["Trainer", "finite_step", "one_blas_thread", "training_loop", "training_step"]


class Trainer:
    r"""Train ``network`` on mini-batches for ``epochs`` epochs, recording loss and accuracy.

    Parameters
    ----------
    network
        A network with ``params``, ``gradient(x, t)``, ``loss(x, t)`` and
        ``accuracy(x, t)``, such as :class:`dlscratch.nn.MultiLayerNet` or
        :class:`dlscratch.nn.MultiLayerNetExtend`.  It is trained in place.
    x_train, t_train : numpy.ndarray
        Training inputs ``(N, ...)`` and their labels, ``N >= 1``.
    x_test, t_test : numpy.ndarray
        Test inputs and labels.
    epochs : int, default 20
        Number of epochs.
    mini_batch_size : int, default 100
        Samples per mini-batch.
    optimizer : str or dlscratch.optim.Optimizer, default "SGD"
        One of the book's names ``"SGD"``, ``"Momentum"``, ``"Nesterov"``,
        ``"AdaGrad"``, ``"RMSprop"``, ``"Adam"`` (in any case, as the book
        looks them up with ``.lower()``), or an optimizer instance.
    optimizer_param : dict, optional
        Keyword arguments for the named optimizer; default ``{"lr": 0.01}``.
        Must be left out when ``optimizer`` is an instance.
    evaluate_sample_num_per_epoch : int, optional
        Measure the accuracies of each epoch on the first this many samples
        of the training and test data instead of all of them (faster).
    verbose : bool, default True
        Print one line per epoch with its accuracies, and the final test
        accuracy, in the language of :func:`dlscratch.i18n.language`.
    seed : None, int or numpy.random.Generator
        Keyword only.  Source of the mini-batches; default a fresh
        ``numpy.random.default_rng()``.  With a seeded network (and so its
        dropout masks) the whole run is the same every time.

    Attributes
    ----------
    optimizer : dlscratch.optim.Optimizer
        The optimizer that updates ``network.params``.
    iter_per_epoch : float
        ``max(N / mini_batch_size, 1)`` for :math:`N` training samples, as in
        the book (a float).
    max_iter : int
        ``int(epochs * iter_per_epoch)``, the number of iterations.
    train_loss_list : list of float
        The loss of every iteration's mini-batch.
    train_acc_list, test_acc_list : list of float
        The accuracies at the end of every epoch.
    final_test_acc : float or None
        The accuracy on all of ``x_test`` after training; None before
        :meth:`train` and after a divergence.
    diverged_at : int or None
        The first iteration (counted from 0) whose loss or gradient was not
        finite.  Training stopped there, without that update; the lists
        hold what came before.  None if the run did not diverge.

    Raises
    ------
    ValueError, TypeError
        If an argument is invalid; the message names the argument.

    Notes
    -----
    One iteration draws a mini-batch of ``mini_batch_size`` row indices
    uniformly *with replacement*, as the book's
    ``np.random.choice(train_size, batch_size)`` does, computes the gradient
    by backpropagation (in training mode, so dropout and batch normalization
    are active), and lets the optimizer update the parameters.  Epoch
    :math:`k` ends after iteration ``int(k * iter_per_epoch)``, counted from
    1; then the accuracies are measured in inference mode.  Two things
    differ from the book: the mini-batches come from ``seed`` instead of
    the global ``np.random``, so runs can be repeated; and each recorded
    loss is the one computed for the gradient, before the update, instead
    of a second forward pass after it, which the book runs in inference mode
    (``train_flg=False``: dropout scales by :math:`1 - p` and batch
    normalization uses its running averages).  The book measures its first
    epoch's accuracies after the first update, these are measured at the end of each epoch, so both
    lists have ``epochs`` entries.

    Examples
    --------
    Ten samples and a batch of 5 make :math:`10 / 5 = 2` iterations per
    epoch, so 3 epochs are 6 iterations, 6 losses and 3 accuracies:

    >>> import numpy as np
    >>> from dlscratch.nn import MultiLayerNet
    >>> from dlscratch.training import Trainer
    >>> rng = np.random.default_rng(0)
    >>> x, t = rng.normal(size=(10, 4)), rng.integers(0, 3, size=10)
    >>> net = MultiLayerNet(4, [8], 3, dtype=np.float64, seed=0)
    >>> trainer = Trainer(net, x, t, x, t, epochs=3, mini_batch_size=5,
    ...                   optimizer="adam", optimizer_param={"lr": 0.01},
    ...                   verbose=False, seed=0)
    >>> trainer.iter_per_epoch, trainer.max_iter
    (2.0, 6)
    >>> trainer.train()
    >>> len(trainer.train_loss_list), len(trainer.train_acc_list), len(trainer.test_acc_list)
    (6, 3, 3)
    >>> trainer.optimizer
    Adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-08)
    """

    def __init__(
        self,
        network,
        x_train: np.ndarray,
        t_train: np.ndarray,
        x_test: np.ndarray,
        t_test: np.ndarray,
        epochs: int = 20,
        mini_batch_size: int = 100,
        optimizer: str | Optimizer = "SGD",
        optimizer_param: dict | None = None,
        evaluate_sample_num_per_epoch: int | None = None,
        verbose: bool = True,
        *,
        seed: int | np.random.Generator | None = None,
    ) -> None:
        for method in ("gradient", "loss", "accuracy"):
            if not callable(getattr(network, method, None)):
                raise TypeError(f"network must have a {method}() method, like MultiLayerNet")
        if not isinstance(getattr(network, "params", None), dict):
            raise TypeError("network must have a params dict, like MultiLayerNet")
        for x_name, x, t_name, t in (
            ("x_train", x_train, "t_train", t_train),
            ("x_test", x_test, "t_test", t_test),
        ):
            for name, value in ((x_name, x), (t_name, t)):
                if not isinstance(value, np.ndarray) or value.ndim == 0 or len(value) == 0:
                    raise ValueError(f"{name} must be a non-empty NumPy array, got {value!r:.60}")
            if len(x) != len(t):
                raise ValueError(
                    f"{x_name} and {t_name} must have the same number of samples, "
                    f"got {len(x)} and {len(t)}"
                )
        self.epochs = positive_int("epochs", epochs)
        self.batch_size = positive_int("mini_batch_size", mini_batch_size)
        if evaluate_sample_num_per_epoch is not None:
            evaluate_sample_num_per_epoch = positive_int(
                "evaluate_sample_num_per_epoch", evaluate_sample_num_per_epoch
            )
        if not isinstance(verbose, (bool, np.bool_)):
            raise TypeError(f"verbose must be True or False, got {type(verbose).__name__}")
        rng = seed_generator("seed", seed)
        self.optimizer = _make_optimizer(optimizer, optimizer_param)

        self.network = network
        self.x_train, self.t_train = x_train, t_train
        self.x_test, self.t_test = x_test, t_test
        self.evaluate_sample_num_per_epoch = evaluate_sample_num_per_epoch
        self.verbose = bool(verbose)
        self.rng = rng
        self.train_size = len(x_train)
        self.iter_per_epoch = max(self.train_size / self.batch_size, 1)
        self.max_iter = int(self.epochs * self.iter_per_epoch)
        self.current_iter = 0
        self.current_epoch = 0
        self.train_loss_list: list[float] = []
        self.train_acc_list: list[float] = []
        self.test_acc_list: list[float] = []
        self.final_test_acc: float | None = None
        self.diverged_at: int | None = None

    def train_step(self) -> bool:
        """Run one iteration, and the epoch's evaluation if it ends one.

        Returns
        -------
        bool
            False if the loss or the gradient was not finite: then nothing
            was updated and ``diverged_at`` holds the iteration.
        """
        return self._train_on([self._next_batch()])

    def _train_on(self, batches) -> bool:
        """Train on ``batches`` in the shared loop; False (``diverged_at`` set) on divergence."""
        diverged = training_loop(
            self.network, self.optimizer, batches, after_step=lambda _, loss: self._record(loss)
        )
        if diverged is not None:
            self.diverged_at = self.current_iter  # the iterations before it were recorded
        return diverged is None

    def _next_batch(self) -> tuple[np.ndarray, np.ndarray]:
        rows = self.rng.choice(self.train_size, self.batch_size)  # with replacement, as the book
        return self.x_train[rows], self.t_train[rows]

    def _record(self, loss: float) -> None:
        """Book an iteration that updated the network, and evaluate if it ends an epoch."""
        self.train_loss_list.append(float(loss))
        self.current_iter += 1
        if self.current_iter == int((self.current_epoch + 1) * self.iter_per_epoch):
            self.current_epoch += 1
            self._evaluate()

    def _evaluate(self) -> None:
        n = self.evaluate_sample_num_per_epoch  # None: all samples
        train_acc = self.network.accuracy(self.x_train[:n], self.t_train[:n])
        test_acc = self.network.accuracy(self.x_test[:n], self.t_test[:n])
        self.train_acc_list.append(train_acc)
        self.test_acc_list.append(test_acc)
        if self.verbose:
            print(_epoch_line(self.current_epoch, self.epochs, train_acc, test_acc))

    def train(self) -> None:
        """Run the remaining iterations up to ``max_iter``, then measure the final test accuracy.

        A run whose loss or gradient stops being finite ends there (see
        ``diverged_at``) without an error.
        """
        batches = (self._next_batch() for _ in range(self.max_iter - self.current_iter))
        if not self._train_on(batches):
            if self.verbose:
                print(_divergence_line(self.diverged_at, self.current_epoch))
            return
        # One BLAS thread, as in training: the same sums, so the same numbers, on every machine.
        with one_blas_thread():
            self.final_test_acc = self.network.accuracy(self.x_test, self.t_test)
        if self.verbose:
            print(tr("final test accuracy {test:.4f}", test=self.final_test_acc))


# The step and the loop of the Trainer are functions because the experiments of
# dlscratch.experiments train with them too: every training of dlscratch takes the same step
# and stops at a divergence the same way.


def one_blas_thread():
    """Limit BLAS to one thread while a network trains, and restore it afterwards.

    The sums in a matrix product are split differently with another number of
    threads, which changes the last bit of some results; with one thread the
    numbers are the same on every machine and in every worker.  For
    matrices this small one thread is also faster than two.  The limit holds
    for the whole process while it is in place.

    Returns
    -------
    threadpoolctl.threadpool_limits
        A context manager: ``with one_blas_thread(): ...``.
    """
    from threadpoolctl import threadpool_limits  # only when a network trains

    return threadpool_limits(limits=1, user_api="blas")


def finite_step(loss: float, gradients: Iterable[np.ndarray]) -> bool:
    """Whether a step's loss and every gradient array are finite; if not, the run diverged.

    Each array is checked by :func:`dlscratch.optim.all_finite`, the check the
    optimizers make before they warn of a divergence.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.training import finite_step
    >>> finite_step(2.3, [np.ones(3)]), finite_step(2.3, [np.array([1.0, np.nan])])
    (True, False)
    """
    return math.isfinite(loss) and all(all_finite(g) for g in gradients)


def training_step(
    network, optimizer: Optimizer, x_batch: np.ndarray, t_batch: np.ndarray, *, flat: bool = False
) -> float | None:
    """Update ``network`` on one mini-batch; return the batch's loss, or None if the run diverged.

    One forward and one backward pass in training mode give the gradient; the
    loss is the one that forward pass computed (``network.last_loss``; a
    network that does not keep it is asked for ``network.loss``).  If the loss
    or the gradient is not finite, the run has diverged: nothing is updated
    (the optimizer would apply such a gradient) and None is returned.
    Otherwise ``optimizer.update(params, grads)`` takes the step.

    Parameters
    ----------
    network
        A network with ``params``, ``gradient(x, t)`` and ``loss(x, t)``,
        such as :class:`dlscratch.nn.MultiLayerNet`.
    optimizer : dlscratch.optim.Optimizer
    x_batch, t_batch : numpy.ndarray
        The mini-batch's inputs and labels.
    flat : bool, default False
        Update all parameters as one vector, ``{"all": network.flat_params}``
        with ``network.flat_gradient`` (a ``MultiLayerNet``), instead of
        ``network.params`` key by key.  Every optimizer of
        :mod:`dlscratch.optim` works element by element, so the numbers are
        the same, in one call instead of one per array.

    Returns
    -------
    float or None
        The mini-batch's loss before the update; None if nothing was updated.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.nn import MultiLayerNet
    >>> from dlscratch.optim import SGD
    >>> from dlscratch.training import training_step
    >>> net = MultiLayerNet(4, [8], 3, dtype=np.float64, seed=0)
    >>> x, t = np.ones((2, 4)), np.array([0, 2])
    >>> loss = training_step(net, SGD(lr=0.1), x, t)
    >>> bool(net.loss(x, t) < loss)
    True
    >>> training_step(net, SGD(lr=0.1), np.full((2, 4), np.nan), t) is None
    True
    """
    if flat:
        params = {"all": network.flat_params}
        grads = {"all": network.flat_gradient(x_batch, t_batch)}
    else:
        params = network.params
        grads = network.gradient(x_batch, t_batch)
    loss = getattr(network, "last_loss", None)
    if loss is None:  # a network that does not keep the loss of its gradient pass
        loss = network.loss(x_batch, t_batch)
    if not finite_step(loss, grads.values()):
        return None
    optimizer.update(params, grads)
    return loss


def training_loop(
    network,
    optimizer: Optimizer,
    batches: Iterable[tuple[np.ndarray, np.ndarray]],
    *,
    flat: bool = False,
    after_step: Callable[[int, float], object] | None = None,
) -> int | None:
    """Take one :func:`training_step` per mini-batch; return where the run diverged, or None.

    While it trains, BLAS uses one thread (:func:`one_blas_thread`) and
    NumPy does not warn about overflow, which is expected on the way to a
    divergence: the loop records the divergence instead.

    Parameters
    ----------
    network, optimizer, flat
        As for :func:`training_step`.
    batches : iterable of (x_batch, t_batch)
        The mini-batches, in order; a generator draws each one when it is due.
    after_step : callable, optional
        Called as ``after_step(i, loss)`` after the update of the ``i``-th
        batch (from 0), to record the loss or evaluate the network.

    Returns
    -------
    int or None
        The index of the first batch whose loss or gradient was not finite;
        training stopped there, without that update.  None if every batch
        was trained on.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.nn import MultiLayerNet
    >>> from dlscratch.optim import SGD
    >>> from dlscratch.training import training_loop
    >>> net = MultiLayerNet(4, [8], 3, dtype=np.float64, seed=0)
    >>> x, t = np.ones((2, 4)), np.array([0, 2])
    >>> losses = []
    >>> training_loop(net, SGD(), [(x, t)] * 3, after_step=lambda i, loss: losses.append(loss))
    >>> len(losses)
    3
    >>> training_loop(net, SGD(), [(x, t), (x * np.nan, t)])
    1
    """
    with one_blas_thread(), np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for i, (x_batch, t_batch) in enumerate(batches):
            loss = training_step(network, optimizer, x_batch, t_batch, flat=flat)
            if loss is None:
                return i
            if after_step is not None:
                after_step(i, loss)
    return None


def _epoch_line(epoch: int, epochs: int, train: float, test: float) -> str:
    return tr(
        "epoch {epoch}/{epochs}: train accuracy {train:.4f}, test accuracy {test:.4f}",
        epoch=epoch, epochs=epochs, train=train, test=test,
    )  # fmt: skip


def _divergence_line(iteration: int, epoch: int) -> str:
    """The message for a run that diverged at ``iteration`` of ``epoch`` (both from 0)."""
    return tr(
        "diverged in epoch {epoch}, at iteration {k}: the loss or gradient was no longer finite",
        k=iteration + 1, epoch=epoch + 1,
    )  # fmt: skip


def _make_optimizer(optimizer: object, optimizer_param: object) -> Optimizer:
    if isinstance(optimizer, Optimizer):
        if optimizer_param is not None:
            raise ValueError("optimizer_param must be left out when optimizer is an instance")
        return optimizer
    if not isinstance(optimizer, str):
        raise TypeError(
            "optimizer must be a name such as 'SGD' or an Optimizer, "
            f"got {type(optimizer).__name__}"
        )
    entry = optimizer_entry(optimizer)
    if optimizer_param is None:
        optimizer_param = {"lr": 0.01}
    if not isinstance(optimizer_param, dict):
        raise TypeError(f"optimizer_param must be a dict, got {type(optimizer_param).__name__}")
    try:
        return entry.make(**optimizer_param)
    except TypeError as error:
        raise TypeError(f"optimizer_param does not fit {optimizer}: {error}") from error
