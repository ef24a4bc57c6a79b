"""``from common.util import ...``, one to one; see :mod:`dlscratch.book`."""

from dlscratch.util import shuffle_dataset, smooth_curve

__all__ = ["smooth_curve", "shuffle_dataset"]
