"""The rule layer of text pages: typed readings of single lines and line groups.

Consumes line texts (and :class:`~newsweave.extractors.textpage.segment.Line`
runs for teaser blocks) with the cue :class:`Lexicon` and produces typed
readings: the furniture class of a line, a caption split from its credit,
the agencies of an agency line or dateline, the names of a byline, related
teaser cards, and whether a text stops mid-sentence. Every function is pure
(the readings of single line texts are memoised per lexicon: a site's
navigation and notices repeat from page to page); ``assemble`` decides where
to apply them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress, repeat
from operator import add, is_, le
from typing import TypeVar

from newsweave.extractors.textpage.lexicon import PATTERN_KIND, PATTERN_ORDER, Lexicon
from newsweave.extractors.textpage.segment import Line
from newsweave.model import FurnitureKind, Related

_T = TypeVar("_T")

# Sentence end, closing quotes/brackets allowed after it (``ends_sentence``).
TERMINAL_CHARS = frozenset(".!?…:。！？")
_CLOSERS = "\"'”“»«)]"
# Furniture cue patterns are only trusted on lines up to this length: a notice
# is a sentence or two, and a long paragraph that mentions "cookies" is text.
# (Longest browser/paywall notice seen on the golden and dev pages: ~250 chars.)
MAX_CUE_CHARS = 300
# No listed whole-line cue is longer (longest: "Article continues below advertisement", 37).
MAX_LISTED_CHARS = 60
# A credit is a short run of names: at most this many chars and words
# (longest dev credit: "Handout/English Montreal School Board/…/AFP via Getty Images", 80 chars).
MAX_CREDIT_CHARS = 90
MAX_CREDIT_WORDS = 10
# A related-block heading ("Mehr zum Thema", "Read more") is at most this long.
MAX_RELATED_CHARS = 80
# A caption printed twice is at least this long; shorter repeats are menu items and labels.
MIN_REPEAT_CHARS = 15
# An agency line such as "(APA/AFP)" or "dpa/lit" is short.
MAX_AGENCY_LINE_CHARS = 40
# Editorial shorthand next to agencies ("(APA/dpa/red)", "dpa/lit"): lowercase, this short.
MAX_SHORTHAND_CHARS = 4
# Bylines: a short line, and each name 2-4 words ("Anna Giulia Fink").
MAX_BYLINE_CHARS = 120
NAME_WORDS = (2, 4)
# A teaser or paragraph line: at least this many words ending in a sentence mark
# (card titles and section labels are shorter or unpunctuated).
PROSE_WORDS = 8
_NAME_PARTICLES = frozenset(
    ("von", "van", "der", "den", "de", "da", "di", "del", "la", "le", "du", "bin", "al", "zu", "ten", "ter")
)
_AGENCY_SPLIT = re.compile(r"\s*(?:/|,|;|&|\+|\bund\b|\band\b)\s*")
_TRAILING_PAREN = re.compile(r"\s*\(([^()]{1,60})\)\s*$")
_DATELINE = re.compile(r"^[A-ZÄÖÜ][\w.'’ -]{1,40}?\s*\(([^()]{1,30})\)\s*[-–—:.]\s")
# No leading \s*: a pattern that can start anywhere is tried at every position.
_INLINE_CREDIT = re.compile(
    r"(?:\||\b(?:Foto|Fotos|Bild|Photo|Photos|Image|Credit|Quelle|Source)\s*:|\b(?:Photo|Foto|Image) by\b)\s*"
    r"(?P<credit>[^|]{2,90})$"
)
_AFTER_SENTENCE = re.compile(r"(?<=[.!?\"”“»])\s+(?P<credit>[^.!?]{2,90})$")
_WORD = re.compile(r"\w+")


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with a sentence mark, closing quotes or brackets allowed after it."""
    return text.rstrip(_CLOSERS)[-1:] in TERMINAL_CHARS


@dataclass(frozen=True, slots=True)
class Cue:
    """A furniture reading of one line: its kind and the cue table that matched."""

    kind: FurnitureKind
    cue: str


