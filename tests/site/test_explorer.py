"""The optimizer explorer in Chromium: the same paths as Python, interaction, speed, languages.

Run after ``python docs/build.py``.  The page is opened from file:// with the
network cut off (``OfflinePage`` of ``test_browser.py``); every test also
checks that it logged no error and made no request.
"""

from __future__ import annotations

import inspect
import math
import re

import numpy as np
import pytest
import test_browser
from test_browser import (
    HANGUL,
    REQUIRED,
    SCREENSHOTS,
    SITE,
    OfflinePage,
    _languages,
    _unavailable,
)

from dlscratch import optim
from dlscratch.landscapes import DIVERGENCE_BOUND, LANDSCAPES, anisotropic, trace_path
from dlscratch.plotting import OPTIMIZER_COLORS
from dlscratch.registry import OPTIMIZERS

# The fixtures of test_browser.py: Chromium, and a page cut off from the network.
browser = test_browser.browser
offline = test_browser.offline

PAGE = "user_guide/explorer.html"
NAMES = list(OPTIMIZER_COLORS)


def _open(offline, lang="en", fragment=""):
    if lang not in _languages():
        if lang == "en" or REQUIRED:
            pytest.fail(f"the {lang} site is not built")
        pytest.skip(f"the {lang} site is not built")
    page = offline.open(SITE / lang / PAGE)
    if fragment:
        # A new document, as when a link is opened in a fresh tab.
        page.goto((SITE / lang / PAGE).as_uri() + "#" + fragment)
        page.reload(wait_until="load")
    page.wait_for_function("() => document.querySelector('.dlscratch-explorer.dlx-ready')")
    return page


def _clean(offline):
    assert not offline.errors, offline.errors
    assert not offline.network, f"the page tried to reach the network: {offline.network}"


def _readout(page, name):
    """The read-out row of one optimizer: point (x, y), f, status."""
    cells = page.eval_on_selector_all(
        f".dlx-readout tr[data-optimizer={name}] td", "tds => tds.map(td => td.textContent)"
    )
    x, y = (float(v) for v in cells[0].strip("()").split(","))
    return (x, y), float(cells[1]), cells[2]


def _plot_pixels(page):
    return page.eval_on_selector(".dlx-plot", "c => c.toDataURL()")


# ---- The numbers -------------------------------------------------------------------------------


def _hyperparameter_sets(name, landscape):
    """The function's defaults (the book's, on the book's function), then two variations."""
    defaults = {
        arg: p.default for arg, p in inspect.signature(getattr(optim, name)).parameters.items()
    }
    base = {**defaults, "lr": landscape.learning_rates[name]}
    varied = {**base, "lr": base["lr"] * 3}
    for key, value in (("momentum", 0.5), ("decay_rate", 0.9), ("beta1", 0.0), ("beta2", 0.9)):
        if key in varied:
            varied[key] = value
    # Ten times the usual step: several of these runs diverge.
    wild = {**base, "lr": base["lr"] * 10}
    return [base, varied, wild]


def _starts(landscape):
    (x0, x1), (y0, y1) = landscape.view
    return [landscape.start, (0.8 * x1, 0.7 * y0), (0.37 * x0, 0.61 * y1)]


def test_trace_equals_trace_path(offline):
    page = _open(offline)
    assert page.evaluate("dlscratchExplorer.functions") == list(LANDSCAPES)
    worst, runs, diverged = 0.0, 0, 0
    for fn, landscape in LANDSCAPES.items():
        for name in NAMES:
            for hp in _hyperparameter_sets(name, landscape):
                for start in _starts(landscape):
                    expected = trace_path(getattr(optim, name)(**hp), landscape, start, 500)
                    got = np.array(
                        page.evaluate(
                            "([n, hp, fn, s]) => dlscratchExplorer.trace(n, hp, fn, s, 500)",
                            [name, hp, fn, list(start)],
                        ),
                        dtype=float,
                    )
                    where = f"{name}{hp} on {fn} from {start}"
                    assert got.shape == (501, 2), where
                    # Both stop at the same step: NaN in exactly the same rows.
                    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected), where)
                    finite = np.isfinite(expected)
                    exact = finite & (expected == 0)
                    assert (got[exact] == 0).all(), where
                    rel = np.abs(got - expected)[finite & ~exact] / np.abs(
                        expected[finite & ~exact]
                    )
                    worst = max(worst, float(rel.max(initial=0.0)))
                    runs += 1
                    diverged += bool(np.isnan(expected).any())
    print(
        f"\nparity: {runs} runs of 500 steps, {diverged} diverged; "
        f"max relative difference {worst:.3g}"
    )
    assert worst <= 1e-12
    assert diverged >= 10, "the parity runs must include diverging ones"
    _clean(offline)


