"""
Momentum rolls like a ball
==========================

Momentum keeps a velocity :math:`v \\leftarrow \\alpha v - \\eta g` and moves by it,
:math:`\\theta \\leftarrow \\theta + v`.  The book's setting: :math:`\\eta = 0.1`,
:math:`\\alpha = 0.9`, 30 updates from :math:`(-7, 2)`.
"""

# %%
import matplotlib.pyplot as plt

from dlscratch.landscapes import anisotropic, trace_path
from dlscratch.optim import Momentum
from dlscratch.plotting import path_figure

path = trace_path(Momentum(lr=0.1, momentum=0.9), anisotropic, start=(-7.0, 2.0), steps=30)
fig = path_figure(path, anisotropic, "Momentum", "η = 0.1, α = 0.9")

# %%
# **What to notice.**  Along :math:`x` the gradient always has the same sign,
# so the velocity builds up and the ball accelerates towards the minimum,
# rolls past it and comes back.  Along :math:`y` the gradient changes sign
# every few steps, so the contributions to :math:`v` cancel and the
# oscillation dies down.  The path is less of a zig-zag than SGD's, even
# though the learning rate is much smaller.
end_point = path[-1]
print(end_point.round(4))
plt.show()
