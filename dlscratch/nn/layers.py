r"""The layers of :mod:`dlscratch.nn`, each with a ``forward`` and a ``backward`` method.

:mod:`dlscratch.nn` describes them and re-exports them; :mod:`dlscratch.nn.networks`
stacks them into networks, and checks labels with :func:`check_targets`, as
:class:`SoftmaxWithLoss` does.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from dlscratch.validation import seed_generator, unit_interval

__all__ = [
    "Affine",
    "ReLU",
    "Sigmoid",
    "Tanh",
    "BatchNormalization",
    "Dropout",
    "SoftmaxWithLoss",
    "check_targets",
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
        t = check_targets(t, x.shape[0], x.shape[1])
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


def check_targets(t: object, n: int, n_classes: int) -> np.ndarray:
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
