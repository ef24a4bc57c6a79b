"""Shortened versions of the six ch06 scripts that only the Korean edition's repository has.

The Korean edition (WegraLee/deep-learning-from-scratch) adds ``show_optimizer_sgd.py``,
``show_optimizer_momentum.py``, ``show_optimizer_adagrad.py``, ``show_optimizer_adam.py``,
``batch_norm_test_multi.py`` and ``overfit.py``.  Each test follows one script's scenario with
the one-to-one import lines of :mod:`dlscratch.book` that docs/user_guide/from_the_book.md
gives, on fewer epochs or weight scales.  The code is written for these tests; expected paths
come from the float rules of conftest.py, accuracies are counted here, not by the network.
"""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlscratch.book.common.multi_layer_net import MultiLayerNet
from dlscratch.book.common.multi_layer_net_extend import MultiLayerNetExtend
from dlscratch.book.common.optimizer import SGD
from dlscratch.book.dataset.mnist import load_mnist

# The book's networks are small: one BLAS thread is faster, and gives the same sums at every run.
pytestmark = pytest.mark.usefixtures("single_blas_thread")


def load():
    # The scripts call load_mnist(normalize=True); offline it falls back, with a warning, to
    # the bundled subset, which the tests ask for directly (warnings are errors here).
    return load_mnist(normalize=True, source="bundled")


# One of the four show_optimizer_*.py scripts, as a reader types it: the only import line that
# changed is the star import, and the script draws the path over the contours of f.
SHOW_OPTIMIZER_SCRIPT = """
import numpy as np
import matplotlib.pyplot as plt
from collections import OrderedDict
from dlscratch.book.common.optimizer import *


def f(x, y):
    return x**2 / 20.0 + y**2


def df(x, y):
    return x / 10.0, 2.0 * y


init_pos = (-7.0, 2.0)
params = {}
params["x"], params["y"] = init_pos[0], init_pos[1]
grads = {}
grads["x"], grads["y"] = 0, 0

optimizers = OrderedDict()
optimizers[NAME] = OPTIMIZER

for key in optimizers:
    optimizer = optimizers[key]
    x_history, y_history = [], []
    params["x"], params["y"] = init_pos[0], init_pos[1]
    for i in range(30):
        x_history.append(params["x"])
        y_history.append(params["y"])
        grads["x"], grads["y"] = df(params["x"], params["y"])
        optimizer.update(params, grads)
    X, Y = np.meshgrid(np.arange(-10, 10, 0.01), np.arange(-5, 5, 0.01))
    Z = f(X, Y)
    Z[Z > 7] = 0
    plt.subplot(1, 1, 1)
    plt.plot(x_history, y_history, "o-", color="red")
    plt.contour(X, Y, Z)
    plt.title(key)
"""


@pytest.mark.parametrize(
    ("name", "constructor"),
    [
        ("SGD", "SGD(lr=0.95)"),
        ("Momentum", "Momentum(lr=0.1)"),
        ("AdaGrad", "AdaGrad(lr=1.5)"),
        ("Adam", "Adam(lr=0.3)"),
    ],
)
def test_show_optimizer_scenario(name, constructor, book_paths):
    script = SHOW_OPTIMIZER_SCRIPT.replace("NAME", repr(name)).replace("OPTIMIZER", constructor)
    namespace = {}
    exec(script, namespace)
    try:
        xs, ys = book_paths[name]
        np.testing.assert_allclose(namespace["x_history"], xs, rtol=1e-12)
        np.testing.assert_allclose(namespace["y_history"], ys, rtol=1e-12, atol=1e-15)
        # The figure shows that path: the red line's points are the 30 points.
        line = plt.gca().lines[0]
        np.testing.assert_array_equal(line.get_xdata(), namespace["x_history"])
        assert plt.gca().get_title() == name
    finally:
        plt.close("all")


