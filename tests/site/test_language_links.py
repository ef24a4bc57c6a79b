"""Every page of each language links to the same page in the other language.

A static check over all built HTML files (the browser test clicks the switch
on a sample of pages); it also runs where Chromium is missing.
"""

import re

import pytest
from test_browser import HANGUL, SITE

SWITCH = re.compile(r'<nav class="dlscratch-language-switch".*?</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)" hreflang="(en|ko)"')


def _pages(lang):
    root = SITE / lang
    return sorted(p.relative_to(root) for p in root.rglob("*.html") if "_static" not in p.parts)


@pytest.mark.parametrize(("here", "there"), [("en", "ko"), ("ko", "en")])
def test_every_page_switches_to_the_same_page(here, there):
    pages = _pages(here)
    if not pages:
        pytest.fail(f"the {here} site is not built: run python docs/build.py")
    assert set(pages) == set(_pages(there)), "the two languages have different pages"
    checked = 0
    for page in pages:
        html = (SITE / here / page).read_text(encoding="utf-8")
        switch = SWITCH.search(html)
        if switch is None:  # pages without the sidebar (none expected)
            pytest.fail(f"{here}/{page} has no language switch")
        (href, lang), *rest = LINK.findall(switch.group(0))
        assert not rest and lang == there
        target = (SITE / here / page).parent / href
        assert target.resolve() == (SITE / there / page).resolve(), f"{here}/{page} -> {href}"
        checked += 1
    assert checked > 50


def test_korean_gallery_cards_are_in_korean():
    """sphinx-gallery writes its cards as raw HTML; conf.py translates them from the catalogs."""
    pages = [SITE / "ko" / "auto_gallery" / "index.html"]
    pages += sorted((SITE / "ko" / "api" / "generated").glob("dlscratch.optim.*.html"))
    if not pages[0].is_file():
        pytest.fail("the ko site is not built: run python docs/build.py")
    cards = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        titles = re.findall(r'<div class="sphx-glr-thumbnail-title">([^<]*)</div>', html)
        tooltips = re.findall(r'tooltip="([^"]*)"', html)
        for text in titles + tooltips:
            assert HANGUL.search(text), f"{page.name}: English card text {text[:60]!r}"
        cards += len(titles)
    assert cards > 10
