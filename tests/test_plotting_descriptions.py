"""Tests of dlscratch.plotting.descriptions: every figure says in words what it shows.

Each figure function must attach a description (the alt text of its image on the
site) in the current language; where a description states numbers, the test
computes them again from the data, by another route where there is one.
"""

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlscratch import plotting
from dlscratch.landscapes import anisotropic, saddle, trace_path, values_after
from dlscratch.optim import SGD, AdaGrad, Adam
from dlscratch.plotting.descriptions import describe, description

HANGUL = re.compile("[\uac00-\ud7a3]")


def _described(fig, lang) -> str:
    """The figure's description, after the checks every description must pass."""
    text = description(fig)
    assert text, "the figure has no description"
    assert "\n" not in text and text == text.strip() and text.endswith(".")
    assert len(text) <= 400, len(text)
    assert bool(HANGUL.search(text)) == (lang == "ko"), text
    plt.close(fig)
    return text


def test_describe_keeps_one_line_and_refuses_nothing():
    fig = plt.figure()
    assert description(fig) is None
    assert describe(fig, "  Two lines\n of text. ") is fig
    assert description(fig) == "Two lines of text."
    with pytest.raises(ValueError, match="empty"):
        describe(fig, " \n")
    plt.close(fig)


def test_every_figure_function_is_tested_here():
    # A new figure function needs a test below, so that its figure cannot go undescribed.
    figures = {name for name in plotting.__all__ if name.endswith("_figure")}
    tested = {name.removeprefix("test_").split("_describes")[0] for name in globals()}
    assert figures <= tested, figures - tested


def test_path_figure_describes_the_zig_zag(lang):
    path = trace_path(SGD(lr=0.95), anisotropic, start=(-7.0, 2.0), steps=30)
    text = _described(plotting.path_figure(path, anisotropic, "SGD", "η = 0.95"), lang)
    # Each step multiplies x by 1 − η/10 and y by 1 − 2η = −0.9: y changes sign 30 times.
    x, y = -7 * (1 - 0.95 / 10) ** 30, 2 * (-0.9) ** 30
    assert f"(−{abs(x):.2f}, {y:.2f})" in text
    assert ("30번 가로지릅니다" if lang == "ko" else "crossing the line y = 0 30 times") in text


def test_comparison_figure_describes_which_path_ends_closest(lang):
    paths = {
        "SGD": trace_path(SGD(lr=0.95), anisotropic, steps=30),
        "AdaGrad": trace_path(AdaGrad(lr=1.5), anisotropic, steps=30),
    }
    settings = {"SGD": "η = 0.95", "AdaGrad": "η = 1.5"}
    text = _described(plotting.comparison_figure(paths, settings, anisotropic), lang)
    distance = {name: float(np.linalg.norm(path[-1])) for name, path in paths.items()}
    assert distance["AdaGrad"] < distance["SGD"]
    closest = "가장 가까운 기법은 AdaGrad" if lang == "ko" else "AdaGrad is closest"
    assert closest in text and f"{distance['SGD']:.2f}" in text


def test_gradient_field_figure_describes_where_the_arrows_point(lang):
    from dlscratch.landscapes import isotropic

    text = _described(plotting.gradient_field_figure([isotropic, anisotropic]), lang)
    # On a round bowl −∇f = −2(x, y) points straight at the minimum: every arrow counts.
    assert ("x² + y²에서 100%" if lang == "ko" else "100% on f(x, y) = x² + y²") in text


def test_values_after_figure_describes_where_each_method_diverges(lang):
    rates = np.geomspace(0.1, 3, 9)
    values = {name: values_after(cls, anisotropic, rates) for name, cls in
              (("SGD", SGD), ("Adam", Adam))}  # fmt: skip
    fig = plotting.values_after_figure(
        values, dict.fromkeys(values, rates), {"SGD": 0.95, "Adam": 0.3}, anisotropic
    )
    text = _described(fig, lang)
    # SGD's y grows by |1 − 2η| per step: it diverges past η = 1, and Adam never does.
    first = rates[np.isnan(values["SGD"][100])].min()
    assert first > 1 and f"SGD {round(first, 3):g}" in text
    assert ("Adam의 경로는 어떤 η에서도" if lang == "ko" else "No η makes Adam diverge") in text


