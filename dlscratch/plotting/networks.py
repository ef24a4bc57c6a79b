"""Figures of sections 6.2 and 6.3: initialization and batch normalization.

:func:`activation_histogram_figure` shows how each initialization spreads the
activations of the layers, :func:`symmetry_figure` the hidden units that
stay copies of each other, :func:`network_loss_figure` the training loss of
each network, and :func:`batch_norm_grid_figure` and
:func:`batch_norm_epsilon_figure` what batch normalization and its ε change.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from dlscratch.analysis import distinct_units
from dlscratch.i18n import tr
from dlscratch.plotting import descriptions as say
from dlscratch.plotting.curves import training_loss_figure
from dlscratch.plotting.descriptions import describe
from dlscratch.plotting.style import apply_style

#: Colours of Xavier's and He's initializations in every figure of section 6.2; other
#: settings take the colours of ``OTHER_COLORS`` in the order they are given.
NETWORK_COLORS = {"Xavier": "#1f77b4", "He": "#d62728"}
#: Colours of the settings of section 6.2 other than Xavier and He, in order.
OTHER_COLORS = ("#7f7f7f", "#2ca02c", "#9467bd", "#8c564b")


def _network_colors(labels) -> list[str]:
    others = itertools.cycle(OTHER_COLORS)
    return [NETWORK_COLORS.get(label) or next(others) for label in labels]


# ReLU is unbounded; with He's weights and unit-variance inputs (0, 3) holds nearly all of it.
_HISTOGRAM_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, 3.0)}


def activation_histogram_figure(rows: Mapping[str, Sequence[np.ndarray]], activation: str):
    """Plot the distribution of each layer's activations, one row per initialization.

    Parameters
    ----------
    rows : mapping of str to sequence of numpy.ndarray
        ``{label: activations}``, where ``activations`` holds one array per
        layer, as :func:`dlscratch.experiments.activation_distributions`
        returns.
    activation : {"sigmoid", "relu", "tanh"}
        Sets the horizontal range: (0, 1) for the sigmoid, (−1, 1) for tanh,
        (0, 3) for ReLU (the book shows (0, 1), which hides half of He's
        activations), whose exact zeros are counted apart (written in each
        panel) so that the bar at 0 does not hide the rest.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per layer and initialization: the share of the activations
        in each of 30 bins, and the share outside the range if any.

    Examples
    --------
    >>> from dlscratch.experiments import activation_distributions
    >>> from dlscratch.plotting import activation_histogram_figure
    >>> fig = activation_histogram_figure(
    ...     {"Xavier": activation_distributions("tanh", "xavier", n_samples=50)}, "tanh")
    >>> len(fig.axes)
    5
    """
    if activation not in _HISTOGRAM_RANGES:
        raise ValueError(f"activation must be 'sigmoid', 'relu' or 'tanh', got {activation!r}")
    if not rows:
        raise ValueError("rows must not be empty")
    apply_style()
    low, high = _HISTOGRAM_RANGES[activation]
    n_layers = max(len(layers) for layers in rows.values())
    fig, axes = plt.subplots(
        len(rows), n_layers, figsize=(2.2 * n_layers + 0.6, 2.0 * len(rows) + 0.5),
        sharex=True, sharey="row", layout="constrained", squeeze=False,
    )  # fmt: skip
    colors = _network_colors(rows)
    for r, (label, layers) in enumerate(rows.items()):
        for i, values in enumerate(layers):
            ax = axes[r, i]
            values = np.ravel(values)
            shown = values[values != 0] if activation == "relu" else values
            ax.hist(
                shown, bins=30, range=(low, high), weights=np.full(shown.shape, 1 / values.size),
                color=colors[r],
            )  # fmt: skip
            notes = []
            if activation == "relu":
                notes.append(tr("= 0: {share:.0%}", share=np.mean(values == 0)))
            outside = np.count_nonzero((shown < low) | (shown > high)) / values.size
            if outside >= 0.005:
                notes.append(tr("> {high:g}: {share:.0%}", high=high, share=outside))
            if notes:
                ax.text(0.97, 0.95, "\n".join(notes), transform=ax.transAxes, ha="right",
                        va="top", fontsize=10, color="0.25")  # fmt: skip
            if r == 0:
                ax.set_title(tr("layer {i}", i=i + 1))
            if i == 0:
                ax.set_ylabel(f"{label}\n{tr('share')}")
            ax.set_xlim(low, high)
            ax.grid(alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel(tr("activation value"))
    spreads = [
        tr("{label}: from {first} to {last}", label=label,
           first=say.significant(np.std(layers[0]), 2),
           last=say.significant(np.std(layers[-1]), 2))
        for label, layers in rows.items()
    ]  # fmt: skip
    return describe(fig, tr(
        "Histograms of the {activation} activations in {n} layers, one row per setting "
        "({labels}). Standard deviation of the activations from layer 1 to layer {n}: {spreads}.",
        activation=tr("sigmoid") if activation == "sigmoid" else activation.replace("relu", "ReLU"),
        n=n_layers, labels=say.join(rows), spreads="; ".join(spreads),
    ))  # fmt: skip


def symmetry_figure(weights: Mapping[str, np.ndarray]):
    """Show weight matrices as images: equal columns mean hidden units that stayed copies.

    Parameters
    ----------
    weights : mapping of str to numpy.ndarray
        ``{label: W}``, 2-D weight matrices (inputs by units) after training.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per matrix, with the number of distinct columns (units
        whose incoming weights differ) in its title.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.plotting import symmetry_figure
    >>> fig = symmetry_figure({"equal": np.ones((4, 3)), "random": np.eye(3)})
    >>> fig.axes[0].get_title().splitlines()[-1]
    'distinct units: 1 of 3'
    """
    apply_style()
    fig, axes = plt.subplots(1, len(weights), figsize=(3.3 * len(weights), 3.8),
                             layout="constrained", squeeze=False)  # fmt: skip
    for ax, (label, W) in zip(axes[0], weights.items(), strict=True):
        limit = float(np.abs(W).max()) or 1.0
        ax.imshow(W, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto",
                  interpolation="nearest")  # fmt: skip
        ax.set_title(
            f"{label}\n{tr('distinct units: {k} of {n}', k=distinct_units(W), n=W.shape[1])}",
            fontsize=12,
        )
        ax.set_xlabel(tr("unit"))
        ax.set_ylabel(tr("input"))
    counts = [
        tr("{label}: blank, every weight 0", label=label)
        if not np.any(W)
        else tr("{label}: {k} of {n} units distinct", label=label, k=distinct_units(W),
                n=W.shape[1])
        for label, W in weights.items()
    ]  # fmt: skip
    return describe(fig, tr(
        "Weight matrices after training from {labels}, one image each; equal columns are hidden "
        "units that stayed copies of each other. {counts}.",
        labels=say.join(weights), counts="; ".join(counts),
    ))  # fmt: skip


def network_loss_figure(comparison, window: int = 51):
    """Plot each network's training loss per iteration: faint raw, bold smoothed.

    Parameters
    ----------
    comparison : dlscratch.experiments.NetworkComparison
        The result of :func:`dlscratch.experiments.compare_networks`.
    window : int, default 51
        Width of the moving average.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import compare_networks
    >>> from dlscratch.nn import MultiLayerNet
    >>> from dlscratch.optim import SGD
    >>> from dlscratch.plotting import network_loss_figure
    >>> nets = {"He": MultiLayerNet(784, [20], 10, seed=0)}
    >>> result = compare_networks(load_mnist(source="bundled"), nets, SGD(), iterations=20)
    >>> network_loss_figure(result, window=5).axes[0].get_legend().get_texts()[0].get_text()
    'He'
    """
    colors = _network_colors(comparison.runs)
    return training_loss_figure(comparison, colors, tr("initial weights"), window)


def batch_norm_grid_figure(results: Mapping[float, object], epoch_iterations: int):
    """The book's 4×4 grid: training accuracy with and without batch normalization per scale.

    Parameters
    ----------
    results : mapping of float to dlscratch.experiments.NetworkComparison
        For each standard deviation of the initial weights, a comparison of
        two networks labelled ``"batch norm"`` and ``"no batch norm"``,
        evaluated once per epoch.
    epoch_iterations : int
        Iterations per epoch, to turn a divergence's iteration into its epoch.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per scale: accuracy on the training images after each
        epoch, solid with batch normalization and dashed without; a run that
        diverged ends in a cross, and its panel says at which epoch.

    Examples
    --------
    >>> from dlscratch.datasets import load_mnist
    >>> from dlscratch.experiments import compare_networks
    >>> from dlscratch.nn import MultiLayerNetExtend
    >>> from dlscratch.optim import SGD
    >>> from dlscratch.plotting import batch_norm_grid_figure
    >>> data = load_mnist(source="bundled")
    >>> nets = {"batch norm": MultiLayerNetExtend(784, [20], 10, use_batchnorm=True, seed=0),
    ...         "no batch norm": MultiLayerNetExtend(784, [20], 10, seed=0)}
    >>> result = compare_networks(data, nets, SGD(), iterations=4, evaluate_every=2)
    >>> len(batch_norm_grid_figure({0.1: result}, epoch_iterations=2).axes)
    1
    """
    apply_style()
    n = len(results)
    cols = min(4, n)
    rows = -(-n // cols)
    fig, axes = plt.subplots(
        rows, cols, figsize=(2.6 * cols + 0.6, 2.3 * rows + 0.9),
        sharex=True, sharey=True, layout="constrained", squeeze=False,
    )  # fmt: skip
    styles = {"batch norm": ("#d62728", "-"), "no batch norm": ("#1f77b4", "--")}
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    handles = {}
    for ax, (scale, comparison) in zip(axes.flat, results.items(), strict=False):
        notes = []
        for name, run in comparison.runs.items():
            color, style = styles.get(name, ("0.3", "-"))
            epochs = run.checkpoints / epoch_iterations
            (line,) = ax.plot(epochs, run.train_accuracy, style, color=color, linewidth=1.6)
            handles[name] = line
            if run.diverged_at is not None:
                epoch = run.diverged_at // epoch_iterations + 1
                finite = np.flatnonzero(np.isfinite(run.train_accuracy))
                last = finite[-1] if len(finite) else 0
                ax.plot([epochs[last]], [run.train_accuracy[last]], marker="X", markersize=9,
                        color=color, clip_on=False)  # fmt: skip
                notes.append(tr("diverged at epoch {k}", k=epoch))
        ax.set_title(tr("W std = {scale:.3g}", scale=scale), fontsize=11)
        if notes:
            ax.text(0.97, 0.04, "\n".join(notes), transform=ax.transAxes, ha="right",
                    va="bottom", fontsize=9, color=styles["no batch norm"][0])  # fmt: skip
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel(tr("epochs"))
    for ax in axes[:, 0]:
        ax.set_ylabel(tr("train accuracy"))
    labels = {"batch norm": tr("with batch normalization"),
              "no batch norm": tr("without batch normalization")}  # fmt: skip
    fig.legend(
        [handles[k] for k in handles], [labels.get(k, k) for k in handles],
        loc="outside upper center", ncols=2,
    )  # fmt: skip
    ahead, diverged = 0, 0
    for comparison in results.values():
        final = {
            name: -np.inf if run.diverged_at is not None else run.train_accuracy[-1]
            for name, run in comparison.runs.items()
        }
        ahead += final.get("batch norm", -np.inf) > final.get("no batch norm", -np.inf)
        diverged += sum(run.diverged_at is not None for run in comparison.runs.values())
    scales = list(results)
    run = next(iter(next(iter(results.values())).runs.values()))
    text = tr(
        "{n} panels, one per standard deviation of the initial weights from {high} to {low}, "
        "of training accuracy over {epochs} epochs with batch normalization (solid) and "
        "without (dashed). With it the final accuracy is higher in {ahead} of {n} panels.",
        n=n, high=say.significant(max(scales), 3), low=say.significant(min(scales), 3),
        epochs=say.number(run.checkpoints[-1] / epoch_iterations, 1), ahead=int(ahead),
    )  # fmt: skip
    if diverged:
        text += " " + tr("{k} runs diverged and end in a cross.", k=diverged)
    return describe(fig, text)


def batch_norm_epsilon_figure(
    scales: np.ndarray, relative_difference: np.ndarray, changed_share: np.ndarray
):
    r"""How far two batch-normalized networks that differ only in ε part, per weight scale.

    Parameters
    ----------
    scales : numpy.ndarray
        Standard deviations of the initial weights, the x-axis (logarithmic).
    relative_difference : numpy.ndarray
        For each scale, :math:`\lVert y_a - y_b \rVert / \lVert y_a \rVert` of the two
        networks' scores in inference.
    changed_share : numpy.ndarray
        For each scale, the share of images whose predicted class differs.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels side by side, both against the weight scale, largest on
        the left as in the book's grid: the relative difference of the scores
        (logarithmic), and the share of changed predictions.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.plotting import batch_norm_epsilon_figure
    >>> fig = batch_norm_epsilon_figure(
    ...     np.array([1.0, 0.01, 1e-4]), np.array([1e-8, 1e-4, 10.0]), np.array([0, 0, 0.2])
    ... )
    >>> [ax.get_xlabel() for ax in fig.axes]
    ['std of the initial weights', 'std of the initial weights']
    """
    apply_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.4, 3.4), layout="constrained")
    style = {"color": "#d62728", "marker": "o", "markersize": 5, "linewidth": 1.8}
    left.plot(scales, relative_difference, **style)
    left.set_yscale("log")
    left.set_title(tr("relative difference of the scores"))
    right.plot(scales, 100 * np.asarray(changed_share), **style)
    right.set_ylim(0, max(5.0, 110 * float(np.max(changed_share))))
    right.set_title(tr("images whose predicted class changes (%)"))
    for ax in (left, right):
        ax.set_xscale("log")
        ax.set_xlim(max(scales) * 1.5, min(scales) / 1.5)  # largest scale first, as in the book
        ax.set_xlabel(tr("std of the initial weights"))
        ax.grid(alpha=0.3)
    order = np.argsort(scales)[::-1]  # as drawn: largest scale on the left
    changed = np.asarray(changed_share)[order]
    text = tr(
        "Two panels over the std of the initial weights, from {high} at the left to {low} at "
        "the right. Relative difference of the scores: {first} at the left, {last} at the right.",
        high=say.significant(scales[order[0]], 3), low=say.significant(scales[order[-1]], 3),
        first=say.significant(relative_difference[order[0]], 2),
        last=say.significant(relative_difference[order[-1]], 2),
    )  # fmt: skip
    if np.any(changed > 0):
        text += " " + tr(
            "Predicted classes change only from std {scale} down, for at most {share} of the "
            "images.",
            scale=say.significant(np.asarray(scales)[order][np.argmax(changed > 0)], 3),
            share=f"{np.max(changed):.1%}",
        )  # fmt: skip
    else:
        text += " " + tr("No predicted class changes.")
    return describe(fig, text)
