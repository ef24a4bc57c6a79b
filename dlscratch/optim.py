r"""The optimizers of chapter 6.1: SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam.

Every optimizer keeps the book's interface: build it with its
hyperparameters, then call ``opt.update(params, grads)`` once per training
step.  ``params`` and ``grads`` are dicts with the same keys (``"W1"``,
``"b1"``, ...); the arrays in ``params`` are changed **in place**, because the
layers of a network hold references to them.

A value of ``params`` may also be a plain number, as in the book's script
that traces ``params["x"]`` and ``params["y"]`` on a 2-D function.  A number
cannot change in place, so ``update`` stores the new value back under the
same key, as the book's ``params[key] -= ...`` does: a Python ``int`` or
``float`` becomes a Python ``float``, a NumPy scalar stays a NumPy scalar of
its floating dtype (``float64`` for a NumPy integer).  A 0-d array is an
array and is changed in place.

The state the book's classes keep, and that readers print to watch a method
work, can be read under the book's names: ``opt.v`` (Momentum, Nesterov,
Adam), ``opt.h`` (AdaGrad, RMSprop), ``opt.m`` and ``opt.iter`` (Adam).  Each
is ``None`` before the first update, as in the book, and then a read-only
mapping from parameter key to a read-only view of the state array.

Notation
--------
One notation is used in every docstring of this module:

==========================  ======================================================
symbol                      meaning
==========================  ======================================================
:math:`\theta`              a parameter array (one entry of ``params``)
:math:`g`                   its gradient :math:`\partial L / \partial \theta`
:math:`\eta`                learning rate, ``lr``
:math:`\alpha`              momentum coefficient, ``momentum``
:math:`v`                   velocity (Momentum, Nesterov); in Adam, as in the paper,
                            the second-moment estimate
:math:`h`                   running sum or average of squared gradients (AdaGrad,
                            RMSprop)
:math:`\rho`                decay rate of RMSprop's average, ``decay_rate``
:math:`m`                   Adam's first-moment estimate
:math:`\beta_1, \beta_2`    Adam's decay rates, ``beta1`` and ``beta2``
:math:`\varepsilon`         small constant that keeps a division finite, ``eps``
:math:`t`                   number of updates made so far, counting this one
:math:`\odot`               element-wise product; square roots and divisions are
                            element-wise too
==========================  ======================================================

A gradient that holds NaN or infinity means that training has diverged,
not that the call is wrong: the update is applied as the book's arithmetic
applies it (NaN and infinity spread into that parameter and its state, and
the other keys update as usual), and the optimizer says so once with a
:class:`RuntimeWarning` that names the key.  Every other problem with the
inputs (a missing or new key, a shape or dtype that differs, a read-only
array, a ``bool`` or complex value, a bad hyperparameter) raises an error
that names it, before anything is modified.

Everything the six methods share (checking hyperparameters and inputs,
creating and saving the per-parameter state, keeping dtypes, and working
through large arrays piece by piece so that no step allocates a temporary as
large as the parameter) lives in
:class:`Optimizer`, so that each subclass's ``_step`` reads line by line as
its update rule.
"""

from __future__ import annotations

import contextlib
import inspect
import warnings
from collections.abc import Mapping, MutableMapping
from types import MappingProxyType

import numpy as np

from dlscratch.validation import positive_finite, unit_interval

__all__ = ["Optimizer", "SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"]


#: How each hyperparameter is checked; read by ``__init__``, ``load_state_dict`` and the explorer.
HYPERPARAMETER_RULES = {
    "lr": positive_finite,
    "eps": positive_finite,
    "momentum": unit_interval,
    "decay_rate": unit_interval,
    "beta1": unit_interval,
    "beta2": unit_interval,
}


