"""Page text to :class:`Line` records.

Consumes the decoded text of a plain-text page and produces one ``Line`` per
non-empty line: the stripped text without its list bullet, its offsets in the
CRLF-normalised page, its indentation and whether a blank line surrounds it.
Renderers such as inscriptis print each block element (paragraph, heading,
list item, caption) on one line and list items as ``  * ``/``      + ``.
"""

from __future__ import annotations

import re
from functools import partial
from itertools import accumulate, chain, repeat
from operator import add, not_
from typing import NamedTuple

# A list bullet: one of the marks renderers and people use, then a space (or the
# end of the line, for empty list items of icon-only share buttons).
_BULLET_MARKS = "•*+-–·▪◦"
_BULLET = re.compile(r"([•*+\-–·▪◦])(?:\s+|$)")


class Line(NamedTuple):
    """One non-empty line of a page (an immutable record; a tuple because a page builds
    hundreds of them and a tuple is built ~20x faster than a frozen dataclass).

    Attributes:
        text: stripped line text, bullet removed.
        start: offset of ``text`` in the CRLF-normalised page.
        end: offset just after ``text``.
        index: position among the non-empty lines.
        bullet: the list bullet the line had, or None.
        indent: leading whitespace characters before the text or bullet.
        blank_before: a blank line (or the page start) precedes the line.
        blank_after: a blank line (or the page end) follows the line.
    """

    text: str
    start: int
    end: int
    index: int  # type: ignore[assignment]  # shadows tuple.index, as the field was named before
    bullet: str | None
    indent: int
    blank_before: bool
    blank_after: bool


def normalise_newlines(text: str) -> str:
    """CRLF and CR to LF: the page form all ``Line`` offsets point into."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def segment(text: str) -> list[Line]:
    """Split a page into non-empty lines.

    Lines that hold only a bullet (icon-only list items) carry no text and are
    left out; they do not count as blank either.

    Args:
        text: the page text; CR and CRLF line ends are normalised first.

    Returns:
        The non-empty lines in page order.
    """
    raw = normalise_newlines(text).split("\n")
    left = list(map(str.lstrip, raw))
    offsets = accumulate(map(add, map(len, raw), repeat(1)), initial=0)  # each line and its line break
    # A line follows a blank one when the raw line before it is blank (or it opens the page).
    blank_before = chain((True,), map(not_, left))
    rows: list[tuple[str, int, int, str | None, bool]] = [
        (stripped.rstrip(), pos + len(line) - len(stripped), len(line) - len(stripped), None, before)
        for line, stripped, pos, before in zip(raw, left, offsets, blank_before, strict=False)
        if stripped
    ]
    for k, row in enumerate(rows):
        if row[0][0] in _BULLET_MARKS and (m := _BULLET.match(row[0])):
            rows[k] = (row[0][m.end() :], row[1] + m.end(), row[2], m.group(1), row[4])
    return _finish([row for row in rows if row[0]])


# Builds a Line from a tuple of its fields in C (``Line._make`` checks the length in Python).
_new_line = partial(tuple.__new__, Line)


def _finish(rows: list[tuple[str, int, int, str | None, bool]]) -> list[Line]:
    """Lines with ``index`` and ``blank_after`` (the next line's ``blank_before``; the last line's is True)."""
    if not rows:
        return []
    texts, starts, indents, bullets, before = zip(*rows, strict=True)
    ends = map(add, starts, map(len, texts))
    after = (*before[1:], True)
    return list(
        map(_new_line, zip(texts, starts, ends, range(len(rows)), bullets, indents, before, after, strict=True))
    )
