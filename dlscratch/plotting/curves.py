"""Figures of the MNIST training curves: optimizers, seeds and learning rates (section 6.1).

:func:`loss_curves_figure` draws one training of each optimizer,
:func:`seed_spread_figure` several seeds of each, and
:func:`learning_rate_figure` the results of a sweep over the learning rate.
:func:`training_loss_figure` is the figure of :func:`loss_curves_figure`,
also used for the networks of section 6.2, and :func:`data_label` says which
MNIST data a comparison was trained on.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np

from dlscratch.i18n import tr
from dlscratch.plotting import descriptions as say
from dlscratch.plotting.descriptions import describe
from dlscratch.plotting.style import OPTIMIZER_COLORS, apply_style, optimizer_style, spread_markers


def data_label(comparison) -> str:
    """Say which MNIST data ``comparison`` was trained on, for a figure's title or a caption.

    Parameters
    ----------
    comparison : dlscratch.experiments.Comparison or dlscratch.experiments.NetworkComparison
        A result whose ``data_info`` tells the source and the numbers of images.

    Returns
    -------
    str
        In the current :func:`~dlscratch.i18n.language`; ``comparison.data_source``
        when ``data_info`` does not give the numbers of images.
    """
    info = comparison.data_info or {}
    if "n_train" not in info:
        return comparison.data_source
    template = (
        "full MNIST ({n_train:,} training / {n_test:,} test images)"
        if info.get("source") == "full"
        else "bundled MNIST subset ({n_train:,} training / {n_test:,} test images)"
    )
    return tr(template, n_train=info["n_train"], n_test=info["n_test"])


_LOSS_TOP = 2.5  # the loss of a network that guesses among ten digits is ln 10 ≈ 2.3


def loss_curves_figure(comparison, window: int = 51):
    """Plot each optimizer's training loss per iteration: faint raw, bold smoothed.

    Parameters
    ----------
    comparison : dlscratch.experiments.Comparison
        The result of :func:`dlscratch.experiments.compare_optimizers`.
    window : int, default 51
        Width of the moving average (see
        :func:`dlscratch.experiments.moving_average`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import compare_optimizers
    >>> from dlscratch.plotting import loss_curves_figure
    >>> result = compare_optimizers(load_mnist(source="bundled"), ["SGD", "Adam"],
    ...                             iterations=20, progress=None)
    >>> fig = loss_curves_figure(result, window=5)
    >>> fig.axes[0].get_legend().get_texts()[1].get_text()
    'Adam'
    """
    colors = [OPTIMIZER_COLORS.get(name) for name in comparison.runs]
    n = len(comparison.runs)
    styles = [optimizer_style(name, spread_markers(i, n)) for i, name in enumerate(comparison.runs)]
    return training_loss_figure(comparison, colors, tr("optimizer"), window, styles)


def training_loss_figure(comparison, colors, legend_title: str, window: int, styles=None):
    """Plot each run's training loss per iteration, faint raw and bold smoothed, in ``colors``.

    The figure of :func:`loss_curves_figure` and of
    :func:`~dlscratch.plotting.network_loss_figure`.

    Parameters
    ----------
    comparison : dlscratch.experiments.Comparison or dlscratch.experiments.NetworkComparison
        The runs to draw, in this order.
    colors : sequence of str
        One colour per run.
    legend_title : str
        The legend's title, already in the current :func:`~dlscratch.i18n.language`.
    window : int
        Width of the moving average.
    styles : sequence of dict, optional
        One set of matplotlib keyword arguments per run for its bold line,
        e.g. :func:`~dlscratch.plotting.style.optimizer_style`'s, whose
        colour wins over ``colors``; by default solid lines without markers.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from dlscratch.experiments import moving_average

    apply_style()
    fig, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
    styles = [{}] * len(colors) if styles is None else styles
    runs = zip(colors, styles, comparison.runs.items(), strict=True)
    for color, style, (name, run) in runs:
        steps = np.arange(1, len(run.losses) + 1)
        ax.plot(steps, run.losses, color=color, alpha=0.2, linewidth=0.8)
        label = name
        if run.diverged_at is not None:  # shown where it happened, not as a curve of NaN
            k = run.diverged_at + 1
            label = f"{name}: {tr('diverged at iteration {k}', k=k)}"
            ax.plot([k], [_LOSS_TOP], marker="X", markersize=10, color=color, clip_on=False)
        bold = {"color": color, **style}
        ax.plot(steps, moving_average(run.losses, window), linewidth=2, markersize=6, label=label,
                **bold)  # fmt: skip
    ax.set_xlabel(tr("iterations"))
    ax.set_ylabel(tr("training loss"))
    ax.set_xlim(0, len(run.losses))
    ax.set_ylim(0, _LOSS_TOP)
    ax.set_title(data_label(comparison), fontsize=11)
    ax.legend(title=legend_title, loc="upper right")
    ax.text(
        0.98, 0.55, tr("faint: every iteration; bold: moving average of {window}", window=window),
        transform=ax.transAxes, ha="right", fontsize=9, color="0.35",
    )  # fmt: skip
    ax.grid(alpha=0.3)
    last = min(100, len(run.losses))
    ends = [
        f"{say.name(name)} ({tr('diverged at iteration {k}', k=run.diverged_at + 1)})"
        if run.diverged_at is not None
        else f"{say.name(name)} {say.significant(np.mean(run.losses[-last:]), 3)}"
        for name, run in comparison.runs.items()
    ]
    return describe(fig, tr(
        "Training loss with {names} over {n} iterations on {data}, raw (faint) and as a moving "
        "average of {window} (bold). Mean loss of the last {last} iterations: {ends}.",
        names=say.join(map(say.name, comparison.runs)), n=f"{len(run.losses):,}",
        data=data_label(comparison), window=window, last=last, ends=say.join(ends),
    ))  # fmt: skip


def seed_spread_figure(study, window: int = 51):
    """Plot each optimizer's smoothed training loss over several seeds: median and range.

    Parameters
    ----------
    study : dlscratch.experiments.SeedStudy
        From :func:`dlscratch.experiments.compare_over_seeds`.
    window : int, default 51
        Points of the moving average (see :func:`dlscratch.experiments.moving_average`).

    Returns
    -------
    matplotlib.figure.Figure
        One line per optimizer (the median over the seeds) inside a band from
        the lowest to the highest seed, on a logarithmic loss axis.

    Examples
    --------
    >>> import tempfile
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import compare_over_seeds
    >>> from dlscratch.plotting import seed_spread_figure
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     study = compare_over_seeds(load_mnist(source="bundled"), ["SGD", "Adam"],
    ...                                seeds=[0, 1], iterations=20, cache_dir=folder)
    >>> fig = seed_spread_figure(study, window=5)
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['SGD', 'Adam']
    """
    from dlscratch.experiments import moving_average

    apply_style()
    fig, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
    for i, (name, runs) in enumerate(study.runs.items()):
        color = OPTIMIZER_COLORS.get(name)
        style = optimizer_style(name, markevery=spread_markers(i, len(study.runs)))
        curves = np.array([moving_average(run.losses, window) for run in runs])
        steps = np.arange(1, curves.shape[1] + 1)
        with np.errstate(invalid="ignore"):  # a diverged seed leaves NaN, drawn as a gap
            low, mid, high = np.nanpercentile(curves, [0, 50, 100], axis=0)
        ax.fill_between(steps, low, high, color=color, alpha=0.25, linewidth=0)
        ax.plot(steps, mid, label=name, **{"color": color, "linewidth": 1.8, **style})
    ax.set_yscale("log")
    ax.set_xlabel(tr("iterations"))
    ax.set_ylabel(tr("training loss"))
    ax.set_xlim(0, curves.shape[1])
    ax.set_title(
        tr("{n} seeds: median line, band from lowest to highest", n=len(study.seeds)), fontsize=11
    )
    ax.legend(title=tr("optimizer"), loc="lower left")
    ax.grid(alpha=0.3, which="both")
    ends = []
    for name, runs in study.runs.items():
        finals = np.array([moving_average(run.losses, window)[-1] for run in runs])
        ends.append(
            f"{say.name(name)} {say.significant(np.median(finals), 2)}"
            if np.isfinite(finals).any()
            else f"{say.name(name)} ({tr('diverged')})"
        )
    return describe(fig, tr(
        "Smoothed training loss of {names} over {n} iterations from {seeds} seeds, on a "
        "logarithmic axis: a median line in a band from the lowest to the highest seed. "
        "Median at the last iteration: {ends}.",
        names=say.join(map(say.name, study.runs)), n=f"{curves.shape[1]:,}", seeds=len(study.seeds),
        ends=say.join(ends),
    ))  # fmt: skip


def learning_rate_figure(study, book_rates: Mapping[str, float], last: int = 100):
    """Plot final training loss and test accuracy against the learning rate, per method.

    Parameters
    ----------
    study : dlscratch.experiments.SeedStudy
        From :func:`dlscratch.experiments.learning_rate_sweep`.
    book_rates : mapping of str to float
        Each method's learning rate in the book, drawn as a large open circle.
    last : int, default 100
        The final loss is the mean over this many last iterations.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels over a logarithmic η axis: the mean over the seeds with
        bars from the lowest to the highest seed, and a cross at the top of
        the panel where a setting diverged for at least one seed.

    Examples
    --------
    >>> import tempfile
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import learning_rate_sweep
    >>> from dlscratch.plotting import learning_rate_figure
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     study = learning_rate_sweep(load_mnist(source="bundled"), {"SGD": [0.01, 0.1]},
    ...                                 seeds=[0], iterations=20, cache_dir=folder)
    >>> fig = learning_rate_figure(study, {"SGD": 0.01}, last=10)
    >>> [ax.get_xscale() for ax in fig.axes]
    ['log', 'log']
    """
    apply_style()
    fig, (ax_loss, ax_acc) = plt.subplots(
        2, 1, figsize=(6.4, 6.4), sharex=True, layout="constrained"
    )
    for method, rates in study.learning_rates.items():
        color = OPTIMIZER_COLORS.get(method)
        style = optimizer_style(method)  # a marker at each of the few learning rates
        rates = np.asarray(rates, dtype=float)
        labels = [study.sweep_label(method, lr) for lr in rates]
        for ax, values_of, scale in (
            (ax_loss, lambda label: study.final_losses(label, last), 1),
            (ax_acc, study.test_accuracies, 100),
        ):
            values = [values_of(label) * scale for label in labels]
            mean = np.array([v.mean() for v in values])  # NaN where any seed diverged
            low = np.array([v.min() for v in values])
            high = np.array([v.max() for v in values])
            ax.errorbar(
                rates, mean, yerr=[mean - low, high - mean], markersize=5, capsize=3,
                linewidth=1.5, label=method, **{"color": color, "marker": "o", **style},
            )  # fmt: skip
            diverged = [study.diverged(label) > 0 for label in labels]
            if any(diverged):
                top = ax.get_xaxis_transform()  # x in data, y = 1 at the panel's top edge
                ax.plot(
                    rates[diverged], np.ones(sum(diverged)), transform=top,
                    linestyle="none", marker="X", markersize=9, color=color, clip_on=False,
                )  # fmt: skip
            book = book_rates.get(method)
            if book is not None and book in rates:
                y = mean[list(rates).index(book)]
                ax.plot([book], [y], marker="o", markersize=12, markerfacecolor="none",
                        markeredgecolor=color, markeredgewidth=1.5, linestyle="none")  # fmt: skip
    ax_loss.set_yscale("log")
    ax_loss.set_ylabel(tr("mean loss, last {n} iterations", n=last))
    ax_acc.set_ylabel(tr("test accuracy (%)"))
    ax_acc.set_xscale("log")
    ax_acc.set_xlabel(tr("learning rate") + " η")
    for ax in (ax_loss, ax_acc):
        ax.grid(alpha=0.3, which="both")
    # Below the panels: inside, it would hide the points at one end of the η axis.
    fig.legend(
        *ax_loss.get_legend_handles_labels(), loc="outside lower center", ncols=4, fontsize=9
    )
    ax_loss.set_title(
        tr("open circle: the book's η; ×: diverged; bars: lowest to highest of {n} seeds",
           n=len(study.seeds)),
        fontsize=9,
    )  # fmt: skip
    best, unstable = [], 0
    for method, rates in study.learning_rates.items():
        unstable += sum(study.diverged(study.sweep_label(method, lr)) > 0 for lr in rates)
        lr = study.best_learning_rate(method)  # the rule of sweep_report
        if lr is not None:
            accuracy = study.test_accuracies(study.sweep_label(method, lr)).mean()
            best.append(tr("{name} {accuracy} at η = {lr}", name=say.name(method),
                           accuracy=f"{accuracy:.1%}", lr=say.significant(lr, 3)))  # fmt: skip
    text = tr(
        "Final training loss (top) and test accuracy (bottom) of {names} against η on a log "
        "axis, means of {seeds} seeds with bars from lowest to highest. Best test accuracy: "
        "{best}.",
        names=say.join(map(say.name, study.learning_rates)), seeds=len(study.seeds),
        best=say.join(best),
    )  # fmt: skip
    if unstable:
        text += " " + tr("A cross marks each of the {k} settings that diverged.", k=unstable)
    return describe(fig, text)
