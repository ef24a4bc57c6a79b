r"""Check a reader's layer against dlscratch's: :func:`check_layer`.

Each layer runs its forward and backward passes on the checker's arrays, and
is compared with dlscratch's layer and, for the backward pass, with a
numerical gradient by central differences of
:math:`L = \sum_i y_i \delta_i`.  Where a value differs, the checker
computes what each catalogued mistake of that layer would give; the one that
matches is named.

Tolerances
----------
Everything runs in float64.  Forward and backward values must agree to
:math:`10^{-6}` of the largest expected value, well above rounding (about
:math:`10^{-15}`) and well below what any mistake changes.  The loss of
``SoftmaxWithLoss`` may differ by :math:`10^{-4}`, since the book adds
:math:`10^{-7}` inside the logarithm.  Numerical gradients use
:math:`h = 10^{-5}`, whose error is of order :math:`h^2`; they must agree to
:math:`10^{-5}` (:math:`10^{-4}` for ``SoftmaxWithLoss``).  Inputs stay at
least 0.05 away from ReLU's kink.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlscratch.check.report import CheckReport, make_report, untouched_random_state
from dlscratch.check.running import Finding, call, check_class, check_like, static_findings
from dlscratch.i18n import tr
from dlscratch.nn import Affine, BatchNormalization, ReLU, Sigmoid, SoftmaxWithLoss
from dlscratch.validation import positive_finite

__all__ = ["LAYERS", "check_layer"]

#: The layers :func:`check_layer` knows, by the book's names.
LAYERS = ("Affine", "Relu", "Sigmoid", "SoftmaxWithLoss", "BatchNormalization", "Dropout")
RTOL = 1e-6
DROPOUT_RATIO = 0.3  # not the book's default 0.5, so that a ratio written into the code shows


class _Session:
    """The reader's class under test, and the findings so far."""

    def __init__(self, layer_class: type, time_limit: float) -> None:
        self.layer_class = layer_class
        self.time_limit = time_limit
        self.findings: list[Finding] = []
        self.checked: list[str] = []

    def build(self, *args):
        layer, failure = call(self.layer_class, *args, time_limit=self.time_limit, where="__init__")
        if failure is not None:
            if failure.mistake == "raises" and "argument" in failure.detail:
                failure = Finding("constructor-arguments", "__init__", detail=failure.detail)
            self.findings.append(failure)
        return layer

    def run(self, layer, method: str, *args, where: str):
        """``layer.method(*args)`` on copies of the arrays, or None after recording why not."""
        copies = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
        function = getattr(layer, method, None)
        if function is None:
            self.findings.append(
                Finding(
                    "constructor-arguments",
                    where,
                    key=method,
                    detail=tr("the class has no method {method}()", method=method),
                )
            )
            return None
        result, failure = call(function, *copies, time_limit=self.time_limit, where=where)
        if failure is not None:
            self.findings.append(failure)
            return None
        return result

    def attribute(self, layer, name: str, where: str):
        value = getattr(layer, name, None)
        if value is None:
            detail = tr("no attribute {name} after backward()", name=name)
            self.findings.append(Finding("missing-attribute", where, key=name, detail=detail))
        return value

    def compare(
        self,
        got,
        expected,
        where: str,
        key: str,
        *,
        rtol: float = RTOL,
        mistakes: tuple[tuple[str, Callable[[], np.ndarray]], ...] = (),
        shape_mistake: str = "differs-from-reference",
    ) -> bool:
        """Record a finding unless ``got`` equals ``expected``; name a mistake that explains it."""
        got = np.asarray(got, dtype=np.float64) if _numeric(got) else None
        expected = np.asarray(expected, dtype=np.float64)
        if got is None:
            self.findings.append(
                Finding(
                    "differs-from-reference",
                    where,
                    key=key,
                    detail=tr("the result is not an array of numbers"),
                )
            )
            return False
        if got.shape != expected.shape:
            detail = tr("shape {got} instead of {expected}", got=got.shape, expected=expected.shape)
            self.findings.append(Finding(shape_mistake, where, key=key, detail=detail))
            return False
        wrong = _wrong(got, expected, rtol)
        if not np.any(wrong):
            return True
        index = tuple(int(i) for i in np.argwhere(wrong)[0])
        mistake = "differs-from-reference"
        for candidate, make in mistakes:
            explained = np.asarray(make(), dtype=np.float64)
            if explained.shape == got.shape and not np.any(_wrong(got, explained, rtol)):
                mistake = candidate
                break
        self.findings.append(
            Finding(
                mistake,
                where,
                key=key,
                index=index or None,
                expected=float(expected[index]),
                got=float(got[index]),
            )
        )
        return False


