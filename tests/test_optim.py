"""Tests of dlscratch.optim.

Expected numbers come from hand arithmetic (written out in the comments) or
from a second, independent implementation of the published formula written
here in the test; never from the package's own output.
"""

import io
import math
import pickle
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlscratch.landscapes import anisotropic, trace_path
from dlscratch.optim import SGD, AdaGrad, Adam, Momentum, Nesterov, Optimizer, RMSprop

ALL_OPTIMIZERS = [SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam]

# A two-element parameter and a fixed gradient used for hand-derived first steps.
THETA0 = [1.0, -2.0]
G = [0.5, -4.0]


def steps_with_fixed_gradient(opt, n, theta=THETA0, g=G, dtype=np.float64):
    params = {"w": np.array(theta, dtype=dtype)}
    for _ in range(n):
        opt.update(params, {"w": np.array(g, dtype=dtype)})
    return params["w"]


# --- exact first steps, by hand -------------------------------------------------------


def test_sgd_first_step():
    # θ − ηg = (1 − 0.1·0.5, −2 + 0.1·4)
    assert steps_with_fixed_gradient(SGD(lr=0.1), 1) == pytest.approx([0.95, -1.6], abs=1e-15)


def test_momentum_first_two_steps():
    # v1 = −0.1g = (−0.05, 0.4); θ1 = (0.95, −1.6)
    # v2 = 0.9·v1 − 0.1g = (−0.095, 0.76); θ2 = (0.855, −0.84)
    opt = Momentum(lr=0.1, momentum=0.9)
    assert steps_with_fixed_gradient(opt, 2) == pytest.approx([0.855, -0.84], abs=1e-15)


def test_nesterov_first_two_steps():
    # θ1 = θ0 − 1.9·0.1·g = (0.905, −1.24); v1 = (−0.05, 0.4)
    # θ2 = θ1 + 0.81·v1 − 0.19·g = (0.905 − 0.0405 − 0.095, −1.24 + 0.324 + 0.76)
    opt = Nesterov(lr=0.1, momentum=0.9)
    assert steps_with_fixed_gradient(opt, 2) == pytest.approx([0.7695, -0.156], abs=1e-15)


def test_adagrad_first_two_steps():
    # h1 = g²; step 1 = ηg/(|g| + ε).  h2 = 2g²; step 2 = ηg/(√2|g| + ε).
    eta, eps = 0.1, 1e-7
    expected_x = 1 - eta * 0.5 / (0.5 + eps) - eta * 0.5 / (math.sqrt(2) * 0.5 + eps)
    expected_y = -2 + eta * 4 / (4 + eps) + eta * 4 / (math.sqrt(2) * 4 + eps)
    got = steps_with_fixed_gradient(AdaGrad(lr=eta), 2)
    assert got == pytest.approx([expected_x, expected_y], rel=1e-14)
    assert got == pytest.approx([1 - 0.1 - 0.1 / math.sqrt(2), -2 + 0.1 + 0.1 / math.sqrt(2)])


def test_rmsprop_first_step_is_ten_times_lr():
    # h1 = 0.01g², √h1 = 0.1|g|, so the step is ηg/(0.1|g| + ε) ≈ 10η·sign(g).
    got = steps_with_fixed_gradient(RMSprop(lr=0.01), 1)
    expected = [1 - 0.01 * 0.5 / (0.05 + 1e-7), -2 + 0.01 * 4 / (0.4 + 1e-7)]
    assert got == pytest.approx(expected, rel=1e-14)
    assert got == pytest.approx([0.9, -1.9], abs=1e-6)


def test_adam_first_two_steps():
    # t=1: m̂ = g, v̂ = g², so θ1 = θ0 − η·g/(|g| + ε).
    # t=2 with the same g: m = 0.19g, v = 0.001999g², m̂ = g, v̂ = g²: the same step again.
    eta, eps = 0.001, 1e-8
    got = steps_with_fixed_gradient(Adam(), 2)
    expected = [1 - 2 * eta * 0.5 / (0.5 + eps), -2 + 2 * eta * 4 / (4 + eps)]
    assert got == pytest.approx(expected, rel=1e-12)


