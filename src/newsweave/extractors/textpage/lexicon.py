"""The cue lexicon of the text-page rules, loaded from ``newsweave/data/cues``.

Consumes the TOML cue files (``common.toml`` plus one per language: de, en,
fr, es, it) and produces one typed, immutable :class:`Lexicon` with compiled
patterns. All languages are merged: a page's language is often unknown when
its structure is read, and the cue words of one language rarely mean
something else as a whole furniture line in another.

The lexicon is loaded once per process (``load_lexicon`` is cached): it is
read-only data shipped with the package, like a compiled regex table.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from newsweave.model import FurnitureKind

LANGUAGES = ("de", "en", "fr", "es", "it")
# Notice subtypes of the pattern tables, tried in this order (a paywall notice
# often mentions "cookies" or "newsletter" too, so it goes first).
PATTERN_ORDER = ("paywall", "browser", "cookie", "comments", "newsletter", "advertising", "share")
PATTERN_KIND: Mapping[str, FurnitureKind] = MappingProxyType(
    {
        "paywall": "notice",
        "browser": "notice",
        "cookie": "notice",
        "comments": "comments",
        "newsletter": "newsletter",
        "advertising": "advertising",
        "share": "share",
    }
)
LINE_KIND: Mapping[str, FurnitureKind] = MappingProxyType(
    {
        "share": "share",
        "navigation": "navigation",
        "advertising": "advertising",
        "comments": "comments",
        "newsletter": "newsletter",
    }
)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Compiled cues of all languages.

    Attributes:
        lines: casefolded whole-line cue -> furniture kind.
        patterns: (subtype, line-start pattern, free pattern) in ``PATTERN_ORDER``:
            the subtype's patterns that begin with ``^`` (tried with ``match``) and
            the others (searched); None where a subtype has none.
        line_start: all line-start patterns in one, a named group per subtype in
            ``PATTERN_ORDER`` (the first subtype that matches is ``lastgroup``).
        pattern_anchor: finds, in a lowercased line, one literal that every free
            pattern needs; a line without any cannot match a free pattern.
        anchor_probe: finds a match where ``pattern_anchor`` does, 1.4x faster: each literal
            is entered at its rarest character, the characters before it checked behind.
        anchor_scan: the same literals as a lookahead: ``finditer`` on a lowercased
            line yields, at every position, the longest literal starting there.
        anchored: a literal ``anchor_scan`` found -> (subtype, pattern) of every free
            pattern whose literal begins it (those patterns can match; no other can).
        related: matches a line that opens a related-teaser block.
        related_heads: the lowercased first two characters of every related-block
            starter (a line starting otherwise cannot open a block), or None when a
            starter begins with a pattern.
        credit_prefix: matches a credit prefix ("Foto:", "Photo by", "©") at a line start.
        photo_agencies: photo agency names, longest first.
        news_agencies: printed agency form -> recorded name (case-sensitive keys).
        agency_word: finds any photo or news agency name as a word (case-sensitive).
        agency_hint: finds any agency name, word or not: a line it misses has no
            agency word, agency line or glued credit (a cheap scan before those).
        agency_probe: finds a match in every line where ``agency_hint`` does, 2x faster
            (``_probe`` of the names that contain no other name).
        credit_hint: finds, in a lowercased line, the literals a credit or a caption with
            a credit needs, one at least ("|", ":", "©", "photo by"…), besides an agency name.
        credit_probe: finds a match in every line where ``credit_hint`` does (``_probe``).
        social: casefolded social network names (share buttons).
        byline_prefix: matches a byline prefix ("Von", "By") at a line start.
        byline_starts: the byline prefixes, for ``str.startswith`` (a byline starts with one).
        byline_joiner: splits the names of a byline.
        non_names: casefolded byline words that are not names.
    """

    lines: Mapping[str, FurnitureKind]
    patterns: tuple[tuple[str, re.Pattern[str] | None, re.Pattern[str] | None], ...]
    line_start: re.Pattern[str]
    pattern_anchor: re.Pattern[str]
    anchor_probe: re.Pattern[str]
    anchor_scan: re.Pattern[str]
    anchored: Mapping[str, tuple[tuple[str, re.Pattern[str]], ...]]
    related: re.Pattern[str]
    related_heads: frozenset[str] | None
    credit_prefix: re.Pattern[str]
    photo_agencies: tuple[str, ...]
    news_agencies: Mapping[str, str]
    agency_word: re.Pattern[str]
    agency_hint: re.Pattern[str]
    agency_probe: re.Pattern[str]
    credit_hint: re.Pattern[str]
    credit_probe: re.Pattern[str]
    social: frozenset[str]
    byline_prefix: re.Pattern[str]
    byline_starts: tuple[str, ...]
    byline_joiner: re.Pattern[str]
    non_names: frozenset[str]


