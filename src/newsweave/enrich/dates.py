"""Time expressions: find them in ``Article.text`` and resolve them.

Consumes the article text, its sentence spans and a reference date (the
publication date); produces :class:`~newsweave.model.TimeExpression` records
whose ``value`` is an ISO date (``2019-04-23``), ISO week (``2019-W16``),
month (``2019-02``), year (``2011``), season or quarter (``2018-FA``,
``2019-Q1``) or a TIMEX3-style reference (``PAST_REF``, ``PRESENT_REF``,
``FUTURE_REF``). Relative expressions need the reference date and the tense of
the nearest verb: "am Dienstag" in a past-tense sentence is the latest Tuesday
on or before the reference date. Rules and word lists are data, in
``newsweave/data/enrich/time_{de,en}.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import Any

from newsweave.model import TimeExpression

Resolved = tuple[str | None, str]  # (value, kind)

PREV_WORD = re.compile(r"(\w+)[ \t]+$")
# At most this many words are absorbed before a match ("im vergangenen" + "Jahr").
MAX_PREFIX_WORDS = 3
SEASON_END_MONTH = {"SP": 5, "SU": 8, "FA": 11, "WI": 2}


@dataclass(frozen=True, slots=True)
class TimeRule:
    """One compiled rule of a time lexicon."""

    name: str
    regex: re.Pattern[str]
    resolve: str
    example: str
    value: str
    needs: str  # "mod" or "prefix": the rule only counts with such a word right before it


@dataclass(frozen=True, slots=True)
class TimeLexicon:
    """A language's time rules, word lists and tense cues."""

    language: str
    rules: tuple[TimeRule, ...]
    words: dict[str, dict[str, Any]]
    past: re.Pattern[str]
    future: re.Pattern[str]
    example_reference: date


def _alternation(words: dict[str, Any]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def load_time_lexicon(language: str) -> TimeLexicon:
    """Load and compile ``time_<language>.toml`` from the package data.

    Args:
        language: ``de`` or ``en``.
    """
    raw = tomllib.loads(resources.files("newsweave").joinpath(f"data/enrich/time_{language}.toml").read_text("utf-8"))
    words: dict[str, dict[str, Any]] = raw["words"]

    def fill(pattern: str) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: _alternation(words[m[1]]) if m[1] in words else m[0], pattern)

    rules = tuple(
        TimeRule(r["name"], re.compile(fill(r["pattern"])), r["resolve"], r["example"], r["value"], r.get("needs", ""))
        for r in raw["rule"]
    )
    return TimeLexicon(
        language,
        rules,
        words,
        re.compile(raw["tense"]["past"], re.I),
        re.compile(raw["tense"]["future"], re.I),
        date.fromisoformat(raw["example_reference"]),
    )


def _tense(sentence: str, pos: int, lex: TimeLexicon) -> int:
    """-1 past, +1 future: the tense cue nearest to ``pos`` in ``sentence`` wins; past by default."""
    best, sign = 10**9, -1
    for regex, value in ((lex.past, -1), (lex.future, 1)):
        for m in regex.finditer(sentence):
            dist = min(abs(m.start() - pos), abs(m.end() - pos))
            if dist < best:
                best, sign = dist, value
    return sign


def _num(lex: TimeLexicon, kind: str, text: str) -> int:
    table = lex.words[kind]
    return int(table.get(text, table.get(text.lower(), text)))


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _r_dmy(g: dict[str, Any], ref: date | None, tense: int, lex: TimeLexicon) -> Resolved:
    groups = g
    month = int(groups["mon"]) if groups.get("mon") else _num(lex, "month", groups["month"])
    day = int(groups["day"])
    if groups.get("year"):
        year = int(groups["year"])
    elif ref is None:
        return None, "underspecified"
    else:
        year = ref.year
        if tense < 0 and (month, day) > (ref.month, ref.day) and month - ref.month > 2:
            year -= 1
        elif tense > 0 and (month, day) < (ref.month, ref.day) and ref.month - month > 2:
            year += 1
    try:
        return date(year, month, day).isoformat(), "date"
    except ValueError:
        return None, "underspecified"


def _r_month(g: dict[str, Any], ref: date | None, tense: int, lex: TimeLexicon) -> Resolved:
    month = _num(lex, "month", g["month"])
    if g.get("year"):
        return _month_value(int(g["year"]), month), "month"
    if ref is None:
        return None, "underspecified"
    year = ref.year
    if tense < 0 and month > ref.month:
        year -= 1
    elif tense > 0 and month < ref.month:
        year += 1
    return _month_value(year, month), "month"


def _r_year(g: dict[str, Any], ref: date | None, tense: int, lex: TimeLexicon) -> Resolved:
    return g["year"], "year"


def _r_this_year(g: dict[str, Any], ref: date | None, tense: int, lex: TimeLexicon) -> Resolved:
    return (str(ref.year), "year") if ref else (None, "underspecified")


def _r_weekday(g: dict[str, Any], ref: date | None, tense: int, lex: TimeLexicon) -> Resolved:
    if ref is None:
        return None, "underspecified"
    target = _num(lex, "weekday", g["weekday"])
    mod = _num(lex, "mod", g["mod"]) if g.get("mod") else None
    if mod == 0:
        return (ref + timedelta(days=target - ref.weekday())).isoformat(), "date"
    if mod is not None:
        tense = mod
    if tense < 0:
        back = (ref.weekday() - target) % 7 or (7 if mod else 0)
        return (ref - timedelta(days=back)).isoformat(), "date"
    ahead = (target - ref.weekday()) % 7 or (7 if mod else 0)
    return (ref + timedelta(days=ahead)).isoformat(), "date"