# Furniture readings of line texts already seen with the lexicon ``_cache_lexicon``
# (``load_lexicon`` gives one per process): navigation, share bars and notices repeat
# from page to page of a site. Each cache is cleared when it reaches this many entries.
_CUE_CACHE_SIZE = 1 << 16
_cue_cache: dict[str, Cue | None] = {}
# Agency readings of short lines ("Teilen", "(dpa)"), kept the same way.
_agency_cache: dict[str, tuple[str, ...]] = {}
# Credit readings of "other" lines (``credit_reading``), kept the same way.
_credit_cache: dict[str, tuple[str | None, tuple[str, str] | None]] = {}
_cache_lexicon: list[Lexicon] = []


def clear_caches() -> None:
    """Forget the memoised readings (for benchmarks that time cold runs)."""
    _cue_cache.clear()
    _agency_cache.clear()
    _credit_cache.clear()


def _own(lex: Lexicon) -> None:
    """Empty the caches when a lexicon other than the one they were filled with is used."""
    if not _cache_lexicon or _cache_lexicon[0] is not lex:
        clear_caches()
        _cache_lexicon[:] = [lex]


def _remember(cache: dict[str, _T], text: str, value: _T) -> _T:
    """Store a reading in a line cache (emptied first when full) and return it."""
    if len(cache) >= _CUE_CACHE_SIZE:
        cache.clear()
    cache[text] = value
    return value


# List marks and a trailing colon around a whole-line cue (``_bare``).
_BARE_CHARS = " \t•*·-–|:»›>"


def _bare(text: str) -> str:
    """The casefolded line without list marks and trailing colon, for whole-line lookups."""
    return text.strip(_BARE_CHARS).casefold()


def furniture_cue(text: str, lex: Lexicon) -> Cue | None:
    """The furniture class a cue word gives a line, if any.

    Args:
        text: one line.
        lex: the cue lexicon.

    Returns:
        The kind and the matching cue table ("navigation", "paywall", "social"…), or None.
    """
    _own(lex)
    try:
        return _cue_cache[text]
    except KeyError:
        pass
    return _remember(_cue_cache, text, _read_cue(text, lex))


# Marks a line the cue cache has not seen (``furniture_cues``).
_UNSEEN = Cue("other", "")


def furniture_cues(texts: Sequence[str], lex: Lexicon) -> list[Cue | None]:
    """``furniture_cue`` of many lines: one pass over the cache, then one batch over the lines it has not seen."""
    _own(lex)
    cues = list(map(_cue_cache.get, texts, repeat(_UNSEEN)))
    unseen = list(compress(range(len(cues)), map(is_, cues, repeat(_UNSEEN))))
    if unseen:
        fresh = [texts[k] for k in unseen]
        read = _read_cues(fresh, lex)
        for k, cue in zip(unseen, read, strict=True):
            cues[k] = cue
        if len(_cue_cache) + len(fresh) >= _CUE_CACHE_SIZE:
            _cue_cache.clear()
        # A page with more new lines than the cache holds fills it only up to its size.
        _cue_cache.update(zip(fresh[:_CUE_CACHE_SIZE], read, strict=False))
    return cues


def _read_cues(texts: Sequence[str], lex: Lexicon) -> list[Cue | None]:
    """``_read_cue`` of many lines: each test of ``_read_cue`` as one C-level ``map`` over the lines.

    A line with no whole-line cue, social name, line-start pattern or free-pattern literal
    reads as None (most lines); only the others go through ``_read_cue``.
    """
    out: list[Cue | None] = [None] * len(texts)
    short = list(compress(range(len(texts)), map(le, map(len, texts), repeat(MAX_CUE_CHARS))))
    sub = [texts[k] for k in short]
    bares = list(map(str.casefold, map(str.strip, sub, repeat(_BARE_CHARS))))
    idx = range(len(sub))
    hits = set(compress(idx, map(lex.lines.__contains__, bares)))
    hits.update(compress(idx, map(lex.social.__contains__, bares)))
    hits.update(compress(idx, map(lex.line_start.match, sub)))
    hits.update(compress(idx, map(lex.anchor_probe.search, map(str.lower, sub))))
    for j in hits:
        out[short[j]] = _read_cue(sub[j], lex)
    return out


def _read_cue(text: str, lex: Lexicon) -> Cue | None:
    """``furniture_cue`` without the cache."""
    if len(text) > MAX_CUE_CHARS:
        return None
    bare = _bare(text)
    if (kind := lex.lines.get(bare)) is not None:
        return Cue(kind, kind)
    if bare in lex.social:
        return Cue("share", "social")
    start = m.lastgroup if (m := lex.line_start.match(text)) else None
    if free := _free_subtype(text, lex, start):
        return Cue(PATTERN_KIND[free], free)
    return Cue(PATTERN_KIND[start], start) if start else None


