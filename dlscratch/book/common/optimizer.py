"""``from common.optimizer import ...``, one to one; see :mod:`dlscratch.book`.

The book's module imports NumPy as ``np`` and names no ``__all__``, so its
star import hands ``np`` to the script too, and the book's MNIST comparison
script relies on that.  This module exports ``np`` for the same reason.
"""

import numpy as np

from dlscratch.optim import SGD, AdaGrad, Adam, Momentum, Nesterov, RMSprop

__all__ = ["np", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"]
