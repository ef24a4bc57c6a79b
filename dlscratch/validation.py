"""The input checks that dlscratch's modules share.

Every check names the argument and raises one kind of exception per kind of
mistake: :class:`TypeError` when the value has the wrong type (a string, a
``bool`` where a number is meant), :class:`ValueError` when the type is right
but the value is not (a negative count, a learning rate of zero).  Each returns
the value in the type the caller computes with.

Examples
--------
>>> import numpy as np
>>> from dlscratch.validation import positive_int, seed_generator
>>> positive_int("batch_size", 128)
128
>>> positive_int("batch_size", 0)
Traceback (most recent call last):
    ...
ValueError: batch_size must be a positive integer, got 0
>>> positive_int("batch_size", 12.0)
Traceback (most recent call last):
    ...
TypeError: batch_size must be a positive integer, got float 12.0
>>> seed_generator("seed", 0).random() == np.random.default_rng(0).random()
True
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "non_negative",
    "non_negative_int",
    "positive_finite",
    "positive_int",
    "real_number",
    "seed_generator",
    "unit_interval",
]


def _is_integer(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def positive_int(name: str, value: object) -> int:
    """``value`` as an ``int`` > 0 (a count, a size, a number of steps)."""
    if not _is_integer(value):
        raise TypeError(f"{name} must be a positive integer, got {type(value).__name__} {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def non_negative_int(name: str, value: object) -> int:
    """``value`` as an ``int`` >= 0 (a seed of an experiment, an index)."""
    if not _is_integer(value):
        raise TypeError(f"{name} must be an integer >= 0, got {type(value).__name__} {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be an integer >= 0, got {value!r}")
    return int(value)


def real_number(name: str, value: object) -> float:
    """``value`` as a ``float``, if it is a real number (a ``bool`` is not)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    return float(value)


def positive_finite(name: str, value: object) -> float:
    """``value`` as a finite ``float`` > 0 (a learning rate, an ε)."""
    number = real_number(name, value)
    if not (math.isfinite(number) and number > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return number


def non_negative(name: str, value: object) -> float:
    """``value`` as a finite ``float`` >= 0 (a weight decay λ)."""
    number = real_number(name, value)
    if not (math.isfinite(number) and number >= 0):
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return number


def unit_interval(name: str, value: object) -> float:
    """``value`` as a ``float`` in [0, 1) (a momentum, a decay rate, a dropout ratio)."""
    number = real_number(name, value)
    if not 0 <= number < 1:  # also refuses NaN
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return number


def seed_generator(name: str, seed: object) -> np.random.Generator:
    """A random generator from ``None``, an ``int`` >= 0 or a :class:`numpy.random.Generator`.

    A generator is used as it is, so that its stream continues where it was.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is not None and not _is_integer(seed):
        raise TypeError(
            f"{name} must be None, an int or a numpy.random.Generator, got {type(seed).__name__}"
        )
    if seed is not None and seed < 0:
        raise ValueError(f"{name} must be an integer >= 0, got {seed!r}")
    return np.random.default_rng(seed)
