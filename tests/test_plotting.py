"""Tests of dlscratch.plotting: figure content, languages and the Korean font."""

import io
import logging
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlscratch import plotting
from dlscratch.landscapes import anisotropic, isotropic, trace_path
from dlscratch.optim import SGD, Adam


@pytest.fixture(params=["en", "ko"])
def lang(request, monkeypatch):
    monkeypatch.setenv("DLSCRATCH_LANG", request.param)
    yield request.param
    plt.close("all")


def all_text(fig) -> str:
    """Every string drawn on the figure (titles, labels, ticks, legends)."""
    fig.canvas.draw()
    return "\n".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render_without_missing_glyphs(fig):
    """Draw the figure to PNG; return what matplotlib warned or logged (missing glyphs)."""
    handler = _Records()
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(io.BytesIO(), format="png")
    finally:
        logger.removeHandler(handler)
    return [str(w.message) for w in caught] + handler.messages


def test_korean_text_renders_with_a_hangul_font(monkeypatch):
    monkeypatch.setenv("DLSCRATCH_LANG", "ko")
    plotting.apply_style()
    fig, ax = plt.subplots()
    ax.set_title("비등방성 함수의 기울기 −∇f, 학습률 η = 0.95")
    ax.plot([-1, 0, 1], [-2, 0, 2])  # negative tick labels use the Unicode minus
    messages = render_without_missing_glyphs(fig)
    assert not [m for m in messages if "missing from font" in m or "Glyph" in m], messages
    plt.close(fig)


def test_korean_text_without_the_font_warns():
    # The check above must be able to fail: DejaVu Sans alone has no Hangul.
    with plt.rc_context({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title("비등방성 함수")
        messages = render_without_missing_glyphs(fig)
    plt.close(fig)
    assert any("missing from font" in m for m in messages), messages


def test_korean_inside_math_text_is_detected(monkeypatch):
    # matplotlib's math text has no font fallback and only logs the missing glyphs.
    monkeypatch.setenv("DLSCRATCH_LANG", "ko")
    plotting.apply_style()
    fig, ax = plt.subplots()
    ax.set_title(r"$\eta = 0.95$: 30번 갱신 후")
    messages = render_without_missing_glyphs(fig)
    plt.close(fig)
    assert any("does not have a glyph" in m for m in messages), messages


def test_korean_font_is_found_without_importing_koreanize():
    import sys

    path = plotting.korean_font_path()
    assert path is not None and path.endswith(".ttf")
    assert "koreanize_matplotlib" not in sys.modules


def test_path_figure_draws_every_update_with_equal_scaling(lang):
    path = trace_path(SGD(lr=0.95), anisotropic, steps=30)
    fig = plotting.path_figure(path, anisotropic, "SGD", "η = 0.95")
    ax = fig.axes[0]
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) == 31]
    assert len(lines) == 1, "one line through the start and all 30 updates"
    np.testing.assert_array_equal(lines[0].get_xdata(), path[:, 0])
    assert ax.get_aspect() == 1.0
    text = all_text(fig)
    expected = {"en": "after 30 updates", "ko": "30번 갱신 후"}[lang]
    assert expected in text
    assert render_without_missing_glyphs(fig) == []


def test_comparison_figure_has_one_panel_per_optimizer_on_shared_axes(lang):
    paths = {
        "SGD": trace_path(SGD(lr=0.95), anisotropic),
        "Adam": trace_path(Adam(lr=0.3), anisotropic),
    }
    settings = {"SGD": "η = 0.95", "Adam": "η = 0.3"}
    fig = plotting.comparison_figure(paths, settings, anisotropic)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in visible] == ["SGD (η = 0.95)", "Adam (η = 0.3)"]
    assert visible[0].get_shared_x_axes().joined(visible[0], visible[1])
    assert render_without_missing_glyphs(fig) == []


def test_gradient_field_figure_in_korean_has_no_english_words(lang):
    fig = plotting.gradient_field_figure([isotropic, anisotropic])
    text = all_text(fig)
    if lang == "ko":
        assert "비등방성 함수" in text and "anisotropic" not in text
    else:
        assert "anisotropic" in text
    assert render_without_missing_glyphs(fig) == []


def test_quiver_arrows_point_downhill():
    fig = plotting.gradient_field_figure([anisotropic])
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


def test_tr_rejects_labels_without_translation():
    with pytest.raises(KeyError, match="no Korean translation"):
        plotting.tr("an untranslated label")


def test_language_rejects_unknown_values(monkeypatch):
    monkeypatch.setenv("DLSCRATCH_LANG", "fr")
    with pytest.raises(ValueError, match="DLSCRATCH_LANG"):
        plotting.language()


def test_a_diverged_run_is_marked_in_the_figure_and_the_table(lang):
    from dlscratch.datasets import load_mnist
    from dlscratch.experiments import compare_optimizers

    result = compare_optimizers(
        load_mnist(source="bundled"), {"SGD": SGD(lr=3.0)}, iterations=30, progress=None
    )
    k = result.runs["SGD"].diverged_at + 1
    words = {"en": f"diverged at iteration {k}", "ko": f"{k}번째 반복에서 발산"}[lang]
    fig = plotting.loss_curves_figure(result, window=5)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == [f"SGD: {words}"]
    markers = [line for line in fig.axes[0].lines if line.get_marker() == "X"]
    assert len(markers) == 1 and list(markers[0].get_xdata()) == [k]
    assert not render_without_missing_glyphs(fig)
    table = plotting.ComparisonTable(result, last=10)
    assert table.rows[0][1:4] == [words, "—", "—"]
