"""Tests of the optimizer comparison of section 6.1 (dlscratch.experiments.optimizers).

On the bundled MNIST subset (the ``mnist`` fixture of conftest.py), without a network.
"""

import os
import re
from typing import ClassVar

import numpy as np
import pytest

import dlscratch.experiments.optimizers as optimizers_module
from dlscratch.datasets import load_mnist
from dlscratch.experiments import (
    book_optimizers,
    cached_compare_optimizers,
    compare_optimizers,
    comparison_key,
    initial_network_and_batches,
    moving_average,
)
from dlscratch.optim import SGD, Adam, Momentum


def run(data, **kwargs):
    kwargs.setdefault("iterations", 12)
    kwargs.setdefault("progress", None)
    return compare_optimizers(data, **kwargs)


# --- fairness and reproducibility -----------------------------------------------------------


def test_same_seed_gives_bit_identical_results(mnist):
    first, second = run(mnist, seed=3), run(mnist, seed=3)
    assert first.names == second.names == ["SGD", "Momentum", "AdaGrad", "Adam"]
    for name in first.names:
        a, b = first.runs[name], second.runs[name]
        np.testing.assert_array_equal(a.losses, b.losses)
        assert (a.train_accuracy, a.test_accuracy) == (b.train_accuracy, b.test_accuracy)
    other = run(mnist, seed=4)
    assert not np.array_equal(other.runs["SGD"].losses, first.runs["SGD"].losses)


class Recording(SGD):
    """SGD that records, in a class-level list, the parameters and gradients it sees."""

    seen: ClassVar[list] = []

    def update(self, params, grads):
        Recording.seen.append(
            (
                self,
                {k: v.copy() for k, v in params.items()},
                {k: g.copy() for k, g in grads.items()},
            )
        )
        super().update(params, grads)


def test_optimizers_share_initial_weights_and_batches(mnist):
    Recording.seen = []
    # One worker: Recording writes down what it sees in this process (worker processes
    # would write into their own copies); the numbers do not depend on workers.
    result = run(
        mnist,
        optimizers={"one": Recording(lr=0.01), "two": Recording(lr=0.01), "Adam": Adam()},
        workers=1,
    )
    # The two identical optimizers saw identical parameters and gradients at every step,
    # so they started from the same weights and trained on the same batches.
    copies = list(dict.fromkeys(opt for opt, _, _ in Recording.seen))
    assert len(copies) == 2
    steps = {opt: [(p, g) for o, p, g in Recording.seen if o is opt] for opt in copies}
    assert len(steps[copies[0]]) == len(steps[copies[1]]) == 12
    for (p1, g1), (p2, g2) in zip(steps[copies[0]], steps[copies[1]], strict=True):
        for key in p1:
            np.testing.assert_array_equal(p1[key], p2[key])
            np.testing.assert_array_equal(g1[key], g2[key])
    np.testing.assert_array_equal(result.runs["one"].losses, result.runs["two"].losses)

    # Every optimizer's first loss is that of the seeded initial network on the first batch.
    (x_train, t_train), _ = mnist
    net, batches = initial_network_and_batches(
        784, [100] * 4, 10, n_train=len(x_train), batch_size=128, iterations=12, seed=0
    )
    expected = net.loss(x_train[batches[0]], t_train[batches[0]])
    for name in result.names:
        assert result.runs[name].losses[0] == expected
    # The optimizers update all parameters as one flat vector; at the first step it holds
    # the initial network's parameters.
    np.testing.assert_array_equal(steps[copies[0]][0][0]["all"], net.flat_params)
    # Adam's path differs from SGD's after its first update.
    assert result.runs["Adam"].losses[1] != result.runs["one"].losses[1]


def test_adaptive_methods_beat_sgd_in_a_short_run(mnist):
    result = run(mnist, iterations=200)
    late = {name: result.runs[name].losses[-50:].mean() for name in result.names}
    for name in ("Momentum", "AdaGrad", "Adam"):
        assert late[name] < late["SGD"], late
    for name in result.names:
        assert result.runs[name].losses.shape == (200,)
        assert 0.5 < result.runs[name].test_accuracy <= 1.0
        assert result.runs[name].seconds > 0
    assert result.runs["Adam"].losses[-50:].mean() < result.runs["Adam"].losses[:10].mean() / 5


