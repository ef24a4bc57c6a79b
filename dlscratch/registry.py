"""The one list of the six optimizers: name, class, line style and the book's use of each.

Everything that needs to know which optimizers exist reads it from here: the
``Trainer``'s names (``optimizer="adagrad"``), the MNIST comparison's four
optimizers, the colour, marker and dash pattern of each in every figure, and
the explorer's data.

The colours stay apart for readers with any of the three kinds of colour
blindness, and each optimizer also has its own marker and dash pattern, so its
line is told apart by shape as well as by colour.

Examples
--------
>>> from dlscratch.registry import OPTIMIZERS, optimizer_entry
>>> list(OPTIMIZERS)
['SGD', 'Momentum', 'Nesterov', 'AdaGrad', 'RMSprop', 'Adam']
>>> optimizer_entry("rmsprop").cls.__name__, OPTIMIZERS["Adam"].color
('RMSprop', '#a5433d')
>>> OPTIMIZERS["Adam"].marker, OPTIMIZERS["Adam"].linestyle
('D', (0, (5.0, 1.5, 1.0, 1.5, 1.0, 1.5)))
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
        Its colour, ``"#rrggbb"``, the same in every figure and in the explorer.
    marker : str
        Its matplotlib marker, one of ``"o"``, ``"^"``, ``"v"``, ``"s"``,
        ``"P"`` and ``"D"``; the explorer draws the same shapes.
    dash : tuple of float
        Its dash pattern: lengths of dash, gap, dash, gap, ... in multiples
        of the line's width; ``()`` for a solid line.
    in_book_comparison : bool
        Whether the book's scripts compare it (SGD, Momentum, AdaGrad and
        Adam, in ``optimizer_compare_naive.py`` and
        ``optimizer_compare_mnist.py``).  Those four train with their
        default hyperparameters in the MNIST comparison, as in the book.
    """

    name: str
    cls: type[Optimizer]
    color: str
    marker: str
    dash: tuple[float, ...]
    in_book_comparison: bool

    @property
    def linestyle(self) -> str | tuple[float, tuple[float, ...]]:
        """The dash pattern as matplotlib's ``linestyle``: ``"-"`` or ``(0, dash)``.

        Matplotlib multiplies the lengths by the line's width, as
        ``explorer.js`` does on its canvas.
        """
        return (0, self.dash) if self.dash else "-"

    def make(self, **hyperparameters: float) -> Optimizer:
        """A new instance; the class's defaults, which are the book's, for what is not given."""
        return self.cls(**hyperparameters)


# The colours start from Okabe & Ito's and Paul Tol's colour-blind-safe sets and were moved
# to keep the six as far apart as possible (CAM02-UCS distance) in normal vision and in
# simulated deuteranopia, protanopia and tritanopia, while each keeps a contrast of at least
# 3:1 against both white figures and the site's dark theme (WCAG 1.4.11); tests/test_palette.py
# measures both.  Within those bounds six colours cannot be far apart, hence the markers and
# dashes.  SGD, AdaGrad and Adam keep the book's markers (o, s, D); its Momentum "x" would be
# taken for the cross the figures draw where a run diverged.
#: The six optimizers of section 6.1, in the book's order.
OPTIMIZERS: dict[str, OptimizerEntry] = {
    entry.name: entry
    for entry in (
        OptimizerEntry("SGD", SGD, "#2761bb", "o", (), True),
        OptimizerEntry("Momentum", Momentum, "#00a777", "^", (5.0, 2.0), True),
        OptimizerEntry("Nesterov", Nesterov, "#8d5d74", "v", (1.0, 1.6), False),
        OptimizerEntry("AdaGrad", AdaGrad, "#7d9201", "s", (5.0, 1.5, 1.0, 1.5), True),
        OptimizerEntry("RMSprop", RMSprop, "#ce71b2", "P", (2.5, 1.5), False),
        OptimizerEntry("Adam", Adam, "#a5433d", "D", (5.0, 1.5, 1.0, 1.5, 1.0, 1.5), True),
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
