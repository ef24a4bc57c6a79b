"""dlscratch.check: planted mistakes are named, correct classes pass, the checker is safe.

The planted classes of the docs page ("Check your code") are the specification:
each file in ``docs/user_guide/planted`` plants the mistake its name gives, in the
book's style, and the checker must name exactly that mistake first and explain it
in both languages.  The correct classes below are written here in the book's style,
and checked against dlscratch's own classes too.
"""

from __future__ import annotations

import contextlib
import html
import io
import runpy
import time
from pathlib import Path

import numpy as np
import pytest

from dlscratch.book.common import layers as book_layers
from dlscratch.book.common import optimizer as book_optimizers
from dlscratch.check import MISTAKES, check_layer, check_optimizer
from dlscratch.check.layers import numerical_gradient

PLANTED = Path(__file__).resolve().parents[1] / "docs" / "user_guide" / "planted"
PLANTED_FILES = sorted(PLANTED.glob("*.py"))


def run_planted(path: Path):
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        namespace = runpy.run_path(str(path), run_name="__planted__")
    return namespace["report"], printed.getvalue()


# ---- Planted mistakes ---------------------------------------------------------------------


def test_every_catalogued_mistake_has_a_planted_class():
    assert {path.stem for path in PLANTED_FILES} == set(MISTAKES)


@pytest.mark.parametrize("path", PLANTED_FILES, ids=lambda path: path.stem)
def test_a_planted_mistake_is_named_and_explained_in_both_languages(path, monkeypatch):
    mistake = MISTAKES[path.stem]
    monkeypatch.setenv("DLSCRATCH_LANG", "en")
    report, printed = run_planted(path)
    assert not report.passed
    assert report.mistakes[0] == mistake.id
    assert words(mistake.explanation) in words(printed)  # printed in lines that fit a page
    assert words(mistake.look_at) in words(printed)
    assert mistake.explanation in html.unescape(report._repr_html_())
    monkeypatch.setenv("DLSCRATCH_LANG", "ko")
    report, printed = run_planted(path)
    assert report.mistakes[0] == mistake.id
    assert words(mistake.explanation_ko) in words(printed) and mistake.title_ko in printed


def words(text: str) -> str:
    return " ".join(text.split())


def _adagrad(eps_text: str, inside: bool):
    """A book-style AdaGrad with the given ε, outside or inside the root."""
    eps = float(eps_text)

    class AdaGrad:
        def __init__(self, lr=0.01):
            self.lr, self.h = lr, None

        def update(self, params, grads):
            if self.h is None:
                self.h = {key: np.zeros_like(val) for key, val in params.items()}
            for key in params.keys():
                self.h[key] += grads[key] * grads[key]
                root = np.sqrt(self.h[key] + eps) if inside else np.sqrt(self.h[key]) + eps
                params[key] -= self.lr * grads[key] / root

    return AdaGrad


def test_10e_7_in_adagrad_is_named():
    """The book's AdaGrad adds 1e-7; typed as 10e-7 it adds 10⁻⁶, 1 % of a first step of 10⁻⁴."""
    assert check_optimizer(_adagrad("1e-7", inside=False), "AdaGrad").passed
    assert check_optimizer(_adagrad("10e-7", inside=False), "AdaGrad").mistakes == ("eps-10e-7",)
    assert check_optimizer(_adagrad("1e-7", inside=True), "AdaGrad").mistakes == (
        "eps-inside-root",
    )


class _AdamInsideIf:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2, self.iter, self.m, self.v = lr, beta1, beta2, 0, None, None

    def update(self, params, grads):
        if self.m is None:
            self.m = {key: np.zeros_like(val) for key, val in params.items()}
            self.v = {key: np.zeros_like(val) for key, val in params.items()}
            self.iter += 1
            lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.iter) / (1.0 - self.beta1**self.iter)
            for key in params.keys():
                self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
                self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
                params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)


def test_the_update_inside_if_is_named_for_adam_too():
    assert check_optimizer(_AdamInsideIf, "Adam").mistakes == ("update-inside-if",)


class _SGDNoGlobal:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params.keys():
            params[key] -= momentum_of_sgd * grads[key]  # noqa: F821 (planted: no such global)


def test_a_name_error_is_explained_and_the_line_named():
    report = check_optimizer(_SGDNoGlobal, "SGD")
    assert report.mistakes == ("raises",)
    assert "NameError" in report.findings[0].detail
    assert "test_check.py" in report.findings[0].detail
    assert "momentum_of_sgd" in str(report)


# ---- No false alarms ----------------------------------------------------------------------


class BookSGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params.keys():
            params[key] -= self.lr * grads[key]


class BookMomentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, None

    def update(self, params, grads):
        if self.v is None:
            self.v = {}
            for key, val in params.items():
                self.v[key] = np.zeros_like(val)
        for key, val in params.items():  # noqa: B007 (the items() form of the loop)
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]


