"""
Mistakes when typing the code in
================================

Typing the optimizers in from the book, or from notes, is a good way to learn
them, and an easy way to get them slightly wrong.  Most of the mistakes below
raise no error: training runs, the loss may even fall, and only the path of
the parameters shows that something is off.

Each mistake is typed in here as a reader might, in the book's style, run for
30 updates on :math:`f(x, y) = x^2/20 + y^2` from :math:`(-7, 2)` and drawn
in grey over the path of dlscratch's class.  Each comes with a short check,
computed by hand, that fails on the faulty class and passes on dlscratch's;
the same checks run in dlscratch's test suite.
"""

# %%
# A model to run them on
# ----------------------
# Like the layers of a network, this small model keeps its own references to
# the arrays in ``params`` and computes the gradient from those, so that a
# mistake which disconnects ``params`` from the model shows up too.  The
# checks use ``after``, which updates a single number :math:`x` with
# gradients chosen so that the result is easy to work out by hand.
import matplotlib.pyplot as plt
import numpy as np

from dlscratch.landscapes import BOOK_START, BOOK_STEPS, anisotropic
from dlscratch.optim import SGD, AdaGrad, Adam, Momentum, Nesterov
from dlscratch.plotting import tr, versus_figure


class PointModel:
    """A stand-in for a network whose only parameters are the point (x, y)."""

    def __init__(self, start=BOOK_START, scale=1.0):
        self.params = {"x": np.array(start[0]), "y": np.array(start[1])}
        self.layer = dict(self.params)  # the model's own references, like a layer's W
        self.scale = scale  # the loss is scale · f

    def gradient(self):
        gx, gy = anisotropic.grad(self.layer["x"], self.layer["y"])
        return {"x": self.scale * gx, "y": self.scale * gy}

    def point(self):
        return float(self.layer["x"]), float(self.layer["y"])


def path(optimizer, steps=BOOK_STEPS, scale=1.0):
    """Train a fresh PointModel; return the points the model itself used."""
    model = PointModel(scale=scale)
    points = [model.point()]
    for _ in range(steps):
        optimizer.update(model.params, model.gradient())
        points.append(model.point())
    return np.array(points)


def after(optimizer, gradients, start=1.0):
    """Update one number x = start with the given gradients; return the final x."""
    params = {"x": np.array(start)}
    for g in gradients:
        optimizer.update(params, {"x": np.array(g)})
    return float(params["x"])


# %%
# Momentum's update inside the ``if`` block
# ------------------------------------------
# The velocity is created when ``self.v is None``.  Indent the update one
# level too far and it runs only in that first call: the first step is right,
# and every later call does nothing.  In the figure the grey path stops after
# its first, short step, at :math:`(-6.93, 1.6)`.


class MomentumTyped:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum = lr, momentum
        self.v = None

    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
            for key in params:  # mistake: this loop belongs one level out
                self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
                params[key] += self.v[key]


def keeps_moving(cls):
    """Two steps with g = 1 from x = 1: v = −0.1, x = 0.9; v = −0.19, x = 0.71."""
    return np.isclose(after(cls(lr=0.1, momentum=0.9), [1.0, 1.0]), 0.71)


title = tr("Momentum's update inside the if block")
fig = versus_figure(
    path(Momentum(lr=0.1)), path(MomentumTyped(lr=0.1)), anisotropic, "Momentum", title
)
print(keeps_moving(MomentumTyped), keeps_moving(Momentum))

# %%
# ``lr`` instead of ``self.lr``
# -----------------------------
# Inside a method, a bare ``lr`` is not the instance's learning rate: Python
# looks it up among the global names.  In a script or notebook that set
# ``lr = 0.95`` earlier, the class silently uses that value, whatever it was
# built with.  Here the reader lowers the learning rate to 0.1 to stop the
# zig-zag, and the path does not change.

lr = 0.95  # left over from an earlier cell


class SGDTyped:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            params[key] -= lr * grads[key]  # mistake: the global lr, not self.lr


def uses_its_own_lr(cls):
    """One step with g = 1 from x = 1 with lr = 0.1 ends at 0.9."""
    return np.isclose(after(cls(lr=0.1), [1.0]), 0.9)