def _numeric(value) -> bool:
    try:
        return np.asarray(value).dtype.kind in "fiub"
    except Exception:  # an object NumPy cannot read is not a result
        return False


def _wrong(got: np.ndarray, expected: np.ndarray, rtol: float) -> np.ndarray:
    scale = max(float(np.max(np.abs(expected), initial=0.0)), 1e-300)
    return ~(np.abs(got - expected) <= rtol * scale)  # NaN counts as wrong


def numerical_gradient(loss: Callable[[], float], array: np.ndarray, h: float = 1e-5):
    """∂loss/∂array by central differences, moving each element of ``array`` in place."""
    gradient = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        kept = array[index]
        array[index] = kept + h
        above = loss()
        array[index] = kept - h
        below = loss()
        array[index] = kept
        gradient[index] = (above - below) / (2 * h)
    return gradient


def _away_from_zero(x: np.ndarray) -> np.ndarray:
    return np.where(np.abs(x) < 0.05, np.sign(x) * 0.5 + (x == 0) * 0.5, x)


# ---- One function per layer: what to run, and the mistakes each comparison can reveal ------


def _activation(s: _Session, like: str, reference: type, rng) -> None:
    x = _away_from_zero(rng.standard_normal((4, 5)))
    other = _away_from_zero(rng.standard_normal((4, 5)))
    dout = rng.standard_normal((4, 5))
    layer = s.build()
    if layer is None:
        return
    ref = reference()
    s.checked.append(tr("forward and backward, x of shape {shape}", shape=(4, 5)))
    given = x.copy()
    forward, failure = call(layer.forward, given, time_limit=s.time_limit, where="forward(x)")
    if failure is not None:
        s.findings.append(failure)
        return
    s.compare(forward, ref.forward(x), "forward(x)", "out")
    if like == "Relu" and not np.array_equal(given, x):
        s.findings.append(
            Finding("relu-changes-input", "forward(x)", key="x", detail=tr("x itself was changed"))
        )
    backward_mistakes = {
        "Relu": (("relu-dout-not-masked", lambda: dout),),
        "Sigmoid": (("sigmoid-backward-uses-input", lambda: dout * (1 - x) * x),),
    }[like]
    dx = s.run(layer, "backward", dout, where="backward(dout)")
    if dx is None:
        return
    if s.compare(dx, ref.backward(dout.copy()), "backward(dout)", "dx", mistakes=backward_mistakes):
        s.checked.append(tr("{what} against a numerical gradient", what="backward(dout)"))
        loss = lambda: float(np.sum(reference().forward(probe) * dout))  # noqa: E731
        probe = x.copy()
        s.compare(
            dx,
            numerical_gradient(loss, probe),
            tr("{call}, numerical gradient", call="backward(dout)"),
            "dx",
            rtol=1e-5,
        )
    _state_after_two_forwards(s, layer, reference(), (x,), (other,), dout, "dx")