def test_uint8_pixels_give_the_same_numbers_as_normalized_ones(mnist):
    raw = load_mnist(normalize=False, flatten=False, source="bundled")
    a, b = run(mnist, optimizers=["SGD", "Adam"]), run(raw, optimizers=["SGD", "Adam"])
    for name in a.names:
        np.testing.assert_array_equal(a.runs[name].losses, b.runs[name].losses)
        assert a.runs[name].test_accuracy == b.runs[name].test_accuracy


def test_result_describes_settings_and_data(mnist):
    result = run(mnist, optimizers={"fast SGD": SGD(lr=0.1)}, hidden_size_list=[20], seed=5)
    assert result.settings == {
        "optimizers": {"fast SGD": {"class": "SGD", "lr": 0.1}},
        "hidden_size_list": [20],
        "batch_size": 128,
        "iterations": 12,
        "seed": 5,
        "dtype": "float32",
        "activation": "relu",
        "weight_init_std": "he",
    }
    assert result.data_source == mnist.info.description
    assert result.data_info["source"] == "bundled"
    assert result.runs["fast SGD"].optimizer == "SGD(lr=0.1)"
    plain = run(((mnist[0][0], mnist[0][1]), (mnist[1][0], mnist[1][1])), optimizers=["SGD"])
    assert plain.data_source == "arrays given directly" and plain.data_info is None
    assert plain.data_fingerprint == result.data_fingerprint


def test_given_optimizers_are_left_unused(mnist):
    adam = Adam()
    run(mnist, optimizers={"Adam": adam}, iterations=3)
    assert adam.t == 0 and adam.state_dict() == {
        "t": 0,
        **{"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-08},
    }
    run(mnist, optimizers={"Adam": adam}, iterations=3)  # and can be passed again


def test_progress_lines(mnist):
    lines = []
    compare_optimizers(mnist, ["SGD", "Adam"], iterations=10, log_every=5, progress=lines.append)
    assert len(lines) == 2 * (2 + 1)
    assert lines[0].split()[:4] == ["SGD", "iteration", "5/10", "loss"]
    assert "test accuracy" in lines[2]
    silent = []
    compare_optimizers(mnist, ["SGD"], iterations=4, log_every=None, progress=silent.append)
    assert len(silent) == 1  # only the summary


def test_progress_lines_follow_the_language(mnist, monkeypatch):
    monkeypatch.setenv("DLSCRATCH_LANG", "ko")
    lines = []
    result = compare_optimizers(mnist, ["SGD"], iterations=4, log_every=2, progress=lines.append)
    run = result.runs["SGD"]
    assert lines[1].split() == ["SGD", "반복", "4/4", "손실", f"{run.losses[3]:.4f}"]
    assert lines[2].split() == [
        "SGD", "학습", f"{run.seconds:.2f}초,",
        "훈련", "정확도", f"{run.train_accuracy:.4f},",
        "시험", "정확도", f"{run.test_accuracy:.4f}",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"iterations": 0}, ValueError, "iterations"),
        ({"batch_size": -1}, ValueError, "batch_size"),
        ({"seed": -1}, ValueError, "seed"),
        ({"log_every": -5}, ValueError, "log_every"),
        ({"optimizers": {"x": "SGD"}}, TypeError, "optimizers['x']"),
        ({"optimizers": ["Nadam"]}, ValueError, "Nadam"),
        ({"optimizers": {}}, ValueError, "empty"),
        ({"hidden_size_list": [0]}, ValueError, "hidden_size_list"),
    ],
)
def test_invalid_arguments(mnist, kwargs, error, message):
    with pytest.raises(error) as info:
        run(mnist, **kwargs)
    assert message in str(info.value)


def test_used_optimizer_is_rejected(mnist):
    used = Momentum()
    used.update({"w": np.ones(2)}, {"w": np.ones(2)})
    with pytest.raises(ValueError, match="already taken 1 steps"):
        run(mnist, optimizers={"Momentum": used})


