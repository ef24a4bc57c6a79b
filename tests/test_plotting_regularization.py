"""Tests of dlscratch.plotting.regularization: overfitting and the hyperparameter search."""

import numpy as np
import pytest

from dlscratch.plotting.regularization import (
    overfitting_figure,
    search_curves_figure,
    search_map_figure,
)
from dlscratch.plotting.tables import OverfittingTable, SearchTable


def test_overfitting_figure_writes_each_gap_and_marks_a_divergence(
    lang, all_text, training_history
):
    histories = {
        "plain": training_history([0.5, 0.9, 1.0], [0.4, 0.7, 0.75]),
        "cured": training_history([0.5, 0.8, 0.85], [0.4, 0.7, 0.8]),
        "broken": training_history([0.3, np.nan, np.nan], [0.2, np.nan, np.nan], diverged_at=4),
    }
    fig = overfitting_figure(histories)
    text = all_text(fig)
    # Gaps 1.0 - 0.75 and 0.85 - 0.8 after the third epoch, in the page's language.
    gap = "3에폭 후의 차이: {}" if lang == "ko" else "gap after 3 epochs: {}"
    assert gap.format("25.0%") in text and gap.format("5.0%") in text
    assert ("5번째 반복에서 발산" if lang == "ko" else "diverged at iteration 5") in text
    assert [ax.get_title() for ax in fig.axes] == ["plain", "cured", "broken"]
    table = OverfittingTable(histories, "three runs")
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
    fig = search_map_figure(result, best=3)
    ax_map = fig.axes[0]
    rings = ax_map.collections[1].get_offsets()
    # The best three by final validation accuracy are trials 2, 3 and 0.
    np.testing.assert_allclose(rings, np.stack([lrs[[2, 3, 0]], wds[[2, 3, 0]]], axis=1))
    (box,) = ax_map.patches
    assert box.get_x() == 1e-3 and box.get_width() == pytest.approx(5e-3 - 1e-3)
    assert box.get_y() == 1e-8 and box.get_height() == pytest.approx(1e-5 - 1e-8)
    curves_fig = search_curves_figure(result, best=3)
    titles = [ax.get_title() for ax in curves_fig.axes if ax.get_visible()]
    first = "1위: 검증 80%" if lang == "ko" else "#1: validation 80%"
    assert titles[0].startswith(first) and "η=5.0e-03" in titles[0]
    assert SearchTable(result, best=2).rows[1] == ["2", "2.0e-03", "1.0e-08", "70.0%", "70.0%"]