def _state_after_two_forwards(
    s: _Session,
    layer,
    ref,
    first: tuple,
    second: tuple,
    dout,
    key: str,
    compare_attribute: str | None = None,
) -> None:
    """forward(first), forward(second), backward: must answer for ``second``."""
    s.checked.append(tr("backward after two forward calls answers for the second"))
    for args in (first, second):
        if s.run(layer, "forward", *args, where="forward, twice") is None:
            return
        ref.forward(*args)
    dx = s.run(layer, "backward", dout, where="forward(a), forward(b), backward(dout)")
    if dx is None:
        return
    expected = ref.backward(dout.copy() if isinstance(dout, np.ndarray) else dout)
    got, want = dx, expected
    if compare_attribute is not None:
        got, want = getattr(layer, compare_attribute, None), getattr(ref, compare_attribute)
    stale = np.asarray(got, dtype=np.float64) if _numeric(got) else None
    if stale is None or stale.shape != np.shape(want) or np.any(_wrong(stale, want, RTOL)):
        s.compare(
            got,
            want,
            "forward(a), forward(b), backward(dout)",
            key,
            mistakes=(
                ("stale-state", lambda: _first_call_answer(ref, first, dout, compare_attribute)),
            ),
        )


def _first_call_answer(ref, first: tuple, dout, attribute: str | None):
    fresh = type(ref).__new__(type(ref))
    fresh.__dict__.update(
        {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in ref.__dict__.items()}
    )
    fresh.forward(*first)
    dx = fresh.backward(dout.copy() if isinstance(dout, np.ndarray) else dout)
    return getattr(fresh, attribute) if attribute else dx


def _affine(s: _Session, rng) -> None:
    W, b = rng.standard_normal((6, 5)), rng.standard_normal(5)
    x, other = rng.standard_normal((4, 6)), rng.standard_normal((4, 6))
    dout = rng.standard_normal((4, 5))
    held_W, held_b = W.copy(), b.copy()  # the arrays the reader's layer is given
    layer = s.build(held_W, held_b)
    if layer is None:
        return
    ref = Affine(W.copy(), b.copy())
    s.checked.append(tr("forward and backward, x of shape {shape}", shape=(4, 6)))
    out = s.run(layer, "forward", x, where="forward(x)")
    if out is None:
        return
    s.compare(out, ref.forward(x), "forward(x)", "out")
    dx = s.run(layer, "backward", dout, where="backward(dout)")
    if dx is None:
        return
    s.compare(dx, ref.backward(dout), "backward(dout)", "dx")
    dW, db = s.attribute(layer, "dW", "backward(dout)"), s.attribute(layer, "db", "backward(dout)")
    if dW is not None:
        s.compare(dW, ref.dW, "backward(dout)", "dW")
    if db is not None:
        s.compare(
            db,
            ref.db,
            "backward(dout)",
            "db",
            shape_mistake="affine-db-not-summed",
            mistakes=(("affine-db-not-summed", lambda: dout.sum(axis=1)),),
        )
    s.checked.append(tr("{what} against a numerical gradient", what="dx"))
    probe = x.copy()
    numerical = numerical_gradient(lambda: float(np.sum((probe @ W + b) * dout)), probe)
    s.compare(
        dx, numerical, tr("{call}, numerical gradient", call="backward(dout)"), "dx", rtol=1e-5
    )
    # The layer must compute with the very arrays it was given: change them in place.
    s.checked.append(tr("forward uses the arrays it was given ({names}), not copies", names="W, b"))
    held_W += 1.0
    moved = s.run(layer, "forward", x, where="W += 1; forward(x)")
    if moved is not None:
        s.compare(
            moved,
            x @ held_W + held_b,
            "W += 1; forward(x)",
            "out",
            mistakes=(("layer-copies-parameters", lambda: x @ W + b),),
        )
    held_W -= 1.0
    s.checked.append(tr("x of shape (4, 2, 3), as images are"))
    images = x.reshape(4, 2, 3)
    out = s.run(layer, "forward", images, where="forward(x), x.shape == (4, 2, 3)")
    if out is None:
        s.findings[-1] = Finding(
            "affine-input-shape", "forward(x), x.shape == (4, 2, 3)", detail=s.findings[-1].detail
        )
        return
    s.compare(out, x @ W + b, "forward(x), x.shape == (4, 2, 3)", "out")
    dx = s.run(layer, "backward", dout, where="backward(dout), x.shape == (4, 2, 3)")
    if dx is not None:
        s.compare(
            dx,
            (dout @ W.T).reshape(4, 2, 3),
            "backward(dout), x.shape == (4, 2, 3)",
            "dx",
            shape_mistake="affine-input-shape",
        )
    _state_after_two_forwards(
        s, layer, Affine(W.copy(), b.copy()), (x,), (other,), dout, "dW", compare_attribute="dW"
    )


