"""Sphinx configuration of the dlscratch site.

The site is written in English; the Korean build is the same source with the
gettext catalogs of ``locale/ko``.  ``build.py`` builds every language and
keeps a generated gallery per language, because the gallery's figures are
drawn in the reader's language.
"""

import functools
import html
import os
import re
import sys
from pathlib import Path

import sphobjinv

import dlscratch

DOCS = Path(__file__).resolve().parent
# The repository root, where gallery/ lives; build.py names it, since a language other than
# English builds from a mirror of docs/ inside docs/_build.
REPO = Path(os.environ.get("DLSCRATCH_REPO", DOCS.parent))

project = "dlscratch"
_AUTHORS = {"en": "the dlscratch developers", "ko": "dlscratch 개발자"}
author = _AUTHORS.get(os.environ.get("DLSCRATCH_LANG", "en"), _AUTHORS["en"])
copyright = f"2026, {author}"
release = version = dlscratch.__version__

# The MNIST comparison is trained once per build folder and reused by every language.
os.environ.setdefault("DLSCRATCH_CACHE", str(DOCS / "_build" / "experiments"))
# sphinx-gallery runs two examples at a time ("parallel" below): one training thread each.
os.environ.setdefault("DLSCRATCH_WORKERS", "1")


# Functions that sphinx-gallery calls by name live in _ext/; the examples run in worker
# processes too ("parallel" below), which find them through PYTHONPATH.
sys.path.insert(0, str(DOCS / "_ext"))
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, [str(DOCS / "_ext"), os.environ.get("PYTHONPATH")])
)


# The build language; build.py sets it for each build, and the gallery's figures follow it.
language = os.environ.setdefault("DLSCRATCH_LANG", "en")
locale_dirs = ["locale/"]
gettext_compact = False
gettext_uuid = False

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_copybutton",
    "sphinx_gallery.gen_gallery",
    "sphinx-mathjax-offline",
    "explorer_data",  # _ext/: writes explorer-data.js, the explorer's facts from dlscratch
]

exclude_patterns = ["_build", "locale", "**/README.md"]
templates_path = ["_templates"]
html_static_path = ["_static"]
nitpicky = True

# --- MyST ------------------------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
myst_heading_anchors = 3

# --- API reference ---------------------------------------------------------------------------
autosummary_generate = True
autodoc_typehints = "none"  # numpydoc's Parameters sections carry the types
autodoc_default_options = {"members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# --- Intersphinx, offline --------------------------------------------------------------------
# The inventories are small plaintext lists in _intersphinx/, compiled here, so the
# build never needs the network.
_INVENTORIES = {
    "python": "https://docs.python.org/3/",
    "numpy": "https://numpy.org/doc/stable/",
    "matplotlib": "https://matplotlib.org/stable/",
}
intersphinx_mapping = {}
for _name, _url in _INVENTORIES.items():
    _plain = DOCS / "_intersphinx" / f"{_name}.txt"
    _compiled = DOCS / "_build" / "intersphinx" / f"{_name}.inv"
    _compiled.parent.mkdir(parents=True, exist_ok=True)
    _data = sphobjinv.compress(sphobjinv.Inventory(fname_plain=str(_plain)).data_file())
    if not _compiled.exists() or _compiled.read_bytes() != _data:
        sphobjinv.writebytes(str(_compiled), _data)
    intersphinx_mapping[_name] = (_url, str(_compiled))

# --- Gallery ---------------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": str(REPO / "gallery"),
    "gallery_dirs": "auto_gallery",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "doc_module": ("dlscratch",),
    "backreferences_dir": "gen_modules/backreferences",
    "reference_url": {"dlscratch": None},
    "remove_config_comments": True,
    "reset_modules": ("matplotlib", "gallery_hooks.quiet_mnist_fallback"),
    "abort_on_example_error": True,
    "show_memory": False,
    "image_srcset": ["2x"],
    # Each figure drawn once, at 2x, and scaled down for the 1x image (see gallery_hooks).
    "image_scrapers": ("gallery_hooks.matplotlib_once",),
    "matplotlib_animations": False,
    "download_all_examples": False,
    "run_stale_examples": False,
    # Two examples at a time (joblib's worker processes): the MNIST experiments train for
    # most of the build, and one example alone keeps only part of the two cores busy.
    "parallel": 2,
    # Timings change with every build; leaving them out keeps the pages (and their
    # translations) the same from build to build.
    "min_reported_time": float("inf"),
    "write_computation_times": False,
}

