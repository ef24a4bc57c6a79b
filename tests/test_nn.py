"""Tests of dlscratch.nn.

Backpropagation is checked against central differences, an independent
method that only evaluates the loss.  Other expected numbers are worked out by
hand in the comments.
"""

import math

import numpy as np
import pytest

from dlscratch.nn import Affine, MultiLayerNet, ReLU, Sigmoid, SoftmaxWithLoss
from dlscratch.optim import SGD, AdaGrad, Adam, Momentum

# --- numerical gradient check (numerical_partial, relative_error: tests/conftest.py) ------


@pytest.mark.parametrize("activation", ["relu", "sigmoid"])
@pytest.mark.parametrize("labels", ["integer", "one-hot"])
def test_backprop_matches_numerical_gradient_on_every_entry(
    activation, labels, numerical_partial, relative_error, randomize
):
    rng = np.random.default_rng(1)
    net = MultiLayerNet(6, [5, 4], 3, activation=activation, dtype=np.float64, seed=2)
    randomize(net, rng)
    x = rng.normal(size=(7, 6))
    t = rng.integers(0, 3, size=7)
    if labels == "one-hot":
        t = np.eye(3)[t]

    grads = net.gradient(x, t)
    assert grads.keys() == net.params.keys()
    for key, param in net.params.items():
        numerical = np.empty_like(param)
        for index in np.ndindex(param.shape):
            numerical[index] = numerical_partial(lambda: net.loss(x, t), param, index)
        assert grads[key].shape == param.shape
        assert relative_error(grads[key], numerical) < 1e-6, key


def test_backprop_matches_numerical_gradient_for_the_mnist_layout(
    numerical_partial, relative_error
):
    # The real 784-100-100-100-100-10 network on a batch of 3 images (1, 28, 28);
    # 12 random entries of every parameter (all 10 of b5) are checked.
    rng = np.random.default_rng(3)
    net = MultiLayerNet(784, [100, 100, 100, 100], 10, dtype=np.float64, seed=4)
    for i in range(1, 6):
        net.params[f"b{i}"][...] = rng.normal(scale=0.1, size=net.params[f"b{i}"].shape)
    x = rng.uniform(size=(3, 1, 28, 28))
    t = np.array([3, 7, 1])

    grads = net.gradient(x, t)
    for key, param in net.params.items():
        flat_indices = rng.choice(param.size, size=min(12, param.size), replace=False)
        indices = [np.unravel_index(i, param.shape) for i in flat_indices]
        numerical = [numerical_partial(lambda: net.loss(x, t), param, i) for i in indices]
        analytic = [grads[key][i] for i in indices]
        assert relative_error(analytic, numerical) < 1e-6, key


def test_gradient_stores_the_loss_of_its_own_forward_pass():
    rng = np.random.default_rng(5)
    net = MultiLayerNet(6, [5], 3, dtype=np.float64, seed=0)
    x, t = rng.normal(size=(4, 6)), np.array([0, 1, 2, 1])
    assert net.last_loss is None
    net.gradient(x, t)
    recorded = net.last_loss
    assert recorded == net.loss(x, t)  # the same forward pass, computed again


# --- layers --------------------------------------------------------------------------------


def test_softmax_with_loss_is_stable_for_huge_scores():
    # Row 1: scores 1e4 + (0, 1, 2); softmax is that of (0, 1, 2):
    #   1 + e + e² = 1 + 2.718281828 + 7.389056099 = 11.107337927,
    #   y = (0.090030573, 0.244728471, 0.665240956), label 2: −ln 0.665240956 = 0.407605964.
    # Row 2: scores (−1e4, 0, 1e4), label 0: −ln y₀ = 2e4 + ln(1 + e^−1e4 + e^−2e4) = 20000.
    # Mean loss: (0.407605964 + 20000) / 2 = 10000.203802982.
    for dtype in (np.float32, np.float64):
        scores = np.array([[1e4, 1e4 + 1, 1e4 + 2], [-1e4, 0.0, 1e4]], dtype=dtype)
        for t in (np.array([2, 0]), np.array([[0, 0, 1], [1, 0, 0]], dtype=np.uint8)):
            layer = SoftmaxWithLoss()
            loss = layer.forward(scores, t)
            assert math.isfinite(loss)
            assert loss == pytest.approx(10000.203802982, rel=1e-6)
            dx = layer.backward()
            assert dx.dtype == dtype
            expected = (
                np.array([[0.090030573, 0.244728471, 0.665240956 - 1], [0 - 1, 0.0, 1.0]]) / 2
            )  # (y − t) / N
            np.testing.assert_allclose(dx, expected, atol=1e-7)


