r"""Layers and a fully connected network for the MNIST experiment of chapter 6.1.

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
:class:`SoftmaxWithLoss`        softmax, then the mean cross-entropy loss
==============================  ================================================

:class:`MultiLayerNet` stacks them: ``Affine → ReLU → … → Affine →
SoftmaxWithLoss``.  Its ``params`` dict (``"W1"``, ``"b1"``, …) holds the very
arrays its Affine layers compute with, so the optimizers of
:mod:`dlscratch.optim`, which change those arrays in place, train it.

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
import itertools
import math
import numbers
from collections.abc import Sequence

import numpy as np

__all__ = ["Affine", "ReLU", "Sigmoid", "SoftmaxWithLoss", "MultiLayerNet"]


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


_ACTIVATIONS = {"relu": ReLU, "sigmoid": Sigmoid}
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
    activation : {"relu", "sigmoid"}, default "relu"
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
    ) -> None:
        input_size = _positive_int("input_size", input_size)
        output_size = _positive_int("output_size", output_size)
        if isinstance(hidden_size_list, (str, bytes)) or not isinstance(hidden_size_list, Sequence):
            raise TypeError(
                "hidden_size_list must be a sequence of positive integers, "
                f"got {type(hidden_size_list).__name__}"
            )
        hidden = [
            _positive_int(f"hidden_size_list[{i}]", size) for i, size in enumerate(hidden_size_list)
        ]
        if activation not in _ACTIVATIONS:
            raise ValueError(f"activation must be 'relu' or 'sigmoid', got {activation!r}")
        scale = _init_scale(weight_init_std)
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
        self.dtype = dtype
        sizes = [input_size, *hidden, output_size]
        self._shapes = {}
        for i, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes), start=1):
            self._shapes[f"W{i}"] = (fan_in, fan_out)
            self._shapes[f"b{i}"] = (fan_out,)
        self.flat_params = np.zeros(sum(map(math.prod, self._shapes.values())), dtype=dtype)
        self.params = self._views(self.flat_params)
        for i, (fan_in, _) in enumerate(itertools.pairwise(sizes), start=1):
            # Drawn in float64 and then cast, so float32 and float64 nets start alike.
            weights = self.params[f"W{i}"]
            weights[...] = rng.standard_normal(weights.shape) * scale(fan_in)
        self._build_layers()
        self.last_loss: float | None = None

    def _build_layers(self) -> None:
        n_affine = len(self.hidden_size_list) + 1
        self.layers: list = []
        for i in range(1, n_affine + 1):
            affine = Affine(self.params[f"W{i}"], self.params[f"b{i}"], needs_input_grad=i > 1)
            self.layers.append(affine)
            if i < n_affine:
                self.layers.append(_ACTIVATIONS[self.activation]())
        self.last_layer = SoftmaxWithLoss()
        self.layers.append(self.last_layer)

    def __repr__(self) -> str:
        sizes = "-".join(map(str, [self.input_size, *self.hidden_size_list, self.output_size]))
        return f"MultiLayerNet({sizes}, activation={self.activation!r}, dtype={self.dtype})"

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
            Same layout and values; training either leaves the other unchanged.
        """
        clone = copy.copy(self)  # the settings; the arrays and layers are made anew below
        clone.hidden_size_list = list(self.hidden_size_list)
        clone._shapes = dict(self._shapes)
        clone.flat_params = self.flat_params.copy()
        clone.params = clone._views(clone.flat_params)
        clone._build_layers()
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

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Return the scores (logits, before softmax) for a batch ``x``, shape ``(N, C)``."""
        x = self._as_batch(x)
        for layer in self.layers[:-1]:
            x = layer.forward(x)
        return x

    def loss(self, x: np.ndarray, t: np.ndarray) -> float:
        """Return the mean cross-entropy loss on the batch ``(x, t)``."""
        self.last_loss = self.last_layer.forward(self.predict(x), t)
        return self.last_loss

    def gradient(self, x: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
        """Return the gradient of the loss for every parameter, by backpropagation.

        One forward and one backward pass; the forward pass's loss is stored
        in ``last_loss``, so there is no need to call :meth:`loss` again.

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
        self.loss(x, t)
        flat = np.empty_like(self.flat_params)
        grads = self._views(flat)
        dout = self.last_layer.backward()
        i = len(self.hidden_size_list) + 1  # the number of the last Affine layer
        for layer in reversed(self.layers[:-1]):
            if isinstance(layer, Affine):
                dout = layer.backward(dout, out=(grads[f"W{i}"], grads[f"b{i}"]))
                i -= 1
            else:
                dout = layer.backward(dout)
        return flat

    def accuracy(self, x: np.ndarray, t: np.ndarray, batch_size: int = 1000) -> float:
        """Return the fraction of samples whose highest score is the true class.

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
        batch_size = _positive_int("batch_size", batch_size)
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


def _positive_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {type(value).__name__} {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


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
