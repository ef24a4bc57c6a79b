"""The update rules computed in scratch arrays and in pieces equal the plain formulas bit for bit.

The formulas below are the update rules written the straightforward way, one
NumPy expression per equation on whole arrays (as dlscratch computed them
before it worked in pieces): every result must be identical, not close.
"""

import tracemalloc

import numpy as np
import pytest

from dlscratch import optim


def plain_rules(opt):
    """The straightforward formulas, reading hyperparameters from ``opt``."""

    def sgd(theta, g, state, t):
        theta -= opt.lr * g

    def momentum(theta, g, state, t):
        v = state["v"]
        v[...] = opt.momentum * v - opt.lr * g
        theta += v

    def nesterov(theta, g, state, t):
        v, a, eta = state["v"], opt.momentum, opt.lr
        theta += a * a * v - (1 + a) * eta * g
        v[...] = a * v - eta * g

    def adagrad(theta, g, state, t):
        h = state["h"]
        h += g * g
        theta -= opt.lr * g / (np.sqrt(h) + opt.eps)

    def rmsprop(theta, g, state, t):
        h, rho = state["h"], opt.decay_rate
        h[...] = rho * h + (1 - rho) * g * g
        theta -= opt.lr * g / (np.sqrt(h) + opt.eps)

    def adam(theta, g, state, t):
        m, v, b1, b2 = state["m"], state["v"], opt.beta1, opt.beta2
        m[...] = b1 * m + (1 - b1) * g
        v[...] = b2 * v + (1 - b2) * g * g
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        theta -= opt.lr * m_hat / (np.sqrt(v_hat) + opt.eps)

    rules = {"SGD": sgd, "Momentum": momentum, "Nesterov": nesterov, "AdaGrad": adagrad,
             "RMSprop": rmsprop, "Adam": adam}  # fmt: skip
    return rules[type(opt).__name__]


OPTIMIZERS = {
    "SGD": {"lr": 0.1},
    "Momentum": {"lr": 0.05, "momentum": 0.8},
    "Nesterov": {"lr": 0.05, "momentum": 0.9},
    "AdaGrad": {"lr": 0.3},
    "RMSprop": {"lr": 0.01, "decay_rate": 0.95},
    "Adam": {"lr": 0.002, "beta1": 0.85, "beta2": 0.995},
}
SHAPES = {
    "0-d": (),
    "small": (7,),
    "matrix": (300, 200),  # 60,000 elements: pieces of 128 KiB in float32
    "large": (1_100_003,),  # pieces of 1 MiB and a short last one
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", list(SHAPES.values()), ids=list(SHAPES))
@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_pieces_and_scratch_give_the_plain_formulas_bit_for_bit(name, shape, dtype):
    rng = np.random.default_rng(7)
    opt = getattr(optim, name)(**OPTIMIZERS[name])
    theta = rng.standard_normal(shape).astype(dtype)
    expected = theta.copy()
    state = {key: np.zeros_like(theta) for key in opt.state_names}
    rule = plain_rules(opt)
    for t in range(1, 6):
        g = rng.standard_normal(shape).astype(dtype)
        opt.update({"w": theta}, {"w": g})
        rule(expected, g, state, t)
    np.testing.assert_array_equal(theta, expected)
    saved = opt.state_dict()
    for key, array in state.items():
        np.testing.assert_array_equal(saved[f"{key}/w"], array)


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_a_non_contiguous_parameter_is_updated_whole_with_the_same_numbers(name):
    rng = np.random.default_rng(3)
    opt = getattr(optim, name)(**OPTIMIZERS[name])
    storage = rng.standard_normal((700, 600)).astype(np.float32)
    theta = storage.T  # a view that is not C-contiguous
    expected = theta.copy()
    state = {key: np.zeros_like(expected) for key in opt.state_names}
    rule = plain_rules(opt)
    for t in range(1, 4):
        g = rng.standard_normal(theta.shape).astype(np.float32)
        opt.update({"w": theta}, {"w": g})
        rule(expected, g, state, t)
    np.testing.assert_array_equal(theta, expected)
    assert np.shares_memory(theta, storage)  # still updated in place


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_a_step_allocates_nothing_once_the_state_exists(name):
    """After the first step (state and scratch made), a step allocates nothing sizable."""
    opt = getattr(optim, name)(**OPTIMIZERS[name])
    theta = np.ones(2_000_000, dtype=np.float32)  # 8 MB
    g = np.full_like(theta, 0.5)
    params, grads = {"w": theta}, {"w": g}
    opt.update(params, grads)
    tracemalloc.start()
    opt.update(params, grads)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 64 * 1024, f"a step allocated {peak:,} bytes"


def test_a_readers_subclass_without_scratch_arguments_still_works():
    class HalfSGD(optim.SGD):
        def _step(self, theta, g):  # the reader's own rule, without scratch arrays
            theta -= 0.5 * self.lr * g

    params = {"w": np.ones(100_000)}
    HalfSGD(lr=0.2).update(params, {"w": np.ones(100_000)})
    np.testing.assert_array_equal(params["w"], np.full(100_000, 0.9))
