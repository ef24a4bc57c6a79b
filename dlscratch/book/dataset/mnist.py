"""``from dataset.mnist import load_mnist``, one to one; see :mod:`dlscratch.book`."""

from dlscratch.datasets import load_mnist

__all__ = ["load_mnist"]
