"""Tests of the layers and networks of sections 6.2 and 6.3: tanh, batch normalization,
weight decay, the numerical gradient and MultiLayerNetExtend.

Gradients are checked against central differences computed here, independently of the
network's own ``numerical_gradient``; batch normalization is checked against a second,
step-by-step implementation written in this file and against values worked out by hand.
"""

import math

import numpy as np
import pytest

from dlscratch.nn import BatchNormalization, MultiLayerNet, MultiLayerNetExtend, Tanh
from dlscratch.optim import SGD

# --- tanh ----------------------------------------------------------------------------------


def test_tanh_by_hand_and_against_central_differences(numerical_partial, relative_error):
    # tanh(ln 3) = (3 − 1/3)/(3 + 1/3) = 0.8, derivative 1 − 0.64 = 0.36.
    layer = Tanh()
    np.testing.assert_allclose(layer.forward(np.array([[math.log(3.0)]])), [[0.8]])
    np.testing.assert_allclose(layer.backward(np.array([[2.0]])), [[0.72]])
    x = np.random.default_rng(0).normal(size=(3, 4))
    dout = np.random.default_rng(1).normal(size=(3, 4))
    layer.forward(x)
    analytic = layer.backward(dout)
    numerical = np.empty_like(x)
    for index in np.ndindex(x.shape):
        numerical[index] = numerical_partial(lambda: np.sum(np.tanh(x) * dout), x, index)
    assert relative_error(analytic, numerical) < 1e-8


# --- batch normalization -------------------------------------------------------------------


def staged_batch_norm(x, gamma, beta, eps):
    """A second implementation: the computation graph node by node, loops over columns."""
    n, d = x.shape
    mu = np.array([sum(x[:, j]) / n for j in range(d)])
    var = np.array([sum((x[i, j] - mu[j]) ** 2 for i in range(n)) / n for j in range(d)])
    std = np.sqrt(var + eps)
    x_hat = (x - mu) / std
    return gamma * x_hat + beta, (x, mu, var, std, x_hat)


