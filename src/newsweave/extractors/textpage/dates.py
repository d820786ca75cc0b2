"""The publication date a plain-text page prints in its furniture ("25.04.2019, 09:12 Uhr").

Consumes the furniture lines the assembler set aside and produces a ``Published`` with
source ``text``: the first short line that holds a whole date (day, month and year).
Month names come from babel for every language the cue lexicons cover.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import cache

from babel.dates import get_month_names

from newsweave.model import Furniture, Published

LANGUAGES = ("de", "en", "fr", "es", "it")
# Datelines are short ("Tue 23 Apr 2019 10.41 BST", "Online seit heute, 7.57 Uhr"); longer
# lines with a date are prose or teasers that merely mention one.
MAX_DATE_LINE_CHARS = 80
# Only the top of the page carries the article's own date; later furniture dates belong to
# teasers and comments.
MAX_FURNITURE_SCANNED = 40
_NUMERIC = re.compile(
    r"\b(?:(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>(?:19|20)\d\d)|(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d))(?!\d)"
)


@cache
def _month_numbers() -> dict[str, int]:
    """Lower-cased month names and abbreviations (dots stripped) of every language -> 1..12."""
    names: dict[str, int] = {}
    for lang in LANGUAGES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=lang).items():
                    names[name.lower().rstrip(".")] = number
    return names


@cache
def _worded() -> re.Pattern[str]:
    months = "|".join(sorted((re.escape(m) for m in _month_numbers()), key=len, reverse=True))
    return re.compile(
        rf"\b(?:(?P<d1>\d{{1,2}})\.?\s+(?:de\s+)?(?P<m1>{months})\.?(?:\s+de)?\s+(?P<y1>(?:19|20)\d\d)"
        rf"|(?P<m2>{months})\.?\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>(?:19|20)\d\d))\b",
        re.IGNORECASE,
    )


# Every date pattern holds a digit: a line without one is not searched (most furniture lines).
_DIGIT = re.compile(r"\d")


def find_date(line: str) -> datetime | None:
    """A whole date (day, month, year) written in ``line``, or None."""
    if _DIGIT.search(line) is None:
        return None
    if m := _NUMERIC.search(line):
        d, mo, y = (m["d"], m["m"], m["y"]) if m["d"] else (m["id"], m["im"], m["iy"])
        return _valid(int(y), int(mo), int(d))
    if m := _worded().search(line):
        d, name, y = (m["d1"], m["m1"], m["y1"]) if m["d1"] else (m["d2"], m["m2"], m["y2"])
        return _valid(int(y), _month_numbers()[name.lower()], int(d))
    return None


def _valid(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day)
    except ValueError:
        return None


# A dateline block ("Tue 23 Apr 2019 10.41 BST", "25.04.2019, 09:12 Uhr") is short, has no
# sentence end and few words besides the date; real sentences that mention a date are longer.
MAX_DATELINE_CHARS = 40
MAX_DATELINE_WORDS = 6


def is_dateline(text: str) -> bool:
    """True for a line that is only a date (and time, weekday, zone): page furniture."""
    return (
        len(text) <= MAX_DATELINE_CHARS
        and len(text.split()) <= MAX_DATELINE_WORDS
        and text.rstrip()[-1:] not in {".", "!", "?", ":"}
        and find_date(text) is not None
    )


def page_date(furniture: Iterable[Furniture]) -> Published | None:
    """The first short furniture line near the top of the page that holds a whole date."""
    for i, item in enumerate(furniture):
        if i >= MAX_FURNITURE_SCANNED:
            break
        if len(item.text) <= MAX_DATE_LINE_CHARS and (when := find_date(item.text)):
            return Published(when, "text")
    return None