def test_book_optimizers_have_the_books_settings():
    opts = book_optimizers()
    assert list(opts) == ["SGD", "Momentum", "AdaGrad", "Adam"]
    assert [opt.lr for opt in opts.values()] == [0.01, 0.01, 0.01, 0.001]
    assert opts["Momentum"].momentum == 0.9


def test_flat_updates_match_key_by_key_updates_bit_for_bit(mnist):
    # compare_optimizers updates one flat vector; every optimizer is element-wise, so this
    # must be exactly what the book's key-by-key update gives.
    from dlscratch.nn import MultiLayerNet
    from dlscratch.optim import AdaGrad, Nesterov, RMSprop

    (x_train, t_train), _ = mnist
    for cls in (SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam):
        by_key = MultiLayerNet(784, [30, 20], 10, seed=1)
        flat = by_key.copy()
        opt_key, opt_flat = cls(lr=0.01), cls(lr=0.01)
        for step in range(4):
            rows = slice(32 * step, 32 * step + 32)
            opt_key.update(by_key.params, by_key.gradient(x_train[rows], t_train[rows]))
            grad = flat.flat_gradient(x_train[rows], t_train[rows])
            opt_flat.update({"all": flat.flat_params}, {"all": grad})
        np.testing.assert_array_equal(flat.flat_params, by_key.flat_params, err_msg=cls.__name__)


# --- the cache ------------------------------------------------------------------------------


def test_cache_hit_returns_equal_results_without_training(mnist, tmp_path, monkeypatch):
    lines = []
    first = cached_compare_optimizers(
        mnist, ["SGD", "Adam"], cache_dir=tmp_path, iterations=8, log_every=4,
        progress=lines.append,
    )  # fmt: skip
    # Per optimizer: iterations 4 and 8, then the summary.
    assert not first.from_cache and len(lines) == 6
    assert "iteration     4/8" in lines[0] and "trained in" in lines[2]
    # One entry per optimizer, each with the lock file that guarded its writing.
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [
        ".json", ".json", ".lock", ".lock", ".npz", ".npz",
    ]  # fmt: skip

    def no_training(*args, **kwargs):
        raise AssertionError("trained although a stored result matches")

    monkeypatch.setattr(optimizers_module, "compare_optimizers", no_training)
    replayed = []
    second = cached_compare_optimizers(
        mnist, ["SGD", "Adam"], cache_dir=tmp_path, iterations=8, log_every=4,
        progress=replayed.append,
    )  # fmt: skip
    # The stored run's log is replayed, so a page shows the same output either way.
    assert second.from_cache and replayed == lines
    assert second.names == first.names
    for name in first.names:
        a, b = first.runs[name], second.runs[name]
        np.testing.assert_array_equal(a.losses, b.losses)
        assert a.losses.dtype == b.losses.dtype
        assert (a.optimizer, a.train_accuracy, a.test_accuracy, a.seconds) == (
            b.optimizer,
            b.train_accuracy,
            b.test_accuracy,
            b.seconds,
        )
    assert second.settings == first.settings
    assert (second.data_source, second.data_info, second.data_fingerprint) == (
        first.data_source,
        first.data_info,
        first.data_fingerprint,
    )


def test_a_comparison_reuses_the_stored_runs_it_shares(mnist, tmp_path, monkeypatch):
    # Trained together without a cache, as the reference: the runs do not depend on each other.
    joint = compare_optimizers(mnist, ["SGD", "Adam"], iterations=6, progress=None)
    cached_compare_optimizers(mnist, ["SGD"], cache_dir=tmp_path, iterations=6, progress=None)
    trained = []
    real = optimizers_module.compare_optimizers

    def recording(data, optimizers, **kwargs):
        trained.extend(optimizers)
        return real(data, optimizers, **kwargs)

    monkeypatch.setattr(optimizers_module, "compare_optimizers", recording)
    # One worker, so that the trainings are recorded in this process.
    both = cached_compare_optimizers(
        mnist, ["SGD", "Adam"], cache_dir=tmp_path, iterations=6, progress=None, workers=1
    )
    assert trained == ["Adam"] and not both.from_cache
    assert both.names == ["SGD", "Adam"]
    assert set(both.settings["optimizers"]) == {"SGD", "Adam"}
    for name in ("SGD", "Adam"):
        np.testing.assert_array_equal(both.runs[name].losses, joint.runs[name].losses)
        assert both.runs[name].test_accuracy == joint.runs[name].test_accuracy