def test_softmax_with_loss_soft_targets_and_dout():
    # y = (1/2, 1/2) for equal scores; targets (0.25, 0.75): L = −(0.25 + 0.75)·ln ½ = ln 2.
    layer = SoftmaxWithLoss()
    assert layer.forward(np.zeros((1, 2)), np.array([[0.25, 0.75]])) == pytest.approx(math.log(2))
    np.testing.assert_allclose(layer.backward(dout=2.0), [[2 * 0.25, 2 * -0.25]])


@pytest.mark.parametrize(
    ("t", "error", "message"),
    [
        (np.array([0, 3]), ValueError, "labels t must be in [0, 3)"),
        (np.array([0, -1]), ValueError, "labels t must be in [0, 3)"),
        (np.array([0]), ValueError, "t has 1 labels but there are 2 samples"),
        (np.array([0.0, 1.0]), TypeError, "integer dtype"),
        (np.zeros((2, 4)), ValueError, "shape (2, 3)"),
    ],
)
def test_softmax_with_loss_rejects_bad_targets(t, error, message):
    with pytest.raises(error) as info:
        SoftmaxWithLoss().forward(np.zeros((2, 3)), t)
    assert message in str(info.value)


def test_relu_backward_uses_the_forward_mask():
    relu = ReLU()
    x = np.array([[-2.0, 0.0, 3.0], [0.5, -0.0, -5.0]], dtype=np.float32)
    np.testing.assert_array_equal(relu.forward(x), [[0, 0, 3], [0.5, 0, 0]])
    dout = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=np.float32)
    dx = relu.backward(dout)
    # Only where x > 0 (positions (0, 2) and (1, 0)) does the gradient pass; at x = 0 it is 0.
    np.testing.assert_array_equal(dx, [[0, 0, 3], [4, 0, 0]])
    assert dx.dtype == np.float32
    np.testing.assert_array_equal(dout, [[1, 2, 3], [4, 5, 6]])  # the input is not modified


def test_sigmoid_saturates_without_warnings():
    sigmoid = Sigmoid()
    y = sigmoid.forward(np.array([[-1000.0, 0.0, 1000.0]]))
    np.testing.assert_array_equal(y, [[0.0, 0.5, 1.0]])
    np.testing.assert_array_equal(sigmoid.backward(np.ones((1, 3))), [[0.0, 0.25, 0.0]])


def test_affine_flattens_images_and_returns_dx_in_their_shape():
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(12, 5)), rng.normal(size=5)
    x = rng.normal(size=(4, 3, 2, 2))
    layer = Affine(W, b)
    out = layer.forward(x)
    np.testing.assert_allclose(out, x.reshape(4, 12) @ W + b)
    dout = rng.normal(size=(4, 5))
    dx = layer.backward(dout)
    assert dx.shape == (4, 3, 2, 2)
    np.testing.assert_allclose(dx.reshape(4, 12), dout @ W.T)
    np.testing.assert_allclose(layer.dW, x.reshape(4, 12).T @ dout)


def test_first_affine_layer_skips_the_input_gradient():
    net = MultiLayerNet(6, [5], 3, seed=0)
    first = net.layers[0]
    assert isinstance(first, Affine) and first.needs_input_grad is False
    assert all(layer.needs_input_grad for layer in net.layers[1:] if isinstance(layer, Affine))
    net.gradient(np.ones((2, 6)), np.array([0, 1]))
    assert first.backward(np.ones((2, 5))) is None


def test_backward_before_forward_is_a_clear_error():
    for layer in (Affine(np.ones((2, 2)), np.zeros(2)), ReLU(), Sigmoid(), SoftmaxWithLoss()):
        with pytest.raises(RuntimeError, match="before forward"):
            layer.backward(np.ones((1, 2))) if not isinstance(
                layer, SoftmaxWithLoss
            ) else layer.backward()


