"""Build the dlscratch site in every language, with warnings as errors.

Usage::

    python docs/build.py                      # every language, into docs/_build/html/
    python docs/build.py --lang ko            # one language
    python docs/build.py --clean              # forget everything built before
    python docs/build.py --extract-messages   # the message templates, into docs/_build/gettext
    python docs/build.py --update-catalogs    # bring locale/ko up to date with the source

The steps run one after another, and the first that fails stops the build with
its error:

1. **English** from ``docs/`` into ``_build/html/en``.  Its gallery runs the
   examples, which train every experiment once and store the results in
   ``_build/experiments`` (:mod:`dlscratch.experiments.cache`).
2. **Korean**: the same source with the catalogs of ``locale/ko``, into
   ``_build/html/ko``.  Its examples run again, to draw the figures and print
   their text in Korean, but read every experiment from the store.
3. ``_build/html/index.html``, which sends each reader to their language.

Each step keeps both cores busy: sphinx-gallery runs two examples at a time,
and Sphinx reads and writes pages in two processes (``-j 2``).

The gallery's pages differ by language, and sphinx-gallery writes them into
``docs/auto_gallery``.  So each language keeps its own generated gallery in
``_build/gallery/<lang>``, and a build moves it into place and back
(:func:`gallery_of`).  sphinx-gallery then reruns only the examples that
changed, and a rebuild with nothing changed runs none.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

DOCS = Path(__file__).resolve().parent
BUILD = DOCS / "_build"
LANGUAGES = ("en", "ko")


def available_languages() -> list[str]:
    """English always; other languages once their catalogs exist."""
    return [lang for lang in LANGUAGES if lang == "en" or (DOCS / "locale" / lang).is_dir()]


@contextlib.contextmanager
def gallery_of(lang: str) -> Iterator[Path]:
    """Put ``lang``'s generated gallery into ``docs/auto_gallery`` for one build.

    Whatever the build leaves there is kept for ``lang``'s next build, also when
    the build fails: a failure in one example must not cost the others' results.
    """
    gallery = DOCS / "auto_gallery"
    kept = BUILD / "gallery" / lang
    if gallery.exists():  # left by a build that was killed: its language is unknown
        shutil.rmtree(gallery)
    if kept.exists():
        os.replace(kept, gallery)
    try:
        yield gallery
    finally:
        if gallery.exists():
            kept.parent.mkdir(parents=True, exist_ok=True)
            os.replace(gallery, kept)


def sphinx(builder: str, lang: str, out: Path) -> None:
    """Run one Sphinx build of ``docs/`` in ``lang`` with that language's gallery in place.

    Raises
    ------
    subprocess.CalledProcessError
        If Sphinx fails or warns (warnings are errors).
    """
    doctrees = BUILD / "doctrees" / f"{builder}-{lang}"
    # Every language reads the experiments from the same store (conf.py names it).
    env = {**os.environ, "DLSCRATCH_LANG": lang}
    command = [
        sys.executable, "-m", "sphinx", "-b", builder, "-W", "--keep-going", "-n", "-q",
        "-j", "2", "-d", str(doctrees), str(DOCS), str(out),
    ]  # fmt: skip
    with gallery_of(lang):
        try:
            subprocess.run(command, env=env, check=True)
        except subprocess.CalledProcessError:
            # Sphinx re-reads only changed pages next time, which would hide this
            # build's warnings: forget its environment so they are reported again.
            shutil.rmtree(doctrees, ignore_errors=True)
            raise


def build(lang: str) -> None:
    """Build the site in ``lang`` into ``_build/html/<lang>``."""
    sphinx("html", lang, BUILD / "html" / lang)


def extract_messages() -> Path:
    """Write the message templates (.pot) of the English source; return their folder.

    They are what the Korean catalogs translate: ``--update-catalogs`` merges
    them in, and the tests compare them with the catalogs.  The English gallery
    is used as it is (build English first); no example runs again.
    """
    out = BUILD / "gettext"
    shutil.rmtree(out, ignore_errors=True)  # templates of removed pages must not linger
    sphinx("gettext", "en", out)
    return out


def update_catalogs() -> None:
    """Bring the Korean catalogs up to date with the source (new messages come untranslated)."""
    pot = extract_messages()
    # sphinx.po is kept by hand: the theme's strings in Korean and those of our templates
    # (check_catalogs.py compares it with sphinx.pot).  sphinx-intl would retire the theme's,
    # so it does not see sphinx.pot.
    templates = pot / "sphinx.pot"
    aside = BUILD / "sphinx.pot"
    if templates.exists():
        os.replace(templates, aside)
    try:
        subprocess.run(
            [sys.executable, "-m", "sphinx_intl", "update", "-p", str(pot), "-l", "ko",
             "-d", str(DOCS / "locale"), "-w", "0"],
            check=True,
        )  # fmt: skip
    finally:
        if aside.exists():
            os.replace(aside, templates)


ROOT_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>dlscratch</title>
<meta http-equiv="refresh" content="3; url=en/index.html">
<script>
  // Korean readers go to the Korean site at once, everyone else to the English one.
  var lang = (navigator.language || "en").toLowerCase().indexOf("ko") === 0 ? "ko" : "en";
  if (LANGS.indexOf(lang) >= 0) { location.replace(lang + "/index.html"); }
</script>
</head>
<body>
<p>dlscratch: <a href="en/index.html">English</a> {ko_link}</p>
</body>
</html>
"""


def write_root_page(languages: list[str]) -> None:
    ko_link = '· <a href="ko/index.html" lang="ko">한국어</a>' if "ko" in languages else ""
    page = ROOT_PAGE.replace("LANGS", repr(languages)).replace("{ko_link}", ko_link)
    (BUILD / "html" / "index.html").write_text(page, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=LANGUAGES, help="build only these")
    parser.add_argument("--clean", action="store_true", help="remove docs/_build first")
    parser.add_argument(
        "--extract-messages", action="store_true", help="write the message templates, then stop"
    )
    parser.add_argument(
        "--update-catalogs", action="store_true", help="update locale/ko from the source, then stop"
    )
    args = parser.parse_args(argv)
    if args.clean and BUILD.exists():
        shutil.rmtree(BUILD)
    if args.extract_messages or args.update_catalogs:
        if args.update_catalogs:
            update_catalogs()
        else:
            extract_messages()
        return
    start = time.perf_counter()
    # English first: its examples train what the other languages read.
    for lang in sorted(args.lang or available_languages(), key=LANGUAGES.index):
        print(f"--- building the {lang} site", flush=True)
        build(lang)
        print(f"    {lang} done, {time.perf_counter() - start:.0f} s so far", flush=True)
    write_root_page(available_languages())
    print(f"site written to {BUILD / 'html' / 'index.html'}")


if __name__ == "__main__":
    main()
