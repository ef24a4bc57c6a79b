"""
Adam: momentum with adaptive steps
==================================

Adam combines a moving average of the gradient (like Momentum) with a moving
average of its square (like RMSprop), both corrected for starting at zero.
The book's setting: :math:`\\eta = 0.3`, :math:`\\beta_1 = 0.9`,
:math:`\\beta_2 = 0.999`, 30 updates from :math:`(-7, 2)`.
"""

# %%
import matplotlib.pyplot as plt

from dlscratch.landscapes import anisotropic, trace_path
from dlscratch.optim import Adam
from dlscratch.plotting import path_figure

path = trace_path(Adam(lr=0.3), anisotropic, start=(-7.0, 2.0), steps=30)
fig = path_figure(path, anisotropic, "Adam", "η = 0.3")

# %%
# **What to notice.**  Thanks to bias correction the first step moves each
# coordinate by almost exactly :math:`\eta = 0.3`.  The momentum term makes
# the path curve in like a rolling ball, overshooting in :math:`y` a little
# less than Momentum does, while the division by :math:`\sqrt{\hat v}` keeps
# the steps along the flat :math:`x` direction as large as those along
# :math:`y`.
end_point = path[-1]
print(end_point.round(4))
plt.show()
