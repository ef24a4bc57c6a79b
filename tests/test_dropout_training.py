"""Dropout, weight decay, shuffle_dataset and the Trainer of sections 6.4 and 6.5."""

import numpy as np
import pytest

from dlscratch.nn import Dropout, MultiLayerNet, MultiLayerNetExtend
from dlscratch.optim import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop
from dlscratch.training import Trainer
from dlscratch.util import shuffle_dataset


class FixedUniforms:
    """Stands in for a generator: ``random`` always returns the same numbers."""

    def __init__(self, values):
        self.values = np.asarray(values, dtype=np.float64)

    def random(self, shape):
        return self.values.reshape(shape)


# --- Dropout ---------------------------------------------------------------------------------


def test_dropout_forward_and_backward_by_hand():
    # p = 0.4: a unit is kept when its uniform number is >= 0.4.
    layer = Dropout(0.4)
    layer.rng = FixedUniforms([[0.1, 0.4, 0.9], [0.39, 0.41, 0.0]])
    x = np.array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]])
    np.testing.assert_array_equal(layer.forward(x), [[0.0, -2.0, 3.0], [0.0, 5.0, -0.0]])
    np.testing.assert_array_equal(
        layer.backward(np.full((2, 3), 10.0)), [[0.0, 10.0, 10.0], [0.0, 10.0, 0.0]]
    )
    # Inference: every unit kept, times 1 − 0.4 = 0.6; the gradient likewise.
    np.testing.assert_allclose(
        layer.forward(x, train_flg=False), [[0.6, -1.2, 1.8], [2.4, 3.0, -3.6]]
    )
    np.testing.assert_allclose(layer.backward(np.ones((2, 3))), np.full((2, 3), 0.6))


def test_dropout_gradient_check_with_a_fixed_mask(relative_error):
    # L = Σ w ⊙ dropout(x): its gradient with respect to x, by central differences.
    rng = np.random.default_rng(3)
    x, w = rng.normal(size=(4, 5)), rng.normal(size=(4, 5))
    uniforms = rng.random((4, 5))
    layer = Dropout(0.5)
    layer.rng = FixedUniforms(uniforms)
    layer.forward(x)
    analytic = layer.backward(w)
    h = 1e-5
    numerical = np.empty_like(x)
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += h
        minus[index] -= h
        numerical[index] = (np.sum(w * layer.forward(plus)) - np.sum(w * layer.forward(minus))) / (
            2 * h
        )
    assert relative_error(analytic, numerical) < 1e-6
    assert np.count_nonzero(analytic) == np.count_nonzero(uniforms >= 0.5)


def test_dropout_keeps_the_expected_activation_between_training_and_inference():
    # Training output m ⊙ x has mean (1 − p) x, the inference output.  Over n = 20,000 masks
    # the mean of m_i x_i has standard deviation |x_i| sqrt(p (1 − p) / n) ≈ 0.0032 |x_i|
    # for p = 0.3: a tolerance of 0.02 |x_i| is more than six of them.
    p, n = 0.3, 20_000
    x = np.array([1.0, -2.0, 0.5, 4.0])
    layer = Dropout(p, seed=0)
    outputs = np.array([layer.forward(x[None, :])[0] for _ in range(n)])
    inference = layer.forward(x[None, :], train_flg=False)[0]
    np.testing.assert_allclose(inference, 0.7 * x)
    np.testing.assert_allclose(outputs.mean(axis=0), inference, atol=0, rtol=0.02)
    # The inverted convention, m ⊙ x / (1 − p) in training and x in inference, has the same
    # expectations divided by 1 − p: both match their own inference output.
    np.testing.assert_allclose((outputs / (1 - p)).mean(axis=0), x, rtol=0.02)
    assert abs(np.mean(outputs != 0) - (1 - p)) < 0.01


