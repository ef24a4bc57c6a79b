"""Fonts, style and the colours that figures of several kinds share.

:func:`apply_style` sets matplotlib's style for every figure of the site and
returns the current :func:`~dlscratch.i18n.language`; for Korean it registers
a font with Hangul glyphs, found by :func:`korean_font_path`.
:data:`OPTIMIZER_COLORS` gives each optimizer its colour in every figure, the
2-D paths and the MNIST curves alike.
"""

from __future__ import annotations

import os

import matplotlib as mpl

from dlscratch.i18n import language
from dlscratch.registry import OPTIMIZERS

#: One colour per optimizer, the same in every figure of the site (from :mod:`dlscratch.registry`).
OPTIMIZER_COLORS = {name: entry.color for name, entry in OPTIMIZERS.items()}


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
