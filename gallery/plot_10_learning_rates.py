"""
How large may η be? A sweep on the book's function
==================================================

Each path figure uses one learning rate.  Here every optimizer starts from
:math:`(-7, 2)` on :math:`f(x, y) = x^2/20 + y^2` at 81 learning rates from
0.001 to 10, and the figure shows :math:`f` after 30 and after 100 updates.
A cross at the top of a panel marks a learning rate at which the path
diverged (it left the region :math:`|x|, |y| \\le 10^6`).
"""

# %%
import matplotlib.pyplot as plt
import numpy as np

from dlscratch import optim
from dlscratch.landscapes import anisotropic, values_after
from dlscratch.plotting import values_after_figure

# The learning rates of the gallery's path figures.
BOOK = {"SGD": 0.95, "Momentum": 0.1, "Nesterov": 0.1, "AdaGrad": 1.5, "RMSprop": 0.15, "Adam": 0.3}
rates = np.geomspace(1e-3, 10, 81)
values = {name: values_after(getattr(optim, name), anisotropic, rates) for name in BOOK}
fig = values_after_figure(values, dict.fromkeys(BOOK, rates), BOOK, anisotropic)

# %%
# SGD's threshold
# ---------------
# SGD multiplies :math:`y` by :math:`1 - 2\eta` at every step, because
# :math:`\partial f / \partial y = 2y`.  Its magnitude :math:`|1 - 2\eta|` is
# below 1 for :math:`0 < \eta < 1` and above 1 for :math:`\eta > 1`: past
# :math:`\eta = 1` every step makes :math:`y` larger, and the path leaves the
# valley however long it runs.  (Along :math:`x` the factor is
# :math:`1 - \eta/10`, which only grows past 1 in magnitude for
# :math:`\eta > 20`.)
#
# The curve agrees.  The two numbers printed below are the largest learning
# rate on the grid at which SGD ends its 100 updates below its starting value
# :math:`f(-7, 2) = 6.45`, and the smallest at which it does not (or
# diverges): they enclose the threshold :math:`\eta = 1`.
f_start = anisotropic.f(-7.0, 2.0)
settles = values["SGD"][100] < f_start  # False where the path grew or diverged
last_good = rates[settles].max()
first_bad = rates[~settles & (rates > last_good)].min()
print(round(last_good, 3), round(first_bad, 3))
assert last_good <= 1 < first_bad

# %%
# The first learning rate on the grid at which each method diverged within 100
# updates ("-" if none did):
for name, by_steps in values.items():
    diverged = rates[np.isnan(by_steps[100])]
    print(f"{name:8s}", round(diverged.min(), 3) if len(diverged) else "-")

# %%
# **What to notice.**  SGD, Momentum and Nesterov have a sharp edge, set by
# the steepness :math:`\partial^2 f / \partial y^2 = 2` of the valley's walls.
# For Momentum the same analysis as SGD's gives :math:`\eta < 2(1 + \alpha)/2
# = 1.9` with :math:`\alpha = 0.9`; Nesterov, which looks ahead before it
# steps, reaches its edge earlier.  AdaGrad, RMSprop and Adam divide each
# coordinate's step by the size of its own gradients, so one update moves a
# coordinate by about η at most and no learning rate on the grid makes them
# diverge.  On this function, whose two coordinates do not interact, that
# division also removes the twenty-fold difference in steepness: AdaGrad and
# RMSprop get better the larger η is, while Adam's momentum keeps carrying it
# past the minimum and its :math:`f` levels off.  On the left every curve
# meets the grey line: with a tiny η nothing moves in 100 updates.

# %%
plt.show()