class _StateView:
    """A read-only attribute under the book's name for one kind of state array.

    Reading ``opt.v`` gives ``None`` before the first update, then a read-only
    mapping from parameter key to a read-only view of that parameter's state
    array, so printing works and writing raises.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, opt, owner=None):
        if opt is None:
            return self
        if not opt._state:
            return None
        views = {}
        for key, arrays in opt._state.items():
            view = arrays[self.name].view()
            view.flags.writeable = False
            views[key] = view
        return MappingProxyType(views)

    def __set__(self, opt, value):
        raise AttributeError(
            f"{type(opt).__name__}.{self.name} is read-only; "
            "use load_state_dict to set the optimizer's state"
        )


def all_finite(g: np.ndarray) -> bool:
    """Whether every element of ``g`` is finite.

    ``min`` and ``max`` propagate NaN and reach ±inf: two reductions, and no
    boolean array as large as ``g``.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.optim import all_finite
    >>> all_finite(np.array([1.0, 2.0])), all_finite(np.array([1.0, np.inf]))
    (True, False)
    """
    return g.size == 0 or bool(np.isfinite(g.min()) and np.isfinite(g.max()))


def _as_array(key: str, value: object) -> np.ndarray:
    """Return a parameter as a floating-point array: itself, or a 0-d copy of a number."""
    if isinstance(value, np.ndarray):
        if not np.issubdtype(value.dtype, np.floating):
            raise TypeError(
                f"params[{key!r}] must be a floating-point NumPy array or a real number, "
                f"got an array of dtype {value.dtype}"
            )
        if not value.flags.writeable:
            raise ValueError(f"params[{key!r}] is read-only and cannot be updated in place")
        return value
    if isinstance(value, np.floating):
        return np.array(value)
    if isinstance(value, (int, float, np.integer)) and not isinstance(value, bool):
        return np.array(value, dtype=np.float64)  # x -= lr * g makes a float of an int
    raise TypeError(
        f"params[{key!r}] must be a floating-point NumPy array or a real number, "
        f"got {type(value).__name__}"
    )


def _as_number(old: object, theta: np.ndarray) -> object:
    """Return the updated 0-d ``theta`` as the kind of number ``old`` was."""
    if isinstance(old, np.generic):
        return theta[()]  # a NumPy scalar of theta's dtype
    return float(theta)


#: Bytes per piece in :func:`_in_pieces`: an eighth of the array, but at least 128 KiB (so
#: that the Python overhead of a piece stays small) and at most 1 MiB (so that a piece's
#: temporaries are reused by the memory allocator and stay near the processor).  The
#: bounds were chosen by measuring ``benchmarks/bench_optim.py`` on arrays of 10^5 to 10^7.
_PIECE_BYTES = (128 * 1024, 1024 * 1024)


def _piece_size(theta: np.ndarray, g: np.ndarray, state: dict[str, np.ndarray]) -> int | None:
    """Elements per piece for :func:`_in_pieces`, or None to update ``theta`` whole."""
    smallest, largest = _PIECE_BYTES
    size = min(max(theta.nbytes // 8, smallest), largest) // theta.itemsize
    arrays = (theta, g, *state.values())
    if theta.size <= size or not all(a.flags.c_contiguous for a in arrays):
        return None  # small, or a piece of it would not be a view
    return size


def _in_pieces(theta, g, state, size):
    """Yield ``(theta, g, state)`` for consecutive pieces of ``size`` elements.

    Every update rule here works element by element, so applying it piece by
    piece gives the same numbers, bit for bit, as applying it to the whole
    array, and its scratch arrays need only be as large as a piece.
    """
    flat_theta, flat_g = theta.reshape(-1), g.reshape(-1)  # views, not copies
    flat_state = {name: array.reshape(-1) for name, array in state.items()}
    for start in range(0, theta.size, size):
        piece = slice(start, start + size)
        yield (
            flat_theta[piece],
            flat_g[piece],
            {name: array[piece] for name, array in flat_state.items()},
        )


class Optimizer:
    """Base class of the optimizers: checks, per-parameter state, dtype.

    A subclass lists the names of its per-parameter state arrays in
    ``state_names`` and implements ``_step(theta, g, **state)``, which updates
    one parameter array ``theta`` in place from its gradient ``g`` (already
    checked and cast to ``theta.dtype``) and its state arrays (created as zeros
    of ``theta``'s shape and dtype before the first step).

    Parameters
    ----------
    **hyperparameters : float
        The subclass's hyperparameters by name; each is checked against its
        rule (``lr`` and ``eps`` finite and > 0; ``momentum``, ``decay_rate``,
        ``beta1``, ``beta2`` in [0, 1)) and stored as an attribute.

    Attributes
    ----------
    t : int
        Number of calls to :meth:`update` so far.

    Notes
    -----
    Every name in ``state_names`` is also a read-only attribute, the name the
    book's class uses for that state (``opt.v``, ``opt.h``, ``opt.m``):
    ``None`` before the first update, then a read-only mapping from parameter
    key to a read-only view of the state array.  Assigning to it raises
    :class:`AttributeError`; :meth:`load_state_dict` is the way to set state.

    Examples
    --------
    A new method needs only its rule.  This one takes half of SGD's step:

    >>> import numpy as np
    >>> from dlscratch.optim import Optimizer
    >>> class HalfStep(Optimizer):
    ...     def __init__(self, lr=0.01):
    ...         super().__init__(lr=lr)
    ...
    ...     def _step(self, theta, g):
    ...         theta -= 0.5 * self.lr * g
    >>> params = {"w": np.array([1.0, -1.0])}
    >>> HalfStep(lr=0.2).update(params, {"w": np.array([1.0, 2.0])})
    >>> params["w"]  # 1 − 0.1·1 and −1 − 0.1·2
    array([ 0.9, -1.2])
    """

    #: Names of the state arrays kept for every parameter, e.g. ``("v",)``.
    state_names: tuple[str, ...] = ()
    #: Names of the scratch arrays ``_step`` computes into, e.g. ``("work",)``: made once
    #: per shape and dtype and reused at every step, so that no step allocates memory.
    scratch_names: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        # A subclass that overrides _step without the scratch arguments (a reader's own
        # rule, say) gets none: its expressions allocate what they need.
        step_arguments = inspect.signature(cls._step).parameters
        if not all(name in step_arguments for name in cls.scratch_names):
            cls.scratch_names = ()
        # Each state array is readable under the book's name: opt.v, opt.h, opt.m.
        for name in cls.state_names:
            setattr(cls, name, _StateView(name))

    def __init__(self, **hyperparameters: float) -> None:
        self.hyperparameter_names = tuple(hyperparameters)
        for name, value in hyperparameters.items():
            setattr(self, name, HYPERPARAMETER_RULES[name](name, value))
        self.t = 0
        # Shape and dtype of every parameter, fixed by the first step.
        self._layout: dict[str, tuple[tuple[int, ...], np.dtype]] = {}
        # The state arrays of every parameter, e.g. {"W1": {"v": array}}.
        self._state: dict[str, dict[str, np.ndarray]] = {}
        # Scratch arrays by (shape, dtype); their contents mean nothing between steps.
        self._scratch: dict[tuple, dict[str, np.ndarray]] = {}
        # Whether a NaN or infinite gradient has been warned about (once per optimizer).
        self._warned_divergence = False

    def __repr__(self) -> str:
        args = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.hyperparameter_names)
        return f"{type(self).__name__}({args})"

    def update(self, params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> None:
        """Take one optimization step, changing the arrays of ``params`` in place.

        Parameters
        ----------
        params : dict of str to numpy.ndarray or float
            The parameters.  Floating-point arrays are updated in place.  A
            number (Python ``int`` or ``float``, or a NumPy scalar) cannot
            change in place, so its new value is stored back under the same
            key, as the book's ``params[key] -= ...`` does: a Python number
            becomes a Python ``float``; a NumPy scalar stays a NumPy scalar
            of its floating dtype (``float64`` for an integer).
        grads : dict of str to array_like
            The gradient of the loss for every key of ``params``, of the same
            shape (a number for a number).  Gradients are cast to the
            parameter's dtype.

        Raises
        ------
        KeyError
            If a parameter has no gradient, a gradient has no parameter, or
            the set of parameters differs from the one seen at the first step.
        ValueError
            If a gradient's shape differs from its parameter's, a parameter
            is read-only, or a parameter changed shape since the first step.
        TypeError
            If a parameter is neither a floating-point NumPy array nor a real
            number (``bool`` is refused), a gradient is not floating-point, or
            ``params`` holds a number but cannot be assigned to.

        Warns
        -----
        RuntimeWarning
            The first time a gradient holds NaN or infinity, naming its key:
            the run has diverged.  The update is still applied, as the book's
            arithmetic applies it, so the parameter and its state become NaN
            or infinite where the gradient is and every other key is updated
            as usual.  Each optimizer warns once, however many steps follow.

        Notes
        -----
        All inputs are checked before anything is written, so when an error
        is raised no parameter and no state has been modified.  A NaN or
        infinite gradient is not an error but a result: training has
        diverged, and the book's plots show it as a flat line.

        Examples
        --------
        The book's script keeps a point as two Python floats.  By hand:
        :math:`-7 - 0.1 \\cdot (-0.7) = -6.93` and :math:`2 - 0.1 \\cdot 4 = 1.6`.

        >>> from dlscratch.optim import SGD
        >>> params = {"x": -7.0, "y": 2.0}
        >>> SGD(lr=0.1).update(params, {"x": -0.7, "y": 4.0})
        >>> params
        {'x': -6.93, 'y': 1.6}
        """
        thetas, checked_grads = self._checked_inputs(params, grads)
        diverged = [key for key, g in checked_grads.items() if not all_finite(g)]
        if diverged and not self._warned_divergence:
            self._warned_divergence = True
            warnings.warn(
                f"grads[{diverged[0]!r}] contains NaN or infinity: the run has diverged. "
                f"{type(self).__name__} applies the update as the book's arithmetic does, so "
                "the parameter and its state become NaN or infinite where the gradient is. "
                "This warning is shown once per optimizer.",
                RuntimeWarning,
                stacklevel=2,
            )
        # A method with state fixes the parameter set at its first step; SGD, which keeps none,
        # may serve several networks (the book's batch-norm script shares one SGD between two).
        if not self._layout and self.state_names:
            self._layout = {key: (theta.shape, theta.dtype) for key, theta in thetas.items()}
        for key, theta in thetas.items():
            if key not in self._state:
                self._state[key] = {name: np.zeros_like(theta) for name in self.state_names}
        self.t += 1
        # NaN and ±inf flow through the rules as through the book's code.  Once the warning has
        # said that the run diverged, NumPy's own warnings (inf − inf, ...) would only repeat it.
        quiet = np.errstate(all="ignore") if self._warned_divergence else contextlib.nullcontext()
        with quiet:
            for key, theta in thetas.items():
                self._step_in_pieces(theta, checked_grads[key], self._state[key])
        # A number cannot change in place: store its new value, as params[key] -= ... does.
        for key, value in list(params.items()):
            if not isinstance(value, np.ndarray):
                params[key] = _as_number(value, thetas[key])

    def _step_in_pieces(self, theta: np.ndarray, g: np.ndarray, state: dict) -> None:
        """Apply ``_step`` to one parameter, piece by piece if it is large."""
        size = _piece_size(theta, g, state)
        if size is None:
            self._step(theta, g, **state, **self._scratch_for(theta.shape, theta.dtype))
            return
        scratch = self._scratch_for((size,), theta.dtype)
        for theta_piece, g_piece, state_piece in _in_pieces(theta, g, state, size):
            n = theta_piece.size  # the last piece may be shorter
            work = {name: array[:n] for name, array in scratch.items()}
            self._step(theta_piece, g_piece, **state_piece, **work)

    def _step(self, theta: np.ndarray, g: np.ndarray, **arrays: np.ndarray) -> None:
        raise NotImplementedError

    def _scratch_for(self, shape: tuple[int, ...], dtype: np.dtype) -> dict[str, np.ndarray]:
        """The scratch arrays for one shape and dtype, made at their first use."""
        key = (shape, np.dtype(dtype))
        if key not in self._scratch:
            self._scratch[key] = {name: np.empty(shape, dtype) for name in self.scratch_names}
        return self._scratch[key]

    def _checked_inputs(self, params, grads) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Check every input; return the parameters as arrays and the gradients cast to them."""
        if not isinstance(params, Mapping):
            raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}")
        if not isinstance(grads, Mapping):
            raise TypeError(f"grads must be a dict of arrays, got {type(grads).__name__}")
        for key in grads:
            if key not in params:
                raise KeyError(f"grads[{key!r}] has no matching parameter in params")
        if self._layout:
            for key in self._layout:
                if key not in params:
                    raise KeyError(f"params[{key!r}] is missing; it was updated at earlier steps")
        thetas, checked = {}, {}
        for key, value in params.items():
            if key not in grads:
                raise KeyError(f"params[{key!r}] has no gradient in grads")
            theta = thetas[key] = _as_array(key, value)
            if not isinstance(value, np.ndarray) and not isinstance(params, MutableMapping):
                raise TypeError(
                    f"params[{key!r}] is a number, so its new value must be stored back, "
                    f"but params is a read-only {type(params).__name__}"
                )
            if self._layout:
                if key not in self._layout:
                    raise KeyError(
                        f"params[{key!r}] is new: the first step fixed the parameter set"
                    )
                shape, dtype = self._layout[key]
                if theta.shape != shape:
                    raise ValueError(
                        f"params[{key!r}] has shape {theta.shape}, but it had shape {shape} "
                        "at earlier steps"
                    )
                if theta.dtype != dtype:
                    raise TypeError(
                        f"params[{key!r}] has dtype {theta.dtype}, but it had dtype {dtype} "
                        "at earlier steps"
                    )
            g = np.asarray(grads[key])
            if not np.issubdtype(g.dtype, np.floating):
                raise TypeError(f"grads[{key!r}] must be floating-point, got dtype {g.dtype}")
            if g.shape != theta.shape:
                raise ValueError(
                    f"grads[{key!r}] has shape {g.shape}, "
                    f"but params[{key!r}] has shape {theta.shape}"
                )
            checked[key] = g.astype(theta.dtype, copy=False)
        return thetas, checked

    def state_dict(self) -> dict[str, float | int | np.ndarray]:
        """Return the optimizer's state as a flat dict of numbers and arrays.

        The dict holds the step count ``"t"``, every hyperparameter by name,
        and a copy of every state array under ``"<state name>/<parameter key>"``
        (for example ``"v/W1"``).  It can be pickled or written with
        :func:`numpy.savez`, and :meth:`load_state_dict` restores it exactly.

        Returns
        -------
        dict
            The state, sharing no memory with the optimizer.
        """
        state: dict[str, float | int | np.ndarray] = {"t": self.t}
        for name in self.hyperparameter_names:
            state[name] = getattr(self, name)
        for key, arrays in self._state.items():
            for name, array in arrays.items():
                state[f"{name}/{key}"] = array.copy()
        return state

    def load_state_dict(self, state: Mapping[str, object]) -> None:
        """Restore a state made by :meth:`state_dict`, so training resumes bit-exactly.

        Parameters
        ----------
        state : mapping
            A dict from :meth:`state_dict`, or the mapping :func:`numpy.load`
            returns for a file written with ``numpy.savez(file, **state)``.

        Raises
        ------
        KeyError
            If an entry is missing or does not belong to this optimizer.
        ValueError, TypeError
            If a hyperparameter, the step count or a state array is invalid.
            Nothing is changed in that case.
        """
        for name in ("t", *self.hyperparameter_names):
            if name not in state:
                raise KeyError(f"state has no entry {name!r} for {type(self).__name__}")
        hyperparameters = {
            name: HYPERPARAMETER_RULES[name](name, _scalar(state[name]))
            for name in self.hyperparameter_names
        }
        t = _scalar(state["t"])
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 0:
            raise ValueError(f"state['t'] must be an integer >= 0, got {state['t']!r}")

        arrays: dict[str, dict[str, np.ndarray]] = {}
        for entry, value in state.items():
            if entry == "t" or entry in hyperparameters:
                continue
            name, _, key = entry.partition("/")
            if name not in self.state_names or not key:
                raise KeyError(f"state entry {entry!r} does not belong to {type(self).__name__}")
            array = np.array(value, copy=True)
            if not np.issubdtype(array.dtype, np.floating):
                raise TypeError(f"state[{entry!r}] must be floating-point, got dtype {array.dtype}")
            arrays.setdefault(key, {})[name] = array
        for key, named in arrays.items():
            for name in self.state_names:
                if name not in named:
                    raise KeyError(f"state has no entry {name + '/' + key!r}")
            if len({(a.shape, a.dtype) for a in named.values()}) > 1:
                raise ValueError(f"the state arrays of parameter {key!r} differ in shape or dtype")

        for name, value in hyperparameters.items():
            setattr(self, name, value)
        self.t = int(t)
        self._state = arrays
        # Without state arrays (SGD) the parameter layout is fixed again by the next step.
        self._layout = {
            key: (named[self.state_names[0]].shape, named[self.state_names[0]].dtype)
            for key, named in arrays.items()
        }