def _softmax_with_loss(s: _Session, rng) -> None:
    x, other = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    labels, other_labels = np.array([0, 2, 1, 2]), np.array([1, 1, 0, 2])
    one_hot = np.eye(3)[labels]
    layer = s.build()
    if layer is None:
        return
    for t, name in ((one_hot, "one-hot t"), (labels, "integer labels t")):
        ref = SoftmaxWithLoss()
        where = f"forward(x, t), {name}"
        s.checked.append(tr(f"forward and backward, x of shape (4, 3), {name}"))
        loss = s.run(layer, "forward", x, t, where=where)
        if loss is None:
            return
        s.compare(loss, ref.forward(x, t), where, "loss", rtol=1e-4)
        dx = s.run(layer, "backward", 1, where=f"backward(1), {name}")
        if dx is None:
            return
        expected = ref.backward(1.0)
        if s.compare(
            dx,
            expected,
            f"backward(1), {name}",
            "dx",
            mistakes=(("softmax-not-divided-by-batch", lambda e=expected: 4 * e),),
        ):
            probe = x.copy()
            numerical = numerical_gradient(
                lambda t=t, probe=probe: SoftmaxWithLoss().forward(probe, t), probe
            )
            s.compare(
                dx,
                numerical,
                tr("{call}, numerical gradient", call=f"backward(1), {name}"),
                "dx",
                rtol=1e-4,
            )
    _state_after_two_forwards(
        s, layer, SoftmaxWithLoss(), (x, one_hot), (other, np.eye(3)[other_labels]), 1.0, "dx"
    )