class BookNesterov:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, None

    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():
            params[key] += self.momentum * self.momentum * self.v[key]
            params[key] -= (1 + self.momentum) * self.lr * grads[key]
            self.v[key] *= self.momentum
            self.v[key] -= self.lr * grads[key]


class BookAdaGrad:
    def __init__(self, lr=0.01):
        self.lr, self.h = lr, None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():
            self.h[key] = self.h[key] + grads[key] * grads[key]  # state rebound: allowed
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)


class BookRMSprop:
    def __init__(self, lr=0.01, decay_rate=0.99):
        self.lr, self.decay_rate, self.h = lr, decay_rate, None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():
            self.h[key] *= self.decay_rate
            self.h[key] += (1 - self.decay_rate) * grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)


class BookAdam:
    """The book's form: bias correction folded into the step size, ε = 1e-7."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2, self.iter, self.m, self.v = lr, beta1, beta2, 0, None, None

    def update(self, params, grads):
        if self.m is None:
            self.m = {key: np.zeros_like(val) for key, val in params.items()}
            self.v = {key: np.zeros_like(val) for key, val in params.items()}
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.iter) / (1.0 - self.beta1**self.iter)
        for key in params.keys():
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)


class TextbookAdam:
    """The paper's form, with ε as an argument and float32 arithmetic kept in float32."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.t, self.m, self.v = 0, {}, {}

    def update(self, params, grads):
        self.t += 1
        for key in params:
            g = grads[key]
            self.m[key] = self.beta1 * self.m.get(key, 0) + (1 - self.beta1) * g
            self.v[key] = self.beta2 * self.v.get(key, 0) + (1 - self.beta2) * g * g
            m_hat = self.m[key] / (1 - self.beta1**self.t)
            v_hat = self.v[key] / (1 - self.beta2**self.t)
            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


BOOK_STYLE = {
    "SGD": BookSGD,
    "Momentum": BookMomentum,
    "Nesterov": BookNesterov,
    "AdaGrad": BookAdaGrad,
    "RMSprop": BookRMSprop,
    "Adam": BookAdam,
}


@pytest.mark.parametrize("like", list(BOOK_STYLE))
def test_correct_book_style_and_dlscratch_optimizers_pass(like):
    for cls in (BOOK_STYLE[like], getattr(book_optimizers, like)):
        report = check_optimizer(cls, like)
        assert report.passed, str(report)
        assert report.mistakes == ()


def test_equivalent_rewrites_pass_at_the_books_and_other_settings():
    assert check_optimizer(TextbookAdam, "Adam").passed
    assert check_optimizer(TextbookAdam, "Adam", eps=1e-6, lr=0.001, beta2=0.999).passed
    assert check_optimizer(BookAdam, "Adam", lr=0.001, beta1=0.9, beta2=0.999).passed
    assert check_optimizer(BookMomentum, "Momentum", lr=0.01, momentum=0.9).passed
    assert check_optimizer(BookRMSprop, "RMSprop", decay_rate=0.99).passed


class BookRelu:
    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class BookSigmoid:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out


class BookAffine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return np.dot(self.x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T).reshape(*self.original_x_shape)


class BookSoftmaxWithLoss:
    def forward(self, x, t):
        self.t = t
        exp = np.exp(x - x.max(axis=1, keepdims=True))
        self.y = exp / exp.sum(axis=1, keepdims=True)
        n = x.shape[0]
        labels = t.argmax(axis=1) if t.size == self.y.size else t
        return -np.sum(np.log(self.y[np.arange(n), labels] + 1e-7)) / n

    def backward(self, dout=1):
        n = self.t.shape[0]
        if self.t.size == self.y.size:
            return (self.y - self.t) / n
        dx = self.y.copy()
        dx[np.arange(n), self.t] -= 1
        return dx / n


class BookDropout:
    def __init__(self, dropout_ratio=0.5):
        self.dropout_ratio, self.mask = dropout_ratio, None

    def forward(self, x, train_flg=True):
        if train_flg:
            self.mask = np.random.rand(*x.shape) > self.dropout_ratio
            return x * self.mask
        return x * (1.0 - self.dropout_ratio)

    def backward(self, dout):
        return dout * self.mask


def _book_batch_normalization():
    """The planted eps-10e-7 class with the book's 10e-7: a correct layer."""
    source = (PLANTED / "eps-10e-7.py").read_text(encoding="utf-8")
    fixed = source.replace("var + 1e-7", "var + 10e-7")  # also running_var + 1e-7
    assert fixed.count("+ 10e-7") == 2
    namespace: dict = {}
    exec(compile(fixed.split("report =")[0], "book_batch_normalization", "exec"), namespace)
    return namespace["BatchNormalization"]


@pytest.mark.parametrize(
    "like", ["Relu", "Sigmoid", "Affine", "SoftmaxWithLoss", "BatchNormalization", "Dropout"]
)
def test_correct_book_style_and_dlscratch_layers_pass(like):
    written_here = {
        "Relu": BookRelu,
        "Sigmoid": BookSigmoid,
        "Affine": BookAffine,
        "SoftmaxWithLoss": BookSoftmaxWithLoss,
        "BatchNormalization": _book_batch_normalization(),
        "Dropout": BookDropout,
    }[like]
    for cls in (written_here, getattr(book_layers, like)):
        report = check_layer(cls, like)
        assert report.passed, str(report)


