"""Tests of sections 6.4 and 6.5 (dlscratch.experiments.search, and validation_split).

Every expected value comes from a second route: the book's loop written out with the
Trainer, the split's definition, or hand-picked numbers.
"""

import numpy as np
import pytest

from dlscratch.experiments import SearchResult, cached_training, random_search
from dlscratch.nn import MultiLayerNet, MultiLayerNetExtend
from dlscratch.training import Trainer
from dlscratch.util import validation_split


@pytest.fixture(scope="module")
def data(mnist):
    """The first 200 training and 100 test images: a few epochs take a fraction of a second."""
    (x, t), (x_test, t_test) = mnist
    return (x[:200], t[:200]), (x_test[:100], t_test[:100])


# --- validation_split ------------------------------------------------------------------------


def test_validation_split_holds_out_the_first_fifth_of_a_shuffle():
    x = np.arange(50).reshape(25, 2)  # row i is (2i, 2i + 1): its content names it
    t = np.arange(25)
    (x_train, t_train), (x_val, t_val) = validation_split(x, t, 0.2, seed=3)
    assert len(x_val) == 5 and len(x_train) == 20  # int(25 * 0.2) = 5
    # Every row stays whole and keeps its label, and lands on exactly one side.
    for xs, ts in ((x_train, t_train), (x_val, t_val)):
        np.testing.assert_array_equal(xs[:, 0], 2 * ts)
    assert sorted(np.concatenate([t_train, t_val]).tolist()) == list(range(25))
    # The book's order: shuffle, then the validation rows come first.
    order = np.random.default_rng(3).permutation(25)
    np.testing.assert_array_equal(t_val, order[:5])
    np.testing.assert_array_equal(t_train, order[5:])
    assert t.tolist() == list(range(25))  # the input is left alone


@pytest.mark.parametrize(
    "rate, message",
    [(0.0, "validation_rate"), (1.0, "validation_rate"), (True, "validation_rate"),
     ("0.2", "validation_rate"), (0.01, "leaves no sample")],
)  # fmt: skip
def test_validation_split_rejects_bad_rates(rate, message):
    with pytest.raises(ValueError, match=message):
        validation_split(np.zeros((10, 2)), np.zeros(10), rate)


# --- cached_training -------------------------------------------------------------------------


def book_loop(network, data, **settings):
    """The book's way: a Trainer, trained, and its lists."""
    (x, t), (x_test, t_test) = data
    trainer = Trainer(network, x, t, x_test, t_test, verbose=False, **settings)
    trainer.train()
    return trainer


def test_cached_training_records_what_the_trainer_records(data, tmp_path):
    settings = {"epochs": 4, "mini_batch_size": 50, "optimizer": "SGD",
                "optimizer_param": {"lr": 0.1}}  # fmt: skip

    def network():
        return MultiLayerNetExtend(784, [30, 30], 10, use_dropout=True, dropout_ration=0.2,
                                   weight_decay_lambda=0.01, dtype=np.float32, seed=1)  # fmt: skip

    history = cached_training(network(), data, seed=5, cache_dir=tmp_path, **settings)
    trainer = book_loop(network(), data, seed=5, **settings)
    np.testing.assert_array_equal(history.train_accuracy, trainer.train_acc_list)
    np.testing.assert_array_equal(history.test_accuracy, trainer.test_acc_list)
    np.testing.assert_array_equal(history.train_loss, trainer.train_loss_list)
    assert history.final_test_accuracy == trainer.final_test_acc
    np.testing.assert_array_equal(
        history.gap, np.subtract(trainer.train_acc_list, trainer.test_acc_list)
    )
    assert history.diverged_at is None and not history.from_cache
    assert history.train_accuracy.shape == (4,) and history.train_loss.shape == (16,)


def test_cached_training_reads_back_without_training(data, tmp_path, monkeypatch):
    def network(**kwargs):
        return MultiLayerNetExtend(784, [20], 10, dtype=np.float32, seed=0, **kwargs)

    first = cached_training(network(), data, seed=0, epochs=2, cache_dir=tmp_path)

    def no_training(self):
        raise AssertionError("trained although a stored result matches")

    monkeypatch.setattr(Trainer, "train", no_training)
    again = cached_training(network(), data, seed=0, epochs=2, cache_dir=tmp_path)
    assert again.from_cache
    np.testing.assert_array_equal(again.test_accuracy, first.test_accuracy)
    assert again.seconds == first.seconds
    # Anything that changes the run is a different entry: here it must train, and cannot.
    for changed in (
        {"network": network(use_dropout=True, dropout_ration=0.2)},
        {"network": network(weight_decay_lambda=0.1)},
        {"seed": 1},
        {"epochs": 3},
        {"optimizer_param": {"lr": 0.02}},
    ):
        kwargs = {"seed": 0, "epochs": 2, "cache_dir": tmp_path, **changed}
        net = kwargs.pop("network", network())
        with pytest.raises(AssertionError, match="trained although"):
            cached_training(net, data, **kwargs)


