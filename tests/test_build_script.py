"""Tests of docs/build.py's mirrors of docs/, from which other builds read beside English."""

import importlib.util
import os
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "docs_build", Path(__file__).resolve().parents[1] / "docs" / "build.py"
)
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


@pytest.fixture
def docs(tmp_path, monkeypatch):
    """A small docs/ folder, its _build/ and the package folder the pages include code from."""
    root = tmp_path / "repo"
    source = root / "docs"
    (source / "user_guide").mkdir(parents=True)
    (source / "index.md").write_text("# Home\n")
    (source / "user_guide" / "page.md").write_text("# Page\n")
    (source / "locale" / "ko").mkdir(parents=True)
    (source / "locale" / "ko" / "page.po").write_text('msgid ""\n')
    (source / "locale" / "ko" / "page.mo").write_bytes(b"compiled")
    (source / "api" / "generated").mkdir(parents=True)
    (source / "api" / "generated" / "x.rst").write_text("generated\n")
    (source / "auto_gallery").mkdir()
    (source / "auto_gallery" / "plot.rst").write_text("gallery\n")
    (root / "dlscratch").mkdir()
    monkeypatch.setattr(build, "DOCS", source)
    monkeypatch.setattr(build, "BUILD", source / "_build")
    return source


def files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_a_mirror_holds_the_sources_and_not_what_builds_generate(docs):
    mirror = build.source_folder("ko")
    assert mirror == docs / "_build" / "source" / "ko"
    assert files(mirror) == {"index.md", "user_guide/page.md", "locale/ko/page.po"}
    # ../../dlscratch from a page of the mirror leads to the package, as from docs/.
    assert (mirror / "user_guide" / ".." / ".." / "dlscratch").resolve() == (
        docs.parent / "dlscratch"
    ).resolve()
    assert build.source_folder("en") == docs


def test_a_mirror_follows_changes_and_keeps_the_times_sphinx_compares(docs):
    mirror = build.source_folder("ko")
    page = docs / "user_guide" / "page.md"
    assert (mirror / "user_guide" / "page.md").stat().st_mtime_ns == page.stat().st_mtime_ns
    # A file whose time and size match is not copied again (a marker of the same size stays).
    kept = mirror / "user_guide" / "page.md"
    kept.write_text("# Mark\n")
    os.utime(kept, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns))
    build.source_folder("ko")
    assert kept.read_text() == "# Mark\n"
    # A changed file is copied, with its time.
    page.write_text("# Changed\n")
    os.utime(page, ns=(2 * 10**18, 2 * 10**18))
    (docs / "index.md").unlink()
    (docs / "new.md").write_text("# New\n")
    (mirror / "locale" / "ko" / "page.mo").write_bytes(b"compiled by the ko build")
    build.source_folder("ko")
    assert (mirror / "user_guide" / "page.md").read_text() == "# Changed\n"
    assert (mirror / "user_guide" / "page.md").stat().st_mtime_ns == 2 * 10**18
    assert not (mirror / "index.md").exists() and (mirror / "new.md").exists()
    # What the mirror's own build generated stays.
    assert (mirror / "locale" / "ko" / "page.mo").read_bytes() == b"compiled by the ko build"
