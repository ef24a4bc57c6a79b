"""The exercises at the end of the user guide's pages: every number and every answer checked.

Each number that an answer states is computed here again, independently, with
dlscratch or from the formula, and must be printed in the English page and in
the Korean catalog's translation.  The answers' code is read from the pages
and run: the classes must do what the page says (compared with dlscratch's
own classes) and pass ``dlscratch.check``, and the wrong variants that an
answer shows must fail it.
"""

from __future__ import annotations

import ast
import contextlib
import io
import math
import re
from pathlib import Path

import numpy as np
import pytest

from dlscratch import nn, optim
from dlscratch.experiments import activation_distributions
from dlscratch.landscapes import DIVERGENCE_BOUND, anisotropic, isotropic, trace_path

DOCS = Path(__file__).resolve().parents[1] / "docs"
GUIDE = DOCS / "user_guide"
CATALOGS = DOCS / "locale" / "ko" / "LC_MESSAGES" / "user_guide"
#: The user-guide pages with exercises, by file name, and the label of their section.
PAGES = {
    "optimization": "optimization-exercises",
    "explorer": "explorer-exercises",
    "initialization_and_batch_norm": "init-exercises",
    "regularization_and_search": "regularization-exercises",
}


# --- Reading the pages and the catalogs ------------------------------------------------------


def exercises(page: str) -> str:
    """The English source of a page's exercise section."""
    text = (GUIDE / f"{page}.md").read_text(encoding="utf-8")
    start = text.index(f"({PAGES[page]})=")
    return text[start:]


def _unquote(line: str) -> str:
    """The text of one quoted line of a .po file."""
    body = line.strip()
    assert body.startswith('"') and body.endswith('"'), line
    return re.sub(
        r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body[1:-1]
    )


def translations(page: str) -> dict[str, str]:
    """msgid -> msgstr of a page's Korean catalog (a small reader: the test env has no babel)."""
    entries, current, field = {}, {"msgid": "", "msgstr": ""}, None
    lines = (CATALOGS / f"{page}.po").read_text(encoding="utf-8").splitlines()
    for line in [*lines, ""]:
        if line.startswith(("msgid ", "msgstr ")):
            if line.startswith("msgid ") and field == "msgstr":
                entries[current["msgid"]] = current["msgstr"]
                current = {"msgid": "", "msgstr": ""}
            field, _, rest = line.partition(" ")
            current[field] = _unquote(rest)
        elif line.startswith('"') and field:
            current[field] += _unquote(line)
        elif not line.strip() and field == "msgstr":
            entries[current["msgid"]] = current["msgstr"]
            current, field = {"msgid": "", "msgstr": ""}, None
    return {k: v for k, v in entries.items() if k}


def korean_exercises(page: str) -> str:
    """The Korean translations of every message of a page's exercise section."""
    english = " ".join(exercises(page).split())
    found = [ko for en, ko in translations(page).items() if " ".join(en.split()) in english]
    assert len(found) > 10, f"{page}: the exercises are not translated"
    return "\n".join(found)


def assert_printed(page: str, *numbers: str, korean: tuple[str, ...] | None = None) -> None:
    """Each number, as printed, is in the page's exercises and in their Korean translation."""
    english = exercises(page)
    ko = korean_exercises(page)
    for number in numbers:
        assert number in english, f"{page}: {number!r} is not in the English exercises"
    for number in numbers if korean is None else korean:
        assert number in ko, f"{page}: {number!r} is not in the Korean translation"


def python_blocks(page: str) -> list[str]:
    """The Python code blocks of a page's exercises, in order."""
    return re.findall(r"```python\n(.*?)```", exercises(page), flags=re.S)


def block_with(page: str, text: str) -> str:
    """The one code block of the page's exercises that contains ``text``."""
    blocks = [b for b in python_blocks(page) if text in b]
    assert len(blocks) == 1, f"{page}: {len(blocks)} code blocks contain {text!r}"
    return blocks[0]


def run(code: str, namespace: dict | None = None) -> dict:
    """Execute code from a page; return its namespace."""
    namespace = {} if namespace is None else namespace
    exec(compile(code, "<exercise>", "exec"), namespace)
    return namespace


def answer_class(page: str, name: str):
    """The class ``name`` that an answer defines, defined by running the answer's code."""
    return run(block_with(page, f"class {name}:"))[name]


# --- Helpers for the numbers -----------------------------------------------------------------


