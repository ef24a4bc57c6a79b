"""Shared pytest configuration: tests under tests/site/ need the built site."""

from pathlib import Path

import pytest

SITE_TESTS = Path(__file__).parent / "site"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SITE_TESTS in Path(item.fspath).parents:
            item.add_marker(pytest.mark.site)