def test_the_star_import_gives_the_names_the_books_gives():
    # The book's common/optimizer.py imports numpy as np and defines six classes; with no
    # __all__, its star import hands all seven names to the script.
    namespace = {}
    exec("from dlscratch.book.common.optimizer import *", namespace)
    names = set(namespace) - {"__builtins__"}
    assert names == {"np", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"}
    assert namespace["np"] is np


def test_batch_norm_test_multi_scenario():
    # The grid script's __train at two of its 16 weight scales (1 and the ninth, 0.0074),
    # 2 epochs instead of 20: each scale makes its own SGD, so each scale at which the plain
    # network diverges warns once.
    (x_train, t_train), _ = load()
    x_train, t_train = x_train[:1000], t_train[:1000]
    weight_scale_list = np.logspace(0, -4, num=16)

    def train(weight_init_std, seed):
        bn_network = MultiLayerNetExtend(input_size=784, hidden_size_list=[100] * 5,
                                         output_size=10, weight_init_std=weight_init_std,
                                         use_batchnorm=True, seed=seed)  # fmt: skip
        network = MultiLayerNetExtend(input_size=784, hidden_size_list=[100] * 5, output_size=10,
                                      weight_init_std=weight_init_std, seed=seed)  # fmt: skip
        optimizer = SGD(lr=0.01)
        train_acc_list, bn_train_acc_list = [], []
        for i in range(20):
            batch_mask = np.random.choice(1000, 100)
            for _network in (bn_network, network):
                grads = _network.gradient(x_train[batch_mask], t_train[batch_mask])
                optimizer.update(_network.params, grads)
            if i % 10 == 0:
                train_acc_list.append(network.accuracy(x_train, t_train))
                bn_train_acc_list.append(bn_network.accuracy(x_train, t_train))
        return train_acc_list, bn_train_acc_list, network

    np.random.seed(0)
    results = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # NumPy's overflow warnings appear, as with the book
        # Seed 1 makes the plain network at scale 1 overflow (at its sixth update).
        for index, seed in ((0, 1), (8, 0)):
            results[index] = train(weight_scale_list[index], seed)
    diverged = [str(w.message) for w in caught if "the run has diverged" in str(w.message)]
    assert len(diverged) == 1 and diverged[0].startswith("grads['")
    assert np.isnan(results[0][2].params["W1"]).any()
    assert np.isfinite(results[8][2].flat_params).all()
    share_of_zeros = np.count_nonzero(t_train == 0) / len(t_train)
    assert results[0][0][-1] == share_of_zeros  # the flat line
    assert weight_scale_list[8] == pytest.approx(10 ** (-32 / 15))
    # With batch normalization both scales learn past chance within 20 updates.
    # At the ninth scale batch normalization learns within 20 updates (measured 0.54) while
    # the plain network's signal fades (0.11); at scale 1 batch normalization stays finite.
    assert results[8][1][-1] > 0.4 and results[8][0][-1] < 0.2
    assert np.isfinite(results[0][1]).all()


def test_overfit_scenario():
    # overfit.py: 300 training images, six hidden layers of 100, SGD 0.01, batches of 100, and
    # the accuracies after the first update of each epoch; 100 epochs of the book's 201.
    (x_train, t_train), (x_test, t_test) = load()
    x_train, t_train = x_train[:300], t_train[:300]
    network = MultiLayerNet(input_size=784, hidden_size_list=[100] * 6, output_size=10, seed=0)
    optimizer = SGD(lr=0.01)
    max_epochs, train_size, batch_size = 100, x_train.shape[0], 100
    train_acc_list, test_acc_list = [], []
    iter_per_epoch = max(train_size / batch_size, 1)
    epoch_cnt = 0
    np.random.seed(0)
    for i in range(1000000000):
        batch_mask = np.random.choice(train_size, batch_size)
        grads = network.gradient(x_train[batch_mask], t_train[batch_mask])
        optimizer.update(network.params, grads)
        if i % iter_per_epoch == 0:
            train_acc_list.append(network.accuracy(x_train, t_train))
            test_acc_list.append(network.accuracy(x_test, t_test))
            epoch_cnt += 1
            if epoch_cnt >= max_epochs:
                break
    assert i == 3 * (max_epochs - 1)  # three updates per epoch; the last epoch's first one
    assert len(train_acc_list) == len(test_acc_list) == max_epochs
    # Counted here: the training images are learnt almost by heart, the test images are not.
    predicted = np.argmax(network.predict(x_train), axis=1)
    assert train_acc_list[-1] == np.mean(predicted == t_train) > 0.95
    assert train_acc_list[-1] - test_acc_list[-1] > 0.15