def diverged_at(path: np.ndarray) -> int | None:
    """The update after which ``trace_path`` stopped (its first NaN row), or None."""
    rows = np.flatnonzero(np.isnan(path[:, 0]))
    return int(rows[0]) if len(rows) else None


def random_steps(opt_a, opt_b, steps=20, seed=0, shapes=((3, 4), (4,))):
    """Run two optimizers on the same parameters and gradients; return both parameter sets."""
    rng = np.random.default_rng(seed)
    start = {f"p{i}": rng.normal(size=shape) for i, shape in enumerate(shapes)}
    a = {k: v.copy() for k, v in start.items()}
    b = {k: v.copy() for k, v in start.items()}
    for _ in range(steps):
        grads = {k: rng.normal(size=v.shape) for k, v in start.items()}
        opt_a.update(a, {k: g.copy() for k, g in grads.items()})
        opt_b.update(b, {k: g.copy() for k, g in grads.items()})
    return a, b


def assert_same_params(a, b, rtol=1e-6, atol=1e-9):
    for key in a:
        np.testing.assert_allclose(a[key], b[key], rtol=rtol, atol=atol)


# --- The pages' structure --------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_each_page_ends_with_four_to_six_exercises_each_with_one_answer(page):
    section = exercises(page)
    assert "\n## Exercises\n" in section
    assert "\n## " not in section.split("\n## Exercises\n", 1)[1], "the exercises must end the page"
    parts = section.split("\n### ")[1:]
    assert 4 <= len(parts) <= 6
    for part in parts:
        assert part.count(":::{dropdown} Answer") == 1, part.splitlines()[0]
    kinds = {k for k in ("Derive", "Predict", "Write code", "Experiment") if f"**{k}" in section}
    assert len(kinds) >= 2, f"{page}: exercises of one kind only"


#: The links whose answers say that a path diverges, and at which step (tested below).
DIVERGING_LINKS = {"SGD.lr=1.02": 335, "Momentum.lr=1.95": 44, "Nesterov.lr=0.8": 32, "SGD.lr=3": 9}


def test_explorer_links_are_states_that_show_what_the_answers_say():
    """Each link names a function and shows its optimizers long enough to see the claim."""
    found = set()
    for page in ("optimization", "explorer"):
        for fragment in re.findall(r'href="(?:explorer\.html)?#(f=[^"]+)"', exercises(page)):
            fields = dict(part.split("=", 1) for part in fragment.split(";"))
            assert fields["f"] in {"anisotropic", "isotropic"}, fragment
            steps = int(fields.get("n", 30))  # the explorer's default is the book's 30
            assert 1 <= steps <= 1000, fragment
            shown = fields["on"].split(",")
            for key in fields:
                if "." in key:
                    assert key.split(".")[0] in shown, fragment
                    setting = f"{key}={fields[key]}"
                    if setting in DIVERGING_LINKS:
                        assert steps >= DIVERGING_LINKS[setting], fragment
                        found.add(setting)
    assert found == set(DIVERGING_LINKS)


# --- Optimization (section 6.1) --------------------------------------------------------------


def test_sgd_diverges_past_eta_one():
    # Along y (curvature 2) a step multiplies by 1 − 2η; along x (curvature 1/10) by 1 − η/10.
    for eta in (0.98, 1.02):
        assert (abs(1 - 2 * eta) < 1) == (eta < 2 / 2)
    assert abs(1 - 19.9 / 10) < 1 < abs(1 - 20.1 / 10)  # x alone: η < 20
    converging = trace_path(optim.SGD(lr=0.98), anisotropic, steps=400)
    assert diverged_at(converging) is None and abs(converging[-1, 1]) < 1e-5
    # 2·1.04^k > 10^6 first at k = 335.
    k = math.floor(math.log(DIVERGENCE_BOUND / 2) / math.log(1.04)) + 1
    assert k == 335
    assert diverged_at(trace_path(optim.SGD(lr=1.02), anisotropic, steps=400)) == k
    # At η = 1 exactly, y bounces between 2 and −2 while x converges.
    bounce = trace_path(optim.SGD(lr=1.0), anisotropic, steps=1000)
    assert set(np.round(bounce[:, 1], 9)) == {2.0, -2.0}
    assert abs(bounce[-1, 0]) < 1e-12
    assert_printed(
        "optimization",
        "$\\eta < 1$",
        "$\\eta > 1$",
        "$\\eta < 20$",
        "0.98",
        "1.02",
        "335",
        "$y = 2$",
        "$y = -2$",
    )