def test_data_comes_from_the_package(offline):
    page = _open(offline)
    defaults = {
        name: {
            arg: p.default for arg, p in inspect.signature(getattr(optim, name)).parameters.items()
        }
        for name in NAMES
    }
    assert page.evaluate("dlscratchExplorer.optimizers") == defaults
    assert page.evaluate("dlscratchExplorer.bound") == DIVERGENCE_BOUND
    # Each legend and each row of the table shows a sample of the optimizer's line: its colour,
    # its dash pattern (in line widths of 1.8 px) and its marker, all from the registry.
    samples = page.eval_on_selector_all(
        "fieldset.dlx-optimizer, table.dlx-readout tbody tr",
        "els => els.map(e => { const s = e.querySelector('.dlx-swatch'); const line = "
        "s.querySelector('line'); return [e.dataset.optimizer, s.dataset.marker, "
        "line.getAttribute('stroke'), line.getAttribute('stroke-dasharray'), "
        "s.querySelector('path').getAttribute('fill')]; })",
    )
    assert len(samples) == 12
    for name, marker, stroke, dasharray, fill in samples:
        entry = OPTIMIZERS[name]
        assert stroke == fill == OPTIMIZER_COLORS[name] == entry.color, name
        assert marker == entry.marker, name
        dashes = [float(d) for d in dasharray.split()] if dasharray else []
        assert dashes == pytest.approx([1.8 * d for d in entry.dash]), name
    _clean(offline)


def test_trace_refuses_bad_input_naming_it(offline):
    page = _open(offline)
    for call, word in (
        ("dlscratchExplorer.trace('SGD', {lr: -1}, 'anisotropic', [-7, 2], 5)", "lr"),
        ("dlscratchExplorer.trace('Adam', {beta2: 1}, 'saddle', [0, 0], 5)", "beta2"),
        ("dlscratchExplorer.trace('SGD', {}, 'anisotropic', [NaN, 2], 5)", "start"),
        ("dlscratchExplorer.trace('SGD', {}, 'anisotropic', [1, 2], 1.5)", "steps"),
        ("dlscratchExplorer.trace('Lion', {}, 'anisotropic', [1, 2], 5)", "optimizer"),
    ):
        message = page.evaluate(
            f"() => {{ try {{ {call}; return ''; }} catch (e) {{ return e.message; }} }}"
        )
        assert word in message, (call, message)
    _clean(offline)


# ---- Interaction --------------------------------------------------------------------------------


def test_book_settings_are_the_books_figure(offline):
    page = _open(offline)
    assert page.eval_on_selector("select[data-key=function]", "s => s.value") == "anisotropic"
    on = page.eval_on_selector_all(
        "fieldset.dlx-optimizer input[type=checkbox]",
        "bs => bs.filter(b => b.checked).map(b => b.dataset.optimizer)",
    )
    assert on == ["SGD", "Momentum", "AdaGrad", "Adam"]
    # SGD's 30 updates of η = 0.95 multiply x by 0.905 and y by −0.9 each (by hand).
    (x, y), f, _ = _readout(page, "SGD")
    assert x == pytest.approx(-7 * 0.905**30, rel=1e-4)
    assert y == pytest.approx(2 * 0.9**30, rel=1e-4)
    assert f == pytest.approx(x**2 / 20 + y**2, rel=1e-3)
    _clean(offline)


def test_keyboard_changes_a_control_and_the_path(offline):
    page = _open(offline)
    before = _plot_pixels(page)
    page.focus("select[data-key=function]")
    target = "input[data-optimizer=SGD][data-key=lr]"
    for _ in range(40):  # Tab through the controls in page order
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches('{target}')"):
            break
    else:
        pytest.fail("Tab never reached SGD's learning rate")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused control shows no focus ring"
    page.keyboard.press("ArrowRight")
    lr = float(page.eval_on_selector(target, "s => s.nextElementSibling.value"))
    assert lr > 0.95
    assert _plot_pixels(page) != before
    (x, y), _, _ = _readout(page, "SGD")
    expected = trace_path(optim.SGD(lr=lr), anisotropic, steps=30)[-1]
    assert (x, y) == pytest.approx(tuple(expected), rel=1e-4, abs=1e-9)
    _clean(offline)


