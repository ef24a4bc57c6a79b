"""Figures of the 2-D landscapes and of the optimizers' paths over them (section 6.1).

:func:`draw_contours` and :func:`draw_path` draw on a given axes;
:func:`path_figure`, :func:`versus_figure` and :func:`comparison_figure` show
paths over the contours, :func:`gradient_field_figure` the landscapes
themselves, and :func:`values_after_figure` and :func:`coordinate_figure` how
far the paths get.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np

from dlscratch.i18n import tr
from dlscratch.landscapes import Landscape
from dlscratch.plotting import descriptions as say
from dlscratch.plotting.descriptions import describe
from dlscratch.plotting.style import OPTIMIZER_COLORS, apply_style, optimizer_style, spread_markers


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


#: Paths up to this many updates get a marker on every point, longer ones about
#: ``_MARKS_ON_A_LONG_PATH`` markers in all (the explorer's numbers too).
_MARKED_POINTS = 120
_MARKS_ON_A_LONG_PATH = 40


def draw_path(
    ax, path: np.ndarray, color: str, label: str | None = None, *, marker="o", linestyle="-"
) -> None:
    """Draw an optimizer's path: a line through a marker for every point.

    A path of more than 120 updates gets a marker every few updates instead,
    about 40 in all, as in the explorer: a marker on each point would merge
    into a smear, while every ``k``-th still shows where the steps are short.

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
    marker : str, default "o"
        Matplotlib's marker for the points, e.g. the ``marker`` of the
        optimizer's :class:`~dlscratch.registry.OptimizerEntry`.
    linestyle : str or tuple, default "-"
        Matplotlib's line style, e.g. the ``linestyle`` of the optimizer's
        :class:`~dlscratch.registry.OptimizerEntry`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import numpy as np
    >>> from dlscratch.plotting import draw_path
    >>> fig, ax = plt.subplots()
    >>> draw_path(ax, np.array([[-7.0, 2.0], [-6.3, -1.8], [-5.7, 1.6]]), "tab:blue")
    >>> [len(line.get_xdata()) for line in ax.get_lines()]  # the path, then the start
    [3, 1]
    >>> draw_path(ax, np.zeros((501, 2)), "tab:blue")
    >>> ax.get_lines()[-2].get_markevery()  # 500 updates: a marker every 13th point
    13
    """
    updates = len(path) - 1
    every = None if updates <= _MARKED_POINTS else math.ceil(updates / _MARKS_ON_A_LONG_PATH)
    ax.plot(path[:, 0], path[:, 1], color=color, marker=marker, linestyle=linestyle,
            markevery=every, markersize=4, linewidth=1.3, label=label)  # fmt: skip
    ax.plot(*path[0], marker="s", markersize=8, color=color, markeredgecolor="black")


def _entry_style(name: str) -> dict:
    """``draw_path``'s marker and linestyle for optimizer ``name`` (``optimizer_style``'s)."""
    style = optimizer_style(name)
    return {"marker": style["marker"], "linestyle": style["linestyle"]}


def _legend_handles(name: str):
    from matplotlib.lines import Line2D

    color = OPTIMIZER_COLORS[name]
    return [
        Line2D([], [], color=color, markersize=4, label=tr("update path"), **_entry_style(name)),
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
    draw_path(ax, path, OPTIMIZER_COLORS[name], **_entry_style(name))
    n_updates = len(path) - 1
    ax.set_title(f"{name}, {setting}: {tr('after {n} updates', n=n_updates)}")
    ax.legend(handles=_legend_handles(name), loc="upper right", framealpha=0.9)
    return describe(fig, tr(
        "Path of {name} ({setting}) over the contour lines of {label}: {n} updates from "
        "{start} to {end}, {crossing}. The star marks the minimum at {minimum}.",
        name=say.name(name), setting=setting, label=landscape.label, n=n_updates,
        start=say.point(path[0], 3), end=say.point(say.last_finite(path)),
        crossing=_crossing_text(crossings(path)), minimum=say.point(landscape.minimum),
    ))  # fmt: skip


def crossings(path: np.ndarray) -> int:
    """Count the updates that take ``path`` from one side of the line y = 0 to the other.

    On the book's valley this is the zig-zag the eye sees: SGD crosses at every step.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.plotting.paths import crossings
    >>> crossings(np.array([[-7.0, 2.0], [-6.0, -1.0], [-5.0, 0.5], [-4.0, 0.2]]))
    2
    """
    y = path[:, 1]
    return int(np.count_nonzero(y[:-1] * y[1:] < 0))


def _crossing_text(k: int) -> str:
    if k == 0:
        return tr("never crossing the line y = 0")
    if k == 1:
        return tr("crossing the line y = 0 once")
    return tr("crossing the line y = 0 {k} times", k=k)


def _distance(path: np.ndarray, landscape: Landscape) -> float:
    """How far the last finite point of ``path`` is from ``landscape``'s minimum."""
    return float(np.hypot(*(say.last_finite(path) - np.asarray(landscape.minimum))))


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
        Shape ``(m + 1, 2)``, the path of the faulty code, drawn on top in grey,
        dotted, with crosses.
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
    draw_path(ax, correct, OPTIMIZER_COLORS[name], label=tr("dlscratch's {name}", name=name),
              **_entry_style(name))  # fmt: skip
    # Crosses and dots, which no optimizer has: grey alone may look like a colour.
    draw_path(ax, wrong, _WRONG_COLOR, label=tr("with the mistake"), marker="x", linestyle=":")
    ax.set_title(title)
    ax.legend(loc="upper right", framealpha=0.9)
    if np.isnan(wrong).any():
        faulty = tr(
            "the faulty one (grey) diverges after {k} updates",
            k=int(np.flatnonzero(np.isnan(wrong[:, 0]))[0]),
        )
    else:
        faulty = tr(
            "the faulty one (grey) at {end}, {distance} from it",
            end=say.point(wrong[-1]), distance=say.number(_distance(wrong, landscape)),
        )  # fmt: skip
    return describe(fig, tr(
        "{title}. Both paths start at {start} on {label}: dlscratch's {name} (in colour) ends "
        "at {end}, {distance} from the minimum {minimum}, and {faulty}.",
        title=title.rstrip("."), start=say.point(correct[0], 3), label=landscape.label,
        name=say.name(name), end=say.point(say.last_finite(correct)),
        distance=say.number(_distance(correct, landscape)),
        minimum=say.point(landscape.minimum), faulty=faulty,
    ))  # fmt: skip


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
        draw_path(ax, path, OPTIMIZER_COLORS[name], **_entry_style(name))
        ax.set_title(f"{name} ({settings[name]})")
        ax.label_outer()
    for ax in axes.flat[len(paths) :]:
        ax.set_visible(False)
    n_updates = len(next(iter(paths.values()))) - 1
    fig.suptitle(f"{landscape.label}: {tr('after {n} updates', n=n_updates)}")
    distances = {name: _distance(path, landscape) for name, path in paths.items()}
    closest = min(distances, key=distances.get)
    furthest = max(distances, key=distances.get)
    text = tr(
        "{k} panels with the paths of {names} over the contour lines of {label}, {n} updates "
        "each from {start}.",
        k=len(paths), names=say.join(map(say.name, paths)), label=landscape.label,
        n=n_updates, start=say.point(next(iter(paths.values()))[0], 3),
    )  # fmt: skip
    if distances[furthest] < 0.05:  # at the figure's scale every path has arrived
        text += " " + tr("All end within 0.05 of the minimum at {minimum}.",
                         minimum=say.point(landscape.minimum))  # fmt: skip
    else:
        text += " " + tr(
            "At the end {closest} is closest to the minimum at {minimum}, {near} away, and "
            "{furthest} furthest, {far} away.",
            closest=say.name(closest), minimum=say.point(landscape.minimum),
            near=say.number(distances[closest]), furthest=say.name(furthest),
            far=say.number(distances[furthest]),
        )  # fmt: skip
    return describe(fig, text)


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
        qx, qy = _arrow_grid()
        gx, gy = landscape.grad(qx, qy)
        norm = np.hypot(gx, gy)
        norm[norm == 0] = 1
        ax_field.quiver(qx, qy, -gx / norm, -gy / norm, color="#1f77b4", angles="xy",
                        scale_units="xy", scale=1.3, width=0.005)  # fmt: skip
        ax_field.set_title(tr("direction of steepest descent, −∇f"), fontsize=11)
    shares = [
        tr("{share} on {label}", share=say.percent(pointing_at_minimum(landscape)),
           label=landscape.label)
        for landscape in landscapes
    ]  # fmt: skip
    return describe(fig, tr(
        "Each of {labels} as a 3-D surface above its contour lines with arrows along the "
        "direction of steepest descent. Arrows that point within 10° of the minimum: {shares}.",
        labels=say.join(landscape.label for landscape in landscapes), shares=say.join(shares),
    ))  # fmt: skip