def test_update_returns_none_and_changes_arrays_in_place():
    for cls in ALL_OPTIMIZERS:
        w = np.array([1.0, 2.0])
        params = {"w": w}
        assert cls(lr=0.1).update(params, {"w": np.array([1.0, 1.0])}) is None
        assert params["w"] is w
        assert np.all(w < [1.0, 2.0]), cls.__name__


# --- the book's path end points ---------------------------------------------------------


@pytest.mark.parametrize(
    ("optimizer", "end"),
    [
        (SGD(lr=0.95), (-0.3504, 0.0848)),
        (Momentum(lr=0.1), (0.8964, 0.0881)),
        (AdaGrad(lr=1.5), (-0.1202, 0.0000)),
        (Adam(lr=0.3), (0.1360, 0.3182)),
    ],
    ids=["SGD", "Momentum", "AdaGrad", "Adam"],
)
def test_book_path_end_points(optimizer, end):
    # End points after 30 updates from (−7, 2), computed from the book's formulas.
    path = trace_path(optimizer, anisotropic, start=(-7.0, 2.0), steps=30)
    assert path.shape == (31, 2)
    assert path[0] == pytest.approx([-7.0, 2.0])
    assert path[-1] == pytest.approx(end, abs=5e-5)


def test_sgd_path_has_closed_form():
    # x_k = −7·0.905^k, y_k = 2·(−0.9)^k for η = 0.95.
    k = np.arange(31)
    path = trace_path(SGD(lr=0.95), anisotropic, steps=30)
    np.testing.assert_allclose(path[:, 0], -7 * 0.905**k, rtol=1e-12)
    np.testing.assert_allclose(path[:, 1], 2 * (-0.9) ** k, rtol=1e-12, atol=1e-15)


def test_trace_path_rejects_negative_steps():
    with pytest.raises(ValueError, match="steps"):
        trace_path(SGD(), anisotropic, steps=-1)


# --- characteristic properties ------------------------------------------------------------

finite_gradients = st.lists(
    st.floats(min_value=-1e3, max_value=1e3).filter(lambda x: abs(x) > 1e-3), min_size=1, max_size=6
)


@settings(max_examples=60, deadline=None)
@given(g=finite_gradients, lr=st.floats(1e-4, 1.0))
def test_adam_first_step_moves_each_coordinate_by_lr(g, lr):
    theta = np.zeros(len(g))
    Adam(lr=lr).update({"w": theta}, {"w": np.array(g)})
    np.testing.assert_allclose(theta, -lr * np.sign(g), rtol=1e-5)


@settings(max_examples=60, deadline=None)
@given(
    gradients=st.lists(
        st.lists(st.floats(-100, 100).filter(lambda x: abs(x) > 1e-2), min_size=3, max_size=3),
        min_size=2,
        max_size=12,
    )
)
def test_adagrad_effective_learning_rate_never_grows(gradients):
    # The step per unit gradient, −Δθ/g = η/(√h + ε), can only fall as h grows.
    theta = np.zeros(3)
    opt = AdaGrad(lr=0.5)
    previous = np.full(3, np.inf)
    for g in map(np.array, gradients):
        before = theta.copy()
        opt.update({"w": theta}, {"w": g})
        rate = (before - theta) / g
        assert np.all(rate > 0)
        assert np.all(rate <= previous * (1 + 1e-12))
        previous = rate


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    fraction=st.floats(0.01, 0.99),
)
def test_sgd_decreases_a_convex_quadratic_below_two_over_l(seed, fraction):
    # f(θ) = ½θᵀAθ with A symmetric positive definite; L = largest eigenvalue of A.
    rng = np.random.default_rng(seed)
    m = rng.normal(size=(4, 4))
    a = m @ m.T + 0.1 * np.eye(4)
    lipschitz = np.linalg.eigvalsh(a).max()
    theta = rng.normal(size=4)

    def f(x):
        return 0.5 * x @ a @ x

    opt = SGD(lr=fraction * 2 / lipschitz)
    for _ in range(5):
        before = f(theta)
        opt.update({"w": theta}, {"w": a @ theta})
        assert f(theta) < before


