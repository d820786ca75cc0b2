"""Page text to :class:`Line` records.

Consumes the decoded text of a plain-text page and produces one ``Line`` per
non-empty line: the stripped text without its list bullet, its offsets in the
CRLF-normalised page, its indentation and whether a blank line surrounds it.
Renderers such as inscriptis print each block element (paragraph, heading,
list item, caption) on one line and list items as ``  * ``/``      + ``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A list bullet: one of the marks renderers and people use, then a space (or the
# end of the line, for empty list items of icon-only share buttons).
_BULLET = re.compile(r"([•*+\-–·▪◦])(?:\s+|$)")


@dataclass(frozen=True, slots=True)
class Line:
    """One non-empty line of a page.

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
    index: int
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
    text = normalise_newlines(text)
    raw: list[tuple[str, int, int, str | None, bool]] = []
    pos = 0
    blank = True
    for line in text.split("\n"):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        stripped = stripped.rstrip()
        offset = pos + indent
        pos += len(line) + 1
        if not stripped:
            blank = True
            continue
        bullet = None
        m = _BULLET.match(stripped)
        if m:
            bullet = m.group(1)
            offset += m.end()
            stripped = stripped[m.end() :]
            if not stripped:
                blank = False
                continue
        raw.append((stripped, offset, indent, bullet, blank))
        blank = False
    return _finish(raw)


def _finish(raw: list[tuple[str, int, int, str | None, bool]]) -> list[Line]:
    """Fill ``index`` and ``blank_after`` once all lines are known."""
    last = len(raw) - 1
    return [
        Line(text, start, start + len(text), i, bullet, indent, blank_before, i == last or raw[i + 1][4])
        for i, (text, start, indent, bullet, blank_before) in enumerate(raw)
    ]
