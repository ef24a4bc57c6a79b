"""The report that :func:`~dlscratch.check.check_optimizer` and ``check_layer`` return."""

from __future__ import annotations

import html
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass, replace

import numpy as np

from dlscratch.check.catalogue import MISTAKES
from dlscratch.check.running import Finding
from dlscratch.i18n import language, tr

__all__ = ["CheckReport", "make_report", "untouched_random_state"]


@dataclass(frozen=True)
class CheckReport:
    """What a check found, readable as text (``str``) or, in Jupyter, as HTML.

    Attributes
    ----------
    passed : bool
        Whether the class behaved like the reference everywhere.
    mistakes : tuple of str
        Ids of :data:`~dlscratch.check.MISTAKES`, the most likely first;
        empty when ``passed``.
    findings : tuple of Finding
        Where each mistake showed, in the order of ``mistakes``.
    call : str
        The check as it was called, e.g. ``check_optimizer(MyMomentum, "Momentum", lr=0.1)``.
    checked : tuple of str
        What was run, e.g. ``"3 arrays of 3 shapes, float64, 30 updates"``.

    text : str
        The explanation, as ``str(report)`` shows it.

    Notes
    -----
    The explanation is written in the language of :func:`dlscratch.i18n.language`
    (``DLSCRATCH_LANG``) at the time the check ran.
    """

    passed: bool
    mistakes: tuple[str, ...]
    findings: tuple[Finding, ...]
    call: str
    checked: tuple[str, ...]
    text: str = ""
    html: str = ""

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return self.html

    def _text(self) -> str:
        lines = [self.call]
        if self.passed:
            lines.append(tr("Passed: it behaves like the reference in every check."))
            lines += [f"  · {item}" for item in self.checked]
            return "\n".join(lines)
        lines.append(tr("{n} mistake(s) found.", n=len(self.mistakes)))
        for rank, finding in enumerate(self.findings):
            mistake = MISTAKES[finding.mistake]
            label = tr("Most likely") if rank == 0 else tr("Also")
            lines.append("")
            lines.append(f"{label} [{mistake.id}]: {mistake.text('title')}")
            lines.append(_wrapped(mistake.text("explanation")))
            where = _where(finding)
            if where:
                lines.append(_wrapped(f"{tr('Where')}: {where}"))
            lines.append(_wrapped(f"{tr('Look at')}: {mistake.text('look_at')}"))
        return "\n".join(lines)

    def _html(self) -> str:
        colour = "#1a7f37" if self.passed else "#b42318"
        verdict = tr("passed") if self.passed else tr("{n} mistake(s) found.", n=len(self.mistakes))
        parts = [
            f'<div class="dlscratch-check"><p><code>{html.escape(self.call)}</code> '
            f'<strong style="color:{colour}">{html.escape(verdict)}</strong></p>'
        ]
        if self.passed:
            items = "".join(f"<li>{html.escape(item)}</li>" for item in self.checked)
            return "".join([*parts, f"<ul>{items}</ul></div>"])
        for finding in self.findings:
            mistake = MISTAKES[finding.mistake]
            where = _where(finding)
            parts.append(
                f"<p><strong>{html.escape(mistake.text('title'))}</strong> "
                f"<code>[{mistake.id}]</code><br>{html.escape(mistake.text('explanation'))}"
                + (
                    f"<br><em>{html.escape(tr('Where'))}</em>: {html.escape(where)}"
                    if where
                    else ""
                )
                + f"<br><em>{html.escape(tr('Look at'))}</em>: "
                f"{html.escape(mistake.text('look_at'))}</p>"
            )
        return "".join([*parts, "</div>"])


def _wrapped(text: str) -> str:
    """Indented lines that fit a narrow terminal or page (Hangul is twice as wide)."""
    width = 46 if language() == "ko" else 78
    return textwrap.fill(text, width, initial_indent="  ", subsequent_indent="  ")


def _where(finding: Finding) -> str:
    """``problem, step 2, key 'W1' [0, 1]: expected 0.81, got 0.9 (detail)``."""
    parts = [finding.where] if finding.where else []  # joined by "; " below
    if finding.step is not None:
        parts.append(tr("update {step}", step=finding.step))
    if finding.key is not None:
        index = "" if not finding.index else f"[{','.join(str(i) for i in finding.index)}]"
        name = f"params[{finding.key!r}]" if finding.step is not None else finding.key
        parts.append(f"{name}{index}")
    text = "; ".join(parts)
    if finding.expected is not None and finding.got is not None:
        text += ": " + tr(
            "expected {expected}, got {got}",
            expected=f"{finding.expected:.6g}",
            got=f"{finding.got:.6g}",
        )
    if finding.detail:
        text += f" ({finding.detail})" if text else finding.detail
    return text


# Which finding to name first when several mistakes show: what stops the check, then what
# the code says outright, then what the values show.
_PRIORITY = (
    "time-limit",
    "constructor-arguments",
    "misspelt-argument",
    "missing-self",
    "params-rebound",
    "layer-copies-parameters",
)
_LAST = ("raises", "differs-from-reference")


def make_report(findings: list[Finding], call: str, checked: list[str]) -> CheckReport:
    """A report of ``findings``, one per mistake, ordered by how likely each is the cause."""
    first: dict[str, Finding] = {}
    for finding in findings:
        first.setdefault(finding.mistake, finding)
    for vague in _LAST:  # a named mistake explains a "raises" or "differs" finding
        if len(first) > 1:
            first.pop(vague, None)

    def rank(mistake: str) -> int:
        if mistake in _PRIORITY:
            return _PRIORITY.index(mistake)
        return len(_PRIORITY) + (1 + _LAST.index(mistake) if mistake in _LAST else 0)

    ordered = sorted(first.values(), key=lambda finding: rank(finding.mistake))
    mistakes = tuple(finding.mistake for finding in ordered)
    report = CheckReport(not mistakes, mistakes, tuple(ordered), call, tuple(checked))
    return replace(report, text=report._text(), html=report._html())


@contextmanager
def untouched_random_state():
    """Leave NumPy's global random state as it was: the book's Dropout draws from it."""
    state = np.random.get_state()
    try:
        yield
    finally:
        np.random.set_state(state)