@settings(max_examples=40, deadline=None)
@given(
    lr=st.floats(0.001, 0.3),
    momentum=st.floats(0.0, 0.95),
    start=st.tuples(st.floats(-10, 10), st.floats(-10, 10)),
)
def test_nesterov_equals_sutskever_look_ahead_form(lr, momentum, start):
    # Sutskever et al.: v ← αv − η∇f(φ + αv), φ ← φ + v.  Our θ is the look-ahead φ + αv.
    phi, v = np.array(start), np.zeros(2)
    theta = np.array(start)
    opt = Nesterov(lr=lr, momentum=momentum)
    for _ in range(15):
        look_ahead = phi + momentum * v
        v = momentum * v - lr * np.array(anisotropic.grad(*look_ahead))
        phi = phi + v
        opt.update({"w": theta}, {"w": np.array(anisotropic.grad(*theta))})
        np.testing.assert_allclose(theta, phi + momentum * v, rtol=1e-9, atol=1e-12)


def test_nesterov_differs_from_momentum():
    nesterov = trace_path(Nesterov(lr=0.1), anisotropic, steps=10)
    momentum = trace_path(Momentum(lr=0.1), anisotropic, steps=10)
    assert np.abs(nesterov[1:] - momentum[1:]).min() > 1e-3


def test_nesterov_updates_theta_with_the_old_velocity():
    # The buggy order (v first, then θ with the new v) would give θ1 = θ0 + α²v1 − (1+α)ηg.
    theta = np.array([1.0])
    Nesterov(lr=0.1, momentum=0.9).update({"w": theta}, {"w": np.array([1.0])})
    assert theta[0] == pytest.approx(1 - 1.9 * 0.1)  # with v0 = 0 the α²v term vanishes
    buggy = 1 + 0.81 * (-0.1) - 1.9 * 0.1
    assert theta[0] != pytest.approx(buggy)


@settings(max_examples=40, deadline=None)
@given(lr=st.floats(0.001, 0.5), momentum=st.floats(0.0, 0.95))
def test_momentum_equals_framework_form_for_constant_lr(lr, momentum):
    # b ← αb + g; θ ← θ − ηb (PyTorch's form) visits the same points, with v = −ηb.
    theta, phi, b = np.array([-7.0, 2.0]), np.array([-7.0, 2.0]), np.zeros(2)
    opt = Momentum(lr=lr, momentum=momentum)
    for _ in range(20):
        b = momentum * b + np.array(anisotropic.grad(*phi))
        phi = phi - lr * b
        opt.update({"w": theta}, {"w": np.array(anisotropic.grad(*theta))})
    np.testing.assert_allclose(theta, phi, rtol=1e-9, atol=1e-12)


def test_momentum_with_zero_coefficient_is_sgd():
    a = trace_path(Momentum(lr=0.2, momentum=0.0), anisotropic, steps=20)
    b = trace_path(SGD(lr=0.2), anisotropic, steps=20)
    np.testing.assert_array_equal(a, b)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), eps=st.sampled_from([1e-8, 1e-4, 1e-2]))
def test_adam_equals_book_form_with_rescaled_eps(seed, eps):
    # The book: η_t = η√(1−β₂ᵗ)/(1−β₁ᵗ); θ ← θ − η_t m/(√v + ε̂√(1−β₂ᵗ)).
    rng = np.random.default_rng(seed)
    gradients = rng.normal(size=(25, 5)) * rng.uniform(0.01, 10, size=5)
    lr, b1, b2 = 0.01, 0.9, 0.999
    theta, book = np.zeros(5), np.zeros(5)
    m, v = np.zeros(5), np.zeros(5)
    opt = Adam(lr=lr, eps=eps)
    for t, g in enumerate(gradients, start=1):
        opt.update({"w": theta}, {"w": g})
        m += (1 - b1) * (g - m)
        v += (1 - b2) * (g * g - v)
        lr_t = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
        book -= lr_t * m / (np.sqrt(v) + eps * math.sqrt(1 - b2**t))
    np.testing.assert_allclose(theta, book, rtol=1e-10, atol=1e-14)