def _scalar(value: object) -> object:
    """Unwrap a 0-d array (as :func:`numpy.load` returns numbers) into a Python number."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    return value


class SGD(Optimizer):
    r"""Stochastic gradient descent: step against the gradient.

    The simplest rule: move every parameter a little in the direction in which
    the loss falls fastest, the negative gradient.

    .. math::

        \theta \leftarrow \theta - \eta\, g

    Parameters
    ----------
    lr : float, default 0.01
        Learning rate :math:`\eta`, finite and > 0.

    Notes
    -----
    The book, the paper's stochastic approximation and every framework agree
    on this rule.  On an anisotropic function such as
    :math:`f(x, y) = x^2/20 + y^2` the negative gradient does not point at
    the minimum, so the path zig-zags across the steep :math:`y` direction while
    it creeps along the flat :math:`x` direction.

    References
    ----------
    .. [1] H. Robbins and S. Monro, "A stochastic approximation method",
       *The Annals of Mathematical Statistics* 22(3), 400-407, 1951.

    Examples
    --------
    Two steps on :math:`f(x, y) = x^2/20 + y^2` from :math:`(-7, 2)`, where
    :math:`g = (x/10,\ 2y)`.  By hand: :math:`x` is multiplied by
    :math:`1 - 0.95/10 = 0.905` and :math:`y` by :math:`1 - 0.95 \cdot 2 = -0.9`
    each step, so :math:`x_2 = -7 \cdot 0.905^2 = -5.733175` and
    :math:`y_2 = 2 \cdot 0.81 = 1.62`.

    >>> import numpy as np
    >>> from dlscratch.optim import SGD
    >>> params = {"x": np.array(-7.0), "y": np.array(2.0)}
    >>> opt = SGD(lr=0.95)
    >>> for _ in range(2):
    ...     grads = {"x": params["x"] / 10, "y": 2 * params["y"]}
    ...     opt.update(params, grads)
    >>> print(f"x = {params['x']:.6f}, y = {params['y']:.6f}")
    x = -5.733175, y = 1.620000
    """

    def __init__(self, lr: float = 0.01) -> None:
        super().__init__(lr=lr)

    scratch_names = ("work",)

    def _step(self, theta, g, work):
        theta -= np.multiply(self.lr, g, out=work)  # θ ← θ − ηg


class Momentum(Optimizer):
    r"""Momentum: a ball rolling downhill keeps part of its velocity.

    The velocity :math:`v` adds up past steps: along a direction where the
    gradient keeps its sign the steps grow, along one where it flips they
    cancel.

    .. math::

        v &\leftarrow \alpha v - \eta\, g \\
        \theta &\leftarrow \theta + v

    Parameters
    ----------
    lr : float, default 0.01
        Learning rate :math:`\eta`, finite and > 0.
    momentum : float, default 0.9
        Momentum coefficient :math:`\alpha` in [0, 1); 0 gives plain SGD.

    Attributes
    ----------
    v : mapping of str to numpy.ndarray, or None
        Read-only, the book's name: ``None`` before the first update, then a
        read-only mapping from parameter key to a read-only view of the
        velocity :math:`v`.

    Notes
    -----
    This is the book's form, with the learning rate inside the velocity.
    PyTorch and others write :math:`b \leftarrow \alpha b + g,\
    \theta \leftarrow \theta - \eta b`.  For a constant :math:`\eta` the two
    give the same path, with :math:`v = -\eta b`; they differ only when
    :math:`\eta` changes during training (a schedule), because here past
    velocity keeps the old learning rate.  The velocity starts at zero.

    References
    ----------
    .. [1] B. T. Polyak, "Some methods of speeding up the convergence of
       iteration methods", *USSR Computational Mathematics and Mathematical
       Physics* 4(5), 1-17, 1964.

    Examples
    --------
    Two steps on :math:`f(x, y) = x^2/20 + y^2` from :math:`(-7, 2)`.  By hand:
    :math:`v_1 = -0.1\,(-0.7, 4) = (0.07, -0.4)`, so :math:`\theta_1 = (-6.93, 1.6)`;
    then :math:`g = (-0.693, 3.2)`, :math:`v_2 = 0.9 v_1 - 0.1 g = (0.1323, -0.68)`
    and :math:`\theta_2 = (-6.7977, 0.92)`.

    >>> import numpy as np
    >>> from dlscratch.optim import Momentum
    >>> params = {"x": np.array(-7.0), "y": np.array(2.0)}
    >>> opt = Momentum(lr=0.1, momentum=0.9)
    >>> for _ in range(2):
    ...     grads = {"x": params["x"] / 10, "y": 2 * params["y"]}
    ...     opt.update(params, grads)
    >>> print(f"x = {params['x']:.4f}, y = {params['y']:.4f}")
    x = -6.7977, y = 0.9200
    """

    state_names = ("v",)

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(lr=lr, momentum=momentum)

    scratch_names = ("work",)

    def _step(self, theta, g, v, work):
        v *= self.momentum  # v ← αv − ηg
        v -= np.multiply(self.lr, g, out=work)
        theta += v  # θ ← θ + v


class Nesterov(Optimizer):
    r"""Nesterov's accelerated gradient (NAG): momentum that looks ahead.

    Momentum computes the gradient where the ball is; Nesterov computes it
    where the velocity is about to carry the ball, so it brakes before it
    overshoots.

    .. math::

        \theta &\leftarrow \theta + \alpha^2 v - (1 + \alpha)\, \eta\, g \\
        v &\leftarrow \alpha v - \eta\, g

    Parameters
    ----------
    lr : float, default 0.01
        Learning rate :math:`\eta`, finite and > 0.
    momentum : float, default 0.9
        Momentum coefficient :math:`\alpha` in [0, 1).

    Attributes
    ----------
    v : mapping of str to numpy.ndarray, or None
        Read-only, the book's name: ``None`` before the first update, then a
        read-only mapping from parameter key to a read-only view of the
        velocity :math:`v`.

    Notes
    -----
    Sutskever et al. write NAG with a look-ahead point:
    :math:`v \leftarrow \alpha v - \eta \nabla L(\theta' + \alpha v),\
    \theta' \leftarrow \theta' + v`.  Substituting
    :math:`\theta = \theta' + \alpha v` gives the rule above, in which the
    gradient is taken at the stored parameters themselves, as a network's
    backward pass provides it.  The stored :math:`\theta` is therefore the
    look-ahead point.

    The order matters: :math:`\theta` uses the *old* velocity, then
    :math:`v` is updated.  Some printings of the book's code update
    :math:`v` first; that is a bug, and this class follows the corrected
    order.  PyTorch's ``SGD(nesterov=True)`` uses the same substitution with
    its own velocity scaling (see :class:`Momentum`).

    References
    ----------
    .. [1] Y. Nesterov, "A method for solving the convex programming problem
       with convergence rate O(1/k^2)", *Soviet Mathematics Doklady* 27,
       372-376, 1983.
    .. [2] I. Sutskever, J. Martens, G. Dahl and G. Hinton, "On the importance
       of initialization and momentum in deep learning", *ICML*, 2013.

    Examples
    --------
    Two steps on :math:`f(x, y) = x^2/20 + y^2` from :math:`(-7, 2)`.  By hand:
    with :math:`v = 0`, :math:`\theta_1 = \theta_0 - 1.9 \cdot 0.1\,(-0.7, 4)
    = (-6.867, 1.24)` and :math:`v_1 = (0.07, -0.4)`; then
    :math:`g = (-0.6867, 2.48)`, :math:`\theta_2 = \theta_1 + 0.81 v_1 - 0.19 g
    = (-6.679827, 0.4448)`.

    >>> import numpy as np
    >>> from dlscratch.optim import Nesterov
    >>> params = {"x": np.array(-7.0), "y": np.array(2.0)}
    >>> opt = Nesterov(lr=0.1, momentum=0.9)
    >>> for _ in range(2):
    ...     grads = {"x": params["x"] / 10, "y": 2 * params["y"]}
    ...     opt.update(params, grads)
    >>> print(f"x = {params['x']:.6f}, y = {params['y']:.4f}")
    x = -6.679827, y = 0.4448
    """

    state_names = ("v",)

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(lr=lr, momentum=momentum)

    scratch_names = ("work", "work2")

    def _step(self, theta, g, v, work, work2):
        alpha, eta = self.momentum, self.lr
        step = np.multiply(alpha * alpha, v, out=work)  # θ ← θ + α²v − (1+α)ηg
        step -= np.multiply((1 + alpha) * eta, g, out=work2)
        theta += step
        v *= alpha  # v ← αv − ηg
        v -= np.multiply(eta, g, out=work2)


class AdaGrad(Optimizer):
    r"""AdaGrad: a learning rate per parameter that shrinks where steps were large.

    Each coordinate's step is divided by the root of the sum of all its past
    squared gradients, so steep directions slow down quickly (learning-rate
    decay) and flat ones keep moving.

    .. math::

        h &\leftarrow h + g \odot g \\
        \theta &\leftarrow \theta - \eta\, \frac{g}{\sqrt{h} + \varepsilon}

    Parameters
    ----------
    lr : float, default 0.01
        Learning rate :math:`\eta`, finite and > 0.
    eps : float, default 1e-7
        :math:`\varepsilon`, finite and > 0, keeps the division finite while
        :math:`h = 0`.

    Attributes
    ----------
    h : mapping of str to numpy.ndarray, or None
        Read-only, the book's name: ``None`` before the first update, then a
        read-only mapping from parameter key to a read-only view of the
        sum of squared gradients :math:`h`.

    Notes
    -----
    Because :math:`h` only grows, every coordinate's effective learning rate
    :math:`\eta/(\sqrt{h} + \varepsilon)` only falls, and after many steps
    updates can all but stop; :class:`RMSprop` forgets old gradients to fix
    this.  The book (and Keras) add :math:`\varepsilon` outside the root, as
    here; PyTorch does too, with a default of ``1e-10`` and an optional
    initial value of :math:`h`.  On its first step AdaGrad moves every
    coordinate by almost exactly :math:`\eta`, whatever the gradient's size.

    References
    ----------
    .. [1] J. Duchi, E. Hazan and Y. Singer, "Adaptive subgradient methods for
       online learning and stochastic optimization", *Journal of Machine
       Learning Research* 12, 2121-2159, 2011.

    Examples
    --------
    Two steps on :math:`f(x, y) = x^2/20 + y^2` from :math:`(-7, 2)`.  By hand:
    step 1 moves each coordinate by :math:`\eta = 1.5` against the sign of
    :math:`g`, to :math:`(-5.5, 0.5)`; then :math:`g = (-0.55, 1)`,
    :math:`h = (0.7925, 17)` and
    :math:`\theta_2 = (-5.5 + 0.825/\sqrt{0.7925},\ 0.5 - 1.5/\sqrt{17})
    = (-4.573268, 0.136197)`.

    >>> import numpy as np
    >>> from dlscratch.optim import AdaGrad
    >>> params = {"x": np.array(-7.0), "y": np.array(2.0)}
    >>> opt = AdaGrad(lr=1.5)
    >>> for _ in range(2):
    ...     grads = {"x": params["x"] / 10, "y": 2 * params["y"]}
    ...     opt.update(params, grads)
    >>> print(f"x = {params['x']:.6f}, y = {params['y']:.6f}")
    x = -4.573268, y = 0.136197
    """

    state_names = ("h",)

    def __init__(self, lr: float = 0.01, eps: float = 1e-7) -> None:
        super().__init__(lr=lr, eps=eps)

    scratch_names = ("work", "work2")

    def _step(self, theta, g, h, work, work2):
        h += np.multiply(g, g, out=work)  # h ← h + g⊙g
        denominator = np.sqrt(h, out=work)  # θ ← θ − ηg / (√h + ε)
        denominator += self.eps
        step = np.multiply(self.lr, g, out=work2)
        step /= denominator
        theta -= step


class RMSprop(Optimizer):
    r"""RMSprop: AdaGrad with a memory that fades, so learning never stops.

    Instead of summing every past squared gradient, RMSprop keeps an
    exponential moving average of them: old gradients are forgotten, and a
    coordinate whose gradient becomes small gets larger steps again.

    .. math::

        h &\leftarrow \rho\, h + (1 - \rho)\, g \odot g \\
        \theta &\leftarrow \theta - \eta\, \frac{g}{\sqrt{h} + \varepsilon}

    Parameters
    ----------
    lr : float, default 0.01
        Learning rate :math:`\eta`, finite and > 0.
    decay_rate : float, default 0.99
        :math:`\rho` in [0, 1): the weight of the old average.
    eps : float, default 1e-7
        :math:`\varepsilon`, finite and > 0.

    Attributes
    ----------
    h : mapping of str to numpy.ndarray, or None
        Read-only, the book's name: ``None`` before the first update, then a
        read-only mapping from parameter key to a read-only view of the
        average of squared gradients :math:`h`.

    Notes
    -----
    This is the book's form.  PyTorch calls :math:`\rho` ``alpha`` (default
    0.99) and uses :math:`\varepsilon = 10^{-8}`; Keras calls it ``rho``
    (default 0.9).  Tieleman and Hinton proposed 0.9.  Unlike Adam,
    RMSprop has no bias correction, so while :math:`h` is still close to its
    initial zero the first steps are large: the first one is
    :math:`\eta / \sqrt{1 - \rho}` (10 :math:`\eta` for :math:`\rho = 0.99`)
    per coordinate.

    References
    ----------
    .. [1] T. Tieleman and G. Hinton, "Lecture 6.5 - rmsprop: Divide the
       gradient by a running average of its recent magnitude", COURSERA:
       Neural Networks for Machine Learning, 2012.

    Examples
    --------
    Two steps on :math:`f(x, y) = x^2/20 + y^2` from :math:`(-7, 2)` with
    :math:`\eta = 0.1, \rho = 0.9`.  By hand: :math:`h_1 = 0.1\, g^2`, so the
    first step is :math:`\eta/\sqrt{0.1} = 0.316228` per coordinate, to
    :math:`(-6.683772, 1.683772)`; then :math:`g = (-0.668377, 3.367544)`,
    :math:`h_2 = (0.088773, 2.574035)` and
    :math:`\theta_2 = (-6.459445, 1.473875)`.

    >>> import numpy as np
    >>> from dlscratch.optim import RMSprop
    >>> params = {"x": np.array(-7.0), "y": np.array(2.0)}
    >>> opt = RMSprop(lr=0.1, decay_rate=0.9)
    >>> for _ in range(2):
    ...     grads = {"x": params["x"] / 10, "y": 2 * params["y"]}
    ...     opt.update(params, grads)
    >>> print(f"x = {params['x']:.6f}, y = {params['y']:.6f}")
    x = -6.459445, y = 1.473875
    """

    state_names = ("h",)

    def __init__(self, lr: float = 0.01, decay_rate: float = 0.99, eps: float = 1e-7) -> None:
        super().__init__(lr=lr, decay_rate=decay_rate, eps=eps)

    scratch_names = ("work", "work2")

    def _step(self, theta, g, h, work, work2):
        rho = self.decay_rate
        h *= rho  # h ← ρh + (1−ρ)g⊙g
        h += np.multiply(np.multiply(1 - rho, g, out=work), g, out=work)
        denominator = np.sqrt(h, out=work)  # θ ← θ − ηg / (√h + ε)
        denominator += self.eps
        step = np.multiply(self.lr, g, out=work2)
        step /= denominator
        theta -= step


class Adam(Optimizer):
    r"""Adam: Momentum and RMSprop together, with bias correction.

    Adam keeps a moving average of the gradient (:math:`m`, like Momentum's
    velocity) and of its square (:math:`v`, like RMSprop's :math:`h`), and
    corrects both for starting at zero.

    .. math::

        m &\leftarrow \beta_1 m + (1 - \beta_1)\, g \\
        v &\leftarrow \beta_2 v + (1 - \beta_2)\, g \odot g \\
        \hat m &= m / (1 - \beta_1^t) \\
        \hat v &= v / (1 - \beta_2^t) \\
        \theta &\leftarrow \theta - \eta\, \frac{\hat m}{\sqrt{\hat v} + \varepsilon}

    Parameters
    ----------
    lr : float, default 0.001
        Learning rate :math:`\eta` (the paper's :math:`\alpha`), finite and > 0.
    beta1 : float, default 0.9
        :math:`\beta_1` in [0, 1), decay of the first-moment average.
    beta2 : float, default 0.999
        :math:`\beta_2` in [0, 1), decay of the second-moment average.
    eps : float, default 1e-8
        :math:`\varepsilon`, finite and > 0.

    Attributes
    ----------
    m : mapping of str to numpy.ndarray, or None
        Read-only, the book's name: ``None`` before the first update, then a
        read-only mapping from parameter key to a read-only view of the
        first-moment estimate :math:`m`.
    v : mapping of str to numpy.ndarray, or None
        Read-only, the book's name: ``None`` before the first update, then a
        read-only mapping from parameter key to a read-only view of the
        second-moment estimate :math:`v`.
    iter : int
        Read-only, the book's name for ``t``, the number of updates so far.

    Notes
    -----
    This class follows Algorithm 1 of the paper, as PyTorch and Keras do.
    The book folds the bias correction into the step size,
    :math:`\eta_t = \eta \sqrt{1 - \beta_2^t} / (1 - \beta_1^t)`, and updates
    :math:`\theta \leftarrow \theta - \eta_t\, m / (\sqrt{v} + \varepsilon)`
    with :math:`\varepsilon = 10^{-7}`.  Multiplying out shows that this is
    the paper's rule with an effective
    :math:`\hat\varepsilon = \varepsilon / \sqrt{1 - \beta_2^t}`:

    .. math::

        \eta\, \frac{\hat m}{\sqrt{\hat v} + \hat\varepsilon}
        = \eta_t\, \frac{m}{\sqrt{v} + \hat\varepsilon \sqrt{1 - \beta_2^t}}.

    The two differ only while :math:`\varepsilon` matters, that is, where
    :math:`\sqrt{\hat v}` is tiny.  Because :math:`\hat m = g` and
    :math:`\hat v = g \odot g` at :math:`t = 1`, the first step moves every
    coordinate by almost exactly :math:`\eta` against the sign of its
    gradient.  The step count :math:`t` is shared by all parameters.

    References
    ----------
    .. [1] D. P. Kingma and J. Ba, "Adam: A method for stochastic
       optimization", *ICLR*, 2015.

    Examples
    --------
    Two steps on :math:`f(x, y) = x^2/20 + y^2` from :math:`(-7, 2)` with
    :math:`\eta = 0.3`.  By hand: the first step moves each coordinate by
    0.3, to :math:`(-6.7, 1.7)`.  Then :math:`g = (-0.67, 3.4)`;
    :math:`\hat m = (0.1 g_1 \cdot 0.9 + 0.1 g)/0.19` and
    :math:`\hat v = (0.999 \cdot 0.001\, g_1^2 + 0.001\, g^2)/0.001999`, which
    give :math:`\theta_2 = (-6.400414, 1.402245)`.

    >>> import numpy as np
    >>> from dlscratch.optim import Adam
    >>> params = {"x": np.array(-7.0), "y": np.array(2.0)}
    >>> opt = Adam(lr=0.3)
    >>> for _ in range(2):
    ...     grads = {"x": params["x"] / 10, "y": 2 * params["y"]}
    ...     opt.update(params, grads)
    >>> print(f"x = {params['x']:.6f}, y = {params['y']:.6f}")
    x = -6.400414, y = 1.402245
    """

    state_names = ("m", "v")

    def __init__(
        self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        super().__init__(lr=lr, beta1=beta1, beta2=beta2, eps=eps)

    @property
    def iter(self) -> int:
        """The book's name for ``t``, the number of updates so far (read-only)."""
        return self.t

    scratch_names = ("work", "work2")

    def _step(self, theta, g, m, v, work, work2):
        beta1, beta2, t = self.beta1, self.beta2, self.t
        m *= beta1  # m ← β₁m + (1−β₁)g
        m += np.multiply(1 - beta1, g, out=work)
        v *= beta2  # v ← β₂v + (1−β₂)g⊙g
        v += np.multiply(np.multiply(1 - beta2, g, out=work), g, out=work)
        m_hat = np.divide(m, 1 - beta1**t, out=work)  # m̂ = m / (1−β₁ᵗ)
        v_hat = np.divide(v, 1 - beta2**t, out=work2)  # v̂ = v / (1−β₂ᵗ)
        denominator = np.sqrt(v_hat, out=v_hat)  # θ ← θ − ηm̂ / (√v̂ + ε)
        denominator += self.eps
        step = np.multiply(self.lr, m_hat, out=m_hat)
        step /= denominator
        theta -= step
