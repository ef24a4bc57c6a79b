"""The book's module layout, so that each of its import lines has a one-to-one replacement.

The book's scripts import from its repository's ``common`` package and
``dataset.mnist``.  Put ``dlscratch.book.`` in front of each such import line
and the script runs on dlscratch, with no line added.  For example, the book's

.. code-block:: python

    from common.optimizer import *
    from common.multi_layer_net import MultiLayerNet
    from dataset.mnist import load_mnist

become

.. code-block:: python

    from dlscratch.book.common.optimizer import *
    from dlscratch.book.common.multi_layer_net import MultiLayerNet
    from dlscratch.book.dataset.mnist import load_mnist

Each module here exports the names that the book's module of the same path
gives a script, and nothing of its own: the classes and functions are
dlscratch's (:mod:`dlscratch.optim`, :mod:`dlscratch.nn`, ...).  A star import
gives what the book's star import gives, ``np`` included, because some of the
book's scripts use NumPy without importing it themselves.

New code reads better with dlscratch's own modules (``from dlscratch.optim
import SGD``); this package is for running the book's scripts as they are.

Modules
-------
common.optimizer
    ``SGD``, ``Momentum``, ``Nesterov``, ``AdaGrad``, ``RMSprop``, ``Adam``, and ``np``.
common.layers
    ``Affine``, ``Relu``, ``Sigmoid``, ``SoftmaxWithLoss``, ``BatchNormalization``, ``Dropout``.
common.multi_layer_net, common.multi_layer_net_extend
    ``MultiLayerNet`` and ``MultiLayerNetExtend``.
common.trainer
    ``Trainer``.
common.util
    ``smooth_curve`` and ``shuffle_dataset``.
dataset.mnist
    ``load_mnist``.
"""