def test_rmsprop_forgets_while_adagrad_does_not():
    # After a burst of large gradients, small ones: AdaGrad's steps stay tiny, RMSprop's recover.
    gradients = [100.0] * 20 + [0.1] * 2000
    steps = {}
    for cls in (AdaGrad, RMSprop):
        theta, opt = np.zeros(1), cls(lr=0.01)
        for g in gradients:
            before = theta[0]
            opt.update({"w": theta}, {"w": np.array([g])})
        steps[cls] = before - theta[0]
    # AdaGrad: h ≥ 20·100², so the last step ≤ 0.01·0.1/447 ≈ 2.2e-6.
    assert steps[AdaGrad] < 2.3e-6
    # RMSprop: the burst left h ≈ (1 − 0.99²⁰)·100² ≈ 1821, decayed by 0.99²⁰⁰⁰ ≈ 1.9e-9 to
    # about 3.4e-6, beside the new 0.1² = 0.01; so √h ≈ 0.1 and the step is close to η again.
    assert steps[RMSprop] == pytest.approx(0.01, rel=1e-3)


# --- dtype -------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", ALL_OPTIMIZERS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved(cls, dtype):
    params = {"W": np.array([[0.5, -1.0], [2.0, 0.25]], dtype=dtype), "b": np.zeros(2, dtype)}
    opt = cls(lr=0.01)
    for _ in range(3):
        grads = {"W": params["W"] * 2.0, "b": np.array([0.1, -0.2])}  # float64 gradient for "b"
        opt.update(params, grads)
    assert params["W"].dtype == dtype and params["b"].dtype == dtype
    for name, value in opt.state_dict().items():
        if isinstance(value, np.ndarray):
            assert value.dtype == dtype, name


@pytest.mark.parametrize("cls", ALL_OPTIMIZERS)
def test_float32_follows_float64(cls):
    paths = {}
    for dtype in (np.float32, np.float64):
        params = {"w": np.array([-7.0, 2.0], dtype=dtype)}
        opt = cls(lr=0.05)
        for _ in range(20):
            w = params["w"]
            opt.update(params, {"w": np.array([w[0] / 10, 2 * w[1]], dtype=dtype)})
        paths[dtype] = params["w"]
    np.testing.assert_allclose(paths[np.float32], paths[np.float64], rtol=1e-4, atol=1e-5)


# --- bad input: clear errors and nothing modified ----------------------------------------

BAD_HYPERPARAMETERS = [
    (SGD, "lr", 0.0),
    (SGD, "lr", -0.1),
    (SGD, "lr", float("nan")),
    (SGD, "lr", float("inf")),
    (Momentum, "momentum", 1.0),
    (Momentum, "momentum", -0.1),
    (Nesterov, "momentum", 1.5),
    (AdaGrad, "eps", 0.0),
    (AdaGrad, "eps", -1e-7),
    (RMSprop, "decay_rate", 1.0),
    (RMSprop, "decay_rate", float("nan")),
    (Adam, "beta1", 1.0),
    (Adam, "beta2", -0.5),
    (Adam, "eps", 0.0),
    (Adam, "lr", -1.0),
]


@pytest.mark.parametrize(("cls", "name", "value"), BAD_HYPERPARAMETERS)
def test_invalid_hyperparameter_is_rejected_at_construction(cls, name, value):
    with pytest.raises(ValueError) as info:
        cls(**{name: value})
    assert name in str(info.value)
    assert repr(value) in str(info.value)


def test_non_numeric_hyperparameter_is_a_type_error():
    with pytest.raises(TypeError, match="lr"):
        SGD(lr="0.1")
    with pytest.raises(TypeError, match="momentum"):
        Momentum(momentum=True)


def snapshot(opt, params):
    return {k: v.copy() for k, v in params.items()}, opt.state_dict()


def assert_unchanged(opt, params, before):
    saved_params, saved_state = before
    assert params.keys() == saved_params.keys()
    for key in saved_params:
        assert params[key].dtype == saved_params[key].dtype
        np.testing.assert_array_equal(params[key], saved_params[key])
    state = opt.state_dict()
    assert state.keys() == saved_state.keys()
    for key, value in saved_state.items():
        np.testing.assert_array_equal(state[key], value)


def started(cls):
    """An optimizer with non-zero state after one valid step, and its params."""
    params = {"W": np.array([[1.0, 2.0], [3.0, 4.0]]), "b": np.array([0.5, -0.5])}
    opt = cls(lr=0.1)
    opt.update(params, {"W": np.ones((2, 2)), "b": np.array([1.0, -1.0])})
    return opt, params