def staged_backward(dout, gamma, cache):
    """Backward through the graph of staged_batch_norm, one node at a time."""
    x, mu, _, std, x_hat = cache
    n = x.shape[0]
    dgamma = (dout * x_hat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dx_hat = dout * gamma
    xc = x - mu
    dstd = -(dx_hat * xc / std**2).sum(axis=0)  # x̂ = xc / std
    dvar = 0.5 * dstd / std  # std = sqrt(var + ε)
    dxc = dx_hat / std + 2 * xc * dvar / n  # var = mean(xc²)
    dmu = -dxc.sum(axis=0)  # xc = x − μ
    dx = dxc + dmu / n  # μ = mean(x)
    return dx, dgamma, dbeta


def test_batch_norm_forward_and_backward_match_a_staged_implementation():
    rng = np.random.default_rng(0)
    x = rng.normal(loc=3.0, scale=2.0, size=(8, 5))
    gamma, beta = rng.normal(size=5) + 1, rng.normal(size=5)
    dout = rng.normal(size=(8, 5))
    layer = BatchNormalization(gamma, beta)
    out = layer.forward(x, train_flg=True)
    # The book's code adds 10e-7, that is 1e-6, written here as the book writes it.
    expected, cache = staged_batch_norm(x, gamma, beta, 10e-7)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)
    dx = layer.backward(dout)
    dx_expected, dgamma, dbeta = staged_backward(dout, gamma, cache)
    np.testing.assert_allclose(dx, dx_expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(layer.dgamma, dgamma, rtol=1e-12)
    np.testing.assert_allclose(layer.dbeta, dbeta, rtol=1e-12)


def test_batch_norm_by_hand_training_then_inference():
    # Feature 1: x = (0, 2, 4), μ = 2, σ² = (4 + 0 + 4)/3 = 8/3.  Feature 2: x = (1, 1, 1),
    # μ = 1, σ² = 0, so x̂ = 0 and the output is β: ε keeps the division finite.
    # With ε = 1e-2 for round numbers: x̂₁ = (−2, 0, 2)/sqrt(8/3 + 0.01).
    x = np.array([[0.0, 1.0], [2.0, 1.0], [4.0, 1.0]])
    gamma, beta = np.array([1.0, 3.0]), np.array([0.0, -1.0])
    layer = BatchNormalization(gamma, beta, momentum=0.5, eps=1e-2)
    out = layer.forward(x)
    s = math.sqrt(8 / 3 + 0.01)
    np.testing.assert_allclose(out, [[-2 / s, -1], [0, -1], [2 / s, -1]])
    # Running averages from zero with momentum 0.5: half of (μ, σ²).
    np.testing.assert_allclose(layer.running_mean, [1.0, 0.5])
    np.testing.assert_allclose(layer.running_var, [4 / 3, 0.0])
    # Inference uses them: (x − 1)/sqrt(4/3 + 0.01) and 3·(x − 0.5)/sqrt(0.01) − 1.
    out = layer.forward(np.array([[3.0, 0.5]]), train_flg=False)
    np.testing.assert_allclose(out, [[2 / math.sqrt(4 / 3 + 0.01), -1.0]])
    # Inference backward is the affine map's: γ δ / sqrt(running var + ε).
    dx = layer.backward(np.array([[1.0, 1.0]]))
    np.testing.assert_allclose(dx, [[1 / math.sqrt(4 / 3 + 0.01), 3 / 0.1]])
    # The running averages stay put in inference.
    np.testing.assert_allclose(layer.running_mean, [1.0, 0.5])


@pytest.mark.parametrize("train_flg", [True, False])
def test_batch_norm_backward_matches_central_differences(
    train_flg, numerical_partial, relative_error
):
    rng = np.random.default_rng(2)
    x = rng.normal(size=(6, 4))
    gamma, beta = rng.normal(size=4) + 1, rng.normal(size=4)
    weights = rng.normal(size=(6, 4))  # L = Σ weights · y, so ∂L/∂y = weights
    layer = BatchNormalization(gamma, beta, running_mean=rng.normal(size=4),
                               running_var=rng.uniform(0.5, 2, size=4))  # fmt: skip
    saved = (layer.running_mean.copy(), layer.running_var.copy())

    def loss():
        layer.running_mean[...], layer.running_var[...] = saved  # the same state each time
        return float(np.sum(weights * layer.forward(x, train_flg)))

    loss()
    dx = layer.backward(weights)
    dgamma, dbeta = layer.dgamma.copy(), layer.dbeta.copy()
    for analytic, array in ((dx, x), (dgamma, gamma), (dbeta, beta)):
        numerical = np.empty_like(array)
        for index in np.ndindex(array.shape):
            numerical[index] = numerical_partial(loss, array, index)
        assert relative_error(analytic, numerical) < 1e-8


def test_batch_norm_accepts_images_and_keeps_their_shape():
    x = np.random.default_rng(3).normal(size=(5, 2, 3))
    layer = BatchNormalization(np.ones(6), np.zeros(6))
    out = layer.forward(x)
    assert out.shape == x.shape
    np.testing.assert_allclose(out.reshape(5, 6).mean(axis=0), 0, atol=1e-12)
    assert layer.backward(np.ones_like(x)).shape == x.shape


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"gamma": [1.0, 1.0]}, ValueError, "gamma"),
        ({"beta": np.zeros(3)}, ValueError, "beta"),
        ({"momentum": 1.0}, ValueError, "momentum"),
        ({"momentum": "0.9"}, TypeError, "momentum"),
        ({"running_mean": np.zeros(3)}, ValueError, "running_mean"),
        ({"running_var": [1.0, 1.0]}, ValueError, "running_var"),
        ({"eps": 0.0}, ValueError, "eps"),
    ],
)
def test_batch_norm_constructor_errors_name_the_argument(kwargs, error, name):
    args = {"gamma": np.ones(2), "beta": np.zeros(2), **kwargs}
    with pytest.raises(error, match=name):
        BatchNormalization(**args)


