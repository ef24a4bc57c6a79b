"""The import structure of dlscratch: no cycles, and no module imports another's private names.

Read from the source with ``ast`` (imports inside functions included), so a cycle that a
function-level import would hide at run time is found too.
"""

import ast
from pathlib import Path

import dlscratch

PACKAGE = Path(dlscratch.__file__).resolve().parent


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name):
    """``(module, imported names)`` for every import of dlscratch that module ``name`` makes."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    is_package = MODULES[name].name == "__init__.py"
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's package upwards
                package = name.split(".") if is_package else name.split(".")[:-1]
                base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
            # ``from package import submodule`` imports the submodule, anything else the module.
            names = [alias.name for alias in node.names if f"{base}.{alias.name}" not in MODULES]
            found += [(f"{base}.{alias.name}", []) for alias in node.names
                      if f"{base}.{alias.name}" in MODULES]  # fmt: skip
            if names:
                found.append((base, names))
    return [(module, names) for module, names in found if module in MODULES]


def test_no_module_imports_another_modules_private_names():
    offences = [
        f"{name} imports {module}.{imported}"
        for name in MODULES
        for module, names in imports(name)
        for imported in names
        if module != name and imported.startswith("_") and not imported.endswith("__")
    ]
    assert offences == []


def test_there_are_no_import_cycles():
    graph = {name: {module for module, _ in imports(name) if module != name} for name in MODULES}
    done, path = set(), []

    def visit(name):
        if name in path:
            raise AssertionError("import cycle: " + " -> ".join([*path[path.index(name) :], name]))
        if name in done:
            return
        path.append(name)
        for module in sorted(graph[name]):
            visit(module)
        path.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)


def test_training_does_not_import_the_experiments():
    imported = [module for module, _ in imports("dlscratch.training")]
    assert imported and not any(module.startswith("dlscratch.experiments") for module in imported)
