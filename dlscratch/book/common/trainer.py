"""``from common.trainer import Trainer``, one to one; see :mod:`dlscratch.book`."""

from dlscratch.training import Trainer

__all__ = ["Trainer"]
