"""
Initial weights on MNIST: std 0.01, Xavier and He
=================================================

The book ends section 6.2 by training its five-layer ReLU network
(784-100-100-100-100-10) on MNIST three times, with weights of standard
deviation σ = 0.01, with Xavier's and with He's, each with SGD (η = 0.01) for
2,000 mini-batches of 128 images.

To make the comparison fair, the three networks draw the same normal random
numbers, scaled by each rule's standard deviation, and see the same
mini-batches in the same order: they differ only in the scale of their
initial weights.
"""

# %%
# Training
# --------
# :func:`~dlscratch.experiments.cached_compare_networks` trains the three
# networks with one optimizer setting on the same batches and stores the
# result, so the page in the other language reuses it.
import matplotlib.pyplot as plt

from dlscratch.datasets import load_mnist
from dlscratch.experiments import cached_compare_networks, experiment_cache_dir
from dlscratch.nn import MultiLayerNet
from dlscratch.optim import SGD
from dlscratch.plotting import NetworkTable, network_loss_figure

data = load_mnist()
print(data.info.summary())
# The labels are part of the stored result's key, so they are the same in every language.
scales = {"σ = 0.01": 0.01, "Xavier": "xavier", "He": "he"}
networks = {
    label: MultiLayerNet(784, [100, 100, 100, 100], 10, weight_init_std=std, seed=0)
    for label, std in scales.items()
}
result = cached_compare_networks(
    data,
    networks,
    SGD(lr=0.01),
    batch_size=128,
    iterations=2000,
    seed=0,
    cache_dir=experiment_cache_dir(),
    progress=print,
)

# %%
# The training loss
# -----------------
fig = network_loss_figure(result)

# %%
# The numbers
# -----------
# The final loss is the mean over the last 100 iterations; accuracy is
# measured on the whole training and test sets after training.
NetworkTable(result)

# %%
# **What it means.**  With a standard deviation of 0.01 the signal shrinks
# layer after layer, and so does the gradient on the way back: the loss stays
# at that of a guess among ten digits, :math:`\ln 10 \approx 2.30`.  Xavier
# and He both train; He, made for ReLU, brings the loss down faster, as in
# the book.

# %%
plt.show()
