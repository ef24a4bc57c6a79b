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

from dlscratch.plotting import networks, style
from dlscratch.plotting.curves import learning_rate_figure, loss_curves_figure, seed_spread_figure
from dlscratch.plotting.descriptions import describe, description
from dlscratch.plotting.networks import (
    activation_histogram_figure,
    batch_norm_epsilon_figure,
    batch_norm_grid_figure,
    network_loss_figure,
    symmetry_figure,
)
from dlscratch.plotting.paths import (
    comparison_figure,
    coordinate_figure,
    draw_contours,
    draw_path,
    gradient_field_figure,
    path_figure,
    values_after_figure,
    versus_figure,
)
from dlscratch.plotting.regularization import (
    overfitting_figure,
    search_curves_figure,
    search_map_figure,
)
from dlscratch.plotting.style import apply_style, korean_font_path
from dlscratch.plotting.tables import (
    ComparisonTable,
    NetworkTable,
    OverfittingTable,
    SearchTable,
    SeedTable,
    spread_report,
    sweep_report,
)

__all__ = [
    # style: fonts, style and the optimizers' colours
    "OPTIMIZER_COLORS",
    "apply_style",
    "korean_font_path",
    # descriptions: what each figure shows, in words (the images' alternative text)
    "describe",
    "description",
    # paths: the 2-D landscapes and the optimizers' paths (section 6.1)
    "comparison_figure",
    "coordinate_figure",
    "draw_contours",
    "draw_path",
    "gradient_field_figure",
    "path_figure",
    "values_after_figure",
    "versus_figure",
    # curves: training on MNIST, over seeds and learning rates (section 6.1)
    "learning_rate_figure",
    "loss_curves_figure",
    "seed_spread_figure",
    # tables: the numbers under the figures, as tables and sentences
    "ComparisonTable",
    "NetworkTable",
    "OverfittingTable",
    "SearchTable",
    "SeedTable",
    "spread_report",
    "sweep_report",
    # networks: initialization and batch normalization (sections 6.2 and 6.3)
    "NETWORK_COLORS",
    "OTHER_COLORS",
    "activation_histogram_figure",
    "batch_norm_epsilon_figure",
    "batch_norm_grid_figure",
    "network_loss_figure",
    "symmetry_figure",
    # regularization: overfitting and the hyperparameter search (sections 6.4 and 6.5)
    "overfitting_figure",
    "search_curves_figure",
    "search_map_figure",
]

# The API reference documents the colours as dlscratch.plotting.X, and Sphinx reads the
# description of a constant from the "#:" comment above its assignment in that module: so
# they are assigned here too, with the words of their definitions (tests/test_plotting.py
# checks that the two stay the same).

#: One colour per optimizer, the same in every figure of the site (from :mod:`dlscratch.registry`).
OPTIMIZER_COLORS = style.OPTIMIZER_COLORS
#: Colours of Xavier's and He's initializations in every figure of section 6.2; other
#: settings take the colours of ``OTHER_COLORS`` in the order they are given.
NETWORK_COLORS = networks.NETWORK_COLORS
#: Colours of the settings of section 6.2 other than Xavier and He, in order.
OTHER_COLORS = networks.OTHER_COLORS
