"""
Nesterov and RMSprop: two refinements
=====================================

Two methods beyond the book's four, each shown next to the method it refines,
on the same function, from the same start, with 30 updates each.

* **Nesterov's momentum** takes the gradient where the velocity is about to
  carry the parameters, instead of where they are, so it starts braking
  before it overshoots.
* **RMSprop** replaces AdaGrad's growing sum of squared gradients with a
  moving average, so old gradients are forgotten and the steps do not die out.
"""

# %%
import matplotlib.pyplot as plt

from dlscratch.landscapes import anisotropic, trace_path
from dlscratch.optim import AdaGrad, Momentum, Nesterov, RMSprop
from dlscratch.plotting import comparison_figure

optimizers = {
    "Momentum": Momentum(lr=0.1, momentum=0.9),
    "Nesterov": Nesterov(lr=0.1, momentum=0.9),
    "AdaGrad": AdaGrad(lr=1.5),
    "RMSprop": RMSprop(lr=0.15, decay_rate=0.99),
}
settings = {
    "Momentum": "η = 0.1, α = 0.9",
    "Nesterov": "η = 0.1, α = 0.9",
    "AdaGrad": "η = 1.5",
    "RMSprop": "η = 0.15, ρ = 0.99",
}
paths = {name: trace_path(opt, anisotropic, steps=30) for name, opt in optimizers.items()}
fig = comparison_figure(paths, settings, anisotropic)

# %%
# **What to notice.**  Top row: with the same learning rate and momentum,
# Nesterov's path oscillates far less across the valley than Momentum's,
# because the look-ahead gradient already points back while the ball is still
# moving out; it also overshoots the minimum less along :math:`x`.  Bottom
# row: RMSprop's first step is :math:`\eta / \sqrt{1 - \rho} = 10\eta = 1.5`
# per coordinate, as large as AdaGrad's.  Afterwards its average of squared
# gradients shrinks again as the gradients shrink, so its steps along
# :math:`x` stay larger and it ends closer to the minimum; the longer the
# run, the larger this difference becomes.
for name, path in paths.items():
    print(f"{name:8s}", path[-1].round(4))
plt.show()
