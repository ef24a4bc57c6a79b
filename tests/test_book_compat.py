"""dlscratch as a drop-in for the book's code: numbers in params, the book's state names, util.

The reader's scripts below are written for these tests in the book's style
(floats in ``params``, history appended from ``params``); only their import
lines name dlscratch.  Expected values come from closed forms or from plain
Python float loops written here from the published update rules.
"""

import doctest
import re
import types
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlscratch.optim import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop
from dlscratch.util import smooth_curve

ALL_OPTIMIZERS = [SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam]
REPO = Path(__file__).resolve().parents[1]

# --- the book's path script, typed in by a reader ----------------------------------------

# Four optimizers on f(x, y) = x²/20 + y² from (-7, 2), 30 updates each; x and y
# are Python floats, and the history is appended from params before each update.
READER_PATH_SCRIPT = """
from collections import OrderedDict

import matplotlib.pyplot as plt

from dlscratch.optim import *


def df(x, y):
    return x / 10.0, 2.0 * y


optimizers = OrderedDict()
optimizers["SGD"] = SGD(lr=0.95)
optimizers["Momentum"] = Momentum(lr=0.1)
optimizers["AdaGrad"] = AdaGrad(lr=1.5)
optimizers["Adam"] = Adam(lr=0.3)

params, grads, histories = {}, {}, {}
for panel, (name, optimizer) in enumerate(optimizers.items(), start=1):
    params["x"], params["y"] = -7.0, 2.0
    x_history, y_history = [], []
    for _ in range(30):
        x_history.append(params["x"])
        y_history.append(params["y"])
        grads["x"], grads["y"] = df(params["x"], params["y"])
        optimizer.update(params, grads)
    histories[name] = (x_history, y_history)
    plt.subplot(2, 2, panel)
    plt.plot(x_history, y_history, "o-")
    plt.title(name)
"""


def test_book_style_path_script_runs_with_only_the_import_changed(book_paths):
    # SGD's path has a closed form too: x·(1 − 0.95/10)^k and y·(1 − 0.95·2)^k.
    k = np.arange(30)
    np.testing.assert_allclose(book_paths["SGD"][0], -7 * 0.905**k, rtol=1e-12)
    np.testing.assert_allclose(book_paths["SGD"][1], 2 * (-0.9) ** k, rtol=1e-12)
    namespace = {}
    exec(READER_PATH_SCRIPT, namespace)
    plt.close("all")
    histories = namespace["histories"]
    assert list(histories) == ["SGD", "Momentum", "AdaGrad", "Adam"]
    for name, (xs, ys) in book_paths.items():
        got_x, got_y = histories[name]
        # Numbers are stored back as new floats, so the 30 entries are 30 different points.
        assert all(type(value) is float for value in got_x + got_y)
        np.testing.assert_allclose(got_x, xs, rtol=1e-12, err_msg=name)
        np.testing.assert_allclose(got_y, ys, rtol=1e-12, atol=1e-15, err_msg=name)
    assert histories["SGD"][0][:2] == [-7.0, pytest.approx(-6.335)]


def test_arrays_in_the_history_would_all_be_the_last_point():
    # Why numbers are stored back: the obvious fix, 0-d arrays updated in place,
    # would fill the history with one array, 30 times.
    params = {"x": np.array(-7.0), "y": np.array(2.0)}
    history, optimizer = [], SGD(lr=0.95)
    for _ in range(3):
        history.append(params["x"])
        optimizer.update(params, {"x": params["x"] / 10, "y": 2 * params["y"]})
    assert all(entry is params["x"] for entry in history)
    assert float(history[0]) == pytest.approx(-7 * 0.905**3)


# --- numbers in params ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected_type"),
    [
        (3, float),  # the book's x -= lr * g makes a float of an int
        (3.0, float),
        (np.float64(3.0), np.float64),
        (np.float32(3.0), np.float32),
        (np.int64(3), np.float64),
    ],
)
def test_number_is_stored_back_with_documented_type(value, expected_type):
    params = {"w": value}
    SGD(lr=0.5).update(params, {"w": 1.0})
    assert type(params["w"]) is expected_type
    assert params["w"] == 2.5  # 3 − 0.5·1, exact in every dtype


def test_zero_d_array_is_updated_in_place():
    w = np.array(3.0)
    params = {"w": w}
    SGD(lr=0.5).update(params, {"w": 1.0})
    assert params["w"] is w and float(w) == 2.5


