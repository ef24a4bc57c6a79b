r"""Helpers of the book's ``common.util`` that its chapter 6 scripts use.

The book's MNIST comparison script imports ``smooth_curve`` from
``common.util``, and its scripts of sections 6.4 and 6.5 import
``shuffle_dataset``; with ``from dlscratch.util import ...`` the same lines
work unchanged.  The site's own figures smooth with
:func:`dlscratch.experiments.moving_average`, a plain centred mean.
"""

from __future__ import annotations

import numpy as np

from dlscratch.validation import seed_generator

__all__ = ["smooth_curve", "shuffle_dataset", "validation_split"]

#: Width of the book's smoothing window, in points.
_WINDOW = 11
#: Shape parameter of the book's Kaiser window.
_BETA = 2.0


def smooth_curve(x) -> np.ndarray:
    r"""Smooth a loss curve as the book's figures do: a Kaiser-weighted moving average.

    Point :math:`i` becomes the weighted mean of the 11 points from
    :math:`i - 5` to :math:`i + 5`, with the weights of a Kaiser window of
    shape :math:`\beta = 2` (``numpy.kaiser``), largest at the centre.
    Near the ends the curve :math:`x_0, \dots, x_{n-1}` is continued by
    mirroring it, as in the book: before :math:`x_0` come
    :math:`x_1, x_2, \dots, x_5` (the first point is not repeated), after
    :math:`x_{n-1}` come :math:`x_{n-1}, x_{n-2}, \dots, x_{n-5}` (the last
    point is).  The result has the input's length.

    Parameters
    ----------
    x : array_like
        A 1-D curve of at least 6 numbers, e.g. a list of losses.

    Returns
    -------
    numpy.ndarray
        ``float64``, the same length as ``x``.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D or has fewer than 6 points.

    Examples
    --------
    The weights are symmetric and sum to 1, so a constant stays constant
    and, away from the ends, a straight line stays the same line:

    >>> import numpy as np
    >>> from dlscratch.util import smooth_curve
    >>> smooth_curve([3.0] * 8)
    array([3., 3., 3., 3., 3., 3., 3., 3.])
    >>> print(smooth_curve(np.arange(12.0))[5:7].round(12))
    [5. 6.]
    """
    x = np.asarray(x, dtype=np.float64)
    half = _WINDOW // 2
    if x.ndim != 1 or len(x) <= half:
        raise ValueError(
            f"x must be a 1-D curve of at least {half + 1} points, got shape {x.shape}"
        )
    weights = np.kaiser(_WINDOW, _BETA)
    weights /= weights.sum()
    # Mirror the ends as the book does: x[5], ..., x[1] before, x[-1], ..., x[-5] after.
    padded = np.pad(np.pad(x, (half, 0), mode="reflect"), (0, half), mode="symmetric")
    # The window is symmetric, so convolving is the same as taking weighted means.
    return np.convolve(padded, weights, mode="valid")


def shuffle_dataset(x, t, *, seed: int | np.random.Generator | None = None):
    r"""Return ``x`` and ``t`` with their samples in the same random order.

    Sample :math:`i` of the result is sample :math:`\pi(i)` of the input for
    one random permutation :math:`\pi`, the same for ``x`` and ``t``, so every
    input keeps its label.  The book shuffles with the global
    ``np.random.permutation``; here the permutation comes from ``seed``, so a
    seeded call gives the same order every time.

    Parameters
    ----------
    x : numpy.ndarray
        Inputs, shape ``(N, ...)``: flat vectors or images alike.
    t : numpy.ndarray
        Labels, shape ``(N,)`` or one-hot ``(N, C)``.
    seed : None, int or numpy.random.Generator
        Keyword only.  Source of the permutation; default a fresh
        ``numpy.random.default_rng()``.

    Returns
    -------
    x, t : numpy.ndarray
        New arrays (the inputs are left as they were).

    Raises
    ------
    ValueError, TypeError
        If ``x`` or ``t`` is not an array with a first axis of the same
        length, or ``seed`` is of the wrong type.

    Examples
    --------
    Each row of ``x`` holds its own label times ten, and still does after
    shuffling:

    >>> import numpy as np
    >>> from dlscratch.util import shuffle_dataset
    >>> t = np.arange(5)
    >>> x = 10 * t[:, None] + np.zeros((5, 2), dtype=int)
    >>> xs, ts = shuffle_dataset(x, t, seed=0)
    >>> bool(np.array_equal(xs[:, 0], 10 * ts)), sorted(ts.tolist())
    (True, [0, 1, 2, 3, 4])
    >>> t.tolist()  # the input is unchanged
    [0, 1, 2, 3, 4]
    """
    for name, value in (("x", x), ("t", t)):
        if not isinstance(value, np.ndarray) or value.ndim == 0:
            raise TypeError(f"{name} must be a NumPy array with a sample axis, got {value!r:.60}")
    if len(x) != len(t):
        raise ValueError(f"x and t must have the same number of samples, got {len(x)} and {len(t)}")
    order = seed_generator("seed", seed).permutation(len(x))
    return x[order], t[order]


def validation_split(x, t, validation_rate: float = 0.2, *, seed=None):
    r"""Shuffle the training data, then hold out a share of it as validation data.

    As in the book's hyperparameter search: after :func:`shuffle_dataset`,
    the first :math:`\lfloor rN \rfloor` of the :math:`N` samples become the
    validation data and the rest the training data, for the validation rate
    :math:`r`.  Hyperparameters are then chosen by accuracy on the validation
    data, so the test data stay unseen until the end.

    Parameters
    ----------
    x, t : numpy.ndarray
        Training inputs ``(N, ...)`` and their labels.
    validation_rate : float, default 0.2
        The share :math:`r` of the samples to hold out, in (0, 1); at least
        one sample must fall on each side.
    seed : None, int or numpy.random.Generator
        Keyword only.  Source of the shuffle, as for :func:`shuffle_dataset`.

    Returns
    -------
    (x_train, t_train), (x_val, t_val) : tuple of numpy.ndarray
        New arrays; the inputs are left as they were.

    Raises
    ------
    ValueError, TypeError
        If ``validation_rate`` is not a number in (0, 1) that leaves a
        sample on each side, or ``x``, ``t`` or ``seed`` is invalid.

    Examples
    --------
    Ten samples and a rate of 0.2 give two validation samples; every
    sample is on exactly one side:

    >>> import numpy as np
    >>> from dlscratch.util import validation_split
    >>> x, t = np.arange(10).reshape(10, 1), np.arange(10)
    >>> (x_train, t_train), (x_val, t_val) = validation_split(x, t, 0.2, seed=0)
    >>> len(x_train), len(x_val)
    (8, 2)
    >>> sorted(t_train.tolist() + t_val.tolist()) == list(range(10))
    True
    """
    if (
        isinstance(validation_rate, bool)
        or not isinstance(validation_rate, (int, float, np.floating))
        or not 0 < validation_rate < 1
    ):
        raise ValueError(f"validation_rate must be a number in (0, 1), got {validation_rate!r}")
    x, t = shuffle_dataset(x, t, seed=seed)
    n_val = int(len(x) * validation_rate)
    if not 0 < n_val < len(x):
        raise ValueError(
            f"validation_rate={validation_rate} of {len(x)} samples leaves no sample on one side"
        )
    return (x[n_val:], t[n_val:]), (x[:n_val], t[:n_val])
