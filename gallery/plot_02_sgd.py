"""
SGD zig-zags across the valley
==============================

Stochastic gradient descent takes the step :math:`\\theta \\leftarrow \\theta -
\\eta g`.  Here it starts at :math:`(-7, 2)` on :math:`f(x, y) = x^2/20 + y^2`
with the book's learning rate :math:`\\eta = 0.95` and makes 30 updates.
"""

# %%
import matplotlib.pyplot as plt

from dlscratch.landscapes import anisotropic, trace_path
from dlscratch.optim import SGD
from dlscratch.plotting import path_figure

path = trace_path(SGD(lr=0.95), anisotropic, start=(-7.0, 2.0), steps=30)
fig = path_figure(path, anisotropic, "SGD", "η = 0.95")

# %%
# **What to notice.**  Each step multiplies :math:`y` by
# :math:`1 - 2\eta = -0.9`: the path jumps from one wall of the valley to the
# other, 30 times.  Along :math:`x` each step multiplies by only
# :math:`1 - \eta/10 = 0.905`, so after 30 updates :math:`x` is still
# :math:`-7 \cdot 0.905^{30} \approx -0.35`.  A larger :math:`\eta` would
# speed up :math:`x` but make the :math:`y` oscillation grow instead of
# shrink (for :math:`\eta > 1`).
end_point = path[-1]
print(end_point.round(4))
plt.show()
