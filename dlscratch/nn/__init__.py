r"""Layers and fully connected networks for the MNIST experiments of chapter 6.

The book compares its optimizers by training the same network on MNIST with
each of them.  This module provides that network, built from layers in the
book's style: every layer has a ``forward`` method, which computes its output
and remembers what its ``backward`` method will need, and a ``backward``
method, which receives :math:`\partial L / \partial \text{output}` and returns
:math:`\partial L / \partial \text{input}` (backpropagation).

==============================  ================================================
layer                           forward
==============================  ================================================
:class:`Affine`                 :math:`y = xW + b`
:class:`ReLU`                   :math:`y = \max(x, 0)`
:class:`Sigmoid`                :math:`y = 1 / (1 + e^{-x})`
:class:`Tanh`                   :math:`y = \tanh x`
:class:`BatchNormalization`     :math:`y = \gamma \hat{x} + \beta`, :math:`\hat{x}` standardized
:class:`Dropout`                :math:`y = m \odot x`, :math:`m` a random 0/1 mask (training)
:class:`SoftmaxWithLoss`        softmax, then the mean cross-entropy loss
==============================  ================================================

:class:`MultiLayerNet` stacks them: ``Affine → ReLU → … → Affine →
SoftmaxWithLoss``.  Its ``params`` dict (``"W1"``, ``"b1"``, …) holds the very
arrays its Affine layers compute with, so the optimizers of
:mod:`dlscratch.optim`, which change those arrays in place, train it.
:class:`MultiLayerNetExtend` is the same network with an optional
:class:`BatchNormalization` layer before every activation (section 6.3) and an
optional :class:`Dropout` layer after it (section 6.4).

Notation
--------
:math:`N` is the batch size (rows of ``x``), :math:`C` the number of classes,
:math:`x` a layer's input, :math:`y` its output, and
:math:`\delta = \partial L / \partial y` the gradient that ``backward``
receives.

Speed
-----
Everything is computed in the network's dtype, ``float32`` by default, which
halves memory traffic and roughly doubles matrix-product speed compared with
``float64``.  An input batch of another dtype (``uint8`` pixels, ``float64``)
is cast once per batch when it enters the network.  The first Affine layer
skips :math:`\partial L / \partial x` (nobody needs the gradient with respect
to the images), and :meth:`MultiLayerNet.gradient` keeps the loss of its
forward pass in ``MultiLayerNet.last_loss``, so a training loop can log
the loss without a second forward pass.  All parameters live in one flat
vector, ``MultiLayerNet.flat_params``, of which ``params`` holds views, so
an optimizer can update them in one call per step (see
:meth:`MultiLayerNet.flat_gradient`).
"""

# The layers live in ``layers``, the networks built from them in ``networks``; this package
# gathers their public names, so that ``from dlscratch.nn import X`` finds every one.
from dlscratch.nn.layers import (
    Affine,
    BatchNormalization,
    Dropout,
    ReLU,
    Sigmoid,
    SoftmaxWithLoss,
    Tanh,
)
from dlscratch.nn.networks import MultiLayerNet, MultiLayerNetExtend

__all__ = [
    "Affine",
    "ReLU",
    "Sigmoid",
    "Tanh",
    "BatchNormalization",
    "Dropout",
    "SoftmaxWithLoss",
    "MultiLayerNet",
    "MultiLayerNetExtend",
]
