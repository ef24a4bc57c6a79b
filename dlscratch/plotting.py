"""Figures of the optimization chapter, shared by the gallery and the docs.

Every gallery script draws through these functions, so that style, colours,
labels and the language of the text live in one place.  The language comes
from :func:`language`: the site's build sets ``DLSCRATCH_LANG`` (``en`` or
``ko``), and a script run by hand may set it too.  Korean needs a font with
Hangul glyphs; :func:`apply_style` finds one (see :func:`korean_font_path`)
and keeps DejaVu Sans first so Latin text, digits and the minus sign look the
same in both languages.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from dlscratch.landscapes import Landscape

__all__ = [
    "LANGUAGES",
    "OPTIMIZER_COLORS",
    "ComparisonTable",
    "apply_style",
    "comparison_figure",
    "draw_contours",
    "draw_path",
    "gradient_field_figure",
    "language",
    "loss_curves_figure",
    "path_figure",
    "tr",
    "versus_figure",
]

#: Languages the figures can be drawn in.
LANGUAGES = ("en", "ko")

#: One colour per optimizer, the same in every figure of the site.
OPTIMIZER_COLORS = {
    "SGD": "#1f77b4",
    "Momentum": "#ff7f0e",
    "Nesterov": "#8c564b",
    "AdaGrad": "#2ca02c",
    "RMSprop": "#9467bd",
    "Adam": "#d62728",
}

# Korean for every English string the figures use; names of methods and
# symbols stay as they are.
_KOREAN = {
    "start": "시작점",
    "minimum": "최솟점",
    "after {n} updates": "{n}번 갱신 후",
    "update path": "갱신 경로",
    "isotropic": "등방성 함수",
    "anisotropic": "비등방성 함수",
    "surface": "곡면",
    "direction of steepest descent, −∇f": "가장 가파르게 내려가는 방향 −∇f",
    "iterations": "반복 횟수",
    "training loss": "훈련 손실",
    "loss (smoothed)": "손실(평활화)",
    "optimizer": "최적화 기법",
    "learning rate": "학습률",
    "faint: every iteration; bold: moving average of {window}": (
        "옅은 선: 매 반복, 진한 선: {window}회 이동 평균"
    ),
    "mean loss, last {n} iterations": "마지막 {n}회 평균 손실",
    "train accuracy": "훈련 정확도",
    "test accuracy": "시험 정확도",
    "training time (s)": "학습 시간(초)",
    "full MNIST ({n_train:,} training / {n_test:,} test images)": (
        "MNIST 전체(훈련 이미지 {n_train:,}장 / 시험 이미지 {n_test:,}장)"
    ),
    "bundled MNIST subset ({n_train:,} training / {n_test:,} test images)": (
        "내장 MNIST 부분 집합(훈련 이미지 {n_train:,}장 / 시험 이미지 {n_test:,}장)"
    ),
    # The mistakes page (gallery/plot_09_mistakes.py).
    "dlscratch's {name}": "dlscratch의 {name}",
    "with the mistake": "실수한 코드",
    "Momentum's update inside the if block": "if 블록 안에 들어간 모멘텀 갱신",
    "lr instead of self.lr (global lr = 0.95)": "self.lr 대신 lr (전역 변수 lr = 0.95)",
    "update(self, params, grad) reads a stale global grads": (
        "update(self, params, grad)가 남아 있던 전역 변수 grads를 읽음"
    ),
    "Nesterov: velocity updated first": "네스테로프: 속도를 먼저 갱신",
    "AdaGrad: ε inside the square root, on f/10⁴": "AdaGrad: 제곱근 안의 ε, f/10⁴에서",
    "params[key] = params[key] − …: the layer never moves": (
        "params[key] = params[key] − …: 계층은 움직이지 않음"
    ),
    "Adam without bias correction": "편향 보정 없는 Adam",
}


def language() -> str:
    """Return the language figures are drawn in: ``DLSCRATCH_LANG``, else ``"en"``.

    Returns
    -------
    str
        ``"en"`` or ``"ko"``.

    Raises
    ------
    ValueError
        If ``DLSCRATCH_LANG`` names a language the figures do not have.

    Examples
    --------
    >>> import os
    >>> from dlscratch.plotting import language
    >>> os.environ["DLSCRATCH_LANG"] = "ko"
    >>> language()
    'ko'
    >>> del os.environ["DLSCRATCH_LANG"]
    >>> language()
    'en'
    """
    lang = os.environ.get("DLSCRATCH_LANG", "en") or "en"
    if lang not in LANGUAGES:
        raise ValueError(f"DLSCRATCH_LANG must be one of {LANGUAGES}, got {lang!r}")
    return lang


def tr(text: str, **fields: object) -> str:
    """Translate a figure label into the current :func:`language`.

    Parameters
    ----------
    text : str
        The English label, a key of the translation table (placeholders such
        as ``{n}`` are filled from ``fields``).
    **fields
        Values for the placeholders.

    Returns
    -------
    str
        The label in the current language.

    Raises
    ------
    KeyError
        If the label has no Korean translation, so that no English text can
        slip into a Korean figure unnoticed.

    Examples
    --------
    >>> import os
    >>> from dlscratch.plotting import tr
    >>> tr("after {n} updates", n=30)
    'after 30 updates'
    >>> os.environ["DLSCRATCH_LANG"] = "ko"
    >>> tr("after {n} updates", n=30)
    '30번 갱신 후'
    >>> del os.environ["DLSCRATCH_LANG"]
    """
    if text not in _KOREAN:
        raise KeyError(f"figure label {text!r} has no Korean translation in dlscratch.plotting")
    translated = _KOREAN[text] if language() == "ko" else text
    return translated.format(**fields)


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
        The current :func:`language`.

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
        The figure's title, already in the current :func:`language`.

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
    paths: Mapping[str, np.ndarray], settings: Mapping[str, str], landscape: Landscape
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
    fig, axes = plt.subplots(
        rows, 2, figsize=(6.6, 1.45 * rows + 0.8), sharex=True, sharey=True, layout="constrained"
    )
    for ax, (name, path) in zip(axes.flat, paths.items(), strict=False):
        draw_contours(ax, landscape)
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
    from dlscratch.experiments import moving_average

    apply_style()
    fig, ax = plt.subplots(figsize=(6.4, 4.2), layout="constrained")
    for name, run in comparison.runs.items():
        color = OPTIMIZER_COLORS.get(name)
        steps = np.arange(1, len(run.losses) + 1)
        ax.plot(steps, run.losses, color=color, alpha=0.2, linewidth=0.8)
        ax.plot(steps, moving_average(run.losses, window), color=color, linewidth=2, label=name)
    ax.set_xlabel(tr("iterations"))
    ax.set_ylabel(tr("training loss"))
    ax.set_xlim(0, len(run.losses))
    ax.set_ylim(0, 2.5)
    ax.set_title(_data_label(comparison), fontsize=11)
    ax.legend(title=tr("optimizer"), loc="upper right")
    ax.text(
        0.98, 0.55, tr("faint: every iteration; bold: moving average of {window}", window=window),
        transform=ax.transAxes, ha="right", fontsize=9, color="0.35",
    )  # fmt: skip
    ax.grid(alpha=0.3)
    return fig


class ComparisonTable:
    """The numbers under the MNIST figure, as an HTML table in the gallery.

    sphinx-gallery shows the ``_repr_html_`` of a cell's last expression;
    printed, the table is plain text.

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
        self.rows = [
            [
                name,
                f"{np.mean(run.losses[-last:]):.4f}",
                f"{run.train_accuracy:.2%}",
                f"{run.test_accuracy:.2%}",
                f"{run.seconds:.1f}",
            ]
            for name, run in comparison.runs.items()
        ]
        self.caption = _data_label(comparison)

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
