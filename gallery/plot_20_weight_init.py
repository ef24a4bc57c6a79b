"""
Initial weights: symmetry and activation histograms
===================================================

Section 6.2 of the book asks what the weights should be before training
starts.  Two experiments answer it.  First, equal weights: every hidden unit
of a layer then computes the same thing and receives the same update, so the
units stay copies of one another however long the network trains.  Second,
random weights of different scales: 1,000 random inputs go through five
layers of 100 units, and the histograms of each layer's activations show
whether the signal saturates, collapses or keeps its spread.
"""

# %%
# Equal weights stay equal
# ------------------------
# Three copies of a 784-50-50-10 ReLU network train on the same 300
# mini-batches of MNIST with SGD: one with every weight 0, one with every
# weight 0.01, and one with He's random weights.  The images show the first
# layer's weights after training (one column per unit); the title counts the
# units whose incoming weights differ.
import matplotlib.pyplot as plt
import numpy as np

from dlscratch.analysis import distinct_units
from dlscratch.datasets import load_mnist
from dlscratch.experiments import activation_distributions
from dlscratch.i18n import tr
from dlscratch.nn import MultiLayerNet
from dlscratch.optim import SGD
from dlscratch.plotting import activation_histogram_figure, symmetry_figure

(x_train, t_train), _ = load_mnist(source="bundled")
zeros = MultiLayerNet(784, [50, 50], 10, seed=0)
equal = MultiLayerNet(784, [50, 50], 10, seed=0)
for key in ("W1", "W2", "W3"):
    zeros.params[key][...] = 0.0  # in place: the layers hold these very arrays
    equal.params[key][...] = 0.01
nets = {
    tr("all weights 0"): zeros,
    tr("all weights 0.01"): equal,
    "He": MultiLayerNet(784, [50, 50], 10, weight_init_std="he", seed=0),
}
batches = np.random.default_rng(0).integers(0, len(x_train), size=(300, 100))
for net in nets.values():
    optimizer = SGD(lr=0.1)
    for batch in batches:
        optimizer.update(net.params, net.gradient(x_train[batch], t_train[batch]))
fig = symmetry_figure({label: net.params["W1"] for label, net in nets.items()})

# %%
# The same count for every hidden layer, and the accuracy on the training
# images:
for label, net in nets.items():
    units = [distinct_units(net.params[key]) for key in ("W1", "W2")]
    print(
        tr(
            "{label}: distinct units per hidden layer {units}, train accuracy {acc:.1%}",
            label=label,
            units=units,
            acc=net.accuracy(x_train, t_train),
        )
    )

# %%
# With all weights 0 the hidden layers output 0, so the gradients of
# :math:`W_1` and :math:`W_2` are 0 too and only the output layer learns.
# With all weights 0.01 the hidden weights do change, but every column by
# the same amount: a layer of 50 units works like a layer of one.  Random
# weights break the symmetry.

# %%
# Sigmoid: saturation and collapse
# --------------------------------
# :func:`~dlscratch.experiments.activation_distributions` runs the book's
# experiment: 1,000 inputs from a standard normal distribution, five layers of
# 100 units, no biases.  One row per standard deviation of the weights.
sigmoid = {
    tr("std = {std:g}", std=1): activation_distributions("sigmoid", 1.0),
    tr("std = {std:g}", std=0.01): activation_distributions("sigmoid", 0.01),
    "Xavier": activation_distributions("sigmoid", "xavier"),
}
fig = activation_histogram_figure(sigmoid, "sigmoid")

# %%
# With a standard deviation of 1, most activations sit near 0 or 1, where
# the sigmoid is flat and its derivative nearly 0: the gradient vanishes on
# the way back.  With 0.01 every activation is close to 0.5: the units all
# say the same thing, which wastes them as equal weights do.  Xavier's
# :math:`1/\sqrt{n}` keeps the values spread over the range.

# %%
# ReLU: He initialization
# -----------------------
# The bar at 0 is left out of each histogram; the share of exact zeros is
# written in each panel, and the share above 3 when there is one.
relu = {
    tr("std = {std:g}", std=0.01): activation_distributions("relu", 0.01),
    "Xavier": activation_distributions("relu", "xavier"),
    "He": activation_distributions("relu", "he"),
}
fig = activation_histogram_figure(relu, "relu")

# %%
# The variance argument of the user guide predicts how the mean square of the
# activations changes from one layer to the next: times
# :math:`n \sigma^2 / 2` for ReLU, that is 1 for He, 1/2 for Xavier and
# 0.005 for a standard deviation of 0.01.  Measured, layer by layer:
for label, layers in relu.items():
    squares = ", ".join(f"{np.mean(a**2):.3g}" for a in layers)
    print(tr("{label}: mean square per layer {values}", label=label, values=squares))

# %%
# tanh with Xavier
# ----------------
# tanh is symmetric around 0, unlike the sigmoid, and with Xavier's weights
# its activations stay spread over :math:`(-1, 1)` in every layer.
fig = activation_histogram_figure({"Xavier": activation_distributions("tanh", "xavier")}, "tanh")

# %%
plt.show()
