r"""The book's MNIST comparison of optimizers, reusable by the gallery and the benchmark.

The book ends section 6.1 by training one network on MNIST with each of SGD,
Momentum, AdaGrad and Adam and plotting the four training-loss curves.
:func:`compare_optimizers` runs that experiment fairly:

* every optimizer trains a copy of **the same initial network** (one seeded
  He initialisation), and
* sees **the same mini-batches** in the same order (one sequence of indices
  drawn from the seed),

so the curves differ only because the update rules differ.  With the same
seed the numbers are identical from run to run.

Training costs about ten seconds on two CPU cores; a documentation build that
draws the figure in two languages should pay it once.
:func:`cached_compare_optimizers` stores the result in a directory, keyed by a
hash of every setting and of the data, and returns the stored result when
nothing changed.  :func:`moving_average` smooths a loss curve for plotting.

Examples
--------
A short run on the bundled MNIST subset (the figures in the documentation
use the defaults: 2,000 iterations of batches of 128)::

    from dlscratch.datasets import load_mnist
    from dlscratch.experiments import compare_optimizers, moving_average

    result = compare_optimizers(load_mnist(), iterations=300, log_every=100)
    for name, run in result.runs.items():
        print(name, moving_average(run.losses)[-1], run.test_accuracy)
    print("Data:", result.data_source)
"""

# The experiments live in one module per section, the cache in its own; this package gathers
# their public names, so that ``from dlscratch.experiments import X`` finds every one.
from dlscratch.experiments.cache import cached_result, experiment_cache_dir
from dlscratch.experiments.common import initial_network_and_batches
from dlscratch.experiments.networks import (
    NetworkComparison,
    NetworkRun,
    activation_distributions,
    cached_compare_networks,
    compare_networks,
)
from dlscratch.experiments.optimizers import (
    Comparison,
    OptimizerRun,
    SeedStudy,
    book_optimizers,
    cached_compare_optimizers,
    compare_optimizers,
    compare_over_seeds,
    comparison_key,
    learning_rate_sweep,
    moving_average,
)
from dlscratch.experiments.search import (
    SearchResult,
    TrainingHistory,
    cached_training,
    random_search,
)

__all__ = [
    "book_optimizers",
    "compare_optimizers",
    "cached_compare_optimizers",
    "comparison_key",
    "compare_over_seeds",
    "experiment_cache_dir",
    "initial_network_and_batches",
    "learning_rate_sweep",
    "moving_average",
    "OptimizerRun",
    "Comparison",
    "SeedStudy",
    "NetworkComparison",
    "NetworkRun",
    "cached_compare_networks",
    "cached_result",
    "compare_networks",
    "activation_distributions",
    "SearchResult",
    "TrainingHistory",
    "cached_training",
    "random_search",
]
