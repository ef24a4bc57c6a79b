"""What every page of the site gets besides its text: the language switch, translated gallery
cards with their thumbnails' alt text, and the explorer's scripts on its own page."""

import functools
import html
import re
from pathlib import Path

from docutils import nodes

#: The languages of the site, each with its name written in itself.
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}


def add_language_switch(app, pagename, templatename, context, doctree):
    """Give every page the relative link to the same page in each other language."""
    up = "../" * (pagename.count("/") + 1)
    context["language_links"] = [
        (lang, name, f"{up}{lang}/{pagename}.html", lang == app.config.language)
        for lang, name in LANGUAGE_NAMES.items()
    ]


# sphinx-gallery writes each example's card (title and tooltip) as raw HTML, which gettext
# never sees; the Korean pages take both from the example's own catalog.
_GALLERY_CARD = re.compile(r'(tooltip="|<div class="sphx-glr-thumbnail-title">)([^"<]*)')


@functools.cache
def gallery_card_translations(catalogs: Path) -> dict[str, str]:
    """Map each example's title and first paragraph, as the cards show them, to a language."""
    from babel.messages.pofile import read_po
    from sphinx_gallery.gen_rst import _sanitize_rst  # the cards' own text cleaning

    table = {}
    for po in (catalogs / "auto_gallery").glob("plot_*.po"):
        with po.open("rb") as file:
            for message in read_po(file):
                if message.id and message.string and not message.fuzzy:
                    # "\ " separates Korean from markup in the catalogs; it renders as nothing.
                    korean = _sanitize_rst(message.string.replace("\\ ", ""))
                    table[html.escape(_sanitize_rst(message.id))] = html.escape(korean)
    return table


def translate_gallery_cards(app, doctree):
    """Translate the cards' raw HTML in the document, so that the page and its search index
    both hold the Korean."""
    if app.config.language == "en":
        return
    catalogs = Path(app.confdir) / "locale" / app.config.language / "LC_MESSAGES"
    table = gallery_card_translations(catalogs)
    for node in doctree.findall(nodes.raw):
        if "html" not in node.get("format", "").split():
            continue
        text = node.astext()
        # A tooltip is HTML-escaped and a title is not (Rosenbrock's): look both up escaped.
        translated = _GALLERY_CARD.sub(
            lambda match: (
                match.group(1)
                + table.get(html.escape(html.unescape(match.group(2))), match.group(2))
            ),
            text,
        )
        if translated != text:
            node[:] = [nodes.Text(translated)]


def describe_gallery_thumbnails(app, doctree):
    """Give each gallery card's thumbnail its example's title as alt text.

    sphinx-gallery leaves the thumbnails' ``alt`` empty; a card's title follows its
    image in a raw HTML node, already in the page's language (translate_gallery_cards
    runs first), and becomes the image's alt text.  Not for the message catalogs: the
    titles are translated in the examples' own catalogs, and a page's alt text follows.
    """
    if app.builder.name == "gettext":
        return
    thumbnail = None
    for node in doctree.findall(lambda node: isinstance(node, nodes.image | nodes.raw)):
        if isinstance(node, nodes.image):
            if "/thumb/sphx_glr_" in node.get("uri", "") and not node.get("alt"):
                thumbnail = node
        elif thumbnail is not None and "sphx-glr-thumbnail-title" in node.astext():
            title = re.search(r'<div class="sphx-glr-thumbnail-title">([^<]*)<', node.astext())
            if title:
                thumbnail["alt"] = " ".join(html.unescape(title.group(1)).split())
            thumbnail = None


def add_explorer(app, pagename, templatename, context, doctree):
    """Load the explorer's script and style on its own page only."""
    if pagename == "user_guide/explorer":
        app.add_css_file("explorer.css")
        app.add_js_file("explorer-data.js")
        app.add_js_file("explorer-core.js")
        app.add_js_file("explorer.js")


def search_summaries_over_http(app, pagename, templatename, context, doctree):
    """Show summaries under search results only where the browser can fetch the pages.

    Sphinx fetches each result's page for its summary, which a page opened from
    file:// may not do; there the results come without summaries and without errors.
    """
    if pagename == "search":
        app.add_js_file(
            None,
            body='if (location.protocol === "file:") '
            "DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;",
        )


def setup(app):
    app.connect("html-page-context", search_summaries_over_http)
    app.connect("html-page-context", add_language_switch)
    app.connect("doctree-read", translate_gallery_cards)
    app.connect("doctree-read", describe_gallery_thumbnails)  # after the cards' translation
    app.connect("html-page-context", add_explorer)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
