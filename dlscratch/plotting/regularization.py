"""Figures of sections 6.4 and 6.5: overfitting and the hyperparameter search.

Training data are drawn blue and solid, held-out data orange and dashed:
:func:`overfitting_figure` for trainings with and without weight decay or
dropout, :func:`search_curves_figure` and :func:`search_map_figure` for the
trials of a random search.
"""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from dlscratch.i18n import tr
from dlscratch.plotting import descriptions as say
from dlscratch.plotting.descriptions import describe
from dlscratch.plotting.style import apply_style

#: Training data drawn blue and solid, held-out data orange and dashed, in every figure.
_TRAIN_STYLE = {"color": "#1f77b4", "linestyle": "-"}
_HELD_OUT_STYLE = {"color": "#ff7f0e", "linestyle": "--"}


def _draw_accuracies(ax, train: np.ndarray, held_out: np.ndarray, held_out_label: str) -> list:
    """Draw train and held-out accuracy over the epochs, with the gap between them shaded."""
    epochs = np.arange(1, len(train) + 1)
    lines = ax.plot(epochs, train, linewidth=1.8, label=tr("train accuracy"), **_TRAIN_STYLE)
    lines += ax.plot(epochs, held_out, linewidth=1.8, label=held_out_label, **_HELD_OUT_STYLE)
    ax.fill_between(epochs, held_out, train, where=train >= held_out, color="0.5", alpha=0.18,
                    linewidth=0, interpolate=True)  # fmt: skip
    return lines


def overfitting_figure(histories: Mapping[str, object]):
    """Training against test accuracy per epoch, one panel per setting, side by side.

    Parameters
    ----------
    histories : mapping of str to dlscratch.experiments.TrainingHistory
        A label (such as ``"weight decay, λ = 0.1"``) and the history of
        each training, drawn in this order.

    Returns
    -------
    matplotlib.figure.Figure
        Panels with the same axes.  Accuracy on the training data is solid,
        on the test data dashed; the shaded band between them is the gap
        that overfitting opens, and its size after the last epoch is written
        in each panel.  A run that diverged ends in a cross.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.experiments import TrainingHistory
    >>> from dlscratch.plotting import overfitting_figure
    >>> run = TrainingHistory(np.ones(3), np.array([0.5, 0.8, 1.0]),
    ...                       np.array([0.4, 0.6, 0.7]), 0.7, None, 1.0)
    >>> len(overfitting_figure({"plain": run}).axes)
    1
    """
    apply_style()
    n = len(histories)
    fig, axes = plt.subplots(1, n, figsize=(3.0 * n + 0.8, 3.4), sharex=True, sharey=True,
                             layout="constrained", squeeze=False)  # fmt: skip
    for ax, (label, run) in zip(axes[0], histories.items(), strict=True):
        lines = _draw_accuracies(ax, run.train_accuracy, run.test_accuracy, tr("test accuracy"))
        if run.diverged_at is not None:
            finite = np.flatnonzero(np.isfinite(run.train_accuracy))
            last = finite[-1] if len(finite) else 0
            ax.plot([last + 1], [run.train_accuracy[last]], marker="X", markersize=9,
                    color=_TRAIN_STYLE["color"], clip_on=False)  # fmt: skip
            note = tr("diverged at iteration {k}", k=run.diverged_at + 1)
        else:
            note = tr("gap after {n} epochs: {gap:.1%}", n=len(run.gap), gap=run.gap[-1])
        ax.text(0.97, 0.05, note, transform=ax.transAxes, ha="right", va="bottom", fontsize=10,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8})  # fmt: skip
        ax.set_title(label, fontsize=11)
        ax.set_xlabel(tr("epochs"))
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
    axes[0, 0].set_ylabel(tr("accuracy"))
    fig.legend(lines, [line.get_label() for line in lines], loc="outside upper center", ncols=2)
    ends = [
        tr("{label}: diverged at iteration {k}", label=label, k=run.diverged_at + 1)
        if run.diverged_at is not None
        else tr("{label}: train {train}, test {test}", label=label,
                train=f"{run.train_accuracy[-1]:.1%}", test=f"{run.test_accuracy[-1]:.1%}")
        for label, run in histories.items()
    ]  # fmt: skip
    return describe(fig, tr(
        "Training (solid) and test (dashed) accuracy over {n} epochs, one panel per setting, "
        "the gap shaded. After the last epoch: {ends}.",
        n=max(len(run.train_accuracy) for run in histories.values()), ends="; ".join(ends),
    ))  # fmt: skip


