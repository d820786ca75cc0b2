"""Tests for newsweave.extractors.textpage.segment."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsweave.extractors.textpage.segment import normalise_newlines, segment

PAGE = "Menü\r\n  * Politik\r\n  *\r\n      + Inland\r\n\r\nDer Kanzler sagte am Montag etwas.\r\n- Punkt\r\n"


def test_offsets_point_at_the_stripped_text() -> None:
    page = normalise_newlines(PAGE)
    for line in segment(PAGE):
        assert page[line.start : line.end] == line.text


def test_bullets_indent_and_empty_bullets() -> None:
    lines = segment(PAGE)
    assert [line.text for line in lines] == ["Menü", "Politik", "Inland", "Der Kanzler sagte am Montag etwas.", "Punkt"]
    assert [line.bullet for line in lines] == [None, "*", "+", None, "-"]
    assert [line.indent for line in lines] == [0, 2, 6, 0, 0]
    assert [line.index for line in lines] == [0, 1, 2, 3, 4]


def test_blank_line_context() -> None:
    lines = segment(PAGE)
    assert [line.blank_before for line in lines] == [True, False, False, True, False]
    assert [line.blank_after for line in lines] == [False, False, True, False, True]


def test_dash_inside_text_is_not_a_bullet() -> None:
    (line,) = segment("-5 Grad in Berlin")
    assert line.bullet is None and line.text == "-5 Grad in Berlin"


def test_empty_page() -> None:
    assert segment("") == []
    assert segment("\n \n\t\n") == []


def _reference(text: str) -> list[tuple[str, int, int, str | None, bool]]:
    """The line-by-line reading ``segment`` must equal: (text, start, indent, bullet, blank_before)."""
    out: list[tuple[str, int, int, str | None, bool]] = []
    pos, blank = 0, True
    for raw in normalise_newlines(text).split("\n"):
        stripped = raw.strip()
        indent = len(raw) - len(raw.lstrip())
        start, bullet = pos + indent, None
        pos += len(raw) + 1
        if not stripped:
            blank = True
            continue
        if m := re.match(r"([•*+\-–·▪◦])(?:\s+|$)", stripped):
            bullet, start, stripped = m.group(1), start + m.end(), stripped[m.end() :]
        if stripped:
            out.append((stripped, start, indent, bullet, blank))
        blank = False
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "b c", " ", "\t", "\n", "\r", "\r\n", "•", "*", "- ", "–", "\u00a0", "\x85"]), max_size=16
    )
)
def test_segment_equals_the_line_by_line_reading(parts: list[str]) -> None:
    text = "".join(parts)
    lines = segment(text)
    assert [(ln.text, ln.start, ln.indent, ln.bullet, ln.blank_before) for ln in lines] == _reference(text)
    assert [ln.index for ln in lines] == list(range(len(lines)))
    assert [ln.blank_after for ln in lines] == [ln.blank_before for ln in lines[1:]] + [True] * bool(lines)
