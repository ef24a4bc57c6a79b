"""
Which learning rate? A sweep on MNIST
=====================================

The book compares SGD, Momentum, AdaGrad and Adam at one learning rate each
(0.01, 0.01, 0.01 and 0.001).  A method that looks slow may only have been
given a small step.  Here each of the four trains at five learning rates, from
a tenth of the book's to ten times it, each from three seeds, on the same
network as the comparison.

To fit in the site's build, every run makes 500 updates, a quarter of the
comparison's 2,000; all runs of one seed start from the same network and see
the same batches, so the settings differ only in the update rule and η.
"""

# %%
# The sweep
# ---------
# :func:`~dlscratch.experiments.learning_rate_sweep` builds one optimizer per
# method and η and trains each from every seed; results are stored, so a
# rebuild or the other language trains nothing.
import matplotlib.pyplot as plt
import numpy as np

from dlscratch.datasets import load_mnist
from dlscratch.experiments import experiment_cache_dir, learning_rate_sweep
from dlscratch.plotting import learning_rate_figure, sweep_report

BOOK = {"SGD": 0.01, "Momentum": 0.01, "AdaGrad": 0.01, "Adam": 0.001}
factors = 10.0 ** np.arange(-1.0, 1.5, 0.5)  # 0.1, 0.32, 1, 3.2 and 10 times the book's η
rates = {method: [float(f"{lr * f:.3g}") for f in factors] for method, lr in BOOK.items()}

data = load_mnist()
print(data.info.summary())
study = learning_rate_sweep(
    data,
    rates,
    seeds=range(3),
    iterations=500,
    batch_size=128,
    cache_dir=experiment_cache_dir(),
)

# %%
# The result
# ----------
# Top: the training loss at the end (mean of the last 100 iterations); bottom:
# the accuracy on the test images.  Each point is the mean of the three seeds,
# with a bar from the lowest to the highest.
fig = learning_rate_figure(study, BOOK)

# %%
# Each method's best η (highest mean test accuracy among the settings where no
# seed diverged), and the ranking of the methods at the book's η and at each
# one's best:
print(sweep_report(study, BOOK))

# %%
# **What to notice.**  Every method has a range of η where it works and a
# point past which it diverges; the book's η is not the best one for every
# method.  A comparison at fixed learning rates therefore ranks the settings
# as much as the methods: given its best η, plain SGD closes much of its gap
# to the adaptive methods.  The lines above say by how much on this data.

# %%
plt.show()