def momentum_roots(h, alpha):
    """The roots of r² − (1 + α − h) r + α, for one coordinate with ηλ = h."""
    return np.roots([1.0, -(1 + alpha - h), alpha])


def test_momentum_threshold_is_two_times_one_plus_alpha():
    alpha, lam = 0.9, 2.0
    # The recursion without v is the class's own update.
    opt, theta, history = optim.Momentum(lr=0.3, momentum=alpha), {"y": np.array(1.0)}, [1.0]
    for _ in range(6):
        opt.update(theta, {"y": lam * theta["y"]})
        history.append(float(theta["y"]))
    h = 0.3 * lam
    for k in range(1, 6):
        assert history[k + 1] == pytest.approx(
            (1 + alpha - h) * history[k] - alpha * history[k - 1]
        )
    # Stable for 0 < ηλ < 2(1 + α) = 3.8, i.e. η < 1.9 along y.
    assert (
        max(abs(momentum_roots(3.8 - 1e-3, alpha)))
        < 1
        < max(abs(momentum_roots(3.8 + 1e-3, alpha)))
    )
    assert 2 * (1 + alpha) / lam == pytest.approx(1.9)
    assert max(abs(momentum_roots(2.0 - 1e-3, 0.0))) < 1  # α = 0: SGD's η < 1
    converging = trace_path(optim.Momentum(lr=1.85, momentum=alpha), anisotropic, steps=1000)
    assert diverged_at(converging) is None and np.abs(converging[-1]).max() < 1e-9
    diverging = trace_path(optim.Momentum(lr=1.95, momentum=alpha), anisotropic, steps=100)
    assert diverged_at(diverging) == 44
    assert_printed("optimization", "$\\eta < 1.9$", "1.85", "1.95", "44", "$\\alpha = 0.9$")


def test_adams_first_step_is_eta_in_every_coordinate():
    g = np.array(anisotropic.grad(-7.0, 2.0))
    np.testing.assert_allclose(g, [-0.7, 4.0])
    beta1, beta2, eps, eta = 0.9, 0.999, 1e-8, 0.3
    m_hat = (1 - beta1) * g / (1 - beta1)
    v_hat = (1 - beta2) * g * g / (1 - beta2)
    step = eta * m_hat / (np.sqrt(v_hat) + eps)
    np.testing.assert_allclose(np.abs(step), eta, rtol=1e-7)
    first = trace_path(optim.Adam(lr=eta), anisotropic, steps=1)[1]
    np.testing.assert_allclose(first, [-6.7, 1.7], atol=1e-7)
    np.testing.assert_allclose(first, np.array([-7.0, 2.0]) - step, atol=1e-12)
    assert_printed("optimization", "$(-6.7, 1.7)$", "$(-0.7, 4)$", "$0.3$", "10^{-8}")


def test_momentum_answer_takes_dlscratchs_steps_in_place():
    Momentum = answer_class("optimization", "Momentum")
    a, b = random_steps(Momentum(lr=0.05, momentum=0.8), optim.Momentum(lr=0.05, momentum=0.8))
    assert_same_params(a, b)
    a, b = random_steps(Momentum(lr=0.05, momentum=0.0), optim.SGD(lr=0.05))
    assert_same_params(a, b)  # momentum=0 takes SGD's steps
    params = {"W": np.ones((2, 2))}
    held = params["W"]  # as a layer holds it
    Momentum(lr=0.1).update(params, {"W": np.ones((2, 2))})
    assert params["W"] is held and np.allclose(held, 0.9)
    # The SGD of the question is SGD.
    SGD = answer_class("optimization", "SGD")
    assert_same_params(*random_steps(SGD(lr=0.1), optim.SGD(lr=0.1)))


def wrong_rmsprop():
    """The page's shortcut: AdaGrad's line plus the decay."""
    code = block_with("optimization", "class RMSprop:")
    block_with("optimization", "self.h[key] *= self.decay_rate\nself.h[key] += g * g")
    wrong = code.replace("(1 - self.decay_rate) * g * g", "g * g")
    assert wrong != code
    return run(wrong)["RMSprop"]