def test_numbers_and_arrays_mix_and_state_is_kept():
    # Momentum keeps its velocity for a number between calls: w = 1, g = 1 twice,
    # v1 = −0.1, w1 = 0.9; v2 = −0.19, w2 = 0.71.
    params = {"w": 1.0, "b": np.array([1.0, 2.0])}
    opt = Momentum(lr=0.1, momentum=0.9)
    for _ in range(2):
        opt.update(params, {"w": 1.0, "b": np.array([1.0, 1.0])})
    assert params["w"] == pytest.approx(0.71, abs=1e-15)
    np.testing.assert_allclose(params["b"], [0.71, 1.71], atol=1e-15)


@pytest.mark.parametrize("cls", ALL_OPTIMIZERS)
@pytest.mark.parametrize(
    ("params", "grads", "error", "message"),
    [
        ({"a": 1.0, "b": True}, {"a": 1.0, "b": 1.0}, TypeError, "params['b']"),
        ({"a": 1.0, "b": np.bool_(True)}, {"a": 1.0, "b": 1.0}, TypeError, "params['b']"),
        ({"a": 1.0, "b": 1 + 2j}, {"a": 1.0, "b": 1.0}, TypeError, "params['b']"),
        ({"a": 1.0, "b": 2.0}, {"a": 1.0, "b": 1 + 2j}, TypeError, "grads['b']"),
        ({"a": 1.0, "b": 2.0}, {"a": 1.0, "b": 1}, TypeError, "grads['b']"),
        ({"a": 1.0, "b": 2.0}, {"a": 1.0, "b": [1.0]}, ValueError, "grads['b']"),
    ],
)
def test_bad_number_input_changes_nothing(cls, params, grads, error, message):
    before = dict(params)
    opt = cls(lr=0.1)
    with pytest.raises(error) as info:
        opt.update(params, grads)
    assert message in str(info.value)
    assert params == before and all(type(params[k]) is type(before[k]) for k in params)
    assert opt.t == 0 and not opt._state


def test_read_only_params_with_a_number_is_refused_before_anything_changes():
    w = np.array([1.0, 2.0])
    params = types.MappingProxyType({"w": w, "x": 1.0})
    opt = Momentum(lr=0.1)
    with pytest.raises(TypeError, match=r"params\['x'\] is a number"):
        opt.update(params, {"w": np.ones(2), "x": 1.0})
    np.testing.assert_array_equal(w, [1.0, 2.0])
    assert opt.t == 0 and opt.v is None


# --- the book's state names ----------------------------------------------------------------

THETA = [1.0, -2.0]
G = np.array([0.5, -4.0])

# The state after two updates with the same gradient g, by hand (lr = 0.1, defaults):
# Momentum, Nesterov: v1 = −0.1g, v2 = 0.9·v1 − 0.1g = −0.19g
# AdaGrad: h2 = 2g²; RMSprop: h2 = 0.99·0.01g² + 0.01g² = 0.0199g²
# Adam: m2 = 0.9·0.1g + 0.1g = 0.19g, v2 = 0.999·0.001g² + 0.001g² = 0.001999g²
STATE_AFTER_TWO = {
    SGD: {},
    Momentum: {"v": -0.19 * G},
    Nesterov: {"v": -0.19 * G},
    AdaGrad: {"h": 2 * G**2},
    RMSprop: {"h": 0.0199 * G**2},
    Adam: {"m": 0.19 * G, "v": 0.001999 * G**2},
}
BOOK_NAMES = ("v", "h", "m")


@pytest.mark.parametrize("cls", ALL_OPTIMIZERS)
def test_book_state_names_exist_only_where_the_method_has_them(cls):
    opt = cls(lr=0.1)
    expected = STATE_AFTER_TWO[cls]
    for name in BOOK_NAMES:
        assert hasattr(opt, name) == (name in expected), name
        if name in expected:
            assert getattr(opt, name) is None  # as in the book before the first update
    assert hasattr(opt, "iter") == (cls is Adam)


@pytest.mark.parametrize("cls", ALL_OPTIMIZERS)
def test_book_state_names_show_the_state_computed_by_hand(cls):
    opt = cls(lr=0.1)
    params = {"W": np.array(THETA), "x": 3.0}
    for _ in range(2):
        opt.update(params, {"W": G, "x": 0.5})
    for name, expected in STATE_AFTER_TWO[cls].items():
        state = getattr(opt, name)
        assert set(state) == {"W", "x"}
        np.testing.assert_allclose(state["W"], expected, rtol=1e-12)
        np.testing.assert_allclose(state["x"], expected[0], rtol=1e-12)  # g = 0.5 there too
        print(state)  # printing works, as readers do
    if cls is Adam:
        assert opt.iter == opt.t == 2


