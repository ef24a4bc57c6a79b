"""
Overfitting, weight decay and dropout
=====================================

Section 6.4 of the book makes a network overfit on purpose: a large network,
six hidden layers of 100 ReLU units, learns from only 300 MNIST training
images, by SGD (η = 0.01) on mini-batches of 100, for 201 epochs.  It then
tries the two cures the book teaches: weight decay with λ = 0.1, and dropout
with a ratio of 0.2.  The book's dropout script trains for 301 epochs; here
all three train for 201, so that they can be compared epoch by epoch.

All three trainings run through the book's
:class:`~dlscratch.training.Trainer`, from the same initial weights and with
the same mini-batches, so they differ only in the cure.
"""

# %%
# The three trainings
# -------------------
# :func:`~dlscratch.experiments.cached_training` creates
# ``Trainer(network, x_train, t_train, x_test, t_test, epochs=201,
# mini_batch_size=100, optimizer="SGD", optimizer_param={"lr": 0.01})``,
# trains, and stores the lists it records, so that the page in the second
# language reuses them.  Accuracy is measured on the 300 training images and
# on all the test images after every epoch.  The networks compute in
# ``float32``, which halves the build's training time; the book's ``float64``
# gives the same picture.
import matplotlib.pyplot as plt
import numpy as np

from dlscratch.datasets import load_mnist
from dlscratch.experiments import cached_training, experiment_cache_dir
from dlscratch.i18n import tr
from dlscratch.nn import MultiLayerNetExtend
from dlscratch.plotting import OverfittingTable, overfitting_figure

data = load_mnist()
print(data.info.summary())
(x_train, t_train), (x_test, t_test) = data
few = (x_train[:300], t_train[:300]), (x_test, t_test)


def network(**cure):
    """The book's large network; ``seed=0`` gives all three the same initial weights."""
    return MultiLayerNetExtend(784, [100] * 6, 10, dtype=np.float32, seed=0, **cure)


settings = {
    "epochs": 201,
    "mini_batch_size": 100,
    "optimizer": "SGD",
    "optimizer_param": {"lr": 0.01},
}
cures = {
    tr("no regularization"): {},
    tr("weight decay, λ = {lam}", lam=0.1): {"weight_decay_lambda": 0.1},
    tr("dropout, ratio {p}", p=0.2): {"use_dropout": True, "dropout_ration": 0.2},
}
histories = {
    label: cached_training(
        network(**cure), few, seed=0, cache_dir=experiment_cache_dir(), **settings
    )
    for label, cure in cures.items()
}
plain = histories[tr("no regularization")]

# %%
# Overfitting
# -----------
# Without a cure, the network soon classifies all 300 training images
# correctly, while its accuracy on images it has not seen stops rising far
# below: the shaded gap is what it has learnt about these 300 images in
# particular rather than about digits.
fig = overfitting_figure({tr("no regularization"): plain})
perfect = np.flatnonzero(plain.train_accuracy >= 1.0)
if len(perfect):
    print(tr("train accuracy 100 % from epoch {k}", k=perfect[0] + 1))
print(tr("gap after {n} epochs: {gap:.1%}", n=len(plain.gap), gap=plain.gap[-1]))

# %%
# The three side by side
# ----------------------
# Weight decay adds :math:`\tfrac{1}{2}\lambda \sum_l \lVert W_l \rVert^2` to
# the loss, so every update also shrinks each weight by :math:`\eta\lambda W`;
# dropout switches off a random 20 % of the hidden units at every iteration
# and scales them by 0.8 at test time.
fig = overfitting_figure(histories)

# %%
# After the last epoch (the gap is train accuracy minus test accuracy):
caption = tr("{n_train} training images, {n_test:,} test images", n_train=300, n_test=len(x_test))
OverfittingTable(histories, caption)

# %%
# **What it means.**  Both cures narrow the gap, and both do it mostly by
# keeping the training accuracy down: the network can no longer memorise its
# 300 images.  A narrower gap is not yet a better network: the table's test
# accuracies show what each cure costs or gains on new images.  A cure that
# is too strong holds the test accuracy back too, and dropout, which slows
# learning most, may still be rising after 201 epochs.  λ and the dropout
# ratio are hyperparameters like the learning rate, and how to choose them
# without cheating is the subject of
# :ref:`the next example <sphx_glr_auto_gallery_plot_24_hyperparameter_search.py>`.

# %%
plt.show()