def test_rmsprop_answer_is_rmsprop_and_the_shortcut_takes_a_tenth_of_its_steps():
    RMSprop = answer_class("optimization", "RMSprop")
    a, b = random_steps(RMSprop(lr=0.01, decay_rate=0.9), optim.RMSprop(lr=0.01, decay_rate=0.9))
    assert_same_params(a, b)
    AdaGrad = answer_class("optimization", "AdaGrad")
    assert_same_params(*random_steps(AdaGrad(lr=0.1), optim.AdaGrad(lr=0.1)))
    # The shortcut's h is h / (1 − ρ), so its step is √(1 − ρ) = 0.1 times the right one.
    rho = 0.99
    right, wrong = RMSprop(lr=0.01, decay_rate=rho), wrong_rmsprop()(lr=0.01, decay_rate=rho)
    rng = np.random.default_rng(1)
    p_right, p_wrong = {"w": np.zeros(5)}, {"w": np.zeros(5)}
    for _ in range(10):
        g = rng.normal(size=5) + 3.0  # large enough that ε does not matter
        before = p_right["w"].copy(), p_wrong["w"].copy()
        right.update(p_right, {"w": g.copy()})
        wrong.update(p_wrong, {"w": g.copy()})
        ratio = (p_wrong["w"] - before[1]) / (p_right["w"] - before[0])
        np.testing.assert_allclose(ratio, math.sqrt(1 - rho), rtol=1e-5)
    assert math.sqrt(1 - rho) == pytest.approx(1 / 10)
    assert_printed("optimization", "$\\rho = 0.99$", "$1/(1 - \\rho)$", "$\\sqrt{1 - \\rho}$")


def test_rmsprop_with_a_faster_decay_starts_shorter_and_ends_further():
    eta = 0.15  # plot_07_variants.py's RMSprop
    assert eta / math.sqrt(1 - 0.99) == pytest.approx(1.5)
    assert round(eta / math.sqrt(1 - 0.9), 2) == 0.47
    slow = trace_path(optim.RMSprop(lr=eta, decay_rate=0.99), anisotropic, steps=30)
    fast = trace_path(optim.RMSprop(lr=eta, decay_rate=0.9), anisotropic, steps=30)
    np.testing.assert_allclose(np.abs(slow[1] - slow[0]), 1.5, rtol=1e-5)
    np.testing.assert_allclose(np.abs(fast[1] - fast[0]), 0.47, atol=0.005)
    assert round(fast[-1, 0], 1) == -2.1 and round(slow[-1, 0], 2) == -0.09
    assert anisotropic.f(*fast[-1]) > anisotropic.f(*slow[-1])
    assert_printed(
        "optimization",
        "$10\\eta = 1.5$",
        "$0.47$",
        "-2.1",
        "-0.09",
        "30 updates",
        korean=("$10\\eta = 1.5$", "$0.47$", "-2.1", "-0.09", "30"),
    )


def test_the_checker_passes_the_optimizer_answers_and_fails_the_shortcut():
    from dlscratch.check import check_optimizer

    for name in ("Momentum", "RMSprop"):
        namespace = run(block_with("optimization", f"class {name}:"))
        report = check_optimizer(namespace[name], name)
        assert report.passed, str(report)
    # The question's own lines, run after the answer.
    with contextlib.redirect_stdout(io.StringIO()):
        checked = run(
            block_with("optimization", 'check_optimizer(Momentum, "Momentum")'),
            run(block_with("optimization", "class Momentum:")),
        )
    assert checked["report"].passed
    report = check_optimizer(wrong_rmsprop(), "RMSprop")
    assert not report.passed and report.mistakes


# --- The explorer ----------------------------------------------------------------------------


def test_sgd_on_the_isotropic_function():
    one = trace_path(optim.SGD(lr=0.5), isotropic, steps=3)
    np.testing.assert_array_equal(one[1:], 0.0)  # factor 1 − 2·0.5 = 0
    bounce = trace_path(optim.SGD(lr=1.0), isotropic, steps=30)
    np.testing.assert_array_equal(bounce[1], [7.0, -2.0])
    np.testing.assert_array_equal(bounce[2], [-7.0, 2.0])
    assert set(map(tuple, bounce)) == {(-7.0, 2.0), (7.0, -2.0)}
    assert_printed("explorer", "$\\eta = 0.5$", "$\\eta = 1$", "$(-7, 2)$", "$(7, -2)$")


