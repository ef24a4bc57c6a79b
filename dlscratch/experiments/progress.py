"""The progress lines of the comparisons, in the language of :func:`dlscratch.i18n.language`.

A comparison read from the cache prints the same lines as one that trained
(the stored run's log is replayed), so a page shows the same output either way.
"""

from __future__ import annotations

import numbers

from dlscratch.i18n import tr

__all__ = ["checked_log_every", "is_logged", "iteration_line", "summary_line"]


def checked_log_every(log_every: object) -> int:
    """``log_every`` as an int, 0 meaning never; raise if it is not None or an int >= 0."""
    if log_every is None:
        return 0
    if isinstance(log_every, bool) or not isinstance(log_every, numbers.Integral) or log_every < 0:
        raise ValueError(f"log_every must be None or an integer >= 0, got {log_every!r}")
    return int(log_every)


def is_logged(i: int, log_every: int) -> bool:
    """Whether iteration ``i`` (0-based) gets a progress line."""
    return log_every > 0 and (i + 1) % log_every == 0


def iteration_line(name: str, i: int, iterations: int, loss: float) -> str:
    """The loss of iteration ``i`` (0-based) of the run ``name``."""
    return tr(
        "{name:>9}  iteration {i:>5}/{iterations}  loss {loss:.4f}",
        name=name, i=i + 1, iterations=iterations, loss=loss,
    )  # fmt: skip


def summary_line(
    name: str, seconds: float, train: float, test: float, diverged_at: int | None
) -> str:
    """How a run ended: its time and final accuracies, or the iteration where it diverged."""
    if diverged_at is not None:
        return tr(
            "{name:>9}  diverged at iteration {k}: its loss or gradient was no longer finite",
            name=name, k=diverged_at + 1,
        )  # fmt: skip
    return tr(
        "{name:>9}  trained in {seconds:.2f} s: train accuracy {train:.4f}, "
        "test accuracy {test:.4f}",
        name=name, seconds=seconds, train=train, test=test,
    )  # fmt: skip
