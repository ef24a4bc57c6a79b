"""
Mistakes when typing the code in
================================

Typing the optimizers in from the book, or from notes, is a good way to learn
them, and an easy way to get them slightly wrong.  Most of the mistakes below
raise no error: training runs, the loss may even fall, and only the path of
the parameters shows that something is off.

Each mistake is typed in here as a reader might, in the book's style, run for
30 updates on :math:`f(x, y) = x^2/20 + y^2` from :math:`(-7, 2)` and drawn
in grey over the path of dlscratch's class.  The last one, a misread
constant in batch normalization, is shown on a network instead.  Each comes
with a short check, computed by hand, that fails on the faulty class and
passes on dlscratch's; the same checks run in dlscratch's test suite.
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

from dlscratch.i18n import tr
from dlscratch.landscapes import BOOK_START, BOOK_STEPS, anisotropic
from dlscratch.optim import SGD, AdaGrad, Adam, Momentum, Nesterov
from dlscratch.plotting import versus_figure


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
# :math:`\alpha^2` of the new velocity instead of the old one.  Every step
# then differs by :math:`\alpha^2 (v_\text{new} - v) = -\alpha^2 ((1 - \alpha) v + \eta g)`,
# which at the first step, from :math:`v = 0`, is :math:`\alpha^2 \eta g` too long.


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
# Reading ``10e-7`` as :math:`10^{-7}`
# ------------------------------------
# The book's ``BatchNormalization`` adds ``10e-7`` to the variance.  In Python
# ``10e-7`` means :math:`10 \times 10^{-7}`, that is :math:`10^{-6}`; the ``e``
# already stands for "times ten to the power".  Read as :math:`10^{-7}` and
# typed in as ``1e-7``, the layer divides by a different
# :math:`\sqrt{\sigma^2 + \varepsilon}`.  ``1e-6`` and ``10**-6`` say what they
# mean; so do ``1e-7`` and ``10**-7``, when :math:`10^{-7}` is meant.

print(10e-7 == 1e-6, 10e-7 == 1e-7, 10**-7 == 1e-7)

# %%
# Here is the layer as a reader types it from the book's code, forward pass
# only, with ε read as :math:`10^{-7}`:


class BatchNormalizationTyped:
    def __init__(self, gamma, beta, momentum=0.9):
        self.gamma, self.beta, self.momentum = gamma, beta, momentum
        self.running_mean = self.running_var = None

    def forward(self, x, train_flg=True):
        if self.running_mean is None:
            self.running_mean = np.zeros(x.shape[1])
            self.running_var = np.zeros(x.shape[1])
        if train_flg:
            mu, var = x.mean(axis=0), x.var(axis=0)
            m = self.momentum
            self.running_mean = m * self.running_mean + (1 - m) * mu
            self.running_var = m * self.running_var + (1 - m) * var
        else:
            mu, var = self.running_mean, self.running_var
        x_hat = (x - mu) / np.sqrt(var + 1e-7)  # mistake: the book's 10e-7 is 1e-6
        return self.gamma * x_hat + self.beta


def normalizes_with_the_books_epsilon(cls):
    """A feature with σ² = 10⁻⁶: batch (0, 0.002), μ = 0.001.  With ε = 10⁻⁶,
    x̂ = ±0.001/√(2·10⁻⁶) = ±1/√2; with ε = 10⁻⁷ it would be ±1/√1.1."""
    layer = cls(np.array([1.0]), np.array([0.0]))
    out = layer.forward(np.array([[0.0], [0.002]]))
    return np.allclose(out[:, 0], [-(0.5**0.5), 0.5**0.5], rtol=1e-9)


# %%
# :math:`\varepsilon` matters only where a feature's variance is not much
# larger than it.  In a network, that happens when the initial weights are
# small: the variance of a layer's input shrinks with the square of the
# weights.  The book's batch-normalization grid goes down to a standard
# deviation of :math:`10^{-4}`.  At each of its 16 scales, the same
# 784-100-100-100-100-100-10 network with batch normalization is built twice
# from the same seed: once as it is, once with every
# ``BatchNormalization`` replaced by the typed layer.  Each runs 20 batches of
# 100 training images in training mode, which only moves the running
# averages, then scores 500 test images in inference.

from dlscratch.datasets import load_mnist
from dlscratch.nn import BatchNormalization, MultiLayerNetExtend
from dlscratch.plotting import batch_norm_epsilon_figure


def inference_scores(weight_scale, layer_class, x_train, x_test):
    network = MultiLayerNetExtend(
        784, [100] * 5, 10, weight_init_std=weight_scale, use_batchnorm=True, seed=0
    )
    for i, layer in enumerate(network.layers):
        if isinstance(layer, BatchNormalization) and layer_class is not BatchNormalization:
            network.layers[i] = layer_class(layer.gamma, layer.beta)
    for start in range(0, 2000, 100):
        network.predict(x_train[start : start + 100], train_flg=True)
    return network.predict(x_test, train_flg=False)


(x_train, _), (x_test, _) = load_mnist(normalize=True, source="bundled")
scales = np.logspace(0, -4, num=16)
difference, changed = [], []
for scale in scales:
    book = inference_scores(scale, BatchNormalization, x_train, x_test[:500])
    typed = inference_scores(scale, BatchNormalizationTyped, x_train, x_test[:500])
    difference.append(np.linalg.norm(book - typed) / np.linalg.norm(book))
    changed.append(np.mean(book.argmax(axis=1) != typed.argmax(axis=1)))
difference, changed = np.array(difference), np.array(changed)

fig = batch_norm_epsilon_figure(scales, difference, changed)
fig.suptitle(tr("Batch normalization: ε = 10e-7 (10⁻⁶, the book's) against ε = 10⁻⁷"))
for scale, d, c in zip(scales[::3], difference[::3], changed[::3], strict=True):
    print(f"std {scale:.2g}: scores differ by {d:.1e}, {100 * c:.1f} % of classes change")

# %%
# At the scales where a network learns well, from about 0.01 up, the scores
# differ by less than :math:`10^{-3}` and no prediction changes: the two
# networks start out much alike.  Below that the difference grows by about
# a factor of 3.5 per step of the grid, because every layer's variance shrinks
# towards :math:`\varepsilon` and every layer adds its share.  At the smallest
# scales the two networks give other classes for many test images, and the
# typed layer no longer reproduces the book's panels.

# %%
# The checks together
# -------------------
# Each check, with the class it catches and dlscratch's class it passes on.
# A test suite for your own optimizers and layers can run the same lines:
# every faulty class prints ``False``, every class of dlscratch ``True``.
CHECKS = [
    (keeps_moving, MomentumTyped, Momentum),
    (uses_its_own_lr, SGDTyped, SGD),
    (follows_its_gradients, SGDMisspelt, SGD),
    (first_step_is_one_plus_alpha_times_eta, NesterovVelocityFirst, Nesterov),
    (first_step_ignores_gradient_size, AdaGradEpsInside, AdaGrad),
    (updates_in_place, SGDRebinds, SGD),
    (first_step_is_lr, AdamNoCorrection, Adam),
    (normalizes_with_the_books_epsilon, BatchNormalizationTyped, BatchNormalization),
]
for check, typed, ours in CHECKS:
    print(f"{check.__name__:34s} {typed.__name__:23s} {check(typed)!s:6s} {check(ours)}")

plt.show()
