r"""Two-dimensional test functions for watching optimizers move.

The book compares its optimizers on the anisotropic function

.. math::

    f(x, y) = \frac{x^2}{20} + y^2,

a bowl twenty times steeper along :math:`y` than along :math:`x`, whose
negative gradient :math:`-(x/10,\ 2y)`, the direction of steepest descent,
does not point at the minimum :math:`(0, 0)`.  The isotropic bowl
:math:`x^2 + y^2` is the contrast: there the negative gradient always points
straight at the minimum.  Two more functions test the methods
beyond the book: :data:`rosenbrock`, a curved narrow valley, and
:data:`saddle`, where the gradient vanishes at a saddle point between two
minima.

:func:`trace_path` runs any optimizer of :mod:`dlscratch.optim` on one of
these functions with the book's interface and returns the visited points.
The site's optimizer explorer runs the same functions and the same update
rules in the browser.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "Landscape",
    "anisotropic",
    "isotropic",
    "rosenbrock",
    "saddle",
    "LANDSCAPES",
    "trace_path",
    "values_after",
    "BOOK_START",
    "BOOK_STEPS",
    "DIVERGENCE_BOUND",
]

#: The book's starting point for the optimizer-path figures.
BOOK_START = (-7.0, 2.0)
#: The book's number of updates for the optimizer-path figures.
BOOK_STEPS = 30
#: A path has diverged once :math:`|x|` or :math:`|y|` exceeds this bound.  Stopping there
#: keeps every gradient and update of the functions here far from overflow; the
#: site's explorer uses the same number.
DIVERGENCE_BOUND = 1e6


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
        The point where ``f`` is smallest (one of them, if there are several).
    view : tuple of tuple of float, optional
        ``((x_min, x_max), (y_min, y_max))``, the part of the plane the site's
        explorer shows.
    start : tuple of float, optional
        The explorer's default starting point.
    learning_rates : dict of str to float, optional
        The explorer's default learning rate for each optimizer on this
        function, by class name; the other hyperparameters keep the
        classes' defaults.

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
    view: tuple[tuple[float, float], tuple[float, float]] = ((-10.0, 10.0), (-5.0, 5.0))
    start: tuple[float, float] = BOOK_START
    learning_rates: Mapping[str, float] = field(default_factory=dict, hash=False)


anisotropic = Landscape(
    name="anisotropic",
    formula=r"f(x, y) = \frac{x^2}{20} + y^2",
    label="f(x, y) = x²/20 + y²",
    f=lambda x, y: x**2 / 20 + y**2,
    grad=lambda x, y: (x / 10, 2 * y),
    # The book's learning rates for its four methods; Nesterov's and RMSprop's are dlscratch's.
    learning_rates={
        "SGD": 0.95,
        "Momentum": 0.1,
        "Nesterov": 0.1,
        "AdaGrad": 1.5,
        "RMSprop": 0.15,
        "Adam": 0.3,
    },
)
"""The book's anisotropic bowl :math:`x^2/20 + y^2`, gradient :math:`(x/10,\\ 2y)`."""

isotropic = Landscape(
    name="isotropic",
    formula=r"f(x, y) = x^2 + y^2",
    label="f(x, y) = x² + y²",
    f=lambda x, y: x**2 + y**2,
    grad=lambda x, y: (2 * x, 2 * y),
    learning_rates={
        "SGD": 0.1,
        "Momentum": 0.05,
        "Nesterov": 0.05,
        "AdaGrad": 1.5,
        "RMSprop": 0.15,
        "Adam": 0.3,
    },
)
"""The round bowl :math:`x^2 + y^2`, gradient :math:`(2x,\\ 2y)`."""


