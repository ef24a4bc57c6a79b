"""Check the Korean catalogs: complete, not fuzzy, markup intact, up to date, consistent.

Usage: ``python docs/check_catalogs.py [file.po ...]`` (all catalogs by default).
Prints one line per problem and exits with 1 if there is any.  The same
checks run in ``tests/site/test_catalogs.py``.  Besides completeness and markup,
they hold the Korean to the translation rules of ``docs/glossary.md``: the
words and punctuation below, one English gloss per term and page, and the same
Korean for the same English in every catalog.
"""

from __future__ import annotations

import functools
import re
import sys
from collections import Counter
from pathlib import Path

from babel.messages.catalog import Message
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


# --- The translation rules of docs/glossary.md that a pattern can check ----------------------
# Code, roles and math are removed first: class names such as ``Momentum`` may appear there.
_CODE = re.compile(r"``[^`]+``|(?::[\w:]+:|\{[\w:-]+\})`[^`]+`|`[^`]+`|\$\$?[^$]+\$\$?")
#: (pattern, what to write instead) for Korean prose.
STYLE = [
    (re.compile(r"최솟점|최소점"), "write 최솟값, as the text does"),
    (re.compile(r"영 배열"), "write 0으로 채운 배열"),
    (re.compile(r"매 \S+ ?마다"), "write 매 … or …마다, not both"),
    (re.compile(r"\d\.\d+\s?장"), "a numbered section is a 절 (6.1절)"),
    (
        re.compile(r"훈련(?!\s?(?:데이터|손실|정확도|이미지))"),
        "training as an activity is 학습; 훈련 only in 훈련 데이터/손실/정확도",
    ),
    (
        re.compile(rf"\b(?:Momentum|Nesterov)(?=\s?[{HANGUL}])"),
        "running text says 모멘텀 and 네스테로프; the class names only as code",
    ),
    (re.compile(r"\*[‘’“”'\"]|[‘’“”'\"]\*"), "emphasis takes no quotation marks"),
    (re.compile(rf"다[:：]|[{HANGUL}]::?$"), "a sentence does not end with a colon"),
]
# The particle after an English name follows its pronunciation (맷플롯립은, 레이텍으로, 넘파이를).
_AFTER_CONSONANT = ["matplotlib", "LaTeX", "Adam", "RMSprop", "dtype"]
_AFTER_VOWEL = ["NumPy", "SGD", "AdaGrad", "PyTorch", "Keras", "MNIST", "ReLU", "dlscratch"]
_NO_HANGUL = f"(?![{HANGUL}])"
STYLE += [
    (re.compile(rf"\b{name}(?:는|가|를|와|로){_NO_HANGUL}"), f"{name} ends in a consonant")
    for name in _AFTER_CONSONANT
] + [
    (re.compile(rf"\b{name}(?:은|이|을|과|으로){_NO_HANGUL}"), f"{name} ends in a vowel")
    for name in _AFTER_VOWEL
]
# The issue #20 review's patterns: one word per meaning, 합니다체, Korean word order.
STYLE += [
    (re.compile(r"초기 가중치|처음 가중치"), "initial weights are 가중치의 초깃값"),
    (re.compile(r"(?<!빈)칸"), "a figure's panel is 패널"),
    (re.compile(rf"(?<![\w`])dict(?=[{HANGUL}])"), "a dict in prose is 딕셔너리"),
    (re.compile(r"사용자 안내서"), "the user guide is 사용자 가이드"),
    (re.compile(r"벌점"), "a penalty is 벌칙"),
    (re.compile(r"X 표시"), "the cross mark is × 표시"),
    (re.compile(r"모양과 dtype|배열의 모양|모양이 같은 배열"), "an array's shape is 형상"),
    (re.compile(r"이름표"), "a label is 레이블"),
    (re.compile(r"Algorithm \d"), "write 알고리즘 1"),
    (re.compile(r"편향 분산"), "write N으로 나눈 (편향된) 분산: 편향 alone is the bias"),
    (re.compile(r"경계값"), "write 경곗값"),
    (re.compile(r"세요"), "imperatives take 합니다체's -십시오"),
    (re.compile(r"(?<!필)요(?:[.!]|$)"), "합니다체, not 해요체"),
    (re.compile(r"까요\?"), "a question ends in -ㄹ까?"),
    (re.compile(r"(?<![니시])다(?:\.|$)"), "합니다체, also in alt text and captions"),
    (re.compile(r"마다의|에서의"), "write …에 따른, …별 or …로 매긴 instead of …마다의/…에서의"),
    (re.compile(r"비싸게 만듭|바쁘게 합|간직하는|자기 참조|컨트롤"), "a literal idiom"),
    (re.compile(r"\d %"), "no space before %"),
    (re.compile(r"(?<=[.?!다])  +(?=\S)"), "one space between sentences"),
    (re.compile(r"(?:^|, )(?:default|optional)\b"), "type lines say 기본값 and 선택"),
]
#: numpydoc's section headings: words that collide neither with 매개변수 (the network's
#: weights) nor with "(… 참고)" (see …).
HEADINGS = {
    "Parameters": "인수",
    "Other Parameters": "기타 인수",
    "Returns": "반환값",
    "Yields": "생성값",
    "Raises": "예외",
    "Warns": "경고",
    "Notes": "비고",
    "Examples": "예제",
    "References": "참고 문헌",
    "Attributes": "속성",
}
#: An English gloss in parentheses right after a Korean word: 모멘텀(momentum).
_GLOSS = re.compile(rf"[{HANGUL}]\**\(([A-Za-z][\w ,'-]*)\)")
_SENTENCE_END = re.compile(r"(?<=[.다?!])\s+")
_QUOTED = re.compile(rf'"[^"{HANGUL}]*"')
#: Korean sentences longer than this read as English word order; the review asked for ~60.
LONGEST_SENTENCE = 120


