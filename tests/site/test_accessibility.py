"""axe-core on every built page, and reflow at phone width and at 200 % zoom.

Run after ``python docs/build.py``.  axe-core is the copy bundled in the PyPI package
``axe-playwright-python`` (only its ``axe.min.js`` is used): a registry package that pip
installs with the rest of the ``site`` environment, with no npm step and no CDN.  It is
injected into each page from disk, so the pages stay cut off from the network.

The rules are axe's WCAG 2.0 and 2.1 levels A and AA.  Every page of both languages is
checked at 390 px in the light theme, where nearly every code block scrolls sideways (so
``scrollable-region-focusable`` sees them all) and the page itself must not; the pages of
``REFLOW_PAGES`` are checked again at desktop width and at 200 % zoom in the dark theme.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import test_browser
from test_browser import SITE, _unavailable, built_pages, need_language

browser = test_browser.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

#: A representative set for reflow: every user-guide page, the gallery's index and two
#: examples, the API's index and one class, the landing page and the glossary.
REFLOW_PAGES = [
    "index.html",
    "glossary.html",
    "user_guide/index.html",
    "user_guide/optimization.html",
    "user_guide/initialization_and_batch_norm.html",
    "user_guide/regularization_and_search.html",
    "user_guide/from_the_book.html",
    "user_guide/check_your_code.html",
    "user_guide/explorer.html",
    "auto_gallery/index.html",
    "auto_gallery/plot_02_sgd.html",
    "auto_gallery/plot_08_mnist.html",
    "api/index.html",
    "api/generated/dlscratch.optim.Adam.html",
]

#: Pages open side by side, each in its own browser context (its own renderer process),
#: so that axe checks two pages at once on a two-core machine.
WORKERS = 2

# Start axe once the page has settled: MathJax has typeset (its SVG is what readers get).
_START = """runOnly => {
    const typeset = window.MathJax && MathJax.startup && MathJax.startup.promise;
    window.__axe = Promise.resolve(typeset).then(() => axe.run(document, {
        runOnly: runOnly,
        resultTypes: ["violations"],
    })).then(r => r.violations.map(v => ({
        id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(" ")),
    })));
}"""
_RESULT = """async () => ({
    violations: await window.__axe,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
})"""


def _axe_script() -> str:
    try:
        import axe_playwright_python
    except ImportError:
        _unavailable("axe-playwright-python is not installed (pip install axe-playwright-python)")
    return Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text("utf-8")


def _check(browser, urls, *, width, height=900, scale=1, theme="light"):
    """Open each URL, run axe on it (the rules of ``TAGS``), and measure how far the page
    scrolls sideways.

    Returns
    -------
    dict
        URL -> {"violations": [{"id", "impact", "targets"}], "overflow": px}
    """
    script = _axe_script()
    run_only = {"type": "tag", "values": TAGS}
    contexts, network = [], []

    def local_only(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            network.append(route.request.url)
            route.abort()

    for _ in range(WORKERS):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=scale,
            color_scheme=theme,
        )
        context.set_offline(True)
        context.add_init_script(script)
        context.route("**/*", local_only)
        contexts.append(context)
    pages = [context.new_page() for context in contexts]
    results = {}
    try:
        for i in range(0, len(urls), WORKERS):
            batch = list(zip(pages, urls[i : i + WORKERS], strict=False))
            for page, url in batch:
                page.goto(url, wait_until="load")
                page.evaluate(_START, run_only)
            for page, url in batch:
                results[url] = page.evaluate(_RESULT)
    finally:
        for context in contexts:
            context.close()
    assert not network, f"the pages tried to reach the network: {network}"
    return results


def _report(results, lang):
    lines = []
    for url, result in results.items():
        page = url.split(f"/html/{lang}/", 1)[-1]
        for v in result["violations"]:
            lines.append(f"{v['id']} ({v['impact']}) on {lang}/{page}: {', '.join(v['targets'])}")
    return lines


def _wide(results, width):
    wide = [
        f"{url.split('/html/', 1)[-1]} by {r['overflow']} px"
        for url, r in results.items()
        if r["overflow"] > 0
    ]
    return f"pages that scroll sideways at {width} CSS px: {wide}" if wide else ""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_page_passes_axe_and_fits_a_phone(browser, lang):
    # One axe run per page, at 390 px: there nearly every code block and wide equation
    # scrolls on its own, so scrollable-region-focusable sees them all, and the page itself
    # must not scroll sideways.  The wide layout is checked on REFLOW_PAGES below.
    need_language(lang)
    root = SITE / lang
    pages = [path.relative_to(root).as_posix() for path in built_pages(lang)]
    # The gallery, the API and the user guide all built: a walk that missed them would pass.
    assert len(pages) >= 100, pages
    assert {"index.html", "genindex.html", "user_guide/explorer.html"} <= set(pages)
    began = time.perf_counter()
    urls = [(SITE / lang / page).as_uri() for page in pages]
    results = _check(browser, urls, width=390, height=800)
    print(f"\naxe at 390 px, {lang}: {len(pages)} pages in {time.perf_counter() - began:.0f} s")
    problems = _report(results, lang)
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)
    assert not _wide(results, 390), _wide(results, 390)


@pytest.mark.parametrize(
    ("width", "scale", "theme"),
    # 1280 px: the desktop layout, with the sidebar.  640 px at device scale 2: a 1280 px
    # window zoomed to 200 %, which lays the page out in 640 CSS px as browser zoom does;
    # in the dark theme, whose colours axe checks there.
    [(1280, 1, "light"), (640, 2, "dark")],
    ids=["desktop-light", "200%-zoom-dark"],
)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_representative_pages_in_other_layouts_and_themes(browser, lang, width, scale, theme):
    need_language(lang)
    urls = [(SITE / lang / page).as_uri() for page in REFLOW_PAGES]
    results = _check(browser, urls, width=width, height=800, scale=scale, theme=theme)
    problems = _report(results, lang)
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)
    assert not _wide(results, width), _wide(results, width)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_code_blocks_take_the_focus_on_a_phone(browser, lang):
    need_language(lang)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto((SITE / lang / "auto_gallery/plot_02_sgd.html").as_uri(), wait_until="load")
        page.focus("article h1 a.headerlink")
        for _ in range(200):  # the links of the text come first
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('pre')"):
                break
        else:
            pytest.fail("Tab never reached a code block")
        focused = page.evaluate(
            "(() => { const e = document.activeElement; return [e.getAttribute('role'),"
            " e.getAttribute('aria-label'), e.scrollWidth > e.clientWidth,"
            " getComputedStyle(e).outlineStyle]; })()"
        )
        assert focused[0] == "region" and focused[1] == {"en": "Code", "ko": "코드"}[lang]
        assert focused[2], "expected the first code block to scroll sideways at 390 px"
        assert focused[3] != "none", "the focused code block shows no focus ring"
        test_browser.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(test_browser.SCREENSHOTS / f"{lang}-gallery-sgd-390-focus.png"))
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_module_index_folds_by_keyboard(browser, lang):
    need_language(lang)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto((SITE / lang / "py-modindex.html").as_uri(), wait_until="load")
        toggler = page.locator("img.toggler").first
        submodules = page.locator("tr.cg-1")
        assert submodules.count() > 5 and submodules.first.is_visible()
        assert toggler.get_attribute("role") == "button"
        assert toggler.get_attribute("aria-expanded") == "true"
        for _ in range(100):  # Tab from the top of the page until the toggle has the focus
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('img.toggler')"):
                break
        else:
            pytest.fail("Tab never reached the toggle of the module index")
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('img.toggler').ariaExpanded === 'false'")
        assert not submodules.first.is_visible()
        page.keyboard.press(" ")
        page.wait_for_function("document.querySelector('img.toggler').ariaExpanded === 'true'")
        assert submodules.first.is_visible()
    finally:
        page.context.close()


# Each piece of a name between two break opportunities, as lines on the screen: a piece
# drawn on more than one line was broken in the middle of a word.
_BROKEN_NAMES = """() => {
    const broken = [], names = [];
    for (const code of document.querySelectorAll("table.autosummary td:first-child code")) {
        names.push(code.textContent);
        const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
        for (let text = walker.nextNode(); text; text = walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(text);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
            if (lines.size > 1) broken.push(code.textContent + ": " + text.textContent);
        }
    }
    return {broken, names};
}"""


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_api_names_break_only_between_words_on_a_phone(browser, lang, width):
    # The API index's tables: on a phone a name such as activation_histogram_figure wraps
    # after its underscores, not a letter or two per line.
    need_language(lang)
    page = browser.new_page(viewport={"width": width, "height": 844})
    try:
        page.goto((SITE / lang / "api/index.html").as_uri(), wait_until="load")
        found = page.evaluate(_BROKEN_NAMES)
        assert len(found["names"]) > 100 and "activation_histogram_figure" in found["names"]
        assert not found["broken"], found["broken"]
        wrapped = page.evaluate(
            "[...document.querySelectorAll('table.autosummary td:first-child code')]"
            ".filter(c => c.getClientRects().length > 1 || c.offsetHeight > 30).length"
        )
        assert wrapped > 0, "expected some long names to wrap at their underscores"
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow} px"
    finally:
        page.context.close()
