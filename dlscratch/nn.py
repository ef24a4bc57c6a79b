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

from __future__ import annotations

import copy
import functools
import inspect
import itertools
import math
import numbers
from collections.abc import Sequence

import numpy as np

from dlscratch.validation import non_negative, positive_int, seed_generator, unit_interval

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


class Affine:
    r"""Fully connected layer (the book's Affine layer): :math:`y = xW + b`.

    Parameters
    ----------
    W : numpy.ndarray
        Weights, shape ``(in_features, out_features)``.  The layer keeps this
        very array (no copy), so changing it in place changes the layer.
    b : numpy.ndarray
        Biases, shape ``(out_features,)``, kept by reference likewise.
    needs_input_grad : bool, default True
        Whether :meth:`backward` computes :math:`\partial L / \partial x`.  The
        first layer of a network does not need it; skipping it saves one
        matrix product per step.

    Attributes
    ----------
    dW, db : numpy.ndarray or None
        The gradients :math:`\partial L / \partial W` and
        :math:`\partial L / \partial b` from the last :meth:`backward`.

    Notes
    -----
    For a batch :math:`x` of shape :math:`(N, D)` and upstream gradient
    :math:`\delta` of shape :math:`(N, M)`:

    .. math::

        \frac{\partial L}{\partial W} = x^{\mathsf T} \delta, \qquad
        \frac{\partial L}{\partial b} = \sum_{n} \delta_{n,:}, \qquad
        \frac{\partial L}{\partial x} = \delta\, W^{\mathsf T}.

    An input of more than two dimensions, such as images of shape
    ``(N, 1, 28, 28)``, is flattened to ``(N, D)``; the gradient with respect
    to it is given back in the input's shape.

    Examples
    --------
    With :math:`x = (1, 2)`, :math:`W = \begin{pmatrix}1 & 0 & -1\\ 2 & 1 & 0
    \end{pmatrix}` and :math:`b = (0.5, 0, 0)`, by hand
    :math:`y = (1 + 4 + 0.5,\ 0 + 2,\ -1 + 0) = (5.5, 2, -1)`.  Going back with
    :math:`\delta = (1, 1, 1)`: :math:`\partial L/\partial W` repeats
    :math:`x^{\mathsf T}` in every column, and
    :math:`\partial L/\partial x = (1 + 0 - 1,\ 2 + 1 + 0) = (0, 3)`.

    >>> import numpy as np
    >>> from dlscratch.nn import Affine
    >>> W = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])
    >>> layer = Affine(W, np.array([0.5, 0.0, 0.0]))
    >>> layer.forward(np.array([[1.0, 2.0]]))
    array([[ 5.5,  2. , -1. ]])
    >>> layer.backward(np.ones((1, 3)))
    array([[0., 3.]])
    >>> layer.dW
    array([[1., 1., 1.],
           [2., 2., 2.]])
    >>> layer.db
    array([1., 1., 1.])
    """

    def __init__(self, W: np.ndarray, b: np.ndarray, *, needs_input_grad: bool = True) -> None:
        if not isinstance(W, np.ndarray) or W.ndim != 2:
            raise ValueError(f"W must be a 2-D NumPy array, got {_describe(W)}")
        if not isinstance(b, np.ndarray) or b.shape != (W.shape[1],):
            raise ValueError(
                f"b must be a NumPy array of shape ({W.shape[1]},) to match W, got {_describe(b)}"
            )
        self.W = W
        self.b = b
        self.needs_input_grad = bool(needs_input_grad)
        self.x: np.ndarray | None = None
        self._input_shape: tuple[int, ...] | None = None
        self.dW: np.ndarray | None = None
        self.db: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Return ``x @ W + b`` for a batch ``x`` of shape ``(N, in_features)`` or ``(N, ...)``."""
        self._input_shape = x.shape
        if x.ndim != 2:
            x = x.reshape(x.shape[0], -1)
        self.x = x
        out = x @ self.W
        out += self.b
        return out

    def backward(
        self, dout: np.ndarray, *, out: tuple[np.ndarray, np.ndarray] | None = None
    ) -> np.ndarray | None:
        """Store ``dW`` and ``db``; return dL/dx (``None`` if ``needs_input_grad`` is false).

        ``out``, if given, is a pair of arrays of the shapes of ``W`` and ``b``
        into which ``dW`` and ``db`` are written (and which become ``dW`` and
        ``db``), instead of new arrays.
        """
        if self.x is None:
            raise RuntimeError("Affine.backward was called before forward")
        if out is None:
            self.dW = self.x.T @ dout
            self.db = dout.sum(axis=0)
        else:
            self.dW = np.matmul(self.x.T, dout, out=out[0])
            self.db = np.sum(dout, axis=0, out=out[1])
        if not self.needs_input_grad:
            return None
        return (dout @ self.W.T).reshape(self._input_shape)


class ReLU:
    r"""Rectified linear unit: :math:`y = \max(x, 0)`.

    Its derivative is 1 where :math:`x > 0` and 0 elsewhere (at :math:`x = 0`
    too, as in the book), so :meth:`backward` lets the upstream gradient
    through only where the input was positive: the *mask*.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.nn import ReLU
    >>> relu = ReLU()
    >>> relu.forward(np.array([[-1.0, 0.0, 2.0]]))
    array([[0., 0., 2.]])
    >>> relu.backward(np.array([[5.0, 5.0, 5.0]]))
    array([[0., 0., 5.]])
    """

    def __init__(self) -> None:
        self.out: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Return ``max(x, 0)`` element-wise, remembering where it is positive."""
        self.out = np.maximum(x, 0)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Return ``dout`` where the input was positive and 0 elsewhere (a new array)."""
        if self.out is None:
            raise RuntimeError("ReLU.backward was called before forward")
        return dout * (self.out > 0)  # a bool mask keeps dout's dtype


class Sigmoid:
    r"""Logistic sigmoid: :math:`y = 1 / (1 + e^{-x})`, with :math:`y' = y(1 - y)`.

    Examples
    --------
    :math:`\sigma(0) = 1/2` and :math:`\sigma'(0) = 1/4`:

    >>> import numpy as np
    >>> from dlscratch.nn import Sigmoid
    >>> sigmoid = Sigmoid()
    >>> sigmoid.forward(np.array([[0.0]]))
    array([[0.5]])
    >>> sigmoid.backward(np.array([[1.0]]))
    array([[0.25]])
    """

    def __init__(self) -> None:
        self.out: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Return :math:`1 / (1 + e^{-x})` element-wise."""
        # 1/(1 + e^(−x)) overflows harmlessly to 0 for very negative x; silence that warning.
        with np.errstate(over="ignore"):
            out = np.exp(-x)
            out += 1
            np.reciprocal(out, out=out)
        self.out = out
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Return ``dout * y * (1 - y)``."""
        if self.out is None:
            raise RuntimeError("Sigmoid.backward was called before forward")
        return dout * (1 - self.out) * self.out


class Tanh:
    r"""Hyperbolic tangent: :math:`y = \tanh x`, with :math:`y' = 1 - y^2`.

    Like the sigmoid it saturates, but it is centred on zero:
    :math:`\tanh(-x) = -\tanh x`, so its outputs have mean near 0 when its
    inputs do.  Section 6.2 of the book uses it to show how the activations
    spread with Xavier initialization.

    Examples
    --------
    :math:`\tanh 0 = 0` and :math:`\tanh'(0) = 1`;
    :math:`\tanh(\ln 2) = (2 - 1/2)/(2 + 1/2) = 0.6`, where the derivative is
    :math:`1 - 0.36 = 0.64`:

    >>> import numpy as np
    >>> from dlscratch.nn import Tanh
    >>> tanh = Tanh()
    >>> tanh.forward(np.array([[0.0, np.log(2.0)]]))
    array([[0. , 0.6]])
    >>> tanh.backward(np.array([[1.0, 1.0]]))
    array([[1.  , 0.64]])
    """

    def __init__(self) -> None:
        self.out: np.ndarray | None = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        r"""Return :math:`\tanh x` element-wise."""
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        """Return ``dout * (1 - y**2)``."""
        if self.out is None:
            raise RuntimeError("Tanh.backward was called before forward")
        return dout * (1 - self.out * self.out)


class BatchNormalization:
    r"""Batch normalization (Ioffe & Szegedy 2015): standardize each feature over the batch.

    Parameters
    ----------
    gamma : numpy.ndarray
        Scale :math:`\gamma`, shape ``(D,)``, one per feature; kept by
        reference (no copy), like the weights of :class:`Affine`.
    beta : numpy.ndarray
        Shift :math:`\beta`, shape ``(D,)``, kept by reference likewise.
    momentum : float, default 0.9
        Weight of the old value in the running averages (see Notes).
    running_mean, running_var : numpy.ndarray, optional
        Starting running averages, shape ``(D,)``; default zeros (they are
        made at the first :meth:`forward`).
    eps : float, default 1e-6
        :math:`\varepsilon`, added to the variance inside the square root.
        The default is the book's: its code writes ``10e-7``, which is
        :math:`10 \times 10^{-7} = 10^{-6}`.

    Attributes
    ----------
    dgamma, dbeta : numpy.ndarray or None
        :math:`\partial L / \partial \gamma` and :math:`\partial L / \partial \beta`
        from the last :meth:`backward`.
    running_mean, running_var : numpy.ndarray or None
        The averages used in inference.

    Notes
    -----
    **Training** (``train_flg=True``).  For a batch :math:`x` of shape
    :math:`(N, D)`, every feature (column) :math:`j` is standardized with the
    statistics of the batch:

    .. math::

        \mu_j = \frac{1}{N} \sum_n x_{nj}, \qquad
        \sigma_j^2 = \frac{1}{N} \sum_n (x_{nj} - \mu_j)^2,

    .. math::

        \hat{x}_{nj} = \frac{x_{nj} - \mu_j}{\sqrt{\sigma_j^2 + \varepsilon}}, \qquad
        y_{nj} = \gamma_j \hat{x}_{nj} + \beta_j,

    and the running averages move toward the batch's statistics,
    :math:`\bar\mu \leftarrow m \bar\mu + (1 - m) \mu` and
    :math:`\bar\sigma^2 \leftarrow m \bar\sigma^2 + (1 - m) \sigma^2`, where
    :math:`m` is ``momentum``.

    **Inference** (``train_flg=False``).  :math:`\bar\mu` and
    :math:`\bar\sigma^2` replace :math:`\mu` and :math:`\sigma^2`, so each
    sample's output no longer depends on the rest of the batch.

    **Backward.**  With :math:`\delta = \partial L / \partial y`,
    :math:`s_j = \sqrt{\sigma_j^2 + \varepsilon}` and
    :math:`g_{nj} = \gamma_j \delta_{nj}` (the gradient with respect to
    :math:`\hat{x}`):

    .. math::

        \frac{\partial L}{\partial \beta_j} = \sum_n \delta_{nj}, \qquad
        \frac{\partial L}{\partial \gamma_j} = \sum_n \delta_{nj} \hat{x}_{nj},

    .. math::

        \frac{\partial L}{\partial x_{nj}} = \frac{1}{s_j} \Bigl( g_{nj}
            - \frac{1}{N} \sum_k g_{kj}
            - \hat{x}_{nj} \frac{1}{N} \sum_k g_{kj} \hat{x}_{kj} \Bigr).

    The two subtracted terms are the paths through :math:`\mu` and through
    :math:`\sigma^2`: the gradient that reaches :math:`x` has zero mean over
    the batch and no component along :math:`\hat{x}`, because shifting or
    scaling a whole column of :math:`x` leaves :math:`\hat{x}` unchanged.
    The user guide derives it.  In inference the layer is an affine map, and
    :math:`\partial L / \partial x = \gamma \delta / \sqrt{\bar\sigma^2 + \varepsilon}`.

    **Conventions.**  :math:`\varepsilon` sits inside the square root, as in
    the paper and in every framework; the book uses
    :math:`\varepsilon = 10^{-6}` (written ``10e-7``; the default here),
    PyTorch :math:`10^{-5}`, Chainer :math:`2 \times 10^{-5}`, Keras
    :math:`10^{-3}`.  The batch variance is the biased
    one (divided by :math:`N`), in training everywhere; the book and this
    layer also average the biased variance into ``running_var``, whereas
    PyTorch averages the unbiased one (divided by :math:`N - 1`).  Here
    ``momentum`` is the weight of the *old* average, 0.9 in the book;
    PyTorch's ``momentum=0.1`` is the weight of the *new* batch, the same
    average.

    An input of more than two dimensions is flattened to :math:`(N, D)` and
    the output given back in its shape, as in :class:`Affine`.

    Examples
    --------
    One feature, batch :math:`x = (1, 3)`: :math:`\mu = 2`,
    :math:`\sigma^2 = ((1-2)^2 + (3-2)^2)/2 = 1`, so
    :math:`\hat{x} = (-1, 1)/\sqrt{1 + 10^{-6}}`; with
    :math:`\gamma = 2, \beta = 0.5` the output is :math:`0.5 \mp 2/\sqrt{1 + 10^{-6}}
    \approx (-1.499999, 2.499999)`, where :math:`\varepsilon` shows in the sixth decimal.  The
    running averages start at 0 and become :math:`0.1 \cdot 2 = 0.2` and
    :math:`0.1 \cdot 1 = 0.1`.  In inference :math:`x = 1.2` gives
    :math:`2 (1.2 - 0.2)/\sqrt{0.1 + 10^{-6}} + 0.5 \approx 6.8245`.  Going
    back with :math:`\delta = (1, 0)` and :math:`a = 1/\sqrt{1 + \varepsilon}`:
    :math:`\partial L/\partial\beta = 1`, :math:`\partial L/\partial\gamma = -a`,
    :math:`g = (2, 0)`, :math:`\frac{1}{N}\sum g = 1`,
    :math:`\frac{1}{N}\sum g\hat{x} = -a`, so
    :math:`\partial L/\partial x = (2 - 1 - a^2,\ 0 - 1 + a^2)\, a
    \approx (\varepsilon, -\varepsilon)`.  In a batch of two the outputs are
    :math:`\beta \pm \gamma / \sqrt{1 + \varepsilon / \sigma^2}`: :math:`x`
    moves them only through :math:`\varepsilon`.

    >>> import numpy as np
    >>> from dlscratch.nn import BatchNormalization
    >>> bn = BatchNormalization(np.array([2.0]), np.array([0.5]))
    >>> np.round(bn.forward(np.array([[1.0], [3.0]])), 6)
    array([[-1.499999],
           [ 2.499999]])
    >>> bn.running_mean, np.round(bn.running_var, 6)
    (array([0.2]), array([0.1]))
    >>> np.round(bn.forward(np.array([[1.2]]), train_flg=False), 4)
    array([[6.8245]])
    >>> _ = bn.forward(np.array([[1.0], [3.0]]))  # training again, to go back through it
    >>> np.round(bn.backward(np.array([[1.0], [0.0]])), 7)
    array([[ 1.e-06],
           [-1.e-06]])
    >>> bn.dbeta, np.round(bn.dgamma, 6)
    (array([1.]), array([-1.]))
    """

    def __init__(
        self,
        gamma: np.ndarray,
        beta: np.ndarray,
        momentum: float = 0.9,
        running_mean: np.ndarray | None = None,
        running_var: np.ndarray | None = None,
        *,
        eps: float = 1e-6,
    ) -> None:
        if not isinstance(gamma, np.ndarray) or gamma.ndim != 1:
            raise ValueError(f"gamma must be a 1-D NumPy array, got {_describe(gamma)}")
        if not isinstance(beta, np.ndarray) or beta.shape != gamma.shape:
            raise ValueError(
                f"beta must be a NumPy array of shape {gamma.shape} to match gamma, "
                f"got {_describe(beta)}"
            )
        if isinstance(momentum, bool) or not isinstance(momentum, numbers.Real):
            raise TypeError(f"momentum must be a number in [0, 1), got {type(momentum).__name__}")
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        if isinstance(eps, bool) or not isinstance(eps, numbers.Real):
            raise TypeError(f"eps must be a number > 0, got {type(eps).__name__}")
        if not (math.isfinite(eps) and eps > 0):
            raise ValueError(f"eps must be a finite number > 0, got {eps!r}")
        for name, value in (("running_mean", running_mean), ("running_var", running_var)):
            if value is not None and (
                not isinstance(value, np.ndarray) or value.shape != gamma.shape
            ):
                raise ValueError(
                    f"{name} must be None or a NumPy array of shape {gamma.shape}, "
                    f"got {_describe(value)}"
                )
        self.gamma = gamma
        self.beta = beta
        self.momentum = float(momentum)
        self.eps = float(eps)
        self.running_mean = running_mean
        self.running_var = running_var
        self._input_shape: tuple[int, ...] | None = None
        self._train: bool | None = None
        self.x_hat: np.ndarray | None = None
        self.std: np.ndarray | None = None
        self.dgamma: np.ndarray | None = None
        self.dbeta: np.ndarray | None = None

    def forward(self, x: np.ndarray, train_flg: bool = True) -> np.ndarray:
        r"""Return :math:`\gamma \hat{x} + \beta`, with batch statistics if ``train_flg``."""
        self._input_shape = x.shape
        if x.ndim != 2:
            x = x.reshape(x.shape[0], -1)
        if x.shape[1] != self.gamma.shape[0]:
            raise ValueError(
                f"x must have {self.gamma.shape[0]} features to match gamma, got shape {x.shape}"
            )
        if self.running_mean is None:
            self.running_mean = np.zeros_like(self.gamma)
            self.running_var = np.zeros_like(self.gamma)
        if train_flg:
            mu = x.mean(axis=0)
            centred = x - mu
            var = np.mean(centred * centred, axis=0)  # biased: divided by N
            m = self.momentum
            self.running_mean[...] = m * self.running_mean + (1 - m) * mu
            self.running_var[...] = m * self.running_var + (1 - m) * var
        else:
            centred = x - self.running_mean
            var = self.running_var
        self.std = np.sqrt(var + self.eps)  # ε inside the root
        self.x_hat = centred / self.std
        self._train = bool(train_flg)
        out = self.gamma * self.x_hat + self.beta
        return out.reshape(self._input_shape)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        r"""Store ``dgamma`` and ``dbeta``; return :math:`\partial L / \partial x`."""
        if self.x_hat is None:
            raise RuntimeError("BatchNormalization.backward was called before forward")
        dout = dout.reshape(self.x_hat.shape)
        self.dbeta = dout.sum(axis=0)
        self.dgamma = np.sum(dout * self.x_hat, axis=0)
        g = self.gamma * dout  # ∂L/∂x̂
        if self._train:
            # The paths through μ and σ² remove g's mean and its component along x̂.
            g = g - g.mean(axis=0) - self.x_hat * np.mean(g * self.x_hat, axis=0)
        return (g / self.std).reshape(self._input_shape)


class Dropout:
    r"""Dropout (Srivastava et al. 2014): silence a random share of the units while training.

    Parameters
    ----------
    dropout_ratio : float, default 0.5
        :math:`p`, the probability that a unit is dropped, in :math:`[0, 1)`.
    seed : None, int or numpy.random.Generator
        Keyword only.  Source of the random masks; the default is a fresh
        ``numpy.random.default_rng()``.  A generator passed in is used, not
        copied, so several layers can share one (as the layers of
        :class:`MultiLayerNetExtend` do).

    Attributes
    ----------
    mask : numpy.ndarray of bool or None
        The units kept by the last forward pass in training mode.
    rng : numpy.random.Generator
        The generator the masks are drawn from.

    Notes
    -----
    **Training** (``train_flg=True``).  Every element :math:`x_i` is kept
    with probability :math:`1 - p` and set to zero otherwise, with a fresh
    mask :math:`m_i \in \{0, 1\}` at every call:

    .. math::

        y_i = m_i x_i, \qquad \frac{\partial L}{\partial x_i} = m_i \delta_i.

    **Inference** (``train_flg=False``).  Every unit is kept, and scaled:

    .. math::

        y_i = (1 - p) x_i, \qquad \frac{\partial L}{\partial x_i} = (1 - p) \delta_i.

    **Why scale, and where.**  In training a unit's expected output is
    :math:`\mathbb{E}[m_i x_i] = (1 - p) x_i`, so the next layer learns
    weights for inputs of that size; at inference it must receive the same
    expected input.  This layer follows the book and scales at inference by
    :math:`1 - p`.  Frameworks (PyTorch's ``nn.Dropout``, Keras) use
    *inverted* dropout instead: they divide the kept units by :math:`1 - p`
    while training, :math:`y_i = m_i x_i / (1 - p)`, and leave inference
    alone.  Both keep the training-time expectation equal to the
    inference output, :math:`(1 - p) x_i` against :math:`(1 - p) x_i` here and
    :math:`x_i` against :math:`x_i` there, so they give the same predictions
    up to a factor :math:`1 - p` that the next layer's weights absorb.  The
    book's convention is kept so that its scripts and numbers carry over;
    the inverted one has the practical advantage that the trained network
    can be used without any dropout layer.

    A unit is kept when a uniform number in :math:`[0, 1)` is at least
    :math:`p`, which happens with probability exactly :math:`1 - p`; the book
    draws the same kind of mask with the global ``np.random``.

    Examples
    --------
    With :math:`p = 0.5` and a fixed seed, a training pass keeps some units
    and zeroes the others; the backward pass lets the gradient through the
    same units only.  In inference every unit is multiplied by
    :math:`1 - 0.5 = 0.5`:

    >>> import numpy as np
    >>> from dlscratch.nn import Dropout
    >>> layer = Dropout(0.5, seed=0)
    >>> x = np.array([[1.0, 2.0, 3.0, 4.0]])
    >>> y = layer.forward(x)
    >>> bool(np.all((y == 0) | (y == x)))
    True
    >>> bool(np.array_equal(layer.backward(np.ones_like(x)), layer.mask * 1.0))
    True
    >>> layer.forward(x, train_flg=False)
    array([[0.5, 1. , 1.5, 2. ]])
    """

    def __init__(
        self, dropout_ratio: float = 0.5, *, seed: int | np.random.Generator | None = None
    ) -> None:
        self.dropout_ratio = unit_interval("dropout_ratio", dropout_ratio)
        self.rng = seed_generator("seed", seed)
        self.mask: np.ndarray | None = None
        self._train: bool | None = None

    def __repr__(self) -> str:
        return f"Dropout(dropout_ratio={self.dropout_ratio})"

    def forward(self, x: np.ndarray, train_flg: bool = True) -> np.ndarray:
        r"""Return :math:`m \odot x` with a fresh mask if ``train_flg``, else :math:`(1 - p) x`."""
        self._train = bool(train_flg)
        if train_flg:
            self.mask = self.rng.random(x.shape) >= self.dropout_ratio  # kept: probability 1 − p
            return x * self.mask
        return x * (1.0 - self.dropout_ratio)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        r"""Return :math:`\partial L / \partial x`: ``dout`` through the same mask or scale."""
        if self._train is None:
            raise RuntimeError("Dropout.backward was called before forward")
        if self._train:
            return dout * self.mask
        return dout * (1.0 - self.dropout_ratio)


class SoftmaxWithLoss:
    r"""Softmax followed by the mean cross-entropy loss (the book's Softmax-with-Loss layer).

    For scores (logits) :math:`a` of shape :math:`(N, C)` and targets
    :math:`t`,

    .. math::

        y_{nk} = \frac{e^{a_{nk}}}{\sum_j e^{a_{nj}}}, \qquad
        L = -\frac{1}{N} \sum_{n} \sum_{k} t_{nk} \log y_{nk}, \qquad
        \frac{\partial L}{\partial a} = \frac{y - t}{N}.

    Targets are either integer class labels, shape ``(N,)``, or one-hot rows
    (more generally, rows of probabilities), shape ``(N, C)``.

    Attributes
    ----------
    y : numpy.ndarray or None
        The softmax probabilities from the last :meth:`forward`.
    loss : float or None
        The loss from the last :meth:`forward`.

    Notes
    -----
    The computation is numerically stable.  Softmax does not change when the
    same number is subtracted from every score of a row, so the row maximum
    :math:`m_n` is subtracted first and every exponent is :math:`\le 0`: no
    overflow.  The logarithm is taken without forming :math:`y` at all,

    .. math::

        \log y_{nk} = (a_{nk} - m_n) - \log \sum_j e^{a_{nj} - m_n},

    where the sum is at least 1, so no :math:`\log 0` can occur either.  The
    book adds :math:`10^{-7}` inside the logarithm instead; that caps the loss
    of a sample at about 16.1 and slightly biases it, whereas the form above
    is exact.

    Examples
    --------
    Two equal scores give :math:`y = (1/2, 1/2)` and a loss of
    :math:`\ln 2 = 0.693147`, whatever the label.  The gradient is
    :math:`y - t = (0.5 - 1,\ 0.5)`.  Huge scores cause no overflow: with
    scores :math:`(10^4, 0)` and label 1 the loss is exactly :math:`10^4`.

    >>> import numpy as np
    >>> from dlscratch.nn import SoftmaxWithLoss
    >>> layer = SoftmaxWithLoss()
    >>> print(f"{layer.forward(np.array([[0.0, 0.0]]), np.array([0])):.6f}")
    0.693147
    >>> layer.backward()
    array([[-0.5,  0.5]])
    >>> print(f"{layer.forward(np.array([[1e4, 0.0]]), np.array([1])):.1f}")
    10000.0
    """

    def __init__(self) -> None:
        self.y: np.ndarray | None = None
        self.t: np.ndarray | None = None
        self.loss: float | None = None

    def forward(self, x: np.ndarray, t: np.ndarray) -> float:
        """Return the mean cross-entropy of ``softmax(x)`` against targets ``t``."""
        if x.ndim != 2:
            raise ValueError(f"scores must have shape (N, C), got shape {x.shape}")
        t = _check_targets(t, x.shape[0], x.shape[1])
        shifted = x - x.max(axis=1, keepdims=True)
        y = np.exp(shifted)
        row_sums = y.sum(axis=1, keepdims=True)
        y /= row_sums
        log_sums = np.log(row_sums)
        n = x.shape[0]
        if t.ndim == 1:
            # −log y[n, t_n] = log Σ − (a[n, t_n] − m_n), averaged over the batch.
            loss = (log_sums.sum() - shifted[np.arange(n), t].sum()) / n
        else:
            t = t.astype(x.dtype, copy=False)
            shifted -= log_sums  # now log y
            loss = -np.vdot(t, shifted) / n
        self.y, self.t, self.loss = y, t, float(loss)
        return self.loss

    def backward(self, dout: float = 1.0) -> np.ndarray:
        """Return :math:`(y - t) / N`, times ``dout``, the gradient with respect to the scores."""
        if self.y is None:
            raise RuntimeError("SoftmaxWithLoss.backward was called before forward")
        n = self.y.shape[0]
        if self.t.ndim == 1:
            dx = self.y.copy()
            dx[np.arange(n), self.t] -= 1
        else:
            dx = self.y - self.t
        dx *= dout / n
        return dx


def _check_targets(t: object, n: int, n_classes: int) -> np.ndarray:
    """Return ``t`` as an array of labels ``(N,)`` or probabilities ``(N, C)``, or raise."""
    t = np.asarray(t)
    if t.ndim == 1:
        if t.shape[0] != n:
            raise ValueError(f"t has {t.shape[0]} labels but there are {n} samples")
        if not np.issubdtype(t.dtype, np.integer):
            raise TypeError(f"integer labels t must have an integer dtype, got {t.dtype}")
        if n and (t.min() < 0 or t.max() >= n_classes):
            raise ValueError(
                f"labels t must be in [0, {n_classes}), got values in [{t.min()}, {t.max()}]"
            )
        return t
    if t.ndim == 2:
        if t.shape != (n, n_classes):
            raise ValueError(
                f"one-hot labels t must have shape ({n}, {n_classes}), got shape {t.shape}"
            )
        return t
    raise ValueError(f"t must be labels of shape (N,) or one-hot of shape (N, C), got {t.shape}")


def _describe(value: object) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return type(value).__name__


_ACTIVATIONS = {"relu": ReLU, "sigmoid": Sigmoid, "tanh": Tanh}
# Standard deviation of the initial weights as a function of the fan-in.
_INIT_SCALES = {
    "he": lambda fan_in: math.sqrt(2.0 / fan_in),  # He et al. 2015, for ReLU
    "relu": lambda fan_in: math.sqrt(2.0 / fan_in),  # the book's alias for "he"
    "xavier": lambda fan_in: math.sqrt(1.0 / fan_in),  # Glorot & Bengio 2010, for sigmoid
    "sigmoid": lambda fan_in: math.sqrt(1.0 / fan_in),  # the book's alias for "xavier"
}


class MultiLayerNet:
    r"""A fully connected network: ``(Affine → activation) × L → Affine → softmax loss``.

    Parameters
    ----------
    input_size : int
        Number of input features, 784 for flattened MNIST images.
    hidden_size_list : sequence of int
        The width of each hidden layer, e.g. ``[100, 100, 100, 100]``; may be
        empty (then the network is softmax regression).
    output_size : int
        Number of classes, 10 for MNIST.
    activation : {"relu", "sigmoid", "tanh"}, default "relu"
        The activation after every hidden Affine layer.
    weight_init_std : {"he", "xavier"} or float, default "he"
        Standard deviation of the initial weights, which are drawn from a
        normal distribution: ``"he"`` uses :math:`\sqrt{2/n}` and
        ``"xavier"`` :math:`\sqrt{1/n}`, where :math:`n` is the layer's
        number of inputs (fan-in); a positive number is used for every
        layer.  The book's aliases ``"relu"`` (= ``"he"``) and ``"sigmoid"``
        (= ``"xavier"``) are accepted too.  Biases start at zero.
    dtype : floating dtype, default numpy.float32
        The dtype of every parameter and every computation.
    seed : None, int or numpy.random.Generator
        Source of the initial weights: the same seed gives the same network.
    weight_decay_lambda : float, default 0
        :math:`\lambda` of weight decay (section 6.4): the loss gains
        :math:`\frac{\lambda}{2} \sum_l \lVert W_l \rVert^2` over every weight
        matrix (not the biases), and so each weight's gradient gains
        :math:`\lambda W_l`.

    Attributes
    ----------
    params : dict of str to numpy.ndarray
        ``"W1"``, ``"b1"``, …, ``"W{L+1}"``, ``"b{L+1}"``.  These are the
        arrays the layers use, so update them **in place** (as
        ``opt.update(params, grads)`` does); assigning a new array to a key
        would leave the layers with the old one.
    flat_params : numpy.ndarray
        All parameters in one 1-D array, in the order of ``params``; the
        arrays of ``params`` are views into it, so changing either changes
        both.  See :meth:`flat_gradient`.
    layers : list
        The layers in order, ending with a :class:`SoftmaxWithLoss`.
    last_loss : float or None
        The loss computed by the forward pass of the last :meth:`gradient`
        or :meth:`loss` call.

    Raises
    ------
    ValueError, TypeError
        If an argument is invalid; the message names the argument.

    Notes
    -----
    The first Affine layer is built with ``needs_input_grad=False``.  Input
    batches are cast to ``dtype`` when they enter the network, but not
    rescaled: ``uint8`` pixels should be divided by 255 first, as
    :func:`dlscratch.datasets.load_mnist` does with ``normalize=True``.
    :meth:`numerical_gradient` needs ``dtype=numpy.float64``: in ``float32``
    the rounding of the loss swamps its central differences.

    **Weight decay.**  With :math:`\lambda > 0` the loss that is minimized
    is the data loss :math:`L_0` plus a penalty on the size of the weights
    :math:`W_1, \dots, W_{L+1}` (the biases, and :math:`\gamma, \beta` of
    batch normalization, are not penalized, as in the book):

    .. math::

        L = L_0 + \frac{\lambda}{2} \sum_l \lVert W_l \rVert^2, \qquad
        \frac{\partial L}{\partial W_l} = \frac{\partial L_0}{\partial W_l} + \lambda W_l,

    where :math:`\lVert W \rVert^2` is the sum of the squares of the
    entries.  For SGD the step
    :math:`W \leftarrow W - \eta (\partial L_0 / \partial W + \lambda W)
    = (1 - \eta\lambda) W - \eta\, \partial L_0 / \partial W` shrinks every
    weight by the factor :math:`1 - \eta\lambda`, hence the name.

    *Decoupled* weight decay (Loshchilov & Hutter 2019, AdamW, and
    PyTorch's ``AdamW``) applies that shrinking directly,
    :math:`W \leftarrow W - \eta\lambda W - \eta\, u`, where :math:`u` is the
    optimizer's step computed from :math:`\partial L_0 / \partial W` alone.
    For SGD the two are the same.  For adaptive methods they are not: here
    :math:`\lambda W` is part of the gradient, so AdaGrad, RMSprop and Adam
    divide it by :math:`\sqrt{v}` like the rest, and weights with large
    gradients are decayed less; decoupled decay shrinks every weight at the
    same rate :math:`\eta\lambda`, whatever its gradient history.  This
    class implements the book's coupled form, the :math:`L^2` penalty.

    Examples
    --------
    The book's network for the optimizer comparison, 784-100-100-100-100-10:

    >>> from dlscratch.nn import MultiLayerNet
    >>> net = MultiLayerNet(784, [100, 100, 100, 100], 10, seed=0)
    >>> {key: value.shape for key, value in net.params.items() if key.startswith("W")}
    {'W1': (784, 100), 'W2': (100, 100), 'W3': (100, 100), 'W4': (100, 100), 'W5': (100, 10)}
    >>> net.params["W1"].dtype
    dtype('float32')

    A tiny network whose forward pass can be checked by hand.  The
    parameters are set in place, so the layers see the new values.  For
    :math:`x = (2, 1)`: the hidden layer gives
    :math:`\max((2 \cdot 1 + 1 \cdot 0,\ 2 \cdot (-1) + 1 \cdot 1), 0) = (2, 0)`,
    the identity output layer gives scores :math:`(2, 0)`, and for label 0 the
    loss is :math:`\ln(1 + e^{-2}) = 0.126928`.

    >>> import numpy as np
    >>> tiny = MultiLayerNet(2, [2], 2, dtype=np.float64, seed=0)
    >>> tiny.params["W1"][...] = [[1, -1], [0, 1]]
    >>> tiny.params["W2"][...] = np.eye(2)
    >>> x, t = np.array([[2.0, 1.0]]), np.array([0])
    >>> tiny.predict(x)
    array([[2., 0.]])
    >>> print(f"{tiny.loss(x, t):.6f}")
    0.126928
    >>> grads = tiny.gradient(x, t)
    >>> sorted(grads) == sorted(tiny.params)
    True

    With weight decay :math:`\lambda = 0.1` the loss gains
    :math:`0.05 (\lVert W_1 \rVert^2 + \lVert W_2 \rVert^2) = 0.05 (3 + 2) = 0.25`:

    >>> decayed = tiny.copy()
    >>> decayed.weight_decay_lambda = 0.1
    >>> print(f"{decayed.loss(x, t):.6f}")
    0.376928
    """

    def __init__(
        self,
        input_size: int,
        hidden_size_list: Sequence[int],
        output_size: int,
        activation: str = "relu",
        weight_init_std: str | float = "he",
        dtype: type | np.dtype = np.float32,
        seed: int | np.random.Generator | None = None,
        weight_decay_lambda: float = 0,
    ) -> None:
        self._setup(
            input_size,
            hidden_size_list,
            output_size,
            activation,
            weight_init_std,
            weight_decay_lambda,
            dtype,
            seed,
            use_batchnorm=False,
            use_dropout=False,
            dropout_ratio=0.5,
        )

    def _setup(
        self,
        input_size,
        hidden_size_list,
        output_size,
        activation,
        weight_init_std,
        weight_decay_lambda,
        dtype,
        seed,
        *,
        use_batchnorm: bool,
        use_dropout: bool,
        dropout_ratio: float,
    ) -> None:
        """Check the settings, draw the parameters and build the layers (shared by both nets)."""
        input_size = positive_int("input_size", input_size)
        output_size = positive_int("output_size", output_size)
        if isinstance(hidden_size_list, (str, bytes)) or not isinstance(hidden_size_list, Sequence):
            raise TypeError(
                "hidden_size_list must be a sequence of positive integers, "
                f"got {type(hidden_size_list).__name__}"
            )
        hidden = [
            positive_int(f"hidden_size_list[{i}]", size) for i, size in enumerate(hidden_size_list)
        ]
        if activation not in _ACTIVATIONS:
            raise ValueError(f"activation must be 'relu', 'sigmoid' or 'tanh', got {activation!r}")
        scale = _init_scale(weight_init_std)
        weight_decay_lambda = non_negative("weight_decay_lambda", weight_decay_lambda)
        try:
            dtype = np.dtype(dtype)
        except TypeError as error:
            raise TypeError(f"dtype must be a floating-point dtype, got {dtype!r}") from error
        if not np.issubdtype(dtype, np.floating):
            raise TypeError(f"dtype must be a floating-point dtype, got {dtype}")
        if seed is not None and not isinstance(seed, (numbers.Integral, np.random.Generator)):
            raise TypeError(
                f"seed must be None, an int or a numpy.random.Generator, got {type(seed).__name__}"
            )
        rng = np.random.default_rng(seed)

        self.input_size = input_size
        self.hidden_size_list = hidden
        self.output_size = output_size
        self.activation = activation
        self.weight_init_std = weight_init_std
        self.weight_decay_lambda = weight_decay_lambda
        self.use_batchnorm = use_batchnorm
        self.use_dropout = use_dropout
        self.dropout_ration = dropout_ratio  # the book's spelling
        self.dtype = dtype
        sizes = [input_size, *hidden, output_size]
        self._shapes = {}
        for i, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes), start=1):
            self._shapes[f"W{i}"] = (fan_in, fan_out)
            self._shapes[f"b{i}"] = (fan_out,)
        if use_batchnorm:  # after all weights and biases, in the book's order
            for i, width in enumerate(hidden, start=1):
                self._shapes[f"gamma{i}"] = (width,)
                self._shapes[f"beta{i}"] = (width,)
        self.flat_params = np.zeros(sum(map(math.prod, self._shapes.values())), dtype=dtype)
        self.params = self._views(self.flat_params)
        for i, (fan_in, _) in enumerate(itertools.pairwise(sizes), start=1):
            # Drawn in float64 and then cast, so float32 and float64 nets start alike.
            weights = self.params[f"W{i}"]
            weights[...] = rng.standard_normal(weights.shape) * scale(fan_in)
        for i in range(1, len(hidden) + 1 if use_batchnorm else 1):
            self.params[f"gamma{i}"][...] = 1  # start as the identity: y = x̂
        # The masks' generator comes from the same seed, after the weights: one seed, one run.
        self._dropout_rng = np.random.default_rng(rng.integers(2**63)) if use_dropout else None
        self._build_layers()
        self.last_loss: float | None = None

    def _build_layers(self) -> None:
        n_affine = len(self.hidden_size_list) + 1
        self.layers: list = []
        # The parameter keys of each layer but the last, in the order of self.layers.
        self._layer_keys: list[tuple[str, ...]] = []
        for i in range(1, n_affine + 1):
            affine = Affine(self.params[f"W{i}"], self.params[f"b{i}"], needs_input_grad=i > 1)
            self.layers.append(affine)
            self._layer_keys.append((f"W{i}", f"b{i}"))
            if i < n_affine:
                if self.use_batchnorm:
                    gamma, beta = f"gamma{i}", f"beta{i}"
                    self.layers.append(BatchNormalization(self.params[gamma], self.params[beta]))
                    self._layer_keys.append((gamma, beta))
                self.layers.append(_ACTIVATIONS[self.activation]())
                self._layer_keys.append(())
                if self.use_dropout:  # after the activation, as in the book
                    self.layers.append(Dropout(self.dropout_ration, seed=self._dropout_rng))
                    self._layer_keys.append(())
        self.last_layer = SoftmaxWithLoss()
        self.layers.append(self.last_layer)

    def __repr__(self) -> str:
        sizes = "-".join(map(str, [self.input_size, *self.hidden_size_list, self.output_size]))
        extra = ", batchnorm" if self.use_batchnorm else ""
        if self.use_dropout:
            extra += f", dropout={self.dropout_ration}"
        return (
            f"{type(self).__name__}({sizes}, activation={self.activation!r}{extra}, "
            f"dtype={self.dtype})"
        )

    def _views(self, flat: np.ndarray) -> dict[str, np.ndarray]:
        """Cut a flat vector into arrays of the parameters' shapes (views, no copies)."""
        views, start = {}, 0
        for key, shape in self._shapes.items():
            stop = start + math.prod(shape)
            views[key] = flat[start:stop].reshape(shape)
            start = stop
        return views

    def copy(self) -> MultiLayerNet:
        """Return an independent network with copies of this one's parameters.

        Returns
        -------
        MultiLayerNet
            Same class, layout and values (running averages of batch
            normalization included); training either leaves the other unchanged.
        """
        clone = copy.copy(self)  # the settings; the arrays and layers are made anew below
        clone.hidden_size_list = list(self.hidden_size_list)
        clone._shapes = dict(self._shapes)
        clone.flat_params = self.flat_params.copy()
        clone.params = clone._views(clone.flat_params)
        # A copy of the generator: the clone draws the masks this network would draw next.
        clone._dropout_rng = copy.deepcopy(self._dropout_rng)
        clone._build_layers()
        for old, new in zip(self.layers, clone.layers, strict=True):
            if isinstance(old, BatchNormalization) and old.running_mean is not None:
                new.running_mean = old.running_mean.copy()
                new.running_var = old.running_var.copy()
        clone.last_loss = None
        return clone

    def _as_batch(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        if x.ndim < 2 or x.shape[0] == 0:
            raise ValueError(f"x must be a non-empty batch of shape (N, ...), got shape {x.shape}")
        if math.prod(x.shape[1:]) != self.input_size:
            raise ValueError(
                f"each sample of x must have {self.input_size} values, got shape {x.shape[1:]}"
            )
        if x.dtype != self.dtype:
            x = x.astype(self.dtype)  # once per batch: uint8 or float64 pixels to the net's dtype
        return x

    def predict(self, x: np.ndarray, train_flg: bool = False) -> np.ndarray:
        """Return the scores (logits, before softmax) for a batch ``x``, shape ``(N, C)``.

        ``train_flg`` matters only with batch normalization and dropout: true
        normalizes with the batch's statistics (and updates the running
        averages) and draws new dropout masks, false normalizes with the
        running averages and scales by :math:`1 - p` instead of dropping.
        """
        x = self._as_batch(x)
        for layer in self.layers[:-1]:
            if _takes_train_flg(type(layer)):
                x = layer.forward(x, train_flg)
            else:
                x = layer.forward(x)
        return x

    def loss(self, x: np.ndarray, t: np.ndarray, train_flg: bool = False) -> float:
        r"""Return the mean cross-entropy loss on the batch ``(x, t)``, plus weight decay.

        The weight-decay term is :math:`\frac{\lambda}{2} \sum_l \lVert W_l
        \rVert^2`, zero unless ``weight_decay_lambda`` is set.
        """
        loss = self.last_layer.forward(self.predict(x, train_flg), t)
        if self.weight_decay_lambda:
            squares = sum(float(np.vdot(W, W)) for W in self._weights())
            loss += 0.5 * self.weight_decay_lambda * squares
        self.last_loss = loss
        return loss

    def _weights(self):
        return (self.params[f"W{i}"] for i in range(1, len(self.hidden_size_list) + 2))

    def gradient(self, x: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
        """Return the gradient of the loss for every parameter, by backpropagation.

        One forward pass (in training mode) and one backward pass; the
        forward pass's loss is stored in ``last_loss``, so there is no need to
        call :meth:`loss` again.

        Parameters
        ----------
        x : numpy.ndarray
            A batch of inputs, shape ``(N, input_size)`` or ``(N, ...)``.
        t : numpy.ndarray
            Integer labels ``(N,)`` or one-hot labels ``(N, output_size)``.

        Returns
        -------
        dict of str to numpy.ndarray
            Same keys, shapes and dtype as ``params``.
        """
        return self._views(self.flat_gradient(x, t))

    def flat_gradient(self, x: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Return the gradient as one flat vector, laid out like ``flat_params``.

        The same computation as :meth:`gradient`, whose arrays are views into
        this vector.  With it, an optimizer can update all parameters at once:
        ``opt.update({"all": net.flat_params}, {"all": net.flat_gradient(x, t)})``.
        Every optimizer of :mod:`dlscratch.optim` works element by element,
        so this gives exactly the same numbers as updating ``params`` key by
        key, with a tenth of the calls.

        Returns
        -------
        numpy.ndarray
            A new 1-D array of the network's dtype.
        """
        self.loss(x, t, train_flg=True)
        flat = np.empty_like(self.flat_params)
        grads = self._views(flat)
        dout = self.last_layer.backward()
        for layer, keys in zip(reversed(self.layers[:-1]), reversed(self._layer_keys), strict=True):
            if isinstance(layer, Affine):
                dout = layer.backward(dout, out=(grads[keys[0]], grads[keys[1]]))
            else:
                dout = layer.backward(dout)
                if keys:  # batch normalization's γ and β
                    grads[keys[0]][...] = layer.dgamma
                    grads[keys[1]][...] = layer.dbeta
        if self.weight_decay_lambda:
            for i in range(1, len(self.hidden_size_list) + 2):
                grads[f"W{i}"] += self.weight_decay_lambda * self.params[f"W{i}"]  # ∂/∂W of λ‖W‖²/2
        return flat

    def numerical_gradient(self, x: np.ndarray, t: np.ndarray, h: float = 1e-4) -> dict:
        r"""Return the gradient by central differences, to check :meth:`gradient`.

        Every parameter :math:`\theta_i` in turn is moved by :math:`\pm h`:

        .. math::

            \frac{\partial L}{\partial \theta_i} \approx
            \frac{L(\theta + h e_i) - L(\theta - h e_i)}{2h},

        whose error is of order :math:`h^2`.  The loss is taken in training
        mode, as :meth:`gradient` takes it; the running averages of batch
        normalization, which those forward passes would move, are restored.
        With dropout, every forward pass draws the same masks: the state of
        the masks' generator is put back before each pass and at the end, so
        a :meth:`gradient` call right after this one uses those masks too and
        the two can be compared.
        It costs two forward passes per parameter: use small networks, in
        ``float64``.

        Parameters
        ----------
        x, t : numpy.ndarray
            As for :meth:`gradient`.
        h : float, default 1e-4
            The step (the book's value).

        Returns
        -------
        dict of str to numpy.ndarray
            Same keys and shapes as ``params``.

        Examples
        --------
        >>> import numpy as np
        >>> from dlscratch.nn import MultiLayerNet
        >>> net = MultiLayerNet(3, [4], 2, activation="tanh", dtype=np.float64, seed=0)
        >>> x, t = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]]), np.array([0, 1])
        >>> numerical, analytic = net.numerical_gradient(x, t), net.gradient(x, t)
        >>> all(np.allclose(numerical[k], analytic[k], rtol=1e-6, atol=1e-9) for k in net.params)
        True
        """
        if isinstance(h, bool) or not isinstance(h, numbers.Real) or not (0 < h < math.inf):
            raise ValueError(f"h must be a finite number > 0, got {h!r}")
        saved = [
            (layer, layer.running_mean, layer.running_var)
            for layer in self.layers
            if isinstance(layer, BatchNormalization)
        ]
        flat = self.flat_params
        numerical = np.empty_like(flat)
        last_loss = self.last_loss
        rng = self._dropout_rng
        rng_state = None if rng is None else copy.deepcopy(rng.bit_generator.state)

        def loss_with_same_masks() -> float:
            if rng is not None:
                rng.bit_generator.state = rng_state
            return self.loss(x, t, train_flg=True)

        try:
            for layer, mean, var in saved:
                layer.running_mean = None if mean is None else mean.copy()
                layer.running_var = None if var is None else var.copy()
            for i in range(flat.size):
                original = flat[i]
                flat[i] = original + h
                plus = loss_with_same_masks()
                flat[i] = original - h
                minus = loss_with_same_masks()
                flat[i] = original
                numerical[i] = (plus - minus) / (2 * h)
        finally:
            for layer, mean, var in saved:
                layer.running_mean, layer.running_var = mean, var
            if rng is not None:
                rng.bit_generator.state = rng_state
            self.last_loss = last_loss
        return self._views(numerical)

    def accuracy(self, x: np.ndarray, t: np.ndarray, batch_size: int = 1000) -> float:
        """Return the fraction of samples whose highest score is the true class.

        The scores are computed in inference mode (``train_flg=False``).

        Parameters
        ----------
        x : numpy.ndarray
            Inputs, shape ``(N, input_size)`` or ``(N, ...)``.
        t : numpy.ndarray
            Integer labels ``(N,)`` or one-hot labels ``(N, output_size)``.
        batch_size : int, default 1000
            Rows per forward pass, which bounds the memory used.

        Returns
        -------
        float
            The accuracy in [0, 1].
        """
        batch_size = positive_int("batch_size", batch_size)
        t = np.asarray(t)
        n = len(x)
        labels = _check_targets(t, n, self.output_size)
        if labels.ndim == 2:
            labels = labels.argmax(axis=1)
        correct = 0
        for start in range(0, n, batch_size):
            scores = self.predict(x[start : start + batch_size])
            correct += int(
                np.count_nonzero(scores.argmax(axis=1) == labels[start : start + batch_size])
            )
        return correct / n


class MultiLayerNetExtend(MultiLayerNet):
    r""":class:`MultiLayerNet` with optional batch normalization and dropout, as in the book.

    With ``use_batchnorm=True`` a :class:`BatchNormalization` layer sits
    between every hidden Affine layer and its activation, and with
    ``use_dropout=True`` a :class:`Dropout` layer follows every hidden
    activation:
    ``(Affine → BatchNorm → activation → Dropout) × L → Affine → softmax loss``.
    Everything else (checks, initialization, the flat parameter vector,
    weight decay, the gradients) is :class:`MultiLayerNet`'s.

    Parameters
    ----------
    input_size, hidden_size_list, output_size, activation, weight_init_std
        As for :class:`MultiLayerNet`; ``weight_init_std`` defaults to
        ``"relu"``, the book's name for He initialization.
    weight_decay_lambda : float, default 0
        As for :class:`MultiLayerNet`.
    use_dropout : bool, default False
        Whether to add a :class:`Dropout` layer after every hidden activation
        (section 6.4).  All of them draw their masks from one generator made
        from ``seed``, so a seeded network trains the same way every time.
    dropout_ration : float, default 0.5
        The book's name for the dropout ratio :math:`p`, in [0, 1).
    use_batchnorm : bool, default False
        Whether to add the batch-normalization layers.
    dtype : floating dtype, default numpy.float64
        Keyword only.  The book's precision, unlike :class:`MultiLayerNet`'s
        ``float32``: the experiments of sections 6.3 and 6.4 are small, the
        gradient check needs ``float64``, and the book's batch-norm script
        relies on it (in ``float32`` its network without batch normalization
        overflows at weight scale 1, where in ``float64`` it only stalls).
    seed : None, int or numpy.random.Generator
        Keyword only; as for :class:`MultiLayerNet`.

    Attributes
    ----------
    params : dict of str to numpy.ndarray
        ``"W1"``, ``"b1"``, …, ``"W{L+1}"``, ``"b{L+1}"``, then, with batch
        normalization, ``"gamma1"``, ``"beta1"``, …, ``"gamma{L}"``,
        ``"beta{L}"``; :math:`\gamma` starts at 1 and :math:`\beta` at 0.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.nn import MultiLayerNetExtend
    >>> net = MultiLayerNetExtend(784, [100, 100], 10, use_batchnorm=True, seed=0)
    >>> list(net.params)
    ['W1', 'b1', 'W2', 'b2', 'W3', 'b3', 'gamma1', 'beta1', 'gamma2', 'beta2']
    >>> [type(layer).__name__ for layer in net.layers]  # doctest: +NORMALIZE_WHITESPACE
    ['Affine', 'BatchNormalization', 'ReLU', 'Affine', 'BatchNormalization', 'ReLU',
     'Affine', 'SoftmaxWithLoss']

    In training mode every hidden unit's pre-activation has mean 0 and
    variance 1 over the batch, even with weights five times smaller than
    He's scale :math:`\sqrt{2/784} \approx 0.05`:

    >>> tiny = MultiLayerNetExtend(784, [50], 10, weight_init_std=1e-2,
    ...                            use_batchnorm=True, seed=0)
    >>> x = np.random.default_rng(0).uniform(size=(100, 784))
    >>> _ = tiny.predict(x, train_flg=True)
    >>> z = tiny.layers[1].x_hat  # what batch normalization made of W1's output
    >>> print(f"{abs(z.mean(axis=0)).max():.2f}, {abs(z.std(axis=0) - 1).max():.2f}")
    0.00, 0.00

    With dropout a :class:`Dropout` layer follows every hidden activation.
    The masks come from the network's seed, so two networks made with the
    same seed drop the same units:

    >>> drop = MultiLayerNetExtend(784, [100, 100], 10, use_dropout=True,
    ...                            dropout_ration=0.2, seed=0)
    >>> [type(layer).__name__ for layer in drop.layers]  # doctest: +NORMALIZE_WHITESPACE
    ['Affine', 'ReLU', 'Dropout', 'Affine', 'ReLU', 'Dropout', 'Affine', 'SoftmaxWithLoss']
    >>> twin = MultiLayerNetExtend(784, [100, 100], 10, use_dropout=True,
    ...                            dropout_ration=0.2, seed=0)
    >>> bool(np.array_equal(drop.predict(x, train_flg=True), twin.predict(x, train_flg=True)))
    True
    """

    def __init__(
        self,
        input_size: int,
        hidden_size_list: Sequence[int],
        output_size: int,
        activation: str = "relu",
        weight_init_std: str | float = "relu",
        weight_decay_lambda: float = 0,
        use_dropout: bool = False,
        dropout_ration: float = 0.5,
        use_batchnorm: bool = False,
        *,
        dtype: type | np.dtype = np.float64,
        seed: int | np.random.Generator | None = None,
    ) -> None:
        for name, value in (("use_dropout", use_dropout), ("use_batchnorm", use_batchnorm)):
            if not isinstance(value, (bool, np.bool_)):
                raise TypeError(f"{name} must be True or False, got {type(value).__name__}")
        dropout_ration = unit_interval("dropout_ration", dropout_ration)
        self._setup(
            input_size,
            hidden_size_list,
            output_size,
            activation,
            weight_init_std,
            weight_decay_lambda,
            dtype,
            seed,
            use_batchnorm=bool(use_batchnorm),
            use_dropout=bool(use_dropout),
            dropout_ratio=dropout_ration,
        )


@functools.cache
def _takes_train_flg(layer_type: type) -> bool:
    """Whether a layer's ``forward`` takes the book's ``train_flg``.

    Batch normalization and dropout do; so does a reader's own layer typed in
    from the book and put into ``network.layers``.
    """
    try:
        return "train_flg" in inspect.signature(layer_type.forward).parameters
    except (AttributeError, TypeError, ValueError):
        return False


def _init_scale(weight_init_std: object):
    if isinstance(weight_init_std, str):
        if weight_init_std.lower() not in _INIT_SCALES:
            raise ValueError(
                "weight_init_std must be 'he', 'xavier' or a positive number, "
                f"got {weight_init_std!r}"
            )
        return _INIT_SCALES[weight_init_std.lower()]
    if isinstance(weight_init_std, bool) or not isinstance(weight_init_std, numbers.Real):
        raise TypeError(
            "weight_init_std must be 'he', 'xavier' or a positive number, "
            f"got {type(weight_init_std).__name__}"
        )
    std = float(weight_init_std)
    if not (math.isfinite(std) and std > 0):
        raise ValueError(f"weight_init_std must be a finite number > 0, got {weight_init_std!r}")
    return lambda fan_in: std