def bad_update_cases():
    # Each case breaks only the last key, so an optimizer that wrote before
    # checking would already have changed "W".
    good_w = np.full((2, 2), 0.5)
    cases = {
        "missing gradient": (
            KeyError,
            "'b'",
            lambda p: (p, {"W": good_w}),
        ),
        "gradient without parameter": (
            KeyError,
            "'c'",
            lambda p: (p, {"W": good_w, "b": np.ones(2), "c": np.ones(2)}),
        ),
        "shape mismatch": (
            ValueError,
            "grads['b'] has shape (3,)",
            lambda p: (p, {"W": good_w, "b": np.ones(3)}),
        ),
        "complex gradient": (
            TypeError,
            "grads['b'] must be floating-point",
            lambda p: (p, {"W": good_w, "b": np.array([1.0, 2.0j])}),
        ),
        "integer gradient": (
            TypeError,
            "grads['b'] must be floating-point",
            lambda p: (p, {"W": good_w, "b": np.array([1, 2])}),
        ),
        "integer parameter": (
            TypeError,
            "params['b'] must be a floating-point",
            lambda p: ({"W": p["W"], "b": np.array([1, 2])}, {"W": good_w, "b": np.ones(2)}),
        ),
        "new key after first step": (
            KeyError,
            "params['c'] is new",
            lambda p: ({**p, "c": np.zeros(2)}, {"W": good_w, "b": np.ones(2), "c": np.ones(2)}),
        ),
        "key removed after first step": (
            KeyError,
            "params['b'] is missing",
            lambda p: ({"W": p["W"]}, {"W": good_w}),
        ),
        "shape changed after first step": (
            ValueError,
            "params['b'] has shape (3,), but it had shape (2,)",
            lambda p: ({"W": p["W"], "b": np.zeros(3)}, {"W": good_w, "b": np.ones(3)}),
        ),
        "dtype changed after first step": (
            TypeError,
            "params['b'] has dtype float32, but it had dtype float64",
            lambda p: (
                {"W": p["W"], "b": p["b"].astype(np.float32)},
                {"W": good_w, "b": np.ones(2)},
            ),
        ),
        "read-only parameter": (
            ValueError,
            "params['b'] is read-only",
            lambda p: ({"W": p["W"], "b": _read_only(p["b"])}, {"W": good_w, "b": np.ones(2)}),
        ),
    }
    return [pytest.param(*case, id=name) for name, case in cases.items()]


def _read_only(array):
    array = array.copy()
    array.flags.writeable = False
    return array


# Cases that change the parameter set after the first step: an error only for a method with
# state; SGD, which keeps none, may serve several networks.
_LAYOUT_CASES = (
    "new key after first step",
    "key removed after first step",
    "shape changed after first step",
    "dtype changed after first step",
)


def _update_cases_for(cls):
    return [
        pytest.param(cls, *case.values, id=f"{cls.__name__}-{case.id}")
        for case in bad_update_cases()
        if cls.state_names or case.id not in _LAYOUT_CASES
    ]


@pytest.mark.parametrize(
    ("cls", "error", "message", "make_inputs"),
    [case for cls in ALL_OPTIMIZERS for case in _update_cases_for(cls)],
)
def test_bad_update_raises_and_changes_nothing(cls, error, message, make_inputs):
    opt, params = started(cls)
    params_arg, grads_arg = make_inputs(params)
    before = snapshot(opt, params_arg)
    before_shared = snapshot(opt, params)
    with pytest.raises(error) as info:
        opt.update(params_arg, grads_arg)
    assert message in str(info.value)
    assert_unchanged(opt, params_arg, before)
    assert_unchanged(opt, params, before_shared)
    assert opt.t == 1


@pytest.mark.parametrize("cls", ALL_OPTIMIZERS)
def test_error_on_first_step_leaves_optimizer_fresh(cls):
    opt = cls(lr=0.1)
    params = {"W": np.ones(2), "b": np.ones(2)}
    with pytest.raises(ValueError, match="'b'"):
        opt.update(params, {"W": np.ones(2), "b": np.ones(3)})
    np.testing.assert_array_equal(params["W"], np.ones(2))
    assert opt.t == 0 and opt.state_dict() == {"t": 0, **_hyperparameters(opt)}
    # The optimizer still works, and the failed call did not fix the parameter set.
    opt.update({"W": params["W"]}, {"W": np.ones(2)})
    assert opt.t == 1


