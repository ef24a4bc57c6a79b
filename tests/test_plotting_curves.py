"""Tests of dlscratch.plotting.curves: the MNIST training curves, seeds and learning rates."""

import numpy as np

from dlscratch.optim import SGD
from dlscratch.plotting.curves import learning_rate_figure, loss_curves_figure
from dlscratch.plotting.tables import ComparisonTable


def test_a_diverged_run_is_marked_in_the_figure_and_the_table(lang, render_without_missing_glyphs):
    from dlscratch.datasets import load_mnist
    from dlscratch.experiments import compare_optimizers

    result = compare_optimizers(
        load_mnist(source="bundled"), {"SGD": SGD(lr=3.0)}, iterations=30, progress=None
    )
    k = result.runs["SGD"].diverged_at + 1
    words = {"en": f"diverged at iteration {k}", "ko": f"{k}번째 반복에서 발산"}[lang]
    fig = loss_curves_figure(result, window=5)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == [f"SGD: {words}"]
    markers = [line for line in fig.axes[0].lines if line.get_marker() == "X"]
    assert len(markers) == 1 and list(markers[0].get_xdata()) == [k]
    assert not render_without_missing_glyphs(fig)
    table = ComparisonTable(result, last=10)
    assert table.rows[0][1:4] == [words, "—", "—"]


def test_learning_rate_figure_marks_the_book_and_divergence(
    lang, made_up_study, render_without_missing_glyphs
):
    from dlscratch.experiments import SeedStudy

    label = SeedStudy.sweep_label
    study = made_up_study(
        {label("SGD", 0.01): [(0.5, 0.8)], label("SGD", 1.0): [(None, np.nan)]},
        learning_rates={"SGD": [0.01, 1.0]},
    )
    fig = learning_rate_figure(study, {"SGD": 0.01}, last=5)
    for ax in fig.axes:
        crosses = [line for line in ax.lines if line.get_marker() == "X"]
        assert len(crosses) == 1 and list(crosses[0].get_xdata()) == [1.0]
        circles = [line for line in ax.lines if line.get_markersize() == 12]
        assert len(circles) == 1 and list(circles[0].get_xdata()) == [0.01]
    assert not render_without_missing_glyphs(fig)
