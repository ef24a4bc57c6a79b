"""Tests of the one training step and the one training loop of dlscratch.training.

The Trainer's behaviour is tested in test_dropout_training.py and the comparisons' in
test_experiments_*.py; here, the step and the loop that all of them share.
"""

import numpy as np
import pytest

import dlscratch.training as training
from dlscratch.experiments import compare_networks, compare_optimizers
from dlscratch.nn import MultiLayerNet
from dlscratch.optim import SGD, Adam
from dlscratch.training import Trainer, finite_step, training_loop, training_step


class Recording(SGD):
    """SGD that records the keys of each update it is asked for."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.calls = []

    def update(self, params, grads):
        self.calls.append(sorted(grads))
        super().update(params, grads)


def small_problem():
    rng = np.random.default_rng(0)
    net = MultiLayerNet(4, [6], 3, dtype=np.float64, seed=1)
    return net, rng.normal(size=(5, 4)), rng.integers(0, 3, size=5)


@pytest.mark.parametrize("flat", [False, True])
def test_a_step_is_one_gradient_and_one_update(flat):
    net, x, t = small_problem()
    # By hand: the loss and the gradient of the untouched network, then θ − η g.
    reference = net.copy()
    expected_loss = reference.loss(x, t, train_flg=True)
    gradient = reference.gradient(x, t)
    expected = {key: value - 0.1 * gradient[key] for key, value in reference.params.items()}
    optimizer = Recording(lr=0.1)
    loss = training_step(net, optimizer, x, t, flat=flat)
    assert loss == expected_loss
    assert optimizer.calls == ([["all"]] if flat else [sorted(net.params)])
    for key, value in net.params.items():
        np.testing.assert_allclose(value, expected[key], rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("flat", [False, True])
def test_a_diverging_step_updates_nothing(flat):
    net, x, t = small_problem()
    before = net.flat_params.copy()
    optimizer = Recording(lr=0.1)
    x[0, 0] = np.inf
    with np.errstate(all="ignore"):
        assert training_step(net, optimizer, x, t, flat=flat) is None
    assert optimizer.calls == [] and optimizer.t == 0
    np.testing.assert_array_equal(net.flat_params, before)


def test_finite_step_looks_at_the_loss_and_every_gradient():
    assert finite_step(0.5, [np.ones(3), np.zeros((2, 2))])
    assert not finite_step(float("nan"), [np.ones(3)])
    assert not finite_step(0.5, [np.ones(3), np.array([1.0, -np.inf])])
    with np.errstate(invalid="ignore"):
        assert not finite_step(0.5, [np.array([np.inf, -np.inf])])  # the sum is NaN


def test_the_loop_stops_at_the_first_diverging_batch():
    net, x, t = small_problem()
    bad = x.copy()
    bad[1, 2] = np.nan
    seen = []
    optimizer = Recording(lr=0.1)
    batches = [(x, t), (x, t), (bad, t), (x, t)]
    diverged = training_loop(net, optimizer, batches, after_step=lambda i, loss: seen.append(i))
    assert diverged == 2 and seen == [0, 1] and len(optimizer.calls) == 2
    # Without a bad batch, every batch is used and nothing is reported.
    assert training_loop(net, optimizer, [(x, t)] * 3) is None
    assert len(optimizer.calls) == 5


def test_the_trainer_and_the_comparisons_take_the_same_step(mnist, monkeypatch):
    # Count the calls of dlscratch.training.training_step: every iteration of a Trainer, of
    # compare_optimizers and of compare_networks is one of them.
    calls = []
    real = training.training_step

    def counting(network, optimizer, x_batch, t_batch, *, flat=False):
        calls.append(flat)
        return real(network, optimizer, x_batch, t_batch, flat=flat)

    monkeypatch.setattr(training, "training_step", counting)
    (x, t), _ = mnist
    net = MultiLayerNet(784, [10], 10, seed=0)
    Trainer(net, x[:40], t[:40], x[:20], t[:20], epochs=2, mini_batch_size=10, verbose=False,
            seed=0).train()  # fmt: skip
    assert calls == [False] * 8  # 40 / 10 = 4 iterations per epoch, the book's key by key
    calls.clear()
    compare_optimizers(mnist, {"Adam": Adam()}, hidden_size_list=[10], iterations=5,
                       progress=None)  # fmt: skip
    assert calls == [True] * 5  # one flat vector
    calls.clear()
    compare_networks(mnist, {"n": net}, SGD(), iterations=3)
    assert calls == [True] * 3
