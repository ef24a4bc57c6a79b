r"""Two-dimensional test functions for watching optimizers move.

The book compares its optimizers on the anisotropic function

.. math::

    f(x, y) = \frac{x^2}{20} + y^2,

a bowl twenty times steeper along :math:`y` than along :math:`x`, whose
gradient :math:`(x/10,\ 2y)` does not point at the minimum :math:`(0, 0)`.
The isotropic bowl :math:`x^2 + y^2` is the contrast: there the gradient
always points straight at the minimum.

:func:`trace_path` runs any optimizer of :mod:`dlscratch.optim` on one of
these functions with the book's interface and returns the visited points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["Landscape", "anisotropic", "isotropic", "trace_path", "BOOK_START", "BOOK_STEPS"]

#: The book's starting point for the optimizer-path figures.
BOOK_START = (-7.0, 2.0)
#: The book's number of updates for the optimizer-path figures.
BOOK_STEPS = 30


@dataclass(frozen=True)
class Landscape:
    """A function of two variables with its exact gradient.

    Parameters
    ----------
    name : str
        Short identifier, e.g. ``"anisotropic"``.
    formula : str
        The function in LaTeX, for the documentation.
    label : str
        The function in plain Unicode text, for figure titles (plain text can
        be mixed with Korean, which matplotlib's math text cannot).
    f : callable
        ``f(x, y)``, vectorised over NumPy arrays (for contour plots).
    grad : callable
        ``grad(x, y) -> (df/dx, df/dy)``, vectorised likewise.
    minimum : tuple of float
        The point where ``f`` is smallest.

    Examples
    --------
    >>> from dlscratch.landscapes import anisotropic
    >>> float(anisotropic.f(-7.0, 2.0))  # 49/20 + 4
    6.45
    >>> [float(d) for d in anisotropic.grad(-7.0, 2.0)]  # (x/10, 2y)
    [-0.7, 4.0]
    """

    name: str
    formula: str
    label: str
    f: Callable[[np.ndarray, np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
    minimum: tuple[float, float] = (0.0, 0.0)


anisotropic = Landscape(
    name="anisotropic",
    formula=r"f(x, y) = \frac{x^2}{20} + y^2",
    label="f(x, y) = x²/20 + y²",
    f=lambda x, y: x**2 / 20 + y**2,
    grad=lambda x, y: (x / 10, 2 * y),
)
"""The book's anisotropic bowl :math:`x^2/20 + y^2`, gradient :math:`(x/10,\\ 2y)`."""

isotropic = Landscape(
    name="isotropic",
    formula=r"f(x, y) = x^2 + y^2",
    label="f(x, y) = x² + y²",
    f=lambda x, y: x**2 + y**2,
    grad=lambda x, y: (2 * x, 2 * y),
)
"""The round bowl :math:`x^2 + y^2`, gradient :math:`(2x,\\ 2y)`."""


def trace_path(
    optimizer, landscape: Landscape, start=BOOK_START, steps: int = BOOK_STEPS
) -> np.ndarray:
    r"""Run ``optimizer`` on ``landscape`` and return every point it visits.

    The parameters are the book's ``params = {"x": ..., "y": ...}``; each
    step computes the exact gradient there and calls
    ``optimizer.update(params, grads)``.

    Parameters
    ----------
    optimizer : dlscratch.optim.Optimizer
        A fresh optimizer (its state is used and changed).
    landscape : Landscape
        The function to minimise, e.g. :data:`anisotropic`.
    start : tuple of float, default (-7.0, 2.0)
        The starting point :math:`(x_0, y_0)`.
    steps : int, default 30
        The number of updates, >= 0.

    Returns
    -------
    numpy.ndarray
        Shape ``(steps + 1, 2)``: the start, then the point after each update.

    Examples
    --------
    Plain gradient descent with :math:`\eta = 0.95` multiplies :math:`x`
    by :math:`0.905` and :math:`y` by :math:`-0.9` at every step:

    >>> from dlscratch.optim import SGD
    >>> from dlscratch.landscapes import anisotropic, trace_path
    >>> path = trace_path(SGD(lr=0.95), anisotropic, steps=2)
    >>> path.shape
    (3, 2)
    >>> print(path.round(4))
    [[-7.      2.    ]
     [-6.335  -1.8   ]
     [-5.7332  1.62  ]]
    """
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be an integer >= 0, got {steps!r}")
    x0, y0 = (float(c) for c in start)
    params = {"x": np.array(x0), "y": np.array(y0)}
    path = np.empty((steps + 1, 2))
    path[0] = x0, y0
    for i in range(1, steps + 1):
        dx, dy = landscape.grad(params["x"], params["y"])
        optimizer.update(params, {"x": dx, "y": dy})
        path[i] = params["x"], params["y"]
    return path