def _rosenbrock_f(x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def _rosenbrock_grad(x, y):
    r = y - x * x  # the valley's floor is the parabola r = 0
    return -2 * (1 - x) - 400 * x * r, 200 * r


rosenbrock = Landscape(
    name="rosenbrock",
    formula=r"f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2",
    label="f(x, y) = (1 − x)² + 100 (y − x²)²",
    f=_rosenbrock_f,
    grad=_rosenbrock_grad,
    minimum=(1.0, 1.0),
    view=((-2.0, 2.0), (-1.0, 3.0)),
    start=(-1.2, 1.0),
    learning_rates={
        "SGD": 0.001,
        "Momentum": 0.0005,
        "Nesterov": 0.0005,
        "AdaGrad": 0.5,
        "RMSprop": 0.01,
        "Adam": 0.05,
    },
)
r"""Rosenbrock's function with :math:`a = 1, b = 100`: a narrow, curved valley.

:math:`f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2`, with gradient
:math:`\bigl(-2(1 - x) - 400\,x\,(y - x^2),\ 200\,(y - x^2)\bigr)` and its
minimum :math:`f(1, 1) = 0` at the end of the valley along :math:`y = x^2`.
Reaching the valley is easy; following its curved floor is slow.

Examples
--------
At the classic start :math:`(-1.2, 1)`: :math:`y - x^2 = -0.44`, so
:math:`f = 2.2^2 + 100 \cdot 0.44^2 = 24.2` and
:math:`\nabla f = (-4.4 - 400 \cdot (-1.2)(-0.44),\ -88) = (-215.6, -88)`.

>>> from dlscratch.landscapes import rosenbrock
>>> round(float(rosenbrock.f(-1.2, 1.0)), 10)
24.2
>>> [round(float(d), 10) for d in rosenbrock.grad(-1.2, 1.0)]
[-215.6, -88.0]
"""


def _saddle_f(x, y):
    return (x * x - 1) ** 2 + y * y


def _saddle_grad(x, y):
    return 4 * x * (x * x - 1), 2 * y


saddle = Landscape(
    name="saddle",
    formula=r"f(x, y) = (x^2 - 1)^2 + y^2",
    label="f(x, y) = (x² − 1)² + y²",
    f=_saddle_f,
    grad=_saddle_grad,
    minimum=(1.0, 0.0),
    view=((-2.0, 2.0), (-1.5, 1.5)),
    start=(0.001, 1.2),
    learning_rates={
        "SGD": 0.05,
        "Momentum": 0.02,
        "Nesterov": 0.02,
        "AdaGrad": 0.5,
        "RMSprop": 0.02,
        "Adam": 0.1,
    },
)
r"""A double well: a saddle point at the origin between two minima.

:math:`f(x, y) = (x^2 - 1)^2 + y^2`, with gradient
:math:`\bigl(4x(x^2 - 1),\ 2y\bigr)`, has its minima :math:`f(\pm 1, 0) = 0`
and a saddle point at :math:`(0, 0)`, where :math:`f = 1` and the gradient is
zero: along :math:`y` the origin is a minimum, along :math:`x` a maximum.  A
path that starts near the line :math:`x = 0` first slides down to the saddle,
where the gradient is tiny, and only slowly escapes to a minimum; on the
line itself it never escapes.

Examples
--------
At :math:`(0.5, 1)`: :math:`f = 0.75^2 + 1 = 1.5625` and
:math:`\nabla f = (4 \cdot 0.5 \cdot (-0.75),\ 2) = (-1.5, 2)`.

>>> from dlscratch.landscapes import saddle
>>> float(saddle.f(0.5, 1.0))
1.5625
>>> [float(d) for d in saddle.grad(0.5, 1.0)]
[-1.5, 2.0]
>>> [float(d) for d in saddle.grad(0.0, 0.0)]  # the saddle point
[0.0, 0.0]
"""

#: Every landscape by name, in the order the explorer lists them.
LANDSCAPES = {
    landscape.name: landscape for landscape in (anisotropic, isotropic, rosenbrock, saddle)
}


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
        The starting point :math:`(x_0, y_0)`, finite and within
        :data:`DIVERGENCE_BOUND`.
    steps : int, default 30
        The number of updates, >= 0.

    Returns
    -------
    numpy.ndarray
        Shape ``(steps + 1, 2)``: the start, then the point after each update.
        If the path diverges, that is, if after update :math:`k` a coordinate
        is not finite or its magnitude exceeds :data:`DIVERGENCE_BOUND`, the
        run stops there and rows :math:`k` to ``steps`` are NaN.  Divergence
        is a result, not an error.

    Raises
    ------
    ValueError
        If ``steps`` is not an integer >= 0, or ``start`` is not two finite
        numbers within :data:`DIVERGENCE_BOUND`.

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

    With :math:`\eta = 2` the factor for :math:`y` is :math:`1 - 2\eta = -3`,
    so :math:`y_k = 2 \cdot (-3)^k`; :math:`|y_{12}| = 1\,062\,882` is the first
    beyond :data:`DIVERGENCE_BOUND`, and the path ends after row 11:

    >>> path = trace_path(SGD(lr=2.0), anisotropic, steps=14)
    >>> print(path[10:, 1])
    [ 118098. -354294.      nan      nan      nan]
    """
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be an integer >= 0, got {steps!r}")
    try:
        x0, y0 = (float(c) for c in start)
    except (TypeError, ValueError):
        raise ValueError(f"start must be two numbers (x0, y0), got {start!r}") from None
    if not _within_bound(x0, y0):
        raise ValueError(
            f"start must be finite and within ±DIVERGENCE_BOUND = ±{DIVERGENCE_BOUND:g}, "
            f"got {start!r}"
        )
    params = {"x": np.array(x0), "y": np.array(y0)}
    path = np.full((steps + 1, 2), np.nan)
    path[0] = x0, y0
    for i in range(1, steps + 1):
        dx, dy = landscape.grad(params["x"], params["y"])
        # A huge learning rate can overflow inside the update; the check below stops there.
        with np.errstate(over="ignore", invalid="ignore"):
            optimizer.update(params, {"x": dx, "y": dy})
        if not _within_bound(params["x"], params["y"]):
            break  # diverged: rows i and later stay NaN
        path[i] = params["x"], params["y"]
    return path


def _within_bound(x, y) -> bool:
    """True if both coordinates are finite and at most DIVERGENCE_BOUND in magnitude."""
    return bool(abs(x) <= DIVERGENCE_BOUND and abs(y) <= DIVERGENCE_BOUND)  # False for NaN


def values_after(
    make_optimizer: Callable[[float], object],
    landscape: Landscape,
    learning_rates,
    steps=(30, 100),
    start=BOOK_START,
) -> dict[int, np.ndarray]:
    r"""Return :math:`f(\theta_k)` after each number of updates ``k``, for every learning rate.

    Parameters
    ----------
    make_optimizer : callable
        ``make_optimizer(lr)`` returns a fresh optimizer, e.g. ``SGD`` or
        ``lambda lr: Adam(lr=lr, beta1=0.5)``.
    landscape : Landscape
        The function to minimise.
    learning_rates : array_like
        The learning rates to try.
    steps : sequence of int, default (30, 100)
        The numbers of updates after which to read :math:`f`.
    start : tuple of float, default (-7.0, 2.0)
        The starting point.

    Returns
    -------
    dict of int to numpy.ndarray
        For each ``k`` in ``steps``, :math:`f(\theta_k)` per learning rate;
        NaN where the path had diverged by then (see :func:`trace_path`).

    Examples
    --------
    SGD on the book's function multiplies :math:`y` by :math:`1 - 2\eta`
    and :math:`x` by :math:`1 - \eta/10` at every step; with
    :math:`\eta = 0.5` the first update sends :math:`y` to 0 and :math:`x` to
    :math:`-6.65`, so :math:`f(\theta_1) = 6.65^2/20 = 2.211125`; after 12
    updates :math:`x = -7 \cdot 0.95^{12}` and :math:`f = 0.715373`.  With
    :math:`\eta = 2`, :math:`\theta_1 = (-5.6, -6)` and :math:`f = 37.568`, and
    the path has diverged after 12 updates (:math:`|y_{12}| = 2 \cdot 3^{12}`
    is beyond :data:`DIVERGENCE_BOUND`).

    >>> from dlscratch.optim import SGD
    >>> from dlscratch.landscapes import anisotropic, values_after
    >>> values = values_after(SGD, anisotropic, [0.5, 2.0], steps=(1, 12))
    >>> [round(float(v), 6) for v in values[1]]
    [2.211125, 37.568]
    >>> [round(float(v), 6) for v in values[12]]
    [0.715373, nan]
    """
    learning_rates = np.asarray(learning_rates, dtype=float)
    steps = [int(k) for k in steps]
    values = {k: np.full(len(learning_rates), np.nan) for k in steps}
    for i, lr in enumerate(learning_rates):
        path = trace_path(make_optimizer(float(lr)), landscape, start, max(steps))
        for k in steps:
            values[k][i] = landscape.f(*path[k])  # NaN stays NaN
    return values