def test_dropout_seed_reproduces_masks_and_zero_ratio_keeps_everything():
    x = np.ones((3, 50))
    a, b = Dropout(0.5, seed=7), Dropout(0.5, seed=7)
    np.testing.assert_array_equal(a.forward(x), b.forward(x))
    np.testing.assert_array_equal(Dropout(0.0, seed=1).forward(x), x)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"dropout_ratio": 1.0}, ValueError, "dropout_ratio"),
        ({"dropout_ratio": -0.1}, ValueError, "dropout_ratio"),
        ({"dropout_ratio": "0.5"}, TypeError, "dropout_ratio"),
        ({"seed": 0.5}, TypeError, "seed"),
        ({"seed": True}, TypeError, "seed"),
    ],
)
def test_dropout_errors_name_the_argument(kwargs, error, name):
    with pytest.raises(error, match=name):
        Dropout(**kwargs)


def test_dropout_backward_before_forward_raises():
    with pytest.raises(RuntimeError, match="before forward"):
        Dropout().backward(np.ones((1, 2)))


# --- the network with dropout and weight decay ------------------------------------------------


def small_batch():
    rng = np.random.default_rng(5)
    return rng.normal(size=(6, 4)), np.array([0, 1, 2, 0, 1, 2])


@pytest.mark.parametrize("use_batchnorm", [False, True])
def test_network_gradient_check_with_dropout_and_weight_decay(use_batchnorm, relative_error):
    x, t = small_batch()
    net = MultiLayerNetExtend(
        4, [7, 5], 3, activation="tanh", weight_decay_lambda=0.3, use_dropout=True,
        dropout_ration=0.4, use_batchnorm=use_batchnorm, seed=2,
    )  # fmt: skip
    numerical = np.concatenate([g.ravel() for g in net.numerical_gradient(x, t).values()])
    analytic = net.flat_gradient(x, t)  # draws the same masks as numerical_gradient did
    assert relative_error(analytic, numerical) < 1e-6
    # The masks dropped something: the check did not run on a network without dropout.
    assert any(not layer.mask.all() for layer in net.layers if isinstance(layer, Dropout))


def test_network_gradient_check_with_masks_fixed_from_outside(relative_error):
    # The same check with masks that do not come from the network's generator at all.
    x, t = small_batch()
    net = MultiLayerNetExtend(4, [6, 6], 3, use_dropout=True, weight_decay_lambda=0.1, seed=4)
    uniforms = np.random.default_rng(9).random((2, 6, 6))
    for layer, values in zip(
        [layer for layer in net.layers if isinstance(layer, Dropout)], uniforms, strict=True
    ):
        layer.rng = FixedUniforms(values)
    numerical = np.concatenate([g.ravel() for g in net.numerical_gradient(x, t).values()])
    assert relative_error(net.flat_gradient(x, t), numerical) < 1e-6


def test_weight_decay_adds_lambda_w_to_the_weights_only():
    x, t = small_batch()
    lam = 0.25
    plain = MultiLayerNet(4, [5], 3, dtype=np.float64, seed=1)
    decayed = plain.copy()
    decayed.weight_decay_lambda = lam
    g0, g1 = plain.gradient(x, t), decayed.gradient(x, t)
    for key in plain.params:
        extra = lam * plain.params[key] if key.startswith("W") else 0.0
        np.testing.assert_allclose(g1[key], g0[key] + extra, rtol=1e-12, atol=1e-15)
    squares = np.sum(plain.params["W1"] ** 2) + np.sum(plain.params["W2"] ** 2)
    assert decayed.loss(x, t) == pytest.approx(plain.loss(x, t) + 0.5 * lam * squares, rel=1e-12)