def _arrow_grid() -> tuple[np.ndarray, np.ndarray]:
    """The points where :func:`gradient_field_figure` draws its arrows, 15 by 7."""
    return np.meshgrid(np.linspace(-7, 7, 15), np.linspace(-2.5, 2.5, 7))


def pointing_at_minimum(landscape: Landscape, within: float = 10.0) -> float:
    """The share of :func:`gradient_field_figure`'s arrows that point at the minimum.

    Parameters
    ----------
    landscape : dlscratch.landscapes.Landscape
    within : float, default 10.0
        The largest angle, in degrees, between :math:`-\\nabla f` and the
        direction to the minimum for an arrow to count.

    Returns
    -------
    float
        Between 0 and 1, over the figure's grid of arrows.

    Examples
    --------
    >>> from dlscratch.landscapes import anisotropic, isotropic
    >>> from dlscratch.plotting.paths import pointing_at_minimum
    >>> pointing_at_minimum(isotropic), round(pointing_at_minimum(anisotropic), 2)
    (1.0, 0.19)
    """
    qx, qy = _arrow_grid()
    gx, gy = landscape.grad(qx, qy)
    tx, ty = landscape.minimum[0] - qx, landscape.minimum[1] - qy
    away = np.hypot(tx, ty) > 0  # no direction to the minimum from the minimum itself
    cosine = (-gx * tx - gy * ty) / (np.hypot(gx, gy) * np.hypot(tx, ty) + 1e-300)
    return float(np.mean(cosine[away] >= np.cos(np.radians(within))))


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
    first = {}
    for name, by_steps in values.items():
        rates = np.asarray(learning_rates[name])
        diverged = rates[np.isnan(by_steps[max(by_steps)])]
        if len(diverged):
            first[name] = diverged.min()
    text = tr(
        "{k} panels, one per optimizer, of f after {steps} updates from {start} on {label} "
        "against η from {low} to {high}, on log-log axes.",
        k=len(values), steps=say.join(str(k) for k in sorted(next(iter(values.values())))),
        start=say.point(start), label=landscape.label,
        low=say.significant(min(np.min(r) for r in learning_rates.values()), 3),
        high=say.significant(max(np.max(r) for r in learning_rates.values()), 3),
    )  # fmt: skip
    if first:
        text += " " + tr(
            "Smallest η at which the path diverges: {items}.",
            items=say.join(f"{say.name(n)} {say.number(lr, 3)}" for n, lr in first.items()),
        )
    steady = [say.name(name) for name in values if name not in first]
    if steady:
        text += " " + tr("No η makes {names} diverge.", names=say.join(steady))
    return describe(fig, text)


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
    for i, (name, path) in enumerate(paths.items()):
        steps = np.arange(len(path))
        style = optimizer_style(name, markevery=spread_markers(i, len(paths)))
        ax.plot(steps, np.abs(path[:, column]), label=name, linewidth=1.6, markersize=5, **style)
    if target is not None:
        ax.axhline(abs(target), color="0.6", linewidth=0.8)
    ax.set_yscale("log")
    ax.set_xlabel(tr("updates"))
    ax.set_ylabel(f"|{coordinate}|")
    ax.set_xlim(0, len(path) - 1)
    ax.grid(alpha=0.3, which="major")
    ax.legend(loc="lower right", ncols=2, fontsize=9)
    text = tr(
        "|{c}| on the paths of {names} over {n} updates, on a logarithmic axis.",
        c=coordinate,
        n=len(path) - 1,
        names=say.join(map(say.name, paths)),
    )
    if target is not None:
        half = abs(target) / 2
        items = []
        for name, path in paths.items():
            beyond = np.flatnonzero(np.abs(path[:, column]) > half)
            items.append(
                f"{say.name(name)} {beyond[0]}" if len(beyond)
                else tr("{name} never", name=say.name(name))
            )  # fmt: skip
        text += " " + tr(
            "The grey line marks |{c}| = {target}. Update at which |{c}| first exceeds {half}: "
            "{items}.",
            c=coordinate, target=say.number(abs(target)), half=say.number(half),
            items=say.join(items),
        )  # fmt: skip
    return describe(fig, text)