title = tr("lr instead of self.lr (global lr = 0.95)")
fig = versus_figure(path(SGD(lr=0.1)), path(SGDTyped(lr=0.1)), anisotropic, "SGD", title)
print(uses_its_own_lr(SGDTyped), uses_its_own_lr(SGD))

# %%
# A misspelt argument that picks up a global
# ------------------------------------------
# The argument is typed ``grad`` while the body says ``grads``.  If a global
# ``grads`` exists, as it does in the book's scripts, Python uses it without a
# word.  In a script whose loop is also called ``grads`` the mistake is
# invisible; as soon as ``update`` is called from a function, as here, it
# reads a stale gradient, the one computed at the start, and walks off in a
# straight line.

grads = {"x": np.array(-0.7), "y": np.array(4.0)}  # an earlier cell's gradient at (−7, 2)


class SGDMisspelt:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grad):  # mistake: grad here, grads below
        for key in params:
            params[key] -= self.lr * grads[key]


def follows_its_gradients(cls):
    """A step with g = 1 and one with g = −1, from x = 1 with lr = 0.1, end at 1."""
    return np.isclose(after(cls(lr=0.1), [1.0, -1.0]), 1.0)


title = tr("update(self, params, grad) reads a stale global grads")
fig = versus_figure(path(SGD(lr=0.1)), path(SGDMisspelt(lr=0.1)), anisotropic, "SGD", title)
print(follows_its_gradients(SGDMisspelt), follows_its_gradients(SGD))

# %%
# Nesterov's order
# ----------------
# Nesterov's rule in the form that needs the gradient only at the stored
# parameters is
#
# .. math::
#
#     \theta \leftarrow \theta + \alpha^2 v - (1 + \alpha)\,\eta\, g, \qquad
#     v \leftarrow \alpha v - \eta\, g,
#
# and the order matters: :math:`\theta` must use the *old* velocity.  It
# follows from Sutskever's look-ahead form by writing the stored parameters
# as :math:`\theta = \theta' + \alpha v`.  Some printings and repositories of
# the book update :math:`v` first, so that :math:`\theta` takes
# :math:`\alpha^2` of the new velocity, which already contains
# :math:`-\eta g`: every step is :math:`\alpha^2 \eta g` too long.


class NesterovVelocityFirst:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum = lr, momentum
        self.v = None

    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
        a = self.momentum
        for key in params:
            self.v[key] = a * self.v[key] - self.lr * grads[key]  # mistake: v first, ...
            params[key] += a * a * self.v[key] - (1 + a) * self.lr * grads[key]  # ... then θ


def first_step_is_one_plus_alpha_times_eta(cls):
    """From v = 0 with g = 1, lr = 0.1, momentum 0.9: x = 1 − 1.9 · 0.1 = 0.81."""
    return np.isclose(after(cls(lr=0.1, momentum=0.9), [1.0]), 0.81)


title = tr("Nesterov: velocity updated first")
fig = versus_figure(
    path(Nesterov(lr=0.1)), path(NesterovVelocityFirst(lr=0.1)), anisotropic, "Nesterov", title
)
print(
    first_step_is_one_plus_alpha_times_eta(NesterovVelocityFirst),
    first_step_is_one_plus_alpha_times_eta(Nesterov),
)

# %%
# AdaGrad's ε inside the square root
# ----------------------------------
# :math:`\varepsilon` is there only to keep the division finite while
# :math:`h = 0`.  Outside the root it adds :math:`10^{-7}` to
# :math:`\sqrt{h}`; inside, :math:`\sqrt{h + \varepsilon}` is at least
# :math:`\sqrt{10^{-7}} \approx 3.2 \times 10^{-4}`.  While :math:`h` is 0 or
# tiny, :math:`\varepsilon` decides the step: outside the root AdaGrad's first
# step is :math:`\eta` whatever the size of the gradient, as it should be;
# inside, a gradient of :math:`10^{-4}` moves the parameter by only about
# :math:`0.3\eta`.  On the book's function the gradients are large and the two
# paths coincide, so here the loss is :math:`f/10^4`: the same contours and,
# for a correct AdaGrad, nearly the same path.


class AdaGradEpsInside:
    def __init__(self, lr=0.01):
        self.lr = lr
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(value) for key, value in params.items()}
        for key in params:
            self.h[key] += grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / np.sqrt(self.h[key] + 1e-7)  # mistake


