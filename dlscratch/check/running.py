"""Calling a reader's code safely: a time limit, exceptions turned into findings, names read.

The checker calls the reader's methods only through :func:`call`, which stops
a call that runs too long and turns any exception into a :class:`Finding`
that names the most likely mistake.  :func:`static_findings` reads the
methods' bytecode for the mistakes that can be seen without running them: a
hyperparameter read as a global name instead of an attribute, and a body that
reads a name other than the argument it declares.
"""

from __future__ import annotations

import builtins
import difflib
import dis
import inspect
import re
import sys
import time
import traceback
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dlscratch.i18n import tr

__all__ = ["CheckTimeout", "Finding", "call", "check_class", "static_findings"]

# The names a method reaches through self in the book's classes: hyperparameters and state.
SELF_NAMES = frozenset(
    {"lr", "momentum", "decay_rate", "beta1", "beta2", "eps", "iter", "v", "h", "m"}
    | {"W", "b", "x", "mask", "out", "y", "t", "gamma", "beta", "dropout_ratio", "xc", "std"}
)
# The arguments of the book's methods, which a misspelt signature leaves undefined.
ARGUMENT_NAMES = frozenset({"params", "grads", "x", "dout", "t", "train_flg"})
_PACKAGE = Path(__file__).resolve().parents[1]


class CheckTimeout(BaseException):
    """Raised inside the reader's code when a call exceeds the time limit.

    A ``BaseException``, so that a reader's ``except Exception:`` cannot
    swallow it.
    """


@dataclass(frozen=True)
class Finding:
    """One mistake found, with where it shows.

    Attributes
    ----------
    mistake : str
        An id of :data:`~dlscratch.check.MISTAKES`.
    where : str
        What was being run: a problem's or a call's description.
    step : int or None
        The update (from 1) at which the values part, for optimizers.
    key : str or None
        The key of ``params``, or the output or attribute, where they part.
    index : tuple or None
        The element where they part first.
    expected, got : float or None
        The reference's value and the reader's there.
    detail : str
        More about this occurrence: an exception's message and line, a name.
    """

    mistake: str
    where: str = ""
    step: int | None = None
    key: str | None = None
    index: tuple | None = None
    expected: float | None = None
    got: float | None = None
    detail: str = ""


def check_class(name: str, value: object) -> None:
    """Refuse anything but a class, with a hint when an instance was passed."""
    if not isinstance(value, type):
        hint = (
            f" (pass the class {type(value).__name__}, not an instance)"
            if hasattr(value, "__dict__")
            else ""
        )
        raise TypeError(f"{name} must be a class, got {type(value).__name__}{hint}")


def check_like(like: object, names) -> str:
    """Refuse a ``like`` that is not one of ``names``, the references a check knows."""
    if not isinstance(like, str):
        raise TypeError(f"like must be a string, got {type(like).__name__}")
    if like not in names:
        raise ValueError(f"like must be one of {', '.join(names)}, got {like!r}")
    return like


def call(function: Callable, *args, time_limit: float, where: str, **kwargs):
    """Call ``function``; return ``(result, None)`` or ``(None, finding)`` if it failed.

    A call still running after ``time_limit`` seconds is stopped at its next
    line of Python.  A single long NumPy operation cannot be interrupted, but
    ends by itself.
    """
    deadline = time.monotonic() + time_limit

    def stop_when_late(frame, event, arg):
        if time.monotonic() > deadline:
            raise CheckTimeout
        return stop_when_late

    previous = sys.gettrace()
    sys.settrace(stop_when_late)
    try:
        return function(*args, **kwargs), None
    except CheckTimeout:
        detail = f"{_name_of(function)}: > {time_limit:g} s"
        return None, Finding("time-limit", where=where, detail=detail)
    except Exception as error:  # the reader's code may raise anything
        return None, explain_exception(error, function, where)
    finally:
        sys.settrace(previous)


def explain_exception(error: Exception, function: Callable, where: str) -> Finding:
    """A finding for an exception raised by the reader's code, with its line."""
    line = _readers_line(error)
    message = f"{type(error).__name__}: {error}" + (f" ({line})" if line else "")
    if isinstance(error, NameError) and error.name is not None:
        name = error.name
        if name in SELF_NAMES:
            return Finding("missing-self", where=where, key=name, detail=message)
        declared = _arguments(function)
        if name in ARGUMENT_NAMES or difflib.get_close_matches(name, declared, cutoff=0.6):
            return Finding("misspelt-argument", where=where, key=name, detail=message)
    return Finding("raises", where=where, detail=message)


def static_findings(cls: type, method_names: tuple[str, ...]) -> list[Finding]:
    """Mistakes visible in the bytecode of ``cls``'s methods, before running them.

    A global name that is one of the book's attributes (``lr`` for
    ``self.lr``) is a missing ``self.``; a global name that is an argument
    of the book's method, or close to an argument the method declares, is a
    misspelt argument.  Names bound to a function, class or module are left
    alone: those are helpers, not mistakes.
    """
    findings = []
    for method_name in method_names:
        method = inspect.getattr_static(cls, method_name, None)
        if not isinstance(method, types.FunctionType):
            continue
        declared = _arguments(method)
        where = f"{cls.__name__}.{method_name}"
        for name in sorted(_global_names(method.__code__)):
            value = method.__globals__.get(name, None)
            helper = callable(value) or isinstance(value, types.ModuleType)
            if helper or name in declared or hasattr(builtins, name):
                continue
            close = difflib.get_close_matches(name, declared, n=1, cutoff=0.6)
            if name in ARGUMENT_NAMES or close:
                said = tr(
                    "{signature} reads {name!r}",
                    signature=f"{method_name}({', '.join(['self', *declared])})",
                    name=name,
                )
                findings.append(Finding("misspelt-argument", where=where, key=name, detail=said))
            elif name in SELF_NAMES:
                said = tr("{method} reads {name!r}, not self.{name}", method=method_name, name=name)
                findings.append(Finding("missing-self", where=where, key=name, detail=said))
    return findings


def _global_names(code: types.CodeType) -> set[str]:
    """Names that ``code`` and the functions and comprehensions inside it read as globals."""
    names = {
        instruction.argval
        for instruction in dis.get_instructions(code)
        if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME")
    }
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names |= _global_names(constant)
    return names


def _arguments(function: Callable) -> list[str]:
    """The declared arguments of a method, without ``self``."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return []
    return [name for name in parameters if name != "self"]


def _name_of(function: Callable) -> str:
    return getattr(function, "__qualname__", getattr(function, "__name__", repr(function)))


def _readers_line(error: Exception) -> str:
    """``file, line N: source`` of the innermost frame outside dlscratch and NumPy."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename)
        inside_numpy = re.search(r"[/\\]numpy[/\\]", frame.filename)
        if _PACKAGE in path.resolve().parents or inside_numpy:
            continue
        source = f": {frame.line.strip()}" if frame.line else ""
        return f"{path.name}, line {frame.lineno}, in {frame.name}{source}"
    return ""
