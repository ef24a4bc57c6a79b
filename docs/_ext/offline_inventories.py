"""Intersphinx without the network: the inventories are plaintext lists in docs/_intersphinx/.

At ``config-inited``, before intersphinx checks its mapping, each list is compiled into the
build folder (only when it changed) and named as that project's inventory.
"""

from pathlib import Path

import sphobjinv

#: The projects the pages link to, with the address their links lead to.
PROJECTS = {
    "python": "https://docs.python.org/3/",
    "numpy": "https://numpy.org/doc/stable/",
    "matplotlib": "https://matplotlib.org/stable/",
}


def compile_inventories(app, config) -> None:
    source = Path(app.confdir) / "_intersphinx"
    target = Path(app.confdir) / "_build" / "intersphinx"
    target.mkdir(parents=True, exist_ok=True)
    mapping = {}
    for name, url in PROJECTS.items():
        plain = sphobjinv.Inventory(fname_plain=str(source / f"{name}.txt"))
        data = sphobjinv.compress(plain.data_file())
        compiled = target / f"{name}.inv"
        if not compiled.exists() or compiled.read_bytes() != data:
            sphobjinv.writebytes(str(compiled), data)
        mapping[name] = (url, str(compiled))
    config.intersphinx_mapping = mapping


def setup(app):
    # Before intersphinx validates the mapping (priority 800).
    app.connect("config-inited", compile_inventories, priority=500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
