"""The test functions and trace_path: exact gradients, and divergence as a result."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dlscratch.landscapes import (
    DIVERGENCE_BOUND,
    LANDSCAPES,
    anisotropic,
    isotropic,
    rosenbrock,
    saddle,
    trace_path,
)
from dlscratch.optim import SGD, AdaGrad, Adam, Momentum

POINTS = [(-7.0, 2.0), (0.3, -1.7), (1.5, 2.5), (-1.2, 1.0), (0.0, 0.0)]


@pytest.mark.parametrize("name", list(LANDSCAPES))
@pytest.mark.parametrize("point", POINTS)
def test_gradient_matches_central_differences(name, point):
    # A second method: the symmetric difference quotient, accurate to O(h²).
    landscape = LANDSCAPES[name]
    x, y = point
    h = 1e-6
    dx = (landscape.f(x + h, y) - landscape.f(x - h, y)) / (2 * h)
    dy = (landscape.f(x, y + h) - landscape.f(x, y - h)) / (2 * h)
    gx, gy = landscape.grad(x, y)
    scale = max(1.0, abs(gx), abs(gy))
    assert abs(gx - dx) < 1e-5 * scale and abs(gy - dy) < 1e-5 * scale


@pytest.mark.parametrize("name", list(LANDSCAPES))
def test_minimum_is_a_minimum(name):
    landscape = LANDSCAPES[name]
    assert [float(d) for d in landscape.grad(*landscape.minimum)] == [0.0, 0.0]
    assert float(landscape.f(*landscape.minimum)) == 0.0
    (x0, x1), (y0, y1) = landscape.view
    xx, yy = np.meshgrid(np.linspace(x0, x1, 81), np.linspace(y0, y1, 81))
    assert landscape.f(xx, yy).min() >= 0.0
    assert x0 < landscape.start[0] < x1 and y0 < landscape.start[1] < y1


def test_values_by_hand():
    assert float(rosenbrock.f(0.0, 0.0)) == 1.0  # (1 − 0)² + 100·0²
    assert [float(d) for d in rosenbrock.grad(0.0, 0.0)] == [-2.0, 0.0]
    assert float(rosenbrock.f(2.0, 1.0)) == 901.0  # 1 + 100·(1 − 4)²
    assert [float(d) for d in rosenbrock.grad(2.0, 1.0)] == [2 + 2400, -600.0]
    assert float(saddle.f(0.0, 0.0)) == 1.0
    assert float(saddle.f(2.0, -1.0)) == 10.0  # 3² + 1
    assert [float(d) for d in saddle.grad(2.0, -1.0)] == [24.0, -2.0]  # 4·2·3, 2·(−1)


def test_saddle_point_is_a_saddle():
    # f rises along y and falls along x from the origin.
    assert saddle.f(0.0, 0.1) > saddle.f(0.0, 0.0) > saddle.f(0.1, 0.0)
    assert saddle.f(-1.0, 0.0) == saddle.f(1.0, 0.0) == 0.0


def test_landscapes_are_listed_by_name():
    assert list(LANDSCAPES) == ["anisotropic", "isotropic", "rosenbrock", "saddle"]
    assert all(name == landscape.name for name, landscape in LANDSCAPES.items())
    assert LANDSCAPES["anisotropic"] is anisotropic and LANDSCAPES["isotropic"] is isotropic


def test_book_learning_rates():
    # The book's figures: SGD 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3.
    rates = anisotropic.learning_rates
    assert (rates["SGD"], rates["Momentum"], rates["AdaGrad"], rates["Adam"]) == (
        0.95,
        0.1,
        1.5,
        0.3,
    )


def test_diverging_sgd_returns_nan_from_the_step_derived_by_hand():
    # On x²/20 + y² with η = 2, y_k = (1 − 2η)^k y_0 = 2·(−3)^k and x_k = −7·0.8^k.
    # The first k with 2·3^k > DIVERGENCE_BOUND is the diverging step.
    k = math.floor(math.log(DIVERGENCE_BOUND / 2) / math.log(3)) + 1
    assert 2 * 3 ** (k - 1) <= DIVERGENCE_BOUND < 2 * 3**k
    path = trace_path(SGD(lr=2.0), anisotropic, steps=2000)
    assert path.shape == (2001, 2)
    assert np.isfinite(path[:k]).all()
    assert np.isnan(path[k:]).all()
    rows = np.arange(k)
    np.testing.assert_allclose(path[:k, 1], 2.0 * (-3.0) ** rows, rtol=1e-12)
    np.testing.assert_allclose(path[:k, 0], -7.0 * 0.8**rows, rtol=1e-12)


def test_divergence_by_overflow_is_a_result_too():
    # η·g overflows to infinity at the first step; no RuntimeWarning may escape.
    path = trace_path(SGD(lr=1e308), anisotropic, steps=5)
    assert np.isfinite(path[0]).all() and np.isnan(path[1:]).all()


def test_a_path_that_converges_has_no_nan():
    for name, landscape in LANDSCAPES.items():
        path = trace_path(Adam(lr=0.1), landscape, start=landscape.start, steps=500)
        assert np.isfinite(path).all(), name


@pytest.mark.parametrize(
    "start", [(math.nan, 0.0), (0.0, math.inf), (2 * DIVERGENCE_BOUND, 0.0), (1.0,), "ab", None]
)
def test_bad_start_is_refused(start):
    optimizer = Momentum(lr=0.1)
    with pytest.raises(ValueError, match="start"):
        trace_path(optimizer, anisotropic, start=start, steps=3)
    assert optimizer.t == 0  # nothing was run


def test_saddle_traps_a_path_on_its_ridge_and_releases_one_beside_it():
    # On x = 0 the x-gradient is exactly 0, so every method stays on the ridge.
    on_ridge = trace_path(AdaGrad(lr=0.5), saddle, start=(0.0, 1.2), steps=200)
    assert np.all(on_ridge[:, 0] == 0.0) and abs(on_ridge[-1, 1]) < 1e-6
    beside = trace_path(AdaGrad(lr=0.5), saddle, start=(0.001, 1.2), steps=200)
    np.testing.assert_allclose(beside[-1], saddle.minimum, atol=1e-6)
