"""The optimizer explorer's data, taken from dlscratch so that the page cannot drift from it.

As a Sphinx extension (``"explorer_data"`` in conf.py), it writes ``explorer-data.js`` into
the HTML output's ``_static`` folder when an HTML build starts.  Run as a script, it prints
the same file, which the Node tests of ``explorer-core.js`` read
(``tests/test_explorer_core.py``)::

    python docs/_ext/explorer_data.py > explorer-data.js
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

from dlscratch import landscapes, optim, validation
from dlscratch.registry import OPTIMIZERS

#: The explorer's name for each check of dlscratch.validation that a hyperparameter may have;
#: explorer-core.js knows these kinds.
RANGE_KINDS = {
    validation.positive_finite: "positive",  # finite and > 0
    validation.unit_interval: "unit-interval",  # in [0, 1)
}


def _range_kinds() -> dict[str, str]:
    """Each hyperparameter's range, read off the rules table that the optimizers check with."""
    kinds = {}
    for name, rule in optim.HYPERPARAMETER_RULES.items():
        if rule not in RANGE_KINDS:
            raise ValueError(
                f"the explorer knows no range for {name} ({rule.__name__}); "
                "add it to RANGE_KINDS and to RANGES in explorer-core.js"
            )
        kinds[name] = RANGE_KINDS[rule]
    return kinds


def explorer_data() -> dict:
    """Everything explorer-core.js and explorer.js take from the package, as JSON-ready data."""
    functions = {
        name: {
            "label": land.label,
            "view": land.view,
            "start": land.start,
            "minimum": land.minimum,
            "learningRates": dict(land.learning_rates),
        }
        for name, land in landscapes.LANDSCAPES.items()
    }
    return {
        "bound": landscapes.DIVERGENCE_BOUND,
        "bookSteps": landscapes.BOOK_STEPS,
        # The registry's order, which the figures and the explorer's lists follow.
        "colors": {name: entry.color for name, entry in OPTIMIZERS.items()},
        # A marker (matplotlib's code) and a dash pattern (in line widths) per optimizer, so
        # that the canvas tells the paths apart by shape as the figures do, not by colour alone.
        "markers": {name: entry.marker for name, entry in OPTIMIZERS.items()},
        "dashes": {name: list(entry.dash) for name, entry in OPTIMIZERS.items()},
        "optimizers": {
            name: {arg: p.default for arg, p in inspect.signature(entry.cls).parameters.items()}
            for name, entry in OPTIMIZERS.items()
        },
        "stateNames": {name: list(entry.cls.state_names) for name, entry in OPTIMIZERS.items()},
        "hyperparameterRules": _range_kinds(),
        # Switched on when the page opens: the optimizers of the book's comparison.
        "onByDefault": [name for name, entry in OPTIMIZERS.items() if entry.in_book_comparison],
        "functions": functions,
    }


def explorer_data_js() -> str:
    """The text of ``explorer-data.js``: the data as the global ``dlscratchExplorerData``."""
    return f"window.dlscratchExplorerData = {json.dumps(explorer_data(), indent=1)};\n"


def _write(app) -> None:
    if app.builder.format == "html":
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        (static / "explorer-data.js").write_text(explorer_data_js(), encoding="utf-8")


def setup(app):
    # Before any page is written: each page's <script> carries a checksum of the file it
    # finds in _static.  Sphinx's copy of html_static_path leaves other files there alone.
    app.connect("builder-inited", _write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    print(explorer_data_js(), end="")