def test_batch_norm_rejects_wrong_width_and_early_backward():
    layer = BatchNormalization(np.ones(2), np.zeros(2))
    with pytest.raises(RuntimeError, match="before forward"):
        layer.backward(np.ones((1, 2)))
    with pytest.raises(ValueError, match="2 features"):
        layer.forward(np.ones((4, 3)))


# --- networks ------------------------------------------------------------------------------


def cancelled_by_batch_norm(net, key):
    """The bias of an Affine layer followed by batch normalization, which subtracts it again."""
    hidden = len(net.hidden_size_list)
    return net.use_batchnorm and key[0] == "b" and key[1:].isdigit() and int(key[1:]) <= hidden


@pytest.fixture
def gradients_agree(relative_error):
    """``gradients_agree(net, analytic, numerical, key, tolerance=1e-6)``: assert they agree."""

    def check(net, analytic, numerical, key, tolerance=1e-6):
        if cancelled_by_batch_norm(net, key):
            # ∂L/∂b is exactly 0: both gradients are rounding noise around it.
            assert np.abs(analytic).max() < 1e-12 and np.abs(numerical).max() < 1e-9, key
        else:
            assert relative_error(analytic, numerical) < tolerance, key

    return check


@pytest.fixture
def check_every_entry(numerical_partial, gradients_agree):
    """``check_every_entry(net, x, t, tolerance=1e-6)``: backprop against central differences."""

    def check(net, x, t, tolerance=1e-6):
        grads = net.gradient(x, t)
        assert list(grads) == list(net.params)
        for key, param in net.params.items():
            numerical = np.empty_like(param)
            for index in np.ndindex(param.shape):
                numerical[index] = numerical_partial(
                    lambda: net.loss(x, t, train_flg=True), param, index
                )
            gradients_agree(net, grads[key], numerical, key, tolerance)
        return grads

    return check


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_weight_decay_gradient_matches_central_differences(
    activation, randomize, check_every_entry
):
    rng = np.random.default_rng(4)
    net = MultiLayerNet(5, [4, 3], 3, activation=activation, dtype=np.float64, seed=0,
                        weight_decay_lambda=0.3)  # fmt: skip
    randomize(net, rng)
    x, t = rng.normal(size=(6, 5)), rng.integers(0, 3, size=6)
    check_every_entry(net, x, t)


def test_weight_decay_adds_half_lambda_times_the_squared_weights():
    net = MultiLayerNet(3, [2], 2, dtype=np.float64, seed=1)
    x, t = np.ones((2, 3)), np.array([0, 1])
    plain = net.loss(x, t)
    squares = sum(np.sum(net.params[k] ** 2) for k in ("W1", "W2"))  # biases excluded
    grads_plain = net.gradient(x, t)
    net.weight_decay_lambda = 0.2
    assert net.loss(x, t) == pytest.approx(plain + 0.1 * squares, rel=1e-12)
    grads = net.gradient(x, t)
    np.testing.assert_allclose(grads["W1"], grads_plain["W1"] + 0.2 * net.params["W1"])
    np.testing.assert_array_equal(grads["b1"], grads_plain["b1"])


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_batch_norm_network_gradient_matches_central_differences(
    activation, randomize, check_every_entry
):
    rng = np.random.default_rng(5)
    net = MultiLayerNetExtend(5, [4, 3], 3, activation=activation, weight_decay_lambda=0.1,
                              use_batchnorm=True, dtype=np.float64, seed=0)  # fmt: skip
    randomize(net, rng)
    x, t = rng.normal(size=(7, 5)), rng.integers(0, 3, size=7)
    check_every_entry(net, x, t)