def _r_day_offset(g: dict[str, Any], ref: date | None, tense: int, lex: TimeLexicon) -> Resolved:
    if ref is None:
        return None, "relative"
    return (ref + timedelta(days=_num(lex, "day_offset", g["offset"]))).isoformat(), "date"


def _shift(ref: date, unit: str, n: int) -> Resolved:
    if unit == "week":
        year, week, _ = (ref + timedelta(weeks=n)).isocalendar()
        return f"{year}-W{week:02d}", "week"
    if unit == "month":
        total = ref.year * 12 + ref.month - 1 + n
        return _month_value(total // 12, total % 12 + 1), "month"
    return str(ref.year + n), "year"


def _r_unit_mod(g: dict[str, Any], ref: date | None, tense: int, lex: TimeLexicon) -> Resolved:
    if ref is None:
        return None, "relative"
    return _shift(ref, lex.words["unit"][g["unit"]], _num(lex, "mod", g["mod"]))


def _r_ago(g: dict[str, Any], ref: date | None, tense: int, lex: TimeLexicon) -> Resolved:
    if ref is None:
        return None, "relative"
    return _shift(ref, lex.words["unit"][g["unit"]], -_num(lex, "number", g["num"]))


def _r_season(g: dict[str, Any], ref: date | None, tense: int, lex: TimeLexicon) -> Resolved:
    code = lex.words["season"][g["season"]]
    if g.get("year"):
        return f"{g['year']}-{code}", "month"
    if ref is None:
        return None, "relative"
    mod = _num(lex, "mod", g["mod"]) if g.get("mod") else tense
    end = SEASON_END_MONTH[code]
    if mod == 0:
        return f"{ref.year}-{code}", "month"
    if mod < 0:
        return f"{ref.year if ref.month > end else ref.year - 1}-{code}", "month"
    return f"{ref.year if ref.month < end - 2 else ref.year + 1}-{code}", "month"


def _r_quarter(g: dict[str, Any], ref: date | None, tense: int, lex: TimeLexicon) -> Resolved:
    return f"{g['year']}-Q{_num(lex, 'ordinal', g['ord'])}", "month"


def _r_ref(g: dict[str, Any], ref: date | None, tense: int, lex: TimeLexicon) -> Resolved:
    table = {k.lower(): v for k, v in lex.words["ref"].items()}
    return table[g["ref"].lower()], "relative"


RESOLVERS: dict[str, Callable[[dict[str, Any], date | None, int, TimeLexicon], Resolved]] = {
    "dmy": _r_dmy,
    "month": _r_month,
    "year": _r_year,
    "this_year": _r_this_year,
    "weekday": _r_weekday,
    "day_offset": _r_day_offset,
    "unit_mod": _r_unit_mod,
    "ago": _r_ago,
    "season": _r_season,
    "quarter": _r_quarter,
    "ref": _r_ref,
}


def _extend_left(text: str, start: int, lex: TimeLexicon) -> tuple[int, str | None, bool]:
    """Absorb prepositions and modifiers before a match: (new start, modifier, saw a preposition).

    Rules match their core ("Woche", "Dienstag"); "im vergangenen", "am", "last" are taken here,
    which keeps the rule regexes free of optional leading groups (5x faster).
    """
    mod, prefix, pos = None, False, start
    for _ in range(MAX_PREFIX_WORDS):
        m = PREV_WORD.search(text[max(0, pos - 30) : pos])
        word = m.group(1).lower() if m else ""
        if word in lex.words["mod"] and mod is None:
            mod = word
        elif word in lex.words["prefix"]:
            prefix = True
        else:
            break
        pos -= len(m.group(0)) if m else 0
    return pos, mod, prefix


def _candidates(text: str, lex: TimeLexicon) -> list[tuple[int, int, int, dict[str, Any], TimeRule]]:
    """All rule matches, longest first, then by rule order (earlier rules win ties)."""
    found = []
    for order, rule in enumerate(lex.rules):
        for m in rule.regex.finditer(text):
            start, mod, prefix = _extend_left(text, m.start(), lex)
            if (rule.needs == "mod" and mod is None) or (rule.needs == "prefix" and not (prefix or mod)):
                continue
            groups = m.groupdict()
            if mod is not None and not groups.get("mod"):
                groups["mod"] = mod
            if m.end() > m.start():
                found.append((start, m.end(), order, groups, rule))
    found.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    return found


def find_time_expressions(
    text: str,
    reference: date | None,
    lex: TimeLexicon,
    sentences: tuple[tuple[int, int], ...] = (),
) -> tuple[TimeExpression, ...]:
    """Find and resolve the time expressions of ``text``.

    Args:
        text: the article text (offsets of the result point into it).
        reference: the publication date; relative expressions stay unresolved without it.
        lex: the language's lexicon from :func:`load_time_lexicon`.
        sentences: sentence spans, for the tense of each expression's sentence.

    Returns:
        Non-overlapping expressions in text order.
    """
    taken: list[tuple[int, int]] = []
    out: list[TimeExpression] = []
    for start, end, _, groups, rule in _candidates(text, lex):
        if any(start < e and s < end for s, e in taken):
            continue
        s0, s1 = next(
            ((s, e) for s, e in sentences if s <= start < e), (max(0, start - 200), min(len(text), end + 200))
        )
        tense = _tense(text[s0:s1], start - s0, lex)
        value, kind = RESOLVERS[rule.resolve](groups, reference, tense, lex)
        taken.append((start, end))
        out.append(TimeExpression(start, end, text[start:end], value, kind))  # type: ignore[arg-type]
    return tuple(sorted(out, key=lambda t: t.start))
