"""Every image of the built site says in words, in the page's language, what it shows.

A static check over all built HTML files of both languages, parsed with
html.parser (no browser needed):

* every ``<img>`` has non-empty alt text: the site has no decorative images;
* on the Korean pages the alt text has Hangul, on the English ones none;
* no alt text is a file name, "Figure 3" or sphinx-gallery's fallback;
* every figure on the gallery's pages is described in sentences
  (dlscratch.plotting.descriptions), not named by its titles, which is what the
  gallery's scraper falls back on;
* every gallery card's thumbnail is described by the example's title on the card.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_browser import HANGUL, SITE, built_pages

#: Alt texts that name an image instead of describing it.
GENERIC = [
    re.compile(r"\.(?:png|jpe?g|svg|gif|webp)\b", re.I),  # a file name
    re.compile(r"sphx[ _]glr|^plot[ _]\d+", re.I),  # sphinx-gallery's name-based fallback
    re.compile(r"^(?:figure|fig\.|image|img|plot|그림|이미지)\s*\d*$", re.I),
    re.compile(r"^\W*$"),  # "-", "*": punctuation only
]


class _Images(HTMLParser):
    """Collect each ``<img>``'s attributes, and each gallery card's image and title."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images = []
        self.cards = []  # [alt of the thumbnail, title of the card]
        self._in_card_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "img":
            self.images.append(attrs)
            if _is_thumbnail(attrs.get("src") or "") and self.cards:
                self.cards[-1][0] = attrs.get("alt")
        elif tag == "div" and "sphx-glr-thumbcontainer" in classes:
            self.cards.append([None, ""])
        elif tag == "div" and "sphx-glr-thumbnail-title" in classes:
            self._in_card_title = True

    def handle_endtag(self, tag):
        if tag == "div":
            self._in_card_title = False

    def handle_data(self, data):
        if self._in_card_title and self.cards:
            self.cards[-1][1] += data


def _pages(lang):
    pages = built_pages(lang)
    if not pages:
        pytest.fail(f"the {lang} site is not built: run python docs/build.py")
    return pages


def _parse(page: Path) -> _Images:
    parser = _Images()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _is_thumbnail(src: str) -> bool:
    return "sphx_glr_" in src and "_thumb." in src


def _is_scraped_figure(page: Path, src: str) -> bool:
    """A figure on its gallery page, whose alt text the gallery's scraper wrote.

    The user guide shows some of the same images with alt text of its own.
    """
    return "auto_gallery" in page.parts and "sphx_glr_" in src and not _is_thumbnail(src)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_image_has_alt_text_in_the_language_of_its_page(lang):
    problems, images, figures = [], 0, 0
    for page in _pages(lang):
        name = page.relative_to(SITE)
        for attrs in _parse(page).images:
            images += 1
            src, alt = attrs.get("src", ""), " ".join((attrs.get("alt") or "").split())
            where = f"{name}: {src.rsplit('/', 1)[-1]}"
            if not alt:
                problems.append(f"{where}: no alt text")
                continue
            if lang == "ko" and not HANGUL.search(alt):
                problems.append(f"{where}: alt text without Korean: {alt!r}")
            if lang == "en" and HANGUL.search(alt):
                problems.append(f"{where}: Korean in an English page: {alt!r}")
            if any(pattern.search(alt) for pattern in GENERIC) or len(alt) < 8:
                problems.append(f"{where}: alt text names instead of describing: {alt!r}")
            if _is_scraped_figure(page, src):
                figures += 1
                # A description is sentences; the scraper's fallback, the titles, is not.
                if not alt.endswith(".") or len(alt) < 60:
                    problems.append(f"{where}: the figure is not described: {alt!r}")
                if len(alt) > 400:
                    problems.append(f"{where}: {len(alt)} characters, too long to listen to")
    assert not problems, "\n".join(problems)
    # The site has over two hundred images per language, thirty-two of them gallery figures.
    assert images > 200 and figures >= 30, (images, figures)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_gallery_thumbnails_are_described_by_their_cards_titles(lang):
    cards = 0
    for page in _pages(lang):
        for alt, title in _parse(page).cards:
            cards += 1
            assert alt is not None, f"{page.relative_to(SITE)}: a card without a thumbnail"
            assert " ".join(alt.split()) == " ".join(title.split()), page.relative_to(SITE)
    assert cards > 100


def test_both_languages_have_the_same_images_on_each_page():
    for page in _pages("en"):
        relative = page.relative_to(SITE / "en")
        english = [attrs.get("src") for attrs in _parse(page).images]
        korean = [attrs.get("src") for attrs in _parse(SITE / "ko" / relative).images]
        assert english == korean, relative
