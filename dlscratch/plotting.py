"""Figures of the optimization chapter, shared by the gallery and the docs.

Every gallery script draws through these functions, so that style, colours,
labels and the language of the text live in one place.  The language comes
from :func:`~dlscratch.i18n.language`: the site's build sets ``DLSCRATCH_LANG``
(``en`` or ``ko``), and a script run by hand may set it too; the Korean of
every label is in :mod:`dlscratch.i18n`.  Korean needs a font with
Hangul glyphs; :func:`apply_style` finds one (see :func:`korean_font_path`)
and keeps DejaVu Sans first so Latin text, digits and the minus sign look the
same in both languages.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from dlscratch.analysis import distinct_units
from dlscratch.i18n import language, tr
from dlscratch.landscapes import Landscape
from dlscratch.registry import OPTIMIZERS

__all__ = [
    "OPTIMIZER_COLORS",
    "ComparisonTable",
    "SeedTable",
    "apply_style",
    "comparison_figure",
    "coordinate_figure",
    "draw_contours",
    "draw_path",
    "gradient_field_figure",
    "learning_rate_figure",
    "loss_curves_figure",
    "path_figure",
    "seed_spread_figure",
    "spread_report",
    "sweep_report",
    "values_after_figure",
    "versus_figure",
]

#: One colour per optimizer, the same in every figure of the site (from :mod:`dlscratch.registry`).
OPTIMIZER_COLORS = {name: entry.color for name, entry in OPTIMIZERS.items()}


def korean_font_path() -> str | None:
    """Return the path of a font file with Hangul glyphs, or None if none is found.

    The font comes from the ``koreanize-matplotlib`` package, which ships
    NanumGothic.  Its module is *not imported* (it needs ``distutils``,
    removed in Python 3.12): only its folder is located.
    """
    from importlib.util import find_spec

    spec = find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        for root, _, files in os.walk(folder):
            for name in sorted(files):
                if name.lower().startswith("nanumgothic") and name.lower().endswith(".ttf"):
                    if "bold" not in name.lower():
                        return os.path.join(root, name)
    return None


def apply_style() -> str:
    """Set matplotlib's style for the site's figures and return the language.

    Called by every figure function here, because sphinx-gallery resets
    matplotlib's settings before each example.  For Korean it registers the
    Hangul font and lists it after DejaVu Sans, so matplotlib falls back to
    it only for the characters DejaVu lacks.

    Returns
    -------
    str
        The current :func:`~dlscratch.i18n.language`.

    Raises
    ------
    RuntimeError
        If the language is Korean and no Hangul font is installed.

    Examples
    --------
    >>> from dlscratch.plotting import apply_style
    >>> apply_style()
    'en'
    """
    lang = language()
    families = ["DejaVu Sans"]
    if lang == "ko":
        path = korean_font_path()
        if path is None:
            raise RuntimeError(
                "Korean figures need a Hangul font: pip install koreanize-matplotlib"
            )
        mpl.font_manager.fontManager.addfont(path)
        families.append(mpl.font_manager.FontProperties(fname=path).get_name())
    mpl.rcParams.update(
        {
            # A list of families, not the generic "sans-serif": only a list makes
            # matplotlib fall back, glyph by glyph, to the next font.
            "font.family": families,
            "axes.unicode_minus": True,
            "font.size": 12,
            "axes.titlesize": 13,
            "axes.labelsize": 12,
            "legend.fontsize": 11,
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return lang


def draw_contours(ax, landscape: Landscape, xlim=(-8, 8), ylim=(-3, 3), levels=None) -> None:
    """Draw ``landscape``'s contour lines and its minimum on ``ax``, with equal scaling.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    landscape : dlscratch.landscapes.Landscape
        The function whose level sets are drawn.
    xlim, ylim : tuple of float
        The visible range; the axes keep equal scaling, so ellipses look like
        ellipses.
    levels : sequence of float, optional
        The contour values; by default squares spread evenly in
        :math:`\\sqrt{f}`, so neighbouring lines are equally far apart.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from dlscratch.landscapes import anisotropic
    >>> from dlscratch.plotting import draw_contours
    >>> fig, ax = plt.subplots()
    >>> draw_contours(ax, anisotropic)
    >>> ax.get_aspect(), [float(x) for x in ax.get_xlim()]
    (1.0, [-8.0, 8.0])
    """
    x = np.linspace(*xlim, 400)
    y = np.linspace(*ylim, 200)
    xx, yy = np.meshgrid(x, y)
    zz = landscape.f(xx, yy)
    if levels is None:
        levels = np.linspace(0.25, np.sqrt(zz.max()), 12) ** 2
    ax.contour(xx, yy, zz, levels=levels, colors="0.7", linewidths=0.8)
    ax.plot(*landscape.minimum, marker="*", markersize=14, color="black", linestyle="none")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")


def draw_path(ax, path: np.ndarray, color: str, label: str | None = None) -> None:
    """Draw an optimizer's path: a line through a marker for every point.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on.
    path : numpy.ndarray
        Shape ``(n + 1, 2)``, the start and the point after each of the
        ``n`` updates, as :func:`dlscratch.landscapes.trace_path` returns.
    color : str
        Colour of the path.
    label : str, optional
        Legend entry.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from dlscratch.plotting import draw_path
    >>> fig, ax = plt.subplots()
    >>> draw_path(ax, np.array([[-7.0, 2.0], [-6.3, -1.8], [-5.7, 1.6]]), "tab:blue")
    >>> [len(line.get_xdata()) for line in ax.get_lines()]  # the path, then the start
    [3, 1]
    """
    ax.plot(path[:, 0], path[:, 1], "-o", color=color, markersize=4, linewidth=1.3, label=label)
    ax.plot(*path[0], marker="s", markersize=8, color=color, markeredgecolor="black")


def _legend_handles(color: str):
    from matplotlib.lines import Line2D

    return [
        Line2D([], [], color=color, marker="o", markersize=4, label=tr("update path")),
        Line2D([], [], color=color, marker="s", markersize=8, markeredgecolor="black",
               linestyle="none", label=tr("start")),
        Line2D([], [], color="black", marker="*", markersize=12, linestyle="none",
               label=tr("minimum")),
    ]  # fmt: skip


def path_figure(path: np.ndarray, landscape: Landscape, name: str, setting: str):
    """Draw one optimizer's path over the contours of ``landscape``.

    Parameters
    ----------
    path : numpy.ndarray
        Shape ``(n + 1, 2)``, from :func:`dlscratch.landscapes.trace_path`.
    landscape : dlscratch.landscapes.Landscape
        The function the path ran on.
    name : str
        The optimizer's name, a key of :data:`OPTIMIZER_COLORS`.
    setting : str
        Its hyperparameters for the title, in plain text, e.g. ``"η = 0.95"``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from dlscratch.landscapes import anisotropic, trace_path
    >>> from dlscratch.optim import SGD
    >>> from dlscratch.plotting import path_figure
    >>> path = trace_path(SGD(lr=0.95), anisotropic)
    >>> fig = path_figure(path, anisotropic, "SGD", "η = 0.95")
    >>> fig.axes[0].get_title()
    'SGD, η = 0.95: after 30 updates'
    """
    apply_style()
    fig, ax = plt.subplots(figsize=(6.4, 3.1), layout="constrained")
    draw_contours(ax, landscape)
    color = OPTIMIZER_COLORS[name]
    draw_path(ax, path, color)
    n_updates = len(path) - 1
    ax.set_title(f"{name}, {setting}: {tr('after {n} updates', n=n_updates)}")
    ax.legend(handles=_legend_handles(color), loc="upper right", framealpha=0.9)
    return fig


def versus_figure(
    correct: np.ndarray, wrong: np.ndarray, landscape: Landscape, name: str, title: str
):
    """Draw a correct path and a wrong one, from the same start, on the same axes.

    Parameters
    ----------
    correct : numpy.ndarray
        Shape ``(n + 1, 2)``, the path of dlscratch's optimizer, drawn in its
        colour from :data:`OPTIMIZER_COLORS`.
    wrong : numpy.ndarray
        Shape ``(m + 1, 2)``, the path of the faulty code, drawn in grey on top.
    landscape : dlscratch.landscapes.Landscape
        The function the paths ran on.
    name : str
        The optimizer's name, a key of :data:`OPTIMIZER_COLORS`.
    title : str
        The figure's title, already in the current :func:`~dlscratch.i18n.language`.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.landscapes import anisotropic
    >>> from dlscratch.plotting import versus_figure
    >>> right = np.array([[-7.0, 2.0], [-6.3, -1.8]])
    >>> fig = versus_figure(right, right[:1], anisotropic, "SGD", "a stuck path")
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ["dlscratch's SGD", 'with the mistake']
    """
    apply_style()
    fig, ax = plt.subplots(figsize=(6.4, 3.1), layout="constrained")
    draw_contours(ax, landscape)
    draw_path(ax, correct, OPTIMIZER_COLORS[name], label=tr("dlscratch's {name}", name=name))
    draw_path(ax, wrong, _WRONG_COLOR, label=tr("with the mistake"))
    ax.set_title(title)
    ax.legend(loc="upper right", framealpha=0.9)
    return fig


#: Colour of a faulty path in :func:`versus_figure`, apart from every optimizer's.
_WRONG_COLOR = "#7f7f7f"


def comparison_figure(
    paths: Mapping[str, np.ndarray],
    settings: Mapping[str, str],
    landscape: Landscape,
    view=((-8, 8), (-3, 3)),
    levels=None,
):
    """Draw several optimizers' paths side by side, two per row, on shared axes.

    Parameters
    ----------
    paths : dict of str to numpy.ndarray
        Optimizer name to path, in the order the panels should appear.
    settings : dict of str to str
        Optimizer name to its hyperparameters, for the panel titles.
    landscape : dlscratch.landscapes.Landscape
        The function the paths ran on.
    view : tuple of tuple of float, default ((-8, 8), (-3, 3))
        ``((x_min, x_max), (y_min, y_max))`` of every panel, e.g.
        ``landscape.view``.
    levels : sequence of float, optional
        Contour values, as for :func:`draw_contours`.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from dlscratch.landscapes import anisotropic, trace_path
    >>> from dlscratch.optim import SGD, Adam
    >>> from dlscratch.plotting import comparison_figure
    >>> paths = {"SGD": trace_path(SGD(lr=0.95), anisotropic),
    ...          "Adam": trace_path(Adam(lr=0.3), anisotropic)}
    >>> fig = comparison_figure(paths, {"SGD": "η = 0.95", "Adam": "η = 0.3"}, anisotropic)
    >>> [ax.get_title() for ax in fig.axes if ax.get_visible()]
    ['SGD (η = 0.95)', 'Adam (η = 0.3)']
    """
    apply_style()
    rows = (len(paths) + 1) // 2
    (x_min, x_max), (y_min, y_max) = view
    panel_height = 3.1 * (y_max - y_min) / (x_max - x_min)  # equal scaling, panels 3.1 wide
    fig, axes = plt.subplots(
        rows, 2, figsize=(6.6, (panel_height + 0.29) * rows + 0.8), sharex=True, sharey=True,
        layout="constrained", squeeze=False,
    )  # fmt: skip
    for ax, (name, path) in zip(axes.flat, paths.items(), strict=False):
        draw_contours(ax, landscape, xlim=view[0], ylim=view[1], levels=levels)
        draw_path(ax, path, OPTIMIZER_COLORS[name])
        ax.set_title(f"{name} ({settings[name]})")
        ax.label_outer()
    for ax in axes.flat[len(paths) :]:
        ax.set_visible(False)
    n_updates = len(next(iter(paths.values()))) - 1
    fig.suptitle(f"{landscape.label}: {tr('after {n} updates', n=n_updates)}")
    return fig


def gradient_field_figure(landscapes: Sequence[Landscape]):
    """Show each landscape as a 3-D surface above its field of descent directions.

    The arrows show the direction of :math:`-\\nabla f`, all drawn with the
    same length: only the direction matters here.

    Parameters
    ----------
    landscapes : sequence of dlscratch.landscapes.Landscape
        One column per landscape.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from dlscratch.landscapes import anisotropic, isotropic
    >>> from dlscratch.plotting import gradient_field_figure
    >>> fig = gradient_field_figure([isotropic, anisotropic])
    >>> len(fig.axes)  # a surface and a field per landscape
    4
    """
    apply_style()
    n = len(landscapes)
    fig = plt.figure(figsize=(3.5 * n, 5.0), layout="constrained")
    grid = np.linspace(-8, 8, 60), np.linspace(-3, 3, 40)
    xx, yy = np.meshgrid(*grid)
    ax_field = None
    for i, landscape in enumerate(landscapes):
        title = f"{tr(landscape.name)}\n{landscape.label}"
        ax3d = fig.add_subplot(2, n, i + 1, projection="3d")
        ax3d.plot_surface(xx, yy, landscape.f(xx, yy), cmap="viridis", linewidth=0, alpha=0.9)
        ax3d.set_box_aspect((16, 6, 7), zoom=1.05)
        ax3d.set_title(title)
        ax3d.set_xticks([-8, 0, 8])
        ax3d.set_yticks([-3, 0, 3])
        ax3d.set_zticks([])
        ax3d.set_xlabel("$x$", labelpad=4)
        ax3d.set_ylabel("$y$", labelpad=-4)
        ax3d.tick_params(pad=-2)
        ax3d.view_init(elev=32, azim=-62)

        ax_field = fig.add_subplot(2, n, n + i + 1, sharex=ax_field, sharey=ax_field)
        draw_contours(ax_field, landscape)
        qx, qy = np.meshgrid(np.linspace(-7, 7, 15), np.linspace(-2.5, 2.5, 7))
        gx, gy = landscape.grad(qx, qy)
        norm = np.hypot(gx, gy)
        norm[norm == 0] = 1
        ax_field.quiver(qx, qy, -gx / norm, -gy / norm, color="#1f77b4", angles="xy",
                        scale_units="xy", scale=1.3, width=0.005)  # fmt: skip
        ax_field.set_title(tr("direction of steepest descent, −∇f"), fontsize=11)
    return fig


def _data_label(comparison) -> str:
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
    return _loss_curves(comparison, colors, tr("optimizer"), window)


def _loss_curves(comparison, colors, legend_title: str, window: int):
    """The figure of :func:`loss_curves_figure` and :func:`network_loss_figure`."""
    from dlscratch.experiments import moving_average

    apply_style()
    fig, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
    for color, (name, run) in zip(colors, comparison.runs.items(), strict=True):
        steps = np.arange(1, len(run.losses) + 1)
        ax.plot(steps, run.losses, color=color, alpha=0.2, linewidth=0.8)
        label = name
        if run.diverged_at is not None:  # shown where it happened, not as a curve of NaN
            k = run.diverged_at + 1
            label = f"{name}: {tr('diverged at iteration {k}', k=k)}"
            ax.plot([k], [_LOSS_TOP], marker="X", markersize=10, color=color, clip_on=False)
        ax.plot(steps, moving_average(run.losses, window), color=color, linewidth=2, label=label)
    ax.set_xlabel(tr("iterations"))
    ax.set_ylabel(tr("training loss"))
    ax.set_xlim(0, len(run.losses))
    ax.set_ylim(0, _LOSS_TOP)
    ax.set_title(_data_label(comparison), fontsize=11)
    ax.legend(title=legend_title, loc="upper right")
    ax.text(
        0.98, 0.55, tr("faint: every iteration; bold: moving average of {window}", window=window),
        transform=ax.transAxes, ha="right", fontsize=9, color="0.35",
    )  # fmt: skip
    ax.grid(alpha=0.3)
    return fig


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
        self.caption = f"{_data_label(comparison)}. {timing}"


# --- several seeds and learning rates ---------------------------------------------------------


def _range_text(values: np.ndarray, fmt: str) -> str:
    """``"mean (min–max)"`` of the finite values, e.g. ``"93.4 % (93.1–93.7)"``."""
    finite = values[np.isfinite(values)]
    if len(finite) == 0:
        return "—"
    return f"{format(finite.mean(), fmt)} ({format(finite.min(), fmt)}–{format(finite.max(), fmt)})"


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
    for name, runs in study.runs.items():
        color = OPTIMIZER_COLORS.get(name)
        curves = np.array([moving_average(run.losses, window) for run in runs])
        steps = np.arange(1, curves.shape[1] + 1)
        with np.errstate(invalid="ignore"):  # a diverged seed leaves NaN, drawn as a gap
            low, mid, high = np.nanpercentile(curves, [0, 50, 100], axis=0)
        ax.fill_between(steps, low, high, color=color, alpha=0.25, linewidth=0)
        ax.plot(steps, mid, color=color, linewidth=1.8, label=name)
    ax.set_yscale("log")
    ax.set_xlabel(tr("iterations"))
    ax.set_ylabel(tr("training loss"))
    ax.set_xlim(0, curves.shape[1])
    ax.set_title(
        tr("{n} seeds: median line, band from lowest to highest", n=len(study.seeds)), fontsize=11
    )
    ax.legend(title=tr("optimizer"), loc="lower left")
    ax.grid(alpha=0.3, which="both")
    return fig


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
                rates, mean, yerr=[mean - low, high - mean], color=color, marker="o",
                markersize=4, capsize=3, linewidth=1.5, label=method,
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
    return fig


def sweep_report(study, book_rates: Mapping[str, float]) -> str:
    """Say each method's best learning rate, and how the ranking changes there.

    The best η is the one with the highest mean test accuracy over the seeds
    among the settings where no seed diverged.

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
    for method, rates in study.learning_rates.items():
        stable = [lr for lr in rates if study.diverged(study.sweep_label(method, lr)) == 0]
        best = max(stable, key=lambda lr: accuracy(method, lr))
        book = book_rates[method]
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