def test_momentum_swings_past_the_minimum():
    path = trace_path(optim.Momentum(lr=0.5, momentum=0.9), isotropic, steps=200)
    np.testing.assert_allclose(path[1], [0.0, 0.0], atol=1e-15)
    np.testing.assert_allclose(path[2], [6.3, -1.8])  # v₂ = 0.9·(7, −2)
    # Back and forth through the minimum, less far each time: |r| = √0.9 for r² − 0.9r + 0.9.
    assert max(abs(momentum_roots(1.0, 0.9))) == pytest.approx(math.sqrt(0.9))
    assert np.sign(path[2, 0]) != np.sign(path[4, 0])
    assert np.abs(path[-1]).max() < 1e-3
    assert_printed("explorer", "$(6.3, -1.8)$", "$\\alpha = 0.9$", "$v_2 = 0.9\\, v_1$")


def test_nesterovs_range_is_narrower_than_sgds():
    alpha, lam = 0.9, 2.0
    # The recursion is the class's own update.
    opt, theta, history = optim.Nesterov(lr=0.3, momentum=alpha), {"y": np.array(1.0)}, [1.0]
    for _ in range(6):
        opt.update(theta, {"y": lam * theta["y"]})
        history.append(float(theta["y"]))
    h = 0.3 * lam
    for k in range(1, 6):
        expected = (1 + alpha) * (1 - h) * history[k] - alpha * (1 - h) * history[k - 1]
        assert history[k + 1] == pytest.approx(expected)
    limit = 2 * (1 + alpha) / (1 + 2 * alpha) / lam
    assert limit == pytest.approx(19 / 28) and round(limit, 2) == 0.68

    def largest_root(eta):
        h = eta * lam
        return max(abs(np.roots([1.0, -(1 + alpha) * (1 - h), alpha * (1 - h)])))

    assert largest_root(limit - 1e-3) < 1 < largest_root(limit + 1e-3)
    paths = {
        name: trace_path(cls(lr=0.8, **kw), anisotropic, steps=100)
        for name, cls, kw in [
            ("SGD", optim.SGD, {}),
            ("Momentum", optim.Momentum, {"momentum": alpha}),
            ("Nesterov", optim.Nesterov, {"momentum": alpha}),
        ]
    }
    assert diverged_at(paths["SGD"]) is None and diverged_at(paths["Momentum"]) is None
    assert diverged_at(paths["Nesterov"]) == 32
    assert_printed("explorer", "32", "$\\eta < 19/28 \\approx 0.68$", "$\\eta = 0.8$")


def test_rmsprop_without_memory_takes_steps_of_one_size():
    path = trace_path(optim.RMSprop(lr=0.15, decay_rate=0.0), anisotropic, steps=30)
    steps = np.abs(np.diff(path, axis=0))
    np.testing.assert_allclose(steps, 0.15, rtol=1e-5)  # η·g/(|g| + ε), ε = 1e-7
    assert -7 + 30 * 0.15 == pytest.approx(-2.5)
    assert path[30, 0] == pytest.approx(-2.5, abs=1e-5)
    assert path[13, 1] == pytest.approx(0.05, abs=1e-5) and path[12, 1] > 0.15
    np.testing.assert_allclose(path[14::2, 1], -0.1, atol=1e-5)
    np.testing.assert_allclose(path[13::2, 1], 0.05, atol=1e-5)
    numbers = ("30 \\cdot 0.15 = -2.5$", "$0.05$", "$-0.1$", "13", "$\\eta = 0.15$")
    assert_printed("explorer", *numbers, "30 steps", korean=(*numbers, "30"))


def test_a_huge_learning_rate_diverges_sgd_but_not_adam():
    sgd = trace_path(optim.SGD(lr=3.0), anisotropic, steps=100)
    assert 1 - 2 * 3 == -5
    k = next(k for k in range(1, 30) if 2 * 5**k > DIVERGENCE_BOUND)
    assert k == 9 and diverged_at(sgd) == k
    adam = trace_path(optim.Adam(lr=3.0), anisotropic, steps=100)
    assert diverged_at(adam) is None
    assert np.abs(np.diff(adam, axis=0)).max() <= 3.0
    assert anisotropic.f(*adam[-1]) < 1e-3
    assert_printed(
        "explorer",
        "step 9",
        "$1 - 2 \\cdot 3 = -5$",
        "$2 \\cdot 5^9$",
        "100 steps",
        korean=("9", "$1 - 2 \\cdot 3 = -5$", "$2 \\cdot 5^9$", "100"),
    )


