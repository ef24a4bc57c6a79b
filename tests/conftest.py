"""Shared pytest configuration and helpers.

Tests under tests/site/ need the built site.  The fixture ``float_rule`` gives the six update
rules written out for one coordinate in plain Python floats, a second implementation to test
the optimizers against.  The figures' tests (tests/test_plotting*.py) share the fixture
``lang``, which runs a test once per language, the helpers ``all_text`` and
``render_without_missing_glyphs``, and results made up by hand (``made_up_study``,
``training_history``).  ``numerical_partial`` and ``relative_error`` check gradients against
central differences; ``randomize`` gives a network's parameters non-trivial values; ``mnist``
is the bundled MNIST subset that the experiments' tests train on.
"""

import io
import logging
import math
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlscratch.datasets import load_mnist

SITE_TESTS = Path(__file__).parent / "site"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SITE_TESTS in Path(item.fspath).parents:
            item.add_marker(pytest.mark.site)


def _float_rule(name, lr, momentum=0.9, decay_rate=0.99, beta1=0.9, beta2=0.999):
    """One coordinate's update ``step(theta, g, memory, t)`` in plain Python floats.

    The rules are written from their published equations (Adam: Kingma & Ba, Algorithm 1,
    with the paper's ε = 1e-8; AdaGrad and RMSprop: ε = 1e-7 outside the root, as the book
    adds it).  Python's float arithmetic spreads NaN and infinity as NumPy's does (inf − inf is
    NaN, x / inf is 0), so they also give the book's numbers for a diverging run.
    """

    def step(theta, g, memory, t):
        if name == "SGD":
            return theta - lr * g
        if name == "Momentum":
            memory["v"] = momentum * memory.get("v", 0.0) - lr * g
            return theta + memory["v"]
        if name == "Nesterov":  # the corrected order: θ moves with the old v
            v = memory.get("v", 0.0)
            memory["v"] = momentum * v - lr * g
            return theta + momentum * momentum * v - (1 + momentum) * lr * g
        if name == "AdaGrad":
            memory["h"] = memory.get("h", 0.0) + g * g
            return theta - lr * g / (math.sqrt(memory["h"]) + 1e-7)
        if name == "RMSprop":
            memory["h"] = decay_rate * memory.get("h", 0.0) + (1 - decay_rate) * g * g
            return theta - lr * g / (math.sqrt(memory["h"]) + 1e-7)
        if name == "Adam":
            memory["m"] = beta1 * memory.get("m", 0.0) + (1 - beta1) * g
            memory["v"] = beta2 * memory.get("v", 0.0) + (1 - beta2) * g * g
            m_hat, v_hat = memory["m"] / (1 - beta1**t), memory["v"] / (1 - beta2**t)
            return theta - lr * m_hat / (math.sqrt(v_hat) + 1e-8)
        raise ValueError(f"no rule named {name!r}")

    return step


@pytest.fixture
def float_rule():
    """``float_rule(name, lr, **hyperparameters)`` -> ``step(theta, g, memory, t)``."""
    return _float_rule


def _book_function_path(step, steps=30):
    """The points (x, y) before each of ``steps`` updates on f = x²/20 + y² from (-7, 2)."""
    point, memories, points = [-7.0, 2.0], [{}, {}], []
    for t in range(1, steps + 1):
        points.append(tuple(point))
        grads = [point[0] / 10, 2 * point[1]]
        for i in range(2):
            point[i] = step(point[i], grads[i], memories[i], t)
    return [p[0] for p in points], [p[1] for p in points]


@pytest.fixture
def book_paths():
    """The 30-point path of each optimizer of the book's 2-D script, with its learning rate."""
    learning_rates = {"SGD": 0.95, "Momentum": 0.1, "AdaGrad": 1.5, "Adam": 0.3}
    return {name: _book_function_path(_float_rule(name, lr)) for name, lr in learning_rates.items()}


# --- figures: languages, their text and their glyphs -------------------------------------------


@pytest.fixture(params=["en", "ko"])
def lang(request, monkeypatch):
    """Run the test once in English and once in Korean; close its figures afterwards."""
    monkeypatch.setenv("DLSCRATCH_LANG", request.param)
    yield request.param
    plt.close("all")


def _all_text(fig) -> str:
    """Every string drawn on the figure (titles, labels, ticks, legends)."""
    fig.canvas.draw()
    return "\n".join(t.get_text() for t in fig.findobj(matplotlib.text.Text))


@pytest.fixture
def all_text():
    """``all_text(fig)`` -> every string drawn on the figure, one per line."""
    return _all_text


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _render_without_missing_glyphs(fig):
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


@pytest.fixture
def render_without_missing_glyphs():
    """``render_without_missing_glyphs(fig)`` -> the messages of drawing ``fig`` to PNG."""
    return _render_without_missing_glyphs


# --- results made up by hand, for the figures and tables ---------------------------------------


def _made_up_study(values, learning_rates=None):
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


@pytest.fixture
def made_up_study():
    """``made_up_study(values, learning_rates=None)`` -> a SeedStudy (see ``_made_up_study``)."""
    return _made_up_study


def _training_history(train, test, diverged_at=None):
    """A TrainingHistory with the given accuracies per epoch."""
    from dlscratch.experiments import TrainingHistory

    train, test = np.asarray(train, float), np.asarray(test, float)
    return TrainingHistory(np.ones(4), train, test, test[-1], diverged_at, 1.0)


@pytest.fixture
def training_history():
    """``training_history(train, test, diverged_at=None)`` -> a TrainingHistory."""
    return _training_history


# --- gradient checks -------------------------------------------------------------------------


def _numerical_partial(f, array, index, h=1e-5):
    """Central difference (f(θ + h) − f(θ − h)) / 2h for one entry of ``array``."""
    saved = array[index]
    array[index] = saved + h
    plus = f()
    array[index] = saved - h
    minus = f()
    array[index] = saved
    return (plus - minus) / (2 * h)


def _relative_error(a, b):
    """‖a − b‖ / (‖a‖ + ‖b‖): 0 for equal arrays, 1 for opposite ones."""
    a, b = np.ravel(a), np.ravel(b)
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300)


def _randomize(net, rng):
    """Give every parameter, biases too, non-trivial values (in place); γ stays away from 0."""
    for key, value in net.params.items():
        value[...] = rng.normal(scale=0.5, size=value.shape)
        if key.startswith("gamma"):
            value += 1


@pytest.fixture
def numerical_partial():
    """``numerical_partial(f, array, index, h=1e-5)``: ∂f/∂array[index] by central differences."""
    return _numerical_partial


@pytest.fixture
def relative_error():
    """``relative_error(a, b)``: how far two gradients are apart, relative to their size."""
    return _relative_error


@pytest.fixture
def randomize():
    """``randomize(net, rng)``: draw every parameter of ``net`` from N(0, 0.5²) in place."""
    return _randomize


# --- data ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def mnist():
    """The bundled MNIST subset (4,000 training / 1,000 test images), flat, in [0, 1].

    Shared by every test that trains on it; tests copy an array before changing it.
    """
    return load_mnist(source="bundled")


@pytest.fixture
def single_blas_thread():
    """Hold BLAS to one thread for the test, as dlscratch's training does."""
    from dlscratch.training import one_blas_thread

    with one_blas_thread():
        yield