def _free_subtype(text: str, lex: Lexicon, stop: str | None) -> str | None:
    """The first subtype before ``stop`` (in ``PATTERN_ORDER``) with a free pattern that matches ``text``.

    Only the patterns whose literal the line holds are searched (one scan for all literals).
    """
    low = text.lower()
    if (first := lex.pattern_anchor.search(low)) is None:
        return None
    found: dict[str, dict[re.Pattern[str], None]] = {}
    for m in lex.anchor_scan.finditer(low, first.start()):
        for sub, pattern in lex.anchored[m.group(1)]:
            found.setdefault(sub, {})[pattern] = None
    for sub in PATTERN_ORDER:
        if sub == stop:
            break
        if any(p.search(text) for p in found.get(sub, ())):
            return sub
    return None


def listed_cue(text: str, lex: Lexicon) -> Cue | None:
    """The furniture class of a line that is, as a whole, a listed cue line ("Impressum", "Share")."""
    if len(text) > MAX_LISTED_CHARS:
        return None
    bare = _bare(text)
    if (kind := lex.lines.get(bare)) is not None:
        return Cue(kind, kind)
    return Cue("share", "social") if bare in lex.social else None


def opens_related(text: str, lex: Lexicon) -> bool:
    """Whether a line is the heading of a related-articles block ("Mehr zum Thema")."""
    if len(text) > MAX_RELATED_CHARS or (lex.related_heads is not None and text[:2].lower() not in lex.related_heads):
        return False
    return lex.related.match(text) is not None and not ends_sentence(text.rstrip(":"))


# The first two characters of a line (``Lexicon.related_heads``).
_HEAD = slice(0, 2)


def related_openers(texts: Sequence[str], lex: Lexicon) -> list[int]:
    """The indexes of the lines that open a related-articles block (``opens_related`` of every line).

    Each test of ``opens_related`` runs as one C-level ``map`` over the lines that passed
    the ones before: length, first two characters, the starter pattern.
    """
    idx = list(compress(range(len(texts)), map(le, map(len, texts), repeat(MAX_RELATED_CHARS))))
    if (heads := lex.related_heads) is not None:
        firsts = map(str.lower, map(str.__getitem__, [texts[j] for j in idx], repeat(_HEAD)))
        idx = list(compress(idx, map(heads.__contains__, firsts)))
    starters = compress(idx, map(lex.related.match, [texts[j] for j in idx]))
    return [j for j in starters if not ends_sentence(texts[j].rstrip(":"))]


def _has_agency(text: str, lex: Lexicon) -> bool:
    """Whether a known photo or news agency occurs in ``text`` as a word (case-sensitive)."""
    return lex.agency_word.search(text) is not None


def credit_text(text: str, lex: Lexicon) -> str | None:
    """``text`` as a photo credit ("Foto: dpa", "© Max Muster", "imago/ZUMA Press"), or None.

    Args:
        text: one line or the tail of a caption.
        lex: the cue lexicon.

    Returns:
        The credit without its prefix, or None when ``text`` does not read as a credit.
    """
    text = text.strip()
    prefixed = False
    while m := lex.credit_prefix.match(text):
        text, prefixed = text[m.end() :].strip(" :"), True
    if not text or len(text) > MAX_CREDIT_CHARS or len(text.split()) > MAX_CREDIT_WORDS:
        return None
    if prefixed:
        return text
    if text[-1] in ".!?" and not text.endswith(("Inc.", "Ltd.", "Co.")):
        return None
    return text if _has_agency(text, lex) else None


def credit_reading(text: str, lex: Lexicon) -> tuple[str | None, tuple[str, str] | None]:
    """A line as a credit line, or as a caption with a credit at its end (memoised per text).

    Returns:
        (``credit_text(text)``, None) when the line is a credit; else (None, (caption,
        credit)) when ``split_credit`` finds one; else (None, None).
    """
    _own(lex)
    try:
        return _credit_cache[text]
    except KeyError:
        pass
    return _remember(_credit_cache, text, _read_credit(text, lex) if may_credit(text, lex) else (None, None))


