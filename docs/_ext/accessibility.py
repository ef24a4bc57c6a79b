"""HTML that assistive technology can use: reachable code blocks and valid citation lists.

Two changes to the HTML that Sphinx writes, made in its translator so that every page,
written by any extension, gets them:

* Every code or output block (``<pre>``) may scroll sideways, on a phone nearly all of
  them do, and a region that scrolls must be reachable by keyboard.  Each ``<pre>`` is a
  focusable region (``tabindex="0"``) named "Code" or "Output" in the page's language.
* docutils writes citations as ``role="doc-biblioentry"`` inside ``role="list"``: a
  deprecated role, and a list without list items.  They become list items.
* The names in the first column of an autosummary table (``activation_histogram_figure``)
  are long, and on a phone the browser broke them anywhere, a letter or two per line.
  They may now break only after an underscore or a dot and before an inner capital
  (``<wbr>``), so that the text reflows at 320 px as WCAG 1.4.10 asks, in whole pieces.

The words that assistive technology reads out but the page does not show (these names,
the language switch's) are in :data:`WORDS`, by language.
"""

import re

from sphinx.writers.html5 import HTML5Translator

#: Names read out by screen readers, by language; the Korean pages read them in Korean.
WORDS = {
    "en": {"code": "Code", "output": "Output", "languages": "Language"},
    "ko": {"code": "코드", "output": "출력", "languages": "언어"},
}

#: The classes of the literal blocks that hold what a script printed, not code.
OUTPUT_CLASSES = {"sphx-glr-script-out", "checked-code-output"}

_PRE = re.compile(r"<pre(?=[\s>])")
# Where a long name may break: after "_" or "." and between a small letter and a capital.
_NAME_BREAK = re.compile(r"(?<=[_.])(?=[^_.])|(?<=[a-z0-9])(?=[A-Z])")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def words(language: str | None) -> dict[str, str]:
    """The names of :data:`WORDS` in ``language``, English for a language without them."""
    return WORDS.get(language or "en", WORDS["en"])


class AccessibleTranslator(HTML5Translator):
    """Sphinx's HTML5 translator with focusable, named code blocks and list-item citations."""

    def dispatch_visit(self, node):
        # Every node's visit, not only literal_block's: sphinx-gallery writes its code cells
        # with a node and visitor of its own.  A <pre> start tag is always written by the
        # visit of the node that holds it (a highlighted block, whole, before SkipNode).
        start = len(self.body)
        try:
            super().dispatch_visit(node)
        finally:
            self._name_pre(start, node)

    def _name_pre(self, start, node):
        if not any("<pre" in chunk for chunk in self.body[start:]):
            return
        kind = "output" if OUTPUT_CLASSES & set(node.get("classes", [])) else "code"
        name = words(self.config.language)[kind]
        attributes = f'<pre tabindex="0" role="region" aria-label="{name}"'
        for i in range(start, len(self.body)):
            self.body[i] = _PRE.sub(attributes, self.body[i])

    def visit_Text(self, node):
        start = len(self.body)
        super().visit_Text(node)
        if self.protect_literal_text and _in_name_column(node):
            for i in range(start, len(self.body)):
                self.body[i] = _break_names(self.body[i])

    def visit_citation(self, node):
        # docutils' own, with the list's items as list items (doc-biblioentry is
        # deprecated in ARIA 1.2 and is not a list item, so the list had none).
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div role="list" class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def _in_name_column(node) -> bool:
    """Whether ``node`` is in the first column of an autosummary table."""
    entry = node.parent
    while entry is not None and entry.tagname != "entry":
        entry = entry.parent
    if entry is None or entry.parent.index(entry) != 0:
        return False
    table = entry.parent
    while table is not None and table.tagname != "table":
        table = table.parent
    return table is not None and "autosummary" in table.get("classes", [])


def _break_names(html: str) -> str:
    """``html`` with ``<wbr>`` where a name may break (in text, never inside a tag)."""
    parts = _TAG_OR_TEXT.split(html)
    return "".join(
        part if part.startswith("<") else _NAME_BREAK.sub("<wbr>", part) for part in parts
    )


def add_words(app, pagename, templatename, context, doctree):
    """Give the templates the hidden names in the page's language."""
    context["a11y_words"] = words(app.config.language)


def setup(app):
    for builder in ("html", "dirhtml"):
        app.set_translator(builder, AccessibleTranslator, override=True)
    app.connect("html-page-context", add_words)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