def first_step_ignores_gradient_size(cls):
    """With g = 10⁻⁴ from x = 1 and lr = 0.1, the first step is still 0.1 (to 10⁻³)."""
    return np.isclose(after(cls(lr=0.1), [1e-4]), 0.9, atol=1e-3)


title = tr("AdaGrad: ε inside the square root, on f/10⁴")
correct = path(AdaGrad(lr=1.5), scale=1e-4)
fig = versus_figure(
    correct, path(AdaGradEpsInside(lr=1.5), scale=1e-4), anisotropic, "AdaGrad", title
)
print(first_step_ignores_gradient_size(AdaGradEpsInside), first_step_ignores_gradient_size(AdaGrad))

# %%
# ``params[key] = params[key] - …`` for arrays
# ---------------------------------------------
# ``params[key] -= …`` changes the array in place.  Written out as
# ``params[key] = params[key] - …``, it builds a new array and puts it in the
# dict, while the network's layers keep the old one.  ``params`` changes, the
# network does not: its gradient, and its loss, stay those of the initial
# weights.  On this page's model the point never leaves the start.


class SGDRebinds:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            params[key] = params[key] - self.lr * grads[key]  # mistake: a new array


def updates_in_place(cls):
    """The array the model holds is the one that changes: 1 − 0.1 · 1 = 0.9."""
    params = {"x": np.array(1.0)}
    held = params["x"]
    cls(lr=0.1).update(params, {"x": np.array(1.0)})
    return params["x"] is held and np.isclose(held, 0.9)


title = tr("params[key] = params[key] − …: the layer never moves")
fig = versus_figure(path(SGD(lr=0.95)), path(SGDRebinds(lr=0.95)), anisotropic, "SGD", title)
print(updates_in_place(SGDRebinds), updates_in_place(SGD))

# %%
# Adam without bias correction
# ----------------------------
# :math:`m` and :math:`v` start at zero, so after one step
# :math:`m = (1 - \beta_1)\, g` and :math:`v = (1 - \beta_2)\, g^2`.  Used
# without dividing by :math:`1 - \beta_1^t` and :math:`1 - \beta_2^t`, the
# first step is :math:`\eta\, (1 - \beta_1)/\sqrt{1 - \beta_2} \approx 3.16\,\eta`
# instead of :math:`\eta`, and the early steps stay too long until
# :math:`\beta_2^t` has faded, after thousands of steps.


class AdamNoCorrection:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m = self.v = None

    def update(self, params, grads):
        if self.m is None:
            self.m = {key: np.zeros_like(value) for key, value in params.items()}
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
        for key in params:
            self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * grads[key]
            self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * grads[key] ** 2
            # mistake: m and v are used without the bias correction
            params[key] -= self.lr * self.m[key] / (np.sqrt(self.v[key]) + self.eps)


def first_step_is_lr(cls):
    """Adam's first step is η: from x = 1 with g = 0.5 and lr = 0.1, x = 0.9 (to 10⁻⁶)."""
    return np.isclose(after(cls(lr=0.1), [0.5]), 0.9, atol=1e-6)


title = tr("Adam without bias correction")
fig = versus_figure(path(Adam(lr=0.3)), path(AdamNoCorrection(lr=0.3)), anisotropic, "Adam", title)
print(first_step_is_lr(AdamNoCorrection), first_step_is_lr(Adam))

# %%
# The checks together
# -------------------
# Each check, with the class it catches and dlscratch's class it passes on.
# A test suite for your own optimizers can run the same lines: every faulty
# class prints ``False``, every class of dlscratch ``True``.
CHECKS = [
    (keeps_moving, MomentumTyped, Momentum),
    (uses_its_own_lr, SGDTyped, SGD),
    (follows_its_gradients, SGDMisspelt, SGD),
    (first_step_is_one_plus_alpha_times_eta, NesterovVelocityFirst, Nesterov),
    (first_step_ignores_gradient_size, AdaGradEpsInside, AdaGrad),
    (updates_in_place, SGDRebinds, SGD),
    (first_step_is_lr, AdamNoCorrection, Adam),
]
for check, typed, ours in CHECKS:
    print(f"{check.__name__:40s} {typed.__name__:22s} {check(typed)!s:6s} {check(ours)}")

plt.show()
