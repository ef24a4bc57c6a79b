"""
The four optimizers side by side
================================

The same start, the same function and 30 updates each, with the book's
learning rates.  The panels share their axes, so distances can be compared
directly.
"""

# %%
import matplotlib.pyplot as plt

from dlscratch.landscapes import anisotropic, trace_path
from dlscratch.optim import SGD, AdaGrad, Adam, Momentum
from dlscratch.plotting import comparison_figure

optimizers = {
    "SGD": SGD(lr=0.95),
    "Momentum": Momentum(lr=0.1),
    "AdaGrad": AdaGrad(lr=1.5),
    "Adam": Adam(lr=0.3),
}
settings = {"SGD": "η = 0.95", "Momentum": "η = 0.1", "AdaGrad": "η = 1.5", "Adam": "η = 0.3"}
paths = {name: trace_path(opt, anisotropic, steps=30) for name, opt in optimizers.items()}
fig = comparison_figure(paths, settings, anisotropic)

# %%
# **What to notice.**  On this function AdaGrad reaches the valley floor
# first and Momentum and Adam swing around the minimum, while SGD is still
# zig-zagging.  That ranking belongs to this function and these learning
# rates: no method wins on every problem, and tuning the learning rate often
# matters more than the choice of method.
for name, path in paths.items():
    print(f"{name:8s}", path[-1].round(4))
plt.show()
