r"""Check a reader's optimizer against dlscratch's: :func:`check_optimizer`.

The reader's class and the reference take the same updates from the same
gradients on a few problems, and the parameters are compared after every
update.  Where they part, the checker runs each catalogued mistake's rule
(written below as a small variant of the reference) on the same problem: the
variant that reproduces the reader's values is the most likely mistake.

Tolerances
----------
The update :math:`\Delta\theta` of every step is compared, element by
element, relative to the largest update of that array at that step:
:math:`10^{-4}` in float64, :math:`10^{-3}` in float32.  The gradients of
the first three problems are between 0.5 and 3 in size, so an
:math:`\varepsilon` of :math:`10^{-8}` to :math:`10^{-6}` anywhere in a
denominator changes a step by at most :math:`2 \times 10^{-6}` of itself, and
the book's Adam, which folds the bias correction into the step size and so
uses :math:`\varepsilon / \sqrt{1 - \beta_2^t}` in effect, by at most
:math:`10^{-5}` with the checker's :math:`\beta_2`.  float32 rounding adds
about :math:`10^{-6}` per step.  The mistakes change a step by a few percent
or more.  Only AdaGrad and RMSprop, whose :math:`\varepsilon` the book places
exactly, get a fourth problem with gradients near :math:`10^{-4}`, where
:math:`10^{-6}` instead of :math:`10^{-7}` changes the first step by 1 %.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from dlscratch.check.report import CheckReport, make_report, untouched_random_state
from dlscratch.check.running import Finding, call, check_class, check_like, static_findings
from dlscratch.i18n import tr
from dlscratch.optim import AdaGrad, Adam, Nesterov, Optimizer, RMSprop
from dlscratch.registry import OPTIMIZERS
from dlscratch.validation import positive_finite

__all__ = ["check_optimizer"]

#: Hyperparameters the checker chooses when none are given: none is the book's default, so
#: that a value written into the code instead of the argument shows.
CHOSEN = {"lr": 0.1, "momentum": 0.8, "decay_rate": 0.9, "beta1": 0.8, "beta2": 0.99}
#: The ε of the book's classes, for a reader's class that does not take one.
BOOK_EPS = 1e-7
UPDATES = 30


@dataclass(frozen=True)
class Problem:
    """Parameters to start from and the gradient of every update."""

    name: str
    start: dict
    gradients: tuple[dict, ...]
    rtol: float

    def fresh(self) -> dict:
        return {
            key: value.copy() if isinstance(value, np.ndarray) else value
            for key, value in self.start.items()
        }


def problems(like: str) -> list[Problem]:
    """The problems every optimizer runs, plus small gradients for AdaGrad and RMSprop."""
    rng = np.random.default_rng(20240601)

    def gradient(shape, dtype, low=0.5, high=3.0):
        size = rng.uniform(low, high, shape) * rng.choice([-1.0, 1.0], shape)
        return size.astype(dtype)

    shapes = {"W1": (3, 4), "b1": (4,), "W2": (4, 2)}
    found = []
    for dtype, rtol in ((np.float64, 1e-4), (np.float32, 1e-3)):
        start = {key: rng.standard_normal(shape).astype(dtype) for key, shape in shapes.items()}
        steps = tuple(
            {key: gradient(shape, dtype) for key, shape in shapes.items()} for _ in range(UPDATES)
        )
        name = tr(
            "params W1 (3, 4), b1 (4,), W2 (4, 2) in {dtype}, {n} updates",
            dtype=np.dtype(dtype).name,
            n=UPDATES,
        )
        found.append(Problem(name, start, steps, rtol))
    floats = tuple(
        {key: float(gradient((), np.float64)) for key in ("x", "y")} for _ in range(UPDATES)
    )
    name = tr("params x, y as Python floats, as in the book's 2-D script, {n} updates", n=UPDATES)
    found.append(Problem(name, {"x": -7.0, "y": 2.0}, floats, 1e-4))
    if like in ("AdaGrad", "RMSprop"):
        small = tuple({"w": gradient((5,), np.float64, 1e-4, 3e-4)} for _ in range(10))
        name = tr("params w (5,) in float64 with gradients near 1e-4, {n} updates", n=10)
        found.append(Problem(name, {"w": np.ones(5)}, small, 1e-4))
    return found


# ---- The catalogued mistakes, as variants of the reference --------------------------------


class _FirstCallOnly:
    """update-inside-if: the reference's update at the first call, then nothing."""

    def __init__(self, inner: Optimizer) -> None:
        self.inner, self.calls = inner, 0

    def update(self, params, grads):
        self.calls += 1
        if self.calls == 1:
            self.inner.update(params, grads)


