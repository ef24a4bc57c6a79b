"""What a figure shows, in words: the alternative text of the site's images.

Every figure function of :mod:`dlscratch.plotting` ends with :func:`describe`,
which stores one or two sentences on the figure, built from the figure's own
data and written in the current :func:`~dlscratch.i18n.language`.  The site's
gallery scraper (``docs/_ext/gallery_hooks.py``) reads them back with
:func:`description` and makes them the image's ``alt`` text, so that a reader
who cannot see the figure hears what it shows, numbers included.

The helpers here write numbers, points and lists the same way in every
description: minus signs as U+2212 (which screen readers say as "minus"),
and lists joined as the language joins them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from dlscratch.i18n import language, tr

#: The attribute of a :class:`matplotlib.figure.Figure` that holds its description.
ATTRIBUTE = "dlscratch_description"

#: Longer descriptions are cut short by some screen readers; the site keeps below this.
LONGEST = 300


def describe(fig, text: str):
    """Store ``text`` as what ``fig`` shows, for the image's alternative text.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    text : str
        One or two sentences, already in the current
        :func:`~dlscratch.i18n.language`.  Runs of white space, newlines
        included, become one space, since reST's ``:alt:`` takes one line.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig`` itself, so that a figure function can end with
        ``return describe(fig, ...)``.

    Raises
    ------
    ValueError
        If ``text`` is empty.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from dlscratch.plotting import describe, description
    >>> fig = describe(plt.figure(), "A line rising from 0 to 1.\\n")
    >>> description(fig)
    'A line rising from 0 to 1.'
    """
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise ValueError("a figure's description must not be empty")
    setattr(fig, ATTRIBUTE, text)
    return fig


def description(fig) -> str | None:
    """Return what :func:`describe` stored on ``fig``, or None if it was never described.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure, for example one returned by a figure function of
        :mod:`dlscratch.plotting`.

    Returns
    -------
    str or None
        One or two sentences in the language the figure was drawn in.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from dlscratch.plotting import description
    >>> print(description(plt.figure()))
    None
    """
    return getattr(fig, ATTRIBUTE, None)


def number(value: float, digits: int = 2) -> str:
    """Write ``value`` with at most ``digits`` decimals, no trailing zeros, and a true minus.

    Examples
    --------
    >>> from dlscratch.plotting.descriptions import number
    >>> number(-0.3497), number(2.0), number(-0.001)
    ('−0.35', '2', '0')
    """
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace("-", "−")


def significant(value: float, digits: int = 2) -> str:
    """Write ``value`` with ``digits`` significant digits, and a true minus sign.

    Examples
    --------
    >>> from dlscratch.plotting.descriptions import significant
    >>> significant(0.0004567), significant(-1234.5), significant(3e-9)
    ('0.00046', '−1.2e+03', '3e-09')
    """
    text = f"{value:.{digits}g}"
    return "−" + text[1:] if text.startswith("-") else text  # an exponent keeps its hyphen


def point(xy: Iterable[float], digits: int = 2) -> str:
    """Write a point of the plane as ``(x, y)``.

    Examples
    --------
    >>> from dlscratch.plotting.descriptions import point
    >>> point((-7.0, 2.0)), point((0.12345, -0.004))
    ('(−7, 2)', '(0.12, 0)')
    """
    x, y = xy
    return f"({number(x, digits)}, {number(y, digits)})"


def percent(share: float) -> str:
    """Write a share as a whole percentage, ``"94%"``."""
    return f"{share:.0%}"


def name(method: str) -> str:
    """An optimizer's name as running text says it: 모멘텀 and 네스테로프 in Korean."""
    if method in ("Momentum", "Nesterov"):
        return tr(method)
    return method


def join(items: Iterable[str]) -> str:
    """Join ``items`` as a list in the current language: "A, B and C", or "A, B, C".

    Examples
    --------
    >>> from dlscratch.plotting.descriptions import join
    >>> join(["SGD", "Momentum", "Adam"])
    'SGD, Momentum and Adam'
    """
    items = list(items)
    if language() == "ko" or len(items) < 2:
        return ", ".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def last_finite(path):
    """The last row of ``path`` whose coordinates are finite (a diverged path ends in NaN)."""
    for row in path[::-1]:
        if all(math.isfinite(v) for v in row):
            return row
    return path[0]