def test_cached_training_records_a_divergence(data, tmp_path):
    net = MultiLayerNet(784, [20], 10, dtype=np.float32, seed=0)
    history = cached_training(net, data, seed=0, epochs=3, optimizer_param={"lr": 1e30},
                              cache_dir=tmp_path)  # fmt: skip
    assert history.diverged_at is not None
    assert np.isnan(history.final_test_accuracy)
    assert np.isnan(history.test_accuracy[-1])
    assert len(history.train_loss) == history.diverged_at


@pytest.mark.parametrize(
    "kwargs, error, message",
    [({"seed": None}, TypeError, "seed"), ({"seed": -1}, ValueError, "seed"),
     ({"seed": 0, "verbose": True}, TypeError, "verbose"),
     ({"seed": 0, "epochs": 0}, ValueError, "epochs")],
)  # fmt: skip
def test_cached_training_rejects_bad_arguments(data, tmp_path, kwargs, error, message):
    net = MultiLayerNet(784, [20], 10, seed=0)
    before = net.flat_params.copy()
    with pytest.raises(error, match=message):
        cached_training(net, data, cache_dir=tmp_path, **kwargs)
    np.testing.assert_array_equal(net.flat_params, before)
    assert not list(tmp_path.iterdir())


# --- random_search ---------------------------------------------------------------------------

SMALL = {"train_size": 100, "epochs": 3, "hidden_size_list": [20], "mini_batch_size": 20}


def test_random_search_trial_is_the_books_trainer_run(data, tmp_path):
    result = random_search(data, trials=4, seed=2, cache_dir=tmp_path, **SMALL)
    assert result.validation_accuracy.shape == (4, 3)
    assert np.all((1e-6 <= result.learning_rates) & (result.learning_rates <= 1e-2))
    assert np.all((1e-8 <= result.weight_decays) & (result.weight_decays <= 1e-4))
    assert len(set(result.learning_rates)) == 4
    # Repeat trial 1 by hand: the split of validation_split with the same seed, then the
    # book's network and Trainer with the trial's η, λ and seed.
    (x, t), (x_test, t_test) = data
    train, validation = validation_split(x[:100], t[:100], 0.2, seed=2)
    i = 1
    net = MultiLayerNet(784, [20], 10, weight_decay_lambda=result.weight_decays[i],
                        dtype=np.float32, seed=int(result.seeds[i]))  # fmt: skip
    trainer = Trainer(net, *train, *validation, epochs=3, mini_batch_size=20, optimizer="SGD",
                      optimizer_param={"lr": result.learning_rates[i]}, verbose=False,
                      seed=int(result.seeds[i]))  # fmt: skip
    trainer.train()
    np.testing.assert_array_equal(result.validation_accuracy[i], trainer.test_acc_list)
    np.testing.assert_array_equal(result.train_accuracy[i], trainer.train_acc_list)
    assert result.test_accuracy[i] == net.accuracy(x_test, t_test)
    assert result.settings["n_train"] == 80 and result.settings["n_validation"] == 20


def test_random_search_is_the_same_with_two_workers_and_reuses_shorter_searches(
    data, tmp_path, monkeypatch
):
    serial = random_search(data, trials=3, seed=0, workers=1, cache_dir=tmp_path / "a", **SMALL)
    parallel = random_search(data, trials=3, seed=0, workers=2, cache_dir=tmp_path / "b", **SMALL)
    np.testing.assert_array_equal(serial.validation_accuracy, parallel.validation_accuracy)
    np.testing.assert_array_equal(serial.test_accuracy, parallel.test_accuracy)
    trained = []
    real_train = Trainer.train

    def counting(self):
        trained.append(1)
        real_train(self)

    monkeypatch.setattr(Trainer, "train", counting)
    # One worker, so that the trainings are counted in this process.
    longer = random_search(data, trials=5, seed=0, workers=1, cache_dir=tmp_path / "a", **SMALL)
    assert len(trained) == 2  # only the two new trials
    np.testing.assert_array_equal(longer.learning_rates[:3], serial.learning_rates)
    np.testing.assert_array_equal(longer.weight_decays[:3], serial.weight_decays)
    np.testing.assert_array_equal(longer.validation_accuracy[:3], serial.validation_accuracy)


def test_random_search_ranking_puts_the_best_validation_first():
    curves = np.array([[0.1, 0.3], [0.2, np.nan], [0.1, 0.5], [0.2, 0.3]])
    result = SearchResult(
        np.ones(4), np.ones(4), curves, curves, np.zeros(4), [None, 1, None, None],
        np.arange(4), {},
    )  # fmt: skip
    # 0.5 first; the ties 0.3 in trial order; the diverged trial (NaN, counted as 0) last.
    assert result.ranking().tolist() == [2, 0, 3, 1]


@pytest.mark.parametrize(
    "kwargs, message",
    [({"trials": 0}, "trials"), ({"lr_exponents": (-2, -6)}, "lr_exponents"),
     ({"weight_decay_exponents": (-4, -4)}, "weight_decay_exponents"),
     ({"train_size": 10**6}, "train_size"), ({"seed": -1}, "seed"),
     ({"workers": 0}, "workers")],
)  # fmt: skip
def test_random_search_rejects_bad_arguments(data, tmp_path, kwargs, message):
    with pytest.raises(ValueError, match=message):
        random_search(data, cache_dir=tmp_path, **{**SMALL, **kwargs})
    assert not list(tmp_path.iterdir())