def _read(name: str) -> dict[str, Any]:
    """One TOML file of the cue data package."""
    ref = resources.files("newsweave") / "data" / "cues" / f"{name}.toml"
    return tomllib.loads(ref.read_text("utf-8"))


def _alternation(items: list[str], *, escape: bool) -> str:
    """A non-capturing alternation, longest item first so prefixes do not shadow."""
    parts = sorted(set(items), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p) if escape else p for p in parts) + ")"


def _merge(tables: list[dict[str, Any]], section: str, key: str) -> list[str]:
    """Concatenate ``[section].key`` over all language tables."""
    out: list[str] = []
    for table in tables:
        out.extend(table.get(section, {}).get(key, []))
    return out


def _line_kinds(tables: list[dict[str, Any]]) -> dict[str, FurnitureKind]:
    """Whole-line cues; a line listed under several kinds keeps the first (share, navigation…)."""
    out: dict[str, FurnitureKind] = {}
    for key, kind in LINE_KIND.items():
        for line in _merge(tables, "lines", key):
            out.setdefault(line.casefold(), kind)
    return out


def _trie(words: set[str]) -> str:
    """An alternation of literal ``words`` as a prefix tree: each position tries one branch per first letter."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(tree)


def _trie_pattern(node: dict[str, Any]) -> str:
    """The pattern of one prefix-tree node (``""`` marks a word end)."""
    alts = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


# Characters by how often they occur in German and English text, most frequent first
# (the usual letter-frequency orders, merged by hand); other characters count as rare.
_COMMON_CHARS = " enisratdhulcogmwfbkzpvyjxq"


def _commonness(ch: str) -> int:
    """How common ``ch`` is in running text: 0 for a character not in ``_COMMON_CHARS``."""
    at = _COMMON_CHARS.find(ch)
    return len(_COMMON_CHARS) - at if at >= 0 else 0


def _probe(words: set[str]) -> str:
    """An alternation that matches where one of the literal ``words`` occurs, entered at rare characters.

    Each word is split at its rarest character: the pattern matches that character and the
    rest of the word, then checks behind for the start of the word. A regex scan skips in C
    every position whose character begins no branch, so few positions are tried.
    """
    groups: dict[str, dict[str, set[str]]] = {}
    for word in words:
        i = min(range(len(word)), key=lambda j: (_commonness(word[j]), j))
        groups.setdefault(word[i], {}).setdefault(word[:i], set()).add(word[i + 1 :])
    alts = []
    for ch, heads in sorted(groups.items()):
        tails = [(f"(?<={re.escape(head + ch)})" if head else "") + _trie(rest) for head, rest in sorted(heads.items())]
        alts.append(re.escape(ch) + (tails[0] if len(tails) == 1 else "(?:" + "|".join(tails) + ")"))
    return "|".join(alts)


def _heads(starters: list[str]) -> frozenset[str] | None:
    """The first two characters of the starters, lowercased; None if one begins with a pattern."""
    heads = {s[:2].lower() for s in starters}
    return None if any(re.escape(h) != h.replace(" ", "\\ ") for h in heads) else frozenset(heads)


def _split_patterns(sub: str, items: list[str]) -> tuple[str, re.Pattern[str] | None, re.Pattern[str] | None]:
    """A subtype's patterns as (subtype, line-start alternation, free alternation)."""
    starts = [p for p in items if p.startswith("^")]
    free = [p for p in items if not p.startswith("^")]
    return (
        sub,
        re.compile(_alternation(starts, escape=False), re.I) if starts else None,
        re.compile(_alternation(free, escape=False), re.I) if free else None,
    )


# What ends a literal run of a cue pattern: groups, classes, anchors, escapes such as \b.
_RUN_BREAK = re.compile(r"\\[A-Za-z0-9]|\((?:[^()\\]|\\.|\([^()]*\))*\)[?*+]?|\[[^\]]*\][?*+]?|[.^$|]")
_UNESCAPE = re.compile(r"\\(.)")


def _anchor(pattern: str) -> str:
    """The longest literal a match of ``pattern`` must contain, lowercased.

    The pattern is cut at groups, classes, anchors and class escapes; a character
    with ``?``, ``*`` or ``{`` after it is optional and cut too.

    Raises:
        ValueError: when the pattern has a top-level ``|`` or no literal of 3+ chars
            (every free cue pattern must name a literal, see ``load_lexicon``).
    """
    runs: list[str] = []
    for piece in _RUN_BREAK.split(pattern):
        runs.extend(re.split(r".[?*]|.\{[^}]*\}", piece))
    best = max((_UNESCAPE.sub(r"\1", r).replace("+", "") for r in runs), key=len)
    if "|" in _RUN_BREAK.sub("", pattern) or len(best) < 3:
        raise ValueError(f"cue pattern without a literal: {pattern!r}")
    return best.lower()