def test_click_sets_the_start_and_book_settings_restore(offline):
    page = _open(offline)
    first_hash, first_pixels = page.evaluate("location.hash"), _plot_pixels(page)
    box = page.locator(".dlx-plot").bounding_box()
    # The plot shows x in [-10, 10] and y in [-5, 5]; click where (4, -2.5) is.
    page.mouse.click(box["x"] + box["width"] * 14 / 20, box["y"] + box["height"] * 7.5 / 10)
    x0 = float(page.input_value("input[data-key=start-x]"))
    y0 = float(page.input_value("input[data-key=start-y]"))
    pixel = 20 / box["width"]
    assert abs(x0 - 4) <= pixel and abs(y0 + 2.5) <= pixel
    (x, y), _, _ = _readout(page, "Adam")
    expected = trace_path(optim.Adam(lr=0.3), anisotropic, (x0, y0), 30)[-1]
    assert (x, y) == pytest.approx(tuple(expected), rel=1e-4, abs=1e-9)
    page.wait_for_function(f"location.hash.includes('x={x0:g};')", timeout=2_000)

    # Change more, then go back to the book's settings.
    page.select_option("select[data-key=function]", "rosenbrock")
    page.check("input[type=checkbox][data-optimizer=RMSprop]")
    page.wait_for_function("h => location.hash !== h", arg=first_hash, timeout=2_000)
    page.click("button[data-key=book]")
    page.wait_for_function("h => location.hash === h", arg=first_hash, timeout=2_000)
    assert _plot_pixels(page) == first_pixels
    _clean(offline)


def test_a_link_opens_its_state_and_divergence_is_reported(offline):
    fragment = "f=anisotropic;n=200;on=SGD,Adam;SGD.lr=1.05;Adam.lr=0.05"
    page = _open(offline, "en", fragment)
    assert page.input_value("select[data-key=function]") == "anisotropic"
    assert page.input_value("input[data-key=steps]") == "200"
    # y_k = 2·(1 − 2·1.05)^k = 2·(−1.1)^k: the first k with 2·1.1^k > 10^6 (by hand: 138).
    k = math.floor(math.log(DIVERGENCE_BOUND / 2) / math.log(1.1)) + 1
    assert k == 138
    (x, y), _, status = _readout(page, "SGD")
    assert status == f"diverged at step {k}"
    assert abs(y) == pytest.approx(2 * 1.1 ** (k - 1), rel=1e-4)  # the last point inside
    (x, y), _, status = _readout(page, "Adam")
    assert status == "finite"
    assert (x, y) == pytest.approx(
        tuple(trace_path(optim.Adam(lr=0.05), anisotropic, steps=200)[-1]), rel=1e-4, abs=1e-9
    )
    _clean(offline)


def test_guided_experiments_open_their_state(offline):
    page = _open(offline)
    links = page.eval_on_selector_all(
        "article a[href^='#f=']", "as => as.map(a => a.getAttribute('href'))"
    )
    assert len(links) >= 4
    for href in links:
        fn = re.search(r"f=(\w+)", href).group(1)
        on = [n for n in NAMES if n in re.search(r"on=([\w,]+)", href).group(1).split(",")]
        page.click(f"article a[href='{href}']")
        # The explorer shows that function with exactly those optimizers.
        page.wait_for_function(
            """([fn, on]) => document.querySelector('select[data-key=function]').value === fn &&
            [...document.querySelectorAll('.dlx-readout tbody tr:not([hidden])')]
                .map(r => r.dataset.optimizer).join() === on.join()""",
            arg=[fn, on],
            timeout=5_000,
        )
        assert page.evaluate("location.hash").startswith(f"#f={fn};")
        for key, value in re.findall(r"(\w+\.\w+)=([\d.]+)", href):
            name, arg = key.split(".")
            shown = page.eval_on_selector(
                f"input[data-optimizer={name}][data-key={arg}]", "s => s.nextElementSibling.value"
            )
            assert float(shown) == float(value), (href, key)
    _clean(offline)


def test_language_switch_keeps_the_state(offline):
    if _languages() != ["en", "ko"]:
        _unavailable("both languages must be built")
    fragment = "f=saddle;x=0.5;y=-1;n=50;on=Adam;Adam.lr=0.05"
    page = _open(offline, "en", fragment)
    page.click(".dlscratch-language-switch a[hreflang=ko]")
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.querySelector('.dlscratch-explorer.dlx-ready')")
    assert page.url == (SITE / "ko" / PAGE).as_uri() + "#" + fragment
    assert page.input_value("select[data-key=function]") == "saddle"
    assert page.input_value("input[data-key=start-x]") == "0.5"
    _clean(offline)