# --- Initial weights and batch normalization (sections 6.2 and 6.3) ---------------------------


def test_the_first_layers_scale_and_the_halving_mean_square():
    assert round(1 / math.sqrt(784), 4) == 0.0357 and 1 / math.sqrt(784) == 1 / 28
    assert round(math.sqrt(2 / 784), 4) == 0.0505
    for rule, sigma in (("xavier", 1 / 28), ("he", math.sqrt(2 / 784))):
        W1 = nn.MultiLayerNet(784, [100], 10, weight_init_std=rule, seed=0).params["W1"]
        assert float(W1.std()) == pytest.approx(sigma, rel=0.01)
    assert round(0.5**5, 3) == 0.031
    squares = [float(np.mean(a**2)) for a in activation_distributions("relu", "xavier")]
    assert squares[-1] == pytest.approx(1 / 32, rel=0.1)
    ratios = np.array(squares[1:]) / np.array(squares[:-1])
    assert np.all((ratios > 0.4) & (ratios < 0.6)), ratios
    assert_printed(
        "initialization_and_batch_norm",
        "$n = 784$",
        "0.0357",
        "0.0505",
        "$(1/2)^5 = 1/32 \\approx 0.031$",
    )


def test_batch_normalization_ignores_scale_and_shift_and_divides_the_gradient():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(16, 5)) * 3 + 1
    delta = rng.normal(size=x.shape)
    layers = [nn.BatchNormalization(np.full(5, 1.5), np.full(5, 0.2)) for _ in range(2)]
    y1, y2 = layers[0].forward(x), layers[1].forward(10 * x + 5)
    np.testing.assert_allclose(y1, y2, atol=1e-5)
    dx1, dx2 = layers[0].backward(delta), layers[1].backward(delta)
    np.testing.assert_allclose(dx2, dx1 / 10, rtol=1e-4)
    assert_printed("initialization_and_batch_norm", "$10x + 5$", "$10\\sigma$", "$10\\mu + 5$")


def sigmoid_mistake():
    """The page's mistake: the derivative applied to the input."""
    namespace = run(block_with("initialization_and_batch_norm", "class Sigmoid:"))
    return run(block_with("initialization_and_batch_norm", "class WrongSigmoid:"), namespace)[
        "WrongSigmoid"
    ]


def test_sigmoid_answer_and_its_mistake():
    Sigmoid = answer_class("initialization_and_batch_norm", "Sigmoid")
    rng = np.random.default_rng(0)
    x, dout = rng.normal(size=(4, 6)) * 3, rng.normal(size=(4, 6))
    ours, theirs = Sigmoid(), nn.Sigmoid()
    np.testing.assert_allclose(ours.forward(x), theirs.forward(x), rtol=1e-12)
    np.testing.assert_allclose(ours.backward(dout), theirs.backward(dout), rtol=1e-12)
    wrong = sigmoid_mistake()()
    wrong.forward(np.zeros((1, 1)))
    right = Sigmoid()
    right.forward(np.zeros((1, 1)))
    assert wrong.backward(np.ones((1, 1)))[0, 0] == 0.0
    assert right.backward(np.ones((1, 1)))[0, 0] == 0.25
    assert_printed("initialization_and_batch_norm", "$x = 0$", "$1/4$")


def affine_mistake():
    code = block_with("initialization_and_batch_norm", "class Affine:")
    assert "`dout.sum()`" in exercises("initialization_and_batch_norm")
    wrong = code.replace("dout.sum(axis=0)", "dout.sum()")
    assert wrong != code
    return run(wrong)["Affine"]


def test_affine_answer_agrees_with_dlscratch_also_on_images():
    Affine = answer_class("initialization_and_batch_norm", "Affine")
    rng = np.random.default_rng(0)
    W, b = rng.normal(size=(12, 5)), rng.normal(size=5)
    for shape in ((7, 12), (7, 3, 2, 2)):
        x, dout = rng.normal(size=shape), rng.normal(size=(7, 5))
        ours, theirs = Affine(W, b), nn.Affine(W, b)
        np.testing.assert_allclose(ours.forward(x), theirs.forward(x), rtol=1e-12)
        np.testing.assert_allclose(ours.backward(dout), theirs.backward(dout), rtol=1e-12)
        np.testing.assert_allclose(ours.dW, theirs.dW, rtol=1e-12)
        np.testing.assert_allclose(ours.db, theirs.db, rtol=1e-12)
    wrong = affine_mistake()(W, b)
    wrong.forward(x)
    wrong.backward(dout)
    assert np.ndim(wrong.db) == 0  # one number for every unit


