"""Search the built site through its own search page, served on 127.0.0.1.

Korean: for the glossary's terms, every page whose text holds the term (with a
particle attached, inside a compound, or as it is) must be found.  Which pages
hold a term is read from the pages' HTML here, independently of the search's
index.  English: the search works as Sphinx's English search always has.

``python tests/site/test_search.py`` prints the recall of every term, and the
index sizes, for the built site.
"""

from __future__ import annotations

import contextlib
import functools
import html.parser
import json
import re
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_browser
from test_browser import (
    HANGUL,
    REPO,
    SCREENSHOTS,
    SITE,
    _languages,
    _unavailable,
    need_language,
)

browser = test_browser.browser
#: Words readers search for besides the glossary's terms, short ones among them.
SHORT_WORDS = ("배치", "손실", "시드", "탐색기")


def glossary_terms() -> list[str]:
    """The Korean terms of docs/glossary.md's table, without their parenthesised abbreviations."""
    terms = []
    for line in (REPO / "docs" / "glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and HANGUL.search(cells[1]) and cells[0] != "English":
            terms.append(re.sub(r"\s*\(.*?\)", "", cells[1]))
    return terms


#: HTML elements that have no end tag.
_VOID = {"br", "img", "hr", "input", "meta", "link", "wbr"}


class _ArticleText(html.parser.HTMLParser):
    """The text of a page's <article>, the part Sphinx indexes, without scripts and styles."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # inside <article> when > 0
        self.skipping = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article" or self.depth:
            self.depth += tag not in _VOID
        if tag in {"script", "style"}:
            self.skipping += 1

    def handle_endtag(self, tag):
        if self.depth and tag not in _VOID:
            self.depth -= 1
        if tag in {"script", "style"}:
            self.skipping -= 1

    def handle_data(self, data):
        if self.depth and not self.skipping:
            self.parts.append(data)


def search_index(lang: str) -> dict:
    text = (SITE / lang / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


@functools.cache
def page_texts(lang: str) -> dict[str, str]:
    """Every searchable page's article text, whitespace collapsed, by document name."""
    texts = {}
    for docname in search_index(lang)["docnames"]:
        parser = _ArticleText()
        parser.feed((SITE / lang / f"{docname}.html").read_text(encoding="utf-8"))
        texts[docname] = " ".join(" ".join(parser.parts).split())
    return texts


def pages_holding(lang: str, term: str) -> set[str]:
    return {doc for doc, text in page_texts(lang).items() if term in text}


@contextlib.contextmanager
def serving_site():
    """Serve the built site on 127.0.0.1; yield its address."""

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(SITE), **kwargs)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def server():
    if not _languages():
        _unavailable("the site is not built (python docs/build.py)")
    with serving_site() as address:
        yield address


@pytest.fixture(scope="module")
def site_page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda route: (route.continue_ if route.request.url.startswith(server)
                                      else route.abort)())  # fmt: skip
    yield page
    context.close()


def run_search(page, server: str, lang: str, query: str) -> list[str]:
    """Type ``query`` into the search box of the site's start page; return the pages found.

    The pages come in the order shown, each once, as document names.
    """
    page.goto(f"{server}/{lang}/index.html")
    box = page.locator("input.sidebar-search").first
    box.fill(query)
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    page.wait_for_function(
        "() => typeof Search !== 'undefined' && Search.title &&"
        " Search.title.innerText === Documentation.gettext('Search Results')",
        timeout=30_000,
    )
    found = []
    for href in page.eval_on_selector_all("ul.search li > a", "as => as.map(a => a.href)"):
        path = unquote(urlparse(href).path)
        docname = path.split(f"/{lang}/", 1)[1].removesuffix(".html")
        if docname not in found:
            found.append(docname)
    return found


def recall_table(page, server: str, terms: list[str]) -> list[tuple[str, int, int, list[str]]]:
    """For each term: pages holding it, how many of them the search finds, and the first three."""
    rows = []
    for term in terms:
        holding = pages_holding("ko", term)
        found = run_search(page, server, "ko", term)
        rows.append((term, len(holding), len(holding & set(found)), found[:3]))
    return rows


def test_the_glossary_gives_enough_terms_of_every_kind():
    terms = glossary_terms()
    assert len(terms) >= 30
    assert {"발산", "에폭", "규제"} <= {t for t in terms if len(t) == 2}
    assert {"가중치 감소", "배치 정규화", "편향 보정", "확률적 경사 하강법"} <= set(terms)