def values_after_figure(
    values: Mapping[str, Mapping[int, np.ndarray]],
    learning_rates: Mapping[str, np.ndarray],
    book_rates: Mapping[str, float],
    landscape: Landscape,
    start=(-7.0, 2.0),
    ylim=(1e-12, 1e6),
):
    """Plot :math:`f` after a number of updates against the learning rate, one panel per method.

    Parameters
    ----------
    values : mapping of str to mapping of int to numpy.ndarray
        For each optimizer, :func:`dlscratch.landscapes.values_after`'s result.
    learning_rates : mapping of str to numpy.ndarray
        The learning rates those values belong to.
    book_rates : mapping of str to float
        The learning rate of each method's path figure, drawn as a dotted line.
    landscape : dlscratch.landscapes.Landscape
        The function; its value at ``start`` is drawn as a grey line.
    start : tuple of float, default (-7.0, 2.0)
        The starting point of the paths.
    ylim : tuple of float, default (1e-12, 1e6)
        The range of :math:`f` shown; a curve that leaves it continues off the panel.

    Returns
    -------
    matplotlib.figure.Figure
        Logarithmic axes; a solid line for the most updates, a dashed one for
        the fewest, and crosses at the top where a path diverged.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.landscapes import anisotropic, values_after
    >>> from dlscratch.optim import SGD
    >>> from dlscratch.plotting import values_after_figure
    >>> rates = np.geomspace(0.1, 3, 5)
    >>> fig = values_after_figure({"SGD": values_after(SGD, anisotropic, rates)},
    ...                           {"SGD": rates}, {"SGD": 0.95}, anisotropic)
    >>> fig.axes[0].get_title(), fig.axes[0].get_xscale()
    ('SGD', 'log')
    """
    apply_style()
    rows = (len(values) + 1) // 2
    fig, axes = plt.subplots(
        rows, 2, figsize=(6.6, 2.2 * rows + 0.9), sharey=True, layout="constrained", squeeze=False
    )
    f_start = float(landscape.f(*start))
    for ax, (name, by_steps) in zip(axes.flat, values.items(), strict=False):
        color = OPTIMIZER_COLORS.get(name)
        rates = np.asarray(learning_rates[name])
        steps = sorted(by_steps)
        for k in steps:
            style = "-" if k == steps[-1] else "--"
            ax.plot(rates, by_steps[k], style, color=color, linewidth=1.6,
                    label=tr("after {n} updates", n=k))  # fmt: skip
        diverged = np.isnan(by_steps[steps[-1]])
        if diverged.any():
            top = ax.get_xaxis_transform()  # x in data, y = 1 at the panel's top edge
            ax.plot(rates[diverged], np.ones(diverged.sum()), transform=top, linestyle="none",
                    marker="x", markersize=5, color=color, clip_on=False)  # fmt: skip
        ax.axhline(f_start, color="0.6", linewidth=0.8)
        ax.axvline(book_rates[name], color="0.3", linestyle=":", linewidth=1)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_ylim(ylim)
        ax.set_title(name)
        ax.grid(alpha=0.3, which="major")
    for ax in axes.flat[len(values) :]:
        ax.set_visible(False)
    for ax in axes[:, 0]:
        ax.set_ylabel("f")
    for ax in axes[-1, :]:
        ax.set_xlabel(tr("learning rate") + " η")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    grey = plt.Line2D([], [], color="0.6", linewidth=0.8)
    dotted = plt.Line2D([], [], color="0.3", linestyle=":")
    cross = plt.Line2D([], [], color="0.3", marker="x", linestyle="none")
    fig.legend(
        [*handles, grey, dotted, cross],
        [*labels, tr("f at the start"), tr("η of the path figure"), tr("diverged")],
        loc="outside lower center", ncols=3, fontsize=8,
    )  # fmt: skip
    fig.suptitle(landscape.label)
    return fig


