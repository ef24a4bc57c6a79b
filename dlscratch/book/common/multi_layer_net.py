"""``from common.multi_layer_net import MultiLayerNet``, one to one; see :mod:`dlscratch.book`."""

from dlscratch.nn import MultiLayerNet

__all__ = ["MultiLayerNet"]
