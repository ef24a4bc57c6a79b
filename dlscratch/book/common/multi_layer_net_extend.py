"""``from common.multi_layer_net_extend import ...``, one to one; see :mod:`dlscratch.book`."""

from dlscratch.nn import MultiLayerNetExtend

__all__ = ["MultiLayerNetExtend"]