def _anchored(tables: list[dict[str, Any]]) -> dict[str, tuple[tuple[str, re.Pattern[str]], ...]]:
    """Each literal of ``anchor_scan`` -> the free patterns (with subtype) whose literal begins it.

    The literal found at a position is the longest one starting there; every shorter literal
    starting there is a prefix of it, so this lists every free pattern whose literal is present.
    """
    free = [(sub, p) for sub in PATTERN_ORDER for p in _merge(tables, "patterns", sub) if not p.startswith("^")]
    literal = {p: _anchor(p) for _, p in free}
    compiled = {p: re.compile(p, re.I) for _, p in free}
    return {a: tuple((sub, compiled[p]) for sub, p in free if a.startswith(literal[p])) for a in set(literal.values())}


def _minimal(names: set[str]) -> set[str]:
    """The names that contain no other name (a text holds one of ``names`` iff it holds one of these)."""
    return {n for n in names if not any(o != n and o in n for o in names)}


def _credit_hints(prefixes: list[str]) -> set[str]:
    """Lowercased literals of which a credit reading needs one (see ``Lexicon.credit_hint``).

    A credit is prefixed (every prefix holds ":" or is listed itself), follows "|", "Foto by",
    "Photo by" or "Image by" (the inline credit), or names an agency (``agency_hint``; a credit
    glued to a caption does). No hint starts with a space, so a scan skips most positions.
    """
    own = {p.lower() for p in prefixes if ":" not in p}
    return {"|", ":", "foto by", "photo by", "image by", "©", "(c)", "copyright", *own}


@cache
def load_lexicon() -> Lexicon:
    """Load and compile the cue files once.

    Returns:
        The merged lexicon of all languages in ``LANGUAGES``.
    """
    common = _read("common")
    tables = [_read(lang) for lang in LANGUAGES]
    patterns = tuple(_split_patterns(sub, _merge(tables, "patterns", sub)) for sub in PATTERN_ORDER)
    starters = _merge(tables, "related", "starters")
    free = [p for sub in PATTERN_ORDER for p in _merge(tables, "patterns", sub) if not p.startswith("^")]
    agencies = [*common["photo"]["agencies"], *common["agencies"]["news"]]
    byline_prefixes = _alternation(_merge(tables, "byline", "prefixes"), escape=True)
    joiners = _alternation([j for j in _merge(tables, "byline", "joiners") if j != ","], escape=True)
    return Lexicon(
        lines=MappingProxyType(_line_kinds(tables)),
        patterns=patterns,
        line_start=re.compile("|".join(f"(?P<{sub}>{p.pattern})" for sub, p, _ in patterns if p), re.I),
        pattern_anchor=re.compile(_trie({_anchor(p) for p in free})),
        anchor_probe=re.compile(_probe({_anchor(p) for p in free})),
        anchor_scan=re.compile(f"(?=({_trie({_anchor(p) for p in free})}))"),
        anchored=MappingProxyType(_anchored(tables)),
        related=re.compile(r"^" + _alternation(starters, escape=False), re.I),
        related_heads=_heads(starters),
        credit_prefix=re.compile(
            r"^(?:" + _alternation(_merge(tables, "credit", "prefixes"), escape=True) + r"|©|\(c\)|copyright\b)\s*",
            re.I,
        ),
        photo_agencies=tuple(sorted(set(common["photo"]["agencies"]), key=len, reverse=True)),
        news_agencies=MappingProxyType(dict(common["agencies"]["news"])),
        agency_word=re.compile(r"(?<![^\W_])" + _alternation(agencies, escape=True) + r"(?![^\W_])"),
        agency_hint=re.compile(_trie(set(agencies))),
        agency_probe=re.compile(_probe(_minimal(set(agencies)))),
        credit_hint=re.compile(_trie(_credit_hints(_merge(tables, "credit", "prefixes")))),
        credit_probe=re.compile(_probe(_minimal(_credit_hints(_merge(tables, "credit", "prefixes"))))),
        social=frozenset(s.casefold() for s in common["social"]["networks"]),
        byline_prefix=re.compile(r"^" + byline_prefixes + r"[:\s]\s*"),
        byline_starts=tuple(_merge(tables, "byline", "prefixes")),
        byline_joiner=re.compile(r"\s*(?:,|;|\s" + joiners + r"\s)\s*"),
        non_names=frozenset(n.casefold() for n in _merge(tables, "byline", "non_names")),
    )