def style_problems(text: str) -> list[str]:
    """Return the translation rules that a Korean message breaks."""
    prose = _CODE.sub("§", text)  # a placeholder, so that the spaces around code stay as they are
    problems = [advice for pattern, advice in STYLE if pattern.search(prose)]
    sentences = _SENTENCE_END.split(prose)
    if any(len(_GLOSS.findall(sentence)) > 1 for sentence in sentences):
        problems.append("more than one English gloss in a sentence")
    # Quoted English (a data source's name, a paper's title) does not make a sentence long.
    korean = [_QUOTED.sub("§", s) for s in sentences if re.search(f"[{HANGUL}]", s)]
    if any(len(sentence) > LONGEST_SENTENCE for sentence in korean):
        problems.append(f"a sentence over {LONGEST_SENTENCE} characters: split it")
    return problems


def _is_api_title(catalog: Path, message_id: str) -> bool:
    """An API page's title is its object's name (``Dropout``): code, not English prose."""
    return catalog.parts[0] == "api" and catalog.stem.rsplit(".", 1)[-1] == message_id


@functools.cache
def translations() -> dict[str, dict[str, str]]:
    """Map every message id of the page catalogs to its translation in each catalog."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(CATALOGS.rglob("*.po")):
        if path.name == THEME_CATALOG:
            continue
        with path.open("rb") as handle:
            for message in read_po(handle):
                relative = path.relative_to(CATALOGS)
                if message.id and message.string and not _is_api_title(relative, message.id):
                    found.setdefault(message.id, {})[str(relative)] = message.string
    return found


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
    glossed: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:  # a message with plural forms: check its first form
            message = Message(message.id[0], message.string[0], flags=message.flags)
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
        if path.name == THEME_CATALOG:
            continue
        for advice in style_problems(message.string):
            problems.append(f"{where}: {advice}")
        if message.id in HEADINGS and message.string != HEADINGS[message.id]:
            problems.append(f"{where}: numpydoc's heading is {HEADINGS[message.id]}")
        for gloss in _GLOSS.findall(_CODE.sub("", message.string)):
            if gloss.lower() in glossed:
                problems.append(f"{where}: '{gloss}' is glossed again (once per page)")
            glossed.add(gloss.lower())
        # The same English reads the same everywhere (e.g. a summary on the API index).
        differing = [
            other
            for other, text in translations().get(message.id, {}).items()
            if text != message.string
        ]
        if path.is_relative_to(CATALOGS) and differing and not _is_api_title(name, message.id):
            problems.append(f"{where}: translated differently in {differing[0]}")
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
    # The strings of docs/_templates go to a template of the theme's catalog, which also
    # holds Korean for the theme's own strings: each of ours must be among them.
    ours = pots.pop(Path(THEME_CATALOG).with_suffix(""), None)
    if ours is not None:
        for message in sorted(_message_ids(ours) - _message_ids(CATALOGS / THEME_CATALOG)):
            problems.append(f"{THEME_CATALOG}: no Korean for the templates' {message!r}")
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


def i18n_problems(source: Path = DOCS.parent / "dlscratch" / "i18n.py") -> list[str]:
    """The same rules for the Korean of the figures and messages, read from ``i18n.py``."""
    import ast

    tree = ast.parse(source.read_text(encoding="utf-8"))
    table = next(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "_KOREAN"
    )
    korean = ast.literal_eval(table)
    return [
        f"i18n.py: {english[:60]!r}: {advice}"
        for english, text in korean.items()
        for advice in style_problems(text)
    ]


def checker_problems() -> list[str]:
    """The same rules for the Korean of the checker's catalogue of mistakes."""
    from dlscratch.check import MISTAKES

    return [
        f"dlscratch.check: {mistake.id} {field}: {advice}"
        for mistake in MISTAKES.values()
        for field in ("title_ko", "explanation_ko", "look_at_ko")
        for advice in style_problems(getattr(mistake, field))
    ]


def main(paths: list[str]) -> int:
    files = [Path(p).resolve() for p in paths] or sorted(CATALOGS.rglob("*.po"))
    problems = [p for f in files for p in catalog_problems(f)]
    if not paths:
        problems += i18n_problems() + checker_problems()
    for problem in problems:
        print(problem)
    print(f"{len(files)} catalogs, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