# --- HTML ------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "dlscratch"
html_css_files = ["dlscratch.css"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_show_sphinx = False  # furo's "Made with Sphinx and ...'s" line cannot be translated
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "language-switch.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}

#: The languages of the site, each with its name written in itself.
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}


def _add_language_switch(app, pagename, templatename, context, doctree):
    """Give every page the relative link to the same page in each other language."""
    up = "../" * (pagename.count("/") + 1)
    context["language_links"] = [
        (lang, name, f"{up}{lang}/{pagename}.html", lang == app.config.language)
        for lang, name in LANGUAGE_NAMES.items()
    ]


# sphinx-gallery writes each example's card (title and tooltip) as raw HTML, which gettext
# never sees; the Korean pages take both from the example's own catalog.
_GALLERY_CARD = re.compile(r'(tooltip="|<div class="sphx-glr-thumbnail-title">)([^"<]*)')


@functools.cache
def _gallery_card_translations(lang: str) -> dict[str, str]:
    """Map each example's title and first paragraph, as the cards show them, to ``lang``."""
    from babel.messages.pofile import read_po
    from sphinx_gallery.gen_rst import _sanitize_rst  # the cards' own text cleaning

    table = {}
    for po in (DOCS / "locale" / lang / "LC_MESSAGES" / "auto_gallery").glob("plot_*.po"):
        with po.open("rb") as file:
            for message in read_po(file):
                if message.id and message.string and not message.fuzzy:
                    # "\ " separates Korean from markup in the catalogs; it renders as nothing.
                    korean = _sanitize_rst(message.string.replace("\\ ", ""))
                    table[html.escape(_sanitize_rst(message.id))] = html.escape(korean)
    return table


def _translate_gallery_cards(app, pagename, templatename, context, doctree):
    if app.config.language == "en" or "body" not in context:
        return
    table = _gallery_card_translations(app.config.language)
    # A tooltip is HTML-escaped and a title is not (Rosenbrock's): look both up escaped.
    context["body"] = _GALLERY_CARD.sub(
        lambda match: (
            match.group(1) + table.get(html.escape(html.unescape(match.group(2))), match.group(2))
        ),
        context["body"],
    )


def _add_explorer(app, pagename, templatename, context, doctree):
    """Load the explorer's script and style on its own page only."""
    if pagename == "user_guide/explorer":
        app.add_css_file("explorer.css")
        app.add_js_file("explorer-data.js")
        app.add_js_file("explorer-core.js")
        app.add_js_file("explorer.js")


def _mark_gallery_ran(app):
    """Tell build.py that the examples have run, so other builds may start beside this one."""
    marker = os.environ.get("DLSCRATCH_GALLERY_MARKER")
    if marker:
        Path(marker).touch()


def setup(app):
    # build.py reads and writes pages in two processes (sphinx -j 2), which Sphinx allows only
    # if every extension says it may.  sphinx-mathjax-offline does not say, but all it does
    # is copy MathJax into the output at the end of the build, which is safe.
    app.extensions["sphinx-mathjax-offline"].parallel_read_safe = True
    # After sphinx-gallery's own builder-inited handler (priority 500), which runs the examples.
    app.connect("builder-inited", _mark_gallery_ran, priority=900)
    app.connect("html-page-context", _translate_gallery_cards)
    # sphinx-mathjax-offline serves MathJax from the build; use its SVG output, which needs
    # no web fonts (browsers refuse to load fonts from file:// pages).
    app.config.mathjax_path = "mathjax/tex-svg.js"
    app.connect("html-page-context", _add_language_switch)
    app.connect("html-page-context", _add_explorer)


html_show_search_summary = False  # summaries are fetched over HTTP, which file:// pages cannot do