@pytest.mark.parametrize("cls", [c for c in ALL_OPTIMIZERS if STATE_AFTER_TWO[c]])
def test_writing_to_the_book_state_names_is_refused(cls):
    opt = cls(lr=0.1)
    params = {"W": np.array(THETA)}
    opt.update(params, {"W": G})
    before = opt.state_dict()
    for name in STATE_AFTER_TWO[cls]:
        with pytest.raises(AttributeError, match=f"{cls.__name__}.{name} is read-only"):
            setattr(opt, name, {"W": np.zeros(2)})
        state = getattr(opt, name)
        with pytest.raises(TypeError):
            state["W"] = np.zeros(2)
        with pytest.raises(ValueError, match="read-only"):
            state["W"][0] = 99.0
        with pytest.raises(ValueError, match="read-only"):
            state["W"] *= 0
    after = opt.state_dict()
    assert after.keys() == before.keys()
    for key in before:
        np.testing.assert_array_equal(after[key], before[key])


def test_book_state_views_follow_the_optimizer():
    opt = Momentum(lr=0.1)
    params = {"W": np.array(THETA)}
    opt.update(params, {"W": G})
    v = opt.v
    opt.update(params, {"W": G})
    np.testing.assert_allclose(v["W"], -0.19 * G)  # a view, not a snapshot
    assert Momentum(lr=0.1).v is None


def test_adam_iter_is_read_only():
    opt = Adam()
    assert opt.iter == 0
    with pytest.raises(AttributeError):
        opt.iter = 5
    assert opt.iter == 0 and opt.t == 0


# --- smooth_curve ----------------------------------------------------------------------------


def test_smooth_curve_is_a_mirrored_kaiser_average():
    x = np.random.default_rng(1).normal(size=30)
    weights = np.kaiser(11, 2.0)
    weights = weights / weights.sum()
    n = len(x)

    def mirrored(j):  # the book's ends: x1..x5 before x0, x(n-1)..x(n-5) after x(n-1)
        if j < 0:
            return x[-j]
        if j >= n:
            return x[2 * n - 1 - j]
        return x[j]

    expected = [sum(weights[k] * mirrored(i - 5 + k) for k in range(11)) for i in range(n)]
    np.testing.assert_allclose(smooth_curve(x), expected, rtol=1e-12)
    np.testing.assert_allclose(smooth_curve(list(x)), expected, rtol=1e-12)


@pytest.mark.parametrize("bad", [[1.0] * 5, np.ones((3, 4)), 1.0])
def test_smooth_curve_rejects_short_or_non_1d_input(bad):
    with pytest.raises(ValueError, match="x must be"):
        smooth_curve(bad)


# --- the book's MNIST comparison, shortened ---------------------------------------------

# The book's script with its import lines changed (and numpy imported, which the
# book's star import used to bring along); the data is the bundled subset and
# the loop is short.
READER_MNIST_SCRIPT = """
import numpy as np

from dlscratch.datasets import load_mnist
from dlscratch.nn import MultiLayerNet
from dlscratch.optim import *
from dlscratch.util import smooth_curve

(x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, source="bundled")
train_size = x_train.shape[0]
batch_size = 128
max_iterations = 60

np.random.seed(0)
optimizers = {"SGD": SGD(), "Momentum": Momentum(), "AdaGrad": AdaGrad(), "Adam": Adam()}
networks, train_loss = {}, {}
for key in optimizers:
    networks[key] = MultiLayerNet(input_size=784, hidden_size_list=[100, 100, 100, 100],
                                  output_size=10)
    train_loss[key] = []

for i in range(max_iterations):
    batch_mask = np.random.choice(train_size, batch_size)
    x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
    for key in optimizers:
        grads = networks[key].gradient(x_batch, t_batch)
        optimizers[key].update(networks[key].params, grads)
        train_loss[key].append(networks[key].loss(x_batch, t_batch))

smoothed = {key: smooth_curve(train_loss[key]) for key in optimizers}
"""


def test_book_style_mnist_script_runs_with_only_the_imports_changed():
    namespace = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exec(READER_MNIST_SCRIPT, namespace)
    losses, smoothed = namespace["train_loss"], namespace["smoothed"]
    for key in ["SGD", "Momentum", "AdaGrad", "Adam"]:
        assert len(losses[key]) == len(smoothed[key]) == 60
        assert np.isfinite(losses[key]).all()
        # Ten classes: an untrained network's loss is near ln 10 ≈ 2.3.
        assert 1.5 < losses[key][0] < 3.5
        network = namespace["networks"][key]
        # The layers still use the arrays the optimizer updated in place.
        assert network.layers[0].W is network.params["W1"]
    # Every network learns; Momentum, AdaGrad and Adam (ratios about 0.1-0.25 in
    # trial runs, SGD about 0.8) at least halve their loss within 60 mini-batches.
    ratio = {key: np.mean(losses[key][-10:]) / np.mean(losses[key][:10]) for key in losses}
    assert ratio["SGD"] < 1
    assert max(ratio["Momentum"], ratio["AdaGrad"], ratio["Adam"]) < 0.5


