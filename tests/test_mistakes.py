"""The page "Mistakes when typing the code in": every check catches its mistake.

The faulty classes and the checks live in ``gallery/plot_09_mistakes.py``;
the script is run here as the site's build runs it, and each check must fail
on the faulty class and pass on dlscratch's.
"""

import runpy
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlscratch import nn, optim
from dlscratch.landscapes import BOOK_START

SCRIPT = Path(__file__).resolve().parents[1] / "gallery" / "plot_09_mistakes.py"


@pytest.fixture(scope="module")
def page():
    show = plt.show
    plt.show = lambda *args, **kwargs: None  # the script ends with plt.show(), as a script does
    try:
        namespace = runpy.run_path(str(SCRIPT))
    finally:
        plt.show = show
        plt.close("all")
    return namespace


def test_the_page_has_the_seven_mistakes(page):
    typed = [faulty.__name__ for _, faulty, _ in page["CHECKS"]]
    assert typed == [
        "MomentumTyped",
        "SGDTyped",
        "SGDMisspelt",
        "NesterovVelocityFirst",
        "AdaGradEpsInside",
        "SGDRebinds",
        "AdamNoCorrection",
        "BatchNormalizationTyped",
    ]
    for _, faulty, ours in page["CHECKS"]:
        # the faulty code is the page's own, the correct class dlscratch's
        assert not issubclass(faulty, (optim.Optimizer, nn.BatchNormalization))
        assert ours is getattr(optim, ours.__name__, None) or ours is nn.BatchNormalization


def test_each_check_fails_on_the_mistake_and_passes_on_dlscratch(page):
    for check, faulty, ours in page["CHECKS"]:
        assert not check(faulty), check.__name__
        assert check(ours), check.__name__


def test_the_drawn_paths_show_each_mistake(page):
    path = page["path"]
    # Momentum inside the if: after the first step (by hand (−6.93, 1.6)) nothing moves.
    stuck = path(page["MomentumTyped"](lr=0.1))
    np.testing.assert_allclose(stuck[1:], np.tile([-6.93, 1.6], (30, 1)), atol=1e-12)
    # lr instead of self.lr: built with 0.1, moves like SGD with 0.95 (y·(−0.9) per step).
    np.testing.assert_allclose(path(page["SGDTyped"](lr=0.1))[:, 1], 2 * (-0.9) ** np.arange(31))
    # The stale global grads: a straight line along the start's gradient (−0.7, 4).
    line = path(page["SGDMisspelt"](lr=0.1))
    np.testing.assert_allclose(line[-1], [-7 + 30 * 0.07, 2 - 30 * 0.4])
    # Rebinding: the model never leaves the start.
    np.testing.assert_array_equal(path(page["SGDRebinds"](lr=0.95)), np.tile(BOOK_START, (31, 1)))
    # Velocity first: the first step is (1 + α + α²)ηg = 2.71 · 0.1 · (−0.7, 4) long.
    first = path(page["NesterovVelocityFirst"](lr=0.1), steps=1)[1]
    np.testing.assert_allclose(first, [-7 + 0.271 * 0.7, 2 - 0.271 * 4])
    # Adam without correction: the first step is (1 − β₁)/√(1 − β₂) · η ≈ 3.162 · 0.3 long.
    first = path(page["AdamNoCorrection"](lr=0.3), steps=1)[1]
    step = 0.1 / np.sqrt(0.001) * 0.3
    np.testing.assert_allclose(first, [-7 + step, 2 - step], rtol=1e-6)
    # ε inside the root on f/10⁴: the first step along x, with g = 7·10⁻⁵, is
    # 1.5 · g / √(g² + 10⁻⁷) instead of about 1.5.
    g = 7e-5
    first = path(page["AdaGradEpsInside"](lr=1.5), steps=1, scale=1e-4)[1]
    assert first[0] == pytest.approx(-7 + 1.5 * g / np.sqrt(g * g + 1e-7), rel=1e-9)
    assert first[0] + 7 < 0.5  # dlscratch's AdaGrad moves almost 1.5 there


def test_reading_10e_7_as_1e_7_changes_a_network_only_at_small_weight_scales(page):
    # The page's own arithmetic first: 10e-7 is 10 × 10⁻⁷.
    assert 10e-7 == 1e-6 != 1e-7
    # A feature of variance 10⁻⁶ is normalized to ±1/√2 by the book's ε and to ±1/√1.1 by 1e-7.
    layer = page["BatchNormalizationTyped"](np.array([1.0]), np.array([0.0]))
    out = layer.forward(np.array([[0.0], [0.002]]))
    np.testing.assert_allclose(out[:, 0], [-1 / np.sqrt(1.1), 1 / np.sqrt(1.1)], rtol=1e-9)
    # The figure's data: 16 scales from 1 to 10⁻⁴.  At scale 1 the variances are far above ε
    # and the scores agree to 10⁻⁶; at 10⁻⁴ they differ by more than the scores themselves and
    # over a tenth of the predictions change.  The difference grows as the scale shrinks.
    np.testing.assert_allclose(page["scales"], np.logspace(0, -4, 16))
    difference, changed = page["difference"], page["changed"]
    assert difference[0] < 1e-6 and changed[0] == 0
    assert difference[-1] > 1 and changed[-1] > 0.1
    assert np.all(np.diff(np.log(difference)) > 0)
    assert np.all(changed[page["scales"] >= 0.01] == 0)