def test_cache_key_changes_with_every_setting_and_the_data(mnist):
    base = {"optimizers": ["SGD", "Adam"], "iterations": 100}
    key = comparison_key(mnist, **base)
    assert key == comparison_key(mnist, **base)
    assert len(key) == 64
    (x_train, t_train), test = mnist
    changed_pixel = x_train.copy()
    changed_pixel[0, 300] += 0.5
    variants = [
        comparison_key(mnist, **{**base, "iterations": 101}),
        comparison_key(mnist, **{**base, "seed": 1}),
        comparison_key(mnist, **{**base, "batch_size": 64}),
        comparison_key(mnist, **{**base, "hidden_size_list": (100, 100)}),
        comparison_key(mnist, **{**base, "dtype": np.float64}),
        comparison_key(mnist, **{**base, "activation": "sigmoid"}),
        comparison_key(mnist, **{**base, "weight_init_std": 0.01}),
        comparison_key(mnist, **{**base, "optimizers": ["Adam", "SGD"]}),
        comparison_key(mnist, **{**base, "optimizers": {"SGD": SGD(lr=0.02), "Adam": Adam()}}),
        comparison_key(mnist, **{**base, "optimizers": {"sgd": SGD(), "Adam": Adam()}}),
        comparison_key(((changed_pixel, t_train), test), **base),
    ]
    assert len({key, *variants}) == len(variants) + 1


# --- smoothing ------------------------------------------------------------------------------


def test_moving_average_by_hand():
    # Window 5 over 0, 0, 10, 0, 0, 5: the means of 3, 4, 5, 5, 4 and 3 points.
    values = [0, 0, 10, 0, 0, 5]
    expected = [10 / 3, 10 / 4, 10 / 5, 15 / 5, 15 / 4, 5 / 3]
    np.testing.assert_allclose(moving_average(values, window=5), expected, rtol=1e-15)
    np.testing.assert_array_equal(moving_average(values, window=1), values)
    np.testing.assert_allclose(moving_average(np.full(100, 0.25), window=51), 0.25, rtol=1e-14)
    assert moving_average([], window=3).shape == (0,)


@pytest.mark.parametrize(("window", "error"), [(4, ValueError), (0, ValueError), (2.0, TypeError)])
def test_moving_average_rejects_bad_windows(window, error):
    with pytest.raises(error, match="window"):
        moving_average([1.0, 2.0], window=window)


def test_cached_comparison_checks_log_every_even_when_stored(mnist, tmp_path):
    cached_compare_optimizers(mnist, ["SGD"], cache_dir=tmp_path, iterations=4, progress=None)
    with pytest.raises(ValueError, match="log_every"):
        cached_compare_optimizers(
            mnist, ["SGD"], cache_dir=tmp_path, iterations=4, log_every=-1, progress=None
        )


# --- a diverging run -------------------------------------------------------------------------


def first_non_finite_iteration(data, lr, iterations):
    """Train by hand, key by key as the book does, and return the first non-finite iteration."""
    (x_train, t_train), _ = data
    initial, batches = initial_network_and_batches(
        784, [100] * 4, 10, n_train=len(x_train), batch_size=128, iterations=iterations, seed=0
    )
    net, opt = initial.copy(), SGD(lr=lr)
    with np.errstate(all="ignore"):
        for i, index in enumerate(batches):
            grads = net.gradient(x_train[index], t_train[index])
            loss = net.last_loss
            if not (np.isfinite(loss) and all(np.isfinite(g).all() for g in grads.values())):
                return i
            opt.update(net.params, grads)
    return None