class _Uphill:
    """gradient-ascent: the reference fed −g."""

    def __init__(self, inner: Optimizer) -> None:
        self.inner = inner

    def update(self, params, grads):
        self.inner.update(params, {key: -np.asarray(g) for key, g in grads.items()})


class _NesterovVelocityFirst(Nesterov):
    def _step(self, theta, g, v):
        v *= self.momentum  # v ← αv − ηg, first: the mistake
        v -= self.lr * g
        theta += self.momentum**2 * v - (1 + self.momentum) * self.lr * g


class _AdaGradEpsInside(AdaGrad):
    def _step(self, theta, g, h):
        h += g * g
        theta -= self.lr * g / np.sqrt(h + self.eps)


class _RMSpropEpsInside(RMSprop):
    def _step(self, theta, g, h):
        h *= self.decay_rate
        h += (1 - self.decay_rate) * g * g
        theta -= self.lr * g / np.sqrt(h + self.eps)


class _AdamNoCorrection(Adam):
    def _step(self, theta, g, m, v):
        m *= self.beta1
        m += (1 - self.beta1) * g
        v *= self.beta2
        v += (1 - self.beta2) * g * g
        theta -= self.lr * m / (np.sqrt(v) + self.eps)


def variants(like: str, settings: dict, eps: float | None) -> dict[str, Callable[[], object]]:
    """Mistake id → a maker of an optimizer that makes that mistake."""
    reference = OPTIMIZERS[like].cls
    with_eps = {**settings, **({} if eps is None else {"eps": eps})}
    found = {
        "hyperparameter-ignored": lambda: reference(**({} if eps is None else {"eps": eps})),
        "gradient-ascent": lambda: _Uphill(reference(**with_eps)),
    }
    if like != "SGD":
        found["update-inside-if"] = lambda: _FirstCallOnly(reference(**with_eps))
    special = {
        "Nesterov": {"nesterov-velocity-first": _NesterovVelocityFirst},
        "AdaGrad": {"eps-inside-root": _AdaGradEpsInside},
        "RMSprop": {"eps-inside-root": _RMSpropEpsInside},
        "Adam": {"adam-no-bias-correction": _AdamNoCorrection},
    }
    for mistake, cls in special.get(like, {}).items():
        found[mistake] = lambda cls=cls: cls(**with_eps)
    if like in ("AdaGrad", "RMSprop"):
        found["eps-10e-7"] = lambda: reference(**{**with_eps, "eps": 10 * with_eps["eps"]})
    return found


# ---- Running and comparing ----------------------------------------------------------------


@dataclass
class _Run:
    trajectory: list[dict]  # the parameters after each update, as float64 arrays
    failure: Finding | None = None
    rebound: Finding | None = None


def _snapshot(params: dict) -> dict:
    return {key: np.array(value, dtype=np.float64) for key, value in params.items()}


