"""The numbers under the figures: tables for the gallery, and reports in sentences.

Each table holds strings, ``header``, ``rows`` and ``caption``, that the
gallery shows as HTML and ``print`` as plain text: :class:`ComparisonTable`
and :class:`SeedTable` for the optimizers on MNIST, :class:`NetworkTable` for
the networks of section 6.2, :class:`OverfittingTable` and
:class:`SearchTable` for sections 6.4 and 6.5.  :func:`spread_report` and
:func:`sweep_report` say in sentences what the seeds and the learning rates
change.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np

from dlscratch.i18n import tr
from dlscratch.plotting.curves import data_label


class _Table:
    """A table of strings, ``header``, ``rows`` and ``caption``, for the gallery.

    sphinx-gallery shows the ``_repr_html_`` of a cell's last expression;
    printed, the table is plain text.
    """

    header: list[str]
    rows: list[list[str]]
    caption: str

    def __repr__(self) -> str:
        lines = [" | ".join(self.header)]
        lines += [" | ".join(row) for row in self.rows]
        return "\n".join([self.caption, *lines])

    def _repr_html_(self) -> str:
        from html import escape

        head = "".join(f"<th>{escape(cell)}</th>" for cell in self.header)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
            for row in self.rows
        )
        return (
            f'<table class="dlscratch-results"><caption>{escape(self.caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )


def _run_cells(run, last: int, train: float, test: float) -> list[str]:
    """Mean loss of the last iterations and the two accuracies, or where the run diverged."""
    if run.diverged_at is not None:
        return [tr("diverged at iteration {k}", k=run.diverged_at + 1), "—", "—"]
    return [f"{np.mean(run.losses[-last:]):.4f}", f"{train:.2%}", f"{test:.2%}"]


class ComparisonTable(_Table):
    """The numbers under the MNIST figure, as an HTML table in the gallery.

    Parameters
    ----------
    comparison : dlscratch.experiments.Comparison
        The result to summarise.
    last : int, default 100
        The final loss is the mean over this many last iterations.

    Examples
    --------
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import compare_optimizers
    >>> from dlscratch.plotting import ComparisonTable
    >>> result = compare_optimizers(load_mnist(source="bundled"), ["SGD"],
    ...                             iterations=20, progress=None)
    >>> table = ComparisonTable(result, last=10)
    >>> table.header[:2], table.rows[0][0]
    (['optimizer', 'mean loss, last 10 iterations'], 'SGD')
    """

    def __init__(self, comparison, last: int = 100) -> None:
        self.header = [
            tr("optimizer"),
            tr("mean loss, last {n} iterations", n=last),
            tr("train accuracy"),
            tr("test accuracy"),
            tr("training time (s)"),
        ]
        self.rows = []
        for name, run in comparison.runs.items():
            cells = _run_cells(run, last, run.train_accuracy, run.test_accuracy)
            self.rows.append([name, *cells, f"{run.seconds:.1f}"])
        # Seconds depend on the computer: on the site, that is the one that built the page.
        timing = tr("Training times were measured on the computer that ran the training.")
        self.caption = f"{data_label(comparison)}. {timing}"


def _range_text(values: np.ndarray, fmt: str) -> str:
    """``"mean (min–max)"`` of the finite values, e.g. ``"93.4 % (93.1–93.7)"``."""
    finite = values[np.isfinite(values)]
    if len(finite) == 0:
        return "—"
    return f"{format(finite.mean(), fmt)} ({format(finite.min(), fmt)}–{format(finite.max(), fmt)})"


class SeedTable(_Table):
    """Mean and range over the seeds of each optimizer's final loss and test accuracy.

    Parameters
    ----------
    study : dlscratch.experiments.SeedStudy
        The runs to summarise.
    last : int, default 100
        The final loss is the mean over this many last iterations.

    Examples
    --------
    >>> import tempfile
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import compare_over_seeds
    >>> from dlscratch.plotting import SeedTable
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     study = compare_over_seeds(load_mnist(source="bundled"), ["SGD"],
    ...                                seeds=[0, 1], iterations=20, cache_dir=folder)
    >>> table = SeedTable(study, last=10)
    >>> table.header[0], table.rows[0][0]
    ('optimizer', 'SGD')
    """

    def __init__(self, study, last: int = 100) -> None:
        self.header = [
            tr("optimizer"),
            tr("mean loss, last {n} iterations", n=last),
            tr("test accuracy"),
            tr("diverged runs"),
        ]
        self.rows = [
            [
                name,
                _range_text(study.final_losses(name, last), ".4f"),
                _range_text(study.test_accuracies(name) * 100, ".1f"),
                f"{study.diverged(name)} / {len(study.seeds)}",
            ]
            for name in study.names
        ]
        self.caption = tr(
            "Mean over {n} seeds, lowest and highest in parentheses; accuracy in percent.",
            n=len(study.seeds),
        )


def spread_report(study, last: int = 100) -> str:
    """Say, for each pair of optimizers, whether their difference exceeds the seeds' spread.

    Two optimizers are told apart when the ranges of their values over the
    seeds (lowest to highest) do not overlap: every seed of one is better
    than every seed of the other.

    Parameters
    ----------
    study : dlscratch.experiments.SeedStudy
    last : int, default 100
        The final loss is the mean over this many last iterations.

    Returns
    -------
    str
        One line per pair and measure, in the current :func:`~dlscratch.i18n.language`.

    Examples
    --------
    >>> import tempfile
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import compare_over_seeds
    >>> from dlscratch.plotting import spread_report
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     study = compare_over_seeds(load_mnist(source="bundled"), ["SGD", "Adam"],
    ...                                seeds=[0, 1], iterations=30, cache_dir=folder)
    >>> print(spread_report(study, last=10).splitlines()[0].split(":")[0])
    Final loss, Adam vs SGD
    """
    measures = [
        ("Final loss", lambda name: study.final_losses(name, last), ".4f", False),
        ("Test accuracy (%)", lambda name: study.test_accuracies(name) * 100, ".1f", True),
    ]
    lines = []
    for measure, values_of, fmt, higher_is_better in measures:
        values = {name: values_of(name) for name in study.names}
        finite = {name: v[np.isfinite(v)] for name, v in values.items()}
        ranked = sorted(
            (name for name in study.names if len(finite[name])),
            key=lambda name: finite[name].mean(),
            reverse=higher_is_better,
        )
        for better, worse in itertools.combinations(ranked, 2):
            a, b = finite[better], finite[worse]
            apart = a.min() > b.max() if higher_is_better else a.max() < b.min()
            verdict = (
                "beyond the seed-to-seed spread" if apart else "within the seed-to-seed spread"
            )
            lines.append(
                tr(
                    "{measure}, {better} vs {worse}: {a} vs {b}, {verdict}",
                    measure=tr(measure),
                    better=better,
                    worse=worse,
                    a=_range_text(values[better], fmt),
                    b=_range_text(values[worse], fmt),
                    verdict=tr(verdict),
                )
            )
    return "\n".join(lines)


def sweep_report(study, book_rates: Mapping[str, float]) -> str:
    """Say each method's best learning rate, and how the ranking changes there.

    The best η is :meth:`~dlscratch.experiments.SeedStudy.best_learning_rate`:
    the highest mean test accuracy over the seeds among the settings where no
    seed diverged.  A method that diverged at every η has no best: its line
    says so, and the rankings leave it out.

    Parameters
    ----------
    study : dlscratch.experiments.SeedStudy
        From :func:`dlscratch.experiments.learning_rate_sweep`.
    book_rates : mapping of str to float
        Each method's learning rate in the book (one of the swept rates).

    Returns
    -------
    str
        One sentence per method, then the ranking at the book's rates and at
        the best ones, in the current :func:`~dlscratch.i18n.language`.

    Examples
    --------
    >>> import tempfile
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import learning_rate_sweep
    >>> from dlscratch.plotting import sweep_report
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     study = learning_rate_sweep(load_mnist(source="bundled"), {"SGD": [0.01, 0.1]},
    ...                                 seeds=[0], iterations=30, cache_dir=folder)
    >>> print(sweep_report(study, {"SGD": 0.01}).splitlines()[0][:22])
    SGD: best η = 0.1, tes
    """

    def accuracy(method, lr):
        return study.test_accuracies(study.sweep_label(method, lr)).mean() * 100

    lines, at_book, at_best = [], {}, {}
    for method in study.learning_rates:
        best, book = study.best_learning_rate(method), book_rates[method]
        if best is None:
            lines.append(tr("{method}: every η diverged", method=method))
            continue
        at_book[method], at_best[method] = accuracy(method, book), accuracy(method, best)
        lines.append(
            tr(
                "{method}: best η = {best:.3g}, test accuracy {best_acc:.1f} % "
                "(at the book's η = {book:.3g}: {book_acc:.1f} %)",
                method=method, best=best, best_acc=at_best[method],
                book=book, book_acc=at_book[method],
            )
        )  # fmt: skip
    for key, values in (
        ("Ranking by test accuracy at the book's η: {order}", at_book),
        ("Ranking by test accuracy at each method's best η: {order}", at_best),
    ):
        order = " > ".join(sorted(values, key=values.get, reverse=True))
        lines.append(tr(key, order=order))
    return "\n".join(lines)


class NetworkTable(_Table):
    """The numbers under a comparison of networks, as an HTML table in the gallery.

    Parameters
    ----------
    comparison : dlscratch.experiments.NetworkComparison
        The result to summarise.
    last : int, default 100
        The final loss is the mean over this many last iterations.

    Examples
    --------
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import compare_networks
    >>> from dlscratch.nn import MultiLayerNet
    >>> from dlscratch.optim import SGD
    >>> from dlscratch.plotting import NetworkTable
    >>> nets = {"He": MultiLayerNet(784, [20], 10, seed=0)}
    >>> result = compare_networks(load_mnist(source="bundled"), nets, SGD(), iterations=20)
    >>> NetworkTable(result, last=10).header[:2]
    ['initial weights', 'mean loss, last 10 iterations']
    """

    def __init__(self, comparison, last: int = 100) -> None:
        self.header = [
            tr("initial weights"),
            tr("mean loss, last {n} iterations", n=last),
            tr("train accuracy"),
            tr("test accuracy"),
        ]
        self.rows = [
            [name, *_run_cells(run, last, run.train_accuracy[-1], run.test_accuracy[-1])]
            for name, run in comparison.runs.items()
        ]
        self.caption = data_label(comparison)


class OverfittingTable(_Table):
    """The numbers under :func:`overfitting_figure`, as an HTML table in the gallery.

    Parameters
    ----------
    histories : mapping of str to dlscratch.experiments.TrainingHistory
        As for :func:`overfitting_figure`.
    caption : str
        What was trained on, e.g. the number of images.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.experiments import TrainingHistory
    >>> from dlscratch.plotting import OverfittingTable
    >>> run = TrainingHistory(np.ones(3), np.array([0.5, 0.8, 1.0]),
    ...                       np.array([0.4, 0.6, 0.7]), 0.7, None, 1.0)
    >>> OverfittingTable({"plain": run}, "300 images").rows
    [['plain', '100.0%', '70.0%', '30.0%', '70.0% (3)']]
    """

    def __init__(self, histories: Mapping[str, object], caption: str) -> None:
        self.header = [
            tr("setting"),
            tr("train accuracy"),
            tr("test accuracy"),
            tr("gap"),
            tr("best test accuracy (epoch)"),
        ]
        self.rows = []
        for label, run in histories.items():
            if run.diverged_at is not None:
                diverged = tr("diverged at iteration {k}", k=run.diverged_at + 1)
                self.rows.append([label, diverged, "—", "—", "—"])
                continue
            best = int(np.nanargmax(run.test_accuracy))
            self.rows.append([
                label,
                f"{run.train_accuracy[-1]:.1%}",
                f"{run.test_accuracy[-1]:.1%}",
                f"{run.gap[-1]:.1%}",
                f"{run.test_accuracy[best]:.1%} ({best + 1})",
            ])  # fmt: skip
        self.caption = caption


class SearchTable(_Table):
    """The best trials of a random search, as an HTML table in the gallery.

    Parameters
    ----------
    result : dlscratch.experiments.SearchResult
        The search.
    best : int, default 10
        How many trials to list, best first.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.experiments import SearchResult
    >>> from dlscratch.plotting import SearchTable
    >>> curves = np.array([[0.2, 0.4], [0.3, 0.6]])
    >>> result = SearchResult(np.array([1e-3, 1e-2]), np.array([1e-6, 1e-5]), curves,
    ...                       curves, np.array([0.45, 0.55]), [None, None],
    ...                       np.array([1, 2]), {})
    >>> SearchTable(result).rows[0]
    ['1', '1.0e-02', '1.0e-05', '60.0%', '55.0%']
    """

    def __init__(self, result, best: int = 10) -> None:
        self.header = [
            tr("rank"),
            tr("learning rate η"),
            tr("weight decay λ"),
            tr("validation accuracy"),
            tr("test accuracy"),
        ]
        self.rows = [
            [
                str(rank),
                f"{result.learning_rates[i]:.1e}",
                f"{result.weight_decays[i]:.1e}",
                f"{result.final_validation_accuracy[i]:.1%}",
                f"{result.test_accuracy[i]:.1%}",
            ]
            for rank, i in enumerate(result.ranking()[:best], start=1)
        ]
        s = result.settings
        self.caption = (
            tr("{trials} trials; {n_train} training and {n_validation} validation images",
               trials=len(result.learning_rates), n_train=s.get("n_train", "?"),
               n_validation=s.get("n_validation", "?"))
            if s else ""
        )  # fmt: skip