def test_a_diverging_run_is_recorded_and_the_others_still_train(mnist):
    expected = first_non_finite_iteration(mnist, lr=3.0, iterations=40)
    assert expected is not None and expected > 0
    lines = []
    result = compare_optimizers(
        mnist, {"huge": SGD(lr=3.0), "book": SGD(lr=0.01)}, iterations=40, progress=lines.append
    )
    huge, book = result.runs["huge"], result.runs["book"]
    assert huge.diverged_at == expected
    assert np.all(np.isfinite(huge.losses[:expected])) and np.all(np.isnan(huge.losses[expected:]))
    assert np.isnan(huge.train_accuracy) and np.isnan(huge.test_accuracy)
    assert f"diverged at iteration {expected + 1}" in lines[0]
    assert book.diverged_at is None and np.all(np.isfinite(book.losses))
    assert 0 < book.test_accuracy <= 1
    # The same first batch through the same network: the first losses agree.
    assert huge.losses[0] == book.losses[0]


def test_a_diverged_run_survives_the_cache(mnist, tmp_path):
    optimizers = {"huge": SGD(lr=3.0)}
    first = cached_compare_optimizers(
        mnist, optimizers, iterations=30, cache_dir=tmp_path, progress=None
    )
    lines = []
    again = cached_compare_optimizers(
        mnist, optimizers, iterations=30, cache_dir=tmp_path, progress=lines.append
    )
    assert again.from_cache and again.runs["huge"].diverged_at == first.runs["huge"].diverged_at
    np.testing.assert_array_equal(again.runs["huge"].losses, first.runs["huge"].losses)
    assert "diverged at iteration" in lines[-1]


# --- several seeds ---------------------------------------------------------------------------


def test_seed_study_runs_equal_plain_comparisons(mnist, tmp_path):
    from dlscratch.experiments import compare_over_seeds

    study = compare_over_seeds(
        mnist, ["SGD", "Adam"], seeds=[3, 1], iterations=15, cache_dir=tmp_path
    )
    assert study.seeds == [3, 1] and study.names == ["SGD", "Adam"]
    for i, seed in enumerate([3, 1]):
        plain = run(mnist, optimizers=["SGD", "Adam"], iterations=15, seed=seed)
        for name in ("SGD", "Adam"):
            np.testing.assert_array_equal(study.runs[name][i].losses, plain.runs[name].losses)
            assert study.runs[name][i].test_accuracy == plain.runs[name].test_accuracy
    losses = study.final_losses("Adam", last=5)
    expected = [np.mean(study.runs["Adam"][i].losses[-5:]) for i in range(2)]
    np.testing.assert_array_equal(losses, expected)
    assert study.diverged("Adam") == 0


def test_comparison_is_bit_identical_with_two_worker_processes_and_logs_in_order(mnist):
    names = ["SGD", "Momentum", "AdaGrad", "Adam"]
    logs: dict[int, list[str]] = {1: [], 2: []}
    results = {
        workers: run(
            mnist,
            optimizers=names,
            iterations=20,
            log_every=10,
            workers=workers,
            progress=logs[workers].append,
        )
        for workers in (1, 2)
    }
    for name in names:
        one, two = results[1].runs[name], results[2].runs[name]
        np.testing.assert_array_equal(one.losses, two.losses)
        assert (one.train_accuracy, one.test_accuracy) == (two.train_accuracy, two.test_accuracy)
    # The same lines in the same order, run by run; only the seconds of the summaries differ.
    without_seconds = {w: [re.sub(r"[\d.]+ s", "", line) for line in logs[w]] for w in (1, 2)}
    assert without_seconds[1] == without_seconds[2]
    assert [line.split()[0] for line in logs[2]] == [n for n in names for _ in range(3)]


