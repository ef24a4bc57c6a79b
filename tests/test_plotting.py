"""Tests of the package dlscratch.plotting as a whole: its public names and its layout.

The figures are tested by module, in tests/test_plotting_*.py.
"""

import ast
import importlib
from pathlib import Path

import pytest

from dlscratch import plotting

PACKAGE = Path(plotting.__file__).parent
MODULES = sorted(path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__")

#: What ``from dlscratch.plotting import ...`` gives the gallery, the docs and the tests.
PUBLIC = {
    "OPTIMIZER_COLORS", "apply_style", "korean_font_path",
    "describe", "description",
    "comparison_figure", "coordinate_figure", "draw_contours", "draw_path",
    "gradient_field_figure", "path_figure", "values_after_figure", "versus_figure",
    "learning_rate_figure", "loss_curves_figure", "seed_spread_figure",
    "ComparisonTable", "NetworkTable", "OverfittingTable", "SearchTable", "SeedTable",
    "spread_report", "sweep_report",
    "NETWORK_COLORS", "OTHER_COLORS", "activation_histogram_figure", "batch_norm_epsilon_figure",
    "batch_norm_grid_figure", "network_loss_figure", "symmetry_figure",
    "overfitting_figure", "search_curves_figure", "search_map_figure",
}  # fmt: skip


def test_the_package_exports_each_public_name_once():
    assert len(plotting.__all__) == len(set(plotting.__all__))
    assert set(plotting.__all__) == PUBLIC
    for name in plotting.__all__:
        getattr(plotting, name)


@pytest.mark.parametrize("name", ["tr", "language", "LANGUAGES", "distinct_units"])
def test_the_language_and_the_analysis_live_elsewhere(name):
    # dlscratch.i18n and dlscratch.analysis are their one place.
    assert not hasattr(plotting, name)


def _module(name):
    return importlib.import_module(f"dlscratch.plotting.{name}")


def _defined(name) -> set[str]:
    """The names that module ``name`` of the package defines at its top level."""
    tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _owner(name) -> str:
    owners = [module for module in MODULES if name in _defined(module)]
    assert len(owners) == 1, (name, owners)
    return owners[0]


def test_each_public_name_is_defined_in_one_module():
    for name in plotting.__all__:
        assert getattr(plotting, name) is getattr(_module(_owner(name)), name), name


def _doc_comments(path: Path) -> dict[str, str]:
    """The ``#:`` comment above each top-level assignment, as Sphinx's autodoc reads it."""
    comments, block = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#:"):
            block.append(line[2:].strip())
        elif block and "=" in line and line.split("=")[0].strip().isidentifier():
            comments[line.split("=")[0].strip()] = " ".join(block)
            block = []
        else:
            block = []
    return comments


def test_the_colours_are_documented_where_the_api_reference_finds_them():
    # The API reference documents them as dlscratch.plotting.X: their "#:" comments must be
    # in the package's __init__.py, in the words of their definitions.
    documented = _doc_comments(PACKAGE / "__init__.py")
    constants = [name for name in plotting.__all__ if name.isupper()]
    assert sorted(documented) == sorted(constants)
    for name in constants:
        assert documented[name] == _doc_comments(PACKAGE / f"{_owner(name)}.py")[name], name


def _imports(path: Path):
    """(module, names) of each ``from dlscratch... import ...`` at the top level of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dlscratch"):
            yield node.module, [alias.name for alias in node.names]


def test_no_module_imports_a_private_name_or_imports_in_a_cycle():
    files = [*PACKAGE.glob("*.py"), PACKAGE.parent / "analysis.py"]
    graph = {}
    for path in files:
        for module, names in _imports(path):
            assert not [n for n in names if n.startswith("_")], (path.name, module, names)
        if path.stem != "__init__":
            graph[path.stem] = {
                module.rsplit(".", 1)[-1]
                for module, _ in _imports(path)
                if module.startswith("dlscratch.plotting.")
            }
    done = set()

    def visit(name, stack):
        assert name not in stack, f"import cycle: {' -> '.join([*stack, name])}"
        if name not in done:
            for other in graph.get(name, ()):
                visit(other, [*stack, name])
            done.add(name)

    for name in graph:
        visit(name, [])


def test_no_module_is_over_800_lines():
    for path in [*PACKAGE.glob("*.py"), PACKAGE.parent / "analysis.py"]:
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 800, path.name