@pytest.mark.parametrize("use_batchnorm", [False, True])
def test_numerical_gradient_method_agrees_with_backprop(use_batchnorm, randomize, gradients_agree):
    rng = np.random.default_rng(6)
    net = MultiLayerNetExtend(4, [5], 3, activation="tanh", use_batchnorm=use_batchnorm,
                              dtype=np.float64, seed=2)  # fmt: skip
    randomize(net, rng)
    x, t = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6)
    net.predict(x, train_flg=True)  # give the running averages a non-zero state
    before = [(layer.running_mean.copy(), layer.running_var.copy())
              for layer in net.layers if isinstance(layer, BatchNormalization)]  # fmt: skip
    numerical = net.numerical_gradient(x, t)
    after = [(layer.running_mean, layer.running_var)
             for layer in net.layers if isinstance(layer, BatchNormalization)]  # fmt: skip
    for (mean0, var0), (mean1, var1) in zip(before, after, strict=True):
        np.testing.assert_array_equal(mean0, mean1)  # restored
        np.testing.assert_array_equal(var0, var1)
    grads = net.gradient(x, t)
    for key in net.params:
        gradients_agree(net, grads[key], numerical[key], key)


def test_extend_without_batch_norm_is_multilayernet():
    # The same seed and settings give the same weights and the same scores.
    rng = np.random.default_rng(7)
    x = rng.normal(size=(3, 6))
    plain = MultiLayerNet(6, [5, 4], 3, weight_init_std="he", dtype=np.float64, seed=9)
    extend = MultiLayerNetExtend(6, [5, 4], 3, weight_init_std="relu", seed=9)
    assert list(extend.params) == list(plain.params)
    np.testing.assert_array_equal(extend.flat_params, plain.flat_params)
    np.testing.assert_array_equal(extend.predict(x), plain.predict(x))


def test_extend_params_in_the_books_order_and_initial_gamma_beta():
    net = MultiLayerNetExtend(4, [3, 2], 2, use_batchnorm=True, seed=0)
    assert list(net.params) == [
        "W1", "b1", "W2", "b2", "W3", "b3", "gamma1", "beta1", "gamma2", "beta2",
    ]  # fmt: skip
    np.testing.assert_array_equal(net.params["gamma2"], [1, 1])
    np.testing.assert_array_equal(net.params["beta1"], [0, 0, 0])
    # The params are the arrays the layers use, views of flat_params.
    net.flat_params[-1] = 5.0
    assert net.layers[4].beta[-1] == 5.0


def test_inference_uses_running_averages_and_copy_keeps_them():
    rng = np.random.default_rng(8)
    net = MultiLayerNetExtend(4, [3], 2, use_batchnorm=True, dtype=np.float64, seed=0)
    x = rng.normal(loc=2.0, size=(10, 4))
    # Before any training step the running averages are 0 and 0: inference scales by
    # 1/sqrt(ε), training standardizes; the two differ.
    train_scores = net.predict(x, train_flg=True)
    bn = net.layers[1]
    z = x @ net.params["W1"] + net.params["b1"]
    np.testing.assert_allclose(bn.running_mean, 0.1 * z.mean(axis=0))
    np.testing.assert_allclose(bn.running_var, 0.1 * z.var(axis=0))
    clone = net.copy()
    np.testing.assert_array_equal(clone.layers[1].running_mean, bn.running_mean)
    assert clone.layers[1].running_mean is not bn.running_mean
    assert not np.allclose(net.predict(x), train_scores)
    np.testing.assert_array_equal(clone.predict(x), net.predict(x))


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"weight_decay_lambda": -1}, ValueError, "weight_decay_lambda"),
        ({"weight_decay_lambda": "0.1"}, TypeError, "weight_decay_lambda"),
        ({"dropout_ration": 1.0}, ValueError, "dropout_ration"),
        ({"use_batchnorm": 1}, TypeError, "use_batchnorm"),
        ({"use_dropout": 1}, TypeError, "use_dropout"),
        ({"dropout_ration": -0.1}, ValueError, "dropout_ration"),
        ({"activation": "elu"}, ValueError, "activation"),
    ],
)
def test_extend_constructor_errors_name_the_argument(kwargs, error, name):
    args = {"input_size": 4, "hidden_size_list": [3], "output_size": 2, **kwargs}
    with pytest.raises(error, match=name):
        MultiLayerNetExtend(**args)