def _hyperparameters(opt):
    return {name: getattr(opt, name) for name in opt.hyperparameter_names}


def test_non_dict_arguments_are_type_errors():
    with pytest.raises(TypeError, match="params"):
        SGD().update([np.ones(2)], {"w": np.ones(2)})
    with pytest.raises(TypeError, match="grads"):
        SGD().update({"w": np.ones(2)}, [np.ones(2)])
    with pytest.raises(TypeError, match=r"params\['w'\]"):
        SGD().update({"w": "1.0"}, {"w": np.ones(1)})


# --- state round trip --------------------------------------------------------------------


def training_gradients(seed=0, steps=9):
    rng = np.random.default_rng(seed)
    return [
        {"W": rng.normal(size=(3, 2)).astype(np.float32), "b": rng.normal(size=2)}
        for _ in range(steps)
    ]


def fresh_params():
    return {"W": np.linspace(-1, 1, 6, dtype=np.float32).reshape(3, 2), "b": np.zeros(2)}


def make(cls):
    # Non-default hyperparameters, so a load that ignored them would be caught.
    return cls(lr=0.037)


@pytest.mark.parametrize("cls", ALL_OPTIMIZERS)
@pytest.mark.parametrize("via", ["dict", "pickle", "savez"])
def test_state_round_trip_resumes_bit_exactly(cls, via):
    gradients = training_gradients()
    straight, opt = fresh_params(), make(cls)
    for g in gradients:
        opt.update(straight, g)

    resumed, first = fresh_params(), make(cls)
    for g in gradients[:4]:
        first.update(resumed, g)
    state = first.state_dict()
    if via == "pickle":
        state = pickle.loads(pickle.dumps(state))
    elif via == "savez":
        buffer = io.BytesIO()
        np.savez(buffer, **state)
        buffer.seek(0)
        state = dict(np.load(buffer, allow_pickle=False))
    second = cls()  # defaults: the hyperparameters must come from the state
    second.load_state_dict(state)
    assert second.t == 4 and second.lr == 0.037
    for g in gradients[4:]:
        second.update(resumed, g)

    for key in straight:
        assert resumed[key].dtype == straight[key].dtype
        np.testing.assert_array_equal(resumed[key], straight[key])


def test_state_dict_is_a_copy():
    opt = Adam()
    params = {"w": np.ones(2)}
    opt.update(params, {"w": np.ones(2)})
    state = opt.state_dict()
    opt.update(params, {"w": np.ones(2)})
    # m after one step with g = 1 is (1 − β₁)·1; the second update must not leak into it.
    np.testing.assert_array_equal(state["m/w"], np.full(2, 1 - 0.9))
    assert state["t"] == 1


@pytest.mark.parametrize(
    ("corrupt", "error", "message"),
    [
        (lambda s: s.pop("t"), KeyError, "'t'"),
        (lambda s: s.pop("beta2"), KeyError, "'beta2'"),
        (lambda s: s.pop("v/W"), KeyError, "'v/W'"),
        (lambda s: s.update({"velocity/W": np.zeros(2)}), KeyError, "'velocity/W'"),
        (lambda s: s.update({"beta1": 1.5}), ValueError, "beta1"),
        (lambda s: s.update({"t": -3}), ValueError, "state['t']"),
        (lambda s: s.update({"m/b": np.array([1, 2])}), TypeError, "state['m/b']"),
    ],
    ids=["no t", "no beta2", "no v/W", "foreign entry", "bad beta1", "negative t", "int array"],
)
def test_load_state_dict_rejects_bad_state_and_changes_nothing(corrupt, error, message):
    donor, _ = started(Adam)
    state = donor.state_dict()
    corrupt(state)
    opt, params = started(Adam)
    opt.update(params, {"W": np.ones((2, 2)), "b": np.ones(2)})
    before = snapshot(opt, params)
    with pytest.raises(error) as info:
        opt.load_state_dict(state)
    assert message in str(info.value)
    assert_unchanged(opt, params, before)
    assert opt.t == 2


