"""planner/core/text.py, the one place plan text is made fit to show: properties that hold
for any text (control characters never get through, limits hold, '$' is never math)."""

from __future__ import annotations

import unicodedata

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from planner.core.text import FORMAT_CHARS, draw_as_typed, elide, one_line, terminal_safe  # noqa: E402

# Any code point, surrogates included (plan files and sheets can hold lone surrogates).
anything = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()), max_size=300)
hostile = st.text(st.sampled_from("$\\^_{}%&#~\x1b\x00\n\r\t\u2028\u202e\ud800\ufffe a"), max_size=60)
limits = st.integers(min_value=1, max_value=200)


def is_control(c: str) -> bool:
    return unicodedata.category(c) in ("Cc", "Cs") or ord(c) in (0xFFFE, 0xFFFF)


@given(st.one_of(anything, hostile), limits)
def test_one_line_has_no_control_characters_and_keeps_the_limit(text, limit):
    out = one_line(text, limit)
    assert len(out) <= limit
    assert not any(is_control(c) for c in out)
    assert out == out.strip() or out.endswith("…")
    assert "  " not in out
    out.encode("utf-8")  # no lone surrogate: always encodable, always valid in XML


@given(st.one_of(anything, hostile))
def test_one_line_within_the_limit_keeps_the_words(text):
    out = one_line(text, 10_000)
    assert not out.endswith("…") or text.rstrip().endswith("…")
    words = [w for w in out.split() if "\ufffd" not in w]
    assert all(w in text for w in words)


def test_one_line_examples():
    assert one_line("Ann\tLee\nPM", 60) == "Ann Lee PM"
    assert one_line("\x1b[2Jhi") == "\ufffd[2Jhi"
    assert one_line("a" * 70, 20) == "a" * 19 + "…"
    assert one_line("x\ud800y") == "x\ufffdy"
    assert elide("  spaced   out ") == "spaced out"


@given(st.one_of(anything, hostile))
def test_terminal_safe_has_no_control_or_reordering_characters(text):
    out = terminal_safe(text)
    assert not any(unicodedata.category(c) == "Cc" for c in out)
    assert not any(ord(c) in FORMAT_CHARS for c in out)
    assert "\n" not in out and "\r" not in out and "\x1b" not in out


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=100))
def test_terminal_safe_leaves_ordinary_text_whole(text):
    if not any(ord(c) in FORMAT_CHARS for c in text):
        assert terminal_safe(text) == text


def test_terminal_safe_examples():
    assert terminal_safe("a\x1b[31mred\nfake") == "a\\x1b[31mred\\x0afake"
    assert terminal_safe("evil\u202eexe.txt") == "evil\\u202eexe.txt"
    assert terminal_safe("x" * 500) == "x" * 500  # whole, never elided


@pytest.fixture(scope="module")
def axes():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


@settings(max_examples=60, deadline=None)
@given(st.one_of(hostile, st.text(st.sampled_from("$\\frac{a}{b}^_ x"), max_size=40)))
def test_draw_as_typed_never_renders_as_math(axes, text):
    label = axes.text(0, 0, text)
    draw_as_typed([label])
    # matplotlib's own decision whether a string is math: after draw_as_typed it is plain, as typed.
    shown, is_math = label._preprocess_math(label.get_text())
    assert is_math is False and shown == text
    label.remove()


def test_draw_as_typed_draws_what_mathtext_refuses(axes):
    """'$\\foo$' is not valid mathtext: drawn as typed it renders instead of raising."""
    fig = axes.figure
    bad = axes.text(0, 0, r"$\notacommand{$ and 50% of $x")
    draw_as_typed([bad])
    fig.canvas.draw()
    assert bad.get_window_extent().width > 0
    bad.remove()
