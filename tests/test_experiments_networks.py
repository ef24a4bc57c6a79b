"""Tests of the experiments of sections 6.2 and 6.3 (dlscratch.experiments.networks):
compare_networks, its cache, and the activation distributions (bundled MNIST subset, no network)."""

import math
from typing import ClassVar

import numpy as np
import pytest

import dlscratch.experiments.networks as networks_module
from dlscratch.experiments import (
    activation_distributions,
    cached_compare_networks,
    compare_networks,
)
from dlscratch.experiments.common import batch_indices
from dlscratch.nn import MultiLayerNet, MultiLayerNetExtend
from dlscratch.optim import SGD, Adam
from dlscratch.plotting import batch_norm_grid_figure, network_loss_figure


def small_nets():
    return {
        "Xavier": MultiLayerNet(784, [10], 10, weight_init_std="xavier", seed=0),
        "He": MultiLayerNet(784, [10], 10, weight_init_std="he", seed=0),
    }


class Recording(SGD):
    """SGD that records the gradient vectors it is given, per instance."""

    seen: ClassVar[dict] = {}

    def update(self, params, grads):
        Recording.seen.setdefault(id(self), []).append(grads["all"].copy())
        super().update(params, grads)


def test_every_network_sees_the_same_batches_and_a_fresh_optimizer(mnist):
    # Two identical networks under two labels must give identical runs: same batches, same
    # start, and an optimizer that does not carry state from one to the other.
    net = MultiLayerNet(784, [10], 10, seed=0)
    Recording.seen = {}
    result = compare_networks(mnist, {"a": net, "b": net}, Adam(lr=0.01), iterations=6)
    np.testing.assert_array_equal(result.runs["a"].losses, result.runs["b"].losses)
    # The given network is left untrained.
    np.testing.assert_array_equal(net.flat_params, MultiLayerNet(784, [10], 10, seed=0).flat_params)
    # Replaying the batches by hand gives the same first loss.
    batches = batch_indices(len(mnist[0][0]), 100, 6, 0)
    (x, t), _ = mnist
    assert result.runs["a"].losses[0] == pytest.approx(net.loss(x[batches[0]], t[batches[0]]))
    # With a recording optimizer, both copies received the same gradients.
    compare_networks(mnist, {"a": net, "b": net}, Recording(lr=0.1), iterations=3)
    first, second = Recording.seen.values()
    for g1, g2 in zip(first, second, strict=True):
        np.testing.assert_array_equal(g1, g2)


def test_checkpoints_and_accuracies_by_hand(mnist):
    # Checkpoint 0 is before training: its accuracy is the untrained network's.
    nets = small_nets()
    result = compare_networks(mnist, nets, SGD(lr=0.1), iterations=7, evaluate_every=3)
    run = result.runs["He"]
    np.testing.assert_array_equal(run.checkpoints, [0, 3, 6, 7])
    (x_train, t_train), (x_test, t_test) = mnist
    assert run.train_accuracy[0] == nets["He"].accuracy(x_train, t_train)
    assert run.test_accuracy[0] == nets["He"].accuracy(x_test, t_test)
    assert result.settings["optimizer"] == {"class": "SGD", "lr": 0.1}


def test_a_diverging_network_is_recorded_and_the_other_trains(mnist):
    # η = 1e5 blows a ReLU network up within a few steps (its loss or gradient overflows);
    # η = 0.01 trains the same network normally.
    nets = {"wild": MultiLayerNet(784, [10, 10], 10, seed=0)}
    nets["tame"] = MultiLayerNet(784, [10, 10], 10, seed=0)
    wild = compare_networks(mnist, {"wild": nets["wild"]}, SGD(lr=1e5), iterations=20,
                            evaluate_every=5)  # fmt: skip
    tame = compare_networks(mnist, {"tame": nets["tame"]}, SGD(lr=0.01), iterations=20)
    assert tame.runs["tame"].diverged_at is None and np.isfinite(tame.runs["tame"].losses).all()
    result = wild
    for run in result.runs.values():
        assert run.diverged_at is not None
        k = run.diverged_at
        assert np.isfinite(run.losses[:k]).all() and np.isnan(run.losses[k:]).all()
        # Accuracy only at the checkpoints reached before the divergence.
        reached = run.checkpoints <= k
        assert np.isfinite(run.train_accuracy[reached]).all()
        assert np.isnan(run.train_accuracy[~reached]).all()
    fig = network_loss_figure(result, window=3)
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert texts[0] == f"wild: diverged at iteration {result.runs['wild'].diverged_at + 1}"


def test_cache_hit_gives_equal_results_without_training(mnist, tmp_path, monkeypatch):
    nets = small_nets()
    first = cached_compare_networks(mnist, nets, SGD(), iterations=5, cache_dir=tmp_path)
    monkeypatch.setattr(networks_module, "compare_networks", None)  # training would fail now
    again = cached_compare_networks(mnist, small_nets(), SGD(), iterations=5, cache_dir=tmp_path)
    assert (first.from_cache, again.from_cache) == (False, True)
    for name in first.names:
        np.testing.assert_array_equal(first.runs[name].losses, again.runs[name].losses)
        np.testing.assert_array_equal(
            first.runs[name].train_accuracy, again.runs[name].train_accuracy
        )
    assert again.data_source == first.data_source


