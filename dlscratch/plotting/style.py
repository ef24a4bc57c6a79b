"""Fonts, style and the colours that figures of several kinds share.

:func:`apply_style` sets matplotlib's style for every figure of the site and
returns the current :func:`~dlscratch.i18n.language`; for Korean it registers
a font with Hangul glyphs, found by :func:`korean_font_path`.
:data:`OPTIMIZER_COLORS` gives each optimizer its colour in every figure, the
2-D paths and the MNIST curves alike, and :func:`optimizer_style` its colour,
marker and dash pattern together.
"""

from __future__ import annotations

import os

import matplotlib as mpl

from dlscratch.i18n import language
from dlscratch.registry import OPTIMIZERS

#: One colour per optimizer, the same in every figure of the site (from :mod:`dlscratch.registry`).
OPTIMIZER_COLORS = {name: entry.color for name, entry in OPTIMIZERS.items()}


def optimizer_style(name: str, markevery=None) -> dict:
    """Matplotlib's keyword arguments for optimizer ``name``'s line: colour, dashes and marker.

    Every figure draws an optimizer with these, so that its line is told apart
    by its marker and dash pattern as well as by its colour.

    Parameters
    ----------
    name : str
        A key of :data:`~dlscratch.registry.OPTIMIZERS`; for any other name
        the result is empty and matplotlib's defaults apply.
    markevery : None, int, float or tuple, optional
        Which points get a marker, as matplotlib's ``markevery``: None marks
        every point, as the 2-D paths need; a float marks points that far
        apart along the line (in fractions of the axes' diagonal), so a curve
        of thousands of points shows a few markers, not a smear.

    Returns
    -------
    dict
        ``color``, ``linestyle``, ``marker`` and ``markevery``.

    Examples
    --------
    >>> from dlscratch.plotting.style import optimizer_style
    >>> optimizer_style("Momentum", markevery=0.1)
    {'color': '#00a777', 'linestyle': (0, (5.0, 2.0)), 'marker': '^', 'markevery': 0.1}
    >>> optimizer_style("Xavier")
    {}
    """
    entry = OPTIMIZERS.get(name)
    if entry is None:
        return {}
    return {
        "color": entry.color,
        "linestyle": entry.linestyle,
        "marker": entry.marker,
        "markevery": markevery,
    }


def spread_markers(index: int, count: int, spacing: float = 0.12) -> tuple[float, float]:
    """A ``markevery`` that puts the markers of ``count`` lines at staggered places.

    Lines that run close together would otherwise put their markers on top of
    each other; the ``index``-th line starts its markers ``index / count`` of
    a spacing later.

    Parameters
    ----------
    index : int
        The line's position among the lines, from 0.
    count : int
        How many lines share the axes.
    spacing : float, default 0.12
        Distance between a line's markers, in fractions of the axes' diagonal.

    Returns
    -------
    tuple of float
        ``(start, spacing)``, for matplotlib's ``markevery``.

    Examples
    --------
    >>> from dlscratch.plotting.style import spread_markers
    >>> spread_markers(1, 4)
    (0.03, 0.12)
    """
    return (round(spacing * index / max(count, 1), 6), spacing)


def korean_font_path() -> str | None:
    """Return the path of a font file with Hangul glyphs, or None if none is found.

    The font comes from the ``koreanize-matplotlib`` package, which ships
    NanumGothic.  Its module is *not imported* (it needs ``distutils``,
    removed in Python 3.12): only its folder is located.
    """
    from importlib.util import find_spec

    spec = find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        for root, _, files in os.walk(folder):
            for name in sorted(files):
                if name.lower().startswith("nanumgothic") and name.lower().endswith(".ttf"):
                    if "bold" not in name.lower():
                        return os.path.join(root, name)
    return None


def apply_style() -> str:
    """Set matplotlib's style for the site's figures and return the language.

    Called by every figure function here, because sphinx-gallery resets
    matplotlib's settings before each example.  For Korean it registers the
    Hangul font and lists it after DejaVu Sans, so matplotlib falls back to
    it only for the characters DejaVu lacks.

    Returns
    -------
    str
        The current :func:`~dlscratch.i18n.language`.

    Raises
    ------
    RuntimeError
        If the language is Korean and no Hangul font is installed.

    Examples
    --------
    >>> from dlscratch.plotting import apply_style
    >>> apply_style()
    'en'
    """
    lang = language()
    families = ["DejaVu Sans"]
    if lang == "ko":
        path = korean_font_path()
        if path is None:
            raise RuntimeError(
                "Korean figures need a Hangul font: pip install koreanize-matplotlib"
            )
        mpl.font_manager.fontManager.addfont(path)
        families.append(mpl.font_manager.FontProperties(fname=path).get_name())
    mpl.rcParams.update(
        {
            # A list of families, not the generic "sans-serif": only a list makes
            # matplotlib fall back, glyph by glyph, to the next font.
            "font.family": families,
            "axes.unicode_minus": True,
            "font.size": 12,
            "axes.titlesize": 13,
            "axes.labelsize": 12,
            "legend.fontsize": 11,
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return lang
