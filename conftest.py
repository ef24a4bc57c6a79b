"""Shared by every test and doctest, those of ``dlscratch/`` included.

The doctests of :mod:`dlscratch.plotting` draw figures through pyplot, which keeps them
open; past twenty, matplotlib warns, and warnings are errors here.  Each test's figures are
closed when it ends.
"""

import sys

import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")  # only if the test used it
    if pyplot is not None:
        pyplot.close("all")