def test_a_helper_function_with_an_argument_like_name_is_not_a_misspelling():
    def grad(value):  # a global helper close to the argument's name "grads"
        return value

    class SGDWithHelper(BookSGD):
        def update(self, params, grads):
            for key in params:
                params[key] -= self.lr * grad(grads[key])

    SGDWithHelper.update.__globals__["grad"] = grad
    try:
        assert check_optimizer(SGDWithHelper, "SGD").passed
    finally:
        del SGDWithHelper.update.__globals__["grad"]


# ---- Robustness and bad input -------------------------------------------------------------


class _Hangs(BookSGD):
    def update(self, params, grads):
        while True:
            try:
                pass
            except Exception:  # a reader's bare handler cannot swallow the time limit
                pass


class _RaisesInInit:
    def __init__(self, lr=0.01):
        raise RuntimeError("not yet written")


def test_a_hanging_class_is_stopped_and_reported():
    start = time.monotonic()
    report = check_optimizer(_Hangs, "SGD", time_limit=0.5)
    assert time.monotonic() - start < 3
    assert report.mistakes == ("time-limit",)


def test_an_exception_in_the_constructor_is_reported():
    report = check_optimizer(_RaisesInInit, "SGD")
    assert report.mistakes == ("raises",)
    assert "RuntimeError: not yet written" in str(report)


stale_grads = {"x": np.array([1.0, 2.0])}


class _ReadsGlobalAndWritesIt(BookSGD):
    def update(self, params, grads):
        for key in params:
            params[key] -= self.lr * grads[key]
            grads[key] *= 0  # changes the gradient it was given


def test_the_checker_leaves_the_readers_arrays_and_random_state_alone():
    np.random.seed(3)
    expected_next = np.random.rand()
    np.random.seed(3)
    check_layer(BookDropout, "Dropout")
    assert np.random.rand() == expected_next
    kept = stale_grads["x"].copy()
    assert check_optimizer(_ReadsGlobalAndWritesIt, "SGD").passed
    np.testing.assert_array_equal(stale_grads["x"], kept)


def test_bad_arguments_raise_naming_them():
    with pytest.raises(TypeError, match=r"optimizer_class must be a class.*not an instance"):
        check_optimizer(BookSGD(), "SGD")
    with pytest.raises(TypeError, match="layer_class must be a class"):
        check_layer("Relu", "Relu")
    with pytest.raises(ValueError, match="like must be one of SGD, Momentum"):
        check_optimizer(BookSGD, "AdamW")
    with pytest.raises(ValueError, match="like must be one of Affine, Relu"):
        check_layer(BookRelu, "ReLU6")
    with pytest.raises(ValueError, match="'momentum'"):
        check_optimizer(BookSGD, "SGD", momentum=0.9)
    with pytest.raises(ValueError, match="lr"):
        check_optimizer(BookSGD, "SGD", lr=-1.0)
    with pytest.raises(ValueError, match="time_limit"):
        check_optimizer(BookSGD, "SGD", time_limit=0)


def test_a_passed_report_says_what_was_checked(monkeypatch):
    monkeypatch.setenv("DLSCRATCH_LANG", "en")
    report = check_optimizer(BookAdaGrad, "AdaGrad")
    assert report and report.mistakes == () and len(report.checked) == 4
    assert str(report).startswith('check_optimizer(BookAdaGrad, "AdaGrad", lr=0.1)')
    assert "gradients near 1e-4" in str(report)
    assert "passed" in report._repr_html_()


def test_the_report_names_the_first_update_and_key_where_values_part():
    """Momentum updating only at the first call: at update 2 the reference moves on.

    By hand, with v₁ = −ηg₁: the reference's second step is αv₁ − ηg₂, the faulty one 0.
    """
    report, _ = run_planted(PLANTED / "update-inside-if.py")
    finding = report.findings[0]
    assert finding.step == 2 and finding.key == "W1" and finding.index == (0, 0)
    from dlscratch.check.optimizers import CHOSEN, problems

    problem = problems("Momentum")[0]
    eta, alpha = CHOSEN["lr"], CHOSEN["momentum"]
    g1, g2 = problem.gradients[0]["W1"][0, 0], problem.gradients[1]["W1"][0, 0]
    after_one = problem.start["W1"][0, 0] - eta * g1
    assert finding.got == pytest.approx(after_one)
    assert finding.expected == pytest.approx(after_one + alpha * (-eta * g1) - eta * g2)


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    gradient = numerical_gradient(lambda: float(np.sum(x**3)), x)
    np.testing.assert_allclose(gradient, 3 * x**2, rtol=1e-8)
    np.testing.assert_array_equal(x, [[1.0, -2.0], [0.5, 3.0]])  # put back
