r"""The networks of :mod:`dlscratch.nn`, built from the layers of :mod:`dlscratch.nn.layers`.

:mod:`dlscratch.nn` describes them and re-exports them.
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

from dlscratch.nn.layers import (
    Affine,
    BatchNormalization,
    Dropout,
    ReLU,
    Sigmoid,
    SoftmaxWithLoss,
    Tanh,
    check_targets,
)
from dlscratch.validation import non_negative, positive_int, unit_interval

__all__ = ["MultiLayerNet", "MultiLayerNetExtend"]

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
        labels = check_targets(t, n, self.output_size)
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