def test_network_inference_scales_the_hidden_units_by_one_minus_p():
    # By hand: scores = (1 − p) relu(x W1 + b1) W2 + b2 for one hidden layer.
    x, _ = small_batch()
    net = MultiLayerNetExtend(4, [6], 3, use_dropout=True, dropout_ration=0.25, seed=3)
    net.params["b1"][...] = [0.1, -0.2, 0.3, 0.0, 0.5, -0.5]
    W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))
    expected = 0.75 * np.maximum(x @ W1 + b1, 0) @ W2 + b2
    np.testing.assert_allclose(net.predict(x), expected, rtol=1e-12)


def test_dropout_network_inference_is_deterministic_and_training_is_seeded():
    x, _ = small_batch()
    a = MultiLayerNetExtend(4, [20, 20], 3, use_dropout=True, seed=11)
    b = MultiLayerNetExtend(4, [20, 20], 3, use_dropout=True, seed=11)
    np.testing.assert_array_equal(a.predict(x, train_flg=True), b.predict(x, train_flg=True))
    np.testing.assert_array_equal(a.predict(x), a.predict(x))
    assert not np.array_equal(a.predict(x, train_flg=True), a.predict(x, train_flg=True))
    # Without dropout the weights are the same: the masks' generator is drawn after them.
    c = MultiLayerNetExtend(4, [20, 20], 3, seed=11)
    np.testing.assert_array_equal(a.flat_params, c.flat_params)
    # A copy draws the masks the original would draw next, and independently of it.
    clone = a.copy()
    np.testing.assert_array_equal(clone.predict(x, train_flg=True), a.predict(x, train_flg=True))
    assert clone._dropout_rng is not a._dropout_rng


# --- shuffle_dataset ------------------------------------------------------------------------


def test_shuffle_dataset_keeps_pairs_and_is_seeded():
    t = np.arange(30)
    x = np.stack([t * 2, t * 3], axis=1).reshape(30, 2, 1)  # images of any shape
    xs, ts = shuffle_dataset(x, t, seed=4)
    np.testing.assert_array_equal(xs[:, 0, 0], 2 * ts)
    np.testing.assert_array_equal(np.sort(ts), t)
    assert not np.array_equal(ts, t)
    _, t2 = shuffle_dataset(x, t, seed=4)
    np.testing.assert_array_equal(t2, ts)
    np.testing.assert_array_equal(t, np.arange(30))  # the input is untouched


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "name"),
    [
        ((np.zeros((3, 2)), np.zeros(4)), {}, ValueError, "same number"),
        (([1, 2], np.zeros(2)), {}, TypeError, "x must"),
        ((np.zeros((2, 2)), 3), {}, TypeError, "t must"),
        ((np.zeros((2, 2)), np.zeros(2)), {"seed": "1"}, TypeError, "seed"),
    ],
)
def test_shuffle_dataset_errors(args, kwargs, error, name):
    with pytest.raises(error, match=name):
        shuffle_dataset(*args, **kwargs)


# --- Trainer --------------------------------------------------------------------------------


class RecordingNet:
    """A network double: records the batches it sees; its loss follows a given list."""

    def __init__(self, losses=None):
        self.params = {"W": np.zeros(2)}
        self.losses = losses
        self.batches = []
        self.accuracy_sizes = []
        self.last_loss = None

    def gradient(self, x, t):
        self.batches.append(x.copy())
        i = len(self.batches) - 1
        self.last_loss = 1.0 / (i + 1) if self.losses is None else self.losses[i]
        return {"W": np.ones(2)}

    def loss(self, x, t):
        raise AssertionError("the trainer should use last_loss")

    def accuracy(self, x, t):
        self.accuracy_sizes.append(len(x))
        return 0.5


def toy_data(n=250, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4))
    t = (x[:, 0] + x[:, 1] > 0).astype(int) + (x[:, 2] > 1)
    return x, t