def _run(optimizer, problem: Problem, time_limit: float | None = None) -> _Run:
    """Take the problem's updates; with a ``time_limit``, as reader's code, under guard."""
    params = problem.fresh()
    run = _Run([_snapshot(params)])
    for step, gradients in enumerate(problem.gradients, start=1):
        grads = {key: g.copy() if isinstance(g, np.ndarray) else g for key, g in gradients.items()}
        held = {key: value for key, value in params.items() if isinstance(value, np.ndarray)}
        if time_limit is None:
            optimizer.update(params, grads)
        else:
            where = problem.name
            _, run.failure = call(
                optimizer.update, params, grads, time_limit=time_limit, where=where
            )
            if run.failure is not None:
                run.failure = replace(run.failure, step=step)
                return run
        for key, array in held.items():
            if run.rebound is None and params.get(key) is not array:
                detail = tr(
                    "params[{key!r}] is a new object after update {step}", key=key, step=step
                )
                run.rebound = Finding(
                    "params-rebound", where=problem.name, step=step, key=key, detail=detail
                )
        run.trajectory.append(_snapshot(params))
    return run


def first_difference(got: list[dict], expected: list[dict], problem: Problem) -> Finding | None:
    """Where the updates of two trajectories first differ beyond the problem's tolerance."""
    for step in range(1, min(len(got), len(expected))):
        for key, after in expected[step].items():
            if key not in got[step]:
                return Finding(
                    "differs-from-reference",
                    problem.name,
                    step,
                    key,
                    detail=tr("params has no key {key!r} after the update", key=key),
                )
            mine = got[step][key]
            if mine.shape != after.shape:
                return Finding(
                    "differs-from-reference",
                    problem.name,
                    step,
                    key,
                    detail=tr(
                        "shape {got} instead of {expected}", got=mine.shape, expected=after.shape
                    ),
                )
            want = after - expected[step - 1][key]
            have = mine - got[step - 1][key]
            tolerance = problem.rtol * max(float(np.max(np.abs(want), initial=0.0)), 1e-300)
            wrong = ~(np.abs(have - want) <= tolerance)  # NaN counts as wrong
            if np.any(wrong):
                index = tuple(int(i) for i in np.argwhere(wrong)[0])
                return Finding(
                    "differs-from-reference",
                    problem.name,
                    step,
                    key,
                    index or None,
                    expected=float(after[index]),
                    got=float(mine[index]),
                )
    return None


def check_optimizer_values(
    optimizer_class: type, like: str, settings: dict, eps: float | None, time_limit: float
) -> tuple[list[Finding], list[str]]:
    """Run every problem; return the findings, most likely first, and what was run."""
    reader_settings = dict(settings) | (
        {"eps": eps}
        if eps is not None and "eps" in inspect.signature(optimizer_class).parameters
        else {}
    )
    reference_settings = settings | ({} if eps is None else {"eps": eps})
    findings: list[Finding] = []
    checked = []
    for problem in problems(like):
        reader, failure = call(
            optimizer_class, time_limit=time_limit, where="__init__", **reader_settings
        )
        if failure is not None:
            if failure.mistake == "raises" and "argument" in failure.detail:
                failure = Finding("constructor-arguments", "__init__", detail=failure.detail)
            return [failure], checked
        mine = _run(reader, problem, time_limit)
        expected = _run(OPTIMIZERS[like].cls(**reference_settings), problem)
        checked.append(problem.name)
        if mine.rebound is not None:
            findings.append(mine.rebound)
        if mine.failure is not None:
            findings.append(mine.failure)
            break
        difference = first_difference(mine.trajectory, expected.trajectory, problem)
        if difference is None:
            continue
        for mistake, make in variants(like, settings, eps).items():
            if first_difference(mine.trajectory, _run(make(), problem).trajectory, problem) is None:
                difference = Finding(mistake, *_fields(difference))
                break
        findings.append(difference)
        break
    return findings, checked


def _fields(finding: Finding) -> tuple:
    return (
        finding.where,
        finding.step,
        finding.key,
        finding.index,
        finding.expected,
        finding.got,
        finding.detail,
    )


def reference_eps(optimizer_class: type, like: str, hyperparameters: dict) -> float | None:
    """The ε the reference uses: the reader's, where their class takes one, else the book's."""
    if "eps" not in inspect.signature(OPTIMIZERS[like].cls).parameters:
        return None
    if "eps" in hyperparameters:
        return hyperparameters["eps"]
    try:
        default = inspect.signature(optimizer_class).parameters.get("eps")
    except (TypeError, ValueError):
        default = None
    if default is not None and isinstance(default.default, float):
        return default.default
    return BOOK_EPS