def _read_credit(text: str, lex: Lexicon) -> tuple[str | None, tuple[str, str] | None]:
    """``credit_reading`` without the cache."""
    if (credit := credit_text(text, lex)) is not None:
        return credit, None
    caption, glued = split_credit(text, lex)
    return None, (caption, glued) if glued is not None else None


def may_credit(text: str, lex: Lexicon) -> bool:
    """Whether ``text`` holds what any credit reading needs: an agency name or a credit hint."""
    return lex.credit_probe.search(text.lower()) is not None or lex.agency_probe.search(text) is not None


def split_credit(text: str, lex: Lexicon) -> tuple[str, str | None]:
    """Split a caption from the credit printed at its end.

    Handles "… Foto: dpa", "… | Name/Agency", "… (AP)", "…umbenannt. Getty Images/X" and
    credits glued to the last word ("…Putinimago/ZUMA Press").

    Returns:
        (caption, credit or None).
    """
    for pattern, m in _credit_tails(text):
        if m and m.start() > 0:
            tail = m.group("credit") if "credit" in pattern.groupindex else m.group(1)
            credit = credit_text(tail, lex)
            is_inline = pattern is _INLINE_CREDIT
            if credit or (is_inline and len(tail.split()) <= MAX_CREDIT_WORDS):
                return text[: m.start()].rstrip(" |,;"), credit or tail.strip()
    return _split_glued(text, lex)


def _credit_tails(text: str) -> Iterator[tuple[re.Pattern[str], re.Match[str] | None]]:
    """Where a credit may start at the end of a caption, cheapest tests first, searched lazily."""
    tail = max(0, len(text) - MAX_CREDIT_CHARS - 12)
    # An inline credit needs "|", a "Foto:"-style colon or "… by": test the characters first.
    if "|" in text or ":" in text or " by" in text:
        yield _INLINE_CREDIT, _INLINE_CREDIT.search(text, tail)
    if text.endswith(")"):
        yield _TRAILING_PAREN, _TRAILING_PAREN.search(text, max(0, text.rfind("(") - 1))
    if text[-1:] not in ".!?":
        yield _AFTER_SENTENCE, _AFTER_SENTENCE.search(text, max(0, len(text) - MAX_CREDIT_CHARS - 5))


def _split_glued(text: str, lex: Lexicon) -> tuple[str, str | None]:
    """A photo agency glued to the caption's last word: "…Putinimago/ZUMA Press"."""
    if "/" not in text:
        return text, None
    for name in lex.photo_agencies:
        i = text.rfind(name + "/")
        if i > 0 and text[i - 1].isalpha() and len(text) - i <= MAX_CREDIT_CHARS and "." not in text[i:]:
            return text[:i], text[i:]
    return text, None


def repeated_caption(first: str, second: str, lex: Lexicon) -> tuple[str, str | None] | None:
    """A caption printed twice: alt text, then caption with its credit glued on.

    Args:
        first: a line.
        second: the line right after it.
        lex: the cue lexicon.

    Returns:
        (caption, credit or None) when ``second`` repeats ``first`` plus at most a credit, else None.
    """
    if len(first) < MIN_REPEAT_CHARS or not second.startswith(first):
        return None
    rest = second[len(first) :].strip()
    if not rest:
        return first, None
    credit = credit_text(rest, lex)
    if credit is None and len(rest) <= MAX_CREDIT_CHARS and not ends_sentence(rest):
        credit = rest
    return (first, credit) if credit else None


def agencies_in(inner: str, lex: Lexicon) -> tuple[str, ...]:
    """Agencies named in an agency mark such as "APA/AFP" or "dpa/red" (empty if not one).

    Every part must be a known agency or an editor's shorthand ("red", "lit").
    """
    found: list[str] = []
    for part in _AGENCY_SPLIT.split(inner.strip()):
        if not part:
            continue
        if part in lex.news_agencies:
            found.append(lex.news_agencies[part])
        elif not (part.isalpha() and part.islower() and len(part) <= MAX_SHORTHAND_CHARS):
            return ()
    return tuple(dict.fromkeys(found))


def agency_line(text: str, lex: Lexicon) -> tuple[str, ...]:
    """The agencies of a line that is only an agency mark: "(APA/AFP)", "(dpa)", "Reuters"."""
    if len(text) > MAX_AGENCY_LINE_CHARS:
        return ()
    _own(lex)
    try:
        return _agency_cache[text]
    except KeyError:
        pass
    # Every agency line names an agency: a line without a name needs no split.
    return _remember(_agency_cache, text, _agency_line(text, lex) if lex.agency_probe.search(text) else ())


