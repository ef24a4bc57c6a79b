"""Build the dlscratch site in every language, with warnings as errors.

Usage: ``python docs/build.py [--lang en|ko ...] [--clean] [--update-catalogs]``

Each language goes to ``docs/_build/html/<lang>/``, and
``docs/_build/html/index.html`` sends the reader to one of them.  The gallery's
figures are drawn in the build's language, so each language keeps its own
copy of the generated gallery (``docs/_build/gallery/<lang>``), which is
moved into ``docs/auto_gallery`` for that language's build and back after it.
Thanks to this, sphinx-gallery's checksum cache works per language and a
rebuild with nothing changed runs no example.

A full build first extracts the English messages, which runs the English
gallery and so trains every experiment once.  Then the languages build at the
same time, each from its own source folder: English from ``docs/``, the others
from a mirror of it in ``docs/_build/source/<lang>`` (only changed files are
copied, with their times, so Sphinx sees only real changes).  Sphinx reads and
writes on one core; two builds at once keep both cores busy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

DOCS = Path(__file__).resolve().parent
BUILD = DOCS / "_build"
GALLERY = DOCS / "auto_gallery"
LANGUAGES = ("en", "ko")


def available_languages() -> list[str]:
    """English always; Korean once its catalogs exist."""
    return [lang for lang in LANGUAGES if lang == "en" or (DOCS / "locale" / lang).is_dir()]


#: Top-level names of docs/ that builds generate: never mirrored, never deleted from a mirror.
GENERATED = {"_build", "auto_gallery", "gen_modules", "sg_execution_times.rst", "__pycache__"}


def source_folder(lang: str) -> Path:
    """The folder ``lang`` builds from: docs/ for English, an up-to-date mirror otherwise."""
    if lang == "en":
        return DOCS
    mirror = BUILD / "source" / lang
    # The pages include code as ../../dlscratch/...; make that path lead to the package.
    package = mirror.parent / "dlscratch"
    if not package.exists():
        package.parent.mkdir(parents=True, exist_ok=True)
        package.symlink_to(DOCS.parent / "dlscratch", target_is_directory=True)
    wanted = set()
    for path in DOCS.rglob("*"):
        relative = path.relative_to(DOCS)
        if relative.parts[0] in GENERATED or _generated_file(relative) or path.is_dir():
            continue
        wanted.add(relative)
        target = mirror / relative
        stat = path.stat()
        if not target.exists() or (target.stat().st_mtime_ns, target.stat().st_size) != (
            stat.st_mtime_ns, stat.st_size,
        ):  # fmt: skip
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)  # with the time, which Sphinx compares
    for path in mirror.rglob("*"):
        relative = path.relative_to(mirror)
        if relative.parts[0] in GENERATED or _generated_file(relative):
            continue
        if path.is_file() and relative not in wanted:  # deleted from docs/
            path.unlink()
    return mirror


def _generated_file(relative: Path) -> bool:
    """Files that a build writes inside the source: compiled catalogs and autosummary pages."""
    return relative.suffix == ".mo" or relative.parts[:2] == ("api", "generated")


def sphinx(builder: str, lang: str, out: Path) -> None:
    """Run one Sphinx build for ``lang`` with that language's generated gallery in place."""
    source = source_folder(lang)
    gallery = source / "auto_gallery"
    cache = BUILD / "gallery" / lang
    if gallery.exists():
        shutil.rmtree(gallery)
    if cache.exists():
        os.replace(cache, gallery)
    env = {
        **os.environ,
        "DLSCRATCH_LANG": lang,
        # Every language's build reads the experiments that the English one trained.
        "DLSCRATCH_CACHE": os.environ.get("DLSCRATCH_CACHE", str(BUILD / "experiments")),
        "DLSCRATCH_REPO": str(DOCS.parent),
    }
    command = [
        sys.executable, "-m", "sphinx", "-b", builder, "-W", "--keep-going", "-n", "-q",
        "-d", str(BUILD / "doctrees" / f"{builder}-{lang}"), str(source), str(out),
    ]  # fmt: skip
    try:
        subprocess.run(command, env=env, check=True)
    except subprocess.CalledProcessError:
        # Sphinx re-reads only changed pages next time, which would hide this build's
        # warnings; forget the environment so the next build reports them again.
        shutil.rmtree(BUILD / "doctrees" / f"{builder}-{lang}", ignore_errors=True)
        raise
    finally:
        if gallery.exists():
            cache.parent.mkdir(parents=True, exist_ok=True)
            os.replace(gallery, cache)


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
        # The examples have run and stored their results, so no language trains again.
        print(f"--- building the {', '.join(languages)} sites at the same time", flush=True)
        with ThreadPoolExecutor(len(languages)) as pool:
            for finished in [pool.submit(build, lang) for lang in languages]:
                finished.result()  # raises the first failure, after every build has ended
        print(f"    {time.perf_counter() - start:.0f} s so far", flush=True)
    else:
        for lang in languages:
            print(f"--- building the {lang} site", flush=True)
            build(lang)
            print(f"    {time.perf_counter() - start:.0f} s so far", flush=True)
    write_root_page(available_languages())
    print(f"site written to {BUILD / 'html' / 'index.html'}")


if __name__ == "__main__":
    main()
