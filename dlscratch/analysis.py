"""Measures of trained networks, computed apart from the figures that show them.

Section 6.2 of the book warns against equal initial weights: every hidden
unit of a layer then computes the same thing and receives the same update,
so the units stay copies of one another however long the network trains.
:func:`distinct_units` counts the units of a layer whose incoming weights
differ, the number that :func:`~dlscratch.plotting.symmetry_figure` writes
above each weight matrix and that the gallery's example on the initial
weights prints for every hidden layer.

Examples
--------
>>> import numpy as np
>>> from dlscratch.analysis import distinct_units
>>> distinct_units(np.full((784, 50), 0.01))  # 50 units, all copies of one
1
"""

from __future__ import annotations

import numpy as np

__all__ = ["distinct_units"]


def distinct_units(W: np.ndarray, decimals: int = 6) -> int:
    """Count the distinct columns of ``W`` (units with different incoming weights).

    Columns equal after rounding to ``decimals`` decimals relative to the
    largest weight count as one.

    Examples
    --------
    >>> import numpy as np
    >>> from dlscratch.analysis import distinct_units
    >>> distinct_units(np.array([[1.0, 1.0, 2.0], [3.0, 3.0, 3.0]]))
    2
    """
    W = np.asarray(W, dtype=np.float64)
    scale = float(np.abs(W).max()) or 1.0
    return len(np.unique(np.round(W.T / scale, decimals), axis=0))
