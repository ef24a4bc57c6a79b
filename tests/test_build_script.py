"""Tests of docs/build.py: each language builds with its own gallery, and a failure stops it."""

import importlib.util
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "docs_build", Path(__file__).resolve().parents[1] / "docs" / "build.py"
)
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


@pytest.fixture
def docs(tmp_path, monkeypatch):
    """A docs/ folder with a Korean catalog folder, and an empty _build/."""
    source = tmp_path / "docs"
    (source / "locale" / "ko").mkdir(parents=True)
    monkeypatch.setattr(build, "DOCS", source)
    monkeypatch.setattr(build, "BUILD", source / "_build")
    return source


def kept_gallery(docs, lang, text):
    folder = docs / "_build" / "gallery" / lang
    folder.mkdir(parents=True)
    (folder / "plot.rst").write_text(text)


def test_each_language_builds_with_its_own_gallery_and_keeps_what_it_wrote(docs, monkeypatch):
    kept_gallery(docs, "en", "English page\n")
    kept_gallery(docs, "ko", "한국어 페이지\n")
    seen = []

    def fake_run(command, env, check):
        page = docs / "auto_gallery" / "plot.rst"
        seen.append((env["DLSCRATCH_LANG"], command[command.index("-b") + 1], page.read_text()))
        page.write_text(page.read_text() + "rebuilt\n")  # what sphinx-gallery would update
        (docs / "auto_gallery" / f"new-{env['DLSCRATCH_LANG']}.rst").write_text("new\n")
        out = Path(command[-1])
        out.mkdir(parents=True, exist_ok=True)

    monkeypatch.setattr(build.subprocess, "run", fake_run)
    build.main([])
    # English first, each with its own pages, both as HTML.
    assert seen == [("en", "html", "English page\n"), ("ko", "html", "한국어 페이지\n")]
    assert not (docs / "auto_gallery").exists()
    for lang, text in (("en", "English page\n"), ("ko", "한국어 페이지\n")):
        kept = docs / "_build" / "gallery" / lang
        assert (kept / "plot.rst").read_text() == text + "rebuilt\n"
        assert sorted(p.name for p in kept.iterdir()) == [f"new-{lang}.rst", "plot.rst"]
    root = (docs / "_build" / "html" / "index.html").read_text()
    assert 'href="en/index.html"' in root and 'href="ko/index.html"' in root


def test_message_extraction_reads_the_english_gallery(docs, monkeypatch):
    kept_gallery(docs, "en", "English page\n")
    kept_gallery(docs, "ko", "한국어 페이지\n")
    seen = []

    def fake_run(command, env, check):
        seen.append((command[command.index("-b") + 1], command[-1]))
        assert (docs / "auto_gallery" / "plot.rst").read_text() == "English page\n"

    monkeypatch.setattr(build.subprocess, "run", fake_run)
    build.main(["--extract-messages"])
    assert seen == [("gettext", str(docs / "_build" / "gettext"))]
    assert (docs / "_build" / "gallery" / "en" / "plot.rst").exists()


def test_a_failing_step_stops_the_build_and_keeps_the_gallery(docs, monkeypatch):
    kept_gallery(docs, "en", "English page\n")
    doctrees = docs / "_build" / "doctrees" / "html-en"
    doctrees.mkdir(parents=True)
    calls = []
    real_run = subprocess.run

    def failing_sphinx(command, env, check):
        calls.append(env["DLSCRATCH_LANG"])
        # A real process that fails, as Sphinx does on a warning.
        real_run([sys.executable, "-c", "raise SystemExit(2)"], check=check)

    monkeypatch.setattr(build.subprocess, "run", failing_sphinx)
    with pytest.raises(subprocess.CalledProcessError) as failure:
        build.main([])
    assert failure.value.returncode == 2
    assert calls == ["en"]  # Korean never started
    assert (docs / "_build" / "gallery" / "en" / "plot.rst").read_text() == "English page\n"
    assert not (docs / "auto_gallery").exists()
    assert not doctrees.exists()  # so that the next build reports the warnings again
    assert not (docs / "_build" / "html" / "index.html").exists()


def test_a_failure_while_moving_the_gallery_ends_the_build_instead_of_hanging(docs, monkeypatch):
    kept_gallery(docs, "en", "English page\n")

    def broken_replace(source, target):
        raise PermissionError(f"cannot move {source}")

    monkeypatch.setattr(build.os, "replace", broken_replace)
    monkeypatch.setattr(build.subprocess, "run", lambda *a, **k: pytest.fail("Sphinx ran"))
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(_raised(build.main, [])))
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive(), "the build hung"
    assert isinstance(outcome[0], PermissionError) and "cannot move" in str(outcome[0])


def _raised(function, *args):
    try:
        function(*args)
    except Exception as error:  # the test inspects it
        return error
    return None


def test_the_command_line_reports_a_failing_build_with_a_nonzero_exit(tmp_path):
    """The real script, run as CI runs it, with a stand-in Sphinx that warns and fails."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "build.py").write_text(Path(build.__file__).read_text(encoding="utf-8"))
    fake = tmp_path / "fake" / "sphinx"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "__main__.py").write_text(
        "import sys\n"
        "print('index.rst:4: WARNING: undefined label: no-such-label', file=sys.stderr)\n"
        "sys.exit(1)\n"
    )
    result = subprocess.run(
        [sys.executable, str(docs / "build.py"), "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(fake.parent), "PATH": os.environ.get("PATH", "")},
    )
    assert result.returncode != 0
    assert "no-such-label" in result.stderr
    assert "CalledProcessError" in result.stderr
    assert not (docs / "_build" / "html" / "index.html").exists()