def test_seed_study_is_bit_identical_in_parallel_and_reuses_the_cache(mnist, tmp_path, monkeypatch):
    from dlscratch.experiments import compare_over_seeds

    optimizers = {"SGD": SGD(lr=0.01), "Adam": Adam(lr=0.001), "huge": SGD(lr=3.0)}
    kwargs = {"seeds": [0, 1, 2], "iterations": 30}
    serial = compare_over_seeds(
        mnist, optimizers, workers=1, cache_dir=tmp_path / "serial", **kwargs
    )
    parallel = compare_over_seeds(
        mnist, optimizers, workers=2, cache_dir=tmp_path / "parallel", **kwargs
    )
    for name in optimizers:
        for a, b in zip(serial.runs[name], parallel.runs[name], strict=True):
            np.testing.assert_array_equal(a.losses, b.losses)  # NaN equals NaN here
            assert a.diverged_at == b.diverged_at
            np.testing.assert_array_equal(
                [a.train_accuracy, a.test_accuracy], [b.train_accuracy, b.test_accuracy]
            )
    assert parallel.diverged("huge") == 3

    # What the workers stored is found again: nothing trains the second time.
    def no_training(*args, **kwargs):
        raise AssertionError("trained again instead of reading the cache")

    monkeypatch.setattr(optimizers_module, "compare_optimizers", no_training)
    again = compare_over_seeds(mnist, optimizers, cache_dir=tmp_path / "parallel", **kwargs)
    np.testing.assert_array_equal(again.final_losses("Adam"), parallel.final_losses("Adam"))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"seeds": []}, ValueError, "seeds"),
        ({"seeds": [-1]}, ValueError, "seeds"),
        ({"seed": 3}, TypeError, "seed"),
        ({"progress": print}, TypeError, "progress"),
        ({"workers": 0}, ValueError, "workers"),
    ],
)
def test_seed_study_rejects_bad_arguments(mnist, tmp_path, kwargs, error, message):
    from dlscratch.experiments import compare_over_seeds

    with pytest.raises(error, match=message):
        compare_over_seeds(mnist, ["SGD"], iterations=5, cache_dir=tmp_path, **kwargs)
    assert not list(tmp_path.iterdir())


def test_the_optimizers_of_one_comparison_train_side_by_side_to_the_same_numbers(mnist, tmp_path):
    # Two workers train the four runs two at a time; one worker, one after the other.  Each
    # run holds BLAS to one thread, so every sum is split the same way: bit-identical curves,
    # and the same lines printed in the same order.
    kwargs = {"iterations": 30, "log_every": 10, "seed": 3}
    printed = {1: [], 2: []}
    results = {
        workers: compare_optimizers(mnist, workers=workers, progress=printed[workers].append,
                                    **kwargs)
        for workers in (1, 2)
    }  # fmt: skip
    for name in results[1].names:
        one, two = results[1].runs[name], results[2].runs[name]
        np.testing.assert_array_equal(one.losses, two.losses)
        assert (one.train_accuracy, one.test_accuracy) == (two.train_accuracy, two.test_accuracy)
    # The summaries say how long each run took, which differs; everything else is the same.
    seconds = re.compile(r"trained in [\d.]+ s")
    assert [seconds.sub("", line) for line in printed[1]] == [
        seconds.sub("", line) for line in printed[2]
    ]
    assert len(printed[1]) == 4 * (3 + 1)  # iterations 0, 10, 20 and a summary per run
    cached = {
        workers: cached_compare_optimizers(mnist, cache_dir=tmp_path / str(workers),
                                           workers=workers, progress=None, **kwargs)
        for workers in (1, 2)
    }  # fmt: skip
    for name in results[1].names:
        np.testing.assert_array_equal(cached[1].runs[name].losses, results[1].runs[name].losses)
        np.testing.assert_array_equal(cached[2].runs[name].losses, results[1].runs[name].losses)


def test_default_workers_uses_every_core_unless_the_environment_says(monkeypatch):
    from dlscratch.experiments.common import default_workers

    monkeypatch.delenv("DLSCRATCH_WORKERS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert default_workers() == 2
    monkeypatch.setenv("DLSCRATCH_WORKERS", "1")
    assert default_workers() == 1
    for bad in ("0", "two", ""):
        monkeypatch.setenv("DLSCRATCH_WORKERS", bad)
        with pytest.raises(ValueError, match="DLSCRATCH_WORKERS"):
            default_workers()
