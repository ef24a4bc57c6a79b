"""Build the dlscratch site in every language, with warnings as errors.

Usage: ``python docs/build.py [--lang en|ko ...] [--clean] [--update-catalogs]``

Each language goes to ``docs/_build/html/<lang>/``, and
``docs/_build/html/index.html`` sends the reader to one of them.  The gallery's
figures are drawn in the build's language, so each language keeps its own
copy of the generated gallery (``docs/_build/gallery/<lang>``), which is
moved into ``docs/auto_gallery`` for that language's build and back after it.
Thanks to this, sphinx-gallery's checksum cache works per language and a
rebuild with nothing changed runs no example.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

DOCS = Path(__file__).resolve().parent
BUILD = DOCS / "_build"
GALLERY = DOCS / "auto_gallery"
LANGUAGES = ("en", "ko")


def available_languages() -> list[str]:
    """English always; Korean once its catalogs exist."""
    return [lang for lang in LANGUAGES if lang == "en" or (DOCS / "locale" / lang).is_dir()]


def sphinx(builder: str, lang: str, out: Path) -> None:
    """Run one Sphinx build for ``lang`` with that language's generated gallery in place."""
    cache = BUILD / "gallery" / lang
    if GALLERY.exists():
        shutil.rmtree(GALLERY)
    if cache.exists():
        os.replace(cache, GALLERY)
    env = {**os.environ, "DLSCRATCH_LANG": lang}
    command = [
        sys.executable, "-m", "sphinx", "-b", builder, "-W", "--keep-going", "-n", "-q",
        "-d", str(BUILD / "doctrees" / f"{builder}-{lang}"), str(DOCS), str(out),
    ]  # fmt: skip
    try:
        subprocess.run(command, env=env, check=True)
    except subprocess.CalledProcessError:
        # Sphinx re-reads only changed pages next time, which would hide this build's
        # warnings; forget the environment so the next build reports them again.
        shutil.rmtree(BUILD / "doctrees" / f"{builder}-{lang}", ignore_errors=True)
        raise
    finally:
        if GALLERY.exists():
            cache.parent.mkdir(parents=True, exist_ok=True)
            os.replace(GALLERY, cache)


def build(lang: str) -> None:
    sphinx("html", lang, BUILD / "html" / lang)


def extract_messages() -> Path:
    """Write the message templates (.pot) of the English source; return their folder."""
    out = BUILD / "gettext"
    shutil.rmtree(out, ignore_errors=True)  # templates of removed pages must not linger
    sphinx("gettext", "en", out)
    return out


def update_catalogs() -> None:
    """Bring the Korean catalogs up to date with the source (new messages come untranslated)."""
    pot = extract_messages()
    subprocess.run(
        [sys.executable, "-m", "sphinx_intl", "update", "-p", str(pot), "-l", "ko",
         "-d", str(DOCS / "locale"), "-w", "0"],
        check=True,
    )  # fmt: skip


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=LANGUAGES, help="build only these")
    parser.add_argument("--clean", action="store_true", help="remove docs/_build first")
    parser.add_argument(
        "--update-catalogs", action="store_true", help="update locale/ko from the source, then stop"
    )
    args = parser.parse_args()
    if args.clean and BUILD.exists():
        shutil.rmtree(BUILD)
    if args.update_catalogs:
        update_catalogs()
        return
    languages = args.lang or available_languages()
    start = time.perf_counter()
    if not args.lang:
        print("--- extracting messages (checked against the catalogs by the tests)", flush=True)
        extract_messages()
        print(f"    {time.perf_counter() - start:.0f} s so far", flush=True)
    for lang in languages:
        print(f"--- building the {lang} site", flush=True)
        build(lang)
        print(f"    {time.perf_counter() - start:.0f} s so far", flush=True)
    write_root_page(available_languages())
    print(f"site written to {BUILD / 'html' / 'index.html'}")


if __name__ == "__main__":
    main()