def _agency_line(text: str, lex: Lexicon) -> tuple[str, ...]:
    """``agency_line`` without the cache."""
    inner = text.strip()
    if inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1]
    return agencies_in(inner, lex)


def text_agencies(text: str, lex: Lexicon) -> tuple[str, ...]:
    """Agencies marked inside a paragraph: a dateline "BERLIN (dpa) –" or a closing "(dpa)"."""
    found: list[str] = []
    if "(" in text[:48] and (m := _DATELINE.match(text)):
        found.extend(agencies_in(m.group(1), lex))
    if text.endswith(")") and (m := _TRAILING_PAREN.search(text, max(0, text.rfind("(") - 1))):
        found.extend(agencies_in(m.group(1), lex))
    return tuple(dict.fromkeys(found))


def _is_name(part: str) -> bool:
    """Two to four capitalised words, particles ("von", "de") allowed."""
    words = part.split()
    core = [w for w in words if w.casefold() not in _NAME_PARTICLES]
    if not NAME_WORDS[0] <= len(core) <= NAME_WORDS[1]:
        return False
    return all(w[0].isupper() and not any(c.isdigit() for c in w) for w in core)


def byline(text: str, lex: Lexicon) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Names and agencies of a byline ("Von Max Muster und Erika Muster, dpa").

    Args:
        text: one line.
        lex: the cue lexicon.

    Returns:
        (authors, agencies), or None when the line is not a byline.
    """
    if len(text) > MAX_BYLINE_CHARS or not (m := lex.byline_prefix.match(text)):
        return None
    rest = re.split(r"\s+[|–—]\s+|\s+-\s+", text[m.end() :])[0]
    authors: list[str] = []
    agencies: list[str] = []
    for raw_part in lex.byline_joiner.split(rest.strip(" .")):
        part = raw_part.strip(" .")
        if not part or part.casefold() in lex.non_names:
            continue
        if part in lex.news_agencies:
            agencies.append(lex.news_agencies[part])
        elif _is_name(part):
            authors.append(part)
        elif authors and len(part.split()) > 1:
            break  # a role after the names ("Redakteurin für Finanzen", "The Associated Press")
        elif len(part.split()) > 1:
            return None  # prose ("Von Montag an gilt …"), not a byline
    return (tuple(authors), tuple(agencies)) if authors or agencies else None


@dataclass(frozen=True, slots=True)
class PageHints:
    """The lines of a page that hold an agency name or a credit hint (one regex scan each).

    ``may_credit`` of line ``i`` is ``i in agency or i in credit``; ``may_agency_line`` is
    ``i in agency`` for a short line.
    """

    agency: frozenset[int]
    credit: frozenset[int]


def page_hints(texts: Sequence[str], lex: Lexicon, wanted: Sequence[int] | None = None) -> PageHints:
    """Scan the joined lines once for agency names and once (lowercased) for credit hints (the probes).

    Args:
        texts: the page's line texts.
        lex: the cue lexicon.
        wanted: the indexes of the lines to read (all when None); others are in neither set.

    Neither hint contains a line break, so a line holds one exactly when a match starts in it.
    """
    index = range(len(texts)) if wanted is None else wanted
    part = [texts[i] for i in index]
    joined = "\n".join(part)
    low = joined.lower()  # lowercasing keeps the line breaks, not always the lengths
    agency = _lines_of([m.start() for m in lex.agency_probe.finditer(joined)], map(len, part))
    credit = _lines_of([m.start() for m in lex.credit_probe.finditer(low)], map(len, low.split("\n")))
    return PageHints(frozenset(index[k] for k in agency), frozenset(index[k] for k in credit))


def _lines_of(hits: list[int], lengths: Iterator[int]) -> frozenset[int]:
    """The indexes of the lines (of the given lengths, joined by line breaks) where the offsets ``hits`` lie."""
    if not hits:
        return frozenset()
    starts = list(accumulate(map(add, lengths, repeat(1)), initial=0))  # each line and its line break
    return frozenset(bisect_right(starts, at) - 1 for at in hits)


def may_byline(text: str, lex: Lexicon) -> bool:
    """Whether a line starts with a byline prefix: ``byline`` and ``byline_prefix_only`` need one."""
    return text.startswith(lex.byline_starts)


def may_agency_line(text: str, lex: Lexicon) -> bool:
    """Whether a line is short and names an agency: ``agency_line`` needs both."""
    return len(text) <= MAX_AGENCY_LINE_CHARS and lex.agency_probe.search(text) is not None


def byline_prefix_only(text: str, lex: Lexicon) -> bool:
    """Whether a line is only a byline prefix ("Von", "By", "Author of the article:"), its names below."""
    m = lex.byline_prefix.match(text + " ")
    return m is not None and m.end() >= len(text)


def truncated(text: str) -> bool:
    """Whether the last paragraph of a text stops mid-sentence or with an ellipsis."""
    # Shorter last lines are sign-offs and labels, not cut paragraphs.
    if len(_WORD.findall(text)) < 15:
        return False
    tail = text.rstrip()
    return tail.endswith(("…", "...", "[…]", "[...]")) or not ends_sentence(tail)


def prose(text: str) -> bool:
    """Whether a line is written as a sentence: final punctuation and at least 8 words."""
    return ends_sentence(text) and len(text.split()) >= PROSE_WORDS


def _kicker(text: str) -> bool:
    """A short section label of a teaser card ("Außenpolitik", "Sport | Fußball")."""
    return len(text) <= 40 and len(text.split()) <= 4 and not ends_sentence(text)


def card_kickers(lines: Sequence[Line]) -> list[int]:
    """Indexes of the section labels that repeat across the cards of a teaser block."""
    counts = Counter(ln.text for ln in lines if _kicker(ln.text))
    return [i for i, ln in enumerate(lines) if _kicker(ln.text) and counts[ln.text] >= 2]


def teaser_cards(lines: Sequence[Line], kickers: list[int] | None = None) -> list[Related]:
    """Group the lines of a related-teaser block into cards.

    A card is (image caption, section, title, teaser) as printed by most news
    sites; the section label ("kicker") repeats from card to card. When kickers
    are found, each card is anchored on one: the line glued to it from above is
    the image caption, the next line the title, what follows up to the next
    card the teaser. Without kickers, each line that does not read as prose
    starts a card and the prose lines after it are its teaser.

    Args:
        lines: the lines of the block, after its heading.
        kickers: the section labels' indexes when the caller has found them
            (``card_kickers`` otherwise).

    Returns:
        The cards in page order.
    """
    kickers = card_kickers(lines) if kickers is None else kickers
    if len(kickers) >= 2:
        return _cards_by_kicker(lines, kickers)
    return _cards_by_title(lines)


def _cards_by_kicker(lines: Sequence[Line], kickers: list[int]) -> list[Related]:
    """Cards anchored on repeated section labels."""
    cards: list[Related] = []
    anchors = frozenset(kickers)
    for n, k in enumerate(kickers):
        stop = kickers[n + 1] if n + 1 < len(kickers) else len(lines)
        if n + 1 < len(kickers) and _glued_caption(lines, stop, anchors) is not None:
            stop -= 1
        body = [ln.text for ln in lines[k + 1 : stop]]
        if not body:
            continue
        caption = _glued_caption(lines, k, anchors)
        cards.append(
            Related(
                title=body[0],
                teaser=" ".join(body[1:]) or None,
                section=lines[k].text,
                image_caption=lines[caption].text if caption is not None else None,
            )
        )
    return cards


def _glued_caption(lines: Sequence[Line], k: int, kickers: frozenset[int]) -> int | None:
    """Index of the line printed right above section label ``k`` with no blank between, if any."""
    if k > 0 and not lines[k].blank_before and k - 1 not in kickers:
        return k - 1
    return None


def _cards_by_title(lines: Sequence[Line]) -> list[Related]:
    """Cards without section labels: a title line, then its prose teaser lines."""
    cards: list[Related] = []
    title: str | None = None
    teaser: list[str] = []
    for ln in lines:
        if prose(ln.text) and title is not None:
            teaser.append(ln.text)
            continue
        if title is not None:
            cards.append(Related(title=title, teaser=" ".join(teaser) or None))
        title, teaser = ln.text, []
    if title is not None:
        cards.append(Related(title=title, teaser=" ".join(teaser) or None))
    return cards