@pytest.mark.parametrize(
    ("weight_init_std", "std"),
    [("relu", math.sqrt(2 / 400)), ("he", math.sqrt(2 / 400)),
     ("sigmoid", math.sqrt(1 / 400)), ("xavier", math.sqrt(1 / 400)), (0.01, 0.01)],
)  # fmt: skip
def test_book_init_names_give_the_right_spread(weight_init_std, std):
    net = MultiLayerNetExtend(400, [300], 2, weight_init_std=weight_init_std, seed=0)
    # 120,000 draws: the sample std is within 1 % of the true one (4σ of its spread).
    assert np.std(net.params["W1"]) == pytest.approx(std, rel=0.01)


def test_one_sgd_trains_two_networks_with_different_parameters():
    # The book's batch-norm script: one SGD updates a network with γ, β and one without.
    rng = np.random.default_rng(9)
    x, t = rng.normal(size=(20, 4)), rng.integers(0, 2, size=20)
    with_bn = MultiLayerNetExtend(4, [5], 2, use_batchnorm=True, dtype=np.float64, seed=0)
    without = MultiLayerNetExtend(4, [5], 2, dtype=np.float64, seed=0)
    optimizer = SGD(lr=0.1)
    for net in (with_bn, without, with_bn):
        before = {k: v.copy() for k, v in net.params.items()}
        grads = net.gradient(x, t)
        optimizer.update(net.params, grads)
        for key in net.params:
            np.testing.assert_allclose(net.params[key], before[key] - 0.1 * grads[key])


def test_batch_norm_default_epsilon_is_the_books_ten_e_minus_seven_which_is_1e_6():
    # One feature, batch (1, 3): μ = 2, σ² = 1; γ = 2, β = 0.5.  Then inference at x = 1.2 with
    # the running averages 0.1·2 = 0.2 and 0.1·1 = 0.1.  By hand, with ε = 10e-7 = 1e-6:
    # training output β ± γ/√(1 + 1e-6), inference output 2·(1.2 − 0.2)/√(0.1 + 1e-6) + 0.5.
    layer = BatchNormalization(np.array([2.0]), np.array([0.5]))
    out = layer.forward(np.array([[1.0], [3.0]]))
    np.testing.assert_allclose(
        out[:, 0], [0.5 - 2 / math.sqrt(1 + 1e-6), 0.5 + 2 / math.sqrt(1 + 1e-6)], rtol=1e-15
    )
    inferred = layer.forward(np.array([[1.2]]), train_flg=False)[0, 0]
    assert inferred == pytest.approx(2 * 1.0 / math.sqrt(0.1 + 1e-6) + 0.5, rel=1e-14)
    # 6.8245237…, where ε = 1e-7 would give 6.8245521…: the two differ in the fifth digit.
    assert abs(inferred - (2 / math.sqrt(0.1 + 1e-7) + 0.5)) > 2e-5
    assert 10e-7 == 1e-6 and layer.eps == 10e-7


def test_a_readers_own_layer_gets_train_flg_from_the_network():
    # The book's network passes train_flg to its batch-norm and dropout layers; a layer the
    # reader typed in and put into network.layers gets it too, whatever its class.
    class Recording:
        def __init__(self):
            self.flags = []

        def forward(self, x, train_flg=True):
            self.flags.append(train_flg)
            return x

    net = MultiLayerNetExtend(4, [3], 2, use_batchnorm=True, seed=0)
    recording = Recording()
    net.layers[1] = recording  # where the first BatchNormalization was
    x = np.ones((2, 4))
    net.predict(x)
    net.predict(x, train_flg=True)
    net.loss(x, np.array([0, 1]), train_flg=True)
    assert recording.flags == [False, True, True]
