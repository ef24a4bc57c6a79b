"""
Rosenbrock's valley
===================

Rosenbrock's function, :math:`f(x, y) = (1 - x)^2 + 100\\,(y - x^2)^2`, is a
narrow valley that bends along the parabola :math:`y = x^2` towards its
minimum at :math:`(1, 1)`.  Getting into the valley is easy; following its
curved floor is slow, because the gradient points mostly across the valley
and hardly along it.  Every optimizer starts at the classic point
:math:`(-1.2, 1)` and makes 500 updates, with the learning rates the
optimizer explorer uses for this function.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

from dlscratch import optim
from dlscratch.landscapes import rosenbrock, trace_path
from dlscratch.plotting import comparison_figure

paths = {
    name: trace_path(getattr(optim, name)(lr=lr), rosenbrock, rosenbrock.start, steps=500)
    for name, lr in rosenbrock.learning_rates.items()
}
settings = {name: f"η = {lr:g}" for name, lr in rosenbrock.learning_rates.items()}
levels = np.geomspace(0.1, 1000, 9)  # the valley's floor is far below its walls
fig = comparison_figure(paths, settings, rosenbrock, view=rosenbrock.view, levels=levels)

# %%
# Where each path ends after 500 updates, and :math:`f` there (the minimum is
# :math:`f(1, 1) = 0`):
for name, path in paths.items():
    end = path[-1]
    print(f"{name:8s}", end.round(3), f"{rosenbrock.f(*end):.3g}")

# %%
# **What to notice.**  SGD needs a learning rate small enough for the steep
# walls, and with it crawls along the floor.  Momentum and Nesterov build up
# speed along the valley and get furthest, overshooting at the bend.
# AdaGrad's steps shrink as its sum of squared gradients grows, so it slows
# down long before the minimum; RMSprop and Adam, whose averages forget old
# gradients, keep moving.  With other learning rates the order changes, which
# the explorer lets you try.

# %%
plt.show()