def test_coordinate_figure_describes_when_each_path_leaves_the_saddle(lang):
    paths = {name: trace_path(cls(lr=lr), saddle, saddle.start, steps=60)
             for name, cls, lr in (("SGD", SGD, 0.05), ("Adam", Adam, 0.1))}  # fmt: skip
    text = _described(plotting.coordinate_figure(paths, "x", target=1.0), lang)
    for name, path in paths.items():
        k = next(i for i, (x, _) in enumerate(path) if abs(x) > 0.5)
        assert f"{name} {k}" in text


def test_versus_figure_describes_a_stuck_path(lang):
    right = trace_path(SGD(lr=0.95), anisotropic, steps=30)
    stuck = np.repeat(right[:1], 31, axis=0)
    text = _described(plotting.versus_figure(right, stuck, anisotropic, "SGD", "Stuck"), lang)
    assert text.startswith("Stuck. ")
    # The stuck path ends where it started, √(7² + 2²) from the minimum.
    stuck_end = "(−7, 2)에서 끝나며" if lang == "ko" else "(grey) at (−7, 2), 7.28 from it"
    assert stuck_end in text


def _comparison():
    from dlscratch.datasets import load_mnist
    from dlscratch.experiments import compare_optimizers

    return compare_optimizers(
        load_mnist(source="bundled"), ["SGD", "Momentum"], iterations=30, progress=None
    )


def test_loss_curves_figure_describes_the_final_losses(lang):
    result = _comparison()
    text = _described(plotting.loss_curves_figure(result, window=5), lang)
    for name, run in result.runs.items():
        shown = "모멘텀" if lang == "ko" and name == "Momentum" else name
        assert f"{shown} {np.mean(run.losses[-30:]):.3g}" in text


def test_network_loss_figure_describes_the_final_losses(lang):
    from dlscratch.datasets import load_mnist
    from dlscratch.experiments import compare_networks
    from dlscratch.nn import MultiLayerNet

    nets = {"He": MultiLayerNet(784, [20], 10, seed=0)}
    result = compare_networks(load_mnist(source="bundled"), nets, SGD(), iterations=20)
    text = _described(plotting.network_loss_figure(result, window=5), lang)
    assert f"He {np.mean(result.runs['He'].losses):.3g}" in text


def test_seed_spread_figure_describes_the_medians(lang, made_up_study):
    study = made_up_study({"SGD": [(0.5, 0.9), (0.7, 0.9), (0.9, 0.9)], "Adam": [(0.1, 0.9)] * 3})
    text = _described(plotting.seed_spread_figure(study, window=3), lang)
    assert "SGD 0.7" in text and "Adam 0.1" in text


def test_learning_rate_figure_describes_each_best_rate(lang, made_up_study):
    from dlscratch.experiments import SeedStudy

    label = SeedStudy.sweep_label
    study = made_up_study(
        {label("SGD", 0.01): [(0.5, 0.8)], label("SGD", 0.1): [(0.3, 0.85)],
         label("SGD", 1.0): [(None, np.nan)]},
        learning_rates={"SGD": [0.01, 0.1, 1.0]},
    )  # fmt: skip
    text = _described(plotting.learning_rate_figure(study, {"SGD": 0.01}, last=5), lang)
    # η = 1 diverged, so the best is η = 0.1 with 85 %.
    assert ("SGD 85.0%(η = 0.1)" if lang == "ko" else "SGD 85.0% at η = 0.1") in text
    assert ("설정 1개" if lang == "ko" else "each of the 1 settings") in text