def test_korean_search_finds_every_page_that_holds_a_glossary_term(site_page, server):
    need_language("ko")
    # The glossary's terms, and short words that the book's readers search for.
    terms = [*glossary_terms(), *SHORT_WORDS]
    rows = recall_table(site_page, server, terms)
    total = sum(row[1] for row in rows)
    found = sum(row[2] for row in rows)
    report = "\n".join(f"{t}: {f}/{h}" for t, h, f, _ in rows if f < h)
    assert all(row[1] > 0 for row in rows), [row[0] for row in rows if row[1] == 0]
    assert found / total >= 0.98, f"recall {found}/{total}\n{report}"
    for term, holding, hits, _ in rows:
        assert hits / holding >= 0.90, f"{term}: {hits} of {holding} pages\n{report}"


@pytest.mark.parametrize(
    ("query", "page_about_it"),
    [
        ("모멘텀", "auto_gallery/plot_03_momentum"),
        ("배치 정규화", "auto_gallery/plot_22_batch_norm"),
        ("탐색기", "user_guide/explorer"),
        ("안장점", "auto_gallery/plot_13_saddle"),
        ("드롭아웃", "auto_gallery/plot_23_overfitting"),
    ],
)
def test_the_page_about_a_term_is_among_the_first_three(site_page, server, query, page_about_it):
    need_language("ko")
    found = run_search(site_page, server, "ko", query)
    assert page_about_it in found[:3], found[:5]


SPLIT_SAMPLES = [
    "학습률을 SGD로 바꿉니다.",
    "가중치의 초깃값, float32와 train_flg=True",
    "확률적 경사 하강법(SGD)은 기울기의 반대 방향으로",
    "값 η=0.01, 10e-7 (1e-6)",
    "Ünïcode and 한국어",
]


def test_the_browser_splits_a_query_as_the_index_split_the_pages(site_page, server):
    need_language("ko")
    sys.path.insert(0, str(REPO / "docs" / "_ext"))
    from korean_search import split_korean

    site_page.goto(f"{server}/ko/search.html")
    in_browser = site_page.evaluate("samples => samples.map(splitQuery)", SPLIT_SAMPLES)
    assert in_browser == [split_korean(sample) for sample in SPLIT_SAMPLES]
    assert in_browser[0] == ["학습", "습률", "률을", "SGD", "바꿉", "꿉니", "니다"]  # by hand
    stems = site_page.evaluate("() => ['학습', 'optimizers'].map(new Stemmer().stemWord)")
    assert stems == ["학습", "optim"]


def test_korean_results_show_korean_text_around_the_hit(site_page, server):
    need_language("ko")
    run_search(site_page, server, "ko", "학습률")
    site_page.wait_for_selector("ul.search li p.context", timeout=20_000)
    script = "ps => ps.map(p => p.innerText)"
    summaries = site_page.eval_on_selector_all("ul.search li p.context", script)
    assert summaries and all(HANGUL.search(s) for s in summaries[:5]), summaries[:5]
    assert any("학습률" in s for s in summaries[:5]), summaries[:5]
    for width in (1280, 390):
        site_page.set_viewport_size({"width": width, "height": 900})
        site_page.screenshot(path=str(SCREENSHOTS / f"ko-search-{width}.png"))
    site_page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("momentum", "auto_gallery/plot_03_momentum"),
        ("learning rate", "auto_gallery/plot_11_mnist_learning_rates"),
        ("saddle point", "auto_gallery/plot_13_saddle"),
        ("dropout", "auto_gallery/plot_23_overfitting"),
    ],
)
def test_english_search_is_sphinx_english_search(site_page, server, query, expected_first):
    # The English index is the same with and without the Korean search (checked by building
    # both); here: the stock splitter and stemmer, and results that hold the query's words.
    found = run_search(site_page, server, "en", query)
    assert expected_first in found[:5], found[:5]
    # Every page found holds a form of each word of the query (English stemming).
    for docname in found:
        text = page_texts("en")[docname].lower()
        assert all(word[:5] in text for word in query.split()), docname
    language_data = (SITE / "en" / "_static" / "language_data.js").read_text(encoding="utf-8")
    assert "splitQuery" not in language_data and "uac00" not in language_data


def main():
    """Print each term's recall and the index sizes (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    test_browser.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=test_browser.CHROMIUM, args=["--headless", "--no-sandbox"]
        )
        page = chromium.new_page()
        with serving_site() as url:
            rows = recall_table(page, url, [*glossary_terms(), *SHORT_WORDS])
        for term, holding, hits, first in rows:
            print(f"{term:>14} {hits:3d}/{holding:3d}  {' · '.join(first)}")
        total, hits = sum(r[1] for r in rows), sum(r[2] for r in rows)
        print(f"recall {hits}/{total} = {hits / total:.1%}")
        for lang in _languages():
            size = (SITE / lang / "searchindex.js").stat().st_size
            print(f"{lang} searchindex.js: {size / 1024:.0f} KiB")
        chromium.close()


if __name__ == "__main__":
    main()
