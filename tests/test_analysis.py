"""Tests of dlscratch.analysis: measures of trained networks."""

import numpy as np

from dlscratch.analysis import distinct_units


def test_distinct_units_counts_equal_columns():
    W = np.array([[1.0, 1.0, 0.0], [2.0, 2.0, 0.0]])
    assert distinct_units(W) == 2
    assert distinct_units(np.zeros((3, 4))) == 1
