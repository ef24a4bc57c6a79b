"""
Searching for hyperparameters with validation data
==================================================

Section 6.5 of the book searches for a learning rate η and a weight decay λ
at random.  Each trial trains the large network of section 6.4 (six hidden
layers of 100 ReLU units) by SGD for 50 epochs, on 400 of the first 500
MNIST training images, and is judged by its accuracy on the other 100: the
*validation data*.  The test data play no part in the choice.
"""

# %%
# Why not the test data?
# ----------------------
# A setting chosen because it scores best on some images has been fitted to
# those images, a little, like weights trained on them: part of its score is
# luck that will not come again.  If those images are the test data, the test
# accuracy no longer says how the network does on new digits.  So the search
# holds out validation data from the *training* data, chooses by them, and
# keeps the test data for one final measurement.
#
# :func:`~dlscratch.util.validation_split` shuffles the 500 images and holds
# out the first 20 %, as the book does; the search below splits them the same way:
import matplotlib.pyplot as plt
import numpy as np

from dlscratch.datasets import load_mnist
from dlscratch.experiments import experiment_cache_dir, random_search
from dlscratch.i18n import tr
from dlscratch.plotting import SearchTable, search_curves_figure, search_map_figure
from dlscratch.util import validation_split

data = load_mnist()
print(data.info.summary())
(x_train, t_train), _ = data
(x_fit, t_fit), (x_val, t_val) = validation_split(x_train[:500], t_train[:500], 0.2, seed=0)
print(
    tr(
        "{n_train} training images, {n_validation} validation images",
        n_train=len(x_fit),
        n_validation=len(x_val),
    )
)

# %%
# The search
# ----------
# :func:`~dlscratch.experiments.random_search` runs the book's 100 trials,
# with :math:`\eta = 10^u`, :math:`u` uniform in :math:`[-6, -2]`, and
# :math:`\lambda = 10^v`, :math:`v` uniform in :math:`[-8, -4]`.  Each trial is
# one :class:`~dlscratch.training.Trainer` run with the validation data in
# the place of the test data; two trials train at a time, and each is stored,
# so the page in the second language trains nothing.  The networks compute
# in ``float32``.
result = random_search(data, trials=100, seed=0, workers=2, cache_dir=experiment_cache_dir())

# %%
# The best 20 trials
# ------------------
# Sorted by their validation accuracy after the last epoch, as in the book:
fig = search_curves_figure(result, best=20)

# %%
# The best trials learn quickly and their curves are still rising after 50
# epochs.  Further down the list, the curves rise later or not at all: with
# a learning rate that is too small, 50 epochs are not enough.

# %%
# Where the good settings lie
# ---------------------------
# Every trial as a point: left over the (η, λ) plane, right against η alone.
# The red rings are the best 10, the dotted box spans their ranges.
fig = search_map_figure(result, best=10)

# %%
# The best ten trials, with the test accuracy that the search did not look at:
SearchTable(result, best=10)

# %%
# **What the test data would have said.**  A score on 100 validation images
# moves in steps of a whole percentage point, and the best of 100 such scores
# is partly luck.  Had the test data chosen, the search would have picked the
# trial with the best test accuracy, which need not be the one validation
# chose, and reported a test accuracy that is the best of 100 lucky draws
# too.  The honest number is the test accuracy of the trial that the
# validation data chose:
order = result.ranking()
chosen, by_test = order[0], int(np.nanargmax(result.test_accuracy))
print(
    tr(
        "chosen by validation: validation {val:.1%}, test {test:.1%}",
        val=result.final_validation_accuracy[chosen],
        test=result.test_accuracy[chosen],
    )
)
print(
    tr(
        "best test accuracy among all trials: {test:.1%} (validation rank {rank})",
        test=result.test_accuracy[by_test],
        rank=int(np.flatnonzero(order == by_test)[0]) + 1,
    )
)

# %%
# Narrowing the ranges
# --------------------
# The book's advice is to search in stages: start from wide ranges on a
# logarithmic scale, with few epochs and little data; then shrink each range
# to where the good trials lie and search again, until one setting is clearly
# best, and only then train it on all the training data.  Here η decides: the
# good trials share a narrow band of η, while they are spread over much of
# the range of λ.  The next stage would search the exponents that the best 10
# span:
spans = {}
for name, values in (("η", result.learning_rates), ("λ", result.weight_decays)):
    low, high = np.log10(values[order[:10]].min()), np.log10(values[order[:10]].max())
    spans[name] = high - low
    print(tr("{name}: next search 10^{low:.2f} to 10^{high:.2f}", name=name, low=low, high=high))
assert spans["η"] < spans["λ"], "the text above says η decides more than λ"

# %%
# A λ this small makes little difference, so the next stage could also move its
# range upwards: section 6.4 used λ = 0.1, a thousand times the largest tried
# here.

# %%
plt.show()