def test_activation_histogram_figure_describes_the_spread_per_layer(lang):
    rng = np.random.default_rng(0)
    layers = [rng.normal(0, 0.5, 1000), rng.normal(0, 0.05, 1000)]
    text = _described(plotting.activation_histogram_figure({"A": layers}, "tanh"), lang)
    first, last = (f"{np.std(a):.2g}" for a in layers)
    assert (f"A: {first}, {last}" if lang == "ko" else f"A: from {first} to {last}") in text


def test_symmetry_figure_describes_blank_and_copied_units(lang):
    weights = {"zero": np.zeros((4, 3)), "copies": np.ones((4, 3)), "random": np.eye(3)}
    text = _described(plotting.symmetry_figure(weights), lang)
    if lang == "ko":
        assert "zero: 모든 가중치가 0인 빈 이미지" in text
        assert "copies: 뉴런 3개 중 서로 다른 뉴런 1개" in text
    else:
        assert "zero: blank" in text and "copies: 1 of 3 units distinct" in text
        assert "random: 3 of 3 units distinct" in text


def test_batch_norm_grid_figure_describes_which_side_is_ahead(lang):
    from dlscratch.experiments import NetworkComparison, NetworkRun

    def run(accuracy, diverged_at=None):
        accuracy = np.asarray(accuracy, float)
        return NetworkRun("?", "?", np.ones(4), np.array([2, 4]), accuracy, accuracy, 1.0,
                          diverged_at)  # fmt: skip

    def comparison(with_norm, without_norm):
        return NetworkComparison({"batch norm": with_norm, "no batch norm": without_norm}, {}, None)

    results = {
        1.0: comparison(run([0.5, 0.9]), run([0.4, 0.6])),
        0.1: comparison(run([0.5, 0.8]), run([0.5, np.nan], 3)),
    }
    text = _described(plotting.batch_norm_grid_figure(results, epoch_iterations=2), lang)
    assert ("패널 2개 중 2개" if lang == "ko" else "higher in 2 of 2 panels") in text
    assert ("실행 1개" if lang == "ko" else "1 runs diverged") in text


def test_batch_norm_epsilon_figure_describes_where_predictions_change(lang):
    scales = np.array([1.0, 0.01, 1e-4])
    fig = plotting.batch_norm_epsilon_figure(
        scales, np.array([1e-8, 1e-4, 10.0]), np.array([0, 0.05, 0.2])
    )
    text = _described(fig, lang)
    assert "0.01" in text and "20.0%" in text


def test_overfitting_figure_describes_the_final_accuracies(lang, training_history):
    histories = {"plain": training_history([0.5, 0.9, 1.0], [0.4, 0.7, 0.75])}
    text = _described(plotting.overfitting_figure(histories), lang)
    assert "100.0%" in text and "75.0%" in text


def _search():
    from dlscratch.experiments import SearchResult

    lrs = np.array([1e-3, 1e-5, 5e-3, 2e-3, 1e-6])
    wds = np.array([1e-6, 1e-7, 1e-5, 1e-8, 1e-4])
    final = np.array([0.6, 0.1, 0.8, 0.7, 0.15])
    curves = np.stack([final / 2, final], axis=1)
    return SearchResult(lrs, wds, curves, curves, final, [None] * 5, np.arange(5), {})


def test_search_curves_figure_describes_the_best_and_the_last_shown(lang):
    text = _described(plotting.search_curves_figure(_search(), best=3), lang)
    # The best three by final validation accuracy: 80 % (η = 0.005), 70 % and 60 %.
    assert "80%" in text and "η = 0.005" in text and "60%" in text


def test_search_map_figure_describes_the_ranges_of_the_best(lang):
    text = _described(plotting.search_map_figure(_search(), best=3), lang)
    # The best three have η from 0.001 to 0.005; below η = 0.001 the best trial has 15 %.
    assert "0.001" in text and "0.005" in text and "15%" in text