def test_trainer_draws_batches_with_replacement_from_its_seed():
    x = np.arange(250.0)[:, None]
    t = np.zeros(250, dtype=int)
    net = RecordingNet()
    trainer = Trainer(net, x, t, x, t, epochs=2, mini_batch_size=100, verbose=False, seed=3)
    trainer.train()
    # 250 / 100 = 2.5 iterations per epoch, int(2 · 2.5) = 5 iterations in all.
    assert (trainer.iter_per_epoch, trainer.max_iter) == (2.5, 5)
    expected = np.random.default_rng(3)
    for batch in net.batches:
        np.testing.assert_array_equal(batch[:, 0], expected.choice(250, 100))
    assert trainer.train_loss_list == [1.0, 0.5, 1 / 3, 0.25, 0.2]
    # Epochs end after iterations int(2.5) = 2 and int(5.0) = 5; each measures train and test,
    # then the final test accuracy: 2 · 2 + 1 evaluations, all on the 250 samples.
    assert net.accuracy_sizes == [250] * 5
    assert trainer.train_acc_list == trainer.test_acc_list == [0.5, 0.5]
    # SGD with the book's default lr = 0.01, gradient 1 at each of the 5 steps.
    np.testing.assert_allclose(net.params["W"], [-0.05, -0.05])
    assert trainer.final_test_acc == 0.5


def test_trainer_small_data_runs_one_iteration_per_epoch_and_samples_for_evaluation():
    x, t = toy_data(30)
    net = RecordingNet()
    trainer = Trainer(
        net, x, t, x[:20], t[:20], epochs=3, mini_batch_size=100,
        evaluate_sample_num_per_epoch=10, verbose=False, seed=0,
    )  # fmt: skip
    trainer.train()
    assert trainer.max_iter == 3  # max(30 / 100, 1) = 1 iteration per epoch
    assert [len(batch) for batch in net.batches] == [100, 100, 100]
    assert net.accuracy_sizes == [10, 10] * 3 + [20]


def test_trainer_with_a_fixed_seed_gives_identical_histories():
    x, t = toy_data()
    runs = []
    for _ in range(2):
        net = MultiLayerNetExtend(4, [16, 16], 3, use_dropout=True, dropout_ration=0.2, seed=0)
        trainer = Trainer(
            net, x[:200], t[:200], x[200:], t[200:], epochs=4, mini_batch_size=20,
            optimizer="Adam", optimizer_param={"lr": 0.01}, verbose=False, seed=1,
        )  # fmt: skip
        trainer.train()
        runs.append(trainer)
    a, b = runs
    assert a.train_loss_list == b.train_loss_list
    assert a.train_acc_list == b.train_acc_list and a.test_acc_list == b.test_acc_list
    assert len(a.train_loss_list) == 40 and len(a.test_acc_list) == 4
    # It learned: the toy labels depend on the inputs, a third of them per class at chance.
    assert a.train_acc_list[-1] > 0.8
    np.testing.assert_array_equal(a.network.flat_params, b.network.flat_params)


def test_trainer_records_divergence_instead_of_raising():
    x, t = toy_data(40)
    net = RecordingNet(losses=[2.0, 1.5, 1.0, float("inf"), 0.5])
    trainer = Trainer(net, x, t, x, t, epochs=5, mini_batch_size=20, verbose=False, seed=0)
    trainer.train()
    assert trainer.diverged_at == 3
    assert trainer.train_loss_list == [2.0, 1.5, 1.0]
    assert trainer.train_acc_list == [0.5]  # epoch 1 ended after iteration 2
    assert trainer.final_test_acc is None
    np.testing.assert_allclose(net.params["W"], [-0.03, -0.03])  # 3 updates, not 4


