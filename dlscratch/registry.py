"""The one list of the six optimizers: name, class, colour and the book's use of each.

Everything that needs to know which optimizers exist reads it from here: the
``Trainer``'s names (``optimizer="adagrad"``), the MNIST comparison's four
optimizers, the colour of each in every figure, and the explorer's data.

Examples
--------
>>> from dlscratch.registry import OPTIMIZERS, optimizer_entry
>>> list(OPTIMIZERS)
['SGD', 'Momentum', 'Nesterov', 'AdaGrad', 'RMSprop', 'Adam']
>>> optimizer_entry("rmsprop").cls.__name__, OPTIMIZERS["Adam"].color
('RMSprop', '#d62728')
>>> [name for name, entry in OPTIMIZERS.items() if entry.in_book_comparison]
['SGD', 'Momentum', 'AdaGrad', 'Adam']
"""

from __future__ import annotations

from dataclasses import dataclass

from dlscratch.optim import SGD, AdaGrad, Adam, Momentum, Nesterov, Optimizer, RMSprop

__all__ = ["OPTIMIZERS", "OptimizerEntry", "optimizer_entry"]


@dataclass(frozen=True)
class OptimizerEntry:
    """One optimizer of the registry.

    Attributes
    ----------
    name : str
        The book's class name, e.g. ``"AdaGrad"``.
    cls : type
        dlscratch's class, a subclass of :class:`~dlscratch.optim.Optimizer`.
    color : str
        Its colour, the same in every figure and in the explorer.
    in_book_comparison : bool
        Whether the book's scripts compare it (SGD, Momentum, AdaGrad and
        Adam, in ``optimizer_compare_naive.py`` and
        ``optimizer_compare_mnist.py``).  Those four train with their
        default hyperparameters in the MNIST comparison, as in the book.
    """

    name: str
    cls: type[Optimizer]
    color: str
    in_book_comparison: bool

    def make(self, **hyperparameters: float) -> Optimizer:
        """A new instance; the class's defaults, which are the book's, for what is not given."""
        return self.cls(**hyperparameters)


#: The six optimizers of section 6.1, in the book's order.
OPTIMIZERS: dict[str, OptimizerEntry] = {
    entry.name: entry
    for entry in (
        OptimizerEntry("SGD", SGD, "#1f77b4", True),
        OptimizerEntry("Momentum", Momentum, "#ff7f0e", True),
        OptimizerEntry("Nesterov", Nesterov, "#8c564b", False),
        OptimizerEntry("AdaGrad", AdaGrad, "#2ca02c", True),
        OptimizerEntry("RMSprop", RMSprop, "#9467bd", False),
        OptimizerEntry("Adam", Adam, "#d62728", True),
    )
}


def optimizer_entry(name: str) -> OptimizerEntry:
    """Look an optimizer up by name in any case, as the book's ``Trainer`` does.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If no optimizer has that name; the message lists the names.
    """
    if not isinstance(name, str):
        raise TypeError(f"an optimizer's name must be a string, got {type(name).__name__}")
    for entry in OPTIMIZERS.values():
        if entry.name.lower() == name.lower():
            return entry
    names = ", ".join(repr(key) for key in OPTIMIZERS)
    # The Korean edition's Trainer spells the key 'rmsprpo'; say which spelling works here.
    hint = "; RMSprop is spelled 'rmsprop'" if name.lower() == "rmsprpo" else ""
    raise ValueError(f"optimizer must be one of {names}, got {name!r}{hint}")
