"""Tests for newsweave.extractors.textpage.segment."""

from __future__ import annotations

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