def test_trainer_real_network_diverges_quietly_with_a_huge_learning_rate(capsys):
    x, t = toy_data(100)
    net = MultiLayerNet(4, [50, 50], 3, weight_init_std=10.0, seed=0)
    trainer = Trainer(
        net, x, t, x, t, epochs=50, mini_batch_size=10, optimizer_param={"lr": 1e30}, seed=0
    )
    trainer.train()
    assert trainer.diverged_at is not None
    assert len(trainer.train_loss_list) == trainer.diverged_at
    assert np.all(np.isfinite(trainer.train_loss_list))
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith(f"diverged in epoch {trainer.diverged_at // 10 + 1}, ")


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("sgd", SGD),
        ("MOMENTUM", Momentum),
        ("Nesterov", Nesterov),
        ("adagrad", AdaGrad),
        ("RMSprop", RMSprop),
        ("Adam", Adam),
    ],
)
def test_trainer_optimizer_names_are_case_insensitive(name, cls):
    x, t = toy_data(10)
    trainer = Trainer(RecordingNet(), x, t, x, t, optimizer=name, optimizer_param={"lr": 0.5})
    assert type(trainer.optimizer) is cls and trainer.optimizer.lr == 0.5


def test_trainer_accepts_an_optimizer_instance():
    x, t = toy_data(10)
    opt = Momentum(lr=0.2, momentum=0.5)
    assert Trainer(RecordingNet(), x, t, x, t, optimizer=opt).optimizer is opt


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"network": object()}, TypeError, "network"),
        ({"x_train": np.zeros((0, 4))}, ValueError, "x_train"),
        ({"t_train": np.zeros(3)}, ValueError, "x_train and t_train"),
        ({"x_test": [1, 2]}, ValueError, "x_test"),
        ({"t_test": np.zeros(2)}, ValueError, "x_test and t_test"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"epochs": 2.0}, TypeError, "epochs"),
        ({"mini_batch_size": -1}, ValueError, "mini_batch_size"),
        ({"optimizer": "adamw"}, ValueError, "optimizer"),
        ({"optimizer": 3}, TypeError, "optimizer"),
        ({"optimizer_param": {"learning_rate": 0.1}}, TypeError, "optimizer_param"),
        ({"optimizer_param": [0.1]}, TypeError, "optimizer_param"),
        ({"optimizer": SGD(), "optimizer_param": {"lr": 0.1}}, ValueError, "optimizer_param"),
        ({"optimizer_param": {"lr": -1}}, ValueError, "lr"),
        ({"evaluate_sample_num_per_epoch": 0}, ValueError, "evaluate_sample_num_per_epoch"),
        ({"verbose": "yes"}, TypeError, "verbose"),
        ({"seed": 1.5}, TypeError, "seed"),
    ],
)
def test_trainer_errors_name_the_argument(kwargs, error, name):
    x, t = toy_data(10)
    net = RecordingNet()
    args = {"network": net, "x_train": x, "t_train": t, "x_test": x, "t_test": t, **kwargs}
    with pytest.raises(error, match=name):
        Trainer(**args)
    assert net.batches == [] and np.all(net.params["W"] == 0)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_trainer_prints_one_line_per_epoch_and_the_final_accuracy(lang, monkeypatch, capsys):
    monkeypatch.setenv("DLSCRATCH_LANG", lang)
    x, t = toy_data(20)
    Trainer(RecordingNet(), x, t, x, t, epochs=3, mini_batch_size=10, seed=0).train()
    lines = capsys.readouterr().out.splitlines()
    if lang == "en":
        assert lines == [
            "epoch 1/3: train accuracy 0.5000, test accuracy 0.5000",
            "epoch 2/3: train accuracy 0.5000, test accuracy 0.5000",
            "epoch 3/3: train accuracy 0.5000, test accuracy 0.5000",
            "final test accuracy 0.5000",
        ]
    else:
        assert lines[0] == "에폭 1/3: 훈련 정확도 0.5000, 시험 정확도 0.5000"
        assert lines[-1] == "최종 시험 정확도 0.5000"
        assert len(lines) == 4


def test_trainer_is_silent_without_verbose(capsys):
    x, t = toy_data(20)
    Trainer(RecordingNet(), x, t, x, t, epochs=2, mini_batch_size=10, verbose=False).train()
    assert capsys.readouterr().out == ""