def test_tanh_with_standard_deviation_one_saturates():
    layers = activation_distributions("tanh", 1.0)
    beyond = [float(np.mean(np.abs(a) > 0.9)) for a in layers]
    assert min(beyond) > 0.8, beyond
    # The first layer's pre-activations: 100 inputs of variance 1 times weights of variance 1.
    rng = np.random.default_rng(1)
    pre = rng.standard_normal((1000, 100)) @ rng.standard_normal((100, 100))
    assert float(pre.std()) == pytest.approx(10, rel=0.05)
    assert math.sqrt(100 * 1.0**2 * 1.0) == 10
    assert_printed(
        "initialization_and_batch_norm",
        "80 %",
        "$\\pm 0.9$",
        "about 10",
        korean=("80%", "$\\pm 0.9$", "10"),
    )


def test_the_checker_passes_the_layer_answers_and_fails_their_mistakes():
    from dlscratch.check import check_layer

    for name in ("Sigmoid", "Affine"):
        report = check_layer(answer_class("initialization_and_batch_norm", name), name)
        assert report.passed, str(report)
    namespace = run(block_with("initialization_and_batch_norm", "class Sigmoid:"))
    with contextlib.redirect_stdout(io.StringIO()):
        run(
            block_with("initialization_and_batch_norm", 'check_layer(Sigmoid, "Sigmoid")'),
            namespace,
        )
    for wrong, name in ((sigmoid_mistake(), "Sigmoid"), (affine_mistake(), "Affine")):
        report = check_layer(wrong, name)
        assert not report.passed and report.mistakes, name


# --- Regularization and search (sections 6.4 and 6.5) ----------------------------------------


def test_weight_decay_shrinks_by_0999_per_update_and_to_0547_in_training():
    from dlscratch.datasets import load_mnist
    from dlscratch.training import Trainer

    eta, lam = 0.01, 0.1
    assert 1 - eta * lam == pytest.approx(0.999)
    (x, t), _ = load_mnist(source="bundled")
    network = nn.MultiLayerNet(784, [10], 10, seed=0)
    trainer = Trainer(
        network,
        x[:300],
        t[:300],
        x[:100],
        t[:100],
        epochs=201,
        mini_batch_size=100,
        optimizer="SGD",
        optimizer_param={"lr": eta},
        verbose=False,
    )
    assert trainer.max_iter == 603 == 201 * 3
    # SGD on a weight whose only gradient is the decay's, λW.
    params, opt = {"W": np.full(3, 2.0)}, optim.SGD(lr=eta)
    for _ in range(trainer.max_iter):
        opt.update(params, {"W": lam * params["W"]})
    assert round(float(params["W"][0] / 2.0), 3) == 0.547
    assert_printed(
        "regularization_and_search", "0.999", "201 \\cdot 3 = 603", "0.999^{603} \\approx 0.547"
    )


def test_adamw_answer_is_adam_without_decay_and_shrinks_with_it():
    AdamW = answer_class("regularization_and_search", "AdamW")
    a, b = random_steps(AdamW(lr=0.01), optim.Adam(lr=0.01))
    assert_same_params(a, b, rtol=1e-6)
    # By hand: Adam's part of the first step is g/|g| = 1, the decay's λθ = 0.02.
    expected = 2 - 0.1 * (0.5 / (0.5 + 1e-8) + 0.01 * 2)
    assert round(expected, 3) == 1.898
    params = {"w": np.array([2.0])}
    AdamW(lr=0.1, weight_decay=0.01).update(params, {"w": np.array([0.5])})
    assert params["w"][0] == pytest.approx(expected, abs=1e-12)
    # The page's own snippet prints the same.
    namespace = run(block_with("regularization_and_search", "class AdamW:"))
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        run(block_with("regularization_and_search", "AdamW(lr=0.1, weight_decay=0.01)"), namespace)
    assert output.getvalue().strip() == "[1.898]"
    # Coupled: the decay added to the gradient vanishes in Adam's first step.
    coupled = {"w": np.array([2.0])}
    optim.Adam(lr=0.1).update(coupled, {"w": np.array([0.5 + 0.01 * 2.0])})
    assert coupled["w"][0] == pytest.approx(1.9, abs=1e-7)
    assert_printed(
        "regularization_and_search",
        "$0.5 / 0.5 = 1$",
        "$\\lambda\\theta = 0.01 \\cdot 2 = 0.02$",
        "$2 - 0.1 \\cdot 1.02 = 1.898$",
        "$g = 0.5 + 0.02 = 0.52$",
        "$1.9$",
    )