@pytest.mark.parametrize(
    "change",
    ["optimizer", "iterations", "weights", "batchnorm", "decay", "label"],
)
def test_cache_key_changes_with_every_setting(mnist, tmp_path, change):
    def nets():
        return {"n": MultiLayerNetExtend(784, [10], 10, seed=0)}

    cached_compare_networks(mnist, nets(), SGD(), iterations=3, cache_dir=tmp_path)
    kwargs = {"iterations": 3}
    networks, optimizer = nets(), SGD()
    if change == "optimizer":
        optimizer = SGD(lr=0.02)
    elif change == "iterations":
        kwargs["iterations"] = 4
    elif change == "weights":
        networks["n"].params["W1"][0, 0] += 1e-3
    elif change == "batchnorm":
        networks = {"n": MultiLayerNetExtend(784, [10], 10, use_batchnorm=True, seed=0)}
    elif change == "decay":
        networks = {"n": MultiLayerNetExtend(784, [10], 10, weight_decay_lambda=0.1, seed=0)}
    else:
        networks = {"m": networks["n"]}
    result = cached_compare_networks(mnist, networks, optimizer, cache_dir=tmp_path, **kwargs)
    assert not result.from_cache


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"networks": {}}, TypeError, "networks"),
        ({"networks": {"x": "net"}}, TypeError, "networks['x']"),
        ({"networks": {"x": MultiLayerNet(10, [3], 2)}}, ValueError, "784 pixels"),
        ({"optimizer": "SGD"}, TypeError, "optimizer"),
        ({"evaluate_every": 0}, ValueError, "evaluate_every"),
        ({"seed": -1}, ValueError, "seed"),
        ({"batch_size": 0}, ValueError, "batch_size"),
    ],
)
def test_invalid_arguments(mnist, kwargs, error, message):
    args = {"networks": small_nets(), "optimizer": SGD(), "iterations": 2, **kwargs}
    with pytest.raises(error) as info:
        compare_networks(mnist, **args)
    assert message in str(info.value)


def test_used_optimizer_is_rejected(mnist):
    optimizer = SGD()
    optimizer.update({"w": np.ones(1)}, {"w": np.ones(1)})
    with pytest.raises(ValueError, match="fresh"):
        compare_networks(mnist, small_nets(), optimizer, iterations=2)


# --- activation distributions ---------------------------------------------------------------


def test_activation_distributions_repeat_the_books_loop():
    # The book's loop, written out: x @ W then the activation, five times, no biases, with the
    # weights the network drew (read from a network built from the same stream).
    layers = activation_distributions("tanh", "xavier", n_layers=3, width=20, n_samples=50)
    init_stream, input_stream = np.random.SeedSequence(0).spawn(2)
    net = MultiLayerNet(20, [20] * 3, 20, weight_init_std="xavier", dtype=np.float64,
                        seed=np.random.default_rng(init_stream))  # fmt: skip
    a = np.random.default_rng(input_stream).standard_normal((50, 20))
    for i, values in enumerate(layers, start=1):
        a = np.tanh(a @ net.params[f"W{i}"])
        np.testing.assert_allclose(values, a, rtol=1e-12)


def test_he_keeps_the_mean_square_of_relu_activations_and_xavier_halves_it():
    # The variance argument: E[a²] is multiplied by n·σ²/2 per ReLU layer, 1 for He and 1/2 for
    # Xavier.  With 1,000 × 100 values per layer the measured ratio is within 15 % of it.
    # One draw of 100 × 100 weights moves a layer's ratio by up to about 15 %, so the test
    # takes the geometric mean over the four steps and five seeds: within 8 % of the factor.
    for std, factor in (("he", 1.0), ("xavier", 0.5), (0.01, 0.005)):
        ratios = []
        for seed in range(5):
            squares = [np.mean(a**2) for a in activation_distributions("relu", std, seed=seed)]
            ratios.append((squares[-1] / squares[0]) ** (1 / 4))
        assert np.mean(ratios) == pytest.approx(factor, rel=0.08)


def test_batch_norm_grid_marks_the_epoch_of_a_divergence(mnist):
    nets = {
        "batch norm": MultiLayerNetExtend(
            784, [10, 10], 10, use_batchnorm=True, dtype=np.float32, seed=0
        ),
        "no batch norm": MultiLayerNetExtend(784, [10, 10], 10, dtype=np.float32, seed=0),
    }
    result = compare_networks(mnist, nets, SGD(lr=1e5), iterations=10, evaluate_every=5)
    k = result.runs["no batch norm"].diverged_at
    assert k is not None
    fig = batch_norm_grid_figure({1.0: result}, epoch_iterations=5)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert f"diverged at epoch {k // 5 + 1}" in "\n".join(texts)
    assert not math.isnan(result.runs["batch norm"].train_accuracy[0])
