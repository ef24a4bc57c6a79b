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


def test_each_optimizer_is_drawn_with_its_colour_marker_and_dashes():
    import numpy as np

    from dlscratch.landscapes import saddle, trace_path
    from dlscratch.plotting import coordinate_figure
    from dlscratch.registry import OPTIMIZERS

    paths = {
        name: trace_path(entry.make(lr=0.05), saddle, start=(0.001, 1.2), steps=20)
        for name, entry in OPTIMIZERS.items()
    }
    fig = coordinate_figure(paths, "x")
    lines = {line.get_label(): line for line in fig.axes[0].get_lines()}
    for name, entry in OPTIMIZERS.items():
        line = lines[name]
        assert line.get_color() == entry.color and line.get_marker() == entry.marker
        assert line.get_linestyle() == ("--" if entry.dash else "-")
        if entry.dash:  # matplotlib keeps the lengths multiplied by the line's width
            _, lengths = line._dash_pattern
            assert np.allclose(lengths, np.array(entry.dash) * line.get_linewidth())
        # A float markevery: a few markers along a dense curve, not one per point.
        assert isinstance(line.get_markevery(), tuple)
    plt.close(fig)


def test_other_names_get_matplotlibs_defaults_and_markers_are_staggered():
    from dlscratch.plotting.style import optimizer_style, spread_markers

    assert optimizer_style("He") == {}
    starts = [spread_markers(i, 4)[0] for i in range(4)]
    assert starts == sorted(set(starts)) and starts[0] == 0 and starts[-1] < 0.12