def test_every_label_is_korean(offline):
    if "ko" not in _languages():
        _unavailable("the ko site is not built")
    page = _open(offline, "ko", "f=anisotropic;n=200;on=SGD;SGD.lr=1.05")
    texts = page.eval_on_selector_all(
        ".dlscratch-explorer label, .dlscratch-explorer button, .dlscratch-explorer th[scope=col],"
        " .dlscratch-explorer option, .dlscratch-explorer .dlx-caption,"
        " .dlscratch-explorer .dlx-heading",
        "els => els.map(e => e.getAttribute('aria-label') || e.textContent.trim())",
    )
    texts += page.eval_on_selector_all(
        ".dlx-plot", "cs => cs.map(c => c.getAttribute('aria-label'))"
    )
    untranslated = [t for t in texts if t not in NAMES and not HANGUL.search(t)]
    assert not untranslated, untranslated
    assert _readout(page, "SGD")[2] == "138번째 갱신에서 발산"
    _clean(offline)


# ---- Speed and looks ----------------------------------------------------------------------------


def test_recompute_and_redraw_within_one_frame(offline):
    page = _open(offline, "en", "f=rosenbrock;n=500;on=" + ",".join(NAMES))
    times = page.evaluate(
        """() => {
        const slider = document.querySelector('input[data-optimizer=Adam][data-key=lr]');
        const plot = document.querySelector('.dlx-plot').getContext('2d');
        const times = [];
        for (let i = 0; i < 200; i++) {
            slider.value = String(-2 + (i % 20) * 0.01);
            const t0 = performance.now();
            slider.dispatchEvent(new Event('input'));
            plot.getImageData(0, 0, 1, 1);  // wait until the drawing is really done
            times.push(performance.now() - t0);
        }
        return times;
    }"""
    )
    median = float(np.median(times))
    print(f"\nrecompute + redraw, 6 paths × 500 steps: median {median:.2f} ms over 200 changes")
    assert median <= 16
    _clean(offline)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_screenshots(browser, lang, width, theme):
    offline = OfflinePage(browser)
    try:
        offline.page.set_viewport_size({"width": width, "height": 900})
        offline.page.emulate_media(color_scheme=theme)
        page = _open(offline, lang, "f=anisotropic;n=60;on=" + ",".join(NAMES))
        if width == 390:
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"the page scrolls sideways by {overflow} px at 390 px"
            right = page.eval_on_selector_all(
                ".dlscratch-explorer :is(select, input, button, canvas, label)",
                "els => Math.max(...els.map(e => e.getBoundingClientRect().right))",
            )
            assert right <= width, f"a control reaches {right} px, beyond the {width} px screen"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(SCREENSHOTS / f"{lang}-explorer-{width}-{theme}.png"), full_page=True
        )
        _clean(offline)
    finally:
        offline.close()


# ---- Accessibility ------------------------------------------------------------------------------