# --- the network ---------------------------------------------------------------------------


def scores_equal_inputs_net():
    """A 3-3 net without hidden layers whose scores are its inputs (W = I, b = 0)."""
    net = MultiLayerNet(3, [], 3, dtype=np.float64, seed=0)
    net.params["W1"][...] = np.eye(3)
    return net


def test_accuracy_against_hand_labelled_predictions():
    net = scores_equal_inputs_net()
    x = np.array(
        [
            [0.9, 0.0, 0.1],  # predicts 0
            [0.1, 0.8, 0.1],  # predicts 1
            [0.0, 0.3, 0.7],  # predicts 2
            [0.6, 0.4, 0.0],  # predicts 0
            [0.2, 0.1, 0.7],  # predicts 2
        ]
    )
    t = np.array([0, 1, 1, 2, 2])  # right, right, wrong, wrong, right: 3/5
    assert net.accuracy(x, t) == pytest.approx(0.6)
    assert net.accuracy(x, np.eye(3)[t]) == pytest.approx(0.6)
    for batch_size in (1, 2, 3, 7):
        assert net.accuracy(x, t, batch_size=batch_size) == pytest.approx(0.6)
    assert net.accuracy(x[:2], t[:2]) == 1.0


def test_accuracy_accepts_uint8_images():
    net = scores_equal_inputs_net()
    x = np.array([[200, 3, 0], [0, 0, 255]], dtype=np.uint8)
    assert net.accuracy(x, np.array([0, 1], dtype=np.uint8)) == 0.5


def test_params_are_the_arrays_the_layers_use():
    net = MultiLayerNet(4, [3], 2, seed=0)
    affines = [layer for layer in net.layers if isinstance(layer, Affine)]
    assert net.params["W1"] is affines[0].W and net.params["b1"] is affines[0].b
    assert net.params["W2"] is affines[1].W and net.params["b2"] is affines[1].b

    x = np.ones((1, 4), dtype=np.float32)
    before = net.predict(x).copy()
    # Adding 1.5 to the output bias shifts both scores by exactly 1.5.
    net.params["b2"] += 1.5
    np.testing.assert_allclose(net.predict(x), before + 1.5, rtol=1e-6)
    # An optimizer's in-place update is seen by the next forward pass too.
    grads = net.gradient(x, np.array([0]))
    w1 = net.params["W1"]
    SGD(lr=0.5).update(net.params, grads)
    assert net.params["W1"] is w1 is affines[0].W
    assert not np.allclose(net.predict(x), before + 1.5)


@pytest.mark.parametrize("optimizer", [SGD(), Momentum(), AdaGrad(), Adam()], ids=repr)
@pytest.mark.parametrize("input_dtype", [np.uint8, np.float64, np.float32])
def test_float32_is_kept_through_training(optimizer, input_dtype):
    rng = np.random.default_rng(0)
    net = MultiLayerNet(8, [6, 6], 4, seed=0)
    x = rng.integers(0, 256, size=(5, 8)).astype(input_dtype)
    if input_dtype != np.uint8:
        x /= 255
    t = np.array([0, 1, 2, 3, 0])
    for _ in range(3):
        grads = net.gradient(x, t)
        assert all(g.dtype == np.float32 for g in grads.values())
        optimizer.update(net.params, grads)
    assert all(p.dtype == np.float32 for p in net.params.values())
    assert net.predict(x).dtype == np.float32
    assert isinstance(net.last_loss, float) and math.isfinite(net.last_loss)


def test_training_lowers_the_loss():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 6))
    t = (x[:, 0] > 0).astype(int)  # a separable problem
    net = MultiLayerNet(6, [8], 2, seed=1)
    start = net.loss(x, t)
    opt = Adam(lr=0.05)
    for _ in range(50):
        opt.update(net.params, net.gradient(x, t))
    assert net.loss(x, t) < start / 4
    assert net.accuracy(x, t) == 1.0


