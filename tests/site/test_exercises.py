"""The exercises of the user guide in the built site: present, answers closed, opened by keyboard.

Run after ``python docs/build.py``.  Every user-guide page with exercises is
opened from file:// in headless Chromium with the network cut off, in both
languages and at a desktop and a phone width.  Its answers must be native
``<details>`` elements, closed at first, that Enter on the focused summary
opens.  Screenshots of each page's exercise section, with its first answer
opened by keyboard and the others closed, go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import pytest
import test_browser
from test_browser import SCREENSHOTS, SITE

# Chromium as the other browser tests start it.
browser = test_browser.browser

#: The user-guide pages with exercises, and the id of their section (the label in the source).
PAGES = {
    "optimization": "optimization-exercises",
    "explorer": "explorer-exercises",
    "initialization_and_batch_norm": "init-exercises",
    "regularization_and_search": "regularization-exercises",
}
HEADING = {"en": "Exercises", "ko": "연습 문제"}
ANSWER = {"en": "Answer", "ko": "풀이"}


def _open(browser, lang: str, page: str, width: int):
    """The page in a fresh offline context; returns (context, page, problems)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_offline(True)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)

    def route(request_route):
        if request_route.request.url.startswith("file://"):
            request_route.continue_()
        else:
            problems.append(f"network: {request_route.request.url}")
            request_route.abort()

    tab.route("**/*", route)
    tab.goto((SITE / lang / "user_guide" / f"{page}.html").as_uri(), wait_until="load")
    return context, tab, problems


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_answers_are_closed_and_open_with_the_keyboard(browser, lang, page, width):
    context, tab, problems = _open(browser, lang, page, width)
    try:
        section = tab.locator(f"section#{PAGES[page]}")
        assert section.count() == 1, "no exercise section"
        assert section.locator("h2").first.inner_text().strip().startswith(HEADING[lang])
        exercises = section.locator(":scope > section")
        assert 4 <= exercises.count() <= 6
        details = section.locator("details")
        assert details.count() == exercises.count(), "one answer per exercise"
        for i in range(details.count()):
            answer = details.nth(i)
            assert answer.evaluate("d => d.tagName") == "DETAILS"
            assert not answer.evaluate("d => d.open"), f"answer {i} is open by default"
            assert answer.locator("summary").inner_text().strip() == ANSWER[lang]
            body = answer.locator(".sd-summary-content")
            assert not body.is_visible(), f"answer {i} shows its body while closed"

        # Open the first answer by keyboard: focus its summary and press Enter.
        first, summary = details.first, details.first.locator("summary")
        summary.focus()
        assert tab.evaluate("document.activeElement.tagName") == "SUMMARY"
        tab.keyboard.press("Enter")
        tab.wait_for_function("d => d.open", arg=first.element_handle(), timeout=5_000)
        assert first.locator(".sd-summary-content").is_visible()
        assert not details.nth(1).evaluate("d => d.open"), "opening one opened another"
        # Nothing in the section may stick out of the page sideways.
        overflow = tab.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page scrolls sideways by {overflow} px"

        # The section as it lies in the page, scrolled to the top so that furo's sticky header
        # is drawn there, outside the section.
        tab.evaluate("window.scrollTo(0, 0)")
        box = section.evaluate(
            "s => { const r = s.getBoundingClientRect(); "
            "return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; }"
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"exercises-{lang}-{page}-{width}px.png"
        tab.screenshot(path=str(shot), full_page=True, clip=box)

        # Enter again closes it.
        summary.focus()
        tab.keyboard.press("Enter")
        tab.wait_for_function("d => !d.open", arg=first.element_handle(), timeout=5_000)
        assert not problems, problems
    finally:
        context.close()