def _search_label(result, i: int) -> str:
    return f"η={result.learning_rates[i]:.1e}  λ={result.weight_decays[i]:.1e}"


def search_curves_figure(result, best: int = 20):
    """The validation curves of the best trials of a random search, as small multiples.

    Parameters
    ----------
    result : dlscratch.experiments.SearchResult
        The search.
    best : int, default 20
        How many of the best trials (by final validation accuracy) to draw.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per trial, best first, titled with its rank, its final
        validation accuracy and its :math:`\\eta` and :math:`\\lambda`:
        validation accuracy dashed, training accuracy solid.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.experiments import SearchResult
    >>> from dlscratch.plotting import search_curves_figure
    >>> curves = np.array([[0.2, 0.4], [0.3, 0.6]])
    >>> result = SearchResult(np.array([1e-3, 1e-2]), np.array([1e-6, 1e-5]), curves,
    ...                       curves - 0.1, np.array([0.5, 0.5]), [None, None],
    ...                       np.array([1, 2]), {})
    >>> len([ax for ax in search_curves_figure(result, best=2).axes if ax.get_visible()])
    2
    """
    apply_style()
    order = result.ranking()[:best]
    cols = min(4, len(order))
    rows = -(-len(order) // cols)
    # Small panels, so that the text stays legible when the figure is shrunk to a phone's width.
    fig, axes = plt.subplots(rows, cols, figsize=(1.8 * cols + 0.6, 1.6 * rows + 0.7),
                             sharex=True, sharey=True, layout="constrained",
                             squeeze=False)  # fmt: skip
    for ax in axes.flat[len(order) :]:
        ax.set_visible(False)
    for rank, (ax, i) in enumerate(zip(axes.flat, order, strict=False), start=1):
        lines = _draw_accuracies(ax, result.train_accuracy[i], result.validation_accuracy[i],
                                 tr("validation accuracy"))  # fmt: skip
        ax.set_title(
            tr("#{rank}: validation {acc:.0%}", rank=rank, acc=result.final_validation_accuracy[i])
            + "\n" + _search_label(result, i),
            fontsize=8.5,
        )  # fmt: skip
        ax.tick_params(labelsize=8)
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel(tr("epochs"))
    for ax in axes[:, 0]:
        ax.set_ylabel(tr("accuracy"))
    fig.legend(lines, [line.get_label() for line in lines], loc="outside upper center", ncols=2)
    top, bottom = order[0], order[-1]
    return describe(fig, tr(
        "Training (solid) and validation (dashed) accuracy over {n} epochs of the best {k} of "
        "{trials} trials of the random search, one small panel each, best first. Final "
        "validation accuracy goes from {best} (η = {lr}, λ = {wd}) down to {worst}.",
        n=result.validation_accuracy.shape[1], k=len(order), trials=len(result.learning_rates),
        best=f"{result.final_validation_accuracy[top]:.0%}",
        lr=say.significant(result.learning_rates[top]),
        wd=say.significant(result.weight_decays[top]),
        worst=f"{result.final_validation_accuracy[bottom]:.0%}",
    ))  # fmt: skip


def search_map_figure(result, best: int = 20):
    """Where the good settings of a random search lie: validation accuracy over (η, λ).

    Parameters
    ----------
    result : dlscratch.experiments.SearchResult
        The search.
    best : int, default 20
        The best this many trials are ringed, and the ranges of their
        :math:`\\eta` and :math:`\\lambda` are drawn as the box to search
        next.

    Returns
    -------
    matplotlib.figure.Figure
        Left, every trial as a point on logarithmic axes of the learning
        rate and the weight decay, coloured by its final validation accuracy.
        Right, the validation accuracy against the learning rate alone.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.experiments import SearchResult
    >>> from dlscratch.plotting import search_map_figure
    >>> curves = np.array([[0.2, 0.4], [0.3, 0.6], [0.1, 0.1]])
    >>> result = SearchResult(np.array([1e-3, 1e-2, 1e-5]), np.array([1e-6, 1e-5, 1e-7]),
    ...                       curves, curves, np.zeros(3), [None] * 3, np.arange(3), {})
    >>> len(search_map_figure(result, best=2).axes)  # two panels and the colour bar
    3
    """
    apply_style()
    accuracy = result.final_validation_accuracy
    top = result.ranking()[:best]
    fig, (ax_map, ax_lr) = plt.subplots(1, 2, figsize=(8.6, 3.8), layout="constrained",
                                        width_ratios=[1.15, 1])  # fmt: skip
    points = ax_map.scatter(result.learning_rates, result.weight_decays, c=accuracy,
                            cmap="viridis", vmin=0, vmax=1, s=36, zorder=3)  # fmt: skip
    ring = {"s": 110, "facecolors": "none", "edgecolors": "#d62728", "linewidths": 1.5}
    ax_map.scatter(result.learning_rates[top], result.weight_decays[top], zorder=4,
                   label=tr("best {n}", n=len(top)), **ring)  # fmt: skip
    lr_box = result.learning_rates[top].min(), result.learning_rates[top].max()
    wd_box = result.weight_decays[top].min(), result.weight_decays[top].max()
    ax_map.add_patch(mpl.patches.Rectangle(
        (lr_box[0], wd_box[0]), lr_box[1] - lr_box[0], wd_box[1] - wd_box[0], fill=False,
        edgecolor="#d62728", linestyle=":", linewidth=1.5, zorder=2,
        label=tr("ranges of the best {n}", n=len(top)),
    ))  # fmt: skip
    for ax in (ax_map, ax_lr):
        ax.set_xscale("log")
        ax.set_xlim(*(10.0 ** np.array(result.settings.get("lr_exponents", (-6, -2)))))
        ax.set_xlabel(tr("learning rate η"))
        ax.grid(alpha=0.3, which="major")
    ax_map.set_yscale("log")
    ax_map.set_ylim(*(10.0 ** np.array(result.settings.get("weight_decay_exponents", (-8, -4)))))
    ax_map.set_ylabel(tr("weight decay λ"))
    ax_map.legend(loc="lower left", fontsize=9, framealpha=0.9)
    fig.colorbar(points, ax=ax_map, shrink=0.9)
    ax_map.set_title(tr("colour: validation accuracy"), fontsize=11)
    ax_lr.scatter(result.learning_rates, accuracy, c=accuracy, cmap="viridis", vmin=0, vmax=1,
                  s=30, zorder=3)  # fmt: skip
    ax_lr.scatter(result.learning_rates[top], accuracy[top], zorder=4, **ring)
    ax_lr.axvspan(*lr_box, color="#d62728", alpha=0.08, linewidth=0)
    ax_lr.set_ylim(0, 1.02)
    ax_lr.set_title(tr("validation accuracy"), fontsize=11)
    text = tr(
        "Left, the {trials} trials over the learning rate η and the weight decay λ on "
        "logarithmic axes, coloured by validation accuracy; the best {k}, ringed, have η from "
        "{lr_low} to {lr_high} and λ from {wd_low} to {wd_high}. Right, validation accuracy "
        "against η alone.",
        trials=len(accuracy), k=len(top),
        lr_low=say.significant(lr_box[0]), lr_high=say.significant(lr_box[1]),
        wd_low=say.significant(wd_box[0]), wd_high=say.significant(wd_box[1]),
    )  # fmt: skip
    below = accuracy[result.learning_rates < lr_box[0]]
    if len(below):
        text += " " + tr(
            "No trial with η below {lr} gets above {accuracy}.",
            lr=say.significant(lr_box[0]),
            accuracy=f"{below.max():.0%}",
        )
    return describe(fig, text)
