"""Build the dlscratch site in every language, with warnings as errors.

Usage: ``python docs/build.py [--lang en|ko ...] [--clean] [--update-catalogs]``

Each language goes to ``docs/_build/html/<lang>/``, and
``docs/_build/html/index.html`` sends the reader to one of them.  The gallery's
figures are drawn in the build's language, so each language keeps its own
copy of the generated gallery (``docs/_build/gallery/<lang>``), which is
moved into the ``auto_gallery`` folder of the build's source and back after it.
Thanks to this, sphinx-gallery's checksum cache works per language and a
rebuild with nothing changed runs no example.

A full build starts with English: its gallery runs the examples, which store
every experiment's result.  As soon as they have run (``conf.py`` leaves a
marker file), the other languages, which only redraw the figures from those
results, and the extraction of the message templates start beside it, each
from its own mirror of ``docs/`` in ``docs/_build/source/<name>`` (only
changed files are copied, with their times, so Sphinx sees only real changes).
Sphinx reads and writes pages on one core; builds side by side keep both
cores busy.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
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


def source_folder(name: str) -> Path:
    """The folder a build reads: docs/ for English, an up-to-date mirror for any other ``name``."""
    if name == "en":
        return DOCS
    mirror = BUILD / "source" / name
    # The pages include code as ../../dlscratch/...; make that path lead to the package.
    package = mirror.parent / "dlscratch"
    package.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):  # made already, perhaps by a build running beside
        package.symlink_to(DOCS.parent / "dlscratch", target_is_directory=True)
    wanted = set()
    for path in _source_files(DOCS):
        relative = path.relative_to(DOCS)
        wanted.add(relative)
        target = mirror / relative
        stat = path.stat()
        if not target.exists() or (target.stat().st_mtime_ns, target.stat().st_size) != (
            stat.st_mtime_ns, stat.st_size,
        ):  # fmt: skip
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)  # with the time, which Sphinx compares
    for path in _source_files(mirror):
        if path.relative_to(mirror) not in wanted:  # deleted from docs/
            path.unlink()
    return mirror


def _source_files(folder: Path):
    """The files of a source folder, without those that builds generate.

    The generated folders are skipped, not walked: other builds may be writing them.
    """
    for top in folder.iterdir():
        if top.name in GENERATED:
            continue
        for path in [top] if top.is_file() else top.rglob("*"):
            if path.is_file() and not _generated_file(path.relative_to(folder)):
                yield path


def _generated_file(relative: Path) -> bool:
    """Files that a build writes inside the source: compiled catalogs and autosummary pages."""
    return relative.suffix in {".mo", ".pyc"} or relative.parts[:2] == ("api", "generated")


def sphinx(
    builder: str,
    lang: str,
    out: Path,
    source: str | None = None,
    *options: str,
    gallery_ran: Callable[[Path], None] | None = None,
) -> None:
    """Run one Sphinx build for ``lang`` with that language's generated gallery in place.

    ``source`` names the source folder (:func:`source_folder`), by default the language's;
    ``options`` are passed on to Sphinx.  ``gallery_ran`` is called with the gallery's
    folder as soon as sphinx-gallery has run the examples, while Sphinx goes on to read
    and write the pages (and at the end if it never gets there).
    """
    source_name = source or lang
    source = source_folder(source_name)
    gallery = source / "auto_gallery"
    cache = BUILD / "gallery" / source_name
    if gallery.exists():
        shutil.rmtree(gallery)
    if cache.exists():
        os.replace(cache, gallery)
    marker = BUILD / f"gallery-ran-{builder}-{lang}"
    marker.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DLSCRATCH_LANG": lang,
        # Every language's build reads the experiments that the English one trained.
        "DLSCRATCH_CACHE": os.environ.get("DLSCRATCH_CACHE", str(BUILD / "experiments")),
        "DLSCRATCH_REPO": str(DOCS.parent),
        "DLSCRATCH_GALLERY_MARKER": str(marker),  # conf.py creates it when the gallery has run
    }
    command = [
        sys.executable, "-m", "sphinx", "-b", builder, "-W", "--keep-going", "-n", "-q", "-j", "2",
        "-d", str(BUILD / "doctrees" / f"{builder}-{lang}"), *options, str(source), str(out),
    ]  # fmt: skip
    try:
        process = subprocess.Popen(command, env=env)
        while process.poll() is None:
            if gallery_ran is not None and marker.exists():
                gallery_ran(gallery)
                gallery_ran = None
            time.sleep(0.2)
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, command)
    except subprocess.CalledProcessError:
        # Sphinx re-reads only changed pages next time, which would hide this build's
        # warnings; forget the environment so the next build reports them again.
        shutil.rmtree(BUILD / "doctrees" / f"{builder}-{lang}", ignore_errors=True)
        raise
    finally:
        if gallery_ran is not None:
            gallery_ran(gallery)
        if gallery.exists():
            cache.parent.mkdir(parents=True, exist_ok=True)
            os.replace(gallery, cache)


def build(lang: str, gallery_ran: Callable[[Path], None] | None = None) -> None:
    sphinx("html", lang, BUILD / "html" / lang, gallery_ran=gallery_ran)


def extract_messages() -> Path:
    """Write the message templates (.pot) of the English source; return their folder.

    This runs from a mirror of docs/ of its own, so that it can run beside another
    build.  Its gallery is a copy of the English one when there is one (see
    :func:`copy_english_gallery`), so that no example runs again.
    """
    out = BUILD / "gettext"
    shutil.rmtree(out, ignore_errors=True)  # templates of removed pages must not linger
    sphinx("gettext", "en", out, "gettext")
    # The templates name each message's source file, which sphinx-intl copies into the
    # catalogs: name the pages as in docs/, not as in the mirror.
    mirror = os.path.relpath(source_folder("gettext"), out) + "/"
    docs = os.path.relpath(DOCS, out) + "/"
    for template in out.rglob("*.pot"):
        text = template.read_text(encoding="utf-8")
        fixed = "\n".join(
            line.replace(mirror, docs) if line.startswith("#: ") else line
            for line in text.split("\n")
        )
        if fixed != text:
            template.write_text(fixed, encoding="utf-8")
    return out


def copy_english_gallery(gallery: Path) -> None:
    """Give the message extraction a copy of the English gallery in ``gallery``."""
    own = BUILD / "gallery" / "gettext"
    shutil.rmtree(own, ignore_errors=True)
    if gallery.exists():
        shutil.copytree(gallery, own)


def update_catalogs() -> None:
    """Bring the Korean catalogs up to date with the source (new messages come untranslated)."""
    copy_english_gallery(BUILD / "gallery" / "en")
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

    def build_and_time(lang: str, gallery_ran=None) -> None:
        print(f"--- building the {lang} site", flush=True)
        build(lang, gallery_ran)
        print(f"    {lang} done, {time.perf_counter() - start:.0f} s so far", flush=True)

    if args.lang:
        for lang in languages:
            build_and_time(lang)
    else:
        # English first: its gallery runs the examples, which store every experiment.  As
        # soon as it has, while English goes on to read and write its pages, the other
        # languages (which only redraw the figures from the stored results) and the message
        # templates (checked against the catalogs by the tests) start beside it.
        ran = threading.Event()

        def english_gallery_ran(gallery: Path) -> None:
            copy_english_gallery(gallery)
            print(f"    examples done, {time.perf_counter() - start:.0f} s so far", flush=True)
            ran.set()

        others = [lang for lang in languages if lang != "en"]
        with ThreadPoolExecutor(len(others) + 2) as pool:
            tasks = [pool.submit(build_and_time, "en", english_gallery_ran)]
            ran.wait()
            tasks += [pool.submit(build_and_time, lang) for lang in others]
            tasks.append(pool.submit(extract_messages))
            for task in tasks:
                task.result()  # raises the first failure, after every build has ended
        print(f"--- messages extracted, {time.perf_counter() - start:.0f} s in all", flush=True)
    write_root_page(available_languages())
    print(f"site written to {BUILD / 'html' / 'index.html'}")


if __name__ == "__main__":
    main()
