"""Data sets for the experiments of chapter 6.1.

mnist
    :func:`load_mnist`, the book's MNIST loader: the full set from a checked
    download or cache, else a bundled subset of real MNIST digits.  MNIST is
    by Y. LeCun, C. Cortes and C. J. C. Burges, under CC BY-SA 3.0.
"""

from dlscratch.datasets.mnist import (
    BUNDLED_SHA256,
    CHECKSUMS,
    CITATION,
    MIRRORS,
    BundledSubsetWarning,
    MnistData,
    MnistInfo,
    MnistUnavailableError,
    load_mnist,
    mnist_data_dir,
)

__all__ = [
    "load_mnist",
    "mnist_data_dir",
    "MnistData",
    "MnistInfo",
    "BundledSubsetWarning",
    "MnistUnavailableError",
    "MIRRORS",
    "CHECKSUMS",
    "BUNDLED_SHA256",
    "CITATION",
]