def coordinate_figure(paths: Mapping[str, np.ndarray], coordinate: str = "x", target=None):
    """Plot one coordinate's magnitude, :math:`|x_k|` or :math:`|y_k|`, against the step.

    On a logarithmic axis a coordinate that grows or shrinks by a constant
    factor per step is a straight line, which shows how fast a path leaves
    a saddle point or closes in on a minimum.

    Parameters
    ----------
    paths : dict of str to numpy.ndarray
        Optimizer name to path, from :func:`dlscratch.landscapes.trace_path`.
    coordinate : {"x", "y"}, default "x"
        Which coordinate to plot.
    target : float, optional
        A value to mark with a grey line, e.g. the minimum's coordinate.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from dlscratch.landscapes import saddle, trace_path
    >>> from dlscratch.optim import SGD
    >>> from dlscratch.plotting import coordinate_figure
    >>> path = trace_path(SGD(lr=0.05), saddle, start=(0.001, 1.2), steps=50)
    >>> fig = coordinate_figure({"SGD": path}, "x", target=1.0)
    >>> fig.axes[0].get_yscale(), fig.axes[0].get_ylabel()
    ('log', '|x|')
    """
    if coordinate not in ("x", "y"):
        raise ValueError(f"coordinate must be 'x' or 'y', got {coordinate!r}")
    column = 0 if coordinate == "x" else 1
    apply_style()
    fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
    for name, path in paths.items():
        steps = np.arange(len(path))
        ax.plot(steps, np.abs(path[:, column]), color=OPTIMIZER_COLORS.get(name), label=name,
                linewidth=1.6)  # fmt: skip
    if target is not None:
        ax.axhline(abs(target), color="0.6", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_xlabel(tr("updates"))
    ax.set_ylabel(f"|{coordinate}|")
    ax.set_xlim(0, len(path) - 1)
    ax.grid(alpha=0.3, which="major")
    ax.legend(loc="lower right", ncols=2, fontsize=9)
    return fig


# --- sections 6.2 and 6.3: initialization and batch normalization ---------------------------

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
    return fig


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
    return fig


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
    return _loss_curves(comparison, colors, tr("initial weights"), window)


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
        self.caption = _data_label(comparison)


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
    return fig


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
    return fig


__all__ += [
    "NETWORK_COLORS",
    "OTHER_COLORS",
    "NetworkTable",
    "activation_histogram_figure",
    "batch_norm_epsilon_figure",
    "batch_norm_grid_figure",
    "network_loss_figure",
    "symmetry_figure",
]


# --- overfitting and the hyperparameter search (sections 6.4 and 6.5) ------------------------

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
    return fig


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
    return fig


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
    return fig


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


__all__ += [
    "OverfittingTable",
    "SearchTable",
    "overfitting_figure",
    "search_curves_figure",
    "search_map_figure",
]