def _description(page):
    return page.evaluate(
        "document.getElementById(document.querySelector('.dlx-plot')"
        ".getAttribute('aria-describedby')).textContent"
    )


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_plot_is_described_in_words_that_follow_the_settings(offline, lang):
    page = _open(offline, lang, "f=anisotropic;n=60;on=SGD,Adam")
    assert page.eval_on_selector(".dlx-plot", "c => c.getAttribute('role')") == "img"
    text = _description(page)
    for part in ("SGD, Adam", "(-7, 2)", "60", "(0, 0)"):
        assert part in text, (part, text)
    assert "{" not in text, text
    # Read by screen readers: not display:none, not hidden from the accessibility tree.
    hidden = page.evaluate(
        "(() => { const d = document.getElementById('dlx-description');"
        " return getComputedStyle(d).display === 'none' || !!d.closest('[aria-hidden=true]'); })()"
    )
    assert not hidden
    if lang == "ko":
        assert HANGUL.search(text), text
    page.select_option("select[data-key=function]", "rosenbrock")
    page.check("input[type=checkbox][data-optimizer=RMSprop]")
    changed = _description(page)
    assert changed != text
    assert "SGD, RMSprop, Adam" in changed and "(1, 1)" in changed, changed
    name = page.eval_on_selector(
        "select[data-key=function] option[value=rosenbrock]", "o => o.textContent"
    ).split(":")[0]
    assert name in changed, (name, changed)
    _clean(offline)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_loss_panel_is_described_by_its_lowest_path(offline, lang):
    # The book's SGD (η = 0.95) and Adam (η = 0.3) from (-7, 2), 60 steps: Python's paths
    # say which ends lower, and where.
    page = _open(offline, lang, "f=anisotropic;n=60;on=SGD,Adam")
    text = page.evaluate(
        "document.getElementById(document.querySelector('.dlx-loss')"
        ".getAttribute('aria-describedby')).textContent"
    )
    ends = {
        "SGD": trace_path(optim.SGD(lr=0.95), anisotropic, steps=60)[-1],
        "Adam": trace_path(optim.Adam(lr=0.3), anisotropic, steps=60)[-1],
    }
    values = {name: float(anisotropic.f(*end)) for name, end in ends.items()}
    lowest = min(values, key=values.get)
    found = re.search(r"(SGD|Adam) \(f = ([-0-9.e+]+)\)", text)
    assert found, text
    assert found.group(1) == lowest
    assert float(found.group(2)) == pytest.approx(values[lowest], rel=1e-4)
    assert "SGD, Adam" in text and "60" in text and "{" not in text, text
    if lang == "ko":
        assert HANGUL.search(text), text
    _clean(offline)


def test_results_are_announced_politely_and_not_while_playing(offline):
    page = _open(offline, "en", "f=anisotropic;n=20;on=SGD")  # plays for two seconds
    live = page.eval_on_selector(".dlx-readout", "t => t.closest('[aria-live]')")
    assert live is not None, "the results table is in no live region"
    box = ".dlx-table-box"
    assert page.eval_on_selector(box, "b => b.getAttribute('aria-live')") == "polite"
    assert page.eval_on_selector(box, "b => b.getAttribute('aria-label')")
    page.click("button[data-key=play]")
    assert page.eval_on_selector(box, "b => b.getAttribute('aria-busy')") == "true"
    page.wait_for_function(
        "() => document.querySelector('button[data-key=play]').getAttribute('aria-pressed')"
        " === 'false'",
        timeout=30_000,  # generous: animation frames come slowly on a busy machine
    )
    assert page.eval_on_selector(box, "b => b.getAttribute('aria-busy')") is None
    _clean(offline)


def _luminance(css):
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a, b):
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_control_is_reached_by_tab_with_a_visible_ring(browser, theme):
    offline = OfflinePage(browser)
    try:
        offline.page.emulate_media(color_scheme=theme)
        page = _open(offline, "en", "f=anisotropic;on=" + ",".join(NAMES))
        controls = page.eval_on_selector_all(
            ".dlscratch-explorer :is(select, input, button, [tabindex='0'])",
            "els => els.filter(e => !e.disabled).map(e => e.outerHTML.slice(0, 80))",
        )
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.focus("select[data-key=function]")
        reached, rings = [], []
        for _ in range(len(controls) + 5):
            active = page.evaluate(
                """() => { const e = document.activeElement;
                if (!e.closest('.dlscratch-explorer')) return null;
                const s = getComputedStyle(e);
                return [e.outerHTML.slice(0, 80), s.outlineStyle, parseFloat(s.outlineWidth),
                        s.outlineColor]; }"""
            )
            if active is None:
                break
            reached.append(active[0])
            rings.append(active)
            page.keyboard.press("Tab")
        assert sorted(reached) == sorted(controls), set(controls) ^ set(reached)
        for html, style, width, color in rings:
            assert style != "none" and width >= 2, (html, style, width)
            # WCAG 1.4.11: a focus indicator needs 3:1 against what surrounds it.
            assert _contrast(color, background) >= 3, (html, color, background)
        _clean(offline)
    finally:
        offline.close()


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_focus_ring_screenshots(browser, lang, theme):
    offline = OfflinePage(browser)
    try:
        offline.page.emulate_media(color_scheme=theme)
        page = _open(offline, lang, "f=anisotropic;n=60;on=" + ",".join(NAMES))
        page.focus("input[data-key=steps]")
        page.keyboard.press("Shift+Tab")  # a keyboard move, so that :focus-visible applies
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.matches('[data-key=steps]:focus-visible')")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(".dlx-plot").scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"{lang}-explorer-focus-{theme}.png"))
        _clean(offline)
    finally:
        offline.close()