# --- the page "From the book's code to dlscratch" ---------------------------------------

FENCE = re.compile(r"^```pycon\n(.*?)^```", re.S | re.M)


def test_examples_on_the_migration_page_print_what_the_page_shows():
    page = (REPO / "docs" / "user_guide" / "from_the_book.md").read_text(encoding="utf-8")
    blocks = FENCE.findall(page)
    assert len(blocks) >= 5
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    namespace = {}

    def show_as_the_repl(message, category, filename, lineno, file=None, line=None):
        # Python's interactive prompt prints a warning as "<stdin>:1: Category: message".
        print(f"<stdin>:1: {category.__name__}: {message}")

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = show_as_the_repl
        for i, block in enumerate(blocks):
            test = parser.get_doctest(block, namespace, f"from_the_book block {i}", None, 0)
            test.globs = namespace  # the blocks share one session, as on the page
            runner.run(test, clear_globs=False)
    plt.close("all")
    assert runner.failures == 0


# The import lines of the ch06 scripts of both editions, read off the book's repositories.
BOOK_IMPORT_LINES = {
    "from common.optimizer import *",
    "from common.optimizer import SGD",
    "from common.optimizer import SGD, Adam",
    "from common.multi_layer_net import MultiLayerNet",
    "from common.multi_layer_net_extend import MultiLayerNetExtend",
    "from common.trainer import Trainer",
    "from common.util import smooth_curve",
    "from common.util import shuffle_dataset",
    "from dataset.mnist import load_mnist",
}
IMPORT_ROW = re.compile(r"^\| `(from (?:common|dataset)\.[^`]+)` \| `([^`]+)` \|$", re.M)


def test_the_migration_page_replaces_every_import_line_one_to_one():
    page = (REPO / "docs" / "user_guide" / "from_the_book.md").read_text(encoding="utf-8")
    rows = dict(IMPORT_ROW.findall(page))
    assert set(rows) == BOOK_IMPORT_LINES
    for line, replacement in rows.items():
        assert replacement == "from dlscratch.book." + line.removeprefix("from ")
        imported = line.split(" import ")[1]
        namespace = {}
        exec(replacement, namespace)
        got = set(namespace) - {"__builtins__"}
        if imported == "*":
            assert got == {"np", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"}
        else:
            assert got == set(imported.split(", "))


def test_every_import_block_on_the_migration_page_runs():
    page = (REPO / "docs" / "user_guide" / "from_the_book.md").read_text(encoding="utf-8")
    blocks = [
        b for b in re.findall(r"^```python\n(.*?)^```", page, re.S | re.M) if "dlscratch.book" in b
    ]
    # One block per section of a script that imports from the book's packages: 14 scripts,
    # the four show_optimizer_*.py sharing one section (the histogram script imports none).
    assert len(blocks) == 11
    for block in blocks:
        lines = block.strip().splitlines()
        assert all(line.startswith("from dlscratch.book.") for line in lines), block
        exec(block, {})


def test_the_books_layer_names_are_there_under_the_books_spelling():
    from dlscratch import nn
    from dlscratch.book.common import layers
    from dlscratch.nn import ReLU

    assert layers.Relu is ReLU
    for name in ("Affine", "Sigmoid", "SoftmaxWithLoss", "BatchNormalization", "Dropout"):
        assert getattr(layers, name) is getattr(nn, name)
        assert getattr(layers, name).__module__ == "dlscratch.nn.layers"


CH06_SCRIPTS = {
    # both editions
    "batch_norm_gradient_check.py", "batch_norm_test.py", "hyperparameter_optimization.py",
    "optimizer_compare_mnist.py", "optimizer_compare_naive.py", "overfit_dropout.py",
    "overfit_weight_decay.py", "weight_init_activation_histogram.py", "weight_init_compare.py",
    # the Korean edition only
    "show_optimizer_sgd.py", "show_optimizer_momentum.py", "show_optimizer_adagrad.py",
    "show_optimizer_adam.py", "batch_norm_test_multi.py", "overfit.py",
}  # fmt: skip


def test_the_migration_page_has_a_section_for_every_ch06_script_of_both_editions():
    page = (REPO / "docs" / "user_guide" / "from_the_book.md").read_text(encoding="utf-8")
    headings = re.findall(r"^###+ (.*)$", page, re.M)
    named = {name for heading in headings for name in re.findall(r"`([a-z_]+\.py)`", heading)}
    assert named == CH06_SCRIPTS