def test_dropouts_scales():
    p = 0.2
    layer = nn.Dropout(p, seed=0)
    x = np.ones((400, 500))
    np.testing.assert_allclose(layer.forward(x, train_flg=False), 0.8)
    kept = np.mean([layer.forward(x).mean() for _ in range(5)])
    assert kept == pytest.approx(1 - p, abs=0.005)
    assert 1 / (1 - p) == pytest.approx(1.25)
    assert_printed("regularization_and_search", "$1 - p = 0.8$", "$1/0.8 = 1.25$", "$p = 0.2$")


def dropout_mistake():
    code = block_with("regularization_and_search", "class Dropout:")
    assert "`self.factor = 1.0`" in exercises("regularization_and_search")
    wrong = code.replace("self.factor = 1.0 - self.dropout_ratio", "self.factor = 1.0")
    assert wrong != code
    return run(wrong)["Dropout"]


def test_dropout_answer_masks_scales_and_lets_the_gradient_through():
    Dropout = answer_class("regularization_and_search", "Dropout")
    layer = Dropout(0.3)
    np.random.seed(0)
    x = np.random.normal(size=(300, 400))
    y = layer.forward(x)
    kept = y != 0
    assert np.mean(kept) == pytest.approx(0.7, abs=0.01)
    np.testing.assert_array_equal(y[kept], x[kept])
    np.testing.assert_array_equal(layer.backward(np.ones_like(x)), kept.astype(float))
    np.testing.assert_allclose(layer.forward(x, train_flg=False), 0.7 * x)
    np.testing.assert_allclose(layer.backward(np.ones_like(x)), 0.7)
    wrong = dropout_mistake()(0.3)
    np.testing.assert_array_equal(wrong.forward(x, train_flg=False), x)


def test_the_checker_passes_adamw_and_dropout_and_fails_the_unscaled_dropout():
    from dlscratch.check import check_layer, check_optimizer

    namespace = run(block_with("regularization_and_search", "class AdamW:"))
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        run(block_with("regularization_and_search", 'check_optimizer(AdamW, "Adam")'), namespace)
    assert check_optimizer(namespace["AdamW"], "Adam").passed
    report = check_layer(answer_class("regularization_and_search", "Dropout"), "Dropout")
    assert report.passed, str(report)
    report = check_layer(dropout_mistake(), "Dropout")
    assert not report.passed and report.mistakes


def test_how_often_the_search_draws_a_good_learning_rate():
    # u uniform on (−6, −2): u > −3 is a quarter of the range.
    assert (-2 - -3) / (-2 - -6) == 0.25
    draws = np.random.default_rng(0).uniform(-6, -2, size=200_000)
    assert np.mean(draws > -3) == pytest.approx(0.25, abs=0.005)
    uniform = (1e-2 - 1e-3) / (1e-2 - 1e-6)
    assert round(uniform, 1) == 0.9
    lowest = (1e-5 - 1e-6) / (1e-2 - 1e-6)
    assert 1 / 1000 == pytest.approx(lowest, rel=0.15)  # "about one in a thousand"
    assert_printed(
        "regularization_and_search",
        "25 of the 100",
        "\\approx 0.9$",
        korean=("25", "\\approx 0.9$"),
    )


def test_a_tenfold_weight_decay_multiplies_by_099_per_update():
    eta, lam = 0.01, 1.0
    assert eta * lam == 0.01 and 1 - eta * lam == 0.99
    assert_printed("regularization_and_search", "$\\eta\\lambda = 0.01$", "$0.99$", "`1.0`")


def test_the_answer_code_is_python_whose_only_comments_are_printed_numbers():
    for page in PAGES:
        for block in python_blocks(page):
            ast.parse(block)
            comments = [line for line in block.splitlines() if "#" in line]
            assert all(re.search(r"#\s*\[[\d.]+\]$", c) for c in comments), comments