def test_repr_shows_hyperparameters():
    assert repr(Momentum(lr=0.1)) == "Momentum(lr=0.1, momentum=0.9)"


def test_base_class_has_no_rule():
    with pytest.raises(NotImplementedError):
        Optimizer(lr=0.1).update({"w": np.ones(1)}, {"w": np.ones(1)})


@pytest.mark.parametrize("case", _LAYOUT_CASES)
def test_sgd_accepts_another_parameter_set(case):
    # The book's batch-norm script updates two networks, with and without γ and β, with one
    # SGD.  SGD keeps no state, so each call is θ ← θ − ηg on whatever it is given.
    (make_inputs,) = [c.values[2] for c in bad_update_cases() if c.id == case]
    opt, params = started(SGD)
    params_arg, grads_arg = make_inputs(params)
    expected = {key: params_arg[key] - 0.1 * np.asarray(grads_arg[key]) for key in params_arg}
    opt.update(params_arg, grads_arg)
    for key, value in expected.items():
        np.testing.assert_allclose(params_arg[key], value)
    assert opt.t == 2


# --- a NaN or infinite gradient: the run has diverged --------------------------------------


@pytest.mark.parametrize("cls", ALL_OPTIMIZERS)
def test_a_nan_gradient_diverges_the_run_as_the_book_does_and_warns_once(cls, float_rule):
    lr = 0.1
    steps = [
        {"W": [[0.5, -1.0], [2.0, 0.25]], "b": [1.0, -2.0]},
        {"W": [[1.0, 0.5], [math.inf, -0.5]], "b": [math.nan, 3.0]},  # diverges here
        {"W": [[0.25, 1.0], [1.0, -math.inf]], "b": [1.0, 1.0]},
        {"W": [[-1.0, 2.0], [0.5, 0.5]], "b": [0.5, -0.5]},
    ]
    start = {"W": [[1.0, 2.0], [3.0, 4.0]], "b": [0.5, -0.5]}
    params = {key: np.array(value) for key, value in start.items()}
    opt = cls(lr=lr)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for grads in steps:
            opt.update(params, {key: np.array(value) for key, value in grads.items()})
    assert len(caught) == 1
    assert caught[0].category is RuntimeWarning
    message = str(caught[0].message)
    assert "grads['W']" in message and "diverged" in message
    assert caught[0].filename == __file__  # it points at the caller's update line

    rule = float_rule(cls.__name__, lr)
    for key in start:
        flat_start = np.ravel(start[key]).tolist()
        expected = []
        for i, theta in enumerate(flat_start):
            state = {}
            for t, grads in enumerate(steps, start=1):
                theta = rule(theta, float(np.ravel(grads[key])[i]), state, t)
            expected.append(theta)
        expected = np.reshape(expected, np.shape(start[key]))
        # NaN where the book's arithmetic gives NaN, ±inf where it gives ±inf, equal elsewhere
        np.testing.assert_allclose(params[key], expected, rtol=1e-12, atol=0)
    # The coordinates whose gradients stayed finite kept training.
    assert np.isfinite(params["W"][0]).all() and np.isfinite(params["b"][1])
    assert not np.isfinite(params["W"][1, 0]) and not np.isfinite(params["b"][0])


def test_each_optimizer_warns_once_and_a_new_one_warns_again():
    params = {"w": np.array([1.0, 2.0])}
    first, second = Momentum(lr=0.1), Momentum(lr=0.1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(3):
            first.update(params, {"w": np.array([np.nan, 1.0])})
        second.update(params, {"w": np.array([1.0, np.inf])})
    assert [str(w.message).split(":")[0] for w in caught] == [
        "grads['w'] contains NaN or infinity",
        "grads['w'] contains NaN or infinity",
    ]
    assert first.t == 3 and second.t == 1


def test_a_diverged_python_float_becomes_nan_as_in_the_book():
    params = {"x": -7.0, "y": 2.0}
    with pytest.warns(RuntimeWarning, match=r"grads\['x'\]"):
        SGD(lr=0.5).update(params, {"x": math.inf, "y": 4.0})
    assert params["x"] == -math.inf and type(params["x"]) is float
    assert params["y"] == 0.0  # 2 − 0.5·4: the other key updates as usual
