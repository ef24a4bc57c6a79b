"""Functions sphinx-gallery calls by name, in whichever process runs an example."""

import warnings

from dlscratch.datasets import BundledSubsetWarning


def quiet_mnist_fallback(gallery_conf, fname):
    """Hide the MNIST fallback warning from the gallery's pages, before every example.

    The pages print which data they used (MnistInfo.summary) in their language; the
    warning is meant for a terminal and would show the build machine's folders.
    """
    warnings.filterwarnings("ignore", category=BundledSubsetWarning)
