"""
Isotropic and anisotropic functions
===================================

Before comparing optimizers we need a landscape on which they differ.  In a
round bowl, :math:`f(x, y) = x^2 + y^2`, the gradient always points straight
away from the minimum, so stepping against it leads straight to the bottom.
In the book's anisotropic bowl, :math:`f(x, y) = x^2/20 + y^2`, the slope is
twenty times steeper along :math:`y` than along :math:`x`, and the direction
of steepest descent mostly points across the valley instead of along it.
"""

# %%
# The two landscapes and their exact gradients live in
# :mod:`dlscratch.landscapes`.
import matplotlib.pyplot as plt

from dlscratch.landscapes import anisotropic, isotropic
from dlscratch.plotting import gradient_field_figure

fig = gradient_field_figure([isotropic, anisotropic])

# %%
# **What to notice.**  On the left every arrow points at the star (the
# minimum).  On the right the arrows point almost straight up or down except
# near the line :math:`y = 0`: the descent direction is dominated by the
# steep :math:`y`-slope.  An optimizer that only follows the gradient will
# therefore spend its effort bouncing between the valley walls, as the next
# example shows.

# %%
plt.show()
