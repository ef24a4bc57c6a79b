"""Check the Korean catalogs: complete, not fuzzy, markup intact, up to date.

Usage: ``python docs/check_catalogs.py [file.po ...]`` (all catalogs by default).
Prints one line per problem and exits with 1 if there is any.  The same
checks run in ``tests/site/test_catalogs.py``.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from babel.messages.pofile import read_po

DOCS = Path(__file__).resolve().parent
CATALOGS = DOCS / "locale" / "ko" / "LC_MESSAGES"

# Pieces of markup that must survive translation unchanged (link texts may change).
_LITERAL = re.compile(r"``[^`]+``")
_MARKUP = [
    _LITERAL,
    re.compile(r":math:`[^`]+`"),  # reST math
    re.compile(r"(?::[\w:]+:|\{[\w:-]+\})`(?:[^`<]*<)?([^`>]+)>?`"),  # role: keep the target
]
_MYST_MATH = re.compile(r"\$\$?[^$]+\$\$?")  # only MyST pages have dollar math
#: Korean for the theme's own strings (Previous, Next, ...), read by Sphinx itself.
THEME_CATALOG = "sphinx.po"
HANGUL = "\uac00-\ud7a3"
# In reStructuredText, inline markup must be separated from surrounding text by
# whitespace or punctuation: Korean right next to ` or * breaks it (write "\ ").
_RST_ADJACENT = re.compile(rf"[{HANGUL}][`*]|(?<!\\)[`*][{HANGUL}]")


def markup(text: str, myst: bool = True) -> Counter:
    """Count the pieces of markup in ``text`` that a translation must keep."""
    found: Counter = Counter()
    for pattern in _MARKUP:
        for match in pattern.finditer(text):
            found[match.group(match.lastindex or 0)] += 1
    if myst:
        for match in _MYST_MATH.finditer(_LITERAL.sub("", text)):
            found[match.group(0)] += 1
    return found


def _page_is_rst(catalog_path: Path) -> bool:
    """Sphinx parses a page's translations with the page's own parser: MyST for a .md page."""
    page = (
        catalog_path.relative_to(CATALOGS).with_suffix("")
        if catalog_path.is_relative_to(CATALOGS)
        else Path(catalog_path.stem)
    )
    return not (DOCS / page).with_suffix(".md").is_file()


def catalog_problems(path: Path) -> list[str]:
    """Return a description of every problem of one catalog."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    name = path.relative_to(CATALOGS) if path.is_relative_to(CATALOGS) else path
    rst = _page_is_rst(path)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        where = f"{name}: {str(message.id)[:60]!r}"
        if message.fuzzy:
            problems.append(f"{where}: fuzzy")
        if not message.string:
            problems.append(f"{where}: untranslated")
            continue
        missing = markup(message.id, not rst) - markup(message.string, not rst)
        if missing:
            problems.append(f"{where}: markup lost or changed: {sorted(missing)}")
        if rst and _RST_ADJACENT.search(message.string):
            problems.append(f"{where}: Korean touches inline markup (use '\\ ' in reST)")
    return problems


def _message_ids(path: Path) -> set:
    with path.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def stale_catalogs(pot_dir: Path) -> list[str]:
    """Compare freshly extracted templates with the catalogs' message ids."""
    problems = []
    pots = {p.relative_to(pot_dir).with_suffix(""): p for p in pot_dir.rglob("*.pot")}
    pos = {
        p.relative_to(CATALOGS).with_suffix(""): p
        for p in CATALOGS.rglob("*.po")
        if p.name != THEME_CATALOG  # the theme's strings, not a page
    }
    for doc in sorted(pots.keys() - pos.keys()):
        problems.append(f"{doc}: no catalog (run python docs/build.py --update-catalogs)")
    for doc in sorted(pos.keys() - pots.keys()):
        problems.append(f"{doc}: catalog of a page that no longer exists")
    for doc in sorted(pots.keys() & pos.keys()):
        ids = [_message_ids(f) for f in (pots[doc], pos[doc])]
        if ids[0] != ids[1]:
            problems.append(
                f"{doc}: out of date with the source ({len(ids[0] - ids[1])} new, "
                f"{len(ids[1] - ids[0])} obsolete messages)"
            )
    return problems


def main(paths: list[str]) -> int:
    files = [Path(p).resolve() for p in paths] or sorted(CATALOGS.rglob("*.po"))
    problems = [p for f in files for p in catalog_problems(f)]
    for problem in problems:
        print(problem)
    print(f"{len(files)} catalogs, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