def _batch_normalization(s: _Session, rng) -> None:
    gamma, beta = rng.uniform(0.5, 1.5, 5), rng.standard_normal(5)
    scales = np.array([1.0, 2.0, 0.5, 3.0, 1.0])
    batches = [rng.standard_normal((6, 5)) * scales + 1.0 for _ in range(4)]
    x, dout = batches[0], rng.standard_normal((6, 5))
    held_gamma, held_beta = gamma.copy(), beta.copy()
    layer = s.build(held_gamma, held_beta)
    if layer is None:
        return
    ref = BatchNormalization(gamma.copy(), beta.copy())
    s.checked.append(tr("forward and backward in training mode, x of shape (6, 5)"))
    out = s.run(layer, "forward", x, True, where="forward(x, train_flg=True)")
    if out is None:
        return
    s.compare(out, ref.forward(x, True), "forward(x, train_flg=True)", "out")
    dx = s.run(layer, "backward", dout, where="backward(dout)")
    if dx is None:
        return
    std = ref.std
    direct = gamma * dout / std
    centred = direct - direct.mean(axis=0)
    s.compare(
        dx,
        ref.backward(dout),
        "backward(dout)",
        "dx",
        mistakes=(
            ("batchnorm-missing-paths", lambda: direct),
            ("batchnorm-missing-paths", lambda: centred),
        ),
    )
    for name in ("dgamma", "dbeta"):
        value = s.attribute(layer, name, "backward(dout)")
        if value is not None:
            s.compare(value, getattr(ref, name), "backward(dout)", name)
    s.checked.append(tr("{what} against a numerical gradient", what="dx"))
    probe = x.copy()
    numerical = numerical_gradient(
        lambda: float(np.sum(BatchNormalization(gamma.copy(), beta.copy()).forward(probe) * dout)),
        probe,
    )
    s.compare(
        dx, numerical, tr("{call}, numerical gradient", call="backward(dout)"), "dx", rtol=1e-5
    )
    s.checked.append(tr("running averages over 3 batches, then inference"))
    fresh, ref = s.build(gamma.copy(), beta.copy()), BatchNormalization(gamma.copy(), beta.copy())
    if fresh is None:
        return
    for batch in batches[1:]:
        if s.run(fresh, "forward", batch, True, where="forward(x, train_flg=True)") is None:
            return
        ref.forward(batch, True)
    out = s.run(fresh, "forward", x, False, where="forward(x, train_flg=False)")
    if out is not None:
        s.compare(out, ref.forward(x, False), "forward(x, train_flg=False)", "out")
    s.checked.append(tr("a feature of variance 1e-6, where ε matters"))
    tiny = np.tile([[0.0], [0.002]], (3, 5)) * np.array([1.0, 1, 1, 1, 1000])
    fresh = s.build(gamma.copy(), beta.copy())
    if fresh is None:
        return
    out = s.run(fresh, "forward", tiny, True, where="forward(x), var(x[:, 0]) == 1e-6")
    if out is not None:
        eps_ref = BatchNormalization(gamma.copy(), beta.copy())
        s.compare(
            out,
            eps_ref.forward(tiny, True),
            "forward(x), var(x[:, 0]) == 1e-6",
            "out",
            mistakes=(
                (
                    "eps-10e-7",
                    lambda: BatchNormalization(gamma.copy(), beta.copy(), eps=1e-7).forward(
                        tiny, True
                    ),
                ),
            ),
        )
    s.checked.append(
        tr("forward uses the arrays it was given ({names}), not copies", names="gamma")
    )
    held_gamma *= 2.0
    moved = s.run(layer, "forward", x, True, where="gamma *= 2; forward(x)")
    if moved is not None:
        twice = BatchNormalization(2 * gamma, beta.copy()).forward(x, True)
        s.compare(
            moved,
            twice,
            "gamma *= 2; forward(x)",
            "out",
            mistakes=(
                (
                    "layer-copies-parameters",
                    lambda: BatchNormalization(gamma.copy(), beta.copy()).forward(x, True),
                ),
            ),
        )
    held_gamma /= 2.0
    _state_after_two_forwards(
        s,
        layer,
        BatchNormalization(gamma.copy(), beta.copy()),
        (x, True),
        (batches[1], True),
        dout,
        "dx",
    )


def _dropout(s: _Session, rng) -> None:
    p = DROPOUT_RATIO
    x, other = rng.uniform(0.5, 1.5, (40, 50)), rng.uniform(0.5, 1.5, (40, 50))
    dout = rng.standard_normal((40, 50))
    layer = s.build(p)
    if layer is None:
        return
    s.checked.append(tr("training: the mask it drew, x of shape (40, 50), dropout_ratio={p}", p=p))
    out = s.run(layer, "forward", x, True, where="forward(x, train_flg=True)")
    if out is None:
        return
    mask = _mask_of(layer, out, x)
    kept = float(mask.mean())
    spread = 5 * np.sqrt(p * (1 - p) / mask.size)
    if abs(kept - (1 - p)) > spread:
        detail = tr(
            "it kept {kept:.0f} % of the units, about {expected:.0f} % expected",
            kept=100 * kept,
            expected=100 * (1 - p),
        )
        s.findings.append(
            Finding(
                "differs-from-reference",
                "forward(x, train_flg=True)",
                key="mask",
                expected=1 - p,
                got=kept,
                detail=detail,
            )
        )
        return
    scaled = (
        ("dropout-scaling", lambda: x * mask / (1 - p)),
        ("dropout-scaling", lambda: x * mask * (1 - p)),
    )
    s.compare(out, x * mask, "forward(x, train_flg=True)", "out", mistakes=scaled)
    dx = s.run(layer, "backward", dout, where="backward(dout)")
    if dx is not None:
        s.compare(
            dx,
            dout * mask,
            "backward(dout)",
            "dx",
            mistakes=(("dropout-scaling", lambda: dout * mask / (1 - p)),),
        )
    s.checked.append(tr("inference: every unit times 1 − dropout_ratio"))
    out = s.run(layer, "forward", x, False, where="forward(x, train_flg=False)")
    if out is not None:
        s.compare(
            out,
            x * (1 - p),
            "forward(x, train_flg=False)",
            "out",
            mistakes=(("dropout-scaling", lambda: x),),
        )
    s.checked.append(tr("backward after two forward calls answers for the second"))
    if s.run(layer, "forward", x, True, where="forward, twice") is None:
        return
    second = s.run(layer, "forward", other, True, where="forward, twice")
    if second is None:
        return
    mask = _mask_of(layer, second, other)
    dx = s.run(layer, "backward", dout, where="forward(a), forward(b), backward(dout)")
    if dx is not None:
        s.compare(dx, dout * mask, "forward(a), forward(b), backward(dout)", "dx")


