"""The Korean catalogs are complete, not fuzzy, keep the markup, and match the source.

The comparison with the source extracts fresh message templates from the
built English site (``python docs/build.py --extract-messages``, a gettext
build that runs no example), so a source change without a catalog update fails
here.
"""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
_spec = importlib.util.spec_from_file_location("check_catalogs", DOCS / "check_catalogs.py")
check_catalogs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_catalogs)

CATALOG_FILES = sorted(check_catalogs.CATALOGS.rglob("*.po"))


def test_there_are_catalogs():
    assert len(CATALOG_FILES) > 10


@pytest.mark.parametrize(
    "path", CATALOG_FILES, ids=lambda p: str(p.relative_to(check_catalogs.CATALOGS))
)
def test_catalog_is_complete_and_keeps_markup(path):
    problems = check_catalogs.catalog_problems(path)
    assert not problems, "\n".join(problems)


def test_catalogs_match_the_source():
    subprocess.run([sys.executable, str(DOCS / "build.py"), "--extract-messages"], check=True)
    pot_dir = DOCS / "_build" / "gettext"
    assert len(list(pot_dir.rglob("*.pot"))) > 10
    problems = check_catalogs.stale_catalogs(pot_dir)
    assert not problems, "\n".join(problems)


def test_checker_catches_untranslated_and_broken_markup(tmp_path):
    # The checks above must be able to fail.
    po = tmp_path / "page.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        "#: ../../dlscratch/optim.py:docstring of dlscratch.optim.SGD:1\n"
        'msgid "Use :class:`Adam` here."\nmsgstr ":class:`Adam`을 씁니다."\n\n'
        "#: ../../dlscratch/optim.py:docstring of dlscratch.optim.SGD:3\n"
        'msgid "The rate :math:`\\\\eta`."\nmsgstr "학습률 :math:`\\\\alpha`\\\\ 입니다."\n\n'
        '#: ../../index.md:1\nmsgid "Untranslated"\nmsgstr ""\n',
        encoding="utf-8",
    )
    problems = "\n".join(check_catalogs.catalog_problems(po))
    assert "Korean touches inline markup" in problems
    assert "markup lost or changed" in problems
    assert "untranslated" in problems


def test_the_figures_and_messages_follow_the_same_rules():
    assert check_catalogs.i18n_problems() == []
    assert check_catalogs.checker_problems() == []


@pytest.mark.parametrize(
    ("korean", "advice"),
    [
        ("같은 초기 가중치에서 시작합니다.", "가중치의 초깃값"),
        ("왼쪽 칸에 그립니다.", "패널"),
        ("params dict를 넘깁니다.", "딕셔너리"),
        ("스크립트를 실행하세요.", "-십시오"),
        ("순위는 그대로일까요?", "-ㄹ까?"),
        ("곡선 사이의 띠는 색칠되어 있다", "합니다체"),
        ("반복마다의 훈련 손실입니다.", "…마다의"),
        ("정확도는 100 %입니다.", "no space before %"),
        ("첫 문장입니다.  둘째 문장입니다.", "one space"),
        ("float, default 0.5", "기본값"),
        ("모양과 dtype이 같아야 합니다.", "형상"),
        ("큰 가중치를 비싸게 만듭니다.", "idiom"),
        ("경계값을 넘습니다.", "경곗값"),
        ("이 문장은 " + "아주 " * 40 + "깁니다.", "over 120 characters"),
    ],
)
def test_each_rule_of_the_review_catches_its_pattern(korean, advice):
    problems = check_catalogs.style_problems(korean)
    assert any(advice in problem for problem in problems), problems


def test_the_rules_pass_text_that_follows_them():
    text = (
        "같은 가중치의 초깃값에서 시작합니다. 왼쪽 패널에 그립니다. ``dict``\\ 와 딕셔너리를 "
        "넘기십시오. 순위는 그대로일까? 정확도는 100%입니다. 형상과 dtype이 같습니다."
    )
    assert check_catalogs.style_problems(text) == []
