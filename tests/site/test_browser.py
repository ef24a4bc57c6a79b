"""Open the built site from file:// in headless Chromium, with the network cut off.

Run after ``python docs/build.py`` (``tox -e docs`` does both).  Screenshots go
to ``test-artifacts/screenshots/``.  Without Chromium or without a built site
the tests are skipped with the reason, unless ``DLSCRATCH_REQUIRE_BROWSER=1``
(set by ``.ci/run``) makes that a failure.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "docs" / "_build" / "html"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = os.environ.get("DLSCRATCH_REQUIRE_BROWSER") == "1"
#: A Hangul syllable: Korean text, where a Korean page must have it.
HANGUL = re.compile("[\uac00-\ud7a3]")

#: The pages checked in every language: name -> (path, has equations, has figures).
PAGES = {
    "index": ("index.html", False, False),
    "chapter": ("user_guide/optimization.html", True, True),
    "api-adam": ("api/generated/dlscratch.optim.Adam.html", True, True),
    "gallery-sgd": ("auto_gallery/plot_02_sgd.html", True, True),
    "gallery-compare": ("auto_gallery/plot_06_compare.html", False, True),
    "gallery-mnist": ("auto_gallery/plot_08_mnist.html", False, True),
    "from-the-book": ("user_guide/from_the_book.html", True, True),
    "gallery-mistakes": ("auto_gallery/plot_09_mistakes.html", True, True),
    "init-and-batch-norm": ("user_guide/initialization_and_batch_norm.html", True, True),
    "api-batch-norm": ("api/generated/dlscratch.nn.BatchNormalization.html", True, False),
    "gallery-weight-init": ("auto_gallery/plot_20_weight_init.html", True, True),
    "gallery-batch-norm": ("auto_gallery/plot_22_batch_norm.html", True, True),
    "regularization-and-search": ("user_guide/regularization_and_search.html", True, True),
    "gallery-overfitting": ("auto_gallery/plot_23_overfitting.html", True, True),
    "gallery-search": ("auto_gallery/plot_24_hyperparameter_search.html", True, True),
}

OPTIMIZERS = ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"]


def _unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"{reason}, but DLSCRATCH_REQUIRE_BROWSER=1")
    pytest.skip(reason)


def _languages() -> list[str]:
    return [lang for lang in ("en", "ko") if (SITE / lang / "index.html").is_file()]


def need_language(lang: str) -> None:
    """Stop a test of ``lang``'s pages if that language is not built.

    The English site is always built, so its absence fails; another language
    is skipped, unless ``DLSCRATCH_REQUIRE_BROWSER=1`` makes that a failure too.
    """
    if lang in _languages():
        return
    if lang == "en":
        pytest.fail("the en site is not built")
    _unavailable(f"the {lang} site is not built")


def built_pages(lang: str) -> list[Path]:
    """Every HTML page of one language's build, the generated ones (index, search) included."""
    root = SITE / lang
    return sorted(
        path for path in root.rglob("*.html")
        if not any(part.startswith("_") for part in path.relative_to(root).parts)
    )  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        _unavailable("chromium is not installed (apt-get install chromium)")
    if not _languages():
        _unavailable("the site is not built (python docs/build.py)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class OfflinePage:
    """A page that refuses every non-file request and records console errors."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1200, "height": 900})
        self.context.set_offline(True)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.network: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        self.page.route("**/*", self._route)

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _route(self, route):
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            self.network.append(url)
            route.abort()

    def open(self, path: Path):
        self.page.goto(path.as_uri(), wait_until="load")
        self.page.wait_for_load_state("networkidle")
        # MathJax typesets asynchronously; wait until it says it is done.
        self.page.wait_for_function(
            "() => !document.querySelector('.math') || "
            "(window.MathJax && MathJax.startup && MathJax.startup.document && "
            " MathJax.startup.promise && (window.__mjDone || "
            " (MathJax.startup.promise.then(() => { window.__mjDone = true; }), false)))",
            timeout=20_000,
        )
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def offline(browser):
    page = OfflinePage(browser)
    yield page
    page.close()


def _page_ids():
    return [(lang, name) for lang in ("en", "ko") for name in PAGES]


@pytest.mark.parametrize(("lang", "name"), _page_ids(), ids=lambda v: v)
def test_page_renders_offline(offline, lang, name):
    need_language(lang)
    path, has_math, has_figures = PAGES[name]
    page = offline.open(SITE / lang / path)

    math = page.eval_on_selector_all(
        ".math", "els => els.map(e => !!e.querySelector('mjx-container'))"
    )
    if has_math:
        assert math, "expected equations on this page"
    assert all(math), f"{math.count(False)} of {len(math)} equations were not rendered"
    text = page.inner_text("article")
    for raw in ("\\(", "\\[", "$$"):
        assert raw not in text, f"raw TeX {raw!r} left on the page"

    images = page.eval_on_selector_all(
        "article img", "imgs => imgs.map(i => [i.getAttribute('src'), i.complete, i.naturalWidth])"
    )
    if has_figures:
        assert images, "expected figures on this page"
    broken = [src for src, complete, width in images if not (complete and width > 0)]
    assert not broken, f"images failed to load: {broken}"

    assert not offline.errors, offline.errors
    assert not offline.network, f"the page tried to reach the network: {offline.network}"

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{lang}-{name}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_search_finds_adam(offline, lang):
    need_language(lang)
    page = offline.open(SITE / lang / "search.html")
    page.goto((SITE / lang / "search.html").as_uri() + "?q=Adam")
    page.wait_for_selector("#search-results ul.search li", timeout=20_000)
    hits = page.eval_on_selector_all("#search-results ul.search li a", "as => as.map(a => a.href)")
    assert any("dlscratch.optim.Adam" in href for href in hits), hits
    assert not offline.errors, offline.errors
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{lang}-search.png"))


@pytest.mark.parametrize("name", list(PAGES))
def test_language_switch_leads_to_the_same_page(offline, name):
    if _languages() != ["en", "ko"]:
        _unavailable("both languages must be built to test the switch")
    path = PAGES[name][0]
    for here, there, label in (("en", "ko", "한국어"), ("ko", "en", "English")):
        page = offline.open(SITE / here / path)
        page.click(f".dlscratch-language-switch a:text-is('{label}')")
        page.wait_for_load_state("load")
        assert page.url == (SITE / there / path).as_uri()
        assert page.eval_on_selector("html", "h => h.lang") == there
    assert not offline.errors, offline.errors


def test_korean_pages_are_in_korean(offline):
    need_language("ko")
    for name, (path, _, _) in PAGES.items():
        text = offline.open(SITE / "ko" / path).inner_text("article")
        hangul = sum("\uac00" <= ch <= "\ud7a3" for ch in text)
        latin_words = len([w for w in text.split() if w.isascii() and w.isalpha() and len(w) > 3])
        assert hangul > 50, f"{name}: almost no Korean ({hangul} syllables)"
        assert hangul > latin_words, f"{name}: more English words than Korean syllables"


def test_root_page_leads_to_both_languages(offline):
    if _languages() != ["en", "ko"]:
        _unavailable("both languages must be built")
    root = SITE / "index.html"
    html = root.read_text(encoding="utf-8")
    assert 'href="en/index.html"' in html and 'href="ko/index.html"' in html
    page = offline.open(root)
    page.wait_for_url("**/index.html")
    assert page.url in {(SITE / lang / "index.html").as_uri() for lang in ("en", "ko")}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("name", OPTIMIZERS)
def test_optimizer_page_shows_equation_and_links_to_gallery(offline, lang, name):
    need_language(lang)
    page = offline.open(SITE / lang / "api" / "generated" / f"dlscratch.optim.{name}.html")
    # The update rule is the first display equation of the class docstring.
    first = page.eval_on_selector("dl.py.class div.math", "d => !!d.querySelector('mjx-container')")
    assert first, "the update equation was not rendered"
    links = page.eval_on_selector_all(
        ".sphx-glr-thumbcontainer a", "as => as.map(a => a.getAttribute('href'))"
    )
    gallery = {href.split("#")[0] for href in links if "auto_gallery/plot_" in href}
    assert gallery, "no gallery example links to this optimizer"
    for href in gallery:
        assert (SITE / lang / "api" / "generated" / href).resolve().is_file(), href
    assert not offline.errors, offline.errors


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_language_switch_is_visible_without_a_click(browser, lang, width):
    """On a phone furo hides the sidebar; the switch must still be on screen at the top."""
    need_language(lang)
    other = {"en": "한국어", "ko": "English"}[lang]
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.set_offline(True)
    try:
        page = context.new_page()
        for name, (path, _, _) in PAGES.items():
            page.goto((SITE / lang / path).as_uri(), wait_until="load")
            links = page.locator(f".dlscratch-language-switch a:text-is('{other}')")
            # Visible and inside the viewport: furo's closed drawer is "visible" but off screen.
            boxes = [link.bounding_box() for link in links.all() if link.is_visible()]
            on_screen = [b for b in boxes if b["x"] >= 0 and b["x"] + b["width"] <= width]
            assert len(on_screen) == 1, f"{name}: {len(on_screen)} switches on screen at {width} px"
            box = on_screen[0]
            assert 0 <= box["y"] and box["y"] + box["height"] <= 200, f"{name}: not at the top"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{lang}-{width}px-{name}.png"))
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_mnist_page_shows_no_build_machine_detail(offline, lang):
    need_language(lang)
    page = offline.open(SITE / lang / PAGES["gallery-mnist"][0])
    outputs = page.eval_on_selector_all(
        "article .sphx-glr-script-out pre", "els => els.map(e => e.innerText)"
    )
    assert len(outputs) >= 2, "expected the data sentence and the training log"
    html = page.content()
    for path_start in ("/root/", "/home/", "/tmp/", "/work/", "C:\\\\", str(REPO)):
        assert path_start not in html, f"a file-system path ({path_start}) on the page"
    assert "Warning" not in "".join(outputs)
    if lang == "ko":
        for output in outputs:
            hangul = sum("\uac00" <= ch <= "\ud7a3" for ch in output)
            english = [w for w in output.split() if w.isascii() and w.isalpha() and len(w) > 3]
            # Method names (SGD, Momentum, ...) and load_mnist/MNIST may stay; prose may not.
            prose = [w for w in english if w not in {*OPTIMIZERS, "MNIST"}]
            assert hangul > 10 and not prose, f"English in a Korean output block: {prose}"