def _mask_of(layer, out, x) -> np.ndarray:
    """The units kept: the book's ``mask`` attribute, or else where the output is not 0."""
    mask = getattr(layer, "mask", None)
    if isinstance(mask, np.ndarray) and mask.shape == x.shape:
        return mask.astype(bool)
    return np.asarray(out) != 0


def check_layer(layer_class: type, like: str, *, time_limit: float = 5.0) -> CheckReport:
    """Check a layer typed in from the book against dlscratch's.

    Parameters
    ----------
    layer_class : type
        The reader's class (not an instance), with the book's interface:
        built as the book builds it (``Affine(W, b)``,
        ``BatchNormalization(gamma, beta)``, ``Dropout(dropout_ratio)``, the
        others with no argument), ``forward`` and ``backward``, and the
        book's attribute names for gradients (``dW``, ``db``, ``dgamma``,
        ``dbeta``).
    like : {"Affine", "Relu", "Sigmoid", "SoftmaxWithLoss", "BatchNormalization", "Dropout"}
        The layer it should behave like.
    time_limit : float, default 5.0
        Seconds any one call of the reader's code may run before it is stopped.

    Returns
    -------
    CheckReport
        ``passed``, the ids of the mistakes found, and an explanation in the
        current language (``print(report)``).

    Raises
    ------
    TypeError
        If ``layer_class`` is not a class, or ``like`` not a string.
    ValueError
        If ``like`` is not one of the six names.

    Notes
    -----
    Every array the layer receives is the checker's own, and a copy; NumPy's
    global random state (from which the book's ``Dropout`` draws its masks)
    is left as it was.  ``Dropout`` is judged by the mask it drew: its
    ``mask`` attribute, as in the book, or else the units its output keeps.
    Backward passes are checked after training-mode forward passes only, as
    the book's networks call them.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.check import check_layer
    >>> class Sigmoid:
    ...     def forward(self, x):
    ...         self.x = x
    ...         return 1 / (1 + np.exp(-x))
    ...
    ...     def backward(self, dout):
    ...         return dout * (1.0 - self.x) * self.x
    >>> check_layer(Sigmoid, "Sigmoid").mistakes
    ('sigmoid-backward-uses-input',)
    """
    check_class("layer_class", layer_class)
    check_like(like, LAYERS)
    time_limit = positive_finite("time_limit", time_limit)
    session = _Session(layer_class, time_limit)
    rng = np.random.default_rng(20240602)
    with untouched_random_state():
        if like in ("Relu", "Sigmoid"):
            _activation(session, like, {"Relu": ReLU, "Sigmoid": Sigmoid}[like], rng)
        else:
            {
                "Affine": _affine,
                "SoftmaxWithLoss": _softmax_with_loss,
                "BatchNormalization": _batch_normalization,
                "Dropout": _dropout,
            }[like](session, rng)
    findings = static_findings(layer_class, ("__init__", "forward", "backward"))
    described = f'check_layer({layer_class.__name__}, "{like}")'
    return make_report(findings + session.findings, described, session.checked)
