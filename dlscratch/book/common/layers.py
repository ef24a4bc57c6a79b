"""``from common.layers import ...``, one to one; see :mod:`dlscratch.book`.

The book spells the rectifier ``Relu``; dlscratch's class is
:class:`dlscratch.nn.ReLU`, given here under both names.
"""

from dlscratch.nn import Affine, BatchNormalization, Dropout, ReLU, Sigmoid, SoftmaxWithLoss

Relu = ReLU

__all__ = ["Relu", "Sigmoid", "Affine", "SoftmaxWithLoss", "Dropout", "BatchNormalization", "ReLU"]
