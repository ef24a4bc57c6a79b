"""Tests of dlscratch.plotting.paths: the 2-D landscapes and the optimizers' paths."""

import matplotlib.pyplot as plt
import numpy as np

from dlscratch.landscapes import anisotropic, isotropic, trace_path
from dlscratch.optim import SGD, Adam
from dlscratch.plotting.paths import comparison_figure, gradient_field_figure, path_figure


def test_path_figure_draws_every_update_with_equal_scaling(
    lang, all_text, render_without_missing_glyphs
):
    path = trace_path(SGD(lr=0.95), anisotropic, steps=30)
    fig = path_figure(path, anisotropic, "SGD", "η = 0.95")
    ax = fig.axes[0]
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) == 31]
    assert len(lines) == 1, "one line through the start and all 30 updates"
    np.testing.assert_array_equal(lines[0].get_xdata(), path[:, 0])
    assert ax.get_aspect() == 1.0
    text = all_text(fig)
    expected = {"en": "after 30 updates", "ko": "30번 갱신 후"}[lang]
    assert expected in text
    assert render_without_missing_glyphs(fig) == []


def test_comparison_figure_has_one_panel_per_optimizer_on_shared_axes(
    lang, render_without_missing_glyphs
):
    paths = {
        "SGD": trace_path(SGD(lr=0.95), anisotropic),
        "Adam": trace_path(Adam(lr=0.3), anisotropic),
    }
    settings = {"SGD": "η = 0.95", "Adam": "η = 0.3"}
    fig = comparison_figure(paths, settings, anisotropic)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["SGD (η = 0.95)", "Adam (η = 0.3)"]
    assert visible[0].get_shared_x_axes().joined(visible[0], visible[1])
    assert render_without_missing_glyphs(fig) == []


def test_gradient_field_figure_in_korean_has_no_english_words(
    lang, all_text, render_without_missing_glyphs
):
    fig = gradient_field_figure([isotropic, anisotropic])
    text = all_text(fig)
    if lang == "ko":
        assert "비등방성 함수" in text and "anisotropic" not in text
    else:
        assert "anisotropic" in text
    assert render_without_missing_glyphs(fig) == []


def test_quiver_arrows_point_downhill():
    fig = gradient_field_figure([anisotropic])
    quiver = next(c for ax in fig.axes for c in ax.collections if hasattr(c, "U"))
    # At (x, y) the descent direction is −(x/10, 2y), normalised; at the minimum there is none.
    x, y = quiver.X, quiver.Y
    gx, gy = -x / 10, -2 * y
    norm = np.hypot(gx, gy)
    away = norm > 0
    assert np.all(np.hypot(quiver.U, quiver.V)[~away] == 0)
    np.testing.assert_allclose(quiver.U[away], gx[away] / norm[away], atol=1e-12)
    np.testing.assert_allclose(quiver.V[away], gy[away] / norm[away], atol=1e-12)
    plt.close(fig)