def settings_for(like: str, hyperparameters: dict) -> dict:
    """The book's hyperparameters of ``like``, from ``hyperparameters`` or :data:`CHOSEN`."""
    names = [name for name in inspect.signature(OPTIMIZERS[like].cls).parameters if name != "eps"]
    unknown = sorted(set(hyperparameters) - set(names) - {"eps"})
    if unknown:
        raise ValueError(
            f"{like} takes the hyperparameters {', '.join(names)} (and eps); "
            f"got {', '.join(repr(name) for name in unknown)}"
        )
    settings = {name: hyperparameters.get(name, CHOSEN[name]) for name in names}
    OPTIMIZERS[like].cls(**settings)  # the reference's checks name a bad value
    return settings


def check_optimizer(
    optimizer_class: type, like: str, *, time_limit: float = 5.0, **hyperparameters: float
) -> CheckReport:
    """Check an optimizer typed in from the book against dlscratch's.

    Parameters
    ----------
    optimizer_class : type
        The reader's class (not an instance), with the book's interface:
        built by keyword with the book's hyperparameters, and
        ``update(params, grads)`` changing the arrays of ``params`` in place.
    like : {"SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"}
        The optimizer it should behave like.
    time_limit : float, default 5.0
        Seconds any one call of the reader's code may run before it is stopped.
    **hyperparameters : float
        Under the book's names (``lr``, ``momentum``, ``decay_rate``,
        ``beta1``, ``beta2``; ``eps`` if the class takes one).  Those not
        given are chosen by the checker, away from the book's defaults so
        that a value written into the code shows: ``lr=0.1``,
        ``momentum=0.8``, ``decay_rate=0.9``, ``beta1=0.8``, ``beta2=0.99``.

    Returns
    -------
    CheckReport
        ``passed``, the ids of the mistakes found, and an explanation in the
        current language (``print(report)``).

    Raises
    ------
    TypeError
        If ``optimizer_class`` is not a class, or ``like`` not a string.
    ValueError
        If ``like`` is not one of the six names, or a hyperparameter is not
        one of ``like``'s or has a value the reference refuses.

    Notes
    -----
    The reader's class runs on the checker's own arrays, three problems
    (four for AdaGrad and RMSprop): three arrays of three shapes in float64
    and in float32, and two Python floats as in the book's 2-D script, each
    for 30 updates.  Every update is compared with the reference's, element by
    element, relative to the largest update of that array at that step:
    within :math:`10^{-4}` in float64 and :math:`10^{-3}` in float32.  A
    different :math:`\\varepsilon` or the book's way of folding Adam's bias
    correction into the step size stays below :math:`10^{-5}`; the mistakes
    change a step by a few percent or more.  AdaGrad and RMSprop get a fourth
    problem with gradients near :math:`10^{-4}`, where the place and size of
    :math:`\\varepsilon` show.  Exceptions are caught and explained, and the
    global random state of NumPy is left as it was.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.check import check_optimizer
    >>> class SGD:
    ...     def __init__(self, lr=0.01):
    ...         self.lr = lr
    ...
    ...     def update(self, params, grads):
    ...         for key in params.keys():
    ...             params[key] -= self.lr * grads[key]
    >>> check_optimizer(SGD, "SGD").passed
    True
    """
    check_class("optimizer_class", optimizer_class)
    check_like(like, OPTIMIZERS)
    time_limit = positive_finite("time_limit", time_limit)
    settings = settings_for(like, hyperparameters)
    eps = reference_eps(optimizer_class, like, hyperparameters)
    shown = ", ".join(f"{name}={value!r}" for name, value in settings.items())
    described = f'check_optimizer({optimizer_class.__name__}, "{like}", {shown})'
    with untouched_random_state():
        findings, checked = check_optimizer_values(optimizer_class, like, settings, eps, time_limit)
    return make_report(
        static_findings(optimizer_class, ("__init__", "update")) + findings, described, checked
    )
