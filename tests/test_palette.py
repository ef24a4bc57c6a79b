"""The optimizers' colours, markers and dashes: told apart with any kind of colour vision.

The colours are measured here, not trusted: colorspacious simulates deuteranopia,
protanopia and tritanopia (Machado et al. 2009, severity 100) and measures colour
differences in CAM02-UCS; the contrast against the backgrounds is WCAG 2's.
"""

import itertools
import re
from pathlib import Path

import colorspacious
import numpy as np
import pytest

from dlscratch.registry import OPTIMIZERS

DEFICIENCIES = ["deuteranomaly", "protanomaly", "tritanomaly"]

# The metric is ΔE' of CAM02-UCS, the Euclidean distance colorspacious.deltaE computes
# (it has no CIEDE2000).  CAM02-UCS was fitted to the same visual data as CIEDE2000 and is
# meant for large differences too, as between the colours of a chart, where CIEDE2000 was
# fitted to small ones; one unit is about a just-noticeable difference between large patches.
# A line of 1-2 px is a small field, where differences look smaller, so a colour pair must be
# many times that apart to be told at a glance.  ΔE' ≥ 15 leaves a margin above the ~10-11
# often taken as "clearly distinguishable" for marks, and is about the most that six colours
# can keep while all of them have 3:1 contrast against both white and the dark theme (the
# registry's colours reach 16.3; Okabe & Ito's and Tol's own colours, picked under the same
# contrast rule, reach 11.7).  Below it, the markers and dashes still tell lines apart.
MIN_DELTA_E = 15.0

# WCAG 2.x success criterion 1.4.11: parts of graphics needed to understand them.
MIN_CONTRAST = 3.0


def _srgb(hex_color: str) -> np.ndarray:
    return np.array([int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)])


def _simulated(kind: str | None) -> np.ndarray:
    """The six colours as a reader with deficiency ``kind`` (None: normal vision) sees them."""
    colors = np.array([_srgb(entry.color) for entry in OPTIMIZERS.values()])
    if kind is None:
        return colors
    space = {"name": "sRGB1+CVD", "cvd_type": kind, "severity": 100}
    return np.clip(colorspacious.cspace_convert(colors, space, "sRGB1"), 0, 1)


def _relative_luminance(hex_color: str) -> float:
    c = _srgb(hex_color)
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def _contrast(a: str, b: str) -> float:
    low, high = sorted([_relative_luminance(a), _relative_luminance(b)])
    return (high + 0.05) / (low + 0.05)


def _theme_backgrounds() -> set[str]:
    """The site theme's page backgrounds, light and dark, read from Furo's own stylesheet."""
    furo = pytest.importorskip("furo")
    css = (Path(furo.__file__).parent / "theme/furo/static/styles/furo.css").read_text()
    found = set(re.findall(r"--color-background-primary:\s*(#[0-9a-fA-F]{3,6})", css))
    # "#fff" is "#ffffff"
    return {c if len(c) == 7 else "#" + "".join(2 * d for d in c[1:]) for c in found}


@pytest.mark.parametrize("kind", [None, *DEFICIENCIES])
def test_every_pair_of_colours_stays_apart_in_each_kind_of_colour_vision(kind):
    seen = _simulated(kind)
    names = list(OPTIMIZERS)
    for i, j in itertools.combinations(range(len(names)), 2):
        distance = colorspacious.deltaE(seen[i], seen[j], input_space="sRGB1")
        assert distance >= MIN_DELTA_E, (kind, names[i], names[j], round(float(distance), 1))


def test_the_simulation_is_not_the_identity():
    # Guards the test above: the old tab10-like red and green merge in simulated
    # deuteranopia, and the simulation must show it.
    red, green = _srgb("#d62728"), _srgb("#2ca02c")
    space = {"name": "sRGB1+CVD", "cvd_type": "deuteranomaly", "severity": 100}
    seen = np.clip(colorspacious.cspace_convert(np.array([red, green]), space, "sRGB1"), 0, 1)
    assert colorspacious.deltaE(red, green) > 40
    assert colorspacious.deltaE(seen[0], seen[1]) < MIN_DELTA_E


def test_every_colour_has_3_to_1_contrast_on_white_figures_and_both_themes():
    backgrounds = _theme_backgrounds() | {"#ffffff"}  # the figures are white
    assert len(backgrounds) == 2, backgrounds  # the theme's light and dark pages
    for name, entry in OPTIMIZERS.items():
        for background in backgrounds:
            ratio = _contrast(entry.color, background)
            assert ratio >= MIN_CONTRAST, (name, background, round(ratio, 2))


def test_contrast_as_wcag_defines_it():
    assert _contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert _contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_every_optimizer_has_its_own_marker_and_dash_pattern():
    markers = [entry.marker for entry in OPTIMIZERS.values()]
    dashes = [entry.dash for entry in OPTIMIZERS.values()]
    assert len(set(markers)) == len(set(dashes)) == len(OPTIMIZERS)
    # Matplotlib's filled markers, which the explorer draws too; "x" and "*" are taken by
    # the crosses where a run diverged and the star at a minimum.
    assert set(markers) <= {"o", "s", "D", "^", "v", "P"}
    for dash in dashes:
        assert len(dash) % 2 == 0 and all(length > 0 for length in dash)
