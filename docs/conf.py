"""Sphinx configuration of the dlscratch site.

The site is written in English; the Korean build is the same source with the
gettext catalogs of ``locale/ko``.  ``build.py`` builds every language and
keeps a generated gallery per language, because the gallery's figures are
drawn in the reader's language.
"""

import os
import sys
from pathlib import Path

import dlscratch

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent  # where gallery/ lives

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
    "sphinx_design",  # dropdowns (native <details>) for the exercises' answers
    "sphinx_gallery.gen_gallery",
    "sphinx-mathjax-offline",
    "explorer_data",  # _ext/: writes explorer-data.js, the explorer's facts from dlscratch
    "offline_inventories",  # _ext/: intersphinx from the plaintext lists in _intersphinx/
    "site_pages",  # _ext/: language switch, translated gallery cards, the explorer's scripts
    "korean_search",  # _ext/: the Korean site's search, by pairs of syllables
    "checked_code",  # _ext/: a script and what it prints, run in the page's language
    "accessibility",  # _ext/: code blocks reachable by keyboard, valid citation lists
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
# The inventories are plaintext lists in _intersphinx/; _ext/offline_inventories.py compiles
# them and sets intersphinx_mapping, so the build never needs the network.

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


def setup(app):
    # build.py reads and writes pages in two processes (sphinx -j 2), which Sphinx allows only
    # if every extension says it may.  sphinx-mathjax-offline does not say, but all it does
    # is copy MathJax into the output at the end of the build, which is safe.
    app.extensions["sphinx-mathjax-offline"].parallel_read_safe = True
    # sphinx-mathjax-offline serves MathJax from the build; use its SVG output, which needs
    # no web fonts (browsers refuse to load fonts from file:// pages).
    app.config.mathjax_path = "mathjax/tex-svg.js"


html_show_search_summary = True  # over HTTP; _ext/site_pages.py turns them off on file://
