"""Korean search for the Korean site: two-syllable n-grams, registered for ``ko``.

Sphinx has no search language for Korean and falls back to splitting at spaces,
so a word with a particle attached (모멘텀을) becomes a term of its own and
searching 모멘텀 misses the page.  This indexes every pair of neighbouring
Hangul syllables instead, as CJK search engines do with character n-grams, and
the browser splits a query the same way (``korean_search.js``): a page is found
when it holds every pair of the query, whatever follows the word and whatever
compound it is part of.  Words in other scripts (SGD, ``float32``) are kept
whole and stemmed as on the English site.  The English site is not touched.

A one-syllable query finds nothing: a single syllable is too common in Korean
text to say anything about a page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import snowballstemmer
from sphinx.search import _MINIFIED_JS_PATH, SearchLanguage
from sphinx.search._stopwords.en import ENGLISH_STOPWORDS

#: The browser's half: ``splitQuery`` and the ``Stemmer`` that leaves Hangul alone.
BROWSER_JS = Path(__file__).with_name("korean_search.js")
SYLLABLES = "\uac00-\ud7a3"  # the precomposed Hangul syllables, 가 to 힣
_WORD = re.compile(r"\w+")
_SCRIPT_RUN = re.compile(f"[{SYLLABLES}]+|[^{SYLLABLES}]+")
_HANGUL = re.compile(f"[{SYLLABLES}]")


def split_korean(text: str) -> list[str]:
    """The search terms of ``text``: Hangul as syllable pairs, other words whole.

    >>> split_korean("학습률을 SGD로 바꿉니다.")
    ['학습', '습률', '률을', 'SGD', '바꿉', '꿉니', '니다']
    """
    terms = []
    for word in _WORD.findall(text):
        for part in _SCRIPT_RUN.findall(word):
            if _HANGUL.match(part):
                terms += [part[i : i + 2] for i in range(len(part) - 1)]
            else:
                terms.append(part)
    return terms


class SearchKorean(SearchLanguage):
    """Sphinx's search language for ``ko``: see the module docstring."""

    lang = "ko"
    language_name = "Korean"
    stopwords = ENGLISH_STOPWORDS
    # Sphinx's English stemmer first; korean_search.js wraps it as ``Stemmer``.
    js_stemmer_code = "\n".join(
        (_MINIFIED_JS_PATH / name).read_text(encoding="utf-8")
        for name in ("base-stemmer.js", "english-stemmer.js")
    )
    js_splitter_code = BROWSER_JS.read_text(encoding="utf-8")

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.stemmer = snowballstemmer.stemmer("english")

    def split(self, input: str) -> list[str]:
        return split_korean(input)

    def stem(self, word: str) -> str:
        return word if _HANGUL.match(word) else self.stemmer.stemWord(word.lower())


def fill_javascript_translations(app, exception):
    """Give the search page's script the Korean it lacks, from the theme's catalog.

    The browser takes its strings from Sphinx's compiled ``translations.js``,
    whose Korean leaves the status line of the search empty ("Search finished,
    found N pages").  ``locale/ko/LC_MESSAGES/sphinx.po`` has it.
    """
    if exception or app.builder.format != "html" or app.config.language != "ko":
        return
    from babel.messages.pofile import read_po

    script = Path(app.outdir) / "_static" / "translations.js"
    text = script.read_text(encoding="utf-8")
    start, end = text.index("(") + 1, text.rindex(")")
    translations = json.loads(text[start:end])
    messages = translations["messages"]
    catalog = Path(app.srcdir) / "locale" / "ko" / "LC_MESSAGES" / "sphinx.po"
    with catalog.open("rb") as file:
        for message in read_po(file):
            singular = message.id[0] if isinstance(message.id, tuple) else message.id
            if singular in messages and not any(messages[singular]):
                strings = message.string
                messages[singular] = list(strings) if isinstance(strings, tuple) else strings
    filled = text[:start] + json.dumps(translations, ensure_ascii=False, indent=4) + text[end:]
    if filled != text:
        script.write_text(filled, encoding="utf-8")


def index_summary_tables(app, doctree, docname):
    """Let the search see the one-line summaries of the API index's tables.

    Sphinx's indexer skips comment nodes, and autosummary's table is one: the
    summaries, which on the Korean site say in Korean what each function does,
    never reach the index.  Unwrapping the table from its comment node gives
    the same HTML (autosummary's own visitor only keeps the names in the first
    column from wrapping, which is done here too) and an indexed table.
    """
    if app.config.language != "ko":
        return
    from docutils import nodes
    from sphinx.ext.autosummary import autosummary_table

    for wrapper in list(doctree.findall(autosummary_table)):
        for row in wrapper.findall(nodes.row):
            first = row[0][0] if len(row) and len(row[0]) else None
            if isinstance(first, nodes.paragraph):
                for i, child in enumerate(list(first)):
                    if isinstance(child, nodes.Text):
                        first[i] = nodes.Text(child.astext().replace(" ", "\u00a0"))
        wrapper.replace_self(wrapper.children)


def setup(app):
    app.add_search_language(SearchKorean)
    app.connect("doctree-resolved", index_summary_tables)
    app.connect("build-finished", fill_javascript_translations)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