def test_initial_weights_have_the_requested_spread():
    # 784 × 100 = 78,400 draws: the sample std is within 1 % of σ with overwhelming odds.
    for init, std in (("he", math.sqrt(2 / 784)), ("xavier", math.sqrt(1 / 784)), (0.01, 0.01)):
        net = MultiLayerNet(784, [100], 10, weight_init_std=init, seed=0)
        assert float(net.params["W1"].std()) == pytest.approx(std, rel=0.01), init
        assert not net.params["b1"].any()
    # He for the second layer uses its own fan-in, 100.
    net = MultiLayerNet(784, [100], 10, seed=0)
    assert float(net.params["W2"].std()) == pytest.approx(math.sqrt(2 / 100), rel=0.05)


def test_flat_params_and_flat_gradient_match_the_dicts():
    rng = np.random.default_rng(0)
    net = MultiLayerNet(6, [5, 4], 3, seed=0)
    assert net.flat_params.shape == (6 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3,)
    for value in net.params.values():
        assert np.shares_memory(value, net.flat_params)
    net.flat_params[30:35] = 7  # b1 follows W1 (30 entries)
    np.testing.assert_array_equal(net.params["b1"], np.full(5, 7, dtype=np.float32))

    x, t = rng.normal(size=(4, 6)), np.array([0, 1, 2, 0])
    grads = net.gradient(x, t)
    flat = net.flat_gradient(x, t)
    assert flat.dtype == np.float32
    np.testing.assert_array_equal(flat, np.concatenate([g.ravel() for g in grads.values()]))
    # Every call returns new arrays: a later call does not change earlier results.
    kept = {key: value.copy() for key, value in grads.items()}
    net.gradient(x[::-1] * 2, t)
    for key in grads:
        np.testing.assert_array_equal(grads[key], kept[key])


def test_same_seed_same_network_and_copy_is_independent():
    a = MultiLayerNet(5, [4], 3, seed=7)
    b = MultiLayerNet(5, [4], 3, seed=np.random.default_rng(7))
    c = a.copy()
    for key in a.params:
        np.testing.assert_array_equal(a.params[key], b.params[key])
        np.testing.assert_array_equal(a.params[key], c.params[key])
        assert c.params[key] is not a.params[key]
    c.params["W1"] += 1
    assert not np.array_equal(a.params["W1"], c.params["W1"])
    assert c.layers[0].W is c.params["W1"]
    assert c.predict(np.ones((1, 5))).dtype == np.float32


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"input_size": 0}, ValueError, "input_size"),
        ({"input_size": 2.5}, TypeError, "input_size"),
        ({"output_size": -1}, ValueError, "output_size"),
        ({"hidden_size_list": [100, 0]}, ValueError, "hidden_size_list[1]"),
        ({"hidden_size_list": "100"}, TypeError, "hidden_size_list"),
        ({"hidden_size_list": 100}, TypeError, "hidden_size_list"),
        ({"activation": "softplus"}, ValueError, "activation"),
        ({"weight_init_std": "lecun"}, ValueError, "weight_init_std"),
        ({"weight_init_std": -0.1}, ValueError, "weight_init_std"),
        ({"weight_init_std": float("nan")}, ValueError, "weight_init_std"),
        ({"weight_init_std": None}, TypeError, "weight_init_std"),
        ({"dtype": np.int32}, TypeError, "dtype"),
        ({"dtype": "not a dtype"}, TypeError, "dtype"),
        ({"seed": "0"}, TypeError, "seed"),
    ],
)
def test_constructor_errors_name_the_argument(kwargs, error, name):
    args = {"input_size": 4, "hidden_size_list": [3], "output_size": 2, **kwargs}
    with pytest.raises(error) as info:
        MultiLayerNet(**args)
    assert name in str(info.value)


def test_bad_batches_are_rejected():
    net = MultiLayerNet(4, [3], 2, seed=0)
    with pytest.raises(ValueError, match="4 values"):
        net.predict(np.ones((2, 5)))
    with pytest.raises(ValueError, match="non-empty batch"):
        net.predict(np.ones(4))
    with pytest.raises(ValueError, match="batch_size"):
        net.accuracy(np.ones((2, 4)), np.array([0, 1]), batch_size=0)
