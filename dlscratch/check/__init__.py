"""Check your own from-scratch code: where the optimizer or layer you typed in goes wrong.

:func:`check_optimizer` runs your optimizer and dlscratch's on the same
problems; :func:`check_layer` runs your layer's forward and backward passes
against dlscratch's and against a numerical gradient.  Both return a
:class:`CheckReport`: ``passed``, the ids of the mistakes found (from
:data:`MISTAKES`), and, printed, an explanation in your language
(``DLSCRATCH_LANG=ko`` for Korean) that names the most likely mistake, the
first place where the values part and what to look at.

The user guide's page :doc:`/user_guide/check_your_code` runs the checker on
a class with each catalogued mistake.

For example, a Momentum typed in with its update inside ``if self.v is None:``:

>>> import numpy as np
>>> from dlscratch.check import check_optimizer
>>> class Momentum:
...     def __init__(self, lr=0.01, momentum=0.9):
...         self.lr, self.momentum, self.v = lr, momentum, None
...
...     def update(self, params, grads):
...         if self.v is None:
...             self.v = {key: np.zeros_like(val) for key, val in params.items()}
...             for key in params.keys():
...                 self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
...                 params[key] += self.v[key]
>>> report = check_optimizer(Momentum, "Momentum")
>>> report.passed, report.mistakes
(False, ('update-inside-if',))
"""

from dlscratch.check import catalogue
from dlscratch.check.catalogue import Mistake
from dlscratch.check.layers import check_layer
from dlscratch.check.optimizers import check_optimizer
from dlscratch.check.report import CheckReport
from dlscratch.check.running import Finding

#: Every mistake the checker recognises, by id: a :class:`Mistake` with its title, why it
#: goes wrong and what to look at, in English and in Korean.  The user guide's page
#: :doc:`/user_guide/check_your_code` shows each one found in a class that makes it.
MISTAKES = catalogue.MISTAKES

__all__ = ["MISTAKES", "CheckReport", "Finding", "Mistake", "check_layer", "check_optimizer"]
