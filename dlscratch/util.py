r"""Helpers of the book's ``common.util`` that its chapter 6 scripts use.

The book's MNIST comparison script imports ``smooth_curve`` from
``common.util``; with ``from dlscratch.util import smooth_curve`` the same
line works unchanged.  The site's own figures smooth with
:func:`dlscratch.experiments.moving_average`, a plain centred mean.
"""

from __future__ import annotations

import numpy as np

__all__ = ["smooth_curve"]

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
