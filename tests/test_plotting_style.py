"""Tests of dlscratch.plotting.style: the style and the Korean font."""

import matplotlib.pyplot as plt

from dlscratch.plotting.style import apply_style, korean_font_path


def test_korean_text_renders_with_a_hangul_font(monkeypatch, render_without_missing_glyphs):
    monkeypatch.setenv("DLSCRATCH_LANG", "ko")
    apply_style()
    fig, ax = plt.subplots()
    ax.set_title("비등방성 함수의 기울기 −∇f, 학습률 η = 0.95")
    ax.plot([-1, 0, 1], [-2, 0, 2])  # negative tick labels use the Unicode minus
    messages = render_without_missing_glyphs(fig)
    assert not [m for m in messages if "missing from font" in m or "Glyph" in m], messages
    plt.close(fig)


def test_korean_text_without_the_font_warns(render_without_missing_glyphs):
    # The check above must be able to fail: DejaVu Sans alone has no Hangul.
    with plt.rc_context({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title("비등방성 함수")
        messages = render_without_missing_glyphs(fig)
    plt.close(fig)
    assert any("missing from font" in m for m in messages), messages


def test_korean_inside_math_text_is_detected(monkeypatch, render_without_missing_glyphs):
    # matplotlib's math text has no font fallback and only logs the missing glyphs.
    monkeypatch.setenv("DLSCRATCH_LANG", "ko")
    apply_style()
    fig, ax = plt.subplots()
    ax.set_title(r"$\eta = 0.95$: 30번 갱신 후")
    messages = render_without_missing_glyphs(fig)
    plt.close(fig)
    assert any("does not have a glyph" in m for m in messages), messages


def test_korean_font_is_found_without_importing_koreanize():
    import sys

    path = korean_font_path()
    assert path is not None and path.endswith(".ttf")
    assert "koreanize_matplotlib" not in sys.modules
