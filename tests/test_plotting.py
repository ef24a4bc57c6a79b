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


# --- several seeds and learning rates: reports on runs made up by hand ------------------------


def made_up_study(values, learning_rates=None):
    """A SeedStudy whose runs have constant losses and the given test accuracies.

    ``values`` maps a label to a list of (loss, test accuracy) per seed; a loss of
    None makes that seed diverge at iteration 3.
    """
    from dlscratch.experiments import OptimizerRun, SeedStudy

    runs = {}
    for label, per_seed in values.items():
        runs[label] = []
        for loss, accuracy in per_seed:
            losses = np.full(10, np.nan if loss is None else loss)
            runs[label].append(
                OptimizerRun(label, "?", losses, accuracy, accuracy, 1.0,
                             diverged_at=3 if loss is None else None)
            )  # fmt: skip
    seeds = list(range(len(next(iter(values.values())))))
    return SeedStudy(seeds, runs, {}, None, learning_rates or {})


def test_spread_report_tells_apart_only_ranges_that_do_not_overlap():
    study = made_up_study(
        {
            "SGD": [(0.30, 0.90), (0.32, 0.91), (0.34, 0.92)],
            "Adam": [(0.01, 0.915), (0.02, 0.93), (0.03, 0.94)],
        }
    )
    lines = plotting.spread_report(study, last=5).splitlines()
    assert lines == [
        "Final loss, Adam vs SGD: 0.0200 (0.0100–0.0300) vs 0.3200 (0.3000–0.3400), "
        "beyond the seed-to-seed spread",
        "Test accuracy (%), Adam vs SGD: 92.8 (91.5–94.0) vs 91.0 (90.0–92.0), "
        "within the seed-to-seed spread",
    ]


def test_sweep_report_picks_the_best_stable_rate_and_ranks(monkeypatch):
    from dlscratch.experiments import SeedStudy

    label = SeedStudy.sweep_label
    study = made_up_study(
        {
            label("SGD", 0.01): [(0.5, 0.80), (0.5, 0.82)],
            label("SGD", 0.1): [(0.2, 0.90), (0.2, 0.92)],
            label("SGD", 1.0): [(None, np.nan), (0.1, 0.99)],  # best seed, but one diverged
            label("Adam", 0.001): [(0.1, 0.88), (0.1, 0.88)],
            label("Adam", 0.01): [(0.1, 0.85), (0.1, 0.85)],
        },
        learning_rates={"SGD": [0.01, 0.1, 1.0], "Adam": [0.001, 0.01]},
    )
    report = plotting.sweep_report(study, {"SGD": 0.01, "Adam": 0.001})
    assert report.splitlines() == [
        "SGD: best η = 0.1, test accuracy 91.0 % (at the book's η = 0.01: 81.0 %)",
        "Adam: best η = 0.001, test accuracy 88.0 % (at the book's η = 0.001: 88.0 %)",
        "Ranking by test accuracy at the book's η: Adam > SGD",
        "Ranking by test accuracy at each method's best η: SGD > Adam",
    ]
    monkeypatch.setenv("DLSCRATCH_LANG", "ko")
    korean = plotting.sweep_report(study, {"SGD": 0.01, "Adam": 0.001}).splitlines()
    assert korean[0] == "SGD: 가장 좋은 η = 0.1, 시험 정확도 91.0% (책의 η = 0.01에서는 81.0%)"
    assert korean[3] == "기법마다 가장 좋은 η에서의 시험 정확도 순위: SGD > Adam"


def test_learning_rate_figure_marks_the_book_and_divergence(lang):
    from dlscratch.experiments import SeedStudy

    label = SeedStudy.sweep_label
    study = made_up_study(
        {label("SGD", 0.01): [(0.5, 0.8)], label("SGD", 1.0): [(None, np.nan)]},
        learning_rates={"SGD": [0.01, 1.0]},
    )
    fig = plotting.learning_rate_figure(study, {"SGD": 0.01}, last=5)
    for ax in fig.axes:
        crosses = [line for line in ax.lines if line.get_marker() == "X"]
        assert len(crosses) == 1 and list(crosses[0].get_xdata()) == [1.0]
        circles = [line for line in ax.lines if line.get_markersize() == 12]
        assert len(circles) == 1 and list(circles[0].get_xdata()) == [0.01]
    assert not render_without_missing_glyphs(fig)


def _history(train, test, diverged_at=None):
    from dlscratch.experiments import TrainingHistory

    train, test = np.asarray(train, float), np.asarray(test, float)
    return TrainingHistory(np.ones(4), train, test, test[-1], diverged_at, 1.0)


def test_overfitting_figure_writes_each_gap_and_marks_a_divergence(lang):
    histories = {
        "plain": _history([0.5, 0.9, 1.0], [0.4, 0.7, 0.75]),
        "cured": _history([0.5, 0.8, 0.85], [0.4, 0.7, 0.8]),
        "broken": _history([0.3, np.nan, np.nan], [0.2, np.nan, np.nan], diverged_at=4),
    }
    fig = plotting.overfitting_figure(histories)
    text = all_text(fig)
    # Gaps 1.0 - 0.75 and 0.85 - 0.8 after the third epoch, in the page's language.
    gap = "3에폭 후의 차이: {}" if lang == "ko" else "gap after 3 epochs: {}"
    assert gap.format("25.0%") in text and gap.format("5.0%") in text
    assert ("5번째 반복에서 발산" if lang == "ko" else "diverged at iteration 5") in text
    assert [ax.get_title() for ax in fig.axes] == ["plain", "cured", "broken"]
    table = plotting.OverfittingTable(histories, "three runs")
    assert table.rows[0] == ["plain", "100.0%", "75.0%", "25.0%", "75.0% (3)"]
    assert table.rows[1][4] == "80.0% (3)" and table.rows[2][2:] == ["—", "—", "—"]


def test_search_map_rings_the_best_and_boxes_their_ranges(lang):
    from dlscratch.experiments import SearchResult

    lrs = np.array([1e-3, 1e-5, 5e-3, 2e-3, 1e-6])
    wds = np.array([1e-6, 1e-7, 1e-5, 1e-8, 1e-4])
    final = np.array([0.6, 0.1, 0.8, 0.7, 0.1])
    curves = np.stack([final / 2, final], axis=1)
    ranges = {"lr_exponents": [-6, -2], "weight_decay_exponents": [-8, -4]}
    result = SearchResult(lrs, wds, curves, curves, final, [None] * 5, np.arange(5), ranges)
    fig = plotting.search_map_figure(result, best=3)
    ax_map = fig.axes[0]
    rings = ax_map.collections[1].get_offsets()
    # The best three by final validation accuracy are trials 2, 3 and 0.
    np.testing.assert_allclose(rings, np.stack([lrs[[2, 3, 0]], wds[[2, 3, 0]]], axis=1))
    (box,) = ax_map.patches
    assert box.get_x() == 1e-3 and box.get_width() == pytest.approx(5e-3 - 1e-3)
    assert box.get_y() == 1e-8 and box.get_height() == pytest.approx(1e-5 - 1e-8)
    curves_fig = plotting.search_curves_figure(result, best=3)
    titles = [ax.get_title() for ax in curves_fig.axes if ax.get_visible()]
    first = "1위: 검증 80%" if lang == "ko" else "#1: validation 80%"
    assert titles[0].startswith(first) and "η=5.0e-03" in titles[0]
    assert plotting.SearchTable(result, best=2).rows[1] == ["2", "2.0e-03", "1.0e-08", "70.0%",
                                                             "70.0%"]  # fmt: skip
