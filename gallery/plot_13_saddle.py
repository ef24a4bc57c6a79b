"""
Escaping a saddle point
=======================

The double well :math:`f(x, y) = (x^2 - 1)^2 + y^2` has its minima at
:math:`(\\pm 1, 0)` and a saddle point at the origin: along :math:`y` the
origin is the bottom of a valley, along :math:`x` the top of a hill, and the
gradient there is zero.  Every optimizer starts at :math:`(0.001, 1.2)`, just
beside the line :math:`x = 0` that leads straight to the saddle, and makes 100
updates, with the learning rates the optimizer explorer uses here.
"""

# %%
import matplotlib.pyplot as plt

from dlscratch import optim
from dlscratch.landscapes import saddle, trace_path
from dlscratch.plotting import comparison_figure, coordinate_figure

paths = {
    name: trace_path(getattr(optim, name)(lr=lr), saddle, saddle.start, steps=100)
    for name, lr in saddle.learning_rates.items()
}
settings = {name: f"η = {lr:g}" for name, lr in saddle.learning_rates.items()}
fig = comparison_figure(paths, settings, saddle, view=saddle.view)

# %%
# How fast each path leaves the saddle
# ------------------------------------
# Near the origin :math:`\partial f / \partial x = 4x(x^2 - 1) \approx -4x`,
# so SGD multiplies :math:`x` by about :math:`1 + 4\eta` per step: starting
# from :math:`10^{-3}`, it needs about :math:`\ln 1000 / \ln(1 + 4\eta)`
# steps to reach :math:`x = 1` (33 for :math:`\eta = 0.05`, minus a few as the
# factor grows on the way).  On a logarithmic axis that is a straight line.
fig = coordinate_figure(paths, "x", target=1.0)

# %%
# The first update after which :math:`|x| > 0.5`, for each optimizer:
for name, path in paths.items():
    print(f"{name:8s}", int((abs(path[:, 0]) > 0.5).argmax()))

# %%
# **What to notice.**  SGD, Momentum and Nesterov follow the gradient, which
# is tiny near the saddle, so they first slide down to it along :math:`y` and
# wait there while :math:`x` grows by a constant factor per step.  AdaGrad,
# RMSprop and Adam divide each coordinate's step by the size of its own
# gradients, so the tiny :math:`x`-gradient gets a full-sized step and they
# leave the saddle within a few updates.  On the line :math:`x = 0` itself the
# gradient has no :math:`x` part at all and no method escapes; try it in the
# explorer.

# %%
plt.show()
