"""Tests of dlscratch.plotting.tables: the reports on runs made up by hand.

The tables under the figures are tested with their figures, in
tests/test_plotting_curves.py and tests/test_plotting_regularization.py.
"""

import numpy as np

from dlscratch.plotting.tables import spread_report, sweep_report


def test_spread_report_tells_apart_only_ranges_that_do_not_overlap(made_up_study):
    study = made_up_study(
        {
            "SGD": [(0.30, 0.90), (0.32, 0.91), (0.34, 0.92)],
            "Adam": [(0.01, 0.915), (0.02, 0.93), (0.03, 0.94)],
        }
    )
    lines = spread_report(study, last=5).splitlines()
    assert lines == [
        "Final loss, Adam vs SGD: 0.0200 (0.0100–0.0300) vs 0.3200 (0.3000–0.3400), "
        "beyond the seed-to-seed spread",
        "Test accuracy (%), Adam vs SGD: 92.8 (91.5–94.0) vs 91.0 (90.0–92.0), "
        "within the seed-to-seed spread",
    ]


def test_sweep_report_picks_the_best_stable_rate_and_ranks(monkeypatch, made_up_study):
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
    report = sweep_report(study, {"SGD": 0.01, "Adam": 0.001})
    assert report.splitlines() == [
        "SGD: best η = 0.1, test accuracy 91.0 % (at the book's η = 0.01: 81.0 %)",
        "Adam: best η = 0.001, test accuracy 88.0 % (at the book's η = 0.001: 88.0 %)",
        "Ranking by test accuracy at the book's η: Adam > SGD",
        "Ranking by test accuracy at each method's best η: SGD > Adam",
    ]
    monkeypatch.setenv("DLSCRATCH_LANG", "ko")
    korean = sweep_report(study, {"SGD": 0.01, "Adam": 0.001}).splitlines()
    assert korean[0] == "SGD: 가장 좋은 η = 0.1, 시험 정확도 91.0% (책의 η = 0.01에서는 81.0%)"
    assert korean[3] == "기법마다 가장 좋은 η로 매긴 시험 정확도 순위: SGD > Adam"


def test_sweep_report_says_when_every_rate_diverged(monkeypatch, made_up_study):
    from dlscratch.experiments import SeedStudy

    label = SeedStudy.sweep_label
    study = made_up_study(
        {
            label("SGD", 0.01): [(0.5, 0.80)],
            label("Momentum", 5.0): [(None, np.nan)],
            label("Momentum", 50.0): [(None, np.nan)],
        },
        learning_rates={"SGD": [0.01], "Momentum": [5.0, 50.0]},
    )
    assert study.best_learning_rate("Momentum") is None and study.best_learning_rate("SGD") == 0.01
    report = sweep_report(study, {"SGD": 0.01, "Momentum": 5.0}).splitlines()
    assert report[1] == "Momentum: every η diverged"
    # Left out of both rankings, where it has no accuracy to rank by.
    assert report[2:] == [
        "Ranking by test accuracy at the book's η: SGD",
        "Ranking by test accuracy at each method's best η: SGD",
    ]
    monkeypatch.setenv("DLSCRATCH_LANG", "ko")
    assert sweep_report(study, {"SGD": 0.01, "Momentum": 5.0}).splitlines()[1] == (
        "Momentum: 모든 η에서 발산했습니다"
    )
